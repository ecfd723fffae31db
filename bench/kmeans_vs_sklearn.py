"""Seconds per Lloyd iteration: helpers.kmeans.kmeans next to scikit-learn.

Both start from the same k-means++ centroids on the same standardized data
and run the same number of iterations (tol=0), in one process, one after the
other, so the ratio compares like with like. The headline is float64 (what
most users pass); float32 is reported beside it.

    python bench/kmeans_vs_sklearn.py           # 1,000,000 x 38, k = 23
    python bench/kmeans_vs_sklearn.py --quick   # small smoke run

The last line is ``RESULT name=kmeans_vs_sklearn ratio=<ours/sklearn> ...``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from helpers.kmeans import init_kmeans_plusplus, kmeans


def per_iteration(fit, repeats):
    """Best seconds per iteration over ``repeats`` runs, and iterations run."""
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        n_iter = fit()
        best = min(best, (time.perf_counter() - t0) / n_iter)
    return best, n_iter


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args(argv)
    n, d, k, iters, repeats = (20_000, 38, 23, 5, 1) if args.quick else (1_000_000, 38, 23, 20, 3)

    X, _ = make_blobs(n, d, centers=k, cluster_std=5.0, random_state=0)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    init = init_kmeans_plusplus(X, k, random_state=0)
    print(f"data: {n:,} x {d} standardized points, k={k}, {iters} iterations")

    ratios = {}
    for dtype in (np.float64, np.float32):
        Xd, Cd = X.astype(dtype), init.astype(dtype)

        def ours(Xd=Xd, Cd=Cd):
            return kmeans(Xd, k, init=Cd, max_iter=iters, tol=0).n_iter

        def theirs(Xd=Xd, Cd=Cd):
            km = KMeans(k, init=Cd, n_init=1, max_iter=iters, tol=0, algorithm="lloyd")
            return km.fit(Xd).n_iter_

        t_ours, it_ours = per_iteration(ours, repeats)
        t_sk, it_sk = per_iteration(theirs, repeats)
        name = np.dtype(dtype).name
        ratios[name] = t_ours / t_sk
        print(
            f"{name}: helpers {t_ours:.4f} s/iter ({it_ours} iter), "
            f"scikit-learn {t_sk:.4f} s/iter ({it_sk} iter), "
            f"ratio {ratios[name]:.2f}"
        )
    print(
        f"RESULT name=kmeans_vs_sklearn ratio={ratios['float64']:.3f} "
        f"ratio_float32={ratios['float32']:.3f} n={n} d={d} k={k}"
    )


if __name__ == "__main__":
    main()
