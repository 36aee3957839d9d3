"""gmm-tui for Python.

- ``GaussianMixture``: scikit-learn's ``sklearn.mixture.GaussianMixture`` interface and numbers
  (the same start gives the same parameters), fitted by gmm-tui's EM kernel.
- ``view(X)``: the terminal app on an array: watch EM fit it, step by step.
- ``python -m gmm_tui`` (or the ``gmm-tui`` command): the command line.

NumPy is imported on first use of ``GaussianMixture`` or ``view``, so that the ``gmm-tui``
command starts without it.
"""

from gmm_tui._native import __version__

__all__ = [
    "ConvergenceWarning",
    "GaussianMixture",
    "NotFittedError",
    "__version__",
    "view",
]

_LAZY = {
    "ConvergenceWarning": "gmm_tui._mixture",
    "GaussianMixture": "gmm_tui._mixture",
    "NotFittedError": "gmm_tui._mixture",
    "view": "gmm_tui._view",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gmm_tui' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
