"""K-means on Spark RDDs, written as map and reduce, and Spark MLlib's K-means.

The two phases of a Lloyd iteration split naturally:

* **map** (on every partition, in parallel): each partition holds a NumPy
  block of points; with the centroids broadcast to it, it assigns its points
  to their nearest centroid and returns, per cluster, the sum and the count of
  its points (k x d numbers, however many points it has);
* **reduce** (a tree of merges up to the driver): the partial sums and counts
  are added; the driver divides them into new centroids.

Only k x d numbers travel per partition and iteration, never the points. The
arithmetic inside a partition is :mod:`helpers.kmeans`'s, and empty clusters
follow its rule (moved onto the point farthest from its centroid), so from
the same start the result equals :func:`helpers.kmeans.kmeans`.
"""

from __future__ import annotations

import heapq
import timeit
from typing import NamedTuple

import numpy as np

from helpers._validation import MAX_REPEATS, as_float_matrix, check_real, check_whole
from helpers.kmeans import assign, assign_and_sum, relocate_empty_clusters

__all__ = [
    "RDDKMeansResult",
    "kmeans_rdd",
    "labels_rdd",
    "mllib_kmeans",
    "pass_seconds",
    "to_blocks",
]


class RDDKMeansResult(NamedTuple):
    """What :func:`kmeans_rdd` returns."""

    centroids: np.ndarray
    inertia: float
    n_iter: int


