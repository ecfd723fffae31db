"""helpers.road_signs.road_signs: the road-sign sightings of notebook 07."""

import numpy as np
import pytest

from helpers.datasets import road_signs


def test_road_signs_are_many_small_groups_of_mixed_size():
    X, sign, signs = road_signs.make_road_signs(50_000, noise_share=0.01, random_state=4)
    assert X.shape == (50_000, 2) and sign.shape == (50_000,) and np.isfinite(X).all()
    assert (sign == -1).sum() == 500  # background noise
    seen = np.bincount(sign[sign >= 0], minlength=len(signs))
    assert seen.min() >= 3 and seen.max() >= 20 * np.median(seen)  # heavy-tailed
    # each sighting lies within a few GPS errors of its sign
    off = np.linalg.norm(X[sign >= 0] - signs[sign[sign >= 0]], axis=1)
    assert np.median(off) < 5 and np.quantile(off, 0.999) < 30
    side = X.max()
    assert 0 <= X.min() and side == pytest.approx(300 * np.sqrt(len(signs)), rel=0.05)
    again = road_signs.make_road_signs(50_000, noise_share=0.01, random_state=4)
    np.testing.assert_array_equal(again[0], X)


def test_bad_road_sign_arguments_are_refused():
    with pytest.raises(ValueError, match=r"n_observations must be in 100\.\.10000000"):
        road_signs.make_road_signs(50)
    with pytest.raises(ValueError, match="n_observations must be in"):  # not a MemoryError
        road_signs.make_road_signs(10**12)
    with pytest.raises(ValueError, match="whole number"):
        road_signs.make_road_signs(1e5)
    with pytest.raises(ValueError, match="noise_share"):
        road_signs.make_road_signs(1000, noise_share=0.9)
