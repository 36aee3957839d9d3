"""Data sets shared by the tests: iris and Old Faithful (the repository's fixtures) and
generated clusters with correlated covariances."""

import pathlib
import shutil
import sys

import numpy as np
import pytest

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


DATASETS = {"iris": (iris, 3), "faithful": (faithful, 2), "generated": (generated, 3)}


@pytest.fixture(params=sorted(DATASETS))
def dataset(request):
    """(name, X, K) for every data set."""
    load, k = DATASETS[request.param]
    return request.param, load(), k


def command():
    """The installed ``gmm-tui`` command of the environment running the tests."""
    path = shutil.which("gmm-tui", path=str(pathlib.Path(sys.executable).parent))
    assert path, "gmm-tui is not installed beside this Python"
    return path
