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

:class:`SparkTiledSelfTuningSpectralClustering` is the estimator of
:mod:`helpers.tiling` with this job as its clustering step; the session is
given to ``fit``, not stored in the estimator, so the estimator clones and
prints like any other.
"""

from __future__ import annotations

import numpy as np

from helpers._validation import check_whole
from helpers.kdtiles import check_border
from helpers.spark import require_pyspark, spark_session
from helpers.spark.kmeans import to_blocks
from helpers.tiling import TiledSelfTuningSpectralClustering, cluster_tile

__all__ = ["SparkTiledSelfTuningSpectralClustering", "cluster_tiles"]


class SparkTiledSelfTuningSpectralClustering(TiledSelfTuningSpectralClustering):
    """:class:`helpers.tiling.TiledSelfTuningSpectralClustering` with the
    tiles clustered in parallel on Spark; the same labels.

    Parameters
    ----------
    n_tiles, border, max_clusters, n_neighbors_scale, n_pilot, margin, random_state, progress
        As for :class:`~helpers.tiling.TiledSelfTuningSpectralClustering`
        (``progress`` covers the border estimate only: the tiles run on Spark).
    num_partitions : int or None, default=None
        Partitions of the clustering step. Default: one per tile, at most
        four per core Spark has.

    Examples
    --------
    >>> model = SparkTiledSelfTuningSpectralClustering(16, num_partitions=4)
    >>> model.get_params()["num_partitions"]
    4

    ``model.fit(X, spark=session)`` clusters on that session (the active one,
    or a new local one from :func:`helpers.spark.spark_session`, when None).
    """

    def __init__(
        self,
        n_tiles=16,
        *,
        border="auto",
        max_clusters=6,
        n_neighbors_scale=7,
        n_pilot=8,
        margin=1.5,
        num_partitions=None,
        random_state=0,
        progress=False,
    ):
        super().__init__(
            n_tiles,
            border=border,
            max_clusters=max_clusters,
            n_neighbors_scale=n_neighbors_scale,
            n_pilot=n_pilot,
            margin=margin,
            random_state=random_state,
            progress=progress,
        )
        self.num_partitions = num_partitions

    def fit(self, X, y=None, *, spark=None):
        """Cluster ``X`` on ``spark`` (a SparkSession); ``y`` is ignored."""
        require_pyspark()
        self._check(X)  # bad arguments are refused before a session starts
        if spark is None:
            spark = spark_session()
        self._spark = spark
        try:
            return super().fit(X, y)
        finally:
            del self._spark

    def fit_predict(self, X, y=None, *, spark=None):
        """Cluster ``X`` on ``spark`` and return the labels."""
        return self.fit(X, spark=spark).labels_

    def _cluster_tiles(self, X, params):
        return cluster_tiles(self._spark, X, self.tiles_, self.border_, params, self.num_partitions)


def cluster_tiles(spark, X, tiles, border, params, num_partitions=None):
    """Cluster every tile of ``X`` on Spark; return their :class:`TileResult`.

    Parameters
    ----------
    spark : pyspark.sql.SparkSession
    X : array-like of shape (n_samples, n_features)
    tiles : helpers.kdtiles.KDTiles
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
    # X was checked once by cluster_tiles, not again per tile
    return cluster_tile(tiles, tile, rows, points, params, check_input=False)
