"""Identical points share a label (issue 18), whatever the affinity and pieces."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.stsc import SelfTuningSpectralClustering
from helpers.tiling import TiledSelfTuningSpectralClustering

SETTINGS = [
    {},
    {"affinity": "sparse"},
    {"affinity": "sparse", "per_piece": True, "min_affinity": 1e-8},
]


def data_with_copies(seed, n_groups, n_copies):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-20, 20, size=(n_groups, 2))
    X = np.vstack([rng.normal(size=(40, 2)) + c for c in centres])
    copies = X[rng.integers(len(X), size=n_copies)]
    reps = rng.integers(2, 15, size=n_copies)
    return np.vstack([X, np.repeat(copies, reps, axis=0)])


def assert_copies_share_labels(X, labels):
    _, inverse = np.unique(X, axis=0, return_inverse=True)
    for group in np.unique(inverse):
        assert np.unique(labels[inverse == group]).size == 1


@pytest.mark.parametrize("params", SETTINGS, ids=["dense", "sparse", "sparse-per-piece"])
@settings(max_examples=15)
@given(seed=st.integers(0, 10_000), n_groups=st.integers(1, 4), n_copies=st.integers(1, 6))
def test_copies_share_a_label(params, seed, n_groups, n_copies):
    X = data_with_copies(seed, n_groups, n_copies)
    labels = SelfTuningSpectralClustering(max_clusters=6, **params).fit_predict(X)
    assert_copies_share_labels(X, labels)


@settings(max_examples=15)
@given(
    seed=st.integers(0, 10_000),
    n_tiles=st.integers(1, 4),
    border=st.sampled_from([0.0, 1.0, 3.0]),
    scale=st.integers(2, 7),
)
def test_copies_share_a_label_across_tiles(seed, n_tiles, border, scale):
    X = data_with_copies(seed, 3, 5)
    model = TiledSelfTuningSpectralClustering(n_tiles, border=border, n_neighbors_scale=scale)
    assert_copies_share_labels(X, model.fit_predict(X))


def test_the_reported_case():
    rng = np.random.default_rng(0)
    X = np.vstack([np.zeros((25, 2)), rng.normal(size=(100, 2)) + 10])
    tiled = TiledSelfTuningSpectralClustering(n_tiles=1, border=0.0, n_neighbors_scale=2)
    assert np.unique(tiled.fit_predict(X)[:25]).size == 1
    sparse = SelfTuningSpectralClustering(affinity="sparse", per_piece=True, min_affinity=1e-8)
    assert np.unique(sparse.fit_predict(X)[:25]).size == 1
