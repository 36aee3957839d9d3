//! Using a fitted mixture on points: scikit-learn's `predict`, `predict_proba` and
//! `score_samples`, one point at a time in plain f64 arithmetic (libm `exp`/`ln`), so the results
//! are an independent check on the EM kernel as well as the CLI's `predict` and `score`.

use std::ops::Range;

use rayon::prelude::*;

use super::dataset::Dataset;
use super::linalg::{diagonal_precision_cholesky, precision_cholesky};
use super::model::{CovarianceType, Gmm};

/// Everything about a component's log-density that does not depend on the point.
#[derive(Clone, Debug)]
struct Density {
    mean: Vec<f64>,
    /// Upper-triangular U, row-major, with U·Uᵀ = Σ⁻¹; for a diagonal type its diagonal only.
    precision_cholesky: Vec<f64>,
    /// ln π + Σ ln U_aa − ½·D·ln 2π.
    log_weight_and_norm: f64,
}

/// A mixture ready to evaluate on points.
#[derive(Clone, Debug)]
pub struct Evaluator {
    dim: usize,
    /// The factors hold only their diagonals.
    diagonal: bool,
    components: Vec<Density>,
}

/// What the mixture says about each point.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// The most responsible component (0-based), per point.
    pub labels: Vec<usize>,
    /// Responsibilities, N×K row-major (each row sums to 1).
    pub proba: Vec<f64>,
    /// ln p(x) per point.
    pub log_density: Vec<f64>,
}

impl Evaluator {
    /// `Err(c)` when component `c`'s covariance is not positive definite.
    pub fn new(model: &Gmm) -> Result<Self, usize> {
        let d = model.dim;
        let diagonal = model.covariance_type.is_diagonal();
        let factors = (0..model.k())
            .map(|c| {
                let stored = model.stored_covariance(c);
                let u = if diagonal {
                    diagonal_precision_cholesky(stored)
                } else {
                    precision_cholesky(stored, d)
                };
                u.ok_or(c)
            })
            .collect::<Result<Vec<_>, usize>>()?;
        Self::from_precision_cholesky(
            model.covariance_type,
            &model.weights,
            &model.means,
            &factors.concat(),
            d,
        )
    }

    /// From each component's precision Cholesky factor in the type's stored form (K×D×D
    /// upper-triangular U with U·Uᵀ = Σ⁻¹ for full and tied, K×D diagonals 1/σ for diag and
    /// spherical): scikit-learn's `precisions_cholesky_`, which its own predictions use, rather
    /// than covariances. `Err(c)` when component `c`'s weight or a diagonal entry of its factor
    /// is not a positive number: its log-density would be NaN.
    pub fn from_precision_cholesky(
        covariance_type: CovarianceType,
        weights: &[f64],
        means: &[f64],
        factors: &[f64],
        d: usize,
    ) -> Result<Self, usize> {
        let half_log_2pi = 0.5 * (2.0 * std::f64::consts::PI).ln();
        let diagonal = covariance_type.is_diagonal();
        let len = covariance_type.stored_len(d);
        let components = weights
            .iter()
            .enumerate()
            .map(|(c, &weight)| {
                let u = factors[c * len..(c + 1) * len].to_vec();
                let positive = |v: f64| v > 0.0 && v.is_finite();
                let entries = (0..d).map(|a| if diagonal { u[a] } else { u[a * d + a] });
                if !positive(weight) || !entries.clone().all(positive) {
                    return Err(c);
                }
                Ok(Density {
                    mean: means[c * d..(c + 1) * d].to_vec(),
                    log_weight_and_norm: weight.ln() + entries.map(f64::ln).sum::<f64>()
                        - d as f64 * half_log_2pi,
                    precision_cholesky: u,
                })
            })
            .collect::<Result<_, usize>>()?;
        Ok(Evaluator {
            dim: d,
            diagonal,
            components,
        })
    }

    pub fn k(&self) -> usize {
        self.components.len()
    }

