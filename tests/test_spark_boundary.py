"""The Spark boundary: the core package never imports Spark.

Everything that needs pyspark lives in ``helpers/spark/`` (an optional extra).
The Spark side calls the core, never the reverse, not even lazily inside a
function, so the core installs, imports and runs without pyspark and without
Java, and no import cycle can form (DESIGN.md, "Layout").
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "helpers"
CORE = sorted(p for p in PACKAGE.rglob("*.py") if "spark" not in p.relative_to(PACKAGE).parts)


def imported_modules(path, root=ROOT):
    """Every module an import statement in ``path`` names, nested ones included."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def reaches_spark(module):
    return module.split(".")[0] == "pyspark" or module.startswith("helpers.spark")


def test_the_core_modules_are_found():
    names = {p.name for p in CORE}
    assert {"kmeans.py", "tiling.py", "stsc.py"} <= names
    assert not any("spark" in p.parts[-2] for p in CORE)


@pytest.mark.parametrize("path", CORE, ids=[str(p.relative_to(PACKAGE)) for p in CORE])
def test_no_core_module_imports_spark(path):
    bad = sorted({m for m in imported_modules(path) if reaches_spark(m)})
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}: Spark code belongs in helpers/spark/"


def test_the_scan_sees_nested_and_relative_imports(tmp_path):
    pkg = tmp_path / "helpers"
    pkg.mkdir()
    f = pkg / "x.py"
    f.write_text("def fit():\n    from .spark.tiling import go\n    import pyspark\n")
    found = set(imported_modules(f, root=tmp_path))
    assert {"helpers.spark.tiling", "pyspark"} <= found


def test_the_core_imports_without_pyspark():
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in CORE]
    modules = [m.removesuffix(".__init__") for m in modules]
    code = (
        "import sys\n"
        "sys.modules['pyspark'] = None  # any import of pyspark now fails\n"
        f"for m in {modules!r}:\n"
        "    __import__(m)\n"
        "assert not [m for m in sys.modules if m.startswith('helpers.spark')]\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
