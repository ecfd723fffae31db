"""Measuring a clustering, and choosing k (notebooks 02, 03 and 08).

Measures of one clustering that need only the data and its cluster labels:

* :func:`sampled_silhouette` estimates the mean silhouette from samples, with
  its spread: the exact one needs all pairwise distances, quadratic in the
  number of points.
* :func:`silhouette_values` gives each sampled point's silhouette (what a
  silhouette plot draws), :func:`silhouette_by_cluster` the same per cluster,
  as numbers.
* :func:`cluster_metrics` computes Davies-Bouldin and Calinski-Harabasz from
  one pass over the data, in chunks.
* :func:`metric_table` puts the three side by side, each with what it
  measures, its range and its rules of thumb (:data:`METRIC_GUIDE`).

Choosing k:

* :func:`k_sweep` clusters with K-means for each k and returns a tidy table:
  the within-cluster sum of squares (WSSSE, K-means' inertia), the sampled
  silhouette with its spread, Davies-Bouldin and Calinski-Harabasz.
* :func:`best_k` reads the k each measure of that table prefers.
* :func:`find_knee` finds where a decreasing curve bends (the "elbow").
* :func:`label_entropy` measures how mixed known labels are inside the
  clusters (:func:`k_sweep` adds it when given the labels ``y``): it uses
  the answers, so it checks a clustering against labels and is not a way to
  choose k without them.

Evaluating embeddings (notebook 08) is in :mod:`helpers.embedding_inspection`
(looking at them) and :mod:`helpers.embedding_quality` (scoring them).
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from sklearn.metrics import silhouette_score

from helpers._progress import Progress
from helpers._validation import (
    MAX_REPEATS,
    as_float_matrix,
    as_float_vector,
    check_bool,
    check_columns,
    check_labels,
    check_random_state,
    check_whole,
)
from helpers.kmeans import KMEANS_TOL, _cluster_sums, _kmeans

__all__ = [
    "METRIC_GUIDE",
    "best_k",
    "cluster_metrics",
    "find_knee",
    "k_sweep",
    "label_entropy",
    "metric_table",
    "sampled_silhouette",
    "silhouette_by_cluster",
    "silhouette_values",
]


def sampled_silhouette(X, labels, *, sample_size=2000, n_repeats=5, random_state=0):
    """Mean silhouette estimated on random samples, and its spread.

    Each repeat draws ``sample_size`` rows without replacement and computes
    the exact silhouette of that sample (quadratic in ``sample_size``, not in
    ``len(X)``). The spread (standard deviation over repeats) says how far
    one estimate may be from another.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        The cluster of each row: any values that name clusters (whole
        numbers, floats such as 1.0, text, dates), missing ones refused;
        2..n-1 clusters.
    sample_size : int >= 2
        Rows per sample; values above n_samples mean all rows.
    n_repeats : int in 1..10,000
        Samples drawn.
    random_state : None, int >= 0 or numpy Generator

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
    labels = _cluster_labels(labels, X.shape[0], "the silhouette")
    sample_size = check_whole(sample_size, "sample_size", 2)
    n_repeats = check_whole(n_repeats, "n_repeats", 1, MAX_REPEATS)
    return _sampled_silhouette(X, labels, sample_size, n_repeats, random_state)


def _sampled_silhouette(X, labels, sample_size, n_repeats, random_state):
    """:func:`sampled_silhouette` without checking its arguments: for callers
    that checked ``X`` (and the labels) once already."""
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


def _cluster_labels(labels, n, what):
    """Labels (any values but NaN) of n rows holding 2..n-1 clusters."""
    labels = check_labels(labels, n, whole=False)
    found = len(np.unique(labels))
    if not 2 <= found <= n - 1:
        raise ValueError(
            f"labels hold {found} cluster(s), but {what} needs between 2 and n_samples - 1 "
            f"({n - 1}) clusters. Cluster with another k, or check the labels."
        )
    return labels


def silhouette_values(X, labels, *, sample_size=3000, random_state=0):
    """Each sampled point's silhouette: the values
    :func:`helpers.plotting.silhouette_plot` draws.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        The cluster of each row: any values that name clusters (whole
        numbers, floats such as 1.0, text, dates), missing ones refused;
        2..n-1 clusters.
    sample_size : int >= 3, default=3000
        Rows sampled; values above n_samples mean all rows.
    random_state : None, int >= 0 or numpy Generator, default=0

    Returns
    -------
    rows : ndarray
        The sampled rows of X (sorted).
    values : ndarray
        Their silhouettes, computed among the sample.
    """
    from sklearn.metrics import silhouette_samples

    X = as_float_matrix(X, min_rows=3)
    labels = _cluster_labels(labels, X.shape[0], "the silhouette")
    sample_size = check_whole(sample_size, "sample_size", 3)
    rng = check_random_state(random_state)
    rows = np.sort(rng.choice(X.shape[0], min(sample_size, X.shape[0]), replace=False))
    if not 2 <= np.unique(labels[rows]).size < rows.size:
        raise ValueError("the sample must hold between 2 and n - 1 clusters; sample more.")
    return rows, silhouette_samples(X[rows], labels[rows])


