"""helpers.evaluation: k sweep, knee, sampled silhouette."""

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score

from helpers.evaluation import find_knee, k_sweep, sampled_silhouette


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
