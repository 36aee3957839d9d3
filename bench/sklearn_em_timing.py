"""Times scikit-learn's EM per iteration for `gmm-tui bench` (run by it; not a test dependency).

argv: data file (raw little-endian f64, column-major D×N), N, D, start JSON, iterations.
Prints {"ms_per_iteration": ...}. The fit's fixed costs (checks, the final E-step) are removed by
timing max_iter = 1 and max_iter = 1 + iterations and dividing the difference.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

warnings.simplefilter("ignore", ConvergenceWarning)
path, n, d, start_path, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
X = np.ascontiguousarray(np.fromfile(path, dtype="<f8").reshape(d, n).T)
start = json.load(open(start_path))
k = len(start["weights"])
means = np.array(start["means"]).reshape(k, d)
covariances = np.array(start["covariances"]).reshape(k, d, d)


def seconds(max_iter):
    gm = GaussianMixture(
        n_components=k, covariance_type="full", tol=0.0, max_iter=max_iter, reg_covar=1e-6,
        weights_init=np.array(start["weights"]), means_init=means,
        precisions_init=np.array([np.linalg.inv(c) for c in covariances]),
    )
    t = time.perf_counter()
    gm.fit(X)
    return time.perf_counter() - t


seconds(1)  # warm-up: imports, page faults
base = min(seconds(1) for _ in range(2))
full = seconds(1 + iterations)
print(json.dumps({"ms_per_iteration": 1000.0 * (full - base) / iterations}))
