//! Starting points for EM. Seeded starts split the data among K parts and start each component
//! from its part, as scikit-learn's k-means++ start does: k-means++ on the raw columns or on
//! columns scaled to unit variance, k-means to convergence (scikit-learn's default), mclust's
//! model-based hierarchical agglomeration, or K random points. Every start uses drawable
//! covariances (a part's own, the data's, or the one given), never `reg_covar` spikes.

use std::fmt;
use std::str::FromStr;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

pub mod hc;
pub mod kmeans_plusplus;
pub mod lloyd;
pub mod partition;
pub mod sample;
pub mod small_em;
pub mod transform;

use super::dataset::Dataset;
use super::error::InputError;
use super::model::{CovarianceType, Gmm, diagonal_matrix};
pub use kmeans_plusplus::{kmeans_plusplus, kmeans_plusplus_indices};
use partition::{labels_start, nearest, seeds_start};
use sample::{SAMPLE_CAP, sample, standardised};
pub use small_em::Screen;

/// The most points `hc` agglomerates (mclust's `subset` default): above, a random sample of them.
pub const HC_CAP: usize = 2000;

/// How a restart chooses its start when no explicit start is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitMethod {
    /// The default, chosen by measurement (`gmm-tui bench --only starts`): `hc` for the first
    /// restart while the data has at most [`HC_CAP`] points (it then agglomerates every point, as
    /// mclust does), then `small-em` (on such data its 2nd, 7th, 12th, … restarts screen hc
    /// candidates).
    Mixed,
    /// k-means++ seeding on the raw columns (scikit-learn's greedy variant, 2 + ln K trials
    /// per centre).
    KMeansPlusPlus,
    /// k-means++ seeding on columns scaled to unit variance: no column steers it by its units.
    ScaledKMeansPlusPlus,
    /// Lloyd's k-means to convergence from k-means++ seeds (scikit-learn's default start).
    KMeans,
    /// mclust's model-based hierarchical agglomeration (VVV) on its SVD transform.
    Hc,
    /// The best of 10 k-means++ seedings (scaled and raw in turn) after 50 EM iterations each on
    /// at most 2000 points (Biernacki's small EM); on data of at most 2000 points every fifth
    /// restart from the second screens 5 `hc` agglomerations of bootstrap samples instead.
    SmallEm,
    /// K distinct data points chosen uniformly.
    Random,
    /// Every mean at one point: the trap that EM cannot escape.
    Collapsed,
}

impl InitMethod {
    pub const ALL: [InitMethod; 8] = [
        Self::Mixed,
        Self::KMeansPlusPlus,
        Self::ScaledKMeansPlusPlus,
        Self::KMeans,
        Self::Hc,
        Self::SmallEm,
        Self::Random,
        Self::Collapsed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Mixed => "mixed",
            Self::KMeansPlusPlus => "kmeans++",
            Self::ScaledKMeansPlusPlus => "scaled-kmeans++",
            Self::KMeans => "kmeans",
            Self::Hc => "hc",
            Self::SmallEm => "small-em",
            Self::Random => "random",
            Self::Collapsed => "collapsed",
        }
    }

    /// The start of the method's restart `r` (from 0, counting only the restarts it starts)
    /// whose seed is `seed`; `None` for the trap, which the caller places.
    pub fn start(self, data: &Dataset, r: usize, seed: u64) -> Option<Start> {
        Some(match self {
            Self::Mixed if r == 0 && data.n() <= HC_CAP => return Self::Hc.start(data, r, seed),
            Self::Mixed | Self::SmallEm => Start::SmallEm {
                seed,
                screen: Screen::for_restart(r, data.n()),
            },
            Self::KMeansPlusPlus => Start::KMeansPlusPlus { seed },
            Self::ScaledKMeansPlusPlus => Start::ScaledKMeansPlusPlus { seed },
            Self::KMeans => Start::KMeans { seed },
            Self::Hc => Start::Hc {
                seed: (data.n() > HC_CAP).then_some(seed),
            },
            Self::Random => Start::Random { seed },
            Self::Collapsed => return None,
        })
    }
}

impl InitMethod {
    /// Whether every restart on `n` points starts the same: `hc` agglomerates data of at most
    /// [`HC_CAP`] points whole, with nothing random to vary.
    pub fn repeats_on(self, n: usize) -> bool {
        self == Self::Hc && n <= HC_CAP
    }
}

