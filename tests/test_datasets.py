"""helpers.datasets: shipped files, generators, and the KDD Cup 1999 reader."""

import gzip
import types

import numpy as np
import pandas as pd
import pytest

from helpers import datasets
from helpers.datasets import (
    KDD_CATEGORICAL,
    KDD_COLUMNS,
    KDD_NUMERIC,
    load_fruit,
    load_insider_threat,
    load_kddcup,
    make_network_connections,
    read_kddcup_file,
)

# The first lines of the real kddcup.data, in its exact format.
REAL_LINES = """\
0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00,normal.
0,tcp,http,SF,239,486,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,1.00,0.00,0.00,19,19,1.00,0.00,0.05,0.00,0.00,0.00,0.00,0.00,normal.
0,icmp,ecr_i,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.
"""


@pytest.mark.parametrize("name", list(datasets._FILES))
def test_shipped_file_is_exactly_what_the_generator_makes(name):
    shipped = (datasets.DATA_DIR / name).read_bytes()
    made = datasets.file_bytes(name)
    if name.endswith(".gz"):
        # compare the content: another zlib build may pack the same text
        # into different bytes; the header carries no name or time stamp
        assert gzip.decompress(shipped) == gzip.decompress(made)
    else:
        assert shipped == made


def test_write_all_regenerates_every_file(tmp_path):
    paths = datasets.write_all(tmp_path)
    assert sorted(p.name for p in paths) == sorted(datasets._FILES)
    for p in paths:
        assert p.read_bytes() == datasets.file_bytes(p.name)


@pytest.mark.parametrize("loader", [load_fruit, load_insider_threat, lambda: load_kddcup()])
def test_loader_without_the_file_gives_the_same_table(loader, tmp_path, monkeypatch):
    shipped = loader()
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)  # no files here
    regenerated = loader()
    assert "generated" in regenerated.attrs["source"]
    pd.testing.assert_frame_equal(shipped, regenerated)


def test_security_events_loader_keeps_the_truth_apart(tmp_path, monkeypatch):
    events, kind = datasets.load_security_events()
    assert "anomaly_kind" not in events.columns
    assert len(events) == len(kind) == 24_000
    assert (kind != "").sum() == 230
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)  # no files here
    again, kind_again = datasets.load_security_events()
    pd.testing.assert_frame_equal(events, again)
    pd.testing.assert_series_equal(kind, kind_again)


def test_security_events_follow_the_ocsf_codes():
    events = datasets.make_security_events(5000, random_state=3)
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
    with pytest.raises(ValueError, match="at least 2,000"):
        datasets.make_security_events(100)


def test_loader_refuses_a_file_missing_columns(tmp_path, monkeypatch):
    (tmp_path / "fruit.csv").write_text("fruit_name,genus\napple,Malus\n")
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match="lacks the columns.*weight_grams"):
        load_fruit()


def test_fruit_has_several_fruits_per_genus():
    df = load_fruit()
    assert 40 <= len(df) <= 60
    per_genus = df.groupby("genus")["fruit_name"].nunique()
    assert len(per_genus) >= 6
    assert (per_genus >= 2).all()
    assert df[["weight_grams", "sweetness_level", "color_intensity"]].gt(0).all().all()


def test_insider_threat_is_a_small_minority_with_riskier_behaviour():
    df = load_insider_threat()
    assert len(df) == 1000
    share = (df["label"] == "insider threat").mean()
    assert 0.02 < share < 0.10
    means = df.groupby("label").mean(numeric_only=True)
    for col in ["sensitive_file_accesses", "usb_usage", "after_hours_actions"]:
        assert means.loc["insider threat", col] > means.loc["normal", col]


def test_kdd_lookalike_has_the_real_layout():
    df = load_kddcup()
    assert list(df.columns) == KDD_COLUMNS
    assert len(KDD_NUMERIC) == 38
    assert df.attrs["synthetic"] is True
    assert df["label"].str.endswith(".").all()
    assert set(df["protocol_type"]) == {"tcp", "udp", "icmp"}
    for col in KDD_NUMERIC:
        assert pd.api.types.is_numeric_dtype(df[col]), col
    # constant columns, as in the real data
    assert (df["num_outbound_cmds"] == 0).all() and (df["is_host_login"] == 0).all()


def test_kdd_lookalike_class_mix_follows_the_real_file():
    df = make_network_connections(100_000, random_state=1)
    shares = df["label"].value_counts(normalize=True)
    assert df["label"].nunique() == 23
    # real 10% file: smurf 56.8%, neptune 21.7%, normal 19.7%
    assert shares["smurf."] == pytest.approx(0.568, abs=0.01)
    assert shares["neptune."] == pytest.approx(0.217, abs=0.01)
    assert shares["normal."] == pytest.approx(0.197, abs=0.01)
    # heavy tails: the largest byte counts are far above the median
    assert df["src_bytes"].max() > 100 * df["src_bytes"].median()


def test_kdd_lookalike_keeps_protocol_and_service_consistent():
    df = make_network_connections(20_000, random_state=2)
    icmp = df["service"].isin(["ecr_i", "eco_i", "urp_i", "tim_i"])
    assert (df.loc[icmp, "protocol_type"] == "icmp").all()
    assert (df.loc[df["protocol_type"] != "tcp", "flag"] == "SF").all()


def test_make_network_connections_refuses_too_few_rows():
    with pytest.raises(ValueError, match="too small"):
        make_network_connections(50)


