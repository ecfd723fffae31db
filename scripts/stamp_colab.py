"""Write the Colab setup cell into every notebook, and the README badges.

The repository's public address and the pinned release live in one place,
``pyproject.toml`` (``[project.urls] Source`` and
``[tool.clustering-notebooks] colab-ref``); this script copies them out.

    python -m scripts.stamp_colab          # rewrite notebooks and README
    python -m scripts.stamp_colab --check  # exit 1 if anything is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib  # maintainers' script: Python 3.11 or newer
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
MARK = "# Colab setup"
BADGES_START = "<!-- colab-badges:start -->"
BADGES_END = "<!-- colab-badges:end -->"

# notebooks whose code needs Spark install the package with its spark extra
SPARK_NOTEBOOKS = {"03_kmeans_on_spark", "07_stsc_on_spark"}


def project():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    url = meta["project"]["urls"]["Source"].rstrip("/")
    ref = meta["tool"]["clustering-notebooks"]["colab-ref"]
    return meta["project"]["name"], url, ref


def setup_source(stem):
    name, url, ref = project()
    extra = "[spark]" if stem in SPARK_NOTEBOOKS else ""
    return (
        f"{MARK}: on Google Colab, install this series' `helpers` package\n"
        "# (pinned to a release); anywhere else this cell does nothing.\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        "    subprocess.run(\n"
        f'        [sys.executable, "-m", "pip", "install", "--quiet",\n'
        f'         "{name}{extra} @ git+{url}@{ref}"],\n'
        "        check=True,\n"
        "    )"
    )


def colab_url(path, folder="notebooks"):
    _, url, ref = project()
    repo = re.sub(r"^https://github\.com/", "", url)
    return f"https://colab.research.google.com/github/{repo}/blob/{ref}/{folder}/{path.name}"


def stamp_notebook(path):
    """Put the setup cell first; return True if the file changed."""
    nb = nbformat.read(path, as_version=4)
    want = setup_source(path.stem)
    code = [c for c in nb.cells if c.cell_type == "code"]
    if code and code[0].source.startswith(MARK):
        if code[0].source == want:
            return False, nb
        code[0].source = want
    else:
        cell = nbformat.v4.new_code_cell(want)
        nb.cells.insert(0, cell)
    return True, nb


def badges(paths):
    badge = "https://colab.research.google.com/assets/colab-badge.svg"
    lines = [BADGES_START, "", "| notebook | with solutions | student edition |", "|---|---|---|"]
    for p in paths:
        lines.append(
            f"| `{p.stem}` | [![Open In Colab]({badge})]({colab_url(p)}) "
            f"| [![Open In Colab]({badge})]({colab_url(p, 'student')}) |"
        )
    lines += ["", BADGES_END]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    stale = []
    for path in paths:
        changed, nb = stamp_notebook(path)
        if changed:
            stale.append(path.name)
            if not args.check:
                nbformat.write(nb, path)
    text = README.read_text()
    pattern = re.compile(re.escape(BADGES_START) + ".*?" + re.escape(BADGES_END), re.S)
    new_text = pattern.sub(lambda _: badges(paths), text)
    if new_text != text:
        stale.append(README.name)
        if not args.check:
            README.write_text(new_text)
    if args.check and stale:
        print("out of date (run python tasks.py stamp):", ", ".join(stale))
        return 1
    for name in stale:
        print(f"stamped {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
