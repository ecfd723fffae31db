"""Checks shared by every helpers module: what was wrong, and what to do.

scikit-learn's ``check_array`` does most of this, but its messages do not tell
a learner what to do next, and the notebooks are read by learners.
"""

from __future__ import annotations

import numbers

import numpy as np

from helpers._columns import (
    as_text,
    check_categories_filled,
    check_columns,
    check_name_list,
    check_names,
    check_text_column,
)
from helpers._numbers import _real_array

__all__ = [
    "MAX_REPEATS",
    "MAX_ROWS",
    "as_float_matrix",
    "as_float_vector",
    "as_sklearn_random_state",
    "as_text",
    "check_bool",
    "check_categories_filled",
    "check_columns",
    "check_labels",
    "check_n_clusters",
    "check_name_list",
    "check_names",
    "check_random_state",
    "check_real",
    "check_scale",
    "check_text_column",
    "check_whole",
]

#: Caps to pass as ``high`` to :func:`check_whole`: the most rows a generator
#: makes (``n_samples``, ``n_events``) and the most repeats a loop runs
#: (``n_repeats``, ``n_boot``, ``epochs``). Far above what the notebooks use,
#: yet a typo such as 10**12 is refused instead of exhausting memory or time.
MAX_ROWS = 10_000_000
MAX_REPEATS = 10_000


def as_float_matrix(X, *, name="X", dtype=None, min_rows=1, squared=True):
    """Return ``X`` as a finite 2-D float array (float32 kept, else float64).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    name : str
        How the argument is called in error messages.
    dtype : {None, numpy.float32, numpy.float64}
        Force this dtype; ``None`` keeps float32 and turns anything else into
        float64.
    min_rows : int
        Fewest rows accepted.
    squared : bool, default=True
        The caller squares differences of these values (distances, variances):
        refuse values so large that the squares overflow, or so small that
        they underflow (see :func:`check_scale`). Methods that divide by a
        scale of the data first (self-tuning spectral clustering) pass False.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D or ragged, has too few rows, no columns, holds
        NaN/inf (a missing value of a nullable column or a masked value
        included) or complex numbers, or, with ``squared``, values so large or
        so close together that squared distances between them overflow or
        underflow.
    TypeError
        If ``X`` is sparse, or holds booleans, text, categories, dates or
        other values that are not numbers (a DataFrame's such columns are
        named). Text is never read as a number, even "1".

    Notes
    -----
    The messages keep the phrases scikit-learn's common estimator checks look
    for ("1 sample", "0 feature(s)", "sparse", "Complex data not supported"),
    so the estimators built on this pass them, and add what to do next.

    Examples
    --------
    >>> as_float_matrix([[1, 2], [3, 4]]).dtype
    dtype('float64')
    >>> try:
    ...     as_float_matrix([[1.0, float("nan")]])
    ... except ValueError as err:
    ...     print(str(err).split(".")[0])
    X contains NaN or infinity (first at row 0, column 1)
    """
    if hasattr(X, "toarray") or type(X).__module__.startswith("scipy.sparse"):
        raise TypeError(
            f"{name} is a sparse matrix, but dense data is required. Convert it with "
            f"{name}.toarray() if it fits in memory."
        )
    arr = _real_array(X, name)
    if arr.ndim != 2:
        hint = " Use X.reshape(-1, 1) for a single feature." if arr.ndim == 1 else ""
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_features), got shape {arr.shape}.{hint}"
        )
    if dtype is None:
        dtype = np.float32 if arr.dtype == np.float32 else np.float64
    arr = np.asarray(arr, dtype=dtype)
    if arr.shape[0] < min_rows:
        raise ValueError(
            f"{name} has {arr.shape[0]} sample(s) (rows) but at least {min_rows} are needed."
        )
    if arr.shape[1] == 0:
        raise ValueError(
            f"{name} has 0 feature(s) (shape={arr.shape}) while a minimum of 1 is "
            "required: give it at least one feature column."
        )
    # one sum first: NaN or inf anywhere makes it non-finite, and it needs no
    # temporary as large as X (finite values whose sum overflows fall through
    # to the full check)
    with np.errstate(over="ignore", invalid="ignore"):
        total = arr.sum()
    if not np.isfinite(total) and not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{name} contains NaN or infinity (first at row {bad[0]}, column "
            f"{bad[1]}). Drop or impute those rows before clustering."
        )
    if squared:
        check_scale(arr, name)
    return arr


