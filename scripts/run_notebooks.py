"""Execute every notebook top to bottom, headless, on the shipped data.

    python -m scripts.run_notebooks --out build   # executed copies + HTML in build/
    python -m scripts.run_notebooks --in-place    # refresh the committed outputs

Each notebook runs in a fresh kernel of the current Python, with the
notebooks folder as working directory, exactly as nbval runs it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def execute(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as sockets:
        km = kernel_manager(sockets)
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}},
            record_timing=False,  # no time stamps in committed notebooks
        )
        try:
            client.execute()
        finally:
            # a kernel manager passed in is ours to stop, not the client's
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    return nb


def kernel_manager(sockets):
    """A kernel that talks over local sockets in ``sockets`` where the system has
    them: over TCP (Windows) the kernel warns on every start that its traffic
    is unencrypted, noise a learner running the notebooks need not read."""
    if os.name == "nt":
        return KernelManager(kernel_name="python3")
    return KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="folder for executed copies and HTML")
    where.add_argument("--in-place", action="store_true", help="overwrite notebooks/")
    parser.add_argument("names", nargs="*", help="only these notebooks (file names)")
    args = parser.parse_args(argv)

    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if args.names:
        paths = [p for p in paths if p.name in args.names or p.stem in args.names]
    if not paths:
        print("no notebooks to run", file=sys.stderr)
        return 1
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        t0 = time.perf_counter()
        nb = execute(path)
        if args.in_place:
            nbformat.write(nb, path)
            written = [path]
        else:
            written = [args.out / path.name, args.out / f"{path.stem}.html"]
            nbformat.write(nb, written[0])
            html, _ = HTMLExporter().from_notebook_node(nb)
            written[1].write_text(html, encoding="utf-8")
        took = time.perf_counter() - t0
        print(f"{path.name}: ran in {took:.1f} s -> {', '.join(str(w) for w in written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
