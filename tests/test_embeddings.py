"""helpers.embeddings: a deterministic event encoder, and perturbed events."""

import numpy as np
import pandas as pd
import pytest

from helpers.datasets import make_security_events
from helpers.embeddings import HELD_OUT, EventEncoder, perturb_events


@pytest.fixture(scope="module")
def events():
    return make_security_events(4000, random_state=5).drop(columns="anomaly_kind")


def test_same_events_same_vectors(events):
    a = EventEncoder(8).fit_transform(events)
    b = EventEncoder(8).fit(events.copy()).transform(events)
    assert a.shape == (4000, 8) and np.isfinite(a).all()
    np.testing.assert_allclose(a, b, atol=1e-10)


def test_the_event_type_is_not_an_input(events):
    enc = EventEncoder(8).fit(events)
    scrambled = events.copy()
    for col in HELD_OUT:
        scrambled[col] = scrambled[col].sample(frac=1, random_state=0).to_numpy()
    np.testing.assert_array_equal(enc.transform(scrambled), enc.transform(events))


def test_new_events_with_unseen_values_can_be_embedded(events):
    enc = EventEncoder(8).fit(events)
    new = events.head(3).copy()
    new["actor_user_name"] = "mallory"  # never seen in training
    new["dst_endpoint_ip"] = "192.0.2.7"
    Z = enc.transform(new)
    assert Z.shape == (3, 8) and np.isfinite(Z).all()


def test_numeric_only_encoder_ignores_the_categories(events):
    enc = EventEncoder(5, categorical=False).fit(events)
    changed = events.copy()
    changed["actor_user_name"] = "someone"
    np.testing.assert_array_equal(enc.transform(changed), enc.transform(events))
    assert len(enc.feature_names_) == 7


def test_time_of_day_is_circular(events):
    enc = EventEncoder(8).fit(events)
    before, after = events.head(1).copy(), events.head(1).copy()
    midnight = (before["time"] // 86_400_000) * 86_400_000
    before["time"] = midnight - 1000  # 23:59:59
    after["time"] = midnight + 1000  # 00:00:01, same weekday rule aside
    far = events.head(1).copy()
    far["time"] = midnight + 12 * 3_600_000  # noon
    d_near = np.linalg.norm(enc.transform(before) - enc.transform(after))
    d_far = np.linalg.norm(enc.transform(far) - enc.transform(after))
    assert d_near < d_far


def test_perturbing_by_zero_changes_nothing_and_more_changes_more(events):
    pd.testing.assert_frame_equal(perturb_events(events, 0.0), events)
    small = perturb_events(events, 0.01, random_state=1)
    large = perturb_events(events, 0.1, random_state=1)
    moved = lambda p: np.abs(p["time"] - events["time"]).mean()  # noqa: E731
    assert 0 < moved(small) < moved(large)
    assert (large["duration"] >= 0).all()
    for col in ("actor_user_name", "file_path", "type_uid"):
        pd.testing.assert_series_equal(large[col], events[col])


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda e: e.drop(columns="duration"), "lack the columns"),
        (lambda e: e.assign(duration=np.where(e.index == 7, np.nan, e["duration"])), "duration"),
        (lambda e: e.assign(duration=-e["duration"] - 1), "negative"),
        (lambda e: e.head(0), "empty"),
    ],
)
def test_bad_events_are_refused(events, change, match):
    with pytest.raises(ValueError, match=match):
        EventEncoder(4).fit(change(events))


def test_bad_settings_are_refused(events):
    with pytest.raises(ValueError, match="n_components"):
        EventEncoder(0).fit(events)
    with pytest.raises(ValueError, match="more than"):
        EventEncoder(500).fit(events)
    with pytest.raises(ValueError, match="not fitted"):
        EventEncoder(4).transform(events)
    with pytest.raises(TypeError, match="DataFrame"):
        EventEncoder(4).fit(events.to_numpy())
    with pytest.raises(ValueError, match="level"):
        perturb_events(events, -0.1)
