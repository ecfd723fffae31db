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


# Correct answers to notebook 01's exercises that differ from the solution
# notebook's where they can: another random draw (rng.choice), k-means++ by
# rng.choice with probabilities, a loop that stops when no label changes,
# other seeds for the elbow. The checks must accept every one of them.
OTHER_ANSWERS_01 = {
    "def distance(": "return float(np.linalg.norm(np.subtract(a, b, dtype=float)))",
    "def closest(": "return int((((np.asarray(centroids) - x) ** 2).sum(axis=1)).argmin())",
    "def random_start(": "return X[rng.choice(len(X), k, replace=False)]",
    "def kmeanspp_start(": """
idx = [rng.choice(len(X))]
for _ in range(k - 1):
    d2 = ((X[:, None, :] - X[idx][None]) ** 2).sum(axis=-1).min(axis=1)
    idx.append(rng.choice(len(X), p=d2 / d2.sum()))
return X[idx]
""",
    "def converged(": "return bool(((np.asarray(new) - np.asarray(old)) ** 2).sum() <= tol)",
    "def update(": """
onehot = np.asarray(labels)[:, None] == np.arange(k)
return (onehot.T @ X) / onehot.sum(axis=0)[:, None]
""",
    "def my_kmeans(": """
centroids, before = np.array(start, dtype=float), None
for n_iter in range(1, max_iter + 1):
    labels = np.array([closest(x, centroids) for x in X])
    if before is not None and np.array_equal(labels, before):
        break
    centroids, before = update(X, labels, len(centroids)), labels
labels = np.array([closest(x, centroids) for x in X])
return centroids, labels, n_iter
""",
    "def inertia(": "return float(sum(((x - centroids[j]) ** 2).sum() for x, j in zip(X, labels)))",
    "elbow": """
elbow = []
for k in range(1, 9):
    elbow.append(min(hk.kmeans(X, k, random_state=seed).inertia for seed in range(10, 20)))
plt.plot(range(1, 9), elbow, "o-")
plt.show()
""",
}


def _fill(source, answers):
    """The student cell with its ``# YOUR CODE HERE`` block replaced by an answer."""
    key = next((k for k in answers if k in source), "elbow")
    stub = re.search(r"^( *)# YOUR CODE HERE\n *raise NotImplementedError\(\)$", source, re.M)
    body = "\n".join(stub.group(1) + ln for ln in answers[key].strip("\n").splitlines())
    return source[: stub.start()] + body + source[stub.end() :], key


@pytest.mark.slow
def test_student_notebook_01_accepts_other_correct_answers():
    nb = nbformat.read(ROOT / "student" / "01_kmeans_from_scratch.ipynb", as_version=4)
    filled = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "# YOUR CODE HERE" in cell.source:
            cell.source, key = _fill(cell.source, OTHER_ANSWERS_01)
            filled.append(key)
    assert sorted(filled) == sorted(OTHER_ANSWERS_01), "each exercise filled exactly once"
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )  # fmt: skip
    client.execute()  # raises CellExecutionError at the first failing check
    printed = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    passed = re.findall(r"^(\w+|Exercise \d): correct$", printed, re.M)
    assert sorted(passed) == sorted(
        ["distance", "closest", "random_start", "kmeanspp_start", "converged", "update",
         "my_kmeans", "Exercise 1", "Exercise 2"]
    )  # fmt: skip
