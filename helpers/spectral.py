"""Spectral clustering, step by step: affinity, Laplacian, eigenvectors, K-means.

1. An **affinity** says how similar every pair of points is: the RBF kernel
   ``exp(-gamma * ||x - y||^2)`` (dense, n x n), or a k-nearest-neighbour graph
   (sparse: each point is linked to its ``n_neighbors`` nearest).
2. The **normalized Laplacian** ``L = I - D^-1/2 A D^-1/2``, with ``D`` the
   diagonal of degrees (row sums of ``A``).
3. The eigenvectors of its ``n_clusters`` smallest eigenvalues (equivalently,
   the largest of ``D^-1/2 A D^-1/2``) give each point a few coordinates: the
   **spectral embedding**. As in scikit-learn, they are divided by the square
   root of the degree.
4. **K-means** on the rows of the embedding gives the labels.

Small problems use a dense eigendecomposition; large ones a sparse k-NN graph
and SciPy's Lanczos solver (``eigsh``), so memory grows with
``n * n_neighbors``, not ``n^2``.

A k-NN graph may fall apart into pieces (connected components); then the
eigenvalue 0 repeats, once per piece, and Lanczos may silently return fewer
copies of it than there are. The rule here: each piece is solved on its own
(exact, since the Laplacian is block-diagonal), so every piece is at least one
cluster; a graph of more pieces than ``n_clusters`` raises a ``ValueError``
asking for more neighbours, since no clustering could join unconnected
pieces.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np
from scipy import linalg, sparse
from scipy.sparse import csgraph
from scipy.sparse.linalg import eigsh
from sklearn.metrics.pairwise import rbf_kernel
from sklearn.neighbors import kneighbors_graph

from helpers._validation import (
    MAX_ROWS,
    as_float_matrix,
    check_columns,
    check_labels,
    check_n_clusters,
    check_names,
    check_random_state,
    check_real,
    check_whole,
)
from helpers.kmeans import kmeans

__all__ = [
    "SpectralResult",
    "cluster_spectral",
    "graph_pieces",
    "knn_affinity",
    "laplacian_eigenvectors",
    "name_clusters",
    "normalized_cut",
    "normalized_laplacian",
    "rbf_affinity",
    "spectral_embedding",
]

#: Above this many points, spectral_embedding(method="auto") goes sparse.
DENSE_LIMIT = 3000


class SpectralResult(NamedTuple):
    """What :func:`cluster_spectral` returns."""

    labels: np.ndarray  #: cluster of every point, 0 .. n_clusters - 1
    embedding: np.ndarray  #: (n_samples, n_clusters) spectral coordinates
    eigenvalues: np.ndarray  #: the n_clusters smallest Laplacian eigenvalues


def rbf_affinity(X, gamma=1.0):
    """Dense RBF affinity ``exp(-gamma ||x_i - x_j||^2)``, zero on the diagonal.

    A point is not its own neighbour: the diagonal is 0 (SciPy's Laplacian
    ignores it anyway).

    Examples
    --------
    >>> rbf_affinity([[0.0], [1.0]], gamma=1.0).round(3)
    array([[0.   , 0.368],
           [0.368, 0.   ]])
    """
    X = as_float_matrix(X, min_rows=2)
    gamma = _positive(gamma, "gamma")
    A = rbf_kernel(X, gamma=gamma)
    np.fill_diagonal(A, 0.0)
    return A


def knn_affinity(X, n_neighbors=10):
    """Sparse symmetric k-nearest-neighbour graph: 1 between neighbours, 0.5
    where only one of the two counts the other among its nearest.

    Memory grows with ``n * n_neighbors``. This is scikit-learn's
    ``affinity="nearest_neighbors"`` graph.

    Examples
    --------
    >>> A = knn_affinity([[0.0], [1.0], [10.0]], n_neighbors=1)
    >>> A.toarray()
    array([[0. , 1. , 0. ],
           [1. , 0. , 0.5],
           [0. , 0.5, 0. ]])
    """
    X = as_float_matrix(X, min_rows=2)
    n_neighbors = check_whole(n_neighbors, "n_neighbors", 1, X.shape[0] - 1)
    G = kneighbors_graph(X, n_neighbors, include_self=False, n_jobs=-1)
    return ((G + G.T) * 0.5).tocsr()


def normalized_laplacian(A):
    """``L = I - D^-1/2 A D^-1/2`` (dense or sparse, like ``A``), and the degrees.

    Raises
    ------
    ValueError
        If a point has no affinity to any other (degree 0): it cannot be
        placed, and the Laplacian would divide by zero.

    Examples
    --------
    >>> L, deg = normalized_laplacian(np.array([[0.0, 1.0], [1.0, 0.0]]))
    >>> L
    array([[ 1., -1.],
           [-1.,  1.]])
    """
    A = _check_affinity(A)
    deg = _degrees(A)
    d = 1.0 / np.sqrt(deg)
    if sparse.issparse(A):
        M = sparse.diags(d) @ A @ sparse.diags(d)
        return (sparse.identity(A.shape[0], format="csr") - M).tocsr(), deg
    return np.eye(A.shape[0]) - d[:, None] * A * d[None, :], deg


def spectral_embedding(A, n_components, *, method="auto", random_state=0):
    """The eigenvectors of the ``n_components`` smallest Laplacian eigenvalues.

    Parameters
    ----------
    A : array or sparse matrix of shape (n, n)
        A symmetric, non-negative affinity.
    n_components : int
    method : {"auto", "dense", "sparse"}
        "dense": full eigendecomposition (``scipy.linalg.eigh``), for up to a
        few thousand points. "sparse": Lanczos on the largest eigenvalues of
        ``D^-1/2 A D^-1/2`` (``scipy.sparse.linalg.eigsh``). "auto": dense up
        to :data:`DENSE_LIMIT` points.
    random_state : None, int >= 0 or numpy.random.Generator, default=0
        Seeds the Lanczos start vector, so results repeat.

    Returns
    -------
    embedding : ndarray of shape (n, n_components)
        Eigenvectors divided by sqrt(degree), as scikit-learn does.
    eigenvalues : ndarray of shape (n_components,)
        Smallest first.
    """
    A = _check_affinity(A)
    k = check_n_clusters(n_components, A.shape[0], name="n_components")
    check_random_state(random_state)
    values, vectors = laplacian_eigenvectors(A, k, method=method, random_state=random_state)
    deg = _degrees(A)
    embedding = vectors / np.sqrt(deg)[:, None]
    # an eigenvector's sign is arbitrary: fix it so results repeat exactly
    signs = np.sign(embedding[np.argmax(np.abs(embedding), axis=0), range(k)])
    return embedding * np.where(signs == 0, 1, signs), values


def laplacian_eigenvectors(A, k, *, method="auto", random_state=0):
    """The ``k`` smallest eigenpairs of the normalized Laplacian of ``A``.

    The eigenvectors are those of ``L`` itself (unit length, not divided by
    the square root of the degree), in a graph in pieces solved piece by
    piece: a piece's vectors are zero outside it.

    Parameters
    ----------
    A : array or sparse matrix of shape (n, n)
        A symmetric affinity of finite values >= 0, of any scale.
    k : int in 1..n
    method : {"auto", "dense", "sparse"}, default="auto"
        As for :func:`spectral_embedding`.
    random_state : None, int >= 0 or numpy.random.Generator, default=0
        Seeds the Lanczos start vector; checked even when ``method`` needs none.

    Returns
    -------
    eigenvalues : ndarray of shape (k,)
        Smallest first; the eigenvalue 0 of each piece comes first, in the
        order of the pieces.
    eigenvectors : ndarray of shape (n, k)

    Examples
    --------
    >>> A = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0.0]])
    >>> values, vectors = laplacian_eigenvectors(A, 2)
    >>> values.round(6)
    array([0., 0.])
    >>> (vectors != 0).astype(int)
    array([[1, 0],
           [1, 0],
           [0, 1],
           [0, 1]])
    """
    A = _check_affinity(A)
    n = A.shape[0]
    k = check_n_clusters(k, n, name="k")
    check_random_state(random_state)  # refused here, even when the dense solver needs none
    _check_method(method)
    _degrees(A)  # refuses isolated points
    # The Laplacian of a graph in pieces is block-diagonal: its eigenpairs are
    # those of the pieces. Solving each piece on its own is exact, and avoids
    # asking Lanczos for a repeated eigenvalue, of which it may silently
    # return fewer copies than there are.
    n_pieces, piece = csgraph.connected_components(sparse.csr_matrix(A), directed=False)
    values, vectors = [], []
    for p in range(n_pieces):
        idx = np.flatnonzero(piece == p)
        sub = A if n_pieces == 1 else A[idx][:, idx]  # no copy of a connected graph
        m = min(k, len(idx))
        vals, vecs = _smallest_eigenpairs(sub, m, method, random_state)
        full = np.zeros((n, m))
        full[idx] = vecs
        values.append(vals)
        vectors.append(full)
    values = np.concatenate(values)
    # each piece has an eigenvalue 0, computed only to rounding noise: ties
    # are ordered by piece, not by that noise, so both solvers agree
    order = np.argsort(np.round(values, 10), kind="stable")[:k]
    return np.clip(values[order], 0, None), np.hstack(vectors)[:, order]


def _smallest_eigenpairs(A, m, method, random_state):
    """The ``m`` smallest eigenpairs of the normalized Laplacian of a
    connected graph ``A``, dense or by Lanczos."""
    n = A.shape[0]
    L, _ = normalized_laplacian(A)
    if method == "dense" or (method == "auto" and n <= DENSE_LIMIT) or m >= n - 1:
        L = L.toarray() if sparse.issparse(L) else L
        return linalg.eigh(L, subset_by_index=[0, m - 1])
    # Lanczos converges fastest on the largest eigenvalues, so ask for those
    # of M = I - L = D^-1/2 A D^-1/2
    M = sparse.identity(n, format="csr") - sparse.csr_matrix(L)
    v0 = check_random_state(random_state).uniform(-1, 1, n)
    mu, vecs = eigsh(M, k=m, which="LA", v0=v0, tol=1e-8)
    order = np.argsort(-mu)
    return 1.0 - mu[order], vecs[:, order]


def cluster_spectral(
    X,
    n_clusters,
    *,
    affinity="rbf",
    gamma=1.0,
    n_neighbors=10,
    method="auto",
    random_state=0,
):
    """Spectral clustering of the points ``X`` end to end: affinity, embedding, K-means.

    It takes the points, as scikit-learn's ``SpectralClustering(...).fit(X)``
    does, and builds the affinity itself. scikit-learn's function
    ``sklearn.cluster.spectral_clustering`` is another thing: it takes an
    affinity matrix, not points, and returns the labels only. The steps one
    by one are :func:`rbf_affinity` or :func:`knn_affinity` (points to
    affinity), :func:`spectral_embedding`, then K-means on its rows.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_clusters : int
    affinity : {"rbf", "nearest_neighbors"}
        Dense RBF kernel (``gamma``) or sparse k-NN graph (``n_neighbors``).
    gamma : float > 0, default=1.0
        For ``"rbf"``.
    n_neighbors : int in 1..10,000,000, default=10
        For ``"nearest_neighbors"``, where it must also be at most
        ``n_samples - 1``. Both ``gamma`` and ``n_neighbors`` are checked
        whatever the affinity, as scikit-learn checks every parameter.
    method : {"auto", "dense", "sparse"}
        Eigensolver; see :func:`spectral_embedding`.
    random_state : None, int >= 0 or numpy.random.Generator, default=0
        Seeds the eigensolver and K-means (10 k-means++ starts, the lowest
        inertia kept, as scikit-learn does).

    Returns
    -------
    SpectralResult

    Examples
    --------
    >>> from sklearn.datasets import make_circles
    >>> X, y = make_circles(200, factor=0.4, noise=0.03, random_state=0)
    >>> res = cluster_spectral(X, 2, affinity="nearest_neighbors", n_neighbors=8)
    >>> from sklearn.metrics import adjusted_rand_score
    >>> adjusted_rand_score(y, res.labels)
    1.0
    """
    X = as_float_matrix(X, min_rows=2)
    k = check_n_clusters(n_clusters, X.shape[0], name="n_clusters")
    if not isinstance(affinity, str) or affinity not in ("rbf", "nearest_neighbors"):
        raise ValueError(f"affinity must be 'rbf' or 'nearest_neighbors', got {affinity!r}.")
    # every setting is checked, also the one this affinity ignores: a typo
    # there would otherwise pass unseen until the affinity is switched
    gamma = _positive(gamma, "gamma")
    n_neighbors = check_whole(n_neighbors, "n_neighbors", 1, MAX_ROWS)
    _check_method(method)
    check_random_state(random_state)
    if affinity == "rbf":
        A = rbf_affinity(X, gamma)
    else:
        A = knn_affinity(X, n_neighbors)
    graph_pieces(
        A,
        f"n_clusters={k}",
        k,
        "Raise n_neighbors (or lower gamma), or ask for at least as many clusters as pieces.",
    )
    embedding, values = spectral_embedding(A, k, method=method, random_state=random_state)
    rng = check_random_state(random_state)
    best = min((kmeans(embedding, k, random_state=rng) for _ in range(10)), key=lambda r: r.inertia)
    return SpectralResult(best.labels, embedding, values)


def graph_pieces(A, what, limit, advice):
    """The connected pieces of an affinity graph, refused beyond ``limit``.

    Points in different pieces have no affinity at all, so no clustering can
    join them: each piece is at least one cluster.

    Parameters
    ----------
    A : array or sparse matrix of shape (n, n)
        A symmetric, non-negative affinity.
    what : str
        What sets the limit, for the message (e.g. ``"n_clusters=3"``).
    limit : int >= 1
        The most pieces allowed; values of ``n`` or more mean no limit (a
        graph of n points has at most n pieces).
    advice : str
        What to do, for the message.

    Returns
    -------
    n_pieces : int
    piece : ndarray of shape (n,)
        The piece of each point.

    Examples
    --------
    >>> graph_pieces(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0.0]]), "k=2", 2, "")[0]
    2
    """
    A = _check_affinity(A)
    limit = check_whole(limit, "limit", 1)
    n_pieces, piece = csgraph.connected_components(sparse.csr_matrix(A), directed=False)
    if n_pieces > limit:
        raise ValueError(
            f"the affinity graph falls apart into {n_pieces} pieces, more than "
            f"{what}: points in different pieces have no affinity at all, so each "
            f"piece is at least one cluster. {advice}"
        )
    return int(n_pieces), piece


def normalized_cut(A, labels):
    """The normalized cut of a partition of a graph: what spectral clustering
    minimizes (approximately).

    ``sum over clusters C of cut(C) / vol(C)``, where ``cut(C)`` is the
    affinity from C to the points outside it and ``vol(C)`` the total degree
    of C's points. It is 0 when no affinity crosses between clusters and
    grows towards the number of clusters as the partition cuts more of the
    graph; dividing by the volume keeps one tiny cluster from being cheap.

    Parameters
    ----------
    A : array or sparse matrix of shape (n, n)
        A symmetric, non-negative affinity with no isolated point.
    labels : array-like of shape (n,)
        The cluster of every point: any values that name clusters (whole
        numbers, floats such as 1.0, text, dates), missing ones refused.

    Returns
    -------
    float

    Examples
    --------
    >>> A = np.array([[0, 1, 0.1, 0], [1, 0, 0, 0], [0.1, 0, 0, 1], [0, 0, 1, 0]])
    >>> round(normalized_cut(A, [0, 0, 1, 1]), 4)  # 0.1/2.1 twice
    0.0952
    """
    A = _check_affinity(A)
    labels = check_labels(labels, A.shape[0], whole=False)
    deg = _degrees(A)
    _, cluster = np.unique(labels, return_inverse=True)
    H = sparse.csr_matrix((np.ones(len(cluster)), (np.arange(len(cluster)), cluster)))
    within = np.asarray((H.T @ (H.T @ A).T).diagonal()).ravel()  # affinity inside each
    volume = H.T @ deg
    return float(np.sum((volume - within) / volume))


def name_clusters(df, labels, feature, names):
    """Name each cluster by the mean of one feature, highest first.

    ``names[0]`` goes to the cluster with the highest mean of ``feature``,
    ``names[1]`` to the next, and so on.

    Parameters
    ----------
    df : pandas.DataFrame
    labels : array-like of shape (len(df),)
        The cluster of each row: any values that name clusters (whole
        numbers, floats such as 1.0, text), missing ones refused.
    feature : str
        A numeric column of ``df``.
    names : list of str
        One distinct name per cluster.

    Returns
    -------
    dict mapping cluster label to name
        Whole-number labels come back as ``int``, others as given.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"files": [1, 2, 30, 40]})
    >>> name_clusters(df, [0, 0, 1, 1], "files", ["risky", "normal"])
    {1: 'risky', 0: 'normal'}
    """
    if not hasattr(df, "columns"):
        check_columns(df, [feature])  # refuses it, naming df
    if isinstance(feature, list | tuple | set | dict | np.ndarray):
        raise TypeError(f"feature must be one column name, such as 'files', got {feature!r}.")
    if feature not in df.columns:
        raise ValueError(
            f"feature {feature!r} is not a column of df; pick one of {list(df.columns)}."
        )
    check_columns(df, [feature], numeric=[feature], min_rows=1)
    labels = check_labels(labels, len(df), whole=False)
    # a set or dict has no order to match the clusters' ranks
    names = check_names(names, "names", "cluster")
    means = df[feature].groupby(labels).mean().sort_values(ascending=False)
    if len(names) != len(means):
        raise ValueError(f"labels name {len(means)} clusters but names has {len(names)} entries.")
    return {
        int(c) if isinstance(c, numbers.Integral) else c: name
        for c, name in zip(means.index, names, strict=True)
    }


def _degrees(A):
    """Row sums of an affinity; a point with none (isolated) is refused."""
    with np.errstate(over="ignore"):  # an overflow is refused just below
        deg = np.asarray(A.sum(axis=1)).ravel()
    if not np.isfinite(deg).all():
        raise ValueError(
            "A's row sums (the degrees) overflow: its values are too large. Divide A by "
            "its largest value; the Laplacian does not change."
        )
    if (deg <= 0).any():
        i = int(np.flatnonzero(deg <= 0)[0])
        raise ValueError(
            f"point {i} has zero affinity to every other point in A (isolated). Use a "
            "smaller gamma or more neighbours, or remove it."
        )
    return deg


def _check_method(method):
    if not isinstance(method, str) or method not in ("auto", "dense", "sparse"):
        raise ValueError(f"method must be 'auto', 'dense' or 'sparse', got {method!r}.")


def _positive(value, name):
    return check_real(value, name, 0, low_open=True)


def _check_affinity(A, name="A"):
    """``A`` as a square, symmetric, finite, non-negative affinity (dense or CSR)."""
    if sparse.issparse(A):
        if A.dtype.kind not in "iuf":
            raise TypeError(f"{name} must hold real numbers, got dtype {A.dtype}.")
        A = sparse.csr_matrix(A, dtype=np.float64)
        data = A.data
    else:
        # affinities are summed and scaled by their degrees, never differenced
        # or squared: any finite scale will do (the degrees are checked)
        A = as_float_matrix(A, name=name, squared=False)
        data = A
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"{name}, an affinity, must be square (n x n), got shape {A.shape}.")
    if not np.isfinite(data).all() or (data < 0).any():
        raise ValueError(f"{name}, an affinity, must hold finite values >= 0.")
    diff = abs(A - A.T)
    if diff.max() > 1e-8 * max(1.0, float(abs(data).max(initial=0.0))):
        raise ValueError(
            f"{name}, an affinity, must be symmetric (A[i, j] == A[j, i]). Symmetrize it, "
            "e.g. (A + A.T) / 2."
        )
    return A
