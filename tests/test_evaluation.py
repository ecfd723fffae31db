"""helpers.evaluation: k sweep, knee, sampled silhouette, and the checks of
embeddings (metrics, neighbours, stability, proxy, report)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.datasets import make_blobs
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

from helpers.evaluation import (
    REPORT_THRESHOLDS,
    best_k,
    check_embeddings,
    cluster_metrics,
    cluster_profiles,
    compare_reports,
    embedding_figures,
    embedding_scores,
    find_knee,
    k_sweep,
    knn_proxy,
    label_entropy,
    metric_table,
    nearest_neighbours,
    paired_bootstrap,
    perturbation_stability,
    project_2d,
    quality_report,
    representatives,
    sampled_silhouette,
    silhouette_by_cluster,
    silhouette_values,
)
from helpers.kmeans import kmeans


def test_sampled_silhouette_is_close_to_the_exact_one():
    X, y = make_blobs(3000, 3, centers=4, cluster_std=2.0, random_state=0)
    exact = silhouette_score(X, y)
    mean, std = sampled_silhouette(X, y, sample_size=1000, n_repeats=5)
    assert abs(mean - exact) < 4 * std + 0.01
    assert std < 0.02


def test_sampled_silhouette_orders_separated_above_overlapping():
    X1, y1 = make_blobs(2000, 2, centers=3, cluster_std=0.5, random_state=1)
    X2, y2 = make_blobs(2000, 2, centers=3, cluster_std=5.0, random_state=1)
    assert sampled_silhouette(X1, y1)[0] > sampled_silhouette(X2, y2)[0] + 0.2


def test_sampled_silhouette_bad_input():
    with pytest.raises(ValueError, match="between 2"):
        sampled_silhouette(np.zeros((10, 2)), np.zeros(10))
    with pytest.raises(ValueError, match="one cluster per row"):
        sampled_silhouette(np.zeros((10, 2)), np.zeros(9))


def test_k_sweep_finds_the_true_k():
    centers = 10 * np.eye(5)[:4]  # four groups, pairwise 14 apart
    X, _ = make_blobs(3000, 5, centers=centers, cluster_std=1.0, random_state=2)
    table = k_sweep(X, range(2, 9), sample_size=500)
    assert list(table.columns) == [
        "k", "wssse", "silhouette", "silhouette_std", "davies_bouldin", "calinski_harabasz",
    ]  # fmt: skip
    assert (np.diff(table["wssse"]) <= 1e-6 * table["wssse"].iloc[0]).all()
    assert table.loc[table["silhouette"].idxmax(), "k"] == 4
    assert table.loc[table["davies_bouldin"].idxmin(), "k"] == 4
    assert table.loc[table["calinski_harabasz"].idxmax(), "k"] == 4
    assert find_knee(table["k"], table["wssse"]) == 4
    assert table.notna().all().all()


def test_k_sweep_bad_input():
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match="2..19"):
        k_sweep(X, [1, 3])
    with pytest.raises(ValueError, match="empty"):
        k_sweep(X, [])


def test_find_knee_checks():
    assert find_knee([1, 2, 3, 4, 5], [10, 3, 2, 1.5, 1.2]) == 2
    with pytest.raises(ValueError, match="at least 3"):
        find_knee([1, 2], [2, 1])
    with pytest.raises(ValueError, match="increasing"):
        find_knee([1, 3, 2], [3, 2, 1])
    with pytest.raises(ValueError, match="constant"):
        find_knee([1, 2, 3], [1, 1, 1])


def _entropy_of(labels):
    p = np.unique(labels, return_counts=True)[1] / len(labels)
    return float(-(p * np.log2(p)).sum())


cluster_and_label = st.integers(1, 300).flatmap(
    lambda n: st.tuples(
        arrays(np.int64, n, elements=st.integers(0, 6)),
        arrays(np.int64, n, elements=st.integers(0, 4)),
    )
)


@settings(max_examples=80, deadline=None)
@given(cluster_and_label)
def test_label_entropy_lies_between_zero_and_the_labels_own_entropy(pair):
    clusters, labels = pair
    h = label_entropy(clusters, labels)
    assert 0.0 <= h <= _entropy_of(labels) + 1e-12
    # one cluster holding everything: exactly the labels' own entropy
    assert label_entropy(np.zeros_like(clusters), labels) == pytest.approx(_entropy_of(labels))
    # names do not matter, only the partition
    assert label_entropy(clusters * 7 + 3, labels.astype(str)) == pytest.approx(h)


@settings(max_examples=80, deadline=None)
@given(cluster_and_label, st.data())
def test_label_entropy_is_zero_for_pure_clusters_and_never_rises_on_a_split(pair, data):
    clusters, labels = pair
    # labels that are a function of the cluster: every cluster is pure
    assert label_entropy(clusters, clusters % 3) == 0.0
    # splitting clusters further can only make them purer
    halves = data.draw(arrays(np.int64, len(clusters), elements=st.integers(0, 1)))
    assert label_entropy(clusters * 2 + halves, labels) <= label_entropy(clusters, labels) + 1e-12


def test_label_entropy_examples_and_bad_input():
    assert label_entropy([0, 0, 1, 1], ["a", "b", "a", "a"]) == pytest.approx(0.5)
    # four labels evenly in one cluster: 2 bits
    assert label_entropy([5] * 4, list("abcd")) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="equal length"):
        label_entropy([0, 1], ["a"])
    with pytest.raises(ValueError, match="empty"):
        label_entropy([], [])


def test_k_sweep_adds_the_label_entropy_when_given_labels():
    X, y = make_blobs(600, 2, centers=3, cluster_std=0.3, random_state=4)
    table = k_sweep(X, [2, 3, 6], sample_size=300, y=y)
    assert table["label_entropy"].between(0, _entropy_of(y)).all()
    # three well separated blobs: k = 3 gives pure clusters
    assert table.set_index("k").loc[3, "label_entropy"] == pytest.approx(0.0, abs=1e-9)
    assert "label_entropy" not in k_sweep(X, [2, 3], sample_size=300).columns
    with pytest.raises(ValueError, match="one label per row"):
        k_sweep(X, [2], y=y[:10])


# --- embeddings ----------------------------------------------------------------


def _blobs(std, seed=0):
    return make_blobs(2000, 8, centers=5, cluster_std=std, random_state=seed)


@settings(max_examples=40)
@given(
    arrays(
        np.float64, st.tuples(st.integers(4, 60), st.integers(1, 4)), elements=st.floats(-50, 50)
    ),
    st.integers(2, 4),
    st.integers(0, 10**6),
)
def test_cluster_metrics_equal_scikit_learn(X, k, seed):
    labels = np.random.default_rng(seed).integers(0, k, X.shape[0])
    if not 2 <= len(np.unique(labels)) <= X.shape[0] - 1:
        return
    ours = cluster_metrics(X, labels, chunk_size=7)  # several chunks
    assert ours["davies_bouldin"] == pytest.approx(
        davies_bouldin_score(X, labels), rel=1e-7, abs=1e-9
    )
    ch = calinski_harabasz_score(X, labels)
    assert ours["calinski_harabasz"] == pytest.approx(ch, rel=1e-7, abs=1e-9)


def test_metrics_move_the_right_way():
    (Xs, ys), (Xo, yo) = _blobs(0.5), _blobs(4.0)
    sep, over = metric_table(Xs, ys), metric_table(Xo, yo)
    assert sep.loc["silhouette", "value"] > over.loc["silhouette", "value"]
    assert sep.loc["davies_bouldin", "value"] < over.loc["davies_bouldin", "value"]
    assert sep.loc["calinski_harabasz", "value"] > over.loc["calinski_harabasz", "value"]
    assert sep.loc["silhouette", "uncertainty"] >= 0
    assert set(sep.columns) >= {"measures", "range", "rule of thumb"}


def test_metrics_refuse_bad_input():
    X, y = _blobs(1.0)
    bad = X.copy()
    bad[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        cluster_metrics(bad, y)
    with pytest.raises(ValueError, match="between 2 and"):
        cluster_metrics(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="one cluster per row"):
        cluster_metrics(X, y[:-1])
    with pytest.raises(ValueError, match="every k in ks must be in"):
        k_sweep(X[:10], [2, 20])
    with pytest.raises(ValueError, match=r"whole number.*got 2\.5"):
        k_sweep(X[:10], [2.5])
    with pytest.raises(ValueError, match="whole number.*got True"):
        k_sweep(X[:10], [True])
    with pytest.raises(TypeError, match="ks must be a list"):
        k_sweep(X[:10], 3)


def test_k_sweep_scores_are_scikit_learns():
    X, _ = _blobs(1.0)
    table = k_sweep(X, [2, 3], sample_size=50, n_repeats=1)
    for row in table.itertuples():
        labels = kmeans(X, row.k, random_state=0).labels
        assert np.isclose(row.davies_bouldin, davies_bouldin_score(X, labels))
        assert np.isclose(row.calinski_harabasz, calinski_harabasz_score(X, labels))


def test_best_k_reports_each_measure():
    X, _ = make_blobs(1500, 4, centers=4, cluster_std=0.8, random_state=2)
    choice = best_k(k_sweep(X, range(2, 9), random_state=0))
    assert choice["silhouette"] == choice["calinski_harabasz"] == 4
    assert set(choice) == {"silhouette", "davies_bouldin", "calinski_harabasz", "elbow"}


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
    with pytest.raises(ValueError, match="only 3 other"):
        nearest_neighbours(Z, [0], k=4)
    with pytest.raises(ValueError, match="row numbers"):
        nearest_neighbours(Z, [9])
    with pytest.raises(ValueError, match="all zeros"):
        nearest_neighbours(np.vstack([Z, np.zeros(4)]), [0], k=2)


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


def test_knn_proxy_returns_the_votes_it_scored():
    X, y = make_blobs(300, centers=2, random_state=0)
    out = knn_proxy(X, y == 1, return_scores=True)
    assert out["scores"].shape == (300,)
    assert set(np.unique(out["scores"])) <= {0.0, 0.2, 0.4, 0.6, 0.8, 1.0}
    assert "scores" not in knn_proxy(X, y == 1)
    brute = knn_proxy(X, y == 1, return_scores=True, algorithm="brute")
    np.testing.assert_array_equal(brute["scores"], out["scores"])  # the same neighbours


def test_silhouette_by_cluster_reads_the_plotted_values():
    from sklearn.metrics import silhouette_samples

    X, y = make_blobs(400, centers=[[0, 0], [1.5, 0], [10, 10]], random_state=0)
    table = silhouette_by_cluster(X, y, sample_size=400)
    exact = silhouette_samples(X, y)
    assert table["points"].tolist() == np.bincount(y).tolist()
    for c in range(3):
        assert table.loc[c, "mean"] == pytest.approx(exact[y == c].mean())
        assert table.loc[c, "below 0"] == pytest.approx((exact[y == c] < 0).mean())
    assert table.loc[2, "below 0"] == 0 and table.loc[[0, 1], "below 0"].max() > 0
    rows, values = silhouette_values(X, y, sample_size=100, random_state=4)
    assert rows.size == 100 and (np.diff(rows) > 0).all()
    with pytest.raises(ValueError, match="one cluster per row"):
        silhouette_values(X, y[:-1])


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
