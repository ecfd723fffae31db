"""Figures the notebooks share, each with a title and labelled axes.

Every function draws on an ``ax`` you pass (or a new one) and returns it, so
a notebook can place several panels side by side.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["scatter_clusters", "scatter_clusters_3d"]


def scatter_clusters(
    X, labels, centroids=None, *, ax=None, title="Clusters", xlabel="x", ylabel="y"
):
    """Scatter 2-D points coloured by cluster, centroids as black crosses.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    labels : array-like of shape (n_samples,)
    centroids : array-like of shape (k, 2), optional
    ax : matplotlib Axes, optional
    title, xlabel, ylabel : str

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = scatter_clusters([[0, 0], [1, 1]], [0, 1], title="two points")
    >>> ax.get_title()
    'two points'
    >>> plt.close(ax.figure)
    """
    X = _two_or_three_columns(X, 2)
    labels = np.asarray(labels)
    if labels.shape != (X.shape[0],):
        raise ValueError(f"labels must have one entry per point ({X.shape[0]}).")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    ax.scatter(X[:, 0], X[:, 1], c=labels, cmap="tab10", s=12, alpha=0.8)
    if centroids is not None:
        C = _two_or_three_columns(centroids, 2)
        ax.scatter(C[:, 0], C[:, 1], c="black", marker="x", s=90, linewidths=2.5)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return ax


def scatter_clusters_3d(
    X, labels, centroids=None, *, ax=None, title="Clusters", axis_labels=("x", "y", "z")
):
    """Scatter 3-D points coloured by cluster, centroids as black crosses.

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D
    """
    X = _two_or_three_columns(X, 3)
    if ax is None:
        fig = plt.figure(figsize=(6, 5))
        ax = fig.add_subplot(projection="3d")
    ax.scatter(X[:, 0], X[:, 1], X[:, 2], c=np.asarray(labels), cmap="tab10", s=14)
    if centroids is not None:
        C = _two_or_three_columns(centroids, 3)
        ax.scatter(C[:, 0], C[:, 1], C[:, 2], c="black", marker="x", s=120, linewidths=3)
    ax.set(title=title, xlabel=axis_labels[0], ylabel=axis_labels[1], zlabel=axis_labels[2])
    return ax


def _two_or_three_columns(X, d):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != d:
        raise ValueError(
            f"expected an array of shape (n, {d}), got {X.shape}; project or "
            f"select {d} columns first."
        )
    return X
