"""How good is a clustering, and how many clusters? Numbers without labels.

* :func:`k_sweep` clusters for a range of k and returns a tidy table: the
  within-cluster sum of squares (WSSSE, K-means' inertia), a sampled
  silhouette with its spread, Davies-Bouldin and Calinski-Harabasz.
* :func:`find_knee` finds where a decreasing curve bends (the "elbow").
* :func:`sampled_silhouette` estimates the silhouette from samples: the exact
  one needs all pairwise distances, quadratic in the number of points.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

from helpers._progress import Progress
from helpers._validation import as_float_matrix, check_random_state
from helpers.kmeans import kmeans

__all__ = ["find_knee", "k_sweep", "sampled_silhouette"]


def sampled_silhouette(X, labels, *, sample_size=2000, n_repeats=5, random_state=0):
    """Mean silhouette estimated on random samples, and its spread.

    Each repeat draws ``sample_size`` rows without replacement and computes
    the exact silhouette of that sample (quadratic in ``sample_size``, not in
    ``len(X)``). The spread (standard deviation over repeats) says how far
    one estimate may be from another.

    Returns
    -------
    mean, std : float

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (500, 2)), rng.normal(20, 1, (500, 2))])
    >>> mean, std = sampled_silhouette(X, np.repeat([0, 1], 500), sample_size=200)
    >>> mean > 0.9, std < 0.01
    (True, True)
    """
    X = as_float_matrix(X, min_rows=2)
    labels = np.asarray(labels)
    if labels.shape != (X.shape[0],):
        raise ValueError("labels must give one cluster per row of X.")
    n_labels = len(np.unique(labels))
    if not 2 <= n_labels <= X.shape[0] - 1:
        raise ValueError(
            f"the silhouette needs between 2 and n_samples - 1 clusters, got {n_labels}."
        )
    rng = check_random_state(random_state)
    size = min(int(sample_size), X.shape[0])
    values = []
    for _ in range(n_repeats):
        rows = rng.choice(X.shape[0], size, replace=False)
        if len(np.unique(labels[rows])) < 2:  # a sample inside one cluster says nothing
            continue
        values.append(silhouette_score(X[rows], labels[rows]))
    if not values:
        raise ValueError("every sample fell inside one cluster; use a larger sample_size.")
    return float(np.mean(values)), float(np.std(values))


def k_sweep(
    X,
    ks,
    *,
    init="k-means++",
    max_iter=300,
    sample_size=2000,
    n_repeats=3,
    random_state=0,
    progress=False,
):
    """Cluster with each k in ``ks`` and measure each clustering.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : iterable of int
        Each at least 2 (the silhouette and Davies-Bouldin need two clusters).
    init, max_iter, random_state
        Passed to :func:`helpers.kmeans.kmeans` (the same seed for every k).
    sample_size, n_repeats
        Of :func:`sampled_silhouette`.
    progress : bool
        Show a progress line while sweeping.

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k``, ``wssse``, ``silhouette``, ``silhouette_std``,
        ``davies_bouldin`` (lower is better), ``calinski_harabasz`` (higher
        is better).
    """
    X = as_float_matrix(X, min_rows=3)
    ks = [int(k) for k in ks]
    if not ks:
        raise ValueError("ks is empty: give the values of k to try.")
    bad = [k for k in ks if not 2 <= k < X.shape[0]]
    if bad:
        raise ValueError(f"every k must be in 2..{X.shape[0] - 1}; got {bad}.")
    rows = []
    bar = Progress(len(ks), "k sweep", enabled=progress)
    for k in ks:
        res = kmeans(X, k, init=init, max_iter=max_iter, random_state=random_state)
        sil, sil_std = sampled_silhouette(
            X, res.labels, sample_size=sample_size, n_repeats=n_repeats, random_state=random_state
        )
        rows.append(
            {
                "k": k,
                "wssse": res.inertia,
                "silhouette": sil,
                "silhouette_std": sil_std,
                "davies_bouldin": davies_bouldin_score(X, res.labels),
                "calinski_harabasz": calinski_harabasz_score(X, res.labels),
            }
        )
        bar.step(f"k = {k}")
    return pd.DataFrame(rows)


def find_knee(x, y):
    """The x where a decreasing, flattening curve bends the most (the elbow).

    Both axes are scaled to [0, 1]; the knee is the point farthest below the
    straight line from the first point to the last (the "Kneedle" idea of
    Satopää et al., 2011, without its smoothing).

    Raises
    ------
    ValueError
        Fewer than 3 points, unequal lengths, non-increasing x, or NaN.

    Examples
    --------
    >>> find_knee([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10])
    3
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1 or len(x) < 3:
        raise ValueError("x and y must be 1-D, of equal length, with at least 3 points.")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("x and y must not contain NaN or infinity.")
    if not np.all(np.diff(x) > 0):
        raise ValueError("x must be strictly increasing.")
    xn = (x - x[0]) / (x[-1] - x[0])
    span = y.max() - y.min()
    if span == 0:
        raise ValueError("y is constant: a flat curve has no knee.")
    yn = (y - y.min()) / span
    chord = yn[0] + (yn[-1] - yn[0]) * xn
    knee = x[int(np.argmax(chord - yn))]
    return int(knee) if isinstance(knee, numbers.Integral) or knee.is_integer() else float(knee)
