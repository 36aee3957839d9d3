"""The model file moves between Python and the command line: a model saved here is the one
`gmm-tui predict`, `score` and `sample` use, and a `gmm-tui fit --save` file loads here."""

import csv
import io
import json
import subprocess

import numpy as np
import pytest

from conftest import command
from datasets import COVARIANCE_TYPES, FIXTURES, faithful, generated
from gmm_tui import GaussianMixture


def run(*args):
    done = subprocess.run([command(), *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def predictions(model_path, data_path):
    """The command line's labels and probabilities, as arrays."""
    rows = list(csv.DictReader(io.StringIO(run("predict", "--model", model_path, "--data", data_path, "--proba"))))
    labels = np.array([int(r["component"]) for r in rows])
    proba = np.array([[float(v) for k, v in r.items() if k.startswith("proba_")] for r in rows])
    return labels, proba


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_a_model_saved_here_predicts_on_the_command_line_as_here(tmp_path, covariance_type):
    X = generated()
    model = GaussianMixture(3, covariance_type=covariance_type, random_state=0).fit(X)
    path, points = tmp_path / "model.json", tmp_path / "points.npy"
    model.save(path)
    np.save(points, X)  # its columns are x1 … xD, as the model's
    labels, proba = predictions(path, points)
    assert np.array_equal(labels, model.predict(X))
    np.testing.assert_allclose(proba, model.predict_proba(X), rtol=0, atol=1e-12)
    scored = json.loads(run("score", "--model", path, "--data", points, "--json"))
    np.testing.assert_allclose(scored["score_samples"], model.score_samples(X), rtol=1e-12)
    assert scored["score"] == pytest.approx(model.score(X), rel=1e-12)
    saved = json.loads(path.read_text())
    assert saved["covariance_type"] == covariance_type
    assert saved["data"] == {"source": "NumPy array", "n": len(X)}
    assert saved["log_likelihood"] == pytest.approx(model.score(X) * len(X), rel=1e-12)
    assert saved["bic"] == pytest.approx(model.bic(X), rel=1e-12)
    sampled = run("sample", "--model", path, "-n", 50)
    assert sampled.splitlines()[0] == "x1,x2,x3,component"


def test_a_command_line_model_loads_here_and_predicts_as_there(tmp_path):
    path = tmp_path / "model.json"
    data = FIXTURES / "faithful.csv"
    run("fit", "--data", data, "-k", 2, "--covariance", "diag", "--save", path)
    model = GaussianMixture.load(path)
    assert model.covariance_type == "diag" and model.n_components == 2
    assert list(model.feature_names_in_) == ["eruptions", "waiting"]
    labels, proba = predictions(path, data)
    X = faithful()
    assert np.array_equal(model.predict(X), labels)
    np.testing.assert_allclose(model.predict_proba(X), proba, rtol=0, atol=1e-12)


def test_saving_what_was_loaded_writes_the_same_file(tmp_path):
    X = faithful()
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    GaussianMixture(2, covariance_type="tied", random_state=3).fit(X).save(first)
    loaded = GaussianMixture.load(first)
    loaded.save(second)
    assert first.read_text() == second.read_text()
    again = GaussianMixture.load(second)
    np.testing.assert_array_equal(again.covariances_, loaded.covariances_)
    assert again.covariances_.shape == (2, 2)


def test_a_model_made_by_assignment_saves_with_its_points(tmp_path):
    X = faithful()
    fitted = GaussianMixture(2, random_state=0).fit(X)
    made = GaussianMixture(2)
    made.weights_, made.means_, made.covariances_ = fitted.weights_, fitted.means_, fitted.covariances_
    with pytest.raises(ValueError, match=r"save\(path, X\)"):
        made.save(tmp_path / "m.json")
    made.save(tmp_path / "m.json", X)
    assert json.loads((tmp_path / "m.json").read_text())["data"]["n"] == len(X)
    made.weights_ = [0.5, 0.4]
    with pytest.raises(ValueError, match="weights sum to 0.900000, not 1"):
        made.save(tmp_path / "bad.json", X)


def test_a_broken_file_is_refused_with_the_command_lines_message(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"format": "gmm-tui model", "version": 9}')
    with pytest.raises(ValueError, match="model file version 9 is not supported"):
        GaussianMixture.load(path)
    with pytest.raises(ValueError, match="cannot read the model file: no such file"):
        GaussianMixture.load(tmp_path / "missing.json")
