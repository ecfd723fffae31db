"""Hostile inputs for every public callable (issue 18).

Every callable named in the ``__all__`` of a helpers module (Spark aside: it
needs a JVM) has an entry in ``SPECS``: a call that works, and the standard
bad inputs that apply to it (NaN, inf, empty, one row, booleans, complex
numbers, strings, 3-D arrays; counts 0, -1, 1.5, True and too large;
mismatched lengths; for loaders, broken files). Each bad input must give a
ValueError or TypeError whose message names the argument (or, for a file,
the file). A new public function without an entry fails
``test_every_public_callable_has_cases``.

A value that is a documented answer rather than a mistake (a default such as
``max_clusters=None``, NaN rows for ``check_embeddings``, whose job is to
report them) is left out of its entry, with the reason beside it.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import inspect
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers import datasets  # noqa: E402


def _modules():
    """Every module of the package whose public names a learner may call:
    found on disk, so a new module is swept without being listed here. Spark
    needs a JVM (tests/test_spark.py); private modules other than the shared
    validation layer are reached only through public ones."""
    import pkgutil

    import helpers

    names = [m.name for m in pkgutil.iter_modules(helpers.__path__)]
    keep = [n for n in names if n != "spark" and (not n.startswith("_") or n == "_validation")]
    return [f"helpers.{n}" for n in sorted(keep)]


MODULES = _modules()

RNG = np.random.default_rng(0)
X20 = np.vstack([RNG.normal(size=(10, 2)), RNG.normal(size=(10, 2)) + 8])
Y20 = np.repeat([0, 1], 10)
C2 = np.array([[0.0, 0.0], [8.0, 8.0]])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if plt.get_fignums():
        plt.close("all")


# --------------------------------------------------------------------------
# standard bad inputs
# --------------------------------------------------------------------------


def bad_matrices(good, *, one_row=False):
    """The standard bad 2-D inputs made from a good one."""
    g = np.asarray(good, dtype=float)
    nan, inf = g.copy(), g.copy()
    nan[0, 0] = np.nan
    inf[-1, -1] = np.inf
    out = {
        "nan": nan,
        "inf": inf,
        "empty": g[:0],
        "bool": g > np.median(g),
        "complex": g + 1j,
        "strings": g.astype(str),
        "3d": g[None],
        "1d": g[:, 0],
    }
    if one_row:
        out["one_row"] = g[:1]
    return out


def bad_vectors(good, *, numeric=True):
    """The standard bad 1-D inputs made from a good one (scores, weights)."""
    g = np.asarray(good)
    out = {"empty": g[:0], "2d": g[:, None], "3d": g[None, :, None], "short": g[:-1]}
    if numeric:
        f = g.astype(float)
        nan, inf = f.copy(), f.copy()
        nan[0] = np.nan
        inf[-1] = np.inf
        out |= {"nan": nan, "inf": inf, "complex": f + 1j, "strings": f.astype(str)}
    return out


def bad_labels(good, k=None):
    """Cluster labels: wrong length, not whole, NaN, 2-D, empty; out of range if k."""
    g = np.asarray(good)
    out = {
        "short": g[:-1],
        "long": np.r_[g, g[:1]],
        "float": g + 0.5,
        "nan": np.where(np.arange(g.size) == 0, np.nan, g.astype(float)),
        "2d": g[:, None],
        "empty": g[:0],
    }
    if k is not None:
        out |= {"negative": np.where(np.arange(g.size) == 0, -1, g), "too_big": g * 0 + k}
    return out


def bad_counts(too_large, *, zero=True, negative=True):
    out = {"1.5": 1.5, "True": True, "str": "3", "none": None, "too_large": too_large}
    if zero:
        out["0"] = 0
    if negative:
        out["-1"] = -1
    return out


def bad_reals(*, negative=True, zero=False):
    out = {"nan": float("nan"), "inf": float("inf"), "str": "1", "True": True, "complex": 1j}
    if negative:
        out["-1"] = -1.0
    if zero:
        out["0"] = 0.0
    return out


class Spec:
    """One callable: ``call(**good)`` works; each case changes some arguments.

    ``cases`` are ``(id, changes, name)``: calling with ``changes`` must raise
    a ValueError or TypeError whose message contains ``name``.
    """

    def __init__(self, call, good=None, cases=(), *, container=False, path_call=None):
        self.call = call
        self.good = good or {}
        self.cases = list(cases)
        self.container = container  # a NamedTuple of results: no checks to make
        self.path_call = path_call  # loaders: call(path) for the broken files

    def add(self, arg, bads, name=None):
        for label, value in bads.items():
            self.cases.append((f"{arg}={label}", {arg: value}, name or arg))
        return self


def spec(call, good=None, **groups):
    """A Spec with the standard groups: ``matrix_X=good`` etc."""
    s = Spec(call, good)
    for key, how in groups.items():
        kind, arg = key.split("__")
        s.add(arg, how)
    return s


def fn(f, *args_order):
    """Call ``f`` with keyword arguments, passing ``args_order`` positionally."""

    def call(**kw):
        pos = [kw.pop(a) for a in args_order]
        return f(*pos, **kw)

    call.__name__ = getattr(f, "__name__", "call")
    return call


def fit(cls, data_arg="X", method="fit", **init_defaults):
    """Construct ``cls`` from the keyword arguments that are not ``data_arg``, then fit."""

    def call(**kw):
        data = kw.pop(data_arg)
        extra = {k: kw.pop(k) for k in list(kw) if k == "y"}
        params = {**init_defaults, **kw}
        return getattr(cls(**params), method)(data, **extra)

    return call


# --------------------------------------------------------------------------
# the table: one entry per public callable
# --------------------------------------------------------------------------


def _specs():  # noqa: C901, PLR0915 (one table)
    from helpers import (
        _validation,
        anomaly,
        battery,
        embedding_inspection,
        embedding_quality,
        embeddings,
        evaluation,
        features,
        gaussian_check,
        hierarchical,
        kdtiles,
        kmeans,
        local_scale,
        plotting,
        rotation,
        spectral,
        stsc,
        tiling,
    )

    S = {}

    # ---- _validation
    v = _validation
    S["_validation.as_float_matrix"] = (
        Spec(fn(v.as_float_matrix, "X"), {"X": X20})
        .add("X", bad_matrices(X20))
        .add("X", {"huge": X20 * 1e200})
    )
    S["_validation.check_scale"] = Spec(fn(v.check_scale, "arr"), {"arr": X20}).add(
        "arr", {"huge": X20 * 1e200}, "X"
    )
    S["_validation.check_whole"] = Spec(
        fn(v.check_whole, "value", "name", "low"), {"value": 3, "name": "n_things", "low": 1}
    ).add("value", bad_counts(None, zero=True) | {"too_large": 10**6}, "n_things")
    S["_validation.check_whole"].cases = [
        (i, c | ({"high": 10} if "too_large" in i else {}), n)
        for i, c, n in S["_validation.check_whole"].cases
    ]
    S["_validation.check_n_clusters"] = Spec(
        fn(v.check_n_clusters, "k", "n_samples"), {"k": 2, "n_samples": 5}
    ).add("k", bad_counts(6))
    S["_validation.check_random_state"] = Spec(fn(v.check_random_state, "seed"), {"seed": 0}).add(
        "seed", {"1.5": 1.5, "str": "0", "-1": -1, "True": True}, "random_state"
    )
    S["_validation.check_real"] = Spec(
        fn(v.check_real, "value", "name"), {"value": 0.5, "name": "tol", "low": 0}
    ).add("value", bad_reals(), "tol")
    S["_validation.as_float_vector"] = Spec(fn(v.as_float_vector, "x"), {"x": [1.0, 2.0]}).add(
        "x", bad_vectors(np.array([1.0, 2.0])) | {"bool": np.array([True, False])}
    )
    S["_validation.as_float_vector"].cases = [
        (i, c | ({"size": 2} if i == "x=short" else {}), n)
        for i, c, n in S["_validation.as_float_vector"].cases
    ]
    S["_validation.check_labels"] = Spec(
        fn(v.check_labels, "labels", "n"), {"labels": Y20, "n": 20, "k": 2}
    ).add("labels", bad_labels(Y20, 2) | {"bool": Y20 == 1, "strings": Y20.astype(str)})
    df_ok = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    S["_validation.check_columns"] = (
        Spec(
            fn(v.check_columns, "df", "columns"),
            {"df": df_ok, "columns": ["a", "b"], "numeric": ["a"]},
        )
        .add(
            "df",
            {
                "missing": df_ok.drop(columns="a"),
                "text": df_ok.assign(a=["1", "x"]),
                "nan": df_ok.assign(a=[np.nan, 1.0]),
                "bool": df_ok.assign(a=[True, False]),
                "complex": df_ok.assign(a=[1j, 2j]),
            },
            "a",
        )
        .add("df", {"ndarray": df_ok.to_numpy(), "dict": {"a": [1.0]}}, "df")
    )
    S["_validation.check_name_list"] = Spec(
        fn(v.check_name_list, "names", "what"), {"names": ["a", "b"], "what": "numeric"}
    ).add("names", {"text": "a", "twice": ["a", "b", "a"]}, "numeric")
    S["_validation.check_names"] = Spec(
        fn(v.check_names, "values", "name", "per"),
        {"values": ["low", "high"], "name": "names", "per": "cluster"},
    ).add(
        "values",
        {"text": "ab", "set": {"a"}, "number": 5, "none": ["a", None], "twice": ["a", "a"]},
        "names",
    )
    S["_validation.check_categories_filled"] = Spec(
        fn(v.check_categories_filled, "df", "categorical"), {"df": df_ok, "categorical": ["b"]}
    ).add("df", {"gap": df_ok.assign(b=["x", None])}, "'b'")
    S["_validation.check_text_column"] = Spec(
        fn(v.check_text_column, "values", "column", "name", "missing_ok"),
        {"values": df_ok["b"], "column": "b", "name": "df", "missing_ok": False},
    ).add("values", {"number": pd.Series(["x", 5]), "gap": pd.Series(["x", None])}, "'b'")
    S["_validation.as_text"] = Spec(fn(v.as_text, "values"), {"values": df_ok["b"]}).add(
        "values", {"list": ["x", "y"], "ndarray": np.array(["x", "y"])}
    )

    # ---- kmeans
    k = kmeans
    S["kmeans.KMeansResult"] = Spec(None, container=True)
    S["kmeans.assign"] = spec(
        fn(k.assign, "X", "centroids"),
        {"X": X20, "centroids": C2},
        m__X=bad_matrices(X20),
        m__centroids=bad_matrices(C2),
    ).add("centroids", {"wide": np.ones((2, 3))})
    S["kmeans.assign_and_sum"] = spec(
        fn(k.assign_and_sum, "X", "centroids"),
        {"X": X20, "centroids": C2},
        m__X=bad_matrices(X20),
        m__centroids=bad_matrices(C2),
    ).add("centroids", {"wide": np.ones((2, 3))})
    S["kmeans.cluster_sums"] = spec(
        fn(k.cluster_sums, "X", "labels", "n_clusters"),
        {"X": X20, "labels": Y20, "n_clusters": 2},
        m__X={k_: v_ for k_, v_ in bad_matrices(X20).items() if k_ != "empty"},
        l__labels=bad_labels(Y20, 2),
        c__n_clusters=bad_counts(None) | {"too_large": 10**20},
    )
    S["kmeans.closest_centroid"] = spec(
        fn(k.closest_centroid, "x", "centroids"),
        {"x": [1.0, 1.0], "centroids": C2},
        m__centroids=bad_matrices(C2),
    ).add(
        "x",
        {
            "nan": [np.nan, 1.0],
            "inf": [np.inf, 1.0],
            "complex": [1j, 1.0],
            "strings": ["a", "b"],
            "bool": [True, False],
            "long": [1.0, 1.0, 1.0],
            "2d": [[1.0, 1.0]],
            "underflow": [3e-170, 4e-170],
            "overflow": [1e200, 0.0],
        },
    )
    S["kmeans.euclidean_distance"] = Spec(
        fn(k.euclidean_distance, "a", "b"), {"a": [0.0, 0.0], "b": [3.0, 4.0]}
    ).add(
        "a",
        {
            "nan": [np.nan, 0.0],
            "inf": [np.inf, 0.0],
            "complex": [1j, 0.0],
            "strings": ["a", "b"],
            "bool": [True, False],
            "empty": [],
            "long": [0.0, 0.0, 0.0],
            "3d": [[[0.0, 0.0]]],
            "underflow": [3e-170, 4e-170],
            "overflow": [1e200, 0.0],
        },
    )
    S["kmeans.has_converged"] = Spec(
        fn(k.has_converged, "old_centroids", "new_centroids", "tol"),
        {"old_centroids": C2, "new_centroids": C2 + 0.01, "tol": 1e-3},
    )
    S["kmeans.has_converged"].add("old_centroids", bad_matrices(C2))
    S["kmeans.has_converged"].add("new_centroids", {"wide": np.ones((2, 3))}, "centroids")
    S["kmeans.has_converged"].add("tol", bad_reals(), "tol")
    for init in ("init_kmeans_plusplus", "init_random"):
        S[f"kmeans.{init}"] = spec(
            fn(getattr(k, init), "X", "n_clusters"),
            {"X": X20, "n_clusters": 2},
            m__X=bad_matrices(X20),
            c__n_clusters=bad_counts(21),
        ).add("random_state", {"1.5": 1.5, "str": "0"})
    S["kmeans.kmeans"] = spec(
        fn(k.kmeans, "X", "n_clusters"),
        {"X": X20, "n_clusters": 2, "random_state": 0},
        m__X=bad_matrices(X20) | {"huge": X20 * 1e155},
        c__n_clusters=bad_counts(21),
        c__max_iter=bad_counts(None, zero=True) | {"too_large": "many"},
    )
    S["kmeans.kmeans"].add("tol", bad_reals(), "tol").add(
        "init", {"unknown": "best", "shape": np.ones((3, 2)), "nan": C2 * np.nan}
    )
    # given starting centroids use no seed: it is checked all the same
    S["kmeans.kmeans"].cases += [
        (f"random_state={k_}[init=array]", {"random_state": v_, "init": C2}, "random_state")
        for k_, v_ in {"str": "0", "-1": -1, "1.5": 1.5, "True": True}.items()
    ]

    def relocate(sums, counts, candidates):  # fresh arrays: the call edits them
        # copy() keeps what is being tested (a list, a mask, a frame) as it is
        return k.relocate_empty_clusters(sums.copy(), np.array(counts), candidates)

    S["kmeans.relocate_empty_clusters"] = (
        Spec(
            fn(relocate, "sums", "counts", "candidates"),
            {
                "sums": np.array([[3.0], [0.0]]),
                "counts": np.array([2, 0]),
                "candidates": [(0, np.array([2.0]))],
            },
        )
        .add(
            "candidates",
            {
                "label_-1": [(-1, np.array([2.0]))],
                "label_k": [(2, np.array([2.0]))],
                "label_True": [(True, np.array([2.0]))],
                "label_1.5": [(1.5, np.array([2.0]))],
                "None_item": [None],
                "triple": [(0, np.array([2.0]), 1)],
                "point_wide": [(0, np.array([2.0, 1.0]))],
                "point_nan": [(0, np.array([np.nan]))],
                "point_text": [(0, "a")],
            },
        )
        .add(
            "counts",
            {"short": np.array([0]), "float": np.array([2.0, 0.0]), "negative": np.array([2, -1])},
        )
        .add(
            "sums",
            {
                "0d": np.array(1.0),
                "list": [[3.0], [0.0]],
                "int": np.array([[3], [0]]),
                "nan": np.array([[np.nan], [0.0]]),
                "masked": np.ma.masked_array([[3.0], [0.0]], mask=[[True], [False]]),
                "frame": pd.DataFrame({"a": [3.0, 0.0]}),
            },
        )
    )
    S["kmeans.update_centroids"] = spec(
        fn(k.update_centroids, "X", "labels", "old_centroids"),
        {"X": X20, "labels": Y20, "old_centroids": C2},
        m__X=bad_matrices(X20),
        l__labels=bad_labels(Y20, 2),
        m__old_centroids=bad_matrices(C2),
    ).add("old_centroids", {"wide": np.ones((2, 3))})

    # ---- hierarchical
    h = hierarchical
    Z = h.linkage_matrix(X20[:6], "single")
    fruit = pd.DataFrame(
        {"w": [1.0, 1.1, 5.0, 5.2, 3.0, 3.3], "s": [1, 2, 3, 4, 5, 6], "g": list("ababab")}
    )
    S["hierarchical.WeightedFeatures"] = Spec(
        fit(h.WeightedFeatures, "df", method="fit_transform"),
        {"df": fruit, "numeric": ["w", "s"], "categorical": "g", "weight": 2.0},
    ).add("weight", bad_reals(), "weight")
    S["hierarchical.WeightedFeatures"].add(
        "df",
        {
            "missing_column": fruit.drop(columns="w"),
            "text_in_numeric": fruit.assign(w=["1", "x", "3", "4", "5", "6"]),
            "nan_in_numeric": fruit.assign(w=[np.nan, 1, 2, 3, 4, 5]),
            "bool_numeric": fruit.assign(w=[True, False] * 3),
            "complex_numeric": fruit.assign(w=np.arange(6) + 1j),
            "one_row": fruit.iloc[:1],
            "empty": fruit.iloc[:0],
            "ndarray": fruit.to_numpy(),
        },
    )
    S["hierarchical.WeightedFeatures"].cases = [
        (
            i,
            c,
            "w"
            if i.startswith("df=")
            and i[3:]
            in {
                "missing_column",
                "text_in_numeric",
                "nan_in_numeric",
                "bool_numeric",
                "complex_numeric",
            }
            else n,
        )
        for i, c, n in S["hierarchical.WeightedFeatures"].cases
    ]
    S["hierarchical.WeightedFeatures"].add("numeric", {"str": "w"}, "numeric").add(
        "categorical", {"list": ["g"]}, "categorical"
    ).add("categorical", {"missing": "genus"}, "genus").add(
        "numeric", {"empty": [], "twice": ["w", "w"]}
    )
    S["hierarchical.WeightedFeatures"].add(
        "df",
        {
            "none_in_category": fruit.assign(g=[None, *fruit["g"][1:]]),
            "nan_in_category": fruit.assign(g=[np.nan, *fruit["g"][1:]]),
            # 5 and "5" were one category: categories are text
            "int_in_category": fruit.assign(g=[5, *fruit["g"][1:]]),
        },
        "g",
    )
    S["hierarchical.agreement"] = (
        Spec(fn(h.agreement, "groups", "truth"), {"groups": Y20, "truth": Y20.astype(str)})
        .add("groups", bad_labels(Y20))
        .add("truth", {"empty_both": []}, "empty")
    )
    S["hierarchical.agreement"].cases = [
        (i, c | ({"groups": []} if i == "truth=empty_both" else {}), n)
        for i, c, n in S["hierarchical.agreement"].cases
        if i != "groups=float"  # any values name groups, 0.5 too
    ]
    S["hierarchical.agreement_by_weight"] = (
        Spec(
            fn(h.agreement_by_weight, "df", "numeric", "categorical", "weights", "n_clusters"),
            {"df": fruit, "numeric": ["w"], "categorical": "g", "weights": [0, 1], "n_clusters": 2},
        )
        .add("n_clusters", bad_counts(7))
        .add("weights", {"empty": [], "nan": [np.nan], "negative": [-1], "str": ["a"]}, "weight")
        .add("weights", {"generator": (w for w in [0, 1]), "text": "01"})
        .add("df", {"empty": fruit.iloc[:0], "one_row": fruit.iloc[:1]}, "df")
        .add("df", {"missing": fruit.drop(columns="w"), "ndarray": fruit.to_numpy()}, "df")
    )
    S["hierarchical.agreement_by_weight"].cases = [
        (i, c, "w" if i == "df=missing" else n)
        for i, c, n in S["hierarchical.agreement_by_weight"].cases
    ]
    S["hierarchical.cophenetic_correlations"] = (
        spec(fn(h.cophenetic_correlations, "X"), {"X": X20}, m__X=bad_matrices(X20, one_row=True))
        .add("methods", {"unknown": ["centroid"], "str": "ward"})
        .add("methods", {"generator": (m for m in ["ward"]), "nested": [["ward"]], "empty": []})
        .add("metric", {"unknown": "cosine"})
        # the correlation multiplies sums of squares (power 4): ward gave 0.0
        # at 1e75 and every method inf below 1e-90
        .add("X", {"1e75": X20 * 1e75, "1e-90": X20 * 1e-90})
    )
    bad_Z = {
        "nan": np.where(np.arange(4) == 2, np.nan, Z),
        "3col": Z[:, :3],
        "empty": Z[:0],
        "strings": Z.astype(str),
        "complex": Z + 1j,
        "3d": Z[None],
        "decreasing": Z[::-1],
        "masked": np.ma.masked_array(Z, mask=np.arange(Z.size).reshape(Z.shape) == 2),
        "category": pd.DataFrame(Z).astype("category"),
    }
    S["hierarchical.cut_into_groups"] = (
        Spec(fn(h.cut_into_groups, "Z"), {"Z": Z, "n_clusters": 2})
        .add("Z", bad_Z)
        .add("n_clusters", bad_counts(7))
        .add("height", {"nan": np.nan, "-1": -1.0, "str": "1", "True": True})
    )
    S["hierarchical.cut_into_groups"].cases = [
        (i, c | ({"n_clusters": None} if i.startswith("height") else {}), n)
        for i, c, n in S["hierarchical.cut_into_groups"].cases
    ]
    S["hierarchical.cut_height_for"] = (
        Spec(fn(h.cut_height_for, "Z", "n_clusters"), {"Z": Z, "n_clusters": 2})
        .add("Z", bad_Z)
        .add("n_clusters", bad_counts(7) | {"1": 1})
    )
    S["hierarchical.first_partners"] = (
        Spec(fn(h.first_partners, "Z", "labels"), {"Z": Z, "labels": list("abcdef")})
        .add("Z", bad_Z)
        .add("labels", {"short": list("abc"), "str": "abcdef"})
        .add("labels", {"None": [*"abcde", None], "bytes": [c.encode() for c in "abcdef"]})
        .add("labels", {"numbers": list(range(6)), "empty": []})
    )
    S["hierarchical.first_partners"].cases = [
        c for c in S["hierarchical.first_partners"].cases if c[0] != "labels=str"
    ]
    S["hierarchical.linkage_matrix"] = (
        spec(fn(h.linkage_matrix, "X"), {"X": X20}, m__X=bad_matrices(X20, one_row=True))
        .add("method", {"unknown": "centroid", "None": None})
        .add("metric", {"unknown": "cosine"})
    )
    S["hierarchical.linkage_matrix"].add("metric", {"ward_cityblock": "cityblock"}, "Ward")
    S["hierarchical.unique_labels"] = (
        Spec(fn(h.unique_labels, "names"), {"names": ["a", "a"]})
        .add("names", {"str": "aa", "none": None, "2d": [["a"], ["b"]]})
        .add("names", {"empty": [], "None": ["a", None], "nan": ["a", np.nan], "bytes": [b"a"]})
    )

    # ---- spectral
    sp = spectral
    A = sp.rbf_affinity(X20, 0.1)
    # counts that look like one but are not whole ints, or absurdly large:
    # refused even by a mode that ignores the parameter (issue 18)
    from decimal import Decimal
    from fractions import Fraction

    odd_counts = {
        "2.0": 2.0,
        "np_float": np.float64(2.0),
        "0d": np.array(2),
        "10**12": 10**12,
        "2**63": 2**63,
        "-10**12": -(10**12),
        "fraction": Fraction(2),
        "decimal": Decimal(2),
        "str": "7",
        "list": [7],
        "np_True": np.True_,
    }
    odd_reals = {
        "10**400": 10**400,
        "decimal_nan": Decimal("nan"),
        "float16_nan": np.float16("nan"),
        "0d_nan": np.array(np.nan),
        "str": "x",
        "list": [1.0],
        "np_True": np.True_,
        "none": None,
    }
    bad_A = {
        "nan": np.where(np.eye(20, dtype=bool), np.nan, A),
        "negative": -A,
        "not_square": A[:5],
        "empty": A[:0, :0],
        "bool": A > 0.5,
        "complex": A + 1j,
        "strings": A.astype(str),
        "3d": A[None],
        "asymmetric": np.triu(A) + np.triu(A, 1),
    }
    S["spectral.SpectralResult"] = Spec(None, container=True)
    S["spectral.graph_pieces"] = (
        Spec(
            fn(sp.graph_pieces, "A", "what", "limit", "advice"),
            {"A": A, "what": "k=2", "limit": 2, "advice": ""},
        )
        .add("A", bad_A)
        .add("limit", bad_counts(None, zero=False) | {"too_large": "many"})
    )
    S["spectral.knn_affinity"] = spec(
        fn(sp.knn_affinity, "X"), {"X": X20, "n_neighbors": 3}, m__X=bad_matrices(X20, one_row=True)
    ).add("n_neighbors", bad_counts(20))
    S["spectral.laplacian_eigenvectors"] = (
        Spec(fn(sp.laplacian_eigenvectors, "A", "k"), {"A": A, "k": 2})
        .add("A", bad_A)
        .add("k", bad_counts(21))
        .add("method", {"unknown": "qr"})
        .add("random_state", {"str": "seed", "-1": -1, "1.5": 1.5, "True": True})
    )
    events_like = pd.DataFrame({"files": np.arange(20.0)})
    S["spectral.name_clusters"] = (
        Spec(
            fn(sp.name_clusters, "df", "labels", "feature", "names"),
            {"df": events_like, "labels": Y20, "feature": "files", "names": ["a", "b"]},
        )
        .add("labels", {k_: v_ for k_, v_ in bad_labels(Y20).items() if k_ != "float"})
        .add("feature", {"missing": "bytes"}, "bytes")
        .add("names", {"short": ["a"], "long": ["a", "b", "c"]})
        .add(
            "names",
            {
                "None_item": ["a", None],
                "bytes": [b"a", b"b"],
                "repeat": ["a", "a"],
                "set": {"a", "b"},
            },
        )
        .add("feature", {"list": ["files"], "unknown": "zzz"}, "feature")
        .add("df", {"no_rows": events_like[:0]}, "df")
        .add(
            "df",
            {"ndarray": np.arange(20.0)[:, None], "text": events_like.assign(files="x")},
        )
    )
    S["spectral.name_clusters"].cases = [
        (i, c, "files" if i == "df=text" else n) for i, c, n in S["spectral.name_clusters"].cases
    ]
    S["spectral.normalized_cut"] = (
        Spec(fn(sp.normalized_cut, "A", "labels"), {"A": A, "labels": Y20})
        .add("A", bad_A)
        .add("labels", {k_: v_ for k_, v_ in bad_labels(Y20).items() if k_ != "float"})
    )
    S["spectral.normalized_laplacian"] = Spec(fn(sp.normalized_laplacian, "A"), {"A": A}).add(
        "A",
        bad_A | {"isolated": np.where(np.arange(20) == 0, 0.0, A) * (np.arange(20) != 0)[:, None]},
    )
    S["spectral.rbf_affinity"] = spec(
        fn(sp.rbf_affinity, "X"), {"X": X20, "gamma": 0.1}, m__X=bad_matrices(X20, one_row=True)
    ).add("gamma", bad_reals(zero=True))
    S["spectral.cluster_spectral"] = (
        spec(
            fn(sp.cluster_spectral, "X", "n_clusters"),
            {"X": X20, "n_clusters": 2, "gamma": 0.1},
            m__X=bad_matrices(X20, one_row=True),
            c__n_clusters=bad_counts(21),
        )
        .add("affinity", {"unknown": "cosine"})
        .add("gamma", bad_reals(zero=True))
        .add("n_neighbors", bad_counts(20))
    )
    S["spectral.cluster_spectral"].cases = [
        (i, c | ({"affinity": "nearest_neighbors"} if i.startswith("n_neighbors") else {}), n)
        for i, c, n in S["spectral.cluster_spectral"].cases
    ]
    # the default affinity ("rbf") ignores n_neighbors, "nearest_neighbors"
    # ignores gamma: both are checked all the same
    S["spectral.cluster_spectral"].add(
        "n_neighbors", {f"{k_}[rbf]": v_ for k_, v_ in odd_counts.items()}
    )
    S["spectral.cluster_spectral"].cases += [
        (
            f"gamma={k_}[nearest_neighbors]",
            {"gamma": v_, "affinity": "nearest_neighbors", "n_neighbors": 3},
            "gamma",
        )
        for k_, v_ in (bad_reals(zero=True) | odd_reals).items()
    ] + [
        (f"method={k_}", {"method": v_}, "method")
        for k_, v_ in {"unknown": "qr", "list": ["auto"]}.items()
    ]
    S["spectral.spectral_embedding"] = (
        Spec(fn(sp.spectral_embedding, "A", "n_components"), {"A": A, "n_components": 2})
        .add("A", bad_A)
        .add("n_components", bad_counts(21))
        .add("method", {"unknown": "qr"})
        .add("random_state", {"str": "seed", "-1": -1, "1.5": 1.5, "True": True})
    )

    # ---- plotting
    p = plotting
    S["plotting.dendrogram"] = (
        Spec(fn(p.dendrogram, "Z"), {"Z": Z})
        .add("Z", bad_Z)
        .add("labels", {"short": list("abc")})
        .add("cut_height", {"nan": np.nan, "-1": -1.0, "str": "1", "True": True})
        .add(
            "leaf_font_size",
            {"0": 0, "huge": 10**12, "nan": np.nan, "str": "9", "True": True, "101": 101.0},
        )
        # labels and titles are text: matplotlib printed b'x' and None as they are
        .add("labels", {"None": [*"abcde", None], "bytes": [c.encode() for c in "abcdef"]})
        .add("distance_label", {"bytes": b"height", "list": ["height"], "int": 3})
        .add("title", {"None": None, "bytes": b"tree"})
    )
    S["plotting.dendrogram_grid"] = (
        Spec(fn(p.dendrogram_grid, "trees"), {"trees": [Z, Z], "titles": ["a", "b"]})
        .add("trees", {"empty": [], "nan": [bad_Z["nan"]], "3col": [Z[:, :3]], "Z": Z})
        .add("titles", {"short": ["a"]})
        .add("ncols", bad_counts(None) | {"too_large": "2"})
        .add("cut_heights", {"short": [1.0]})
        .add(
            "leaf_font_size",
            {"0": 0, "huge": 10**12, "nan": np.nan, "str": "9", "True": True, "101": 101.0},
        )
        .add("titles", {"None": ["a", None], "bytes": [b"a", b"b"], "str": "ab"})
        .add("distance_label", {"int": 3, "None": ["x", None], "bytes": b"height"})
        .add("panel_width", bad_reals(zero=True) | {"np_True": np.True_, "huge": 1e300})
        .add("cut_heights", {"float": 3.0})
    )
    S["plotting.dendrogram_grid"].add("trees", {"int": 3})
    S["plotting.dendrogram_grid"].cases = [
        (i, c | ({"titles": ["a"]} if i.startswith("trees=") and i != "trees=empty" else {}), n)
        for i, c, n in S["plotting.dendrogram_grid"].cases
    ]
    tiles4 = kdtiles.kd_tiles(X20, 4)
    tiles3d = kdtiles.kd_tiles(np.c_[X20, X20[:, :1]], 2)
    S["plotting.draw_tiles"] = (
        Spec(fn(p.draw_tiles, "tiles", "extent"), {"tiles": tiles4, "extent": (-3, 11, -3, 11)})
        .add(
            "extent",
            {
                "short": (0, 1, 0),
                "nan": (np.nan, 1, 0, 1),
                "str": "0 1 0 1",
                "reversed": (1, 0, 0, 1),
            },
        )
        .add("tiles", {"3d": tiles3d, "array": X20})
        .add("border", {"nan": np.nan, "-1": -1.0, "str": "wide", "three": (1, 1, 1)})
        .add("numbers", {"str": "False", "1": 1, "none": None})
        # matplotlib decides what a colour is ("RED" is one), checked up front
        .add("color", {"unknown": "blak", "space": "black ", "bytes": b"k", "int": 3})
    )
    S["plotting.map_reduce_diagram"] = Spec(
        fn(p.map_reduce_diagram, "num_partitions"), {"num_partitions": 2}
    ).add("num_partitions", bad_counts(7))
    for name, d in (("scatter_clusters", 2), ("scatter_clusters_3d", 3)):
        Xd = np.c_[X20, X20[:, :1]][:, :d]
        S[f"plotting.{name}"] = spec(
            fn(getattr(p, name), "X", "labels"),
            {"X": Xd, "labels": Y20},
            m__X={k_: v_ for k_, v_ in bad_matrices(Xd).items() if k_ != "1d"}
            | {"wide": np.c_[Xd, Xd]},
            l__labels={k_: v_ for k_, v_ in bad_labels(Y20).items() if k_ in {"short", "2d"}},
            m__centroids=bad_matrices(C2[:, :1].repeat(d, 1)) | {"wide": np.ones((2, d + 1))},
        )
        S[f"plotting.{name}"].cases = [
            c for c in S[f"plotting.{name}"].cases if c[0] not in {"centroids=empty", "X=empty"}
        ]
    S["plotting.scatter_clusters_3d"].add("axis_labels", {"two": ("x", "y"), "int": ("x", "y", 3)})
    S["plotting.scatter_clusters_3d"].add("title", {"None": None})
    S["plotting.scatter_clusters"].add("title", {"None": None}).add("xlabel", {"bytes": b"x"})
    S["plotting.silhouette_plot"] = spec(
        fn(p.silhouette_plot, "X", "labels"),
        {"X": X20, "labels": Y20},
        m__X=bad_matrices(X20),
        l__labels={k_: v_ for k_, v_ in bad_labels(Y20).items() if k_ != "float"}
        | {"one_cluster": Y20 * 0},
        c__sample_size=bad_counts(None, zero=True) | {"too_large": 1.0},
    )
    # an ax that is not an Axes: AttributeError from deep inside matplotlib
    for name in ("dendrogram", "draw_tiles", "map_reduce_diagram", "scatter_clusters",
                 "scatter_clusters_3d", "silhouette_plot"):  # fmt: skip
        S[f"plotting.{name}"].add("ax", {"str": "ax", "int": 1})
    _, flat = plt.subplots()
    S["plotting.scatter_clusters_3d"].add("ax", {"2d": flat})
    plt.close(flat.figure)

    # ---- anomaly
    a = anomaly
    flags = np.arange(20) % 3 == 0
    attack = np.arange(20) % 2 == 0
    scores = np.linspace(0, 1, 20)
    S["anomaly.caught_by_type"] = Spec(
        fn(a.caught_by_type, "flags", "labels"), {"flags": flags, "labels": Y20.astype(str)}
    ).add("flags", {"short": flags[:-1], "float": scores, "2d": flags[:, None], "empty": flags[:0]})
    S["anomaly.caught_by_type"].add(
        "labels",
        {
            "none": np.where(flags, None, "dos"),
            "nan": np.r_[np.nan, Y20[1:]],
            "na": np.r_[pd.NA, Y20[1:]].astype(object),
        },
    )
    S["anomaly.caught_by_type"].cases = [
        (i, c | ({"labels": Y20[:0].astype(str)} if i == "flags=empty" else {}), n)
        for i, c, n in S["anomaly.caught_by_type"].cases
    ]
    Xa = np.vstack([X20, X20 + 0.1, X20 + 0.2, X20 - 0.1])
    normal = np.arange(80) < 60
    S["anomaly.compare_detectors"] = (
        spec(
            fn(a.compare_detectors, "X", "is_normal", "targets"),
            {"X": Xa, "is_normal": normal, "targets": ~normal, "n_repeats": 1, "n_clusters": 2},
            m__X=bad_matrices(Xa),
            c__n_repeats=bad_counts(10**12),
            c__n_clusters=bad_counts(10**6),
        )
        .add("X", {"beyond_float32": Xa * 1e40, "float32_constant": Xa * 1e-45})
        .add("random_state", {"str": "0", "-1": -1, "too_large": 2**40, "float": 1.5})
        .add("is_normal", {"short": normal[:-1], "float": normal + 0.5})
        .add("targets", {"short": normal[:-1]})
        .add("fit_share", {"0": 0.0, "1": 1.0, "nan": np.nan, "str": "0.5"})
        .add("fit_share", {"tiny": 1e-300, "almost_1": 0.999})
    )
    S["anomaly.detection_report"] = (
        Spec(fn(a.detection_report, "flags", "is_attack"), {"flags": flags, "is_attack": attack})
        .add("flags", {"short": flags[:-1], "2d": flags[:, None], "float": scores})
        .add("is_attack", {"float": scores})
        .add("flags", {"empty": flags[:0]}, "empty")
    )
    S["anomaly.detection_report"].cases = [
        (i, c | ({"is_attack": attack[:0]} if i == "flags=empty" else {}), n)
        for i, c, n in S["anomaly.detection_report"].cases
    ]
    S["anomaly.distance_to_nearest_centroid"] = spec(
        fn(a.distance_to_nearest_centroid, "X", "centroids"),
        {"X": X20, "centroids": C2},
        m__X=bad_matrices(X20),
        m__centroids=bad_matrices(C2),
    ).add("centroids", {"wide": np.ones((2, 3))})
    S["anomaly.feature_contributions"] = (
        spec(
            fn(a.feature_contributions, "X", "centroids", "labels", "feature_names", "rows"),
            {"X": X20, "centroids": C2, "labels": Y20, "feature_names": ["a", "b"], "rows": [0]},
            m__X=bad_matrices(X20),
            l__labels=bad_labels(Y20, 2),
        )
        .add("feature_names", {"short": ["a"]})
        .add(
            "feature_names",
            {"None_item": ["a", None], "bytes": [b"a", b"b"], "repeat": ["a", "a"], "str": "ab"},
        )
        .add("rows", {"out": [20], "negative": [-21], "float": [0.5], "True": [True]})
    )
    S["anomaly.outlier_scores"] = (
        spec(
            fn(a.outlier_scores, "X", "method"),
            {"X": Xa, "method": "kmeans", "n_clusters": 2},
            m__X=bad_matrices(Xa),
            c__n_clusters=bad_counts(10**6),
        )
        .add("method", {"unknown": "svm"})
        .add("random_state", {"str": "0", "-1": -1, "too_large": 2**40, "True": True})
        .add("fit_rows", {"out": [100], "float": [0.5], "empty": []})
        .add("n_neighbors", bad_counts(10**6))
    )
    S["anomaly.outlier_scores"].cases = (
        [
            (i, c | ({"method": "lof"} if i.startswith("n_neighbors") else {}), n)
            for i, c, n in S["anomaly.outlier_scores"].cases
        ]
        + [
            # each count is checked by the method that ignores it too
            (f"{arg}={k_}[{m}]", {arg: v_, "method": m}, arg)
            for arg, m in (("n_neighbors", "kmeans"), ("n_clusters", "lof"))
            for k_, v_ in odd_counts.items()
        ]
        + [
            (f"X={w}[isolation_forest]", {"X": Xa * f, "method": "isolation_forest"}, "X")
            for w, f in [("beyond_float32", 1e40), ("float32_constant", 1e-45)]
        ]
    )
    S["anomaly.score_curves"] = spec(
        fn(a.score_curves, "scores", "is_attack"),
        {"scores": scores, "is_attack": attack},
        v__scores=bad_vectors(scores),
    ).add("is_attack", {"all_false": attack & False, "float": scores})
    S["anomaly.threshold_percentile"] = spec(
        fn(a.threshold_percentile, "scores", "q"),
        {"scores": scores, "q": 90},
        v__scores={k_: v_ for k_, v_ in bad_vectors(scores).items() if k_ != "short"},
    ).add("q", bad_reals() | {"101": 101, "list": [90], "none": None})
    S["anomaly.threshold_top_n"] = spec(
        fn(a.threshold_top_n, "scores", "n"),
        {"scores": scores, "n": 3},
        v__scores={k_: v_ for k_, v_ in bad_vectors(scores).items() if k_ != "short"},
        c__n=bad_counts(21),
    )

    # ---- features
    f = features
    conns = pd.DataFrame(
        {"bytes": [10, 20, 30, 40], "proto": ["tcp", "udp", "tcp", "tcp"], "label": ["n."] * 4}
    )
    S["features.ConnectionFeatures"] = (
        Spec(
            fit(f.ConnectionFeatures, "df", method="fit_transform"),
            {"df": conns, "numeric": ["bytes"], "categorical": ["proto"]},
        )
        .add(
            "df",
            {
                "missing": conns.drop(columns="bytes"),
                "text": conns.assign(bytes=["1", "x", "3", "4"]),
                "nan": conns.assign(bytes=[np.nan, 1, 2, 3]),
                "bool": conns.assign(bytes=[True, False, True, True]),
                "complex": conns.assign(bytes=np.arange(4) + 1j),
                "numeric_text": conns.assign(bytes=["1", "2", "3", "4"]),
                "dates": conns.assign(bytes=pd.to_datetime(["2020-01-0" + d for d in "1234"])),
                "category": conns.assign(bytes=conns["bytes"].astype("category")),
            },
            "bytes",
        )
        .add("df", {"ndarray": conns.to_numpy(), "empty": conns.iloc[:0]}, "df")
        .add(
            "df",
            {"missing_category": conns.assign(proto=[None, *conns["proto"][1:]])},
            "proto",
        )
        .add("df", {"huge": conns.assign(bytes=conns["bytes"] * 1e300)}, "df")
        .add("numeric", {"str": "bytes"}, "numeric")
        .add("categorical", {"str": "proto"}, "categorical")
        .add("scale", {"str": "False", "1": 1, "none": None})
        # a number among names became the category proto=5 (issue 18 sweep)
        .add(
            "df",
            {
                "int_in_category": conns.astype({"proto": object}).assign(
                    proto=["tcp", 5, "tcp", "udp"]
                )
            },
            "proto",
        )
        .add("numeric", {"twice": ["bytes", "bytes"], "None": [None], "bytes": [b"bytes"]})
        .add("categorical", {"twice": ["proto", "proto"], "None": [None]})
        # a name that misses the answer column by case or spaces guards nothing;
        # a name the table lacks entirely is a table without answers (accepted)
        .add(
            "label_column",
            {
                "empty": "",
                "space": "label ",
                "upper": "LABEL",
                "bytes": b"label",
                "list": ["label"],
                "int": 3,
            },
        )
        .add("dtype", {"int": np.int32, "float16": np.float16, "str": "banana", "None": None})
    )
    S["features.numeric_matrix"] = (
        Spec(fn(f.numeric_matrix, "df", "columns"), {"df": conns, "columns": ["bytes"]})
        .add(
            "df",
            {
                "missing": conns.drop(columns="bytes"),
                "text": conns.assign(bytes=["1", "x", "3", "4"]),
                "nan": conns.assign(bytes=[np.nan, 1, 2, 3]),
                "bool": conns.assign(bytes=[True, False, True, True]),
                "numeric_text": conns.assign(bytes=["1", "2", "3", "4"]),
                "dates": conns.assign(bytes=pd.to_datetime(["2020-01-0" + d for d in "1234"])),
            },
            "bytes",
        )
        .add("df", {"ndarray": conns.to_numpy()}, "df")
        .add("columns", {"str": "bytes", "empty": [], "twice": ["bytes", "bytes"]})
        .add("dtype", {"int": np.int32, "bool": bool})
    )

    # ---- evaluation
    e = evaluation
    S["evaluation.find_knee"] = (
        Spec(fn(e.find_knee, "x", "y"), {"x": [1, 2, 3, 4, 5, 6], "y": [100, 40, 20, 15, 12, 10]})
        .add("y", bad_vectors(np.array([100.0, 40, 20, 15, 12, 10])))
        .add(
            "x",
            {"short": [1, 2, 3], "nan": [1, np.nan, 3, 4, 5, 6], "unsorted": [2, 1, 3, 4, 5, 6]},
        )
    )
    S["evaluation.k_sweep"] = spec(
        fn(e.k_sweep, "X", "ks"),
        {"X": X20, "ks": [2, 3], "n_repeats": 1, "sample_size": 20},
        m__X=bad_matrices(X20),
        c__n_repeats=bad_counts(10**12),
        c__sample_size=bad_counts(None, zero=True) | {"too_large": 1.0},
    ).add(
        "ks",
        {
            "2.5": [2.5],
            "0": [0],
            "-1": [-1],
            "True": [True],
            "too_large": [21],
            "empty": [],
            "str": "23",
            "repeat": [2, 2],
            "not_iterable": object(),
        },
    )
    S["evaluation.k_sweep"].add(
        "y",
        {"short": Y20[:-1], "none": np.where(Y20 == 0, None, "a"), "nan": np.r_[np.nan, Y20[1:]]},
    ).add("progress", {"str": "False", "1": 1, "none": None})
    S["evaluation.label_entropy"] = (
        Spec(
            fn(e.label_entropy, "clusters", "labels"), {"clusters": Y20, "labels": Y20.astype(str)}
        )
        .add(
            "clusters",
            {"short": Y20[:-1], "2d": Y20[:, None], "nan": np.r_[np.nan, Y20[1:]]},
        )
        .add("labels", {"none": [None] * 20, "na": np.r_[Y20[:-1], pd.NA].astype(object)})
        .add("labels", {"empty": []}, "empty")
    )
    S["evaluation.label_entropy"].cases = [
        (i, c | ({"clusters": []} if i == "labels=empty" else {}), n)
        for i, c, n in S["evaluation.label_entropy"].cases
    ]
    S["evaluation.sampled_silhouette"] = spec(
        fn(e.sampled_silhouette, "X", "labels"),
        {"X": X20, "labels": Y20, "n_repeats": 1},
        m__X=bad_matrices(X20),
        l__labels={k_: v_ for k_, v_ in bad_labels(Y20).items() if k_ != "float"}
        | {"one_cluster": Y20 * 0},
        c__n_repeats=bad_counts(10**12),
        c__sample_size=bad_counts(None, zero=True) | {"too_large": 1.0},
    )
    ei, eq = embedding_inspection, embedding_quality
    Zemb = np.vstack([RNG.normal(size=(30, 4)), RNG.normal(size=(30, 4)) + 6])
    Yemb = np.repeat([0, 1], 30)
    S["embedding_inspection.check_embeddings"] = spec(
        fn(ei.check_embeddings, "Z"),
        {"Z": Zemb},
        # NaN and infinity are what check_embeddings is for: it reports the
        # rows (notebook 08 shows the report; tests/test_embedding_inspection.py)
        m__Z={k_: v_ for k_, v_ in bad_matrices(Zemb).items() if k_ not in ("nan", "inf")},
    ).add(
        "Z",
        {
            "masked": np.ma.masked_array(Zemb, mask=np.arange(Zemb.size).reshape(Zemb.shape) == 0),
            "category": pd.DataFrame(Zemb).astype("category"),
            "object_text": Zemb.astype(str).astype(object),
        },
    )
    S["evaluation.cluster_metrics"] = spec(
        fn(e.cluster_metrics, "X", "labels"),
        {"X": Zemb, "labels": Yemb},
        m__X=bad_matrices(Zemb),
        l__labels={k_: v_ for k_, v_ in bad_labels(Yemb).items() if k_ != "float"}
        | {"one_cluster": Yemb * 0},
        c__chunk_size=bad_counts(None) | {"too_large": "big"},
    )
    S["evaluation.metric_table"] = spec(
        fn(e.metric_table, "X", "labels"),
        {"X": Zemb, "labels": Yemb, "n_repeats": 1},
        m__X=bad_matrices(Zemb),
        l__labels={"short": Yemb[:-1], "one_cluster": Yemb * 0},
        c__n_repeats=bad_counts(10**12),
    )
    S["evaluation.best_k"] = Spec(
        fn(e.best_k, "sweep"),
        {"sweep": e.k_sweep(X20, [2, 3, 4, 5], n_repeats=1, sample_size=20)},
    ).add(
        "sweep",
        {
            "empty": pd.DataFrame(),
            "ndarray": np.ones((2, 2)),
            "no_columns": pd.DataFrame({"k": [2, 3]}),
        },
    )
    table = pd.DataFrame({"f": list("ab") * 30, "n": np.arange(60.0)})
    S["embedding_inspection.cluster_profiles"] = (
        Spec(
            fn(ei.cluster_profiles, "table", "labels", "Z", "fields"),
            {"table": table, "labels": Yemb, "Z": Zemb, "fields": ["f"]},
        )
        .add(
            "labels",
            {
                "short": Yemb[:-1],
                "2d": Yemb[:, None],
                "nan": np.r_[np.nan, Yemb[1:]],
                "none": np.where(Yemb == 0, None, "a"),
            },
        )
        .add("fields", {"missing": ["x"]}, "x")
        .add("Z", {"short": Zemb[:-1], "nan": bad_matrices(Zemb)["nan"]})
        .add("table", {"ndarray": table.to_numpy()})
        # issue 18 sweep: a field is a list of columns, each once; a field
        # mixing text and numbers, or holding infinity, is refused (missing
        # values are shown as "(none)", columns outside fields are not read)
        .add("fields", {"empty": [], "twice": ["f", "f"], "text": "f", "None": [None]}, "fields")
        .add("table", {"int_in_text": table.assign(f=["a", 5] * 30)}, "'f'")
        .add("table", {"dup_colnames": pd.concat([table, table[["f"]]], axis=1)})
    )
    S["embedding_inspection.cluster_profiles"].cases.append(
        ("table=inf_field", {"table": table.assign(n=np.inf), "fields": ["n"]}, "'n'")
    )
    report = {"silhouette": 0.6, "davies_bouldin": 1.2}
    for name in ("quality_report", "compare_reports"):
        figs = report if name == "quality_report" else {"a": report, "b": report}
        S[f"embedding_quality.{name}"] = Spec(
            fn(getattr(eq, name), "figures"), {"figures": figs}
        ).add(
            "figures",
            {
                "empty": {},
                "list": [0.6],
                "nan": {"silhouette": np.nan}
                if name == "quality_report"
                else {"a": {"silhouette": np.nan}},
                "str": {"silhouette": "high"}
                if name == "quality_report"
                else {"a": {"silhouette": "high"}},
            },
        )
    S["embedding_quality.embedding_scores"] = (
        Spec(
            fn(eq.embedding_scores, "embeddings"),
            {"embeddings": {"a": Zemb}, "classes": Yemb, "anomalies": Yemb == 1, "n_clusters": 2},
        )
        .add(
            "embeddings",
            {
                "empty": {},
                "nan": {"a": bad_matrices(Zemb)["nan"]},
                "short": {"a": Zemb[:-1]},
                "array": Zemb,
            },
        )
        .add("n_clusters", bad_counts(61))
        .add("classes", {"short": Yemb[:-1]})
        # issue 18 sweep: flags are True/False or 1/0; classes any values
        # (booleans, names, numbers) but missing ones
        .add("anomalies", _bad_flags(Yemb == 1))
        .add(
            "classes",
            {
                "None": np.where(Yemb == 0, None, Yemb),
                "Int64_NA": pd.array(np.where(Yemb == 0, None, Yemb), dtype="Int64"),
                "datetime": np.zeros(60, dtype="datetime64[s]"),
            },
        )
    )
    S["embedding_quality.knn_proxy"] = spec(
        fn(eq.knn_proxy, "Z", "y"),
        {"Z": Zemb, "y": Yemb, "n_splits": 2},
        m__Z=bad_matrices(Zemb),
        c__n_neighbors=bad_counts(10**6),
        c__n_splits=bad_counts(10**6),
    ).add(
        "y",
        {
            "short": Yemb[:-1],
            "2d": Yemb[:, None],
            "one_class": Yemb * 0,
            "none": np.where(Yemb == 0, None, "a"),
            "nan": np.r_[np.nan, Yemb[1:]],
        },
    )
    S["embedding_quality.knn_proxy"].add(
        "return_scores", {"str": "False", "1": 1, "none": None}
    ).add("random_state", {"str": "0", "-1": -1, "too_large": 2**40, "float": 1.5})
    S["embedding_inspection.nearest_neighbours"] = (
        spec(
            fn(ei.nearest_neighbours, "Z", "queries"),
            {"Z": Zemb, "queries": [0], "k": 2},
            m__Z=bad_matrices(Zemb),
            c__k=bad_counts(60),
        )
        .add(
            "queries", {"out": [60], "negative": [-61], "float": [0.5], "True": [True], "empty": []}
        )
        .add("keys", {"short": ["a"]})
    )
    S["embedding_quality.paired_bootstrap"] = (
        Spec(
            fn(eq.paired_bootstrap, "y", "scores_a", "scores_b"),
            {"y": Yemb == 1, "scores_a": Zemb[:, 0], "scores_b": Zemb[:, 1], "n_boot": 10},
        )
        .add("scores_a", bad_vectors(Zemb[:, 0]))
        .add("y", {"short": Yemb[:-1] == 1})
        .add("n_boot", bad_counts(10**12))
        .add("level", {"0": 0.0, "1": 1.0, "nan": np.nan, "str": "0.9"})
        .add("y", _bad_flags(Yemb == 1))
    )

    def embed(df):
        return np.c_[df["n"].to_numpy() + 1, np.ones(len(df))]

    def perturb(df, level, random_state=0):
        return df.assign(n=df["n"] + level)

    S["embedding_quality.perturbation_stability"] = (
        Spec(
            fn(eq.perturbation_stability, "embed", "data", "perturb", "levels"),
            {
                "embed": embed,
                "data": table,
                "perturb": perturb,
                "levels": [0.1],
                "k": 2,
                "sample_size": 20,
            },
        )
        .add("levels", {"empty": [], "nan": [np.nan], "str": "0.1"})
        .add("k", bad_counts(10**6))
        .add("sample_size", bad_counts(None) | {"too_large": 1.0})
        .add("embed", {"str": "x"})
        .add("perturb", {"str": "x"})
        .add("data", _bad_layouts(table), "data")
    )
    S["embedding_quality.embedding_figures"] = (
        Spec(
            fn(eq.embedding_figures, "embed", "data", "perturb"),
            {
                "embed": embed,
                "data": table,
                "perturb": perturb,
                "classes": Yemb,
                "anomalies": Yemb == 1,
                "n_clusters": 2,
            },
        )
        .add("n_clusters", bad_counts(60))
        .add("classes", {"short": Yemb[:-1]})
        .add("embed", {"str": "x"})
        .add("perturb", {"str": "x"})
        .add("perturb_categories", {"str": "x"})
        .add("data", _bad_layouts(table), "data")
        .add("anomalies", _bad_flags(Yemb == 1))
    )
    S["embedding_inspection.project_2d"] = (
        spec(
            fn(ei.project_2d, "Z"),
            {"Z": Zemb, "method": "tsne", "perplexity": 5},
            m__Z=bad_matrices(Zemb),
        )
        .add("method", {"unknown": "mds"})
        .add("sample_size", bad_counts(None) | {"too_large": 1.0})
        .add("perplexity", {"str": "5", "list": [5], "nan": np.nan})
        .add("random_state", {"str": "0", "-1": -1, "too_large": 2**40, "float": 1.5})
        .add("Z", {"constant": np.ones_like(Zemb)})
    )
    S["embedding_inspection.representatives"] = spec(
        fn(ei.representatives, "Z", "labels"),
        {"Z": Zemb, "labels": Yemb, "n": 1},
        m__Z=bad_matrices(Zemb),
        l__labels={
            "short": Yemb[:-1],
            "2d": Yemb[:, None],
            "nan": np.r_[np.nan, Yemb[1:]],
            "none": np.where(Yemb == 0, None, "a"),
        },
        c__n=bad_counts(61),
    )
    for name in ("silhouette_by_cluster", "silhouette_values"):
        S[f"evaluation.{name}"] = spec(
            fn(getattr(e, name), "X", "labels"),
            {"X": X20, "labels": Y20},
            m__X=bad_matrices(X20),
            l__labels={k_: v_ for k_, v_ in bad_labels(Y20).items() if k_ != "float"}
            | {"one_cluster": Y20 * 0},
            c__sample_size=bad_counts(None, zero=True) | {"too_large": 1.0},
        )

    # ---- embeddings (events made once, below)
    em = embeddings
    ev = _events()
    for name in ("EventEncoder", "DenoisingEventEncoder"):
        extra = {"epochs": 1} if name == "DenoisingEventEncoder" else {}
        S[f"embeddings.{name}"] = (
            Spec(fit(getattr(em, name), "events", **extra), {"events": ev, "n_components": 4})
            .add("n_components", bad_counts(10**6))
            .add(
                "events",
                {
                    "ndarray": ev.to_numpy(),
                    "missing": ev.drop(columns="duration"),
                    "text": ev.assign(duration="slow"),
                    "nan": ev.assign(duration=np.nan),
                    "empty": ev.iloc[:0],
                },
                "duration",
            )
            .add("min_frequency", bad_counts(None) | {"too_large": "5", "huge": 10**12})
            .add("events", _bad_events(ev), "events")
        )
        S[f"embeddings.{name}"].cases = [
            (i, c, "events" if i in {"events=ndarray", "events=empty"} else n)
            for i, c, n in S[f"embeddings.{name}"].cases
        ]
    S["embeddings.EventEncoder"].add("categorical", {"str": "False", "0": 0, "none": None}).add(
        "random_state", {"str": "0", "-1": -1, "too_large": 2**40, "float": 1.5}
    )
    S["embeddings.DenoisingEventEncoder"].add("epochs", bad_counts(10**12, zero=False)).add(
        "hidden", bad_counts(10**12)
    ).add("learning_rate", {"huge": 1e300, "2": 2.0})
    S["embeddings.DenoisingEventEncoder"].add(
        "swap_rate", {"nan": np.nan, "-1": -1.0, "2": 2.0, "str": "0.1"}
    ).add("batch_size", bad_counts(None) | {"too_large": "9"}).add(
        "learning_rate", bad_reals(zero=True)
    ).add("snapshot_epochs", {"negative": [-1], "float": [0.5], "too_large": [5]})
    for name in ("perturb_events", "perturb_categories"):
        S[f"embeddings.{name}"] = (
            Spec(fn(getattr(em, name), "events", "level"), {"events": ev, "level": 0.1})
            .add(
                "level",
                {"nan": np.nan, "-1": -1.0, "str": "0.1", "True": True}
                | ({"2": 2.0} if name == "perturb_categories" else {"11": 11.0, "1e10": 1e10}),
            )
            .add("events", {"ndarray": ev.to_numpy(), "missing": ev[["time"]]})
            .add("events", _bad_events(ev) | {"empty": ev.iloc[:0]}, "events")
        )

    # ---- rotation (re-exported by stsc)
    r = rotation
    V = np.linalg.qr(RNG.normal(size=(20, 3)))[0]
    # "False" is a true string: it would skip the checks
    bad_flags = {"str": "False", "1": 1, "none": None}
    for mod, key in ((r, "rotation"), (stsc, "stsc")):
        S[f"{key}.alignment_cost"] = spec(
            fn(mod.alignment_cost, "Z"), {"Z": V}, m__Z=bad_matrices(V)
        ).add("check_input", bad_flags)
        S[f"{key}.best_rotation"] = (
            spec(
                fn(mod.best_rotation, "X"),
                {"X": V},
                m__X=bad_matrices(V),
                c__max_iter=bad_counts(None) | {"too_large": "9", "10_001": 10_001},
            )
            .add("start", {"wrong_shape": np.eye(2), "nan": np.eye(3) * np.nan})
            .add("tol", bad_reals())
            .add("check_input", bad_flags)
        )
        S[f"{key}.classic_sweep"] = (
            spec(
                fn(mod.classic_sweep, "V"),
                {"V": V},
                m__V=bad_matrices(V),
                # None is the documented default (every column of V)
                c__max_clusters={k_: v_ for k_, v_ in bad_counts(4).items() if k_ != "none"}
                | {"1": 1},
                c__max_sweeps=bad_counts(None) | {"too_large": 10_001},
            )
            .add("step", bad_reals() | {"zero": 0.0})
            .add("tol", bad_reals())
        )
        S[f"{key}.qr_rotation"] = spec(
            fn(mod.qr_rotation, "X"), {"X": V}, m__X=bad_matrices(V)
        ).add("check_input", bad_flags)
    S["rotation.worst_energy"] = spec(fn(r.worst_energy, "Z"), {"Z": V}, m__Z=bad_matrices(V)).add(
        "check_input", bad_flags
    )

    # ---- stsc
    s = stsc
    S["stsc.PieceSweep"] = Spec(None, container=True)
    S["stsc.SelfTuningSpectralClustering"] = (
        spec(
            fit(s.SelfTuningSpectralClustering),
            {"X": X20, "max_clusters": 3},
            # X20 * 1e300 is no mistake: local scaling works at any finite scale
            m__X=bad_matrices(X20, one_row=True),
            c__max_clusters=bad_counts(None) | {"too_large": "3"},
            c__n_neighbors_scale=bad_counts(20),
            c__min_clusters=bad_counts(4),
        )
        .add("affinity", {"unknown": "cosine"})
        .add("min_affinity", bad_reals() | {"huge": 1e300})
        .add("random_state", {"str": "seed", "negative": -1, "float": 1.5})
        .add("per_piece", bad_flags)
        .add("progress", bad_flags)
        .add("gaussian_check", bad_flags)
        .add("n_refine", {"0": 0, "1.5": 1.5, "str": "3", "too_large": 10_001})
        # 20 points: the dense affinity, which ignores n_neighbors
        .add("n_neighbors", {f"{k_}[dense]": v_ for k_, v_ in odd_counts.items()})
        .add("n_neighbors", {f"{k_}[sparse]": v_ for k_, v_ in odd_counts.items()})
    )
    S["stsc.SelfTuningSpectralClustering"].cases = [
        (i, c | ({"affinity": "sparse"} if "[sparse]" in i else {}), n)
        for i, c, n in S["stsc.SelfTuningSpectralClustering"].cases
    ]
    g = gaussian_check
    S["gaussian_check.GaussianSplit"] = Spec(None, container=True)
    S["gaussian_check.mardia_z"] = spec(
        fn(g.mardia_z, "X"), {"X": X20}, m__X=bad_matrices(X20, one_row=True)
    )
    S["gaussian_check.gaussian_split"] = (
        spec(
            fn(g.gaussian_split, "X"),
            {"X": X20},
            m__X=bad_matrices(X20, one_row=True),
            c__n_boot=bad_counts(1001),
            c__random_state=bad_counts(2**32, zero=False),
        )
        .add("bic_margin", bad_reals(negative=False))
        .add("max_overlap", bad_reals() | {"2": 2.0})
        .add("skew_z", bad_reals(zero=True))
        .add("kurt_z", bad_reals(zero=True))
    )
    S["local_scale.local_scale"] = spec(
        fn(local_scale.local_scale, "X"),
        {"X": X20, "n_neighbors": 3},
        m__X=bad_matrices(X20, one_row=True),  # any finite scale: X20 * 1e300 works
        c__n_neighbors=bad_counts(20),
    )
    sig = np.ones(20)
    S["local_scale.local_scale_affinity"] = (
        spec(
            fn(local_scale.local_scale_affinity, "X", "sigma"),
            {"X": X20, "sigma": sig},
            m__X=bad_matrices(X20, one_row=True),
            v__sigma=bad_vectors(sig),
        )
        .add("sigma", {"zero": sig * 0, "negative": -sig, "tiny": sig * 1e-160})
        # None is the documented default (the dense matrix)
        .add("n_neighbors", {k_: v_ for k_, v_ in bad_counts(20).items() if k_ != "none"})
    )

    # ---- kdtiles
    S["kdtiles.KDTiles"] = Spec(
        fn(lambda tiles, X: tiles.tile_of(X), "tiles", "X"), {"tiles": tiles4, "X": X20}
    ).add(
        "X",
        {k_: v_ for k_, v_ in bad_matrices(X20).items() if k_ != "empty"}
        | {"wide": np.ones((2, 3))},
    )
    S["kdtiles.kd_tiles"] = spec(
        fn(kdtiles.kd_tiles, "X", "n_tiles"),
        {"X": X20, "n_tiles": 4},
        m__X=bad_matrices(X20),
        c__n_tiles=bad_counts(21),
    )
    S["kdtiles.check_border"] = Spec(
        fn(kdtiles.check_border, "border", "n_features"), {"border": 1.0, "n_features": 2}
    ).add(
        "border",
        {
            "nan": np.nan,
            "inf": np.inf,
            "-1": -1.0,
            "str": "1",
            "True": True,
            "complex": 1j,
            "none": None,
            "three": (1.0, 1.0, 1.0),
            "2d": np.ones((2, 2)),
        },
    )
    # a border per feature: 10**12 features was a MemoryError in np.full
    S["kdtiles.check_border"].add(
        "n_features", {"0": 0, "1.5": 1.5, "True": True, "str": "2", "too_large": 100_001}
    )

    # ---- tiling
    t = tiling
    S["tiling.TileResult"] = Spec(None, container=True)
    home = tiles4.tile_of(X20)
    points = np.flatnonzero(home == 0)
    S["tiling.cluster_tile"] = (
        Spec(
            fn(t.cluster_tile, "tiles", "tile", "points", "X_tile"),
            {"tiles": tiles4, "tile": 0, "points": points, "X_tile": X20[points]},
        )
        .add("tile", bad_counts(4, zero=False))
        .add("X_tile", bad_matrices(X20[points]) | {"short": X20[points][:-1]})
        .add("points", {"float": points + 0.5, "negative": points - 100})
        .add("check_input", bad_flags)
        # a tile of 5 points is too small to cluster: params are checked anyway
        .add("params", {"list": [("max_clusters", 3)], "unknown": {"zoo": 1}})
        .add(
            "params",
            {"str_count": {"max_clusters": "3"}, "float": {"max_clusters": 3.0}},
            "max_clusters",
        )
        .add("fit_predict", {"str": "kmeans", "int": 3})
    )
    S["tiling.estimate_border"] = spec(
        fn(t.estimate_border, "X", "tiles"),
        {"X": X20, "tiles": tiles4, "n_pilot": 2},
        m__X=bad_matrices(X20) | {"wide": np.c_[X20, X20]},
        c__n_pilot=bad_counts(10_001),
    ).add("margin", bad_reals(zero=True))
    S["tiling.estimate_border"].add("params", {"list": [1], "unknown": {"zoo": 1}}).add(
        "params", {"str_count": {"max_clusters": "3"}}, "max_clusters"
    )
    r0 = t.cluster_tile(tiles4, 0, points, X20[points])
    S["tiling.merge_tiles"] = (
        Spec(
            fn(t.merge_tiles, "X", "results", "home"),
            {
                "X": X20[points],
                "results": [r0._replace(points=np.arange(len(points)))],
                "home": np.zeros(len(points), dtype=int),
            },
        )
        .add("X", bad_matrices(X20[points]))
        .add(
            "home", {"short": np.zeros(len(points) - 1, int), "float": np.zeros(len(points)) + 0.5}
        )
        .add(
            "results",
            {
                "None_item": [None],
                "empty": [],
                "one_not_in_list": r0,
                "twice": [r0._replace(points=np.arange(len(points)))] * 2,
                "tuple_item": [tuple(r0)],
            },
        )
    )
    S["tiling.TiledSelfTuningSpectralClustering"] = spec(
        fit(t.TiledSelfTuningSpectralClustering),
        {"X": X20, "n_tiles": 2, "border": 1.0, "max_clusters": 3, "n_neighbors_scale": 3},
        m__X=bad_matrices(X20, one_row=True),
        c__n_tiles=bad_counts(21),
        c__max_clusters=bad_counts(None) | {"too_large": "3"},
    ).add("border", {"nan": np.nan, "-1": -1.0, "str": "wide", "three": (1, 1, 1)})
    S["tiling.TiledSelfTuningSpectralClustering"].add("progress", bad_flags).add(
        "n_pilot", {"0": 0, "1.5": 1.5, "str": "8", "True": True, "too_large": 10_001}
    )
    # the given border (1.0) leaves margin unused: it is checked all the same
    S["tiling.TiledSelfTuningSpectralClustering"].add("margin", bad_reals(zero=True) | odd_reals)

    # ---- battery
    b = battery
    # the battery's cases live in helpers.datasets.known_counts
    S["datasets.make_case"] = (
        Spec(
            fn(datasets.make_case, "family", "name", "seed"),
            {"family": "shapes", "name": "moons", "seed": 0, "n_samples": 100},
        )
        .add("family", {"unknown": "zoo"})
        .add("name", {"unknown": "zoo"})
        # None is the documented default (the case's own size)
        .add(
            "n_samples",
            {k_: v_ for k_, v_ in bad_counts(None).items() if k_ != "none"}
            | {"too_large": "100", "dense_cap": 20_001},
        )
        .add("seed", {"1.5": 1.5, "str": "0"})
    )
    S["battery.count_right"] = (
        Spec(fn(b.count_right, "y", "n_clusters"), {"y": Y20, "n_clusters": 2})
        # 0 is a real answer: HDBSCAN may call every point noise
        .add("n_clusters", bad_counts(None, zero=False) | {"too_large": "2", "10**12": 10**12})
        .add("n_clusters", {"more_than_points": 21, "2**63": 2**63})
        .add("y", {"2d": Y20[:, None]})
        .add("y", {"empty": Y20[:0]}, "empty")
    )
    S["battery.noise_free_ari"] = (
        Spec(fn(b.noise_free_ari, "y", "labels"), {"y": Y20, "labels": Y20})
        .add("labels", {"short": Y20[:-1], "2d": Y20[:, None]})
        .add("y", {"empty": Y20[:0]}, "empty")
        .add("y", {"short": Y20[:-1]})
    )
    S["battery.noise_free_ari"].cases = [
        (i, c | ({"labels": Y20[:0]} if i == "y=empty" else {}), n)
        for i, c, n in S["battery.noise_free_ari"].cases
    ]
    S["battery.fit_count"] = spec(
        fn(b.fit_count, "method", "X", "k"),
        {"method": "spectral+k", "X": X20, "k": 2},
        m__X=bad_matrices(X20),
        c__k=bad_counts(21),
    ).add("method", {"unknown": "zoo"})
    S["battery.run_battery"] = (
        Spec(
            fn(b.run_battery, "cases", "seeds"),
            {
                "cases": [c for c in b.CASES if c[0] == "single"][:1],
                "seeds": [0],
                "methods": ["stsc"],
                "n_samples": 100,
            },
        )
        .add("cases", {"unknown": [("zoo", "x", 100, {})], "empty": []})
        .add("seeds", {"float": [0.5], "repeat": [0, 0], "int": 0})
        .add(
            "methods", {"unknown": ["zoo"], "empty": [], "repeat": ["stsc", "stsc"], "str": "stsc"}
        )
        .add("cases", {"repeat": [c for c in b.CASES if c[0] == "single"][:1] * 2})
        .add("show", {"str": "print", "int": 1})
        .add("n_samples", {"dense_cap": 20_001, "1.5": 1.5, "str": "100"})
    )
    S["battery.summary"] = Spec(
        fn(b.summary, "rows"),
        {
            "rows": [
                {"family": "single", "method": "stsc", "right": True, "ari": 1.0, "seconds": 0.5}
            ]
        },
    ).add("rows", {"missing": [{"family": "single"}], "ndarray": np.ones((2, 2)), "empty": []})

    # ---- datasets
    d = datasets
    S["datasets.kddcup_sample_path"] = Spec(d.kddcup_sample_path, {})
    S["datasets.make_blob_grid"] = (
        Spec(d.make_blob_grid, {"n_samples": 90, "grid": 3, "spacing": 20.0})
        .add("n_samples", bad_counts(None) | {"too_large": "90", "10**12": 10**12})
        .add("grid", bad_counts(None) | {"too_large": 10**6})
        .add("spacing", bad_reals(zero=True))
    )
    S["datasets.make_fruit"] = Spec(d.make_fruit, {}).add("random_state", {"1.5": 1.5, "str": "0"})
    S["datasets.make_insider_threat"] = (
        Spec(d.make_insider_threat, {"n_employees": 50})
        .add("n_employees", bad_counts(None) | {"too_large": "50", "1": 1, "10**12": 10**12})
        .add("insider_share", {"0": 0.0, "1": 1.0, "nan": np.nan, "str": "0.1", "True": True})
    )
    S["datasets.make_road_signs"] = (
        Spec(d.make_road_signs, {"n_observations": 2000})
        .add("n_observations", bad_counts(None) | {"too_large": "2000", "10**12": 10**12})
        .add("noise_share", {"-1": -1.0, "2": 2.0, "nan": np.nan, "str": "0.1"})
    )
    S["datasets.make_security_events"] = Spec(d.make_security_events, {"n_events": 2000}).add(
        "n_events", bad_counts(None) | {"too_large": "2000", "1.5e3": 2000.5, "10**12": 10**12}
    )
    S["datasets.make_shapes"] = (
        Spec(d.make_shapes, {"kind": "blob", "n_samples": 60})
        .add("kind", {"unknown": "stars", "None": None})
        .add("n_samples", bad_counts(None) | {"too_large": "60", "10**12": 10**12})
    )
    # no good call: it would write files; each bad case is refused before any write
    S["datasets.write_all"] = Spec(fn(d.write_all, "directory"), {"directory": None}).add(
        "directory", {"none": None, "int": 3, "file": d.DATA_DIR / "fruit.csv"}
    )
    S["datasets.file_bytes"] = Spec(fn(d.file_bytes, "name"), {"name": "fruit.csv"}).add(
        "name", {"unknown": "kdd.csv", "None": None, "path": d.DATA_DIR / "fruit.csv"}
    )
    S["datasets.load_fruit"] = Spec(d.load_fruit, {}, path_call="load_fruit")
    S["datasets.load_insider_threat"] = Spec(d.load_insider_threat, {}, path_call="insider")
    for key in ("datasets.load_fruit", "datasets.load_insider_threat"):
        S[key].add("path", {"int": 12345, "list": ["fruit.csv"]})
    S["datasets.load_security_events"] = Spec(d.load_security_events, {}, path_call="events")
    S["datasets.load_kddcup"] = Spec(d.load_kddcup, {}, path_call="kdd_load").add(
        "fetch", {"with_path": True}, "path"
    )
    S["datasets.load_kddcup"].cases = [
        (i, c | {"path": "x.csv"}, n) for i, c, n in S["datasets.load_kddcup"].cases
    ]
    # "False" is a true string: it went to the network (sweep r12)
    S["datasets.load_kddcup"].add("fetch", {"str": "False", "1": 1, "none": None})
    S["datasets.load_kddcup"].add("path", {"int": 12345, "list": ["kdd.csv"]})
    S["datasets.read_kddcup_file"] = Spec(None, path_call="kdd_read")

    # ---- _validation, the sweep of issue 18 (helper H): underflow, pandas
    # columns that are not numbers, masked and object arrays, missing labels,
    # repeated columns, huge ints, flags and seeds
    frame = pd.DataFrame(X20, columns=["a", "b"])
    S["_validation.as_float_matrix"].add(
        "X",
        {
            "tiny": X20 * 1e-170,
            "tiny_float32": (X20 * 1e-20).astype(np.float32),
            "bool_column": frame.assign(b=X20[:, 1] > 0),
            "text_column": frame.assign(b=X20[:, 1].astype(str)),
            "category_column": frame.assign(b=pd.Categorical(Y20)),
            "date_column": frame.assign(b=pd.Timestamp("2020-01-01")),
            "nullable_NA": frame.assign(b=pd.array([None] + [1] * 19, dtype="Int64")),
            "object_text": X20.astype(str).astype(object),
            "masked": np.ma.masked_greater(X20, 5.0),
        },
    )
    S["_validation.check_scale"].add("arr", {"tiny": X20 * 1e-170}, "X")
    S["_validation.check_real"].add("value", {"huge_int": 10**400}, "tol")
    S["_validation.check_labels"].cases += [
        (f"labels={i}", {"labels": v, "k": None, "whole": False}, "labels")
        for i, v in {
            "None": np.array([None] + [0] * 19, dtype=object),
            "nan_object": np.array([np.float32("nan")] + [0] * 19, dtype=object),
            "NA": np.array([pd.NA] + ["a"] * 19, dtype=object),
            "mixed": np.array(["a"] + [0] * 19, dtype=object),
        }.items()
    ]
    S["_validation.check_columns"].add(
        "df",
        {
            "repeated": pd.DataFrame([[1.0, 2.0, "x"]], columns=["a", "a", "b"]),
            "multiindex": pd.DataFrame(
                [[1.0, "x"]], columns=pd.MultiIndex.from_tuples([("a", "1"), ("b", "1")])
            ),
            "category": df_ok.assign(a=pd.Categorical([1.0, 2.0])),
            "date": df_ok.assign(a=pd.to_datetime(["2020-01-01", "2020-01-02"])),
            "nullable_NA": df_ok.assign(a=pd.array([1, None], dtype="Int64")),
        },
        "df",
    )
    S["_validation.check_bool"] = Spec(
        fn(v.check_bool, "value", "name"), {"value": True, "name": "scale"}
    ).add("value", {"str": "False", "1": 1, "0": 0, "None": None, "float": 1.0}, "scale")
    S["_validation.as_sklearn_random_state"] = Spec(
        fn(v.as_sklearn_random_state, "seed"), {"seed": 0}
    ).add(
        "seed",
        {"str": "seed", "1.5": 1.5, "True": True, "-1": -1, "too_large": 2**32, "huge": 10**400},
        "random_state",
    )
    return S


def _bad_flags(good):
    """True/False flags given as something else (issue 18 sweep)."""
    return {
        "0_1_2": good.astype(int) * 2,
        "text": good.astype(str),
        "None": np.where(np.arange(good.size) == 0, None, good),
        "boolean_NA": pd.array(np.where(np.arange(good.size) == 0, None, good), dtype="boolean"),
    }


def _bad_layouts(df):
    """A table whose columns a name cannot pick out, or that is no table."""
    return {
        "dup_colnames": pd.concat([df, df[[df.columns[0]]]], axis=1),
        "multiindex_cols": df.set_axis(
            pd.MultiIndex.from_tuples([(c, "x") for c in df.columns]), axis=1
        ),
        "series": df[df.columns[-1]],
        "dict_of_lists": df.to_dict("list"),
    }


def _bad_events(ev):
    """Events with a column of the wrong kind, read by the caller or not
    (issue 18 sweep): each message names the column (which names events)."""
    one = lambda c, v: ev[c].astype(object).where(ev.index != 7, v)  # noqa: E731
    return {
        "class_uid_Int64_NA": ev.assign(
            class_uid=ev["class_uid"].astype("Int64").where(ev.index != 7)
        ),
        "class_uid_inf": ev.assign(
            class_uid=ev["class_uid"].astype(float).where(ev.index != 7, np.inf)
        ),
        "class_uid_text": ev.assign(class_uid=ev["class_uid"].astype(str)),
        "class_uid_category": ev.assign(class_uid=pd.Categorical(ev["class_uid"])),
        "class_uid_mixed": ev.assign(class_uid=one("class_uid", "x")),
        "time_datetime": ev.assign(time=pd.to_datetime(ev["time"], unit="ms")),
        "time_string": ev.assign(time=ev["time"].astype(str).astype("string")),
        "time_ns": ev.assign(time=ev["time"] * 10**6),
        "time_float32": ev.assign(time=ev["time"].astype(np.float32)),
        "time_1e290": ev.assign(time=ev["time"].astype(float) * 1e290),
        "status_int": ev.assign(status=one("status", 2)),
        "actor_int": ev.assign(actor_user_name=one("actor_user_name", 5)),
        "dup_colnames": pd.concat([ev, ev[["time"]]], axis=1),
        "multiindex_cols": ev.set_axis(
            pd.MultiIndex.from_tuples([(c, "x") for c in ev.columns]), axis=1
        ),
    }


_EVENTS = []


def _events():
    if not _EVENTS:
        _EVENTS.append(datasets.make_security_events(2000))
    return _EVENTS[0]


SPECS = _specs()


def _params():
    out = []
    for key, s in SPECS.items():
        if s is None or s.container:
            continue
        for case_id, changes, name in s.cases:
            out.append(pytest.param(key, changes, name, id=f"{key}[{case_id}]"))
    return out


def _public(module):
    mod = importlib.import_module(module)
    names = getattr(mod, "__all__", None)
    return mod, names


# --------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES)
def test_all_lists_every_public_function(module):
    mod, names = _public(module)
    assert names is not None, f"{module} has no __all__"
    public = {
        n
        for n, o in vars(mod).items()
        if not n.startswith("_")
        and (inspect.isfunction(o) or inspect.isclass(o))
        and o.__module__ == mod.__name__
    }
    missing = sorted(public - set(names))
    assert not missing, f"{module}.__all__ leaves out {missing}"


def test_every_public_callable_has_cases():
    missing = []
    for module in MODULES:
        mod, names = _public(module)
        short = module.split(".", 1)[1]
        for n in names or []:
            if callable(getattr(mod, n)) and f"{short}.{n}" not in SPECS:
                missing.append(f"{short}.{n}")
    assert not missing, f"public callables without hostile-input cases: {missing}"


def _good_params():
    out = []
    for key, s in SPECS.items():
        if s is None or s.container or s.call is None or key == "datasets.write_all":
            continue
        out.append(pytest.param(key, id=key))
    return out


@pytest.mark.parametrize("key", _good_params())
def test_the_good_call_works(key):
    """The base call of each entry works, so each bad case tests one change."""
    s = SPECS[key]
    s.call(**s.good)


@pytest.mark.parametrize(("key", "changes", "name"), _params())
def test_bad_input_is_refused_naming_the_argument(key, changes, name):
    s = SPECS[key]
    _expect_refusal(lambda: s.call(**{**s.good, **changes}), name)


def _expect_refusal(thunk, name):
    """ValueError or TypeError naming ``name``; else a short failure (no
    traceback through library code: formatting those made the xfails slow)."""
    try:
        thunk()
    except (ValueError, TypeError) as err:
        message = str(err)
    except Exception as err:  # noqa: BLE001 (what leaks out is the finding)
        pytest.fail(f"{type(err).__name__} leaked out: {err}", pytrace=False)
    else:
        pytest.fail("accepted without complaint", pytrace=False)
    if name not in message:
        pytest.fail(f"the message does not name {name!r}: {message}", pytrace=False)
    return message


# --------------------------------------------------------------------------
# loaders and broken files
# --------------------------------------------------------------------------

KDD_LINE = (
    "0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,"
    "1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00,normal.\n"
)


@functools.lru_cache
def _good_text(which):
    if which in ("kdd_read", "kdd_load"):
        return KDD_LINE * 3
    name = {"load_fruit": "fruit.csv", "insider": "insider_threat.csv"}.get(
        which, "security_events.csv.gz"
    )
    raw = datasets.file_bytes(name)
    text = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode()
    return "".join(text.splitlines(keepends=True)[:6])


def _numeric_column(which):
    return {"load_fruit": 2, "insider": 1, "events": 1}[which]  # weight, accesses, class_uid


def _broken_files(which, tmp_path):
    """(id, path, what the message must name) for one loader's broken files."""
    text = _good_text(which)
    gz = which == "events"
    lines = text.splitlines(keepends=True)
    files = {}

    def put(name, data):
        if isinstance(data, str):
            data = data.encode()
        path = tmp_path / f"{name}{'.csv.gz' if gz else '.csv'}"
        path.write_bytes(gzip.compress(data) if gz and not name.startswith("raw_") else data)
        files[name] = path

    put("empty", b"")
    put("undecodable", lines[0].encode() + b"\xff\xfe\x00garbage\n" + lines[-1].encode())
    put("cut_last_line", "".join(lines)[: -len(lines[-1]) // 2])
    if which.startswith("kdd"):
        put("missing_field", KDD_LINE.replace("0,tcp,", "tcp,", 1))
        put("extra_field", KDD_LINE.replace("normal.", "0,normal."))
        put("text_in_number", KDD_LINE.replace(",181,", ",many,", 1))
        put("out_of_range", KDD_LINE.replace(",181,", ",-181,", 1))
        put("rate_out_of_range", KDD_LINE.replace("1.00,0.00,0.00,9", "7.50,0.00,0.00,9", 1))
    else:
        header, first = lines[0], lines[1]
        col = _numeric_column(which)
        cells = first.rstrip("\n").split(",")
        put(
            "missing_column",
            "".join(
                ",".join(r.rstrip("\n").split(",")[:col] + r.rstrip("\n").split(",")[col + 1 :])
                + "\n"
                for r in lines
            ),
        )
        put("missing_field", header + ",".join(cells[:-1]) + "\n" + "".join(lines[2:]))
        put("extra_field", header + first.rstrip("\n") + ",1\n" + "".join(lines[2:]))
        bad = list(cells)
        bad[col] = "many"
        put("text_in_number", header + ",".join(bad) + "\n" + "".join(lines[2:]))
        bad[col] = ""
        put("empty_cell", header + ",".join(bad) + "\n" + "".join(lines[2:]))
        bad[col] = "-5"
        put("out_of_range", header + ",".join(bad) + "\n" + "".join(lines[2:]))
        put("header_only", header)
    folder = tmp_path / "a_folder.csv"
    folder.mkdir()
    files["folder"] = folder
    raw = tmp_path / "notgzip.csv.gz"
    raw.write_bytes(b"this is not gzip at all\n")
    files["not_gzip"] = raw
    trunc = tmp_path / "truncated.csv.gz"
    trunc.write_bytes(gzip.compress(text.encode() * 50)[:60])
    files["truncated_gzip"] = trunc
    return files


def _load_with(which, path):
    if which == "kdd_read":
        return datasets.read_kddcup_file(path)
    if which == "kdd_load":
        return datasets.load_kddcup(path)
    loader = {
        "load_fruit": datasets.load_fruit,
        "insider": datasets.load_insider_threat,
        "events": datasets.load_security_events,
    }[which]
    return loader(path)


LOADERS = {
    "load_fruit": "datasets.load_fruit",
    "insider": "datasets.load_insider_threat",
    "events": "datasets.load_security_events",
    "kdd_read": "datasets.read_kddcup_file",
    "kdd_load": "datasets.load_kddcup",
}
BROKEN = [
    "empty",
    "undecodable",
    "cut_last_line",
    "missing_field",
    "extra_field",
    "text_in_number",
    "out_of_range",
    "folder",
    "not_gzip",
    "truncated_gzip",
    "missing_column",
    "empty_cell",
    "header_only",
    "rate_out_of_range",
]
_KDD_ONLY = {"rate_out_of_range"}
_TABLE_ONLY = {"missing_column", "empty_cell", "header_only"}


def _loader_params():
    out = []
    for which, key in LOADERS.items():
        for broken in BROKEN:
            kdd = which.startswith("kdd")
            if (broken in _KDD_ONLY and not kdd) or (broken in _TABLE_ONLY and kdd):
                continue
            out.append(pytest.param(which, broken, id=f"{key}[{broken}]"))
    return out


@pytest.mark.parametrize(("which", "broken"), _loader_params())
def test_broken_file_is_refused_naming_the_file(which, broken, tmp_path):
    path = _broken_files(which, tmp_path)[broken]
    message = _expect_refusal(lambda: _load_with(which, path), path.name)
    if broken in {
        "text_in_number",
        "out_of_range",
        "empty_cell",
        "extra_field",
        "missing_field",
        "rate_out_of_range",
        "undecodable",
    }:
        assert re.search(r"line \d+", message), f"the message gives no line: {message}"


@pytest.mark.parametrize("which", list(LOADERS))
def test_a_good_file_loads(which, tmp_path):
    text = _good_text(which)
    path = tmp_path / ("good.csv.gz" if which == "events" else "good.csv")
    path.write_bytes(gzip.compress(text.encode()) if which == "events" else text.encode())
    out = _load_with(which, path)
    if isinstance(out, tuple):
        out = out[0]
    assert len(out) == len(text.splitlines()) - (0 if which.startswith("kdd") else 1)
