//! The terminal app and the command line from Python: `gmm_tui.view(X)` opens the app on an
//! array, and the package's `gmm-tui` command (and `python -m gmm_tui`) runs the same
//! command line as the binary.

use std::ffi::OsString;

use numpy::{PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use super::arrays::{values, with_points};
use super::errors::value_error;
use super::fit::Settings;
use crate::app::{App, DataSource};
use crate::core::fit::check_option_values;
use crate::core::sklearn_fit::GivenStart;
use crate::core::{Dataset, InputError, Start};
use crate::terminal;

/// The app on `x` until the user quits (the same app and keys as the command's), with the
/// model and restarts `settings` describe and, given `means_init`, an explicit first start as
/// the command's `--init-means` (and `--init-weights`) make.
#[pyfunction]
#[pyo3(signature = (x, settings, fps, means_init=None, weights_init=None))]
pub fn view(
    py: Python<'_>,
    x: PyReadonlyArray2<'_, f64>,
    settings: Settings,
    fps: i64,
    means_init: Option<PyReadonlyArray2<'_, f64>>,
    weights_init: Option<PyReadonlyArray1<'_, f64>>,
) -> PyResult<()> {
    let mut options = settings.options().map_err(value_error)?;
    let s = &options.settings;
    check_option_values(options.k, s.reg_covar, s.tol, options.restarts).map_err(value_error)?;
    let fps = u32::try_from(fps)
        .ok()
        .filter(|fps| (1..=120).contains(fps))
        .ok_or_else(|| PyValueError::new_err("fps must be between 1 and 120"))?;
    options.first_start = match (means_init, weights_init) {
        (Some(means), weights) => {
            let k = options.k;
            let given = GivenStart {
                weights: Some(weights.map_or_else(|| vec![1.0 / k as f64; k], |w| values(&w))),
                means: Some(values(&means)),
                covariances: None,
            };
            given
                .check(k, x.shape()[1], options.covariance_type)
                .map_err(value_error)?;
            Some(Start::Explicit {
                means: given.means.unwrap_or_default(),
                covariance: None,
                weights: given.weights.unwrap_or_default(),
            })
        }
        (None, Some(_)) => {
            return Err(PyValueError::new_err(
                "weights_init needs means_init in the app (the weights of the given means)",
            ));
        }
        (None, None) => None,
    };
    if let Some(why) = terminal::unavailable() {
        return Err(PyRuntimeError::new_err(format!(
            "the app needs a terminal ({why}); GaussianMixture fits without one"
        )));
    }
    let outcome = with_points(py, &x, settings.columns(), |data| {
        data.check_values().map_err(Failure::Input)?;
        let source = DataSource::File {
            path: "NumPy array".into(),
        };
        // The app's own copy, in columns (what it draws from): its background work can
        // outlive a quit by a moment, and must not read the array after this call returns.
        let columns = (0..data.dim())
            .map(|a| data.column_values(a).collect())
            .collect();
        let owned = Dataset::from_column_vecs(data.source.clone(), data.columns.clone(), columns);
        let mut app = App::new(owned, source, options);
        let notes: Vec<String> = app.reg_covar_note().into_iter().collect();
        app.tell_loading_notes(&notes);
        terminal::run(app, fps, None).map_err(|e| Failure::Terminal(format!("{e}")))
    })?;
    match outcome {
        Ok(()) => Ok(()),
        Err(Failure::Input(e)) => Err(value_error(e)),
        Err(Failure::Terminal(e)) => Err(PyRuntimeError::new_err(e)),
    }
}

/// Why the app did not run to the user's quitting.
enum Failure {
    Input(InputError),
    Terminal(String),
}

/// Runs the command line on `argv` (the program's name first) and gives its exit status.
#[pyfunction]
pub fn main(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    // As the binary does, for the report of a panic (none is expected); another installer
    // (an earlier call) already put its hooks in place.
    let _ = color_eyre::install();
    py.detach(|| crate::cli::entry::main(argv))
}
