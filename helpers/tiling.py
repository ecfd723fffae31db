"""Self-tuning spectral clustering of many points, tile by tile.

The cost of self-tuning spectral clustering grows quickly with the number of
groups, so a large data set is cut into tiles that are clustered one by one,
or in parallel on Spark (:mod:`helpers.spark.tiling`, which builds on this
module; this module never imports Spark):

1. **Tiles of equal counts.** A kd-tree (:mod:`helpers.kdtiles`) cuts the
   space into ``n_tiles`` boxes holding about equally many points; every
   point of the space lies in exactly one of them, its *home* tile.
2. **Borders.** A tile is clustered together with every point within
   ``border`` of it (:meth:`helpers.kdtiles.KDTiles.members`), so a group cut
   by a tile edge is still seen whole by the tile holding most of it
   (:func:`cluster_tile`).
3. **The centre rule.** A group found in a tile is kept only if its centre
   (the mean of its points) has that tile as its home tile. A centre on a cut
   belongs to the tile above the cut, as a point would, so a group seen whole
   by two tiles is kept by exactly one of them.
4. **One label per point** (:func:`merge_tiles`). Two cases the centre rule
   alone leaves open are settled here:

   - a point claimed by kept groups of two tiles (they disagree about where a
     group ends) goes to the group whose centre is nearest (the lower group
     number on a tie);
   - a point claimed by no kept group (its group was cut in every tile that saw
     it, e.g. the border was too narrow) keeps the group its home tile gave
     it: such points form new groups, one per (home tile, group).

   So no point is lost, none has two labels, and group numbers run from 0
   without gaps.

The border width
----------------
A group cut by an edge is seen whole if the border is at least the part of it
beyond the edge; since its centre lies inside the tile that keeps it, that
part is at most about half the group's size. Hand-chosen, the rule is "half
the size of the largest group in each coordinate", which needs the groups
one is looking for. :func:`estimate_border` measures it instead: it
clusters a few tiles picked at random, without borders, and takes half the
largest extent (max - min per coordinate) of any group found there, times a
safety ``margin``. Groups cut by a pilot tile's edge look smaller than they
are, which can only lower the estimate; the margin and the maximum over
several tiles cover that. A pilot group that wrongly joins two neighbours
makes the border larger than needed: slower, but not wrong.

Examples
--------
>>> import numpy as np
>>> from helpers.datasets import make_blob_grid
>>> X, y, _ = make_blob_grid(900, spacing=20, grid=3, random_state=0)
>>> model = TiledSelfTuningSpectralClustering(n_tiles=4).fit(X)
>>> model.n_clusters_
9
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

from helpers._progress import Progress
from helpers._validation import (
    MAX_REPEATS,
    MAX_ROWS,
    as_float_matrix,
    check_bool,
    check_labels,
    check_random_state,
    check_real,
    check_whole,
)
from helpers.kdtiles import KDTiles, check_border, kd_tiles
from helpers.kmeans import _cluster_sums
from helpers.stsc import SelfTuningSpectralClustering

__all__ = [
    "TileResult",
    "TiledSelfTuningSpectralClustering",
    "cluster_tile",
    "estimate_border",
    "merge_tiles",
]


#: Pilot groups wider than this many times the typical one are left out of
#: the border estimate (see :func:`estimate_border`).
LOOSE = 4.0


class TileResult(NamedTuple):
    """One tile's clustering, as :func:`cluster_tile` returns it."""

    tile: int
    points: np.ndarray  #: the tile's points (with its border), sorted
    labels: np.ndarray  #: their group in this tile, 0..n_groups-1
    centres: np.ndarray  #: (n_groups, n_features) mean of each group
    kept: np.ndarray  #: (n_groups,) whether the centre is at home here


