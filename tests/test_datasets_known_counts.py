"""helpers.datasets.known_counts: the count-of-groups battery's cases, with known truth."""

import re

import numpy as np
import pytest

from helpers.datasets.known_counts import CASES, FAMILIES, make_case


def _groups_in_name(family, name, opts):
    """The number of groups a case's settings promise."""
    if family == "single":
        return 1
    if "grid" in opts:
        return 36
    if family == "shapes":
        return {"rings": 3, "moons": 2, "spirals": 3, "nested": 4, "bars": 4}.get(opts["kind"], 4)
    if family == "noise" and opts["k"] == 0:
        return 2  # moons
    return opts["k"]


@pytest.mark.parametrize(("family", "name", "n", "opts"), CASES, ids=[c[1] for c in CASES])
def test_every_case_has_its_size_and_its_number_of_groups(family, name, n, opts):
    X, y = make_case(family, name, 0)
    assert X.shape[0] == y.shape[0] == n and np.isfinite(X).all()
    assert np.unique(y[y >= 0]).size == _groups_in_name(family, name, opts)
    # noise (label -1) only in the noise family, at the share the case says
    if family == "noise":
        assert (y == -1).sum() == round(n * opts["share"])
    else:
        assert (y >= 0).all()
    dim = re.search(r"(\d+)-D", name)
    assert X.shape[1] == (int(dim.group(1)) if dim else opts.get("dim", 2))


def test_the_same_seed_gives_the_same_arrays_and_another_seed_others():
    a, b = make_case("many", "15 apart 5", 3), make_case("many", "15 apart 5", 3)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], make_case("many", "15 apart 5", 4)[0])


def test_families_are_the_cases_families_in_order():
    assert list(dict.fromkeys(c[0] for c in CASES)) == FAMILIES


def test_bad_cases_are_refused_naming_the_argument():
    with pytest.raises(ValueError, match="family must be one of"):
        make_case("zoo", "moons", 0)
    with pytest.raises(ValueError, match="name must be a case of family 'shapes'"):
        make_case("shapes", "zoo", 0)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        make_case("shapes", "moons", 1.5)


def test_helpers_battery_still_offers_the_cases():
    """Notebook 06, bench/stsc_battery.py and tests/test_stsc.py import them from there."""
    from helpers import battery, datasets

    assert battery.make_case is make_case is datasets.make_case
    assert battery.CASES is CASES and battery.FAMILIES is FAMILIES


def test_any_seed_numpy_takes_is_a_seed():
    X, y = make_case("shapes", "moons", 2**63, n_samples=100)
    assert X.shape == (100, 2) and np.isfinite(X).all()
    grid = make_case("many", "36 on a grid 6 apart", 2**63, n_samples=360)[0]
    assert grid.shape == (360, 2)
