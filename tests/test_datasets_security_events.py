"""helpers.security_events.security_events: the OCSF-style events of notebook 08."""

import numpy as np
import pandas as pd
import pytest

from helpers.datasets import _files, security_events


def test_security_events_loader_keeps_the_truth_apart(tmp_path, monkeypatch):
    events, kind = security_events.load_security_events()
    assert "anomaly_kind" not in events.columns
    assert len(events) == len(kind) == 24_000
    assert (kind != "").sum() == 230
    monkeypatch.setattr(_files, "DATA_DIR", tmp_path)  # no files here
    again, kind_again = security_events.load_security_events()
    pd.testing.assert_frame_equal(events, again)
    pd.testing.assert_series_equal(kind, kind_again)


def test_security_events_follow_the_ocsf_codes():
    events = security_events.make_security_events(5000, random_state=3)
    assert (events["type_uid"] == events["class_uid"] * 100 + events["activity_id"]).all()
    pairs = set(zip(events["class_uid"], events["category_uid"], strict=True))
    assert pairs == {(6003, 6), (4002, 4), (3002, 3), (1001, 1)}
    assert (events["status_id"] == np.where(events["status"] == "Success", 1, 2)).all()
    http = events["http_request_method"] != ""
    assert (events.loc[http, "http_response_code"] > 0).all()
    assert (events.loc[~http, "http_response_code"] == 0).all()
    files = events["class_uid"] == 1001
    assert (events.loc[files, "file_path"] != "").all() and (
        events.loc[~files, "file_path"] == ""
    ).all()
    assert events["time"].is_monotonic_increasing
    copies = events.drop(columns="anomaly_kind").duplicated().mean()
    assert 0.04 < copies < 0.08  # log shippers retry


def test_bad_security_event_arguments_are_refused():
    with pytest.raises(ValueError, match=r"n_events must be in 2000\.\.10000000"):
        security_events.make_security_events(100)


# --- the check of an events table (used by the encoders and perturbations) ---


@pytest.fixture(scope="module")
def small():
    return security_events.make_security_events(2000, random_state=1)


def _one(values, i, value):
    out = values.astype(object).copy()
    out.iloc[i] = value
    return out


@pytest.mark.parametrize(
    ("column", "change", "err", "match"),
    [
        ("class_uid", lambda c: c.astype("Int64").where(c.index != 7), ValueError, "row 7"),
        ("class_uid", lambda c: c.astype("Float64").where(c.index != 7), ValueError, "row 7"),
        ("class_uid", lambda c: c.astype(float).where(c.index != 7, np.inf), ValueError, "row 7"),
        ("class_uid", lambda c: c.astype(str), TypeError, "pd.to_numeric"),
        ("class_uid", lambda c: c.astype(str).astype("string"), TypeError, "must hold numbers"),
        ("class_uid", lambda c: pd.Categorical(c), TypeError, "must hold numbers"),
        ("class_uid", lambda c: _one(c, 7, "x"), TypeError, "must hold numbers"),
        ("class_uid", lambda c: pd.Timestamp("2020-01-01"), TypeError, "datetime64"),
        ("class_uid", lambda c: c + 0.5, ValueError, "not a whole number"),
        ("class_uid", lambda c: c * 10**6, ValueError, "above 2147483647"),
        ("class_uid", lambda c: c == 6003, TypeError, "must hold numbers"),
        ("time", lambda c: pd.to_datetime(c, unit="ms"), TypeError, r"dt\.as_unit\('ms'\)"),
        ("time", lambda c: c * 10**6, ValueError, "nanoseconds"),
        ("time", lambda c: c.astype(np.float32), TypeError, "float32"),
        ("time", lambda c: c.astype(float) * 1e290, ValueError, "year 9999"),
        ("duration", lambda c: -c - 1, ValueError, "negative"),
        ("severity_id", lambda c: c + 100, ValueError, "above 99"),
        ("status", lambda c: _one(c, 7, 2), TypeError, "row 7 holds int 2"),
        ("actor_user_name", lambda c: _one(c, 7, b"bob"), TypeError, "row 7"),
        ("anomaly_kind", lambda c: _one(c, 7, 1.5), TypeError, "anomaly_kind"),
    ],
)
def test_every_event_column_is_checked_against_its_type(small, column, change, err, match):
    events = small.assign(**{column: change(small[column])})
    with pytest.raises(err, match=match) as info:
        security_events._check_events(events)
    assert repr(column) in str(info.value)


def test_the_events_check_takes_good_tables_and_missing_text(small):
    security_events._check_events(small)
    # pandas' other dtypes for the same values pass: nullable ints, text as
    # category or string, a missing text value (read_csv's empty cell)
    security_events._check_events(
        small.astype({"class_uid": "Int64", "status": "category", "file_path": "string"})
    )
    status = small["status"].astype(object).where(small.index != 3, None)
    security_events._check_events(small.assign(status=status, actor_user_name=np.nan))


@pytest.mark.parametrize(
    ("events", "err", "match"),
    [
        (lambda e: e.to_numpy(), TypeError, "DataFrame"),
        (lambda e: e["time"], TypeError, "DataFrame"),
        (lambda e: e.iloc[:0], ValueError, "empty"),
        (lambda e: pd.concat([e, e[["time"]]], axis=1), ValueError, "repeated column names"),
        (
            lambda e: e.set_axis(pd.MultiIndex.from_tuples([(c, "x") for c in e.columns]), axis=1),
            ValueError,
            "2 levels",
        ),
        (lambda e: e.drop(columns="time"), ValueError, r"lack the columns \['time'\]"),
    ],
)
def test_the_events_check_refuses_other_layouts(small, events, err, match):
    with pytest.raises(err, match=match):
        security_events._check_events(events(small), ["time"])


def test_the_loader_refuses_times_in_nanoseconds(small, tmp_path):
    path = tmp_path / "events.csv"
    small.assign(time=small["time"] * 10**6).to_csv(path, index=False)
    with pytest.raises(ValueError, match="line 2, column 'time'"):
        security_events.load_security_events(path)
