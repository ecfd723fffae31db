"""A parametric second opinion on "one group": are the points two touching
Gaussian groups?

Self-tuning spectral clustering (:mod:`helpers.stsc`) scales each point's
affinity by its local density, so the affinity graph of a Gaussian looks
like a uniform mesh and the valley between two touching groups is hidden
from the spectrum. A two-component Gaussian mixture sees it. The points are
judged to be two Gaussian groups when all four hold:

(a) **BIC.** A full-covariance mixture of 2 components beats 1 by more than
    ``bic_margin`` (30) in BIC (``-2 log L + p log n``, so the margin is on
    the scale of a log-likelihood ratio and the penalty already grows with
    ``log n``).
(b) **Each component looks Gaussian.** The points the mixture assigns to a
    component (hard assignment) are tested by Mardia's multivariate skewness
    ``b1`` and kurtosis ``b2``, as z-scores for that component's size ``m``
    and the dimension ``d``: ``(m b1 / 6 - f) / sqrt(2 f)`` with
    ``f = d (d + 1) (d + 2) / 6``, and ``(b2 - d (d + 2)) / sqrt(8 d (d + 2) / m)``.
    Cutting a mixture by hard assignment truncates each component (lower
    kurtosis, some skewness), so each z-score is centred on its mean over
    ``n_boot`` (20) samples of the fitted mixture itself, of the same size
    and cut the same way. The skewness of a cut component is a non-central
    chi-square whose spread grows with ``m``, so its z-score is divided by
    the samples' standard deviation (when above 1); the kurtosis z-score
    keeps its spread of 1 (two touching Gaussians, 4 sd apart at 1:3, gave
    centred kurtosis z within 1.1 up to 50,000 points). A component passes
    when ``|skewness z| < skew_z`` (2.5) and ``|kurtosis z| < kurt_z`` (2),
    fixed z-scores, so the tests' significance is the same at every ``m``
    and ``d``. The halves of a uniform square,
    disc, cube or line, of a ring, banana or L are too flat (kurtosis) or
    curved (skewness); a component of at most ``3 (d + 1)`` points fails.
(c) **Apart.** The Bhattacharyya coefficient of the two fitted Gaussians is
    below ``max_overlap`` (0.35): a heavy-tailed (Student t) or skewed
    (log-normal) single group is fitted by two overlapping components.
(d) **Not two flat halves.** Mardia's kurtosis mixes all directions, so a
    half of a flat shape, uniform along its long axis and Gaussian across
    (a line, an arm of an L), passes (b) at 150 points. Here each component's
    members are projected on their first principal axis; the excess kurtosis
    ``g2`` of that marginal (a uniform bar: -1.2) becomes a z-score
    ``g2 / sqrt(24 / m)``, centred on the same samples as (b), and the two
    components' z are combined by Stouffer's sum ``(z_0 + z_1) / sqrt(2)``
    (one half of a flat shape is as flat as the other; one side of a cut
    Gaussian may be flat by chance). The points are refused when that sum
    is below ``-flat_z`` (2.5, one-sided, a fixed z at every ``m``). On the
    tuning seeds the sum was -2.9 to -4.0 on the L and line halves (300
    points) that passed (a)-(c), and at least -2.0 on every touching pair.

A single Gaussian, however stretched, gives BIC for 1 component. The
thresholds were tuned on seeds 100-109 of the cases listed in
:mod:`helpers.stsc`.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> two = np.vstack([rng.normal(size=(150, 2)), rng.normal(size=(450, 2)) + [4, 0]])
>>> gaussian_split(two).accepted
True
>>> gaussian_split(rng.uniform(0, 4, size=(600, 2))).accepted
False
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from helpers._validation import as_float_matrix, check_real, check_whole

__all__ = ["GaussianSplit", "gaussian_split", "mardia_z"]


class GaussianSplit(NamedTuple):
    """The verdict of :func:`gaussian_split` and what it rests on."""

    accepted: bool  #: two Gaussian groups: (a) to (d) all hold
    labels: np.ndarray  #: the 2-component mixture's labels (0 or 1)
    bic_gain: float  #: BIC(1 component) - BIC(2 components)
    overlap: float  #: Bhattacharyya coefficient of the two components
    skew_z: np.ndarray  #: per component, the centred skewness z-score
    kurt_z: np.ndarray  #: per component, the centred kurtosis z-score
    flat_z: float  #: both components' centred long-axis kurtosis z, summed / sqrt(2)


def mardia_z(X):
    """Mardia's multivariate skewness and kurtosis of ``X`` as z-scores.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        At least ``n_features + 2`` points whose covariance is not singular.

    Returns
    -------
    skew_z, kurt_z : float
        ``(n b1 / 6 - f) / sqrt(2 f)`` with ``f = d (d + 1) (d + 2) / 6``
        (``n b1 / 6`` is about chi-square with ``f`` degrees of freedom for
        Gaussian data), and ``(b2 - d (d + 2)) / sqrt(8 d (d + 2) / n)``
        (about standard normal). Both near 0 for Gaussian data.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> s, k = mardia_z(rng.uniform(size=(2000, 2)))
    >>> bool(k < -10)  # a uniform square is flat: too little kurtosis
    True
    """
    X = as_float_matrix(X, dtype=np.float64, min_rows=1, squared=False)
    n, d = X.shape
    if n < d + 2:
        raise ValueError(f"X has {n} points in {d} dimensions; Mardia's tests need d + 2.")
    return _mardia_z(X)


def _mardia_z(X):
    """:func:`mardia_z` without its checks, for the components of an X checked
    once (it runs 2 (n_boot + 1) times per :func:`gaussian_split`)."""
    n, d = X.shape
    Z = X - X.mean(axis=0)
    try:
        L = np.linalg.cholesky(Z.T @ Z / n)
    except np.linalg.LinAlgError:
        raise ValueError("X's covariance is singular (points on a flat): no Mardia test.") from None
    W = np.linalg.solve(L, Z.T).T  # whitened
    # b1 = sum_ij (w_i . w_j)^3 / n^2 = |third-moment tensor|^2: O(n d^3)
    T = np.einsum("ia,ib,ic->abc", W, W, W, optimize=True)
    b1 = float((T**2).sum()) / n**2
    b2 = float(np.mean(np.einsum("ij,ij->i", W, W) ** 2))
    f = d * (d + 1) * (d + 2) / 6
    return (n * b1 / 6 - f) / np.sqrt(2 * f), (b2 - d * (d + 2)) / np.sqrt(8 * d * (d + 2) / n)


def _long_axis_kurtosis_z(Y):
    """Excess kurtosis ``g2`` of ``Y``'s marginal along its first principal
    axis, as a z-score ``g2 / sqrt(24 / m)`` (a uniform bar: ``g2 = -1.2``)."""
    Z = Y - Y.mean(axis=0)
    p = Z @ np.linalg.eigh(Z.T @ Z)[1][:, -1]
    v = np.mean(p**2)
    if v <= 0:
        raise ValueError("X is one point repeated.")
    return (np.mean(p**4) / v**2 - 3) / np.sqrt(24 / len(Y))


def _component_z(X, labels):
    """(2, 3) array: per component, Mardia's (skew z, kurt z) and the
    kurtosis z of its long-axis marginal; a component of at most 3 (d + 1)
    points gets infinity."""
    out = np.full((2, 3), np.inf)
    for k in range(2):
        Y = X[labels == k]
        if len(Y) > 3 * (X.shape[1] + 1):
            try:
                out[k, :2] = _mardia_z(Y)
                out[k, 2] = _long_axis_kurtosis_z(Y)
            except ValueError:  # singular: not a Gaussian group
                out[k] = np.inf
    return out


def gaussian_split(
    X,
    *,
    bic_margin=30.0,
    max_overlap=0.35,
    skew_z=2.5,
    kurt_z=2.0,
    flat_z=2.5,
    n_boot=20,
    random_state=0,
):
    """Judge whether ``X`` is two touching Gaussian groups (see the module
    docstring for the four conditions).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        At least ``2 (n_features + 1) + 1`` points.
    bic_margin : float, default=30.0
        (a): BIC(1) - BIC(2) must exceed this.
    max_overlap : float in 0..1, default=0.35
        (c): the Bhattacharyya coefficient must be below this.
    skew_z, kurt_z : float, default=2.5 and 2.0
        (b): the centred |z| of each component's skewness and kurtosis must
        be below these.
    flat_z : float, default=2.5
        (d): the Stouffer sum of the components' centred long-axis kurtosis
        z must be above ``-flat_z``.
    n_boot : int in 1..1,000, default=20
        Samples of the fitted mixture that centre the z-scores.
    random_state : int, default=0
        Seeds the mixture fits (3 starts for 2 components) and the samples.

    Returns
    -------
    GaussianSplit

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> gaussian_split(rng.normal(size=(500, 2)) * [5, 1]).accepted  # one stretched Gaussian
    False
    """
    X = as_float_matrix(X, dtype=np.float64, min_rows=1, squared=False)
    n, d = X.shape
    if n < 2 * (d + 1) + 1:
        raise ValueError(f"X has {n} points in {d} dimensions; need at least {2 * d + 3}.")
    check_real(bic_margin, "bic_margin")
    check_real(max_overlap, "max_overlap", 0, 1)
    check_real(skew_z, "skew_z", 0, low_open=True)
    check_real(kurt_z, "kurt_z", 0, low_open=True)
    check_real(flat_z, "flat_z", 0, low_open=True)
    check_whole(n_boot, "n_boot", 1, 1000)
    seed = check_whole(random_state, "random_state", 0, 2**32 - 1)

    with warnings.catch_warnings():
        # copies of a few points: the fits warn, and (b) refuses the groups
        warnings.simplefilter("ignore", ConvergenceWarning)
        one = GaussianMixture(1, covariance_type="full", random_state=seed).fit(X)
        two = GaussianMixture(2, covariance_type="full", n_init=3, random_state=seed).fit(X)
    gain = float(one.bic(X) - two.bic(X))
    labels = two.predict(X).astype(np.int64)
    (m0, m1), (C0, C1) = two.means_, two.covariances_
    C, dm = (C0 + C1) / 2, m1 - m0
    logdet = np.linalg.slogdet(C)[1] - (np.linalg.slogdet(C0)[1] + np.linalg.slogdet(C1)[1]) / 2
    overlap = float(np.exp(-(dm @ np.linalg.solve(C, dm)) / 8 - logdet / 2))
    observed = _component_z(X, labels)
    if gain <= bic_margin or overlap >= max_overlap or not np.all(np.isfinite(observed)):
        nan = np.full(2, np.nan)
        return GaussianSplit(False, labels, gain, overlap, nan, nan, np.nan)
    # the same statistics on samples of the fitted mixture, cut the same way
    rng = np.random.default_rng(seed)
    sims = np.empty((n_boot, 2, 3))
    for b in range(n_boot):
        comp = rng.choice(2, size=n, p=two.weights_)
        S = np.empty_like(X)
        for k in range(2):
            at = comp == k
            S[at] = rng.multivariate_normal(two.means_[k], two.covariances_[k], size=at.sum())
        sims[b] = _component_z(S, two.predict(S))
    finite = np.isfinite(sims)
    count = np.maximum(finite.sum(axis=0), 1)
    centre = np.where(finite, sims, 0.0).sum(axis=0) / count
    spread = np.sqrt(np.where(finite, (sims - centre) ** 2, 0.0).sum(axis=0) / count)
    # kurtosis: z as it is; skewness: in units of the samples' spread (at least 1)
    z = (observed - centre) / np.maximum(spread * [1.0, 0.0, 0.0], 1.0)
    # (d) both halves flat along their long axes: Stouffer's sum of the two z
    flat = float(z[:, 2].sum() / np.sqrt(2))
    ok = np.all(np.abs(z[:, 0]) < skew_z) and np.all(np.abs(z[:, 1]) < kurt_z) and flat > -flat_z
    return GaussianSplit(bool(ok), labels, gain, overlap, z[:, 0], z[:, 1], flat)
