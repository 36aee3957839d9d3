//! A fitted mixture used on points: `predict`, `predict_proba`, `score_samples` (row by row in
//! plain f64, as the command line's `predict` and `score`), `sample`, and the model file that
//! `fit --save` writes and `predict --model` reads.

use numpy::{
    PyArray1, PyReadonlyArray1, PyReadonlyArray2, PyReadonlyArray3, PyReadonlyArrayDyn,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::arrays::{POINTS, matrices, matrix, stored, values};
use super::errors::value_error;
use crate::cli::args::ModelFileArg;
use crate::cli::predict::load_model;
use crate::core::dataset::positional_names;
use crate::core::input::memory::ensure_points_fit;
use crate::core::model::{aic, bic};
use crate::core::model_file::{FitSummary, ModelFile};
use crate::core::predict::Evaluator;
use crate::core::{CovarianceType, Gmm, InputError};

/// A mixture as the Python side's arrays give it: its covariances, or their precision Cholesky
/// factors, as the covariance type stores them ([`Gmm::covariances`]).
struct Parts {
    covariance_type: CovarianceType,
    weights: Vec<f64>,
    /// K×D.
    means: Vec<f64>,
    /// K×D×D for full and tied, K×D for diag and spherical.
    stored: Vec<f64>,
    dim: usize,
}

/// The mixture of K `weights`, K×D `means` and `stored` matrices or variances of
/// `covariance_type`, after checking the shapes agree.
fn parts(
    weights: &PyReadonlyArray1<'_, f64>,
    means: &PyReadonlyArray2<'_, f64>,
    stored: &PyReadonlyArrayDyn<'_, f64>,
    covariance_type: &str,
) -> PyResult<Parts> {
    let covariance_type: CovarianceType = covariance_type
        .parse()
        .map_err(|e: String| value_error(InputError(e)))?;
    let k = weights.as_array().len();
    let d = means.as_array().ncols();
    let shape = stored.shape().to_vec();
    let expected = if covariance_type.is_diagonal() {
        vec![k, d]
    } else {
        vec![k, d, d]
    };
    if means.as_array().nrows() != k || shape != expected {
        return Err(PyValueError::new_err(format!(
            "the model's parameters disagree: {k} weights, {} means of {d} coordinates, \
             {covariance_type} covariances of shape {shape:?}",
            means.as_array().nrows()
        )));
    }
    Ok(Parts {
        covariance_type,
        weights: values(weights),
        means: values(means),
        stored: values(stored),
        dim: d,
    })
}

/// Labels (`predict`), responsibilities (`predict_proba`) or log-densities (`score_samples`)
/// of `x` under the mixture whose precision Cholesky factors are `factors`, as the covariance
/// type stores them (full and tied: K×D×D upper-triangular; diag and spherical: K×D).
#[pyfunction]
pub fn evaluate<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'py, f64>,
    weights: PyReadonlyArray1<'py, f64>,
    means: PyReadonlyArray2<'py, f64>,
    factors: PyReadonlyArrayDyn<'py, f64>,
    covariance_type: &str,
    what: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let Parts {
        covariance_type,
        weights,
        means,
        stored: factors,
        dim: d,
    } = parts(&weights, &means, &factors, covariance_type)?;
    let k = weights.len();
    if x.shape()[1] != d {
        return Err(PyValueError::new_err(format!(
            "{POINTS} has {} columns, but the model has {d}",
            x.shape()[1]
        )));
    }
    let evaluator =
        Evaluator::from_precision_cholesky(covariance_type, &weights, &means, &factors, d)
            .map_err(|c| {
                PyValueError::new_err(format!(
                    "component {c} (0-based) has a weight or a precision Cholesky diagonal \
                     entry that is not a positive number"
                ))
            })?;
    let prediction = super::arrays::with_points(py, &x, None, |data| {
        data.check_values().map(|_| evaluator.predict(data))
    })?
    .map_err(value_error)?;
    let n = prediction.labels.len();
    Ok(match what {
        "predict" => {
            let labels: Vec<i64> = prediction.labels.iter().map(|&l| l as i64).collect();
            PyArray1::from_vec(py, labels).into_any()
        }
        "predict_proba" => matrix(py, prediction.proba, n, k)?.into_any(),
        _ => PyArray1::from_vec(py, prediction.log_density).into_any(),
    })
}

