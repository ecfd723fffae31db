"""Markers for the everyday test run (``python tasks.py quick``).

``python tasks.py test`` (and CI) runs everything; the quick run leaves out
what is marked here: ``slow`` (notebooks under nbval, benchmark smoke runs,
notebook executions), ``spark`` (starts a JVM) and ``network`` (installs from
PyPI). Marked by file, so a new test in one of these files is marked too.
"""

import pytest

SPARK_NOTEBOOKS = ("03_", "07_")
BY_FILE = {
    "test_spark.py": ("spark",),
    "test_bench.py": ("slow",),
    "test_colab.py": ("slow", "network"),
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        marks = BY_FILE.get(name, ())
        if item.path.suffix == ".ipynb":
            marks = ("slow", "spark") if name.startswith(SPARK_NOTEBOOKS) else ("slow",)
        for mark in marks:
            item.add_marker(getattr(pytest.mark, mark))
