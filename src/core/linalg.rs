//! The one Cholesky factorisation and the one triangular solve: every covariance in the program
//! (EM's E-step, `predict`, `sample`, the scenarios, the checks of a start or a model file) is
//! factored here, so all of them agree on which covariances are positive definite.
//!
//! All on nalgebra, the project's linear-algebra crate. Up to [`BLOCK`] dimensions its unblocked
//! routines do the work; above, the routines halve the matrix recursively, so that nearly all the
//! work at high D is in large matrix products, which nalgebra hands to the `matrixmultiply`
//! crate's cache-blocked, vectorised kernels for dynamically sized matrices of more than 5 rows
//! and columns (`nalgebra::base::blas_uninit::gemm_uninit`). Measurements against the faer crate
//! these replaced: `docs/performance.md`, "Factoring a covariance".

use nalgebra::{DMatrix, DMatrixView, DMatrixViewMut};

/// The size at which the recursive routines stop halving: up to it nalgebra's unblocked
/// Cholesky and triangular solve do the work.
const BLOCK: usize = 32;

/// The smallest dimension at which the recursive routines split the work into blocks.
pub const BLOCKED_FROM_DIM: usize = BLOCK + 1;

/// The lower-triangular L with L·Lᵀ = Σ (`cov`, D×D row-major), zeros above the diagonal.
/// `None` when Σ is not positive definite. Column-major, as [`solve_lower_in_place`] takes it;
/// `l[(a, b)]` reads it anywhere.
pub fn cholesky_lower(cov: &[f64], d: usize) -> Option<DMatrix<f64>> {
    // Σ is symmetric, so reading it column-major is the same matrix, and copies contiguously.
    let mut a = DMatrix::from_column_slice(d, d, cov);
    factor_in_place(a.as_view_mut())?;
    a.fill_upper_triangle(0.0, 1);
    positive_diagonal(d, |i| a[(i, i)]).then_some(a)
}

/// Recursive Cholesky of the lower triangle of `a`, in place: halves A = [A₁₁ ·; A₂₁ A₂₂],
/// factors A₁₁ = L₁₁·L₁₁ᵀ, solves the panel L₂₁ = A₂₁·L₁₁⁻ᵀ, updates A₂₂ −= L₂₁·L₂₁ᵀ (one
/// block column of products at a time, nothing above the diagonal) and factors A₂₂. Nearly all
/// the work at high D is in those products, whose inner dimension is half the matrix. `None`
/// when a pivot is not positive: A is not positive definite.
fn factor_in_place(mut a: DMatrixViewMut<f64>) -> Option<()> {
    let n = a.nrows();
    if n <= BLOCK {
        let l = a.clone_owned().cholesky()?.unpack();
        a.copy_from(&l);
        return Some(());
    }
    let (n1, n2) = (n / 2, n - n / 2);
    factor_in_place(a.view_mut((0, 0), (n1, n1)))?;
    // L₂₁ᵀ = L₁₁⁻¹·A₂₁ᵀ, solved on a transposed copy whose columns are contiguous.
    let mut l21_t = a.view((n1, 0), (n2, n1)).transpose();
    solve_lower_in_place(a.view((0, 0), (n1, n1)), l21_t.as_view_mut());
    let l21 = l21_t.transpose();
    a.view_mut((n1, 0), (n2, n1)).copy_from(&l21);
    for j in (0..n2).step_by(BLOCK) {
        let cols = BLOCK.min(n2 - j);
        let mut trailing = a.view_mut((n1 + j, n1 + j), (n2 - j, cols));
        trailing.gemm(-1.0, &l21.rows(j, n2 - j), &l21_t.columns(j, cols), 1.0);
    }
    factor_in_place(a.view_mut((n1, n1), (n2, n2)))
}

/// Solves L·X = B in place (B := L⁻¹B) for a lower-triangular L with a positive diagonal, any
/// number of right-hand sides. Recursive: X₁ = L₁₁⁻¹B₁, then B₂ −= L₂₁·X₁ in one matrix product,
/// then X₂ = L₂₂⁻¹B₂. Used for L⁻¹ ([`precision_cholesky`]), the Cholesky's panels, and by the
/// E-step with no more points than dimensions, which solves each tile of points with L.
pub fn solve_lower_in_place(l: DMatrixView<f64>, mut b: DMatrixViewMut<f64>) {
    let n = l.nrows();
    if n <= BLOCK {
        l.solve_lower_triangular_unchecked_mut(&mut b);
        return;
    }
    let (n1, n2) = (n / 2, n - n / 2);
    let (mut b1, mut b2) = b.rows_range_pair_mut(0..n1, n1..);
    solve_lower_in_place(l.view((0, 0), (n1, n1)), b1.as_view_mut());
    b2.gemm(-1.0, &l.view((n1, 0), (n2, n1)), &b1, 1.0);
    solve_lower_in_place(l.view((n1, n1), (n2, n2)), b2);
}

