"""scikit-learn's interface: parameters, fitted attributes (settable), arrays in any dtype and
order, sample, the estimator protocol, and the memory a fit takes."""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.mixture import GaussianMixture as SklearnMixture

from conftest import command
from datasets import COVARIANCE_TYPES, faithful, generated, iris
from gmm_tui import GaussianMixture, NotFittedError


def test_fitted_attributes_have_scikit_learns_shapes():
    X = generated()
    shapes = {"full": (3, 3, 3), "tied": (3, 3), "diag": (3, 3), "spherical": (3,)}
    for covariance_type in COVARIANCE_TYPES:
        ours = GaussianMixture(3, covariance_type=covariance_type, random_state=0).fit(X)
        theirs = SklearnMixture(3, covariance_type=covariance_type, random_state=0).fit(X)
        for attribute in ("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"):
            assert getattr(ours, attribute).shape == getattr(theirs, attribute).shape
            assert getattr(ours, attribute).dtype == np.float64
        assert ours.covariances_.shape == shapes[covariance_type]
        assert isinstance(ours.n_iter_, int) and isinstance(ours.converged_, bool)
        assert ours.n_features_in_ == 3
        assert np.isclose(ours.weights_.sum(), 1.0)
        assert len(ours.lower_bounds_) == ours.n_iter_
        proba = ours.predict_proba(X)
        assert proba.shape == (len(X), 3)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
        assert np.array_equal(ours.predict(X), proba.argmax(axis=1))
        assert ours.predict(X).dtype == np.int64
        assert ours.score(X) == pytest.approx(np.mean(ours.score_samples(X)), rel=1e-15)


def test_a_model_made_by_assignment_predicts_and_assigning_covariances_replaces_the_factors():
    X = faithful()
    fitted = GaussianMixture(2, random_state=0).fit(X)
    made = GaussianMixture(2)
    with pytest.raises(NotFittedError):
        made.predict(X)
    assert not hasattr(made, "weights_")
    made.weights_ = fitted.weights_
    made.means_ = fitted.means_
    made.covariances_ = fitted.covariances_
    np.testing.assert_allclose(made.score_samples(X), fitted.score_samples(X), rtol=1e-13)
    # Wider covariances now: the precision factors must follow, not stay stale.
    made.covariances_ = fitted.covariances_ * 4
    np.testing.assert_allclose(made.precisions_cholesky_, fitted.precisions_cholesky_ / 2)
    fresh = GaussianMixture(2)
    fresh.weights_, fresh.means_ = fitted.weights_, fitted.means_
    fresh.covariances_ = fitted.covariances_ * 4
    np.testing.assert_array_equal(made.score_samples(X), fresh.score_samples(X))
    assert not np.allclose(made.score_samples(X), fitted.score_samples(X))
    # And back from factors alone.
    made.precisions_cholesky_ = fitted.precisions_cholesky_
    np.testing.assert_allclose(made.covariances_, fitted.covariances_, rtol=1e-12)


def test_float32_fortran_and_strided_arrays_fit_as_c_ordered_float64():
    X = iris()
    want = GaussianMixture(3, random_state=4).fit(X)
    for variant in (np.asfortranarray(X), np.repeat(X, 2, axis=1)[:, ::2], X.tolist()):
        got = GaussianMixture(3, random_state=4).fit(variant)
        np.testing.assert_array_equal(got.means_, want.means_)
    single = GaussianMixture(3, random_state=4).fit(X.astype(np.float32))
    assert single.means_.dtype == np.float64
    np.testing.assert_allclose(single.means_, want.means_, rtol=1e-5)


def test_random_state_makes_fits_and_samples_reproducible():
    X = generated()
    a = GaussianMixture(3, n_init=3, random_state=7).fit(X)
    b = GaussianMixture(3, n_init=3, random_state=7).fit(X)
    np.testing.assert_array_equal(a.means_, b.means_)
    points, labels = a.sample(5000)
    again, _ = a.sample(5000)
    np.testing.assert_array_equal(points, again)
    assert points.shape == (5000, 3) and labels.shape == (5000,)
    assert np.all(np.diff(labels) >= 0), "grouped by component"
    counts = np.bincount(labels, minlength=3) / 5000
    np.testing.assert_allclose(counts, a.weights_, atol=0.03)
    for c in range(3):
        np.testing.assert_allclose(points[labels == c].mean(axis=0), a.means_[c], atol=0.2)
    generator = np.random.default_rng(3)
    GaussianMixture(3, random_state=generator).fit(X)


