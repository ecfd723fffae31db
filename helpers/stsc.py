"""Self-tuning spectral clustering: a local scale per point, and the number
of groups found by rotating eigenvectors (Zelnik-Manor and Perona, NIPS 2004).

The paper, step by step:

1. **Local scale.** Point ``i`` gets ``sigma_i``, the distance to its ``K``-th
   nearest neighbour (``K = 7`` in the paper).
2. **Affinity** ``A_ij = exp(-d_ij^2 / (sigma_i sigma_j))``, ``A_ii = 0``, and
   ``M = D^-1/2 A D^-1/2``.
3. For ``c = 2 .. C_max``, the top ``c`` eigenvectors ``X_c`` of ``M`` are
   rotated, ``Z = X_c R``, to make each row as close as possible to having one
   non-zero entry: minimize ``J = sum_i sum_j Z_ij^2 / M_i^2`` with
   ``M_i = max_j |Z_ij|``. A point's group is the column of its largest
   ``|Z_ij|``.
4. The number of groups is the ``c`` whose rotation aligns best.

Where this implementation departs from the authors' code, and why:

- **The rotation search.** The authors add one eigenvector at a time to the
  previous best rotation and descend one Givens angle at a time with a fixed
  step; on many groups that stops in a local minimum. Here the start is a
  column-pivoted QR of the eigenvectors (one representative row per group,
  as in scikit-learn's ``cluster_qr``), refined by gradient descent on the
  group of rotations (all angles at once, through the skew-symmetric
  gradient ``skew(R^T X^T dJ/dZ)``, with Barzilai-Borwein steps and an
  Armijo backtracking line search).
- **Choosing c.** The authors take the largest ``c`` whose quality
  ``1 - (J/n - 1)/c`` is within a small tolerance of the best. That quality
  averages over all points, so splitting one of 36 groups in two costs it
  about 2e-5 and the rule picks ``C_max``. Here each group of the rotated
  solution gets its own mean off-axis energy ``sum_j Z_ij^2 / M_i^2 - 1``
  over its points, and ``c`` is chosen to make the *worst* group's energy
  smallest: a spurious split leaves one group whose points straddle two
  axes, while too few eigenvectors leave some groups between axes. Energies
  within ``tie_energy`` (0.02) of the smallest count as a tie, which goes to
  the larger ``c``.
- **One group.** The authors' code cannot answer 1. Here, at the chosen
  ``c``, if the mean off-axis energy over all points ``J/n - 1`` exceeds
  ``one_group_energy`` (0.08), the split is judged to cut through one group
  and 1 is returned. The threshold was measured, not derived: on single
  Gaussian blobs, uniform squares, stretched blobs and rings of 200-4,000
  points the energy was 0.084-0.20; on two equal Gaussian blobs 4 standard
  deviations apart, 0.02-0.07. It is unreliable below about 100 points, and
  when one of two close groups is several times larger than the other (the
  spectrum itself then prefers a cut through the larger one).
- **Local scale.** No absolute floor (the authors' code floors
  ``sigma_i sigma_j`` at 0.004, which breaks on data not scaled to the unit
  box). Copies of a point do not count as its neighbours: ``sigma_i`` is the
  distance to its ``K``-th nearest neighbour at a positive distance, so
  duplicates never give a zero scale.
- **Graphs in pieces.** With a sparse k-nearest-neighbour affinity, groups far
  apart make the graph fall apart into pieces. Points in different pieces
  have no affinity, so each piece is clustered on its own (each is at least
  one group) and the labels are put together. A piece is split only when the
  split is clean: its energy must stay under half of ``one_group_energy``
  (small pieces of 100-200 points drawn from one blob reached 0.071; pieces
  holding several touching groups stayed under 0.02). A piece of fewer than
  ``4 (K + 1)`` points is too small to judge and is kept whole.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> X = np.vstack([rng.normal(size=(100, 2)) + c for c in ([0, 0], [8, 0], [0, 8])])
>>> model = SelfTuningSpectralClustering(max_clusters=6).fit(X)
>>> model.n_clusters_
3
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np
from scipy import linalg, sparse
from scipy.spatial.distance import cdist
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.neighbors import NearestNeighbors

from helpers._progress import Progress
from helpers._validation import as_float_matrix, check_whole
from helpers.spectral import graph_pieces, laplacian_eigenvectors

__all__ = [
    "PieceSweep",
    "SelfTuningSpectralClustering",
    "alignment_cost",
    "best_rotation",
    "classic_sweep",
    "local_scale",
    "local_scale_affinity",
    "qr_rotation",
]

#: Above this many points, affinity="auto" builds a sparse neighbour graph.
DENSE_LIMIT = 1000


def local_scale(X, n_neighbors=7):
    """Each point's scale: the distance to its ``n_neighbors``-th nearest
    neighbour, not counting copies of the point itself.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
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
    X = as_float_matrix(X, min_rows=2, squared=False)
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
                "that floating point can tell from 0 (values this close together, "
                "e.g. below 1e-150, underflow). Rescale X, e.g. standardize it."
            )
        query = min(n, 2 * query)  # many copies of one point: look further
    return sigma


