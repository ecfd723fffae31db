"""The project's own plumbing: dependencies, Colab cells, CI and the README."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

tomllib = pytest.importorskip("tomllib")  # Python 3.11+


@pytest.fixture(scope="module")
def tasks():
    """The repository's tasks.py, which sits beside the package, not in it."""
    sys.path.insert(0, str(ROOT))
    try:
        import tasks
    finally:
        sys.path.remove(str(ROOT))
    return tasks


def _name_and_bound(req):
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(>=\s*[\w.]+)?\s*", req)
    assert m, f"cannot read requirement {req!r}"
    return m.group(1).lower().replace("_", "-"), (m.group(2) or "").replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = dict(_name_and_bound(r) for r in meta["dependencies"])
    for extra in meta["optional-dependencies"].values():
        declared.update(_name_and_bound(r) for r in extra)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(
        _name_and_bound(d)
        for d in env["dependencies"]
        if isinstance(d, str) and not d.startswith(("python", "pip", "openjdk"))
    )
    assert conda == declared


def test_every_notebook_starts_with_the_stamped_colab_cell():
    from scripts.stamp_colab import setup_source

    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        assert first.source == setup_source(path.stem), path.name
        assert "@v" in first.source or re.search(r"@[0-9a-f]{40}", first.source)


def test_stamp_check_passes_for_notebooks_and_readme():
    out = subprocess.run(
        [sys.executable, "-m", "scripts.stamp_colab", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_public_address_is_written_in_one_place_only():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    url = meta["project"]["urls"]["Source"]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    holders = [
        f
        for f in tracked
        if not f.endswith((".ipynb", "README.md"))  # stamped copies
        and (ROOT / f).is_file()
        and url in (ROOT / f).read_text(errors="ignore")
    ]
    assert holders == ["pyproject.toml"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python tasks.py test" in readme
    assert "python tasks.py test" in ci


def test_the_two_halves_of_the_test_command_are_the_whole_suite(tasks):
    halves = [path for paths in tasks.HALVES.values() for path in paths]
    testpaths = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"
    ]["testpaths"]
    # a half names a folder of testpaths whole, or notebooks one by one
    expand = {"notebooks": [str(p.relative_to(ROOT)) for p in NOTEBOOKS]}
    want = [path for top in testpaths for path in expand.get(top, [top])]
    assert all((ROOT / path).exists() for path in halves)
    assert sorted(halves) == sorted(want)  # each in one half, none left out


def test_each_half_runs_on_one_thread_with_short_lived_jvms(tasks):
    env = tasks.halves_env({"SPARK_SUBMIT_OPTS": "-Dmine=1", "HOME": "/h"})
    assert env["OPENBLAS_NUM_THREADS"] == env["OMP_NUM_THREADS"] == "1"
    assert env["PYTHONHASHSEED"] == "0" and env["HOME"] == "/h"
    assert env["SPARK_SUBMIT_OPTS"] == f"-Dmine=1 {tasks.SHORT_JVM}"  # the caller's kept
    assert tasks.halves_env({})["SPARK_SUBMIT_OPTS"] == tasks.SHORT_JVM


def test_committed_notebooks_were_executed():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        assert all(c.execution_count is not None for c in code), path.name
        counts = [c.execution_count for c in code]
        assert counts == list(range(1, len(code) + 1)), f"{path.name} was not run top to bottom"


def test_code_passes_ruff():
    pytest.importorskip("ruff")
    from ruff.__main__ import find_ruff_bin

    paths = ["helpers", "tests", "bench", "scripts", "tasks.py"]
    out = subprocess.run(
        [find_ruff_bin(), "check", *paths], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout
