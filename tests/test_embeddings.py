"""helpers.embeddings: the PCA and the learned event encoders, and perturbed events."""

import numpy as np
import pandas as pd
import pytest

from helpers.datasets import make_security_events
from helpers.embeddings import (
    HELD_OUT,
    DenoisingEventEncoder,
    EventEncoder,
    _glorot,
    _loss_and_gradients,
    perturb_categories,
    perturb_events,
)


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


# --- the learned encoder -------------------------------------------------


@pytest.fixture(scope="module")
def learned(events):
    return DenoisingEventEncoder(6, hidden=24, epochs=8, snapshot_epochs=[0, 2]).fit(events)


def test_learned_same_seed_same_embedding_and_requested_width(events, learned):
    again = DenoisingEventEncoder(6, hidden=24, epochs=8, snapshot_epochs=[0, 2]).fit(events)
    Z = learned.transform(events)
    assert Z.shape == (4000, 6) and np.isfinite(Z).all()
    np.testing.assert_array_equal(again.transform(events), Z)
    np.testing.assert_array_equal(again.loss_curve_, learned.loss_curve_)
    other = DenoisingEventEncoder(6, hidden=24, epochs=8, random_state=1).fit(events)
    assert not np.allclose(other.transform(events), Z)


def test_learned_event_type_is_not_an_input(events, learned):
    scrambled = events.copy()
    for col in HELD_OUT:
        scrambled[col] = scrambled[col].sample(frac=1, random_state=0).to_numpy()
    np.testing.assert_array_equal(learned.transform(scrambled), learned.transform(events))
    refit = DenoisingEventEncoder(6, hidden=24, epochs=8, snapshot_epochs=[0, 2]).fit(scrambled)
    np.testing.assert_array_equal(refit.transform(events), learned.transform(events))


def test_learned_loss_falls(learned):
    loss = learned.loss_curve_
    assert loss.shape == (8,) and np.isfinite(loss).all()
    assert loss[-1] < 0.8 * loss[0]
    assert loss[-3:].mean() < loss[:3].mean()


def test_snapshots_are_the_encoder_at_that_epoch(events, learned):
    untrained = DenoisingEventEncoder(6, hidden=24, epochs=0).fit(events)
    np.testing.assert_array_equal(untrained.transform(events), learned.transform(events, epoch=0))
    assert untrained.loss_curve_.shape == (0,)
    short = DenoisingEventEncoder(6, hidden=24, epochs=2).fit(events)
    np.testing.assert_allclose(short.transform(events), learned.transform(events, epoch=2))
    np.testing.assert_array_equal(short.loss_curve_, learned.loss_curve_[:2])
    assert sorted(learned.snapshots_) == [0, 2, 8]
    # centred on the training events, so cosine similarities compare directions
    assert np.abs(learned.transform(events).mean(axis=0)).max() < 1e-9
    with pytest.raises(ValueError, match="no snapshot after epoch 5"):
        learned.transform(events, epoch=5)


def test_backpropagation_matches_numerical_gradients():
    rng = np.random.default_rng(0)
    params = _glorot([5, 4, 2, 4, 5], rng)
    X, target = rng.normal(size=(7, 5)), rng.normal(size=(7, 5))
    _, grads = _loss_and_gradients(params, X, target)
    eps = 1e-6
    for p, g in zip(params, grads, strict=True):
        for idx in [(0,) * p.ndim, tuple(s - 1 for s in p.shape)]:
            p[idx] += eps
            up = _loss_and_gradients(params, X, target)[0]
            p[idx] -= 2 * eps
            down = _loss_and_gradients(params, X, target)[0]
            p[idx] += eps
            assert g[idx] == pytest.approx((up - down) / (2 * eps), rel=1e-4, abs=1e-9)


def test_learned_new_events_with_unseen_values_can_be_embedded(events, learned):
    new = events.head(3).copy()
    new["actor_user_name"] = "mallory"
    assert np.isfinite(learned.transform(new)).all()


