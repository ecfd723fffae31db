"""Generated data with known truth for methods that find the number of
groups by themselves: the cases of the count-of-groups battery (notebook 06,
``bench/stsc_battery.py``; :mod:`helpers.battery` runs and scores them).

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

import numpy as np

from helpers._validation import check_whole
from helpers.datasets.shapes import make_blob_grid

__all__ = ["CASES", "FAMILIES", "make_case"]

# The battery's methods build dense n x n affinities (3.2 GB at 20,000 points),
# so its cases stop far below MAX_ROWS: twice the largest case of CASES.
_MAX_SAMPLES = 20_000

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
    seed : int >= 0
        Seeds ``np.random.default_rng``, which takes any int >= 0 (no upper
        bound, so 2**63 is a seed like any other).
    n_samples : int in 1..20,000 or None
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
    n = int(n if n_samples is None else check_whole(n_samples, "n_samples", 1, _MAX_SAMPLES))
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
