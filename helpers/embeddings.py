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

:class:`DenoisingEventEncoder` reads the same features and learns its map
instead: a small autoencoder (NumPy, no deep-learning framework) that sees
each event with some of its fields swapped for another event's and learns to
rebuild the original through a narrow middle layer, whose values are the
embedding. It keeps snapshots of that layer at chosen epochs, so that a
training stage can be evaluated like any finished encoder.

:func:`perturb_events` adds noise to the numeric inputs and
:func:`perturb_categories` swaps a share of the categorical ones, for
measuring how stable an encoder is.

The event's type (``class_uid``, ``category_uid``, ``activity_id``,
``type_uid``) is **not** an input to either encoder: it is what notebook 08's proxy task
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
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from helpers._validation import (
    MAX_REPEATS,
    as_sklearn_random_state,
    as_text,
    check_bool,
    check_random_state,
    check_real,
    check_whole,
)
from helpers.datasets.security_events import _DURATION_MAX_MS, _check_events

__all__ = [
    "HELD_OUT",
    "INPUT_COLUMNS",
    "PERTURBED_CATEGORIES",
    "DenoisingEventEncoder",
    "EventEncoder",
    "perturb_categories",
    "perturb_events",
]

# scikit-learn's NotFittedError (a ValueError), in words for a learner
_NOT_FITTED = "This %(name)s is not fitted yet: call fit(events) first."

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
        status): a weaker encoder to compare against. True or False only.
    min_frequency : int in 1..n_events, default=5
        Rarer categories share one column (above the number of events all
        would: refused).
    random_state : None, int in 0..2**32 - 1 or numpy Generator, default=0
        Seeds PCA's solver (a Generator gives one int seed drawn from it).

    Notes
    -----
    ``fit`` and ``transform`` check every column of
    :data:`~helpers.datasets.EVENT_COLUMNS` the events have, read or not:
    codes, times (epoch milliseconds) and durations real numbers, whole
    where OCSF's are, none missing, in range; the other columns text. A
    missing value (None, NaN) in a text column is read as no value, the
    empty text the events use where a field does not apply (no HTTP method
    on a file access): both fall in the same column.

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
        check_bool(self.categorical, "categorical")
        seed = as_sklearn_random_state(self.random_state)
        F = _fit_feature_map(self, events)
        if k > min(F.shape):
            raise ValueError(
                f"n_components={k} is more than the {min(F.shape)} features or events "
                "there are; use fewer components."
            )
        self.pca_ = PCA(k, random_state=seed)
        Z = self.pca_.fit_transform(F)
        self.explained_variance_ratio_ = self.pca_.explained_variance_ratio_
        return Z

    def transform(self, events):
        """Embed events (new ones too) with the fitted state."""
        check_is_fitted(self, "pca_", msg=_NOT_FITTED)
        return self.pca_.transform(_feature_matrix(self, events))


