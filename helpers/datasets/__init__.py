"""Every data set the notebooks use: generators, loaders, and the files in data/.

Each ``make_*`` function builds a data set from a fixed seed; each ``load_*``
function reads the shipped file from ``data/`` when it is there and otherwise
builds the same table again, so a Colab session with only the package
installed runs the same notebooks. All of it is **synthetic** but the KDD
Cup 1999 connections: :func:`load_kddcup` reads a real sample of them,
shipped unchanged (``data/kddcup99_10percent_sample50k.csv.gz``), or your own
copy of the real files. See ``data/README.md`` for how each set was made.

One module per data set, as in ``sklearn.datasets``; every public name is
also importable from here (``from helpers.datasets import load_kddcup``):

- :mod:`~helpers.datasets.kddcup`: the KDD Cup 1999 connections (real), the
  shipped sample and a reader for the original files (notebooks 02, 03);
- :mod:`~helpers.datasets.fruit`: fruit samples (notebook 04);
- :mod:`~helpers.datasets.insider_threat`: employees' behaviour (notebook 05);
- :mod:`~helpers.datasets.shapes`: shapes and a grid of Gaussian groups for
  spectral clustering (notebooks 06, 07);
- :mod:`~helpers.datasets.known_counts`: the count-of-groups battery's cases
  with known truth (notebook 06);
- :mod:`~helpers.datasets.road_signs`: road-sign sightings (notebook 07);
- :mod:`~helpers.datasets.security_events`: OCSF-style events (notebook 08);
- :mod:`~helpers.datasets.shipped`: the synthetic files of ``data/``, byte
  for byte;
- ``_files``: what they share (``DATA_DIR``, reading and checking a table
  file, gzip and checksums).

Regenerate every synthetic file, byte for byte::

    python -m helpers.datasets
"""

from helpers.datasets._files import DATA_DIR
from helpers.datasets.fruit import FRUIT_COLUMNS, load_fruit, make_fruit
from helpers.datasets.insider_threat import (
    INSIDER_COLUMNS,
    load_insider_threat,
    make_insider_threat,
)
from helpers.datasets.kddcup import (
    KDD_CATEGORICAL,
    KDD_COLUMNS,
    KDD_FLAGS,
    KDD_LABELS,
    KDD_NUMERIC,
    KDD_PROTOCOLS,
    KDD_RATES,
    KDD_SAMPLE_FILE,
    KDD_SAMPLE_SHA256,
    KDD_SERVICES,
    kddcup_sample_path,
    load_kddcup,
    read_kddcup_file,
)
from helpers.datasets.known_counts import CASES, FAMILIES, make_case
from helpers.datasets.road_signs import make_road_signs
from helpers.datasets.security_events import (
    EVENT_COLUMNS,
    load_security_events,
    make_security_events,
)
from helpers.datasets.shapes import make_blob_grid, make_shapes
from helpers.datasets.shipped import file_bytes, write_all

__all__ = [
    "CASES",
    "DATA_DIR",
    "EVENT_COLUMNS",
    "FAMILIES",
    "FRUIT_COLUMNS",
    "INSIDER_COLUMNS",
    "KDD_CATEGORICAL",
    "KDD_COLUMNS",
    "KDD_FLAGS",
    "KDD_LABELS",
    "KDD_NUMERIC",
    "KDD_PROTOCOLS",
    "KDD_RATES",
    "KDD_SAMPLE_FILE",
    "KDD_SAMPLE_SHA256",
    "KDD_SERVICES",
    "file_bytes",
    "kddcup_sample_path",
    "load_fruit",
    "load_insider_threat",
    "load_kddcup",
    "load_security_events",
    "make_blob_grid",
    "make_case",
    "make_fruit",
    "make_insider_threat",
    "make_road_signs",
    "make_security_events",
    "make_shapes",
    "read_kddcup_file",
    "write_all",
]
