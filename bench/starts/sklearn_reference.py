"""scikit-learn's reference numbers for `gmm-tui bench starts` (issue 16).

Run:  python3 bench/starts/sklearn_reference.py [--export | DATASET …]
Needs numpy, pandas and scikit-learn 1.9 (pip install scikit-learn pandas, in a venv).

--export writes scikit-learn's bundled data sets as CSV fixtures (tests/fixtures/wine.csv,
breast_cancer.csv, digits.csv: UCI data, CC BY 4.0, as scikit-learn ships them). Otherwise, for every
data set of cells.json and every cell (K, covariance type), GaussianMixture(n_init=10,
random_state=0) at our tolerance (tol=1e-6 on the mean log-likelihood, max_iter=1000,
reg_covar=1e-6) is fitted (only the named data sets' cells are redone when some are named) as ten single fits sharing one RandomState(0): the very inits that
n_init=10 draws, in order (checked against one n_init=10 fit). Written to sklearn.json:
- log_likelihood: scikit-learn's own pick (the highest lower bound), total log-likelihood;
- sound_log_likelihood: the highest of the ten whose components are all sound (null if none);
- spurious: the pick's spurious components, by gmm-tui's rule (src/core/spurious.rs, ported in
  spurious_components below: fewer effective points than its covariance needs — D + 1 for full,
  2 for diag and spherical, none for tied, which is pooled —, or a direction of the covariance,
  standardised by the data's standard deviations, flatter than 1e-10, or than 1e-4 and within
  10 × of what reg_covar alone gives there);
- inits: each of the ten inits' log-likelihood, spurious components and effective points (N_k),
  so that a change of the point counts alone can be re-marked without refitting.
The Rust bench reads the JSON; nothing here is a dependency of `cargo test`. SKLEARN_REFERENCE_OUT
names another output file (to run data sets in parallel and join the cells after).
"""
import json
import os
import pathlib
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from make_sklearn_fixtures import full_covariances  # noqa: E402  (one copy of the expansion)
FIXTURES = ROOT / "tests" / "fixtures"
TYPES = ["spherical", "diag", "tied", "full"]
SETTINGS = dict(tol=1e-6, max_iter=1000, reg_covar=1e-6)
RESTARTS = 10
warnings.simplefilter("ignore", ConvergenceWarning)


def export():
    from sklearn.datasets import load_breast_cancer, load_digits, load_wine

    for name, loader, fmt in [
        ("wine", load_wine, "%.10g"),
        ("breast_cancer", load_breast_cancer, "%.10g"),
        ("digits", load_digits, "%d"),
    ]:
        bunch = loader()
        names = [str(f).replace(" ", "_").replace("/", "_") for f in bunch.feature_names]
        frame = pd.DataFrame(bunch.data, columns=names)
        frame.to_csv(FIXTURES / f"{name}.csv", index=False, float_format=None if fmt == "%.10g" else "%d")
        print(f"wrote tests/fixtures/{name}.csv ({frame.shape[0]} × {frame.shape[1]})", file=sys.stderr)


def load(spec):
    frame = pd.read_csv(ROOT / spec["file"])
    if spec.get("columns"):
        frame = frame[spec["columns"]].dropna()
    return frame.to_numpy(dtype=float)


def points_needed(covariance_type, d):
    """The effective points a component's covariance needs (src/core/spurious.rs)."""
    return {"full": d + 1, "diag": 2, "spherical": 2, "tied": 0}[covariance_type]


def spurious_components(covariance_type, covariances, nk, reg_covar, variances):
    """gmm-tui's rule (src/core/spurious.rs): the components (0-based) that are spurious."""
    d = covariances.shape[1]
    varying = [a for a in range(d) if variances[a] > 0]
    sd = np.sqrt(variances[varying])
    found = []
    for c, cov in enumerate(covariances):
        if nk[c] < points_needed(covariance_type, d):
            found.append(c)
            continue
        if not varying:
            continue
        # A diagonal covariance's eigenvectors are the axes: the same test on its variances.
        s = cov[np.ix_(varying, varying)] / np.outer(sd, sd)
        w, v = np.linalg.eigh(s)
        regularised = (v**2 * (reg_covar / sd**2)[:, None]).sum(axis=0)
        flat = (w <= 1e-10) | ((w <= 1e-4) & (w <= 10 * regularised))
        if flat.any():
            found.append(c)
    return found


