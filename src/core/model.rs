//! The mixture's parameters and what can be derived from them without data: parameter counts
//! and BIC/AIC.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

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

    /// Whether a component's covariance is stored as its D variances (see [`Gmm`]).
    pub fn is_diagonal(self) -> bool {
        !self.has_correlations()
    }

    /// Numbers [`Gmm::covariances`] holds per component in `d` dimensions: D×D, or D variances.
    pub fn stored_len(self, d: usize) -> usize {
        if self.is_diagonal() { d } else { d * d }
    }

    /// Projects a full symmetric matrix onto this type's form for one component, as the type
    /// stores it (tied is handled by the caller, which must average over components first).
    pub fn project(self, cov: &[f64], d: usize) -> Vec<f64> {
        match self {
            Self::Full | Self::Tied => cov.to_vec(),
            _ => self.from_variances((0..d).map(|a| cov[a * d + a]).collect()),
        }
    }

    /// A covariance with `variances` on its diagonal and no correlation, as this type stores
    /// it: a D×D matrix, the variances themselves (diag), or their mean D times (spherical).
    pub fn from_variances(self, variances: Vec<f64>) -> Vec<f64> {
        match self {
            Self::Full | Self::Tied => diagonal_matrix(&variances),
            Self::Diag => variances,
            Self::Spherical => {
                let mean = variances.iter().sum::<f64>() / variances.len() as f64;
                vec![mean; variances.len()]
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

/// A Gaussian mixture. Full and tied covariances are stored as D×D matrices; diag and
/// spherical ones as their D variances (spherical: D equal ones), scikit-learn's shapes but
/// for spherical's one number: a diagonal model in 10,000 dimensions holds 80 kB a component,
/// not 800 MB. [`Gmm::covariance`] gives any component's full matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Gmm {
    pub covariance_type: CovarianceType,
    pub dim: usize,
    /// K mixing weights summing to 1.
    pub weights: Vec<f64>,
    /// K×D, row-major.
    pub means: Vec<f64>,
    /// K × [`CovarianceType::stored_len`]: K×D×D row-major, or K×D variances.
    pub covariances: Vec<f64>,
}

impl Gmm {
    /// A mixture from full D×D covariances (K×D×D), stored in the type's form.
    pub fn from_full(
        covariance_type: CovarianceType,
        dim: usize,
        weights: Vec<f64>,
        means: Vec<f64>,
        full: &[f64],
    ) -> Gmm {
        let covariances = full
            .chunks(dim * dim)
            .flat_map(|cov| covariance_type.project(cov, dim))
            .collect();
        Gmm {
            covariance_type,
            dim,
            weights,
            means,
            covariances,
        }
    }

    pub fn k(&self) -> usize {
        self.weights.len()
    }

    pub fn mean(&self, c: usize) -> &[f64] {
        &self.means[c * self.dim..(c + 1) * self.dim]
    }

    /// Component `c`'s covariance as stored: D×D, or its D variances.
    pub fn stored_covariance(&self, c: usize) -> &[f64] {
        let len = self.covariance_type.stored_len(self.dim);
        &self.covariances[c * len..(c + 1) * len]
    }

    /// Component `c`'s covariance as a full D×D matrix (built for a diagonal type).
    pub fn covariance(&self, c: usize) -> Cow<'_, [f64]> {
        let stored = self.stored_covariance(c);
        if self.covariance_type.is_diagonal() {
            Cow::Owned(diagonal_matrix(stored))
        } else {
            Cow::Borrowed(stored)
        }
    }

    /// Component `c`'s variances: its covariance's diagonal.
    pub fn variances(&self, c: usize) -> Cow<'_, [f64]> {
        let stored = self.stored_covariance(c);
        if self.covariance_type.is_diagonal() {
            Cow::Borrowed(stored)
        } else {
            let d = self.dim;
            Cow::Owned((0..d).map(|a| stored[a * d + a]).collect())
        }
    }

    /// Free parameters: means, covariances, and K−1 weights.
    pub fn n_parameters(&self) -> usize {
        n_parameters(self.covariance_type, self.k(), self.dim)
    }

    /// The same mixture with its components renumbered: component `c` becomes `order[c]`
    /// (`order` a permutation of 0..K).
    pub fn reordered(&self, order: &[usize]) -> Gmm {
        let (d, len) = (self.dim, self.covariance_type.stored_len(self.dim));
        let mut out = self.clone();
        for (c, &to) in order.iter().enumerate() {
            out.weights[to] = self.weights[c];
            out.means[to * d..(to + 1) * d].copy_from_slice(self.mean(c));
            out.covariances[to * len..(to + 1) * len].copy_from_slice(self.stored_covariance(c));
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
