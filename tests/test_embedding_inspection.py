"""helpers.embedding_inspection: sanity checks that report instead of
raising, 2-D projections, nearest neighbours, and what is inside clusters."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import make_blobs

from helpers.embedding_inspection import (
    check_embeddings,
    cluster_profiles,
    nearest_neighbours,
    project_2d,
    representatives,
)


def _blobs(std, seed=0):
    return make_blobs(2000, 8, centers=5, cluster_std=std, random_state=seed)


def test_checks_report_what_is_wrong_without_raising():
    Z = np.random.default_rng(0).normal(size=(200, 4))
    assert check_embeddings(Z)["ok"].all()
    Z[5, 1] = np.nan
    Z[:, 3] = 2.0  # a dead dimension
    table = check_embeddings(Z).set_index("check")
    assert not table.loc["rows with NaN or infinity", "ok"]
    assert table.loc["rows with NaN or infinity", "value"] == 1
    assert not table.loc["dimensions with no spread", "ok"]
    collapsed = np.ones((100, 3)) + 1e-9 * np.random.default_rng(1).normal(size=(100, 3))
    table = check_embeddings(collapsed).set_index("check")
    assert not table.loc["relative spread of the norms", "ok"]
    assert not table.loc["distance of the mean from 0, in spreads", "ok"]


@settings(max_examples=40)
@given(st.integers(6, 40), st.integers(0, 10**6), st.integers(1, 4))
def test_neighbours_never_include_the_query_and_skip_its_copies(n, seed, k):
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, 3))
    Z[1] = Z[0]  # an exact copy
    keys = np.arange(n)
    keys[1] = 0
    table = nearest_neighbours(Z, np.arange(n), k=k, keys=keys)
    assert (table["query"] != table["neighbour"]).all()
    for q, rows in table.groupby("query"):
        assert len(rows) == k and rows["neighbour"].is_unique
        assert (rows["cosine"].diff().dropna() <= 1e-12).all()  # best first
        if q in (0, 1):
            assert not set(rows["neighbour"]) & {0, 1}
            assert (rows["n_duplicates"] == 1).all()


def test_neighbours_refuse_bad_input():
    Z = np.eye(4)
    with pytest.raises(ValueError, match=r"k must be in 1..3"):
        nearest_neighbours(Z, [0], k=4)
    with pytest.raises(ValueError, match="only 2 other"):  # one copy of the query left out
        nearest_neighbours(Z, [0], k=3, keys=[0, 0, 1, 2])
    with pytest.raises(ValueError, match="row numbers"):
        nearest_neighbours(Z, [9], k=2)
    with pytest.raises(ValueError, match="all zeros"):
        nearest_neighbours(np.vstack([Z, np.zeros(4)]), [0], k=2)


def test_projections_are_seeded_samples():
    X, _ = _blobs(1.0)
    rows, Y = project_2d(X, "tsne", sample_size=300, perplexity=10)
    rows2, Y2 = project_2d(X, "tsne", sample_size=300, perplexity=10)
    assert Y.shape == (300, 2) and np.array_equal(rows, rows2)
    np.testing.assert_allclose(Y, Y2)
    with pytest.raises(ValueError, match="perplexity"):
        project_2d(X, "tsne", sample_size=50, perplexity=80)
    with pytest.raises(ValueError, match="method"):
        project_2d(X, "pca")


def test_profiles_and_representatives():
    X, y = _blobs(1.0)
    table = pd.DataFrame({"kind": np.where(y == 0, "a", "b")})
    profiles = cluster_profiles(table, y, X, ["kind"])
    assert list(profiles.columns) == [f"cluster {i}" for i in range(5)]
    assert profiles.loc["kind", "cluster 0"] == "a (100%)"
    assert sum(profiles.loc["events"]) == len(X)
    reps = representatives(X, y, n=3)
    for label, rows in reps.items():
        assert (y[rows] == label).all() and len(rows) == 3


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_project_2d_refuses_identical_embeddings(method):
    # scikit-learn's TSNE ended the interpreter (segmentation fault) on these
    with pytest.raises(ValueError, match="all the same vector"):
        project_2d(np.zeros((60, 4)), method)
    with pytest.raises(ValueError, match="all the same vector"):
        project_2d(np.ones((60, 4)) * 3.0, method)


def test_project_2d_takes_a_generator_and_names_a_bad_seed():
    X, _ = _blobs(1.0)
    rows, _ = project_2d(
        X, "tsne", sample_size=40, perplexity=5, random_state=np.random.default_rng(0)
    )
    assert rows.shape == (40,)
    for bad, err in [("0", TypeError), (-1, ValueError), (2**40, ValueError), (1.5, TypeError)]:
        with pytest.raises(err, match="random_state"):
            project_2d(X, "tsne", sample_size=40, perplexity=5, random_state=bad)


@pytest.mark.parametrize("missing", [None, np.nan])
def test_profiles_and_representatives_refuse_missing_labels(missing):
    X, y = _blobs(1.0)
    labels = y.astype(object)
    labels[3] = missing
    table = pd.DataFrame({"kind": np.where(y == 0, "a", "b")})
    # NaN made a cluster "nan" holding no row (representatives), or an IndexError
    with pytest.raises(ValueError, match="labels holds a missing"):
        representatives(X, labels)
    with pytest.raises(ValueError, match="labels holds a missing"):
        cluster_profiles(table, labels, X, ["kind"])


def test_representatives_take_any_label_values_and_cap_n():
    X, y = _blobs(1.0)
    # object labels failed with "'int' object has no attribute 'item'" (repro r09)
    reps = representatives(X, y.astype(object), n=1)
    assert sorted(reps) == sorted(set(y.tolist()))
    assert representatives(X, np.array(["a", "b"])[y % 2], n=1).keys() == {"a", "b"}
    with pytest.raises(ValueError, match=rf"n must be in 1..{len(X)}"):
        representatives(X, y, n=len(X) + 1)
    assert sum(map(len, representatives(X, y, n=len(X)).values())) == len(X)


@pytest.mark.parametrize(
    "Z",
    [
        np.ma.masked_array(np.eye(3), mask=np.eye(3, dtype=bool)),
        pd.DataFrame(np.eye(3)).astype("category"),
        np.eye(3).astype(str).astype(object),
    ],
    ids=["masked", "category", "object_text"],
)
def test_check_embeddings_refuses_values_that_are_not_numbers(Z):
    # it reports NaN and infinity, but masked values, categories and text were
    # taken as numbers (the shared layer's dtype checks now run first)
    with pytest.raises((TypeError, ValueError), match="Z"):
        check_embeddings(Z)


# --- issue 18: what cluster_profiles reads, and what it refuses ---------


def _profile_table():
    Z = np.vstack([np.ones((30, 2)), np.ones((30, 2)) * [1, -1]])
    labels = np.repeat([0, 1], 30)
    table = pd.DataFrame({"f": list("ab") * 30, "n": np.repeat([1.0, 2.0], 30)})
    return table, labels, Z


def test_profiles_show_a_missing_value_as_none_and_read_only_the_fields():
    table, labels, Z = _profile_table()
    f = table["f"].astype(object)
    for missing in (None, np.nan, ""):
        shown = cluster_profiles(table.assign(f=f.where(labels == 1, missing)), labels, Z, ["f"])
        assert shown.loc["f", "cluster 0"] == "(none) (100%)"
    # other kinds of values: numbers, text digits, categories, dates, one per column
    for n in (table["n"].astype(str), table["n"].astype("category"), pd.Timestamp("2020-01-01")):
        cluster_profiles(table.assign(n=n), labels, Z, ["n"])
    # a column outside fields is not read, whatever it holds
    cluster_profiles(table.assign(n=[np.inf, "x"] * 30), labels, Z, ["f"])
    # labels of any kind name the clusters
    assert list(cluster_profiles(table, labels.astype(str), Z, ["f"]).columns) == [
        "cluster 0",
        "cluster 1",
    ]


@pytest.mark.parametrize(
    ("change", "fields", "err", "match"),
    [
        (None, [], ValueError, "fields is empty"),
        (None, ["f", "f"], ValueError, "fields lists 'f' twice"),
        (None, "f", TypeError, "fields must be a list"),
        (None, [None], ValueError, r"fields names \[None\]"),
        (None, [["f"]], ValueError, "fields names"),
        (
            lambda t: t.assign(f=t["f"].astype(object).where(t.index != 3, 5)),
            ["f"],
            TypeError,
            "field 'f' of table mixes",
        ),
        (
            lambda t: t.assign(n=t["n"].where(t.index != 3, np.inf)),
            ["n"],
            ValueError,
            "field 'n' of table holds infinity",
        ),
        (lambda t: pd.concat([t, t[["f"]]], axis=1), ["f"], ValueError, "table has repeated"),
    ],
)
def test_profiles_refuse_fields_they_cannot_read(change, fields, err, match):
    table, labels, Z = _profile_table()
    with pytest.raises(err, match=match):
        cluster_profiles(table if change is None else change(table), labels, Z, fields)


def test_project_2d_reads_perplexity_as_a_number():
    X, _ = _blobs(1.0)
    a = project_2d(X, sample_size=100, perplexity=5)[1]
    np.testing.assert_array_equal(project_2d(X, sample_size=100, perplexity=Fraction(5))[1], a)
    # a sample larger than the rows is all of them
    assert len(project_2d(X[:50], sample_size=2**63, perplexity=5)[0]) == 50
    for bad in ("5", [5]):
        with pytest.raises(ValueError, match="perplexity must be a finite number"):
            project_2d(X, sample_size=100, perplexity=bad)
