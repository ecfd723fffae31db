"""Scoring embeddings, and judging the scores against thresholds stated in
advance (notebook 08, sections 7-11).

* :func:`perturbation_stability` measures how far embeddings move, and how
  many neighbour sets change, when the inputs get a little noise.
* :func:`knn_proxy` is a downstream proxy: k-nearest-neighbour
  classification of labels the embedding never saw (the event class, or
  which events are injected anomalies), scored by stratified
  cross-validation. It scores against known labels, which must be held out
  from the embedding and never be the embedding's own clusters (circular).
* :func:`paired_bootstrap` tells whether one score beats another on the same
  events (against the labels both should find), with a bootstrap interval
  of the difference.
* :func:`embedding_scores` (several embeddings) and
  :func:`embedding_figures` (one fitted encoder) measure the figures the
  report judges: the K-means silhouette and Davies-Bouldin (from
  :mod:`helpers.evaluation`), the proxy on held-out classes and anomalies,
  and, for an encoder, the stability at 5 % noise.
* :func:`quality_report` and :func:`compare_reports` put every figure next
  to its thresholds (:data:`REPORT_THRESHOLDS`) with a status, and give a
  verdict: the worst status.

Looking at embeddings (sanity checks, pictures, neighbours, what is inside
the clusters) is in :mod:`helpers.embedding_inspection`.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers._validation import (
    MAX_REPEATS,
    as_float_matrix,
    as_float_vector,
    as_sklearn_random_state,
    check_bool,
    check_columns,
    check_labels,
    check_random_state,
    check_real,
    check_whole,
)
from helpers.embedding_inspection import _unit_rows
from helpers.evaluation import cluster_metrics, sampled_silhouette
from helpers.kmeans import kmeans

__all__ = [
    "REPORT_THRESHOLDS",
    "compare_reports",
    "embedding_figures",
    "embedding_scores",
    "knn_proxy",
    "paired_bootstrap",
    "perturbation_stability",
    "quality_report",
]


def _check_callables(**functions):
    """Refuse an argument that should be a function (None means "not given")."""
    for name, f in functions.items():
        if f is not None and not callable(f):
            raise TypeError(
                f"{name} must be a function (e.g. an encoder's transform), got {f!r}. Pass the "
                "function itself, without calling it."
            )


def _call(f, what, *args, **kwargs):
    """``f(*args)``, naming the call if it fails (a KeyError from it would not)."""
    try:
        return f(*args, **kwargs)
    except Exception as err:  # noqa: BLE001 (re-raised, named)
        raise (TypeError if isinstance(err, TypeError) else ValueError)(
            f"{what} failed ({type(err).__name__}: {err}). data goes unchanged to embed and "
            "perturb: give what they take, e.g. the events DataFrame the encoder was fitted on."
        ) from err


def _embed_data(embed, data):
    """``embed(data)``, checked; a DataFrame ``data`` needs unique, flat column names."""
    if isinstance(data, pd.DataFrame):
        check_columns(data, (), name="data")
    return as_float_matrix(_call(embed, "embed(data)", data), name="embed(data)")


def _as_flags(values, name):
    """``values`` as a bool array: booleans, or numbers all 0 or 1. Missing
    values, other numbers and text are refused ("False" is true in Python)."""
    arr = np.asarray(values)
    if arr.dtype.kind in "biuf" and np.isin(arr, (0, 1)).all():
        return arr == 1
    cells = arr.astype(object).ravel()
    good = np.array([isinstance(v, numbers.Real | np.bool_) and v in (0, 1) for v in cells])
    if good.all():  # an object array of flags
        return (cells == 1).astype(bool).reshape(arr.shape)
    i = int(np.flatnonzero(~good)[0])
    raise (ValueError if pd.isna(cells[i]) else TypeError)(
        f"{name} must hold True or False (or 1 or 0) for each event; row {i} holds "
        f"{cells[i]!r}. Fill or drop missing ones; compare to get flags, e.g. kind != ''."
    )


def _check_targets(y, n, name, n_splits=2):
    """The classes of labels ``y`` (booleans or any values but missing ones),
    each event's class number, and the classes' sizes."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"{name} must hold one label per row of Z ({n}), got shape {y.shape}.")
    if y.dtype.kind != "b":  # True/False is a fine pair of classes here
        y = check_labels(y, n, name=name, whole=False)
    classes, codes, counts = np.unique(y, return_inverse=True, return_counts=True)
    if classes.size < 2:
        raise ValueError(f"{name} has one class only: there is nothing to predict.")
    if counts.min() < n_splits:
        raise ValueError(
            f"the rarest class of {name} has {counts.min()} events, fewer than "
            f"n_splits={n_splits}; use fewer splits or merge rare classes."
        )
    return classes, codes, counts


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
        What ``embed`` takes (a DataFrame of events with unique, flat column
        names, an array...), passed unchanged to ``embed`` and ``perturb``,
        which check it; an error inside them is raised again naming the call.
    perturb : callable
        ``perturb(data, level, random_state=seed) -> data``; level 0 must
        change nothing.
    levels : iterable of float
    k : int
        Size of the neighbour sets compared.
    sample_size : int >= 1
        Queries whose neighbour sets are compared (against all events);
        values above the number of events mean all of them.

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
    levels = [check_real(level, "every level in levels") for level in levels]
    if not levels:
        raise ValueError("levels is empty: give at least one noise level, e.g. [0.05].")
    k = check_whole(k, "k", 1)
    sample_size = check_whole(sample_size, "sample_size", 1)
    Z = _embed_data(embed, data)
    if Z.shape[0] <= k:
        raise ValueError(
            f"k={k} neighbours need more than k events, but embed(data) gave {Z.shape[0]}; "
            "use a smaller k."
        )
    U = _unit_rows(Z, "embed(data)")
    rng = check_random_state(random_state)
    queries = np.sort(rng.choice(Z.shape[0], min(sample_size, Z.shape[0]), replace=False))
    before = _top_k_sets(U, queries, k)
    rows = []
    for level in levels:
        changed = _call(perturb, "perturb(data, level)", data, level, random_state=random_state)
        P = as_float_matrix(_call(embed, "embed(perturb(data))", changed), name="perturbed")
        if P.shape != Z.shape:
            raise ValueError(f"the perturbed embeddings have shape {P.shape}, not {Z.shape}.")
        V = _unit_rows(P, "embed(perturb(data))")
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
        predicting those is circular (notebook 08, section 8). Booleans or
        any values but missing ones (None, NaN), which would be a class of
        their own.
    n_neighbors : int in 1..n_samples - 1
    n_splits : int in 2..n_samples
    random_state : None, int in 0..2**32 - 1 or numpy Generator
        Of the folds' shuffle (a Generator gives one int seed drawn from it).
    return_scores : bool
        True or False. For two classes, also return each event's out-of-fold vote for the
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
    return_scores = check_bool(return_scores, "return_scores")
    random_state = as_sklearn_random_state(random_state)
    # scikit-learn sees class numbers: it cannot tell the type of an object
    # array of ints, and the scores are the same
    classes, y, counts = _check_targets(y, Z.shape[0], "y", n_splits)
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
    pred = np.argmax(proba, axis=1)
    out = {
        "accuracy": float(accuracy_score(y, pred)),
        "balanced_accuracy": float(balanced_accuracy_score(y, pred)),
        "macro_f1": float(f1_score(y, pred, average="macro")),
    }
    if classes.size == 2:
        rare = int(np.argmin(counts))
        out["roc_auc"] = float(roc_auc_score(y == rare, proba[:, rare]))
        out["average_precision"] = float(average_precision_score(y == rare, proba[:, rare]))
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
        What the scores should find (True/False, or 1/0).
    scores_a, scores_b : array-like of shape (n_samples,)
    metric : callable, default: ROC AUC
        ``metric(y, scores) -> float``.
    n_boot : int in 10..10,000
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
    y = _as_flags(y, "y")
    a = as_float_vector(scores_a, name="scores_a")
    b = as_float_vector(scores_b, name="scores_b")
    if y.ndim != 1 or a.shape != y.shape or b.shape != y.shape:
        raise ValueError(
            f"y, scores_a and scores_b must be 1-D with one value per event each, got shapes "
            f"{y.shape}, {a.shape} and {b.shape}."
        )
    level = check_real(level, "level", 0, 1, low_open=True, high_open=True)
    n_boot = check_whole(n_boot, "n_boot", 10, MAX_REPEATS)
    rng = check_random_state(random_state)
    fast = metric is roc_auc_score
    if fast:  # the AUC of a draw from counts per score: no sort per draw
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


