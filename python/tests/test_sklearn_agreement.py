"""The numbers against scikit-learn's own GaussianMixture: from the same start and tol the
fitted parameters agree to 1e-8 (relative to each array's largest entry) and lower_bound_ to
1e-10 relative; a model copied from scikit-learn predicts within 1e-10 of it."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning as SklearnConvergenceWarning
from sklearn.mixture import GaussianMixture as SklearnMixture

from datasets import COVARIANCE_TYPES, iris
from gmm_tui import GaussianMixture

PARAMETERS = ("weights_", "means_", "covariances_", "precisions_cholesky_", "precisions_")


def relative_difference(ours, theirs):
    """The largest difference relative to the largest entry of scikit-learn's array."""
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.shape == theirs.shape
    return np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs))


def start_of(X, k, covariance_type, seed):
    """scikit-learn's own k-means start (its parameters before any iteration)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        init = SklearnMixture(
            k, covariance_type=covariance_type, max_iter=0, random_state=seed
        ).fit(X)
    return {
        "weights_init": init.weights_,
        "means_init": init.means_,
        "precisions_init": init.precisions_,
    }


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("tol", [1e-3, 1e-8])
def test_same_start_and_tol_give_scikit_learns_fit(dataset, covariance_type, tol):
    name, X, k = dataset
    for seed in range(3):
        start = start_of(X, k, covariance_type, seed)
        settings = dict(covariance_type=covariance_type, tol=tol, max_iter=1000, **start)
        theirs = SklearnMixture(k, **settings).fit(X)
        ours = GaussianMixture(k, **settings).fit(X)
        assert ours.n_iter_ == theirs.n_iter_
        assert ours.converged_ == theirs.converged_
        for attribute in PARAMETERS:
            difference = relative_difference(getattr(ours, attribute), getattr(theirs, attribute))
            assert difference <= 1e-8, (name, attribute, difference)
        lower = abs(ours.lower_bound_ - theirs.lower_bound_) / abs(theirs.lower_bound_)
        assert lower <= 1e-10, (name, lower)
        if hasattr(theirs, "lower_bounds_"):  # scikit-learn 1.7 and later
            np.testing.assert_allclose(ours.lower_bounds_, theirs.lower_bounds_, rtol=1e-10)
        assert np.array_equal(ours.fit_predict(X), theirs.fit_predict(X))


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("copied", [PARAMETERS[:4], PARAMETERS[:3]])
def test_a_model_copied_from_scikit_learn_predicts_as_it_does(
    dataset, covariance_type, copied
):
    """Copied with precisions_cholesky_ (what scikit-learn predicts with), or with only
    weights_, means_ and covariances_ (then the factors are computed here)."""
    _, X, k = dataset
    theirs = SklearnMixture(k, covariance_type=covariance_type, random_state=0).fit(X)
    ours = GaussianMixture(k, covariance_type=covariance_type)
    for attribute in copied:
        setattr(ours, attribute, getattr(theirs, attribute))
    # Points beyond the data too, where densities are tiny and responsibilities lopsided.
    far = X * 3 - X.mean(axis=0)
    for points in (X, far):
        want = theirs.score_samples(points)
        got = ours.score_samples(points)
        assert np.max(np.abs(got - want) / np.maximum(np.abs(want), 1)) <= 1e-10
        assert np.max(np.abs(ours.predict_proba(points) - theirs.predict_proba(points))) <= 1e-10
        assert np.array_equal(ours.predict(points), theirs.predict(points))
        assert abs(ours.score(points) - theirs.score(points)) <= 1e-10 * abs(theirs.score(points))
        assert abs(ours.bic(points) - theirs.bic(points)) <= 1e-10 * abs(theirs.bic(points))
        assert abs(ours.aic(points) - theirs.aic(points)) <= 1e-10 * abs(theirs.aic(points))


def test_best_of_restarts_reaches_scikit_learns_best_on_iris():
    """Different start methods, so not the same numbers: our best of ten k-means++ restarts
    reaches at least the likelihood of scikit-learn's best of ten k-means starts (both run
    until the mean log-likelihood moves by less than 1e-10)."""
    X = iris()
    for covariance_type in COVARIANCE_TYPES:
        settings = dict(
            covariance_type=covariance_type, n_init=10, tol=1e-10, max_iter=10_000, random_state=1
        )
        ours = GaussianMixture(3, **settings).fit(X)
        theirs = SklearnMixture(3, **settings).fit(X)
        assert ours.score(X) >= theirs.score(X) - 1e-9, covariance_type
