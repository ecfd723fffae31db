"""Checks shared by every helpers module: what was wrong, and what to do.

scikit-learn's ``check_array`` does most of this, but its messages do not tell
a learner what to do next, and the notebooks are read by learners.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_matrix",
    "check_n_clusters",
    "check_random_state",
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
        raise ValueError(f"{name} must be a whole number, got {value!r}.")
    if value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f">= {low}"
        raise ValueError(f"{name} must be in {bound}, got {value}.")
    return int(value)


def check_n_clusters(k, n_samples, *, name="k"):
    """Return ``k`` as an int after checking ``1 <= k <= n_samples``."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {k!r}.")
    if not 1 <= k <= n_samples:
        raise ValueError(
            f"{name}={k} is out of range: it must be at least 1 and at most the "
            f"number of points ({n_samples})."
        )
    return int(k)


def check_random_state(seed):
    """Turn ``None``, an int or a Generator into a ``numpy.random.Generator``."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, numbers.Integral):
        return np.random.default_rng(seed)
    raise TypeError(f"random_state must be None, an int or a numpy Generator, got {seed!r}.")
