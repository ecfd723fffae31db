"""What a user passed as data, as an array of real numbers, or a clear error.

The conversions behind :func:`helpers._validation.as_float_matrix` and
``as_float_vector``: pandas frames and series (columns of booleans, text,
categories or dates refused by name; a nullable column's missing values
become NaN), object arrays (text is never parsed, even "1"), masked arrays
and ragged lists. Kept apart from the checks themselves so that each module
stays one topic.
"""

from __future__ import annotations

import numpy as np


def _real_array(X, name):
    """``X`` as an array of real numbers (int or float), with numbers stored as
    objects converted; booleans, complex numbers, text, categories and dates
    refused. The dtype checks shared by :func:`as_float_matrix` and
    :func:`as_float_vector`."""
    if isinstance(X, np.ma.MaskedArray):
        masked = int(np.ma.count_masked(X))
        if masked:
            raise ValueError(
                f"{name} is a masked array with {masked} masked value(s); the masked "
                f"values would be used as if they were data. Drop those rows, or fill "
                f"them ({name}.filled(value)) first."
            )
        X = np.ma.getdata(X)
    if _is_pandas(X):
        X = _pandas_values(X, name)
    try:
        arr = np.asarray(X)
    except ValueError as err:  # a ragged list: rows of different lengths
        raise ValueError(
            f"{name} is ragged: its rows do not all have the same number of values "
            f"({err}). Give every row one value per feature."
        ) from None
    if arr.dtype.kind == "O":
        arr = _object_values(arr, name)
    what = {"c": "complex numbers", "b": "booleans", "U": "text", "S": "text"}
    if arr.dtype.kind in what:
        raise _not_real(name, what[arr.dtype.kind])
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold numbers, got dtype {arr.dtype}. Select the numeric "
            "columns or encode text columns (e.g. one-hot) first."
        )
    return arr


def _not_real(name, what, where=""):
    """The error for values that are not real numbers: what, where, what to do."""
    if what == "complex numbers":
        return ValueError(
            f"{name} holds complex numbers{where} (Complex data not supported). Pass the "
            f"real part ({name}.real) or the magnitude (abs({name})) if that is what you mean."
        )
    todo = {
        "booleans": f"Convert them with {name}.astype(float) if 0 and 1 are what you mean.",
        "text": f"Text is not read as a number, even '1': convert it yourself "
        f"({name}.astype(float)) if it holds numbers, or encode text columns (e.g. "
        "one-hot) first.",
    }[what]
    return TypeError(f"{name} must hold numbers, but it holds {what}{where}. {todo}")


def _is_pandas(X):
    return type(X).__module__.split(".")[0] == "pandas" and hasattr(X, "dtypes")


def _pandas_values(X, name):
    """A DataFrame's or Series' values, after refusing the columns that hold
    booleans, text, categories or dates (named); a nullable column's missing
    values become NaN, which the caller reports as such."""
    frame = getattr(X, "ndim", 1) == 2
    dtypes = list(X.dtypes.items()) if frame else [(None, X.dtype)]
    bad = [
        f"{col!r} holds {what}" if frame else f"it holds {what}"
        for j, (col, dt) in enumerate(dtypes)
        if (what := _pandas_kind(dt, X.iloc[:, j] if frame else X))
    ]
    if bad:
        todo = (
            f"Select the numeric columns ({name}.select_dtypes('number')), or encode the others"
            if frame
            else "Encode it"
        )
        raise TypeError(
            f"{name} must hold numbers, but {'column ' if frame else ''}{', column '.join(bad)}. "
            f"{todo} as numbers first (one-hot for text and categories, .astype(float) for "
            "booleans if 0 and 1 are what you mean, a count of days for dates)."
        )
    if all(isinstance(dt, np.dtype) for _, dt in dtypes):
        return X.to_numpy()
    return X.to_numpy(dtype=object)  # nullable columns: <NA> becomes NaN below


def _pandas_kind(dtype, values):
    """What a pandas column holds when that is not numbers (else None)."""
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype):
        return "categories"
    if pd.api.types.is_bool_dtype(dtype):
        return "booleans"
    if getattr(dtype, "kind", "O") in ("m", "M") or isinstance(dtype, pd.PeriodDtype):
        return "dates or times"
    if isinstance(dtype, np.dtype) and dtype.kind == "O":  # what the items are decides
        items = values.to_numpy()
        if _find_items(items, (bool, np.bool_)) is not None:
            return "booleans"
        if _find_items(items, (str, bytes)) is not None:
            return "text"
        return None
    if pd.api.types.is_string_dtype(dtype):
        return "text"
    if getattr(dtype, "kind", "O") not in "iufc":
        return f"values of dtype {dtype}"
    return None


def _find_items(arr, types):
    """Index of the first item of an object array that is one of ``types``."""
    hits = np.asarray(np.frompyfunc(lambda v: isinstance(v, types), 1, 1)(arr), dtype=bool)
    return tuple(int(i) for i in np.argwhere(hits)[0]) if hits.ndim and hits.any() else None


def _place(index):
    return f"row {index[0]}, column {index[1]}" if len(index) == 2 else f"index {index[0]}"


def _object_values(arr, name):
    """An object array's numbers as float64: text, booleans and complex numbers
    refused where they are (text is not parsed, even "1"); None, NaN and
    pandas' NA become NaN."""
    for types, what in (
        ((str, bytes), "text"),
        ((bool, np.bool_), "booleans"),
        ((complex, np.complexfloating), "complex numbers"),
    ):
        at = _find_items(arr, types) if arr.size else None
        if at is not None:
            raise _not_real(name, what, f" ({arr[at]!r} at {_place(at)})")
    import pandas as pd

    missing = pd.isna(arr)
    if missing.any():
        arr = np.where(missing, np.nan, arr)
    try:
        return arr.astype(np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{name} must hold numbers, but some values are not ({err}). Select the "
            "numeric columns or encode text columns (e.g. one-hot) first."
        ) from None
