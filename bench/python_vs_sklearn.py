"""gmm_tui.GaussianMixture beside scikit-learn's, in one run: agreement from the same start and
tol, predictions of a model copied from scikit-learn, in-process fit time, and the memory a fit
adds to the points' own.

Run (with gmm-tui installed by `pip install .` and scikit-learn beside it):

    python bench/python_vs_sklearn.py [--rounds 5] [--points 1000000] [--only speed]

Prints the CPU, the load average before and after, and one table per measure. Fits are timed
alternately (ours, scikit-learn's, ours, …) so that load from elsewhere falls on both; the
speed-up is given from the medians and from the fastest runs. Speed is measured twice: with
every core (each library's default) and with one thread each (a fresh interpreter with
RAYON_NUM_THREADS, OPENBLAS_NUM_THREADS and OMP_NUM_THREADS at 1), which is steadier on a
loaded machine, where BLAS threads that spin while they wait slow scikit-learn many times over.
"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import textwrap
import time
import warnings

if "--one-thread" in sys.argv:
    # Before NumPy, scikit-learn or gmm-tui start their thread pools.
    for variable in ("RAYON_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.mixture import GaussianMixture as SklearnMixture  # noqa: E402

import gmm_tui  # noqa: E402
from gmm_tui import GaussianMixture  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = ("full", "tied", "diag", "spherical")
PARAMETERS = ("weights_", "means_", "covariances_", "precisions_cholesky_")


def cpu():
    try:
        info = open("/proc/cpuinfo").read()
    except OSError:
        return platform.processor() or platform.machine()
    name = re.search(r"model name\s*:\s*(.*)", info).group(1)
    avx512 = " avx512f" in info
    return f"{name}{', AVX-512' if avx512 else ''}, {os.cpu_count()} logical CPUs"


def load():
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def datasets():
    """The Python tests' data sets (python/tests/datasets.py): iris, faithful, generated 3-D."""
    sys.path.insert(0, os.path.join(HERE, "..", "python", "tests"))
    from datasets import DATASETS

    return {name: (load(), k) for name, (load, k) in DATASETS.items()}


def relative(ours, theirs):
    return float(np.max(np.abs(np.asarray(ours) - theirs)) / np.max(np.abs(theirs)))


def agreement():
    print("\nSame start (scikit-learn's k-means start, seeds 0-2) and tol: the largest difference")
    print("relative to each array's largest entry, over every fitted parameter; lower_bound_")
    print("relative; n_iter_ equal in every fit.")
    print(f"{'data':<10} {'cov':<10} {'tol':>6} {'params':>9} {'lower_bound_':>13} {'n_iter_':>8}")
    worst = {"params": 0.0, "lower": 0.0}
    for name, (X, k) in datasets().items():
        for covariance_type in TYPES:
            for tol in (1e-3, 1e-8):
                params = lower = 0.0
                iterations, same = [], True
                for seed in range(3):
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", ConvergenceWarning)
                        init = SklearnMixture(k, covariance_type=covariance_type, max_iter=0,
                                              random_state=seed).fit(X)
                    settings = dict(covariance_type=covariance_type, tol=tol, max_iter=1000,
                                    weights_init=init.weights_, means_init=init.means_,
                                    precisions_init=init.precisions_)
                    theirs = SklearnMixture(k, **settings).fit(X)
                    ours = GaussianMixture(k, **settings).fit(X)
                    params = max(params, *(relative(getattr(ours, a), getattr(theirs, a))
                                           for a in PARAMETERS))
                    lower = max(lower, abs(ours.lower_bound_ - theirs.lower_bound_)
                                / abs(theirs.lower_bound_))
                    same &= ours.n_iter_ == theirs.n_iter_
                    iterations.append(theirs.n_iter_)
                worst["params"] = max(worst["params"], params)
                worst["lower"] = max(worst["lower"], lower)
                its = "/".join(map(str, iterations)) if same else "DIFFER"
                print(f"{name:<10} {covariance_type:<10} {tol:>6.0e} {params:>9.1e} {lower:>13.1e} {its:>8}")
    print(f"worst: parameters {worst['params']:.1e}, lower_bound_ {worst['lower']:.1e}")


