"""helpers.datasets.fruit: the fruit samples of notebook 04."""

import pytest

from helpers.datasets import _files
from helpers.datasets.fruit import load_fruit


def test_loader_refuses_a_file_missing_columns(tmp_path, monkeypatch):
    (tmp_path / "fruit.csv").write_text("fruit_name,genus\napple,Malus\n")
    monkeypatch.setattr(_files, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match="lacks the columns.*weight_grams"):
        load_fruit()


def test_fruit_has_several_fruits_per_genus():
    df = load_fruit()
    assert 40 <= len(df) <= 60
    per_genus = df.groupby("genus")["fruit_name"].nunique()
    assert len(per_genus) >= 6
    assert (per_genus >= 2).all()
    assert df[["weight_grams", "sweetness_level", "color_intensity"]].gt(0).all().all()
