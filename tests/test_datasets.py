"""helpers.datasets: shipped files, generators, and the KDD Cup 1999 sample and reader."""

import gzip
import hashlib
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import datasets
from helpers.datasets import (
    KDD_CATEGORICAL,
    KDD_COLUMNS,
    KDD_LABELS,
    KDD_SAMPLE_FILE,
    KDD_SAMPLE_SHA256,
    load_fruit,
    load_insider_threat,
    load_kddcup,
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


@pytest.mark.parametrize("loader", [load_fruit, load_insider_threat])
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


# The shipped sample: its label counts as data/README.md gives them.
SAMPLE_LABELS = {
    "smurf.": 28591, "neptune.": 10629, "normal.": 9866, "back.": 236, "satan.": 177,
    "ipsweep.": 116, "warezclient.": 111, "teardrop.": 104, "portsweep.": 99, "pod.": 32,
    "nmap.": 27, "buffer_overflow.": 4, "rootkit.": 3, "guess_passwd.": 1, "imap.": 1,
    "land.": 1, "loadmodule.": 1, "phf.": 1,
}  # fmt: skip


def test_load_kddcup_gives_the_real_sample():
    df = load_kddcup()
    assert df.shape == (50_000, 42) and list(df.columns) == KDD_COLUMNS
    assert df.attrs["synthetic"] is False and "real" in df.attrs["source"]
    assert df["label"].value_counts().to_dict() == SAMPLE_LABELS
    assert round(df["label"].value_counts().iloc[:3].sum() / len(df), 3) == 0.982
    assert round(df.duplicated().mean(), 2) == 0.62  # as data/README.md says
    assert df["count"].dtype == np.int64 and df["serror_rate"].dtype == np.float64
    assert df["service"].dtype == object
    # what the data card says of it
    assert (df["num_outbound_cmds"] == 0).all() and (df["is_host_login"] == 0).all()
    assert df["protocol_type"].value_counts().to_dict() == {
        "icmp": 28880,
        "tcp": 19053,
        "udp": 2067,
    }


def test_the_shipped_sample_is_the_file_unchanged():
    path = datasets.DATA_DIR / KDD_SAMPLE_FILE
    assert hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest() == KDD_SAMPLE_SHA256
    # the gzip file as drawn (the shared copy's own checksum)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == (
        "1a1e307e8819415ec703f5213d42f7f2ca9c0ce3cea59ecccaf7ac992b780005"
    )
    # the text is the original files' format: parsing and writing it back is the identity
    assert datasets._kdd_text(load_kddcup()) == gzip.decompress(path.read_bytes()).decode()


def test_a_changed_sample_is_refused(tmp_path, monkeypatch):
    text = gzip.decompress((datasets.DATA_DIR / KDD_SAMPLE_FILE).read_bytes())
    (tmp_path / KDD_SAMPLE_FILE).write_bytes(gzip.compress(text.replace(b"smurf.", b"satan.", 1)))
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match="not the shipped KDD Cup 1999 sample.*sha256"):
        load_kddcup()


def _as_fetched(df):
    """What fetch_kddcup99(as_frame=True) gives: objects, text as bytes, 'labels'."""
    frame = df.rename(columns={"label": "labels"}).astype(object)
    for col in KDD_CATEGORICAL + ["labels"]:
        frame[col] = frame[col].map(str.encode)
    return types.SimpleNamespace(frame=frame)


def test_without_the_file_the_sample_is_rebuilt_from_the_10_percent_file(tmp_path, monkeypatch):
    import sklearn.datasets

    shipped = load_kddcup()
    # a stand-in 10% file: the sample's rows where the draw takes them, copies elsewhere
    drawn = np.sort(np.random.default_rng(1999).choice(494_021, 50_000, replace=False))
    where = np.zeros(494_021, dtype=np.int64)
    where[drawn] = np.arange(50_000)
    ten_percent = shipped.iloc[where].reset_index(drop=True)
    monkeypatch.setattr(sklearn.datasets, "fetch_kddcup99", lambda **kw: _as_fetched(ten_percent))
    monkeypatch.setenv("SCIKIT_LEARN_DATA", str(tmp_path / "sklearn"))
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path / "nothing")
    rebuilt = load_kddcup()
    pd.testing.assert_frame_equal(rebuilt, shipped)
    assert "sklearn" in rebuilt.attrs["source"]

    def offline(**kw):
        raise OSError("network unreachable")

    # the second time it comes from the cache, checked by the same checksum
    monkeypatch.setattr(sklearn.datasets, "fetch_kddcup99", offline)
    pd.testing.assert_frame_equal(load_kddcup(), shipped)


def test_without_the_file_and_offline_says_what_to_do(tmp_path, monkeypatch):
    import sklearn.datasets

    def offline(**kw):
        raise OSError("network unreachable")

    monkeypatch.setattr(sklearn.datasets, "fetch_kddcup99", offline)
    monkeypatch.setenv("SCIKIT_LEARN_DATA", str(tmp_path / "sklearn"))
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path / "nothing")
    with pytest.raises(OSError, match=f"Copy data/{KDD_SAMPLE_FILE}.*load_kddcup\\(path\\)"):
        load_kddcup()


