//! Starting points for EM. Every start uses drawable covariances (the data's own, or the one
//! given) and equal weights unless told otherwise, rather than scikit-learn's `reg_covar` spikes.

use std::fmt;
use std::str::FromStr;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

mod kmeans_plusplus;

use super::dataset::Dataset;
use super::error::InputError;
use super::model::{CovarianceType, Gmm, diagonal_matrix};
use kmeans_plusplus::kmeans_plusplus;

/// How a restart chooses its means when no explicit start is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitMethod {
    /// k-means++ seeding (scikit-learn's greedy variant, 2 + ln K trials per centre).
    KMeansPlusPlus,
    /// K distinct data points chosen uniformly.
    Random,
    /// Every mean at one point: the trap that EM cannot escape.
    Collapsed,
}

impl InitMethod {
    pub const ALL: [InitMethod; 3] = [Self::KMeansPlusPlus, Self::Random, Self::Collapsed];

    pub fn name(self) -> &'static str {
        match self {
            Self::KMeansPlusPlus => "kmeans++",
            Self::Random => "random",
            Self::Collapsed => "collapsed",
        }
    }
}

impl fmt::Display for InitMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for InitMethod {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| format!("unknown init '{s}' (expected kmeans++, random or collapsed)"))
    }
}

/// A complete description of how one restart starts.
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    KMeansPlusPlus {
        seed: u64,
    },
    Random {
        seed: u64,
    },
    /// All K components at `point` with covariance `covariance` (D×D) and equal weights.
    Collapsed {
        point: Vec<f64>,
        covariance: Vec<f64>,
    },
    /// Given means (K×D), one covariance for all (D×D; `None`: the data's), and weights.
    Explicit {
        means: Vec<f64>,
        covariance: Option<Vec<f64>>,
        weights: Vec<f64>,
    },
}

impl Start {
    /// A short description for reports: "kmeans++ (seed 42)", "collapsed at (10, 10)".
    pub fn describe(&self) -> String {
        match self {
            Start::KMeansPlusPlus { seed } => format!("kmeans++ (seed {seed})"),
            Start::Random { seed } => format!("random (seed {seed})"),
            Start::Collapsed { point, .. } => format!("collapsed at ({})", format_point(point)),
            Start::Explicit { .. } => "explicit".into(),
        }
    }

    /// The starting model for `k` components of `covariance_type` on `data`.
    pub fn model(
        &self,
        data: &Dataset,
        k: usize,
        covariance_type: CovarianceType,
    ) -> Result<Gmm, InputError> {
        let d = data.dim();
        let equal = vec![1.0 / k as f64; k];
        let (means, covariance, weights) = match self {
            Start::KMeansPlusPlus { seed } => (
                kmeans_plusplus(data, k, *seed)?,
                data_covariance(data),
                equal,
            ),
            Start::Random { seed } => {
                (random_points(data, k, *seed)?, data_covariance(data), equal)
            }
            Start::Collapsed { point, covariance } => (point.repeat(k), covariance.clone(), equal),
            Start::Explicit {
                means,
                covariance,
                weights,
            } => (
                means.clone(),
                covariance.clone().unwrap_or_else(|| data_covariance(data)),
                weights.clone(),
            ),
        };
        if means.len() != k * d || covariance.len() != d * d || weights.len() != k {
            return Err(InputError::new(format!(
                "the start does not fit {k} components in {d} dimensions"
            )));
        }
        Ok(Gmm {
            covariance_type,
            dim: d,
            weights,
            means,
            covariances: covariance_type.project(&covariance, d).repeat(k),
        })
    }
}

