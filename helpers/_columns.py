"""Checks of a table's columns: present, named once, numbers where numbers
are read, text where names are read. Re-exported by :mod:`helpers._validation`,
the one place the package imports its checks from."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "as_text",
    "check_categories_filled",
    "check_columns",
    "check_name_list",
    "check_names",
    "check_text_column",
]


def check_columns(
    df, columns, *, numeric=(), text=(), missing_text=False, name="df", min_rows=0, roles=None
):
    """Check that ``df`` is a DataFrame with ``columns``, the ``numeric``
    ones holding finite real numbers (not text, booleans, categories, dates
    or empty cells) and the ``text`` ones holding text (``str``; missing
    values too if ``missing_text``), with at least ``min_rows`` rows.

    Column names must be unique and of one level: ``df[c]`` of a repeated
    name, or of a MultiIndex's first level, is a table, not a column. Each
    list of names must be a list (not one name as text) without repeats.

    ``roles`` maps a caller's argument names to the column names each gave
    (``{"numeric": [...], "categorical": [...]}``): a missing column is then
    reported under the argument that named it, the first argument first.

    Examples
    --------
    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"a": [1.0]}), ["a"], numeric=["a"])
    >>> try:
    ...     check_columns(pd.DataFrame({"a": ["x"]}), ["a"], numeric=["a"])
    ... except TypeError as err:
    ...     print(str(err).split(";")[0])
    column 'a' of df must hold numbers
    >>> try:
    ...     check_columns(pd.DataFrame([[1, 2]], columns=["a", "a"]), ["a"])
    ... except ValueError as err:
    ...     print(str(err).split(";")[0])
    df has repeated column names ['a']
    """
    for what, names in (("", columns), ("numeric ", numeric), ("text ", text)):
        check_name_list(names, f"the {what}columns of {name} to check")
    if not hasattr(df, "columns") or not hasattr(df, "iloc"):
        raise TypeError(
            f"{name} must be a pandas DataFrame with columns {list(columns)}, got "
            f"{type(df).__name__}. Build one with pd.DataFrame(...)."
        )
    if getattr(df.columns, "nlevels", 1) > 1:
        raise ValueError(
            f"{name} has column names of {df.columns.nlevels} levels (a MultiIndex, e.g. "
            f"{df.columns[0]!r}); give it one name per column first, e.g. "
            f"{name}.columns = ['_'.join(map(str, c)) for c in {name}.columns]."
        )
    if df.columns.has_duplicates:
        repeated = list(dict.fromkeys(df.columns[df.columns.duplicated()]))
        raise ValueError(
            f"{name} has repeated column names {repeated}; each column needs a name of its "
            f"own. Rename or drop the copies first, e.g. "
            f"{name}.loc[:, ~{name}.columns.duplicated()]."
        )
    needed = list(dict.fromkeys([*columns, *numeric, *text]))
    missing = [c for c in needed if c not in df.columns]
    if missing:
        for role, names in (roles or {}).items():
            absent = [c for c in names if c not in df.columns]
            if absent:
                raise ValueError(
                    f"{role} names {absent[0]!r}, which is not a column of {name}; {name} has "
                    f"{list(df.columns)}. Names must match exactly (case and spaces too)."
                )
        raise ValueError(f"{name} lacks the columns {missing}; it has {list(df.columns)}.")
    if len(df) < min_rows:
        raise ValueError(f"{name} has {len(df)} rows; it needs at least {min_rows}.")
    for c in text:
        check_text_column(df[c], c, name, missing_text)
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
        # a nullable column's <NA> is a missing value like NaN
        bad = ~np.isfinite(values.to_numpy(dtype=np.float64, na_value=np.nan))
        if bad.any():
            raise ValueError(
                f"column {c!r} of {name} holds NaN or infinity (first at row "
                f"{int(np.flatnonzero(bad)[0])}). Drop or impute those rows."
            )


def check_name_list(names, what):
    """Refuse one name given as text where a list of names is expected, and a
    name listed twice."""
    if isinstance(names, str | bytes):
        raise TypeError(
            f"{what} must be a list of names, such as [{names!r}], got the text {names!r}."
        )
    names = list(names)
    repeated = [c for i, c in enumerate(names) if c in names[:i]]
    if repeated:
        raise ValueError(f"{what} list {repeated[0]!r} twice; name each column once.")


def check_text_column(values, column, name, missing_ok):
    """Refuse values that are not text (numbers, booleans, dates, bytes) in a
    text column, and missing values unless ``missing_ok``: ``astype(str)``
    would otherwise turn 5 into '5' and None into 'None'."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    cells = values.to_numpy(dtype=object)
    kind = pd.api.types.infer_dtype(cells, skipna=True)
    if kind in ("string", "empty") and (missing_ok or not pd.isna(cells).any()):
        return  # all text: one pass in C instead of a Python call per cell
    missing = pd.isna(cells)
    not_text = np.frompyfunc(lambda v: not isinstance(v, str), 1, 1)(cells).astype(bool) & ~missing
    if not_text.any():
        i = int(np.flatnonzero(not_text)[0])
        raise TypeError(
            f"column {column!r} of {name} must hold text; row {i} holds "
            f"{type(cells[i]).__name__} {cells[i]!r}. Convert the column with "
            f"{name}[{column!r}].astype(str) if those values are names."
        )
    if not missing_ok and missing.any():
        i = int(np.flatnonzero(missing)[0])
        raise ValueError(
            f"column {column!r} of {name} holds a missing value at row {i}. Fill it, e.g. "
            f"{name}[{column!r}].fillna('unknown'), or drop those rows."
        )


