"""helpers.embedding_quality: stability under noise, the k-NN proxy on
held-out labels, the paired bootstrap, the embeddings' figures and the
report's verdicts."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import make_blobs

from helpers.embedding_quality import (
    REPORT_THRESHOLDS,
    compare_reports,
    embedding_figures,
    embedding_scores,
    knn_proxy,
    paired_bootstrap,
    perturbation_stability,
    quality_report,
)


def _blobs(std, seed=0):
    return make_blobs(2000, 8, centers=5, cluster_std=std, random_state=seed)


def _noisy(X, level, random_state=0):
    rng = np.random.default_rng(random_state)
    return X + rng.normal(0, level * X.std(axis=0), X.shape)


def test_stability_is_one_without_noise_and_falls_with_it():
    X, _ = _blobs(1.0)
    table = perturbation_stability(lambda A: A, X, _noisy, [0.0, 0.05, 0.2, 0.5], k=5)
    assert table.loc[0, "cosine_mean"] == 1.0 and table.loc[0, "neighbours_changed"] == 0.0
    assert table.loc[0, "neighbours_kept"] == 1.0
    assert table["cosine_mean"].is_monotonic_decreasing
    assert table["cosine_p5"].is_monotonic_decreasing
    assert table["neighbours_kept"].is_monotonic_decreasing
    assert table.loc[3, "cosine_mean"] < table.loc[1, "cosine_mean"]


def test_knn_proxy_scores_structure_not_noise():
    X, y = _blobs(1.0)
    good = knn_proxy(X, y)
    noise = knn_proxy(np.random.default_rng(0).normal(size=X.shape), y)
    assert good["balanced_accuracy"] > 0.95
    assert noise["balanced_accuracy"] < 0.35  # chance is 0.2
    binary = knn_proxy(X, y == 0)
    assert binary["roc_auc"] > 0.95 and "average_precision" in binary
    with pytest.raises(ValueError, match="one class"):
        knn_proxy(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="rarest class"):
        knn_proxy(X, np.r_[np.ones(3), np.zeros(len(X) - 3)])


def test_knn_proxy_returns_the_votes_it_scored():
    X, y = make_blobs(300, centers=2, random_state=0)
    out = knn_proxy(X, y == 1, return_scores=True)
    assert out["scores"].shape == (300,)
    assert set(np.unique(out["scores"])) <= {0.0, 0.2, 0.4, 0.6, 0.8, 1.0}
    assert "scores" not in knn_proxy(X, y == 1)
    brute = knn_proxy(X, y == 1, return_scores=True, algorithm="brute")
    np.testing.assert_array_equal(brute["scores"], out["scores"])  # the same neighbours


def test_paired_bootstrap_separates_only_what_differs():
    rng = np.random.default_rng(1)
    y = np.r_[np.zeros(900, bool), np.ones(100, bool)]
    good = y + rng.normal(0, 0.5, 1000)
    worse = y + rng.normal(0, 2.0, 1000)
    same = paired_bootstrap(y, good, good)
    assert same["difference"] == 0 and not same["separated"]
    apart = paired_bootstrap(y, good, worse)
    assert apart["separated"] and apart["low"] > 0
    assert apart["low"] <= apart["difference"] <= apart["high"]
    back = paired_bootstrap(y, worse, good)
    assert back["separated"] and back["high"] < 0
    assert paired_bootstrap(y, good, worse, random_state=3) == paired_bootstrap(
        y, good, worse, random_state=3
    )
    # the fast AUC of each draw equals scikit-learn's on the drawn events, ties included
    from sklearn.metrics import roc_auc_score

    coarse = np.round(good * 2) / 2  # many ties, as in a vote of five neighbours
    fast = paired_bootstrap(y, coarse, worse, n_boot=50)
    slow = paired_bootstrap(y, coarse, worse, n_boot=50, metric=lambda t, u: roc_auc_score(t, u))
    assert fast == pytest.approx(slow, rel=1e-12)
    with pytest.raises(ValueError, match="one value per event"):
        paired_bootstrap(y, good[:-1], worse)
    with pytest.raises(ValueError, match="NaN"):
        paired_bootstrap(y, np.where(y, np.nan, 0.0), worse)


@settings(max_examples=100)
@given(st.dictionaries(st.sampled_from(sorted(REPORT_THRESHOLDS)), st.floats(-1, 3), min_size=1))
def test_the_verdict_follows_the_thresholds(figures):
    table, summary = quality_report(figures)
    grades = ["needs work", "acceptable", "excellent"]
    for name, value in figures.items():
        direction, acceptable, excellent = REPORT_THRESHOLDS[name]
        meets = (lambda t: value >= t) if direction == "higher" else (lambda t: value <= t)  # noqa: B023
        expected = (
            "excellent" if meets(excellent) else "acceptable" if meets(acceptable) else "needs work"
        )
        assert table.loc[name, "status"] == expected
        assert summary["figures"][name]["status"] == expected
    assert summary["verdict"] == min(table["status"], key=grades.index)


def test_the_report_refuses_what_it_cannot_judge():
    with pytest.raises(ValueError, match="no thresholds"):
        quality_report({"accuracy_on_own_clusters": 0.99})
    with pytest.raises(ValueError, match="measure it again"):
        quality_report({"silhouette": float("nan")})
    with pytest.raises(ValueError, match="empty"):
        quality_report({})


def test_embedding_scores_tell_structure_from_noise():
    X, y = make_blobs(600, centers=3, cluster_std=0.5, random_state=0)
    rare = np.zeros(600, dtype=bool)
    rare[np.flatnonzero(y == 0)[:20]] = True
    noise = np.random.default_rng(0).normal(size=X.shape)
    scores = embedding_scores({"blobs": X, "noise": noise}, classes=y, anomalies=rare, n_clusters=3)
    assert list(scores.index) == ["blobs", "noise"]
    assert scores.loc["blobs", "class_balanced_accuracy"] > 0.95
    assert scores.loc["noise", "class_balanced_accuracy"] < 0.5
    assert scores.loc["blobs", "silhouette"] > scores.loc["noise", "silhouette"]
    with pytest.raises(ValueError, match="empty"):
        embedding_scores({}, classes=y, anomalies=rare, n_clusters=3)


def test_embedding_figures_feed_the_report():
    from helpers.datasets import make_security_events
    from helpers.embeddings import EventEncoder, perturb_categories, perturb_events

    events = make_security_events(3000, random_state=1)
    kind = events.pop("anomaly_kind")
    enc = EventEncoder(8).fit(events)
    figures = embedding_figures(
        enc.transform,
        events,
        perturb_events,
        perturb_categories=perturb_categories,
        classes=events["class_uid"],
        anomalies=kind != "",
        n_clusters=5,
    )
    assert set(figures) == set(REPORT_THRESHOLDS)
    assert figures["class_balanced_accuracy"] > 0.9  # the class is in the categories
    table, summary = quality_report(figures)
    assert summary["verdict"] in {"needs work", "acceptable", "excellent"}


def test_embedding_figures_without_categories_leave_that_figure_out():
    from helpers.datasets import make_security_events
    from helpers.embeddings import EventEncoder, perturb_events

    events = make_security_events(2000, random_state=2)
    kind = events.pop("anomaly_kind")
    enc = EventEncoder(6).fit(events)
    figures = embedding_figures(
        enc.transform, events, perturb_events, classes=events["class_uid"],
        anomalies=kind != "", n_clusters=4,
    )  # fmt: skip
    assert set(REPORT_THRESHOLDS) - set(figures) == {"stability_categorical_at_5pct"}
    scores = embedding_scores(
        {"pca": enc.transform(events)}, classes=events["class_uid"], anomalies=kind != "",
        n_clusters=4,
    )  # fmt: skip
    for name, value in scores.loc["pca"].items():
        assert figures[name] == pytest.approx(value)


def test_compare_reports_puts_the_reports_side_by_side():
    table, verdicts = compare_reports(
        {"a": {"silhouette": 0.6, "anomaly_roc_auc": 0.97},
         "b": {"silhouette": 0.3, "anomaly_roc_auc": 0.7}}
    )  # fmt: skip
    assert verdicts == {"a": "excellent", "b": "needs work"}
    assert list(table.columns) == ["a", "a status", "b", "b status"]
    assert table.loc["anomaly_roc_auc", "b status"] == "needs work"
    with pytest.raises(ValueError, match="empty"):
        compare_reports({})


def test_paired_bootstrap_caps_n_boot():
    y = np.r_[np.zeros(40, bool), np.ones(10, bool)]
    s = y + np.random.default_rng(0).normal(0, 0.5, 50)
    with pytest.raises(ValueError, match=r"n_boot must be in 10..10000"):
        paired_bootstrap(y, s, s, n_boot=10**12)
    assert paired_bootstrap(y, s, s, n_boot=10_000)["difference"] == 0.0


def test_knn_proxy_checks_return_scores_seed_and_missing_labels():
    rng = np.random.default_rng(0)
    Z = np.vstack([rng.normal(size=(30, 3)), rng.normal(size=(30, 3)) + 4])
    y = np.repeat([0, 1], 30)
    with pytest.raises(TypeError, match="return_scores must be True or False"):
        knn_proxy(Z, y, return_scores="False")
    with pytest.raises(ValueError, match="y holds a missing"):
        knn_proxy(Z, np.where(y == 0, None, "a"))
    for bad, err in [("0", TypeError), (-1, ValueError), (2**40, ValueError)]:
        with pytest.raises(err, match="random_state"):
            knn_proxy(Z, y, random_state=bad)
    # a Generator gives an int seed (scikit-learn's folds refused it)
    out = knn_proxy(Z, y, random_state=np.random.default_rng(0), return_scores=True)
    assert out["scores"].shape == (60,)


# --- issue 18: what each function takes, and what it refuses ------------


def _table_embed(df):
    return np.c_[df["n"].to_numpy() + 1.0, np.ones(len(df))]


def _table_perturb(df, level, random_state=0):
    return df.assign(n=df["n"] + level)


@pytest.mark.parametrize("data", [lambda t: t["n"], lambda t: t.to_dict("list")])
@pytest.mark.parametrize("figures", [False, True])
def test_an_error_inside_embed_names_the_call_and_data(data, figures):
    table = pd.DataFrame({"f": list("ab") * 30, "n": np.arange(60.0)})
    call = (
        (
            lambda d: embedding_figures(
                _table_embed,
                d,
                _table_perturb,
                classes=np.arange(60) % 2,
                anomalies=np.arange(60) < 10,
                n_clusters=2,
            )
        )
        if figures
        else (lambda d: perturbation_stability(_table_embed, d, _table_perturb, [0.1], k=2))
    )
    with pytest.raises((ValueError, TypeError), match=r"embed\(data\) failed .*data") as info:
        call(data(table))
    assert isinstance(info.value.__cause__, KeyError | AttributeError | TypeError)
    for layout in (
        pd.concat([table, table[["n"]]], axis=1),
        table.set_axis(pd.MultiIndex.from_tuples([(c, "x") for c in table.columns]), axis=1),
    ):
        with pytest.raises(ValueError, match="data has"):
            call(layout)


def test_flags_are_true_false_or_one_zero():
    X, y = make_blobs(300, centers=2, random_state=0)
    votes = knn_proxy(X, y == 1, return_scores=True)["scores"]
    other = np.random.default_rng(0).random(300)
    want = paired_bootstrap(y == 1, votes, other, n_boot=20)
    assert paired_bootstrap(y, votes, other, n_boot=20) == want  # 0/1 ints
    assert paired_bootstrap(list(y == 1), votes, other, n_boot=20) == want
    for bad, err in [
        (y * 2, TypeError),  # 0/2: which is the positive one?
        ((y == 1).astype(str), TypeError),  # 'False' is true in Python
        (np.where(np.arange(300) == 4, None, y == 1), ValueError),
    ]:
        with pytest.raises(err, match="y must hold True or False"):
            paired_bootstrap(bad, votes, other, n_boot=20)
        with pytest.raises(err, match="anomalies must hold True or False"):
            embedding_scores({"a": X}, classes=y, anomalies=bad, n_clusters=2)


def test_classes_may_be_any_values_but_are_checked_under_their_name():
    X, y = make_blobs(300, centers=2, random_state=0)
    want = embedding_scores({"a": X}, classes=y, anomalies=y == 1, n_clusters=2)
    for same in (y == 1, y.astype(str), y.astype(float), y.astype(object)):
        got = embedding_scores({"a": X}, classes=same, anomalies=y == 1, n_clusters=2)
        np.testing.assert_array_equal(got.to_numpy(), want.to_numpy())
    for bad, match in [
        (np.where(np.arange(300) == 4, np.nan, y), "classes holds a missing"),
        (np.zeros(300, dtype="datetime64[s]"), "classes has one class only"),
        (np.r_[np.ones(3), np.zeros(297)], "rarest class of classes"),
    ]:
        with pytest.raises(ValueError, match=match):
            embedding_scores({"a": X}, classes=bad, anomalies=y == 1, n_clusters=2)
    with pytest.raises(ValueError, match="anomalies has one class only"):
        embedding_scores({"a": X}, classes=y, anomalies=np.zeros(300, bool), n_clusters=2)
    # scikit-learn cannot tell the type of an object array of ints; the proxy can
    assert knn_proxy(X, y.astype(object)) == knn_proxy(X, y)


def test_a_sample_larger_than_the_events_means_all_of_them():
    X, _ = _blobs(1.0)
    every = perturbation_stability(lambda A: A, X, _noisy, [0.1], sample_size=len(X))
    huge = perturbation_stability(lambda A: A, X, _noisy, [0.1], sample_size=2**63)
    assert every.equals(huge)
