"""Network connections of the KDD Cup 1999 data (real; notebooks 02 and 03).

:func:`load_kddcup` reads the shipped sample, 50,000 connections drawn from
the 10% file and shipped unchanged (:data:`KDD_SAMPLE_FILE` in ``data/``),
or rebuilds it where ``data/`` is absent; :func:`read_kddcup_file` reads your
own copy of the original files (plain or gzip), checking every value.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validation import check_bool
from helpers.datasets import _files
from helpers.datasets._files import _as_path, _gunzip, _sha256_of_gzip

__all__ = [
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
    "kddcup_sample_path",
    "load_kddcup",
    "read_kddcup_file",
]

#: The 41 features and the label, in the order of the KDD Cup 1999 files.
KDD_COLUMNS = [
    "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes",
    "land", "wrong_fragment", "urgent", "hot", "num_failed_logins", "logged_in",
    "num_compromised", "root_shell", "su_attempted", "num_root",
    "num_file_creations", "num_shells", "num_access_files", "num_outbound_cmds",
    "is_host_login", "is_guest_login", "count", "srv_count", "serror_rate",
    "srv_serror_rate", "rerror_rate", "srv_rerror_rate", "same_srv_rate",
    "diff_srv_rate", "srv_diff_host_rate", "dst_host_count", "dst_host_srv_count",
    "dst_host_same_srv_rate", "dst_host_diff_srv_rate",
    "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate",
    "dst_host_serror_rate", "dst_host_srv_serror_rate", "dst_host_rerror_rate",
    "dst_host_srv_rerror_rate", "label",
]  # fmt: skip
KDD_CATEGORICAL = ["protocol_type", "service", "flag"]
KDD_NUMERIC = [c for c in KDD_COLUMNS if c not in KDD_CATEGORICAL and c != "label"]
#: Columns that are fractions in [0, 1], written with two decimals.
KDD_RATES = [c for c in KDD_NUMERIC if c.endswith("_rate")]
# counts, byte counts, seconds and 0/1 indicators: whole numbers >= 0
_KDD_WHOLE = [c for c in KDD_NUMERIC if c not in KDD_RATES]
_KDD_BINARY = ["land", "logged_in", "is_host_login", "is_guest_login"]

# The vocabularies of the real files. Services: the 66 of the 10% file and
# the 4 more of the full one (aol, harvest, http_2784, http_8001).
KDD_PROTOCOLS = ("icmp", "tcp", "udp")
KDD_FLAGS = ("OTH", "REJ", "RSTO", "RSTOS0", "RSTR", "S0", "S1", "S2", "S3", "SF", "SH")
KDD_SERVICES = (
    "IRC", "X11", "Z39_50", "aol", "auth", "bgp", "courier", "csnet_ns", "ctf",
    "daytime", "discard", "domain", "domain_u", "echo", "eco_i", "ecr_i", "efs",
    "exec", "finger", "ftp", "ftp_data", "gopher", "harvest", "hostnames", "http",
    "http_2784", "http_443", "http_8001", "imap4", "iso_tsap", "klogin", "kshell",
    "ldap", "link", "login", "mtp", "name", "netbios_dgm", "netbios_ns",
    "netbios_ssn", "netstat", "nnsp", "nntp", "ntp_u", "other", "pm_dump", "pop_2",
    "pop_3", "printer", "private", "red_i", "remote_job", "rje", "shell", "smtp",
    "sql_net", "ssh", "sunrpc", "supdup", "systat", "telnet", "tftp_u", "tim_i",
    "time", "urh_i", "urp_i", "uucp", "uucp_path", "vmnet", "whois",
)  # fmt: skip
#: The labels, with their trailing dot: the 23 of the training files
#: (``kddcup.data`` and its 10% subset), then the 17 that only the test file
#: ``corrected`` holds.
KDD_LABELS = (
    "back.", "buffer_overflow.", "ftp_write.", "guess_passwd.", "imap.", "ipsweep.",
    "land.", "loadmodule.", "multihop.", "neptune.", "nmap.", "normal.", "perl.",
    "phf.", "pod.", "portsweep.", "rootkit.", "satan.", "smurf.", "spy.", "teardrop.",
    "warezclient.", "warezmaster.",
    "apache2.", "httptunnel.", "mailbomb.", "mscan.", "named.", "processtable.",
    "ps.", "saint.", "sendmail.", "snmpgetattack.", "snmpguess.", "sqlattack.",
    "udpstorm.", "worm.", "xlock.", "xsnoop.", "xterm.",
)  # fmt: skip
_KDD_VOCABULARY = {
    "protocol_type": frozenset(KDD_PROTOCOLS),
    "service": frozenset(KDD_SERVICES),
    "flag": frozenset(KDD_FLAGS),
    "label": frozenset(KDD_LABELS),
}

#: The shipped real sample, in ``data/``: 50,000 connections drawn uniformly
#: from the 10% training file, unchanged (see data/README.md).
KDD_SAMPLE_FILE = "kddcup99_10percent_sample50k.csv.gz"
#: sha256 of the sample's uncompressed text.
KDD_SAMPLE_SHA256 = "b59f28232b2fb5da14f2699d68471a5972fbb8ee0fef3bd2b675815cbe184cce"
_KDD_SAMPLE_ROWS = 50_000
_KDD_10_PERCENT_ROWS = 494_021
_KDD_SAMPLE_SEED = 1999  # the draw: default_rng(1999).choice(494_021, 50_000, replace=False)


def read_kddcup_file(path):
    """Read a KDD Cup 1999 file (``kddcup.data``, ``..._10_percent``, ``corrected``;
    plain or gzip), checking every value.

    The files have no header: 41 features then the label, comma-separated.
    Whether the file is gzip is read from its first bytes, not its name.

    What is refused, with the file, the line and the column in the message:
    a line without exactly 42 fields (a line cut short, e.g. the last line of
    a truncated download), a count, byte count or duration that is not a
    whole number >= 0 (``1.5``, ``1e30``, ``-3``), an indicator column
    (``land``, ``logged_in``, ``is_host_login``, ``is_guest_login``) other
    than 0 or 1, a rate outside [0, 1], and a protocol, service, flag or
    label outside the vocabularies of the real files (:data:`KDD_PROTOCOLS`,
    :data:`KDD_SERVICES`, :data:`KDD_FLAGS`, :data:`KDD_LABELS`). Labels
    carry their trailing dot (``normal.``) as in every original file; a label
    without it is refused, since that is how a line cut inside its last field
    looks, and a file that drops the dots is another variant of the data.
    The files are ASCII: a UTF-8 byte-order mark (a file saved by Excel as
    "CSV UTF-8") is refused by name.

    Parameters
    ----------
    path : str, Path or bytes
        The file; bytes as the ``os`` module takes them.

    Returns
    -------
    pandas.DataFrame
        The 42 columns of :data:`KDD_COLUMNS`: counts as int64, rates as
        float64, text as Python strings. ``df.attrs["source"]`` is the path.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        For a folder, an empty, truncated or undecodable file, and any value
        above.

    Examples
    --------
    >>> df = read_kddcup_file(kddcup_sample_path())
    >>> df.shape, df.loc[0, "label"]
    ((50000, 42), 'normal.')
    """
    path = _as_path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist. Give the path of kddcup.data or "
            "kddcup.data_10_percent (plain or .gz), or call load_kddcup() with no "
            "path to use the shipped 50,000-row sample."
        )
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give the path of a KDD Cup 1999 file.")
    with open(path, "rb") as fh:
        is_gzip = fh.read(2) == b"\x1f\x8b"

    def open_binary():
        return gzip.open(path, "rb") if is_gzip else open(path, "rb")

    df = _parse_kdd(open_binary, str(path))
    df.attrs["source"] = str(path)
    return df


def _parse_kdd(open_binary, name):
    """Typed parse of KDD text; on any doubt, find and name the bad line."""
    dtypes = {
        c: ("float64" if c in KDD_RATES else "int64" if c in KDD_NUMERIC else object)
        for c in KDD_COLUMNS
    }
    try:
        with open_binary() as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # pandas' casts of bad cells
            # a first line wider than 42 fields: pandas would drop the extra ones
            # with only a warning; refuse it as any other bad line
            warnings.simplefilter("error", pd.errors.ParserWarning)
            df = pd.read_csv(
                fh,
                header=None,
                names=KDD_COLUMNS,
                dtype=dtypes,
                index_col=False,
                skip_blank_lines=False,
                na_filter=False,
                encoding="ascii",
                engine="c",
            )
    except (
        ValueError,
        OverflowError,
        EOFError,
        OSError,
        pd.errors.ParserError,
        pd.errors.ParserWarning,
    ) as err:
        _raise_first_bad_line(open_binary, name)
        raise ValueError(f"{name} is not a KDD Cup 1999 file: {err}") from None
    if df.empty:
        raise ValueError(f"{name} is empty: a KDD Cup 1999 file has one connection per line.")
    bad = np.zeros(len(df), dtype=bool)
    whole = df[_KDD_WHOLE].to_numpy()
    bad |= (whole < 0).any(axis=1)
    bad |= (df[_KDD_BINARY].to_numpy() > 1).any(axis=1)
    rates = df[KDD_RATES].to_numpy()
    bad |= ~((rates >= 0) & (rates <= 1)).all(axis=1)  # NaN fails too
    for col, known in _KDD_VOCABULARY.items():
        bad |= ~df[col].isin(known).to_numpy()
    if bad.any():
        _raise_first_bad_line(open_binary, name, stop=int(np.argmax(bad)) + 1)
        raise AssertionError("a row failed a check that its line passes")  # pragma: no cover
    for col in ["protocol_type", "service", "flag", "label"]:
        df[col] = df[col].astype(object)
    return df


def _raise_first_bad_line(open_binary, name, stop=None):
    """Read line by line (up to line ``stop``) and raise at the first bad one."""
    n = 0
    try:
        with open_binary() as fh:
            for n, raw in enumerate(fh, start=1):
                if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raise ValueError(
                        f"{name}, line 1: starts with a UTF-8 byte-order mark (BOM), as "
                        "Excel's 'CSV UTF-8' writes; a KDD Cup 1999 file is plain ASCII. "
                        "Save it as plain CSV, or use the original file."
                    )
                try:
                    line = raw.decode("ascii")
                except UnicodeDecodeError:
                    raise ValueError(
                        f"{name}, line {n}: bytes that are not ASCII text. Is this a "
                        "KDD Cup 1999 file?"
                    ) from None
                problem = _line_problem(line.rstrip("\r\n"), last=not line.endswith("\n"))
                if problem:
                    raise ValueError(f"{name}, line {n}{problem}")
                if stop is not None and n >= stop:
                    return
    except (EOFError, OSError) as err:
        raise ValueError(
            f"{name} breaks off after line {n} ({err}): a truncated or corrupt "
            "gzip file. Download it again."
        ) from None
    if n == 0:
        raise ValueError(f"{name} is empty: a KDD Cup 1999 file has one connection per line.")


def _line_problem(line, last):
    """What is wrong with one line of a KDD file (', column ...: why'), or ''."""
    fields = line.split(",")
    if len(fields) != len(KDD_COLUMNS):
        cut = " (the file ends mid-line: a truncated file?)" if last else ""
        return (
            f": {len(fields)} fields; a KDD Cup 1999 line has {len(KDD_COLUMNS)} "
            f"(41 features and the label){cut}."
        )
    for col, value in zip(KDD_COLUMNS, fields, strict=True):
        where = f", column {col!r}: {value!r}"
        if col in _KDD_VOCABULARY:
            if value not in _KDD_VOCABULARY[col]:
                hint = ""
                if col == "label" and value + "." in _KDD_VOCABULARY[col]:
                    hint = f" (the files write {value + '.'!r}, with a dot; a cut line?)"
                return f"{where} is not a known {col}{hint}."
        elif col in KDD_RATES:
            try:
                rate = float(value)
            except ValueError:
                rate = float("nan")
            if not 0 <= rate <= 1:
                return f"{where} is not a rate between 0 and 1."
        elif value.startswith("-") and value[1:].isdigit():
            return f"{where} is negative; counts, byte counts and durations are >= 0."
        elif not (value.isascii() and value.isdigit()) or int(value) >= 2**63:
            return f"{where} is not a whole number (0, 1, 2, ...) that fits 64 bits."
        elif col in _KDD_BINARY and value not in ("0", "1"):
            return f"{where} must be 0 or 1."
    return ""


def _kdd_text(df):
    """The original files' text of a typed KDD table (rates with two decimals)."""
    return df[KDD_COLUMNS].to_csv(
        header=False, index=False, lineterminator="\n", float_format="%.2f"
    )


