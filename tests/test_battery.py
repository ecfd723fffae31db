"""helpers.battery: running and scoring the count-of-groups battery."""

import numpy as np
import pytest

from helpers import battery

ONE_CASE = [c for c in battery.CASES if c[0] == "single"][:1]


def test_seeds_and_methods_may_be_any_iterable():
    listed = battery.run_battery(ONE_CASE, [0], methods=["stsc"], n_samples=100)
    lazy = battery.run_battery(
        iter(ONE_CASE), (s for s in range(1)), methods=iter(["stsc"]), n_samples=100
    )
    assert [r["found"] for r in lazy] == [r["found"] for r in listed]


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"seeds": [0, 0]}, "seeds holds 0 twice"),
        ({"methods": ["stsc", "stsc"]}, "methods holds 'stsc' twice"),
        ({"cases": ONE_CASE * 2}, "cases holds"),
        ({"show": "print"}, "show must be None or a function"),
    ],
)
def test_repeats_and_a_show_that_cannot_be_called_are_refused(kw, match):
    args = {"cases": ONE_CASE, "seeds": [0], "methods": ["stsc"], "n_samples": 100} | kw
    with pytest.raises((TypeError, ValueError), match=match):
        battery.run_battery(**args)


def test_count_right_bounds_the_count_by_the_points():
    y = np.array([0, 0, 1, -1])
    assert battery.count_right(y, 2) and not battery.count_right(y, 4)
    with pytest.raises(ValueError, match="n_clusters must be in 0..4"):
        battery.count_right(y, 5)
    with pytest.raises(ValueError, match="y is empty"):
        battery.count_right(y[:0], 0)


def test_noise_free_ari_takes_any_names():
    y = np.array([0, 0, 1, 1, -1])
    for found in ([1.0, 1.0, 0.0, 0.0, 0.0], ["b", "b", "a", "a", "a"]):
        assert battery.noise_free_ari(y, found) == 1.0


def test_summary_of_no_rows_is_refused():
    with pytest.raises(ValueError, match="rows is empty"):
        battery.summary([])
