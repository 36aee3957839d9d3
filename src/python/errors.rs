//! Bad input as Python reports it: the command line's one-line messages, in which the names of
//! its options become the Python API's (`-k must be at least 1` reads `n_components must be at
//! least 1`), so that one set of checks and words serves both.

use pyo3::PyErr;
use pyo3::exceptions::PyValueError;

use crate::core::InputError;

/// The command line's option names and the Python API's. A name is replaced only where it
/// stands as a whole word, so `--init-means` is never read as `--init`.
const PYTHON_NAMES: [(&str, &str); 12] = [
    ("--allow-spurious", "allow_spurious=True"),
    ("--init-variance", "precisions_init"),
    ("--init-weights", "weights_init"),
    ("--init-means", "means_init"),
    ("--covariance", "covariance_type"),
    ("--reg-covar", "reg_covar"),
    ("--restarts", "n_init"),
    ("--max-iter", "max_iter"),
    ("--init", "init_params"),
    ("--seed", "random_state"),
    ("--tol", "tol"),
    ("-k", "n_components"),
];

/// Whether `c` can be part of an option's name.
fn in_name(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// `message` with the command line's option names replaced by the Python API's.
pub fn python_names(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    'scan: while let Some(c) = rest.chars().next() {
        if !out.chars().next_back().is_some_and(in_name) {
            for (cli, python) in PYTHON_NAMES {
                if let Some(after) = rest.strip_prefix(cli)
                    && !after.starts_with(in_name)
                {
                    out.push_str(python);
                    rest = after;
                    continue 'scan;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `ValueError` with `e`'s message in the Python API's names.
pub fn value_error(e: InputError) -> PyErr {
    PyValueError::new_err(python_names(&e.0))
}
