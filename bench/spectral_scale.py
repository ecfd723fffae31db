"""Spectral clustering at scale: the sparse k-NN route against scikit-learn.

Two groups of points in 7 dimensions (the insider-threat features' count),
3 standard deviations apart along one axis, at 10,000, 100,000 and 1,000,000
points. Each run is a separate process, so its time and peak memory are its
own: ``helpers.spectral.cluster_spectral(affinity="nearest_neighbors")``
and scikit-learn's ``SpectralClustering(affinity="nearest_neighbors")``, both
with 10 neighbours, in the same run of this script. scikit-learn gets a time
limit per size; past it the run is stopped and reported as not finished.

    python bench/spectral_scale.py           # 10k, 100k, 1M points
    python bench/spectral_scale.py --quick   # 1,000 points

The last line is ``RESULT name=spectral_scale ratio=<ours/sklearn time at the
largest size both finished> ...``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

N_NEIGHBORS = 10


def make_two_groups(n, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 7))
    y = np.arange(n) % 2
    X[y == 1, 0] += 3.0
    return X, y


def run_one(who, n):
    """Cluster once in this process; print time, peak memory and ARI as JSON."""
    from sklearn.metrics import adjusted_rand_score

    X, y = make_two_groups(n)
    t0 = time.perf_counter()
    if who == "helpers":
        from helpers.spectral import cluster_spectral

        labels = cluster_spectral(
            X, 2, affinity="nearest_neighbors", n_neighbors=N_NEIGHBORS
        ).labels
    else:
        from sklearn.cluster import SpectralClustering

        labels = SpectralClustering(
            2, affinity="nearest_neighbors", n_neighbors=N_NEIGHBORS, random_state=0, n_jobs=-1
        ).fit_predict(X)
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(json.dumps({"seconds": secs, "peak_gib": peak, "ari": adjusted_rand_score(y, labels)}))


def measure(who, n, timeout):
    cmd = [sys.executable, __file__, "--one", who, str(n)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--one", nargs=2, metavar=("WHO", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        run_one(args.one[0], int(args.one[1]))
        return

    sizes = [1_000] if args.quick else [10_000, 100_000, 1_000_000]
    limit = {10_000: 300, 100_000: 300, 1_000_000: 300}
    results = {}
    gave_up = {}
    for n in sizes:
        for who in ("helpers", "scikit-learn"):
            if who in gave_up:  # it did not finish a smaller size: skip larger ones
                results[who, n] = None
                print(f"{n:>9,} points  {who:<12}  not run (did not finish {gave_up[who]:,})")
                continue
            timeout = 900 if who == "helpers" else limit.get(n, 300)
            r = measure(who, n, timeout)
            results[who, n] = r
            if r is None:
                gave_up[who] = n
                print(f"{n:>9,} points  {who:<12}  did not finish within {timeout} s")
            else:
                print(
                    f"{n:>9,} points  {who:<12}  {r['seconds']:8.1f} s  "
                    f"peak {r['peak_gib']:5.2f} GiB  ARI {r['ari']:.3f}"
                )
    both = [n for n in sizes if results["helpers", n] and results["scikit-learn", n]]
    if both:
        n_cmp = both[-1]
        ratio = results["helpers", n_cmp]["seconds"] / results["scikit-learn", n_cmp]["seconds"]
    else:
        n_cmp, ratio = 0, float("nan")
    big = results["helpers", sizes[-1]] or {
        "seconds": float("nan"),
        "peak_gib": float("nan"),
        "ari": float("nan"),
    }
    print(
        f"RESULT name=spectral_scale ratio={ratio:.3f} compared_at={n_cmp} "
        f"largest={sizes[-1]} largest_s={big['seconds']:.1f} "
        f"largest_peak_gib={big['peak_gib']:.2f} largest_ari={big['ari']:.3f}"
    )


if __name__ == "__main__":
    main()
