"""Bad input raises ValueError (TypeError for a wrong type) with the command line's one-line
message, its options named as the Python API names them; never a crash."""

import subprocess

import numpy as np
import pytest

from conftest import command
from datasets import FIXTURES, faithful
from gmm_tui import GaussianMixture, NotFittedError

X = faithful()


def message_of(call):
    with pytest.raises(ValueError) as caught:
        call()
    text = str(caught.value)
    assert "\n" not in text
    return text


def cli_message(*args):
    """The command line's own message for the same mistake."""
    done = subprocess.run([command(), *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 2
    return done.stderr.strip().splitlines()[-1].removeprefix("gmm-tui: error: ")


def test_option_values_are_refused_in_the_command_lines_words():
    fit = lambda **kw: GaussianMixture(**kw).fit(X)  # noqa: E731
    csv = str(FIXTURES / "faithful.csv")
    cases = [
        ({"n_components": 0}, ["-k", "0"], "n_components must be at least 1"),
        ({"n_components": -3}, ["-k", "0"], "n_components must be at least 1"),
        ({"n_components": 300}, ["-k", "300"], "n_components must be at most 255"),
        ({"reg_covar": -1.0}, ["--reg-covar", "-1"], "reg_covar must be a finite number ≥ 0"),
        ({"tol": float("nan")}, ["--tol", "nan"], "tol must be a finite number ≥ 0"),
        ({"n_init": 0}, ["--restarts", "0"], "n_init must be at least 1"),
    ]
    for params, cli, python in cases:
        assert message_of(lambda: fit(**params)) == python
        cli_words = cli_message("fit", "--data", csv, *cli)
        for option, name in [("-k", "n_components"), ("--reg-covar", "reg_covar"),
                             ("--tol", "tol"), ("--restarts", "n_init")]:
            cli_words = cli_words.replace(option, name)
        assert cli_words == python
    assert message_of(lambda: fit(n_components=300, max_iter=-1)) == (
        "max_iter must be a non-negative integer"
    )
    assert message_of(lambda: fit(covariance_type="ful")) == (
        "unknown covariance type 'ful' (expected full, diag, spherical or tied)"
    )
    assert message_of(lambda: fit(init_params="kmean")) == (
        "init_params 'kmean': expected one of kmeans, k-means++, random_from_data, random, "
        "mixed, kmeans++, scaled-kmeans++, hc, small-em, collapsed"
    )
    with pytest.raises(TypeError, match="n_components must be an integer, not float"):
        fit(n_components=2.5)


def test_bad_points_are_named():
    bad = X.copy()
    bad[4, 1] = np.nan
    assert message_of(lambda: GaussianMixture(2).fit(bad)) == (
        "X: column 'x2', point 5: NaN is not a finite number"
    )
    assert message_of(lambda: GaussianMixture(2).fit(X[:, 0])) == (
        "X must be 2-dimensional (points × columns), not 1-dimensional; "
        "X.reshape(-1, 1) makes one column of it"
    )
    assert message_of(lambda: GaussianMixture(3).fit(X[:2])) == (
        "3 components need at least 3 points, but the data has 2"
    )
    assert message_of(lambda: GaussianMixture(2).fit(np.empty((0, 2)))) == (
        "X has shape (0, 2): it needs at least one point and one column"
    )
    assert message_of(lambda: GaussianMixture(2).fit([["a", "b"], ["c", "d"]])).startswith(
        "X must hold numbers"
    )
    huge = X * 1e150
    assert "beyond ±1e145 its squares overflow f64" in message_of(
        lambda: GaussianMixture(2).fit(huge)
    )


def test_a_fit_with_no_model_says_why_and_what_to_change_as_the_command_line_does(tmp_path):
    same = tmp_path / "same.csv"
    same.write_text("x,y\n1,1\n1,1\n1,1\n")
    text = message_of(lambda: GaussianMixture(1, reg_covar=0.0).fit(np.ones((3, 2))))
    assert text == cli_message("fit", "--data", same, "-k", "1", "--reg-covar", "0").replace(
        "--reg-covar", "reg_covar"
    )
    assert text == (
        "every restart ended with a singular covariance (degenerate), so there is no model to "
        "report: raise reg_covar above its 0 (default 1e-6) or scale the data"
    )
    far = message_of(lambda: GaussianMixture(2, means_init=[[1e200, 0], [5, 5]]).fit(X))
    assert far.endswith(
        "component 1 starts at (1e200, 0), far from every point: it gets no responsibility, so "
        "no point can move it; start it among the data (means_init)"
    )


def test_given_starts_are_checked():
    model = lambda **kw: GaussianMixture(2, **kw)  # noqa: E731
    assert message_of(lambda: model(means_init=[[0, 0]]).fit(X)) == (
        "means_init must have shape (2, 2), not (1, 2)"
    )
    assert message_of(lambda: model(weights_init=[0.5, 0.4]).fit(X)) == (
        "weights_init must be non-negative and sum to 1 (they sum to 0.9)"
    )
    not_definite = np.array([[[1.0, 2.0], [2.0, 1.0]], np.eye(2)])
    assert message_of(lambda: model(precisions_init=not_definite).fit(X)) == (
        "precisions_init of component 0 (0-based) must be positive definite"
    )
    assert message_of(lambda: model(covariance_type="diag", precisions_init=[[1, 0], [1, 1]]).fit(X)) == (
        "precisions_init must be positive"
    )


def test_using_a_model_wrongly():
    with pytest.raises(NotFittedError, match="call fit first"):
        GaussianMixture(2).predict(X)
    fitted = GaussianMixture(2, random_state=0).fit(X)
    assert message_of(lambda: fitted.predict(np.ones((3, 3)))) == (
        "X has 3 columns, but the model has 2"
    )
    assert message_of(lambda: fitted.sample(0)) == "n_samples must be at least 1"
    assert "would need" in message_of(lambda: fitted.sample(10**15))
