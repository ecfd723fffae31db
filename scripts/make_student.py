"""Make the student edition of every notebook: solutions out, outputs cleared.

    python -m scripts.make_student           # write student/NN_topic.ipynb
    python -m scripts.make_student --check   # exit 1 if student/ is out of date

In a code cell, the lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION``
(the nbgrader convention) become ``# YOUR CODE HERE`` and
``raise NotImplementedError()``, indented like the markers. Everything else is
kept as it is, outputs and execution counts cleared, except cells tagged
``answer`` (the answers to the questions the text asks, as nbgrader tags its
cells), which are for teachers and are dropped. The student notebooks are
committed (so Colab can open them from the repository); a test checks they
match what this script makes from the solution notebooks.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
ANSWER_TAG = "answer"
NOTEBOOKS = ROOT / "notebooks"
STUDENT = ROOT / "student"
BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")


def strip_solutions(source):
    """Replace every solution region of a cell's source; return (source, count)."""
    out, count, indent = [], 0, None
    for line in source.splitlines():
        begin = BEGIN.match(line)
        if indent is None and begin:
            indent = begin.group(1)
            count += 1
            out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"]
        elif indent is not None:
            if END.match(line):
                indent = None
        else:
            out.append(line)
    if indent is not None:
        raise ValueError("a ### BEGIN SOLUTION has no matching ### END SOLUTION")
    return "\n".join(out), count


def is_answer(cell):
    """True for a cell tagged ``answer``: teachers see it, students do not."""
    return ANSWER_TAG in cell.get("metadata", {}).get("tags", [])


def student_notebook(path):
    """The student edition of the notebook at ``path``, and its exercise count."""
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if not is_answer(c)]
    total = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.source, n = strip_solutions(cell.source)
        total += n
        cell.outputs = []
        cell.execution_count = None
    nb.metadata["clustering_notebooks"] = {"edition": "student", "solutions_from": path.name}
    return nb, total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    STUDENT.mkdir(exist_ok=True)
    stale = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb, n = student_notebook(path)
        target = STUDENT / path.name
        text = nbformat.writes(nb) + "\n"
        if not target.exists() or target.read_text() != text:
            stale.append(target.name)
            if not args.check:
                target.write_text(text)
        print(f"{path.name}: {n} exercises")
    if args.check and stale:
        print("out of date (run python tasks.py student):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
