"""The check of a linkage matrix, shared by :mod:`helpers.hierarchical` and
:mod:`helpers.plotting` before SciPy's compiled code reads it."""

from __future__ import annotations

import numpy as np

from helpers._numbers import _real_array

__all__ = ["check_linkage"]


def check_linkage(Z, name="Z"):
    """Return ``Z`` as a C-contiguous float64 linkage matrix, or say what is wrong.

    SciPy's ``fcluster`` and ``dendrogram`` hand ``Z`` to compiled code that
    trusts it: a NaN or an index out of range there reads outside its arrays
    (a crashed interpreter, not an error). So: 2-D with 4 columns and at
    least one row, real and finite, heights >= 0 and non-decreasing, merge
    indices whole numbers that name a sample or an earlier merge, each used
    once, and each count the sum of the two merged counts.

    Examples
    --------
    >>> check_linkage([[0, 1, 0.5, 2]]).shape
    (1, 4)
    >>> check_linkage([[0, 0, 0.5, 2]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: Z row 0 merges cluster 0 with itself. Pass the matrix ...
    """
    advice = (
        "Pass the matrix that linkage_matrix (or scipy.cluster.hierarchy.linkage) "
        "returned, unchanged."
    )
    # the shared dtype checks first: a masked array's masked values, or a
    # frame of categories, must not pass as merge indices
    try:
        arr = _real_array(Z, name)
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"{name} must be a linkage matrix of real numbers: {err} {advice}"
        ) from None
    if arr.dtype.kind not in "iuf":
        raise ValueError(
            f"{name} must be a linkage matrix of real numbers, got dtype {arr.dtype}. {advice}"
        )
    if arr.ndim != 2 or arr.shape[1] != 4 or arr.shape[0] < 1:
        raise ValueError(
            f"{name} must be a linkage matrix of shape (n_samples - 1, 4) with at least "
            f"one row, got shape {arr.shape}. {advice}"
        )
    Z = np.ascontiguousarray(arr, dtype=np.float64)
    if not np.isfinite(Z).all():
        row = int(np.argwhere(~np.isfinite(Z))[0, 0])
        raise ValueError(f"{name} contains NaN or infinity (first in row {row}). {advice}")
    heights = Z[:, 2]
    if (heights < 0).any():
        raise ValueError(f"{name} has a negative merge height (column 2). {advice}")
    if (np.diff(heights) < 0).any():
        row = int(np.flatnonzero(np.diff(heights) < 0)[0]) + 1
        raise ValueError(
            f"{name}'s merge heights (column 2) must not decrease, but row {row} is lower "
            f"than row {row - 1}. {advice}"
        )
    if (Z[:, [0, 1, 3]] != np.round(Z[:, [0, 1, 3]])).any():
        raise ValueError(
            f"{name}'s merge indices and counts (columns 0, 1 and 3) must be whole "
            f"numbers. {advice}"
        )
    n = Z.shape[0] + 1
    counts = np.ones(2 * n - 1)
    used = np.zeros(2 * n - 1, dtype=bool)
    for i, (a, b, _, size) in enumerate(Z):
        a, b = int(a), int(b)
        for c in (a, b):
            if not 0 <= c < n + i:
                raise ValueError(
                    f"{name} row {i} merges cluster {c}, which does not exist yet (valid: "
                    f"0..{n + i - 1}). {advice}"
                )
        if a == b:
            raise ValueError(f"{name} row {i} merges cluster {a} with itself. {advice}")
        for c in (a, b):
            if used[c]:
                raise ValueError(
                    f"{name} row {i} merges cluster {c}, which an earlier row already "
                    f"merged. {advice}"
                )
            used[c] = True
        counts[n + i] = counts[a] + counts[b]
        if size != counts[n + i]:
            raise ValueError(
                f"{name} row {i} gives a count of {size:g} (column 3), but the clusters it "
                f"merges hold {counts[n + i]:g} samples. {advice}"
            )
    return Z