class DenoisingEventEncoder(TransformerMixin, BaseEstimator):
    """Security events to vectors learned by a small denoising autoencoder.

    The inputs are :class:`EventEncoder`'s features (time of day and weekday on
    circles, log duration, severity, status, scaled; one-hot actor, method,
    response code, networks and directory). Each training step corrupts a
    batch of events: every input *field* of every event is, with probability
    ``swap_rate``, replaced by the same field of a random other event ("swap
    noise", which keeps each field's values realistic). A network with one
    narrow middle layer then rebuilds the uncorrupted features::

        features -> hidden (tanh) -> n_components (linear) -> hidden (tanh) -> features

    and is trained with Adam on the mean squared error. To rebuild a swapped
    field the network must use the fields it can still trust, so the middle
    layer learns how fields go together. Its values, centred on the training
    events' mean, are the embedding.

    Parameters
    ----------
    n_components : int, default=16
        Width of the middle layer: the embedding's dimension.
    hidden : int in 1..10,000, default=64
        Width of the layers either side of it.
    swap_rate : float, default=0.25
        Probability that a field is swapped, in [0, 1).
    epochs : int in 0..10,000, default=20
        Passes over the training events; 0 leaves the random initial weights
        (an untrained encoder, the floor any training must beat).
    batch_size : int >= 1, default=256
        Events per step; values above the number of events mean all of them.
    learning_rate : float in (0, 1], default=0.003
        Adam's step size (larger steps overshoot: at 1e300 the weights
        became NaN).
    snapshot_epochs : iterable of int, default=()
        Keep the encoder as it was after these epochs (0 = before training),
        for :meth:`transform` with ``epoch=``. The last epoch is always kept.
    min_frequency : int in 1..n_events, default=5
        Rarer categories share one column.
    random_state : int, default=0
        Seeds the initial weights, the batches and the swaps.

    Attributes
    ----------
    loss_curve_ : ndarray of shape (epochs,)
        The training loss of each epoch: the mean squared error of rebuilding
        the clean features from corrupted ones, averaged over the epoch's
        batches.
    snapshots_ : dict
        Epoch -> the encoder's weights and centre after that epoch.
    feature_names_ : list of str
        The columns the network reads.

    Notes
    -----
    Written with NumPy (about a hundred lines) rather than a deep-learning
    framework, so that the series installs quickly anywhere. scikit-learn's
    own estimator checks do not apply: the input is a table of events, not a
    numeric array.

    Examples
    --------
    >>> from helpers.datasets import make_security_events
    >>> events = make_security_events(2000)
    >>> enc = DenoisingEventEncoder(8, epochs=5, snapshot_epochs=[0]).fit(events)
    >>> enc.transform(events).shape, len(enc.loss_curve_)
    ((2000, 8), 5)
    >>> bool(enc.loss_curve_[-1] < enc.loss_curve_[0])
    True
    >>> enc.transform(events, epoch=0).shape  # the untrained encoder
    (2000, 8)
    """

    categorical = True  # the learned encoder always reads the categories

    def __init__(
        self,
        n_components=16,
        *,
        hidden=64,
        swap_rate=0.25,
        epochs=20,
        batch_size=256,
        learning_rate=0.003,
        snapshot_epochs=(),
        min_frequency=5,
        random_state=0,
    ):
        self.n_components = n_components
        self.hidden = hidden
        self.swap_rate = swap_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.snapshot_epochs = snapshot_epochs
        self.min_frequency = min_frequency
        self.random_state = random_state

    def fit(self, events, y=None):
        """Learn the feature map and train the network on ``events``."""
        k = check_whole(self.n_components, "n_components", 1)
        # caps: a typo such as 10**12 would exhaust memory (hidden) or run
        # for days (epochs) instead of failing
        h = check_whole(self.hidden, "hidden", 1, 10_000)
        epochs = check_whole(self.epochs, "epochs", 0, MAX_REPEATS)
        batch = check_whole(self.batch_size, "batch_size", 1)
        rate = self.swap_rate
        if not isinstance(rate, numbers.Real) or not 0 <= rate < 1:
            raise ValueError(f"swap_rate must be a number in [0, 1), got {rate!r}.")
        lr = check_real(self.learning_rate, "learning_rate", 0, 1, low_open=True)
        keep = {check_whole(e, "each of snapshot_epochs", 0, epochs) for e in self.snapshot_epochs}
        keep.add(epochs)
        rng = check_random_state(self.random_state)

        F = _fit_feature_map(self, events)
        n, d = F.shape
        # checked before the network is built: a huge code layer would take
        # seconds and gigabytes before failing
        if k > d:
            raise ValueError(
                f"n_components={k} is more than the {d} input features; a code wider than "
                f"its input compresses nothing. Use n_components <= {d}."
            )
        fields = _field_columns(self.feature_names_)
        params = _glorot([d, h, k, h, d], rng)
        adam = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
        self.snapshots_, losses, step = {}, [], 0
        if 0 in keep:
            self.snapshots_[0] = _snapshot(params, F)
        # the products are small (a batch times 64 columns): BLAS threads cost
        # more in waking up than they save, several times more on a busy machine
        with threadpool_limits(1, user_api="blas"):
            for epoch in range(1, epochs + 1):
                corrupted = _swap_fields(F, fields, rate, rng)
                order = rng.permutation(n)
                total = 0.0
                for start in range(0, n, batch):
                    rows = order[start : start + batch]
                    loss, grads = _loss_and_gradients(params, corrupted[rows], F[rows])
                    step += 1
                    _adam_step(params, grads, adam, step, lr)
                    total += loss * rows.size
                losses.append(total / n)
                if epoch in keep:
                    self.snapshots_[epoch] = _snapshot(params, F)
        self.loss_curve_ = np.asarray(losses)
        self.n_epochs_ = epochs
        return self

    def transform(self, events, *, epoch=None):
        """Embed events with the encoder as it was after ``epoch`` (default:
        the last; 0: before training). The epoch must be one of
        ``snapshot_epochs`` or the last."""
        check_is_fitted(self, "snapshots_", msg=_NOT_FITTED)
        epoch = self.n_epochs_ if epoch is None else epoch
        if epoch not in self.snapshots_:
            raise ValueError(
                f"no snapshot after epoch {epoch!r}; kept: {sorted(self.snapshots_)}. "
                "Add it to snapshot_epochs and fit again."
            )
        (W1, b1, W2, b2), centre = self.snapshots_[epoch]
        return np.tanh(_feature_matrix(self, events) @ W1 + b1) @ W2 + b2 - centre


