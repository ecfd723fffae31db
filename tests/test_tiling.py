"""helpers.tiling: the centre rule, one label per point, the border's width,
and the tiled estimator."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from helpers.datasets import make_blob_grid, make_road_signs
from helpers.kdtiles import kd_tiles
from helpers.tiling import (
    TiledSelfTuningSpectralClustering,
    TileResult,
    cluster_tile,
    estimate_border,
    merge_tiles,
)

# small integers make ties and copies common: the edge cases of the rules
points = arrays(
    np.float64,
    st.tuples(st.integers(2, 60), st.integers(1, 3)),
    elements=st.integers(-8, 8).map(float),
)


# --- one label per point -----------------------------------------------------


def _random_labeller(seed, k):
    def fit_predict(X_tile):
        return np.random.default_rng(seed + X_tile.shape[0]).integers(0, k, X_tile.shape[0])

    return fit_predict


@settings(max_examples=100)
@given(points, st.integers(1, 10), st.floats(0, 10), st.integers(1, 4), st.integers(0, 99))
def test_every_point_gets_exactly_one_label(X, n_tiles, border, k, seed):
    tiles = kd_tiles(X, min(n_tiles, X.shape[0]))
    pts, tl = tiles.members(X, border)
    fit = _random_labeller(seed, k)
    results = []
    for t in np.unique(tl):
        mine = pts[tl == t]
        results.append(cluster_tile(tiles, t, mine, X[mine], fit_predict=fit))
    labels, stats = merge_tiles(X, results, tiles.tile_of(X))
    assert labels.shape == (X.shape[0],)  # none lost, none twice
    counts = np.bincount(labels)
    assert (counts > 0).all()  # group ids 0..G-1, none empty
    assert stats["kept"] + stats["dropped"] == sum(r.kept.size for r in results)
    # a group kept by a tile is the group its centre's home tile found
    for r in results:
        np.testing.assert_array_equal(r.kept, tiles.tile_of(r.centres) == r.tile)


@settings(max_examples=30)
@given(st.integers(1, 8), st.integers(0, 99))
def test_a_border_wider_than_the_data_gives_the_global_clustering(n_tiles, seed):
    X = np.random.default_rng(seed).normal(size=(80, 2))
    tiles = kd_tiles(X, n_tiles)
    pts, tl = tiles.members(X, 100.0)  # every tile sees every point

    def fit(X_tile):
        return KMeans(3, n_init=1, random_state=0).fit_predict(X_tile)

    results = [cluster_tile(tiles, t, pts[tl == t], X, fit_predict=fit) for t in range(n_tiles)]
    labels, stats = merge_tiles(X, results, tiles.tile_of(X))
    assert adjusted_rand_score(fit(X), labels) == 1.0
    assert stats["kept"] == 3 and stats["contested"] == 0 and stats["orphans"] == 0


def test_a_centre_on_a_cut_belongs_to_the_tile_above():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    tiles = kd_tiles(X, 2)  # cut at 2: tile 0 is x < 2
    group = np.array([1, 3])  # centre 2.0, on the cut
    r0 = cluster_tile(tiles, 0, group, X[group], fit_predict=lambda Z: np.zeros(len(Z)))
    r1 = cluster_tile(tiles, 1, group, X[group], fit_predict=lambda Z: np.zeros(len(Z)))
    assert r0.centres[0, 0] == 2.0
    assert not r0.kept[0] and r1.kept[0]


def test_points_claimed_twice_go_to_the_nearer_centre():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    r0 = TileResult(
        0, np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([[1.0]]), np.array([True])
    )
    r1 = TileResult(1, np.array([2, 3]), np.array([0, 0]), np.array([[2.9]]), np.array([True]))
    labels, stats = merge_tiles(X, [r1, r0], np.array([0, 0, 1, 1]))
    assert labels.tolist() == [0, 0, 1, 1]  # point 2 is nearer 2.9 than 1.0
    assert stats["contested"] == 1


def test_points_of_groups_dropped_everywhere_keep_their_home_grouping():
    X = np.arange(6.0)[:, None]
    home = np.array([0, 0, 0, 1, 1, 1])
    r0 = TileResult(
        0, np.arange(4), np.array([0, 0, 1, 1]), np.array([[0.5], [2.5]]), np.array([False, False])
    )
    r1 = TileResult(
        1,
        np.arange(2, 6),
        np.array([0, 0, 1, 1]),
        np.array([[2.5], [4.5]]),
        np.array([False, True]),
    )
    labels, stats = merge_tiles(X, [r0, r1], home)
    # 4, 5: the kept group; 0, 1 and 2 (home tile 0's groups 0 and 1) and
    # 3 (home tile 1's group 0) are orphans, one new group per home grouping
    assert labels.tolist() == [1, 1, 2, 3, 0, 0]
    assert stats == {"kept": 1, "dropped": 3, "contested": 0, "orphans": 4}


def test_a_result_missing_its_home_points_is_refused():
    X = np.arange(4.0)[:, None]
    r0 = TileResult(0, np.array([0]), np.array([0]), np.array([[0.0]]), np.array([False]))
    with pytest.raises(ValueError, match="does not hold"):
        merge_tiles(X, [r0], np.array([0, 0, 0, 0]))


# --- the border width --------------------------------------------------------


def test_estimated_border_is_half_the_group_size_times_the_margin():
    X, y, _ = make_blob_grid(3600, spacing=20, random_state=0)
    tiles = kd_tiles(X, 16)
    one = estimate_border(X, tiles, margin=1.0)
    np.testing.assert_allclose(estimate_border(X, tiles, margin=2.0), 2 * one)
    # half of the widest true group, per coordinate
    widest = np.max([np.ptp(X[y == g], axis=0) for g in range(36)], axis=0)
    assert (one <= widest / 2 + 1e-12).all() and (one > 0.7 * widest / 2).all()


def test_loose_chains_of_tiny_groups_do_not_set_the_border():
    X, _, _ = make_road_signs(20_000, random_state=0)
    border = estimate_border(X, kd_tiles(X, 32))
    # signs are 10-35 m across; chains of signs seen three times, a kilometre
    assert (border < 80).all()


# --- the estimator -----------------------------------------------------------


def test_36_groups_in_16_tiles_with_the_automatic_border():
    X, y, _ = make_blob_grid(3600, spacing=20, random_state=0)
    model = TiledSelfTuningSpectralClustering(16, max_clusters=6).fit(X)
    assert model.n_clusters_ == 36
    assert adjusted_rand_score(y, model.labels_) >= 0.99
    # no border cuts groups apart
    narrow = TiledSelfTuningSpectralClustering(16, border=0.0).fit(X)
    assert narrow.n_clusters_ > 36


def test_road_signs_are_found():
    X, sign, _ = make_road_signs(20_000, random_state=0)
    labels = TiledSelfTuningSpectralClustering(32).fit_predict(X)
    signal = sign >= 0
    assert adjusted_rand_score(sign[signal], labels[signal]) >= 0.95


def test_same_input_same_labels():
    X, _, _ = make_road_signs(3000, random_state=2)
    a = TiledSelfTuningSpectralClustering(8).fit_predict(X)
    b = TiledSelfTuningSpectralClustering(8).fit_predict(X.copy())
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_tiles": 0}, "n_tiles must be in"),
        ({"n_tiles": 2.5}, "n_tiles must be a whole number"),
        ({"n_tiles": 1000}, "n_tiles must be in"),
        ({"border": -1.0}, "border must be a finite number >= 0"),
        ({"border": [1.0, 2.0, 3.0]}, "border must be"),
        ({"border": np.nan}, "border must be"),
        ({"border": "wide"}, "border must be 'auto' or a width"),
        ({"n_pilot": 0}, "n_pilot must be"),
        ({"margin": 0}, "margin must be"),
        ({"max_clusters": 0}, "max_clusters must be in"),
    ],
)
def test_bad_settings_are_refused(kwargs, match):
    X = np.random.default_rng(0).normal(size=(200, 2))
    with pytest.raises(ValueError, match=match):
        TiledSelfTuningSpectralClustering(**kwargs).fit(X)


def test_bad_data_is_refused():
    X = np.random.default_rng(0).normal(size=(200, 2))
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        TiledSelfTuningSpectralClustering(4).fit(X)
    tiles = kd_tiles(np.ones((5, 2)) * np.arange(5)[:, None], 2)
    with pytest.raises(ValueError, match="tiles were built on 2"):
        tiles.tile_of(np.zeros((3, 3)))


def test_estimate_border_takes_at_most_every_tile():
    X, _, _ = make_blob_grid(900, spacing=20, grid=3, random_state=0)
    tiles = kd_tiles(X, 4)
    every = estimate_border(X, tiles, n_pilot=4)
    np.testing.assert_array_equal(estimate_border(X, tiles), every)  # 8 > 4 tiles: every tile
    with pytest.raises(ValueError, match=r"n_pilot must be in 1\.\.10000"):
        estimate_border(X, tiles, n_pilot=10**12)
    model = TiledSelfTuningSpectralClustering(n_tiles=4, n_pilot=8).fit(X)
    np.testing.assert_array_equal(model.border_, every)
    with pytest.raises(TypeError, match="progress must be True or False"):
        TiledSelfTuningSpectralClustering(n_tiles=4, progress="False").fit(X)


def test_margin_is_checked_even_with_a_given_border():
    X = make_blob_grid(200, spacing=20, grid=2, random_state=0)[0]
    for bad in (None, "x", float("nan"), 10**400):
        with pytest.raises(ValueError, match="margin"):
            TiledSelfTuningSpectralClustering(n_tiles=2, border=1.0, margin=bad).fit(X)


def test_merge_tiles_refuses_what_is_not_a_list_of_tile_results():
    r = TileResult(0, np.array([0, 1]), np.array([0, 0]), np.array([[0.5]]), np.array([True]))
    X, home = np.array([[0.0], [1.0]]), np.zeros(2, dtype=int)
    assert merge_tiles(X, [r], home)[0].tolist() == [0, 0]
    for bad, match in [
        ([None], "TileResult"),
        ([], "results is empty"),
        (r, "a list"),
        ([r, r], "two results"),
    ]:
        with pytest.raises((TypeError, ValueError), match=match):
            merge_tiles(X, bad, home)
