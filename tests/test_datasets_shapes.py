"""helpers.shapes.shapes: shapes and the grid of Gaussian groups for spectral clustering."""

import numpy as np
import pytest

from helpers.datasets import shapes


def test_blob_grid_has_equal_groups_on_the_lattice():
    X, y, centres = shapes.make_blob_grid(3600, spacing=7.0, random_state=3)
    assert X.shape == (3600, 2) and np.bincount(y).tolist() == [100] * 36
    np.testing.assert_allclose(centres[1] - centres[0], [0, 7.0])
    # each group is centred on its lattice point, standard deviation 1
    means = np.array([X[y == g].mean(axis=0) for g in range(36)])
    assert np.abs(means - centres).max() < 0.5
    assert 0.85 < X[y == 0].std() < 1.15


@pytest.mark.parametrize("kind", ["densities", "elongated", "rings", "nested", "noisy", "blob"])
def test_shapes_have_the_asked_size(kind):
    X, y = shapes.make_shapes(kind, 301, random_state=1)
    assert X.shape == (301, 2) and y.shape == (301,) and np.isfinite(X).all()


def test_bad_shape_arguments_are_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        shapes.make_shapes("stars")
    with pytest.raises(ValueError, match="n_samples"):
        shapes.make_blob_grid(10)
