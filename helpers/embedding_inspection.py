"""Looking at embeddings before scoring them (notebook 08, sections 1-4).

An embedding turns each event into a vector. Before any score, look at the
vectors and at which events lie near each other:

* :func:`check_embeddings` runs the sanity checks a pipeline should run on
  new embeddings (rows with NaN, dimensions with no spread, a mean far from
  0, norms all alike, exact duplicates) and reports them without raising,
  so that one look shows everything that is wrong.
* :func:`project_2d` draws a seeded sample in two dimensions with t-SNE or
  UMAP.
* :func:`nearest_neighbours` lists the events most cosine-similar to a few
  queries, leaving out the queries' exact duplicates.
* :func:`representatives` and :func:`cluster_profiles` show what is inside
  each cluster: the events nearest its centroid, and its size, norms and
  most common value of chosen fields.

The numbers that score an embedding are in :mod:`helpers.embedding_quality`;
the clustering metrics and choosing k in :mod:`helpers.evaluation`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from helpers._validation import (
    _real_array,
    as_float_matrix,
    as_sklearn_random_state,
    check_columns,
    check_labels,
    check_whole,
)

__all__ = [
    "check_embeddings",
    "cluster_profiles",
    "nearest_neighbours",
    "project_2d",
    "representatives",
]


def check_embeddings(Z):
    """Sanity checks a pipeline should run before using embeddings.

    Unlike the metrics (:mod:`helpers.evaluation`,
    :mod:`helpers.embedding_quality`), this does not raise on bad values: it
    reports them, with what to do, so that one look shows everything that is
    wrong.

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
    # wrong types and shapes are refused (the shared layer's dtype checks:
    # masked values, booleans, text, categories, dates); bad values (NaN,
    # inf) are reported
    arr = _real_array(Z, "Z")
    as_float_matrix(np.where(np.isfinite(arr), arr, 0), name="Z", squared=False)
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
    random_state : None, int in 0..2**32 - 1 or numpy Generator
        Fixes the sample and the method's own randomness (a Generator gives
        one int seed drawn from it).
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
    # TSNE and UMAP take an int seed, not a Generator
    random_state = as_sklearn_random_state(random_state)
    if isinstance(random_state, np.random.RandomState):
        random_state = int(random_state.randint(2**32, dtype=np.int64))
    rng = np.random.default_rng(random_state)
    m = min(sample_size, Z.shape[0])
    rows = np.sort(rng.choice(Z.shape[0], m, replace=False))
    if np.ptp(Z[rows], axis=0).max() == 0:
        # nothing to draw, and scikit-learn's TSNE crashes the interpreter on it
        raise ValueError(
            f"Z's {m} sampled rows are all the same vector: a 2-D picture needs "
            "embeddings that differ. Check how Z was made (e.g. an encoder that "
            "outputs a constant)."
        )
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
    k : int in 1..n_samples - 1
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
    n = Z.shape[0]
    k = check_whole(k, "k", 1, n - 1)
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


def representatives(Z, labels, n=3):
    """Per cluster, the ``n`` rows closest to the cluster's centroid: the
    events to read first when looking inside a cluster.

    Parameters
    ----------
    Z : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        The cluster of each row (any values but missing ones).
    n : int in 1..n_samples
        Rows per cluster (all of a smaller cluster's rows).

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
    n = check_whole(n, "n", 1, Z.shape[0])
    # a NaN label would make a cluster of its own that holds no row
    labels = check_labels(labels, Z.shape[0], whole=False)
    out = {}
    for label in np.unique(labels):
        rows = np.flatnonzero(labels == label)
        d = ((Z[rows] - Z[rows].mean(axis=0)) ** 2).sum(axis=1)
        out[label.item() if isinstance(label, np.generic) else label] = rows[
            np.argsort(d, kind="stable")[:n]
        ]
    return out


def cluster_profiles(table, labels, Z, fields):
    """The clusters side by side: size, share, embedding norms, and the most
    common value of each field with its share.

    Parameters
    ----------
    table : pandas.DataFrame
        The events (or any records), one row per row of ``Z``.
    labels : array-like of shape (n_samples,)
        The cluster of each row (any values but missing ones).
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
    if len(table) != Z.shape[0]:
        raise ValueError(
            f"table and Z must have one row per event each, got {len(table)} and {Z.shape[0]}."
        )
    # a NaN label would make a cluster of its own that holds no row
    labels = check_labels(labels, Z.shape[0], whole=False)
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
