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
