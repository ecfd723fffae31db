"""Checks shared by every helpers module: what was wrong, and what to do.

scikit-learn's ``check_array`` does most of this, but its messages do not tell
a learner what to do next, and the notebooks are read by learners.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_matrix",
    "as_float_vector",
    "check_columns",
    "check_labels",
    "check_n_clusters",
    "check_random_state",
    "check_real",
    "check_scale",
    "check_whole",
]


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
        refuse values so large that the squares overflow. Methods that divide
        by a scale of the data first (self-tuning spectral clustering) pass
        False.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D, has too few rows, no columns, holds NaN/inf or
        complex numbers, or values so large that squared distances between
        them overflow.
    TypeError
        If ``X`` is sparse, holds booleans, or holds values that are not
        numbers.

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
    if hasattr(X, "to_numpy"):  # pandas: refuse text columns with their names
        X = X.to_numpy()
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


def _real_array(X, name):
    """``X`` as an array of real numbers (int or float), with numbers stored as
    objects converted; booleans, complex numbers and text refused. The dtype
    checks shared by :func:`as_float_matrix` and :func:`as_float_vector`."""
    arr = np.asarray(X)
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as err:
            raise TypeError(
                f"{name} must hold numbers, but some values are not ({err}). Select the "
                "numeric columns or encode text columns (e.g. one-hot) first."
            ) from None
    if arr.dtype.kind == "c":
        raise ValueError(
            f"{name} holds complex numbers (Complex data not supported). Pass the real "
            f"part ({name}.real) or the magnitude (abs({name})) if that is what you mean."
        )
    if arr.dtype.kind == "b":
        raise TypeError(
            f"{name} holds booleans, not numbers. Convert them with {name}.astype(float) "
            "if 0 and 1 are what you mean."
        )
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold numbers, got dtype {arr.dtype}. Select the numeric "
            "columns or encode text columns (e.g. one-hot) first."
        )
    return arr


def check_scale(arr, name="X"):
    """Refuse values so large that squared distances, and their sums over
    every point, would overflow (silently giving inf and NaN results).

    Examples
    --------
    >>> check_scale(np.array([[1e150, 0.0]]))  # fine: nothing returned
    >>> try:
    ...     check_scale(np.array([[1e200, 0.0]]))
    ... except ValueError as err:
    ...     print(str(err).split(",")[0])
    X holds values as large as 1e+200
    """
    if arr.size == 0:
        return
    largest = max(abs(float(arr.max())), abs(float(arr.min())))
    # a squared distance sums n_features squares of differences up to twice
    # the largest value; float64 sums also run over every row
    rows = arr.shape[0] if arr.dtype == np.float64 else 1
    limit = np.sqrt(np.finfo(arr.dtype).max / (4.0 * arr.shape[-1] * rows))
    if largest > limit:
        raise ValueError(
            f"{name} holds values as large as {largest:.3g}, so squared distances "
            f"between its points overflow (limit about {limit:.3g}). Rescale {name} "
            "first, e.g. divide it by its largest value or standardize it."
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
        raise ValueError(f"{name} must be {bound}, got {value}.")
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


def check_random_state(seed):
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
            raise ValueError(f"random_state must be None or an int >= 0, got {seed!r}.")
        return np.random.default_rng(seed)
    raise TypeError(f"random_state must be None, an int >= 0 or a numpy Generator, got {seed!r}.")


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
        raise ValueError(f"{name} must be {want}, got {value!r}.")
    v = float(value)
    bad = not np.isfinite(v)
    if low is not None:
        bad |= v <= low if low_open else v < low
    if high is not None:
        bad |= v >= high if high_open else v > high
    if bad:
        raise ValueError(f"{name} must be {want}, got {value!r}.")
    return v


def as_float_vector(x, *, name="x", size=None, min_size=1):
    """Return ``x`` as a finite 1-D float64 array (one point, or one value per
    sample), of ``size`` entries when given.

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
    return arr


def check_labels(labels, n, k=None, *, name="labels", whole=True):
    """Return cluster ``labels`` as a 1-D array after checking there is one per
    row of X (``n``) and, with ``whole``, that they are whole numbers, in
    ``0..k-1`` when ``k`` is given.

    Code that indexes arrays with labels (sums per cluster, ``bincount``)
    relies on this to stay inside its arrays. With ``whole=False`` any
    values name the clusters (strings too), but NaN, booleans and complex
    numbers are still refused.

    Examples
    --------
    >>> check_labels([0, 1, 1], 3, 2).tolist()
    [0, 1, 1]
    >>> try:
    ...     check_labels([0, 2], 2, 2)
    ... except ValueError as err:
    ...     print(str(err).split(",")[0])
    labels must lie in 0..1
    """
    arr = np.asarray(labels)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(
            f"{name} must give one cluster per row of X ({n} labels), got shape {arr.shape}."
        )
    kind = arr.dtype.kind
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
    if kind == "f" and not np.isfinite(arr).all():
        raise ValueError(f"{name} holds NaN or infinity; every sample needs a cluster label.")
    if kind == "O" and any(isinstance(v, float) and not np.isfinite(v) for v in arr):
        raise ValueError(f"{name} holds NaN or infinity; every sample needs a cluster label.")
    if k is not None and n:
        low, high = arr.min(), arr.max()
        if low < 0 or high >= k:
            raise ValueError(
                f"{name} must lie in 0..{k - 1}, one per cluster (k={k}), got values "
                f"from {low} to {high}."
            )
    return arr.astype(np.int64, copy=False) if kind in "iu" else arr


def check_columns(df, columns, *, numeric=(), name="df"):
    """Check that ``df`` is a DataFrame with ``columns``, the ``numeric``
    ones holding finite real numbers (not text, booleans or empty cells).

    Examples
    --------
    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"a": [1.0]}), ["a"], numeric=["a"])
    >>> try:
    ...     check_columns(pd.DataFrame({"a": ["x"]}), ["a"], numeric=["a"])
    ... except TypeError as err:
    ...     print(str(err).split(";")[0])
    column 'a' of df must hold numbers
    """
    if not hasattr(df, "columns") or not hasattr(df, "iloc"):
        raise TypeError(
            f"{name} must be a pandas DataFrame with columns {list(columns)}, got "
            f"{type(df).__name__}. Build one with pd.DataFrame(...)."
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing}; it has {list(df.columns)}.")
    for c in numeric:
        values = df[c]
        kind = getattr(values.dtype, "kind", "O")
        if kind == "b" or kind not in "iuf":
            raise TypeError(
                f"column {c!r} of {name} must hold numbers; it holds {values.dtype} "
                f"(e.g. {values.iloc[0]!r}). Convert or drop it."
                if len(values)
                else f"column {c!r} of {name} must hold numbers; it holds {values.dtype}."
            )
        bad = ~np.isfinite(values.to_numpy(dtype=np.float64))
        if bad.any():
            raise ValueError(
                f"column {c!r} of {name} holds NaN or infinity (first at row "
                f"{int(np.flatnonzero(bad)[0])}). Drop or impute those rows."
            )