def to_blocks(sc, X, num_partitions=None, *, block_rows=None):
    """Cut X into NumPy blocks, each tagged with its first row.

    Parameters
    ----------
    sc : SparkContext
    X : array-like of shape (n, d)
    num_partitions : int, optional
        Default: Spark's default parallelism.
    block_rows : int, optional
        None: one block per partition. A number: blocks of at most this many
        rows, several per partition. Each pass over the data moves every
        block from Spark's cache into a Python worker; blocks of a few MB
        move faster and more evenly than one block of hundreds of MB.

    Returns
    -------
    RDD
        Cached, of ``(first_row, block)`` pairs.
    """
    X = as_float_matrix(X)
    p = _partitions(num_partitions, sc, X.shape[0])
    if block_rows is None:
        bounds = np.linspace(0, X.shape[0], p + 1).astype(int)
    else:
        block_rows = check_whole(block_rows, "block_rows", 1)
        bounds = np.r_[np.arange(0, X.shape[0], block_rows), X.shape[0]]
        p = min(p, bounds.size - 1)
    parts = [(int(a), X[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return sc.parallelize(parts, p).cache()


def kmeans_rdd(blocks, init, *, max_iter=300, tol=1e-4):
    """Lloyd's K-means as map/reduce over an RDD of ``(first_row, block)`` pairs.

    Parameters
    ----------
    blocks : RDD
        From :func:`to_blocks`.
    init : array-like of shape (k, n_features)
        Starting centroids (e.g. from ``helpers.kmeans.init_kmeans_plusplus``
        on a sample, or the same start as another implementation).
    max_iter : int
    tol : float
        Stop when the summed squared centroid shift is at most ``tol`` times
        the mean variance of the features (notebook 01's rule).

    Returns
    -------
    RDDKMeansResult

    Raises
    ------
    ValueError
        Empty RDD, blocks of another width than ``init``, more centroids than
        points: checked on the driver before any iteration.
    """
    init = as_float_matrix(init, name="init")
    max_iter = check_whole(max_iter, "max_iter", 1)
    tol = check_real(tol, "tol", 0)
    k, d = init.shape
    n, widths, col_sum, col_sq = blocks.map(_shape_stats).treeReduce(_add_stats)
    if n == 0:
        raise ValueError("the RDD holds no points.")
    if widths != {d}:
        raise ValueError(f"blocks have {sorted(widths)} features but init has {d}.")
    if k > n:
        raise ValueError(f"k={k} centroids but only {n} points.")
    mean_var = float(np.mean(col_sq / n - (col_sum / n) ** 2))
    tol_abs = tol * max(mean_var, 0.0)

    sc = blocks.context
    centroids = init.copy()
    for n_iter in range(1, max_iter + 1):  # noqa: B007 (returned)
        shared = sc.broadcast(centroids)
        sums, counts, inertia, far = blocks.map(
            lambda part, shared=shared, k=k: _partial(part, shared.value, k)
        ).treeReduce(_merge_partials)
        shared.destroy()
        if (counts == 0).any():
            relocate_empty_clusters(sums, counts, ((lab, x) for _, _, lab, x in far))
        new = centroids.copy()
        nz = counts > 0
        new[nz] = sums[nz] / counts[nz, None]
        shift = float(((new - centroids) ** 2).sum())
        centroids = new
        if shift <= tol_abs:
            break
    shared = sc.broadcast(centroids)
    inertia = blocks.map(lambda part, shared=shared: float(assign(part[1], shared.value)[1].sum()))
    total = inertia.sum()
    shared.destroy()
    return RDDKMeansResult(centroids, float(total), n_iter)


def labels_rdd(blocks, centroids):
    """Nearest centroid of every point, gathered on the driver in row order."""
    pairs = blocks.map(lambda part: (part[0], assign(part[1], centroids)[0])).collect()
    return np.concatenate([labels for _, labels in sorted(pairs, key=lambda p: p[0])])


def mllib_kmeans(sc, data, init, *, max_iter=300, tol=1e-4, num_partitions=None):
    """Spark MLlib's K-means (the RDD API, which accepts a starting model).

    Parameters
    ----------
    sc : SparkContext
    data : array-like of shape (n, d), or an RDD of vectors
    init : array-like of shape (k, d)
    tol : float
        MLlib's ``epsilon``: it stops when every centroid moves less than
        this distance (0 runs to a fixed point or ``max_iter``).

    Returns
    -------
    ndarray of shape (k, d): the final centroids.
    """
    from pyspark.mllib.clustering import KMeans, KMeansModel

    init = as_float_matrix(init, name="init")
    max_iter = check_whole(max_iter, "max_iter", 1)
    tol = check_real(tol, "tol", 0)
    if hasattr(data, "map"):  # already an RDD
        rdd, owned = data, False
    else:
        X = as_float_matrix(data)
        rdd = sc.parallelize(list(X), _partitions(num_partitions, sc, X.shape[0])).cache()
        owned = True
    model = KMeans.train(
        rdd, len(init), maxIterations=max_iter, epsilon=tol, seed=0,
        initialModel=KMeansModel(list(init)),
    )  # fmt: skip
    if owned:
        rdd.unpersist()
    return np.array(model.clusterCenters)


def pass_seconds(blocks, centroids, *, repeats=3):
    """Seconds for one pass over cached blocks: moving them, and one iteration.

    A Python function mapped over a cached RDD first needs the data in a
    Python process: on every pass, Spark streams each cached block (stored
    in the JVM as pickled bytes) to a Python worker, which unpickles it.
    Two passes separate that cost from the arithmetic:

    * ``"move"``: a map that only reads each block's row count;
    * ``"move and compute"``: one iteration of :func:`kmeans_rdd`'s map and
      reduce (assign, sum per cluster, add up), without the update.

    Parameters
    ----------
    blocks : RDD
        From :func:`to_blocks`, cached.
    centroids : array-like of shape (k, n_features)
    repeats : int in 1..10,000, default=3
        Each pass is timed this many times; the shortest is kept, as the
        least disturbed by other work on the machine.

    Returns
    -------
    dict of str to float
        Wall-clock seconds of each pass. Timings vary from run to run and
        machine to machine: compare them with each other, not with a fixed
        figure.

    Examples
    --------
    >>> seconds = pass_seconds(to_blocks(sc, X), X[:3])  # doctest: +SKIP
    >>> sorted(seconds)  # doctest: +SKIP
    ['move', 'move and compute']
    """
    repeats = check_whole(repeats, "repeats", 1, MAX_REPEATS)
    centroids = as_float_matrix(centroids, name="centroids")
    k = centroids.shape[0]
    sc = blocks.context
    shared = sc.broadcast(centroids)
    try:
        runs = {
            "move": lambda: blocks.map(lambda part: part[1].shape[0]).sum(),
            "move and compute": lambda: blocks.map(
                lambda part, shared=shared, k=k: _partial(part, shared.value, k)
            ).treeReduce(_merge_partials),
        }
        return {
            name: min(timeit.repeat(run, number=1, repeat=repeats)) for name, run in runs.items()
        }
    finally:
        shared.destroy()


# ------------------------------------------------------------- the map side


def _shape_stats(part):
    _, block = part
    return (block.shape[0], {block.shape[1]}, block.sum(axis=0), (block**2).sum(axis=0))


def _add_stats(a, b):
    if a[0] == 0:
        return b
    if b[0] == 0:
        return a
    return (a[0] + b[0], a[1] | b[1], a[2] + b[2], a[3] + b[3])


def _partial(part, centroids, k):
    """One partition's share of an iteration: sums, counts, inertia, far points."""
    first_row, block = part
    labels, sq, sums, counts = assign_and_sum(block, centroids)
    # candidates for empty clusters: this block's farthest points; 2k of them
    # is enough, since at most k - 1 clusters can be empty and a candidate is
    # skipped only when its own cluster would be left empty
    top = np.argsort(-sq.astype(np.float64), kind="stable")[: 2 * k]
    far = [(-float(sq[i]), first_row + int(i), int(labels[i]), block[i].copy()) for i in top]
    return sums, counts, float(sq.sum()), far


def _merge_partials(a, b):
    # farthest first, ties to the lower row: the order helpers.kmeans uses
    far = heapq.nsmallest(len(a[3]), a[3] + b[3], key=lambda t: (t[0], t[1]))
    return a[0] + b[0], a[1] + b[1], a[2] + b[2], far


def _partitions(num_partitions, sc, n):
    """Spark partitions for ``n`` rows: ``num_partitions`` (a whole number in
    ``1..n``; not ``True``, not ``0`` read as "the default"), or Spark's
    default parallelism when None."""
    if num_partitions is None:
        p = sc.defaultParallelism
        if not 1 <= p <= n:
            raise ValueError(
                f"num_partitions defaults to Spark's parallelism ({p}), more than the "
                f"{n} rows; pass num_partitions in 1..{n}."
            )
        return p
    return check_whole(num_partitions, "num_partitions", 1, n)
