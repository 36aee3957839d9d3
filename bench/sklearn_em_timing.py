"""Times scikit-learn's EM per iteration for `gmm-tui bench` (run by it; not a test dependency).

`--probe`: prints {"sklearn": version, "numpy": version, "threads": {...}} — the thread pools
(BLAS, OpenMP) scikit-learn will use, from threadpoolctl — or fails when scikit-learn is missing.

Otherwise argv: data file (raw little-endian f64, column-major D×N), N, D, start JSON (weights,
means, full covariances, covariance_type), iterations. Prints {"ms_per_iteration": ...,
"samples_ms": [...]}: the fastest of `iterations` single iterations, each timed alone.

How: one fit with max_iter = 1 from the start (warm-up: imports, page faults, and the fitted
state), then each iteration exactly as scikit-learn's fit loop runs it — `_e_step`, `_m_step`,
`_compute_lower_bound` — timed on its own. The fastest is kept, because load from elsewhere on
a shared machine only ever adds time; the old way (timing fits of 1 and 1 + n iterations and
dividing the difference) let one burst of load in either fit swing the figure several-fold.
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

    gm = GaussianMixture(
        n_components=k, covariance_type=covariance_type, tol=0.0, max_iter=1, reg_covar=1e-6,
        weights_init=np.array(start["weights"]), means_init=means, precisions_init=precisions_init,
    )
    gm.fit(X)  # warm-up, and the fitted state the iterations continue from
    samples = []
    for _ in range(iterations):
        t = time.perf_counter()
        log_prob_norm, log_resp = gm._e_step(X)
        gm._m_step(X, log_resp)
        gm._compute_lower_bound(log_resp, log_prob_norm)
        samples.append(1000.0 * (time.perf_counter() - t))
    print(json.dumps({"ms_per_iteration": min(samples), "samples_ms": samples}))

if __name__ == "__main__":
    if sys.argv[1:] == ["--probe"]:
        probe()
    else:
        timing(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
