"""Every data set the notebooks use: generators, loaders, and the files in data/.

Each ``make_*`` function builds a data set from a fixed seed; each ``load_*``
function reads the shipped file from ``data/`` when it is there and otherwise
builds the same table again, so a Colab session with only the package
installed runs the same notebooks. All data here is **synthetic**; see
``data/README.md`` for how each set was made.

Regenerate every shipped file, byte for byte::

    python -m helpers.datasets
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "DATA_DIR",
    "EVENT_COLUMNS",
    "KDD_CATEGORICAL",
    "KDD_COLUMNS",
    "KDD_NUMERIC",
    "load_fruit",
    "load_insider_threat",
    "load_kddcup",
    "load_security_events",
    "make_blob_grid",
    "make_fruit",
    "make_insider_threat",
    "make_network_connections",
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
    if not isinstance(grid, (int, np.integer)) or grid < 1:
        raise ValueError(f"grid must be a whole number >= 1, got {grid!r}.")
    if not isinstance(n_samples, (int, np.integer)) or n_samples < grid * grid:
        raise ValueError(f"n_samples must be a whole number >= grid**2 = {grid * grid}.")
    if not np.isfinite(spacing) or spacing <= 0:
        raise ValueError(f"spacing must be a finite number > 0, got {spacing!r}.")
    rng = np.random.default_rng(random_state)
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
    rng = np.random.default_rng(random_state)
    n = int(n_samples)
    if n < 20:
        raise ValueError(f"n_samples must be at least 20, got {n_samples!r}.")

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
    if isinstance(n_observations, bool) or not isinstance(n_observations, (int, np.integer)):
        raise ValueError(f"n_observations must be a whole number, got {n_observations!r}.")
    if n_observations < 100:
        raise ValueError(f"n_observations must be at least 100, got {n_observations}.")
    if not 0 <= noise_share < 0.5:
        raise ValueError(f"noise_share must be in [0, 0.5), got {noise_share!r}.")
    rng = np.random.default_rng(random_state)
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
    rng = np.random.default_rng(random_state)
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


def load_fruit():
    """The shipped fruit table (``data/fruit.csv``), or a fresh identical one."""
    return _load("fruit.csv", make_fruit, FRUIT_COLUMNS)


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
    if not 0 < insider_share < 1:
        raise ValueError(f"insider_share must be between 0 and 1, got {insider_share}.")
    rng = np.random.default_rng(random_state)
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


def load_insider_threat():
    """The shipped insider-threat table, or a fresh identical one."""
    return _load("insider_threat.csv", make_insider_threat, INSIDER_COLUMNS)


# --------------------------------------------------------------------------
# network connections in the KDD Cup 1999 layout
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

# Figures copied from the statistics of the real 10% file (494,021 rows):
# per label, its count, its services and flags (most common first), and the
# medians of key columns. The generator reproduces these; see data/README.md.
# label: (count, services, flags,
#         (duration, src_bytes, dst_bytes, count, srv_count, serror_rate,
#          rerror_rate, same_srv_rate, dst_host_count, dst_host_srv_count,
#          hot, logged_in))
_KDD_LABELS = {
    "smurf.": (280790, {"ecr_i": 1}, {"SF": 1},
               (0, 1032, 0, 511, 511, 0, 0, 1, 255, 255, 0, 0)),
    "neptune.": (107201, {"private": 101317, "*": 5884}, {"S0": 86744, "REJ": 20002, "RSTO": 455},
                 (0, 0, 0, 205, 11, 1, 0, 0.06, 255, 11, 0, 0)),
    "normal.": (97278, {"http": 61886, "smtp": 9598, "private": 7366, "domain_u": 5862,
                        "other": 5632, "ftp_data": 3800, "urp_i": 530, "ftp": 450,
                        "ntp_u": 380, "eco_i": 380, "auth": 220, "telnet": 220,
                        "finger": 200, "pop_3": 120, "ecr_i": 350, "*": 300},
                {"SF": 91709, "REJ": 5341, "RSTO": 67, "S1": 54, "S0": 51, "RSTR": 30,
                 "S2": 10, "S3": 8, "SH": 4, "OTH": 4},
                (0, 231, 421, 3, 4, 0, 0, 1, 160, 255, 0, 1)),
    "back.": (2203, {"http": 1}, {"SF": 2105, "RSTR": 91, "S2": 5, "S1": 2},
              (0, 54540, 8314, 3, 3, 0, 0, 1, 255, 255, 2, 1)),
    "satan.": (1589, {"other": 1246, "private": 314, "*": 29},
               {"REJ": 1229, "SF": 187, "S0": 172, "S2": 1},
               (0, 0, 0, 510, 1, 0.09, 0.87, 0, 255, 1, 0, 0)),
    "ipsweep.": (1247, {"eco_i": 1149, "private": 68, "ecr_i": 4, "*": 26},
                 {"SF": 1161, "REJ": 83, "RSTO": 3},
                 (0, 8, 0, 1, 13, 0, 0, 1, 1, 202, 0, 0)),
    "portsweep.": (1040, {"private": 725, "other": 260, "*": 55},
                   {"RSTR": 776, "REJ": 220, "S0": 18, "RSTOS0": 11, "RSTO": 7},
                   (0, 0, 0, 1, 1, 0, 1, 1, 255, 1, 0, 0)),
    "warezclient.": (1020, {"ftp_data": 708, "ftp": 307, "other": 5},
                     {"SF": 1016, "RSTO": 1, "RSTR": 1, "S2": 1, "S3": 1},
                     (0, 334, 0, 1, 1, 0, 0, 1, 7, 33, 0, 1)),
    "teardrop.": (979, {"private": 1}, {"SF": 1},
                  (0, 28, 0, 55, 49, 0, 0, 1, 255, 55, 0, 0)),
    "pod.": (264, {"ecr_i": 259, "tim_i": 5}, {"SF": 1},
             (0, 1480, 0, 2, 4, 0, 0, 1, 3, 19, 0, 0)),
    "nmap.": (231, {"private": 124, "eco_i": 102, "*": 5}, {"SF": 128, "SH": 103},
              (0, 8, 0, 1, 2, 0, 0, 1, 64, 22, 0, 0)),
    "guess_passwd.": (53, {"telnet": 1}, {"RSTO": 45, "RSTR": 4, "SF": 2, "S3": 2},
                      (0, 126, 179, 2, 2, 0, 1, 1, 26, 26, 1, 0)),
    "buffer_overflow.": (30, {"telnet": 21, "ftp_data": 8, "ftp": 1}, {"SF": 29, "RSTO": 1},
                         (51, 1563, 3815, 1, 1, 0, 0, 1, 2, 3, 3, 1)),
    "land.": (21, {"finger": 20, "telnet": 1}, {"S0": 1},
              (0, 0, 0, 1, 2, 1, 0, 1, 1, 4, 0, 0)),
    "warezmaster.": (20, {"ftp_data": 18, "ftp": 2}, {"SF": 1},
                     (9, 0, 5150829, 1, 1, 0, 0, 1, 10, 8, 0, 0)),
    "imap.": (12, {"imap4": 1}, {"SF": 6, "SH": 4, "S0": 1, "S1": 1},
              (0, 0, 0, 1, 123, 0.83, 0, 1, 6, 5, 0, 0)),
    "rootkit.": (10, {"telnet": 5, "other": 3, "ftp": 1, "ftp_data": 1}, {"SF": 1},
                 (40, 87, 289, 1, 1, 0, 0, 1, 255, 2, 0, 0.5)),
    "loadmodule.": (9, {"telnet": 5, "ftp_data": 3, "ftp": 1}, {"SF": 1},
                    (21, 142, 1301, 1, 1, 0, 0, 1, 2, 3, 0, 1)),
    "ftp_write.": (8, {"ftp_data": 4, "ftp": 2, "login": 2}, {"SF": 1},
                   (13, 110, 227, 1, 1, 0, 0, 1, 1.5, 2.5, 0, 1)),
    "multihop.": (7, {"ftp_data": 3, "ftp": 2, "telnet": 2}, {"SF": 1},
                  (179, 119, 9139, 1, 1, 0, 0, 1, 2, 1, 1, 1)),
    "phf.": (4, {"http": 1}, {"SF": 1}, (3, 51, 8127, 1, 1, 0, 0, 1, 255, 247, 2, 1)),
    "perl.": (3, {"telnet": 1}, {"SF": 1}, (45, 268, 2364, 1, 1, 0, 0, 1, 255, 2, 0, 1)),
    "spy.": (2, {"telnet": 1}, {"SF": 1}, (318, 174, 1193, 1, 1, 0, 0, 1, 255, 47, 0, 0.5)),
}  # fmt: skip

# "*" in a service table: any of the rarely used TCP services below
_RARE_TCP_SERVICES = [
    "csnet_ns", "remote_job", "gopher", "imap4", "domain", "discard", "systat",
    "iso_tsap", "shell", "echo", "rje", "whois", "sql_net", "printer", "nntp",
    "courier", "mtp", "sunrpc", "netbios_ssn", "uucp", "klogin", "uucp_path",
    "vmnet", "bgp", "ssh", "nnsp", "supdup", "login", "hostnames", "daytime",
    "efs", "link", "netbios_ns", "pop_2", "ldap", "http_443", "exec",
    "netbios_dgm", "name", "kshell", "ctf", "netstat", "Z39_50", "IRC", "X11",
    "time", "finger", "telnet", "http", "ftp_data", "auth", "pop_3",
]  # fmt: skip
_ICMP_SERVICES = {"ecr_i", "eco_i", "urp_i", "urh_i", "tim_i", "red_i"}
_UDP_SERVICES = {"domain_u", "ntp_u", "tftp_u"}
# 'private' and 'other' carry both TCP and UDP: share of UDP per label
_UDP_SHARE_OF_MIXED = {"normal.": 1.0, "teardrop.": 1.0, "satan.": 0.11, "nmap.": 0.2,
                       "rootkit.": 1.0}  # fmt: skip
# attacks that gain or use root on the host: they touch the content columns
_HOST_ATTACKS = {"buffer_overflow.", "rootkit.", "loadmodule.", "perl.", "multihop.",
                 "ftp_write.", "phf.", "spy.", "warezmaster.", "imap."}  # fmt: skip


def make_network_connections(n_rows=50_000, random_state=_SEED, min_per_label=5):
    """Synthetic connection records in the exact KDD Cup 1999 layout.

    A look-alike of the real data, not a copy: the 41 features with their
    real names and types, ``protocol_type``, ``service`` and ``flag`` as text,
    then ``label`` with its trailing dot (``"normal."``). The class mix
    follows the real 10% file (smurf, neptune and normal dominate; 20 attack
    types are rare; every label gets at least ``min_per_label`` rows), each
    label uses the services and flags it uses in the real data, byte counts
    are heavy-tailed, and ``num_outbound_cmds`` and ``is_host_login`` are
    constant zero as there. Millions of rows take a few seconds.

    Parameters
    ----------
    n_rows : int
        Number of connections.
    random_state : int
    min_per_label : int
        Fewest rows each of the 23 labels gets.

    Returns
    -------
    pandas.DataFrame with the 42 columns of :data:`KDD_COLUMNS`.

    Examples
    --------
    >>> df = make_network_connections(2_000, random_state=0)
    >>> df.shape
    (2000, 42)
    >>> df["label"].value_counts().index[0]
    'smurf.'
    """
    labels = list(_KDD_LABELS)
    if n_rows < min_per_label * len(labels):
        raise ValueError(
            f"n_rows={n_rows} is too small: every one of the {len(labels)} labels "
            f"needs at least min_per_label={min_per_label} rows."
        )
    rng = np.random.default_rng(random_state)
    real = np.array([_KDD_LABELS[lab][0] for lab in labels], dtype=float)
    counts = np.maximum(min_per_label, np.floor(real / real.sum() * n_rows)).astype(int)
    counts[0] += n_rows - counts.sum()  # the largest class absorbs rounding
    parts = [_kdd_rows(lab, c, rng) for lab, c in zip(labels, counts, strict=True)]
    df = pd.concat(parts, ignore_index=True)
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    return df[KDD_COLUMNS]


def _kdd_rows(label, n, rng):
    """``n`` records of one label; medians and mixes from the real file."""
    _, services, flags, med = _KDD_LABELS[label]
    (dur, src, dst, cnt, srv_cnt, serr, rerr, same_srv, dh_cnt, dh_srv_cnt, hot, logged) = med
    service = _draw(rng, services, n)
    rare = service == "*"
    service[rare] = rng.choice(_RARE_TCP_SERVICES, rare.sum())
    protocol = np.full(n, "tcp", dtype=object)
    protocol[np.isin(service, list(_ICMP_SERVICES))] = "icmp"
    protocol[np.isin(service, list(_UDP_SERVICES))] = "udp"
    mixed = np.isin(service, ["private", "other"])
    udp = mixed & (rng.random(n) < _UDP_SHARE_OF_MIXED.get(label, 0.0))
    protocol[udp] = "udp"
    flag = _draw(rng, flags, n)
    # UDP and ICMP carry no TCP state: the real files mark them SF
    flag[protocol != "tcp"] = "SF"

    out = {"protocol_type": protocol, "service": service, "flag": flag, "label": label}
    out["duration"] = _heavy(rng, n, dur, p_nonzero=0.08 if label == "normal." else 0.01)
    if label == "smurf.":  # echo replies of two fixed sizes
        out["src_bytes"] = rng.choice([1032, 520], n, p=[0.8, 0.2])
    else:
        out["src_bytes"] = _heavy(rng, n, src, p_nonzero=0.02, spread=0.9)
    out["dst_bytes"] = _heavy(
        rng, n, dst, p_nonzero=0.02, spread=1.6 if label == "normal." else 0.6
    )
    if label == "normal.":  # some normal connections carry nothing back
        out["dst_bytes"][rng.random(n) < 0.12] = 0
    out["land"] = np.full(n, int(label == "land."))
    wrong = {"teardrop.": 3, "pod.": 1}.get(label, 0)
    out["wrong_fragment"] = np.full(n, wrong)
    out["urgent"] = (rng.random(n) < (0.1 if label in _HOST_ATTACKS else 5e-6)).astype(int)
    out["hot"] = _small_counts(rng, n, hot, p_extra=0.01 if label == "normal." else 0.0)
    out["num_failed_logins"] = (
        rng.poisson(1.0, n).clip(1, 5) if label == "guess_passwd." else np.zeros(n, int)
    )
    p_logged = 0.72 if label == "normal." else float(logged)
    out["logged_in"] = (rng.random(n) < p_logged).astype(int)
    host = label in _HOST_ATTACKS
    normal = label == "normal."
    for col, lam in [("num_compromised", 1.5), ("root_shell", 0.5), ("su_attempted", 0.1),
                     ("num_root", 1.5), ("num_file_creations", 1.0), ("num_shells", 0.3),
                     ("num_access_files", 0.4)]:  # fmt: skip
        p = 0.5 if host else (0.004 if normal else 0.0)
        vals = rng.poisson(lam, n) * (rng.random(n) < p)
        if col in ("root_shell",):
            vals = np.minimum(vals, 1)
        if normal:  # a handful of admin sessions with very many root actions
            vals = vals * np.where(rng.random(n) < 0.001, rng.integers(10, 300, n), 1)
        out[col] = vals
    out["num_outbound_cmds"] = np.zeros(n, int)
    out["is_host_login"] = np.zeros(n, int)
    p_guest = 0.6 if label == "warezclient." else (0.001 if normal else 0.0)
    out["is_guest_login"] = (rng.random(n) < p_guest).astype(int)

    out["count"] = _around(rng, n, cnt, 511)
    out["srv_count"] = _around(rng, n, srv_cnt, 511)
    out["serror_rate"] = _rate(rng, n, serr)
    out["rerror_rate"] = _rate(rng, n, rerr)
    # the error rates follow the connection's own state, as in the real data:
    # a rejected connection (REJ) comes with REJ errors, a half-open one (S0)
    # with SYN errors
    rej, syn = flag == "REJ", flag == "S0"
    out["rerror_rate"][rej] = _rate(rng, rej.sum(), 1)
    out["serror_rate"][rej] = _rate(rng, rej.sum(), 0)
    out["serror_rate"][syn] = _rate(rng, syn.sum(), 1)
    out["rerror_rate"][syn] = _rate(rng, syn.sum(), 0)
    out["srv_serror_rate"] = _jitter(rng, out["serror_rate"])
    out["srv_rerror_rate"] = _jitter(rng, out["rerror_rate"])
    out["same_srv_rate"] = _rate(rng, n, same_srv)
    out["diff_srv_rate"] = np.round((1 - out["same_srv_rate"]) * rng.beta(1, 6, n), 2)
    out["srv_diff_host_rate"] = np.round(
        (rng.random(n) < (0.15 if normal else 0.02)) * rng.beta(1, 3, n), 2
    )
    out["dst_host_count"] = _around(rng, n, dh_cnt, 255)
    out["dst_host_srv_count"] = _around(rng, n, dh_srv_cnt, 255)
    share = out["dst_host_srv_count"] / np.maximum(out["dst_host_count"], 1)
    out["dst_host_same_srv_rate"] = np.round(np.clip(share, 0, 1), 2)
    out["dst_host_diff_srv_rate"] = np.round(
        (1 - out["dst_host_same_srv_rate"]) * rng.beta(1, 8, n), 2
    )
    same_port = protocol == "icmp"
    out["dst_host_same_src_port_rate"] = np.round(
        np.where(same_port, 1.0, rng.beta(0.4, 1.2, n)), 2
    )
    out["dst_host_srv_diff_host_rate"] = np.round(
        (rng.random(n) < (0.2 if normal else 0.03)) * rng.beta(1, 6, n), 2
    )
    out["dst_host_serror_rate"] = _jitter(rng, out["serror_rate"])
    out["dst_host_srv_serror_rate"] = _jitter(rng, out["serror_rate"])
    out["dst_host_rerror_rate"] = _jitter(rng, out["rerror_rate"])
    out["dst_host_srv_rerror_rate"] = _jitter(rng, out["rerror_rate"])
    df = pd.DataFrame({c: out[c] for c in KDD_COLUMNS})
    int_cols = [c for c in KDD_NUMERIC if c not in KDD_RATES]
    return df.astype({c: "int64" for c in int_cols} | {c: "float64" for c in KDD_RATES})


def _draw(rng, table, n):
    keys = list(table)
    w = np.array([table[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), n, p=w / w.sum())]


def _heavy(rng, n, median, p_nonzero, spread=1.0):
    """Log-normal around ``median`` (heavy tail); mostly 0 when the median is 0."""
    if median <= 0:
        vals = rng.lognormal(np.log(100), 2.0, n) * (rng.random(n) < p_nonzero)
    else:
        vals = rng.lognormal(np.log(median), spread, n)
    return np.round(vals).astype(np.int64)


def _small_counts(rng, n, median, p_extra):
    base = rng.poisson(median, n) if median > 0 else np.zeros(n, int)
    return base + rng.poisson(2.0, n) * (rng.random(n) < p_extra)


def _around(rng, n, median, top):
    """Counts near ``median`` within [0, top]; a median at the top stays there."""
    if median >= top * 0.98:
        # at the cap mostly; one in twenty far below it
        vals = top + 1 - rng.geometric(0.5, n) - (rng.random(n) < 0.05) * rng.integers(0, top, n)
        return np.clip(vals, 0, top).astype(np.int64)
    vals = np.round(median * rng.lognormal(0, 0.5, n))
    return np.clip(vals, 0 if median < 1 else 1, top).astype(np.int64)


def _rate(rng, n, median):
    """A rate in [0, 1] (two decimals): exact 0 or 1 mostly, when that is the median."""
    if median in (0, 1):
        off = rng.random(n) < 0.04
        vals = np.where(off, rng.beta(1, 3, n), 0.0)
        return np.round(vals if median == 0 else 1 - vals, 2)
    k = 20.0
    return np.round(rng.beta(median * k + 0.5, (1 - median) * k + 0.5, n), 2)


def _jitter(rng, rate):
    """A related rate: the same value mostly, a small shift sometimes."""
    shift = (rng.random(rate.shape) < 0.1) * rng.normal(0, 0.05, rate.shape)
    return np.round(np.clip(rate + shift, 0, 1), 2)


def read_kddcup_file(path):
    """Read a KDD Cup 1999 file (``kddcup.data``, ``..._10_percent``, plain or .gz).

    The files have no header: 41 features then the label, comma-separated.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If a row has the wrong number of fields, or a numeric column holds
        something else (the message names the column and the row).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist. Give the path of kddcup.data or "
            "kddcup.data_10_percent (plain or .gz), or call load_kddcup() with no "
            "path to use the shipped synthetic sample."
        )
    try:
        raw = pd.read_csv(path, header=None, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as err:
        raise ValueError(f"{path} is not a KDD Cup 1999 file: {err}") from None
    if raw.shape[1] != len(KDD_COLUMNS):
        raise ValueError(
            f"{path} has {raw.shape[1]} fields per row; a KDD Cup 1999 file has "
            f"{len(KDD_COLUMNS)} (41 features and the label)."
        )
    raw.columns = KDD_COLUMNS
    return _tidy_kdd(raw, source=str(path))


def _tidy_kdd(raw, source):
    """Types and checks shared by every way of reading KDD data."""
    df = pd.DataFrame(index=raw.index)
    for col in KDD_COLUMNS:
        values = raw[col]
        if col in KDD_NUMERIC:
            num = pd.to_numeric(values, errors="coerce")
            bad = num.isna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise ValueError(
                    f"column {col!r} must be numeric, but row {row} holds "
                    f"{values.iloc[row]!r}. Is this a KDD Cup 1999 file?"
                )
            df[col] = num.astype("float64" if col in KDD_RATES else "int64")
        else:
            df[col] = values.map(_as_text).astype(object)
    df.attrs["source"] = source
    return df


def _as_text(v):
    return v.decode("ascii") if isinstance(v, bytes) else str(v)


def load_kddcup(path=None, *, fetch=False, n_rows=None, random_state=_SEED):
    """Network connections in the KDD Cup 1999 layout, real when you have them.

    Parameters
    ----------
    path : str or Path, optional
        A real ``kddcup.data`` or ``kddcup.data_10_percent`` file (plain or
        .gz). Read as is.
    fetch : bool
        Without ``path``, download the real 10% file through
        ``sklearn.datasets.fetch_kddcup99`` (cached by scikit-learn). When
        that fails (offline), warn and use the synthetic look-alike.
    n_rows : int, optional
        Without ``path`` or ``fetch``: size of the synthetic set. ``None``
        means the shipped 50,000-row sample (``data/network_connections.csv.gz``).
    random_state : int
        Seed of the synthetic set when ``n_rows`` is given.

    Returns
    -------
    pandas.DataFrame
        The 42 columns of :data:`KDD_COLUMNS`; ``df.attrs["source"]`` says
        where the rows came from, and ``df.attrs["synthetic"]`` whether they
        are the look-alike.
    """
    if path is not None:
        df = read_kddcup_file(path)
        df.attrs["synthetic"] = False
        return df
    if fetch:
        try:
            from sklearn.datasets import fetch_kddcup99

            bunch = fetch_kddcup99(percent10=True, as_frame=True)
            raw = bunch.frame.rename(columns={"labels": "label"})
            df = _tidy_kdd(raw[KDD_COLUMNS], source="sklearn.datasets.fetch_kddcup99")
            df.attrs["synthetic"] = False
            return df
        except (OSError, ValueError, KeyError) as err:
            warnings.warn(
                f"Could not fetch the real KDD Cup 1999 data ({err}); using the "
                "synthetic look-alike instead.",
                stacklevel=2,
            )
    if n_rows is None:
        df = _load("network_connections.csv.gz", make_network_connections, KDD_COLUMNS)
        df = _tidy_kdd(df, source=df.attrs.get("source", "synthetic"))
    else:
        df = make_network_connections(n_rows, random_state)
        df.attrs["source"] = f"synthetic look-alike, {n_rows:,} rows, seed {random_state}"
    df.attrs["synthetic"] = True
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
    if isinstance(n_events, bool) or not isinstance(n_events, (int, np.integer)):
        raise ValueError(f"n_events must be a whole number, got {n_events!r}.")
    if n_events < 2000:
        raise ValueError(f"n_events must be at least 2,000, got {n_events}.")
    rng = np.random.default_rng(random_state)
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


def load_security_events():
    """The shipped security events (``data/security_events.csv.gz``).

    Returns
    -------
    events : pandas.DataFrame
        Every column of :data:`EVENT_COLUMNS` but ``anomaly_kind``.
    anomaly_kind : pandas.Series
        The injected unusual events' kind, empty for normal events: the
        ground truth, kept apart so that it cannot leak into an embedding.
    """
    df = _load("security_events.csv.gz", make_security_events, EVENT_COLUMNS)
    return df.drop(columns="anomaly_kind"), df["anomaly_kind"].rename("anomaly_kind")


# --------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------

_FILES = {
    "fruit.csv": make_fruit,
    "insider_threat.csv": make_insider_threat,
    "network_connections.csv.gz": make_network_connections,
    "security_events.csv.gz": make_security_events,
}


def file_bytes(name):
    """The exact bytes of shipped file ``name``, as the generator makes them.

    CSV text, UTF-8, ``\\n`` line ends; rates with two decimals as in the
    KDD files. A ``.gz`` file is gzip with no name and time stamp in its
    header, so the same content gives the same bytes.
    """
    data = _csv_text(name, _FILES[name]()).encode("utf-8")
    if name.endswith(".gz"):
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(data)
        data = buf.getvalue()
    return data


def _csv_text(name, df):
    """A shipped file's CSV text; rates with two decimals as in the KDD files."""
    float_format = "%.2f" if name.startswith("network") else None
    return df.to_csv(index=False, lineterminator="\n", float_format=float_format)


def write_all(directory=DATA_DIR):
    """Write every shipped data file into ``directory``; return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in _FILES:
        path = directory / name
        path.write_bytes(file_bytes(name))
        paths.append(path)
    return paths


def _load(name, maker, columns):
    path = DATA_DIR / name
    if path.exists():
        df = pd.read_csv(path, keep_default_na=False)
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise ValueError(
                f"{path} lacks the columns {missing}. Regenerate the data with "
                "`python -m helpers.datasets`."
            )
        df = df[columns]
        # relative, so outputs do not depend on where the project lives
        df.attrs["source"] = f"{path.parent.name}/{name} (shipped synthetic file)"
    else:
        df = maker()
        # the same values as reading the shipped file: go through its CSV text
        df = pd.read_csv(io.StringIO(_csv_text(name, df)), keep_default_na=False)
        df.attrs["source"] = f"generated ({name} is not shipped beside this install)"
    for col in df.columns:  # text as plain Python strings under pandas 2 and 3
        if not pd.api.types.is_numeric_dtype(df[col]):
            df[col] = df[col].astype(object)
    return df


def main(argv=None):
    """``python -m helpers.datasets [DIR]``: regenerate every shipped file."""
    argv = sys.argv[1:] if argv is None else argv
    directory = Path(argv[0]) if argv else DATA_DIR
    for path in write_all(directory):
        print(f"wrote {os.path.relpath(path)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
