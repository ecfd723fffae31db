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