def _typed_from_fetched(frame):
    """scikit-learn's ``fetch_kddcup99`` frame (objects, bytes) as typed columns."""
    frame = frame.rename(columns={"labels": "label"})
    out = {}
    for col in KDD_COLUMNS:
        values = frame[col]
        if col in KDD_NUMERIC:
            num = pd.to_numeric(values, errors="coerce").to_numpy(np.float64)
            if col in KDD_RATES:
                out[col] = num
            else:  # a non-integer or NaN here would not survive the check below
                whole = np.where(np.isfinite(num) & (num == np.round(num)), num, -1)
                out[col] = whole.astype(np.int64)
        else:
            out[col] = values.map(lambda v: v.decode("ascii") if isinstance(v, bytes) else v)
    return pd.DataFrame(out)


def _fetch_10_percent():
    """The real 10% file through scikit-learn (downloaded once, then cached)."""
    from sklearn.datasets import fetch_kddcup99

    bunch = fetch_kddcup99(percent10=True, as_frame=True)
    return _typed_from_fetched(bunch.frame)


def _parse_text(text, name):
    data = text.encode("ascii") if isinstance(text, str) else text
    return _parse_kdd(lambda: io.BytesIO(data), name)


def kddcup_sample_path():
    """The path of the shipped real sample, :data:`KDD_SAMPLE_FILE`.

    In a checkout it is ``data/kddcup99_10percent_sample50k.csv.gz``. Where
    the package is installed without ``data/`` (Colab), the same 50,000 rows
    are rebuilt once from the real 10% file, downloaded through
    scikit-learn's ``fetch_kddcup99`` and drawn as the sample was drawn
    (``numpy.random.default_rng(1999).choice(494021, 50000, replace=False)``,
    in file order), checked against :data:`KDD_SAMPLE_SHA256` and kept in
    scikit-learn's data folder. Spark reads this path with
    ``read_connections(spark, kddcup_sample_path(), header=False)``.

    Raises
    ------
    OSError
        If the file is not here and cannot be downloaded.

    Examples
    --------
    >>> kddcup_sample_path().name
    'kddcup99_10percent_sample50k.csv.gz'
    """
    shipped = _files.DATA_DIR / KDD_SAMPLE_FILE
    if shipped.exists():
        return shipped
    from sklearn.datasets import get_data_home

    cached = Path(get_data_home()) / "clustering-notebooks" / KDD_SAMPLE_FILE
    if cached.exists() and _sha256_of_gzip(cached) == KDD_SAMPLE_SHA256:
        return cached
    try:
        full = _fetch_10_percent()
    except (OSError, ValueError) as err:
        raise OSError(
            f"The KDD Cup 1999 sample is not beside this install ({shipped}) and the "
            f"real 10% file could not be downloaded to rebuild it ({err}). Copy "
            f"data/{KDD_SAMPLE_FILE} from the repository into {_files.DATA_DIR}, or pass the "
            "path of your own file: load_kddcup(path)."
        ) from None
    text = _sample_text(full)
    cached.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(cached, "wb", mtime=0) as gz:
        gz.write(text.encode("ascii"))
    return cached


