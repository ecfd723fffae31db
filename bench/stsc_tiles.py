"""Self-tuning spectral clustering in kd-tree tiles, on Spark and in process.

Two cases, in one run, on Spark ``local[2]``:

1. 36 Gaussian groups on a 6 x 6 grid (3,600 points, spacing 20), 16 tiles,
   at most 6 groups per tile, automatic border: groups found, adjusted Rand
   index, seconds on Spark *including* its start-up; then every hand-chosen
   border from 0 to 8 in process, to show where the automatic one landed.
2. Road-sign sightings (1,000,000): adjusted Rand index against the signs
   (background noise left out), seconds on Spark and in process (the same
   labels, checked), and the peak memory of this process tree (driver, JVM,
   Python workers), sampled every 0.2 s. Then hand-chosen borders on 100,000
   sightings, next to the automatic one.

    python bench/stsc_tiles.py           # as above
    python bench/stsc_tiles.py --quick   # 5,000 sightings (2,000 in the sweep), two hand borders

The last line is ``RESULT name=stsc_tiles ratio=<Spark / in-process seconds on
the road signs> ...``.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

from helpers.datasets import make_blob_grid, make_road_signs
from helpers.spark import spark_session, stop_spark
from helpers.spark.tiling import SparkTiledSelfTuningSpectralClustering
from helpers.tiling import TiledSelfTuningSpectralClustering

SIGHTINGS_PER_TILE = 1000


class PeakMemory:
    """Largest total resident memory of this process and its descendants."""

    def __init__(self, every=0.2):
        self.peak, self.every = 0, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(self.every)


def _tree_rss(pid):
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError):
            continue  # the process ended meanwhile
    return total


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def signs_ari(sign, labels):
    signal = sign >= 0
    return adjusted_rand_score(sign[signal], labels[signal])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args(argv)
    n_signs, n_sweep = (5_000, 2_000) if args.quick else (1_000_000, 100_000)

    X, y, _ = make_blob_grid(3600, spacing=20, random_state=0)
    t0 = time.perf_counter()
    spark = spark_session("local[2]", driver_memory="4g")
    startup = time.perf_counter() - t0
    print(f"Spark start-up: {startup:.1f} s ({spark.sparkContext.master}, Spark {spark.version})")
    try:
        grid, fit_s = timed(
            lambda: SparkTiledSelfTuningSpectralClustering(16, max_clusters=6).fit(X, spark=spark)
        )
        grid_ari = adjusted_rand_score(y, grid.labels_)
        print(
            f"grid: 3,600 points, 16 tiles, max 6 per tile, automatic border "
            f"{grid.border_.round(2).tolist()}: {grid.n_clusters_} groups, ARI {grid_ari:.4f}, "
            f"{fit_s:.1f} s on Spark, {startup + fit_s:.1f} s with start-up"
        )
        print("  border   groups   ARI")
        hand = []
        for border in np.arange(0, 8.5, 0.5) if not args.quick else [0.0, 8.0]:
            m = TiledSelfTuningSpectralClustering(16, border=border).fit(X)
            hand.append((border, adjusted_rand_score(y, m.labels_)))
            print(f"  {border:6.1f}   {m.n_clusters_:6d}   {hand[-1][1]:.4f}")
        good = [b for b, a in hand if a >= 0.999]
        grid_widths = np.ptp(np.stack([X[y == g] for g in range(36)]), axis=1).max(axis=0)
        print(
            f"  hand rule (half the widest group, from the truth): {(grid_widths / 2).round(2)}; "
            f"hand-chosen borders with ARI >= 0.999: {min(good) if good else 'none'} and up"
        )

        Xs, sign, signs = make_road_signs(n_signs, random_state=0)
        n_tiles = max(1, n_signs // SIGHTINGS_PER_TILE)
        print(
            f"road signs: {n_signs:,} sightings of {len(signs):,} signs, {n_tiles} tiles "
            f"(about {SIGHTINGS_PER_TILE} sightings each), at most 6 groups per piece of a tile"
        )
        with PeakMemory() as mem:
            on_spark, spark_s = timed(
                lambda: SparkTiledSelfTuningSpectralClustering(n_tiles).fit(Xs, spark=spark)
            )
        in_process, local_s = timed(lambda: TiledSelfTuningSpectralClustering(n_tiles).fit(Xs))
        same = np.array_equal(on_spark.labels_, in_process.labels_)
        ari = signs_ari(sign, on_spark.labels_)
        print(
            f"  automatic border {on_spark.border_.round(1).tolist()} m: "
            f"{on_spark.n_clusters_:,} groups, ARI {ari:.4f}; Spark {spark_s:.1f} s, "
            f"in process {local_s:.1f} s, same labels: {same}; "
            f"peak memory (driver + JVM + workers) {mem.peak / 2**30:.2f} GiB"
        )
        print(f"  merge: {on_spark.merge_stats_}")

        Xh, sign_h, _ = make_road_signs(n_sweep, random_state=0)
        tiles_h = max(1, n_sweep // SIGHTINGS_PER_TILE)
        auto = TiledSelfTuningSpectralClustering(tiles_h).fit(Xh)
        print(
            f"  {n_sweep:,} sightings: automatic border {auto.border_.round(1).tolist()} m, "
            f"ARI {signs_ari(sign_h, auto.labels_):.4f}"
        )
        for border in (0, 5, 10, 20, 40, 80) if not args.quick else ():
            m = TiledSelfTuningSpectralClustering(tiles_h, border=float(border)).fit(Xh)
            print(
                f"  border {border:3d} m: {m.n_clusters_:,} groups, "
                f"ARI {signs_ari(sign_h, m.labels_):.4f}"
            )
    finally:
        stop_spark(spark)

    print(
        f"RESULT name=stsc_tiles ratio={spark_s / local_s:.2f} "
        f"grid_groups={grid.n_clusters_} grid_ari={grid_ari:.4f} "
        f"grid_seconds_with_startup={startup + fit_s:.1f} startup_seconds={startup:.1f} "
        f"signs={n_signs} signs_ari={ari:.4f} spark_seconds={spark_s:.1f} "
        f"in_process_seconds={local_s:.1f} same_labels={same} "
        f"peak_gib={mem.peak / 2**30:.2f}"
    )


if __name__ == "__main__":
    main()