/// The upper-triangular U with U·Uᵀ = Σ⁻¹ (scikit-learn's `precisions_cholesky_`), row-major:
/// U = (L⁻¹)ᵀ, L⁻¹ by triangular solves L·X = I. No explicit inverse of Σ, no determinant.
/// `None` when Σ is not positive definite.
pub fn precision_cholesky(cov: &[f64], d: usize) -> Option<Vec<f64>> {
    let l = cholesky_lower(cov, d)?;
    let lower_inverse = lower_triangular_inverse(&l);
    let mut u = vec![0.0; d * d];
    for a in 0..d {
        for b in a..d {
            u[a * d + b] = lower_inverse[(b, a)];
        }
    }
    u.iter().all(|v| v.is_finite()).then_some(u)
}

/// L⁻¹, lower triangular, a block column of [`BLOCK`] at a time: columns c.. of L⁻¹ are zero
/// above row c, so only L[c.., c..]·X = I[c.., c..] is solved, D³/3 multiply-adds in all (the
/// identity's zeros above would add exact zeros: the result is the full solve's, bit for bit,
/// below the block size).
fn lower_triangular_inverse(l: &DMatrix<f64>) -> DMatrix<f64> {
    let d = l.nrows();
    let mut inverse = DMatrix::identity(d, d);
    for c in (0..d).step_by(BLOCK) {
        let cols = BLOCK.min(d - c);
        let rhs = inverse.view_mut((c, c), (d - c, cols));
        solve_lower_in_place(l.view((c, c), (d - c, d - c)), rhs);
    }
    inverse
}

/// The precision factor of a diagonal Σ (diag and spherical types), held as its diagonal:
/// 1/σₐ per variance σₐ², no D×D matrix. `None` unless every variance is positive and finite.
pub fn diagonal_precision_cholesky(variances: &[f64]) -> Option<Vec<f64>> {
    variances
        .iter()
        .map(|&v| (v > 0.0 && v.is_finite()).then(|| 1.0 / v.sqrt()))
        .collect()
}

/// Whether a factor's diagonal is positive and finite: Σ was positive definite.
fn positive_diagonal(d: usize, diagonal: impl Fn(usize) -> f64) -> bool {
    (0..d).all(|a| {
        let v = diagonal(a);
        v.is_finite() && v > 0.0
    })
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

    /// nalgebra's unblocked factor and its L⁻¹ (a solve with the identity): the reference the
    /// recursive routines must reproduce to rounding.
    fn unblocked(cov: &[f64], d: usize) -> (DMatrix<f64>, DMatrix<f64>) {
        let l = DMatrix::from_row_slice(d, d, cov)
            .cholesky()
            .unwrap()
            .unpack();
        let inverse = l.solve_lower_triangular(&DMatrix::identity(d, d)).unwrap();
        (l, inverse)
    }

    /// The largest entry difference over the largest entry of the reference.
    fn relative_difference(ours: impl Fn(usize, usize) -> f64, reference: &DMatrix<f64>) -> f64 {
        let d = reference.nrows();
        let scale = reference.amax();
        let mut worst = 0.0f64;
        for a in 0..d {
            for b in 0..d {
                worst = worst.max((ours(a, b) - reference[(a, b)]).abs() / scale);
            }
        }
        worst
    }

    #[test]
    fn blocked_factor_and_inverse_agree_with_the_unblocked_ones() {
        for d in [12, 64, 200] {
            let cov = covariance(d);
            let (l, inverse) = unblocked(&cov, d);
            let ours = cholesky_lower(&cov, d).unwrap();
            let u = precision_cholesky(&cov, d).unwrap();
            let factor = relative_difference(|a, b| ours[(a, b)], &l);
            // U = (L⁻¹)ᵀ, row-major: L⁻¹[a][b] = U[b][a].
            let inverted = relative_difference(|a, b| u[b * d + a], &inverse);
            assert!(factor < 1e-13, "D={d}: L differs by {factor:e}");
            assert!(inverted < 1e-13, "D={d}: L⁻¹ differs by {inverted:e}");
        }
    }

    #[test]
    fn blocked_solve_agrees_with_the_unblocked_one() {
        let (d, n) = (200, 50);
        let cov = covariance(d);
        let (l, _) = unblocked(&cov, d);
        let rhs = DMatrix::from_fn(d, n, |a, p| ((a * 5 + p * 3) % 13) as f64 - 6.0);
        let reference = l.solve_lower_triangular(&rhs).unwrap();
        let mut ours = rhs.clone();
        solve_lower_in_place(
            cholesky_lower(&cov, d).unwrap().as_view(),
            ours.as_view_mut(),
        );
        let worst = (&ours - &reference).amax() / reference.amax();
        assert!(worst < 1e-13, "differs by {worst:e}");
    }

    #[test]
    fn a_matrix_that_is_not_positive_definite_has_no_factor_at_any_size() {
        for d in [3, BLOCKED_FROM_DIM - 1, BLOCKED_FROM_DIM, 64, 200] {
            // A negative variance in the last coordinate: the failure comes in the last block,
            // after every earlier one was factored.
            let mut last = covariance(d);
            last[d * d - 1] = -1.0;
            // A zero variance beside non-zero covariances: its pivot, 0 − Σ L², turns negative
            // in the last block, from the earlier blocks' updates.
            let mut correlated_zero = covariance(d);
            correlated_zero[(d - 2) * d + d - 2] = 0.0;
            for cov in [last, correlated_zero] {
                assert!(cholesky_lower(&cov, d).is_none(), "D={d}");
                assert!(precision_cholesky(&cov, d).is_none(), "D={d}");
            }
        }
    }
}
