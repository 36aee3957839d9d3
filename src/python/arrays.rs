//! NumPy arrays in and out. Points are read where NumPy keeps them: a C-ordered array as
//! row-major values, a Fortran-ordered one as columns; results move into NumPy without a copy.

use std::sync::Arc;

use numpy::{
    PyArray1, PyArray2, PyArray3, PyArrayMethods, PyReadonlyArray, PyReadonlyArray2,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::core::dataset::{Order, SharedValues};
use crate::core::{CovarianceType, Dataset};

/// The name of the points in messages: the parameter every method calls them.
pub const POINTS: &str = "X";

/// A NumPy array's buffer, read in place for the length of one call.
struct ArrayBuffer {
    start: *const f64,
    len: usize,
}

// SAFETY: the buffer is only read, and `with_points` keeps the array borrowed (NumPy's
// read-only borrow, which refuses writers through rust-numpy) for as long as any reader can
// hold it: it drops the data set before it returns, and checks that nothing kept a clone.
unsafe impl Send for ArrayBuffer {}
unsafe impl Sync for ArrayBuffer {}

impl AsRef<[f64]> for ArrayBuffer {
    fn as_ref(&self) -> &[f64] {
        // SAFETY: `start` and `len` come from a live, aligned, contiguous array's slice.
        unsafe { std::slice::from_raw_parts(self.start, self.len) }
    }
}

/// Runs `work` on `x`'s points, read in place, with the GIL released. `columns` names them
/// (default [`positional_names`](crate::core::dataset::positional_names)).
pub fn with_points<R: Send>(
    py: Python<'_>,
    x: &PyReadonlyArray2<'_, f64>,
    columns: Option<Vec<String>>,
    work: impl FnOnce(&Dataset) -> R + Send,
) -> PyResult<R> {
    let (n, d) = (x.shape()[0], x.shape()[1]);
    if n == 0 || d == 0 {
        return Err(PyValueError::new_err(format!(
            "{POINTS} has shape ({n}, {d}): it needs at least one point and one column"
        )));
    }
    let order = if x.is_c_contiguous() {
        Order::RowMajor
    } else {
        Order::ColumnMajor
    };
    let values = x.as_slice().map_err(|_| {
        PyValueError::new_err(format!("{POINTS} must be a contiguous, aligned array"))
    })?;
    let columns = columns.unwrap_or_else(|| crate::core::dataset::positional_names(d));
    if columns.len() != d {
        return Err(PyValueError::new_err(format!(
            "{} column names for the {d} columns of {POINTS}",
            columns.len()
        )));
    }
    let buffer = Arc::new(ArrayBuffer {
        start: values.as_ptr(),
        len: values.len(),
    });
    let shared: SharedValues = buffer.clone();
    let data = Dataset::from_shared(POINTS.into(), columns, shared, order);
    let result = py.detach(|| work(&data));
    drop(data);
    assert_eq!(
        Arc::strong_count(&buffer),
        1,
        "nothing may keep the points past the call"
    );
    Ok(result)
}

/// A small array's values in C order (parameters, not points: copied).
pub fn values<D: numpy::ndarray::Dimension>(array: &PyReadonlyArray<'_, f64, D>) -> Vec<f64> {
    array.as_array().iter().copied().collect()
}

/// `values` (rows × columns, row-major) as a NumPy matrix, moved rather than copied.
pub fn matrix(
    py: Python<'_>,
    values: Vec<f64>,
    rows: usize,
    columns: usize,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    PyArray1::from_vec(py, values).reshape([rows, columns])
}

/// `values` (K×D×D, row-major) as a NumPy array of K matrices, moved rather than copied.
pub fn matrices(py: Python<'_>, values: Vec<f64>, d: usize) -> PyResult<Bound<'_, PyArray3<f64>>> {
    let k = values.len() / (d * d).max(1);
    PyArray1::from_vec(py, values).reshape([k, d, d])
}

/// Covariances (or their precision factors) as `covariance_type` stores them (K×D×D, or K×D
/// for diag and spherical: [`Gmm::covariances`](crate::core::Gmm::covariances)) as a NumPy
/// array of that shape, moved rather than copied.
pub fn stored(
    py: Python<'_>,
    values: Vec<f64>,
    covariance_type: CovarianceType,
    d: usize,
) -> PyResult<Bound<'_, PyAny>> {
    if covariance_type.is_diagonal() {
        let k = values.len() / d.max(1);
        Ok(matrix(py, values, k, d)?.into_any())
    } else {
        Ok(matrices(py, values, d)?.into_any())
    }
}
