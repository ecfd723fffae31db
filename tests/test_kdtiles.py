"""helpers.kdtiles: every point has one home tile, tiles of equal counts,
borders, and the border's checks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers.kdtiles import check_border, kd_tiles

# small integers make ties and copies common: the edge cases of the rules
points = arrays(
    np.float64,
    st.tuples(st.integers(2, 60), st.integers(1, 3)),
    elements=st.integers(-8, 8).map(float),
)


def _in_box(X, lower, upper, border=0.0):
    return ((X >= lower - border) & (X < upper + border)).all(axis=1)


# --- the kd-tree -------------------------------------------------------------


@settings(max_examples=60)
@given(points, st.integers(1, 12), st.data())
def test_every_point_has_exactly_one_home_tile(X, n_tiles, data):
    n_tiles = min(n_tiles, X.shape[0])
    tiles = kd_tiles(X, n_tiles)
    assert 1 <= tiles.n_tiles <= n_tiles
    # also points far outside the data: outer tiles reach to infinity
    probe = np.vstack(
        [X, data.draw(arrays(np.float64, (5, X.shape[1]), elements=st.floats(-1e6, 1e6)))]
    )
    home = tiles.tile_of(probe)
    inside = np.array(
        [_in_box(probe, lo, up) for lo, up in zip(tiles.lower, tiles.upper, strict=True)]
    )
    assert (inside.sum(axis=0) == 1).all()
    np.testing.assert_array_equal(np.argmax(inside, axis=0), home)


@settings(max_examples=40)
@given(st.integers(20, 400), st.integers(0, 4), st.integers(0, 1000))
def test_tiles_hold_equal_counts(n, depth, seed):
    X = np.random.default_rng(seed).normal(size=(n, 2))  # distinct coordinates
    n_tiles = 2**depth
    counts = np.bincount(kd_tiles(X, n_tiles).tile_of(X), minlength=n_tiles)
    # each cut at the median halves a tile to within one point
    assert counts.max() - counts.min() <= depth


def test_cuts_alternate_between_coordinates():
    X = np.random.default_rng(0).uniform(size=(400, 2))
    tiles = kd_tiles(X, 4)
    assert tiles.dim[0] == 0 and set(tiles.dim[tiles.dim >= 0][1:]) == {1}


def test_copies_of_one_point_are_not_cut():
    X = np.vstack([np.zeros((10, 2)), [[1.0, 1.0]]])
    tiles = kd_tiles(X, 4)
    assert tiles.n_tiles == 2  # the ten copies cannot be cut apart
    assert np.bincount(tiles.tile_of(X)).tolist() == [10, 1]


# --- borders -----------------------------------------------------------------


@settings(max_examples=60)
@given(points, st.integers(1, 10), st.floats(0, 6))
def test_members_are_the_points_in_the_grown_boxes(X, n_tiles, border):
    tiles = kd_tiles(X, min(n_tiles, X.shape[0]))
    pts, tl = tiles.members(X, border)
    brute = [
        (p, t)
        for t in range(tiles.n_tiles)
        for p in np.flatnonzero(_in_box(X, tiles.lower[t], tiles.upper[t], border))
    ]
    assert list(zip(pts.tolist(), tl.tolist(), strict=True)) == brute
    # every point is among its home tile's members
    home = set(zip(range(X.shape[0]), tiles.tile_of(X).tolist(), strict=True))
    assert home <= set(zip(pts.tolist(), tl.tolist(), strict=True))


def test_zero_border_gives_the_home_tiles():
    X = np.random.default_rng(1).normal(size=(300, 2))
    tiles = kd_tiles(X, 8)
    pts, tl = tiles.members(X, 0.0)
    assert pts.size == X.shape[0]
    np.testing.assert_array_equal(tl[np.argsort(pts)], tiles.tile_of(X))


def test_border_per_coordinate():
    X = np.array([[0.0, 0], [1, 0], [2, 0], [3, 0]])
    tiles = kd_tiles(X, 2)  # cut at x = 2
    _, tl = tiles.members(X, [0.0, 100.0])  # a wide border in y only
    assert tl.size == X.shape[0]
    _, tl = tiles.members(X, [1.0, 0.0])
    assert tl.size == X.shape[0] + 2  # x = 1 and x = 2 are each within 1 of the cut


def test_check_border_gives_one_width_per_coordinate():
    np.testing.assert_array_equal(check_border(2, 3), [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(check_border([0.0, 1.5], 2), [0.0, 1.5])
    for bad in (-1.0, np.nan, np.inf, "1", True, None, 1j, [1.0, 2.0, 3.0], np.ones((2, 2))):
        with pytest.raises(ValueError, match="border must be a finite number >= 0"):
            check_border(bad, 2)


def test_the_tiles_do_not_depend_on_the_scale():
    # medians and comparisons only: no square to overflow or underflow
    X = np.random.default_rng(0).normal(size=(200, 2))
    expected = kd_tiles(X, 8).tile_of(X)
    for scale in (1e-200, 1e200):
        np.testing.assert_array_equal(kd_tiles(X * scale, 8).tile_of(X * scale), expected)


def test_a_border_may_be_any_real_number():
    from fractions import Fraction

    assert check_border(Fraction(1, 2), 2).tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="border"):
        check_border(10**400, 2)