def embedding_scores(embeddings, *, classes, anomalies, n_clusters, random_state=0):
    """The figures of several embeddings of the same events (encoders, or
    one encoder's training stages) that need no re-embedding: K-means
    silhouette and Davies-Bouldin, and the honest proxy.

    Parameters
    ----------
    embeddings : dict
        Name -> Z, one row per event in the same order.
    classes : array-like
        The event class of each event (held out from the embeddings): any
        values but missing ones (numbers, names, booleans), as
        :func:`knn_proxy`'s ``y``.
    anomalies : array-like of bool
        Which events are injected unusual ones (held out): True/False, or
        1/0.
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
    anomalies = _as_flags(anomalies, "anomalies")
    if classes.ndim != 1 or anomalies.shape != classes.shape:
        raise ValueError(
            f"classes and anomalies must be 1-D with one value per event, got shapes "
            f"{classes.shape} and {anomalies.shape}."
        )
    # named here: knn_proxy would call either of them y
    _check_targets(classes, classes.size, "classes", 5)
    _check_targets(anomalies, classes.size, "anomalies", 5)
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
        by_class = knn_proxy(Z, classes, random_state=random_state)["balanced_accuracy"]
        rows[name] = {
            "silhouette": sampled_silhouette(Z, labels, random_state=random_state)[0],
            "davies_bouldin": cluster_metrics(Z, labels)["davies_bouldin"],
            "class_balanced_accuracy": by_class,
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
        The events, passed to ``embed`` and the perturbations as in
        :func:`perturbation_stability`.
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
    Z = _embed_data(embed, data)
    scores = embedding_scores(
        {"z": Z},
        classes=classes,
        anomalies=anomalies,
        n_clusters=n_clusters,
        random_state=random_state,
    ).loc["z"]
    figures = {name: float(v) for name, v in scores.items()}
    for kind, change in {"numeric": perturb, "categorical": perturb_categories}.items():
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
