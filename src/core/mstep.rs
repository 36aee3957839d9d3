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
