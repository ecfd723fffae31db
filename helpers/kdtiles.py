"""Kd-tree tiles: boxes holding about equally many points, and borders
around them.

The geometry under :mod:`helpers.tiling` (self-tuning spectral clustering,
tile by tile), kept apart because nothing in it is about clustering:

* :func:`kd_tiles` cuts the space at the median of one coordinate,
  alternating coordinates with depth, and splits the fullest tile until
  there are ``n_tiles``. Each tile is a box ``lower <= x < upper`` (the outer
  boxes reach to infinity), so every point of the space lies in exactly one
  tile, its *home* tile.
* :class:`KDTiles` holds the boxes and the tree: :meth:`KDTiles.tile_of`
  gives each point's home tile, :meth:`KDTiles.members` every (point, tile)
  pair with the point inside the tile's box grown by a border on each side.
* :func:`check_border` checks a border width: one number, or one per
  coordinate.

Examples
--------
>>> import numpy as np
>>> X = np.random.default_rng(0).normal(size=(1000, 2))
>>> tiles = kd_tiles(X, 4)
>>> np.bincount(tiles.tile_of(X)).tolist()
[250, 250, 250, 250]
>>> points, tile = tiles.members(X, border=0.1)
>>> bool(points.size > X.shape[0])  # points near a cut belong to two tiles
True
"""

from __future__ import annotations

import numbers

import numpy as np

from helpers._validation import as_float_matrix, check_whole

_MAX_FEATURES = 100_000

__all__ = ["KDTiles", "check_border", "kd_tiles"]


class KDTiles:
    """Boxes of a kd-tree with (about) equal counts: see :func:`kd_tiles`.

    Attributes
    ----------
    lower, upper : ndarray of shape (n_tiles, n_features)
        Tile ``t`` is the box ``lower[t] <= x < upper[t]``; outer tiles reach
        to -inf / +inf.
    dim, cut, left, right : ndarray of shape (n_nodes,)
        The tree: node ``i`` sends ``x`` to ``left[i]`` if ``x[dim[i]] <
        cut[i]``, else to ``right[i]``. For a leaf, ``dim`` is -1 and
        ``left`` holds its tile number.
    """

    def __init__(self, lower, upper, dim, cut, left, right):
        self.lower, self.upper = lower, upper
        self.dim, self.cut, self.left, self.right = dim, cut, left, right

    @property
    def n_tiles(self):
        return self.lower.shape[0]

    @property
    def n_features(self):
        return self.lower.shape[1]

    def __repr__(self):
        return f"KDTiles(n_tiles={self.n_tiles}, n_features={self.n_features})"

    def tile_of(self, X):
        """The home tile of each point (the one box that holds it).

        Examples
        --------
        >>> tiles = kd_tiles([[0.0, 0], [1, 0], [2, 0], [3, 0]], n_tiles=2)
        >>> tiles.tile_of([[0.5, 9], [2.5, -9], [-100, 0]]).tolist()
        [0, 1, 0]
        """
        X = self.check_points(X)
        node = np.zeros(X.shape[0], dtype=np.int64)
        inner = self.dim[node] >= 0
        while inner.any():
            i = node[inner]
            below = X[inner, self.dim[i]] < self.cut[i]
            node[inner] = np.where(below, self.left[i], self.right[i])
            inner = self.dim[node] >= 0
        return self.left[node]

    def members(self, X, border=0.0):
        """Every (point, tile) pair with the point inside the tile's box
        grown by ``border`` on each side: ``lower - border <= x < upper +
        border``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        border : float or array-like of shape (n_features,)
            Width added on each side, per coordinate; 0 gives the home tiles.

        Returns
        -------
        points, tiles : ndarray of shape (n_pairs,)
            Sorted by tile, then by point. Every point appears at least once
            (with its home tile).

        Examples
        --------
        >>> tiles = kd_tiles([[0.0], [1], [2], [3]], n_tiles=2)
        >>> [p.tolist() for p in tiles.members([[0.0], [1], [2], [3]], border=0.6)]
        [[0, 1, 2, 2, 3], [0, 0, 0, 1, 1]]
        """
        X = self.check_points(X)
        width = check_border(border, self.n_features)
        point = np.arange(X.shape[0])
        node = np.zeros(X.shape[0], dtype=np.int64)
        done_p, done_t = [], []
        while point.size:
            leaf = self.dim[node] < 0
            done_p.append(point[leaf])
            done_t.append(self.left[node[leaf]])
            point, node = point[~leaf], node[~leaf]
            d = self.dim[node]
            x = X[point, d]
            # a point near a cut belongs to both sides, so it may go both ways
            go_left = x < self.cut[node] + width[d]
            go_right = x >= self.cut[node] - width[d]
            point = np.concatenate([point[go_left], point[go_right]])
            node = np.concatenate([self.left[node[go_left]], self.right[node[go_right]]])
        points, tiles = np.concatenate(done_p), np.concatenate(done_t)
        order = np.lexsort((points, tiles))
        return points[order], tiles[order]

    def check_points(self, X):
        """``X`` as a float matrix with as many columns as the tiles have
        (of any scale: tiles compare values, they square none)."""
        X = as_float_matrix(X, min_rows=0, squared=False)
        if X.shape[1] != self.n_features:
            raise ValueError(
                f"X has {X.shape[1]} features but the tiles were built on "
                f"{self.n_features}; use points with the same columns."
            )
        return X


