"""``GaussianMixture``: scikit-learn's interface and semantics, gmm-tui's EM."""

import functools
import math
import sys
import warnings

import numpy as np

from gmm_tui import _checks, _forms, _native

_PARAMETERS = (
    "n_components",
    "covariance_type",
    "tol",
    "reg_covar",
    "max_iter",
    "n_init",
    "init_params",
    "weights_init",
    "means_init",
    "precisions_init",
    "random_state",
    "warm_start",
    "verbose",
    "verbose_interval",
    "allow_spurious",
)


class ConvergenceWarning(UserWarning):
    """The best restart stopped at ``max_iter`` without converging (scikit-learn's warning of
    the same name)."""


@functools.cache
def _convergence_warning(sklearn_loaded):
    """The category warned with: also scikit-learn's ``ConvergenceWarning`` where scikit-learn
    is loaded, so that its filters (``simplefilter("ignore", ConvergenceWarning)`` in a script
    written for scikit-learn) apply, without importing scikit-learn here."""
    if not sklearn_loaded:
        return ConvergenceWarning
    theirs = sys.modules["sklearn.exceptions"].ConvergenceWarning
    return type("ConvergenceWarning", (ConvergenceWarning, theirs), {"__module__": __name__})


class NotFittedError(ValueError, AttributeError):
    """A model used before it was fitted (or given its parameters), as scikit-learn's."""