def test_fetch_goes_through_the_same_parsing(monkeypatch):
    import sklearn.datasets

    three = read_kddcup_file_from_text(REAL_LINES)
    monkeypatch.setattr(sklearn.datasets, "fetch_kddcup99", lambda **kw: _as_fetched(three))
    df = load_kddcup(fetch=True)
    assert df.attrs["synthetic"] is False and "fetch_kddcup99" in df.attrs["source"]
    pd.testing.assert_frame_equal(df, three)
    assert (df.dtypes == load_kddcup().dtypes).all()
    with pytest.raises(ValueError, match="either path or fetch"):
        load_kddcup("kddcup.data", fetch=True)


def read_kddcup_file_from_text(text, tmp=None):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kddcup.data"
        path.write_text(text)
        df = read_kddcup_file(path)
    df.attrs = {}
    return df


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
    # the same columns and dtypes as the shipped sample: one parser serves both
    assert (df.dtypes == load_kddcup().dtypes).all()
    assert load_kddcup(path).attrs["source"] == str(path)


def test_gzip_is_told_by_content_not_by_name(tmp_path):
    (tmp_path / "plain.gz").write_text(REAL_LINES)
    (tmp_path / "packed.data").write_bytes(gzip.compress(REAL_LINES.encode()))
    assert (
        len(read_kddcup_file(tmp_path / "plain.gz"))
        == len(read_kddcup_file(tmp_path / "packed.data"))
        == 3
    )


LINE = REAL_LINES.splitlines()[0]


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        (LINE[:-1], r", column 'label': 'normal' is not a known label \(.*'normal\.', with a dot"),
        (LINE.replace("normal.", "hack."), r", column 'label': 'hack\.' is not a known label"),
        (LINE.replace(",tcp,", ",tcpx,"), r", column 'protocol_type': 'tcpx'"),
        (LINE.replace(",http,", ",web,"), r", column 'service': 'web'"),
        (LINE.replace(",SF,", ",XX,"), r", column 'flag': 'XX'"),
        (LINE.replace(",181,", ",1.5,"), r", column 'src_bytes': '1.5' is not a whole number"),
        (LINE.replace(",181,", ",1e30,"), r", column 'src_bytes': '1e30' is not a whole"),
        (LINE.replace(",181,", ",99999999999999999999,"), r", column 'src_bytes'.*fits 64 bits"),
        (LINE.replace(",181,", ",lots,"), r", column 'src_bytes': 'lots'"),
        (LINE.replace(",5450,", ",-5450,"), r", column 'dst_bytes': '-5450' is negative"),
        (LINE.replace(",0.11,", ",7.5,"), r", column 'dst_host_same_src_port_rate': '7.5' is not"),
        (LINE.replace(",0.11,", ",nan,"), r", column 'dst_host_same_src_port_rate': 'nan' is not"),
        (LINE.replace("0,0,0,0,0,1,", "0,0,0,0,0,2,", 1), r", column 'logged_in': '2' must be 0"),
        (LINE + ",x", r": 43 fields; a KDD Cup 1999 line has 42"),
        ("", r": 1 fields"),
    ],
)  # fmt: skip
def test_bad_values_are_refused_with_file_line_and_column(tmp_path, second_line, message):
    path = tmp_path / "bad.data"
    path.write_text(f"{LINE}\n{second_line}\n{LINE}\n")
    with pytest.raises(ValueError, match=f"bad.data, line 2{message}"):
        read_kddcup_file(path)


def test_a_last_line_cut_mid_field_is_refused(tmp_path):
    for cut in [60, len(LINE) - 3]:  # inside a number; inside the label
        path = tmp_path / f"cut{cut}.data"
        path.write_text(f"{LINE}\n{LINE[:cut]}")
        with pytest.raises(ValueError, match=f"cut{cut}.data, line 2"):
            read_kddcup_file(path)
    path.write_text(f"{LINE}\n{LINE[:60]}")
    with pytest.raises(ValueError, match="ends mid-line"):
        read_kddcup_file(path)


def test_broken_files_are_refused_with_their_name(tmp_path):
    packed = gzip.compress((LINE + "\n").encode() * 2000)
    (tmp_path / "cut.gz").write_bytes(packed[: len(packed) // 2])
    with pytest.raises(ValueError, match=r"cut.gz breaks off after line \d+.*truncated"):
        read_kddcup_file(tmp_path / "cut.gz")
    (tmp_path / "empty.data").write_text("")
    with pytest.raises(ValueError, match="empty.data is empty"):
        read_kddcup_file(tmp_path / "empty.data")
    (tmp_path / "binary.data").write_bytes(b"\xff\xfe" + LINE.encode())
    with pytest.raises(ValueError, match="binary.data, line 1: bytes that are not ASCII"):
        read_kddcup_file(tmp_path / "binary.data")
    with pytest.raises(ValueError, match="is a folder"):
        read_kddcup_file(tmp_path)


def test_read_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="load_kddcup\\(\\) with no path"):
        read_kddcup_file(tmp_path / "nope.data")


def test_the_vocabularies_cover_the_sample():
    df = load_kddcup()
    assert set(df["label"]) <= set(KDD_LABELS) and len(KDD_LABELS) == 40
    assert set(df["service"]) <= set(datasets.KDD_SERVICES) and len(datasets.KDD_SERVICES) == 70
    assert set(df["flag"]) <= set(datasets.KDD_FLAGS) and len(datasets.KDD_FLAGS) == 11


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
    with pytest.raises(ValueError, match="n_observations must be >= 100"):
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
