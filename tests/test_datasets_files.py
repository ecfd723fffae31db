"""helpers.datasets._files: where the shipped files live, and the one table parser."""

import pandas as pd
import pytest

from helpers.datasets import _files
from helpers.datasets.fruit import load_fruit
from helpers.datasets.insider_threat import load_insider_threat


@pytest.mark.parametrize("loader", [load_fruit, load_insider_threat])
def test_loader_without_the_file_gives_the_same_table(loader, tmp_path, monkeypatch):
    shipped = loader()
    monkeypatch.setattr(_files, "DATA_DIR", tmp_path)  # no files here
    regenerated = loader()
    assert "generated" in regenerated.attrs["source"]
    pd.testing.assert_frame_equal(shipped, regenerated)


@pytest.mark.parametrize("name", ["fruit.csv", "insider_threat.csv"])
def test_a_byte_order_mark_is_skipped(name, tmp_path):
    from helpers.datasets import file_bytes

    loader = {"fruit.csv": load_fruit, "insider_threat.csv": load_insider_threat}[name]
    path = tmp_path / name
    # Excel's "CSV UTF-8" starts the file with a BOM; the header used to read
    # as '\ufefffruit_name' and the file was refused as lacking a column
    path.write_bytes(b"\xef\xbb\xbf" + file_bytes(name))
    with_bom = loader(path)
    plain = loader()
    with_bom.attrs, plain.attrs = {}, {}
    pd.testing.assert_frame_equal(with_bom, plain)


def test_a_path_is_text_a_pathlike_or_bytes_and_nothing_else(tmp_path):
    import os

    from helpers.datasets import file_bytes, read_kddcup_file
    from helpers.datasets.kddcup import kddcup_sample_path

    path = tmp_path / "fruit.csv"
    path.write_bytes(file_bytes("fruit.csv"))
    # bytes are a path to the os module; pathlib refused them without naming path
    tables = [load_fruit(p) for p in (path, str(path), os.fsencode(path))]
    for t in tables[1:]:
        pd.testing.assert_frame_equal(t, tables[0])
    kdd = kddcup_sample_path()
    assert read_kddcup_file(os.fsencode(kdd)).shape == read_kddcup_file(kdd).shape
    for loader in (load_fruit, load_insider_threat, read_kddcup_file):
        for odd in (12345, ["fruit.csv"]):
            with pytest.raises(TypeError, match=r"path must be a file path \(a str or pathlib"):
                loader(odd)


def test_blank_lines_after_the_last_row_are_dropped_not_between_rows(tmp_path):
    from helpers.datasets import file_bytes

    text = file_bytes("fruit.csv").decode()
    path = tmp_path / "fruit.csv"
    # an editor's blank lines at the end were refused as "0 fields" (the sweep)
    for ending in ("\n\n\n", "\r\n\r\n"):
        path.write_text(text + ending, newline="")
        table = load_fruit(path)
        table.attrs = {}
        plain = load_fruit()
        plain.attrs = {}
        pd.testing.assert_frame_equal(table, plain)
    lines = text.splitlines(keepends=True)
    path.write_text("".join(lines[:3] + ["\n"] + lines[3:]))
    with pytest.raises(ValueError, match=r"fruit.csv, line 4 is blank; delete blank lines"):
        load_fruit(path)
