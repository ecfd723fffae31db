"""Monthly behaviour of employees, a small minority of them insider threats,
synthetic (notebook 05). Shipped as ``data/insider_threat.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._validation import MAX_ROWS, check_random_state, check_real, check_whole
from helpers.datasets._files import _SEED, _load

__all__ = ["INSIDER_COLUMNS", "load_insider_threat", "make_insider_threat"]

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
# what each numeric column of the file may hold: ("whole" or "real", lowest, highest)
_SCHEMA = {
    "avg_work_hours": ("real", 0, 24),
    **{c: ("whole", 0, None) for c in INSIDER_COLUMNS[1:-1]},
}
_LABELS = {"label": ("normal", "insider threat")}


def make_insider_threat(n_employees=1000, insider_share=0.05, random_state=_SEED):
    """Monthly behaviour of employees, a small minority of them insider threats.

    Per employee: average daily work hours, accesses to sensitive files,
    e-mails sent per day, failed logins, USB mass-storage uses, actions after
    hours and VPN logins, all per month unless stated. ``label`` is
    ``"normal"`` or ``"insider threat"``. Insiders are riskier on average,
    but a third of them are careful and overlap with normal users.

    ``n_employees`` is a whole number in 2..10,000,000 (MAX_ROWS),
    ``insider_share`` a real number strictly between 0 and 1.

    Examples
    --------
    >>> df = make_insider_threat(200, random_state=0)
    >>> df.shape
    (200, 8)
    >>> int((df["label"] == "insider threat").sum())
    10
    """
    n_employees = check_whole(n_employees, "n_employees", 2, MAX_ROWS)
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
    path : str, Path or bytes, optional
        A file of your own in the same layout (:data:`INSIDER_COLUMNS`),
        checked as the shipped one: counts whole numbers >= 0, work hours in
        [0, 24], labels ``normal`` or ``insider threat`` (see
        :func:`load_fruit` for what a broken file gives).

    Examples
    --------
    >>> load_insider_threat()["label"].value_counts().to_dict()
    {'normal': 950, 'insider threat': 50}
    """
    return _load(
        "insider_threat.csv",
        make_insider_threat,
        INSIDER_COLUMNS,
        path,
        schema=_SCHEMA,
        vocabularies=_LABELS,
    )