def silhouette_by_cluster(X, labels, *, sample_size=3000, random_state=0):
    """What a silhouette plot shows, as numbers: per cluster, the sampled
    points, their mean silhouette, the lowest, and the share below 0 (points
    closer to another cluster than to their own).

    Parameters
    ----------
    X, labels, sample_size, random_state
        As in :func:`silhouette_values` (labels: any values that name
        clusters, missing ones refused; sample_size above n_samples: all rows).

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [9, 9], [9, 8], [5, 5.0]])
    >>> silhouette_by_cluster(X, [0, 0, 1, 1, 1])["below 0"].tolist()
    [0.0, 0.0]
    """
    rows, values = silhouette_values(X, labels, sample_size=sample_size, random_state=random_state)
    mine = pd.Series(values).groupby(np.asarray(labels)[rows])
    return pd.DataFrame(
        {
            "points": mine.size(),
            "mean": mine.mean(),
            "lowest": mine.min(),
            "below 0": mine.apply(lambda v: float((v < 0).mean())),
        }
    ).rename_axis("cluster")


#: Rows per chunk of :func:`cluster_metrics`: the extra memory it needs.
_CHUNK_ROWS = 16384


def cluster_metrics(X, labels, *, chunk_size=_CHUNK_ROWS):
    """Davies-Bouldin and Calinski-Harabasz in one pass, in chunks.

    The same definitions as scikit-learn's ``davies_bouldin_score`` and
    ``calinski_harabasz_score``, computed from per-cluster sums (one pass
    over X) and distances to the centroids in chunks of ``chunk_size`` rows,
    so the extra memory is ``chunk_size x n_features`` numbers, not a copy
    of X per cluster.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        The cluster of each row: any values that name clusters (whole
        numbers, floats such as 1.0, text, dates), missing ones refused;
        2..n-1 clusters.
    chunk_size : int >= 1, default=16384
        Rows per chunk; values above n_samples mean one chunk.

    Returns
    -------
    dict
        ``davies_bouldin`` (>= 0, lower is better), ``calinski_harabasz``
        (>= 0, higher is better), ``n_clusters``.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [10.0], [11.0]])
    >>> m = cluster_metrics(X, [0, 0, 1, 1])
    >>> round(m["davies_bouldin"], 4), round(m["calinski_harabasz"], 1)
    (0.1, 200.0)
    """
    X = as_float_matrix(X, min_rows=2)
    labels = _cluster_labels(labels, X.shape[0], "Davies-Bouldin and Calinski-Harabasz")
    chunk_size = check_whole(chunk_size, "chunk_size", 1)
    return _cluster_metrics(X, labels, chunk_size)


def _cluster_metrics(X, labels, chunk_size=_CHUNK_ROWS):
    """:func:`cluster_metrics` without checking its arguments: for callers
    that checked ``X`` (and the labels) once already."""
    names, codes = np.unique(labels, return_inverse=True)
    k, n = names.size, X.shape[0]
    sums = np.zeros((k, X.shape[1]))
    counts = np.bincount(codes, minlength=k)
    for start in range(0, n, chunk_size):
        part = slice(start, start + chunk_size)
        sums += _cluster_sums(X[part], codes[part], k)[0]  # X, labels checked by the caller
    centroids = sums / counts[:, None]
    mean = sums.sum(axis=0) / n
    scatter = np.zeros(k)  # sum of distances to the own centroid
    within = 0.0  # sum of squared distances to the own centroid
    for start in range(0, n, chunk_size):
        part = slice(start, start + chunk_size)
        diff = X[part] - centroids[codes[part]]
        sq = np.einsum("ij,ij->i", diff, diff)
        within += sq.sum()
        scatter += np.bincount(codes[part], weights=np.sqrt(sq), minlength=k)
    between = float((counts * ((centroids - mean) ** 2).sum(axis=1)).sum())
    ch = 1.0 if within == 0 else between * (n - k) / (within * (k - 1))
    s = scatter / counts
    centre_dist = np.sqrt(((centroids[:, None] - centroids[None]) ** 2).sum(axis=2))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (s[:, None] + s[None]) / centre_dist
    ratio[~np.isfinite(ratio)] = 0.0  # scikit-learn's rule for coinciding centroids
    np.fill_diagonal(ratio, 0.0)
    # scikit-learn returns 0 when the spreads or the centre distances are
    # within 1e-8 of 0 (np.allclose), which makes any data scaled below about
    # 1e-8 look perfectly separated; the index does not depend on the scale,
    # so only exact zeros count here
    db = 0.0 if not s.any() or not centre_dist.any() else float(ratio.max(axis=1).mean())
    return {"davies_bouldin": db, "calinski_harabasz": float(ch), "n_clusters": int(k)}


