"""Checks shared by every helpers module: what was wrong, and what to do.

scikit-learn's ``check_array`` does most of this, but its messages do not tell
a learner what to do next, and the notebooks are read by learners.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_float_matrix", "check_n_clusters", "check_random_state"]


def as_float_matrix(X, *, name="X", dtype=None, min_rows=1):
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

    Raises
    ------
    ValueError
        If ``X`` is not 2-D, has too few rows, no columns, or holds NaN/inf.
    TypeError
        If ``X`` holds values that are not numbers.
    """
    if hasattr(X, "to_numpy"):  # pandas: refuse text columns with their names
        X = X.to_numpy()
    arr = np.asarray(X)
    if arr.dtype.kind not in "biuf":
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
        raise ValueError(f"{name} has {arr.shape[0]} rows but at least {min_rows} are needed.")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has no columns; give it at least one feature.")
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
    return arr


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