def cell(x, k, covariance_type):
    n, d = x.shape
    variances = x.var(axis=0)
    rs = np.random.RandomState(0)
    fits = []
    for _ in range(RESTARTS):
        gm = GaussianMixture(k, covariance_type=covariance_type, random_state=rs, **SETTINGS)
        try:
            gm.fit(x)
        except (ValueError, np.linalg.LinAlgError) as e:
            fits.append(None)
            continue
        nk = gm.predict_proba(x).sum(axis=0)
        spurious = spurious_components(covariance_type, full_covariances(gm, k, d), nk,
                                       SETTINGS["reg_covar"], variances)
        fits.append(dict(lower_bound=gm.lower_bound_, log_likelihood=gm.score(x) * n,
                         converged=bool(gm.converged_), iterations=int(gm.n_iter_), spurious=spurious,
                         points=[float(v) for v in nk]))
    ok = [f for f in fits if f is not None]
    if not ok:
        return dict(log_likelihood=None, sound_log_likelihood=None, error="every init failed")
    # n_init picks the first highest lower bound (strictly greater replaces).
    pick = None
    for f in ok:
        if pick is None or f["lower_bound"] > pick["lower_bound"]:
            pick = f
    sound = [f["log_likelihood"] for f in ok if not f["spurious"]]
    return dict(
        log_likelihood=pick["log_likelihood"],
        converged=pick["converged"],
        iterations=pick["iterations"],
        spurious=pick["spurious"],
        sound_log_likelihood=max(sound) if sound else None,
        failed_inits=len(fits) - len(ok),
        inits=[None if f is None else {key: f[key] for key in ("log_likelihood", "spurious", "points")}
               for f in fits],
    )


def check_same_as_n_init(x, k, covariance_type, expected):
    gm = GaussianMixture(k, covariance_type=covariance_type, n_init=RESTARTS, random_state=0, **SETTINGS)
    gm.fit(x)
    got = gm.score(x) * x.shape[0]
    assert abs(got - expected) <= 1e-9 * abs(expected), (got, expected)


def main():
    if "--export" in sys.argv:
        export()
        return
    specs = json.loads((HERE / "cells.json").read_text())["datasets"]
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    out_path = HERE / "sklearn.json"
    if os.environ.get("SKLEARN_REFERENCE_OUT"):
        out_path = pathlib.Path(os.environ["SKLEARN_REFERENCE_OUT"])
    previous = json.loads(out_path.read_text())["cells"] if out_path.exists() and only else []
    cells = [c for c in previous if c["data"] not in only]
    for spec in specs:
        if only and spec["name"] not in only:
            continue
        x = load(spec)
        for k in spec["k"]:
            for t in TYPES:
                clock = time.time()
                result = cell(x, k, t)
                if spec["name"] == "wine" and k == 3 and t == "full":
                    check_same_as_n_init(x, k, t, result["log_likelihood"])
                cells.append(dict(data=spec["name"], k=k, covariance=t, **result))
                print(f"{spec['name']} K={k} {t}: {result['log_likelihood']} "
                      f"({time.time() - clock:.1f} s)", file=sys.stderr, flush=True)
    order = {s["name"]: i for i, s in enumerate(specs)}
    cells.sort(key=lambda c: (order[c["data"]], c["k"], TYPES.index(c["covariance"])))
    document = dict(
        tool=f"scikit-learn {sklearn.__version__}, numpy {np.__version__}",
        settings=dict(n_init=RESTARTS, random_state=0, **SETTINGS),
        cells=cells,
    )
    out_path.write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