def check_categories_filled(df, categorical):
    """Refuse a missing value in categorical columns, naming the column and the
    row: one-hot encoding would make it a category of its own."""
    for col in categorical:
        missing = df[col].isna().to_numpy()
        if missing.any():
            raise ValueError(
                f"categorical column {col!r} of df holds a missing value (row "
                f"{int(np.flatnonzero(missing)[0])}), which would become a category of its "
                f"own ({col}=nan). Fill it with a value of its own, e.g. "
                f"df[{col!r}].fillna('unknown'), or drop those rows."
            )


def check_names(values, name, per):
    """``values`` as a list of distinct texts, one per ``per`` (a column, a
    cluster): one name given as text, a set or dict (no order to follow),
    None, bytes or a number among them, and a name given twice are refused.

    Examples
    --------
    >>> check_names(("low", "high"), "names", "cluster")
    ['low', 'high']
    >>> try:
    ...     check_names(["a", None], "names", "cluster")
    ... except TypeError as err:
    ...     print(str(err).split(",")[0])
    names must hold text
    """
    if isinstance(values, str | bytes | set | frozenset | dict) or not hasattr(values, "__iter__"):
        raise TypeError(
            f"{name} must be a list of names, one per {per}, such as ['a', 'b'], "
            f"got {values!r:.80}."
        )
    values = list(values)
    odd = [v for v in values if not isinstance(v, str)]
    if odd:
        raise TypeError(
            f"{name} must hold text, one name per {per}, got {odd[0]!r} "
            f"({type(odd[0]).__name__}) among {values!r:.80}."
        )
    twice = [v for i, v in enumerate(values) if v in values[:i]]
    if twice:
        raise ValueError(f"{name} holds {twice[0]!r} twice; give each {per} a name of its own.")
    return values


def as_text(values):
    """A Series of names as text, a missing value (None, NaN, NA) as the empty
    text. ``fillna("")`` on object columns warns of a coming change in pandas
    2.2; this gives the same values without it.

    Examples
    --------
    >>> as_text(pd.Series(["a", None, float("nan")])).tolist()
    ['a', '', '']
    """
    if not isinstance(values, pd.Series):
        raise TypeError(
            f"values must be a pandas Series of names (a table's column), got "
            f"{type(values).__name__}; wrap it with pd.Series(...)."
        )
    cells = values.to_numpy(dtype=object, copy=True)
    cells[pd.isna(cells)] = ""
    return pd.Series(cells, index=values.index, name=values.name).astype(str)