def check_scale(arr, name="X", *, power=2):
    """Refuse values so large that squared distances, and their sums over
    every point, would overflow, or so small or so close together that they
    would underflow (silently giving inf, NaN or all-zero results).

    Parameters
    ----------
    arr : array-like of real numbers, finite
    name : str
        How the argument is called in error messages.
    power : {2, 4}, default=2
        2: the caller sums squared differences over the rows (distances,
        variances). 4: it multiplies two such sums over every pair of rows (a
        correlation of distances, as in a cophenetic correlation).

    Notes
    -----
    Both limits follow from the dtype (float32 data are judged by float32's
    range, in which squares underflow below about 1e-19). Underflow is
    judged by the largest absolute value and by the spread (largest minus
    smallest value): the check refuses data whose every difference is so
    small that its ``power``-th power, times the dtype's resolution, falls
    below the smallest normal number. Data that are all zero, or constant
    (at any scale), have no differences to underflow and pass, as before.

    Examples
    --------
    >>> check_scale(np.array([[1e150, 0.0]]))  # fine: nothing returned
    >>> try:
    ...     check_scale(np.array([[1e200, 0.0]]))
    ... except ValueError as err:
    ...     print(str(err).split(",")[0])
    X holds values as large as 1e+200
    >>> try:
    ...     check_scale(np.array([[1e-170, 0.0]]))
    ... except ValueError as err:
    ...     print(str(err).split(",")[0])
    X's values are no larger than 1e-170
    """
    arr = _real_array(arr, name)
    if arr.size == 0:
        return
    if power not in (2, 4):
        raise ValueError(f"power must be 2 or 4, got {power!r}.")
    whole = arr.dtype.kind in "iu"  # integer arithmetic wraps around; it cannot underflow
    info = np.iinfo(arr.dtype) if whole else np.finfo(arr.dtype)
    high, low = float(arr.max()), float(arr.min())
    largest, spread = max(abs(high), abs(low)), high - low
    # a squared distance sums n_features squares of differences up to twice
    # the largest value; float64 sums also run over every row (over every
    # pair of rows for power 4: the product of two sums of squares)
    n_features = arr.shape[-1] if arr.ndim else 1
    rows = (arr.shape[0] if arr.ndim else 1) if arr.dtype != np.float32 else 1
    limit = float(info.max) ** (1.0 / power) / np.sqrt(4.0 * n_features * rows ** (power / 2))
    if largest > limit:
        raise ValueError(
            f"{name} holds values as large as {largest:.3g}, so squared distances "
            f"between its points overflow (limit about {limit:.3g}). Rescale {name} "
            "first, e.g. divide it by its largest value or standardize it."
        )
    # below the floor the power of a difference, at the dtype's resolution of
    # the largest one, is subnormal or 0: distances lose their digits or vanish
    floor = 0.0 if whole else (float(info.tiny) / float(info.eps)) ** (1.0 / power)
    small = min(largest, spread) if spread > 0 else 0  # constant data: nothing to square
    if small < floor and small:
        what = "are no larger than" if small == largest else "differ by at most"
        raise ValueError(
            f"{name}'s values {what} {small:.3g}, so squared distances between its "
            f"points underflow to 0 or lose their digits (limit about {floor:.3g}). "
            f"Rescale {name} first, e.g. standardize it (subtract each column's mean, "
            "divide by its standard deviation)."
        )


def check_whole(value, name, low, high=None):
    """Return ``value`` as an int after checking it is a whole number in
    ``low..high`` (no upper bound when ``high`` is None).

    Examples
    --------
    >>> check_whole(3, "n_tiles", 1, 10)
    3
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(
            f"{name} must be a whole number (an int such as 3, not a float, bool or "
            f"string), got {value!r}."
        )
    if value < low or (high is not None and value > high):
        bound = f"in {low}..{high}" if high is not None else f">= {low}"
        raise ValueError(f"{name} must be {bound}, got {_short(value)}.")
    return int(value)


def check_n_clusters(k, n_samples, *, name="k"):
    """Return ``k`` as an int after checking ``1 <= k <= n_samples``.

    A ``k`` that is no whole number is a TypeError (as scikit-learn's
    parameter checks raise), one out of range a ValueError saying the bounds.

    Examples
    --------
    >>> check_n_clusters(np.int64(3), 10)
    3
    """
    try:
        check_whole(k, name, -np.inf)
    except ValueError as err:
        raise TypeError(str(err)) from None
    if not 1 <= k <= n_samples:
        raise ValueError(
            f"{name}={k} is out of range: it must be at least 1 and at most the "
            f"number of points ({n_samples})."
        )
    return int(k)


def check_random_state(seed, name="random_state"):
    """Turn ``None``, an int >= 0 or a Generator into a ``numpy.random.Generator``.

    Examples
    --------
    >>> check_random_state(0).integers(10) == check_random_state(0).integers(10)
    np.True_
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool)):
        if seed is not None and seed < 0:
            raise ValueError(f"{name} must be None or an int >= 0, got {seed!r}.")
        return np.random.default_rng(seed)
    raise TypeError(
        f"{name} must be None, an int >= 0 (e.g. {name}=0) or a numpy Generator, got "
        f"{seed!r}{_text_hint(seed)}."
    )


