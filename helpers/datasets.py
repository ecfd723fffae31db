"""Every data set the notebooks use: generators, loaders, and the files in data/.

Each ``make_*`` function builds a data set from a fixed seed; each ``load_*``
function reads the shipped file from ``data/`` when it is there and otherwise
builds the same table again, so a Colab session with only the package
installed runs the same notebooks. All of it is **synthetic** but the KDD
Cup 1999 connections: :func:`load_kddcup` reads a real sample of them,
shipped unchanged (``data/kddcup99_10percent_sample50k.csv.gz``), or your own
copy of the real files. See ``data/README.md`` for how each set was made.

Regenerate every synthetic file, byte for byte::

    python -m helpers.datasets
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import sys
import warnings
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._validation import check_random_state, check_real, check_whole

__all__ = [
    "DATA_DIR",
    "EVENT_COLUMNS",
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
    "make_fruit",
    "make_insider_threat",
    "make_road_signs",
    "make_security_events",
    "make_shapes",
    "read_kddcup_file",
    "write_all",
]

#: Where shipped files live: ``data/`` beside the package in a checkout.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_SEED = 2024  # one seed for every shipped file

# --------------------------------------------------------------------------
# fruit
# --------------------------------------------------------------------------

# fruit name: (genus, weight g mean, weight sd, sweetness 1-10, colour 1-10)
# Plausible values for each fruit; some genera overlap in the numbers
# (plum vs apricot vs crab apple, lime vs apricot, cherry vs grape) so that
# only the genus separates them.
_FRUITS = {
    "Fuji apple": ("Malus", 200, 25, 7.5, 7.0),
    "Granny Smith apple": ("Malus", 210, 25, 4.5, 6.0),
    "crab apple": ("Malus", 45, 10, 3.0, 7.5),
    "Conference pear": ("Pyrus", 190, 25, 6.5, 3.5),
    "Nashi pear": ("Pyrus", 280, 35, 6.0, 3.0),
    "orange": ("Citrus", 180, 25, 6.5, 8.0),
    "lemon": ("Citrus", 110, 15, 1.5, 8.5),
    "lime": ("Citrus", 60, 10, 1.5, 6.5),
    "mandarin": ("Citrus", 80, 12, 7.0, 8.5),
    "grapefruit": ("Citrus", 330, 40, 4.0, 6.5),
    "sweet cherry": ("Prunus", 9, 2, 8.0, 8.5),
    "plum": ("Prunus", 65, 12, 6.5, 8.0),
    "peach": ("Prunus", 150, 25, 7.0, 6.5),
    "apricot": ("Prunus", 45, 8, 6.5, 7.0),
    "Cavendish banana": ("Musa", 120, 15, 8.0, 5.5),
    "plantain": ("Musa", 260, 40, 3.5, 4.5),
    "red banana": ("Musa", 100, 15, 8.5, 7.5),
    "green grape": ("Vitis", 6, 1.5, 7.5, 4.0),
    "red grape": ("Vitis", 7, 1.5, 8.0, 8.0),
    "raspberry": ("Rubus", 4, 1, 6.0, 9.0),
    "blackberry": ("Rubus", 6, 1.5, 5.5, 9.5),
}
_FRUIT_SAMPLES_PER_KIND = 2
FRUIT_COLUMNS = ["fruit_name", "genus", "weight_grams", "sweetness_level", "color_intensity"]


def make_blob_grid(n_samples=3600, spacing=20.0, grid=6, random_state=0):
    """Gaussian groups (standard deviation 1) centred on a ``grid x grid``
    lattice ``spacing`` apart, equal in size (the first groups get one more
    point when ``n_samples`` does not divide evenly).

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        The group each point was drawn from.
    centres : ndarray of shape (grid * grid, 2)

    Examples
    --------
    >>> X, y, centres = make_blob_grid(72, spacing=5.0)
    >>> X.shape, len(set(y)), centres[-1].tolist()
    ((72, 2), 36, [25.0, 25.0])
    """
    grid = check_whole(grid, "grid", 1, 1000)
    n_samples = check_whole(n_samples, "n_samples (at least grid**2)", grid * grid)
    spacing = check_real(spacing, "spacing", 0, low_open=True)
    rng = check_random_state(random_state)
    i, j = np.divmod(np.arange(grid * grid), grid)
    centres = np.column_stack([i, j]).astype(np.float64) * spacing
    y = np.arange(n_samples) % (grid * grid)
    return centres[y] + rng.normal(size=(n_samples, 2)), y, centres


def make_shapes(kind, n_samples=600, random_state=0):
    """Two-dimensional test shapes for self-tuning spectral clustering.

    ``kind`` is one of:

    - ``"densities"``: a tight group beside a loose one (scale 0.3 and 2);
    - ``"elongated"``: three long parallel bars;
    - ``"rings"``: two concentric rings;
    - ``"nested"``: a small dense group inside a ring, and a group outside;
    - ``"noisy"``: three groups on a background of uniform noise (10 %);
    - ``"blob"``: one Gaussian blob (no structure: one group).

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        The group each point was drawn from (-1 for the noise of ``"noisy"``).

    Examples
    --------
    >>> X, y = make_shapes("rings", 100)
    >>> X.shape, np.unique(y).tolist()
    ((100, 2), [0, 1])
    """
    rng = check_random_state(random_state)
    n = check_whole(n_samples, "n_samples", 20)

    def ring(m, radius, width):
        t = rng.uniform(0, 2 * np.pi, m)
        r = radius + rng.normal(scale=width, size=m)
        return np.column_stack([r * np.cos(t), r * np.sin(t)])

    def split(k):
        sizes = np.full(k, n // k)
        sizes[: n % k] += 1
        return sizes

    if kind == "densities":
        a, b = split(2)
        X = np.vstack(
            [rng.normal(scale=0.3, size=(a, 2)), rng.normal(scale=2, size=(b, 2)) + [4.5, 0]]
        )
        y = np.repeat([0, 1], [a, b])
    elif kind == "elongated":
        sizes = split(3)
        parts = [
            np.column_stack([rng.uniform(0, 6, m), rng.normal(scale=0.15, size=m) + 1.5 * g])
            for g, m in enumerate(sizes)
        ]
        X, y = np.vstack(parts), np.repeat([0, 1, 2], sizes)
    elif kind == "rings":
        a, b = split(2)
        X, y = np.vstack([ring(a, 1.0, 0.05), ring(b, 3.0, 0.08)]), np.repeat([0, 1], [a, b])
    elif kind == "nested":
        a, b, c = split(3)
        inner = rng.normal(scale=0.25, size=(a, 2))
        outer = rng.normal(scale=0.5, size=(c, 2)) + [7, 0]
        X, y = np.vstack([inner, ring(b, 2.5, 0.1), outer]), np.repeat([0, 1, 2], [a, b, c])
    elif kind == "noisy":
        m = n // 10
        a, b, c = np.full(3, (n - m) // 3) + (np.arange(3) < (n - m) % 3)
        centres = np.array([[0, 0], [6, 0], [3, 5]], dtype=float)
        X = np.vstack(
            [rng.normal(scale=0.6, size=(s, 2)) + centres[g] for g, s in enumerate((a, b, c))]
            + [rng.uniform([-3, -3], [9, 8], size=(m, 2))]
        )
        y = np.repeat([0, 1, 2, -1], [a, b, c, m])
    elif kind == "blob":
        X, y = rng.normal(size=(n, 2)), np.zeros(n, dtype=np.int64)
    else:
        raise ValueError(
            f"unknown kind {kind!r}; use one of 'densities', 'elongated', 'rings', "
            "'nested', 'noisy', 'blob'."
        )
    return X, y


def make_road_signs(n_observations=100_000, *, noise_share=0.005, random_state=0):
    """Sightings of road signs reported by cars: many small groups of mixed
    density, their number unknown to the clustering.

    Roads are straight lines across a square region; signs stand along them
    at least 50 m apart (on average 300 m). Each sign is seen a heavy-tailed
    number of times: a road's traffic and the sign's own visibility are both
    log-normal, so most signs are seen a handful of times and a few thousands
    of times (no sign fewer than 3 times: fewer sightings do not make a map
    entry). Each sighting is off by a GPS error, Gaussian with a standard
    deviation of about 3 m (log-normal per sighting, 90 % between 2 and 5 m).
    A share ``noise_share`` of the sightings is background noise spread over
    the whole region. The region grows with the data (one sign per 300 m x
    300 m on average), so density, not size, stays the same.

    Parameters
    ----------
    n_observations : int, default=100_000
        At least 100.
    noise_share : float, default=0.005
    random_state : int, default=0

    Returns
    -------
    X : ndarray of shape (n_observations, 2)
        Positions in metres from the region's south-west corner.
    sign : ndarray of shape (n_observations,)
        The sign each sighting is of (the ground truth: keep it aside), -1
        for background noise.
    signs : ndarray of shape (n_signs, 2)
        Where the signs stand.

    Examples
    --------
    >>> X, sign, signs = make_road_signs(2000)
    >>> X.shape, len(signs), int(np.bincount(sign[sign >= 0]).min())
    ((2000, 2), 99, 3)
    """
    n_observations = check_whole(n_observations, "n_observations", 100)
    noise_share = check_real(noise_share, "noise_share", 0, 0.5, high_open=True)
    rng = check_random_state(random_state)
    n_noise = int(round(noise_share * n_observations))
    n_signal = n_observations - n_noise
    mean_sightings, min_sightings = 20, 3
    n_signs = max(1, n_signal // mean_sightings)
    side = 300.0 * np.sqrt(n_signs)
    signs, traffic = [], []
    count = 0
    while count < n_signs:
        # a road: a line through a random point, at a random angle, clipped to the square
        p = rng.uniform(0, side, 2)
        angle = rng.uniform(0, np.pi)
        u = np.array([np.cos(angle), np.sin(angle)])
        with np.errstate(divide="ignore"):
            t = np.sort(np.stack([(0 - p) / u, (side - p) / u]), axis=0)
        t0, t1 = t[0].max(), t[1].min()
        steps = 50.0 + rng.exponential(250.0, size=int((t1 - t0) / 50.0) + 1)
        along = t0 + rng.uniform(0, 300.0) + np.cumsum(steps)
        along = along[along < t1]
        signs.append(p + along[:, None] * u)
        traffic.append(np.full(along.size, rng.lognormal(0.0, 1.2)))
        count += along.size
    signs = np.concatenate(signs)[:n_signs]
    weight = np.concatenate(traffic)[:n_signs] * rng.lognormal(0.0, 0.8, n_signs)
    seen = min_sightings + rng.multinomial(
        max(0, n_signal - min_sightings * n_signs), weight / weight.sum()
    )
    seen[0] += n_signal - seen.sum()  # fewer signal sightings than 3 per sign: still sums
    sign = np.repeat(np.arange(n_signs), seen)
    gps = rng.lognormal(np.log(3.0), 0.3, sign.size)
    X = signs[sign] + rng.normal(size=(sign.size, 2)) * gps[:, None]
    X = np.vstack([X, rng.uniform(0, side, (n_noise, 2))])
    sign = np.concatenate([sign, np.full(n_noise, -1)])
    order = rng.permutation(n_observations)  # sightings arrive in no order
    return X[order], sign[order], signs


def make_fruit(random_state=_SEED):
    """Fruit samples: name, genus, weight, sweetness and colour.

    Two samples of each of 21 fruits from 8 genera (42 rows). Weight is in
    grams; sweetness and colour intensity are on a 1-10 scale.

    Examples
    --------
    >>> df = make_fruit()
    >>> df.shape
    (42, 5)
    >>> sorted(df["genus"].unique())[:3]
    ['Citrus', 'Malus', 'Musa']
    """
    rng = check_random_state(random_state)
    rows = []
    for name, (genus, w, w_sd, sweet, colour) in _FRUITS.items():
        for _ in range(_FRUIT_SAMPLES_PER_KIND):
            rows.append(
                (
                    name,
                    genus,
                    round(max(1.0, rng.normal(w, w_sd)), 1),
                    round(float(np.clip(rng.normal(sweet, 0.5), 1, 10)), 1),
                    round(float(np.clip(rng.normal(colour, 0.5), 1, 10)), 1),
                )
            )
    return pd.DataFrame(rows, columns=FRUIT_COLUMNS)


def load_fruit(path=None):
    """The shipped fruit table (``data/fruit.csv``), or a fresh identical one.

    Parameters
    ----------
    path : str or Path, optional
        A fruit CSV of your own, in the same layout (:data:`FRUIT_COLUMNS`),
        read and checked the same way: weights > 0, sweetness and colour in
        [1, 10]. A broken file (empty, cut short, not UTF-8, a missing or
        extra field, text or an empty cell in a numeric column, a value out
        of range) gives a ValueError naming the file, line and column.

    Examples
    --------
    >>> load_fruit().columns.tolist() == FRUIT_COLUMNS
    True
    """
    return _load("fruit.csv", make_fruit, FRUIT_COLUMNS, path)


# --------------------------------------------------------------------------
# insider threat
# --------------------------------------------------------------------------

INSIDER_COLUMNS = [
    "avg_work_hours",
    "sensitive_file_accesses",
    "email_activity",
    "failed_login_attempts",
    "usb_usage",
    "after_hours_actions",
    "vpn_logins",
    "label",
]


def make_insider_threat(n_employees=1000, insider_share=0.05, random_state=_SEED):
    """Monthly behaviour of employees, a small minority of them insider threats.

    Per employee: average daily work hours, accesses to sensitive files,
    e-mails sent per day, failed logins, USB mass-storage uses, actions after
    hours and VPN logins, all per month unless stated. ``label`` is
    ``"normal"`` or ``"insider threat"``. Insiders are riskier on average,
    but a third of them are careful and overlap with normal users.

    Examples
    --------
    >>> df = make_insider_threat(200, random_state=0)
    >>> df.shape
    (200, 8)
    >>> int((df["label"] == "insider threat").sum())
    10
    """
    n_employees = check_whole(n_employees, "n_employees", 2)
    insider_share = check_real(insider_share, "insider_share", 0, 1, low_open=True, high_open=True)
    rng = check_random_state(random_state)
    n_ins = max(1, round(n_employees * insider_share))
    n_norm = n_employees - n_ins
    careful = rng.random(n_ins) < 1 / 3  # insiders who hide in the crowd
    # how far each insider departs from normal behaviour: 1 = fully, 0.3 = careful
    s = np.where(careful, 0.3, 1.0)

    def both(normal, insider):
        return np.concatenate([normal, insider])

    hours = both(rng.normal(8.4, 0.7, n_norm), rng.normal(8.4 + 1.4 * s, 1.2))
    data = {
        "avg_work_hours": np.round(np.clip(hours, 4, 14), 1),
        "sensitive_file_accesses": both(rng.poisson(3, n_norm), rng.poisson(3 + 11 * s)),
        "email_activity": both(
            np.clip(rng.normal(40, 12, n_norm), 0, None),
            np.clip(rng.normal(40 + 15 * s, 18), 0, None),
        )
        .round()
        .astype(int),
        "failed_login_attempts": both(rng.poisson(0.6, n_norm), rng.poisson(0.6 + 2.4 * s)),
        "usb_usage": both(rng.poisson(0.4, n_norm), rng.poisson(0.4 + 3.0 * s)),
        "after_hours_actions": both(rng.poisson(2, n_norm), rng.poisson(2 + 7 * s)),
        "vpn_logins": both(rng.poisson(4, n_norm), rng.poisson(4 + 3 * s)),
        "label": np.array(["normal"] * n_norm + ["insider threat"] * n_ins, dtype=object),
    }
    df = pd.DataFrame(data, columns=INSIDER_COLUMNS)
    # shuffle so insiders are not the last rows
    return df.iloc[rng.permutation(n_employees)].reset_index(drop=True)


def load_insider_threat(path=None):
    """The shipped insider-threat table, or a fresh identical one.

    Parameters
    ----------
    path : str or Path, optional
        A file of your own in the same layout (:data:`INSIDER_COLUMNS`),
        checked as the shipped one: counts whole numbers >= 0, work hours in
        [0, 24], labels ``normal`` or ``insider threat`` (see
        :func:`load_fruit` for what a broken file gives).

    Examples
    --------
    >>> load_insider_threat()["label"].value_counts().to_dict()
    {'normal': 950, 'insider threat': 50}
    """
    return _load("insider_threat.csv", make_insider_threat, INSIDER_COLUMNS, path)


# --------------------------------------------------------------------------
# network connections: the KDD Cup 1999 data (real)
# --------------------------------------------------------------------------

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
    >>> df = read_kddcup_file(DATA_DIR / KDD_SAMPLE_FILE)
    >>> df.shape, df.loc[0, "label"]
    ((50000, 42), 'normal.')
    """
    path = Path(path)
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
    except (ValueError, OverflowError, EOFError, OSError, pd.errors.ParserError) as err:
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
    shipped = DATA_DIR / KDD_SAMPLE_FILE
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
            f"data/{KDD_SAMPLE_FILE} from the repository into {DATA_DIR}, or pass the "
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


