"""helpers._validation: the checks every helper runs at its boundary."""

import numpy as np
import pytest

from helpers._validation import as_float_matrix


def test_nan_and_inf_are_found_with_their_place():
    X = np.zeros((5, 3))
    X[3, 2] = np.inf
    with pytest.raises(ValueError, match="row 3, column 2"):
        as_float_matrix(X)


def test_huge_finite_values_whose_sum_overflows_are_accepted():
    X = np.full((4, 2), 1e308)  # their sum is inf, each value is finite
    np.testing.assert_array_equal(as_float_matrix(X), X)


def test_float32_is_kept_and_integers_become_float64():
    assert as_float_matrix(np.ones((2, 2), np.float32)).dtype == np.float32
    assert as_float_matrix([[1, 2], [3, 4]]).dtype == np.float64


def test_text_and_wrong_shapes_are_refused():
    with pytest.raises(TypeError, match="must hold numbers"):
        as_float_matrix([["a", "b"]])
    with pytest.raises(ValueError, match="reshape"):
        as_float_matrix([1.0, 2.0])
    with pytest.raises(ValueError, match="at least 3"):
        as_float_matrix(np.ones((2, 2)), min_rows=3)