def cluster_tile(tiles, tile, points, X_tile, params=None, *, fit_predict=None, check_input=True):
    """Cluster one tile's points (with its border) and apply the centre rule.

    Parameters
    ----------
    tiles : KDTiles
    tile : int
    points : ndarray of int
        Row numbers of the tile's points in the whole data set.
    X_tile : ndarray of shape (len(points), n_features)
    params : dict, optional
        Settings of :class:`~helpers.stsc.SelfTuningSpectralClustering`
        (``max_clusters`` caps each connected piece of the tile's graph);
        checked even when a tile too small to cluster, or ``fit_predict``,
        leaves them unused.
    fit_predict : callable, optional
        Another clusterer, ``labels = fit_predict(X_tile)``, instead of
        self-tuning spectral clustering.
    check_input : bool, default=True
        False skips the checks on ``tile``, ``points`` and ``X_tile`` (the
        tiled estimator checks X once, not once per tile).

    Returns
    -------
    TileResult

    Notes
    -----
    A tile too small to set each point's local scale (at most
    ``n_neighbors_scale + 1`` distinct points) is one group.
    """
    if check_bool(check_input, "check_input"):
        tile, points, X_tile = _check_tile(tiles, tile, points, X_tile)
        _check_params(params, fit_predict)
    params = dict(params or {})
    K = params.get("n_neighbors_scale", 7)
    if fit_predict is not None:
        found = np.unique(np.asarray(fit_predict(X_tile)), return_inverse=True)[1].ravel()
        # another clusterer's answer is checked like any labels: one per row
        labels = check_labels(found, X_tile.shape[0], name="fit_predict(X_tile)")
    elif X_tile.shape[0] < K + 2 or np.unique(X_tile, axis=0).shape[0] <= K:
        labels = np.zeros(X_tile.shape[0], dtype=np.int64)
    else:
        cap = min(params.get("max_clusters", 10), X_tile.shape[0] - 1)
        # a dense affinity never falls apart (weights of 1e-200 are not 0),
        # so groups far apart in a tile would all count against max_clusters:
        # the neighbour graph without its negligible weights leaves them in
        # separate pieces, each with its own max_clusters
        settings = {
            "affinity": "sparse",
            "min_affinity": 1e-8,
            **params,
            "max_clusters": cap,
            "per_piece": True,
        }
        model = SelfTuningSpectralClustering(**settings)
        labels = model.fit_predict(X_tile)
    # labels are codes 0..G-1, one per row of X_tile (checked or made here)
    labels = np.asarray(labels, dtype=np.int64)
    sums, counts = _cluster_sums(X_tile, labels, int(labels.max()) + 1)
    centres = sums / counts[:, None]
    kept = tiles.tile_of(centres) == tile
    return TileResult(int(tile), points, labels, centres, kept)


def _check_params(params, fit_predict):
    """``params`` as settings of SelfTuningSpectralClustering, checked whether
    or not this tile uses them; ``fit_predict`` None or callable."""
    if fit_predict is not None and not callable(fit_predict):
        raise TypeError(
            f"fit_predict must be None or a function, labels = fit_predict(X_tile), got "
            f"{fit_predict!r:.60}."
        )
    if params is None:
        return
    if not isinstance(params, dict):
        raise TypeError(
            f"params must be a dict of SelfTuningSpectralClustering settings, such as "
            f"{{'max_clusters': 6}}, got {type(params).__name__}."
        )
    known = SelfTuningSpectralClustering().get_params()
    unknown = [key for key in params if key not in known]
    if unknown:
        raise ValueError(
            f"params holds {unknown}, which SelfTuningSpectralClustering does not take; "
            f"use some of {sorted(known)}."
        )
    # no tile's size bounds them here: max_clusters is capped per tile
    SelfTuningSpectralClustering(**params)._validate_settings(MAX_ROWS)


def _check_tile(tiles, tile, points, X_tile):
    """The arguments of :func:`cluster_tile`, checked."""
    if not isinstance(tiles, KDTiles):
        raise TypeError(
            f"tiles must be a KDTiles (from helpers.kdtiles.kd_tiles), got {type(tiles).__name__}."
        )
    tile = check_whole(tile, "tile", 0, tiles.n_tiles - 1)
    points = np.asarray(points)
    if points.ndim != 1 or points.dtype.kind not in "iu" or (points < 0).any():
        raise ValueError(
            "points must be the tile's row numbers in the whole data set: a 1-D array "
            f"of whole numbers >= 0, got dtype {points.dtype} and shape {points.shape}."
        )
    X_tile = as_float_matrix(X_tile, name="X_tile", squared=False)
    if X_tile.shape[0] != points.size:
        raise ValueError(
            f"X_tile has {X_tile.shape[0]} rows but points names {points.size}; pass "
            "X[points], one row per point."
        )
    if X_tile.shape[1] != tiles.n_features:
        raise ValueError(
            f"X_tile has {X_tile.shape[1]} features but the tiles were built on "
            f"{tiles.n_features}; use points with the same columns."
        )
    return tile, points, X_tile