class GaussianMixture:
    """A Gaussian mixture fitted by EM, with ``sklearn.mixture.GaussianMixture``'s parameters,
    methods and fitted attributes, fitted by gmm-tui's EM kernel.

    From the same start (``weights_init``, ``means_init`` and ``precisions_init``) and ``tol`` it
    returns scikit-learn's parameters, ``n_iter_`` and ``lower_bound_``. Beyond scikit-learn's:

    init_params : str, default "kmeans"
        scikit-learn's names ("kmeans", "k-means++", "random", "random_from_data") or this
        project's start methods (``gmm_tui._native.START_METHODS`` lists every name); see
        docs/guide.md for what each runs here.
    allow_spurious : bool, default False
        With ``n_init`` > 1, let a restart with a spurious component (one shrunk onto a point or
        a line, whose likelihood only ``reg_covar`` bounds) win when its likelihood is highest,
        as scikit-learn does. By default the best restart without one wins.

    Fitted attributes besides scikit-learn's: ``spurious_components_`` (components of the
    chosen restart flagged spurious) and ``restarts_`` (how each restart ended).
    """

    def __init__(
        self,
        n_components=1,
        *,
        covariance_type="full",
        tol=1e-3,
        reg_covar=1e-6,
        max_iter=100,
        n_init=1,
        init_params="kmeans",
        weights_init=None,
        means_init=None,
        precisions_init=None,
        random_state=None,
        warm_start=False,
        verbose=0,
        verbose_interval=10,
        allow_spurious=False,
    ):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval
        self.allow_spurious = allow_spurious

    # scikit-learn's estimator protocol: clone, grid search and pipelines use these.

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in _PARAMETERS}

    def set_params(self, **params):
        for name, value in params.items():
            if name not in _PARAMETERS:
                raise ValueError(
                    f"invalid parameter {name!r} for GaussianMixture "
                    f"(valid: {', '.join(_PARAMETERS)})"
                )
            setattr(self, name, value)
        return self

    def __sklearn_tags__(self):
        """scikit-learn 1.6 on asks every estimator in a pipeline or a search for its tags
        (1.8 on refuses one without): a density estimator's, from scikit-learn itself, which is
        installed wherever they are asked for (this package never needs it)."""
        from sklearn.base import BaseEstimator

        tags = BaseEstimator.__sklearn_tags__(self)
        tags.estimator_type = "density_estimator"
        return tags

    def __repr__(self):
        defaults = GaussianMixture().get_params()
        changed = [
            f"{name}={value!r}"
            for name, value in self.get_params().items()
            if value is not defaults[name] and not _same(value, defaults[name])
        ]
        return f"GaussianMixture({', '.join(changed)})"

    # Fitted parameters. Assigning one makes a model as scikit-learn's does; covariances_ and
    # precisions_cholesky_ are two forms of one thing, so assigning either replaces both.

    @property
    def weights_(self):
        return self._fitted("_weights", "weights_")

    @weights_.setter
    def weights_(self, value):
        self._weights = np.asarray(value, dtype=np.float64)
        self._training = None

    @property
    def means_(self):
        return self._fitted("_means", "means_")

    @means_.setter
    def means_(self, value):
        self._means = np.asarray(value, dtype=np.float64)
        self._training = None

    @property
    def covariances_(self):
        if getattr(self, "_covariances", None) is None and self._has("_factors"):
            self._covariances = _forms.covariances(self._factors, self.covariance_type)
        return self._fitted("_covariances", "covariances_")

    @covariances_.setter
    def covariances_(self, value):
        self._covariances = np.asarray(value, dtype=np.float64)
        self._factors = None
        self._training = None

    @property
    def precisions_cholesky_(self):
        if getattr(self, "_factors", None) is None and self._has("_covariances"):
            self._factors = _forms.precision_cholesky(self._covariances, self.covariance_type)
        return self._fitted("_factors", "precisions_cholesky_")

    @precisions_cholesky_.setter
    def precisions_cholesky_(self, value):
        self._factors = np.asarray(value, dtype=np.float64)
        self._covariances = None
        self._training = None

    @property
    def precisions_(self):
        return _forms.precisions(self.precisions_cholesky_, self.covariance_type)

    def _has(self, name):
        return getattr(self, name, None) is not None

    def _fitted(self, name, public):
        value = getattr(self, name, None)
        if value is None:
            raise NotFittedError(
                f"this GaussianMixture has no {public}: call fit first (or assign weights_, "
                "means_ and covariances_)"
            )
        return value

    # Fitting.

    def fit(self, X, y=None):
        """Fits the mixture to ``X`` (n_samples × n_features) and returns ``self``."""
        X, columns = _checks.points(X)
        settings = _checks.settings(self, columns)
        k, d = settings["n_components"], X.shape[1]
        warm = self._warm_start(k, d, settings["covariance_type"])
        if warm is not None:
            # scikit-learn's warm start: one initialisation, from the last fit's parameters.
            settings = {**settings, "n_init": 1}
        start = warm if warm is not None else self._given_start(k, d, settings)
        result = _native.fit(X, settings, *start)
        self._weights = result["weights"]
        self._means = result["means"]
        self._covariances = _forms.from_stored(result["covariances"], result["covariance_type"])
        self._factors = None
        self.converged_ = result["converged"]
        self.n_iter_ = result["n_iter"]
        self.lower_bound_ = result["lower_bound"]
        self.lower_bounds_ = result["lower_bounds"]
        self.spurious_components_ = result["spurious_components"]
        self.restarts_ = result["restarts"]
        self.n_features_in_ = d
        if columns is not None:
            self.feature_names_in_ = np.asarray(columns, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self._training = {
            "columns": columns,
            "reg_covar": settings["reg_covar"],
            "source": "NumPy array",
            "n": X.shape[0],
            "log_likelihood": result["log_likelihood"],
            "spurious_components": result["spurious_components"],
        }
        self._say_restarts(X.shape[0])
        if not self.converged_ and settings["max_iter"] > 0:
            warnings.warn(
                f"the best restart did not converge in max_iter={self.max_iter} iterations; "
                "raise max_iter or tol",
                _convergence_warning("sklearn.exceptions" in sys.modules),
                stacklevel=2,
            )
        return self

    def _warm_start(self, k, d, covariance_type):
        """With ``warm_start``, the last fit's weights, means and covariances (the native
        module's form) as the start; ``None`` before a first fit or without it."""
        if not (self.warm_start and self._has("_weights") and self._has("_means")):
            return None
        covariances = self.covariances_
        expected = (k, d, _forms.shape(covariance_type, k, d))
        found = (*self.means_.shape, covariances.shape)
        if found != expected:
            raise ValueError(
                f"warm_start: the last fit has {found[0]} components in {found[1]} dimensions "
                f"and covariances of shape {found[2]}, this fit needs {k} in {d} and "
                f"{expected[2]}; set warm_start=False to start afresh"
            )
        stored = _forms.to_stored(covariances, covariance_type, k, d)
        return self.weights_, self.means_, stored

    def _say_restarts(self, n):
        """scikit-learn's ``verbose`` lines, after the fact: each initialisation, and from
        ``verbose=2`` its lower bound (the native fit runs every restart at once, so there is
        no time lapse, and no per-iteration line)."""
        if not self.verbose:
            return
        for i, restart in enumerate(self.restarts_):
            print(f"Initialization {i}")
            ended = "converged" if restart["status"] == "converged" else "did not converge"
            line = f"Initialization {ended}."
            if self.verbose >= 2:
                line += f"\t lower bound {restart['log_likelihood'] / n:.5f}."
            print(line)

    def _given_start(self, k, d, settings):
        """``weights_init``, ``means_init`` and ``precisions_init`` (as covariances) for the
        native fit, each ``None`` where not given."""
        weights = means = covariances = None
        if self.weights_init is not None:
            weights = _checks.array("weights_init", self.weights_init, (k,))
        if self.means_init is not None:
            means = _checks.array("means_init", self.means_init, (k, d))
        if self.precisions_init is not None:
            covariances = _forms.covariances_from_precisions(
                self.precisions_init, settings["covariance_type"], k, d
            )
        return weights, means, covariances

    def fit_predict(self, X, y=None):
        """Fits the mixture and labels ``X``: ``fit(X).predict(X)``."""
        return self.fit(X).predict(X)

    # Using the fitted mixture.

    def _evaluate(self, X, what):
        weights, means = self.weights_, self.means_
        factors = self.precisions_cholesky_
        if means.ndim != 2 or weights.shape != (means.shape[0],):
            raise ValueError(
                f"weights_ {weights.shape} and means_ {means.shape} do not describe one "
                "mixture: K weights and K×D means"
            )
        k, d = means.shape
        upper = _forms.upper_factors(factors, self.covariance_type, k, d)
        X, columns = _checks.points(X)
        self._check_feature_names(columns)
        return _native.evaluate(X, weights, means, upper, self.covariance_type, what)

    def _check_feature_names(self, columns):
        """A DataFrame's columns must be the fit's, in its order, as scikit-learn requires:
        reordered columns would otherwise be scored silently as the wrong features."""
        fitted = getattr(self, "feature_names_in_", None)
        if fitted is None or columns is None or list(fitted) == list(columns):
            return
        raise ValueError(
            "The feature names should match those that were passed during fit: fitted on "
            f"{list(fitted)}, given {list(columns)}"
        )

    def predict(self, X):
        """Each point's most probable component (0-based)."""
        return self._evaluate(X, "predict")

    def predict_proba(self, X):
        """Each point's probability of coming from each component (rows sum to 1)."""
        return self._evaluate(X, "predict_proba")

    def score_samples(self, X):
        """ln p(x) of each point."""
        return self._evaluate(X, "score_samples")

    def score(self, X, y=None):
        """The mean of ``score_samples(X)``."""
        return float(np.mean(self.score_samples(X)))

    def _n_parameters(self):
        k, d = self.means_.shape
        covariance = {
            "full": k * d * (d + 1) / 2,
            "diag": k * d,
            "tied": d * (d + 1) / 2,
            "spherical": k,
        }[self.covariance_type]
        return int(covariance + k * d + k - 1)

    def bic(self, X):
        """Bayesian information criterion of ``X`` (lower is better)."""
        n = np.asarray(X).shape[0]
        return -2 * self.score(X) * n + self._n_parameters() * math.log(n)

    def aic(self, X):
        """Akaike information criterion of ``X`` (lower is better)."""
        n = np.asarray(X).shape[0]
        return -2 * self.score(X) * n + 2 * self._n_parameters()

    def sample(self, n_samples=1):
        """``n_samples`` points from the mixture and their components: (X, y), grouped by
        component, reproducible with an integer ``random_state``."""
        n = _checks.integer("n_samples", n_samples)
        k, d = self.means_.shape
        stored = _forms.to_stored(self.covariances_, self.covariance_type, k, d)
        seed = _checks.seed(self.random_state)
        return _native.sample(self.weights_, self.means_, stored, self.covariance_type, n, seed)

    # The model file of `gmm-tui fit --save`.

    def save(self, path, X=None):
        """Writes the model as the JSON model file ``gmm-tui fit --save`` writes, which
        ``gmm-tui predict --model``, ``score`` and ``sample`` read (and ``load`` reads back).

        The file records the training data's size and log-likelihood: a fitted model knows
        them; a model whose parameters were assigned needs the points as ``X``.
        """
        k, d = self.means_.shape
        training = getattr(self, "_training", None)
        if X is not None:
            X, columns = _checks.points(X)
            training = {
                "columns": columns,
                "reg_covar": float(self.reg_covar),
                "source": "NumPy array",
                "n": X.shape[0],
                "log_likelihood": float(np.sum(self.score_samples(X))),
                "spurious_components": [],
            }
        if training is None:
            raise ValueError(
                "a model file records the training data's log-likelihood: "
                "save(path, X) with the points this model describes"
            )
        stored = _forms.to_stored(self.covariances_, self.covariance_type, k, d)
        _native.save(
            str(path), self.weights_, self.means_, stored, self.covariance_type, training
        )

    @classmethod
    def load(cls, path):
        """A model read from a file written by ``save`` or ``gmm-tui fit --save``."""
        file = _native.load(str(path))
        k, d = file["means"].shape
        model = cls(
            n_components=k,
            covariance_type=file["covariance_type"],
            reg_covar=file["reg_covar"],
        )
        model._weights = file["weights"]
        model._means = file["means"]
        model._covariances = _forms.from_stored(file["covariances"], file["covariance_type"])
        model._factors = None
        model.n_features_in_ = d
        columns = file["columns"]
        if columns != [f"x{a}" for a in range(1, d + 1)]:
            model.feature_names_in_ = np.asarray(columns, dtype=object)
        model._training = {
            "columns": columns,
            "reg_covar": file["reg_covar"],
            "source": file["source"],
            "n": file["n"],
            "log_likelihood": file["log_likelihood"],
            "spurious_components": file["spurious_components"],
        }
        return model


def _same(a, b):
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False