@pytest.mark.parametrize("compress", [False, True])
def test_read_real_format_file(tmp_path, compress):
    path = tmp_path / ("kddcup.data.gz" if compress else "kddcup.data")
    data = REAL_LINES.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    df = read_kddcup_file(path)
    assert list(df.columns) == KDD_COLUMNS
    assert df.shape == (3, 42)
    assert df.loc[0, "src_bytes"] == 181 and df.loc[0, "dst_bytes"] == 5450
    assert df.loc[2, "label"] == "smurf."
    assert df.loc[0, "dst_host_same_src_port_rate"] == pytest.approx(0.11)
    assert df["count"].dtype == np.int64
    # the same columns and dtypes as the look-alike: one code path serves both
    assert (df.dtypes == load_kddcup().dtypes).all()
    assert load_kddcup(path).attrs["synthetic"] is False


def test_read_refuses_wrong_field_count(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("0,tcp,http,SF,1\n")
    with pytest.raises(ValueError, match="5 fields per row.*42"):
        read_kddcup_file(path)


def test_read_names_column_and_row_of_a_non_number(tmp_path):
    lines = REAL_LINES.splitlines()
    lines[1] = lines[1].replace("239", "lots", 1)
    path = tmp_path / "bad.data"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match="'src_bytes' must be numeric, but row 1 holds 'lots'"):
        read_kddcup_file(path)


def test_read_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="load_kddcup\\(\\) with no path"):
        read_kddcup_file(tmp_path / "nope.data")


def _fake_bunch():
    """What fetch_kddcup99(as_frame=True) returns: text as bytes objects."""
    rows = [line.split(",") for line in REAL_LINES.splitlines()]
    frame = pd.DataFrame(rows, columns=KDD_COLUMNS[:-1] + ["labels"])
    for col in KDD_CATEGORICAL + ["labels"]:
        frame[col] = frame[col].map(str.encode)
    for col in KDD_NUMERIC:
        frame[col] = frame[col].astype(float).astype(object)
    return types.SimpleNamespace(frame=frame)


def test_fetch_goes_through_the_same_parsing(monkeypatch):
    import sklearn.datasets

    monkeypatch.setattr(sklearn.datasets, "fetch_kddcup99", lambda **kw: _fake_bunch())
    df = load_kddcup(fetch=True)
    assert df.attrs["synthetic"] is False
    assert df.loc[0, "protocol_type"] == "tcp" and df.loc[2, "label"] == "smurf."
    assert (df.dtypes == load_kddcup().dtypes).all()


def test_fetch_offline_warns_and_uses_the_lookalike(monkeypatch):
    import sklearn.datasets

    def offline(**kw):
        raise OSError("network unreachable")

    monkeypatch.setattr(sklearn.datasets, "fetch_kddcup99", offline)
    with pytest.warns(UserWarning, match="synthetic look-alike"):
        df = load_kddcup(fetch=True)
    assert df.attrs["synthetic"] is True


def test_synthetic_size_on_demand():
    df = load_kddcup(n_rows=3_000, random_state=5)
    assert len(df) == 3_000
    assert "3,000 rows" in df.attrs["source"]


def test_blob_grid_has_equal_groups_on_the_lattice():
    X, y, centres = datasets.make_blob_grid(3600, spacing=7.0, random_state=3)
    assert X.shape == (3600, 2) and np.bincount(y).tolist() == [100] * 36
    np.testing.assert_allclose(centres[1] - centres[0], [0, 7.0])
    # each group is centred on its lattice point, standard deviation 1
    means = np.array([X[y == g].mean(axis=0) for g in range(36)])
    assert np.abs(means - centres).max() < 0.5
    assert 0.85 < X[y == 0].std() < 1.15


@pytest.mark.parametrize("kind", ["densities", "elongated", "rings", "nested", "noisy", "blob"])
def test_shapes_have_the_asked_size(kind):
    X, y = datasets.make_shapes(kind, 301, random_state=1)
    assert X.shape == (301, 2) and y.shape == (301,) and np.isfinite(X).all()


def test_road_signs_are_many_small_groups_of_mixed_size():
    X, sign, signs = datasets.make_road_signs(50_000, noise_share=0.01, random_state=4)
    assert X.shape == (50_000, 2) and sign.shape == (50_000,) and np.isfinite(X).all()
    assert (sign == -1).sum() == 500  # background noise
    seen = np.bincount(sign[sign >= 0], minlength=len(signs))
    assert seen.min() >= 3 and seen.max() >= 20 * np.median(seen)  # heavy-tailed
    # each sighting lies within a few GPS errors of its sign
    off = np.linalg.norm(X[sign >= 0] - signs[sign[sign >= 0]], axis=1)
    assert np.median(off) < 5 and np.quantile(off, 0.999) < 30
    side = X.max()
    assert 0 <= X.min() and side == pytest.approx(300 * np.sqrt(len(signs)), rel=0.05)
    again = datasets.make_road_signs(50_000, noise_share=0.01, random_state=4)
    np.testing.assert_array_equal(again[0], X)


def test_bad_road_sign_arguments_are_refused():
    with pytest.raises(ValueError, match="n_observations must be at least 100"):
        datasets.make_road_signs(50)
    with pytest.raises(ValueError, match="whole number"):
        datasets.make_road_signs(1e5)
    with pytest.raises(ValueError, match="noise_share"):
        datasets.make_road_signs(1000, noise_share=0.9)


def test_bad_shape_arguments_are_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        datasets.make_shapes("stars")
    with pytest.raises(ValueError, match="n_samples"):
        datasets.make_blob_grid(10)