#: What each number measures, its range, and rules of thumb.
METRIC_GUIDE = {
    "silhouette": (
        "how much closer each point is to its own cluster than to the next one",
        "-1 to 1, higher is better",
        "> 0.5 clear structure; 0.25-0.5 reasonable; < 0.25 weak or none",
    ),
    "davies_bouldin": (
        "average over clusters of (spread of two clusters) / (distance between them), worst pair",
        "0 and up, lower is better",
        "< 1 well separated; 1-1.5 acceptable; > 2 clusters overlap",
    ),
    "calinski_harabasz": (
        "variance between clusters over variance within, scaled by counts",
        "0 and up, higher is better",
        "no absolute scale: compare values for the same data across k only",
    ),
}


def metric_table(X, labels, *, sample_size=2000, n_repeats=5, random_state=0):
    """Silhouette (sampled, with its spread), Davies-Bouldin and
    Calinski-Harabasz of one clustering, each with what it measures, its
    range and its rules of thumb (:data:`METRIC_GUIDE`).

    Parameters
    ----------
    X, labels, sample_size, n_repeats, random_state
        As in :func:`sampled_silhouette` (``n_repeats`` in 1..10,000; labels:
        any values that name clusters, missing ones refused; sample_size
        above n_samples: all rows).

    Returns
    -------
    pandas.DataFrame
        Indexed by metric: ``value``, ``uncertainty`` (the silhouette's
        spread over samples; 0 for the exact ones), ``measures``, ``range``,
        ``rule of thumb``.
    """
    # X and the labels are checked once here, not once per measure
    X = as_float_matrix(X, min_rows=2)
    labels = _cluster_labels(labels, X.shape[0], "the silhouette")
    sample_size = check_whole(sample_size, "sample_size", 2)
    n_repeats = check_whole(n_repeats, "n_repeats", 1, MAX_REPEATS)
    sil, sil_std = _sampled_silhouette(X, labels, sample_size, n_repeats, random_state)
    m = _cluster_metrics(X, labels)
    values = {
        "silhouette": (sil, sil_std),
        "davies_bouldin": (m["davies_bouldin"], 0.0),
        "calinski_harabasz": (m["calinski_harabasz"], 0.0),
    }
    rows = {
        name: {
            "value": v,
            "uncertainty": u,
            "measures": METRIC_GUIDE[name][0],
            "range": METRIC_GUIDE[name][1],
            "rule of thumb": METRIC_GUIDE[name][2],
        }
        for name, (v, u) in values.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index")


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
    y=None,
):
    """Cluster with each k in ``ks`` and measure each clustering.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    ks : iterable of int
        A list, a range or any other iterable (read once, before any
        clustering); each k in 2..n_samples - 1 (the silhouette and
        Davies-Bouldin need two clusters).
    init, max_iter, random_state
        Passed to :func:`helpers.kmeans.kmeans` (the same seed for every k;
        ``max_iter`` any int >= 1: K-means stops when no label changes, so a
        large value only lifts the cap).
    sample_size, n_repeats
        Of :func:`sampled_silhouette` (``n_repeats`` in 1..10,000;
        ``sample_size`` above n_samples means all rows).
    progress : bool
        Show a progress line while sweeping (True or False).
    y : array-like of shape (n_samples,), optional
        Known labels of the rows (any values but missing ones). When given, the table gains
        ``label_entropy`` (:func:`label_entropy` of each clustering): a
        measure that uses the answers, so not an unsupervised choice of k.

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k``, ``wssse``, ``silhouette``, ``silhouette_std``,
        ``davies_bouldin`` (lower is better), ``calinski_harabasz`` (higher
        is better), and ``label_entropy`` when ``y`` is given (lower is
        purer).
    """
    X = as_float_matrix(X, min_rows=3)
    if isinstance(ks, numbers.Number | str | bytes) or not hasattr(ks, "__iter__"):
        raise TypeError(f"ks must be a list of values of k, got {ks!r}; write [{ks!r}] for one.")
    ks = [check_whole(k, "every k in ks", 2, X.shape[0] - 1) for k in ks]
    if not ks:
        raise ValueError("ks is empty: give the values of k to try.")
    if len(set(ks)) != len(ks):
        twice = next(k for i, k in enumerate(ks) if k in ks[:i])
        raise ValueError(f"ks holds k={twice} twice; give each value of k once.")
    sample_size = check_whole(sample_size, "sample_size", 2)
    n_repeats = check_whole(n_repeats, "n_repeats", 1, MAX_REPEATS)
    max_iter = check_whole(max_iter, "max_iter", 1)
    progress = check_bool(progress, "progress")
    if y is not None:
        y = check_labels(y, X.shape[0], name="y", whole=False)
    rows = []
    bar = Progress(len(ks), "k sweep", enabled=progress)
    for k in ks:
        # X was checked once above; K-means and the measures skip that check
        res = _kmeans(X, k, init, max_iter, KMEANS_TOL, random_state)
        labels = _cluster_labels(res.labels, X.shape[0], "the silhouette")
        sil, sil_std = _sampled_silhouette(X, labels, sample_size, n_repeats, random_state)
        scores = _cluster_metrics(X, labels)
        rows.append(
            {
                "k": k,
                "wssse": res.inertia,
                "silhouette": sil,
                "silhouette_std": sil_std,
                "davies_bouldin": scores["davies_bouldin"],
                "calinski_harabasz": scores["calinski_harabasz"],
            }
        )
        if y is not None:
            rows[-1]["label_entropy"] = label_entropy(res.labels, y)
        bar.step(f"k = {k}")
    return pd.DataFrame(rows)


