"""scikit-learn's side of issue 19's headline: one fit of K = 5 full covariances, 20 EM
iterations (tol 0, so all 20 run), k-means++ seeding, on the float64 .npy given; prints the
mean log-likelihood so the work cannot be skipped. Timed whole-process beside
`gmm-tui fit --data FILE -k 5 --restarts 1 --max-iter 20 --tol 0 --init kmeans++`."""

import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

warnings.simplefilter("ignore", ConvergenceWarning)
x = np.load(sys.argv[1])
gm = GaussianMixture(
    n_components=5,
    covariance_type="full",
    max_iter=20,
    tol=0.0,
    n_init=1,
    init_params="k-means++",
    reg_covar=1e-6,
    random_state=0,
).fit(x)
print(gm.n_iter_, gm.score(x))