def as_sklearn_random_state(seed, name="random_state"):
    """Return ``seed`` as scikit-learn takes it (None, an int in ``0..2**32 - 1``
    or a RandomState; from a numpy Generator, an int drawn from it), else
    refuse it naming the argument (scikit-learn's own check does not).

    An int or None comes back unchanged, so an estimator given it draws the
    same numbers on every fit.

    Examples
    --------
    >>> as_sklearn_random_state(0)
    0
    >>> try:
    ...     as_sklearn_random_state("seed")
    ... except TypeError as err:
    ...     print(str(err).split(",")[0])
    random_state must be None
    """
    from sklearn.utils import check_random_state as sklearn_check

    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**32))
    if isinstance(seed, bool | np.bool_) or not (
        seed is None or isinstance(seed, numbers.Integral | np.random.RandomState)
    ):
        raise TypeError(
            f"{name} must be None, an int in 0..2**32 - 1 (e.g. {name}=0), a numpy "
            f"Generator or RandomState, got {seed!r}{_text_hint(seed)}."
        )
    try:
        sklearn_check(seed)
    except ValueError:
        raise ValueError(f"{name} must be an int in 0..2**32 - 1, got {_short(seed)}.") from None
    return int(seed) if isinstance(seed, numbers.Integral) else seed


def _short(value):
    """``value`` for a message; a huge number by its count of digits."""
    if isinstance(value, numbers.Rational) and abs(value) >= 10**20:
        return f"a number of about {int(int(abs(value)).bit_length() * 0.30103) + 1} digits"
    return str(value)


def _text_hint(value):
    return " (text: write it without quotes)" if isinstance(value, str | bytes) else ""