@pytest.mark.parametrize(
    ("setting", "match"),
    [
        ({"n_components": 0}, "n_components"),
        ({"hidden": 2.5}, "hidden"),
        ({"epochs": -1}, "epochs"),
        ({"swap_rate": 1.0}, "swap_rate"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"batch_size": 0}, "batch_size"),
        ({"epochs": 3, "snapshot_epochs": [4]}, "snapshot_epochs"),
    ],
)
def test_learned_bad_settings_are_refused(events, setting, match):
    with pytest.raises(ValueError, match=match):
        DenoisingEventEncoder(**{"epochs": 1, **setting}).fit(events.head(200))


def test_learned_bad_events_are_refused(events):
    with pytest.raises(ValueError, match="not fitted"):
        DenoisingEventEncoder(4).transform(events)
    with pytest.raises(TypeError, match="DataFrame"):
        DenoisingEventEncoder(4, epochs=1).fit(events.to_numpy())
    with pytest.raises(ValueError, match="lack the columns"):
        DenoisingEventEncoder(4, epochs=1).fit(events.drop(columns="time"))
    bad = events.assign(duration=np.where(events.index == 3, np.inf, events["duration"]))
    with pytest.raises(ValueError, match="duration"):
        DenoisingEventEncoder(4, epochs=1).fit(bad)


# --- perturbing the categories -------------------------------------------


def test_perturbing_categories_swaps_a_share_for_other_observed_values(events):
    pd.testing.assert_frame_equal(perturb_categories(events, 0.0), events)
    swapped = perturb_categories(events, 0.1, random_state=3)
    for col in ("actor_user_name", "http_request_method"):
        has = events[col].fillna("") != ""
        changed = swapped[col] != events[col]
        assert 0.07 < changed[has].mean() < 0.13
        assert not changed[~has].any()  # no method appears where there was none
        assert set(swapped[col]) <= set(events[col])
    moved = swapped["file_path"] != events["file_path"]
    names = lambda p: p.str.rsplit("/", n=1).str[-1]  # noqa: E731
    pd.testing.assert_series_equal(names(swapped["file_path"]), names(events["file_path"]))
    assert 0.07 < moved[events["file_path"].str.contains("/")].mean() < 0.13
    for col in ("time", "duration", "type_uid", "dst_endpoint_ip"):
        pd.testing.assert_series_equal(swapped[col], events[col])


def test_perturbing_categories_moves_the_encoders(events, learned):
    swapped = perturb_categories(events, 0.05, random_state=0)
    changed = (swapped != events).any(axis=1).to_numpy()
    for embed in (EventEncoder(8).fit(events).transform, learned.transform):
        moved = np.linalg.norm(embed(swapped) - embed(events), axis=1)
        assert (moved[~changed] == 0).all() and (moved[changed] > 0).all()


def test_perturbing_categories_refuses_bad_levels(events):
    with pytest.raises(ValueError, match="level"):
        perturb_categories(events, 1.5)
    with pytest.raises(ValueError, match="lack the columns"):
        perturb_categories(events.drop(columns="file_path"), 0.1)


@pytest.mark.parametrize(
    ("params", "err", "match"),
    [
        ({"epochs": 10**12}, ValueError, r"epochs must be in 0..10000"),
        ({"hidden": 10**12}, ValueError, r"hidden must be in 1..10000"),
        (
            {"learning_rate": 1e300},
            ValueError,
            "learning_rate must be a finite number > 0 and <= 1",
        ),
    ],
)
def test_learned_encoder_bounds_its_sizes_and_step(events, params, err, match):
    # epochs=10**12 ran for days, hidden=10**12 was a MemoryError, and
    # learning_rate=1e300 trained to NaN weights with only a RuntimeWarning
    with pytest.raises(err, match=match):
        DenoisingEventEncoder(4, **params).fit(events.iloc[:300])
    ok = {k: {"epochs": 2, "hidden": 8, "learning_rate": 1.0}[k] for k in params}
    Z = DenoisingEventEncoder(4, **ok).fit(events.iloc[:300]).transform(events.iloc[:300])
    assert np.isfinite(Z).all()