def _sample_text(full):
    """The shipped sample's text, drawn from the typed 10% table; checked."""
    if len(full) != _KDD_10_PERCENT_ROWS:
        raise ValueError(
            f"the 10% file should have {_KDD_10_PERCENT_ROWS:,} rows, this one has "
            f"{len(full):,}: the sample cannot be drawn from it."
        )
    rows = np.random.default_rng(_KDD_SAMPLE_SEED).choice(
        _KDD_10_PERCENT_ROWS, _KDD_SAMPLE_ROWS, replace=False
    )
    text = _kdd_text(full.iloc[np.sort(rows)])
    digest = hashlib.sha256(text.encode("ascii")).hexdigest()
    if digest != KDD_SAMPLE_SHA256:
        raise ValueError(
            f"the rows drawn from the 10% file do not match the shipped sample (sha256 "
            f"{digest}, expected {KDD_SAMPLE_SHA256})."
        )
    return text


def load_kddcup(path=None, *, fetch=False):
    """Network connections of the KDD Cup 1999 data (real).

    Parameters
    ----------
    path : str, Path or bytes, optional
        Your own KDD Cup 1999 file (``kddcup.data``, the 10% file or the test
        file ``corrected``; plain or gzip), read and checked by
        :func:`read_kddcup_file`.
    fetch : bool, default False
        True or False (text such as ``"False"`` is refused). Without
        ``path``: the whole 10% file (494,021 connections), downloaded through
        ``sklearn.datasets.fetch_kddcup99`` (cached by scikit-learn) and
        checked like a file.

    With neither: the shipped sample, 50,000 connections drawn uniformly from
    the 10% file (:data:`KDD_SAMPLE_FILE`, see :func:`kddcup_sample_path`),
    checked on load: its sha256, 50,000 rows, the 42 columns.

    Returns
    -------
    pandas.DataFrame
        The 42 columns of :data:`KDD_COLUMNS`; ``df.attrs["source"]`` says
        where the rows came from, ``df.attrs["synthetic"]`` is False.

    Raises
    ------
    ValueError
        If the shipped sample was changed (checksum or size), or a file holds
        a bad value (see :func:`read_kddcup_file`).

    Examples
    --------
    >>> conns = load_kddcup()
    >>> len(conns), conns["label"].value_counts().index[0]
    (50000, 'smurf.')
    """
    fetch = check_bool(fetch, "fetch")  # fetch="False" would go to the network
    if path is not None and fetch:
        raise ValueError("give either path or fetch=True, not both.")
    if path is not None:
        df = read_kddcup_file(path)
    elif fetch:
        df = _parse_text(_kdd_text(_fetch_10_percent()), "fetch_kddcup99(percent10=True)")
        df.attrs["source"] = "sklearn.datasets.fetch_kddcup99(percent10=True), 494,021 rows"
    else:
        df = _read_sample(kddcup_sample_path())
    df.attrs["synthetic"] = False
    return df


def _read_sample(path):
    text = _gunzip(path)
    digest = hashlib.sha256(text).hexdigest()
    if digest != KDD_SAMPLE_SHA256:
        raise ValueError(
            f"{path} is not the shipped KDD Cup 1999 sample: its text has sha256 "
            f"{digest}, expected {KDD_SAMPLE_SHA256}. Restore it from the repository "
            "(git checkout), or load your own file with load_kddcup(path)."
        )
    df = _parse_text(text, str(path))
    if df.shape != (_KDD_SAMPLE_ROWS, len(KDD_COLUMNS)):  # the checksum vouches; belt and braces
        raise ValueError(f"{path} has shape {df.shape}, expected (50000, 42).")
    where = f"{path.parent.name}/{path.name}" if path.parent == _files.DATA_DIR else str(path)
    df.attrs["source"] = f"{where} (real: 50,000 connections drawn from the KDD Cup 1999 10% file)"
    return df