def copied_predictions():
    print("\nA model copied from scikit-learn (weights_, means_, covariances_,")
    print("precisions_cholesky_): the largest difference of score_samples (relative, at least 1),")
    print("of predict_proba (absolute), and whether predict agrees, on the data and on points")
    print("three times as far out.")
    worst = 0.0
    for name, (X, k) in datasets().items():
        for covariance_type in TYPES:
            theirs = SklearnMixture(k, covariance_type=covariance_type, random_state=0).fit(X)
            ours = GaussianMixture(k, covariance_type=covariance_type)
            for attribute in PARAMETERS:
                setattr(ours, attribute, getattr(theirs, attribute))
            density = proba = 0.0
            labels = True
            for points in (X, X * 3 - X.mean(axis=0)):
                want = theirs.score_samples(points)
                density = max(density, float(np.max(np.abs(ours.score_samples(points) - want)
                                                    / np.maximum(np.abs(want), 1))))
                proba = max(proba, float(np.max(np.abs(ours.predict_proba(points)
                                                       - theirs.predict_proba(points)))))
                labels &= bool(np.array_equal(ours.predict(points), theirs.predict(points)))
            worst = max(worst, density, proba)
            print(f"{name:<10} {covariance_type:<10} {density:>9.1e} {proba:>9.1e} {'same' if labels else 'DIFFER':>6}")
    print(f"worst: {worst:.1e}")


def clusters(n, seed=1):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, size=(5, 2))
    scales = rng.uniform(0.5, 2.0, size=(5, 2))
    labels = rng.integers(0, 5, size=n)
    return centres[labels] + scales[labels] * rng.standard_normal((n, 2))


def speed(n, rounds, threads):
    X = clusters(n)
    k = 5
    start = dict(weights_init=np.full(k, 1 / k), means_init=X[:k].copy(),
                 precisions_init=np.repeat(np.eye(2)[None] / 4, k, axis=0))
    settings = dict(covariance_type="full", tol=0, max_iter=20, **start)
    fits = {"ours": lambda: GaussianMixture(k, **settings).fit(X),
            "scikit-learn": lambda: SklearnMixture(k, **settings).fit(X)}
    times = {name: [] for name in fits}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, fit in fits.items():  # warm-up: imports, thread pools, page faults
            fit()
        before = load()
        for _ in range(rounds):
            for name, fit in fits.items():
                clock = time.perf_counter()
                fit()
                times[name].append(time.perf_counter() - clock)
        after = load()
    print(f"\nIn-process fit, {threads}, N = {n:,}, D = 2, K = 5, full, 20 iterations (tol=0)")
    print(f"from one explicit start; {rounds} rounds, alternating; load average before {before},")
    print(f"after {after}.")
    for name, values in times.items():
        print(f"{name:<13} median {statistics.median(values):8.3f} s   fastest {min(values):8.3f} s   "
              f"all {' '.join(f'{v:.3f}' for v in values)}")
    ratio = statistics.median(times["scikit-learn"]) / statistics.median(times["ours"])
    fastest = min(times["scikit-learn"]) / min(times["ours"])
    print(f"speed-up: {ratio:.0f}× (medians), {fastest:.0f}× (fastest runs)")


def peak_memory(n):
    script = textwrap.dedent(f"""
        import re
        import numpy as np
        from gmm_tui import GaussianMixture
        def peak():
            return int(re.search(r"VmHWM:\\s*(\\d+) kB", open("/proc/self/status").read()).group(1)) * 1024
        start = dict(weights_init=[0.5, 0.5], means_init=[[-1, 0], [1, 0]],
                     precisions_init=[np.eye(2), np.eye(2)])
        GaussianMixture(2, max_iter=3, **start).fit(np.random.default_rng(0).normal(size=(1000, 2)))
        for order in "CF":
            X = np.random.default_rng(1).standard_normal(({n}, 2) if order == "C" else (2, {n}))
            X = X if order == "C" else X.T
            before = peak()
            GaussianMixture(2, max_iter=5, tol=0, **start).fit(X)
            print(order, X.nbytes, peak() - before)
            del X
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    print(f"\nPeak memory a fit adds (VmHWM), N = {n:,} × 2 float64, explicit start:")
    for line in out.stdout.split("\n"):
        if line:
            order, data, added = line.split()
            print(f"{order}-ordered: the points {int(data) / 2**20:.1f} MiB, the fit adds "
                  f"{int(added) / 2**20:.2f} MiB ({int(added) / int(data):.1%})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["speed"], help="only the speed comparisons")
    parser.add_argument("--one-thread", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_thread:
        speed(args.points, args.rounds, "one thread each")
        return
    print(f"CPU: {cpu()}")
    print(f"gmm-tui {gmm_tui.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
          f"Python {platform.python_version()}")
    try:
        from threadpoolctl import threadpool_info

        pools = ", ".join(f"{p['internal_api']} {p['num_threads']}" for p in threadpool_info())
        print(f"scikit-learn's thread pools: {pools}")
    except ImportError:
        pass
    if args.only is None:
        agreement()
        copied_predictions()
    speed(args.points, args.rounds, "every core")
    sys.stdout.flush()
    one = [sys.executable, __file__, "--one-thread", "--rounds", str(args.rounds),
           "--points", str(args.points)]
    subprocess.run(one, check=True)
    if args.only is None and sys.platform.startswith("linux"):
        peak_memory(args.points)


if __name__ == "__main__":
    main()
