"""helpers.stsc: self-tuning spectral clustering."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import linalg
from sklearn.metrics import adjusted_rand_score

from helpers.battery import make_case
from helpers.datasets import make_blob_grid, make_shapes
from helpers.local_scale import local_scale_affinity
from helpers.stsc import (
    SelfTuningSpectralClustering,
    alignment_cost,
    best_rotation,
    classic_sweep,
    qr_rotation,
)

points = arrays(
    np.float64,
    st.tuples(st.integers(10, 40), st.integers(1, 3)),
    elements=st.floats(-100, 100, allow_nan=False),
)


# --- the rotation --------------------------------------------------------------


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(50, 4))
    _, G = alignment_cost(Z)
    h = 1e-6
    for i, j in [(0, 0), (7, 2), (49, 3)]:
        up, down = Z.copy(), Z.copy()
        up[i, j] += h
        down[i, j] -= h
        numeric = (alignment_cost(up)[0] - alignment_cost(down)[0]) / (2 * h)
        assert G[i, j] == pytest.approx(numeric, rel=1e-5, abs=1e-6)


def test_block_structured_eigenvectors_have_quality_one():
    labels = np.repeat(np.arange(4), 25)
    X = np.eye(4)[labels] * np.random.default_rng(4).uniform(0.5, 1, 100)[:, None]
    Q = linalg.qr(np.random.default_rng(5).normal(size=(4, 4)))[0]  # hide the blocks
    R, J, _ = best_rotation(X @ Q)
    assert J / 100 - 1 == pytest.approx(0, abs=1e-9)  # quality 1 - (J/n - 1)/c = 1
    Z = X @ Q @ R
    assert adjusted_rand_score(labels, np.argmax(np.abs(Z), axis=1)) == 1.0


def test_refinement_never_worsens_the_start():
    rng = np.random.default_rng(6)
    X = linalg.qr(rng.normal(size=(200, 5)), mode="economic")[0]
    start = qr_rotation(X)
    R, J, _ = best_rotation(X, start)
    assert J <= alignment_cost(X @ start)[0] + 1e-12
    np.testing.assert_allclose(R.T @ R, np.eye(5), atol=1e-10)


def test_zero_rows_count_as_aligned():
    J, G = alignment_cost(np.array([[0.0, 0.0], [1.0, 1.0]]))
    assert J == 3.0 and not G[0].any()


# --- choosing the number of groups ----------------------------------------------


@pytest.mark.parametrize(
    "kind, expected",
    [("densities", 2), ("elongated", 3), ("rings", 2), ("nested", 3), ("noisy", 3), ("blob", 1)],
)
@pytest.mark.parametrize("seed", [0, 1])
def test_counts_on_the_toy_shapes(kind, expected, seed):
    X, y = make_shapes(kind, 600, random_state=seed)
    model = SelfTuningSpectralClustering(max_clusters=10).fit(X)
    assert model.n_clusters_ == expected
    keep = y >= 0
    assert adjusted_rand_score(y[keep], model.labels_[keep]) >= 0.95


@pytest.mark.parametrize("seed", range(4))
def test_one_blob_is_one_group_and_two_blobs_are_two(seed):
    rng = np.random.default_rng(seed)
    blob = rng.normal(size=(500, 2))
    two = np.vstack([rng.normal(size=(250, 2)), rng.normal(size=(250, 2)) + [5, 0]])
    assert SelfTuningSpectralClustering(8).fit(blob).n_clusters_ == 1
    assert SelfTuningSpectralClustering(8).fit(two).n_clusters_ == 2


@pytest.mark.parametrize("spacing", [5.0, 6.0, 7.0])
def test_36_touching_groups_on_the_grid_whatever_the_seed(spacing):
    # issue 15: spacing 5 gave 1, 2 or 36 depending on the seed
    for seed in range(5):
        X, _, _ = make_blob_grid(3600, spacing=spacing, random_state=seed)
        assert SelfTuningSpectralClustering(max_clusters=40).fit(X).n_clusters_ == 36, seed


@pytest.mark.parametrize("seed", range(4))
def test_two_touching_groups_of_unequal_size_are_two(seed):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(150, 2)), rng.normal(size=(450, 2)) + [4.5, 0]])
    model = SelfTuningSpectralClustering(8).fit(X)
    assert model.n_clusters_ == 2
    assert adjusted_rand_score(np.repeat([0, 1], [150, 450]), model.labels_) >= 0.9


def test_a_max_clusters_far_above_the_truth_changes_nothing():
    X, y = make_case("many", "15 apart 5", 0, n_samples=1500)
    near = SelfTuningSpectralClustering(30).fit(X)
    far = SelfTuningSpectralClustering(60).fit(X)
    assert near.n_clusters_ == far.n_clusters_ == 15
    np.testing.assert_array_equal(near.labels_, far.labels_)


@pytest.mark.parametrize("kind", ["blob", "square", "stretched", "banana"])
def test_single_groups_of_several_shapes_are_one(kind):
    X, _ = make_case("single", kind, 3)
    assert SelfTuningSpectralClustering(10).fit(X).n_clusters_ == 1


def test_the_previous_rule_stays_selectable():
    # on this seed the worst group's energy prefers one cut through the
    # touching groups, and the one-group test then answers 1 (issue 15)
    X, _, _ = make_blob_grid(3600, spacing=5.0, random_state=2)
    old = SelfTuningSpectralClustering(40, count_rule="worst_group").fit(X)
    assert old.n_clusters_ == 1
    authors = SelfTuningSpectralClustering(40, count_rule="quality").fit(X)
    assert authors.n_clusters_ == 36  # the rotations themselves are right


def test_min_clusters_forbids_one_group():
    X = np.random.default_rng(0).normal(size=(300, 2))
    assert SelfTuningSpectralClustering(6, min_clusters=2).fit(X).n_clusters_ >= 2


@pytest.mark.parametrize("spacing", [20.0, 6.0])
def test_finds_36_groups_on_the_grid(spacing):
    X, y, centres = make_blob_grid(1800, spacing=spacing, random_state=0)
    model = SelfTuningSpectralClustering(max_clusters=40, affinity="sparse").fit(X)
    assert model.n_clusters_ == 36
    nearest = np.argmin(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
    best = adjusted_rand_score(y, nearest)
    assert adjusted_rand_score(y, model.labels_) >= best - 0.01


def test_graph_in_pieces_gives_at_least_one_group_per_piece():
    X, _, _ = make_blob_grid(720, spacing=30.0)
    model = SelfTuningSpectralClustering(40, affinity="sparse", n_neighbors=10).fit(X)
    assert model.n_pieces_ == 36 and model.n_clusters_ == 36
    assert len(model.pieces_) == 36


def test_values_too_close_to_measure_are_refused():
    X = np.arange(20.0)[:, None] * 1e-200
    # one far point: the others are 1e-200 apart relative to X's largest value
    with pytest.raises(ValueError, match="standardize"):
        SelfTuningSpectralClustering(4).fit(np.vstack([X, [[1.0]]]))
    # alone, they are fine at any scale: local scaling divides by a power of two first
    tiny = SelfTuningSpectralClustering(4).fit(X)
    model = SelfTuningSpectralClustering(4).fit(X * 1e200)
    np.testing.assert_allclose(tiny.local_scale_ * 1e200, model.local_scale_)
    np.testing.assert_array_equal(tiny.labels_, model.labels_)


def test_duplicates_give_no_nan():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(100, 2)), rng.normal(size=(100, 2)) + 8])
    X = np.vstack([X, np.repeat(X[:1], 20, axis=0)])  # one point 21 times
    model = SelfTuningSpectralClustering(6).fit(X)
    assert np.isfinite(model.local_scale_).all() and (model.local_scale_ > 0).all()
    assert model.n_clusters_ == 2


def test_curves_are_there_to_plot():
    X, _ = make_shapes("rings", 300)
    model = SelfTuningSpectralClustering(8, n_refine=None).fit(X)
    assert sorted(model.quality_) == list(range(2, 9))
    assert all(0 <= q <= 1 for q in model.quality_.values())
    assert min(model.worst_energy_, key=model.worst_energy_.get) == 2
    assert model.pieces_[0].refined.all()


def test_fit_predict_equals_labels():
    X, _ = make_shapes("densities", 200)
    model = SelfTuningSpectralClustering(5)
    np.testing.assert_array_equal(model.fit_predict(X), model.labels_)


# --- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "X, kw, match",
    [
        ([[0.0, np.nan]] * 20, {}, "NaN"),
        (
            np.random.default_rng(0).normal(size=(30, 2)),
            {"max_clusters": 3, "min_clusters": 4},
            "min_clusters",
        ),
        (np.random.default_rng(0).normal(size=(6, 2)), {"max_clusters": 2}, "n_neighbors_scale"),
        (np.random.default_rng(0).normal(size=(30, 2)), {"affinity": "rbf"}, "affinity"),
        (np.random.default_rng(0).normal(size=(30, 2)), {"max_clusters": 0}, "max_clusters"),
        (np.random.default_rng(0).normal(size=(30, 2)), {"one_group_energy": -1.0}, "one_group"),
        (np.random.default_rng(0).normal(size=(30, 2)), {"min_affinity": np.nan}, "min_affinity"),
        (np.random.default_rng(0).normal(size=(30, 2)), {"count_rule": "best"}, "count_rule"),
    ],
)
def test_bad_input_gives_a_clear_error(X, kw, match):
    with pytest.raises(ValueError, match=match):
        SelfTuningSpectralClustering(**{"max_clusters": 5, **kw}).fit(X)


def test_too_many_pieces_is_refused():
    X, _, _ = make_blob_grid(360, spacing=30.0)
    with pytest.raises(ValueError, match="pieces"):
        SelfTuningSpectralClustering(10, affinity="sparse", n_neighbors=5).fit(X)


def test_per_piece_caps_each_piece_not_the_total():
    X, y, _ = make_blob_grid(360, spacing=30.0)
    model = SelfTuningSpectralClustering(2, affinity="sparse", n_neighbors=5, per_piece=True).fit(X)
    assert model.n_pieces_ == 36 and model.n_clusters_ == 36
    assert adjusted_rand_score(y, model.labels_) == 1.0


def test_negligible_affinities_no_longer_join_groups():
    X, _, _ = make_blob_grid(400, spacing=30.0, grid=2)
    dense = SelfTuningSpectralClustering(6, affinity="dense").fit(X)
    pruned = SelfTuningSpectralClustering(6, affinity="dense", min_affinity=1e-8).fit(X)
    assert dense.n_pieces_ == 1  # weights of about 1e-300 still link the groups
    assert pruned.n_pieces_ == 4 and pruned.n_clusters_ == 4
    np.testing.assert_array_equal(np.bincount(pruned.labels_), [100] * 4)


def test_classic_baseline_solves_an_easy_case():
    X = np.vstack([np.random.default_rng(s).normal(size=(60, 2)) + [8 * s, 0] for s in range(3)])
    model = SelfTuningSpectralClustering(5, affinity="dense").fit(X)
    A = local_scale_affinity(X, model.local_scale_)
    from helpers.spectral import laplacian_eigenvectors

    V = laplacian_eigenvectors(A, 5)[1]
    c, labels, quality = classic_sweep(V)
    assert c == 3 and sorted(quality) == [2, 3, 4, 5]
    assert adjusted_rand_score(model.labels_, labels) == 1.0


def test_min_clusters_holds_on_a_graph_in_pieces():
    X, _, _ = make_blob_grid(720, spacing=30.0, grid=2)  # 4 pieces of 180 points
    model = SelfTuningSpectralClustering(10, min_clusters=6, affinity="sparse").fit(X)
    assert model.n_pieces_ == 4 and model.n_clusters_ >= 6
    assert sorted(np.unique(model.labels_)) == list(range(model.n_clusters_))


@settings(max_examples=50)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 30), st.integers(1, 6)),
        elements=st.floats(-1e3, 1e3, allow_nan=False),
    )
)
def test_cost_lies_between_n_and_n_times_c(Z):
    J, G = alignment_cost(Z)
    n, c = Z.shape
    assert n - 1e-9 <= J <= n * c * (1 + 1e-9)
    assert np.isfinite(G).all()


def test_a_larger_c_with_a_strong_gap_and_clean_groups_wins():
    # four bars pair up: the score alone prefers 2 groups, but 4 are as clean
    # and the spectrum jumps after them
    X, _ = make_case("shapes", "bars", 0, n_samples=600)
    model = SelfTuningSpectralClustering(10).fit(X)
    assert model.score_[2] < model.score_[4] - 0.05
    assert model.gap_[4] >= 1.0 and model.worst_energy_[4] <= 0.1
    assert model.n_clusters_ == 4


def test_worst_energy_does_not_depend_on_the_scale():
    from helpers.rotation import worst_energy

    V = np.linalg.qr(np.random.default_rng(0).normal(size=(20, 3)))[0]
    # Z * 1e160 overflowed to inf / inf = NaN when squared (sweep r06)
    for scale in (1e-150, 1.0, 1e160, 1e300):
        assert worst_energy(V * scale) == pytest.approx(worst_energy(V), rel=1e-12)
    assert worst_energy(np.zeros((3, 2))) == 0.0  # a row of zeros counts as aligned


@pytest.mark.parametrize("flag", ["per_piece", "progress"])
def test_flags_must_be_bools(flag):
    X = np.random.default_rng(0).normal(size=(30, 2))
    with pytest.raises(TypeError, match=f"{flag} must be True or False"):
        SelfTuningSpectralClustering(3, **{flag: "False"}).fit(X)
    assert SelfTuningSpectralClustering(3, **{flag: np.False_}).fit(X).n_clusters_ >= 1


def test_n_neighbors_is_checked_by_the_dense_affinity_too():
    X = make_blob_grid(200, spacing=20, grid=2, random_state=0)[0]
    for bad in (2.0, "7", [7], 10**12, -(10**12)):
        with pytest.raises((TypeError, ValueError), match="n_neighbors"):
            SelfTuningSpectralClustering(4, n_neighbors=bad).fit(X)


def test_n_neighbors_above_n_means_every_other_point():
    X = make_blob_grid(120, spacing=20, grid=2, random_state=0)[0]
    every = SelfTuningSpectralClustering(4, affinity="sparse", n_neighbors=119).fit(X)
    above = SelfTuningSpectralClustering(4, affinity="sparse", n_neighbors=10**6).fit(X)
    assert np.array_equal(every.labels_, above.labels_)


def test_best_rotation_caps_max_iter():
    V = np.linalg.qr(np.random.default_rng(0).normal(size=(30, 3)))[0]
    assert best_rotation(V, max_iter=10_000, tol=0.0)[2] <= 10_000
    with pytest.raises(ValueError, match="max_iter"):
        best_rotation(V, max_iter=10_001)