def kd_tiles(X, n_tiles):
    """Cut the space into ``n_tiles`` boxes holding about equally many points.

    A kd-tree: the fullest tile is cut at the median of one coordinate
    (coordinates alternate with depth; if the points of a tile all share that
    coordinate's value, the next coordinate is tried), until there are
    ``n_tiles`` tiles. Points below the median go to the lower tile, the rest
    to the upper one. Tiles are numbered from the lowest to the highest leaf
    of the tree. A tile whose points are all equal is not cut, so with many
    copies there may be fewer tiles than asked for.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite real numbers, of any scale.
    n_tiles : int
        At most ``n_samples``.

    Returns
    -------
    KDTiles

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).normal(size=(1000, 2))
    >>> tiles = kd_tiles(X, 8)
    >>> np.bincount(tiles.tile_of(X)).tolist()
    [125, 125, 125, 125, 125, 125, 125, 125]
    """
    # medians and comparisons only, no squares: any finite scale will do
    X = as_float_matrix(X, squared=False)
    n, d = X.shape
    n_tiles = check_whole(n_tiles, "n_tiles", 1, n)  # at most one tile per point
    # node: [dim, cut, left, right, depth]; leaves keep their points
    dim, cut, left, right, depth = [-1], [np.nan], [-1], [-1], [0]
    rows = {0: np.arange(n)}
    lower, upper = {0: np.full(d, -np.inf)}, {0: np.full(d, np.inf)}
    while len(rows) < n_tiles:
        # the fullest leaf that can be cut (lowest node number on a tie)
        for node in sorted(rows, key=lambda i: (-rows[i].size, i)):
            split = _median_cut(X[rows[node]], depth[node])
            if split is not None:
                break
        else:
            break  # only copies of single points left
        k, value = split
        below = X[rows[node], k] < value
        for side, mask in ((0, below), (1, ~below)):
            child = len(dim)
            dim.append(-1), cut.append(np.nan), left.append(-1), right.append(-1)
            depth.append(depth[node] + 1)
            rows[child] = rows[node][mask]
            lower[child], upper[child] = lower[node].copy(), upper[node].copy()
            (upper if side == 0 else lower)[child][k] = value
            (left if side == 0 else right)[node] = child
        dim[node], cut[node] = k, value
        del rows[node]
    leaves = _leaves_in_order(left, right, dim)
    left = np.array(left, dtype=np.int64)
    left[leaves] = np.arange(len(leaves))
    return KDTiles(
        np.array([lower[i] for i in leaves]),
        np.array([upper[i] for i in leaves]),
        np.array(dim, dtype=np.int64),
        np.array(cut),
        left,
        np.array(right, dtype=np.int64),
    )


def _median_cut(points, depth):
    """(coordinate, value) cutting ``points`` in two non-empty halves, or None."""
    d = points.shape[1]
    for k in (np.arange(d) + depth) % d:
        column = np.sort(points[:, k])
        value = column[column.size // 2]
        if value > column[0]:
            return int(k), float(value)
        above = column[column > value]
        if above.size:  # more than half are copies of the smallest value
            return int(k), float(above[0])
    return None


def _leaves_in_order(left, right, dim):
    order, stack = [], [0]
    while stack:
        node = stack.pop()
        if dim[node] < 0:
            order.append(node)
        else:
            stack += [right[node], left[node]]
    return order


def check_border(border, n_features):
    """``border`` as one finite width >= 0 per coordinate.

    Parameters
    ----------
    border : float or array-like of shape (n_features,)
        Real numbers; text (even ``"1"``), booleans and complex numbers are
        refused rather than converted.
    n_features : int in 1..100,000

    Returns
    -------
    width : ndarray of shape (n_features,)

    Examples
    --------
    >>> check_border(0.5, 2).tolist()
    [0.5, 0.5]
    >>> try:
    ...     check_border("1", 2)
    ... except ValueError as err:
    ...     print(str(err).split(",")[0])
    border must be a finite number >= 0
    """
    # a cap, as for any size: n_features=10**12 was a MemoryError in np.full
    n_features = check_whole(n_features, "n_features", 1, _MAX_FEATURES)
    width = np.asarray(border) if not isinstance(border, str | bytes) else np.array(np.nan)
    if isinstance(border, numbers.Real) and not isinstance(border, bool | np.bool_):
        # one real number of any kind (a Fraction too), as check_real takes it
        try:
            width = np.array(float(border))
        except OverflowError:  # beyond float's range, e.g. 10**400
            width = np.array(np.nan)
    if width.dtype.kind not in "iuf":  # text, bool, complex, None: not a width
        width = np.array(np.nan)
    width = width.astype(np.float64)
    if width.ndim == 0:
        width = np.full(n_features, float(width))
    if width.shape != (n_features,) or not np.isfinite(width).all() or (width < 0).any():
        raise ValueError(
            f"border must be a finite number >= 0, or one per feature ({n_features}), "
            f"got {border!r}."
        )
    return width
