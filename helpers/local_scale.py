"""Local scaling (steps 1 and 2 of self-tuning spectral clustering,
Zelnik-Manor and Perona, NIPS 2004): a scale per point, and the affinity
that divides each squared distance by the two points' scales.

Point ``i`` gets ``sigma_i``, the distance to its ``K``-th nearest neighbour
(``K = 7`` in the paper), and ``A_ij = exp(-d_ij^2 / (sigma_i sigma_j))``: a
dense group and a sparse one both get affinities near 1 inside and near 0
between them, which one global scale cannot give.

No absolute floor (the authors' code floors
``sigma_i sigma_j`` at 0.004, which breaks on data not scaled to the unit
box). Copies of a point do not count as its neighbours: ``sigma_i`` is the
distance to its ``K``-th nearest neighbour at a positive distance, so
duplicates never give a zero scale.

Examples
--------
>>> import numpy as np
>>> X = np.array([[0.0], [0.1], [0.2], [5.0], [6.0], [7.0]])
>>> local_scale(X, n_neighbors=1).round(2)
array([0.1, 0.1, 0.1, 1. , 1. , 1. ])
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.spatial.distance import cdist
from sklearn.neighbors import NearestNeighbors

from helpers._validation import as_float_matrix, as_float_vector, check_whole

__all__ = ["local_scale", "local_scale_affinity"]


def _distance_matrix(X):
    """``X`` checked, divided by the power of two at or just below its largest
    absolute value, and that power: ``(X / unit, unit)``.

    The scales divide the squared distances, but the neighbour search squares
    them first: values past about 1e154 gave inf scales and NaN affinities,
    values below about 1e-154 imprecise ones. Dividing by a power of two is
    exact, so the scales computed on ``X / unit``, times ``unit``, are those
    of ``X`` at any finite scale.
    """
    X = as_float_matrix(X, min_rows=2, squared=False)
    largest = float(np.abs(X).max())
    # X / unit lies in [-2, 2) (2**1024 would overflow, 2**1023 does not)
    unit = 1.0 if largest == 0 else float(np.ldexp(1.0, np.frexp(largest)[1] - 1))
    return X / X.dtype.type(unit), unit


def local_scale(X, n_neighbors=7):
    """Each point's scale: the distance to its ``n_neighbors``-th nearest
    neighbour, not counting copies of the point itself.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite real numbers, of any scale (the result scales with ``X``).
    n_neighbors : int
        ``K`` in the paper (7 there).

    Returns
    -------
    sigma : ndarray of shape (n_samples,), all > 0

    Examples
    --------
    >>> local_scale([[0.0], [0.0], [1.0], [3.0]], n_neighbors=1)
    array([1., 1., 1., 2.])
    """
    X, unit = _distance_matrix(X)
    n = X.shape[0]
    K = check_whole(n_neighbors, "n_neighbors", 1, n - 1)
    distinct = np.unique(X, axis=0).shape[0]
    if distinct <= K:
        raise ValueError(
            f"X has only {distinct} distinct points, but each point needs "
            f"n_neighbors={K} others at a positive distance to set its scale. "
            "Use a smaller n_neighbors or more distinct points."
        )
    nn = NearestNeighbors().fit(X)
    sigma = np.zeros(n)
    todo = np.arange(n)
    query = min(n, K + 1)
    while todo.size:
        dist, _ = nn.kneighbors(X[todo], n_neighbors=query)
        positive = dist > 0
        found = positive.sum(axis=1) >= K
        # the K-th positive distance of each row that has K of them
        kth = np.sort(np.where(positive, dist, np.inf), axis=1)[:, K - 1]
        sigma[todo[found]] = kth[found]
        todo = todo[~found]
        if not todo.size:
            break
        if query == n:
            raise ValueError(
                f"point {todo[0]} has fewer than n_neighbors={K} others at a distance "
                "that floating point can tell from 0 (points this close together, "
                "relative to X's largest value, underflow). Rescale X, e.g. "
                "standardize it."
            )
        query = min(n, 2 * query)  # many copies of one point: look further
    return sigma * unit


def local_scale_affinity(X, sigma, n_neighbors=None):
    """The locally scaled affinity ``exp(-d_ij^2 / (sigma_i sigma_j))``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite real numbers, of any scale.
    sigma : array-like of shape (n_samples,)
        From :func:`local_scale`: numbers > 0 within a factor of about 1e154 of X's
        largest value, so that their products neither underflow nor overflow.
    n_neighbors : int or None
        None: the dense matrix (memory grows with ``n^2``). An int: a sparse
        symmetric graph, each point linked to its ``n_neighbors`` nearest,
        with the same weights.

    Returns
    -------
    A : ndarray or scipy.sparse.csr_matrix of shape (n, n), zero diagonal

    Examples
    --------
    >>> A = local_scale_affinity([[0.0], [1.0], [3.0]], [1.0, 1.0, 2.0])
    >>> A.round(3)
    array([[0.   , 0.368, 0.011],
           [0.368, 0.   , 0.135],
           [0.011, 0.135, 0.   ]])
    """
    X, unit = _distance_matrix(X)
    n = X.shape[0]
    sigma = as_float_vector(sigma, name="sigma", size=n)
    if (sigma <= 0).any():
        raise ValueError(f"sigma must hold {n} finite numbers > 0, one per point.")
    sigma = sigma / unit  # in the units of X / unit
    # sigma_i * sigma_j must neither underflow nor overflow
    low, high = np.sqrt(np.finfo(np.float64).tiny), np.sqrt(np.finfo(np.float64).max)
    if sigma.min() < low or sigma.max() > high:
        raise ValueError(
            f"sigma holds values from {sigma.min() * unit:.3g} to {sigma.max() * unit:.3g}, "
            f"too far from the scale of X (its largest absolute value is between "
            f"{unit:.3g} and {2 * unit:.3g}): products of two scales would underflow or "
            "overflow. Use sigma = local_scale(X)."
        )
    if n_neighbors is None:
        A = np.exp(-cdist(X, X, "sqeuclidean") / np.outer(sigma, sigma))
        np.fill_diagonal(A, 0.0)
        return A
    k = check_whole(n_neighbors, "n_neighbors", 1, n - 1)
    dist, idx = NearestNeighbors().fit(X).kneighbors(X, n_neighbors=k + 1)
    # drop each point itself; with copies it may not be in column 0
    not_self = idx != np.arange(n)[:, None]
    keep = np.cumsum(not_self, axis=1) <= k
    rows = np.repeat(np.arange(n), k + 1).reshape(n, k + 1)[not_self & keep]
    cols = idx[not_self & keep]
    d = dist[not_self & keep]
    w = np.exp(-(d**2) / (sigma[rows] * sigma[cols]))
    A = sparse.csr_matrix((w, (rows, cols)), shape=(n, n))
    return A.maximum(A.T).tocsr()
