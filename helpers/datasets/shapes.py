"""Two-dimensional shapes for (self-tuning) spectral clustering: groups of
mixed density and scale, rings, bars, noise, one blob, and Gaussian groups on
a grid (notebook 06, the count-of-groups battery, the tiling of notebook 07).

Everything here is generated from a seed; nothing is shipped in ``data/``.
"""

from __future__ import annotations

import numpy as np

from helpers._validation import MAX_ROWS, check_random_state, check_real, check_whole

__all__ = ["make_blob_grid", "make_shapes"]


def make_blob_grid(n_samples=3600, spacing=20.0, grid=6, random_state=0):
    """Gaussian groups (standard deviation 1) centred on a ``grid x grid``
    lattice ``spacing`` apart, equal in size (the first groups get one more
    point when ``n_samples`` does not divide evenly).

    ``n_samples`` is a whole number in ``grid**2..10,000,000`` (MAX_ROWS),
    ``grid`` one in 1..1000, ``spacing`` a real number > 0.

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
    n_samples = check_whole(n_samples, "n_samples (at least grid**2)", grid * grid, MAX_ROWS)
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

    ``n_samples`` is a whole number in 20..10,000,000 (MAX_ROWS).

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
    n = check_whole(n_samples, "n_samples", 20, MAX_ROWS)

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
