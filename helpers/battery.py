"""A battery of generated data with known truth, for methods that find the
number of groups by themselves (notebook 06, ``bench/stsc_battery.py``).

Each case is a family, a name and a seed; :func:`make_case` draws it. The
families:

- ``"many"``: 10-50 Gaussian groups on a plane, centres at least ``gap``
  standard deviations apart (none, some and heavy overlap);
- ``"unequal"``: a few groups with sizes up to 1:10 and spreads up to 1:10;
- ``"shapes"``: rings, moons, spirals, a group inside a ring, bars;
- ``"noise"``: groups on a background of 0-10 % uniform noise (label -1);
- ``"single"``: one group of several shapes (the answer is 1);
- ``"highdim"``: Gaussian groups in 3 to 10 dimensions.

Examples
--------
>>> X, y = make_case("shapes", "moons", 0, n_samples=300)
>>> X.shape, np.unique(y).tolist()
((300, 2), [0, 1])
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.cluster import HDBSCAN, SpectralClustering
from sklearn.metrics import adjusted_rand_score

from helpers._validation import as_float_matrix, check_labels, check_whole
from helpers.datasets import make_blob_grid
from helpers.stsc import SelfTuningSpectralClustering

__all__ = [
    "CASES",
    "FAMILIES",
    "METHODS",
    "count_right",
    "fit_count",
    "make_case",
    "noise_free_ari",
    "run_battery",
    "summary",
]

#: (family, name, n_samples, extra settings), one entry per case
CASES = [
    # many Gaussian groups: k groups, centres at least `gap` sd apart
    ("many", "10 apart 8", 1000, {"k": 10, "gap": 8.0}),
    ("many", "15 apart 5", 3000, {"k": 15, "gap": 5.0}),
    ("many", "15 apart 4", 5000, {"k": 15, "gap": 4.0}),
    ("many", "20 apart 6", 2000, {"k": 20, "gap": 6.0}),
    ("many", "35 apart 5", 3500, {"k": 35, "gap": 5.0}),
    ("many", "50 apart 5", 10_000, {"k": 50, "gap": 5.0}),
    ("many", "36 on a grid 5 apart", 3600, {"grid": 5.0}),
    ("many", "36 on a grid 6 apart", 1800, {"grid": 6.0}),
    # unequal sizes (up to 1:10) and spreads (up to 1:10)
    ("unequal", "sizes 1:10", 1100, {"k": 3, "sizes": 10, "spreads": 1, "dim": 2}),
    ("unequal", "spreads 1:10", 1500, {"k": 3, "sizes": 1, "spreads": 10, "dim": 2}),
    ("unequal", "both, 5 groups", 2000, {"k": 5, "sizes": 10, "spreads": 10, "dim": 2}),
    ("unequal", "both, 8 groups", 3000, {"k": 8, "sizes": 10, "spreads": 5, "dim": 2}),
    ("unequal", "both, 4 groups 3-D", 1500, {"k": 4, "sizes": 10, "spreads": 10, "dim": 3}),
    # shapes
    ("shapes", "rings", 1000, {"kind": "rings"}),
    ("shapes", "moons", 1000, {"kind": "moons"}),
    ("shapes", "spirals", 1500, {"kind": "spirals"}),
    ("shapes", "nested", 1200, {"kind": "nested"}),
    ("shapes", "bars", 900, {"kind": "bars"}),
    ("shapes", "moons and blobs", 2000, {"kind": "moons_blobs"}),
    # uniform background noise
    ("noise", "6 blobs, 2 %", 1500, {"k": 6, "share": 0.02}),
    ("noise", "6 blobs, 5 %", 1500, {"k": 6, "share": 0.05}),
    ("noise", "10 blobs, 10 %", 3000, {"k": 10, "share": 0.10}),
    ("noise", "moons, 5 %", 1000, {"k": 0, "share": 0.05}),
    # one group
    ("single", "blob", 500, {"kind": "blob"}),
    ("single", "square", 1000, {"kind": "square"}),
    ("single", "stretched", 2000, {"kind": "stretched"}),
    ("single", "disc", 200, {"kind": "disc"}),
    ("single", "banana", 800, {"kind": "banana"}),
    ("single", "blob 5-D", 1500, {"kind": "blob5"}),
    # higher dimensions
    ("highdim", "4 in 3-D", 1000, {"k": 4, "dim": 3, "gap": 6.0}),
    ("highdim", "8 in 5-D", 2000, {"k": 8, "dim": 5, "gap": 6.0}),
    ("highdim", "12 in 10-D", 3000, {"k": 12, "dim": 10, "gap": 7.0}),
    ("highdim", "6 in 10-D", 1200, {"k": 6, "dim": 10, "gap": 6.0}),
    ("highdim", "20 in 5-D", 4000, {"k": 20, "dim": 5, "gap": 6.0}),
]

FAMILIES = ["many", "unequal", "shapes", "noise", "single", "highdim"]


def _split(n, weights):
    weights = np.asarray(weights, dtype=float)
    sizes = np.floor(n * weights / weights.sum()).astype(int)
    sizes[: n - sizes.sum()] += 1
    return sizes


def _centres(rng, k, dim, gaps):
    """``k`` centres drawn one by one in a box, each at least ``gaps[i] +
    gaps[j]`` from the others (``gaps`` are per-group radii)."""
    gaps = np.broadcast_to(np.asarray(gaps, dtype=float), (k,))
    # a box about as full as random placement allows: many pairs near their minimum
    side = (k * (2 * gaps.mean()) ** dim) ** (1 / dim) * 1.15
    centres = np.empty((k, dim))
    for i in range(k):
        for _ in range(10_000):
            c = rng.uniform(0, side, dim)
            if i == 0 or (np.linalg.norm(centres[:i] - c, axis=1) >= gaps[:i] + gaps[i]).all():
                break
        else:  # the box is too full: widen it and keep going
            side *= 1.2
        centres[i] = c
    return centres


def _gaussians(rng, centres, sizes, spreads):
    parts = [
        rng.normal(scale=s, size=(m, centres.shape[1])) + c
        for c, m, s in zip(centres, sizes, spreads, strict=True)
    ]
    return np.vstack(parts), np.repeat(np.arange(len(sizes)), sizes)


def _ring(rng, m, radius, width, centre=(0.0, 0.0)):
    t = rng.uniform(0, 2 * np.pi, m)
    r = radius + rng.normal(scale=width, size=m)
    return np.column_stack([r * np.cos(t), r * np.sin(t)]) + centre


def _moons(rng, sizes, noise):
    a, b = sizes
    t, u = rng.uniform(0, np.pi, a), rng.uniform(0, np.pi, b)
    X = np.vstack(
        [np.column_stack([np.cos(t), np.sin(t)]), np.column_stack([1 - np.cos(u), 0.5 - np.sin(u)])]
    )
    return X + rng.normal(scale=noise, size=X.shape), np.repeat([0, 1], [a, b])


def _shape(rng, kind, n):
    if kind == "rings":
        sizes = _split(n, [1, 2, 3])
        parts = [_ring(rng, m, r, 0.08) for m, r in zip(sizes, [1.0, 2.5, 4.0], strict=True)]
        return np.vstack(parts), np.repeat([0, 1, 2], sizes)
    if kind == "moons":
        return _moons(rng, _split(n, [1, 1]), 0.08)
    if kind == "spirals":
        sizes = _split(n, [1, 1, 1])
        parts = []
        for g, m in enumerate(sizes):
            t = np.sqrt(rng.uniform(0.02, 1, m)) * 3 * np.pi
            angle = t + 2 * np.pi * g / 3
            parts.append(np.column_stack([t * np.cos(angle), t * np.sin(angle)]))
        X = np.vstack(parts)
        return X + rng.normal(scale=0.12, size=X.shape), np.repeat([0, 1, 2], sizes)
    if kind == "nested":
        a, b, c, d = _split(n, [1, 2, 3, 1])
        X = np.vstack(
            [
                rng.normal(scale=0.3, size=(a, 2)),
                _ring(rng, b, 2.5, 0.12),
                _ring(rng, c, 5.0, 0.15),
                rng.normal(scale=0.6, size=(d, 2)) + [9.0, 0.0],
            ]
        )
        return X, np.repeat([0, 1, 2, 3], [a, b, c, d])
    if kind == "bars":
        sizes = _split(n, [1, 1, 1, 1])
        parts = [
            np.column_stack([rng.uniform(0, 8, m), rng.normal(scale=0.15, size=m) + 1.5 * g])
            for g, m in enumerate(sizes)
        ]
        return np.vstack(parts), np.repeat(np.arange(4), sizes)
    if kind == "moons_blobs":
        a, b, c, d = _split(n, [2, 2, 1, 1])
        Xm, ym = _moons(rng, (a, b), 0.06)
        X = np.vstack(
            [
                Xm,
                rng.normal(scale=0.2, size=(c, 2)) + [4.0, 1.5],
                rng.normal(scale=0.4, size=(d, 2)) + [-2.5, -1.5],
            ]
        )
        return X, np.concatenate([ym, np.repeat([2, 3], [c, d])])
    raise ValueError(f"unknown shape {kind!r}")


def _single(rng, kind, n):
    if kind == "blob":
        X = rng.normal(size=(n, 2))
    elif kind == "square":
        X = rng.uniform(0, 1, size=(n, 2))
    elif kind == "stretched":
        X = rng.normal(size=(n, 2)) * [5.0, 1.0]
    elif kind == "disc":
        r, t = np.sqrt(rng.uniform(0, 1, n)), rng.uniform(0, 2 * np.pi, n)
        X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    elif kind == "banana":
        t = rng.uniform(0, np.pi, n)
        X = np.column_stack([np.cos(t), np.sin(t)]) * 3 + rng.normal(scale=0.35, size=(n, 2))
    elif kind == "blob5":
        X = rng.normal(size=(n, 5))
    else:
        raise ValueError(f"unknown single shape {kind!r}")
    return X, np.zeros(n, dtype=np.int64)


def make_case(family, name, seed, n_samples=None):
    """Draw one case of :data:`CASES`.

    Parameters
    ----------
    family, name : str
        As in :data:`CASES`.
    seed : int
        Seeds ``np.random.default_rng``.
    n_samples : int or None
        None: the case's own size.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        The true group; -1 marks background noise.
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}, got {family!r}.")
    found = [c for c in CASES if c[0] == family and c[1] == name]
    if not found:
        names = [c[1] for c in CASES if c[0] == family]
        raise ValueError(f"name must be a case of family {family!r} ({names}), got {name!r}.")
    seed = check_whole(seed, "seed", 0)
    _, _, n, opts = found[0]
    n = int(n if n_samples is None else check_whole(n_samples, "n_samples", 1))
    rng = np.random.default_rng(seed)
    if "grid" in opts:
        X, y, _ = make_blob_grid(n, spacing=opts["grid"], random_state=seed)
        return X, y
    if family in ("many", "highdim"):
        k, dim = opts["k"], opts.get("dim", 2)
        centres = _centres(rng, k, dim, opts["gap"] / 2)
        return _gaussians(rng, centres, _split(n, np.ones(k)), np.ones(k))
    if family == "unequal":
        k, dim = opts["k"], opts["dim"]
        sizes = _split(n, np.geomspace(1, opts["sizes"], k)[rng.permutation(k)])
        spreads = np.geomspace(1, opts["spreads"], k)[rng.permutation(k)]
        # each group's edge at 4 of its own sd: groups apart, whatever their spread
        centres = _centres(rng, k, dim, 4.0 * spreads)
        return _gaussians(rng, centres, sizes, spreads)
    if family == "shapes":
        return _shape(rng, opts["kind"], n)
    if family == "noise":
        m = int(round(n * opts["share"]))
        if opts["k"]:
            k = opts["k"]
            X, y = _gaussians(rng, _centres(rng, k, 2, 4.0), _split(n - m, np.ones(k)), np.ones(k))
        else:
            X, y = _moons(rng, _split(n - m, [1, 1]), 0.06)
        low, high = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * (high - low)
        noise = rng.uniform(low - pad, high + pad, size=(m, 2))
        return np.vstack([X, noise]), np.concatenate([y, np.full(m, -1)])
    if family == "single":
        return _single(rng, opts["kind"], n)
    raise ValueError(f"unknown family {family!r}; use one of {FAMILIES}.")


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
    n_samples : int or None
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