def merge_tiles(X, results, home):
    """Put the tiles' groups together: one label per point.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The points (to find the nearest of two claiming centres).
    results : iterable of TileResult
        One per tile that holds points (at least one); every point must be
        among some tile's ``points``.
    home : ndarray of shape (n_samples,)
        Each point's home tile (:meth:`KDTiles.tile_of`); the point must be
        among its home tile's points.

    Returns
    -------
    labels : ndarray of shape (n_samples,)
        Group numbers 0..G-1, each used at least once, numbered in order of
        tile and of group within the tile.
    stats : dict
        ``kept`` and ``dropped`` groups, ``contested`` points (claimed by two
        kept groups), ``orphans`` (points claimed by no kept group).

    Examples
    --------
    >>> import numpy as np
    >>> r0 = TileResult(0, np.array([0, 1, 2]), np.array([0, 0, 1]),
    ...                 np.array([[0.0], [2.0]]), np.array([True, False]))
    >>> r1 = TileResult(1, np.array([1, 2, 3]), np.array([0, 0, 0]),
    ...                 np.array([[2.5]]), np.array([True]))
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> labels, stats = merge_tiles(X, [r0, r1], np.array([0, 0, 1, 1]))
    >>> labels.tolist(), stats["contested"]
    ([0, 0, 1, 1], 1)
    """
    X = as_float_matrix(X)
    n_samples = X.shape[0]
    home = np.asarray(home)
    if home.shape != (n_samples,):
        raise ValueError(f"home must hold one tile per point ({n_samples}), got {home.shape}.")
    if home.dtype.kind not in "iu":
        raise ValueError(
            f"home must hold tile numbers (whole numbers), got dtype {home.dtype}. Use "
            "KDTiles.tile_of(X)."
        )
    results = _check_results(results)
    by_tile = {r.tile: r for r in results}
    claim_point, claim_group, claim_centre = [], [], []
    offset, n_kept, n_dropped = 0, 0, 0
    for r in results:
        number = np.full(r.kept.size, -1, dtype=np.int64)
        number[r.kept] = offset + np.arange(r.kept.sum())
        offset += int(r.kept.sum())
        n_kept += int(r.kept.sum())
        n_dropped += int((~r.kept).sum())
        mine = r.kept[r.labels]
        claim_point.append(r.points[mine])
        claim_group.append(number[r.labels[mine]])
        claim_centre.append(r.centres[r.labels[mine]])
    point = np.concatenate(claim_point)
    group = np.concatenate(claim_group)
    centre = np.concatenate(claim_centre) if point.size else np.empty((0, X.shape[1]))
    dist = ((X[point] - centre) ** 2).sum(axis=1)
    # for each point, the nearest claiming centre (lowest group on a tie)
    order = np.lexsort((group, dist, point))
    first = np.ones(order.size, dtype=bool)
    first[1:] = point[order][1:] != point[order][:-1]
    labels = np.full(n_samples, -1, dtype=np.int64)
    labels[point[order][first]] = group[order][first]
    contested = int(np.count_nonzero(np.bincount(point, minlength=n_samples) > 1))
    # orphans keep their home tile's grouping, as new groups
    orphans = np.flatnonzero(labels < 0)
    if orphans.size:
        local = np.empty(orphans.size, dtype=np.int64)
        for t in np.unique(home[orphans]):
            r = by_tile.get(int(t))
            at = home[orphans] == t
            where = np.searchsorted(r.points, orphans[at]) if r is not None else None
            if (
                r is None
                or (where >= r.points.size).any()
                or (r.points[where] != orphans[at]).any()
            ):
                raise ValueError(
                    f"tile {int(t)} is the home tile of points it does not hold; "
                    "each result must hold its tile's own points."
                )
            local[at] = r.labels[where]
        _, new = np.unique(np.column_stack([home[orphans], local]), axis=0, return_inverse=True)
        labels[orphans] = offset + new.ravel()
    # kept groups that lost every point to nearer centres leave gaps
    _, labels = np.unique(labels, return_inverse=True)
    stats = {
        "kept": n_kept,
        "dropped": n_dropped,
        "contested": contested,
        "orphans": int(orphans.size),
    }
    return labels.astype(np.int64), stats


