//! The saved model: a fitted mixture as a small JSON document that `predict`, `score` and
//! `sample` read back. Loading checks everything a hand-edited or foreign file could get wrong,
//! so a model that loads can always be evaluated.

use serde::{Deserialize, Serialize};

use super::error::InputError;
use super::input::text::excerpt;
use super::linalg::precision_cholesky;
use super::model::{CovarianceType, Gmm, aic, bic};
use crate::format::{plural, shortest};

/// Written in every model file, so that other JSON is refused by name.
pub const FORMAT: &str = "gmm-tui model";
/// The version this build writes and reads; a file of another version is refused.
pub const VERSION: u32 = 1;

/// Weights must sum to 1 within this (absolute): room for rounding and for hand-written
/// three-decimal weights, not for a forgotten component.
const WEIGHT_SUM_TOLERANCE: f64 = 1e-6;
/// Covariances must be symmetric within this, relative to the diagonal.
const SYMMETRY_TOLERANCE: f64 = 1e-9;

/// A model file's contents (schema in the README).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    pub format: String,
    pub version: u32,
    pub k: usize,
    pub dim: usize,
    /// The columns the model was fitted on, in order: `predict` and `score` select them by name.
    pub columns: Vec<String>,
    pub covariance_type: String,
    pub weights: Vec<f64>,
    /// K×D.
    pub means: Vec<Vec<f64>>,
    /// K×D×D, full matrices whatever the covariance type.
    pub covariances: Vec<Vec<Vec<f64>>>,
    pub reg_covar: f64,
    pub data: TrainingData,
    /// On the training data.
    pub log_likelihood: f64,
    pub n_parameters: usize,
    pub bic: f64,
    pub aic: f64,
    /// Components flagged as spurious (0-based); empty for a sound fit.
    #[serde(default)]
    pub spurious_components: Vec<usize>,
}

/// Where the model was fitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingData {
    pub source: String,
    pub n: usize,
}

/// What a fit knows beyond the parameters, for the file.
pub struct FitSummary<'a> {
    pub columns: &'a [String],
    pub reg_covar: f64,
    pub source: &'a str,
    pub n: usize,
    pub log_likelihood: f64,
    pub bic: f64,
    pub aic: f64,
    pub spurious_components: Vec<usize>,
}

