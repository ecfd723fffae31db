"""One entry point for the series: set up, run the notebooks, run the tests.

    python tasks.py notebooks   # set up .venv, execute every notebook into build/
    python tasks.py test        # set up .venv, run the whole test suite
    python tasks.py data        # regenerate every file in data/
    python tasks.py execute     # re-run the notebooks in place (before a commit)
    python tasks.py stamp       # write the Colab setup cell and README badges
    python tasks.py student     # make the student notebooks (solutions removed)

Needs only Python 3.10+ and access to PyPI: everything else is installed into
``.venv`` beside this file, from ``pyproject.toml``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BUILD = ROOT / "build"
EXTRAS = "dev"


def venv_python():
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def setup():
    """Create .venv and install the package with its extras, when needed."""
    py = venv_python()
    if not py.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # reinstall only when the declared dependencies change
    stamp = VENV / ".installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + EXTRAS.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return py
    print("installing the package and its dependencies into .venv", flush=True)
    run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([py, "-m", "pip", "install", "--quiet", "-e", f".[{EXTRAS}]"])
    stamp.write_text(want)
    return py


def run(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True, **kw)


def notebooks_list():
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cmd_notebooks():
    py = setup()
    run([py, "-m", "scripts.run_notebooks", "--out", BUILD])


def cmd_execute():
    py = setup()
    run([py, "-m", "scripts.run_notebooks", "--in-place"])


def cmd_test():
    py = setup()
    env = dict(os.environ, PYTHONHASHSEED="0")
    return run([py, "-m", "pytest"], env=env).returncode


def cmd_data():
    py = setup()
    run([py, "-m", "helpers.datasets"])


def cmd_stamp():
    py = setup()
    run([py, "-m", "scripts.stamp_colab"])


def cmd_student():
    py = setup()
    run([py, "-m", "scripts.make_student"])


COMMANDS = {
    "notebooks": cmd_notebooks,
    "test": cmd_test,
    "data": cmd_data,
    "execute": cmd_execute,
    "stamp": cmd_stamp,
    "student": cmd_student,
}


def main(argv):
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    try:
        COMMANDS[argv[0]]()
    except subprocess.CalledProcessError as err:
        return err.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
