"""The eigenvector rotation of self-tuning spectral clustering
(Zelnik-Manor and Perona, NIPS 2004): the alignment cost, a QR start, the
gradient descent on rotations used by :mod:`helpers.stsc`, and the authors'
one-angle-at-a-time sweep kept as a baseline.

Examples
--------
>>> import numpy as np
>>> X = np.array([[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
>>> R, J, _ = best_rotation(X)
>>> round(J, 6)
3.0
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

from helpers._validation import (
    MAX_REPEATS,
    as_float_matrix,
    check_bool,
    check_real,
    check_whole,
)

__all__ = ["alignment_cost", "best_rotation", "classic_sweep", "qr_rotation", "worst_energy"]


def _matrix(X, name, check_input):
    """``X`` as a float64 array; checked (finite, real, 2-D, non-empty) only
    at the public boundary: the descent calls these helpers many times."""
    if not check_bool(check_input, "check_input"):
        return np.asarray(X, dtype=np.float64)
    return as_float_matrix(X, name=name, dtype=np.float64, squared=False)


def alignment_cost(Z, *, check_input=True):
    """The rotation cost ``J = sum_i sum_j Z_ij^2 / max_j Z_ij^2`` and its
    gradient with respect to ``Z``.

    A row of zeros (a point no eigenvector reaches) counts as aligned: it
    adds 1 to ``J`` and nothing to the gradient.

    Parameters
    ----------
    Z : array-like of shape (n, c)
        Finite real numbers.
    check_input : bool, default=True
        False skips the checks on ``Z`` (for callers that checked it once).

    Examples
    --------
    >>> J, G = alignment_cost(np.array([[1.0, 0.0], [0.6, 0.8]]))
    >>> round(J, 4)
    2.5625
    """
    Z = _matrix(Z, "Z", check_input)
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


def qr_rotation(X, *, check_input=True):
    """A starting rotation: pick one representative row per column by a
    column-pivoted QR of ``X.T``, and rotate those rows onto the axes.

    Parameters
    ----------
    X : array-like of shape (n, c)
        Finite real numbers.
    check_input : bool, default=True
        False skips the checks on ``X`` (for callers that checked it once).

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    >>> np.abs(X @ qr_rotation(X)).round(6)
    array([[1., 0.],
           [1., 0.],
           [0., 1.]])
    """
    X = _matrix(X, "X", check_input)
    c = X.shape[1]
    _, piv = linalg.qr(X.T, pivoting=True, mode="r")
    U, _, Vt = linalg.svd(X[piv[:c]])
    return (U @ Vt).T


def best_rotation(X, start=None, *, max_iter=300, tol=1e-10, check_input=True):
    """The rotation ``R`` that minimizes :func:`alignment_cost` of ``X @ R``.

    Gradient descent on the rotations: the gradient over all Givens angles
    at once is the skew-symmetric ``W = skew(R^T X^T dJ/dZ)``, a step is
    ``R expm(-t W)``, ``t`` by Barzilai-Borwein with Armijo backtracking.

    Parameters
    ----------
    X : ndarray of shape (n, c)
    start : ndarray of shape (c, c) or None
        None: :func:`qr_rotation`.
    max_iter : int in 1..10,000, default=300
        Most descent steps. Capped, like ``max_sweeps`` of
        :func:`classic_sweep`: with ``tol=0`` the descent may creep on by
        rounding-sized steps until the cap.
    tol : float >= 0
        Stop when a step lowers ``J`` by less than ``tol * J``.
    check_input : bool, default=True
        False skips the checks on the arguments (for callers that checked
        them once).

    Returns
    -------
    R : ndarray of shape (c, c)
    J : float
    n_iter : int
    """
    if check_bool(check_input, "check_input"):
        X = _matrix(X, "X", True)
        max_iter = check_whole(max_iter, "max_iter", 1, MAX_REPEATS)
        tol = check_real(tol, "tol", 0)
        if start is not None:
            # a NaN start would hang scipy.linalg.expm: refuse it first
            start = as_float_matrix(start, name="start", dtype=np.float64, squared=False)
            c = X.shape[1]
            if start.shape != (c, c):
                raise ValueError(
                    f"start must be a ({c}, {c}) rotation, one row and column per column "
                    f"of X, got shape {start.shape}. Pass None to start from qr_rotation(X)."
                )
    else:
        X = np.asarray(X, dtype=np.float64)
    R = qr_rotation(X, check_input=False) if start is None else np.array(start, dtype=np.float64)
    J, G = alignment_cost(X @ R, check_input=False)
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
            J_new, G_new = alignment_cost(X @ R_new, check_input=False)
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
    max_clusters : int in 2..C_max or None
        None: ``C_max``.
    step : float > 0, default=1.0
    max_sweeps : int in 1..10,000, default=10
    tol : float >= 0, default=1e-3

    Returns
    -------
    n_clusters : int
    labels : ndarray of shape (n,)
    quality : dict
        ``c ->`` quality.
    """
    V = _matrix(V, "V", True)
    n = V.shape[0]
    if max_clusters is None and V.shape[1] < 2:
        raise ValueError(
            f"V has {V.shape[1]} column(s), but the sweep starts at 2 groups: give it at "
            "least 2 eigenvectors."
        )
    c_max = (
        V.shape[1]
        if max_clusters is None
        else check_whole(max_clusters, "max_clusters", 2, V.shape[1])
    )
    step = check_real(step, "step", 0, low_open=True)
    max_sweeps = check_whole(max_sweeps, "max_sweeps", 1, MAX_REPEATS)
    tol = check_real(tol, "tol", 0)
    Z = V[:, :1].copy()
    quality, labels = {}, {}
    for c in range(2, c_max + 1):
        Z = np.column_stack([Z, V[:, c - 1]])
        J, _ = alignment_cost(Z, check_input=False)
        for _ in range(max_sweeps):
            start = J
            for i in range(c):
                for j in range(i + 1, c):
                    _, G = alignment_cost(Z, check_input=False)
                    angle = -step * (G[:, i] @ Z[:, j] - G[:, j] @ Z[:, i]) / n
                    cos, sin = np.cos(angle), np.sin(angle)
                    trial = Z.copy()
                    trial[:, i] = cos * Z[:, i] + sin * Z[:, j]
                    trial[:, j] = -sin * Z[:, i] + cos * Z[:, j]
                    J_trial, _ = alignment_cost(trial, check_input=False)
                    if J_trial < J:
                        Z, J = trial, J_trial
            if start - J < 1e-6 * start:
                break
        quality[c] = 1 - (J / n - 1) / c
        labels[c] = np.argmax(np.abs(Z), axis=1)
    best = max(quality.values())
    c = max(k for k, q in quality.items() if q >= best - tol)
    return c, labels[c], quality


def worst_energy(Z, *, check_input=True):
    """The largest, over groups, of the mean off-axis energy
    ``sum_j Z_ij^2 / max_j Z_ij^2 - 1`` of its points (a point's group is
    its largest entry's column).

    Parameters
    ----------
    Z : array-like of shape (n, c)
        Finite real numbers.
    check_input : bool, default=True
        False skips the checks on ``Z`` (for callers that checked it once).
        ``Z`` may have any scale: each row is divided by its largest entry
        before squaring.

    Examples
    --------
    >>> worst_energy(np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]))
    0.5
    """
    Z = _matrix(Z, "Z", check_input)
    A = np.abs(Z)
    top = A.max(axis=1)
    # rows are scaled by their largest entry before squaring (the energy does
    # not change), so no scale overflows or underflows: Z * 1e160 gave NaN
    U = Z / np.where(top > 0, top, 1.0)[:, None]
    energy = np.where(top > 0, (U * U).sum(axis=1) - 1.0, 0.0)
    labels = np.argmax(A, axis=1)
    sums = np.bincount(labels, weights=energy, minlength=Z.shape[1])
    counts = np.bincount(labels, minlength=Z.shape[1])
    return float((sums[counts > 0] / counts[counts > 0]).max())
