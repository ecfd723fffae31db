"""Road-sign sightings reported by cars: many small groups of mixed density,
their number unknown (notebook 07, ``bench/stsc_tiles.py``). Generated from a
seed; nothing is shipped in ``data/``.
"""

from __future__ import annotations

import numpy as np

from helpers._validation import MAX_ROWS, check_random_state, check_real, check_whole

__all__ = ["make_road_signs"]


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
    n_observations : int in 100..10,000,000, default=100_000
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
    n_observations = check_whole(n_observations, "n_observations", 100, MAX_ROWS)
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
