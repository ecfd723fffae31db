"""helpers.anomaly: scores, thresholds, explanations and evaluation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import anomaly


def test_distance_to_nearest_centroid_is_euclidean():
    rng = np.random.default_rng(0)
    X, C = rng.normal(size=(500, 4)), rng.normal(size=(3, 4))
    d, labels = anomaly.distance_to_nearest_centroid(X, C)
    full = np.linalg.norm(X[:, None] - C[None], axis=-1)
    np.testing.assert_allclose(d, full.min(axis=1))
    np.testing.assert_array_equal(labels, full.argmin(axis=1))


def test_centroids_of_another_width_are_refused():
    with pytest.raises(ValueError, match="same feature matrix"):
        anomaly.distance_to_nearest_centroid(np.zeros((3, 2)), np.zeros((1, 3)))


@settings(max_examples=60)
@given(
    arrays(np.float64, st.integers(1, 200), elements=st.floats(0, 1e6)),
    st.data(),
)
def test_top_n_threshold_flags_at_least_n_and_all_above(scores, data):
    n = data.draw(st.integers(1, len(scores)))
    thr = anomaly.threshold_top_n(scores, n)
    flagged = scores >= thr
    assert flagged.sum() >= n
    # nothing strictly above the threshold is left out, and only ties exceed n
    assert (scores > thr).sum() < n


def test_percentile_threshold():
    assert anomaly.threshold_percentile(np.arange(1001.0), 99.9) == pytest.approx(999.0)
    with pytest.raises(ValueError, match=">= 0 and <= 100"):
        anomaly.threshold_percentile([1.0], 101)


def test_thresholds_refuse_bad_input():
    with pytest.raises(ValueError, match="1..3"):
        anomaly.threshold_top_n([1.0, 2.0, 3.0], 4)
    with pytest.raises(ValueError, match="NaN"):
        anomaly.threshold_top_n([1.0, np.nan], 1)
    with pytest.raises(ValueError, match="scores is empty"):
        anomaly.threshold_percentile([], 50)


def test_contributions_sum_to_squared_distance():
    rng = np.random.default_rng(1)
    X, C = rng.normal(size=(50, 3)), rng.normal(size=(2, 3))
    d, labels = anomaly.distance_to_nearest_centroid(X, C)
    contrib = anomaly.feature_contributions(X, C, labels, ["a", "b", "c"], [3, 7])
    np.testing.assert_allclose(contrib.sum(axis=1), d[[3, 7]] ** 2)
    assert list(contrib.index) == [3, 7]
    with pytest.raises(ValueError, match="must agree"):
        anomaly.feature_contributions(X, C, labels, ["a"], [0])


def test_detection_report_counts():
    flags = np.array([True, True, True, False])
    truth = np.array([True, False, True, True])
    rep = anomaly.detection_report(flags, truth)
    assert rep == {"flagged": 3, "true_positives": 2, "precision": 2 / 3, "recall": 2 / 3}
    assert anomaly.detection_report(np.zeros(4, bool), truth)["precision"] == 0.0
    with pytest.raises(TypeError, match="boolean"):
        anomaly.detection_report(np.array([1, 0]), np.array([True, False]))


def test_score_curves_perfect_and_useless_scores():
    truth = np.array([False] * 50 + [True] * 50)
    perfect = anomaly.score_curves(np.arange(100.0), truth)
    assert perfect["roc_auc"] == 1.0 and perfect["average_precision"] == 1.0
    reversed_ = anomaly.score_curves(-np.arange(100.0), truth)
    assert reversed_["roc_auc"] == 0.0
    with pytest.raises(ValueError, match="one class"):
        anomaly.score_curves(np.arange(3.0), np.array([True, True, True]))


def test_caught_by_type_shares():
    table = anomaly.caught_by_type([True, True, False, False], ["a.", "b.", "b.", "b."])
    assert table.loc["a.", "share flagged"] == 1.0
    assert table.loc["b.", "rows"] == 3 and table.loc["b.", "flagged"] == 1


def _blobs_with_outliers(seed=0):
    rng = np.random.default_rng(seed)
    inliers = np.vstack([rng.normal(size=(150, 3)), rng.normal(5, 1, size=(150, 3))])
    return np.vstack([inliers, rng.uniform(-10, 15, size=(10, 3))])


def test_lof_fitted_on_every_row_is_plain_outlier_detection():
    from sklearn.neighbors import LocalOutlierFactor

    X = _blobs_with_outliers()
    ours = anomaly.outlier_scores(X, "lof")
    plain = LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_
    np.testing.assert_allclose(ours, -plain)


def test_lof_scores_new_rows_as_novelties_and_fit_rows_without_themselves():
    from sklearn.neighbors import LocalOutlierFactor

    X = _blobs_with_outliers(1)
    fit = np.arange(0, 300, 2)  # half of the inliers
    scored = np.arange(0, 310, 5)  # some fit rows, some not
    ours = anomaly.outlier_scores(X, "lof", fit_rows=fit, score_rows=scored)
    lof = LocalOutlierFactor(n_neighbors=20, novelty=True).fit(X[fit])
    in_fit = np.isin(scored, fit)
    np.testing.assert_allclose(ours[~in_fit], -lof.score_samples(X[scored[~in_fit]]))
    np.testing.assert_allclose(
        ours[in_fit], -lof.negative_outlier_factor_[np.searchsorted(fit, scored[in_fit])]
    )


def test_kmeans_and_forest_scores_follow_their_definitions():
    from sklearn.ensemble import IsolationForest

    from helpers.kmeans import kmeans

    X = _blobs_with_outliers(2)
    normal = np.arange(300)
    d = anomaly.outlier_scores(X, "kmeans", fit_rows=normal, n_clusters=2, random_state=3)
    centroids = kmeans(X[normal], 2, random_state=3).centroids
    np.testing.assert_allclose(d, anomaly.distance_to_nearest_centroid(X, centroids)[0])
    forest = IsolationForest(random_state=4).fit(X[normal])
    np.testing.assert_allclose(
        anomaly.outlier_scores(X, "isolation_forest", fit_rows=normal, random_state=4),
        -forest.score_samples(X),
    )
    # a mask selects the same rows as their numbers
    mask = np.zeros(len(X), bool)
    mask[normal] = True
    np.testing.assert_allclose(
        anomaly.outlier_scores(X, "kmeans", fit_rows=mask, n_clusters=2, random_state=3), d
    )


def test_every_detector_puts_the_planted_outliers_first():
    X = _blobs_with_outliers(5)
    normal = np.arange(len(X)) < 300
    runs = anomaly.compare_detectors(X, normal, ~normal, n_repeats=2, n_clusters=2)
    assert runs.shape == (12, 6)
    assert list(runs["detector"].unique()) == list(anomaly.DETECTORS)
    assert (runs.loc[runs["fitted on"] == "normal only", "ROC AUC"] > 0.95).all()
    # measured on the 150 held-out normal rows and the 10 outliers
    assert np.allclose(runs["AP by chance"], 10 / 160)


def test_compare_detectors_never_scores_a_normal_row_it_fitted_on(monkeypatch):
    X = _blobs_with_outliers(6)
    normal = np.arange(len(X)) < 300
    seen = []
    real = anomaly.outlier_scores

    def spy(X, method, *, fit_rows=None, score_rows=None, **kw):
        seen.append((method, fit_rows, score_rows))
        return real(X, method, fit_rows=fit_rows, score_rows=score_rows, **kw)

    monkeypatch.setattr(anomaly, "outlier_scores", spy)
    anomaly.compare_detectors(X, normal, ~normal, n_repeats=3, n_clusters=2)
    assert len(seen) == 18
    for method, fit, scored in seen:
        if fit is not None and not (method == "lof" and len(np.setdiff1d(fit, np.arange(300)))):
            assert not np.isin(scored, fit).any()  # normal-only fits: held-out rows
        assert np.isin(np.arange(300, 310), scored).all()  # every target measured


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "svm"}, "method must be one of"),
        ({"method": "kmeans", "fit_rows": [0, 0, 1]}, "fit_rows must be distinct"),
        ({"method": "kmeans", "fit_rows": [0, 99]}, r"row numbers in 0\.\.9"),
        ({"method": "kmeans", "fit_rows": []}, "fit_rows is empty"),
        ({"method": "kmeans", "score_rows": [0.5, 1.0]}, "score_rows must be a boolean mask"),
        ({"method": "kmeans", "score_rows": np.ones(3, bool)}, "one value per row"),
        ({"method": "lof", "fit_rows": [0, 1, 2]}, "n_neighbors must be in 1..2"),
    ],
)
def test_outlier_scores_refuse_bad_input(kwargs, match):
    X = np.random.default_rng(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match=match):
        anomaly.outlier_scores(X, **{"n_clusters": 2, **kwargs})


def test_compare_detectors_refuses_bad_input():
    X = np.random.default_rng(0).normal(size=(10, 2))
    normal = np.arange(10) < 8
    with pytest.raises(ValueError, match="is_normal must be a boolean"):
        anomaly.compare_detectors(X, np.arange(10) % 2, ~normal)
    with pytest.raises(ValueError, match="both normal and a target"):
        anomaly.compare_detectors(X, normal, np.ones(10, bool))
    with pytest.raises(ValueError, match="n_repeats"):
        anomaly.compare_detectors(X, normal, ~normal, n_repeats=0)
    with pytest.raises(ValueError, match="targets selects no row"):
        anomaly.compare_detectors(X, normal, np.zeros(10, bool))
    with pytest.raises(ValueError, match="fit_share=0.01 of the 8 normal rows is 0 rows"):
        anomaly.compare_detectors(X, normal, ~normal, fit_share=0.01)


def test_compare_detectors_caps_n_repeats_and_takes_a_generator_as_its_seed():
    X = _blobs_with_outliers(6)
    normal = np.arange(len(X)) < 300
    with pytest.raises(ValueError, match=r"n_repeats must be in 1..10000"):
        anomaly.compare_detectors(X, normal, ~normal, n_repeats=10**12, n_clusters=2)
    # a Generator failed with "unsupported operand type(s) for +" (repro r14)
    runs = anomaly.compare_detectors(
        X, normal, ~normal, n_repeats=1, n_clusters=2, random_state=np.random.default_rng(0)
    )
    assert len(runs) == 6
    # the largest seed still runs: repeat 1 wraps around to seed 0
    top = anomaly.compare_detectors(
        X, normal, ~normal, n_repeats=2, n_clusters=2, random_state=2**32 - 1
    )
    zero = anomaly.compare_detectors(X, normal, ~normal, n_repeats=1, n_clusters=2)
    assert np.allclose(top.loc[top["repeat"] == 1, "ROC AUC"], zero["ROC AUC"])
    for bad, err in [("0", TypeError), (-1, ValueError), (2**40, ValueError), (True, TypeError)]:
        with pytest.raises(err, match="random_state"):
            anomaly.compare_detectors(X, normal, ~normal, n_repeats=1, random_state=bad)


@pytest.mark.parametrize("bad", ["0", 1.5, -1, 2**40])
def test_outlier_scores_names_a_bad_seed(bad):
    X = _blobs_with_outliers(6)
    for method in ("kmeans", "isolation_forest"):
        with pytest.raises((TypeError, ValueError), match="random_state"):
            anomaly.outlier_scores(X, method, n_clusters=2, random_state=bad)


@pytest.mark.parametrize("scale", [1e40, 1e-45, 1e-300])
def test_isolation_forest_refuses_values_float32_cannot_hold(scale):
    # scikit-learn's forest works in float32: at 1e40 every value became inf and
    # all 61 rows got one score; below float32's normal range the digits go
    X = _blobs_with_outliers(6)
    normal = np.arange(len(X)) < 300
    if scale < 1e-146:  # beyond float64's limits too: the shared check refuses it first
        match = "underflow"
    else:
        match = "float32"
    with pytest.raises(ValueError, match=match):
        anomaly.outlier_scores(X * scale, "isolation_forest")
    with pytest.raises(ValueError, match=match):
        anomaly.compare_detectors(X * scale, normal, ~normal, n_repeats=1, n_clusters=2)
    # the same data at a scale float32 holds scores as it does unscaled
    scores = anomaly.outlier_scores(X * 1e30, "isolation_forest")
    assert np.allclose(scores, anomaly.outlier_scores(X, "isolation_forest"))


@pytest.mark.parametrize("missing", [None, np.nan])
def test_caught_by_type_refuses_a_missing_label_instead_of_dropping_its_row(missing):
    # groupby dropped the rows: 4 rows in, a table counting 2 (repro r05)
    labels = np.array(["dos", missing, "dos", missing], dtype=object)
    with pytest.raises(ValueError, match="labels holds a missing"):
        anomaly.caught_by_type(np.array([True, True, False, False]), labels)
    table = anomaly.caught_by_type(np.array([True, True, False, False]), ["dos", "x", "dos", "x"])
    assert table["rows"].sum() == 4


def test_counts_are_checked_by_the_method_that_ignores_them():
    X = np.random.default_rng(0).normal(size=(40, 2))
    with pytest.raises(ValueError, match="n_neighbors"):
        anomaly.outlier_scores(X, "kmeans", n_clusters=2, n_neighbors=2.0)
    with pytest.raises(ValueError, match="n_clusters"):
        anomaly.outlier_scores(X, "lof", n_clusters="7")


def test_a_percentage_may_be_any_real_number_in_range():
    from fractions import Fraction

    scores = np.arange(101.0)
    assert {
        anomaly.threshold_percentile(scores, q) for q in (95, 95.0, np.float64(95), Fraction(95))
    } == {95.0}


def test_feature_names_must_be_distinct_text():
    X, C = [[3.0, 4.0]], [[0.0, 0.0]]
    for bad in (["a", None], [b"a", b"b"], ["a", "a"], "ab"):
        with pytest.raises((TypeError, ValueError), match="feature_names"):
            anomaly.feature_contributions(X, C, [0], bad, [0])