def local_scale_affinity(X, sigma, n_neighbors=None):
    """The locally scaled affinity ``exp(-d_ij^2 / (sigma_i sigma_j))``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    sigma : array-like of shape (n_samples,)
        From :func:`local_scale`.
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
    X = as_float_matrix(X, min_rows=2, squared=False)
    n = X.shape[0]
    sigma = np.asarray(sigma, dtype=np.float64)
    if sigma.shape != (n,) or not np.isfinite(sigma).all() or (sigma <= 0).any():
        raise ValueError(f"sigma must hold {n} finite numbers > 0, one per point.")
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


def alignment_cost(Z):
    """The rotation cost ``J = sum_i sum_j Z_ij^2 / max_j Z_ij^2`` and its
    gradient with respect to ``Z``.

    A row of zeros (a point no eigenvector reaches) counts as aligned: it
    adds 1 to ``J`` and nothing to the gradient.

    Examples
    --------
    >>> J, G = alignment_cost(np.array([[1.0, 0.0], [0.6, 0.8]]))
    >>> round(J, 4)
    2.5625
    """
    Z = np.asarray(Z, dtype=np.float64)
    rows = np.arange(Z.shape[0])
    top = np.argmax(np.abs(Z), axis=1)
    zm = Z[rows, top]
    # rows are scaled by their largest entry first (J does not change), so
    # tiny rows do not underflow; rows with nothing left count as zero
    zero = np.abs(zm) < 1e-300
    zm = np.where(zero, 1.0, zm)
    U = Z / zm[:, None]
    U[zero] = 0.0
    U[rows[zero], top[zero]] = 1.0
    U2 = U * U
    J = float(U2.sum())
    G = 2.0 * U / zm[:, None]
    G[rows, top] = -2.0 * (U2.sum(axis=1) - 1.0) / zm
    G[zero] = 0.0
    return J, G


def qr_rotation(X):
    """A starting rotation: pick one representative row per column by a
    column-pivoted QR of ``X.T``, and rotate those rows onto the axes.

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    >>> np.abs(X @ qr_rotation(X)).round(6)
    array([[1., 0.],
           [1., 0.],
           [0., 1.]])
    """
    X = np.asarray(X, dtype=np.float64)
    c = X.shape[1]
    _, piv = linalg.qr(X.T, pivoting=True, mode="r")
    U, _, Vt = linalg.svd(X[piv[:c]])
    return (U @ Vt).T


def best_rotation(X, start=None, *, max_iter=300, tol=1e-10):
    """The rotation ``R`` that minimizes :func:`alignment_cost` of ``X @ R``.

    Gradient descent on the rotations: the gradient over all Givens angles
    at once is the skew-symmetric ``W = skew(R^T X^T dJ/dZ)``, a step is
    ``R expm(-t W)``, ``t`` by Barzilai-Borwein with Armijo backtracking.

    Parameters
    ----------
    X : ndarray of shape (n, c)
    start : ndarray of shape (c, c) or None
        None: :func:`qr_rotation`.

    Returns
    -------
    R : ndarray of shape (c, c)
    J : float
    n_iter : int
    """
    X = np.asarray(X, dtype=np.float64)
    R = qr_rotation(X) if start is None else np.array(start, dtype=np.float64)
    J, G = alignment_cost(X @ R)
    t = None
    for it in range(max_iter):
        B = R.T @ (X.T @ G)
        W = 0.5 * (B - B.T)
        g2 = float((W * W).sum())
        if g2 < 1e-24:
            return R, J, it
        if t is None:
            t = 1e-2 / np.sqrt(g2)
        while True:
            R_new = R @ linalg.expm(-t * W)
            J_new, G_new = alignment_cost(X @ R_new)
            if J_new <= J - 1e-4 * t * g2 or t < 1e-14:
                break
            t *= 0.5
        if J_new >= J:
            return R, J, it
        B_new = R_new.T @ (X.T @ G_new)
        step, change = t * W, 0.5 * (B_new - B_new.T) - W
        curvature = abs(float((step * change).sum()))
        t = float((step * step).sum()) / curvature if curvature > 0 else 2 * t
        gain = J - J_new
        R, J, G = R_new, J_new, G_new
        if gain < tol * J:
            return R, J, it + 1
    return R, J, max_iter


def classic_sweep(V, max_clusters=None, *, step=1.0, max_sweeps=10, tol=1e-3):
    """BASELINE, for comparison only: the authors' recipe for the rotation
    and the number of groups.

    For ``c = 2, 3, ...`` the previous rotated vectors get the next
    eigenvector as a new column, and the rotation is improved one Givens
    angle at a time with a fixed step (a step is kept only if it lowers
    ``J``); the answer is the largest ``c`` whose quality ``1 - (J/n - 1)/c``
    is within ``tol`` of the best. It stalls in local minima on many
    groups; :class:`SelfTuningSpectralClustering` is the method to use.

    Parameters
    ----------
    V : ndarray of shape (n, C_max)
        Top eigenvectors, best first (e.g. from
        :func:`helpers.spectral.laplacian_eigenvectors`).

    Returns
    -------
    n_clusters : int
    labels : ndarray of shape (n,)
    quality : dict
        ``c ->`` quality.
    """
    V = np.asarray(V, dtype=np.float64)
    n = V.shape[0]
    c_max = V.shape[1] if max_clusters is None else max_clusters
    Z = V[:, :1].copy()
    quality, labels = {}, {}
    for c in range(2, c_max + 1):
        Z = np.column_stack([Z, V[:, c - 1]])
        J, _ = alignment_cost(Z)
        for _ in range(max_sweeps):
            start = J
            for i in range(c):
                for j in range(i + 1, c):
                    _, G = alignment_cost(Z)
                    angle = -step * (G[:, i] @ Z[:, j] - G[:, j] @ Z[:, i]) / n
                    cos, sin = np.cos(angle), np.sin(angle)
                    trial = Z.copy()
                    trial[:, i] = cos * Z[:, i] + sin * Z[:, j]
                    trial[:, j] = -sin * Z[:, i] + cos * Z[:, j]
                    J_trial, _ = alignment_cost(trial)
                    if J_trial < J:
                        Z, J = trial, J_trial
            if start - J < 1e-6 * start:
                break
        quality[c] = 1 - (J / n - 1) / c
        labels[c] = np.argmax(np.abs(Z), axis=1)
    best = max(quality.values())
    c = max(k for k, q in quality.items() if q >= best - tol)
    return c, labels[c], quality


class PieceSweep(NamedTuple):
    """The sweep over ``c`` on one connected piece of the affinity graph."""

    index: np.ndarray  #: the piece's points
    c_values: np.ndarray  #: the numbers of groups tried
    quality: np.ndarray  #: the authors' quality ``1 - (J/n - 1)/c``
    worst_energy: np.ndarray  #: worst group's mean off-axis energy (chooses c)
    mean_energy: np.ndarray  #: ``J/n - 1`` (the one-group test)
    refined: np.ndarray  #: whether that c's rotation was refined
    n_clusters: int  #: the number of groups chosen for this piece


class SelfTuningSpectralClustering(ClusterMixin, BaseEstimator):
    """Self-tuning spectral clustering: local scales, and the number of groups
    chosen by eigenvector rotation (see the module docstring for the method
    and where it departs from the authors' code).

    Parameters
    ----------
    max_clusters : int, default=10
        ``C_max``: the largest number of groups tried.
    min_clusters : int, default=1
        1 allows the answer "one group". On a graph in pieces, pieces judged
        to be one group are split (largest first) until there are this many.
    n_neighbors_scale : int, default=7
        ``K``: a point's scale is the distance to its K-th nearest neighbour.
    affinity : {"auto", "dense", "sparse"}, default="auto"
        "dense": the full n x n affinity (up to a few thousand points).
        "sparse": a k-nearest-neighbour graph with the same weights.
        "auto": dense up to :data:`DENSE_LIMIT` points.
    n_neighbors : int, default=20
        Neighbours per point in the sparse graph.
    n_refine : int or None, default=3
        Every ``c`` is scored from its QR start; the ``n_refine`` best are then
        refined by :func:`best_rotation` and the choice made among them. None
        refines every ``c`` (slower; exact curves for plotting).
    one_group_energy : float, default=0.08
        The one-group threshold on ``J/n - 1`` (see the module docstring).
    tie_energy : float, default=0.02
        Worst-group energies within this of the smallest count as a tie;
        a tie goes to the largest ``c``.
    min_affinity : float, default=0.0
        Affinities below this are set to 0. A weight of 1e-30 changes no
        eigenvector, but it still joins two groups into one connected piece;
        dropping it lets :attr:`per_piece` see them apart. Notebook 07's
        tiles use 1e-8 (points more than about 4.3 local scales apart).
    per_piece : bool, default=False
        If True, ``max_clusters`` caps each connected piece of the graph
        rather than the total, so data falling apart into many separate
        groups (a tile of sparse data, notebook 07) gives one or more groups
        per piece however many pieces there are.
    random_state : int, default=0
        Seeds the sparse eigensolver.
    progress : bool, default=False
        Show a progress line over ``c``.

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
    n_clusters_ : int
    local_scale_ : ndarray of shape (n_samples,)
    n_pieces_ : int
        Connected pieces of the affinity graph.
    pieces_ : list of PieceSweep
        One sweep per piece, largest piece first.
    quality_ : dict
        ``c -> `` the authors' quality on the largest piece (the whole data
        when the graph is connected).
    worst_energy_ : dict
        ``c ->`` the worst group's off-axis energy on the largest piece.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> X, y = make_blobs(300, centers=[[0, 0], [6, 0], [0, 6]], random_state=0)
    >>> SelfTuningSpectralClustering(max_clusters=8).fit(X).n_clusters_
    3
    >>> rng = np.random.default_rng(0)
    >>> SelfTuningSpectralClustering(max_clusters=8).fit(rng.normal(size=(400, 2))).n_clusters_
    1
    """

    def __init__(
        self,
        max_clusters=10,
        *,
        min_clusters=1,
        n_neighbors_scale=7,
        affinity="auto",
        n_neighbors=20,
        n_refine=3,
        one_group_energy=0.08,
        tie_energy=0.02,
        min_affinity=0.0,
        per_piece=False,
        random_state=0,
        progress=False,
    ):
        self.max_clusters = max_clusters
        self.min_clusters = min_clusters
        self.n_neighbors_scale = n_neighbors_scale
        self.affinity = affinity
        self.n_neighbors = n_neighbors
        self.n_refine = n_refine
        self.one_group_energy = one_group_energy
        self.tie_energy = tie_energy
        self.min_affinity = min_affinity
        self.per_piece = per_piece
        self.random_state = random_state
        self.progress = progress

    def fit(self, X, y=None):
        """Cluster ``X``; ``y`` is ignored."""
        X = as_float_matrix(X, min_rows=2, squared=False)
        n = X.shape[0]
        K, c_max, c_min = self._validate_settings(n)

        self.local_scale_ = local_scale(X, K)
        dense = self.affinity == "dense" or (self.affinity == "auto" and n <= DENSE_LIMIT)
        nbrs = None if dense else min(check_whole(self.n_neighbors, "n_neighbors", 1, None), n - 1)
        A = local_scale_affinity(X, self.local_scale_, nbrs)
        if self.min_affinity > 0:
            A = sparse.csr_matrix(A)  # zeros are dropped below: keep it sparse
            A.data[A.data < self.min_affinity] = 0.0
            A.eliminate_zeros()
        n_pieces, piece = graph_pieces(
            A,
            f"max_clusters={c_max}",
            n if self.per_piece else c_max,
            "Raise max_clusters, or n_neighbors (or use affinity='dense').",
        )
        order = np.argsort(-np.bincount(piece), kind="stable")
        self.n_pieces_ = int(n_pieces)
        self.pieces_ = []
        chosen, splits, used = [], [], 0
        for rank, p in enumerate(order):
            index = np.flatnonzero(piece == p)
            # the largest pieces first; leave at least one group for each later one
            left = 0 if self.per_piece else n_pieces - 1 - rank
            cap = min(c_max - (0 if self.per_piece else used) - left, index.size - 1)
            sub = A if n_pieces == 1 else A[index][:, index]  # no copy when connected
            sweep, piece_labels, split = self._sweep(sub, index, cap, n_pieces == 1, c_min)
            used += sweep.n_clusters
            self.pieces_.append(sweep)
            chosen.append(piece_labels)
            splits.append(split)
        # min_clusters on a graph in pieces: split the pieces judged to be one
        # group, largest first, by their best split, until there are enough
        for i, split in enumerate(splits):
            if used >= c_min:
                break
            if split is not None and self.pieces_[i].n_clusters == 1:
                chosen[i] = split
                used += int(split.max())
                self.pieces_[i] = self.pieces_[i]._replace(n_clusters=int(split.max()) + 1)
        labels = np.empty(n, dtype=np.int64)
        offset = 0
        for sweep, piece_labels in zip(self.pieces_, chosen, strict=True):
            labels[sweep.index] = piece_labels + offset
            offset += sweep.n_clusters
        self.labels_ = labels
        self.n_clusters_ = int(offset)
        first = self.pieces_[0]
        self.quality_ = dict(zip(first.c_values.tolist(), first.quality.tolist(), strict=True))
        self.worst_energy_ = dict(
            zip(first.c_values.tolist(), first.worst_energy.tolist(), strict=True)
        )
        return self

    def _validate_settings(self, n):
        """Check the settings for ``n`` points; return (K, c_max, c_min)."""
        K = check_whole(self.n_neighbors_scale, "n_neighbors_scale", 1, None)
        if n < K + 2:
            raise ValueError(
                f"X has {n} points; self-tuning needs more than "
                f"n_neighbors_scale + 1 = {K + 1} to set each point's scale."
            )
        c_max = check_whole(self.max_clusters, "max_clusters", 1, n - 1)
        c_min = check_whole(self.min_clusters, "min_clusters", 1, n - 1)
        if c_min > c_max:
            raise ValueError(
                f"min_clusters={c_min} is larger than max_clusters={c_max}; "
                "make min_clusters <= max_clusters."
            )
        if self.affinity not in ("auto", "dense", "sparse"):
            raise ValueError(
                f"affinity must be 'auto', 'dense' or 'sparse', got {self.affinity!r}."
            )
        if self.n_refine is not None:
            check_whole(self.n_refine, "n_refine", 1, None)
        for name in ("one_group_energy", "tie_energy", "min_affinity"):
            value = getattr(self, name)
            if not isinstance(value, numbers.Real) or not 0 <= value < np.inf:
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}.")

        return K, c_max, c_min

    def _sweep(self, A, index, cap, whole, c_min):
        """Choose the number of groups of one connected piece."""
        m = index.size
        # a small piece of a graph in pieces is too small to judge: kept whole
        too_small = not whole and m < 4 * (self.n_neighbors_scale + 1)
        if cap < 2 or m < 3 or too_small:
            return _single(index), np.zeros(m, dtype=np.int64), None
        method = "dense" if not sparse.issparse(A) else "auto"
        _, V = laplacian_eigenvectors(A, cap, method=method, random_state=self.random_state)
        first = max(2, c_min) if whole else 2
        c_values = np.arange(first, cap + 1)
        if c_values.size == 0:
            return _single(index), np.zeros(m, dtype=np.int64), None
        n_refine = c_values.size if self.n_refine is None else min(self.n_refine, c_values.size)
        bar = Progress(c_values.size + n_refine, "rotations over c", enabled=self.progress)
        rotations, J = {}, np.empty(c_values.size)
        for i, c in enumerate(c_values):
            rotations[c] = qr_rotation(V[:, :c])
            J[i] = alignment_cost(V[:, :c] @ rotations[c])[0]
            bar.step(f"c = {c}")
        worst = np.array([_worst_energy(V[:, :c] @ rotations[c]) for c in c_values])
        refine = np.argsort(worst, kind="stable")[:n_refine]
        refined = np.zeros(c_values.size, dtype=bool)
        for i in refine:
            c = c_values[i]
            rotations[c], J[i], _ = best_rotation(V[:, :c], rotations[c])
            worst[i] = _worst_energy(V[:, :c] @ rotations[c])
            refined[i] = True
            bar.step(f"refined c = {c}")
        # near-ties (nested groups give c and c + 1 both clean) go to the
        # larger c, as in the authors' rule
        candidates = np.flatnonzero(refined)
        low = worst[candidates].min()
        best = candidates[worst[candidates] <= low + self.tie_energy].max()
        c = c_values[best]
        mean_energy = J / m - 1.0
        quality = 1.0 - mean_energy / c_values
        # a piece of a graph in pieces is already cut off by zero affinity:
        # splitting it further needs a cleaner split (half the threshold)
        threshold = self.one_group_energy if whole else self.one_group_energy / 2
        one_group = (c_min == 1 or not whole) and mean_energy[best] > threshold
        # an axis no point lies on is dropped
        split = np.unique(np.argmax(np.abs(V[:, :c] @ rotations[c]), axis=1), return_inverse=True)[
            1
        ]
        labels = np.zeros(m, dtype=np.int64) if one_group else split
        sweep = PieceSweep(
            index, c_values, quality, worst, mean_energy, refined, int(labels.max()) + 1
        )
        return sweep, labels, split

    def fit_predict(self, X, y=None):
        """Cluster ``X`` and return the labels."""
        return self.fit(X).labels_


def _worst_energy(Z):
    """The largest, over groups, of the mean off-axis energy of its points."""
    Z2 = Z * Z
    top = Z2.max(axis=1)
    energy = np.where(top > 0, Z2.sum(axis=1) / np.where(top > 0, top, 1.0) - 1.0, 0.0)
    labels = np.argmax(Z2, axis=1)
    sums = np.bincount(labels, weights=energy, minlength=Z.shape[1])
    counts = np.bincount(labels, minlength=Z.shape[1])
    return float((sums[counts > 0] / counts[counts > 0]).max())


def _single(index):
    empty = np.empty(0)
    return PieceSweep(index, empty.astype(np.int64), empty, empty, empty, empty.astype(bool), 1)
