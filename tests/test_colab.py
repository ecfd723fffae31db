"""The Colab setup cell, checked end to end in a fresh virtual environment.

Like a new Colab session: a new Python environment holding only the libraries
Colab preinstalls (NumPy, pandas, scikit-learn, SciPy, matplotlib,
umap-learn, Jupyter's kernel), a ``google.colab`` module imported when the
kernel starts, and no copy of this repository on the path. Notebook 01 then
runs top to bottom, its first cell installing the package. The only change
to the notebook: the setup cell installs from a wheel built from this
checkout instead of from the public repository, which a test cannot reach.
"""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
COLAB_PREINSTALLED = [
    "numpy", "pandas", "scikit-learn", "scipy", "matplotlib", "umap-learn",
    "threadpoolctl", "ipykernel", "nbclient", "nbformat",
]  # fmt: skip

RUN = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3").execute()
nbformat.write(nb, sys.argv[2])
"""


def sh(*cmd, **kw):
    out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert out.returncode == 0, f"{cmd[:4]} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("colab")
    # build from a copy of what the wheel holds: built in place, setuptools
    # leaves its build/lib and build/bdist.* folders in this checkout's build/
    src = tmp / "src"
    shutil.copytree(ROOT / "helpers", src / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["pyproject.toml", "README.md", "LICENSE"]:
        shutil.copy(ROOT / name, src)
    wheels = tmp / "wheels"
    sh(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, src)
    (wheel,) = wheels.glob("clustering_notebooks-*.whl")
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # --no-compile: .pyc files are written on first import anyway; compiling
    # every module of these libraries up front took about half the install
    sh(py, "-m", "pip", "install", "--quiet", "--no-compile", *COLAB_PREINSTALLED)
    # a stand-in google.colab, imported at kernel start as on Colab
    fake = tmp / "fake"
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "__init__.py").write_text("")
    (fake / "google" / "colab" / "__init__.py").write_text('"""Stand-in for tests."""\n')
    site = sh(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout
    (Path(site.strip()) / "fake_colab.pth").write_text(str(fake) + "\n")
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-colab.py").write_text("import google.colab  # noqa: F401\n")
    return {"tmp": tmp, "py": py, "wheel": wheel}


def test_setup_cell_is_enough_for_notebook_01(colab):
    tmp, py, wheel = colab["tmp"], colab["py"], colab["wheel"]
    # the package is not there before the setup cell runs
    missing = subprocess.run([py, "-c", "import helpers"], capture_output=True, cwd=tmp)
    assert missing.returncode != 0

    nb = nbformat.read(ROOT / "notebooks" / "01_kmeans_from_scratch.ipynb", as_version=4)
    setup = nb.cells[0]
    assert setup.source.startswith("# Colab setup")
    spec = next(part for part in setup.source.split('"') if " @ git+" in part)
    setup.source = setup.source.replace(spec, str(wheel))
    nb.cells.append(nbformat.v4.new_code_cell("import helpers\nprint(helpers.__file__)"))
    work = tmp / "work"  # no repository, no data/ folder here
    work.mkdir()
    nbformat.write(nb, work / "in.ipynb")

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
    env["IPYTHONDIR"] = str(tmp / "ipython")
    sh(py, "-c", RUN, work / "in.ipynb", work / "out.ipynb", cwd=work, env=env)

    done = nbformat.read(work / "out.ipynb", as_version=4)
    errors = [o for c in done.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    where = done.cells[-1].outputs[0].text
    assert str(tmp / "venv") in where, f"helpers came from {where}, not the fresh environment"
    checks = [o.text for c in done.cells for o in c.get("outputs", [])
              if o.output_type == "stream" and "Exercise" in o.text]  # fmt: skip
    assert checks == ["Exercise 1: correct\n", "Exercise 2: correct\n"]