def _field_columns(names):
    """Column numbers of each input field (a field's one-hot columns, or the
    two columns of a point on a circle, are swapped together)."""
    groups = [[0, 1], [2, 3], [4], [5], [6]]  # time of day, weekday, duration, ...
    by_field = {}
    for j, name in enumerate(names[len(_NUMERIC) :], start=len(_NUMERIC)):
        by_field.setdefault(name.split("_", 1)[0], []).append(j)  # OneHotEncoder's "x3_..."
    return [np.asarray(g) for g in groups + list(by_field.values())]


def _swap_fields(F, fields, rate, rng):
    """A copy of F where each field of each row is, with probability
    ``rate``, taken from a random other row."""
    out = F.copy()
    n = F.shape[0]
    for cols in fields:
        rows = np.flatnonzero(rng.random(n) < rate)
        donors = rng.integers(0, n, rows.size)
        out[np.ix_(rows, cols)] = F[np.ix_(donors, cols)]
    return out


def _glorot(sizes, rng):
    """Weights and biases of a stack of layers, Glorot-uniform (as
    scikit-learn's MLP starts), biases likewise."""
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=False):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        params.append(rng.uniform(-bound, bound, (fan_in, fan_out)))
        params.append(rng.uniform(-bound, bound, fan_out))
    return params


def _loss_and_gradients(params, X, target):
    """Mean squared error of rebuilding ``target`` from ``X``, and its
    gradients (backpropagation written out for four layers)."""
    W1, b1, W2, b2, W3, b3, W4, b4 = params
    a1 = np.tanh(X @ W1 + b1)
    code = a1 @ W2 + b2
    a3 = np.tanh(code @ W3 + b3)
    err = a3 @ W4 + b4 - target
    loss = float(np.mean(err**2))
    g_out = 2.0 * err / err.size
    g_a3 = (g_out @ W4.T) * (1.0 - a3**2)
    g_code = g_a3 @ W3.T
    g_a1 = (g_code @ W2.T) * (1.0 - a1**2)
    return loss, [
        X.T @ g_a1,
        g_a1.sum(axis=0),
        a1.T @ g_code,
        g_code.sum(axis=0),
        code.T @ g_a3,
        g_a3.sum(axis=0),
        a3.T @ g_out,
        g_out.sum(axis=0),
    ]


