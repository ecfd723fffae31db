"""helpers.datasets.kddcup: the KDD Cup 1999 sample and the reader of the original files."""

import gzip
import hashlib
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.datasets import _files, kddcup
from helpers.datasets.kddcup import (
    KDD_CATEGORICAL,
    KDD_COLUMNS,
    KDD_LABELS,
    KDD_SAMPLE_FILE,
    KDD_SAMPLE_SHA256,
    load_kddcup,
    read_kddcup_file,
)

# The first lines of the real kddcup.data, in its exact format.
REAL_LINES = """\
0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00,normal.
0,tcp,http,SF,239,486,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,1.00,0.00,0.00,19,19,1.00,0.00,0.05,0.00,0.00,0.00,0.00,0.00,normal.
0,icmp,ecr_i,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.
"""


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
    path = _files.DATA_DIR / KDD_SAMPLE_FILE
    assert hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest() == KDD_SAMPLE_SHA256
    # the gzip file as drawn (the shared copy's own checksum)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == (
        "1a1e307e8819415ec703f5213d42f7f2ca9c0ce3cea59ecccaf7ac992b780005"
    )
    # the text is the original files' format: parsing and writing it back is the identity
    assert kddcup._kdd_text(load_kddcup()) == gzip.decompress(path.read_bytes()).decode()


def test_a_changed_sample_is_refused(tmp_path, monkeypatch):
    text = gzip.decompress((_files.DATA_DIR / KDD_SAMPLE_FILE).read_bytes())
    (tmp_path / KDD_SAMPLE_FILE).write_bytes(gzip.compress(text.replace(b"smurf.", b"satan.", 1)))
    monkeypatch.setattr(_files, "DATA_DIR", tmp_path)
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
    monkeypatch.setattr(_files, "DATA_DIR", tmp_path / "nothing")
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
    monkeypatch.setattr(_files, "DATA_DIR", tmp_path / "nothing")
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
    assert set(df["service"]) <= set(kddcup.KDD_SERVICES) and len(kddcup.KDD_SERVICES) == 70
    assert set(df["flag"]) <= set(kddcup.KDD_FLAGS) and len(kddcup.KDD_FLAGS) == 11


def test_an_extra_field_on_the_first_line_is_refused(tmp_path, recwarn):
    # pandas takes the first line's width as the table's, drops the extra field
    # with a ParserWarning only, and would read the file as good
    path = tmp_path / "wide.data"
    path.write_text(f"{LINE},x\n{LINE}\n")
    with pytest.raises(
        ValueError, match=r"wide.data, line 1: 43 fields; a KDD Cup 1999 line has 42"
    ):
        read_kddcup_file(path)
    assert not [w for w in recwarn if issubclass(w.category, pd.errors.ParserWarning)]


def test_fetch_must_be_a_bool(monkeypatch):
    import sklearn.datasets

    def no_network(**kw):
        raise AssertionError("went to the network")

    monkeypatch.setattr(sklearn.datasets, "fetch_kddcup99", no_network)
    # "False" is a true string: it used to start the download
    for bad in ["False", 1, None]:
        with pytest.raises(TypeError, match="fetch must be True or False"):
            load_kddcup(fetch=bad)
    assert len(load_kddcup(fetch=np.False_)) == 50_000


@pytest.mark.parametrize("compress", [False, True])
def test_a_byte_order_mark_is_refused_by_name(tmp_path, compress):
    path = tmp_path / "kddcup.data"
    data = b"\xef\xbb\xbf" + REAL_LINES.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    with pytest.raises(ValueError, match=r"line 1: starts with a UTF-8 byte-order mark \(BOM\)"):
        read_kddcup_file(path)
