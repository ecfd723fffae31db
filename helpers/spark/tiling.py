"""Tiles of :mod:`helpers.tiling` clustered in parallel on Spark.

The data flow, one Spark job:

1. the points travel as NumPy blocks, one per input partition (as in
   :func:`helpers.spark.kmeans.to_blocks`), each tagged with its first row;
2. **map**: each block sends each of its points to every tile whose bordered
   box holds it (the kd-tree is broadcast; a point near an edge goes to
   several tiles), one record per (block, tile);
3. **shuffle**: the records of a tile meet in one partition (tile ``t`` in
   partition ``t % num_partitions``);
4. **map**: each tile is clustered in a Python worker with
   :func:`helpers.tiling.cluster_tile`, the very function the in-process run
   uses, on its points in row order, so both give the same labels;
5. **collect**: the groups come back to the driver, which merges them with
   :func:`helpers.tiling.merge_tiles`.

Only the points near a tile's edges travel twice; the driver receives group
numbers and centres, not coordinates.
"""

from __future__ import annotations

import numpy as np

from helpers._validation import check_whole
from helpers.spark import require_pyspark
from helpers.spark.kmeans import to_blocks
from helpers.tiling import check_border, cluster_tile

__all__ = ["cluster_tiles"]


def cluster_tiles(spark, X, tiles, border, params, num_partitions=None):
    """Cluster every tile of ``X`` on Spark; return their :class:`TileResult`.

    Parameters
    ----------
    spark : pyspark.sql.SparkSession
    X : array-like of shape (n_samples, n_features)
    tiles : helpers.tiling.KDTiles
    border : float or array-like of shape (n_features,)
    params : dict
        Settings for each tile's
        :class:`~helpers.stsc.SelfTuningSpectralClustering`.
    num_partitions : int, optional
        Partitions of the clustering step. Default: one per tile, at most
        four per core Spark has.

    Returns
    -------
    list of helpers.tiling.TileResult
        One per tile that holds points, sorted by tile.
    """
    require_pyspark()
    X = tiles.check_points(X)
    width = check_border(border, tiles.n_features)
    sc = spark.sparkContext
    if num_partitions is None:
        parts = min(tiles.n_tiles, 4 * sc.defaultParallelism)
    else:
        parts = check_whole(num_partitions, "num_partitions", 1)
    blocks = to_blocks(sc, X, min(sc.defaultParallelism, X.shape[0]))
    shared = sc.broadcast((tiles, width, dict(params)))
    try:
        results = (
            blocks.flatMap(lambda block: _to_tiles(block, shared.value))
            .groupByKey(parts, partitionFunc=lambda tile: tile)
            .map(lambda item: _cluster(item, shared.value))
            .collect()
        )
    finally:
        blocks.unpersist()
        shared.destroy()
    return sorted(results, key=lambda r: r.tile)


def _to_tiles(block, shared):
    """One record per tile this block's points reach: (tile, (rows, points))."""
    first, points = block
    tiles, width, _ = shared
    rows, tile = tiles.members(points, width)
    bounds = np.searchsorted(tile, np.arange(tiles.n_tiles + 1))
    for t in np.flatnonzero(np.diff(bounds)):
        mine = rows[bounds[t] : bounds[t + 1]]
        yield int(t), (mine + first, points[mine])


def _cluster(item, shared):
    tile, pieces = item
    tiles, _, params = shared
    pieces = sorted(pieces, key=lambda piece: piece[0][0])  # blocks in row order
    rows = np.concatenate([piece[0] for piece in pieces])
    points = np.concatenate([piece[1] for piece in pieces])
    return cluster_tile(tiles, tile, rows, points, params)