def _check_results(results):
    """The tiles' results as a list sorted by tile: each a TileResult, one per
    tile, at least one."""
    if isinstance(results, TileResult) or not hasattr(results, "__iter__"):
        raise TypeError(
            f"results must be a list of TileResult (one per tile, from cluster_tile), got "
            f"{type(results).__name__}. Wrap a single one in a list."
        )
    results = list(results)
    odd = [r for r in results if not isinstance(r, TileResult)]
    if odd:
        raise TypeError(
            f"results must hold TileResult values (from cluster_tile), one per tile, got "
            f"{type(odd[0]).__name__} {odd[0]!r:.60}."
        )
    if not results:
        raise ValueError("results is empty; give the TileResult of every tile that holds points.")
    tiles = [int(r.tile) for r in results]
    if len(set(tiles)) != len(tiles):
        twice = next(t for i, t in enumerate(tiles) if t in tiles[:i])
        raise ValueError(f"results holds two results for tile {twice}; give one per tile.")
    return sorted(results, key=lambda r: r.tile)


def estimate_border(X, tiles, params=None, *, n_pilot=8, margin=1.5, random_state=0):
    """Choose the border width from the data: half the largest group's extent.

    ``n_pilot`` tiles picked at random are clustered without borders (see
    :func:`cluster_tile`). Each group found there has an extent, ``max -
    min`` of its points per coordinate. The border is ``margin / 2`` times
    the largest extent, per coordinate, leaving out *loose* groups: those
    more than :data:`LOOSE` (4) times wider than the typical point's group
    (the median over points of their group's width).

    Why leave loose groups out: a pilot tile may join a few sparse, tiny
    groups into one loose group whose extent says nothing about the groups
    (in notebook 07, chains of road signs each seen three times, 1 km
    across, beside signs 15-30 m across). Why 4: groups made by the same
    process differ in width mostly through their number of points, and the
    range of m Gaussian points grows like ``sqrt(log m)``: from 3 to 3,000
    points, by a factor of 2.7. Data whose real groups differ more in width
    than that need a hand-chosen border. Why a margin above 1: groups cut
    by a pilot tile's edge look smaller than they are, and the widest group
    overall may not be in the pilot.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    tiles : KDTiles
    params : dict, optional
        Settings for :class:`~helpers.stsc.SelfTuningSpectralClustering`.
    n_pilot : int in 1..10,000, default=8
        Tiles in the pilot; every tile if there are no more than ``n_pilot``.
    margin : float > 0, default=1.5
    random_state : int, default=0

    Returns
    -------
    border : ndarray of shape (n_features,)

    Examples
    --------
    >>> from helpers.datasets import make_blob_grid
    >>> X, _, _ = make_blob_grid(900, spacing=20, grid=3, random_state=0)
    >>> bool(2 < estimate_border(X, kd_tiles(X, 4))[0] < 8)
    True
    """
    X = tiles.check_points(X)
    if not X.shape[0]:
        raise ValueError("X is empty; give at least one point to estimate the border from.")
    n_pilot = check_whole(n_pilot, "n_pilot", 1, MAX_REPEATS)
    margin = check_real(margin, "margin", 0, low_open=True)
    _check_params(params, None)  # also when no pilot tile is large enough to use them
    params = dict(params or {})
    home = tiles.tile_of(X)
    rng = check_random_state(random_state)
    pilot = rng.choice(tiles.n_tiles, size=min(n_pilot, tiles.n_tiles), replace=False)
    spans, sizes = [], []
    for t in np.sort(pilot):
        points = np.flatnonzero(home == t)
        if points.size < 2:
            continue
        r = cluster_tile(tiles, t, points, X[points], params, check_input=False)
        order = np.argsort(r.labels, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(r.labels[order]) > 0])
        Xs = X[points][order]
        spans.append(np.maximum.reduceat(Xs, starts) - np.minimum.reduceat(Xs, starts))
        sizes.append(np.diff(np.r_[starts, points.size]))
    if not spans:
        return np.zeros(X.shape[1])
    spans, sizes = np.vstack(spans), np.concatenate(sizes)
    # a loose group, many times wider than the typical point's group, is a
    # chain of tiny groups, not a group whose cut would matter
    widest = spans.max(axis=1)
    order = np.argsort(widest, kind="stable")
    held = np.cumsum(sizes[order])
    typical = widest[order][np.searchsorted(held, held[-1] / 2)]
    extent = spans[widest <= LOOSE * typical].max(axis=0)
    return margin * extent / 2