def test_pca_encoder_checks_categorical_and_seed(events):
    with pytest.raises(TypeError, match="categorical must be True or False"):
        EventEncoder(4, categorical="False").fit(events)
    for bad, err in [("0", TypeError), (-1, ValueError), (2**40, ValueError)]:
        with pytest.raises(err, match="random_state"):
            EventEncoder(4, random_state=bad).fit(events)
    # a Generator gives PCA an int seed
    assert EventEncoder(4, random_state=np.random.default_rng(0)).fit_transform(events).shape == (
        len(events),
        4,
    )


def test_perturb_events_level_is_capped(events):
    # level=1e10 made the duration infinite; 1e300 wrapped the time around int64
    for level in (10.5, 1e10, 1e300):
        with pytest.raises(ValueError, match="level must be a finite number >= 0 and <= 10"):
            perturb_events(events, level)
    out = perturb_events(events, 10.0)
    assert np.isfinite(out["duration"]).all()


# --- issue 18: every reader of events checks them the same way ----------


def _read_events(kind, events, good):
    """Each public reader of an events table (transform: fitted on ``good``)."""
    if kind == "pca":
        return EventEncoder(4).fit_transform(events)
    if kind == "learned":
        return DenoisingEventEncoder(4, hidden=8, epochs=1).fit(events).transform(events)
    if kind == "pca_transform":
        return EventEncoder(4).fit(good).transform(events)
    return {"perturb_events": perturb_events, "perturb_categories": perturb_categories}[kind](
        events, 0.1
    )


READERS = ["pca", "learned", "pca_transform", "perturb_events", "perturb_categories"]


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize(
    ("change", "err", "match"),
    [
        # a column no reader uses is still checked against its type
        (lambda e: e.assign(class_uid=e["class_uid"].astype(str)), TypeError, "'class_uid'"),
        (lambda e: e.assign(time=pd.to_datetime(e["time"], unit="ms")), TypeError, "as_unit"),
        (lambda e: e.assign(status=e["status"].where(e.index != 5, 3)), TypeError, "row 5"),
        (lambda e: e.assign(time=e["time"].astype(float) * 1e290), ValueError, "year 9999"),
        (lambda e: pd.concat([e, e[["duration"]]], axis=1), ValueError, "repeated"),
        (lambda e: e.iloc[:0], ValueError, "empty"),
    ],
)
def test_every_reader_of_events_refuses_the_same_tables(events, kind, change, err, match):
    with pytest.raises(err, match=match):
        _read_events(kind, change(events.head(300)), events.head(300))


def test_a_missing_text_value_is_no_value_and_dtypes_do_not_matter(events):
    head = events.head(500)
    enc = EventEncoder(6).fit(head)
    Z = enc.transform(head)
    method = head["http_request_method"]
    variants = [
        head.assign(http_request_method=method.where(method != "", None)),
        head.assign(http_request_method=method.where(method != "", np.nan)),
        head.astype({"actor_user_name": "category", "file_path": "string"}),
        head.astype({"http_response_code": float, "severity_id": "Int64"}),
    ]
    for v in variants:
        np.testing.assert_array_equal(enc.transform(v), Z)


def test_min_frequency_above_the_events_is_refused(events):
    for cls in (EventEncoder, DenoisingEventEncoder):
        with pytest.raises(ValueError, match=r"min_frequency must be in 1..300"):
            cls(4, min_frequency=10**12).fit(events.head(300))
    # checked whether or not the categories are read
    with pytest.raises(ValueError, match="min_frequency"):
        EventEncoder(4, categorical=False, min_frequency=301).fit(events.head(300))


def test_a_batch_larger_than_the_events_is_one_batch_of_all(events):
    head = events.head(300)
    one = DenoisingEventEncoder(4, hidden=8, epochs=2, batch_size=300).fit(head)
    huge = DenoisingEventEncoder(4, hidden=8, epochs=2, batch_size=2**63).fit(head)
    np.testing.assert_array_equal(one.transform(head), huge.transform(head))


def test_perturbing_a_huge_duration_stays_finite(events):
    head = events.head(200).assign(duration=np.r_[1e18, events["duration"].iloc[1:200]])
    out = perturb_events(head, 10.0, random_state=0)
    assert np.isfinite(out["duration"]).all()