    /// ln πₖ + ln N(x | μₖ, Σₖ) for every component, into `out` (length K).
    pub fn weighted_log_prob(&self, x: &[f64], out: &mut [f64]) {
        let mut centred = vec![0.0; self.dim];
        for (c, density) in self.components.iter().enumerate() {
            out[c] = density.log_weight_and_norm - 0.5 * self.distance_squared(c, x, &mut centred);
        }
    }

    /// Component `c`'s squared Mahalanobis distance to `x`, (x − μ)ᵀ Σ⁻¹ (x − μ): the term of
    /// ln N(x | μ, Σ) that depends on the point.
    pub fn squared_distance(&self, c: usize, x: &[f64]) -> f64 {
        self.distance_squared(c, x, &mut vec![0.0; self.dim])
    }

    /// ‖(x − μ)·U‖², with `centred` (length D) as room for x − μ.
    fn distance_squared(&self, c: usize, x: &[f64], centred: &mut [f64]) -> f64 {
        let d = self.dim;
        let density = &self.components[c];
        for (v, (xi, mi)) in centred.iter_mut().zip(x.iter().zip(&density.mean)) {
            *v = xi - mi;
        }
        // y = (x − μ)·U; U is upper triangular, so y_b only needs coordinates a ≤ b.
        let u = &density.precision_cholesky;
        if self.diagonal {
            centred.iter().zip(u).map(|(x, u)| (x * u) * (x * u)).sum()
        } else {
            (0..d)
                .map(|b| {
                    let y: f64 = (0..=b).map(|a| centred[a] * u[a * d + b]).sum();
                    y * y
                })
                .sum()
        }
    }

    /// ln p(x), and the responsibilities into `proba` (length K).
    pub fn responsibilities(&self, x: &[f64], proba: &mut [f64]) -> f64 {
        self.weighted_log_prob(x, proba);
        let log_density = log_sum_exp(proba);
        for p in proba.iter_mut() {
            *p = (*p - log_density).exp();
        }
        log_density
    }

    /// Labels, responsibilities and log-densities of every point of `data`.
    pub fn predict(&self, data: &Dataset) -> Prediction {
        self.predict_rows(data, 0..data.n())
    }

    /// [`Evaluator::predict`] of the points `rows` only, so that a caller writing results as
    /// it goes holds a slice of them at a time rather than N×(K + 2) numbers.
    pub fn predict_rows(&self, data: &Dataset, rows: Range<usize>) -> Prediction {
        let k = self.k();
        let mut proba = vec![0.0; rows.len() * k];
        let mut log_density = vec![0.0; rows.len()];
        proba
            .par_chunks_mut(k)
            .zip(log_density.par_iter_mut())
            .enumerate()
            .for_each_init(
                || vec![0.0; self.dim],
                |x, (i, (row, density))| {
                    for (a, v) in x.iter_mut().enumerate() {
                        *v = data.value(rows.start + i, a);
                    }
                    *density = self.responsibilities(x, row);
                },
            );
        let labels = proba.chunks(k).map(most_responsible).collect();
        Prediction {
            labels,
            proba,
            log_density,
        }
    }
}

/// ln Σ exp(vᵢ) without overflow.
pub fn log_sum_exp(values: &[f64]) -> f64 {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + values.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}

/// The index of the largest responsibility; the first on a tie, as numpy's `argmax`.
pub fn most_responsible(row: &[f64]) -> usize {
    row.iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (c, &p)| {
            if p > best.1 { (c, p) } else { best }
        })
        .0
}

impl Prediction {
    /// −Σᵢ ln zᵢ,ĉᵢ: the classification entropy ICL adds to BIC (twice), ≥ 0.
    pub fn classification_entropy(&self) -> f64 {
        let Some(k) = self.proba.len().checked_div(self.labels.len()) else {
            return 0.0;
        };
        self.proba
            .chunks(k)
            .zip(&self.labels)
            .map(|(row, &label)| -row[label].ln())
            .sum()
    }
}
