"""helpers._kmeans_pass: the fast pass behind helpers.kmeans (blocks, threads, one compiled loop).

Its functions trust their input (the public functions of helpers.kmeans check
it once); these tests compare each piece with the plain NumPy it replaces,
and check that cutting the rows into blocks changes nothing but rounding.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import _kmeans_pass as kp
from helpers.kmeans import assign, assign_and_sum, kmeans


def reference(X, C):
    """Nearest centroid (lowest index on ties) and squared distance, the slow way."""
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    labels = np.argmin(d2, axis=1)
    return labels, d2[np.arange(len(X)), labels]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 80), k=st.integers(1, 6), d=st.integers(1, 5), seed=st.integers(0, 99))
def test_the_compiled_loop_matches_numpy(n, k, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    C = rng.normal(size=(k, d))
    labels = np.empty(n, dtype=np.int64)
    min_sq = np.empty(n)
    sums, counts = np.zeros((k, d)), np.zeros(k, dtype=np.int64)
    prod = X @ (-2 * C.T)
    c_sq = (C**2).sum(axis=1)
    kp._nearest_and_sums(prod, c_sq, (X**2).sum(axis=1), X, labels, min_sq, sums, counts)
    want_labels, want_sq = reference(X, C)
    np.testing.assert_array_equal(labels, want_labels)
    np.testing.assert_allclose(min_sq, want_sq, atol=1e-9)
    assert (min_sq >= 0).all()
    np.testing.assert_array_equal(counts, np.bincount(want_labels, minlength=k))
    for j in range(k):
        np.testing.assert_allclose(sums[j], X[want_labels == j].sum(axis=0), atol=1e-12)


def test_ties_go_to_the_lower_centroid_as_argmin():
    X = np.array([[0.0, 0.0]])
    C = np.array([[1.0, 0.0], [-1.0, 0.0]])
    labels, _, sums, counts = assign_and_sum(X, C)
    assert labels.tolist() == [0] and counts.tolist() == [1, 0]
    assert assign(X, C)[0].tolist() == [0]


def test_small_blocks_change_nothing_but_rounding(monkeypatch):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(1000, 3))
    C = X[:4].copy()
    whole = assign_and_sum(X, C)
    fit_whole = kmeans(X, 4, init=C, tol=0)
    monkeypatch.setattr(kp, "_BLOCK_ROWS", 37)  # 28 blocks, several threads
    blocked = assign_and_sum(X, C)
    np.testing.assert_array_equal(blocked[0], whole[0])
    np.testing.assert_array_equal(blocked[3], whole[3])
    np.testing.assert_allclose(blocked[1], whole[1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(blocked[2], whole[2], rtol=1e-12)
    fit_blocked = kmeans(X, 4, init=C, tol=0)
    np.testing.assert_array_equal(fit_blocked.labels, fit_whole.labels)
    np.testing.assert_allclose(fit_blocked.centroids, fit_whole.centroids, rtol=1e-12)


def test_mean_variance_and_distances_to_a_point():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(500, 4)) * [1, 2, 3, 4]
    with kp._BlockRunner(X) as runner:
        assert runner.mean_variance() == pytest.approx(X.var(axis=0).mean(), rel=1e-12)
    c = X[7]
    got = kp._sq_dist_to(X, c, (X**2).sum(axis=1))
    np.testing.assert_allclose(got, ((X - c) ** 2).sum(axis=1), atol=1e-9)
    assert got[7] >= 0 and (got >= 0).all()  # rounding never dips below zero


def test_cluster_sums_without_checks():
    X = np.arange(8.0).reshape(4, 2)
    sums, counts = kp._cluster_sums(X, np.array([1, 0, 1, 1]), 3)
    np.testing.assert_array_equal(sums, [[2.0, 3.0], [10.0, 13.0], [0.0, 0.0]])
    assert counts.tolist() == [1, 3, 0] and counts.dtype == np.int64


def test_the_runner_refuses_arrays_that_do_not_fit_the_data():
    # the compiled loop checks no bounds, so the runner checks the shapes first
    X = np.zeros((10, 2))
    with kp._BlockRunner(X) as runner, pytest.raises(ValueError, match="internal error"):
        runner.assign(np.zeros((2, 3)), np.empty(10, np.int64), np.empty(10))
    with kp._BlockRunner(X) as runner, pytest.raises(ValueError, match="internal error"):
        runner.assign(np.zeros((2, 2)), np.empty(9, np.int64), np.empty(10))
