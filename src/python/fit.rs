//! `GaussianMixture.fit`: scikit-learn's semantics ([`fit_as_sklearn`]) on points read in
//! place, with the GIL released and Ctrl-C felt between iterations.

use numpy::{PyReadonlyArray1, PyReadonlyArray2, PyReadonlyArrayDyn};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::arrays::{matrix, stored, values, with_points};
use super::errors::value_error;
use crate::cli::fit::no_model;
use crate::core::sklearn_fit::{FitStop, GivenStart, SklearnFit, fit_as_sklearn};
use crate::core::{
    CovarianceType, EmSettings, FitOptions, InitMethod, InputError, Preference, RestartResult,
};

/// scikit-learn's `init_params` names and the start method each runs here. Any other name is
/// one of this project's own ([`InitMethod`]'s), so a new start method needs no line here;
/// when one of this project's methods matches a scikit-learn name better, change its line.
const SKLEARN_STARTS: [(&str, InitMethod); 4] = [
    // Lloyd's k-means from k-means++ seeds, its clusters starting the components: scikit-learn's
    // default start, run with its KMeans defaults.
    ("kmeans", InitMethod::KMeans),
    // scikit-learn starts from the seeds alone (each component a spike on its seed point);
    // here the seeds split the data, each part starting a component.
    ("k-means++", InitMethod::KMeansPlusPlus),
    // Distinct data points, as scikit-learn's random_from_data; scikit-learn's "random" draws
    // random responsibilities, which start every component near the data's mean.
    ("random_from_data", InitMethod::Random),
    ("random", InitMethod::Random),
];

/// Every name `init_params` takes: scikit-learn's, then this project's other ones.
pub fn start_method_names() -> Vec<&'static str> {
    let sklearn = SKLEARN_STARTS.map(|(name, _)| name);
    let ours = InitMethod::ALL.map(InitMethod::name);
    sklearn
        .into_iter()
        .chain(ours.into_iter().filter(|name| !sklearn.contains(name)))
        .collect()
}

/// The start method `init_params` names.
fn start_method(name: &str) -> Result<InitMethod, InputError> {
    if let Some((_, method)) = SKLEARN_STARTS.iter().find(|(n, _)| *n == name) {
        return Ok(*method);
    }
    name.parse().map_err(|_| {
        InputError::new(format!(
            "init_params '{name}': expected one of {}",
            start_method_names().join(", ")
        ))
    })
}

/// The model's and the fit's settings, as `GaussianMixture`'s parameters name them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct Settings {
    n_components: i64,
    covariance_type: String,
    tol: f64,
    reg_covar: f64,
    max_iter: i64,
    n_init: i64,
    init_params: String,
    /// `random_state` as a seed.
    seed: u64,
    allow_spurious: bool,
    /// The points' column names (a DataFrame's), for the model file.
    columns: Option<Vec<String>>,
}

impl Settings {
    /// The fit options these settings make. A negative count is taken as 0, which the fit's
    /// checks refuse in the command line's words (`n_components must be at least 1`).
    pub fn options(&self) -> Result<FitOptions, InputError> {
        let count = |value: i64| usize::try_from(value).unwrap_or(0);
        let max_iter = match usize::try_from(self.max_iter) {
            Ok(max_iter) => max_iter,
            Err(_) => return Err(InputError::new("max_iter must be a non-negative integer")),
        };
        Ok(FitOptions {
            k: count(self.n_components),
            covariance_type: self.covariance_type.parse().map_err(InputError)?,
            settings: EmSettings {
                reg_covar: self.reg_covar,
                tol: self.tol,
                max_iter,
            },
            restarts: count(self.n_init),
            seed: self.seed,
            method: start_method(&self.init_params)?,
            first_start: None,
            collapsed_start: None,
        })
    }

    pub fn preference(&self) -> Preference {
        crate::cli::setup::preference(self.allow_spurious)
    }

    pub fn columns(&self) -> Option<Vec<String>> {
        self.columns.clone()
    }
}

/// What a fit gives Python: the fitted parameters and scikit-learn's attributes.
struct Fitted {
    covariance_type: CovarianceType,
    k: usize,
    dim: usize,
    fit: SklearnFit,
}

