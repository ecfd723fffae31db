"""helpers.kmeans: the step functions, the fast loop, and agreement with scikit-learn."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris, make_blobs

from helpers.kmeans import (
    assign_and_sum,
    closest_centroid,
    cluster_sums,
    euclidean_distance,
    has_converged,
    init_kmeans_plusplus,
    init_random,
    kmeans,
    relocate_empty_clusters,
    update_centroids,
)


def sklearn_lloyd(X, init, **kw):
    km = KMeans(len(init), init=init, n_init=1, algorithm="lloyd", **kw)
    return km.fit(X)


# ---------------------------------------------------------------- the steps


def test_euclidean_distance_matches_numpy():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(2, 7))
    assert euclidean_distance(a, b) == pytest.approx(np.linalg.norm(a - b))


def test_euclidean_distance_refuses_mismatched_points():
    with pytest.raises(ValueError, match="same length"):
        euclidean_distance([0, 0], [0, 0, 0])


def test_closest_centroid_picks_lowest_index_on_ties():
    assert closest_centroid([0.0, 0.0], [[1.0, 0.0], [-1.0, 0.0], [5.0, 5.0]]) == 0


def test_closest_centroid_refuses_wrong_dimension():
    with pytest.raises(ValueError, match="features"):
        closest_centroid([0.0, 0.0, 0.0], [[1.0, 0.0]])


def test_init_random_takes_distinct_rows_of_x():
    X = np.arange(40.0).reshape(20, 2)
    C = init_random(X, 5, random_state=3)
    rows = {tuple(r) for r in X}
    assert len({tuple(c) for c in C}) == 5
    assert all(tuple(c) in rows for c in C)
    np.testing.assert_array_equal(C, init_random(X, 5, random_state=3))


def test_init_random_does_not_shuffle_the_data():
    X = np.arange(40.0).reshape(20, 2)
    before = X.copy()
    init_random(X, 5, random_state=0)
    np.testing.assert_array_equal(X, before)


def test_kmeans_plusplus_spreads_the_starts():
    # four tight, far-apart groups: k-means++ almost surely starts once in each
    X, y = make_blobs(
        400, 2, centers=[[0, 0], [50, 0], [0, 50], [50, 50]], cluster_std=0.5, random_state=0
    )
    hits = 0
    for seed in range(20):
        C = init_kmeans_plusplus(X, 4, random_state=seed)
        groups = {
            int(np.argmin(((np.array([[0, 0], [50, 0], [0, 50], [50, 50]]) - c) ** 2).sum(1)))
            for c in C
        }
        hits += len(groups) == 4
    # random starts would cover all four groups only 4!/4^4 = 9% of the time
    assert hits >= 18


def test_kmeans_plusplus_with_all_points_equal_still_returns_k_rows():
    X = np.ones((6, 2))
    C = init_kmeans_plusplus(X, 3, random_state=0)
    assert C.shape == (3, 2)


def test_has_converged():
    assert has_converged([[0.0]], [[0.0]], tol=0)
    assert not has_converged([[0.0]], [[1.0]], tol=0.5)
    with pytest.raises(ValueError, match="must have the same shape"):
        has_converged([[0.0]], [[0.0, 1.0]], tol=1)


def test_update_centroids_is_the_mean_of_each_cluster():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 3))
    labels = rng.integers(0, 4, 50)
    labels[:4] = np.arange(4)  # every cluster non-empty
    C = update_centroids(X, labels, np.zeros((4, 3)))
    for j in range(4):
        np.testing.assert_allclose(C[j], X[labels == j].mean(axis=0))


def test_update_centroids_moves_an_empty_cluster_to_the_farthest_point():
    X = np.array([[0.0], [1.0], [2.0], [10.0]])
    C = update_centroids(X, np.array([0, 0, 0, 0]), np.array([[1.0], [99.0]]))
    # the point at 10 is farthest from centroid 0 (at 1): it founds cluster 1
    np.testing.assert_allclose(C, [[1.0], [10.0]])


def test_update_centroids_refuses_bad_labels():
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match="lie in 0..1"):
        update_centroids(X, [0, 1, 2], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="one cluster per row"):
        update_centroids(X, [0, 1], np.zeros((2, 2)))


# ------------------------------------------------- labels that index arrays


def test_cluster_sums_of_good_labels():
    X = np.arange(12.0).reshape(6, 2)
    sums, counts = cluster_sums(X, np.array([0, 2, 2, 0, 2, 2], dtype=np.uint8), 4)
    np.testing.assert_array_equal(sums, [[6.0, 8.0], [0.0, 0.0], [24.0, 28.0], [0.0, 0.0]])
    assert counts.tolist() == [2, 0, 4, 0] and counts.dtype == np.int64


@pytest.mark.parametrize(
    ("labels", "match"),
    [
        (np.full(30, 5), r"labels must lie in 0\.\.2.*from 5 to 5"),  # issue 18's reproducer
        (np.full(30, 3), r"labels must lie in 0\.\.2"),  # k itself is one too many
        (np.r_[np.zeros(29, int), -1], r"labels must lie in 0\.\.2.*from -1"),
        (np.zeros(29, int), r"one cluster per row of X \(30 labels\).*shape \(29,\)"),
        (np.zeros(31, int), r"one cluster per row of X \(30 labels\).*shape \(31,\)"),
        (np.zeros((30, 1), int), r"labels must give one cluster per row of X"),
        (np.zeros(30), r"labels must be 30 whole numbers.*float64"),
        (np.zeros(30, bool), r"labels must be 30 whole numbers.*bool"),
    ],
)
def test_cluster_sums_refuses_labels_that_would_index_outside_its_arrays(labels, match):
    # unchecked, the sparse product and bincount write past the (k, d) result
    with pytest.raises(ValueError, match=match):
        cluster_sums(np.ones((30, 2)), labels, 3)


@pytest.mark.parametrize("k", [0, -1, 1.5, True, "3"])
def test_cluster_sums_refuses_a_bad_n_clusters(k):
    with pytest.raises(ValueError, match=r"\bn_clusters must be"):
        cluster_sums(np.ones((4, 2)), np.zeros(4, int), k)


@pytest.mark.parametrize(
    ("labels", "match"),
    [
        ([0, 1, 5], "lie in 0..1"),
        ([0, -1, 1], "lie in 0..1"),
        ([0, 1], "one cluster per row of X"),
        ([0.0, 1.0, 1.0], "whole numbers"),
    ],
)
def test_update_centroids_refuses_out_of_range_negative_or_short_labels(labels, match):
    with pytest.raises(ValueError, match=rf"labels must.*{match}"):
        update_centroids(np.zeros((3, 2)), labels, np.zeros((2, 2)))


@pytest.mark.parametrize("label", [2, -1, True])
def test_relocate_empty_clusters_refuses_a_label_that_is_no_cluster(label):
    sums, counts = np.zeros((2, 1)), np.array([3, 0])
    with pytest.raises(ValueError, match=r"candidates \(k=2\) must be (in 0|a whole)"):
        relocate_empty_clusters(sums, counts, [(label, np.ones(1))])
    assert counts.tolist() == [3, 0]  # nothing was moved


def test_max_iter_may_be_a_numpy_integer_but_not_a_bool():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 10.0], [10.0, 11.0]])
    res = kmeans(X, 2, max_iter=np.int64(5), random_state=0)
    assert res.inertia == 1.0 and res.n_iter <= 5
    assert kmeans(X, 2, max_iter=np.uint8(1), random_state=0).n_iter == 1
    for bad in (True, 2.0, "5"):
        with pytest.raises(ValueError, match="max_iter must be a whole number"):
            kmeans(X, 2, max_iter=bad)
    with pytest.raises(ValueError, match="max_iter must be >= 1"):
        kmeans(X, 2, max_iter=np.int64(0))


# ---------------------------------------------------------------- the loop


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_equals_sklearn_lloyd_from_the_same_start_on_iris(dtype):
    X = load_iris().data.astype(dtype)
    init = init_kmeans_plusplus(X, 3, random_state=1)
    ours = kmeans(X, 3, init=init)
    theirs = sklearn_lloyd(X, init)
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    assert ours.inertia == pytest.approx(theirs.inertia_, rel=1e-5)
    np.testing.assert_allclose(ours.centroids, theirs.cluster_centers_, rtol=1e-5, atol=1e-5)
    assert ours.n_iter == theirs.n_iter_
    assert ours.centroids.dtype == dtype


def test_equals_sklearn_on_many_points_spanning_several_blocks():
    X, _ = make_blobs(40_000, 10, centers=7, cluster_std=3.0, random_state=0)
    init = init_random(X, 7, random_state=2)
    ours = kmeans(X, 7, init=init, max_iter=50)
    theirs = sklearn_lloyd(X, init, max_iter=50)
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    assert ours.inertia == pytest.approx(theirs.inertia_, rel=1e-9)
    assert ours.n_iter == theirs.n_iter_


def test_empty_cluster_is_relocated_like_sklearn():
    X, _ = make_blobs(300, 2, centers=3, random_state=0)
    init = np.array([[0.0, 0.0], [1.0, 1.0], [1e3, 1e3]])  # the last one wins nothing
    ours = kmeans(X, 3, init=init)
    theirs = sklearn_lloyd(X, init)
    assert np.isfinite(ours.centroids).all()
    assert len(np.unique(ours.labels)) == 3
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    assert ours.inertia == pytest.approx(theirs.inertia_)


def test_fewer_distinct_points_than_clusters_gives_no_nan():
    X = np.array([[0.0, 0.0]] * 5 + [[1.0, 1.0]] * 5)
    res = kmeans(X, 4, init=np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0], [6.0, 6.0]]))
    assert np.isfinite(res.centroids).all()
    assert res.inertia == 0.0


def test_kmeans_is_reproducible_with_a_seed():
    X, _ = make_blobs(500, 4, centers=5, random_state=0)
    a = kmeans(X, 5, random_state=7)
    b = kmeans(X, 5, random_state=7)
    np.testing.assert_array_equal(a.labels, b.labels)
    assert a.inertia == b.inertia


def test_float32_stays_float32_and_agrees_with_float64():
    X, _ = make_blobs(5_000, 5, centers=4, random_state=0)
    init = init_kmeans_plusplus(X, 4, random_state=0)
    r64 = kmeans(X, 4, init=init)
    r32 = kmeans(X.astype(np.float32), 4, init=init)
    assert r32.centroids.dtype == np.float32
    assert (r32.labels == r64.labels).mean() > 0.999
    assert r32.inertia == pytest.approx(r64.inertia, rel=1e-4)


def test_k_equal_one_and_k_equal_n():
    X = np.random.default_rng(0).normal(size=(30, 2))
    one = kmeans(X, 1)
    np.testing.assert_allclose(one.centroids[0], X.mean(axis=0))
    every = kmeans(X, 30, init="random", random_state=0)
    assert every.inertia == pytest.approx(0.0, abs=1e-20)


@pytest.mark.parametrize(
    ("X", "k", "kw", "match"),
    [
        ([[0.0, np.nan], [1.0, 1.0]], 1, {}, "NaN or infinity"),
        ([[0.0, np.inf], [1.0, 1.0]], 1, {}, "NaN or infinity"),
        ([[0.0], [1.0]], 0, {}, "out of range"),
        ([[0.0], [1.0]], 3, {}, "out of range"),
        ([0.0, 1.0, 2.0], 1, {}, "must be 2-D.*reshape"),
        ([[0.0, 0.0], [1.0, 1.0]], 2, {"init": np.zeros((2, 3))}, "init has shape"),
        ([[0.0, 0.0], [1.0, 1.0]], 2, {"init": np.zeros((3, 2))}, "init has shape"),
        ([[0.0, 0.0], [1.0, 1.0]], 2, {"init": "kmeans++"}, "init must be"),
        ([[0.0, 0.0], [1.0, 1.0]], 2, {"max_iter": 0}, "max_iter"),
        ([[0.0, 0.0], [1.0, 1.0]], 2, {"tol": -1}, "tol"),
        (np.zeros((0, 2)), 1, {}, "at least 1"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(X, k, kw, match):
    with pytest.raises(ValueError, match=match):
        kmeans(np.asarray(X), k, **kw)


def test_the_number_of_clusters_is_called_n_clusters_as_in_scikit_learn():
    X = np.random.default_rng(0).normal(size=(30, 2))
    by_keyword = kmeans(X, n_clusters=3, random_state=0)
    by_position = kmeans(X, 3, random_state=0)
    np.testing.assert_array_equal(by_keyword.labels, by_position.labels)
    np.testing.assert_array_equal(
        init_kmeans_plusplus(X, n_clusters=3, random_state=1),
        init_kmeans_plusplus(X, 3, random_state=1),
    )
    assert init_random(X, n_clusters=4, random_state=0).shape == (4, 2)
    assert cluster_sums(X, np.zeros(30, int), n_clusters=2)[1].tolist() == [30, 0]
    # messages name the argument as it is spelled
    for f in (kmeans, init_random, init_kmeans_plusplus):
        with pytest.raises(ValueError, match=r"^n_clusters=31 is out of range"):
            f(X, 31)
    with pytest.raises(ValueError, match=r"n_clusters=3 centroids"):
        kmeans(X, 3, init=np.zeros((2, 2)))
    with pytest.raises(TypeError, match="unexpected keyword argument 'k'"):
        kmeans(X, k=3)


def test_non_integer_k_and_text_data_are_type_errors():
    with pytest.raises(TypeError, match="whole number"):
        kmeans(np.zeros((4, 2)), 2.5)
    with pytest.raises(TypeError, match="must hold numbers"):
        kmeans(np.array([["a", "b"], ["c", "d"]]), 1)


# ---------------------------------------------------------------- properties

points = st.integers(5, 60).flatmap(
    lambda n: arrays(np.float64, (n, 2), elements=st.floats(-100, 100, width=32))
)


@settings(max_examples=40, deadline=None)
@given(points, st.integers(1, 5), st.integers(0, 2**16))
def test_inertia_never_increases_between_iterations(X, k, seed):
    k = min(k, len(X))
    init = init_random(X, k, random_state=seed)
    previous = np.inf
    for it in range(1, 8):
        res = kmeans(X, k, init=init, max_iter=it, tol=0)
        assert res.inertia <= previous * (1 + 1e-9) + 1e-9
        previous = res.inertia


@settings(max_examples=40, deadline=None)
@given(points, st.integers(1, 5), st.integers(0, 2**16))
def test_every_point_ends_with_its_nearest_centroid(X, k, seed):
    k = min(k, len(X))
    res = kmeans(X, k, init="k-means++", random_state=seed)
    d = ((X[:, None, :] - res.centroids[None, :, :]) ** 2).sum(-1)
    own = d[np.arange(len(X)), res.labels]
    # rounding in the expanded distance may pick either of two near-equal ones
    assert np.all(own <= d.min(axis=1) + 1e-6 * (1 + d.min(axis=1)))
    assert res.inertia == pytest.approx(own.sum(), rel=1e-9, abs=1e-9)


# Exact ties (duplicate rows, equidistant points) are broken by row index, as
# in scikit-learn, so there the order matters by design: distinct coordinates.
distinct_points = st.integers(5, 60).flatmap(
    lambda n: arrays(np.float64, (n, 2), elements=st.floats(-100, 100, width=32), unique=True)
)


@settings(max_examples=40, deadline=None)
@given(distinct_points, st.integers(1, 5), st.integers(0, 2**16), st.randoms(use_true_random=False))
def test_permuting_rows_permutes_labels_and_nothing_else(X, k, seed, rnd):
    k = min(k, len(X))
    init = init_random(X, k, random_state=seed)
    perm = np.array(rnd.sample(range(len(X)), len(X)))
    a = kmeans(X, k, init=init, tol=0)
    b = kmeans(X[perm], k, init=init, tol=0)
    np.testing.assert_array_equal(b.labels, a.labels[perm])
    np.testing.assert_allclose(b.centroids, a.centroids, rtol=1e-9, atol=1e-9)
    assert b.inertia == pytest.approx(a.inertia, rel=1e-9, abs=1e-9)


@settings(max_examples=30)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 60), st.integers(1, 4)),
        elements=st.floats(-50, 50, allow_nan=False),
    ),
    st.integers(1, 5),
    st.sampled_from([np.float32, np.float64]),
)
def test_assign_and_sum_is_one_lloyd_pass(X, k, dtype):
    X = X.astype(dtype)
    C = X[np.arange(k) % X.shape[0]] + 0.25
    labels, sq, sums, counts = assign_and_sum(X, C)
    # each label is a nearest centroid (up to rounding in a near-tie)
    exact = ((X[:, None, :].astype(np.float64) - C[None].astype(np.float64)) ** 2).sum(-1)
    slack = (1e-9 if dtype == np.float64 else 1e-3) * (1 + exact.max())
    assert np.all(exact[np.arange(len(X)), labels] <= exact.min(axis=1) + slack)
    # the sums and counts are those of the labels returned (accumulated in
    # float64 even for float32 data, so closer than cluster_sums' float32)
    ref_sums, ref_counts = cluster_sums(X.astype(np.float64), labels, k)
    np.testing.assert_allclose(sums, ref_sums, rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(counts, ref_counts)
    assert sq.dtype == X.dtype and (sq >= 0).all()
    np.testing.assert_allclose(sq, exact[np.arange(len(X)), labels], rtol=1e-3, atol=slack)


def test_point_distances_refuse_squares_that_underflow_or_overflow():
    from helpers.kmeans import closest_centroid, euclidean_distance

    # [3e-170, 4e-170] is 5e-170 from 0, but the squares underflowed to 0.0
    with pytest.raises(ValueError, match="b's values .* underflow"):
        euclidean_distance([0, 0], [3e-170, 4e-170])
    with pytest.raises(ValueError, match="a holds values as large as"):
        euclidean_distance([1e200, 0], [0, 0])
    assert euclidean_distance([0, 0], [3e-100, 4e-100]) == pytest.approx(5e-100)
    # each point alone has no spread; together they are 1.4e-170 apart
    with pytest.raises(ValueError, match="a, b's values .* underflow"):
        euclidean_distance([0, 0], [1e-170, 1e-170])
    with pytest.raises(ValueError, match="x, centroids's values .* underflow"):
        closest_centroid([1e-170, 1e-170], [[0, 0], [0, 0]])
    with pytest.raises(ValueError, match="x's values .* underflow"):
        closest_centroid([3e-170, 4e-170], [[0, 0], [1, 1]])
    assert closest_centroid([3e-100, 4e-100], [[0, 0], [1, 1]]) == 0


@pytest.mark.parametrize(
    ("sums", "err", "match"),
    [
        (np.array(1.0), ValueError, "sums must be 2-D"),
        ([[3.0], [0.0]], TypeError, "sums must be a float NumPy array"),
        (np.array([[3], [0]]), TypeError, "sums must be a float NumPy array"),
        (np.ma.masked_array([[3.0], [0.0]], mask=[[True], [False]]), ValueError, "masked"),
        (np.array([[np.nan], [0.0]]), ValueError, "sums contains NaN"),
    ],
    ids=["0d", "list", "int", "masked", "nan"],
)
def test_relocate_empty_clusters_checks_sums(sums, err, match):
    # a 0-d array was an IndexError; a list or an int array lost or rounded the edits
    with pytest.raises(err, match=match):
        relocate_empty_clusters(sums, np.array([2, 0]), [(0, np.array([2.0]))])


def test_relocation_with_no_candidates_leaves_empty_clusters_alone():
    sums, counts = np.array([[3.0], [0.0]]), np.array([2, 0])
    relocate_empty_clusters(sums, counts, [])
    assert sums.tolist() == [[3.0], [0.0]] and counts.tolist() == [2, 0]
    for bad, match in [([None], "pairs"), ([(0, [1.0, 2.0])], "a point in candidates")]:
        with pytest.raises((TypeError, ValueError), match=match):
            relocate_empty_clusters(sums, counts, bad)


def test_a_huge_max_iter_only_lifts_the_cap():
    X, _ = make_blobs(200, 2, centers=3, random_state=0)
    a, b = kmeans(X, 3, random_state=0), kmeans(X, 3, random_state=0, max_iter=2**63)
    assert np.array_equal(a.labels, b.labels) and a.n_iter == b.n_iter
