"""One entry point for the series: set up, run the notebooks, run the tests.

    python tasks.py notebooks   # set up .venv, execute every notebook into build/
    python tasks.py test        # set up .venv, run the whole test suite
    python tasks.py quick       # the everyday subset: no notebooks, Spark, benchmarks or PyPI
    python tasks.py lint        # ruff check and ruff format --check
    python tasks.py oldest      # the whole suite on the lowest versions pyproject.toml allows
    python tasks.py data        # regenerate every file in data/
    python tasks.py execute     # re-run the notebooks in place (before a commit)
    python tasks.py stamp       # write the Colab setup cell and README badges
    python tasks.py student     # make the student notebooks (solutions removed)

Needs only Python 3.11+ and access to PyPI: everything else is installed into
``.venv`` beside this file, from ``pyproject.toml``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BUILD = ROOT / "build"
EXTRAS = "dev"


def venv_python(where=VENV):
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return where / sub


def lowest_versions():
    """``name==bound`` for every runtime dependency and the Spark extra."""
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = []
    for req in meta["dependencies"] + meta["optional-dependencies"]["spark"]:
        name, _, bound = req.partition(">=")
        pins.append(f"{name.strip()}=={bound.strip()}")
    return pins


def setup(where=VENV, constraints=()):
    """Create a virtual environment and install the package with its extras, when needed."""
    py = venv_python(where)
    if not py.exists():
        print(f"creating {where}", flush=True)
        venv.EnvBuilder(with_pip=True).create(where)
    # reinstall only when the declared dependencies change
    stamp = where / ".installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + EXTRAS.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return py
    print(f"installing the package and its dependencies into {where.name}", flush=True)
    run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([py, "-m", "pip", "install", "--quiet", "-e", f".[{EXTRAS}]", *constraints])
    # setuptools leaves its staging folders in build/ after an editable
    # install; nothing uses them, and build/ is where executed notebooks go
    for left in [BUILD / "lib", *BUILD.glob("bdist.*")]:
        shutil.rmtree(left, ignore_errors=True)
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


#: Hash seed fixed for every pytest run, so that set orders repeat across runs.
SAME_HASHES = {"PYTHONHASHSEED": "0"}


def pytest(py, *args):
    """Run pytest with ``py`` (:data:`SAME_HASHES`)."""
    env = dict(os.environ, **SAME_HASHES)
    return run([py, "-m", "pytest", *args], env=env).returncode


#: The whole suite as two halves run side by side, one per core. A notebook
#: runs in one kernel, so it is the unit that moves: the five heavy notebooks
#: (Spark in 03 and 07, UMAP's compilation in 08) make one half, the unit
#: tests, doctests, benchmark smoke runs and the Colab check with the three
#: light notebooks the other, so that both take about as long. Together they
#: are exactly pytest's testpaths (tests/test_packaging.py checks it).
HALVES = {
    "notebooks": [
        "notebooks/02_kmeans_network_anomalies.ipynb",
        "notebooks/03_kmeans_on_spark.ipynb",
        "notebooks/05_spectral_insider_threat.ipynb",
        "notebooks/07_stsc_on_spark.ipynb",
        "notebooks/08_embedding_evaluation.ipynb",
    ],
    "tests": [
        "tests",
        "helpers",
        "notebooks/01_kmeans_from_scratch.ipynb",
        "notebooks/04_hierarchical_fruit.ipynb",
        "notebooks/06_self_tuning_spectral.ipynb",
    ],
}
#: Each half keeps its numeric libraries to one thread. Two processes with two
#: BLAS threads each on two cores wait on each other's spinning threads: a
#: 3,600-point fit that takes 0.7 s alone took 9 s beside a busy process.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Spark's JVMs in the suite live for seconds, and the JVM's optimizing
#: compiler and parallel collector spent about half of their CPU, taken from
#: the other half: ``bench/spark_kmeans.py --quick`` used 20.9 s of CPU, 11.4 s
#: with these options. No result depends on them (nbval ignores the timings).
SHORT_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def halves_env(base):
    """The environment of each half: ``base`` with hash seed, threads and JVM options set."""
    jvm = f"{base.get('SPARK_SUBMIT_OPTS', '')} {SHORT_JVM}".strip()  # after the caller's own
    return dict(base, **SAME_HASHES, **ONE_THREAD, SPARK_SUBMIT_OPTS=jvm)


def pytest_halves(py):
    """Run :data:`HALVES` at once, each logged to build/; print the logs in turn.

    Returns the first non-zero exit status, else 0.
    """
    BUILD.mkdir(exist_ok=True)
    env = halves_env(os.environ)
    running = []
    for name, paths in HALVES.items():
        # separate temporary folders: each pytest run empties its own at start
        cmd = [py, "-m", "pytest", *paths, f"--basetemp={BUILD / f'pytest-{name}'}"]
        log = BUILD / f"test-{name}.log"
        print("+", " ".join(str(c) for c in cmd), f"> {log.relative_to(ROOT)}", flush=True)
        with open(log, "w") as out:
            proc = subprocess.Popen([str(c) for c in cmd], cwd=ROOT, env=env, stdout=out,
                                    stderr=subprocess.STDOUT)  # fmt: skip
        running.append((name, proc, log))
    codes = []
    for name, proc, log in running:
        codes.append(proc.wait())
        print(f"\n===== {name} (exit status {codes[-1]}) =====", flush=True)
        print(log.read_text(), flush=True)
    return next((code for code in codes if code), 0)


def cmd_test():
    return pytest_halves(setup())


def cmd_oldest():
    """The whole suite in .venv-oldest, every dependency at its lower bound."""
    pins = BUILD / "lowest-versions.txt"
    BUILD.mkdir(exist_ok=True)
    pins.write_text("\n".join(lowest_versions()) + "\n")
    return pytest_halves(setup(ROOT / ".venv-oldest", constraints=["--constraint", pins]))


QUICK = "not slow and not spark and not network"


def cmd_quick():
    return pytest(setup(), "-m", QUICK)


LINTED = ["helpers", "tests", "bench", "scripts", "tasks.py"]


def cmd_lint():
    py = setup()
    run([py, "-m", "ruff", "check", *LINTED])
    run([py, "-m", "ruff", "format", "--check", *LINTED])


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
    "quick": cmd_quick,
    "lint": cmd_lint,
    "oldest": cmd_oldest,
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
        return COMMANDS[argv[0]]() or 0
    except subprocess.CalledProcessError as err:
        return err.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
