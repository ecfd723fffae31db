"""helpers.gaussian_check: are the points two touching Gaussian groups?"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from helpers.gaussian_check import gaussian_split, mardia_z
from helpers.stsc import SelfTuningSpectralClustering


def _pair(seed, n=1000, sep=4.0, ratio=3):
    rng = np.random.default_rng(seed)
    a = n // (1 + ratio)
    X = np.vstack([rng.normal(size=(a, 2)), rng.normal(size=(n - a, 2)) + [sep, 0]])
    return X, np.repeat([0, 1], [a, n - a])


# --- Mardia's z-scores ----------------------------------------------------------


def test_mardia_near_zero_on_gaussian_data():
    rng = np.random.default_rng(0)
    s, k = mardia_z(rng.normal(size=(3000, 3)) @ [[2, 0, 0], [1, 1, 0], [0, 0, 3]])
    assert abs(s) < 3 and abs(k) < 3


def test_mardia_sees_flat_skewed_and_heavy_tails():
    rng = np.random.default_rng(1)
    assert mardia_z(rng.uniform(size=(2000, 2)))[1] < -10  # flat
    assert mardia_z(rng.exponential(size=(2000, 2)))[0] > 10  # skewed
    assert mardia_z(rng.standard_t(4, size=(2000, 2)))[1] > 10  # heavy tails


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.floats(-1e3, 1e3), st.floats(0.01, 100))
def test_mardia_does_not_change_under_affine_maps(seed, shift, scale):
    rng = np.random.default_rng(seed)
    X = rng.exponential(size=(60, 2))
    M = np.array([[scale, 0.3], [0.0, 1.0]])
    assert np.allclose(mardia_z(X @ M + shift), mardia_z(X), atol=1e-6)


def test_mardia_refuses_too_few_and_flat_points():
    with pytest.raises(ValueError, match="d \\+ 2"):
        mardia_z(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="singular"):
        mardia_z(np.column_stack([np.arange(10.0), np.arange(10.0)]))
    with pytest.raises(ValueError):
        mardia_z([[1.0, np.nan], [0, 1], [1, 1], [2, 0]])


# --- the verdict ------------------------------------------------------------------


def test_touching_pair_at_one_to_three_is_two_groups():
    # 4 sd apart, 1:3, 1,000 points: accepted on 9 of the 10 tuning seeds
    accepted = 0
    for seed in range(100, 110):
        X, y = _pair(seed)
        verdict = gaussian_split(X)
        accepted += verdict.accepted
        assert adjusted_rand_score(y, verdict.labels) > 0.8
    assert accepted >= 8


@pytest.mark.parametrize(
    "kind",
    ["gaussian", "stretched", "square", "disc", "ring", "student-t", "lognormal"],
)
def test_single_groups_are_refused(kind):
    rng = np.random.default_rng(7)
    n = 1000
    if kind == "gaussian":
        X = rng.normal(size=(n, 3))
    elif kind == "stretched":
        X = rng.normal(size=(n, 2)) * [5, 1]
    elif kind == "square":
        X = rng.uniform(0, 4, size=(n, 2))
    elif kind == "disc":
        r, t = np.sqrt(rng.uniform(size=n)), rng.uniform(0, 2 * np.pi, n)
        X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    elif kind == "ring":
        t = rng.uniform(0, 2 * np.pi, n)
        X = np.column_stack([np.cos(t), np.sin(t)]) * (3 + rng.normal(scale=0.3, size=(n, 1)))
    elif kind == "student-t":
        X = rng.normal(size=(n, 2)) / np.sqrt(rng.chisquare(5, (n, 1)) / 5)
    else:
        z = rng.normal(size=(n, 2)) * [0.5, 0.3]
        X = np.column_stack([np.exp(z[:, 0]), z[:, 1] + 0.5 * z[:, 0]])
    assert not gaussian_split(X).accepted


@pytest.mark.parametrize("kind", ["line", "L"])
def test_halves_of_small_flat_shapes_are_refused(kind):
    # 300 points, 150 per half: too few for Mardia's kurtosis to see that the
    # halves are flat; the long-axis kurtosis of both halves (d) sees it
    accepted_without_d = 0
    for seed in range(100, 110):
        rng = np.random.default_rng(seed)
        if kind == "line":
            X = np.column_stack([rng.uniform(0, 10, 300), rng.normal(scale=0.3, size=300)])
        else:
            a = np.column_stack([rng.uniform(0, 10, 150), rng.normal(scale=0.3, size=150)])
            b = np.column_stack([rng.normal(scale=0.3, size=150), rng.uniform(0, 10, 150)])
            X = np.vstack([a, b])
        assert not gaussian_split(X).accepted
        accepted_without_d += gaussian_split(X, flat_z=1e9).accepted
    assert accepted_without_d >= 1  # L: seeds 105 and 106; line: 106


def test_verdict_is_reproducible():
    X, _ = _pair(3, n=400)
    a, b = gaussian_split(X, random_state=5), gaussian_split(X, random_state=5)
    assert a.accepted == b.accepted and np.array_equal(a.labels, b.labels)
    assert np.allclose(a.kurt_z, b.kurt_z, equal_nan=True)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"max_overlap": 1.5}, "max_overlap"),
        ({"kurt_z": 0}, "kurt_z"),
        ({"flat_z": -2.5}, "flat_z"),
        ({"skew_z": -1}, "skew_z"),
        ({"n_boot": 0}, "n_boot"),
        ({"random_state": -1}, "random_state"),
        ({"bic_margin": float("nan")}, "bic_margin"),
    ],
)
def test_bad_settings_are_refused(kwargs, match):
    X, _ = _pair(0, n=100)
    with pytest.raises(ValueError, match=match):
        gaussian_split(X, **kwargs)


def test_too_few_points_are_refused():
    with pytest.raises(ValueError, match="at least 7"):
        gaussian_split(np.zeros((6, 2)))


# --- inside self-tuning spectral clustering --------------------------------------


def test_stsc_answers_two_for_touching_pair():
    # on by default: the spectral rule alone answered 2 on 1 of the 10 tuning
    # seeds 100-109, with the check on 9 (106 stays 1); here the first six
    right = 0
    for seed in range(100, 106):
        X, y = _pair(seed)
        model = SelfTuningSpectralClustering(10).fit(X)
        right += model.n_clusters_ == 2
        if model.n_clusters_ == 2:
            assert adjusted_rand_score(y, model.labels_) > 0.8
    assert right >= 5


def test_stsc_without_the_check_keeps_its_answer():
    X, _ = _pair(100)  # the spectral rule alone answers 1 here
    model = SelfTuningSpectralClustering(10, gaussian_check=False).fit(X)
    assert model.n_clusters_ == 1 and model.gaussian_split_ is None
    model = SelfTuningSpectralClustering(10).fit(X)  # on by default
    assert model.n_clusters_ == 2 and model.gaussian_split_.accepted
    with pytest.raises(TypeError, match="gaussian_check"):
        SelfTuningSpectralClustering(gaussian_check="no").fit(X)
