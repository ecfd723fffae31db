"""helpers.evaluation: the sampled silhouette, Davies-Bouldin and
Calinski-Harabasz against scikit-learn, the k sweep, the knee, the label
entropy, and X checked once per sweep."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.datasets import make_blobs
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

from helpers import evaluation
from helpers import kmeans as kmeans_module
from helpers.evaluation import (
    best_k,
    cluster_metrics,
    find_knee,
    k_sweep,
    label_entropy,
    metric_table,
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


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_label_entropy_refuses_missing_labels_instead_of_dropping_their_rows(missing):
    # pd.crosstab drops a missing label's row: [None] * 4 scored 0.0, the best
    with pytest.raises(ValueError, match="labels holds a missing"):
        label_entropy([0, 0, 1, 1], [missing] * 4)
    with pytest.raises(ValueError, match="clusters holds a missing"):
        label_entropy(np.array([0, missing, 1, 1], dtype=object), list("abab"))
    with pytest.raises(ValueError, match="y holds a missing"):
        k_sweep(
            np.arange(20.0).reshape(10, 2),
            [2],
            y=np.array([missing] + list("ab") * 4 + ["a"], dtype=object),
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda X, y, n: sampled_silhouette(X, y, n_repeats=n),
        lambda X, y, n: metric_table(X, y, n_repeats=n),
        lambda X, y, n: k_sweep(X, [2], n_repeats=n),
    ],
)
def test_n_repeats_is_capped_instead_of_running_for_hours(call):
    X = np.r_[np.zeros((5, 2)), np.ones((5, 2))] + np.arange(10)[:, None] * 0.01
    y = np.repeat([0, 1], 5)
    with pytest.raises(ValueError, match=r"n_repeats must be in 1..10000"):
        call(X, y, 10**12)
    call(X, y, 2)  # a count in range still runs


@pytest.mark.parametrize("flag", ["False", 0, 1, None])
def test_k_sweep_progress_must_be_a_bool(flag):
    with pytest.raises(TypeError, match="progress must be True or False"):
        k_sweep(np.arange(20.0).reshape(10, 2), [2], progress=flag)


def test_k_sweep_adds_the_label_entropy_when_given_labels():
    X, y = make_blobs(600, 2, centers=3, cluster_std=0.3, random_state=4)
    table = k_sweep(X, [2, 3, 6], sample_size=300, y=y)
    assert table["label_entropy"].between(0, _entropy_of(y)).all()
    # three well separated blobs: k = 3 gives pure clusters
    assert table.set_index("k").loc[3, "label_entropy"] == pytest.approx(0.0, abs=1e-9)
    assert "label_entropy" not in k_sweep(X, [2, 3], sample_size=300).columns
    with pytest.raises(ValueError, match="y must give one cluster per row"):
        k_sweep(X, [2], y=y[:10])


def _blobs(std, seed=0):
    return make_blobs(2000, 8, centers=5, cluster_std=std, random_state=seed)


@settings(max_examples=40)
@given(
    # values on a grid of 0.01: no subnormal numbers (refused: their squares
    # underflow) and no points one rounding step apart, where two correct
    # summation orders may disagree on whether a spread is zero
    arrays(
        np.float64,
        st.tuples(st.integers(4, 60), st.integers(1, 4)),
        elements=st.integers(-5000, 5000).map(lambda v: v / 100),
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


def test_davies_bouldin_does_not_depend_on_the_scale():
    X, y = _blobs(1.0)
    big = cluster_metrics(X, y)["davies_bouldin"]
    # scikit-learn's davies_bouldin_score gives 0.0 here (np.allclose to 0)
    assert cluster_metrics(X * 1e-10, y)["davies_bouldin"] == pytest.approx(big, rel=1e-9)


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


def _count_checks(monkeypatch):
    """Count the calls of as_float_matrix made from helpers.evaluation and
    helpers.kmeans."""
    calls = []
    real = evaluation.as_float_matrix

    def counted(X, **kwargs):
        calls.append(np.shape(X))
        return real(X, **kwargs)

    monkeypatch.setattr(evaluation, "as_float_matrix", counted)
    monkeypatch.setattr(kmeans_module, "as_float_matrix", counted)
    return calls


def test_k_sweep_checks_X_once_not_once_per_k(monkeypatch):
    X, _ = _blobs(1.0)
    calls = _count_checks(monkeypatch)
    k_sweep(X, [2, 3, 4], sample_size=100, n_repeats=1)
    # was 1 + 4 per k: kmeans, its k-means++ start, the silhouette and the metrics
    assert len(calls) == 1


def test_metric_table_checks_X_once(monkeypatch):
    X, y = _blobs(1.0)
    calls = _count_checks(monkeypatch)
    metric_table(X, y, sample_size=100, n_repeats=1)
    assert len(calls) == 1


def test_the_unchecked_paths_give_the_checked_values():
    X, _ = _blobs(2.0)
    table = k_sweep(X, [3, 5], sample_size=300, n_repeats=2, random_state=1)
    for row in table.itertuples():
        labels = kmeans(X, row.k, random_state=1).labels
        sil = sampled_silhouette(X, labels, sample_size=300, n_repeats=2, random_state=1)
        assert (row.silhouette, row.silhouette_std) == sil
        m = cluster_metrics(X, labels)
        assert (row.davies_bouldin, row.calinski_harabasz) == (
            m["davies_bouldin"], m["calinski_harabasz"],
        )  # fmt: skip


def test_documented_acceptances_give_the_plain_answer():
    """ks as a generator, labels as whole floats or text, sample and chunk
    sizes above n: each is the same answer as the plain call."""
    X, y = make_blobs(60, 2, centers=3, random_state=0)
    plain = k_sweep(X, [2, 3], n_repeats=1, sample_size=60)
    lazy = k_sweep(X, (k for k in (2, 3)), n_repeats=1, sample_size=10**12, max_iter=10**12)
    pd.testing.assert_frame_equal(plain, lazy)
    exact = cluster_metrics(X, y)
    for labels in (y.astype(float), y.astype(str), y.astype(object)):
        assert cluster_metrics(X, labels, chunk_size=2**63) == exact
        assert sampled_silhouette(X, labels, sample_size=2**63, n_repeats=1) == (
            sampled_silhouette(X, y, sample_size=60, n_repeats=1)
        )
    with pytest.raises(ValueError, match="ks holds k=2 twice"):
        k_sweep(X, [2, 2])
