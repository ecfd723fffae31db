"""helpers._validation: the checks every helper runs at its boundary."""

import numpy as np
import pytest

from helpers._validation import as_float_matrix


def test_nan_and_inf_are_found_with_their_place():
    X = np.zeros((5, 3))
    X[3, 2] = np.inf
    with pytest.raises(ValueError, match="row 3, column 2"):
        as_float_matrix(X)


def test_huge_finite_values_are_refused_where_squares_would_overflow():
    X = np.full((4, 2), 1e308)  # their sum is inf, each value is finite
    with pytest.raises(ValueError, match="Rescale X"):
        as_float_matrix(X)
    np.testing.assert_array_equal(as_float_matrix(X, squared=False), X)
    assert as_float_matrix(np.full((4, 2), 1e150)).shape == (4, 2)


@pytest.mark.parametrize(
    "X, error, match",
    [
        (np.ones((3, 2), dtype=bool), TypeError, "booleans"),
        (np.ones((3, 2), dtype=complex), ValueError, "Complex data not supported"),
        (np.array([[1.0, {"a": 1}]], dtype=object), TypeError, "must hold numbers"),
        (np.ones((3, 0)), ValueError, r"0 feature\(s\)"),
        (np.ones((1, 2)), ValueError, "1 sample"),
    ],
)
def test_what_is_not_a_real_matrix_is_refused(X, error, match):
    with pytest.raises(error, match=match):
        as_float_matrix(X, min_rows=2)


def test_sparse_input_is_refused_with_what_to_do():
    sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match=r"sparse.*toarray"):
        as_float_matrix(sparse.csr_matrix(np.eye(3)))


def test_numbers_stored_as_objects_are_accepted():
    X = np.arange(6.0).reshape(3, 2).astype(object)
    assert as_float_matrix(X).dtype == np.float64


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
