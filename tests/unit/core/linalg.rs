//! Tests of `src/core/linalg.rs`.

use gmm_tui::core::linalg::*;
use nalgebra::DMatrix;

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
