//! The one Cholesky factorisation and the one triangular solve: every covariance in the program
//! (EM's E-step, `predict`, `sample`, the scenarios, the checks of a start or a model file) is
//! factored here, so all of them agree on which covariances are positive definite.
//!
//! nalgebra, the project's crate for small matrices, factors below [`BLOCKED_FROM_DIM`]; faer's
//! blocked kernels take over from there, where they are measured faster: a covariance's
//! precision factor takes 1.6× less time at D = 16, 4.6× at D = 256 and 15× at D = 2000
//! (`docs/performance.md`, "Factoring a covariance"). Below D = 12 nalgebra is as fast or
//! faster (2× at D ≤ 5).

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::cholesky::llt::factor::{cholesky_in_place, cholesky_in_place_scratch};
use faer::linalg::triangular_inverse::invert_lower_triangular;
use faer::{Mat, MatRef, Par};
use nalgebra::DMatrix;

/// From this dimension on, covariances are factored by faer rather than nalgebra.
pub const BLOCKED_FROM_DIM: usize = 12;

/// The lower-triangular L with L·Lᵀ = Σ (`cov`, D×D row-major), zeros above the diagonal.
/// `None` when Σ is not positive definite. A faer matrix, as the E-step's blocked triangular
/// solve of high dimensions takes it; `l[(a, b)]` reads it anywhere else.
pub fn cholesky_lower(cov: &[f64], d: usize) -> Option<Mat<f64>> {
    if d < BLOCKED_FROM_DIM {
        let l = small_cholesky(cov, d)?;
        Some(Mat::from_fn(d, d, |a, b| l[(a, b)]))
    } else {
        blocked_cholesky(cov, d)
    }
}

/// The upper-triangular U with U·Uᵀ = Σ⁻¹ (scikit-learn's `precisions_cholesky_`), row-major:
/// U = (L⁻¹)ᵀ, L⁻¹ by a triangular solve L·X = I. No explicit inverse of Σ, no determinant.
/// `None` when Σ is not positive definite.
pub fn precision_cholesky(cov: &[f64], d: usize) -> Option<Vec<f64>> {
    let u = if d < BLOCKED_FROM_DIM {
        let l = small_cholesky(cov, d)?;
        let lower_inverse = l.solve_lower_triangular(&DMatrix::identity(d, d))?;
        transposed_upper(d, |a, b| lower_inverse[(a, b)])
    } else {
        let l = blocked_cholesky(cov, d)?;
        let mut lower_inverse = Mat::<f64>::zeros(d, d);
        invert_lower_triangular(lower_inverse.as_mut(), l.as_ref(), Par::Seq);
        transposed_upper(d, |a, b| lower_inverse[(a, b)])
    };
    u.iter().all(|v| v.is_finite()).then_some(u)
}

/// The precision factor of a diagonal Σ (diag and spherical types), held as its diagonal:
/// 1/σₐ per variance σₐ², no D×D matrix. `None` unless every variance is positive and finite.
pub fn diagonal_precision_cholesky(variances: &[f64]) -> Option<Vec<f64>> {
    variances
        .iter()
        .map(|&v| (v > 0.0 && v.is_finite()).then(|| 1.0 / v.sqrt()))
        .collect()
}

/// nalgebra's Cholesky factor of a small Σ; `None` unless every pivot is positive and finite.
fn small_cholesky(cov: &[f64], d: usize) -> Option<DMatrix<f64>> {
    let l = DMatrix::from_row_slice(d, d, cov).cholesky()?.unpack();
    positive_diagonal(d, |a| l[(a, a)]).then_some(l)
}

/// faer's blocked Cholesky factor on one thread (callers factor components in parallel).
fn blocked_cholesky(cov: &[f64], d: usize) -> Option<Mat<f64>> {
    // Σ is symmetric, so reading it column-major is the same matrix, and copies contiguously.
    let mut l = MatRef::from_column_major_slice(cov, d, d).to_owned();
    let mut scratch = MemBuffer::new(cholesky_in_place_scratch::<f64>(
        d,
        Par::Seq,
        Default::default(),
    ));
    cholesky_in_place(
        l.as_mut(),
        Default::default(),
        Par::Seq,
        MemStack::new(&mut scratch),
        Default::default(),
    )
    .ok()?;
    // The factorisation leaves Σ in the strictly upper triangle; faer's solves read it.
    for b in 0..d {
        l.col_mut(b).subrows_mut(0, b).fill(0.0);
    }
    positive_diagonal(d, |a| l[(a, a)]).then_some(l)
}

