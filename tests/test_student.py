"""The student edition: solutions removed, outputs cleared, stops at the first exercise."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from scripts.make_student import is_answer, strip_solutions, student_notebook

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
    kept_cells = [c for c in solution.cells if not is_answer(c)]
    for sol_cell, stu_cell in zip(kept_cells, student.cells, strict=True):
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


def test_answer_cells_are_dropped():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Why?"),
        nbformat.v4.new_markdown_cell("Because.", metadata={"tags": ["answer"]}),
        nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
    ]
    assert [is_answer(c) for c in nb.cells] == [False, True, False]


def _expression(line):
    """A solution line without its blanks and without an assignment's target."""
    line = re.sub(r"\s+", "", line)
    target = re.match(r"^[\w.,\[\]()]+=(?!=)", line)
    return line[target.end() :] if target else line


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_check_cells_do_not_show_the_solution(path):
    """A student cell after an exercise does not compute its answer in plain sight.

    Each solution line (blanks and assignment target removed) of ten or more
    letters and digits is looked for in every later student cell. One may
    appear there only if the lesson code before the exercise already had it
    (an import, a call the lesson showed); two or more in one cell spell out
    the solution, whatever the lesson had. A check may test properties or
    call a tested helper instead.
    """
    student, _ = student_notebook(path)
    solution = nbformat.read(path, as_version=4)
    code = [c for c in solution.cells if c.cell_type == "code" and not is_answer(c)]
    stu_code = [c for c in student.cells if c.cell_type == "code"]
    assert len(code) == len(stu_code)
    for i, cell in enumerate(code):
        secret = {_expression(ln) for ln in solution_lines(cell.source)}
        secret = {e for e in secret if len(re.sub(r"[^A-Za-z0-9]", "", e)) >= 10}
        if not secret:
            continue
        lesson = "".join(re.sub(r"\s+", "", strip_solutions(c.source)[0]) for c in code[:i])
        for later in stu_code[i + 1 :]:
            text = re.sub(r"\s+", "", later.source)
            shown = sorted(e for e in secret if e in text)
            new = [e for e in shown if e not in lesson]
            assert not new and len(shown) < 2, (
                f"{path.name}: a cell after exercise cell {i} shows its solution: {shown}"
            )


def test_committed_student_notebooks_are_up_to_date():
    out = subprocess.run(
        [sys.executable, "-m", "scripts.make_student", "--check"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
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