def test_the_estimator_protocol():
    model = GaussianMixture(4, covariance_type="diag", tol=1e-4, allow_spurious=True)
    params = model.get_params()
    assert params["n_components"] == 4 and params["allow_spurious"] is True
    copy = clone(model)
    assert copy.get_params() == params and copy is not model
    assert model.set_params(n_components=2) is model and model.n_components == 2
    with pytest.raises(ValueError, match="invalid parameter 'n_component'"):
        model.set_params(n_component=2)
    assert repr(model) == (
        "GaussianMixture(n_components=2, covariance_type='diag', tol=0.0001, "
        "allow_spurious=True)"
    )
    assert repr(GaussianMixture()) == "GaussianMixture()"


def test_init_params_takes_scikit_learns_names_and_this_projects():
    import gmm_tui._native as native

    X = generated()
    # The start each name runs, as restarts_ describes it ("mixed" starts 1,000 points by hc).
    runs = {"kmeans": "kmeans", "k-means++": "kmeans++", "random_from_data": "random",
            "random": "random", "mixed": "hc", "kmeans++": "kmeans++",
            "scaled-kmeans++": "scaled", "hc": "hc", "small-em": "small-em",
            "collapsed": "collapsed"}
    assert set(native.START_METHODS) == set(runs)
    for name in native.START_METHODS:
        model = GaussianMixture(3, init_params=name, random_state=2).fit(X)
        assert model.restarts_[0]["init"].split(" ")[0] == runs[name], name