fn format_point(point: &[f64]) -> String {
    point
        .iter()
        .map(|v| format!("{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The data's covariance plus a ridge of 1e-6 of its largest variance, so that a constant
/// column or perfectly correlated columns still give a positive definite start.
fn data_covariance(data: &Dataset) -> Vec<f64> {
    let d = data.dim();
    let mut cov = data.covariance();
    let largest = (0..d).map(|a| cov[a * d + a]).fold(0.0, f64::max);
    let ridge = if largest > 0.0 { 1e-6 * largest } else { 1.0 };
    for a in 0..d {
        cov[a * d + a] += ridge;
    }
    cov
}

/// The default collapsed start for data without a trap of its own: one point off to the side of
/// the data (a quarter of the range beyond each maximum), with the data's covariance.
pub fn collapsed_beside(data: &Dataset) -> Start {
    let point = data
        .bounds()
        .iter()
        .map(|(lo, hi)| {
            let beyond = hi + 0.25 * (hi - lo).max(1.0);
            (beyond * 100.0).round() / 100.0
        })
        .collect();
    Start::Collapsed {
        point,
        covariance: data_covariance(data),
    }
}

/// A collapsed start with covariance `variance`·I.
pub fn collapsed_at(point: Vec<f64>, variance: f64) -> Start {
    let covariance = diagonal_matrix(&vec![variance; point.len()]);
    Start::Collapsed { point, covariance }
}

pub(crate) fn too_few_distinct(k: usize) -> InputError {
    InputError::new(format!(
        "the data has fewer than {k} distinct points, so {k} components cannot start apart"
    ))
}

/// K data points, distinct in value, chosen uniformly.
fn random_points(data: &Dataset, k: usize, seed: u64) -> Result<Vec<f64>, InputError> {
    let (n, d) = (data.n(), data.dim());
    let mut rng = StdRng::seed_from_u64(seed);
    let mut centers: Vec<f64> = Vec::with_capacity(k * d);
    let is_new = |centers: &[f64], p: &[f64]| !centers.chunks(d).any(|c| c == p);
    for _ in 0..64 * k {
        if centers.len() == k * d {
            return Ok(centers);
        }
        let p = data.point(rng.random_range(0..n));
        if is_new(&centers, &p) {
            centers.extend(p);
        }
    }
    // Many repeated values: walk the data from a random place for the missing ones.
    let offset = rng.random_range(0..n);
    for i in (0..n).map(|i| (i + offset) % n) {
        if centers.len() == k * d {
            break;
        }
        let p = data.point(i);
        if is_new(&centers, &p) {
            centers.extend(p);
        }
    }
    if centers.len() == k * d {
        Ok(centers)
    } else {
        Err(too_few_distinct(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Dataset {
        let rows: Vec<Vec<f64>> = (0..50)
            .map(|i| vec![(i % 10) as f64, (i / 10) as f64])
            .collect();
        Dataset::from_rows("grid".into(), vec!["x".into(), "y".into()], &rows)
    }

    #[test]
    fn no_method_gives_two_equal_means_and_all_stay_inside_the_data() {
        let data = grid();
        for seed in 0..20 {
            for start in [Start::KMeansPlusPlus { seed }, Start::Random { seed }] {
                let model = start.model(&data, 6, CovarianceType::Full).unwrap();
                for i in 0..6 {
                    for j in 0..i {
                        assert_ne!(model.mean(i), model.mean(j), "{start:?}");
                    }
                    let m = model.mean(i);
                    assert!((0.0..=9.0).contains(&m[0]) && (0.0..=4.0).contains(&m[1]));
                }
            }
        }
    }

    #[test]
    fn too_few_distinct_points_is_an_error_not_a_loop() {
        let rows = vec![vec![1.0, 1.0]; 30];
        let data = Dataset::from_rows("same".into(), vec!["x".into(), "y".into()], &rows);
        for start in [Start::KMeansPlusPlus { seed: 1 }, Start::Random { seed: 1 }] {
            let err = start.model(&data, 2, CovarianceType::Full).unwrap_err();
            assert!(err.0.contains("fewer than 2 distinct points"), "{err}");
        }
    }

    #[test]
    fn collapsed_start_is_identical_components_beside_the_data() {
        let data = grid();
        let model = collapsed_beside(&data)
            .model(&data, 3, CovarianceType::Diag)
            .unwrap();
        assert_eq!(model.mean(0), model.mean(2));
        assert!(model.mean(0)[0] > 9.0 && model.mean(0)[1] > 4.0);
        assert_eq!(model.covariance(0), model.covariance(1));
        assert_eq!(model.covariance(0)[1], 0.0, "diag start has no correlation");
    }
}
