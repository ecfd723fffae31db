"""Self-tuning spectral clustering on 36 Gaussian groups on a 6 x 6 grid.

For each size and spacing, in one run: helpers.stsc (time, chosen number of
groups, adjusted Rand index, and the best index achievable, that of giving
each point its nearest true centre), next to the CLASSIC baseline
``helpers.stsc.classic_sweep``: the authors' recipe of adding one eigenvector
at a time to the previous rotation, descending one Givens angle at a time with
a fixed step, and taking the largest c whose quality 1 - (J/n - 1)/c is within
0.001 of the best.

The baseline is given the same eigenvectors as helpers.stsc, so the ratio
compares the rotation search and the choice of c alone; the authors' code
also builds a dense n x n affinity and decomposes it, which this leaves out
in the baseline's favour.

    python bench/stsc_grid.py           # 1,800-7,200 points, spacings 20-5; 50,000
    python bench/stsc_grid.py --quick   # small smoke run

The last line is ``RESULT name=stsc_grid ratio=<baseline/helpers at 3,600, spacing 20> ...``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.metrics import adjusted_rand_score

from helpers.datasets import make_blob_grid
from helpers.local_scale import local_scale_affinity as affinity
from helpers.spectral import laplacian_eigenvectors
from helpers.stsc import SelfTuningSpectralClustering, classic_sweep

C_MAX = 40


def eigenvectors(X, sigma, n_neighbors=20):
    A = affinity(X, sigma, n_neighbors)
    return laplacian_eigenvectors(A, C_MAX, method="sparse")[1]


def run(n, spacing, baseline=True, sweeps=10):
    X, y, centres = make_blob_grid(n, spacing=spacing, random_state=0)
    nearest = np.argmin(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
    t0 = time.perf_counter()
    model = SelfTuningSpectralClustering(max_clusters=C_MAX).fit(X)
    ours = time.perf_counter() - t0
    row = {
        "n": n,
        "spacing": spacing,
        "seconds": ours,
        "c": model.n_clusters_,
        "ari": adjusted_rand_score(y, model.labels_),
        "best_ari": adjusted_rand_score(y, nearest),
    }
    if baseline:
        V = eigenvectors(X, model.local_scale_)  # the same scales, not found twice
        t0 = time.perf_counter()
        c, labels, _ = classic_sweep(V, max_sweeps=sweeps)
        row |= {
            "base_seconds": time.perf_counter() - t0,
            "base_c": c,
            "base_ari": adjusted_rand_score(y, labels),
        }
    return row


def show(row):
    text = (
        f"n={row['n']:6d} spacing={row['spacing']:4.0f}  helpers.stsc: {row['seconds']:6.2f} s "
        f"c={row['c']:2d} ARI={row['ari']:.3f} (best {row['best_ari']:.3f})"
    )
    if "base_c" in row:
        text += (
            f"  | classic: {row['base_seconds']:7.1f} s c={row['base_c']:2d} "
            f"ARI={row['base_ari']:.3f}  ratio={row['base_seconds'] / row['seconds']:.0f}"
        )
    print(text, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        cases, big, headline, sweeps = [(720, 20.0)], None, (720, 20.0), 1
    else:
        sizes, spacings = (1800, 3600, 7200), (20.0, 7.0, 6.0, 5.0)
        cases = [(n, s) for s in spacings for n in sizes]
        big, headline, sweeps = 50_000, (3600, 20.0), 10
    rows = {}
    for n, s in cases:
        # the baseline is slow: run it on the well-separated grid only
        rows[n, s] = run(n, s, baseline=(s == 20.0), sweeps=sweeps)
        show(rows[n, s])
    if big:
        show(run(big, 7.0, baseline=False))
    rng = np.random.default_rng(0)
    one = SelfTuningSpectralClustering(8).fit(rng.normal(size=(1000, 2))).n_clusters_
    two_X = np.vstack([rng.normal(size=(500, 2)), rng.normal(size=(500, 2)) + [5, 0]])
    two = SelfTuningSpectralClustering(8).fit(two_X).n_clusters_
    print(f"one blob -> {one} group(s); two blobs 5 apart -> {two}")
    h = rows[headline]
    ratio = h["base_seconds"] / h["seconds"]
    print(
        f"RESULT name=stsc_grid ratio={ratio:.1f} n={h['n']} c={h['c']} "
        f"baseline_c={h['base_c']} one_blob={one} two_blobs={two}"
    )


if __name__ == "__main__":
    main()
