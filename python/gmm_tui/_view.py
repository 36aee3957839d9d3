"""``view``: the terminal app on an array."""

import sys
from types import SimpleNamespace

from gmm_tui import _checks, _native


def view(
    X,
    n_components=2,
    *,
    covariance_type="full",
    tol=1e-6,
    reg_covar=1e-6,
    max_iter=1000,
    n_init=10,
    init_params="mixed",
    weights_init=None,
    means_init=None,
    precisions_init=None,
    random_state=1,
    allow_spurious=False,
    fps=30,
):
    """Opens gmm-tui's terminal app on the points ``X`` (n_samples × n_features) and returns
    when the user quits (``q``): the same app and keys as the ``gmm-tui`` command's.

    The options are ``GaussianMixture``'s (``view(X, **model.get_params())`` works) with the
    app's defaults: ``n_init`` restarts (``a`` runs them all), ``means_init`` (and
    ``weights_init``) as the first start, like the command's ``--init-means``. The app starts
    given means from the data's covariance, so ``precisions_init`` must be ``None``, and it
    always prefers restarts without spurious components. ``fps`` caps the frame rate (lower it
    over slow links). The app needs a terminal: in a notebook, run it from a terminal instead.
    """
    if precisions_init is not None:
        raise ValueError(
            "the app starts given means from the data's covariance: precisions_init is for "
            "GaussianMixture.fit"
        )
    if allow_spurious:
        raise ValueError(
            "the app always prefers restarts without spurious components: "
            "allow_spurious=True is for GaussianMixture.fit"
        )
    X, columns = _checks.points(X)
    parameters = SimpleNamespace(
        n_components=n_components,
        covariance_type=covariance_type,
        tol=tol,
        reg_covar=reg_covar,
        max_iter=max_iter,
        n_init=n_init,
        init_params=init_params,
        random_state=random_state,
        allow_spurious=False,
    )
    settings = _checks.settings(parameters, columns)
    d = X.shape[1]
    means = weights = None
    if means_init is not None:
        means = _checks.array("means_init", means_init, (settings["n_components"], d))
    if weights_init is not None:
        weights = _checks.array("weights_init", weights_init, (settings["n_components"],))
    fps = _checks.integer("fps", fps)
    # The app writes to the terminal directly: what Python holds back must go out first.
    sys.stdout.flush()
    sys.stderr.flush()
    _native.view(X, settings, fps, means, weights)
