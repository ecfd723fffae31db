"""helpers.local_scale: each point's scale and the locally scaled affinity."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import linalg, sparse

from helpers.local_scale import local_scale, local_scale_affinity

points = arrays(
    np.float64,
    st.tuples(st.integers(10, 40), st.integers(1, 3)),
    elements=st.floats(-100, 100, allow_nan=False),
)


def test_local_scale_is_the_kth_neighbour_distance():
    X = np.arange(10.0)[:, None] ** 2  # 0, 1, 4, 9, ...
    sigma = local_scale(X, n_neighbors=2)
    by_hand = np.sort(np.abs(X - X.T), axis=1)[:, 2]  # column 0 is the point itself
    np.testing.assert_allclose(sigma, by_hand)


@settings(max_examples=40)
@given(points)
def test_local_scale_is_positive_even_with_copies(X):
    X = np.vstack([X, X[:3]])  # copies of three points
    if np.unique(X, axis=0).shape[0] <= 3:
        with pytest.raises(ValueError, match="distinct points"):
            local_scale(X, 3)
        return
    try:
        sigma = local_scale(X, 3)
    except ValueError as err:  # points too close for floating point to separate
        assert "underflow" in str(err)
        assert (np.abs(X) < 1e-100).any()
        return
    assert np.isfinite(sigma).all() and (sigma > 0).all()


def test_affinity_follows_the_formula_and_is_symmetric():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    sigma = local_scale(X, 7)
    A = local_scale_affinity(X, sigma)
    d2 = ((X[:, None] - X[None]) ** 2).sum(-1)
    expected = np.exp(-d2 / np.outer(sigma, sigma))
    np.fill_diagonal(expected, 0)
    np.testing.assert_allclose(A, expected)
    np.testing.assert_allclose(A, A.T)


def test_sparse_affinity_keeps_the_dense_weights_of_neighbours():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 2))
    sigma = local_scale(X, 7)
    dense = local_scale_affinity(X, sigma)
    S = local_scale_affinity(X, sigma, n_neighbors=10)
    assert sparse.issparse(S) and abs(S - S.T).max() == 0
    rows, cols = S.nonzero()
    np.testing.assert_allclose(S[rows, cols].A1, dense[rows, cols])
    assert (S.getnnz(axis=1) >= 10).all()


def test_spectrum_of_the_normalized_affinity_lies_in_minus_one_one():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(80, 2))
    A = local_scale_affinity(X, local_scale(X, 7))
    d = 1 / np.sqrt(A.sum(axis=1))
    values = linalg.eigvalsh(A * np.outer(d, d))
    assert values.min() >= -1 - 1e-10 and values.max() <= 1 + 1e-10
    assert values.max() == pytest.approx(1.0)


@pytest.mark.parametrize("scale", [1e-300, 1e-160, 1e160, 1e307])
def test_any_finite_scale_gives_the_same_scales_and_affinities(scale):
    # X is divided by a power of two first: squares past 1e154 overflowed
    # (inf scales, NaN affinities) and those below 1e-154 lost digits
    X = np.random.default_rng(3).normal(size=(40, 2))
    sigma = local_scale(X, 5)
    scaled = local_scale(X * scale, 5)
    np.testing.assert_allclose(scaled / scale, sigma, rtol=1e-13)
    np.testing.assert_allclose(
        local_scale_affinity(X * scale, scaled), local_scale_affinity(X, sigma), atol=1e-14
    )
    S = local_scale_affinity(X * scale, scaled, n_neighbors=8)
    np.testing.assert_allclose(
        S.toarray(), local_scale_affinity(X, sigma, n_neighbors=8).toarray(), atol=1e-14
    )


def test_scales_far_from_the_data_are_refused():
    X = np.random.default_rng(3).normal(size=(40, 2))
    with pytest.raises(ValueError, match="sigma holds values from .* underflow or overflow"):
        local_scale_affinity(X, local_scale(X, 5) * 1e-160)