def _adam_step(params, grads, state, step, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam update (Kingma and Ba, 2015), in place."""
    for p, g, (m, v) in zip(params, grads, state, strict=True):
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        p -= lr * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)


def _snapshot(params, F):
    """The encoder half of ``params`` (copied) and the mean code of the
    training features, which :meth:`DenoisingEventEncoder.transform`
    subtracts so that cosine similarities compare directions from the centre."""
    W1, b1, W2, b2 = (p.copy() for p in params[:4])
    centre = (np.tanh(F @ W1 + b1) @ W2 + b2).mean(axis=0)
    return (W1, b1, W2, b2), centre


def _fit_feature_map(encoder, events):
    """Fit the scaling and the one-hot columns on ``events`` and store them on
    ``encoder`` (``scaler_``, ``onehot_``, ``feature_names_``, and
    scikit-learn's ``n_features_in_`` and ``feature_names_in_``: the columns
    of the table seen in fit); return the feature matrix. Both encoders read
    events through this one map."""
    numeric, categorical = _features(events)
    # above the number of events every category would be "infrequent"
    min_frequency = check_whole(encoder.min_frequency, "min_frequency", 1, len(events))
    encoder.n_features_in_ = events.shape[1]
    encoder.feature_names_in_ = np.asarray(events.columns, dtype=object)
    encoder.scaler_ = StandardScaler().fit(numeric)
    parts = [encoder.scaler_.transform(numeric)]
    names = list(_NUMERIC)
    if encoder.categorical:
        encoder.onehot_ = OneHotEncoder(
            handle_unknown="infrequent_if_exist",
            min_frequency=min_frequency,
            sparse_output=False,
        ).fit(categorical)
        parts.append(encoder.onehot_.transform(categorical))
        names += list(encoder.onehot_.get_feature_names_out())
    encoder.feature_names_ = names
    return np.hstack(parts)


def _feature_matrix(encoder, events):
    """The feature matrix of ``events`` under ``encoder``'s fitted map."""
    numeric, categorical = _features(events)
    parts = [encoder.scaler_.transform(numeric)]
    if encoder.categorical:
        parts.append(encoder.onehot_.transform(categorical))
    return np.hstack(parts)


def _features(events):
    """The numeric and categorical feature tables of raw events (checked as
    :func:`helpers.datasets.security_events._check_events` does)."""
    _check_events(events, INPUT_COLUMNS)
    numbers_ = {
        c: events[c].to_numpy(dtype=np.float64)
        for c in ("time", "duration", "severity_id", "status_id")
    }
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
    # a missing text value is no value, as the empty text; a code is read as a
    # whole number (200.0 is the category "200")
    text = {c: as_text(events[c]) for c in INPUT_COLUMNS[4:]}
    text["http_response_code"] = events["http_response_code"].astype(np.int64).astype(str)
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

    Parameters
    ----------
    events : pandas.DataFrame
        With ``time`` (epoch ms) and ``duration`` columns, checked as
        :class:`EventEncoder` checks events.
    level : float in 0..10
        Noise as a share of each feature's spread (10 already buries the
        data; far larger levels made the duration infinite and wrapped the
        time around int64).
    random_state : None, int >= 0 or numpy Generator

    Examples
    --------
    >>> from helpers.datasets import make_security_events
    >>> events = make_security_events(2000)
    >>> same = perturb_events(events, 0.0)
    >>> bool((same["duration"] == events["duration"]).all())
    True
    """
    level = check_real(level, "level", 0, 10)
    _check_events(events, ["time", "duration"])
    rng = check_random_state(random_state)
    out = events.copy()
    n = len(events)
    log_d = np.log1p(events["duration"].to_numpy(dtype=np.float64))
    with np.errstate(over="ignore"):  # a huge duration and noise: capped below
        noisy = np.expm1(log_d + rng.normal(0, level * log_d.std(), n))
    out["duration"] = noisy.clip(0, _DURATION_MAX_MS).round(1)
    time = events["time"].to_numpy(dtype=np.int64)
    spread_ms = ((time / 1000.0) % 86_400).std() * 1000
    out["time"] = time + np.round(rng.normal(0, level * spread_ms, n)).astype(np.int64)
    return out


#: The categorical fields :func:`perturb_categories` swaps.
PERTURBED_CATEGORIES = ["actor_user_name", "http_request_method", "file_directory"]


def perturb_categories(events, level, *, random_state=0):
    """The same events with a share of their categorical values swapped.

    For each of the actor, the HTTP method and the file's directory, a share
    ``level`` of the events that have a value there (drawn independently per
    field) get another value observed in that field, drawn from the other
    events in proportion to how often each occurs. A swapped directory keeps
    its file name. Events without a value (no method on a file access) keep
    none: swapping one in would make a different kind of event. ``events``
    are checked as :class:`EventEncoder` checks them (a missing text value is
    no value).

    Examples
    --------
    >>> from helpers.datasets import make_security_events
    >>> events = make_security_events(2000)
    >>> swapped = perturb_categories(events, 0.05, random_state=1)
    >>> changed = swapped["actor_user_name"] != events["actor_user_name"]
    >>> round(float(changed.mean()), 2)
    0.05
    >>> bool((swapped["duration"] == events["duration"]).all())
    True
    """
    level = check_real(level, "level", 0, 1)
    _check_events(events, ["actor_user_name", "http_request_method", "file_path"])
    rng = check_random_state(random_state)
    out = events.copy()
    path = as_text(events["file_path"])
    has_dir = path.str.contains("/", regex=False)
    directory = path.str.rsplit("/", n=1).str[0].where(has_dir, "")
    name = path.str.rsplit("/", n=1).str[-1]
    for field in PERTURBED_CATEGORIES:
        if field == "file_directory":
            values = directory
        else:  # a missing value is no value, as the empty text
            values = as_text(events[field])
        values = values.to_numpy(dtype=object)
        swapped = _swap_some(values, level, rng)
        if field == "file_directory":
            out["file_path"] = np.where(has_dir, swapped + "/" + name.to_numpy(dtype=object), path)
        else:
            out[field] = np.where(values == swapped, events[field].to_numpy(dtype=object), swapped)
    return out


def _swap_some(values, level, rng):
    """``values`` with a share ``level`` of the non-empty ones replaced by a
    different non-empty value, drawn by frequency."""
    out = values.copy()
    present = np.flatnonzero(values != "")
    chosen = present[rng.random(present.size) < level]
    kinds, counts = np.unique(values[present], return_counts=True)
    if kinds.size < 2:
        return out
    for i, kind in enumerate(kinds):
        rows = chosen[values[chosen] == kind]
        weights = counts.astype(np.float64)
        weights[i] = 0.0  # another value, never the same one
        out[rows] = kinds[rng.choice(kinds.size, rows.size, p=weights / weights.sum())]
    return out
