"""helpers.datasets.shipped: the synthetic files in data/, byte for byte."""

import gzip

import pytest

from helpers.datasets import _files, shipped


@pytest.mark.parametrize("name", list(shipped._FILES))
def test_shipped_file_is_exactly_what_the_generator_makes(name):
    on_disk = (_files.DATA_DIR / name).read_bytes()
    made = shipped.file_bytes(name)
    if name.endswith(".gz"):
        # compare the content: another zlib build may pack the same text
        # into different bytes; the header carries no name or time stamp
        assert gzip.decompress(on_disk) == gzip.decompress(made)
    else:
        assert on_disk == made


def test_write_all_regenerates_every_file(tmp_path):
    paths = shipped.write_all(tmp_path)
    assert sorted(p.name for p in paths) == sorted(shipped._FILES)
    for p in paths:
        assert p.read_bytes() == shipped.file_bytes(p.name)
