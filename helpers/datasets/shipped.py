"""The synthetic files in ``data/``: which generator makes each, their exact
bytes, and writing them all again (``python -m helpers.datasets``).

The real KDD Cup 1999 sample is not made here: it is a copy of real data
(see :func:`helpers.datasets.kddcup_sample_path`).
"""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

from helpers.datasets._files import DATA_DIR, _csv_text
from helpers.datasets.fruit import make_fruit
from helpers.datasets.insider_threat import make_insider_threat
from helpers.datasets.security_events import make_security_events

__all__ = ["file_bytes", "write_all"]

_FILES = {
    "fruit.csv": make_fruit,
    "insider_threat.csv": make_insider_threat,
    "security_events.csv.gz": make_security_events,
}


def file_bytes(name):
    """The exact bytes of shipped file ``name``, as the generator makes them.

    CSV text, UTF-8, ``\\n`` line ends. A ``.gz`` file is gzip with no name
    and time stamp in its header, so the same content gives the same bytes.
    """
    if not isinstance(name, str) or name not in _FILES:
        raise ValueError(f"name must be one of the shipped files {list(_FILES)}, got {name!r}.")
    data = _csv_text(_FILES[name]()).encode("utf-8")
    if name.endswith(".gz"):
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(data)
        data = buf.getvalue()
    return data


def write_all(directory=DATA_DIR):
    """Write every synthetic data file into ``directory``; return their paths.

    The real KDD Cup 1999 sample is not among them (see the module's note).

    Parameters
    ----------
    directory : str or Path, default=DATA_DIR
        A folder, made if missing; not an existing file.
    """
    if not isinstance(directory, str | os.PathLike):
        raise TypeError(
            f"directory must be a folder's path (a str or Path), got {type(directory).__name__}."
        )
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"directory {directory} is a file, not a folder; give a folder's path.")
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in _FILES:
        path = directory / name
        path.write_bytes(file_bytes(name))
        paths.append(path)
    return paths
