"""Anomalies as points far from every centroid, and how good that is.

A connection's anomaly score is its distance to the nearest K-means centroid.
This module turns scores into flags (two threshold rules), explains a flag
(which features put the point far from its centroid), and measures the
detector against labels that clustering never saw: precision and recall of
the flags, ROC and precision-recall curves of the score, and which attack
types are caught. :func:`outlier_scores` puts the K-means score next to two
standard detectors of scikit-learn, fitted on the rows you choose (all
traffic, or normal traffic only), and :func:`compare_detectors` measures
them against the labels on normal rows none of them learnt.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest
from sklearn.metrics import (
    average_precision_score,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)
from sklearn.neighbors import LocalOutlierFactor

from helpers._validation import (
    MAX_REPEATS,
    MAX_ROWS,
    as_float_matrix,
    as_float_vector,
    as_sklearn_random_state,
    check_labels,
    check_names,
    check_real,
    check_whole,
)
from helpers.kmeans import assign, kmeans

__all__ = [
    "caught_by_type",
    "compare_detectors",
    "detection_report",
    "distance_to_nearest_centroid",
    "feature_contributions",
    "outlier_scores",
    "score_curves",
    "threshold_percentile",
    "threshold_top_n",
]


def distance_to_nearest_centroid(X, centroids):
    """Euclidean distance of every row to its nearest centroid, and its label.

    Examples
    --------
    >>> d, labels = distance_to_nearest_centroid([[0.0, 3.0], [9.0, 0.0]], [[0.0, 0.0]])
    >>> d.tolist(), labels.tolist()
    ([3.0, 9.0], [0, 0])
    """
    labels, sq = assign(X, centroids)
    return np.sqrt(sq), labels


def threshold_top_n(scores, n):
    """The score of the ``n``-th highest-scoring point.

    Flag ``scores >= threshold_top_n(scores, n)``: that is the ``n`` farthest
    points (more if several share the ``n``-th score).

    Examples
    --------
    >>> threshold_top_n([0.1, 5.0, 3.0, 4.0], 2)
    4.0
    """
    scores = _scores(scores)
    n = check_whole(n, "n", 1, len(scores))
    return float(np.partition(scores, len(scores) - n)[len(scores) - n])


def threshold_percentile(scores, q):
    """The ``q``-th percentile of the scores (flag the top ``100 - q`` %).

    Parameters
    ----------
    scores : array-like of shape (n_samples,)
    q : real number in 0..100
        A percentage, as ``numpy.percentile`` takes it: an int, a float
        (95.0, a NumPy float) or a Fraction; not text or a bool.

    Examples
    --------
    >>> threshold_percentile(np.arange(101.0), 99)
    99.0
    """
    scores = _scores(scores)
    q = check_real(q, "q (a percentage)", 0, 100)
    return float(np.percentile(scores, q))


def feature_contributions(X, centroids, labels, feature_names, rows):
    """Why is a point far? Each feature's share of its squared distance.

    Parameters
    ----------
    X, centroids, labels
        The feature matrix, the centroids, and each row's centroid.
    feature_names : list of str
        One distinct name (text) per column of X, e.g. ``list(df.columns)``.
    rows : array-like of int
        The rows to explain (e.g. the flagged ones).

    Returns
    -------
    pandas.DataFrame
        One row per explained point, one column per feature: the squared
        difference to its centroid in that feature. Each row sums to the
        point's squared distance.

    Examples
    --------
    >>> feature_contributions([[3.0, 4.0]], [[0.0, 0.0]], [0], ["a", "b"], [0])
         a     b
    0  9.0  16.0
    """
    X = as_float_matrix(X)
    C = as_float_matrix(centroids, name="centroids")
    feature_names = check_names(feature_names, "feature_names", "column of X")
    if len(feature_names) != X.shape[1] or C.shape[1] != X.shape[1]:
        raise ValueError(
            f"X has {X.shape[1]} features, centroids {C.shape[1]}, feature_names "
            f"{len(feature_names)}: they must agree."
        )
    labels = check_labels(labels, X.shape[0], C.shape[0])
    rows = _rows(rows, X.shape[0], "rows", distinct=False)
    diff = X[rows] - C[labels[rows]]
    return pd.DataFrame(diff**2, index=rows, columns=list(feature_names))


def detection_report(flags, is_attack):
    """Precision and recall of a set of flags.

    Returns
    -------
    dict
        ``flagged``, ``true_positives``, ``precision`` (share of flags that
        are attacks) and ``recall`` (share of attacks that are flagged).
        Precision is 0.0 when nothing is flagged.

    Examples
    --------
    >>> detection_report([True, True, False, False], [True, False, True, False])
    {'flagged': 2, 'true_positives': 1, 'precision': 0.5, 'recall': 0.5}
    """
    flags, is_attack = _pair(flags, is_attack)
    tp = int((flags & is_attack).sum())
    flagged = int(flags.sum())
    attacks = int(is_attack.sum())
    return {
        "flagged": flagged,
        "true_positives": tp,
        "precision": tp / flagged if flagged else 0.0,
        "recall": tp / attacks if attacks else 0.0,
    }


def score_curves(scores, is_attack):
    """ROC and precision-recall curves of a score, with their areas.

    Returns
    -------
    dict
        ``fpr``, ``tpr`` (ROC), ``precision``, ``recall`` (PR curve),
        ``roc_auc`` and ``average_precision``.

    Raises
    ------
    ValueError
        If the labels hold only one class: no curve can be drawn.
    """
    scores = _scores(scores)
    is_attack = np.asarray(is_attack)
    if is_attack.shape != scores.shape:
        raise ValueError(
            f"scores has shape {scores.shape} but is_attack {is_attack.shape}: give one "
            "score per labelled row."
        )
    _, is_attack = _pair(np.zeros(len(scores), bool), is_attack)
    if is_attack.all() or not is_attack.any():
        raise ValueError("is_attack holds one class only; both are needed for a curve.")
    fpr, tpr, _ = roc_curve(is_attack, scores)
    precision, recall, _ = precision_recall_curve(is_attack, scores)
    return {
        "fpr": fpr,
        "tpr": tpr,
        "precision": precision,
        "recall": recall,
        "roc_auc": float(roc_auc_score(is_attack, scores)),
        "average_precision": float(average_precision_score(is_attack, scores)),
    }


def caught_by_type(flags, labels):
    """Per label: how many rows, how many flagged, and the share flagged.

    Parameters
    ----------
    flags : array-like of bool, shape (n_samples,)
    labels : array-like of shape (n_samples,)
        Each row's known label (any values but missing ones: a row without a
        label would otherwise be left out of the table).

    Examples
    --------
    >>> caught_by_type([True, False, True], ["a.", "a.", "b."])
           rows  flagged  share flagged
    label
    b.        1        1            1.0
    a.        2        1            0.5
    """
    flags = _flags(flags, "flags")
    labels = np.asarray(labels)
    if flags.shape != labels.shape:
        raise ValueError(
            f"flags and labels must have the same length, got {flags.shape} and {labels.shape}."
        )
    # groupby drops a missing label's rows: the table would count fewer rows
    labels = check_labels(labels, flags.size, whole=False)
    table = (
        pd.DataFrame({"label": labels, "flagged": flags})
        .groupby("label")["flagged"]
        .agg(rows="size", flagged="sum")
    )
    table["share flagged"] = table["flagged"] / table["rows"]
    return table.sort_values(["share flagged", "rows"], ascending=[False, False])


DETECTORS = ("kmeans", "isolation_forest", "lof")


def outlier_scores(
    X, method, *, fit_rows=None, score_rows=None, n_clusters=10, n_neighbors=20, random_state=0
):
    """Anomaly scores (higher = more anomalous) from a detector fitted on some rows.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The features of every row; the same matrix for every detector.
    method : {"kmeans", "isolation_forest", "lof"}
        - ``"kmeans"``: the distance to the nearest of ``n_clusters``
          centroids (:func:`helpers.kmeans.kmeans`, k-means++ start);
        - ``"isolation_forest"``: scikit-learn's ``IsolationForest`` (100
          trees of 256-row samples), minus its ``score_samples``;
        - ``"lof"``: scikit-learn's ``LocalOutlierFactor(novelty=True)``,
          the local outlier factor against the fit rows' neighbourhoods. A
          scored row that is itself a fit row gets its factor among the fit
          rows without counting itself as its own neighbour
          (``negative_outlier_factor_``); any other row gets
          ``score_samples``. So fitting on every row gives plain outlier
          detection (``novelty=False``), and fitting on normal rows only
          gives novelty detection, with one estimator.
    fit_rows, score_rows : array-like of int or bool, optional
        The rows to fit on, and the rows to score (default: all rows).
    n_clusters : int in 1..10,000,000, default=10
        For ``"kmeans"``, where it must also be at most the number of fit rows.
    n_neighbors : int in 1..10,000,000, default=20
        For ``"lof"`` (scikit-learn's default), where it must also be less
        than the number of fit rows. Both are checked whatever the method, as
        scikit-learn checks every parameter.
    random_state : None, int in 0..2**32 - 1 or numpy Generator, default=0
        For ``"kmeans"`` and ``"isolation_forest"`` (a Generator gives one
        int seed drawn from it).

    Returns
    -------
    ndarray of shape (len(score_rows),)

    Raises
    ------
    ValueError
        Besides the usual checks of X: for ``"isolation_forest"``, values
        beyond float32's range (about 3.4e38), or a column whose distinct
        values float32 cannot tell apart (all below about 1.2e-38, where
        float32 loses digits, or equal in float32):
        scikit-learn's forest works in float32, so such a column would turn
        into inf or a constant, and its outliers would be lost.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(size=(200, 2)), [[8.0, 8.0]]])
    >>> [int(np.argmax(outlier_scores(X, m, n_clusters=3))) for m in DETECTORS]
    [200, 200, 200]
    """
    X = as_float_matrix(X, min_rows=2)
    if not isinstance(method, str) or method not in DETECTORS:
        raise ValueError(f"method must be one of {DETECTORS}, got {method!r}.")
    fit = _rows(fit_rows, X.shape[0], "fit_rows")
    score = _rows(score_rows, X.shape[0], "score_rows")
    # checked whatever the method: a typo in the one it ignores would
    # otherwise pass unseen until the method is switched
    check_whole(n_clusters, "n_clusters", 1, MAX_ROWS)
    check_whole(n_neighbors, "n_neighbors", 1, MAX_ROWS)
    random_state = as_sklearn_random_state(random_state)
    if method == "kmeans":
        n_clusters = check_whole(n_clusters, "n_clusters", 1, len(fit))
        model = kmeans(X[fit], n_clusters, random_state=random_state)
        return distance_to_nearest_centroid(X[score], model.centroids)[0]
    if method == "isolation_forest":
        _check_float32(X)
        forest = IsolationForest(random_state=random_state).fit(X[fit])
        return -forest.score_samples(X[score])
    n_neighbors = check_whole(n_neighbors, "n_neighbors", 1, len(fit) - 1)
    lof = LocalOutlierFactor(n_neighbors=n_neighbors, novelty=True).fit(X[fit])
    out = np.empty(len(score))
    where_fit = np.full(X.shape[0], -1)
    where_fit[fit] = np.arange(len(fit))
    seen = where_fit[score] >= 0
    out[seen] = -lof.negative_outlier_factor_[where_fit[score][seen]]
    if (~seen).any():
        out[~seen] = -lof.score_samples(X[score[~seen]])
    return out


def compare_detectors(
    X, is_normal, targets, *, n_repeats=5, n_clusters=10, fit_share=0.5, random_state=0
):
    """Each detector fitted on all traffic and on normal traffic only, measured
    on normal rows it never saw and the target attacks; repeated over splits.

    In each repeat, a random ``fit_share`` of the normal rows is the
    "normal only" fit set; the other normal rows and the ``targets`` are
    scored and measured (ROC AUC and average precision, attacks positive).
    "All traffic" fits on every row (LOF on a random sample as large as the
    normal fit set: it needs every fit row's neighbours). So both fits are
    judged on the same rows, and no normal row is scored by a detector that
    learnt it as normal.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    is_normal, targets : array-like of bool, shape (n_samples,)
        Which rows are normal, and which attacks to detect (rows in neither
        are fitted on by "all traffic" but never measured).
    n_repeats : int in 1..10,000, default=5
        Random splits; repeat ``r`` uses seed ``random_state + r`` (modulo
        2**32) for the split and the detectors.
    n_clusters : int, default=10
        For the K-means detector.
    fit_share : float, default=0.5
    random_state : None, int in 0..2**32 - 1 or numpy Generator, default=0
        The first repeat's seed; a Generator (or None: fresh entropy) gives
        it as one int drawn from it.

    Returns
    -------
    pandas.DataFrame
        One row per detector, fit and repeat: ``detector``, ``fitted on``,
        ``repeat``, ``ROC AUC``, ``AP`` and ``AP by chance`` (the share of
        targets among the measured rows).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(size=(300, 2)), rng.normal(6, 1, size=(20, 2))])
    >>> normal = np.arange(320) < 300
    >>> runs = compare_detectors(X, normal, ~normal, n_repeats=2, n_clusters=2)
    >>> means = runs.groupby(["detector", "fitted on"], sort=False)["ROC AUC"].mean()
    >>> means.round(1).tolist()  # K-means on all traffic gives the attacks a cluster
    [0.6, 1.0, 1.0, 1.0, 1.0, 1.0]
    """
    X = as_float_matrix(X, min_rows=2)
    is_normal = _mask(is_normal, X.shape[0], "is_normal")
    targets = _mask(targets, X.shape[0], "targets")
    if (is_normal & targets).any():
        raise ValueError("a row cannot be both normal and a target attack.")
    n_repeats = check_whole(n_repeats, "n_repeats", 1, MAX_REPEATS)
    random_state = as_sklearn_random_state(random_state)
    if random_state is None:
        random_state = int(np.random.default_rng().integers(2**32))
    elif isinstance(random_state, np.random.RandomState):
        random_state = int(random_state.randint(2**32, dtype=np.int64))
    _check_float32(X)  # the isolation forest's limits, before any detector runs
    check_real(fit_share, "fit_share", 0, 1, low_open=True, high_open=True)
    normal_rows = np.flatnonzero(is_normal)
    n_fit = int(round(fit_share * len(normal_rows)))
    if not targets.any():
        raise ValueError("targets selects no row; mark at least one attack to detect.")
    if not 2 <= n_fit <= len(normal_rows) - 1:
        raise ValueError(
            f"fit_share={fit_share} of the {len(normal_rows)} normal rows is {n_fit} rows; "
            f"the split needs at least 2 to fit on and 1 to measure. Choose fit_share "
            "nearer 0.5, or give more normal rows."
        )
    # the K-means detector fitted on normal rows only has n_fit of them
    check_whole(n_clusters, "n_clusters", 1, n_fit)
    table = []
    for r in range(n_repeats):
        seed = (random_state + r) % 2**32  # scikit-learn's seeds end at 2**32 - 1
        rng = np.random.default_rng(seed)
        fit_normal = np.sort(rng.choice(normal_rows, n_fit, replace=False))
        held = np.setdiff1d(normal_rows, fit_normal)
        measured = np.sort(np.concatenate([held, np.flatnonzero(targets)]))
        sample = np.sort(rng.choice(X.shape[0], n_fit, replace=False))
        for method in DETECTORS:
            all_traffic = sample if method == "lof" else None
            for name, fit in [("all traffic", all_traffic), ("normal only", fit_normal)]:
                s = outlier_scores(
                    X,
                    method,
                    fit_rows=fit,
                    score_rows=measured,
                    n_clusters=n_clusters,
                    random_state=seed,
                )
                curves = score_curves(s, targets[measured])
                table.append(
                    {
                        "detector": method,
                        "fitted on": name,
                        "repeat": r,
                        "ROC AUC": curves["roc_auc"],
                        "AP": curves["average_precision"],
                        "AP by chance": float(targets[measured].mean()),
                    }
                )
    return pd.DataFrame(table)


def _check_float32(X, name="X"):
    """Refuse data that scikit-learn's float32 IsolationForest would distort:
    values beyond float32's range (inf), or a column whose distinct values
    become one float32 value (too small, or too close together)."""
    limit = float(np.finfo(np.float32).max)
    largest = float(np.abs(X).max())
    if largest > limit:
        raise ValueError(
            f"{name} holds values as large as {largest:.3g}, beyond float32's range (about "
            f"{limit:.3g}), in which scikit-learn's IsolationForest works: they would become "
            f"infinite. Rescale {name} first, e.g. standardize it."
        )
    varies = X.max(axis=0) > X.min(axis=0)
    as32 = X.astype(np.float32)
    # a column below float32's smallest normal number keeps a few digits at
    # most; one that float32 makes constant keeps none
    tiny = np.abs(X).max(axis=0) < np.finfo(np.float32).tiny
    merged = np.flatnonzero(varies & (tiny | (as32.max(axis=0) == as32.min(axis=0))))
    if merged.size:
        j = int(merged[0])
        raise ValueError(
            f"{name}'s column {j} holds values (from {X[:, j].min():.3g} to "
            f"{X[:, j].max():.3g}) that float32, in which scikit-learn's IsolationForest "
            "works, cannot tell apart or holds with lost digits: the column would become "
            f"constant or coarse. Rescale {name} first, e.g. standardize it."
        )


def _mask(values, n, name):
    values = np.asarray(values)
    if values.dtype != bool or values.shape != (n,):
        raise ValueError(f"{name} must be a boolean array with one value per row of X ({n}).")
    return values


def _rows(rows, n, name, *, distinct=True):
    """Row indices from None (all), a boolean mask or integer indices."""
    if rows is None:
        return np.arange(n)
    rows = np.asarray(rows)
    if rows.size == 0:
        raise ValueError(f"{name} is empty: give at least one row, or None for all rows.")
    if rows.dtype == bool:
        if rows.shape != (n,):
            raise ValueError(f"{name} as a mask must have one value per row ({n}).")
        rows = np.flatnonzero(rows)
    elif rows.ndim != 1 or not np.issubdtype(rows.dtype, np.integer):
        raise ValueError(f"{name} must be a boolean mask or 1-D integer row numbers.")
    if rows.size == 0:
        raise ValueError(f"{name} selects no row: give at least one.")
    if rows.min() < 0 or rows.max() >= n or (distinct and len(np.unique(rows)) != len(rows)):
        kind = "distinct row numbers" if distinct else "row numbers"
        raise ValueError(
            f"{name} must be {kind} in 0..{n - 1}, got values from {rows.min()} to {rows.max()}."
        )
    return rows


def _scores(scores):
    return as_float_vector(scores, name="scores")


def _flags(values, name):
    """A non-empty 1-D boolean array (True = flagged)."""
    values = np.asarray(values)
    if values.dtype != bool:
        raise TypeError(
            f"{name} must be booleans (True = flagged), got dtype {values.dtype}. Compare "
            f"scores with a threshold, e.g. scores >= threshold_top_n(scores, 100)."
        )
    if values.ndim != 1:
        raise ValueError(f"{name} must be 1-D, one value per row, got shape {values.shape}.")
    if values.size == 0:
        raise ValueError(f"{name} is empty: there is nothing to count; give one flag per row.")
    return values


def _pair(flags, is_attack):
    flags = np.asarray(flags)
    is_attack = np.asarray(is_attack)
    if flags.size == 0 and is_attack.size == 0:
        raise ValueError("flags and is_attack are empty: there is nothing to measure.")
    if flags.shape != is_attack.shape or flags.ndim != 1:
        raise ValueError(
            f"flags and is_attack must be 1-D and of equal length, got {flags.shape} "
            f"and {is_attack.shape}."
        )
    if is_attack.dtype != bool or flags.dtype != bool:
        raise TypeError("flags and is_attack must be boolean arrays (True = attack).")
    return flags, is_attack
