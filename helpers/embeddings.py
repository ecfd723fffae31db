"""Turn security events into vectors (embeddings), deterministically, on a CPU.

:class:`EventEncoder` is small enough to read in one sitting:

1. **Features a person would pick.** Time of day and day of week as points on
   a circle (23:59 is next to 00:00), the log of the duration, the severity
   and the status; the actor, the HTTP method and response code, the source
   and destination networks (/24) and the file's directory as one-hot
   columns. Categories seen fewer than ``min_frequency`` times share one
   "infrequent" column, and categories never seen in training go there too,
   so new events can always be embedded.
2. **Scaling.** The numeric columns are standardized (mean 0, spread 1).
3. **A learned linear map.** PCA to ``n_components`` dimensions: the
   directions along which the training events differ most.

The event's type (``class_uid``, ``category_uid``, ``activity_id``,
``type_uid``) is **not** an input: it is what notebook 08's proxy task
predicts, so it must not leak into the vectors. Ground truth of any kind is
never an input either.

Examples
--------
>>> from helpers.datasets import make_security_events
>>> events = make_security_events(3000)
>>> Z = EventEncoder(n_components=8).fit_transform(events)
>>> Z.shape
(3000, 8)
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import PCA
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers._validation import check_random_state, check_whole

__all__ = ["HELD_OUT", "INPUT_COLUMNS", "EventEncoder", "perturb_events"]

#: Raw columns the encoder reads.
INPUT_COLUMNS = [
    "time",
    "duration",
    "severity_id",
    "status_id",
    "actor_user_name",
    "http_request_method",
    "http_response_code",
    "src_endpoint_ip",
    "dst_endpoint_ip",
    "file_path",
]
#: Columns that say what type an event is: never inputs.
HELD_OUT = ["class_uid", "category_uid", "activity_id", "type_uid"]

_NUMERIC = [
    "hour_sin",
    "hour_cos",
    "weekday_sin",
    "weekday_cos",
    "log_duration",
    "severity_id",
    "status_id",
]
_CATEGORICAL = [
    "actor_user_name",
    "http_request_method",
    "http_response_code",
    "src_network",
    "dst_network",
    "file_directory",
]


class EventEncoder(TransformerMixin, BaseEstimator):
    """Security events to vectors: hand-picked features, scaling, PCA.

    Parameters
    ----------
    n_components : int, default=16
    categorical : bool, default=True
        False uses the numeric features only (time, duration, severity,
        status): a weaker encoder to compare against.
    min_frequency : int, default=5
        Rarer categories share one column.
    random_state : int, default=0
        Seeds PCA's solver.

    Attributes
    ----------
    feature_names_ : list of str
        The columns PCA sees.
    explained_variance_ratio_ : ndarray of shape (n_components,)
    """

    def __init__(self, n_components=16, *, categorical=True, min_frequency=5, random_state=0):
        self.n_components = n_components
        self.categorical = categorical
        self.min_frequency = min_frequency
        self.random_state = random_state

    def fit(self, events, y=None):
        """Learn the scaling, the categories and the PCA map from ``events``."""
        self._fit_transform(events)
        return self

    def fit_transform(self, events, y=None):
        return self._fit_transform(events)

    def _fit_transform(self, events):
        k = check_whole(self.n_components, "n_components", 1)
        numeric, categorical = _features(events)
        self.scaler_ = StandardScaler().fit(numeric)
        parts = [self.scaler_.transform(numeric)]
        if self.categorical:
            self.onehot_ = OneHotEncoder(
                handle_unknown="infrequent_if_exist",
                min_frequency=self.min_frequency,
                sparse_output=False,
            ).fit(categorical)
            parts.append(self.onehot_.transform(categorical))
        F = np.hstack(parts)
        if k > min(F.shape):
            raise ValueError(
                f"n_components={k} is more than the {min(F.shape)} features or events "
                "there are; use fewer components."
            )
        self.feature_names_ = list(_NUMERIC) + (
            list(self.onehot_.get_feature_names_out()) if self.categorical else []
        )
        self.pca_ = PCA(k, random_state=self.random_state)
        Z = self.pca_.fit_transform(F)
        self.explained_variance_ratio_ = self.pca_.explained_variance_ratio_
        return Z

    def transform(self, events):
        """Embed events (new ones too) with the fitted state."""
        if not hasattr(self, "pca_"):
            raise ValueError("this EventEncoder is not fitted yet; call fit(events) first.")
        numeric, categorical = _features(events)
        parts = [self.scaler_.transform(numeric)]
        if self.categorical:
            parts.append(self.onehot_.transform(categorical))
        return self.pca_.transform(np.hstack(parts))


def _features(events):
    """The numeric and categorical feature tables of raw events."""
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"events must be a pandas DataFrame, got {type(events).__name__}.")
    missing = [c for c in INPUT_COLUMNS if c not in events.columns]
    if missing:
        raise ValueError(
            f"events lack the columns {missing}; load them with "
            "helpers.datasets.load_security_events() or add those columns."
        )
    if len(events) == 0:
        raise ValueError("events is empty: there is nothing to embed.")
    numbers_ = {}
    for col in ("time", "duration", "severity_id", "status_id"):
        values = pd.to_numeric(events[col], errors="coerce").to_numpy(dtype=np.float64)
        bad = ~np.isfinite(values)
        if bad.any():
            raise ValueError(
                f"column {col!r} has {bad.sum()} missing or non-numeric values (first at "
                f"row {int(np.flatnonzero(bad)[0])}); fix or drop those events."
            )
        numbers_[col] = values
    if (numbers_["duration"] < 0).any():
        raise ValueError("column 'duration' has negative values; durations are >= 0 ms.")
    seconds = (numbers_["time"] / 1000.0) % 86_400
    day = np.floor(numbers_["time"] / 86_400_000.0)
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    numeric = np.column_stack(
        [
            np.sin(2 * np.pi * seconds / 86_400),
            np.cos(2 * np.pi * seconds / 86_400),
            np.sin(2 * np.pi * weekday / 7),
            np.cos(2 * np.pi * weekday / 7),
            np.log1p(numbers_["duration"]),
            numbers_["severity_id"],
            numbers_["status_id"],
        ]
    )
    text = {c: events[c].fillna("").astype(str) for c in INPUT_COLUMNS[4:]}
    categorical = pd.DataFrame(
        {
            "actor_user_name": text["actor_user_name"],
            "http_request_method": text["http_request_method"],
            "http_response_code": text["http_response_code"],
            "src_network": text["src_endpoint_ip"].str.rsplit(".", n=1).str[0],
            "dst_network": text["dst_endpoint_ip"].str.rsplit(".", n=1).str[0],
            "file_directory": text["file_path"].str.rsplit("/", n=1).str[0],
        }
    )
    return numeric, categorical.to_numpy()


def perturb_events(events, level, *, random_state=0):
    """The same events with noise on their numeric inputs.

    ``level`` is a share of each feature's spread over ``events``: the log of
    the duration gets Gaussian noise of standard deviation ``level`` times its
    standard deviation; the time gets jitter of ``level`` times the standard
    deviation of the time of day. Categorical fields are left as they are:
    a category has no spread to take a share of.

    Examples
    --------
    >>> from helpers.datasets import make_security_events
    >>> events = make_security_events(2000)
    >>> same = perturb_events(events, 0.0)
    >>> bool((same["duration"] == events["duration"]).all())
    True
    """
    if not isinstance(level, numbers.Real) or not 0 <= level < np.inf:
        raise ValueError(f"level must be a finite number >= 0, got {level!r}.")
    rng = check_random_state(random_state)
    out = events.copy()
    n = len(events)
    log_d = np.log1p(events["duration"].to_numpy(dtype=np.float64))
    out["duration"] = np.expm1(log_d + rng.normal(0, level * log_d.std(), n)).clip(0).round(1)
    time = events["time"].to_numpy(dtype=np.int64)
    spread_ms = ((time / 1000.0) % 86_400).std() * 1000
    out["time"] = time + np.round(rng.normal(0, level * spread_ms, n)).astype(np.int64)
    return out