def _gunzip(path):
    """The uncompressed bytes of the gzip file at ``path``, or why not."""
    try:
        return gzip.decompress(Path(path).read_bytes())
    except (OSError, EOFError) as err:
        raise ValueError(f"{path} is not a readable gzip file ({err}).") from None


def _sha256_of_gzip(path):
    return hashlib.sha256(_gunzip(path)).hexdigest()


def load_kddcup(path=None, *, fetch=False):
    """Network connections of the KDD Cup 1999 data (real).

    Parameters
    ----------
    path : str or Path, optional
        Your own KDD Cup 1999 file (``kddcup.data``, the 10% file or the test
        file ``corrected``; plain or gzip), read and checked by
        :func:`read_kddcup_file`.
    fetch : bool, default False
        Without ``path``: the whole 10% file (494,021 connections), downloaded
        through ``sklearn.datasets.fetch_kddcup99`` (cached by scikit-learn)
        and checked like a file.

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
    where = f"{path.parent.name}/{path.name}" if path.parent == DATA_DIR else str(path)
    df.attrs["source"] = f"{where} (real: 50,000 connections drawn from the KDD Cup 1999 10% file)"
    return df


# --------------------------------------------------------------------------
# security events in the OCSF style
# --------------------------------------------------------------------------

#: Columns of the security events, in file order (``anomaly_kind`` is the
#: ground truth, for evaluation only).
EVENT_COLUMNS = [
    "time",
    "class_uid",
    "category_uid",
    "activity_id",
    "type_uid",
    "severity_id",
    "status",
    "status_id",
    "actor_user_name",
    "http_request_method",
    "http_response_code",
    "src_endpoint_ip",
    "dst_endpoint_ip",
    "file_name",
    "file_path",
    "duration",
    "anomaly_kind",
]
_EVENT_START_MS = 1772409600000  # Monday 2026-03-02 00:00 UTC
_EVENT_DAYS = 14

# OCSF classes used here: (class_uid, category_uid); activity ids per class
_API, _HTTP, _AUTH, _FILE = (6003, 6), (4002, 4), (3002, 3), (1001, 1)
_API_ACTIVITY = {"POST": 1, "GET": 2, "PUT": 3, "DELETE": 4}  # Create Read Update Delete
_HTTP_ACTIVITY = {"GET": 3, "POST": 6}
_FILE_ACTIVITY = {"create": 1, "read": 2, "update": 3, "delete": 4}

# who does what: share of normal events, working hours (start, end), weekend
# share, source address, and the kinds of events they make
_ACTORS = {
    "alice": (0.17, (9, 18), 0.03, "10.0.5.11", "developer: internal API calls"),
    "bob": (0.11, (8, 20), 0.10, "10.0.5.12", "administrator: logons, system files"),
    "carol": (0.09, (10, 17), 0.0, "10.0.5.13", "analyst: reads reports, web"),
    "dave": (0.15, (8, 18), 0.02, "10.0.6.", "sales: web portal from a laptop"),
    "erin": (0.07, (9, 17), 0.0, "10.0.5.15", "HR: logons, HR files"),
    "svc-backup": (0.13, (1, 3), 1.0, "10.0.9.2", "service: nightly file reads"),
    "svc-monitor": (0.20, (0, 24), 1.0, "10.0.9.3", "service: health checks"),
    "svc-deploy": (0.08, (14, 15), 0.0, "10.0.9.4", "service: deployments via the API"),
}


def make_security_events(n_events=24_000, random_state=_SEED):
    """Security events of a small company over two weeks, OCSF style.

    Eight actors with different habits (see ``_ACTORS``): people working
    their hours, and services running around the clock or at night. Events
    are of four OCSF classes: API Activity (6003), HTTP Activity (4002),
    Authentication (3002) and File System Activity (1001), each with its
    ``category_uid``, ``activity_id`` and ``type_uid = class_uid * 100 +
    activity_id``. About 6 % of events are exact copies of another (log
    shippers retry), and about 1 % are injected unusual events, whose kind is
    in ``anomaly_kind`` (empty for normal events; for evaluation only):

    - ``failed_login_burst``: 30 failed logons within two minutes from an
      outside address (documentation range 203.0.113.0/24), five times;
    - ``odd_hour``: people's usual events between 01:00 and 04:00;
    - ``rare_endpoint``: reads of sensitive system files, and API calls to an
      address never seen otherwise (198.51.100.0/24).

    Parameters
    ----------
    n_events : int, default=24_000
        At least 2,000.
    random_state : int

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EVENT_COLUMNS`, sorted by ``time`` (epoch milliseconds,
        UTC). Text fields are empty where they do not apply (no HTTP method
        for a logon); ``http_response_code`` is 0 when the event is not an
        HTTP request; ``duration`` is in milliseconds.

    Examples
    --------
    >>> events = make_security_events(3000)
    >>> len(events), sorted(events["class_uid"].unique().tolist())
    (3000, [1001, 3002, 4002, 6003])
    """
    n_events = check_whole(n_events, "n_events (at least 2,000)", 2000)
    rng = check_random_state(random_state)
    anomalies = _unusual_events(rng)
    n_copies = int(0.06 * n_events)
    n_normal = n_events - len(anomalies) - n_copies
    shares = np.array([a[0] for a in _ACTORS.values()])
    counts = rng.multinomial(n_normal, shares / shares.sum())
    rows = []
    for (name, (_, hours, weekend, src, _)), n in zip(_ACTORS.items(), counts, strict=True):
        times = _times(rng, n, hours, weekend)
        rows += [_normal_event(rng, name, src, t) for t in times]
    normal = pd.DataFrame(rows)
    copies = normal.iloc[rng.choice(len(normal), n_copies, replace=False)]
    events = pd.concat([normal, copies, pd.DataFrame(anomalies)], ignore_index=True)
    events["anomaly_kind"] = events["anomaly_kind"].fillna("")
    events = events.sort_values("time", kind="stable").reset_index(drop=True)
    return events[EVENT_COLUMNS]


def _times(rng, n, hours, weekend):
    """n event times (epoch ms) within working hours, weekends at a given rate."""
    day = rng.integers(0, _EVENT_DAYS, n)
    is_weekend = day % 7 >= 5
    keep = ~is_weekend | (rng.random(n) < weekend)
    while not keep.all():  # redraw weekend days for those who rarely work then
        day[~keep] = rng.integers(0, _EVENT_DAYS, (~keep).sum())
        keep = ~(day % 7 >= 5) | (rng.random(n) < weekend)
    start, end = hours
    seconds = rng.uniform(start * 3600, end * 3600, n)
    return _EVENT_START_MS + day.astype(np.int64) * 86_400_000 + (seconds * 1000).astype(np.int64)


def _event(
    cls,
    activity,
    t,
    name,
    src,
    dst,
    *,
    status="Success",
    severity=1,
    method="",
    code=0,
    file_path="",
    duration=100.0,
    kind="",
):
    class_uid, category_uid = cls
    return {
        "time": int(t),
        "class_uid": class_uid,
        "category_uid": category_uid,
        "activity_id": activity,
        "type_uid": class_uid * 100 + activity,
        "severity_id": severity,
        "status": status,
        "status_id": 1 if status == "Success" else 2,
        "actor_user_name": name,
        "http_request_method": method,
        "http_response_code": code,
        "src_endpoint_ip": src,
        "dst_endpoint_ip": dst,
        "file_name": file_path.rsplit("/", 1)[-1] if file_path else "",
        "file_path": file_path,
        "duration": round(float(duration), 1),
        "anomaly_kind": kind,
    }


def _normal_event(rng, name, src, t):
    ms = lambda median, spread=0.5: rng.lognormal(np.log(median), spread)  # noqa: E731
    pick = lambda options, p=None: options[rng.choice(len(options), p=p)]  # noqa: E731
    if src.endswith("."):  # a laptop: an address from the DHCP pool
        src = src + str(rng.integers(20, 60))
    if name == "alice":
        method = pick(["GET", "POST", "PUT", "DELETE"], [0.7, 0.15, 0.12, 0.03])
        code = pick([200, 201, 404], [0.85, 0.1, 0.05]) if method != "POST" else 201
        return _api_call(t, name, src, method, code, ms(120))
    if name == "bob":
        if rng.random() < 0.55:
            return _logon(rng, t, name, src, 0.96, [0.6, 0.4], (10, 30), 300)
        path = pick(
            [
                "/etc/nginx/nginx.conf",
                "/etc/hosts",
                "/var/log/syslog",
                "/var/log/auth.log",
                "/etc/ssh/sshd_config",
            ]
        )
        return _event(
            _FILE,
            pick([2, 3], [0.7, 0.3]),
            t,
            name,
            src,
            "10.0.2.10",
            file_path=path,
            duration=ms(40),
        )
    if name == "carol":
        if rng.random() < 0.7:
            path = f"/data/reports/2026-{rng.integers(1, 4):02d}/sales_{rng.integers(1, 40)}.csv"
            return _event(_FILE, 2, t, name, src, "10.0.4.5", file_path=path, duration=ms(250))
        return _event(_HTTP, 3, t, name, src, "10.0.3.5", method="GET", code=200, duration=ms(180))
    if name == "dave":
        method = pick(["GET", "POST"], [0.8, 0.2])
        code = pick([200, 302, 404], [0.9, 0.07, 0.03])
        return _event(
            _HTTP,
            _HTTP_ACTIVITY[method],
            t,
            name,
            src,
            "10.0.3.5",
            method=method,
            code=code,
            duration=ms(220),
        )
    if name == "erin":
        if rng.random() < 0.4:
            return _logon(rng, t, name, src, 0.97, None, "10.0.2.40", 350)
        path = f"/hr/{pick(['contracts', 'payroll', 'reviews'])}/{rng.integers(100, 999)}.pdf"
        return _event(
            _FILE,
            pick([2, 3], [0.8, 0.2]),
            t,
            name,
            src,
            "10.0.4.6",
            file_path=path,
            duration=ms(90),
        )
    if name == "svc-backup":
        path = f"/data/{pick(['reports', 'hr', 'db'])}/part-{rng.integers(0, 500):04d}.bin"
        return _event(_FILE, 2, t, name, src, "10.0.9.100", file_path=path, duration=ms(4000, 0.6))
    if name == "svc-monitor":
        ok = rng.random() < 0.995
        return _event(
            _HTTP,
            3,
            t,
            name,
            src,
            pick(["10.0.1.20", "10.0.3.5"]),
            method="GET",
            code=200 if ok else 503,
            severity=1 if ok else 2,
            duration=ms(15, 0.3),
        )
    # svc-deploy
    method = pick(["POST", "PUT"], [0.4, 0.6])
    code = pick([200, 201, 500], [0.6, 0.37, 0.03])
    return _api_call(t, name, src, method, code, ms(900), severity=1 if code < 500 else 2)


def _api_call(t, name, src, method, code, duration, severity=1):
    """A call to the internal API (10.0.1.20)."""
    return _event(
        _API,
        _API_ACTIVITY[method],
        t,
        name,
        src,
        "10.0.1.20",
        method=method,
        code=code,
        severity=severity,
        duration=duration,
    )


def _logon(rng, t, name, src, success_rate, logon_logoff, dst, median_ms):
    """A logon or logoff (shares ``logon_logoff``, None for even) to ``dst``,
    an address or a (low, high) range of hosts in 10.0.2.0/24; failures are
    of Medium severity."""
    ok = rng.random() < success_rate
    activity = [1, 2][rng.choice(2, p=logon_logoff)]
    if isinstance(dst, tuple):
        dst = f"10.0.2.{rng.integers(*dst)}"
    return _event(
        _AUTH,
        activity,
        t,
        name,
        src,
        dst,
        status="Success" if ok else "Failure",
        severity=1 if ok else 3,
        duration=rng.lognormal(np.log(median_ms), 0.5),
    )


def _unusual_events(rng):
    rows = []
    for _ in range(5):  # failed-login bursts from outside
        t0 = _EVENT_START_MS + int(rng.integers(0, _EVENT_DAYS * 86_400_000))
        src = f"203.0.113.{rng.integers(1, 255)}"
        user = ["bob", "erin", "admin"][rng.integers(0, 3)]
        for t in np.sort(rng.integers(0, 120_000, 30)):
            rows.append(
                _event(
                    _AUTH,
                    1,
                    t0 + t,
                    user,
                    src,
                    "10.0.2.10",
                    status="Failure",
                    severity=3,
                    duration=rng.lognormal(np.log(300), 0.5),
                    kind="failed_login_burst",
                )
            )
    for _ in range(40):  # people at night
        name = ["alice", "carol", "dave"][rng.integers(0, 3)]
        day = int(rng.integers(0, _EVENT_DAYS))
        t = _EVENT_START_MS + day * 86_400_000 + int(rng.uniform(1, 4) * 3_600_000)
        event = _normal_event(rng, name, _ACTORS[name][3], t)
        rows.append({**event, "anomaly_kind": "odd_hour"})
    for i in range(40):  # rare endpoints
        t = _EVENT_START_MS + int(rng.integers(0, _EVENT_DAYS * 86_400_000))
        if i % 2:
            path = ["/etc/shadow", "/etc/sudoers", "/root/.ssh/id_rsa"][rng.integers(0, 3)]
            rows.append(
                _event(
                    _FILE,
                    2,
                    t,
                    "carol",
                    "10.0.5.13",
                    "10.0.2.10",
                    file_path=path,
                    severity=4,
                    duration=rng.lognormal(np.log(40), 0.5),
                    kind="rare_endpoint",
                )
            )
        else:
            rows.append(
                _event(
                    _API,
                    2,
                    t,
                    "alice",
                    "10.0.5.11",
                    f"198.51.100.{rng.integers(1, 255)}",
                    method="GET",
                    code=200,
                    duration=rng.lognormal(np.log(600), 0.5),
                    kind="rare_endpoint",
                )
            )
    return rows


def load_security_events(path=None):
    """The shipped security events (``data/security_events.csv.gz``).

    Parameters
    ----------
    path : str or Path, optional
        Events of your own in the same layout (:data:`EVENT_COLUMNS`; plain
        or gzip, told by content), checked as the shipped file: codes, times
        and response codes whole numbers >= 0, durations >= 0 (see
        :func:`load_fruit` for what a broken file gives).

    Returns
    -------
    events : pandas.DataFrame
        Every column of :data:`EVENT_COLUMNS` but ``anomaly_kind``.
    anomaly_kind : pandas.Series
        The injected unusual events' kind, empty for normal events: the
        ground truth, kept apart so that it cannot leak into an embedding.
    """
    df = _load("security_events.csv.gz", make_security_events, EVENT_COLUMNS, path)
    return df.drop(columns="anomaly_kind"), df["anomaly_kind"].rename("anomaly_kind")


# --------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------

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
    data = _csv_text(name, _FILES[name]()).encode("utf-8")
    if name.endswith(".gz"):
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(data)
        data = buf.getvalue()
    return data


def _csv_text(name, df):
    """A shipped file's CSV text."""
    return df.to_csv(index=False, lineterminator="\n")


def write_all(directory=DATA_DIR):
    """Write every synthetic data file into ``directory``; return their paths.

    The real KDD Cup 1999 sample is not made here: it is a copy of real data
    (see :func:`kddcup_sample_path`).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in _FILES:
        path = directory / name
        path.write_bytes(file_bytes(name))
        paths.append(path)
    return paths


#: What each numeric column of a shipped table may hold: ("whole" or "real",
#: lowest, highest), None for no bound; other columns are text.
_SCHEMAS = {
    "fruit.csv": {
        "weight_grams": ("real", 0, None),
        "sweetness_level": ("real", 1, 10),
        "color_intensity": ("real", 1, 10),
    },
    "insider_threat.csv": {
        "avg_work_hours": ("real", 0, 24),
        **{c: ("whole", 0, None) for c in INSIDER_COLUMNS[1:-1]},
    },
    "security_events.csv.gz": {
        **{
            c: ("whole", 0, None)
            for c in ("time", "class_uid", "category_uid", "activity_id", "type_uid", "status_id")
        },
        "severity_id": ("whole", 0, 99),  # OCSF: 0-6, 99 other
        "http_response_code": ("whole", 0, 599),
        "duration": ("real", 0, None),
    },
}
_VOCABULARIES = {"insider_threat.csv": {"label": ("normal", "insider threat")}}


def _load(name, maker, columns, path=None):
    """A shipped table: from ``path``, else from data/, else generated; one parser for all."""
    if path is None and (DATA_DIR / name).exists():
        path = DATA_DIR / name
    if path is not None:
        path = Path(path)
        df = _parse_table(_table_text(path), str(path), name, columns)
        where = f"{path.parent.name}/{path.name}" if path.parent == DATA_DIR else str(path)
        # relative, so outputs do not depend on where the project lives
        df.attrs["source"] = f"{where} (shipped synthetic file)"
    else:
        # the same values as reading the shipped file: go through its CSV text
        df = _parse_table(_csv_text(name, maker()), name, name, columns)
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
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ValueError(
            f"{path}, line {line}: bytes that are not UTF-8 text. Is this a CSV file?"
        ) from None


def _parse_table(text, where, name, columns):
    """Typed table from CSV text, after checking every line and cell."""
    if not text.strip():
        raise ValueError(f"{where} is empty: expected a header line and one row per line.")
    lines = text.count("\n") + (not text.endswith("\n"))
    if not text.endswith("\n"):
        raise ValueError(
            f"{where}, line {lines}: the file ends mid-line (a truncated file?). Every "
            "line, the last too, ends with a line break."
        )
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
        if len(fields) != len(columns):
            raise ValueError(
                f"{where}, line {reader.line_num}: {len(fields)} fields, expected "
                f"{len(columns)} ({', '.join(columns)})."
            )
    if n_rows == 0:
        raise ValueError(f"{where} has a header but no rows.")
    df = pd.read_csv(io.StringIO(text), keep_default_na=False)
    for col, (kind, low, high) in _SCHEMAS.get(name, {}).items():
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
    for col, known in _VOCABULARIES.get(name, {}).items():
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


def _main(argv=None):
    """``python -m helpers.datasets [DIR]``: regenerate every synthetic file."""
    argv = sys.argv[1:] if argv is None else argv
    directory = Path(argv[0]) if argv else DATA_DIR
    for path in write_all(directory):
        print(f"wrote {os.path.relpath(path)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    _main()