/// Whether a factor's diagonal is positive and finite: Σ was positive definite.
fn positive_diagonal(d: usize, diagonal: impl Fn(usize) -> f64) -> bool {
    (0..d).all(|a| {
        let v = diagonal(a);
        v.is_finite() && v > 0.0
    })
}

/// U = (L⁻¹)ᵀ row-major from an accessor of L⁻¹: U[a][b] = L⁻¹[b][a], zeros below.
fn transposed_upper(d: usize, lower_inverse: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let mut u = vec![0.0; d * d];
    for a in 0..d {
        for b in a..d {
            u[a * d + b] = lower_inverse(b, a);
        }
    }
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A positive definite D×D matrix, row-major, with correlations everywhere.
    fn covariance(d: usize) -> Vec<f64> {
        let a: Vec<f64> = (0..d * d)
            .map(|i| ((i * 7 + 3) % 11) as f64 / 11.0 - 0.5)
            .collect();
        let mut cov = vec![0.0; d * d];
        for i in 0..d {
            for j in 0..d {
                let dot: f64 = (0..d).map(|m| a[i * d + m] * a[j * d + m]).sum();
                cov[i * d + j] = dot + if i == j { 0.5 } else { 0.0 };
            }
        }
        cov
    }

    #[test]
    fn precision_cholesky_inverts_the_covariance() {
        let cov = [4.0, 1.2, 0.3, 1.2, 2.0, -0.5, 0.3, -0.5, 1.5];
        let u = precision_cholesky(&cov, 3).unwrap();
        // Upper triangular.
        assert_eq!([u[3], u[6], u[7]], [0.0, 0.0, 0.0]);
        // Σ·(U·Uᵀ) = I.
        for i in 0..3 {
            for j in 0..3 {
                let mut v = 0.0;
                for m in 0..3 {
                    let precision_mj: f64 = (0..3).map(|t| u[m * 3 + t] * u[j * 3 + t]).sum();
                    v += cov[i * 3 + m] * precision_mj;
                }
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((v - expected).abs() < 1e-12, "({i},{j}) = {v}");
            }
        }
    }

    #[test]
    fn precision_cholesky_refuses_a_singular_matrix() {
        assert!(precision_cholesky(&[1.0, 1.0, 1.0, 1.0], 2).is_none());
        assert!(precision_cholesky(&[0.0], 1).is_none());
        let mut singular = covariance(BLOCKED_FROM_DIM);
        singular.iter_mut().for_each(|v| *v = 1.0);
        assert!(precision_cholesky(&singular, BLOCKED_FROM_DIM).is_none());
        assert!(cholesky_lower(&[f64::NAN], 1).is_none());
    }

    #[test]
    fn both_sides_of_the_threshold_give_a_factor_of_the_covariance() {
        for d in [1, 2, BLOCKED_FROM_DIM - 1, BLOCKED_FROM_DIM, 40] {
            let cov = covariance(d);
            let l = cholesky_lower(&cov, d).unwrap();
            let u = precision_cholesky(&cov, d).unwrap();
            for a in 0..d {
                for b in 0..d {
                    // L·Lᵀ = Σ, with L lower triangular.
                    let product: f64 = (0..d).map(|m| l[(a, m)] * l[(b, m)]).sum();
                    assert!((product - cov[a * d + b]).abs() < 1e-12, "D={d} ({a},{b})");
                    if b > a {
                        assert_eq!(l[(a, b)], 0.0);
                    }
                    // Uᵀ = L⁻¹: (Uᵀ·L)[a][b] = δ_ab.
                    let identity: f64 = (0..d).map(|m| u[m * d + a] * l[(m, b)]).sum();
                    let expected = if a == b { 1.0 } else { 0.0 };
                    assert!((identity - expected).abs() < 1e-10, "D={d} ({a},{b})");
                }
            }
        }
    }
}
