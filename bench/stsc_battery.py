"""How well does each method find the number of groups by itself? A battery
of generated data with known truth (helpers.battery: many Gaussian groups,
unequal sizes and spreads, shapes, background noise, single groups, higher
dimensions; 200-10,000 points, 2-D to 10-D).

For every case, side by side:

- ``stsc``: helpers.stsc.SelfTuningSpectralClustering as it is (count_rule="gap");
- ``worst``: the previous rule, the worst group's energy and a one-group test
  (count_rule="worst_group"), kept as a named baseline;
- ``authors``: the authors' rule, the argmax over c of their quality
  1 - (J/n - 1)/c on the same rotations (count_rule="quality");
- ``eigengap``: the largest gap between consecutive eigenvalues of the same
  Laplacian (count_rule="eigengap");
- ``hdbscan``: scikit-learn's HDBSCAN (default settings), which also finds the
  count by itself (its noise label is not counted as a group);
- ``spectral+k``: scikit-learn's SpectralClustering GIVEN the true count
  (nearest-neighbour affinity), a reference line for the ARI only.

Every STSC variant gets max_clusters = max(10, 2 x the true count). A count is
right when it equals the number of true groups (background noise is not a
group); the ARI is measured on the points that are not background noise.

Seeds: the rule's settings were tuned on seeds 100 and 101 (``--seeds tune``);
the default run reports seeds 0, 1 and 2, never used for tuning.

    python bench/stsc_battery.py               # every case, seeds 0-2, and the speed runs
    python bench/stsc_battery.py --quick       # a few small cases, seed 0
    python bench/stsc_battery.py --seeds tune  # the tuning seeds

The last line is ``RESULT name=stsc_battery ratio=<stsc time / HDBSCAN time>
count_right=<stsc's share of right counts> ...``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections import defaultdict

import numpy as np
from sklearn.cluster import HDBSCAN, SpectralClustering

from helpers.battery import CASES, FAMILIES, count_right, make_case, noise_free_ari
from helpers.datasets import make_blob_grid
from helpers.stsc import SelfTuningSpectralClustering

RULES = {"stsc": "gap", "worst": "worst_group", "authors": "quality", "eigengap": "eigengap"}
METHODS = [*RULES, "hdbscan", "spectral+k"]
QUICK = {"10 apart 8", "sizes 1:10", "moons", "6 blobs, 5 %", "disc", "6 in 10-D"}


def fit_count(method, X, k):
    """(number of groups, labels, seconds) of one method on X."""
    t0 = time.perf_counter()
    if method in RULES:
        model = SelfTuningSpectralClustering(max(10, 2 * k), count_rule=RULES[method]).fit(X)
        labels, found = model.labels_, model.n_clusters_
    elif method == "hdbscan":
        labels = HDBSCAN(copy=True).fit_predict(X)
        found = int(np.unique(labels[labels >= 0]).size)
    else:
        model = SpectralClustering(k, affinity="nearest_neighbors", n_neighbors=10, random_state=0)
        with warnings.catch_warnings():  # a graph in pieces is warned about, not wrong
            warnings.simplefilter("ignore", UserWarning)
            labels, found = model.fit_predict(X), k
    return found, labels, time.perf_counter() - t0


def run_battery(cases, seeds, methods=METHODS, show=print):
    """One row per (case, seed, method): family, case, seed, method, found, truth,
    right, ari, seconds."""
    rows = []
    for family, name, _, _ in cases:
        for seed in seeds:
            X, y = make_case(family, name, seed)
            k = int(np.unique(y[y >= 0]).size)
            found = {}
            for method in methods:
                c, labels, seconds = fit_count(method, X, k)
                found[method] = c
                rows.append(
                    {
                        "family": family,
                        "case": name,
                        "seed": seed,
                        "method": method,
                        "found": c,
                        "truth": k,
                        "right": count_right(y, c),
                        "ari": noise_free_ari(y, labels),
                        "seconds": seconds,
                    }
                )
            counts = " ".join(f"{m}={c}" for m, c in found.items())
            size = f"n={len(X):5d} d={X.shape[1]:2d} k={k:2d}"
            show(f"{family:8s} {name:22s} seed {seed}  {size}  {counts}")
    return rows


def summary(rows, methods=METHODS):
    """Per family and overall: share of right counts, mean ARI, mean seconds."""
    table = defaultdict(dict)
    for family in [*FAMILIES, "all"]:
        for method in methods:
            sel = [r for r in rows if r["method"] == method and family in ("all", r["family"])]
            if sel:
                table[family][method] = (
                    float(np.mean([r["right"] for r in sel])),
                    float(np.mean([r["ari"] for r in sel])),
                    float(np.mean([r["seconds"] for r in sel])),
                    len(sel),
                )
    return table


def print_table(table, methods=METHODS):
    print()
    print("count right / mean ARI / mean seconds per case (spectral+k is given the true count)")
    print(f"{'family':8s} {'cases':>5s} " + " ".join(f"{m:>19s}" for m in methods))
    for family, row in table.items():
        cells = []
        for m in methods:
            right, ari, sec, _ = row[m]
            cells.append(
                f"{right:5.2f} {ari:5.2f} {sec:6.2f}s"
                if m != "spectral+k"
                else f"  -   {ari:5.2f} {sec:6.2f}s"
            )
        n = next(iter(row.values()))[3]
        print(f"{family:8s} {n:5d} " + " ".join(f"{c:>19s}" for c in cells))


def speed(n, spacing=6.0, max_clusters=40):
    X, _, _ = make_blob_grid(n, spacing=spacing, random_state=0)
    t0 = time.perf_counter()
    model = SelfTuningSpectralClustering(max_clusters).fit(X)
    return time.perf_counter() - t0, model.n_clusters_


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few small cases, seed 0")
    parser.add_argument("--seeds", default="report", help="'report' (0-2) or 'tune' (100, 101)")
    parser.add_argument("--family", default=None, help="only this family")
    args = parser.parse_args(argv)
    seeds = [100, 101] if args.seeds == "tune" else [0, 1, 2]
    cases = CASES if args.family is None else [c for c in CASES if c[0] == args.family]
    if args.quick:
        cases, seeds = [c for c in CASES if c[1] in QUICK], [0]
    rows = run_battery(cases, seeds)
    table = summary(rows)
    print_table(table)
    if args.quick:
        sizes = [(1800, 40)]
    else:
        sizes = [(3600, 40), (50_000, 40)]
    timings = {}
    for n, c_max in sizes:
        seconds, found = speed(n, max_clusters=c_max)
        timings[n] = seconds
        print(
            f"speed: {n:,} points on the 36-grid (spacing 6), max_clusters={c_max}: "
            f"{seconds:.2f} s, {found} groups"
        )
    every = table["all"]
    ratio = every["stsc"][2] / every["hdbscan"][2]
    families = " ".join(f"right_{f}={table[f]['stsc'][0]:.2f}" for f in FAMILIES if f in table)
    print(
        f"RESULT name=stsc_battery ratio={ratio:.2f} count_right={every['stsc'][0]:.2f} "
        f"ari={every['stsc'][1]:.2f} authors_right={every['authors'][0]:.2f} "
        f"worst_right={every['worst'][0]:.2f} eigengap_right={every['eigengap'][0]:.2f} "
        f"hdbscan_right={every['hdbscan'][0]:.2f} {families} "
        + " ".join(f"seconds_{n}={s:.2f}" for n, s in timings.items())
    )


if __name__ == "__main__":
    main()
