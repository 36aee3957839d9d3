//! The `gmm_tui._native` extension module, which the Python package (`python/gmm_tui`) wraps in
//! scikit-learn's interface. Points arrive as NumPy float64 arrays (the Python side converts
//! any other dtype or layout once) and are read in place; the GIL is released while they are
//! worked on; bad input raises `ValueError` with the command line's one-line message, its
//! options named as the Python API names them.

mod app;
mod arrays;
mod errors;
mod fit;
mod model;

use pyo3::prelude::*;

#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("START_METHODS", fit::start_method_names())?;
    m.add_function(wrap_pyfunction!(fit::fit, m)?)?;
    m.add_function(wrap_pyfunction!(model::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(model::precision_cholesky, m)?)?;
    m.add_function(wrap_pyfunction!(model::sample, m)?)?;
    m.add_function(wrap_pyfunction!(model::save, m)?)?;
    m.add_function(wrap_pyfunction!(model::load, m)?)?;
    m.add_function(wrap_pyfunction!(app::view, m)?)?;
    m.add_function(wrap_pyfunction!(app::main, m)?)?;
    Ok(())
}