def check_bool(value, name):
    """Return ``value`` as a bool after checking it is ``True`` or ``False``
    (a ``numpy.bool_`` too).

    Text is refused (``"False"`` is true in Python), and so are 0 and 1, as
    in scikit-learn's parameter checks.

    Examples
    --------
    >>> check_bool(np.True_, "scale")
    True
    >>> try:
    ...     check_bool("False", "scale")
    ... except TypeError as err:
    ...     print(str(err).split(" (")[0])
    scale must be True or False, got 'False'
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {value!r}{_text_hint(value)}.")


def check_real(value, name, low=None, high=None, *, low_open=False, high_open=False):
    """Return ``value`` as a float after checking it is a finite real number
    in the given range (``True`` and ``1j`` are not numbers here).

    Examples
    --------
    >>> check_real(0.5, "tol", 0)
    0.5
    >>> try:
    ...     check_real(float("nan"), "tol", 0)
    ... except ValueError as err:
    ...     print(err)
    tol must be a finite number >= 0, got nan.
    """
    lo = "" if low is None else f"{'>' if low_open else '>='} {low:g}"
    hi = "" if high is None else f"{'<' if high_open else '<='} {high:g}"
    want = "a finite number" + (f" {lo}" if lo else "") + (" and" if lo and hi else "")
    want += f" {hi}" if hi else ""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {want}, got {value!r}{_text_hint(value)}.")
    try:
        v = float(value)
    except OverflowError:  # beyond float's range, e.g. 10**400
        raise ValueError(f"{name} must be {want}, got {_short(value)}, too large.") from None
    bad = not np.isfinite(v)
    if low is not None:
        bad |= v <= low if low_open else v < low
    if high is not None:
        bad |= v >= high if high_open else v > high
    if bad:
        raise ValueError(f"{name} must be {want}, got {value!r}.")
    return v


def as_float_vector(x, *, name="x", size=None, min_size=1, squared=False):
    """Return ``x`` as a finite 1-D float64 array (one point, or one value per
    sample), of ``size`` entries when given; with ``squared`` (a point whose
    distances are taken) its scale is checked as :func:`check_scale` does.

    Examples
    --------
    >>> as_float_vector([1, 2]).tolist()
    [1.0, 2.0]
    """
    arr = _real_array(x, name).astype(np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}.")
    if size is not None and arr.shape[0] != size:
        raise ValueError(f"{name} has {arr.shape[0]} entries but {size} are needed.")
    if arr.shape[0] < min_size:
        raise ValueError(f"{name} is empty; give at least {min_size} value(s).")
    if not np.isfinite(arr).all():
        i = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise ValueError(f"{name} contains NaN or infinity (first at index {i}).")
    if squared:
        check_scale(arr[None], name)
    return arr


def check_labels(labels, n, k=None, *, name="labels", whole=True):
    """Return cluster ``labels`` as a 1-D array after checking there is one per
    row of X (``n``) and, with ``whole``, that they are whole numbers, in
    ``0..k-1`` when ``k`` is given.

    Code that indexes arrays with labels (sums per cluster, ``bincount``)
    relies on this to stay inside its arrays. With ``whole=False`` any
    values name the clusters (strings too), but missing values (None, NaN,
    pandas' NA), infinity, booleans, complex numbers and a mix of labels
    that cannot be sorted together (numbers and names) are still refused:
    a missing label would otherwise drop its row from a table, or name a
    cluster "nan".

    Examples
    --------
    >>> check_labels([0, 1, 1], 3, 2).tolist()
    [0, 1, 1]
    >>> try:
    ...     check_labels([0, 2], 2, 2)
    ... except ValueError as err:
    ...     print(str(err).split(",")[0])
    labels must lie in 0..1
    >>> try:
    ...     check_labels(["a", None], 2, whole=False)
    ... except ValueError as err:
    ...     print(str(err).split(";")[0])
    labels holds a missing or infinite value (None) at row 1
    """
    arr = np.asarray(labels)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(
            f"{name} must give one cluster per row of X ({n} labels), got shape {arr.shape}."
        )
    kind = arr.dtype.kind
    if kind in "fOmM":  # NaN, None, NA, NaT
        _check_no_missing_label(arr, name)
    elif kind in "US" and not hasattr(labels, "dtype"):
        # np.asarray([nan, "a"]) writes the NaN as the text 'nan'
        _check_no_missing_label(np.asarray(labels, dtype=object), name)
    if whole and kind not in "iu":
        raise ValueError(
            f"{name} must be {n} whole numbers (0, 1, 2, ...), one per row of X, got "
            f"dtype {arr.dtype}. Use the labels a clustering returned."
        )
    if kind == "b":
        raise ValueError(f"{name} holds booleans; use whole numbers (0, 1, ...) as cluster labels.")
    if kind == "c":
        raise ValueError(
            f"{name} holds complex numbers; cluster labels are whole numbers or names."
        )
    if kind == "O" and len({type(v) for v in arr}) > 1:
        try:
            np.unique(arr)
        except TypeError:
            kinds = sorted({type(v).__name__ for v in arr})
            raise TypeError(
                f"{name} mixes values that cannot be sorted together ({', '.join(kinds)}); "
                "use one kind of label, all numbers or all names."
            ) from None
    if k is not None and n:
        k = check_whole(k, "k", 1)
        low, high = arr.min(), arr.max()
        if low < 0 or high >= k:
            raise ValueError(
                f"{name} must lie in 0..{k - 1}, one per cluster (k={k}), got values "
                f"from {low} to {high}."
            )
    return arr.astype(np.int64, copy=False) if kind in "iu" else arr


def _check_no_missing_label(arr, name):
    """Refuse None, NaN, NA, NaT and infinity among labels, naming the row."""
    if arr.dtype.kind in "mM":
        bad = np.isnat(arr)
    elif arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
    else:
        import pandas as pd

        infinite = np.frompyfunc(lambda v: isinstance(v, float | np.floating) and np.isinf(v), 1, 1)
        bad = pd.isna(arr) | infinite(arr).astype(bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} holds a missing or infinite value ({arr[i]}) at row {i}; every sample needs a "
            "cluster label. Drop those rows, or give them a label of their own."
        )
