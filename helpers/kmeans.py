"""K-means (Lloyd's algorithm): the steps notebook 01 teaches, and a fast version.

The step functions (:func:`euclidean_distance`, :func:`closest_centroid`,
:func:`init_random`, :func:`init_kmeans_plusplus`, :func:`has_converged`,
:func:`update_centroids`) are written for reading: each does one thing, the
way the notebook explains it. :func:`kmeans` does the same work quickly, and
:func:`assign`, :func:`assign_and_sum` and :func:`cluster_sums` expose its
pass over the data (the map step of K-means on Spark uses them). The
machinery of that pass (row blocks on all cores, one compiled loop per
block) lives in :mod:`helpers._kmeans_pass`: it makes the loop fast, and the
lesson does not need to read it.

Conventions follow scikit-learn's ``KMeans(algorithm="lloyd")`` so that, from
the same initial centroids, both give the same labels and inertia:

* ``tol`` is relative: the loop stops when the squared centroid movement,
  summed over all centroids, is at most ``tol`` times the mean variance of
  the features, or when no label changes.
* After the loop the labels are recomputed against the final centroids, so
  every point is labelled with its nearest centroid.
* An empty cluster is moved onto the point farthest from its centroid (see
  :func:`update_centroids`), so a centroid is never NaN.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from helpers._kmeans_pass import _BlockRunner, _cluster_sums, _sq_dist_to
from helpers._validation import (
    as_float_matrix,
    as_float_vector,
    check_labels,
    check_n_clusters,
    check_random_state,
    check_real,
    check_scale,
    check_whole,
)

__all__ = [
    "KMeansResult",
    "assign",
    "assign_and_sum",
    "cluster_sums",
    "closest_centroid",
    "euclidean_distance",
    "has_converged",
    "init_kmeans_plusplus",
    "init_random",
    "kmeans",
    "relocate_empty_clusters",
    "update_centroids",
]

# Most per-cluster sums cluster_sums makes (k x n_features float64: 2 GiB)
_MAX_SUMS = 2**28
#: kmeans' default tolerance (shared with helpers.evaluation.k_sweep)
KMEANS_TOL = 1e-4


class KMeansResult(NamedTuple):
    """What :func:`kmeans` returns."""

    centroids: np.ndarray  #: (k, n_features), same dtype as X
    labels: np.ndarray  #: (n_samples,), int64 index of each point's centroid
    inertia: float  #: sum of squared distances of points to their centroid
    n_iter: int  #: Lloyd iterations run


# --------------------------------------------------------------------------
# The steps, one function each (what the notebook writes by hand)
# --------------------------------------------------------------------------


def euclidean_distance(a, b):
    """Euclidean (straight-line) distance between two points.

    Parameters
    ----------
    a, b : array-like of shape (n_features,)
        Values so large or so small that their squares overflow or
        underflow are refused ([3e-170, 4e-170] is 5e-170 from 0, but its
        squares underflow to 0).

    Returns
    -------
    float

    Examples
    --------
    >>> euclidean_distance([0, 0], [3, 4])
    5.0
    """
    a = as_float_vector(a, name="a", squared=True)
    b = as_float_vector(b, name="b", squared=True)
    if a.shape != b.shape:
        raise ValueError(
            f"a and b must be points of the same length, got {a.shape[0]} and {b.shape[0]} "
            "coordinates."
        )
    # together too: [1e-170, 1e-170] alone has no spread, but is 1.4e-170 from 0
    check_scale(np.vstack([a, b]), "a, b")
    return float(np.sqrt(np.sum((a - b) ** 2)))


def closest_centroid(x, centroids):
    """Index of the centroid nearest to point ``x`` (lowest index on ties).

    Values so large or so small that squared distances overflow or
    underflow are refused, in ``x`` as in ``centroids``.

    Examples
    --------
    >>> closest_centroid([1, 1], [[0, 0], [5, 5]])
    0
    """
    centroids = as_float_matrix(centroids, name="centroids")
    x = as_float_vector(x, name="x", squared=True)
    if x.shape != (centroids.shape[1],):
        raise ValueError(
            f"x has {x.shape[0]} coordinates but centroids have {centroids.shape[1]} features; "
            "give one point of the same features."
        )
    check_scale(np.vstack([centroids, x]), "x, centroids")
    return int(np.argmin(((centroids - x) ** 2).sum(axis=1)))


def init_random(X, n_clusters, random_state=None):
    """Pick ``n_clusters`` distinct rows of ``X`` at random as starting centroids.

    The row *indices* are permuted, not the data, so nothing large is copied.

    Examples
    --------
    >>> X = [[0, 0], [1, 1], [2, 2], [3, 3]]
    >>> init_random(X, 2, random_state=0).shape
    (2, 2)
    """
    X = as_float_matrix(X)
    k = check_n_clusters(n_clusters, X.shape[0], name="n_clusters")
    return _random_rows(X, k, check_random_state(random_state))


def _random_rows(X, k, rng):
    return X[rng.permutation(X.shape[0])[:k]].copy()


def init_kmeans_plusplus(X, n_clusters, random_state=None):
    """Choose ``n_clusters`` starting centroids by k-means++ (Arthur & Vassilvitskii, 2007).

    The first centroid is a random point; each next one is a point drawn with
    probability proportional to its squared distance to the nearest centroid
    chosen so far, so the starts spread out over the data.

    Examples
    --------
    >>> X = [[0, 0], [0, 1], [10, 10], [10, 11]]
    >>> C = init_kmeans_plusplus(X, 2, random_state=0)
    >>> sorted(int(c[0]) for c in C)  # one start in each far-apart pair
    [0, 10]
    """
    X = as_float_matrix(X)
    k = check_n_clusters(n_clusters, X.shape[0], name="n_clusters")
    return _plusplus(X, k, check_random_state(random_state))


def _plusplus(X, k, rng):
    n = X.shape[0]
    chosen = [int(rng.integers(n))]
    x_sq = np.einsum("ij,ij->i", X, X, dtype=np.float64)
    closest_sq = _sq_dist_to(X, X[chosen[0]], x_sq)
    for _ in range(1, k):
        total = closest_sq.sum()
        if total <= 0:  # every point sits on a centroid: any unused row will do
            unused = np.setdiff1d(np.arange(n), chosen)
            nxt = int(rng.choice(unused))
        else:
            # inverse-CDF sampling; searchsorted on the running sum avoids
            # building a probability vector that must sum exactly to one
            r = rng.random() * total
            nxt = int(np.searchsorted(np.cumsum(closest_sq), r, side="right"))
            nxt = min(nxt, n - 1)
        chosen.append(nxt)
        np.minimum(closest_sq, _sq_dist_to(X, X[nxt], x_sq), out=closest_sq)
    return X[chosen].copy()


def has_converged(old_centroids, new_centroids, tol):
    """True when the centroids moved (summed squared shift) by at most ``tol``.

    Examples
    --------
    >>> has_converged([[0.0, 0.0]], [[0.0, 0.001]], tol=1e-4)
    True
    >>> has_converged([[0.0, 0.0]], [[0.0, 0.1]], tol=1e-4)
    False
    """
    old = as_float_matrix(old_centroids, name="old_centroids")
    new = as_float_matrix(new_centroids, name="new_centroids")
    if old.shape != new.shape:
        raise ValueError(
            f"old_centroids and new_centroids must have the same shape, got {old.shape} and "
            f"{new.shape}."
        )
    tol = check_real(tol, "tol", 0)
    return bool(((new - old) ** 2).sum() <= tol)


def update_centroids(X, labels, old_centroids):
    """Move each centroid to the mean of the points labelled with it.

    Empty clusters: a centroid that lost all its points is moved onto the
    point farthest from its own centroid (taken from a cluster that keeps at
    least one other point), as scikit-learn does; several empty clusters take
    the farthest points in order. If no such point exists (fewer distinct
    points than clusters), the centroid stays where it was. A centroid is
    never NaN.

    Examples
    --------
    >>> X = [[0.0], [2.0], [10.0]]
    >>> update_centroids(X, [0, 0, 1], [[1.0], [9.0]])
    array([[ 1.],
           [10.]])
    """
    X = as_float_matrix(X)
    old = as_float_matrix(old_centroids, name="old_centroids")
    if old.shape[1] != X.shape[1]:
        raise ValueError(
            f"old_centroids have {old.shape[1]} features but X has {X.shape[1]}; they must "
            "come from the same feature matrix."
        )
    labels = check_labels(labels, X.shape[0], old.shape[0])
    sums, counts = _cluster_sums(X, labels, old.shape[0])
    _relocate_empty(X, labels, old, sums, counts)
    return _divide(sums, counts, old)


# --------------------------------------------------------------------------
# The fast version
# --------------------------------------------------------------------------


def kmeans(X, n_clusters, *, init="k-means++", max_iter=300, tol=KMEANS_TOL, random_state=None):
    """Cluster ``X`` into ``n_clusters`` groups with Lloyd's K-means.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Data; float32 is kept (and is faster), anything else becomes float64.
    n_clusters : int
        Number of clusters, ``1 <= n_clusters <= n_samples`` (the name
        scikit-learn's ``KMeans`` and the rest of this package use).
    init : {"k-means++", "random"} or array-like of shape (n_clusters, n_features)
        How to choose the starting centroids.
    max_iter : int
        Most Lloyd iterations to run, at least 1 (a Python or NumPy integer),
        with no upper bound, as in scikit-learn: the loop stops when no label
        changes, so a large value only lifts the cap.
    tol : float
        Stop when the summed squared centroid shift is at most
        ``tol * mean(var(X, axis=0))`` (scikit-learn's rule).
    random_state : None, int >= 0 or numpy.random.Generator
        Seeds the initialisation; checked even when ``init`` is an array.

    Returns
    -------
    KMeansResult
        ``centroids``, ``labels``, ``inertia``, ``n_iter``.

    Raises
    ------
    ValueError
        On NaN/inf, 1-D input, ``n_clusters`` out of range, ``max_iter`` not a whole
        number >= 1, or ``init`` of the wrong shape.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 10.0], [10.0, 11.0]])
    >>> res = kmeans(X, 2, random_state=0)
    >>> sorted(res.centroids.tolist())
    [[0.0, 0.5], [10.0, 10.5]]
    >>> res.inertia
    1.0
    """
    X = as_float_matrix(X)
    k = check_n_clusters(n_clusters, X.shape[0], name="n_clusters")
    max_iter = check_whole(max_iter, "max_iter", 1)  # NumPy integers too; not True
    tol = check_real(tol, "tol", 0)
    # checked also when starting centroids are given and no seed is used
    check_random_state(random_state)
    return _kmeans(X, k, init, max_iter, tol, random_state)


def _kmeans(X, k, init, max_iter, tol, random_state):
    """:func:`kmeans` on arguments already checked (one pass over X saved
    per call when a caller such as ``k_sweep`` checked X once for many k)."""
    n = X.shape[0]
    centroids = _initial_centroids(X, k, init, random_state)

    labels = np.full(n, -1, dtype=np.int64)
    new_labels = np.empty(n, dtype=np.int64)
    min_sq = np.empty(n, dtype=X.dtype)
    with _BlockRunner(X) as runner:
        tol_abs = tol * runner.mean_variance() if tol > 0 else 0.0
        for n_iter in range(1, max_iter + 1):  # noqa: B007 (returned)
            sums, counts = runner.assign(centroids, new_labels, min_sq)
            if counts.min() == 0:
                _relocate_empty(X, new_labels, centroids, sums, counts, min_sq)
            new_centroids = _divide(sums, counts, centroids).astype(X.dtype, copy=False)
            labels, new_labels = new_labels, labels
            shift = float(((new_centroids - centroids) ** 2).sum())
            centroids = new_centroids
            if np.array_equal(labels, new_labels) or shift <= tol_abs:
                break
        # label every point with its nearest *final* centroid, and measure
        # the inertia from the differences themselves (see assign)
        runner.assign(centroids, labels, min_sq, update=False)
    return KMeansResult(centroids, labels, float(min_sq.sum(dtype=np.float64)), n_iter)


def assign(X, centroids):
    """Nearest centroid of every row, and the squared distance to it.

    The prediction step of K-means, done in blocks on all cores like
    :func:`kmeans` (memory stays bounded on millions of rows).

    Returns
    -------
    labels : ndarray of int64, shape (n_samples,)
    sq_distances : ndarray, shape (n_samples,), X's dtype

    Examples
    --------
    >>> labels, sq = assign([[0.0], [4.0]], [[1.0], [5.0]])
    >>> labels.tolist(), sq.tolist()
    ([0, 1], [1.0, 1.0])
    """
    X, C = _data_and_centroids(X, centroids)
    labels = np.empty(X.shape[0], dtype=np.int64)
    sq = np.empty(X.shape[0], dtype=X.dtype)
    with _BlockRunner(X, need_row_norms=False) as runner:
        runner.assign(C, labels, sq, update=False)
    return labels, sq


def assign_and_sum(X, centroids):
    """One Lloyd pass without the division: nearest centroid of every row,
    the squared distance to it, and the per-cluster sums and counts.

    The work of one iteration of :func:`kmeans`, for callers that combine
    partial sums themselves (the map step of K-means on Spark). Distances
    are in the expanded form ``||x||^2 - 2 x.c + ||c||^2`` (as inside
    :func:`kmeans`), clipped at 0.

    Returns
    -------
    labels : ndarray of int64, shape (n_samples,)
    sq_distances : ndarray, shape (n_samples,), X's dtype
    sums : ndarray of float64, shape (k, n_features)
    counts : ndarray of int64, shape (k,)

    Examples
    --------
    >>> labels, sq, sums, counts = assign_and_sum([[0.0], [2.0], [9.0]], [[1.0], [8.0]])
    >>> labels.tolist(), sq.tolist(), sums.ravel().tolist(), counts.tolist()
    ([0, 0, 1], [1.0, 1.0, 1.0], [2.0, 9.0], [2, 1])
    """
    X, C = _data_and_centroids(X, centroids)
    labels = np.empty(X.shape[0], dtype=np.int64)
    sq = np.empty(X.shape[0], dtype=X.dtype)  # as inside kmeans
    with _BlockRunner(X) as runner:
        sums, counts = runner.assign(C, labels, sq)
    return labels, sq, sums, counts


def _data_and_centroids(X, centroids):
    """X and centroids as float matrices of one dtype and the same width."""
    X = as_float_matrix(X)
    C = as_float_matrix(centroids, name="centroids", dtype=X.dtype)
    if C.shape[1] != X.shape[1]:
        raise ValueError(
            f"centroids have {C.shape[1]} features but X has {X.shape[1]}; they must "
            "come from the same feature matrix."
        )
    return X, C


def cluster_sums(X, labels, n_clusters):
    """Per-cluster sums of the rows of X (float64), and the counts.

    One sparse (k x n) one-hot matrix times X: a single pass, far cheaper
    than one ``bincount`` per feature or ``np.add.at``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of int, shape (n_samples,)
        Each row's cluster, in ``0..n_clusters-1``.
    n_clusters : int
        Number of clusters, at least 1.

    Returns
    -------
    sums : ndarray of float64, shape (n_clusters, n_features)
    counts : ndarray of int64, shape (n_clusters,)

    Raises
    ------
    ValueError
        If ``labels`` are not whole numbers, not one per row of ``X``, or
        outside ``0..n_clusters-1``; the sparse product below uses them as row indices
        unchecked, so a wrong label would write outside the result.

    Examples
    --------
    >>> sums, counts = cluster_sums(np.array([[1.0], [2.0], [5.0]]), np.array([0, 0, 1]), 3)
    >>> sums.ravel().tolist(), counts.tolist()
    ([3.0, 5.0, 0.0], [2, 1, 0])
    """
    X = as_float_matrix(X, min_rows=0)
    # n_clusters may exceed the rows (a block of a larger data set), but the k x d
    # sums must fit in memory
    k = check_whole(n_clusters, "n_clusters", 1, max(1, _MAX_SUMS // max(1, X.shape[1])))
    labels = check_labels(labels, X.shape[0], k)
    return _cluster_sums(X, labels, k)


def relocate_empty_clusters(sums, counts, candidates):
    """Move each empty cluster onto a far point, editing sums and counts in place.

    ``candidates`` are ``(label, point)`` pairs, farthest from their own
    centroid first. Each empty cluster, in index order, takes the next
    candidate whose cluster keeps at least one other point; when candidates
    run out, the remaining empty clusters keep their centroids.

    Parameters
    ----------
    sums : ndarray of float, shape (k, n_features)
        Per-cluster sums, edited in place: a finite float NumPy array (not a
        list, a masked array or a DataFrame, whose edits would be lost or
        whose masked values would be used).
    counts : array-like of int, shape (k,)
        Per-cluster counts, edited in place.
    candidates : iterable of (label, point)
        Read lazily, only as far as the empty clusters need; an empty one
        leaves every empty cluster as it is (nothing to move there). Each
        point is a finite vector of ``n_features`` values.

    Raises
    ------
    ValueError
        If ``sums`` is not 2-D, finite and real, ``counts`` are not whole
        numbers >= 0, one per row of ``sums``, or a candidate's label is not
        a cluster index ``0..k-1`` (``k`` being ``len(counts)``); a negative
        one would silently take a point from the wrong cluster.
    TypeError
        If ``sums`` is not a float NumPy array.

    Examples
    --------
    >>> sums, counts = np.array([[3.0], [0.0]]), np.array([2, 0])
    >>> relocate_empty_clusters(sums, counts, [(0, np.array([2.0]))])
    >>> sums.ravel().tolist(), counts.tolist()
    ([1.0, 2.0], [1, 1])
    """
    # the shared checks (shape, finite, real; masked values and category
    # frames refused), then what editing in place needs
    as_float_matrix(sums, name="sums", min_rows=0, squared=False)
    if type(sums) is not np.ndarray or sums.dtype.kind != "f":
        raise TypeError(
            f"sums must be a float NumPy array (it is edited in place), got "
            f"{type(sums).__name__}{f' of dtype {sums.dtype}' if hasattr(sums, 'dtype') else ''}."
            " Pass the sums cluster_sums returned."
        )
    c = np.asarray(counts)
    if c.ndim != 1 or c.dtype.kind not in "iu" or (c < 0).any():
        raise ValueError(f"counts must be whole numbers >= 0, one per cluster, got {counts!r}.")
    if np.shape(sums)[:1] != c.shape:
        raise ValueError(
            f"sums has {np.shape(sums)[0]} rows but counts {c.shape[0]}: one of each per cluster."
        )
    k = len(counts)
    empty = np.flatnonzero(c == 0)
    candidates = iter(candidates)
    for e in empty:
        for pair in candidates:  # noqa: B007 (used after the loop)
            label, point = _candidate(pair, k, sums.shape[1])
            if counts[label] >= 2:
                break
        else:
            return  # no donor point left
        sums[label] -= point
        counts[label] -= 1
        sums[e] = point
        counts[e] = 1


def _candidate(pair, k, n_features):
    """One ``(label, point)`` of :func:`relocate_empty_clusters`, checked."""
    if isinstance(pair, str | bytes) or not hasattr(pair, "__len__") or len(pair) != 2:
        raise TypeError(
            f"candidates must hold (label, point) pairs, got {pair!r:.80}; pair each far "
            "point with the cluster it belongs to."
        )
    label = check_whole(pair[0], f"a label in candidates (k={k})", 0, k - 1)
    point = as_float_vector(pair[1], name="a point in candidates", size=n_features)
    # a float point as given (float32 stays float32): the sums move by exactly it
    given = np.asarray(pair[1])
    return label, given if given.dtype.kind == "f" else point


def _relocate_empty(X, labels, centroids, sums, counts, sq_dist=None):
    """Empty clusters onto the points farthest from their centroid (in place)."""
    if (counts > 0).all():
        return
    if sq_dist is None:
        sq_dist = ((X - centroids[labels]) ** 2).sum(axis=1)
    # farthest first; a stable sort makes ties go to the lower row index
    order = np.argsort(-np.asarray(sq_dist, dtype=np.float64), kind="stable")
    relocate_empty_clusters(sums, counts, ((labels[i], X[i]) for i in order))


def _divide(sums, counts, old):
    """Means from sums and counts; a cluster with no point keeps ``old``."""
    out = np.array(old, dtype=np.float64, copy=True)
    nz = counts > 0
    out[nz] = sums[nz] / counts[nz, None]
    return out


def _initial_centroids(X, k, init, random_state):
    if isinstance(init, str):
        if init == "k-means++":
            return _plusplus(X, k, check_random_state(random_state)).astype(X.dtype)
        if init == "random":
            return _random_rows(X, k, check_random_state(random_state)).astype(X.dtype)
        raise ValueError(
            f"init must be 'k-means++', 'random' or an array of starting centroids, got {init!r}."
        )
    C = as_float_matrix(init, name="init", dtype=X.dtype)
    if C.shape != (k, X.shape[1]):
        raise ValueError(
            f"init has shape {C.shape} but n_clusters={k} centroids of {X.shape[1]} "
            f"features, shape {(k, X.shape[1])}, are needed."
        )
    return C.copy()
