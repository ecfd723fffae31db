"""From a table of connections to the numeric matrix K-means needs.

:class:`ConnectionFeatures` chooses columns, standardizes the numeric ones
and one-hot encodes the categorical ones, with scikit-learn's
``StandardScaler`` and ``OneHotEncoder`` doing the arithmetic. Around them it
adds what notebook 02 needs: named output columns, refusal of the label
column as a feature, clear messages for missing columns and non-numeric
values, and a transform that works in row blocks into one preallocated array
(float32 if asked), so millions of rows fit in memory. It is a scikit-learn
transformer: it sits in a ``Pipeline`` and names its output columns with
``get_feature_names_out``.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.validation import check_is_fitted

from helpers._validation import (
    check_bool,
    check_categories_filled,
    check_columns,
    check_name_list,
    check_scale,
)

__all__ = ["ConnectionFeatures", "numeric_matrix"]

_BLOCK_ROWS = 500_000


def numeric_matrix(df, columns, *, dtype=np.float64):
    """The given columns of ``df`` as a float array, checked.

    Only ``columns`` are read: other columns may hold anything. ``dtype`` is
    np.float64 or np.float32.

    Raises
    ------
    ValueError
        If ``df`` is empty, ``columns`` is empty, a column is missing, or a
        value is missing or infinite (the message names the column and the
        row).
    TypeError
        If ``df`` is not a DataFrame, or a column is not of a numeric dtype:
        booleans, complex numbers, text (even "3": text is never read as a
        number), categories, dates or times.

    Examples
    --------
    >>> numeric_matrix(pd.DataFrame({"a": [1, 2], "b": [3.0, None]}), ["a", "b"])
    Traceback (most recent call last):
    ...
    ValueError: column 'b' of df must be numeric, but row 1 holds a missing value (NaN).
    >>> try:
    ...     numeric_matrix(pd.DataFrame({"a": [1, 2], "b": ["3", "4"]}), ["a", "b"])
    ... except TypeError as err:
    ...     print(str(err).split(";")[0])
    column 'b' of df must hold numbers, but it holds text (row 0: '3')
    """
    columns = _column_list(columns, "columns")
    if not columns:
        raise ValueError("columns is empty: name at least one numeric column of df.")
    return _numeric_matrix(df, columns, _float_dtype(dtype))


def _numeric_matrix(df, columns, dtype):
    """:func:`numeric_matrix` without the check that ``columns`` is not empty
    (a one-hot-only :class:`ConnectionFeatures` has no numeric column)."""
    _check_frame(df, columns)
    out = np.empty((len(df), len(columns)), dtype=dtype)
    for j, col in enumerate(columns):
        values = df[col]
        if pd.api.types.is_bool_dtype(values):
            raise TypeError(
                f"column {col!r} of df holds booleans, not numbers. Convert it with "
                f"df[{col!r}].astype(int) if 0 and 1 are what you mean."
            )
        if pd.api.types.is_complex_dtype(values):
            raise TypeError(
                f"column {col!r} of df holds complex numbers; keep their real part or "
                "magnitude in a real column first."
            )
        if not pd.api.types.is_numeric_dtype(values) or isinstance(
            values.dtype, pd.CategoricalDtype
        ):
            # text was parsed ("10" became 10) and a date became nanoseconds
            # (1.58e18): numbers a learner never meant
            raise TypeError(_not_numeric(col, values))
        num = values.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = ~np.isfinite(num)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            value = values.iloc[row]
            shown = "a missing value (NaN)" if pd.isna(value) else repr(value)
            raise ValueError(f"column {col!r} of df must be numeric, but row {row} holds {shown}.")
        out[:, j] = num
    return out


def _not_numeric(col, values):
    """The message for a column of ``df`` whose dtype is not numeric."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        what = "categories"
    elif values.dtype.kind in "mM" or isinstance(values.dtype, pd.PeriodDtype):
        what = "dates or times"
    elif values.dtype.kind == "O" or pd.api.types.is_string_dtype(values):
        texts = values.map(lambda v: isinstance(v, str | bytes)).to_numpy(dtype=bool)
        what = "text" if texts.any() else f"values of dtype {values.dtype}"
        if texts.any():
            row = int(np.flatnonzero(texts)[0])
            what = f"text (row {row}: {values.iloc[row]!r})"
    else:
        what = f"values of dtype {values.dtype}"
    why = "; text is not read as a number, even '3'" if what.startswith("text") else ""
    return (
        f"column {col!r} of df must hold numbers, but it holds {what}{why}. Convert it "
        f"first (pd.to_numeric(df[{col!r}]) for numbers stored as text, a count of days or "
        "seconds for dates), or list it among the categorical columns."
    )