class TiledSelfTuningSpectralClustering(ClusterMixin, BaseEstimator):
    """Self-tuning spectral clustering in kd-tree tiles with borders (see the
    module docstring for the method), the tiles one after another in this
    process.

    :class:`helpers.spark.tiling.SparkTiledSelfTuningSpectralClustering` is
    the same estimator with the tiles clustered in parallel on Spark; it
    gives the same labels. This module knows nothing of Spark: the Spark side
    replaces :meth:`_cluster_tiles`, the one step that differs.

    Parameters
    ----------
    n_tiles : int, default=16
    border : "auto", float or array-like of shape (n_features,), default="auto"
        Width added around each tile; "auto" uses :func:`estimate_border`.
    max_clusters : int, default=6
        Most groups per connected piece of a tile's affinity graph.
    n_neighbors_scale : int, default=7
    n_pilot : int in 1..10,000, default=8
        Tiles clustered to estimate the border ("auto"); all of them if there
        are no more than ``n_pilot``.
    margin : float > 0, default=1.5
        Safety factor of the estimated border ("auto"); checked whatever the
        border, as scikit-learn checks every parameter in ``fit``.
    random_state : int, default=0
    progress : bool, default=False
        A progress line over tiles (True or False; text is refused).

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
    n_clusters_ : int
    tiles_ : KDTiles
    border_ : ndarray of shape (n_features,)
    tile_sizes_ : ndarray of shape (n_tiles,)
        Points each tile clustered, border included.
    merge_stats_ : dict
        From :func:`merge_tiles`.

    Examples
    --------
    >>> from helpers.datasets import make_blob_grid
    >>> X, y, _ = make_blob_grid(1600, spacing=20, grid=4, random_state=0)
    >>> TiledSelfTuningSpectralClustering(n_tiles=4).fit(X).n_clusters_
    16
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
        random_state=0,
        progress=False,
    ):
        self.n_tiles = n_tiles
        self.border = border
        self.max_clusters = max_clusters
        self.n_neighbors_scale = n_neighbors_scale
        self.n_pilot = n_pilot
        self.margin = margin
        self.random_state = random_state
        self.progress = progress

    def _check(self, X):
        """``X`` and the settings, checked once here, not in every tile
        (and, on Spark, before a session starts); return (X, params, n_pilot)."""
        X = as_float_matrix(X, min_rows=2)
        params = {
            "max_clusters": self.max_clusters,
            "n_neighbors_scale": self.n_neighbors_scale,
            "random_state": self.random_state,
        }
        SelfTuningSpectralClustering(**params)._validate_settings(X.shape[0])
        check_whole(self.n_tiles, "n_tiles", 1, X.shape[0])
        check_bool(self.progress, "progress")
        n_pilot = check_whole(self.n_pilot, "n_pilot", 1, MAX_REPEATS)
        # checked even when a given border leaves it unused
        check_real(self.margin, "margin", 0, low_open=True)
        if not (isinstance(self.border, str) and self.border == "auto"):
            if isinstance(self.border, str):
                raise ValueError(f"border must be 'auto' or a width, got {self.border!r}.")
            check_border(self.border, X.shape[1])
        return X, params, n_pilot

    def fit(self, X, y=None):
        """Cluster ``X``; ``y`` is ignored."""
        X, params, n_pilot = self._check(X)
        self.tiles_ = kd_tiles(X, self.n_tiles)
        if isinstance(self.border, str) and self.border == "auto":
            self.border_ = estimate_border(
                X,
                self.tiles_,
                params,
                n_pilot=n_pilot,
                margin=self.margin,
                random_state=self.random_state,
            )
        else:
            self.border_ = check_border(self.border, X.shape[1])
        self.n_features_in_ = X.shape[1]
        results = self._cluster_tiles(X, params)
        self.tile_sizes_ = np.zeros(self.tiles_.n_tiles, dtype=np.int64)
        for r in results:
            self.tile_sizes_[r.tile] = r.points.size
        self.labels_, self.merge_stats_ = merge_tiles(X, results, self.tiles_.tile_of(X))
        self.n_clusters_ = int(self.labels_.max()) + 1
        return self

    def _cluster_tiles(self, X, params):
        """Cluster every tile (with its border); a list of TileResult."""
        return list(self._in_process(X, params))

    def _in_process(self, X, params):
        points, tile = self.tiles_.members(X, self.border_)
        bounds = np.searchsorted(tile, np.arange(self.tiles_.n_tiles + 1))
        bar = Progress(self.tiles_.n_tiles, "tiles", enabled=self.progress)
        for t in range(self.tiles_.n_tiles):
            mine = points[bounds[t] : bounds[t + 1]]
            if mine.size:
                yield cluster_tile(self.tiles_, t, mine, X[mine], params, check_input=False)
            bar.step(f"tile {t}")

    def fit_predict(self, X, y=None):
        """Cluster ``X`` and return the labels."""
        return self.fit(X).labels_
