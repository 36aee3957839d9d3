//! The M-step, shaped as scikit-learn's `_estimate_gaussian_parameters`: weights and means from
//! the sums one pass over the data gathered ([`Moments`]), then the covariances, finished by
//! one small function per covariance type picked from a table (scikit-learn's
//! `_estimate_gaussian_covariances_full/tied/diag/spherical`).
//!
//! The sums are taken around the previous means (see [`super::kernel`]), so the new mean is the
//! previous one plus a shift, and every type starts from each component's scatter about its new
//! mean: centred sums for all four types, never E[x²] − μ², which can go negative.

use super::kernel::Moments;
use super::model::{CovarianceType, Gmm};
use super::status::RunStatus;

/// A component whose responsibilities sum to less than this many points is empty: its mean and
/// covariance would be set by rounding noise.
pub const EMPTY_COMPONENT_MASS: f64 = 1e-8;

/// The M-step from sums taken around `previous`'s means: weights N_k/N, means, and covariances
/// around the *new* means, in the covariance type's form, plus `reg_covar` on the diagonal.
/// N_k carries scikit-learn's 10·ε so that the arithmetic matches it.
pub fn m_step(moments: &Moments, previous: &Gmm, reg_covar: f64) -> Result<Gmm, RunStatus> {
    let d = moments.d;
    let covariance_type = previous.covariance_type;
    let nk = component_masses(&moments.nk)?;
    let shifts = mean_shifts(moments, &nk);
    let means = previous
        .means
        .iter()
        .zip(&shifts)
        .map(|(mean, shift)| mean + shift)
        .collect();
    let scatter = scatter_about_new_means(moments, &nk, &shifts, covariance_type);
    let mut covariances = finishing(covariance_type)(scatter, &nk, d);
    add_to_diagonals(&mut covariances, covariance_type, d, reg_covar);
    let total: f64 = nk.iter().sum();
    checked(Gmm {
        covariance_type,
        dim: d,
        weights: nk.iter().map(|n| n / total).collect(),
        means,
        covariances,
    })
}

/// N_k + 10·ε for every component, or the first empty one.
fn component_masses(nk: &[f64]) -> Result<Vec<f64>, RunStatus> {
    if let Some(c) = nk
        .iter()
        .position(|&nk| nk < EMPTY_COMPONENT_MASS || nk.is_nan())
    {
        return Err(RunStatus::EmptyComponent(c));
    }
    Ok(nk.iter().map(|n| n + 10.0 * f64::EPSILON).collect())
}

/// K×D: how far each new mean lies from the previous one, Σᵢ rᵢₖ (xᵢ − μₖ) / N_k.
fn mean_shifts(moments: &Moments, nk: &[f64]) -> Vec<f64> {
    let d = moments.d;
    moments
        .first
        .iter()
        .enumerate()
        .map(|(i, first)| first / nk[i / d])
        .collect()
}

/// Each component's scatter about its new mean, before regularising, in the sums' shape: K×D×D
/// for types with correlations, K×D (the variances) for those without, whose sums hold
/// nothing else.
fn scatter_about_new_means(
    moments: &Moments,
    nk: &[f64],
    shifts: &[f64],
    covariance_type: CovarianceType,
) -> Vec<f64> {
    let (k, d) = (moments.k, moments.d);
    if !covariance_type.has_correlations() {
        return (0..k * d)
            .map(|i| moments.second_of(i / d)[i % d] / nk[i / d] - shifts[i] * shifts[i])
            .collect();
    }
    let mut scatter = vec![0.0; k * d * d];
    for (c, block) in scatter.chunks_exact_mut(d * d).enumerate() {
        let shift = &shifts[c * d..(c + 1) * d];
        let second = moments.second_of(c);
        for (a, row) in block.chunks_exact_mut(d).enumerate() {
            for b in a..d {
                row[b] = second[a * d + b] / nk[c] - shift[a] * shift[b];
            }
        }
        mirror_upper_triangle(block, d);
    }
    scatter
}

/// How a covariance type turns the K scatters (K×D×D, or K×D variances without correlations)
/// into its K covariances as the type stores them (see [`Gmm`]), given N_k: scikit-learn's
/// table of `_estimate_gaussian_covariances_*`.
type Finishing = fn(Vec<f64>, &[f64], usize) -> Vec<f64>;