/// Fits a mixture to `x` as scikit-learn's `GaussianMixture.fit` does; `covariances_init` is
/// `precisions_init` inverted, as the covariance type stores covariances (K×D×D, or K×D).
#[pyfunction]
#[pyo3(signature = (x, settings, weights_init=None, means_init=None, covariances_init=None))]
pub fn fit<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    settings: Settings,
    weights_init: Option<PyReadonlyArray1<'py, f64>>,
    means_init: Option<PyReadonlyArray2<'py, f64>>,
    covariances_init: Option<PyReadonlyArrayDyn<'py, f64>>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = settings.options().map_err(value_error)?;
    let given = GivenStart {
        weights: weights_init.as_ref().map(values),
        means: means_init.as_ref().map(values),
        covariances: covariances_init.as_ref().map(values),
    };
    let preference = settings.preference();
    let mut interrupt: Option<PyErr> = None;
    let fitted = with_points(py, &x, settings.columns(), |data| {
        data.check_values()?;
        let mut interrupted = || match Python::attach(|py| py.check_signals()) {
            Ok(()) => false,
            Err(e) => {
                interrupt = Some(e);
                true
            }
        };
        let fit = match fit_as_sklearn(data, &options, &given, preference, &mut interrupted) {
            Ok(fit) => fit,
            Err(FitStop::Bad(e)) => return Err(e),
            Err(FitStop::Interrupted) => return Ok(None),
        };
        if fit.model.is_none() {
            return Err(no_model(
                data,
                &options,
                &fit.restarts,
                given.means.is_some(),
            ));
        }
        Ok(Some(Fitted {
            covariance_type: options.covariance_type,
            k: options.k,
            dim: data.dim(),
            fit,
        }))
    })?
    .map_err(value_error)?;
    match (fitted, interrupt) {
        (Some(fitted), _) => fitted.into_dict(py),
        (None, Some(e)) => Err(e),
        (None, None) => Err(PyValueError::new_err("the fit was interrupted")),
    }
}

impl Fitted {
    fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let Fitted {
            covariance_type,
            k,
            dim,
            fit,
        } = self;
        let (model, log_likelihood) = fit.model.expect("a fitted model");
        let best = fit.restarts.best();
        let out = PyDict::new(py);
        out.set_item("covariance_type", covariance_type.name())?;
        out.set_item("weights", numpy::PyArray1::from_vec(py, model.weights))?;
        out.set_item("means", matrix(py, model.means, k, dim)?)?;
        out.set_item(
            "covariances",
            stored(py, model.covariances, covariance_type, dim)?,
        )?;
        out.set_item("log_likelihood", log_likelihood)?;
        out.set_item("n_iter", fit.n_iter)?;
        out.set_item("converged", fit.converged)?;
        out.set_item("lower_bound", fit.lower_bound)?;
        out.set_item("lower_bounds", fit.lower_bounds)?;
        let spurious: Vec<usize> = best.spurious.iter().map(|s| s.component).collect();
        out.set_item("spurious_components", spurious)?;
        let restarts = fit
            .restarts
            .restarts
            .iter()
            .enumerate()
            .map(|(i, r)| restart_dict(py, r, fit.n_iter > 0, i == fit.restarts.best))
            .collect::<PyResult<Vec<_>>>()?;
        out.set_item("restarts", restarts)?;
        Ok(out)
    }
}

/// How one restart ended, for `restarts_`.
/// `stepped`: the fit ran iterations (`max_iter` > 0), each counted as scikit-learn counts them;
/// `best`: this restart's parameters are the fit's.
fn restart_dict<'py>(
    py: Python<'py>,
    r: &RestartResult,
    stepped: bool,
    best: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("best", best)?;
    out.set_item("init", &r.init)?;
    out.set_item("n_iter", if stepped { r.iterations + 1 } else { 0 })?;
    out.set_item("status", r.status.name())?;
    out.set_item("log_likelihood", r.log_likelihood)?;
    let spurious: Vec<usize> = r.spurious.iter().map(|s| s.component).collect();
    out.set_item("spurious_components", spurious)?;
    Ok(out)
}
