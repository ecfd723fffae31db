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
from collections.abc import Hashable

import numpy as np
import pandas as pd

from helpers._validation import (
    _real_array,
    as_float_matrix,
    as_sklearn_random_state,
    check_columns,
    check_labels,
    check_real,
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
    sample_size : int >= 2
        Both methods are slow and crowded beyond a few thousand points;
        values above the number of rows mean all of them.
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
        params["perplexity"] = perplexity = check_real(params["perplexity"], "perplexity")
        if not 1 <= perplexity < m:
            raise ValueError(f"perplexity must be in [1, {m}) for {m} points, got {perplexity:g}.")
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


def _unit_rows(Z, name="Z"):
    norms = np.linalg.norm(Z, axis=1, keepdims=True)
    if (norms == 0).any():
        raise ValueError(
            f"{int((norms == 0).sum())} embeddings of {name} are all zeros (first at row "
            f"{int(np.flatnonzero(norms == 0)[0])}): cosine similarity is undefined for them. "
            "Drop them or fix the encoder."
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
    if (
        queries.dtype.kind not in "iu"
        or queries.ndim != 1
        or not ((0 <= queries) & (queries < n)).all()
    ):
        raise ValueError(f"queries must be a list of row numbers in 0..{n - 1}.")
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
        The events (or any records), one row per row of ``Z``, with unique,
        flat column names. Only the ``fields`` are read.
    labels : array-like of shape (n_samples,)
        The cluster of each row (any values but missing ones: numbers,
        names, dates...).
    Z : array-like of shape (n_samples, n_features)
    fields : list of str
        Columns of ``table`` to profile (at least one, each once). Each
        holds one kind of value (text, numbers, booleans or dates; a
        category of them too), not infinity; a missing value counts as
        ``(none)``, as the empty text does.

    Returns
    -------
    pandas.DataFrame
        One column per cluster; rows ``events``, ``share``, ``norm mean``,
        ``norm sd``, then one row per field: ``"value (share)"``.
    """
    Z = as_float_matrix(Z, name="Z")
    _check_fields(table, fields)
    if len(table) != Z.shape[0]:
        raise ValueError(
            f"table and Z must have one row per event each, got {len(table)} and {Z.shape[0]}."
        )
    # a NaN label would make a cluster of its own that holds no row
    labels = check_labels(labels, Z.shape[0], whole=False)
    norms = np.linalg.norm(Z, axis=1)
    shown = {}
    for f in fields:  # a missing value is no value, as the empty text
        values = table[f].astype(object)
        shown[f] = values.where(values.notna(), "").astype(str).replace("", "(none)")
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
            counts = shown[f].loc[mine].value_counts()
            col[f] = f"{counts.index[0]} ({counts.iloc[0] / mine.sum():.0%})"
        columns[f"cluster {label}"] = col
    return pd.DataFrame(columns)


def _check_fields(table, fields):
    """Refuse fields that are not a non-empty list of columns of ``table``
    (unique, flat names), or a column mixing kinds of values (5 and '5'
    would count as one value) or holding infinity."""
    if isinstance(fields, str | bytes) or not hasattr(fields, "__iter__"):
        raise TypeError(
            f"fields must be a list of column names, such as ['status'], got {fields!r}."
        )
    fields = list(fields)
    if not fields:
        raise ValueError("fields is empty: name at least one column of table to profile.")
    check_columns(table, (), name="table")
    unknown = [f for f in fields if not isinstance(f, Hashable) or f not in table.columns]
    if unknown:
        raise ValueError(
            f"fields names {unknown}, which table lacks; it has {list(table.columns)}."
        )
    repeated = [f for i, f in enumerate(fields) if f in fields[:i]]
    if repeated:
        raise ValueError(f"fields lists {repeated[0]!r} twice; name each column once.")
    for f in fields:
        values = table[f]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.cat.categories.to_series()
        if values.dtype.kind in "iuf":
            inf = np.isinf(values.to_numpy(dtype=np.float64, na_value=np.nan))
            if inf.any():
                raise ValueError(
                    f"field {f!r} of table holds infinity (row {int(np.flatnonzero(inf)[0])}); "
                    "drop or fix those rows."
                )
        elif values.dtype.kind == "O" and pd.api.types.infer_dtype(values, skipna=True) in (
            "mixed",
            "mixed-integer",
        ):
            cells = values[values.notna()].to_numpy(dtype=object)
            other = next(v for v in cells if type(v) is not type(cells[0]))
            raise TypeError(
                f"field {f!r} of table mixes kinds of values ({type(cells[0]).__name__} "
                f"{cells[0]!r} and {type(other).__name__} {other!r}): 5 and '5' would count "
                f"as one. Convert it yourself, e.g. table[{f!r}].astype(str)."
            )
