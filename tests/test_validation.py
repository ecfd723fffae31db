"""helpers._validation: the checks every helper runs at its boundary."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers._validation import (
    MAX_REPEATS,
    MAX_ROWS,
    as_float_matrix,
    as_float_vector,
    as_sklearn_random_state,
    check_bool,
    check_columns,
    check_labels,
    check_random_state,
    check_real,
    check_scale,
    check_whole,
)


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


# ------------------------------------------------- issue 18: the hostile sweep


def _spread_matrix(values, shape):
    """values in [-1, 1] with both ends present: largest 1, spread 2."""
    X = np.resize(np.asarray(values, dtype=np.float64), shape)
    X[0, 0], X[-1, -1] = 1.0, -1.0
    return X


_SHAPES = st.tuples(st.integers(2, 20), st.integers(1, 4))
_VALUES = st.lists(st.floats(-1, 1), min_size=1, max_size=80)


@given(_VALUES, _SHAPES, st.integers(-140, 100))
def test_any_finite_matrix_scaled_into_range_passes(values, shape, exponent):
    X = _spread_matrix(values, shape) * 10.0**exponent
    np.testing.assert_array_equal(as_float_matrix(X), X)


@given(_VALUES, _SHAPES, st.integers(-300, -150))
def test_matrix_scaled_below_range_is_refused_with_rescale(values, shape, exponent):
    X = _spread_matrix(values, shape) * 10.0**exponent
    with pytest.raises(ValueError, match=r"underflow.*Rescale X"):
        as_float_matrix(X)
    as_float_matrix(X, squared=False)  # a caller that rescales first takes it


@given(_VALUES, _SHAPES, st.integers(-15, 15), st.integers(-35, -17))
def test_float32_is_judged_by_float32_range(values, shape, good, bad):
    X = _spread_matrix(values, shape)
    assert as_float_matrix((X * 10.0**good).astype(np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="Rescale X"):
        as_float_matrix((X * 10.0**bad).astype(np.float32))
    # the same values as float64 are fine: the arithmetic is float64 then
    as_float_matrix((X * 10.0**bad).astype(np.float32), dtype=np.float64)


@pytest.mark.parametrize("X", [np.zeros((4, 3)), np.full((4, 3), 3.0), np.full((4, 3), -1e100)])
def test_all_zero_and_constant_data_still_pass(X):
    np.testing.assert_array_equal(as_float_matrix(X), X)


def test_values_that_differ_by_too_little_are_refused():
    X = 1e-140 + np.arange(6.0).reshape(3, 2) * 1e-155  # largest fine, differences not
    with pytest.raises(ValueError, match="differ by at most"):
        as_float_matrix(X)


def test_fourth_powers_have_tighter_limits():
    X = np.arange(6.0).reshape(3, 2)
    check_scale(X * 1e-80)
    with pytest.raises(ValueError, match="underflow"):
        check_scale(X * 1e-80, power=4)
    with pytest.raises(ValueError, match="overflow"):
        check_scale(X * 1e76, power=4)
    check_scale([[1, 2]])  # a list of ints: no AttributeError


def test_a_point_whose_distances_are_taken_is_scale_checked():
    assert as_float_vector([3e-170, 4e-170]).tolist() == [3e-170, 4e-170]
    with pytest.raises(ValueError, match="Rescale b"):
        as_float_vector([3e-170, 4e-170], name="b", squared=True)


@pytest.mark.parametrize(
    "column, what",
    [
        ([True, False, True], "booleans"),
        (pd.array([True, False, None], dtype="boolean"), "booleans"),
        (pd.array(["1", "2", "3"], dtype="string"), "text"),
        (pd.Series(["1", "2", "3"], dtype=object), "text"),
        (pd.Categorical([1.0, 2.0, 1.0]), "categories"),
        (pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-05"]), "dates"),
        (pd.to_timedelta([1, 2, 3], unit="D"), "dates or times"),
    ],
)
def test_frame_columns_that_are_not_numbers_are_named(column, what):
    df = pd.DataFrame({"a": [0.1, 0.2, 5.0], "b": column})
    with pytest.raises(TypeError, match=f"column 'b' holds {what}"):
        as_float_matrix(df)


def test_every_bad_column_is_named_and_series_are_checked_too():
    df = pd.DataFrame({"a": [0.1, 0.2], "b": [True, False], "c": ["x", "y"]})
    with pytest.raises(TypeError, match="'b' holds booleans, column 'c' holds text"):
        as_float_matrix(df)
    with pytest.raises(TypeError, match="w must hold numbers, but it holds categories"):
        as_float_vector(pd.Series([1, 2], dtype="category"), name="w")


def test_nullable_columns_pass_without_missing_values_and_report_them_as_nan():
    df = pd.DataFrame({"a": pd.array([1, 2, 3], dtype="Int64"), "b": [0.5, 1.0, 2.0]})
    assert as_float_matrix(df).tolist() == [[1.0, 0.5], [2.0, 1.0], [3.0, 2.0]]
    for dtype in ("Int64", "Float64"):
        df["a"] = pd.array([1, None, 3], dtype=dtype)
        with pytest.raises(ValueError, match=r"NaN or infinity \(first at row 1, column 0\)"):
            as_float_matrix(df)


@pytest.mark.parametrize(
    "item, error, match",
    [
        ("1", TypeError, r"holds text \('1' at row 1, column 0\)"),
        (b"1", TypeError, "holds text"),
        (True, TypeError, "holds booleans"),
        (1j, ValueError, "Complex data not supported"),
    ],
)
def test_object_arrays_are_not_parsed(item, error, match):
    X = np.array([[1.0, 2.0], [item, 4.0]], dtype=object)
    with pytest.raises(error, match=match):
        as_float_matrix(X)


def test_missing_values_in_object_arrays_are_reported_as_nan():
    X = np.array([[1.0, None], [pd.NA, 4.0]], dtype=object)
    with pytest.raises(ValueError, match=r"NaN or infinity \(first at row 0, column 1\)"):
        as_float_matrix(X)


def test_masked_values_are_refused_and_unmasked_arrays_pass():
    X = np.ma.masked_greater(np.arange(6.0).reshape(3, 2), 4.0)
    with pytest.raises(ValueError, match="Z is a masked array with 1 masked value"):
        as_float_matrix(X, name="Z")
    assert as_float_matrix(np.ma.masked_greater(X.data, 10.0)).tolist() == X.data.tolist()


def test_ragged_lists_are_named_as_such():
    with pytest.raises(ValueError, match="X is ragged"):
        as_float_matrix([[1.0, 2.0], [3.0]])


@pytest.mark.parametrize(
    "labels",
    [
        np.array([0, None, 1], dtype=object),
        np.array(["a", np.nan, "b"], dtype=object),
        np.array(["a", np.float32("nan"), "b"], dtype=object),
        np.array(["a", pd.NA, "b"], dtype=object),
        np.array([0.0, np.inf, 1.0]),
        pd.Series(["a", None, "b"], dtype="category"),
    ],
)
def test_missing_labels_are_refused_naming_the_argument_and_row(labels):
    with pytest.raises(ValueError, match="truth holds a missing or infinite value .* at row 1"):
        check_labels(labels, 3, name="truth", whole=False)


@pytest.mark.parametrize("labels", [[np.nan, "a", "b"], ("b", None, "a"), ["a", "b", float("nan")]])
def test_a_missing_label_in_a_list_of_names_is_not_read_as_text(labels):
    # np.asarray([nan, "a"]) would write the NaN as the name 'nan'
    with pytest.raises(ValueError, match="truth holds a missing or infinite value"):
        check_labels(labels, 3, name="truth", whole=False)
    assert check_labels(["nan", "a", "b"], 3, whole=False).tolist() == ["nan", "a", "b"]


def test_labels_that_cannot_be_sorted_together_are_a_type_error():
    with pytest.raises(TypeError, match="groups mixes values .*int, str"):
        check_labels(np.array([0, "a", 1], dtype=object), 3, name="groups", whole=False)
    assert check_labels(np.array([0, 1.5, 1], dtype=object), 3, whole=False).size == 3


def test_repeated_and_multilevel_column_names_are_refused():
    df = pd.DataFrame([[1.0, 2.0, "a"]], columns=["w", "w", "g"])
    with pytest.raises(ValueError, match=r"repeated column names \['w'\]"):
        check_columns(df, ["w", "g"], numeric=["w"])
    multi = pd.DataFrame([[1.0, 2.0]], columns=pd.MultiIndex.from_tuples([("w", "a"), ("w", "b")]))
    with pytest.raises(ValueError, match="2 levels"):
        check_columns(multi, ["w"])


def test_check_columns_names_the_argument_that_named_a_missing_column():
    df = pd.DataFrame({"a": [1.0, 2.0], "g": ["x", "y"]})
    roles = {"numeric": ["a", "b"], "categorical": ["h"]}
    with pytest.raises(ValueError, match="numeric names 'b', which is not a column of df"):
        check_columns(df, ["a", "b", "h"], numeric=["a", "b"], roles=roles)
    with pytest.raises(ValueError, match="categorical names 'h', which is not a column of df"):
        check_columns(df, ["a", "h"], numeric=["a"], roles={"numeric": ["a"], "categorical": ["h"]})
    # a name no role gave is still reported, without a role
    with pytest.raises(ValueError, match=r"df lacks the columns \['z'\]"):
        check_columns(df, ["a", "z"], roles={"numeric": ["a"]})


def test_check_columns_names_what_is_missing_or_wrong():
    df = pd.DataFrame({"a": [1.0, 2.0], "d": pd.to_datetime(["2020-01-01", "2020-01-02"])})
    with pytest.raises(ValueError, match=r"lacks the columns \[None\]"):
        check_columns(df, ["a"], numeric=[None])
    with pytest.raises(TypeError, match=r"list of names, such as \['a'\]"):
        check_columns(df, "a")
    with pytest.raises(TypeError, match="column 'd' of df must hold numbers"):
        check_columns(df, ["a", "d"], numeric=["d"])
    with pytest.raises(ValueError, match="column 'a' of df holds NaN"):
        check_columns(df.assign(a=pd.array([1, None], dtype="Int64")), ["a"], numeric=["a"])


@pytest.mark.parametrize("value", [10**400, -(10**400), float("nan"), float("inf")])
def test_check_real_refuses_what_is_no_finite_float(value):
    with pytest.raises(ValueError, match="tol must be a finite number"):
        check_real(value, "tol")


def test_counts_have_a_shared_cap():
    assert check_whole(MAX_REPEATS, "n_boot", 1, MAX_REPEATS) == MAX_REPEATS
    with pytest.raises(ValueError, match=r"n_boot must be in 1\.\.10000, got 1000000000000"):
        check_whole(10**12, "n_boot", 1, MAX_REPEATS)
    assert MAX_ROWS >= 10 * 100_000  # ten times the largest default a generator has


@pytest.mark.parametrize("value", [True, False, np.True_, np.False_])
def test_check_bool_takes_bools(value):
    assert check_bool(value, "scale") is bool(value)


@pytest.mark.parametrize("value", ["False", "True", 0, 1, None, 1.0])
def test_check_bool_refuses_text_and_numbers(value):
    with pytest.raises(TypeError, match="scale must be True or False"):
        check_bool(value, "scale")


@pytest.mark.parametrize("seed", [None, 0, np.int64(7), 2**32 - 1])
def test_sklearn_seeds_come_back_unchanged(seed):
    assert as_sklearn_random_state(seed) == seed
    rs = np.random.RandomState(0)
    assert as_sklearn_random_state(rs) is rs


def test_a_generator_gives_a_seed_scikit_learn_takes():
    seeds = [as_sklearn_random_state(np.random.default_rng(0)) for _ in range(2)]
    assert seeds[0] == seeds[1] and 0 <= seeds[0] < 2**32


@pytest.mark.parametrize(
    "seed, error", [("seed", TypeError), (1.5, TypeError), (True, TypeError), (-1, ValueError)]
)
def test_bad_seeds_are_refused_naming_the_argument(seed, error):
    with pytest.raises(error, match="seed_of_split must be"):
        as_sklearn_random_state(seed, "seed_of_split")
    with pytest.raises((TypeError, ValueError), match="seed_of_split must be"):
        check_random_state(seed, "seed_of_split")


def test_huge_numbers_are_described_not_printed():
    with pytest.raises(ValueError, match="n_boot must be in 1..10000, got a number of about 401"):
        check_whole(10**400, "n_boot", 1, MAX_REPEATS)


def test_check_scale_checks_what_it_is_given():
    with pytest.raises(ValueError, match="overflow"):  # int64 squares wrap around
        check_scale(np.array([[2**62, 0]]))
    check_scale(np.array([[2**20, 0]]))
    with pytest.raises(TypeError, match="column 'b' holds booleans"):
        check_scale(pd.DataFrame({"a": [1.0, 2.0], "b": [True, False]}))


def test_a_python_generator_is_no_array():
    with pytest.raises(TypeError, match="x must hold numbers"):
        as_float_vector(v for v in [1.0, 2.0])


def test_labels_refuse_a_missing_date_and_a_k_that_is_no_count():
    dates = np.array(["2020-01-01", "NaT", "2020-01-02"], dtype="datetime64[D]")
    with pytest.raises(ValueError, match="missing or infinite value .* at row 1"):
        check_labels(dates, 3, whole=False)
    with pytest.raises(ValueError, match="k must be a whole number"):
        check_labels([0, 1], 2, np.array(2.0))


def test_check_columns_refuses_repeated_names_and_checks_text_columns():
    df = pd.DataFrame({"a": [1.0, 2.0], "t": ["x", None], "u": ["x", 5]})
    with pytest.raises(ValueError, match="list 'a' twice"):
        check_columns(df, ["a", "a"])
    with pytest.raises(TypeError, match="numeric columns of df to check must be a list"):
        check_columns(df, ["a"], numeric="a")
    with pytest.raises(ValueError, match="column 't' of df holds a missing value at row 1"):
        check_columns(df, [], text=["t"])
    check_columns(df, [], text=["t"], missing_text=True)
    with pytest.raises(TypeError, match="column 'u' of df must hold text; row 1 holds int 5"):
        check_columns(df, [], text=["u"], missing_text=True)
    with pytest.raises(ValueError, match="df has 2 rows; it needs at least 3"):
        check_columns(df, ["a"], min_rows=3)
    check_columns(df.astype({"t": "category"}), [], text=["t"], missing_text=True)