def best_k(sweep):
    """The k each measure of a :func:`k_sweep` table prefers.

    Returns
    -------
    dict
        ``silhouette`` (highest), ``davies_bouldin`` (lowest),
        ``calinski_harabasz`` (highest), ``elbow`` (the knee of WSSSE).
    """
    check_columns(
        sweep,
        ["k", "wssse", "silhouette", "davies_bouldin", "calinski_harabasz"],
        numeric=["k", "wssse", "silhouette", "davies_bouldin", "calinski_harabasz"],
        name="sweep",
    )
    if len(sweep) == 0:
        raise ValueError("sweep has no rows: pass the table k_sweep returned.")
    return {
        "silhouette": int(sweep.loc[sweep["silhouette"].idxmax(), "k"]),
        "davies_bouldin": int(sweep.loc[sweep["davies_bouldin"].idxmin(), "k"]),
        "calinski_harabasz": int(sweep.loc[sweep["calinski_harabasz"].idxmax(), "k"]),
        "elbow": int(find_knee(sweep["k"], sweep["wssse"])),
    }


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
    x = as_float_vector(x, name="x")
    y = as_float_vector(y, name="y")
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


def label_entropy(clusters, labels):
    r"""Size-weighted entropy of the known labels inside each cluster, in bits.

    .. math:: H = \sum_c \frac{n_c}{n} \left(-\sum_l p_{l|c} \log_2 p_{l|c}\right)

    where :math:`n_c` is the size of cluster :math:`c` and :math:`p_{l|c}`
    the share of label :math:`l` in it. 0 when every cluster holds one label
    only; at most the entropy of the labels themselves (what one cluster
    holding everything gives); it can only fall when a cluster is split, so
    it keeps falling as k grows. It needs the labels: choosing k by it is
    choosing k by the answers, which an unsupervised method does not have.

    Parameters
    ----------
    clusters, labels : array-like of shape (n_samples,)
        The cluster of each row, and its known label (any hashable values
        but missing ones: None, NaN or NA would silently drop their rows).

    Returns
    -------
    float

    Examples
    --------
    >>> label_entropy([0, 0, 1, 1], ["a", "a", "b", "b"])
    0.0
    >>> label_entropy([0, 0, 0, 0], ["a", "a", "b", "b"])
    1.0
    >>> label_entropy([0, 0, 1, 1], ["a", "b", "a", "a"])
    0.5
    """
    clusters = np.asarray(clusters)
    if clusters.ndim != 1:
        raise ValueError(f"clusters must be 1-D (one cluster per row), got shape {clusters.shape}.")
    if clusters.size == 0:
        raise ValueError("clusters and labels are empty: there is nothing to measure.")
    # a missing value would vanish from the table below (pd.crosstab drops
    # it), and fewer rows can only look purer
    if np.shape(labels) != clusters.shape:
        raise ValueError(
            f"clusters and labels must be of equal length (one of each per row), got "
            f"shapes {clusters.shape} and {np.shape(labels)}."
        )
    clusters = check_labels(clusters, clusters.size, name="clusters", whole=False)
    labels = check_labels(labels, clusters.size, name="labels", whole=False)
    table = pd.crosstab(clusters, labels).to_numpy(dtype=np.float64)
    sizes = table.sum(axis=1, keepdims=True)
    p = table / sizes
    with np.errstate(divide="ignore", invalid="ignore"):
        per_cluster = -np.where(p > 0, p * np.log2(p), 0.0).sum(axis=1)
    # + 0.0 turns a -0.0 of pure clusters into 0.0
    return float(np.dot(sizes[:, 0] / clusters.size, per_cluster)) + 0.0
