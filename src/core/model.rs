//! The mixture's parameters and what can be derived from them without data: parameter counts,
//! BIC/AIC, and the Cholesky form the E-step needs.

use std::fmt;
use std::str::FromStr;

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::cholesky::llt::factor::{cholesky_in_place, cholesky_in_place_scratch};
use faer::linalg::triangular_inverse::invert_lower_triangular;
use faer::{Mat, MatRef, Par};

/// How the covariances are constrained, as in scikit-learn's `covariance_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CovarianceType {
    /// Each component has its own full matrix.
    Full,
    /// Each component has its own diagonal matrix (axis-aligned ellipses).
    Diag,
    /// Each component has its own single variance (circles).
    Spherical,
    /// All components share one full matrix.
    Tied,
}

impl CovarianceType {
    pub const ALL: [CovarianceType; 4] = [Self::Full, Self::Diag, Self::Spherical, Self::Tied];

    pub fn name(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Diag => "diag",
            Self::Spherical => "spherical",
            Self::Tied => "tied",
        }
    }

    /// The next type in `ALL`, wrapping: the app's "cycle covariance type" key.
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|&t| t == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    /// Whether the type has off-diagonal terms (the E-step and M-step can skip them otherwise).
    pub fn has_correlations(self) -> bool {
        matches!(self, Self::Full | Self::Tied)
    }

    /// Free covariance parameters for `k` components in `d` dimensions (scikit-learn's counts).
    pub fn covariance_parameters(self, k: usize, d: usize) -> usize {
        match self {
            Self::Full => k * d * (d + 1) / 2,
            Self::Diag => k * d,
            Self::Spherical => k,
            Self::Tied => d * (d + 1) / 2,
        }
    }

    /// Projects a full symmetric matrix onto this type's form for one component (tied is
    /// handled by the caller, which must average over components first).
    pub fn project(self, cov: &[f64], d: usize) -> Vec<f64> {
        match self {
            Self::Full | Self::Tied => cov.to_vec(),
            Self::Diag => diagonal_matrix(&(0..d).map(|a| cov[a * d + a]).collect::<Vec<_>>()),
            Self::Spherical => {
                let mean = (0..d).map(|a| cov[a * d + a]).sum::<f64>() / d as f64;
                diagonal_matrix(&vec![mean; d])
            }
        }
    }
}

impl fmt::Display for CovarianceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CovarianceType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                format!("unknown covariance type '{s}' (expected full, diag, spherical or tied)")
            })
    }
}

/// A d×d matrix (row-major) with `values` on its diagonal.
pub fn diagonal_matrix(values: &[f64]) -> Vec<f64> {
    let d = values.len();
    let mut m = vec![0.0; d * d];
    for (a, v) in values.iter().enumerate() {
        m[a * d + a] = *v;
    }
    m
}

/// A Gaussian mixture. Covariances are always stored as full symmetric matrices, whatever the
/// type, so that drawing and JSON output need no special cases; the M-step keeps them in the
/// type's form.
#[derive(Clone, Debug, PartialEq)]
pub struct Gmm {
    pub covariance_type: CovarianceType,
    pub dim: usize,
    /// K mixing weights summing to 1.
    pub weights: Vec<f64>,
    /// K×D, row-major.
    pub means: Vec<f64>,
    /// K×D×D, row-major.
    pub covariances: Vec<f64>,
}

impl Gmm {
    pub fn k(&self) -> usize {
        self.weights.len()
    }

    pub fn mean(&self, c: usize) -> &[f64] {
        &self.means[c * self.dim..(c + 1) * self.dim]
    }

    pub fn covariance(&self, c: usize) -> &[f64] {
        let dd = self.dim * self.dim;
        &self.covariances[c * dd..(c + 1) * dd]
    }

    /// Free parameters: means, covariances, and K−1 weights.
    pub fn n_parameters(&self) -> usize {
        n_parameters(self.covariance_type, self.k(), self.dim)
    }

    /// The same mixture with its components renumbered: component `c` becomes `order[c]`
    /// (`order` a permutation of 0..K).
    pub fn reordered(&self, order: &[usize]) -> Gmm {
        let (d, dd) = (self.dim, self.dim * self.dim);
        let mut out = self.clone();
        for (c, &to) in order.iter().enumerate() {
            out.weights[to] = self.weights[c];
            out.means[to * d..(to + 1) * d].copy_from_slice(self.mean(c));
            out.covariances[to * dd..(to + 1) * dd].copy_from_slice(self.covariance(c));
        }
        out
    }
}

/// scikit-learn's `_n_parameters`.
pub fn n_parameters(covariance_type: CovarianceType, k: usize, d: usize) -> usize {
    k * d + covariance_type.covariance_parameters(k, d) + k - 1
}

/// Bayesian information criterion for a total log-likelihood over `n` points: lower is better.
pub fn bic(log_likelihood: f64, n_parameters: usize, n: usize) -> f64 {
    -2.0 * log_likelihood + n_parameters as f64 * (n as f64).ln()
}

/// Akaike information criterion: lower is better.
pub fn aic(log_likelihood: f64, n_parameters: usize) -> f64 {
    -2.0 * log_likelihood + 2.0 * n_parameters as f64
}

/// The lower-triangular L with L·Lᵀ = Σ, by faer's blocked Cholesky on one thread (callers
/// factor components in parallel). `None` when Σ is not positive definite.
pub fn cholesky_lower(cov: &[f64], d: usize) -> Option<Mat<f64>> {
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
    (0..d)
        .all(|a| l[(a, a)].is_finite() && l[(a, a)] > 0.0)
        .then_some(l)
}

/// The upper-triangular U with U·Uᵀ = Σ⁻¹ (scikit-learn's `precisions_cholesky_`), found by one
/// Cholesky factorisation and a triangular inverse: no explicit inverse of Σ, no determinant.
/// `None` when Σ is not positive definite. Blocked (faer), so D = 2000 takes a fraction of a
/// second rather than many.
pub fn precision_cholesky(cov: &[f64], d: usize) -> Option<Vec<f64>> {
    let l = cholesky_lower(cov, d)?;
    let mut lower_inv = Mat::<f64>::zeros(d, d);
    invert_lower_triangular(lower_inv.as_mut(), l.as_ref(), Par::Seq);
    // U = (L⁻¹)ᵀ: U[a][b] = L⁻¹[b][a].
    let mut u = vec![0.0; d * d];
    for a in 0..d {
        for b in a..d {
            u[a * d + b] = lower_inv[(b, a)];
        }
    }
    u.iter().all(|v| v.is_finite()).then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_counts_match_scikit_learn_for_k2_d5() {
        let counts: Vec<usize> = [
            CovarianceType::Spherical,
            CovarianceType::Diag,
            CovarianceType::Tied,
            CovarianceType::Full,
        ]
        .iter()
        .map(|&t| n_parameters(t, 2, 5))
        .collect();
        assert_eq!(counts, vec![13, 21, 26, 41]);
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
    }
}
