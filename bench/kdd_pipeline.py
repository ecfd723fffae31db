"""The notebook 02 pipeline at full KDD Cup 1999 scale, in one process.

Builds 4,898,431 connections (the size of the full ``kddcup.data``) by
resampling the shipped real sample (50,000 connections of the 10% file) with
replacement: real rows, each repeated about 98 times on average (the full
file is itself mostly repeats: its floods are near-identical records). Then
it times each step: one-hot + standardize
(float32), K-means with k = 23 (k-means++ start), distance of every
connection to its nearest centroid, and the 100-farthest threshold. Next to
the clustering step, scikit-learn's ``KMeans(algorithm="lloyd")`` clusters the
same matrix from the same start, in the same run; the ratio compares the two.

    python bench/kdd_pipeline.py           # 4,898,431 rows
    python bench/kdd_pipeline.py --quick   # 50,000 rows (the sample, resampled)

Peak memory is the process's resident peak (``ru_maxrss``) after our
pipeline, before scikit-learn runs. The last line is
``RESULT name=kdd_pipeline ratio=<ours/sklearn clustering time> ...``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import numpy as np
from sklearn.cluster import KMeans

from helpers import anomaly
from helpers.datasets import KDD_CATEGORICAL, KDD_NUMERIC, load_kddcup
from helpers.features import ConnectionFeatures
from helpers.kmeans import init_kmeans_plusplus, kmeans

FULL_ROWS = 4_898_431
K = 23


def peak_gib():
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform != "darwin" else 1 / 1024  # macOS reports bytes
    return kib * scale / 2**20


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args(argv)
    n = 50_000 if args.quick else FULL_ROWS

    t0 = time.perf_counter()
    sample = load_kddcup()
    rows = np.random.default_rng(0).integers(0, len(sample), n)
    conns = sample.iloc[rows].reset_index(drop=True)
    del sample
    t_data = time.perf_counter() - t0
    print(
        f"{n:,} connections resampled from the real 50,000-row sample in {t_data:.1f} s "
        "(not part of the pipeline)"
    )

    steps = {}
    t0 = time.perf_counter()
    X = ConnectionFeatures(KDD_NUMERIC, KDD_CATEGORICAL, dtype=np.float32).fit_transform(conns)
    steps["encode + scale"] = time.perf_counter() - t0
    print(f"feature matrix {X.shape[0]:,} x {X.shape[1]} float32 ({X.nbytes / 2**30:.2f} GiB)")

    t0 = time.perf_counter()
    init = init_kmeans_plusplus(X, K, random_state=0)
    steps["k-means++ start"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = kmeans(X, K, init=init)
    steps["K-means"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    dist, _ = anomaly.distance_to_nearest_centroid(X, model.centroids)
    steps["distances"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    flagged = int((dist >= anomaly.threshold_top_n(dist, 100)).sum())
    steps["threshold"] = time.perf_counter() - t0
    total = sum(steps.values())
    peak = peak_gib()
    for name, secs in steps.items():
        print(f"  {name:<16} {secs:8.2f} s")
    print(f"pipeline total {total:.1f} s, peak memory {peak:.2f} GiB, {flagged} flagged")
    ours_each = steps["K-means"] / model.n_iter
    print(f"helpers K-means: {model.n_iter} iterations, {ours_each:.3f} s each")

    # same matrix, same start, same stopping rule; copy_x=False so scikit-learn
    # centres X in place instead of holding a second copy
    t0 = time.perf_counter()
    sk = KMeans(K, init=init, n_init=1, algorithm="lloyd", copy_x=False).fit(X)
    t_sk = time.perf_counter() - t0
    sk_each = t_sk / sk.n_iter_
    print(f"scikit-learn KMeans: {sk.n_iter_} iterations, {t_sk:.2f} s ({sk_each:.3f} s each)")
    ratio = steps["K-means"] / t_sk
    per_iter = ours_each / sk_each
    print(
        f"clustering time ratio (helpers / scikit-learn): {ratio:.2f}, per iteration {per_iter:.2f}"
    )
    print(
        f"RESULT name=kdd_pipeline ratio={ratio:.3f} ratio_per_iteration={per_iter:.3f} "
        f"pipeline_s={total:.1f} peak_gib={peak:.2f} rows={n} features={X.shape[1]}"
    )


if __name__ == "__main__":
    main()