/// The default start, chosen by measurement (docs/decisions.md, `gmm-tui bench starts`).
impl Default for InitMethod {
    fn default() -> Self {
        Self::Mixed
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
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|m| m.name()).collect();
                format!("unknown init '{s}' (expected {})", names.join(", "))
            })
    }
}

/// A complete description of how one restart starts.
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    KMeansPlusPlus {
        seed: u64,
    },
    ScaledKMeansPlusPlus {
        seed: u64,
    },
    KMeans {
        seed: u64,
    },
    /// `seed`: the sample's, above [`HC_CAP`] points; `None`: every point.
    Hc {
        seed: Option<u64>,
    },
    /// The best of `screen`'s candidates seeded from `seed`.
    SmallEm {
        seed: u64,
        screen: Screen,
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
    /// A whole starting model, as given: a start built by hand (the app places means on it).
    Placed {
        model: Gmm,
    },
}

impl Start {
    /// A short description for reports: "kmeans++ (seed 42)", "hc", "collapsed at (10, 10)".
    pub fn describe(&self) -> String {
        match self {
            Start::KMeansPlusPlus { seed } => format!("kmeans++ (seed {seed})"),
            Start::ScaledKMeansPlusPlus { seed } => format!("scaled kmeans++ (seed {seed})"),
            Start::KMeans { seed } => format!("kmeans (seed {seed})"),
            Start::Hc { seed: None } => "hc".into(),
            Start::Hc { seed: Some(seed) } => format!("hc ({HC_CAP} points, seed {seed})"),
            Start::SmallEm { seed, screen } if screen.agglomerates() => {
                format!("small-em hc (seed {seed})")
            }
            Start::SmallEm { seed, .. } => format!("small-em (seed {seed})"),
            Start::Random { seed } => format!("random (seed {seed})"),
            Start::Collapsed { point, .. } => format!("collapsed at ({})", format_point(point)),
            Start::Explicit { .. } => "explicit".into(),
            Start::Placed { .. } => "placed".into(),
        }
    }

