//! Built-in data sets, each generated from a seed and knowing the truth it was drawn from.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::dataset::Dataset;
use super::error::InputError;
use super::init::{Start, collapsed_at};
use super::sample::Gaussian;

/// One Gaussian the scenario draws from.
#[derive(Clone, Debug, PartialEq)]
pub struct TrueComponent {
    pub weight: f64,
    pub mean: Vec<f64>,
    /// D×D row-major.
    pub covariance: Vec<f64>,
}

/// A named generator of 2-D data.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: &'static str,
    pub summary: &'static str,
    pub default_points: usize,
    /// Weights are shares of all the points: with outliers they sum to 1 − `outlier_fraction`,
    /// as a mixture fitted to the data should find them.
    pub components: Vec<TrueComponent>,
    /// Share of points drawn uniformly over a box around the clusters instead.
    pub outlier_fraction: f64,
    /// The scenario's own starting point, used as the first restart by default.
    pub trap: Option<Start>,
}

fn component(weight: f64, mean: [f64; 2], covariance: [f64; 4]) -> TrueComponent {
    TrueComponent {
        weight,
        mean: mean.to_vec(),
        covariance: covariance.to_vec(),
    }
}

const I: [f64; 4] = [1.0, 0.0, 0.0, 1.0];

/// Every built-in scenario, `seed` first.
pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "seed",
            summary: "N((0,0),I) and N((5,5),I), 1000 points each, started collapsed at (10,10)",
            default_points: 2000,
            components: vec![component(0.5, [0.0, 0.0], I), component(0.5, [5.0, 5.0], I)],
            outlier_fraction: 0.0,
            trap: Some(collapsed_at(vec![10.0, 10.0], 10.0)),
        },
        Scenario {
            name: "overlap",
            summary: "three clusters that overlap heavily: slow convergence, label ambiguity",
            default_points: 1500,
            components: vec![
                component(0.40, [0.0, 0.0], I),
                component(0.35, [2.2, 0.8], [1.0, 0.3, 0.3, 0.8]),
                component(0.25, [0.8, 2.5], [0.7, -0.2, -0.2, 1.1]),
            ],
            outlier_fraction: 0.0,
            trap: None,
        },
        Scenario {
            name: "cigars",
            summary: "two long parallel correlated clusters: k-means-style starts split them wrongly",
            default_points: 2000,
            components: vec![
                component(0.5, [0.0, 0.0], [4.0, 3.7, 3.7, 4.0]),
                component(0.5, [1.8, -1.8], [4.0, 3.7, 3.7, 4.0]),
            ],
            outlier_fraction: 0.0,
            trap: None,
        },
        Scenario {
            name: "unequal",
            summary: "a wide cluster with 90% of the points beside a small, tight one",
            default_points: 2000,
            components: vec![
                component(0.9, [0.0, 0.0], [6.0, 1.0, 1.0, 4.0]),
                component(0.1, [7.0, 6.0], [0.3, 0.0, 0.0, 0.3]),
            ],
            outlier_fraction: 0.0,
            trap: None,
        },
        Scenario {
            name: "tiny",
            summary: "a tiny, very tight cluster (3%) at the edge of a big one",
            default_points: 2000,
            components: vec![
                component(0.97, [0.0, 0.0], [4.0, 0.0, 0.0, 4.0]),
                component(0.03, [5.0, 1.0], [0.02, 0.0, 0.0, 0.02]),
            ],
            outlier_fraction: 0.0,
            trap: None,
        },
        Scenario {
            name: "outliers",
            summary: "two clusters plus 8% uniform outliers that drag means and inflate covariances",
            default_points: 2000,
            components: vec![
                component(0.46, [0.0, 0.0], I),
                component(0.46, [4.0, 0.0], [1.0, 0.5, 0.5, 1.0]),
            ],
            outlier_fraction: 0.08,
            trap: None,
        },
    ]
}

/// The scenario called `name`, or an error listing the names.
pub fn find(name: &str) -> Result<Scenario, InputError> {
    let all = scenarios();
    let names: Vec<&str> = all.iter().map(|s| s.name).collect();
    all.iter().find(|s| s.name == name).cloned().ok_or_else(|| {
        InputError::new(format!(
            "unknown scenario '{name}' (expected one of: {})",
            names.join(", ")
        ))
    })
}

impl Scenario {
    pub fn dim(&self) -> usize {
        self.components[0].mean.len()
    }

    /// `points` points drawn with `seed`: whole shares per component (in order), then outliers.
    pub fn generate(&self, points: usize, seed: u64) -> Dataset {
        let d = self.dim();
        let mut rng = StdRng::seed_from_u64(seed);
        let outliers = (points as f64 * self.outlier_fraction).round() as usize;
        let gaussian = points - outliers;
        let total_weight: f64 = self.components.iter().map(|c| c.weight).sum();
        let mut counts: Vec<usize> = self
            .components
            .iter()
            .map(|c| (c.weight / total_weight * gaussian as f64).floor() as usize)
            .collect();
        let short = gaussian - counts.iter().sum::<usize>();
        for count in counts.iter_mut().take(short) {
            *count += 1;
        }
        // Written straight into the column-major layout: 10 million points need no row copies.
        let mut values = vec![0.0; points * d];
        let mut i = 0;
        for (c, &count) in self.components.iter().zip(&counts) {
            let mut gaussian = Gaussian::new(&c.mean, &c.covariance)
                .expect("built-in covariances are positive definite");
            for _ in 0..count {
                for (a, &v) in gaussian.draw(&mut rng).iter().enumerate() {
                    values[a * points + i] = v;
                }
                i += 1;
            }
        }
        let bounds = self.outlier_box();
        for _ in 0..outliers {
            for (a, &(lo, hi)) in bounds.iter().enumerate() {
                values[a * points + i] = rng.random_range(lo..hi);
            }
            i += 1;
        }
        let columns = if d == 2 {
            vec!["x".into(), "y".into()]
        } else {
            super::dataset::positional_names(d)
        };
        Dataset::from_columns(self.name.into(), columns, values)
    }

    /// Outliers fall in the clusters' 4σ box, widened by half its size on every side.
    fn outlier_box(&self) -> Vec<(f64, f64)> {
        let d = self.dim();
        (0..d)
            .map(|a| {
                let lo = self
                    .components
                    .iter()
                    .map(|c| c.mean[a] - 4.0 * c.covariance[a * d + a].sqrt());
                let hi = self
                    .components
                    .iter()
                    .map(|c| c.mean[a] + 4.0 * c.covariance[a * d + a].sqrt());
                let (lo, hi) = (
                    lo.fold(f64::INFINITY, f64::min),
                    hi.fold(f64::NEG_INFINITY, f64::max),
                );
                let pad = 0.5 * (hi - lo);
                (lo - pad, hi + pad)
            })
            .collect()
    }
}
