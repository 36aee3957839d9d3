"""Fixtures shared by the tests: every data set of datasets.py, and the installed command."""

import pathlib
import shutil
import sys

import pytest

from datasets import DATASETS


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
