"""helpers.datasets as a package: one module per data set, every public name
importable from the package, the shipped files found, ``python -m
helpers.datasets`` regenerating them."""

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import helpers.datasets as ds
from helpers.datasets import _files, shipped

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    m.name for m in pkgutil.iter_modules(ds.__path__) if m.name != "__main__"
)  # _files, fruit, insider_threat, kddcup, ...


def test_the_layout_is_one_module_per_data_set():
    assert MODULES == [
        "_files",
        "fruit",
        "insider_threat",
        "kddcup",
        "known_counts",
        "road_signs",
        "security_events",
        "shapes",
        "shipped",
    ]
    for name in [*MODULES, "__init__", "__main__"]:
        lines = (ROOT / "helpers" / "datasets" / f"{name}.py").read_text().count("\n")
        assert lines <= 600, f"helpers/datasets/{name}.py has {lines} lines"


@pytest.mark.parametrize("name", MODULES)
def test_each_module_lists_its_public_names(name):
    mod = importlib.import_module(f"helpers.datasets.{name}")
    defined = {
        n
        for n, o in vars(mod).items()
        if not n.startswith("_")
        and (inspect.isfunction(o) or inspect.isclass(o))
        and o.__module__ == mod.__name__
    }
    assert defined <= set(mod.__all__), f"{name}.__all__ leaves out {defined - set(mod.__all__)}"
    assert all(hasattr(mod, n) for n in mod.__all__)


def test_the_package_reexports_every_public_name_of_every_module():
    union = []
    for name in MODULES:
        mod = importlib.import_module(f"helpers.datasets.{name}")
        union += mod.__all__
        for n in mod.__all__:
            assert getattr(ds, n) is getattr(mod, n), n
    assert len(union) == len(set(union)), "a name is defined in two modules"
    assert sorted(ds.__all__) == sorted(union)


def test_the_imports_of_notebooks_tests_and_benches_keep_working():
    from helpers.datasets import (  # noqa: F401 (the imports are the test)
        KDD_CATEGORICAL,
        KDD_LABELS,
        KDD_NUMERIC,
        kddcup_sample_path,
        load_fruit,
        load_insider_threat,
        load_kddcup,
        load_security_events,
        make_blob_grid,
        make_insider_threat,
        make_road_signs,
        make_security_events,
        make_shapes,
        read_kddcup_file,
    )


def test_data_dir_is_the_repository_data_folder():
    # DATA_DIR is computed from _files.py's place, one folder deeper than before
    assert ds.DATA_DIR == _files.DATA_DIR == ROOT / "data"
    for name in [*shipped._FILES, ds.KDD_SAMPLE_FILE]:
        assert (ds.DATA_DIR / name).is_file(), name
    # the loaders read the shipped files, not a regenerated table
    assert ds.load_fruit().attrs["source"] == "data/fruit.csv (shipped synthetic file)"
    assert ds.load_insider_threat().attrs["source"].startswith("data/insider_threat.csv ")
    assert ds.kddcup_sample_path() == ROOT / "data" / ds.KDD_SAMPLE_FILE


def test_package_discovery_finds_the_subpackage():
    """pyproject.toml's [tool.setuptools.packages.find] puts helpers.datasets in a wheel."""
    tomllib = pytest.importorskip("tomllib")
    from setuptools import find_packages

    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    found = find_packages(str(ROOT), include=find["find"]["include"])
    assert "helpers.datasets" in found


def test_python_m_helpers_datasets_regenerates_the_files(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "helpers.datasets", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(shipped._FILES)
    for name in shipped._FILES:
        assert f"{name} (" in out.stdout
        assert (tmp_path / name).read_bytes() == shipped.file_bytes(name)
