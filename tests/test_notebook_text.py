"""The notebooks' text against their code: every figure checked, every question answered.

nbval notices when an output changes; it cannot notice that a sentence beside
the output has stopped being true. These tests hold the text to two rules
(DESIGN.md, "Every claim is checked"):

* A markdown cell that states a figure is preceded by a code cell with an
  ``assert``: the nearest code cell before it checks the computed values that
  the sentence reads, so a change of data or code that makes the sentence
  false fails the notebook's own run.
* A markdown cell that ends by asking the learner a question is followed by
  an answer cell (tagged ``answer``; the student edition drops it) before the
  text goes on.
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

# What counts as a figure: a number followed by "%" ("29 %", "0.5%"), by "x"
# or "×" as a ratio ("136x", "1.4 x"; not a size such as "6 x 6"), or by
# "times": in digits always ("350 times"), in words when a comparison follows
# ("ten times faster", "hundreds of times quicker"; not "run it three times").
NUMBER = r"(?:\d[\d,]*(?:\.\d+)?)"
WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?)"
)
FIGURE = re.compile(
    rf"(?<![\w.])(?:{NUMBER}\s?%"
    rf"|{NUMBER}\s?[x×](?![\w]|\s*\d)"
    rf"|{NUMBER}\s+times\b"
    rf"|{WORD}(?:\s+of)?\s+times\s+(?:\w+er|more|less|fewer|as|the)\b)",
    re.IGNORECASE,
)
# Formulas and code are not prose claims.
NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|```.*?```|`[^`\n]+`", re.DOTALL)
# Exercise statements give instructions ("add 5 % noise"), not results.
INSTRUCTION = re.compile(r"^\s*(\*\*(Exercise|More to try)\b|#+\s*Exercises\b)", re.IGNORECASE)


def is_answer(cell):
    return "answer" in cell.get("metadata", {}).get("tags", [])


def prose(cell):
    return NOT_PROSE.sub(" ", cell.source)


def figures(cell):
    """The figures a markdown cell states, outside formulas, code and exercises."""
    if cell.cell_type != "markdown" or INSTRUCTION.match(cell.source):
        return []
    return [m.group(0) for m in FIGURE.finditer(prose(cell))]


def asserts(source):
    """How many ``assert`` statements a code cell holds (magics removed)."""
    code = "\n".join(ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return 0
    return sum(isinstance(node, ast.Assert) for node in ast.walk(tree))


def asks(cell):
    """True when a markdown cell ends by asking the reader something, or is an
    exercise that asks anything (a question there is the learner's to answer)."""
    if cell.cell_type != "markdown" or is_answer(cell):
        return False
    text = prose(cell)
    return bool(re.search(r"\?[\s*_)\"']*$", text)) or (
        bool(INSTRUCTION.match(cell.source)) and "?" in text
    )


def unchecked_figures(nb):
    """(cell index, figures) for each figure-stating cell with no check before it."""
    found, last_code = [], None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            last_code = cell
            continue
        stated = figures(cell)
        if stated and (last_code is None or asserts(last_code.source) == 0):
            found.append((i, stated))
    return found


def unanswered_questions(nb):
    """Indices of cells that ask a question with no answer cell after them."""
    missing = []
    for i, cell in enumerate(nb.cells):
        if not asks(cell):
            continue
        for later in nb.cells[i + 1 :]:
            if is_answer(later):
                break
            if later.cell_type == "markdown":
                missing.append(i)
                break
        else:
            missing.append(i)
    return missing


def md(text, tags=()):
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {})


def code(text):
    return nbformat.v4.new_code_cell(text)


@pytest.mark.parametrize(
    "text",
    ["about 136x quicker", "falls 29 %", "a 4.5% share", "hundreds of times quicker",
     "7 times denser", "ten times faster", "within 1.4 x of it", "1,200 times",
     "three times the median"],
)  # fmt: skip
def test_what_counts_as_a_figure(text):
    assert figures(md(text))


@pytest.mark.parametrize(
    "text",
    ["a 6 x 6 grid", "run it three times", "$x = 2 x$", "`n_init=10` times",
     "**Exercise 2.** Add 5 % noise.", "2 to 40 groups", "box0x"],
)  # fmt: skip
def test_what_does_not_count_as_a_figure(text):
    assert not figures(md(text))


def test_a_figure_needs_an_assert_in_the_code_before_it():
    nb = nbformat.v4.new_notebook()
    nb.cells = [code("r = 3"), md("3 times faster"), code("assert r == 3"), md("3 times faster")]
    assert unchecked_figures(nb) == [(1, ["3 times"])]
    nb.cells = [md("10 % of the data")]
    assert unchecked_figures(nb) == [(0, ["10 %"])]


def test_a_question_needs_an_answer_cell_before_the_text_goes_on():
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("Where does it bend?"), code("plot()"), md("It bends at 3.", ["answer"]),
                md("Why?"), md("Next section.")]  # fmt: skip
    assert unanswered_questions(nb) == [3]
    nb.cells = [md("What if a cluster is empty? The mean of nothing is NaN.")]
    assert unanswered_questions(nb) == []
    nb.cells = [md("**Exercise 2.** Plot it. Where does it bend? Next, k = 2."), code("...")]
    assert unanswered_questions(nb) == [0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_figure_in_the_text_is_checked_in_code(path):
    nb = nbformat.read(path, as_version=4)
    bad = unchecked_figures(nb)
    assert not bad, (
        f"{path.name}: markdown cells state figures with no assert in the code cell "
        f"before them (cell index, figures): {bad}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_question_has_an_answer_cell(path):
    nb = nbformat.read(path, as_version=4)
    bad = unanswered_questions(nb)
    assert not bad, f"{path.name}: cells {bad} ask a question and no cell tagged 'answer' follows"
