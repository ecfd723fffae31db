"""How good is a clustering, and how many clusters? Numbers without labels.

* :func:`k_sweep` clusters for a range of k and returns a tidy table: the
  within-cluster sum of squares (WSSSE, K-means' inertia), a sampled
  silhouette with its spread, Davies-Bouldin and Calinski-Harabasz.
* :func:`find_knee` finds where a decreasing curve bends (the "elbow").
* :func:`sampled_silhouette` estimates the silhouette from samples: the exact
  one needs all pairwise distances, quadratic in the number of points.
* :func:`label_entropy` measures how mixed the known labels are inside the
  clusters: a check against labels, not a way to choose k without them.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
from sklearn.metrics import silhouette_score

from helpers._progress import Progress
from helpers._validation import (
    as_float_matrix,
    as_float_vector,
    check_columns,
    check_labels,
    check_random_state,
    check_real,
    check_whole,
)
from helpers.kmeans import _cluster_sums, kmeans

__all__ = [
    "METRIC_GUIDE",
    "REPORT_THRESHOLDS",
    "best_k",
    "check_embeddings",
    "cluster_metrics",
    "cluster_profiles",
    "compare_reports",
    "embedding_figures",
    "embedding_scores",
    "find_knee",
    "k_sweep",
    "knn_proxy",
    "label_entropy",
    "metric_table",
    "nearest_neighbours",
    "paired_bootstrap",
    "perturbation_stability",
    "project_2d",
    "quality_report",
    "representatives",
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
    n_repeats = check_whole(n_repeats, "n_repeats", 1)
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
        Each at least 2 (the silhouette and Davies-Bouldin need two clusters).
    init, max_iter, random_state
        Passed to :func:`helpers.kmeans.kmeans` (the same seed for every k).
    sample_size, n_repeats
        Of :func:`sampled_silhouette`.
    progress : bool
        Show a progress line while sweeping.
    y : array-like of shape (n_samples,), optional
        Known labels of the rows. When given, the table gains
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
    if isinstance(ks, numbers.Number | str):
        raise TypeError(f"ks must be a list of values of k, got {ks!r}; write [{ks!r}] for one.")
    ks = [check_whole(k, "every k in ks", 2, X.shape[0] - 1) for k in ks]
    if not ks:
        raise ValueError("ks is empty: give the values of k to try.")
    check_whole(sample_size, "sample_size", 2)
    check_whole(n_repeats, "n_repeats", 1)
    if y is not None:
        y = np.asarray(y)
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must give one label per row of X ({X.shape[0]}), got {y.shape}.")
    rows = []
    bar = Progress(len(ks), "k sweep", enabled=progress)
    for k in ks:
        res = kmeans(X, k, init=init, max_iter=max_iter, random_state=random_state)
        sil, sil_std = sampled_silhouette(
            X, res.labels, sample_size=sample_size, n_repeats=n_repeats, random_state=random_state
        )
        scores = cluster_metrics(X, res.labels)
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
        The cluster of each row, and its known label (any hashable values).

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
    labels = np.asarray(labels)
    if clusters.ndim != 1 or clusters.shape != labels.shape:
        raise ValueError(
            f"clusters and labels must be 1-D and of equal length, got shapes "
            f"{clusters.shape} and {labels.shape}."
        )
    if clusters.size == 0:
        raise ValueError("clusters and labels are empty: there is nothing to measure.")
    table = pd.crosstab(clusters, labels).to_numpy(dtype=np.float64)
    sizes = table.sum(axis=1, keepdims=True)
    p = table / sizes
    with np.errstate(divide="ignore", invalid="ignore"):
        per_cluster = -np.where(p > 0, p * np.log2(p), 0.0).sum(axis=1)
    # + 0.0 turns a -0.0 of pure clusters into 0.0
    return float(np.dot(sizes[:, 0] / clusters.size, per_cluster)) + 0.0


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


# --------------------------------------------------------------------------
# evaluating embeddings (notebook 08)
# --------------------------------------------------------------------------


def check_embeddings(Z):
    """Sanity checks a pipeline should run before using embeddings.

    Unlike the metrics below, this does not raise on bad values: it reports
    them, with what to do, so that one look shows everything that is wrong.

    Returns
    -------
    pandas.DataFrame
        One row per check: ``check``, ``value``, ``ok`` (bool), ``if not``
        (what to do when it fails).

    Examples
    --------
    >>> table = check_embeddings(np.random.default_rng(0).normal(size=(100, 4)))
    >>> bool(table["ok"].all())
    True
    """
    arr = np.asarray(Z)
    # wrong types and shapes are refused; bad values (NaN, inf) are reported
    if arr.dtype.kind in "iuf" and arr.ndim == 2:
        as_float_matrix(np.where(np.isfinite(arr), arr, 0), name="Z", squared=False)
    else:
        as_float_matrix(arr, name="Z", squared=False)
    Z = np.asarray(arr, dtype=np.float64)
    rows = []

    def add(check, value, ok, fix):
        rows.append({"check": check, "value": value, "ok": bool(ok), "if not": fix})

    add(
        "shape (events, dimensions)",
        str(Z.shape),
        Z.ndim == 2 and Z.shape[0] >= 2 and Z.shape[1] >= 1,
        "the encoder must return one row per event and at least one column",
    )
    if Z.ndim != 2 or Z.size == 0:
        return pd.DataFrame(rows)
    finite = np.isfinite(Z).all(axis=1)
    add(
        "rows with NaN or infinity",
        int((~finite).sum()),
        finite.all(),
        "find the events behind them (missing or extreme inputs) and fix the encoder's input",
    )
    good = Z[finite]
    if good.shape[0] < 2:
        return pd.DataFrame(rows)
    spread = good.std(axis=0)
    add(
        "dimensions with no spread",
        int((spread <= 1e-12 * max(1.0, np.abs(good).max())).sum()),
        (spread > 1e-12 * max(1.0, np.abs(good).max())).all(),
        "a constant dimension carries nothing: drop it or ask fewer dimensions",
    )
    centre = np.linalg.norm(good.mean(axis=0)) / max(np.linalg.norm(spread), 1e-300)
    add(
        "distance of the mean from 0, in spreads",
        round(float(centre), 3),
        centre < 1.0,
        "centre the vectors before using cosine similarity; else all look alike",
    )
    norms = np.linalg.norm(good, axis=1)
    rel = norms.std() / max(norms.mean(), 1e-300)
    add(
        "relative spread of the norms",
        round(float(rel), 3),
        0.01 < rel,
        "all vectors have the same length: norms cannot flag unusual events",
    )
    unique = np.unique(good, axis=0).shape[0]
    add(
        "share of exact duplicate vectors",
        round(1 - unique / good.shape[0], 4),
        unique >= 0.5 * good.shape[0],
        "many identical vectors: check for duplicate events or a collapsed encoder",
    )
    return pd.DataFrame(rows)


def project_2d(Z, method="tsne", *, sample_size=1500, random_state=0, **params):
    """A 2-D picture of a random sample of embeddings (t-SNE or UMAP).

    Parameters
    ----------
    Z : array-like of shape (n_samples, n_features)
    method : {"tsne", "umap"}
    sample_size : int
        Both methods are slow and crowded beyond a few thousand points.
    random_state : int
        Fixes the sample and the method's own randomness.
    **params
        For :class:`sklearn.manifold.TSNE` (e.g. ``perplexity``) or
        :class:`umap.UMAP` (e.g. ``n_neighbors``, ``min_dist``).

    Returns
    -------
    rows : ndarray of shape (m,)
        Which rows of Z were drawn (sorted).
    Y : ndarray of shape (m, 2)
    """
    Z = as_float_matrix(Z, name="Z", min_rows=5)
    if method not in ("tsne", "umap"):
        raise ValueError(f"method must be 'tsne' or 'umap', got {method!r}.")
    sample_size = check_whole(sample_size, "sample_size", 2)
    rng = check_random_state(random_state)
    m = min(sample_size, Z.shape[0])
    rows = np.sort(rng.choice(Z.shape[0], m, replace=False))
    if method == "tsne":
        from sklearn.manifold import TSNE

        params = {"perplexity": 30.0, "init": "pca", **params}
        if not 1 <= params["perplexity"] < m:
            raise ValueError(f"perplexity must be in [1, {m}) for {m} points.")
        from threadpoolctl import threadpool_limits

        # one thread: on a sample this small, Barnes-Hut's threads wait for
        # each other more than they work (ten times the CPU on a busy
        # 2-core machine), and one thread gives the same picture every run
        with threadpool_limits(1, user_api="openmp"):
            Y = TSNE(2, random_state=random_state, **params).fit_transform(Z[rows])
    else:
        with warnings.catch_warnings():
            # umap imports tqdm, which warns when Jupyter's widgets are missing
            warnings.filterwarnings("ignore", message="IProgress not found")
            import umap

        with warnings.catch_warnings():
            # umap-learn 0.5.7 (Colab's) calls check_array(force_all_finite=),
            # which scikit-learn 1.6-1.7 warn about; Z is checked finite above
            warnings.filterwarnings("ignore", "'force_all_finite' was renamed", FutureWarning)
            model = umap.UMAP(n_components=2, random_state=random_state, n_jobs=1, **params)
            Y = model.fit_transform(Z[rows])
    return rows, np.asarray(Y, dtype=np.float64)


def _unit_rows(Z):
    norms = np.linalg.norm(Z, axis=1, keepdims=True)
    if (norms == 0).any():
        raise ValueError(
            f"{int((norms == 0).sum())} embeddings are all zeros: cosine similarity is "
            "undefined for them. Drop them or fix the encoder."
        )
    return Z / norms


def nearest_neighbours(Z, queries, k=5, *, keys=None):
    """The ``k`` most cosine-similar events to each query, never the query
    itself, and exact duplicates of the query reported apart.

    Parameters
    ----------
    Z : array-like of shape (n_samples, n_features)
    queries : array-like of int
        Row numbers of the query events.
    k : int
    keys : array-like of shape (n_samples,), optional
        One value per event, equal for identical events (e.g. a hash of the
        raw event). A neighbour with the query's key is an exact duplicate:
        it says nothing about the embedding's quality, so it is counted in
        ``n_duplicates`` and skipped.

    Returns
    -------
    pandas.DataFrame
        One row per query and rank: ``query``, ``rank`` (1..k),
        ``neighbour``, ``cosine``, and ``n_duplicates`` (of the query).

    Examples
    --------
    >>> Z = np.array([[1.0, 0], [1.0, 0], [1.0, 0.1], [0, 1.0]])
    >>> nearest_neighbours(Z, [0], k=2, keys=["a", "a", "b", "c"])[["neighbour", "n_duplicates"]]
       neighbour  n_duplicates
    0          2             1
    1          3             1
    """
    Z = as_float_matrix(Z, name="Z", min_rows=2)
    k = check_whole(k, "k", 1)
    n = Z.shape[0]
    queries = np.atleast_1d(np.asarray(queries))
    if queries.dtype.kind not in "iu" or (queries < 0).any() or (queries >= n).any():
        raise ValueError(f"queries must be row numbers in 0..{n - 1}.")
    keys = None if keys is None else np.asarray(keys)
    if keys is not None and keys.shape != (n,):
        raise ValueError(f"keys must hold one value per event ({n}).")
    U = _unit_rows(Z)
    rows = []
    for q in queries:
        sim = U @ U[q]
        sim[q] = -np.inf  # never the query itself
        dup = np.zeros(n, dtype=bool) if keys is None else keys == keys[q]
        dup[q] = False
        sim[dup] = -np.inf
        available = n - 1 - int(dup.sum())
        if k > available:
            raise ValueError(
                f"k={k} but event {q} has only {available} other distinct events; use a smaller k."
            )
        top = np.argsort(-sim, kind="stable")[:k]
        for rank, j in enumerate(top, start=1):
            rows.append(
                {
                    "query": int(q),
                    "rank": rank,
                    "neighbour": int(j),
                    "cosine": float(sim[j]),
                    "n_duplicates": int(dup.sum()),
                }
            )
    return pd.DataFrame(rows)


def cluster_metrics(X, labels, *, chunk_size=16384):
    """Davies-Bouldin and Calinski-Harabasz in one pass, in chunks.

    The same definitions as scikit-learn's ``davies_bouldin_score`` and
    ``calinski_harabasz_score``, computed from per-cluster sums (one pass
    over X) and distances to the centroids in chunks of ``chunk_size`` rows,
    so the extra memory is ``chunk_size x n_features`` numbers, not a copy
    of X per cluster.

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
    names, codes = np.unique(labels, return_inverse=True)
    k, n = names.size, X.shape[0]
    sums = np.zeros((k, X.shape[1]))
    counts = np.bincount(codes, minlength=k)
    for start in range(0, n, chunk_size):
        part = slice(start, start + chunk_size)
        sums += _cluster_sums(X[part], codes[part], k)[0]  # X, labels checked above
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
    db = (
        0.0 if np.allclose(s, 0) or np.allclose(centre_dist, 0) else float(ratio.max(axis=1).mean())
    )
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

    Returns
    -------
    pandas.DataFrame
        Indexed by metric: ``value``, ``uncertainty`` (the silhouette's
        spread over samples; 0 for the exact ones), ``measures``, ``range``,
        ``rule of thumb``.
    """
    sil, sil_std = sampled_silhouette(
        X, labels, sample_size=sample_size, n_repeats=n_repeats, random_state=random_state
    )
    m = cluster_metrics(X, labels)
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


def _check_callables(**functions):
    """Refuse an argument that should be a function (None means "not given")."""
    for name, f in functions.items():
        if f is not None and not callable(f):
            raise TypeError(
                f"{name} must be a function (e.g. an encoder's transform), got {f!r}. Pass the "
                "function itself, without calling it."
            )


def _top_k_sets(U, queries, k):
    sim = U[queries] @ U.T
    sim[np.arange(len(queries)), queries] = -np.inf  # not the query itself
    top = np.argpartition(-sim, k, axis=1)[:, :k]
    return [frozenset(row.tolist()) for row in top]


def perturbation_stability(embed, data, perturb, levels, *, k=5, sample_size=1000, random_state=0):
    """How much embeddings move when their inputs get a little noise.

    For each level: ``embed(perturb(data, level, random_state=...))`` is
    compared row by row with ``embed(data)``.

    Parameters
    ----------
    embed : callable
        ``data -> Z`` with the *fitted* encoder (no refitting: a refit would
        measure the fit's own randomness as well).
    data
        What ``embed`` takes (a DataFrame of events, an array...).
    perturb : callable
        ``perturb(data, level, random_state=seed) -> data``; level 0 must
        change nothing.
    levels : iterable of float
    k : int
        Size of the neighbour sets compared.
    sample_size : int
        Queries whose neighbour sets are compared (against all events).

    Returns
    -------
    pandas.DataFrame
        One row per level: ``level``, ``cosine_mean``, ``cosine_p5`` (5th
        percentile of each event's cosine similarity between its original
        and perturbed embedding), ``neighbours_changed`` (share of sampled
        events whose set of ``k`` nearest neighbours is not the same) and
        ``neighbours_kept`` (mean share of those ``k`` still among them).
        Where many events are near copies of each other, the neighbour sets
        change under the slightest noise (the order among near-ties is
        arbitrary) while the vectors barely move; read both figures.
    """
    _check_callables(embed=embed, perturb=perturb)
    if isinstance(levels, str) or not hasattr(levels, "__iter__"):
        raise TypeError(f"levels must be a list of noise levels, got {levels!r}; e.g. [0.05].")
    levels = list(levels)
    if not levels:
        raise ValueError("levels is empty: give at least one noise level, e.g. [0.05].")
    for level in levels:
        check_real(level, "every level in levels")
    k = check_whole(k, "k", 1)
    sample_size = check_whole(sample_size, "sample_size", 1)
    Z = as_float_matrix(embed(data), name="embed(data)")
    if Z.shape[0] <= k:
        raise ValueError(
            f"k={k} neighbours need more than k events, but embed(data) gave {Z.shape[0]}; "
            "use a smaller k."
        )
    U = _unit_rows(Z)
    rng = check_random_state(random_state)
    queries = np.sort(rng.choice(Z.shape[0], min(sample_size, Z.shape[0]), replace=False))
    before = _top_k_sets(U, queries, k)
    rows = []
    for level in levels:
        P = as_float_matrix(
            embed(perturb(data, level, random_state=random_state)), name="perturbed"
        )
        if P.shape != Z.shape:
            raise ValueError(f"the perturbed embeddings have shape {P.shape}, not {Z.shape}.")
        V = _unit_rows(P)
        cos = np.clip(np.einsum("ij,ij->i", U, V), -1.0, 1.0)
        after = _top_k_sets(V, queries, k)
        pairs = list(zip(before, after, strict=True))
        rows.append(
            {
                "level": float(level),
                "cosine_mean": float(cos.mean()),
                "cosine_p5": float(np.quantile(cos, 0.05)),
                "neighbours_changed": float(np.mean([a != b for a, b in pairs])),
                "neighbours_kept": float(np.mean([len(a & b) / k for a, b in pairs])),
            }
        )
    return pd.DataFrame(rows)


def knn_proxy(
    Z, y, *, n_neighbors=5, n_splits=5, random_state=0, return_scores=False, algorithm=None
):
    """A downstream proxy: k-nearest-neighbour classification of labels the
    embedding never saw, scored by stratified cross-validation.

    Parameters
    ----------
    Z : array-like of shape (n_samples, n_features)
        Neighbours by cosine similarity.
    y : array-like of shape (n_samples,)
        Labels held out from the embedding (the event type, or whether an
        event is an injected anomaly). Never the embedding's own clusters:
        predicting those is circular (notebook 08, section 8).
    return_scores : bool
        For two classes, also return each event's out-of-fold vote for the
        rarer class (``scores``), e.g. for :func:`paired_bootstrap`.
    algorithm : {"kd_tree", "ball_tree", "brute"}, optional
        How scikit-learn finds the neighbours (the same neighbours either
        way, up to ties). Default: a kd-tree up to 32 dimensions, else brute
        force. A kd-tree is fast on embeddings, whose points lie near a few
        directions, and slow on data without such structure (pure noise):
        use "brute" there.

    Returns
    -------
    dict
        ``accuracy``, ``balanced_accuracy``, ``macro_f1``; for two classes
        also ``roc_auc`` and ``average_precision`` of the neighbours' vote
        for the rarer class (and ``scores`` if asked).
    """
    from sklearn.metrics import (
        accuracy_score,
        average_precision_score,
        balanced_accuracy_score,
        f1_score,
        roc_auc_score,
    )
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.neighbors import KNeighborsClassifier

    Z = as_float_matrix(Z, name="Z", min_rows=2)
    n_neighbors = check_whole(n_neighbors, "n_neighbors", 1, Z.shape[0] - 1)
    n_splits = check_whole(n_splits, "n_splits", 2, Z.shape[0])
    y = np.asarray(y)
    if y.shape != (Z.shape[0],):
        raise ValueError(f"y must hold one label per row of Z ({Z.shape[0]}).")
    classes, counts = np.unique(y, return_counts=True)
    if classes.size < 2:
        raise ValueError("y has one class only: there is nothing to predict.")
    if counts.min() < n_splits:
        raise ValueError(
            f"the rarest class has {counts.min()} events, fewer than n_splits={n_splits}; "
            "use fewer splits or merge rare classes."
        )
    # on unit vectors, Euclidean distance ranks neighbours exactly as cosine
    # similarity does, and lets scikit-learn use a kd-tree instead of brute
    # force; its "auto" picks brute force above 15 dimensions, four times
    # slower on notebook 08's 16-dimensional embeddings, so a tree is the
    # default up to 32
    U = _unit_rows(Z)
    if algorithm is None:
        algorithm = "kd_tree" if U.shape[1] <= 32 else "brute"
    model = KNeighborsClassifier(n_neighbors, algorithm=algorithm)
    cv = StratifiedKFold(n_splits, shuffle=True, random_state=random_state)
    proba = cross_val_predict(model, U, y, cv=cv, method="predict_proba")
    pred = classes[np.argmax(proba, axis=1)]
    out = {
        "accuracy": float(accuracy_score(y, pred)),
        "balanced_accuracy": float(balanced_accuracy_score(y, pred)),
        "macro_f1": float(f1_score(y, pred, average="macro")),
    }
    if classes.size == 2:
        rare = int(np.argmin(counts))
        out["roc_auc"] = float(roc_auc_score(y == classes[rare], proba[:, rare]))
        out["average_precision"] = float(
            average_precision_score(y == classes[rare], proba[:, rare])
        )
        if return_scores:
            out["scores"] = proba[:, rare]
    return out


def paired_bootstrap(y, scores_a, scores_b, *, metric=None, n_boot=200, level=0.95, random_state=0):
    """Is score ``a`` really better than score ``b`` on the same events?

    ``metric(y, scores_a) - metric(y, scores_b)`` and its bootstrap interval:
    events are drawn with replacement, the *same* draw for both scores, so
    that what the two have in common (the hard events) cancels out.

    Parameters
    ----------
    y : array-like of bool, shape (n_samples,)
        What the scores should find.
    scores_a, scores_b : array-like of shape (n_samples,)
    metric : callable, default: ROC AUC
        ``metric(y, scores) -> float``.
    n_boot : int
    level : float
        Of the interval (percentiles of the bootstrap differences).

    Returns
    -------
    dict
        ``difference``, ``low``, ``high``, and ``separated`` (True when the
        interval leaves out 0: the data tell the two apart).

    Examples
    --------
    >>> y = np.r_[np.zeros(400, bool), np.ones(40, bool)]
    >>> good = y + np.random.default_rng(0).normal(0, 0.5, 440)
    >>> out = paired_bootstrap(y, good, good)
    >>> out["difference"], out["separated"]
    (0.0, False)
    """
    from sklearn.metrics import roc_auc_score

    metric = roc_auc_score if metric is None else metric
    y = np.asarray(y)
    a = as_float_vector(scores_a, name="scores_a")
    b = as_float_vector(scores_b, name="scores_b")
    if y.ndim != 1 or a.shape != y.shape or b.shape != y.shape:
        raise ValueError(
            f"y, scores_a and scores_b must be 1-D with one value per event each, got shapes "
            f"{y.shape}, {a.shape} and {b.shape}."
        )
    check_real(level, "level", 0, 1, low_open=True, high_open=True)
    n_boot = check_whole(n_boot, "n_boot", 10)
    rng = check_random_state(random_state)
    fast = metric is roc_auc_score
    if fast:  # the AUC of a draw from counts per score: no sort per draw
        y = y == np.unique(y)[-1]  # the greater label is the positive one, as in scikit-learn
        ranked = [np.unique(s, return_inverse=True)[1] for s in (a, b)]
    diffs = []
    for _ in range(n_boot):
        rows = rng.integers(0, y.size, y.size)
        if np.unique(y[rows]).size < 2:  # a draw without both kinds says nothing
            continue
        if fast:
            times = np.bincount(rows, minlength=y.size)
            diffs.append(_counted_auc(y, ranked[0], times) - _counted_auc(y, ranked[1], times))
        else:
            diffs.append(metric(y[rows], a[rows]) - metric(y[rows], b[rows]))
    if len(diffs) < n_boot // 2:
        raise ValueError("most bootstrap draws hold one kind of event only; y is too unbalanced.")
    low, high = np.quantile(diffs, [(1 - level) / 2, (1 + level) / 2])
    return {
        "difference": float(metric(y, a) - metric(y, b)),
        "low": float(low),
        "high": float(high),
        "separated": bool(low > 0 or high < 0),
    }


def _counted_auc(y, rank, times):
    """ROC AUC when event i counts ``times[i]`` times: the chance that a
    positive outscores a negative, ties counting half (Mann-Whitney), from
    the events' score ranks ``rank``; equal to scikit-learn's on the
    repeated events."""
    pos = np.bincount(rank, weights=times * y)
    neg = np.bincount(rank, weights=times * ~y)
    below = np.cumsum(neg) - neg
    return float((pos * (below + 0.5 * neg)).sum() / (pos.sum() * neg.sum()))


#: The report's thresholds: (direction, acceptable, excellent). "higher":
#: the value must be at least the threshold; "lower": at most.
REPORT_THRESHOLDS = {
    "silhouette": ("higher", 0.25, 0.5),
    "davies_bouldin": ("lower", 1.5, 1.0),
    "stability_numeric_at_5pct": ("higher", 0.92, 0.98),
    "stability_categorical_at_5pct": ("higher", 0.92, 0.98),
    "class_balanced_accuracy": ("higher", 0.8, 0.95),
    "anomaly_roc_auc": ("higher", 0.8, 0.95),
}
_GRADES = ["needs work", "acceptable", "excellent"]


def quality_report(figures, thresholds=None):
    """One table of every figure with its thresholds and status, and a verdict.

    A figure is "excellent" if it meets the excellent threshold,
    "acceptable" if it meets the acceptable one, else "needs work". The
    verdict is the *worst* status: one bad side of an embedding is enough to
    hold it back.

    Parameters
    ----------
    figures : dict
        Name -> value; every name must have thresholds.
    thresholds : dict, optional
        Name -> (direction, acceptable, excellent); default
        :data:`REPORT_THRESHOLDS`.

    Returns
    -------
    table : pandas.DataFrame
        Indexed by figure: ``value``, ``direction``, ``acceptable``,
        ``excellent``, ``status``.
    summary : dict
        ``verdict`` and ``figures`` (name -> {value, status}), for automation.

    Examples
    --------
    >>> table, summary = quality_report({"silhouette": 0.6, "davies_bouldin": 1.2})
    >>> summary["verdict"], table.loc["davies_bouldin", "status"]
    ('acceptable', 'acceptable')
    """
    thresholds = REPORT_THRESHOLDS if thresholds is None else thresholds
    if not isinstance(figures, Mapping):
        raise TypeError(
            f"figures must be a dict of figure name -> value, got {type(figures).__name__}."
        )
    if not figures:
        raise ValueError("figures is empty: give at least one measured figure.")
    rows = {}
    for name, value in figures.items():
        if name not in thresholds:
            raise ValueError(f"no thresholds for {name!r}; known: {sorted(thresholds)}.")
        direction, acceptable, excellent = thresholds[name]
        if direction not in ("higher", "lower"):
            raise ValueError(f"direction of {name!r} must be 'higher' or 'lower'.")
        value = check_real(value, f"figures[{name!r}] (measure it again before reporting)")
        sign = 1.0 if direction == "higher" else -1.0  # "lower": compare negatives
        grade = (
            2 if sign * value >= sign * excellent else 1 if sign * value >= sign * acceptable else 0
        )
        rows[name] = {
            "value": value,
            "direction": direction,
            "acceptable": acceptable,
            "excellent": excellent,
            "status": _GRADES[grade],
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    verdict = _GRADES[min(_GRADES.index(s) for s in table["status"])]
    summary = {
        "verdict": verdict,
        "figures": {n: {"value": r["value"], "status": r["status"]} for n, r in rows.items()},
    }
    return table, summary


def representatives(Z, labels, n=3):
    """Per cluster, the ``n`` rows closest to the cluster's centroid: the
    events to read first when looking inside a cluster.

    Returns
    -------
    dict
        Cluster label -> row numbers, closest first.

    Examples
    --------
    >>> Z = np.array([[0.0], [1.0], [2.0], [10.0], [11.0]])
    >>> {k: v.tolist() for k, v in representatives(Z, [0, 0, 0, 1, 1], n=1).items()}
    {0: [1], 1: [3]}
    """
    Z = as_float_matrix(Z, name="Z")
    n = check_whole(n, "n", 1)
    labels = np.asarray(labels)
    if labels.shape != (Z.shape[0],):
        raise ValueError("labels must give one cluster per row of Z.")
    out = {}
    for label in np.unique(labels):
        rows = np.flatnonzero(labels == label)
        d = ((Z[rows] - Z[rows].mean(axis=0)) ** 2).sum(axis=1)
        out[label.item()] = rows[np.argsort(d, kind="stable")[:n]]
    return out


def cluster_profiles(table, labels, Z, fields):
    """The clusters side by side: size, share, embedding norms, and the most
    common value of each field with its share.

    Parameters
    ----------
    table : pandas.DataFrame
        The events (or any records), one row per row of ``Z``.
    labels : array-like of shape (n_samples,)
    Z : array-like of shape (n_samples, n_features)
    fields : list of str
        Columns of ``table`` to profile.

    Returns
    -------
    pandas.DataFrame
        One column per cluster; rows ``events``, ``share``, ``norm mean``,
        ``norm sd``, then one row per field: ``"value (share)"``.
    """
    Z = as_float_matrix(Z, name="Z")
    check_columns(table, fields, name="table")
    labels = np.asarray(labels)
    if labels.shape != (Z.shape[0],) or len(table) != Z.shape[0]:
        raise ValueError("table, labels and Z must have one row per event each.")
    norms = np.linalg.norm(Z, axis=1)
    columns = {}
    for label in np.unique(labels):
        mine = labels == label
        col = {
            "events": int(mine.sum()),
            "share": f"{mine.mean():.1%}",
            "norm mean": f"{norms[mine].mean():.2f}",
            "norm sd": f"{norms[mine].std():.2f}",
        }
        for f in fields:
            counts = table.loc[mine, f].astype(str).replace("", "(none)").value_counts()
            col[f] = f"{counts.index[0]} ({counts.iloc[0] / mine.sum():.0%})"
        columns[f"cluster {label}"] = col
    return pd.DataFrame(columns)


def silhouette_values(X, labels, *, sample_size=3000, random_state=0):
    """Each sampled point's silhouette: the values
    :func:`helpers.plotting.silhouette_plot` draws.

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


def embedding_scores(embeddings, *, classes, anomalies, n_clusters, random_state=0):
    """The figures of several embeddings of the same events (encoders, or
    one encoder's training stages) that need no re-embedding: K-means
    silhouette and Davies-Bouldin, and the honest proxy.

    Parameters
    ----------
    embeddings : dict
        Name -> Z, one row per event in the same order.
    classes : array-like
        The event class of each event (held out from the embeddings).
    anomalies : array-like of bool
        Which events are injected unusual ones (held out).
    n_clusters : int
        K-means clusters (same seed for every embedding).

    Returns
    -------
    pandas.DataFrame
        Indexed by name: ``silhouette`` (sampled), ``davies_bouldin``,
        ``class_balanced_accuracy`` (:func:`knn_proxy`) and
        ``anomaly_roc_auc``.
    """
    if not isinstance(embeddings, Mapping):
        raise TypeError(
            f"embeddings must be a dict of name -> Z, got {type(embeddings).__name__}; "
            "write {'name': Z} for one."
        )
    if not embeddings:
        raise ValueError("embeddings is empty: give at least one name -> Z.")
    classes = np.asarray(classes)
    anomalies = np.asarray(anomalies, dtype=bool)
    if classes.ndim != 1 or anomalies.shape != classes.shape:
        raise ValueError(
            f"classes and anomalies must be 1-D with one value per event, got shapes "
            f"{classes.shape} and {anomalies.shape}."
        )
    rows = {}
    for name, Z in embeddings.items():
        Z = as_float_matrix(Z, name=f"embeddings[{name!r}]")
        if Z.shape[0] != classes.shape[0]:
            raise ValueError(
                f"embeddings[{name!r}] has {Z.shape[0]} rows but classes has "
                f"{classes.shape[0]} values: give one row and one class per event."
            )
        check_whole(n_clusters, "n_clusters", 2, Z.shape[0] - 1)
        labels = kmeans(Z, n_clusters, random_state=random_state).labels
        rows[name] = {
            "silhouette": sampled_silhouette(Z, labels, random_state=random_state)[0],
            "davies_bouldin": cluster_metrics(Z, labels)["davies_bouldin"],
            "class_balanced_accuracy": knn_proxy(Z, classes, random_state=random_state)[
                "balanced_accuracy"
            ],
            "anomaly_roc_auc": knn_proxy(Z, anomalies, random_state=random_state)["roc_auc"],
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def embedding_figures(
    embed,
    data,
    perturb,
    *,
    perturb_categories=None,
    classes,
    anomalies,
    n_clusters,
    random_state=0,
):
    """Every figure :func:`quality_report` judges, for one fitted encoder.

    Parameters
    ----------
    embed : callable
        ``data -> Z`` with the fitted encoder.
    data
        The events.
    perturb : callable
        Noise on the numeric inputs, as in :func:`perturbation_stability`.
    perturb_categories : callable, optional
        Swaps of categorical values, likewise; adds
        ``stability_categorical_at_5pct``.
    classes, anomalies, n_clusters
        As in :func:`embedding_scores`.

    Returns
    -------
    dict
        Keys of :data:`REPORT_THRESHOLDS`.
    """
    _check_callables(embed=embed, perturb=perturb, perturb_categories=perturb_categories)
    Z = as_float_matrix(embed(data), name="embed(data)")
    scores = embedding_scores(
        {"z": Z},
        classes=classes,
        anomalies=anomalies,
        n_clusters=n_clusters,
        random_state=random_state,
    ).loc["z"]
    figures = {name: float(v) for name, v in scores.items()}
    kinds = {"numeric": perturb, "categorical": perturb_categories}
    for kind, change in kinds.items():
        if change is not None:
            table = perturbation_stability(embed, data, change, [0.05], random_state=random_state)
            figures[f"stability_{kind}_at_5pct"] = float(table.loc[0, "cosine_mean"])
    return figures


def compare_reports(figures, thresholds=None):
    """:func:`quality_report` for several encoders, side by side.

    Parameters
    ----------
    figures : dict
        Encoder name -> its figures (name -> value).

    Returns
    -------
    table : pandas.DataFrame
        One row per figure; per encoder a column of values and one of
        statuses (``"<name> status"``).
    verdicts : dict
        Encoder name -> verdict.

    Examples
    --------
    >>> table, verdicts = compare_reports({"a": {"silhouette": 0.6}, "b": {"silhouette": 0.3}})
    >>> verdicts
    {'a': 'excellent', 'b': 'acceptable'}
    """
    if not isinstance(figures, Mapping):
        raise TypeError(
            f"figures must be a dict of encoder name -> its figures, got {type(figures).__name__}."
        )
    if not figures:
        raise ValueError("figures is empty: give at least one encoder's figures.")
    columns, verdicts = {}, {}
    for name, figs in figures.items():
        table, summary = quality_report(figs, thresholds)
        columns[name] = table["value"]
        columns[f"{name} status"] = table["status"]
        verdicts[name] = summary["verdict"]
    return pd.DataFrame(columns), verdicts