    /// The starting model for `k` components of `covariance_type` on `data`, for EM with
    /// `reg_covar`: a start's covariances are at least as wide as the M-step's will be, so the
    /// first iteration does not lower the likelihood by widening a flat direction.
    pub fn model(
        &self,
        data: &Dataset,
        k: usize,
        covariance_type: CovarianceType,
        reg_covar: f64,
    ) -> Result<Gmm, InputError> {
        let d = data.dim();
        let equal = vec![1.0 / k as f64; k];
        let (means, covariance, weights) = match self {
            Start::KMeansPlusPlus { seed } => {
                let points = sample(data, SAMPLE_CAP, *seed);
                let seeds = kmeans_plusplus(&points, k, *seed)?;
                return Ok(seeds_start(&points, seeds, covariance_type, reg_covar));
            }
            Start::SmallEm { seed, screen } => {
                return screen.model(data, *seed, k, covariance_type, reg_covar);
            }
            Start::Random { seed } => {
                let seeds = random_points(data, k, *seed)?;
                return Ok(seeds_start(data, seeds, covariance_type, reg_covar));
            }
            Start::ScaledKMeansPlusPlus { .. } | Start::KMeans { .. } | Start::Hc { .. } => {
                let (points, labels) = self.partition(data, k)?;
                return Ok(labels_start(
                    &points,
                    &labels,
                    k,
                    covariance_type,
                    reg_covar,
                ));
            }
            Start::Collapsed { point, covariance } => (point.repeat(k), covariance.clone(), equal),
            Start::Placed { model } => {
                let fits =
                    model.k() == k && model.dim == d && model.covariance_type == covariance_type;
                return fits.then(|| model.clone()).ok_or_else(|| {
                    InputError::new(format!(
                        "the placed start does not fit {k} {covariance_type} components in {d} dimensions"
                    ))
                });
            }
            Start::Explicit {
                means,
                covariance,
                weights,
            } => (
                means.clone(),
                covariance
                    .clone()
                    .unwrap_or_else(|| data_covariance(data, reg_covar)),
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

    /// The points a partition start looks at (all, or a sample) and each one's part.
    fn partition(&self, data: &Dataset, k: usize) -> Result<(Dataset, Vec<usize>), InputError> {
        let (points, labels) = match *self {
            Start::ScaledKMeansPlusPlus { seed } => {
                let points = sample(data, SAMPLE_CAP, seed);
                let scaled = standardised(&points);
                let chosen = kmeans_plusplus_indices(&scaled, k, seed)?;
                let seeds: Vec<f64> = chosen.iter().flat_map(|&i| scaled.point(i)).collect();
                let labels = nearest(&scaled, &seeds);
                (points, labels)
            }
            Start::KMeans { seed } => {
                let points = sample(data, SAMPLE_CAP, seed);
                let seeds = kmeans_plusplus(&points, k, seed)?;
                let labels = lloyd::lloyd(&points, seeds, lloyd::MAX_ITER, lloyd::TOL).labels;
                (points, labels)
            }
            Start::Hc { seed } => {
                let points = sample(data, HC_CAP, seed.unwrap_or(0));
                let (z, p) = transform::svd_transform(&points);
                let tree = hc::tree(&z, p, hc::Criterion::for_dim(p));
                if distinct_points(&points) < k {
                    return Err(too_few_distinct(k));
                }
                let labels = hc::cut_at(&tree, points.n(), k);
                (points, labels)
            }
            _ => unreachable!("only partition starts"),
        };
        Ok((points.into_owned(), labels))
    }
}

fn format_point(point: &[f64]) -> String {
    point
        .iter()
        .map(|v| format!("{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The data's covariance with a ridge on its diagonal: 1e-6 of each column's own variance (of
/// the largest for a constant column, 1 when every column is constant), so that a constant
/// column or perfectly correlated columns still give a positive definite start, and at least
/// `reg_covar`, as much as the M-step will add. Each column's own: one ridge from the largest
/// variance gave a share (variance 1e-9) beside incomes (1e10) a start variance of 1e4.
fn data_covariance(data: &Dataset, reg_covar: f64) -> Vec<f64> {
    let d = data.dim();
    let mut cov = data.covariance();
    let diagonal: Vec<f64> = (0..d).map(|a| cov[a * d + a]).collect();
    for (a, v) in ridged(&diagonal, reg_covar).into_iter().enumerate() {
        cov[a * d + a] = v;
    }
    cov
}

/// [`data_covariance`] as `covariance_type` stores it: for a diagonal type from the columns'
/// variances alone, without the D² sums of the full matrix (a diag fit in 10,000 dimensions
/// needs neither their time nor their 800 MB).
pub fn data_covariance_as(
    data: &Dataset,
    covariance_type: CovarianceType,
    reg_covar: f64,
) -> Vec<f64> {
    if covariance_type.is_diagonal() {
        covariance_type.from_variances(ridged(&data.variances(), reg_covar))
    } else {
        data_covariance(data, reg_covar)
    }
}

/// Variances with [`data_covariance`]'s ridge added.
fn ridged(variances: &[f64], reg_covar: f64) -> Vec<f64> {
    let largest = variances.iter().copied().fold(0.0, f64::max);
    variances
        .iter()
        .map(|&own| {
            let ridge = match (own > 0.0, largest > 0.0) {
                (true, _) => 1e-6 * own,
                (false, true) => 1e-6 * largest,
                (false, false) => 1.0,
            };
            own + ridge.max(reg_covar)
        })
        .collect()
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
        covariance: data_covariance(data, 0.0),
    }
}

/// A collapsed start with covariance `variance`·I.
pub fn collapsed_at(point: Vec<f64>, variance: f64) -> Start {
    let covariance = diagonal_matrix(&vec![variance; point.len()]);
    Start::Collapsed { point, covariance }
}

pub fn too_few_distinct(k: usize) -> InputError {
    InputError::new(format!(
        "the data has fewer than {k} distinct points, so {k} components cannot start apart"
    ))
}

/// How many distinct points `data` holds.
fn distinct_points(data: &Dataset) -> usize {
    let mut rows: Vec<Vec<f64>> = (0..data.n()).map(|i| data.point(i)).collect();
    rows.sort_by(|a, b| {
        a.iter()
            .zip(b)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    rows.dedup();
    rows.len()
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
