"""Times scikit-learn's EM per iteration for `gmm-tui bench` (run by it; not a test dependency).

`--probe`: prints {"sklearn": version, "numpy": version, "threads": {...}} — the thread pools
(BLAS, OpenMP) scikit-learn will use, from threadpoolctl — or fails when scikit-learn is missing.

Otherwise argv: data file (raw little-endian f64, column-major D×N), N, D, start JSON (weights,
means, full covariances, covariance_type), iterations. Prints {"ms_per_iteration": ...}. The fit's
fixed costs (checks, initialisation, the final E-step) are removed by timing max_iter = 1 and
max_iter = 1 + iterations (the faster of two runs each) and dividing the difference.
"""
import json
import sys
import time
import warnings


def probe():
    import numpy
    import sklearn
    from threadpoolctl import threadpool_info

    threads = {}
    for pool in threadpool_info():
        name = pool.get("internal_api") or pool.get("user_api")
        threads[name] = max(threads.get(name, 0), pool["num_threads"])
    print(json.dumps({"sklearn": sklearn.__version__, "numpy": numpy.__version__, "threads": threads}))


def precisions(covariance_type, covariances):
    """scikit-learn's `precisions_init` for our full covariance matrices."""
    import numpy as np

    def inverse(c):
        # Symmetric to the last bit, or scikit-learn refuses it as not positive definite.
        p = np.linalg.inv(c)
        return (p + p.T) / 2

    if covariance_type == "full":
        return np.array([inverse(c) for c in covariances])
    if covariance_type == "tied":
        return inverse(covariances[0])
    if covariance_type == "diag":
        return np.array([1.0 / np.diag(c) for c in covariances])
    return np.array([1.0 / c[0, 0] for c in covariances])


def timing(path, n, d, start_path, iterations):
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    warnings.simplefilter("ignore", ConvergenceWarning)
    X = np.ascontiguousarray(np.fromfile(path, dtype="<f8").reshape(d, n).T)
    with open(start_path) as f:
        start = json.load(f)
    k = len(start["weights"])
    covariance_type = start["covariance_type"]
    means = np.array(start["means"]).reshape(k, d)
    covariances = np.array(start["covariances"]).reshape(k, d, d)
    precisions_init = precisions(covariance_type, covariances)

    def seconds(max_iter):
        gm = GaussianMixture(
            n_components=k, covariance_type=covariance_type, tol=0.0, max_iter=max_iter,
            reg_covar=1e-6, weights_init=np.array(start["weights"]), means_init=means,
            precisions_init=precisions_init,
        )
        t = time.perf_counter()
        gm.fit(X)
        return time.perf_counter() - t

    seconds(1)  # warm-up: imports, page faults
    # Alternated and the fastest of each kept, so that a burst of load elsewhere hits neither.
    base, full = float("inf"), float("inf")
    for _ in range(2):
        base = min(base, seconds(1))
        full = min(full, seconds(1 + iterations))
    if full <= base:
        sys.exit("timing noise exceeded the iterations' time; run the bench on a quieter machine")
    print(json.dumps({"ms_per_iteration": 1000.0 * (full - base) / iterations}))


if __name__ == "__main__":
    if sys.argv[1:] == ["--probe"]:
        probe()
    else:
        timing(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
