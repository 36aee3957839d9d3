"""Arguments as the native module takes them: points as float64 NumPy arrays read in place,
parameters of the right type, ``random_state`` as a seed."""

import numbers
import os

import numpy as np

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")


def points(X):
    """``X`` as a 2-D float64 array the native module reads in place, and its column names.

    A C- or Fortran-ordered float64 array is passed as it is (no copy); any other dtype
    (float32, integers) is converted once, and a strided view made contiguous once. Column names
    come from a DataFrame whose column labels are all strings.
    """
    labels = getattr(X, "columns", None)
    names = None
    if labels is not None and all(isinstance(c, str) for c in labels):
        names = [str(c) for c in labels]
    X = np.asarray(X)
    if X.ndim != 2:
        hint = "; X.reshape(-1, 1) makes one column of it" if X.ndim == 1 else ""
        raise ValueError(
            f"X must be 2-dimensional (points × columns), not {X.ndim}-dimensional{hint}"
        )
    if np.iscomplexobj(X):
        raise ValueError("Complex data not supported: X must hold real numbers")
    if X.dtype != np.float64:
        try:
            X = X.astype(np.float64)
        except (TypeError, ValueError) as e:
            raise ValueError(f"X must hold numbers: {e}") from None
    if not (X.flags.c_contiguous or X.flags.f_contiguous) or not X.flags.aligned:
        X = np.ascontiguousarray(X)
    return X, names


def integer(name, value):
    """``value`` if it is an integer (not a bool): ``TypeError`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
    return int(value)


def number(name, value):
    """``value`` as a float if it is a real number (not a bool): ``TypeError`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    return float(value)


def text(name, value):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    return value


def seed(random_state):
    """A 64-bit seed from scikit-learn's ``random_state``: ``None`` (fresh entropy), a
    non-negative integer (itself), or a ``numpy.random.RandomState`` or ``Generator`` (a number
    drawn from it, which advances it)."""
    if random_state is None:
        return int.from_bytes(os.urandom(8), "little")
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(0, 2**62, dtype=np.int64))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**63))
    value = integer("random_state", random_state)
    if not 0 <= value < 2**64:
        raise ValueError(f"random_state must be between 0 and 2**64 - 1, not {value}")
    return value


def settings(estimator, columns):
    """The native fit's settings from an estimator's (or ``view``'s) parameters."""
    covariance_type = text("covariance_type", estimator.covariance_type)
    if covariance_type not in COVARIANCE_TYPES:
        raise ValueError(
            f"unknown covariance type '{covariance_type}' "
            "(expected full, diag, spherical or tied)"
        )
    return {
        "n_components": integer("n_components", estimator.n_components),
        "covariance_type": covariance_type,
        "tol": number("tol", estimator.tol),
        "reg_covar": number("reg_covar", estimator.reg_covar),
        "max_iter": integer("max_iter", estimator.max_iter),
        "n_init": integer("n_init", estimator.n_init),
        "init_params": text("init_params", estimator.init_params),
        "seed": seed(estimator.random_state),
        "allow_spurious": bool(estimator.allow_spurious),
        "columns": columns,
    }


def array(name, value, shape):
    """``value`` as a float64 array of ``shape``; ``ValueError`` naming it otherwise."""
    try:
        result = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must hold numbers: {e}") from None
    if result.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, not {result.shape}")
    return np.ascontiguousarray(result)
