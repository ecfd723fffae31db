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

    Examples
    --------
    >>> count_right(np.array([0, 0, 1, -1]), 2)
    True

    ``n_clusters`` may be 0 (HDBSCAN calls every point noise); ``y`` holds
    whole numbers, -1 for noise.
    """
    y = np.asarray(y)
    y = check_labels(y, y.shape[0] if y.ndim else 0, name="y")
    n_clusters = check_whole(n_clusters, "n_clusters", 0)
    return n_clusters == np.unique(y[y >= 0]).size


def noise_free_ari(y, labels):
    """The adjusted Rand index on the points that are not background noise.

    Examples
    --------
    >>> noise_free_ari(np.array([0, 0, 1, 1, -1]), np.array([1, 1, 0, 0, 0]))
    1.0
    """
    y = np.asarray(y)
    y = check_labels(y, y.shape[0] if y.ndim else 0, name="y")
    if not y.size:
        raise ValueError("y is empty; give the true group of at least one point.")
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
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise ValueError(f"methods holds unknown methods {unknown}; use some of {METHODS}.")
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
