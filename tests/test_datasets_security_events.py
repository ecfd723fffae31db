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
