//! Spurious maximisers: the likelihood of a Gaussian mixture is unbounded, so EM can "win" by
//! shrinking a component onto one point or a line through a few points. Such a component explains
//! almost nothing about the data; this module names it so that reports, the app and restart
//! selection can set it apart (McLachlan & Peel 2000, §3.10).

use nalgebra::{DMatrix, SymmetricEigen};

use super::model::Gmm;
use crate::format::plural;

/// Why a component is spurious.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpuriousReason {
    /// Fewer effective points than the `needed` D + 1 it takes to span its dimensions.
    TooFewPoints { needed: usize },
    /// Its covariance has shrunk to `rank` directions (0: a point, 1: a line, 2: a plane, …),
    /// the others being no wider than `reg_covar` allows.
    Flattened { rank: usize },
}

/// One spurious component and why.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpuriousComponent {
    /// Numbered from 0.
    pub component: usize,
    pub reason: SpuriousReason,
    /// Its N_k, for messages.
    pub points: f64,
}

impl SpuriousComponent {
    /// For people, components numbered from 1: "component 3 collapsed onto a line".
    pub fn describe(&self) -> String {
        self.describe_numbered(1)
    }

    /// The same with components numbered from `first` (0 in JSON, beside its index arrays).
    pub fn describe_numbered(&self, first: usize) -> String {
        let c = self.component + first;
        match self.reason {
            SpuriousReason::TooFewPoints { needed } => format!(
                "component {c} rests on {} points, under the {needed} that span {} (spurious)",
                below(self.points, needed),
                plural(needed - 1, "dimension")
            ),
            SpuriousReason::Flattened { rank } => {
                let shape = match rank {
                    0 => "a point".to_string(),
                    1 => "a line".to_string(),
                    2 => "a plane".to_string(),
                    r => format!("a {r}-dimensional subspace"),
                };
                format!("component {c} collapsed onto {shape} (spurious)")
            }
        }
    }
}

/// `points` with as few decimals (at least one) as keep it visibly under `needed`: 2.97 is
/// "2.97", not the "3.0" that reads as enough for two dimensions.
fn below(points: f64, needed: usize) -> String {
    (1..=6)
        .map(|places| format!("{points:.places$}"))
        .find(|text| text.parse::<f64>().is_ok_and(|v| v < needed as f64))
        .unwrap_or_else(|| format!("{points}"))
}

/// A variance at most this many times `reg_covar` is one EM has squeezed to nothing: the
/// regularisation is all that is left of it. (faithful K=5 diag: 1.000001e-6 on 14 points that
/// share one `waiting` value; iris K=5 full: 3.99e-6 on 5 points; sound components of the same
/// fits stay above 4e-3.)
const REG_COVAR_FACTOR: f64 = 10.0;
/// …but only if it is also this small against the data's variance: on data measured in tiny
/// units `reg_covar` swamps every component, and that is not one component's spike.
const RELATIVE_CEILING: f64 = 1e-4;
/// Below this fraction of the data's variance a direction counts as flat even with
/// `reg_covar` = 0 (where rounding is all that keeps it positive).
const RELATIVE_FLOOR: f64 = 1e-10;

/// The variance at or below which a direction of a component counts as flattened.
fn flat_variance(reg_covar: f64, data_scale: f64) -> f64 {
    let data_variance = data_scale * data_scale;
    (REG_COVAR_FACTOR * reg_covar)
        .min(RELATIVE_CEILING * data_variance)
        .max(RELATIVE_FLOOR * data_variance)
}

/// The spurious components of `model`, whose components hold `nk` points each, fitted with
/// `reg_covar` on data of typical standard deviation `data_scale`.
pub fn spurious_components(
    model: &Gmm,
    nk: &[f64],
    reg_covar: f64,
    data_scale: f64,
) -> Vec<SpuriousComponent> {
    let d = model.dim;
    let floor = flat_variance(reg_covar, data_scale);
    (0..model.k())
        .filter_map(|c| {
            let points = nk.get(c).copied().unwrap_or(0.0);
            let reason = if points < (d + 1) as f64 {
                Some(SpuriousReason::TooFewPoints { needed: d + 1 })
            } else {
                let cov = DMatrix::from_row_slice(d, d, model.covariance(c));
                let eigen = SymmetricEigen::new(cov);
                let rank = eigen.eigenvalues.iter().filter(|&&v| v > floor).count();
                (rank < d).then_some(SpuriousReason::Flattened { rank })
            };
            reason.map(|reason| SpuriousComponent {
                component: c,
                reason,
                points,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::CovarianceType;

    fn model(covariances: Vec<f64>) -> Gmm {
        Gmm {
            covariance_type: CovarianceType::Full,
            dim: 2,
            weights: vec![0.5, 0.5],
            means: vec![0.0, 0.0, 5.0, 5.0],
            covariances,
        }
    }

    #[test]
    fn a_component_on_a_line_or_a_point_is_named_and_a_sound_one_is_not() {
        let reg = 1e-6;
        // Component 2 lies on the line y = x: its covariance is rank 1 plus reg_covar.
        let line = model(vec![1.0, 0.2, 0.2, 1.0, 2.0 + reg, 2.0, 2.0, 2.0 + reg]);
        let found = spurious_components(&line, &[500.0, 40.0], reg, 1.0);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].component, 1);
        assert_eq!(found[0].reason, SpuriousReason::Flattened { rank: 1 });
        assert_eq!(
            found[0].describe(),
            "component 2 collapsed onto a line (spurious)"
        );

        let point = model(vec![1.0, 0.0, 0.0, 1.0, reg, 0.0, 0.0, reg]);
        let found = spurious_components(&point, &[500.0, 12.0], reg, 1.0);
        assert_eq!(found[0].reason, SpuriousReason::Flattened { rank: 0 });

        let few = model(vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
        let found = spurious_components(&few, &[500.0, 2.5], reg, 1.0);
        assert_eq!(found[0].reason, SpuriousReason::TooFewPoints { needed: 3 });
        assert_eq!(
            found[0].describe(),
            "component 2 rests on 2.5 points, under the 3 that span 2 dimensions (spurious)"
        );
        // 2.97 points must not read as the 3.0 that would be enough.
        let found = spurious_components(&few, &[500.0, 2.97], reg, 1.0);
        assert!(found[0].describe().contains("rests on 2.97 points"));
        let found = spurious_components(&few, &[500.0, 2.99996], reg, 1.0);
        assert!(found[0].describe().contains("rests on 2.99996 points"));

        let sound = model(vec![1.0, 0.9, 0.9, 1.0, 0.01, 0.0, 0.0, 0.01]);
        assert!(spurious_components(&sound, &[500.0, 40.0], reg, 1.0).is_empty());
    }

    #[test]
    fn data_in_tiny_units_is_not_all_spurious() {
        // Variances of 1e-8 with reg_covar 1e-6: every component is mostly reg_covar, none a spike.
        let reg = 1e-6;
        let tiny = model(vec![
            1e-8 + reg,
            0.0,
            0.0,
            1e-8 + reg,
            2e-8 + reg,
            0.0,
            0.0,
            1e-8 + reg,
        ]);
        assert!(spurious_components(&tiny, &[500.0, 500.0], reg, 1e-4).is_empty());
        // On ordinary data the same covariance is a spike.
        assert_eq!(
            spurious_components(&tiny, &[500.0, 500.0], reg, 1.0).len(),
            2
        );
    }
}