/// scikit-learn's `_compute_precision_cholesky` of full matrices (K×D×D): each one's
/// upper-triangular U with U·Uᵀ = Σ⁻¹, by a Cholesky factorisation and a triangular inverse.
#[pyfunction]
pub fn precision_cholesky<'py>(
    py: Python<'py>,
    covariances: PyReadonlyArray3<'py, f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let shape = covariances.as_array().shape().to_vec();
    let d = shape[1];
    if shape[2] != d {
        return Err(PyValueError::new_err(format!(
            "covariances of shape {shape:?} are not square matrices"
        )));
    }
    let values = values(&covariances);
    let mut factors = Vec::with_capacity(values.len());
    for (c, covariance) in values.chunks_exact((d * d).max(1)).enumerate() {
        let u = crate::core::linalg::precision_cholesky(covariance, d).ok_or_else(|| {
            PyValueError::new_err(format!(
                "the covariance of component {c} (0-based) is not positive definite"
            ))
        })?;
        factors.extend(u);
    }
    Ok(matrices(py, factors, d)?.into_any())
}

/// `n` points drawn from the mixture (scikit-learn's `sample`): the points, grouped by
/// component, and their components.
#[pyfunction]
pub fn sample<'py>(
    py: Python<'py>,
    weights: PyReadonlyArray1<'py, f64>,
    means: PyReadonlyArray2<'py, f64>,
    covariances: PyReadonlyArrayDyn<'py, f64>,
    covariance_type: &str,
    n: i64,
    seed: u64,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let model = mixture(&weights, &means, &covariances, covariance_type)?;
    let d = model.dim;
    let n = usize::try_from(n)
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| PyValueError::new_err("n_samples must be at least 1"))?;
    ensure_points_fit("n_samples", n, (d as u128 + 1) * 8).map_err(value_error)?;
    let samples = py
        .detach(|| crate::core::sample::sample(&model, n, seed))
        .map_err(value_error)?;
    let labels: Vec<i64> = samples.labels.iter().map(|&l| l as i64).collect();
    Ok((
        matrix(py, samples.points, n, d)?.into_any(),
        PyArray1::from_vec(py, labels).into_any(),
    ))
}

fn mixture(
    weights: &PyReadonlyArray1<'_, f64>,
    means: &PyReadonlyArray2<'_, f64>,
    covariances: &PyReadonlyArrayDyn<'_, f64>,
    covariance_type: &str,
) -> PyResult<Gmm> {
    let Parts {
        covariance_type,
        weights,
        means,
        stored: covariances,
        dim,
    } = parts(weights, means, covariances, covariance_type)?;
    Ok(Gmm {
        covariance_type,
        dim,
        weights,
        means,
        covariances,
    })
}

/// What a model file says of the fit besides the parameters.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct Summary {
    columns: Option<Vec<String>>,
    reg_covar: f64,
    source: String,
    n: usize,
    log_likelihood: f64,
    spurious_components: Vec<usize>,
}

/// Writes the mixture to `path` as the model file `fit --save` writes, after the checks that
/// `predict --model` makes on reading it: a file saved here always loads there.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn save(
    path: std::path::PathBuf,
    weights: PyReadonlyArray1<'_, f64>,
    means: PyReadonlyArray2<'_, f64>,
    covariances: PyReadonlyArrayDyn<'_, f64>,
    covariance_type: &str,
    summary: Summary,
) -> PyResult<()> {
    let model = mixture(&weights, &means, &covariances, covariance_type)?;
    let columns = summary
        .columns
        .unwrap_or_else(|| positional_names(model.dim));
    let p = model.n_parameters();
    let file = ModelFile::new(
        &model,
        FitSummary {
            columns: &columns,
            reg_covar: summary.reg_covar,
            source: &summary.source,
            n: summary.n,
            log_likelihood: summary.log_likelihood,
            bic: bic(summary.log_likelihood, p, summary.n),
            aic: aic(summary.log_likelihood, p),
            spurious_components: summary.spurious_components,
        },
    );
    file.to_model().map_err(value_error)?;
    std::fs::write(&path, file.to_json()).map_err(|e| {
        value_error(InputError::new(format!(
            "{}: cannot write the model: {e}",
            path.display()
        )))
    })
}

/// Reads a model file written by `fit --save` (or `save`), with every check `predict --model`
/// makes.
#[pyfunction]
pub fn load(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Bound<'_, PyDict>> {
    let (file, model) = load_model(&ModelFileArg { path }).map_err(value_error)?;
    let (k, d) = (model.k(), model.dim);
    let out = PyDict::new(py);
    out.set_item("covariance_type", model.covariance_type.name())?;
    out.set_item("weights", PyArray1::from_vec(py, model.weights))?;
    out.set_item("means", matrix(py, model.means, k, d)?)?;
    out.set_item(
        "covariances",
        stored(py, model.covariances, model.covariance_type, d)?,
    )?;
    out.set_item("columns", file.columns)?;
    out.set_item("reg_covar", file.reg_covar)?;
    out.set_item("source", file.data.source)?;
    out.set_item("n", file.data.n)?;
    out.set_item("log_likelihood", file.log_likelihood)?;
    out.set_item("spurious_components", file.spurious_components)?;
    Ok(out)
}
