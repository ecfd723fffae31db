"""Seconds per K-means iteration on Spark: map/reduce on RDDs next to MLlib.

1,000,000 standardized points in 38 dimensions, k = 23, Spark ``local[2]``,
both from the same starting centroids, in one run (the RDD version also with
float32 blocks, for reference). Each is timed at 22 and at
2 iterations; the difference over 20 is the cost of an iteration without the
fixed costs (moving data into the JVM, caching, the final pass). Spark's
start-up time is reported on its own.

    python bench/spark_kmeans.py           # 1,000,000 x 38
    python bench/spark_kmeans.py --quick   # 5,000 x 38, timed at 7 and 2 iterations

The last line is ``RESULT name=spark_kmeans ratio=<RDD / MLlib seconds per
iteration> ...``.
"""

from __future__ import annotations

import argparse
import time

from sklearn.datasets import make_blobs

from helpers.kmeans import init_kmeans_plusplus
from helpers.spark import spark_session, stop_spark
from helpers.spark.kmeans import kmeans_rdd, mllib_kmeans, to_blocks

K = 23
BLOCK_ROWS = 16384  # blocks of 5 MB: see to_blocks


def seconds(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args(argv)
    n, d = (5_000, 38) if args.quick else (1_000_000, 38)
    long_run = 7 if args.quick else 22  # iterations; the smoke run only needs a positive gap

    X, _ = make_blobs(n, d, centers=K, cluster_std=5.0, random_state=0)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    init = init_kmeans_plusplus(X, K, random_state=0)

    t0 = time.perf_counter()
    spark = spark_session("local[2]", driver_memory="6g")
    sc = spark.sparkContext
    startup = time.perf_counter() - t0
    print(f"Spark start-up: {startup:.1f} s ({sc.master}, Spark {spark.version})")
    try:
        blocks = to_blocks(sc, X, 2, block_rows=BLOCK_ROWS)
        blocks.count()  # cache the blocks before timing
        rows = blocks.flatMap(lambda part: list(part[1])).cache()
        rows.count()

        def per_iteration(run):
            long, short = seconds(lambda: run(long_run)), seconds(lambda: run(2))
            return (long - short) / (long_run - 2)

        rdd_s = per_iteration(lambda it: kmeans_rdd(blocks, init, max_iter=it, tol=0))
        mllib_s = per_iteration(lambda it: mllib_kmeans(sc, rows, init, max_iter=it, tol=0.0))
        blocks.unpersist()
        # the same in float32 blocks: half the bytes move into Python each pass
        # (sums still accumulate in float64); MLlib has no float32 vectors
        blocks32 = to_blocks(sc, X.astype("float32"), 2, block_rows=BLOCK_ROWS)
        blocks32.count()
        rdd32_s = per_iteration(lambda it: kmeans_rdd(blocks32, init, max_iter=it, tol=0))
    finally:
        stop_spark(spark)
    ratio = rdd_s / mllib_s
    print(f"map/reduce on RDDs:          {rdd_s:.3f} s per iteration")
    print(f"map/reduce on RDDs, float32: {rdd32_s:.3f} s per iteration")
    print(f"Spark MLlib:                 {mllib_s:.3f} s per iteration")
    print(f"ratio (RDD / MLlib): {ratio:.2f}; with float32 blocks {rdd32_s / mllib_s:.2f}")
    print(
        f"RESULT name=spark_kmeans ratio={ratio:.3f} rdd_s_per_iter={rdd_s:.4f} "
        f"rdd_float32_s_per_iter={rdd32_s:.4f} ratio_float32={rdd32_s / mllib_s:.3f} "
        f"mllib_s_per_iter={mllib_s:.4f} startup_s={startup:.1f} n={n} d={d} k={K}"
    )


if __name__ == "__main__":
    main()
