"""helpers.hierarchical: the weighted feature matrix, linkage checks, cutting."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.cluster import hierarchy
from scipy.spatial.distance import pdist
from sklearn.base import clone
from sklearn.cluster import AgglomerativeClustering
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers import hierarchical as hh
from helpers.datasets import load_fruit

NUMERIC = ["weight_grams", "sweetness_level", "color_intensity"]


@pytest.fixture
def fruit():
    return load_fruit()


def test_weighted_features_scale_and_weight(fruit):
    wf = hh.WeightedFeatures(NUMERIC, "genus", weight=3.0)
    F = wf.fit_transform(fruit)
    n_genera = fruit["genus"].nunique()
    assert F.shape == (len(fruit), 3 + n_genera)
    np.testing.assert_allclose(F[:, :3].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(F[:, :3].std(axis=0), 1)
    onehot = F[:, 3:]
    assert set(np.unique(onehot)) == {0.0, 3.0}
    assert (onehot.sum(axis=1) == 3.0).all()  # exactly one genus per row
    assert wf.feature_names_out_[3] == "genus=Citrus"


def test_weight_zero_ignores_the_category(fruit):
    F0 = hh.WeightedFeatures(NUMERIC, "genus", weight=0).fit_transform(fruit)
    assert (F0[:, 3:] == 0).all()


def test_unknown_category_at_transform_is_refused(fruit):
    wf = hh.WeightedFeatures(NUMERIC, "genus").fit(fruit)
    new = fruit.head(2).copy()
    new.loc[new.index[0], "genus"] = "Ficus"
    with pytest.raises(ValueError, match=r"never seen in fit: \['Ficus'\]"):
        wf.transform(new)


def test_missing_column_and_negative_weight_are_refused(fruit):
    with pytest.raises(ValueError, match="numeric names 'sweetness_level', which is not a column"):
        hh.WeightedFeatures(NUMERIC, "genus").fit(fruit.drop(columns="sweetness_level"))
    with pytest.raises(ValueError, match="weight must be a finite number >= 0"):
        hh.WeightedFeatures(NUMERIC, "genus", weight=-1).fit(fruit)
    with pytest.raises(ValueError, match=r"df has 1 rows; it needs at least 2"):
        hh.WeightedFeatures(NUMERIC, "genus").fit(fruit.head(1))


def test_transform_before_fit_says_so(fruit):
    wf = hh.WeightedFeatures(NUMERIC, "genus")
    with pytest.raises(NotFittedError, match="call fit"):
        wf.transform(fruit)
    with pytest.raises(NotFittedError, match="call fit"):
        wf.get_feature_names_out()


def test_weighted_features_is_a_column_transformer_with_transformer_weights(fruit):
    # the reading of it, checked: same numbers as scikit-learn's own
    wf = hh.WeightedFeatures(NUMERIC, "genus", weight=2.5).fit(fruit)
    plain = ColumnTransformer(
        [("numbers", StandardScaler(), NUMERIC), ("genus", OneHotEncoder(), ["genus"])],
        transformer_weights={"genus": 2.5},
        sparse_threshold=0,
    )
    np.testing.assert_array_equal(wf.transform(fruit), plain.fit_transform(fruit))
    assert isinstance(wf.column_transformer_, ColumnTransformer)


def test_weighted_features_in_a_pipeline(fruit):
    pipe = make_pipeline(
        hh.WeightedFeatures(NUMERIC, "genus", weight=3.0),
        AgglomerativeClustering(7, linkage="ward"),
    )
    labels = pipe.fit_predict(fruit)
    F = hh.WeightedFeatures(NUMERIC, "genus", weight=3.0).fit_transform(fruit)
    by_hand = hh.cut_into_groups(hh.linkage_matrix(F, "ward"), n_clusters=7)
    assert adjusted_rand_score(labels, by_hand) == 1.0
    names = pipe[0].get_feature_names_out()
    assert names.tolist() == NUMERIC + [f"genus={g}" for g in sorted(fruit["genus"].unique())]


def test_weighted_features_keep_the_estimator_contract(fruit):
    wf = hh.WeightedFeatures(NUMERIC, "genus", weight=2)
    assert wf.get_params() == {"numeric": NUMERIC, "categorical": "genus", "weight": 2}
    assert clone(wf).set_params(weight=0).fit_transform(fruit)[:, 3:].max() == 0
    fitted = wf.fit(fruit)
    assert fitted is wf and wf.n_features_in_ == fruit.shape[1]
    assert wf.feature_names_in_.tolist() == list(fruit.columns)
    # fit(X, y) accepts and ignores y, as a Pipeline passes it
    np.testing.assert_array_equal(
        clone(wf).fit(fruit, fruit["genus"]).transform(fruit), wf.transform(fruit)
    )


def test_weighted_features_set_output_pandas(fruit):
    wf = hh.WeightedFeatures(NUMERIC, "genus").set_output(transform="pandas")
    frame = wf.fit_transform(fruit)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == wf.get_feature_names_out().tolist()
    assert frame.index.equals(fruit.index)
    np.testing.assert_array_equal(
        frame.to_numpy(), wf.set_output(transform="default").transform(fruit)
    )


def test_weighted_features_checks_its_parameters_at_fit_not_init(fruit):
    bad = hh.WeightedFeatures("weight_grams", "genus")  # stored as given, like scikit-learn's
    assert bad.numeric == "weight_grams"
    with pytest.raises(TypeError, match=r"such as \['weight_grams'\]"):
        bad.fit(fruit)
    with pytest.raises(TypeError, match="one column name"):
        hh.WeightedFeatures(NUMERIC, ["genus"]).fit(fruit)
    with pytest.raises(ValueError, match="both numeric and categorical"):
        hh.WeightedFeatures([*NUMERIC, "genus"], "genus").fit(fruit)
    with pytest.raises(ValueError, match="weight"):
        hh.WeightedFeatures(NUMERIC, "genus", weight=True).fit(fruit)


def test_transform_of_an_empty_table_names_it(fruit):
    wf = hh.WeightedFeatures(NUMERIC, "genus").fit(fruit)
    with pytest.raises(ValueError, match=r"df has 0 rows; it needs at least 1"):
        wf.transform(fruit.iloc[:0])


def test_categories_must_be_text_not_numbers_among_names():
    # 1 and "1" both became the category g=1 (the sweep's g:int_one)
    df = pd.DataFrame({"w": [1.0, 2.0, 3.0, 4.0], "g": [1, "1", 2, 2]})
    with pytest.raises(TypeError, match=r"column 'g' of df must hold text; row 0 holds int 1"):
        hh.WeightedFeatures(["w"], "g", weight=1).fit(df)
    wf = hh.WeightedFeatures(["w"], "g", weight=1).fit(df.astype({"g": str}))
    assert wf.get_feature_names_out().tolist() == ["w", "g=1", "g=2"]
    with pytest.raises(TypeError, match="column 'g' of df must hold text; row 2 holds int 2"):
        wf.transform(df.astype({"g": object}).assign(g=["1", "1", 2, "2"]))


def test_cut_into_groups_is_fcluster_not_scipys_cut_tree():
    X = np.random.default_rng(3).normal(size=(30, 2))
    Z = hh.linkage_matrix(X, "average")
    ours = hh.cut_into_groups(Z, n_clusters=4)
    np.testing.assert_array_equal(ours, hierarchy.fcluster(Z, t=4, criterion="maxclust"))
    assert ours.min() == 1 and ours.max() == 4  # numbered from 1, as fcluster does
    theirs = hierarchy.cut_tree(Z, n_clusters=4)  # the same partition, 0-based and 2-D
    assert theirs.shape == (30, 1) and theirs.min() == 0
    assert adjusted_rand_score(ours, theirs[:, 0]) == 1.0
    assert "cut_tree" not in hh.__all__


@pytest.mark.parametrize("method", hh.LINKAGE_METHODS)
def test_linkage_matches_scipy(method):
    X = np.random.default_rng(0).normal(size=(25, 3))
    Z = hh.linkage_matrix(X, method)
    ref = hierarchy.linkage(X, method=method)
    np.testing.assert_allclose(Z, ref)


def test_ward_with_a_non_euclidean_metric_is_refused():
    X = np.random.default_rng(0).normal(size=(5, 2))
    with pytest.raises(ValueError, match="Ward linkage is defined for Euclidean"):
        hh.linkage_matrix(X, "ward", "cityblock")


@pytest.mark.parametrize(
    ("X", "kw", "match"),
    [
        ([[1.0, 2.0]], {}, "at least 2"),
        ([[1.0, np.nan], [0.0, 0.0]], {}, "NaN"),
        ([[1.0], [2.0]], {"method": "centroid"}, "method must be"),
        ([[1.0], [2.0]], {"method": "single", "metric": "cosine"}, "metric must be"),
    ],
)
def test_linkage_bad_input(X, kw, match):
    with pytest.raises(ValueError, match=match):
        hh.linkage_matrix(X, **kw)


def test_cophenetic_correlation_is_high_for_separated_groups():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(0, 0.1, (10, 2)), rng.normal(10, 0.1, (10, 2))])
    c = hh.cophenetic_correlations(X)
    assert list(c.index) == list(hh.LINKAGE_METHODS)
    assert (c > 0.95).all()
    assert "ward" not in hh.cophenetic_correlations(X, metric="cityblock").index


def test_cut_tree_by_number_and_by_height():
    X = np.array([[0.0], [0.2], [5.0], [5.3], [20.0]])
    Z = hh.linkage_matrix(X, "single")
    np.testing.assert_array_equal(hh.cut_into_groups(Z, n_clusters=3), [1, 1, 2, 2, 3])
    np.testing.assert_array_equal(hh.cut_into_groups(Z, height=1.0), [1, 1, 2, 2, 3])
    h = hh.cut_height_for(Z, 3)
    assert 0.3 < h < 4.8
    with pytest.raises(ValueError, match="exactly one"):
        hh.cut_into_groups(Z)
    with pytest.raises(ValueError, match="exactly one"):
        hh.cut_into_groups(Z, n_clusters=2, height=1.0)
    with pytest.raises(ValueError, match="1..5"):
        hh.cut_into_groups(Z, n_clusters=6)
    with pytest.raises(ValueError, match="height"):
        hh.cut_into_groups(Z, height=-1)


def test_agreement_table_and_ari():
    table, ari = hh.agreement([1, 1, 2, 2], ["a", "a", "b", "b"])
    assert ari == 1.0
    assert table.loc[1, "a"] == 2 and table.loc[2, "a"] == 0
    with pytest.raises(ValueError, match="equal length"):
        hh.agreement([1, 2], ["a"])


def test_duplicate_names_stay_distinct(fruit):
    labels = hh.unique_labels(fruit["fruit_name"])
    assert len(set(labels)) == len(labels)
    assert labels[1] == f"{fruit['fruit_name'][1]} (2)"


distinct_points = st.integers(3, 30).flatmap(
    lambda n: arrays(np.float64, (n, 2), elements=st.floats(-50, 50, width=16), unique=True)
)


@settings(max_examples=50, deadline=None)
@given(distinct_points, st.sampled_from(hh.LINKAGE_METHODS), st.floats(0, 40))
def test_cut_by_height_keeps_every_group_joined_below_the_height(X, method, h):
    Z = hh.linkage_matrix(X, method)
    groups = hh.cut_into_groups(Z, height=h)
    coph = hierarchy.cophenet(Z)
    same = pdist(groups[:, None], lambda a, b: float(a[0] == b[0])) == 1
    # inside a group, the tree joined the two samples at or below the cut;
    # across groups, only above it
    assert np.all(coph[same] <= h + 1e-9)
    assert np.all(coph[~same] > h - 1e-9)


@settings(max_examples=50, deadline=None)
@given(distinct_points, st.sampled_from(hh.LINKAGE_METHODS), st.data())
def test_cut_by_number_gives_at_most_that_many_groups(X, method, data):
    k = data.draw(st.integers(1, len(X)))
    groups = hh.cut_into_groups(hh.linkage_matrix(X, method), n_clusters=k)
    assert len(np.unique(groups)) <= k
    assert groups.shape == (len(X),)


def test_feature_names_keep_table_order(fruit):
    wf = hh.WeightedFeatures(NUMERIC, "genus").fit(fruit)
    frame = pd.DataFrame(wf.transform(fruit), columns=wf.feature_names_out_)
    assert list(frame.columns[:3]) == NUMERIC


def _tree():
    return hh.linkage_matrix(np.arange(12.0).reshape(6, 2))


def _broken(change):
    Z = _tree()
    change(Z)
    return Z


def _set(row, col, value):
    def change(Z):
        Z[row, col] = value

    return change


BAD_TREES = {
    # issue 18's reproducer: a NaN reached SciPy's compiled code and crashed it
    "nan index": (_broken(_set(0, 0, np.nan)), "NaN or infinity"),
    "inf height": (_broken(_set(2, 2, np.inf)), "NaN or infinity"),
    "negative height": (_broken(_set(0, 2, -1.0)), "negative merge height"),
    "heights decrease": (_broken(_set(4, 2, 0.0)), "must not decrease"),
    "index not whole": (_broken(_set(0, 1, 1.5)), "whole numbers"),
    "index too large": (_broken(_set(0, 1, 99)), "does not exist yet"),
    "negative index": (_broken(_set(0, 0, -1)), "does not exist yet"),
    "merge not formed yet": (_broken(_set(0, 1, 7)), "does not exist yet"),
    "merged twice": (_broken(lambda Z: Z.__setitem__((1, slice(0, 2)), Z[0, :2])), "already"),
    "merged with itself": (_broken(_set(0, 1, 0)), "with itself"),
    "count wrong": (_broken(_set(0, 3, 5)), "count of 5"),
    "three columns": (_tree()[:, :3], r"shape \(n_samples - 1, 4\)"),
    "1-D": (_tree()[0], r"shape \(n_samples - 1, 4\)"),
    "no rows": (np.empty((0, 4)), "at least one row"),
    "complex": (_tree().astype(complex), "real numbers"),
    "bool": (_tree() > 0, "real numbers"),
    "text": (np.array([["a", "b", "c", "d"]]), "real numbers"),
    # np.asarray dropped the mask, and a frame of categories passed as numbers
    "masked": (
        np.ma.masked_array(_tree(), mask=np.arange(_tree().size).reshape(_tree().shape) == 2),
        "masked value",
    ),
    "categories": (pd.DataFrame(_tree()).astype("category"), "categories"),
}


@pytest.mark.parametrize("case", BAD_TREES, ids=list(BAD_TREES))
@pytest.mark.parametrize(
    "call",
    [
        lambda Z: hh.cut_into_groups(Z, n_clusters=2),
        lambda Z: hh.cut_into_groups(Z, height=1.0),
        lambda Z: hh.cut_height_for(Z, 2),
    ],
    ids=["cut_into_groups by number", "cut_into_groups by height", "cut_height_for"],
)
def test_a_broken_linkage_matrix_is_refused_before_scipy_sees_it(case, call):
    Z, match = BAD_TREES[case]
    with pytest.raises(ValueError, match=match) as err:
        call(Z)
    assert str(err.value).startswith("Z")  # names the argument
    assert "linkage_matrix" in str(err.value)  # and says what to pass instead


def test_a_valid_tree_from_scipy_passes_the_check():
    X = np.random.default_rng(3).normal(size=(30, 2))
    for method in ("single", "complete", "average", "ward", "weighted"):
        Z = hierarchy.linkage(X, method=method)
        assert hh.cut_into_groups(Z, n_clusters=4).max() <= 4
        assert hh.cut_into_groups(Z.astype(np.float32), height=hh.cut_height_for(Z, 4)).max() == 4


@pytest.mark.parametrize("k", [np.int64(3), np.int32(3), 3])
def test_numpy_whole_numbers_are_accepted(k):
    Z = hh.linkage_matrix([[0.0], [0.2], [5.0], [5.3], [20.0]], "single")
    np.testing.assert_array_equal(hh.cut_into_groups(Z, n_clusters=k), [1, 1, 2, 2, 3])
    assert 0.3 < hh.cut_height_for(Z, k) < 4.8


@pytest.mark.parametrize("bad", [True, False, 2.0, 1.5, "2", None, 0, 6])
def test_counts_must_be_whole_numbers_in_range(bad):
    Z = hh.linkage_matrix([[0.0], [0.2], [5.0], [5.3], [20.0]], "single")
    if bad is not None:
        with pytest.raises(ValueError, match="n_clusters"):
            hh.cut_into_groups(Z, n_clusters=bad)
    with pytest.raises(ValueError, match="n_clusters"):
        hh.cut_height_for(Z, bad)


@pytest.mark.parametrize("bad", [True, np.nan, np.inf, -0.5, "1", 1j])
def test_height_must_be_a_finite_number_at_least_zero(bad):
    Z = hh.linkage_matrix([[0.0], [0.2], [5.0]], "single")
    with pytest.raises(ValueError, match="height must be"):
        hh.cut_into_groups(Z, height=bad)
    assert hh.cut_into_groups(Z, height=np.float32(1.0)).tolist() == [1, 1, 2]


def test_agreement_by_weight_matches_the_steps_one_by_one(fruit):
    weights = [0, 1, 3]
    ari = hh.agreement_by_weight(fruit, NUMERIC, "genus", weights, 7)
    assert list(ari.index) == weights
    for w in weights:
        F = hh.WeightedFeatures(NUMERIC, "genus", weight=w).fit_transform(fruit)
        groups = hh.cut_into_groups(hh.linkage_matrix(F, "ward"), n_clusters=7)
        assert ari[w] == hh.agreement(groups, fruit["genus"])[1]
    # a large weight puts the category on top of the tree
    assert hh.agreement_by_weight(fruit, NUMERIC, "genus", [10], 7)[10] == 1.0


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([], 7), "weights is empty"),
        (([1], True), "n_clusters"),
        (([1], 0), "n_clusters"),
        (([-1], 7), "each of weights must be"),
    ],
)
def test_agreement_by_weight_bad_input(fruit, args, match):
    with pytest.raises(ValueError, match=match):
        hh.agreement_by_weight(fruit, NUMERIC, "genus", *args)
    with pytest.raises(ValueError, match="categorical names 'family', which is not a column"):
        hh.agreement_by_weight(fruit, NUMERIC, "family", [1], 7)


def test_first_partners_of_twins_and_of_a_sample_that_joins_a_pair():
    X = [[0.0], [0.1], [0.5], [10.0], [10.2]]
    Z = hh.linkage_matrix(X, "single")
    partners = hh.first_partners(Z, ["a", "a", "b", "c", "c"])
    assert partners == [["a"], ["a"], ["a", "a"], ["c"], ["c"]]
    with pytest.raises(ValueError, match="labels has 2 entries"):
        hh.first_partners(Z, ["a", "b"])
    Z[0, 0] = np.nan
    with pytest.raises(ValueError, match="Z contains NaN"):
        hh.first_partners(Z, list("abcde"))


def test_cophenetic_correlations_refuse_scales_whose_fourth_powers_overflow():
    # the correlation multiplies sums of squared distances: ward gave 0.0 at
    # 1e75 and every method inf below 1e-90; right from 1e-72 to 1e74
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(10, 2)), rng.normal(size=(10, 2)) + 8])
    truth = hh.cophenetic_correlations(X)
    for scale in (1e-72, 1e74):
        np.testing.assert_allclose(hh.cophenetic_correlations(X * scale), truth, rtol=1e-9)
    with pytest.raises(ValueError, match="overflow"):
        hh.cophenetic_correlations(X * 1e75)
    with pytest.raises(ValueError, match="underflow"):
        hh.cophenetic_correlations(X * 1e-90)


@pytest.mark.parametrize("missing", [None, np.nan])
def test_weighted_features_refuse_a_missing_category(missing):
    # it became a category of its own (g=nan, or g=None)
    df = pd.DataFrame({"w": [1.0, 2.0, 3.0, 4.0], "g": ["a", missing, "b", "a"]})
    with pytest.raises(
        ValueError, match="categorical column 'g' of df holds a missing value \\(row 1\\)"
    ):
        hh.WeightedFeatures(["w"], "g").fit(df)
    wf = hh.WeightedFeatures(["w"], "g").fit(df.fillna("b"))
    with pytest.raises(ValueError, match="'g'.*row 1"):
        wf.transform(df)


def test_agreement_takes_any_names_of_groups_as_scikit_learn_does():
    truth = np.array(["a", "a", "b", "b"])
    for groups in (
        [0, 0, 1, 1],
        [0.0, 0.0, 1.0, 1.0],
        ["0", "0", "1", "1"],
        np.array([0, 0, 1, 1], dtype=object),
        np.array(["2020-01-01", "2020-01-01", "2021-01-01", "2021-01-01"], dtype="datetime64[D]"),
    ):
        table, ari = hh.agreement(groups, truth)
        assert ari == 1.0 and table.to_numpy().tolist() == [[2, 0], [0, 2]]


def test_names_are_text_one_per_sample():
    assert hh.unique_labels(["a", "a", "b", "a"]) == ["a", "a (2)", "b", "a (3)"]
    Z = hh.linkage_matrix([[0.0], [1.0], [5.0]], method="single")
    for bad, what in [
        ([], "non-empty"),
        (["a", None], "entry 1 is NoneType"),
        ([b"a"], "entry 0 is bytes"),
        (["a", np.nan], "entry 1 is float"),
    ]:
        with pytest.raises(TypeError, match=f"names must .*{what}"):
            hh.unique_labels(bad)
    with pytest.raises(TypeError, match="labels must hold text; entry 2 is int"):
        hh.first_partners(Z, ["a", "b", 3])


def test_agreement_by_weight_reads_only_its_columns_and_wants_a_list_of_weights():
    df = pd.DataFrame({"w": [1.0, 1.1, 5.0, 5.2], "g": ["a", "b", "a", "b"]})
    messy = df.assign(s=pd.array([1, None, 3, 4], dtype="Int64"), t=["x", 2, None, np.inf])
    pd.testing.assert_series_equal(
        hh.agreement_by_weight(messy, ["w"], "g", [0, 10], 2),
        hh.agreement_by_weight(df, ["w"], "g", [0, 10], 2),
    )
    with pytest.raises(TypeError, match="weights must be a list of numbers"):
        hh.agreement_by_weight(df, ["w"], "g", (w for w in [0, 10]), 2)
    with pytest.raises(ValueError, match="df has 1 rows; it needs at least 2"):
        hh.agreement_by_weight(df.head(1), ["w"], "g", [0, 10], 1)


@pytest.mark.parametrize(
    "numeric, categorical, named",
    [(["w"], "G", "categorical"), (["W"], "g", "numeric"), (["w"], "g ", "categorical")],
)
def test_a_column_df_lacks_is_named_with_its_argument(numeric, categorical, named):
    df = pd.DataFrame({"w": [1.0, 1.1, 5.0, 5.2], "g": ["a", "b", "a", "b"]})
    with pytest.raises(ValueError, match=f"^{named} names .* not a column of df"):
        hh.WeightedFeatures(numeric, categorical).fit(df)
    with pytest.raises(ValueError, match=f"^{named} names .* not a column of df"):
        hh.agreement_by_weight(df, numeric, categorical, [0, 1], 2)
