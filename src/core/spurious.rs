//! Spurious maximisers: the likelihood of a Gaussian mixture is unbounded, so EM can "win" by
//! shrinking a component onto one point or a line through a few points. Such a component explains
//! almost nothing about the data; this module names it so that reports, the app and restart
//! selection can set it apart (McLachlan & Peel 2000, §3.10).

use nalgebra::{DMatrix, SymmetricEigen};

use super::model::{CovarianceType, Gmm};
use crate::format::plural;

/// Why a component is spurious.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpuriousReason {
    /// Fewer effective points than the `needed` its covariance takes: D + 1 to span D
    /// dimensions (full), 2 to give each column a variance (diag, spherical).
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
            SpuriousReason::TooFewPoints { needed: 2 } => format!(
                "component {c} rests on {} points, under the 2 that give a variance (spurious)",
                below(self.points, 2),
            ),
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
/// …but only if it is also this small against the data's variance along that direction: on
/// data measured in tiny units `reg_covar` swamps every component, and that is not one
/// component's spike.
const RELATIVE_CEILING: f64 = 1e-4;
/// Below this fraction of the data's variance a direction counts as flat even with
/// `reg_covar` = 0 (where rounding is all that keeps it positive).
const RELATIVE_FLOOR: f64 = 1e-10;

/// The spurious components of `model`, whose components hold `nk` points each, fitted with
/// `reg_covar` on data whose columns have variances `column_variances`.
///
/// Flatness is judged column by column's own scale: each covariance is standardised by the
/// data's standard deviations (S = D⁻¹ΣD⁻¹), so a share between 0 and 1 beside incomes in
/// dollars is as wide as its own spread says, not flat against the incomes'. A direction v of S
/// is flat when its variance is under [`RELATIVE_FLOOR`], or under [`RELATIVE_CEILING`] and
/// within [`REG_COVAR_FACTOR`] of what `reg_covar` alone gives along it (Σⱼ vⱼ² reg/varⱼ).
/// Columns holding one value are left out: every component is flat along them, which says
/// nothing about one component.
///
/// How many points a component needs depends on its covariance: a full one spans D dimensions
/// from D + 1 points, a diagonal or spherical one needs 2 for its variances whatever D is (20
/// rows of 10,000 columns fit a sound diagonal K = 1), and a tied one is pooled over every
/// component, so a small component does not make it singular.
pub fn spurious_components(
    model: &Gmm,
    nk: &[f64],
    reg_covar: f64,
    column_variances: &[f64],
) -> Vec<SpuriousComponent> {
    let d = model.dim;
    let varying: Vec<usize> = (0..d)
        .filter(|&a| column_variances.get(a).is_some_and(|&v| v > 0.0))
        .collect();
    let sd: Vec<f64> = varying
        .iter()
        .map(|&a| column_variances[a].sqrt())
        .collect();
    (0..model.k())
        .filter_map(|c| {
            let points = nk.get(c).copied().unwrap_or(0.0);
            let needed = points_needed(model.covariance_type, d);
            let reason = if points < needed as f64 {
                Some(SpuriousReason::TooFewPoints { needed })
            } else if varying.is_empty() {
                // Every column holds one value: no direction to judge a component flat along.
                None
            } else {
                let flat_directions = flat_directions(model, c, &varying, &sd, reg_covar);
                (flat_directions > 0).then_some(SpuriousReason::Flattened {
                    rank: d - flat_directions,
                })
            };
            reason.map(|reason| SpuriousComponent {
                component: c,
                reason,
                points,
            })
        })
        .collect()
}

/// The effective points a component needs for its covariance to be estimated at all.
fn points_needed(covariance_type: CovarianceType, d: usize) -> usize {
    match covariance_type {
        CovarianceType::Full => d + 1,
        CovarianceType::Diag | CovarianceType::Spherical => 2,
        CovarianceType::Tied => 0,
    }
}

/// How many directions of component `c`'s covariance, standardised by the data's standard
/// deviations `sd` of the `varying` columns, are flat: a variance under [`RELATIVE_FLOOR`], or
/// under [`RELATIVE_CEILING`] and within [`REG_COVAR_FACTOR`] of what `reg_covar` alone gives
/// along it. A diagonal covariance's directions are the columns themselves, so it needs no
/// D×D eigen-decomposition (D³ at 10,000 columns).
fn flat_directions(model: &Gmm, c: usize, varying: &[usize], sd: &[f64], reg_covar: f64) -> usize {
    let flat = |variance: f64, regularised: f64| {
        variance <= RELATIVE_FLOOR
            || (variance <= RELATIVE_CEILING && variance <= REG_COVAR_FACTOR * regularised)
    };
    if model.covariance_type.is_diagonal() {
        let variances = model.variances(c);
        return varying
            .iter()
            .zip(sd)
            .filter(|&(&a, &s)| flat(variances[a] / (s * s), reg_covar / (s * s)))
            .count();
    }
    let d = model.dim;
    let cov = model.covariance(c);
    let m = varying.len();
    let standardised = DMatrix::from_fn(m, m, |i, j| {
        cov[varying[i] * d + varying[j]] / (sd[i] * sd[j])
    });
    let eigen = SymmetricEigen::new(standardised);
    eigen
        .eigenvalues
        .iter()
        .enumerate()
        .filter(|&(i, &variance)| {
            let v = eigen.eigenvectors.column(i);
            let regularised: f64 = (0..m)
                .map(|j| v[j] * v[j] * reg_covar / (sd[j] * sd[j]))
                .sum();
            flat(variance, regularised)
        })
        .count()
}
