"""Covariances and their precision Cholesky factors in scikit-learn's shapes per covariance
type (full: K×D×D, tied: D×D, diag: K×D, spherical: K) and in the form the native module
stores them (full and tied: K matrices D×D; diag and spherical: K×D variances)."""

import numpy as np

from gmm_tui import _native


def shape(covariance_type, k, d):
    """The shape of ``covariances_`` (and of ``precisions_init``) for the type."""
    return {"full": (k, d, d), "tied": (d, d), "diag": (k, d), "spherical": (k,)}[
        covariance_type
    ]


def to_stored(values, covariance_type, k, d):
    """The native module's form from the type's shape: tied repeated K times, spherical's
    one number D times."""
    if covariance_type == "tied":
        values = np.repeat(values[None], k, axis=0)
    elif covariance_type == "spherical":
        values = np.repeat(values[:, None], d, axis=1)
    return np.ascontiguousarray(values, dtype=np.float64)


def from_stored(stored, covariance_type):
    """The type's shape from the native module's form."""
    if covariance_type == "tied":
        return stored[0].copy()
    if covariance_type == "spherical":
        return stored[:, 0].copy()
    return stored


def precision_cholesky(covariances, covariance_type):
    """scikit-learn's ``precisions_cholesky_`` from ``covariances_``: for full and tied each
    covariance's upper-triangular U with U·Uᵀ = Σ⁻¹ (the native module's Cholesky and
    triangular inverse, as scikit-learn's), for diag and spherical 1/√σ²."""
    if covariance_type in ("full", "tied"):
        full = covariances if covariance_type == "full" else covariances[None]
        factors = _native.precision_cholesky(np.ascontiguousarray(full, dtype=np.float64))
        return factors if covariance_type == "full" else factors[0]
    if np.any(covariances <= 0.0):
        raise ValueError("covariances_ must be positive for a diag or spherical model")
    return 1.0 / np.sqrt(covariances)


def precisions(factors, covariance_type):
    """``precisions_`` = U·Uᵀ, from ``precisions_cholesky_``."""
    if covariance_type == "full":
        return factors @ factors.transpose(0, 2, 1)
    if covariance_type == "tied":
        return factors @ factors.T
    return factors**2


def covariances(factors, covariance_type):
    """``covariances_`` = (U·Uᵀ)⁻¹, for a model given only ``precisions_cholesky_``."""
    if covariance_type in ("full", "tied"):
        return np.linalg.inv(precisions(factors, covariance_type))
    return 1.0 / factors**2


def upper_factors(factors, covariance_type, k, d):
    """The factors in the native module's form, for its evaluation. A full or tied factor
    given lower-triangular (scikit-learn keeps Cholesky(precisions_init) so until its first
    M-step) describes the same precision; it is refactored into the upper form from that
    precision."""
    stored = to_stored(factors, covariance_type, k, d)
    if covariance_type in ("full", "tied") and np.any(np.tril(stored, -1)):
        stored = _native.precision_cholesky(
            np.ascontiguousarray(np.linalg.inv(stored @ stored.transpose(0, 2, 1)))
        )
    return stored


def covariances_from_precisions(precisions_init, covariance_type, k, d):
    """Covariances in the native module's form from scikit-learn's ``precisions_init`` (the
    type's shape), checked as scikit-learn checks it: symmetric and positive definite, or
    positive."""
    from gmm_tui._checks import array

    values = array("precisions_init", precisions_init, shape(covariance_type, k, d))
    if covariance_type in ("full", "tied"):
        full = values if covariance_type == "full" else values[None]
        for c, precision in enumerate(full):
            where = f" of component {c} (0-based)" if covariance_type == "full" else ""
            if not np.allclose(precision, precision.T):
                raise ValueError(f"precisions_init{where} must be symmetric")
            try:
                np.linalg.cholesky(precision)
            except np.linalg.LinAlgError:
                raise ValueError(
                    f"precisions_init{where} must be positive definite"
                ) from None
        inverted = np.linalg.inv(values)
    else:
        if np.any(values <= 0.0):
            raise ValueError("precisions_init must be positive")
        inverted = 1.0 / values
    return to_stored(inverted, covariance_type, k, d)
