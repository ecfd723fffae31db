"""The count-of-groups battery: run methods that find the number of groups by
themselves on generated cases with known truth, and score them (notebook 06,
``bench/stsc_battery.py``).

The cases themselves (:data:`CASES`, :data:`FAMILIES`, :func:`make_case`)
are data sets and live in :mod:`helpers.datasets.known_counts`; they are
imported here, so ``battery.CASES`` and ``battery.make_case`` work as before.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.cluster import HDBSCAN, SpectralClustering
from sklearn.metrics import adjusted_rand_score

from helpers._validation import as_float_matrix, check_labels, check_whole
from helpers.datasets.known_counts import _MAX_SAMPLES, CASES, FAMILIES, make_case
from helpers.stsc import SelfTuningSpectralClustering

__all__ = [
    "METHODS",
    "count_right",
    "fit_count",
    "noise_free_ari",
    "run_battery",
    "summary",
]


def count_right(y, n_clusters):
    """Whether ``n_clusters`` is the true number of groups (noise not counted).

    Parameters
    ----------
    y : array-like of int, shape (n_samples,)
        The true group of each point, -1 for noise; at least one point. Only
        the groups in ``y`` are counted, so ``y`` may be of any length: give
        the truth of the points that were clustered.
    n_clusters : int in 0..n_samples
        The number of groups a method found: 0 if it called every point
        noise (HDBSCAN may), never more than there are points.

    Examples
    --------
    >>> count_right(np.array([0, 0, 1, -1]), 2)
    True
    """
    y = np.asarray(y)
    y = check_labels(y, y.shape[0] if y.ndim else 0, name="y")
    if not y.size:
        raise ValueError("y is empty; give the true group of at least one point.")
    n_clusters = check_whole(n_clusters, "n_clusters", 0, y.size)
    return n_clusters == np.unique(y[y >= 0]).size


def noise_free_ari(y, labels):
    """The adjusted Rand index on the points that are not background noise.

    Parameters
    ----------
    y : array-like of int, shape (n_samples,)
        The true group of each point, -1 for noise.
    labels : array-like of shape (n_samples,)
        The groups found: any values that name groups (whole numbers, floats
        such as 1.0, text, dates), as the adjusted Rand index compares
        partitions, not names; missing values refused.

    Examples
    --------
    >>> noise_free_ari(np.array([0, 0, 1, 1, -1]), np.array([1, 1, 0, 0, 0]))
    1.0
    """
    y = np.asarray(y)
    y = check_labels(y, y.shape[0] if y.ndim else 0, name="y")
    if not y.size:
        raise ValueError("y is empty; give the true group of at least one point.")
    if np.shape(labels) != y.shape:
        raise ValueError(
            f"y and labels must give one group per point each, got shapes {y.shape} and "
            f"{np.shape(labels)}."
        )
    labels = check_labels(labels, y.size, name="labels", whole=False)
    keep = y >= 0
    return float(adjusted_rand_score(y[keep], labels[keep]))


#: The STSC count rules compared, by the name the battery prints
RULES = {"stsc": "gap", "worst": "worst_group", "authors": "quality", "eigengap": "eigengap"}
#: Every method the battery runs; "spectral+k" is given the true count
METHODS = [*RULES, "hdbscan", "spectral+k"]


def fit_count(method, X, k):
    """Fit one method of :data:`METHODS` to ``X``.

    The STSC rules get ``max_clusters = max(10, 2 k)``; HDBSCAN its default
    settings (its noise label is not a group); ``"spectral+k"`` is
    scikit-learn's SpectralClustering given the true count ``k``.

    Returns
    -------
    found : int
        The number of groups found.
    labels : ndarray of shape (n_samples,)
    seconds : float

    Examples
    --------
    >>> X, y = make_case("single", "disc", 0)
    >>> fit_count("stsc", X, 1)[0]
    1
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {METHODS}.")
    X = as_float_matrix(X, min_rows=2, squared=False)
    k = check_whole(k, "k", 1, X.shape[0])
    t0 = time.perf_counter()
    if method in RULES:
        model = SelfTuningSpectralClustering(max(10, 2 * k), count_rule=RULES[method]).fit(X)
        labels, found = model.labels_, model.n_clusters_
    elif method == "hdbscan":
        labels = HDBSCAN(copy=True).fit_predict(X)
        found = int(np.unique(labels[labels >= 0]).size)
    elif method == "spectral+k":
        model = SpectralClustering(k, affinity="nearest_neighbors", n_neighbors=10, random_state=0)
        with warnings.catch_warnings():  # a graph in pieces is warned about, not wrong
            warnings.simplefilter("ignore", UserWarning)
            labels, found = model.fit_predict(X), k
    else:
        raise ValueError(f"unknown method {method!r}; use one of {METHODS}.")
    return found, np.asarray(labels), time.perf_counter() - t0


