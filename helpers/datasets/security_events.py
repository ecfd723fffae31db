"""Security events of a small company over two weeks, OCSF style, synthetic
(notebook 08). Shipped as ``data/security_events.csv.gz``.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from helpers._validation import (
    MAX_ROWS,
    check_columns,
    check_random_state,
    check_text_column,
    check_whole,
)
from helpers.datasets._files import _SEED, _load

__all__ = ["EVENT_COLUMNS", "load_security_events", "make_security_events"]

#: Columns of the security events, in file order (``anomaly_kind`` is the
#: ground truth, for evaluation only).
EVENT_COLUMNS = [
    "time",
    "class_uid",
    "category_uid",
    "activity_id",
    "type_uid",
    "severity_id",
    "status",
    "status_id",
    "actor_user_name",
    "http_request_method",
    "http_response_code",
    "src_endpoint_ip",
    "dst_endpoint_ip",
    "file_name",
    "file_path",
    "duration",
    "anomaly_kind",
]
# what each numeric column may hold: ("whole" or "real", lowest, highest).
# OCSF's ids are 32-bit integers; times are epoch milliseconds up to the end
# of the year 9999 (so that nanoseconds, pandas' integers for dates, are
# refused rather than read as far-future milliseconds); durations are
# milliseconds in an int64, as OCSF's Long
_ID_MAX = 2**31 - 1
_TIME_MAX_MS = 253_402_300_799_999  # 9999-12-31 23:59:59.999 UTC
_DURATION_MAX_MS = float(2**63 - 1)
_SCHEMA = {
    **{
        c: ("whole", 0, _ID_MAX)
        for c in ("class_uid", "category_uid", "activity_id", "type_uid", "status_id")
    },
    "time": ("whole", 0, _TIME_MAX_MS),
    "severity_id": ("whole", 0, 99),  # OCSF: 0-6, 99 other
    "http_response_code": ("whole", 0, 599),
    "duration": ("real", 0, _DURATION_MAX_MS),
}
_EVENT_START_MS = 1772409600000  # Monday 2026-03-02 00:00 UTC
_EVENT_DAYS = 14

# OCSF classes used here: (class_uid, category_uid); activity ids per class
_API, _HTTP, _AUTH, _FILE = (6003, 6), (4002, 4), (3002, 3), (1001, 1)
_API_ACTIVITY = {"POST": 1, "GET": 2, "PUT": 3, "DELETE": 4}  # Create Read Update Delete
_HTTP_ACTIVITY = {"GET": 3, "POST": 6}
_FILE_ACTIVITY = {"create": 1, "read": 2, "update": 3, "delete": 4}

# who does what: share of normal events, working hours (start, end), weekend
# share, source address, and the kinds of events they make
_ACTORS = {
    "alice": (0.17, (9, 18), 0.03, "10.0.5.11", "developer: internal API calls"),
    "bob": (0.11, (8, 20), 0.10, "10.0.5.12", "administrator: logons, system files"),
    "carol": (0.09, (10, 17), 0.0, "10.0.5.13", "analyst: reads reports, web"),
    "dave": (0.15, (8, 18), 0.02, "10.0.6.", "sales: web portal from a laptop"),
    "erin": (0.07, (9, 17), 0.0, "10.0.5.15", "HR: logons, HR files"),
    "svc-backup": (0.13, (1, 3), 1.0, "10.0.9.2", "service: nightly file reads"),
    "svc-monitor": (0.20, (0, 24), 1.0, "10.0.9.3", "service: health checks"),
    "svc-deploy": (0.08, (14, 15), 0.0, "10.0.9.4", "service: deployments via the API"),
}


def make_security_events(n_events=24_000, random_state=_SEED):
    """Security events of a small company over two weeks, OCSF style.

    Eight actors with different habits (see ``_ACTORS``): people working
    their hours, and services running around the clock or at night. Events
    are of four OCSF classes: API Activity (6003), HTTP Activity (4002),
    Authentication (3002) and File System Activity (1001), each with its
    ``category_uid``, ``activity_id`` and ``type_uid = class_uid * 100 +
    activity_id``. About 6 % of events are exact copies of another (log
    shippers retry), and about 1 % are injected unusual events, whose kind is
    in ``anomaly_kind`` (empty for normal events; for evaluation only):

    - ``failed_login_burst``: 30 failed logons within two minutes from an
      outside address (documentation range 203.0.113.0/24), five times;
    - ``odd_hour``: people's usual events between 01:00 and 04:00;
    - ``rare_endpoint``: reads of sensitive system files, and API calls to an
      address never seen otherwise (198.51.100.0/24).

    Parameters
    ----------
    n_events : int in 2,000..10,000,000, default=24_000
    random_state : int

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EVENT_COLUMNS`, sorted by ``time`` (epoch milliseconds,
        UTC). Text fields are empty where they do not apply (no HTTP method
        for a logon); ``http_response_code`` is 0 when the event is not an
        HTTP request; ``duration`` is in milliseconds.

    Examples
    --------
    >>> events = make_security_events(3000)
    >>> len(events), sorted(events["class_uid"].unique().tolist())
    (3000, [1001, 3002, 4002, 6003])
    """
    n_events = check_whole(n_events, "n_events", 2000, MAX_ROWS)
    rng = check_random_state(random_state)
    anomalies = _unusual_events(rng)
    n_copies = int(0.06 * n_events)
    n_normal = n_events - len(anomalies) - n_copies
    shares = np.array([a[0] for a in _ACTORS.values()])
    counts = rng.multinomial(n_normal, shares / shares.sum())
    rows = []
    for (name, (_, hours, weekend, src, _)), n in zip(_ACTORS.items(), counts, strict=True):
        times = _times(rng, n, hours, weekend)
        rows += [_normal_event(rng, name, src, t) for t in times]
    normal = pd.DataFrame(rows)
    copies = normal.iloc[rng.choice(len(normal), n_copies, replace=False)]
    events = pd.concat([normal, copies, pd.DataFrame(anomalies)], ignore_index=True)
    events["anomaly_kind"] = events["anomaly_kind"].fillna("")
    events = events.sort_values("time", kind="stable").reset_index(drop=True)
    return events[EVENT_COLUMNS]


def _times(rng, n, hours, weekend):
    """n event times (epoch ms) within working hours, weekends at a given rate."""
    day = rng.integers(0, _EVENT_DAYS, n)
    is_weekend = day % 7 >= 5
    keep = ~is_weekend | (rng.random(n) < weekend)
    while not keep.all():  # redraw weekend days for those who rarely work then
        day[~keep] = rng.integers(0, _EVENT_DAYS, (~keep).sum())
        keep = ~(day % 7 >= 5) | (rng.random(n) < weekend)
    start, end = hours
    seconds = rng.uniform(start * 3600, end * 3600, n)
    return _EVENT_START_MS + day.astype(np.int64) * 86_400_000 + (seconds * 1000).astype(np.int64)


def _event(
    cls,
    activity,
    t,
    name,
    src,
    dst,
    *,
    status="Success",
    severity=1,
    method="",
    code=0,
    file_path="",
    duration=100.0,
    kind="",
):
    class_uid, category_uid = cls
    return {
        "time": int(t),
        "class_uid": class_uid,
        "category_uid": category_uid,
        "activity_id": activity,
        "type_uid": class_uid * 100 + activity,
        "severity_id": severity,
        "status": status,
        "status_id": 1 if status == "Success" else 2,
        "actor_user_name": name,
        "http_request_method": method,
        "http_response_code": code,
        "src_endpoint_ip": src,
        "dst_endpoint_ip": dst,
        "file_name": file_path.rsplit("/", 1)[-1] if file_path else "",
        "file_path": file_path,
        "duration": round(float(duration), 1),
        "anomaly_kind": kind,
    }


def _normal_event(rng, name, src, t):
    ms = lambda median, spread=0.5: rng.lognormal(np.log(median), spread)  # noqa: E731
    pick = lambda options, p=None: options[rng.choice(len(options), p=p)]  # noqa: E731
    if src.endswith("."):  # a laptop: an address from the DHCP pool
        src = src + str(rng.integers(20, 60))
    if name == "alice":
        method = pick(["GET", "POST", "PUT", "DELETE"], [0.7, 0.15, 0.12, 0.03])
        code = pick([200, 201, 404], [0.85, 0.1, 0.05]) if method != "POST" else 201
        return _api_call(t, name, src, method, code, ms(120))
    if name == "bob":
        if rng.random() < 0.55:
            return _logon(rng, t, name, src, 0.96, [0.6, 0.4], (10, 30), 300)
        path = pick(
            [
                "/etc/nginx/nginx.conf",
                "/etc/hosts",
                "/var/log/syslog",
                "/var/log/auth.log",
                "/etc/ssh/sshd_config",
            ]
        )
        return _event(
            _FILE,
            pick([2, 3], [0.7, 0.3]),
            t,
            name,
            src,
            "10.0.2.10",
            file_path=path,
            duration=ms(40),
        )
    if name == "carol":
        if rng.random() < 0.7:
            path = f"/data/reports/2026-{rng.integers(1, 4):02d}/sales_{rng.integers(1, 40)}.csv"
            return _event(_FILE, 2, t, name, src, "10.0.4.5", file_path=path, duration=ms(250))
        return _event(_HTTP, 3, t, name, src, "10.0.3.5", method="GET", code=200, duration=ms(180))
    if name == "dave":
        method = pick(["GET", "POST"], [0.8, 0.2])
        code = pick([200, 302, 404], [0.9, 0.07, 0.03])
        return _event(
            _HTTP,
            _HTTP_ACTIVITY[method],
            t,
            name,
            src,
            "10.0.3.5",
            method=method,
            code=code,
            duration=ms(220),
        )
    if name == "erin":
        if rng.random() < 0.4:
            return _logon(rng, t, name, src, 0.97, None, "10.0.2.40", 350)
        path = f"/hr/{pick(['contracts', 'payroll', 'reviews'])}/{rng.integers(100, 999)}.pdf"
        return _event(
            _FILE,
            pick([2, 3], [0.8, 0.2]),
            t,
            name,
            src,
            "10.0.4.6",
            file_path=path,
            duration=ms(90),
        )
    if name == "svc-backup":
        path = f"/data/{pick(['reports', 'hr', 'db'])}/part-{rng.integers(0, 500):04d}.bin"
        return _event(_FILE, 2, t, name, src, "10.0.9.100", file_path=path, duration=ms(4000, 0.6))
    if name == "svc-monitor":
        ok = rng.random() < 0.995
        return _event(
            _HTTP,
            3,
            t,
            name,
            src,
            pick(["10.0.1.20", "10.0.3.5"]),
            method="GET",
            code=200 if ok else 503,
            severity=1 if ok else 2,
            duration=ms(15, 0.3),
        )
    # svc-deploy
    method = pick(["POST", "PUT"], [0.4, 0.6])
    code = pick([200, 201, 500], [0.6, 0.37, 0.03])
    return _api_call(t, name, src, method, code, ms(900), severity=1 if code < 500 else 2)


def _api_call(t, name, src, method, code, duration, severity=1):
    """A call to the internal API (10.0.1.20)."""
    return _event(
        _API,
        _API_ACTIVITY[method],
        t,
        name,
        src,
        "10.0.1.20",
        method=method,
        code=code,
        severity=severity,
        duration=duration,
    )


def _logon(rng, t, name, src, success_rate, logon_logoff, dst, median_ms):
    """A logon or logoff (shares ``logon_logoff``, None for even) to ``dst``,
    an address or a (low, high) range of hosts in 10.0.2.0/24; failures are
    of Medium severity."""
    ok = rng.random() < success_rate
    activity = [1, 2][rng.choice(2, p=logon_logoff)]
    if isinstance(dst, tuple):
        dst = f"10.0.2.{rng.integers(*dst)}"
    return _event(
        _AUTH,
        activity,
        t,
        name,
        src,
        dst,
        status="Success" if ok else "Failure",
        severity=1 if ok else 3,
        duration=rng.lognormal(np.log(median_ms), 0.5),
    )


def _unusual_events(rng):
    rows = []
    for _ in range(5):  # failed-login bursts from outside
        t0 = _EVENT_START_MS + int(rng.integers(0, _EVENT_DAYS * 86_400_000))
        src = f"203.0.113.{rng.integers(1, 255)}"
        user = ["bob", "erin", "admin"][rng.integers(0, 3)]
        for t in np.sort(rng.integers(0, 120_000, 30)):
            rows.append(
                _event(
                    _AUTH,
                    1,
                    t0 + t,
                    user,
                    src,
                    "10.0.2.10",
                    status="Failure",
                    severity=3,
                    duration=rng.lognormal(np.log(300), 0.5),
                    kind="failed_login_burst",
                )
            )
    for _ in range(40):  # people at night
        name = ["alice", "carol", "dave"][rng.integers(0, 3)]
        day = int(rng.integers(0, _EVENT_DAYS))
        t = _EVENT_START_MS + day * 86_400_000 + int(rng.uniform(1, 4) * 3_600_000)
        event = _normal_event(rng, name, _ACTORS[name][3], t)
        rows.append({**event, "anomaly_kind": "odd_hour"})
    for i in range(40):  # rare endpoints
        t = _EVENT_START_MS + int(rng.integers(0, _EVENT_DAYS * 86_400_000))
        if i % 2:
            path = ["/etc/shadow", "/etc/sudoers", "/root/.ssh/id_rsa"][rng.integers(0, 3)]
            rows.append(
                _event(
                    _FILE,
                    2,
                    t,
                    "carol",
                    "10.0.5.13",
                    "10.0.2.10",
                    file_path=path,
                    severity=4,
                    duration=rng.lognormal(np.log(40), 0.5),
                    kind="rare_endpoint",
                )
            )
        else:
            rows.append(
                _event(
                    _API,
                    2,
                    t,
                    "alice",
                    "10.0.5.11",
                    f"198.51.100.{rng.integers(1, 255)}",
                    method="GET",
                    code=200,
                    duration=rng.lognormal(np.log(600), 0.5),
                    kind="rare_endpoint",
                )
            )
    return rows


def load_security_events(path=None):
    """The shipped security events (``data/security_events.csv.gz``).

    Parameters
    ----------
    path : str, Path or bytes, optional
        Events of your own in the same layout (:data:`EVENT_COLUMNS`; plain
        or gzip, told by content), checked as the shipped file: codes, times
        and response codes whole numbers >= 0, durations >= 0 (see
        :func:`load_fruit` for what a broken file gives).

    Returns
    -------
    events : pandas.DataFrame
        Every column of :data:`EVENT_COLUMNS` but ``anomaly_kind``.
    anomaly_kind : pandas.Series
        The injected unusual events' kind, empty for normal events: the
        ground truth, kept apart so that it cannot leak into an embedding.
    """
    df = _load("security_events.csv.gz", make_security_events, EVENT_COLUMNS, path, schema=_SCHEMA)
    return df.drop(columns="anomaly_kind"), df["anomaly_kind"].rename("anomaly_kind")


def _check_events(events, needed=(), *, name="events"):
    """Refuse a table that is not events in the layout of :data:`EVENT_COLUMNS`.

    ``events`` must be a non-empty DataFrame with unique, flat column names
    and the ``needed`` columns. Every column of :data:`EVENT_COLUMNS` it has
    is checked, read or not: the numeric ones (``_SCHEMA``) hold real
    numbers (not booleans, text, categories or dates), none missing, whole
    where OCSF's are, in their range; the others hold text, where a missing
    value (None, NaN, as ``pandas.read_csv`` writes an empty cell) means no
    value, as the empty text does. Other columns are not read.
    """
    if not isinstance(events, pd.DataFrame):
        raise TypeError(
            f"{name} must be a pandas DataFrame of events (columns as EVENT_COLUMNS), got "
            f"{type(events).__name__}. Load them with helpers.datasets.load_security_events()."
        )
    # unique flat names: with a repeated name, events[c] is a table
    check_columns(events, (), name=name)
    missing = [c for c in needed if c not in events.columns]
    if missing:
        raise ValueError(
            f"{name} lack the columns {missing}; load them with "
            "helpers.datasets.load_security_events() or add those columns."
        )
    if len(events) == 0:
        raise ValueError(f"{name} is empty (0 rows): give at least one event.")
    for c in EVENT_COLUMNS:
        if c in _SCHEMA and c in events.columns:
            _check_event_numbers(events[c], c, name)
        elif c in events.columns and not isinstance(events[c].dtype, pd.StringDtype):
            values = events[c]
            if isinstance(values.dtype, pd.CategoricalDtype):
                values = values.cat.categories.to_series()
            # infer_dtype is fast; the full check finds the row that is not text
            if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
                check_text_column(events[c], c, name, missing_ok=True)


def _check_event_numbers(values, column, name):
    """One numeric column of events against ``_SCHEMA``, naming the first bad row."""
    kind, low, high = _SCHEMA[column]
    where = f"column {column!r} of {name}"
    dtype = values.dtype
    if dtype.kind in "mM":
        fix = (
            f"{name}[{column!r}] = {name}[{column!r}].dt.as_unit('ms').astype('int64')"
            if column == "time"
            else f"{name}[{column!r}] = {name}[{column!r}].dt.total_seconds() * 1000"
            if dtype.kind == "m"
            else "convert it to the OCSF code"
        )
        raise TypeError(
            f"{where} holds {dtype} values, but events give {column} as a number "
            f"(time: epoch milliseconds, UTC). Convert it first: {fix}."
        )
    if dtype.kind not in "iuf":
        cells = values.to_numpy(dtype=object)
        number = [isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_) for v in cells]
        i = number.index(False) if not all(number) else 0
        text = "Text is not read as a number, even '1'. " if isinstance(cells[i], str) else ""
        raise TypeError(
            f"{where} must hold numbers; it holds {dtype} ({cells[i]!r} at row {i}). {text}"
            f"Convert it with pd.to_numeric({name}[{column!r}]), or drop it."
        )
    if column == "time" and dtype.kind == "f" and dtype.itemsize < 8:
        # float32 keeps epoch milliseconds of today only to about 2 minutes
        raise TypeError(
            f"{where} holds {dtype}, which rounds today's epoch milliseconds to minutes. Read "
            "the times as int64 (or float64) from their source."
        )
    x = values.to_numpy(dtype=np.float64, na_value=np.nan)
    checks = [
        (~np.isfinite(x), "a missing value or infinity", "Drop or fill those events"),
        (
            x != np.floor(x) if kind == "whole" else np.zeros(len(x), bool),
            "a value that is not a whole number",
            "OCSF gives it as a whole number",
        ),
        (x < low, "a negative value", f"{column} is at least {low}"),
        (x > high, f"a value above {high:.16g}", _why_too_large(column)),
    ]
    for bad, what, fix in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            value = values.iloc[i]
            value = value.item() if isinstance(value, np.generic) else value
            raise ValueError(f"{where} holds {what} ({value!r}) at row {i}. {fix}.")


def _why_too_large(column):
    if column == "time":
        return (
            "Times are epoch milliseconds (UTC) up to the year 9999; nanoseconds or "
            "microseconds must be divided first (e.g. // 10**6)"
        )
    return f"{column} cannot be that large (OCSF's range); fix or drop those events"
