"""The data sets the tests (and bench/python_vs_sklearn.py) fit: iris and Old Faithful (the
repository's fixtures) and generated clusters with correlated covariances."""

import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")


def iris():
    return np.loadtxt(FIXTURES / "iris.csv", delimiter=",", skiprows=1)


def faithful():
    return np.loadtxt(FIXTURES / "faithful.csv", delimiter=",", skiprows=1)


def generated():
    """Three overlapping clusters in 3-D, each with its own correlated covariance."""
    rng = np.random.RandomState(20261206)
    blocks = []
    for centre, n in zip([(0, 0, 0), (4, 1, -2), (1, 5, 3)], (400, 250, 350)):
        a = rng.normal(size=(3, 3))
        blocks.append(rng.multivariate_normal(centre, a @ a.T + 0.5 * np.eye(3), size=n))
    return np.vstack(blocks)


# Each data set and the K its tests fit.
DATASETS = {"iris": (iris, 3), "faithful": (faithful, 2), "generated": (generated, 3)}