impl ModelFile {
    pub fn new(model: &Gmm, summary: FitSummary) -> Self {
        let d = model.dim;
        ModelFile {
            format: FORMAT.into(),
            version: VERSION,
            k: model.k(),
            dim: d,
            columns: summary.columns.to_vec(),
            covariance_type: model.covariance_type.to_string(),
            weights: model.weights.clone(),
            means: (0..model.k()).map(|c| model.mean(c).to_vec()).collect(),
            covariances: (0..model.k())
                .map(|c| {
                    (0..d)
                        .map(|a| (0..d).map(|b| stored_entry(model, c, a, b)).collect())
                        .collect()
                })
                .collect(),
            reg_covar: summary.reg_covar,
            data: TrainingData {
                source: summary.source.into(),
                n: summary.n,
            },
            log_likelihood: summary.log_likelihood,
            n_parameters: model.n_parameters(),
            bic: summary.bic,
            aic: summary.aic,
            spurious_components: summary.spurious_components,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a model file serialises") + "\n"
    }

    /// Parses and checks a model file; `source` names it in messages. A UTF-8 byte-order mark
    /// (Windows editors write one) is read past, as it is in CSV. What the parameters determine
    /// (the parameter count, BIC, AIC) is recomputed rather than trusted.
    pub fn parse(source: &str, text: &str) -> Result<(ModelFile, Gmm), InputError> {
        let fail = |what: String| InputError::new(format!("{source}: {what}"));
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| fail(format!("not a gmm-tui model file (not JSON: {e})")))?;
        super::unique_keys::check_unique_keys(text)
            .map_err(|e| fail(format!("not a valid model file: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(fail(format!(
                "not a gmm-tui model file (no \"format\": \"{FORMAT}\"); write one with `gmm-tui fit --save`"
            )));
        }
        check_version(value.get("version")).map_err(fail)?;
        let mut file: ModelFile = serde_json::from_value(value)
            .map_err(|e| fail(format!("not a valid model file: {e}")))?;
        let model = file.to_model().map_err(|e| fail(e.0))?;
        file.check_summary(&model).map_err(fail)?;
        file.n_parameters = model.n_parameters();
        file.bic = bic(file.log_likelihood, file.n_parameters, file.data.n);
        file.aic = aic(file.log_likelihood, file.n_parameters);
        Ok((file, model))
    }

    /// What the file says of the fit beside the parameters, checked against them: `reg_covar`
    /// is not negative, spurious components exist, there was a point, and the log-likelihood
    /// is one the parameters can give `data.n` points (no point's density exceeds the mixture's
    /// peak, Σₖ πₖ·N(μₖ | μₖ, Σₖ)).
    fn check_summary(&self, model: &Gmm) -> Result<(), String> {
        let k = model.k();
        if self.reg_covar < 0.0 {
            return Err(format!(
                "reg_covar {} is negative (it is added to every variance, so it is 0 or more)",
                shortest(self.reg_covar)
            ));
        }
        if let Some(&c) = self.spurious_components.iter().find(|&&c| c >= k) {
            return Err(format!(
                "spurious_components names component {c}, but the model has {k} (numbered from 0)"
            ));
        }
        if self.data.n == 0 {
            return Err("data.n is 0, but a model is fitted on one point at least".into());
        }
        let peak = log_peak_density(model);
        let most = self.data.n as f64 * peak;
        if self.log_likelihood > most + 1e-9 * most.abs().max(1.0) {
            return Err(format!(
                "log_likelihood {} is higher than {} can reach under these parameters (at most {most:.3})",
                shortest(self.log_likelihood),
                plural(self.data.n, "point")
            ));
        }
        Ok(())
    }

    /// The mixture, after checking shapes, finiteness, weights, symmetry, the covariance type's
    /// form and positive definiteness.
    pub fn to_model(&self) -> Result<Gmm, InputError> {
        let (k, d) = (self.k, self.dim);
        let covariance_type: CovarianceType = self.covariance_type.parse().map_err(InputError)?;
        let shape = |what: &str, expected: String| {
            Err(InputError::new(format!(
                "{what} must be {expected} (k = {k}, dim = {d})"
            )))
        };
        if k == 0 || d == 0 {
            return Err(InputError::new("k and dim must be at least 1"));
        }
        if self.columns.len() != d {
            return shape("columns", format!("{d} names"));
        }
        refuse_repeated_names(&self.columns)?;
        if self.weights.len() != k {
            return shape("weights", format!("{k} numbers"));
        }
        if self.means.len() != k || self.means.iter().any(|m| m.len() != d) {
            return shape("means", format!("{k}×{d}"));
        }
        if self.covariances.len() != k
            || self
                .covariances
                .iter()
                .any(|c| c.len() != d || c.iter().any(|row| row.len() != d))
        {
            return shape("covariances", format!("{k}×{d}×{d}"));
        }
        let all_numbers = self
            .weights
            .iter()
            .chain(self.means.iter().flatten())
            .chain(self.covariances.iter().flatten().flatten());
        if all_numbers.clone().any(|v| !v.is_finite()) {
            return Err(InputError::new("every parameter must be a finite number"));
        }
        if self.weights.iter().any(|&w| w <= 0.0) {
            return Err(InputError::new("weights must all be positive"));
        }
        let total: f64 = self.weights.iter().sum();
        if (total - 1.0).abs() > WEIGHT_SUM_TOLERANCE {
            return Err(InputError::new(format!("weights sum to {total:.6}, not 1")));
        }
        let full: Vec<f64> = self
            .covariances
            .iter()
            .flatten()
            .flatten()
            .copied()
            .collect();
        for c in 0..k {
            check_covariance(covariance_type, &full, d, c)?;
        }
        Ok(Gmm::from_full(
            covariance_type,
            d,
            self.weights.clone(),
            self.means.concat(),
            &full,
        ))
    }
}

/// The file's `version`, checked: this build reads [`VERSION`], written as a whole number.
fn check_version(version: Option<&serde_json::Value>) -> Result<(), String> {
    use serde_json::Value;
    let reads = format!("this gmm-tui reads version {VERSION}");
    match version {
        None => Err(format!("model file has no \"version\" ({reads})")),
        Some(Value::Number(v)) => match v.as_u64() {
            Some(v) if v == u64::from(VERSION) => Ok(()),
            Some(v) => Err(format!("model file version {v} is not supported ({reads})")),
            None => Err(format!(
                "model file version {v} is not a whole number ({reads})"
            )),
        },
        Some(Value::String(v)) => Err(format!(
            "model file version \"{v}\" is a string, not a number ({reads})"
        )),
        Some(other) => Err(format!(
            "model file version {other} is not a number ({reads})"
        )),
    }
}

