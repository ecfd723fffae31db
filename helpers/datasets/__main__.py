"""``python -m helpers.datasets [DIR]``: regenerate every synthetic file of
``data/`` (or of ``DIR``), byte for byte."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from helpers.datasets._files import DATA_DIR
from helpers.datasets.shipped import write_all


def main(argv=None):
    """Write every synthetic file into ``argv[0]`` (default ``data/``) and say so."""
    argv = sys.argv[1:] if argv is None else argv
    directory = Path(argv[0]) if argv else DATA_DIR
    for path in write_all(directory):
        print(f"wrote {os.path.relpath(path)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