fn finishing(covariance_type: CovarianceType) -> Finishing {
    match covariance_type {
        CovarianceType::Full => full_covariances,
        CovarianceType::Tied => tied_covariances,
        CovarianceType::Diag => diag_covariances,
        CovarianceType::Spherical => spherical_covariances,
    }
}

/// Each component keeps its own scatter.
fn full_covariances(scatter: Vec<f64>, _nk: &[f64], _d: usize) -> Vec<f64> {
    scatter
}

/// One matrix for all: the scatters averaged with weights N_k / N.
fn tied_covariances(scatter: Vec<f64>, nk: &[f64], d: usize) -> Vec<f64> {
    let total: f64 = nk.iter().sum();
    let mut shared = vec![0.0; d * d];
    for (block, n) in scatter.chunks_exact(d * d).zip(nk) {
        for (s, v) in shared.iter_mut().zip(block) {
            *s += n * v / total;
        }
    }
    shared.repeat(nk.len())
}

/// Each component's variances along the axes: its scatter's diagonal, as it is.
fn diag_covariances(variances: Vec<f64>, _nk: &[f64], _d: usize) -> Vec<f64> {
    variances
}

/// Each component's single variance (held D times): the mean of its scatter's diagonal.
fn spherical_covariances(variances: Vec<f64>, _nk: &[f64], d: usize) -> Vec<f64> {
    variances
        .chunks_exact(d)
        .flat_map(|v| CovarianceType::Spherical.from_variances(v.to_vec()))
        .collect()
}

/// Where variance `a` lies in a covariance of `covariance_type` as the type stores it.
fn diagonal_entry(covariance_type: CovarianceType, d: usize, a: usize) -> usize {
    if covariance_type.is_diagonal() {
        a
    } else {
        a * d + a
    }
}

/// Adds `value` to the diagonal of every covariance.
fn add_to_diagonals(
    covariances: &mut [f64],
    covariance_type: CovarianceType,
    d: usize,
    value: f64,
) {
    for block in covariances.chunks_exact_mut(covariance_type.stored_len(d)) {
        for a in 0..d {
            block[diagonal_entry(covariance_type, d, a)] += value;
        }
    }
}

/// `model`, unless a covariance lost its positive diagonal or a number is not finite.
fn checked(model: Gmm) -> Result<Gmm, RunStatus> {
    let (d, covariance_type) = (model.dim, model.covariance_type);
    let finite = model
        .means
        .iter()
        .chain(&model.covariances)
        .all(|v| v.is_finite());
    let positive = |cov: &[f64]| (0..d).all(|a| cov[diagonal_entry(covariance_type, d, a)] > 0.0);
    match model
        .covariances
        .chunks(covariance_type.stored_len(d))
        .position(|cov| !positive(cov))
    {
        Some(c) => Err(RunStatus::SingularCovariance(c)),
        None if !finite => Err(RunStatus::SingularCovariance(0)),
        None => Ok(model),
    }
}

