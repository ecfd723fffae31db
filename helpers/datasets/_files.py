"""What every data set shares: where the shipped files live, and how a table
file is read and checked.

The loaders of the synthetic tables (:mod:`helpers.datasets.fruit`,
:mod:`~helpers.datasets.insider_threat`, :mod:`~helpers.datasets.security_events`)
read every file, shipped, generated or the user's own, through the one parser
here: a broken file (empty, cut short, not UTF-8, a bad gzip, a missing or
extra field, text or an empty cell in a numeric column, a value out of range)
gives a ValueError naming the file, the line and the column. A leading UTF-8
byte-order mark (Excel's "CSV UTF-8") is skipped, and so are blank lines
after the last row (a blank line between rows is refused). The KDD Cup 1999
reader (:mod:`helpers.datasets.kddcup`) has a parser of its own for the
original files' format, and uses the gzip and checksum helpers here.

The loaders read ``DATA_DIR`` at each call, so a test can point them elsewhere with
``monkeypatch.setattr(helpers.datasets._files, "DATA_DIR", tmp_path)``.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["DATA_DIR"]

#: Where shipped files live: ``data/`` beside the package in a checkout
#: (this file is helpers/datasets/_files.py: three levels down from the root).
DATA_DIR = Path(__file__).resolve().parents[2] / "data"

_SEED = 2024  # one seed for every shipped file


def _as_path(path):
    """``path`` as a Path: text, an os.PathLike, or bytes as the os module takes them."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"path must be a file path (a str or pathlib.Path), got {type(path).__name__} {path!r}."
        )
    return Path(path)


def _gunzip(path):
    """The uncompressed bytes of the gzip file at ``path``, or why not."""
    try:
        return gzip.decompress(Path(path).read_bytes())
    except (OSError, EOFError) as err:
        raise ValueError(f"{path} is not a readable gzip file ({err}).") from None


def _sha256_of_gzip(path):
    return hashlib.sha256(_gunzip(path)).hexdigest()


def _csv_text(df):
    """A shipped file's CSV text."""
    return df.to_csv(index=False, lineterminator="\n")


def _load(name, maker, columns, path=None, *, schema=None, vocabularies=None):
    """A shipped table: from ``path``, else from data/, else generated; one parser for all.

    ``schema`` maps each numeric column to ("whole" or "real", lowest,
    highest), None for no bound; other columns are text. ``vocabularies``
    maps a text column to the values it may hold.
    """
    if path is None and (DATA_DIR / name).exists():
        path = DATA_DIR / name
    if path is not None:
        path = _as_path(path)
        df = _parse_table(_table_text(path), str(path), columns, schema, vocabularies)
        where = f"{path.parent.name}/{path.name}" if path.parent == DATA_DIR else str(path)
        # relative, so outputs do not depend on where the project lives
        df.attrs["source"] = f"{where} (shipped synthetic file)"
    else:
        # the same values as reading the shipped file: go through its CSV text
        df = _parse_table(_csv_text(maker()), name, columns, schema, vocabularies)
        df.attrs["source"] = f"generated ({name} is not shipped beside this install)"
    return df


def _table_text(path):
    """The text of a table file (plain or gzip, told by content), or why not."""
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist. Call the loader with no path for the shipped data."
        )
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give the path of a CSV file.")
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise ValueError(
                f"{path} is a truncated or corrupt gzip file ({err}). Regenerate it with "
                "`python -m helpers.datasets`, or restore it from the repository."
            ) from None
    elif path.name.endswith(".gz"):
        raise ValueError(
            f"{path} is named .gz but is not gzip (its first bytes are {raw[:8]!r}). "
            "Regenerate it with `python -m helpers.datasets`."
        )
    try:
        # utf-8-sig: a leading byte-order mark (Excel's "CSV UTF-8") is skipped
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ValueError(
            f"{path}, line {line}: bytes that are not UTF-8 text. Is this a CSV file?"
        ) from None


def _parse_table(text, where, columns, schema=None, vocabularies=None):
    """Typed table from CSV text, after checking every line and cell."""
    if not text.strip():
        raise ValueError(f"{where} is empty: expected a header line and one row per line.")
    lines = text.count("\n") + (not text.endswith("\n"))
    if not text.endswith("\n"):
        raise ValueError(
            f"{where}, line {lines}: the file ends mid-line (a truncated file?). Every "
            "line, the last too, ends with a line break."
        )
    # blank lines after the last row (an editor's) carry nothing: drop them;
    # a blank line between rows is refused below, by its line number
    text = text.rstrip("\r\n") + "\n"
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if header != list(columns):
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        what = (
            "; ".join(
                part
                for part in (
                    f"lacks the columns {missing}" if missing else "",
                    f"has unknown columns {extra}" if extra else "",
                )
                if part
            )
            or "has its columns in another order"
        )
        raise ValueError(
            f"{where}, line 1: the header {what}; expected {list(columns)}. Regenerate the "
            "data with `python -m helpers.datasets`."
        )
    n_rows = 0
    for fields in reader:
        n_rows += 1
        if not fields:
            raise ValueError(
                f"{where}, line {reader.line_num} is blank; delete blank lines between rows."
            )
        if len(fields) != len(columns):
            raise ValueError(
                f"{where}, line {reader.line_num}: {len(fields)} fields, expected "
                f"{len(columns)} ({', '.join(columns)})."
            )
    if n_rows == 0:
        raise ValueError(f"{where} has a header but no rows.")
    df = pd.read_csv(io.StringIO(text), keep_default_na=False)
    for col, (kind, low, high) in (schema or {}).items():
        values = pd.to_numeric(df[col].astype(str) if df[col].dtype == object else df[col],
                               errors="coerce")  # fmt: skip
        bad = ~np.isfinite(values.to_numpy(dtype=np.float64))
        why = "is not a number"
        if not bad.any() and kind == "whole":
            bad = (values != np.round(values)).to_numpy()
            why = "is not a whole number"
        if not bad.any():
            bad = ((values < low) if low is not None else False) | (
                (values > high) if high is not None else False
            )
            bad = np.asarray(bad, dtype=bool)
            why = f"is outside [{low}, {'inf' if high is None else high}]"
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{where}, line {row + 2}, column {col!r}: {df[col].iloc[row]!r} {why}."
            )
        if kind == "whole" and df[col].dtype != np.int64:
            df[col] = values.astype(np.int64)
    for col, known in (vocabularies or {}).items():
        unknown = ~df[col].isin(known).to_numpy()
        if unknown.any():
            row = int(np.flatnonzero(unknown)[0])
            raise ValueError(
                f"{where}, line {row + 2}, column {col!r}: {df[col].iloc[row]!r} is not one "
                f"of {list(known)}."
            )
    for col in df.columns:  # text as plain Python strings under pandas 2 and 3
        if not pd.api.types.is_numeric_dtype(df[col]):
            df[col] = df[col].astype(object)
    return df