def test_spurious_policy_prefers_a_sound_restart_unless_allowed():
    """Six exactly repeated points planted beside two clusters (as tests/workflow.rs plants
    them): a component shrunk onto them wins on likelihood alone."""
    lines = subprocess.run(
        [command(), "generate", "--scenario", "seed", "--points", "300", "--seed", "5"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()[1:]
    X = np.array([[float(v) for v in line.split(",")] for line in lines] + [[2.5, -3.0]] * 6)
    settings = dict(n_init=10, random_state=1, tol=1e-6, max_iter=1000, init_params="k-means++")
    default = GaussianMixture(3, **settings).fit(X)
    allowed = GaussianMixture(3, allow_spurious=True, **settings).fit(X)
    flagged = [r for r in default.restarts_ if r["spurious_components"]]
    assert flagged, "some restart lands on the repeated point"
    chosen = next(r for r in default.restarts_ if r["best"])
    assert chosen["spurious_components"] == [] and default.spurious_components_ == []
    spike = next(r for r in allowed.restarts_ if r["best"])
    assert spike["spurious_components"] and allowed.spurious_components_
    # The first restart within tol·N of the highest, as the command line chooses.
    highest = max(r["log_likelihood"] for r in allowed.restarts_)
    assert spike["log_likelihood"] >= highest - 1e-6 * len(X)
    assert allowed.lower_bound_ > default.lower_bound_


def measure_peak(order, dtype, n=2_000_000, start="explicit"):
    """Peak resident memory a fit adds over the points' own, in a fresh interpreter: its
    VmHWM (ru_maxrss would start at the forking parent's size). The points are drawn in place
    (no temporary as large as they are), so the peak before the fit is theirs. `start`: the
    explicit start below, or an `init_params` name."""
    shape = "(2, n)" if order == "F" else "(n, 2)"
    fit = "**start" if start == "explicit" else f"init_params={start!r}, random_state=0"
    script = textwrap.dedent(f"""
        import json, re
        import numpy as np
        from gmm_tui import GaussianMixture
        def peak():
            status = open("/proc/self/status").read()
            return int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) * 1024
        start = dict(weights_init=[0.5, 0.5], means_init=[[-1, 0], [1, 0]],
                     precisions_init=[np.eye(2), np.eye(2)])
        GaussianMixture(2, max_iter=3, **start).fit(np.random.default_rng(0).normal(size=(1000, 2)))
        n = {n}
        X = np.random.default_rng(1).standard_normal({shape}, dtype=np.{dtype})
        X = X.T if "{order}" == "F" else X
        assert X.flags["{order}_CONTIGUOUS"]
        before = peak()
        GaussianMixture(2, max_iter=5, tol=0, {fit}).fit(X)
        print(json.dumps({{"data": X.nbytes, "added": peak() - before}}))
    """)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_a_c_or_fortran_ordered_float64_array_is_not_copied():
    """A copy of the points would add their own size to the peak; reading them in place adds
    only a chunk per thread. float32 is converted once: it adds a float64 copy."""
    for order in ("C", "F"):
        peak = measure_peak(order, "float64")
        assert peak["added"] < 0.25 * peak["data"], (order, peak)
    # The default start (k-means on a sample of the points) reads them in place too.
    started = measure_peak("C", "float64", start="kmeans")
    assert started["added"] < 0.25 * started["data"], started
    converted = measure_peak("C", "float32")
    assert converted["added"] > 1.5 * converted["data"], converted


def test_pipelines_searches_and_cross_validation_take_it_as_a_density_estimator():
    # scikit-learn 1.8 on refuses an estimator without __sklearn_tags__ in all of these.
    from sklearn.model_selection import GridSearchCV, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.utils.validation import check_is_fitted

    X = iris()
    pipeline = make_pipeline(StandardScaler(), GaussianMixture(3, random_state=0)).fit(X)
    check_is_fitted(pipeline[-1])
    assert pipeline.predict(X).shape == (len(X),)
    search = GridSearchCV(
        make_pipeline(StandardScaler(), GaussianMixture(random_state=0)),
        {"gaussianmixture__n_components": [2, 3]},
        cv=3,
    ).fit(X)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    scores = cross_val_score(GaussianMixture(2, random_state=0), X, cv=3)
    assert np.all(np.isfinite(scores))


def test_a_data_frame_with_other_columns_than_the_fits_is_refused_and_complex_data_too():
    pd = pytest.importorskip("pandas")
    X = iris()
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    model = GaussianMixture(3, random_state=0).fit(frame)
    with pytest.raises(ValueError, match="feature names should match"):
        model.predict(frame[["d", "c", "b", "a"]])
    np.testing.assert_array_equal(model.predict(frame), model.predict(X))
    with pytest.raises(ValueError, match="Complex data not supported"):
        GaussianMixture(2).fit(X + 1j)


def test_a_fit_that_does_not_converge_warns_as_scikit_learn_and_as_gmm_tui():
    """Filters written for scikit-learn's ConvergenceWarning apply (the warning is both), and
    gmm-tui does not import scikit-learn to make it so."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning as SklearnConvergenceWarning

    from gmm_tui import ConvergenceWarning

    X = generated()
    with warnings.catch_warnings():
        warnings.simplefilter("error", SklearnConvergenceWarning)
        with pytest.raises(SklearnConvergenceWarning):
            GaussianMixture(3, max_iter=1, random_state=0).fit(X)
    with pytest.warns(ConvergenceWarning):
        GaussianMixture(3, max_iter=1, random_state=0).fit(X)
    script = textwrap.dedent(
        """
        import sys, warnings
        import numpy as np
        from gmm_tui import ConvergenceWarning, GaussianMixture
        X = np.random.default_rng(0).normal(size=(200, 2))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            GaussianMixture(3, max_iter=1, random_state=0).fit(X)
        assert [w.category for w in caught] == [ConvergenceWarning], caught
        assert "sklearn" not in sys.modules
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_warm_start_continues_from_the_last_fit_as_scikit_learn_does():
    import warnings

    X = generated()
    start = {
        "weights_init": [0.3, 0.3, 0.4],
        "means_init": X[[0, 100, 200]],
        "precisions_init": np.repeat(np.eye(X.shape[1])[None], 3, axis=0),
        "max_iter": 3,
        "tol": 1e-12,
        "warm_start": True,
    }
    ours = GaussianMixture(3, **start)
    theirs = SklearnMixture(3, **start)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            ours.fit(X)
            theirs.fit(X)
            np.testing.assert_allclose(ours.means_, theirs.means_, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(ours.covariances_, theirs.covariances_, rtol=1e-8)
            assert ours.lower_bound_ == pytest.approx(theirs.lower_bound_, rel=1e-12)
    with pytest.raises(ValueError, match="warm_start: the last fit has 3 components"):
        ours.set_params(n_components=2, weights_init=None, means_init=None, precisions_init=None)
        ours.fit(X)


def test_verbose_prints_scikit_learns_lines_for_each_initialisation(capsys):
    X = generated()
    GaussianMixture(2, n_init=2, verbose=2, random_state=0).fit(X)
    lines = capsys.readouterr().out.splitlines()
    assert [l.split("\t")[0] for l in lines] == [
        "Initialization 0",
        "Initialization converged.",
        "Initialization 1",
        "Initialization converged.",
    ]
    assert lines[1].split("\t")[1].startswith(" lower bound -")
    GaussianMixture(2, random_state=0).fit(X)
    assert capsys.readouterr().out == ""