/// Copies a d×d row-major matrix's upper triangle onto its lower one, in square blocks that
/// stay in L1: row by row, the column writes of a large matrix would each miss the cache.
fn mirror_upper_triangle(matrix: &mut [f64], d: usize) {
    const BLOCK: usize = 32;
    for a0 in (0..d).step_by(BLOCK) {
        for b0 in (a0..d).step_by(BLOCK) {
            for a in a0..(a0 + BLOCK).min(d) {
                for b in b0.max(a + 1)..(b0 + BLOCK).min(d) {
                    matrix[b * d + a] = matrix[a * d + b];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: usize = 3;
    const K: usize = 2;
    const REG: f64 = 0.01;

    /// Six points, each component's responsibility for them, and the previous means.
    fn points() -> (Vec<[f64; D]>, Vec<[f64; K]>, Vec<f64>) {
        let x = vec![
            [0.0, 1.0, 2.0],
            [1.5, -0.5, 2.5],
            [3.0, 2.0, -1.0],
            [4.0, 4.5, 0.5],
            [-1.0, 0.5, 1.0],
            [2.0, 3.0, 3.5],
        ];
        let r = vec![
            [0.9, 0.1],
            [0.7, 0.3],
            [0.2, 0.8],
            [0.05, 0.95],
            [0.6, 0.4],
            [0.5, 0.5],
        ];
        (x, r, vec![0.5, 0.5, 1.5, 3.0, 3.0, 0.0])
    }

    /// The sums one pass gathers around the previous means for `covariance_type`: the upper
    /// triangle with correlations, the diagonal alone without.
    fn moments(covariance_type: CovarianceType) -> Moments {
        let (x, r, previous) = points();
        let correlated = covariance_type.has_correlations();
        let mut m = Moments {
            k: K,
            d: D,
            log_likelihood: 0.0,
            nk: vec![0.0; K],
            first: vec![0.0; K * D],
            second: vec![0.0; K * if correlated { D * D } else { D }],
        };
        for (x, r) in x.iter().zip(&r) {
            for c in 0..K {
                let centred: Vec<f64> = (0..D).map(|a| x[a] - previous[c * D + a]).collect();
                m.nk[c] += r[c];
                for a in 0..D {
                    m.first[c * D + a] += r[c] * centred[a];
                    for b in a..D {
                        let product = r[c] * centred[a] * centred[b];
                        if correlated {
                            m.second[(c * D + a) * D + b] += product;
                        } else if a == b {
                            m.second[c * D + a] += product;
                        }
                    }
                }
            }
        }
        m
    }

    fn fitted(covariance_type: CovarianceType) -> Gmm {
        let (_, _, means) = points();
        let previous = Gmm {
            covariance_type,
            dim: D,
            weights: vec![0.5; K],
            means,
            covariances: vec![0.0; K * covariance_type.stored_len(D)],
        };
        m_step(&moments(covariance_type), &previous, REG).unwrap()
    }

    #[test]
    fn full_covariances_are_the_weighted_covariances_about_the_new_means() {
        let (x, r, _) = points();
        let full = fitted(CovarianceType::Full);
        for c in 0..K {
            let nk: f64 = r.iter().map(|r| r[c]).sum();
            let mean: Vec<f64> = (0..D)
                .map(|a| x.iter().zip(&r).map(|(x, r)| r[c] * x[a]).sum::<f64>() / nk)
                .collect();
            for a in 0..D {
                assert!((full.mean(c)[a] - mean[a]).abs() < 1e-12);
                for b in 0..D {
                    let scatter: f64 = x
                        .iter()
                        .zip(&r)
                        .map(|(x, r)| r[c] * (x[a] - mean[a]) * (x[b] - mean[b]))
                        .sum::<f64>()
                        / nk;
                    let expected = scatter + if a == b { REG } else { 0.0 };
                    assert!((full.covariance(c)[a * D + b] - expected).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn diag_spherical_and_tied_are_what_they_make_of_full() {
        let full = fitted(CovarianceType::Full);
        let diag = fitted(CovarianceType::Diag);
        let spherical = fitted(CovarianceType::Spherical);
        let tied = fitted(CovarianceType::Tied);
        for model in [&diag, &spherical, &tied] {
            assert_eq!((&model.weights, &model.means), (&full.weights, &full.means));
        }
        for c in 0..K {
            let variances: Vec<f64> = (0..D).map(|a| full.covariance(c)[a * D + a]).collect();
            let mean_variance = variances.iter().sum::<f64>() / D as f64;
            for (a, &variance) in variances.iter().enumerate() {
                for b in 0..D {
                    let on_diagonal = |v: f64| if a == b { v } else { 0.0 };
                    // Diag: the diagonal of full, to the bit.
                    assert_eq!(diag.covariance(c)[a * D + b], on_diagonal(variance));
                    // Spherical: the mean of diag's variances.
                    let s = spherical.covariance(c)[a * D + b];
                    assert!((s - on_diagonal(mean_variance)).abs() < 1e-12);
                    // Tied: full's scatters averaged by the weights, then regularised once.
                    let averaged: f64 = (0..K)
                        .map(|j| {
                            full.weights[j] * (full.covariance(j)[a * D + b] - on_diagonal(REG))
                        })
                        .sum();
                    let t = tied.covariance(c)[a * D + b];
                    assert!((t - averaged - on_diagonal(REG)).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn an_empty_component_stops_the_step() {
        let mut m = moments(CovarianceType::Full);
        m.nk[1] = EMPTY_COMPONENT_MASS / 2.0;
        let previous = fitted(CovarianceType::Full);
        assert_eq!(
            m_step(&m, &previous, REG),
            Err(RunStatus::EmptyComponent(1))
        );
    }
}
