"""The student edition: solutions removed, outputs cleared, stops at the first exercise."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from scripts.make_student import strip_solutions, student_notebook

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def solution_lines(source):
    """The non-blank lines inside solution regions."""
    inside, lines = False, []
    for line in source.splitlines():
        if "### BEGIN SOLUTION" in line:
            inside = True
        elif "### END SOLUTION" in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def test_strip_keeps_indentation_and_counts_regions():
    src = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\nprint(f(1))"
    out, n = strip_solutions(src)
    assert n == 1
    assert out == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\nprint(f(1))"
    with pytest.raises(ValueError, match="no matching"):
        strip_solutions("### BEGIN SOLUTION\nx = 1")


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_student_notebook_is_valid_and_holds_no_solution(path):
    student, n = student_notebook(path)
    nbformat.validate(student)
    assert n >= 2, "every notebook ends with at least two exercises"
    solution = nbformat.read(path, as_version=4)
    for sol_cell, stu_cell in zip(solution.cells, student.cells, strict=True):
        assert stu_cell.cell_type == sol_cell.cell_type
        if stu_cell.cell_type != "code":
            assert stu_cell.source == sol_cell.source
            continue
        assert stu_cell.outputs == [] and stu_cell.execution_count is None
        assert not re.search(r"### (BEGIN|END) SOLUTION", stu_cell.source)
        kept = set(map(str.strip, stu_cell.source.splitlines()))
        # a solution line may survive only if the cell also has it outside a region
        outside = set(map(str.strip, strip_solutions(sol_cell.source)[0].splitlines()))
        for line in solution_lines(sol_cell.source):
            assert line not in kept or line in outside, f"{path.name}: {line!r} survived"


def test_committed_student_notebooks_are_up_to_date():
    out = subprocess.run(
        [sys.executable, "-m", "scripts.make_student", "--check"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr


def test_student_notebook_01_stops_at_the_first_exercise():
    nb = nbformat.read(ROOT / "student" / "01_kmeans_from_scratch.ipynb", as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if "# YOUR CODE HERE" in c.source)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )  # fmt: skip
    with pytest.raises(CellExecutionError) as err:
        client.execute()
    assert "NotImplementedError" in str(err.value)
    failed = [i for i, c in enumerate(nb.cells)
              if any(o.get("output_type") == "error" for o in c.get("outputs", []))]  # fmt: skip
    assert failed == [first]
    assert all(c.execution_count is None for c in nb.cells[first + 1 :] if c.cell_type == "code")