/// Columns are found by name, so two with one name would feed one file column twice.
fn refuse_repeated_names(columns: &[String]) -> Result<(), InputError> {
    for (b, name) in columns.iter().enumerate() {
        if let Some(a) = columns[..b].iter().position(|n| n == name) {
            return Err(InputError::new(format!(
                "the model's columns name '{}' twice (columns {} and {}); each column needs its \
                 own name",
                excerpt(name.as_bytes()),
                a + 1,
                b + 1
            )));
        }
    }
    Ok(())
}

/// ln Σₖ πₖ·N(μₖ | μₖ, Σₖ): the mixture's density at its highest possible, over no point
/// more (each component's density peaks at its mean).
fn log_peak_density(model: &Gmm) -> f64 {
    let d = model.dim;
    let half_log_two_pi = 0.5 * (2.0 * std::f64::consts::PI).ln();
    let peaks: Vec<f64> = (0..model.k())
        .map(|c| {
            // ln det Σ⁻¹ / 2: each variance's for a diagonal type, else the factor's diagonal.
            let log_det_u: f64 = if model.covariance_type.is_diagonal() {
                model.variances(c).iter().map(|v| -0.5 * v.ln()).sum()
            } else {
                let u = precision_cholesky(model.stored_covariance(c), d)
                    .expect("checked positive definite");
                (0..d).map(|a| u[a * d + a].ln()).sum()
            };
            model.weights[c].ln() + log_det_u - d as f64 * half_log_two_pi
        })
        .collect();
    let top = peaks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    top + peaks.iter().map(|p| (p - top).exp()).sum::<f64>().ln()
}

/// Entry (a, b) of component `c`'s covariance as the file stores it: a diagonal type's
/// off-diagonal terms are exact zeros, as its form says (loading refuses any other value).
fn stored_entry(model: &Gmm, c: usize, a: usize, b: usize) -> f64 {
    let d = model.dim;
    let stored = model.stored_covariance(c);
    match (model.covariance_type.is_diagonal(), a == b) {
        (true, true) => stored[a],
        (true, false) => 0.0,
        (false, _) => stored[a * d + b],
    }
}

/// Component `c`'s covariance (of the K×D×D `full`) is symmetric, has the form
/// `covariance_type` promises, and is positive definite.
fn check_covariance(
    covariance_type: CovarianceType,
    full: &[f64],
    d: usize,
    c: usize,
) -> Result<(), InputError> {
    let dd = d * d;
    let cov = &full[c * dd..(c + 1) * dd];
    let fail = |what: &str| {
        Err(InputError::new(format!(
            "the covariance of component {c} (0-based) {what}"
        )))
    };
    let scale = (0..d).map(|a| cov[a * d + a].abs()).fold(0.0, f64::max);
    for a in 0..d {
        for b in 0..a {
            if (cov[a * d + b] - cov[b * d + a]).abs() > SYMMETRY_TOLERANCE * scale {
                return fail("is not symmetric");
            }
        }
    }
    let off_diagonal_zero = (0..d).all(|a| (0..d).all(|b| a == b || cov[a * d + b] == 0.0));
    match covariance_type {
        CovarianceType::Diag | CovarianceType::Spherical if !off_diagonal_zero => {
            return fail(&format!(
                "has off-diagonal terms, but the type is {covariance_type}"
            ));
        }
        CovarianceType::Spherical if (1..d).any(|a| cov[a * d + a] != cov[0]) => {
            return fail("has unequal variances, but the type is spherical");
        }
        CovarianceType::Tied if cov != &full[..dd] => {
            return fail("differs from component 0's, but the type is tied");
        }
        _ => {}
    }
    let positive = if covariance_type.is_diagonal() {
        (0..d).all(|a| cov[a * d + a] > 0.0)
    } else {
        precision_cholesky(cov, d).is_some()
    };
    if !positive {
        return fail("is not positive definite");
    }
    Ok(())
}
