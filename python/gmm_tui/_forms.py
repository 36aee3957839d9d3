"""Covariances and their precision Cholesky factors in scikit-learn's shapes per covariance
type (full: K×D×D, tied: D×D, diag: K×D, spherical: K) and as the K full D×D matrices the native
module takes."""

import numpy as np

from gmm_tui import _native


def shape(covariance_type, k, d):
    """The shape of ``covariances_`` (and of ``precisions_init``) for the type."""
    return {"full": (k, d, d), "tied": (d, d), "diag": (k, d), "spherical": (k,)}[
        covariance_type
    ]


def to_full(values, covariance_type, k, d):
    """K full D×D matrices from the type's shape: tied repeated, diagonal ones spread."""
    if covariance_type == "full":
        return np.ascontiguousarray(values, dtype=np.float64)
    if covariance_type == "tied":
        return np.ascontiguousarray(np.repeat(values[None], k, axis=0), dtype=np.float64)
    if covariance_type == "spherical":
        values = np.repeat(values[:, None], d, axis=1)
    return np.ascontiguousarray(values[:, :, None] * np.eye(d), dtype=np.float64)


def from_full(full, covariance_type):
    """The type's shape from K full matrices in that type's form."""
    if covariance_type == "full":
        return full
    if covariance_type == "tied":
        return full[0].copy()
    diagonal = np.diagonal(full, axis1=1, axis2=2)
    return diagonal.copy() if covariance_type == "diag" else diagonal[:, 0].copy()


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
    """K full upper-triangular factors for the native evaluation. A full or tied factor given
    lower-triangular (scikit-learn keeps Cholesky(precisions_init) so until its first M-step)
    describes the same precision; it is refactored into the upper form from that precision."""
    full = to_full(factors, covariance_type, k, d)
    if covariance_type in ("full", "tied") and np.any(np.tril(full, -1)):
        full = _native.precision_cholesky(
            np.ascontiguousarray(np.linalg.inv(full @ full.transpose(0, 2, 1)))
        )
    return full


def covariances_from_precisions(precisions_init, covariance_type, k, d):
    """K full covariances from scikit-learn's ``precisions_init`` (the type's shape), checked
    as scikit-learn checks it: symmetric and positive definite, or positive."""
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
    return to_full(inverted, covariance_type, k, d)