def run_battery(cases, seeds, methods=METHODS, n_samples=None, show=None):
    """Run ``methods`` on every case of ``cases`` (entries of :data:`CASES`)
    and seed.

    Parameters
    ----------
    cases : iterable of entries of :data:`CASES`
        Each at most once.
    seeds : iterable of int >= 0
        A list, a range or any other iterable (read once, before any fit);
        each seed at most once, as numpy's ``default_rng`` takes it.
    methods : iterable of names in :data:`METHODS`, default=METHODS
        Each at most once (a method named twice would count twice in
        :func:`summary`).
    n_samples : int in 1..20,000 or None
        None: each case's own size; else this size for every case.
    show : callable or None
        Called with one line of text per case (e.g. ``print``).

    Returns
    -------
    rows : list of dict
        One per (case, seed, method): family, case, seed, method, found,
        truth, right, ari, seconds.
    """
    cases, seeds, methods = _check_battery(cases, seeds, methods)
    if n_samples is not None:
        n_samples = check_whole(n_samples, "n_samples", 1, _MAX_SAMPLES)
    if show is not None and not callable(show):
        raise TypeError(f"show must be None or a function such as print, got {show!r}.")
    rows = []
    for family, name, _, _ in cases:
        for seed in seeds:
            X, y = make_case(family, name, seed, n_samples)
            k = int(np.unique(y[y >= 0]).size)
            found = {}
            for method in methods:
                c, labels, seconds = fit_count(method, X, k)
                found[method] = c
                rows.append(
                    {
                        "family": family,
                        "case": name,
                        "seed": seed,
                        "method": method,
                        "found": c,
                        "truth": k,
                        "right": count_right(y, c),
                        "ari": noise_free_ari(y, labels),
                        "seconds": seconds,
                    }
                )
            if show is not None:
                size = f"n={len(X):5d} d={X.shape[1]:2d} k={k:2d}"
                counts = " ".join(f"{m}={c}" for m, c in found.items())
                show(f"{family:8s} {name:22s} seed {seed}  {size}  {counts}")
    return rows


def _check_battery(cases, seeds, methods):
    """The arguments of :func:`run_battery`, checked before any fit."""
    for what, value in (("cases", cases), ("seeds", seeds), ("methods", methods)):
        if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
            raise TypeError(f"{what} must be a list, got {value!r}; write [{value!r}] for one.")
    cases, seeds, methods = list(cases), list(seeds), list(methods)
    if not cases:
        raise ValueError("cases is empty; pass entries of helpers.battery.CASES.")
    known = {(c[0], c[1]) for c in CASES}
    for case in cases:
        if not isinstance(case, tuple | list) or len(case) != 4 or tuple(case[:2]) not in known:
            raise ValueError(
                f"cases must hold entries of helpers.battery.CASES, got {case!r}; pick "
                "them from CASES, e.g. [c for c in CASES if c[0] == 'shapes']."
            )
    if not seeds:
        raise ValueError("seeds is empty; pass at least one seed, e.g. [0].")
    for seed in seeds:
        check_whole(seed, "seeds", 0)
    if not methods:
        raise ValueError(f"methods is empty; pass some of {METHODS}.")
    unknown = [m for m in methods if not isinstance(m, str) or m not in METHODS]
    if unknown:
        raise ValueError(f"methods holds unknown methods {unknown}; use some of {METHODS}.")
    keys = [(c[0], c[1]) for c in cases]
    for what, values in (("cases", keys), ("seeds", seeds), ("methods", methods)):
        twice = [v for i, v in enumerate(values) if v in values[:i]]
        if twice:
            raise ValueError(
                f"{what} holds {twice[0]!r} twice; give each once (a repeat would run the "
                "same fits again and count twice in summary)."
            )
    return cases, seeds, methods


#: What each row of :func:`run_battery` must hold for :func:`summary`
_ROW_KEYS = ("family", "method", "right", "ari", "seconds")


def summary(rows):
    """Per family (in the order of :data:`FAMILIES`) and ``"all"``, per
    method: (share of right counts, mean ARI, mean seconds, cases).

    Examples
    --------
    >>> rows = [{"family": "single", "method": "stsc", "right": True, "ari": 1.0,
    ...          "seconds": 0.5}]
    >>> summary(rows)["all"]["stsc"]
    (1.0, 1.0, 0.5, 1)
    """
    if not isinstance(rows, list | tuple) or not all(isinstance(r, dict) for r in rows):
        raise TypeError(
            f"rows must be the list of dicts run_battery returns, got {type(rows).__name__}."
        )
    if not rows:
        raise ValueError("rows is empty; pass the rows run_battery returned.")
    for r in rows:
        missing = [key for key in _ROW_KEYS if key not in r]
        if missing:
            raise ValueError(f"rows must come from run_battery: a row lacks {missing}.")
    table = {}
    methods = list(dict.fromkeys(r["method"] for r in rows))
    for family in [*FAMILIES, "all"]:
        row = {}
        for method in methods:
            sel = [r for r in rows if r["method"] == method and family in ("all", r["family"])]
            if sel:
                row[method] = (
                    float(np.mean([r["right"] for r in sel])),
                    float(np.mean([r["ari"] for r in sel])),
                    float(np.mean([r["seconds"] for r in sel])),
                    len(sel),
                )
        if row:
            table[family] = row
    return table