class ConnectionFeatures(TransformerMixin, BaseEstimator):
    """Numeric columns (optionally standardized) and one-hot categorical columns.

    Takes a pandas DataFrame (the columns are found by name) and returns a
    NumPy array; ``set_output(transform="pandas")`` returns a DataFrame with
    the names of :meth:`get_feature_names_out` instead.

    Parameters
    ----------
    numeric : list of str
        Numeric columns, used as they are or standardized; may be empty
        (``[]``) when ``categorical`` is not: one-hot columns only.
    categorical : list of str, default ()
        Text columns, one-hot encoded: one 0/1 column per value seen in fit;
        a value never seen in fit gets all zeros (see ``unknown_counts_``).
        Their values must be text: a number among names (5 beside "tcp")
        is refused, and so is a missing value (None, NaN), which would
        become a category of its own ("proto=nan"). Columns named in neither
        list are not read, whatever they hold.
    scale : bool, default True
        Standardize every output column: z = (x - mean) / std, and for a
        column whose std is 0, subtract the mean only (scikit-learn's rule).
        One-hot columns are scaled too, so a rare category weighs as much as
        a common one. True or False only. Values so large (or so close
        together) that their squares overflow (underflow) are refused, with
        a request to rescale.
    label_column : str or None, default "label"
        The answer column, refused as a feature; only its name is used. In
        fit it must be a column of ``df`` or a name ``df`` lacks entirely (a
        table without answers; None says so): "" and a name that differs
        from a column only in case or spaces ("Label ") are refused.
    dtype : {np.float64, np.float32}, default np.float64
        Of the output; float32 halves the memory for millions of rows.
        Other dtypes are refused (an integer one truncated z-scores).

    Attributes
    ----------
    feature_names_out_ : list of str
        ``numeric`` then ``service=http``-style names.
    n_features_in_ : int
        Columns of the table seen in fit (all of them, used or not).
    feature_names_in_ : ndarray of str
        Their names.
    unknown_counts_ : dict
        After :meth:`transform`: per categorical column, how many rows held a
        value never seen in fit. Those rows get all zeros in that column's
        one-hot block (before scaling): "none of the known values".

    Examples
    --------
    >>> df = pd.DataFrame({"bytes": [10, 20, 30, 40], "proto": ["tcp", "udp", "tcp", "tcp"]})
    >>> cf = ConnectionFeatures(["bytes"], ["proto"], scale=False)
    >>> cf.fit_transform(df)
    array([[10.,  1.,  0.],
           [20.,  0.,  1.],
           [30.,  1.,  0.],
           [40.,  1.,  0.]])
    >>> cf.feature_names_out_
    ['bytes', 'proto=tcp', 'proto=udp']

    In a pipeline:

    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.cluster import KMeans
    >>> pipe = make_pipeline(ConnectionFeatures(["bytes"], ["proto"]), KMeans(2, random_state=0))
    >>> pipe.fit(df)[0].get_feature_names_out().tolist()
    ['bytes', 'proto=tcp', 'proto=udp']
    """

    def __init__(
        self, numeric, categorical=(), *, scale=True, label_column="label", dtype=np.float64
    ):
        self.numeric = numeric
        self.categorical = categorical
        self.scale = scale
        self.label_column = label_column
        self.dtype = dtype

    def fit(self, df, y=None):
        """Learn categories, means and spreads from ``df``; ``y`` is ignored."""
        self.numeric_, self.categorical_ = self._check_spec()
        check_bool(self.scale, "scale")
        _float_dtype(self.dtype)
        _check_frame(df, self.numeric_, self.categorical_)
        _check_label_column(self.label_column, df)
        self.n_features_in_ = df.shape[1]
        self.feature_names_in_ = np.asarray(df.columns, dtype=object)
        if self.categorical_:
            self.encoder_ = OneHotEncoder(
                handle_unknown="ignore", sparse_output=False, dtype=self.dtype
            ).fit(df[self.categorical_].astype(str))
            cat_names = [
                f"{col}={value}"
                for col, values in zip(self.categorical_, self.encoder_.categories_, strict=True)
                for value in values
            ]
        else:
            self.encoder_, cat_names = None, []
        self.feature_names_out_ = self.numeric_ + cat_names
        self.scaler_ = None
        if self.scale:
            # partial_fit over blocks: the same means and spreads as one fit,
            # without building the whole unscaled matrix first
            self.scaler_ = StandardScaler()
            for block in self._blocks(df):
                self.scaler_.partial_fit(block)
        return self

    def transform(self, df):
        """The feature matrix of ``df``: shape (len(df), len(feature_names_out_))."""
        check_is_fitted(self, "feature_names_out_", msg=_NOT_FITTED)
        _check_frame(df, self.numeric_, self.categorical_)
        out = np.empty((len(df), len(self.feature_names_out_)), dtype=self.dtype)
        start = 0
        for block in self._blocks(df):
            stop = start + len(block)
            out[start:stop] = self.scaler_.transform(block) if self.scale else block
            start = stop
        self.unknown_counts_ = {
            col: int((~df[col].astype(str).isin(values)).sum())
            for col, values in zip(
                self.categorical_,
                self.encoder_.categories_ if self.encoder_ else [],
                strict=True,
            )
        }
        return out

    def fit_transform(self, df, y=None):
        """Fit on ``df`` and return its feature matrix; ``y`` is ignored."""
        return self.fit(df).transform(df)

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns: the numeric ones, then ``column=value``."""
        check_is_fitted(self, "feature_names_out_", msg=_NOT_FITTED)
        return np.asarray(self.feature_names_out_, dtype=object)

    def _blocks(self, df):
        """Unscaled feature rows, a block of rows at a time."""
        for start in range(0, len(df), _BLOCK_ROWS):
            part = df.iloc[start : start + _BLOCK_ROWS]
            num = _numeric_matrix(part, self.numeric_, self.dtype)
            if self.scale:
                # the scaler squares the values: at 1e300 its spreads were
                # inf and the output unscaled or NaN
                check_scale(num, "df")
            if self.encoder_ is None:
                yield num
            else:
                onehot = self.encoder_.transform(part[self.categorical_].astype(str))
                yield np.hstack([num, onehot])

    def _check_spec(self):
        """The numeric and categorical column names as lists, checked."""
        numeric = _column_list(self.numeric, "numeric")
        categorical = _column_list(self.categorical, "categorical")
        features = numeric + categorical
        if not features:
            raise ValueError("no feature columns given: name at least one column.")
        if self.label_column in features:
            raise ValueError(
                f"the label column {self.label_column!r} is among the features. "
                "Clustering must not see the answer: remove it from numeric/categorical."
            )
        overlap = set(numeric) & set(categorical)
        if overlap:
            raise ValueError(f"columns {sorted(overlap)} are both numeric and categorical.")
        return numeric, categorical


_NOT_FITTED = "This %(name)s is not fitted yet: call fit (or fit_transform) before transform."


def _column_list(columns, name):
    """Column names as a list; a lone string is a mistake, not a list of letters."""
    if isinstance(columns, str):
        raise TypeError(
            f"{name} must be a list of column names, got the string {columns!r}; "
            f"write [{columns!r}] for one column."
        )
    try:
        columns = list(columns)
    except TypeError:
        raise TypeError(f"{name} must be a list of column names, got {columns!r}.") from None
    check_name_list(columns, name)  # a name listed twice
    for c in columns:
        if c is None or isinstance(c, bytes) or not isinstance(c, Hashable):
            raise TypeError(f"{name} must hold column names (text), got {c!r}.")
    return columns


def _float_dtype(dtype):
    """``dtype`` as float64 or float32, the two the output may have."""
    try:
        dt = None if dtype is None else np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.float32, np.float64):
        raise TypeError(f"dtype must be np.float64 or np.float32, got {dtype!r}.")
    return dt


def _check_frame(df, numeric, categorical=()):
    """Columns present, the categorical ones text without missing values, rows."""
    check_columns(df, [*numeric, *categorical], text=categorical, missing_text=True)
    check_categories_filled(df, categorical)  # its message says why a gap matters
    if len(df) == 0:
        raise ValueError("df is empty (0 rows): there is nothing to cluster.")


def _check_label_column(label_column, df):
    """Refuse a label column that is not a name, or that misses a column of
    ``df`` by case or spaces: it would guard nothing while seeming to."""
    if label_column is None or (isinstance(label_column, Hashable) and label_column in df.columns):
        return
    if not isinstance(label_column, str) or not label_column.strip():
        raise TypeError(
            f"label_column must be the name (text) of df's answer column, or None for a "
            f"table without one, got {label_column!r}."
        )
    near = [c for c in df.columns if str(c).strip().casefold() == label_column.strip().casefold()]
    if near:
        raise ValueError(
            f"label_column {label_column!r} is not a column of df, but {near[0]!r} is: "
            f"write label_column={near[0]!r}."
        )
