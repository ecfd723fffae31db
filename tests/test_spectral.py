"""helpers.spectral: each step, agreement with scikit-learn, and bad input."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse
from sklearn.cluster import SpectralClustering, spectral_clustering
from sklearn.datasets import make_blobs, make_circles, make_moons
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from helpers import spectral as hs
from helpers.datasets import load_insider_threat


def _sklearn(X, k, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its note on a not fully connected graph
        return SpectralClustering(k, random_state=0, **kw).fit(X).labels_


@pytest.mark.parametrize(
    ("name", "kw"),
    [
        ("moons", {"affinity": "rbf", "gamma": 20.0}),
        ("moons", {"affinity": "nearest_neighbors", "n_neighbors": 10}),
        ("rings", {"affinity": "nearest_neighbors", "n_neighbors": 10}),
        ("insider", {"affinity": "rbf", "gamma": 1.0}),
    ],
)
def test_hand_built_pipeline_matches_scikit_learn(name, kw):
    if name == "moons":
        X, _ = make_moons(300, noise=0.05, random_state=0)
    elif name == "rings":
        X, _ = make_circles(300, factor=0.5, noise=0.05, random_state=0)
    else:
        X = StandardScaler().fit_transform(load_insider_threat().drop(columns="label"))
    ours = hs.cluster_spectral(X, 2, **kw).labels
    assert adjusted_rand_score(_sklearn(X, 2, **kw), ours) >= 0.99


def test_cluster_spectral_takes_points_where_sklearns_function_takes_an_affinity():
    # the name says what differs: sklearn.cluster.spectral_clustering(affinity)
    # is our rbf_affinity, then the embedding and K-means of cluster_spectral
    X, y = make_moons(300, noise=0.05, random_state=0)
    ours = hs.cluster_spectral(X, 2, gamma=20.0)
    theirs = spectral_clustering(hs.rbf_affinity(X, gamma=20.0), n_clusters=2, random_state=0)
    assert adjusted_rand_score(theirs, ours.labels) == adjusted_rand_score(y, ours.labels) == 1.0
    assert ours.embedding.shape == (300, 2) and ours.eigenvalues.shape == (2,)
    assert "spectral_clustering" not in hs.__all__


def test_dense_and_sparse_solvers_agree():
    X, y = make_circles(1500, factor=0.5, noise=0.05, random_state=1)
    A = hs.knn_affinity(X, 10)
    e_dense, v_dense = hs.spectral_embedding(A, 2, method="dense")
    e_sparse, v_sparse = hs.spectral_embedding(A, 2, method="sparse")
    np.testing.assert_allclose(v_dense, v_sparse, atol=1e-7)
    # eigenvectors agree up to sign (fixed by the same rule in both)
    np.testing.assert_allclose(np.abs(e_dense), np.abs(e_sparse), atol=1e-5)


def test_c_components_give_c_zero_eigenvalues():
    blocks = [np.ones((4, 4)) - np.eye(4) for _ in range(3)]
    A = sparse.block_diag(blocks).toarray()
    _, values = hs.spectral_embedding(A, 4, method="dense")
    np.testing.assert_allclose(values[:3], 0, atol=1e-10)
    assert values[3] > 0.5


def test_graph_of_exactly_k_pieces_is_answered_by_the_pieces():
    X, y = make_blobs(300, 2, centers=[[0, 0], [50, 50]], cluster_std=1.0, random_state=0)
    res = hs.cluster_spectral(X, 2, affinity="nearest_neighbors", n_neighbors=5)
    assert adjusted_rand_score(y, res.labels) == 1.0


@pytest.mark.parametrize("method", ["dense", "sparse"])
def test_pieces_are_solved_on_their_own(method):
    # two separate rings (two pieces) asked for three clusters: both solvers
    # must return the repeated eigenvalue 0 twice, then the next one
    X, _ = make_circles(1500, factor=0.5, noise=0.05, random_state=1)
    A = hs.knn_affinity(X, 10)
    _, values = hs.spectral_embedding(A, 3, method=method)
    np.testing.assert_allclose(values[:2], 0, atol=1e-9)
    assert values[2] > 1e-5


def test_graph_of_more_pieces_than_clusters_is_refused():
    X, _ = make_blobs(300, 2, centers=[[0, 0], [50, 50], [0, 50]], random_state=0)
    with pytest.raises(ValueError, match="falls apart into 3 pieces.*Raise n_neighbors"):
        hs.cluster_spectral(X, 2, affinity="nearest_neighbors", n_neighbors=5)


def test_isolated_point_is_refused():
    A = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match="point 2 has zero affinity"):
        hs.normalized_laplacian(A)


@pytest.mark.parametrize(
    ("X", "kw", "match"),
    [
        ([[0.0, np.nan], [1.0, 1.0], [2.0, 2.0]], {}, "NaN"),
        ([[0.0], [1.0], [2.0]], {"gamma": 0}, "gamma must be a finite number > 0"),
        ([[0.0], [1.0], [2.0]], {"gamma": -1.0}, "gamma must be a finite number > 0"),
        ([[0.0], [1.0], [2.0]], {"n_clusters": 4}, "out of range"),
        ([[0.0], [1.0], [2.0]], {"affinity": "cosine"}, "affinity must be"),
        ([[0.0], [1.0], [2.0]], {"affinity": "nearest_neighbors", "n_neighbors": 3}, "1..2"),
    ],
)
def test_bad_input(X, kw, match):
    kw = {"n_clusters": 2} | kw
    with pytest.raises(ValueError, match=match):
        hs.cluster_spectral(np.asarray(X), **kw)


def test_affinity_must_be_square_and_non_negative():
    with pytest.raises(ValueError, match="square"):
        hs.normalized_laplacian(np.ones((2, 3)))
    with pytest.raises(ValueError, match=">= 0"):
        hs.normalized_laplacian(np.array([[0.0, -1.0], [-1.0, 0.0]]))


def test_name_clusters_by_highest_mean():
    df = pd.DataFrame({"files": [1, 2, 30, 40, 3]})
    assert hs.name_clusters(df, [0, 0, 1, 1, 0], "files", ["risky", "normal"]) == {
        1: "risky",
        0: "normal",
    }
    with pytest.raises(ValueError, match="labels name 2 clusters but names has 3"):
        hs.name_clusters(df, [0, 0, 1, 1, 0], "files", ["a", "b", "c"])
    with pytest.raises(ValueError, match=r"feature 'usb' is not a column of df"):
        hs.name_clusters(df, [0, 0, 1, 1, 0], "usb", ["a", "b"])


@settings(max_examples=40, deadline=None)
@given(
    st.integers(3, 25).flatmap(
        lambda n: arrays(np.float64, (n, 2), elements=st.floats(-5, 5, width=16))
    ),
    st.floats(0.05, 5),
)
def test_laplacian_spectrum_lies_in_0_2_and_starts_at_0(X, gamma):
    A = hs.rbf_affinity(X, gamma)
    if (A.sum(axis=1) < 1e-12).any():
        return  # an isolated point is refused, tested above
    L, deg = hs.normalized_laplacian(A)
    values = np.linalg.eigvalsh(L)
    assert values.min() > -1e-9 and values.max() < 2 + 1e-9
    # D^1/2 1 is always in the null space: the smallest eigenvalue is 0
    np.testing.assert_allclose(L @ np.sqrt(deg), 0, atol=1e-9)


def test_normalized_cut_by_hand_dense_and_sparse():
    rng = np.random.default_rng(0)
    A = rng.uniform(0, 1, (12, 12))
    A = (A + A.T) / 2
    np.fill_diagonal(A, 0)
    labels = np.repeat(["x", "y", "z"], 4)
    by_hand = sum(
        A[labels == c][:, labels != c].sum() / A[labels == c].sum() for c in ("x", "y", "z")
    )
    assert hs.normalized_cut(A, labels) == pytest.approx(by_hand)
    assert hs.normalized_cut(sparse.csr_matrix(A), labels) == pytest.approx(by_hand)
    assert hs.normalized_cut(A, np.zeros(12)) == pytest.approx(0)  # one cluster cuts nothing


def test_normalized_cut_is_small_for_spectral_clusters_of_the_moons():
    X, _ = make_moons(200, noise=0.05, random_state=1)
    A = hs.rbf_affinity(X, 20.0)
    found = hs.cluster_spectral(X, 2, gamma=20.0).labels
    halves = (X[:, 0] > np.median(X[:, 0])).astype(int)  # a straight cut across both moons
    assert hs.normalized_cut(A, found) < 0.01 < hs.normalized_cut(A, halves)


def test_normalized_cut_bad_input():
    with pytest.raises(ValueError, match="one cluster per row"):
        hs.normalized_cut(np.ones((3, 3)) - np.eye(3), [0, 1])
    with pytest.raises(ValueError, match="point 2 has zero affinity"):
        hs.normalized_cut(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0.0]]), [0, 0, 1])


def test_the_laplacian_does_not_depend_on_the_affinity_scale():
    from helpers.spectral import laplacian_eigenvectors, rbf_affinity

    A = rbf_affinity(np.random.default_rng(0).normal(size=(20, 2)), gamma=0.5)
    values, _ = laplacian_eigenvectors(A, 3)
    # affinities are summed and divided by their degrees, never squared
    for scale in (1e-200, 1e200):
        np.testing.assert_allclose(laplacian_eigenvectors(A * scale, 3)[0], values, atol=1e-12)
    with pytest.raises(ValueError, match="row sums .* overflow"):
        laplacian_eigenvectors(A * 1e308, 3)


@pytest.mark.parametrize("seed", ["seed", -1, 1.5, True])
def test_a_bad_seed_is_refused_even_by_the_dense_solver(seed):
    from helpers.spectral import laplacian_eigenvectors, rbf_affinity, spectral_embedding

    A = rbf_affinity(np.random.default_rng(0).normal(size=(20, 2)), gamma=0.5)
    for f in (laplacian_eigenvectors, spectral_embedding):
        with pytest.raises((TypeError, ValueError), match="random_state"):
            f(A, 2, method="dense", random_state=seed)


def test_cluster_spectral_checks_the_setting_its_affinity_ignores():
    X, _ = make_blobs(40, centers=2, random_state=0)
    # the default n_neighbors (10) on 5 points is fine with "rbf", which ignores it
    assert hs.cluster_spectral(X[:5], 2, gamma=0.1).labels.shape == (5,)
    for bad in (2.0, "7", 10**12):
        with pytest.raises((TypeError, ValueError), match="n_neighbors"):
            hs.cluster_spectral(X, 2, n_neighbors=bad)
    with pytest.raises(ValueError, match="gamma"):
        hs.cluster_spectral(X, 2, affinity="nearest_neighbors", gamma=float("nan"))


def test_labels_may_be_any_names():
    """Whole floats, text and object ints name the same partition as ints."""
    df = pd.DataFrame({"files": [1, 2, 30, 40]})
    ints = [0, 0, 1, 1]
    A = hs.rbf_affinity(np.array([[0.0], [0.5], [3.0], [3.5]]), 1.0)
    for labels in ([0.0, 0.0, 1.0, 1.0], ["0", "0", "1", "1"], np.array(ints, dtype=object)):
        assert hs.normalized_cut(A, labels) == hs.normalized_cut(A, ints)
    assert hs.name_clusters(df, ["q", "q", "p", "p"], "files", ["risky", "normal"]) == {
        "p": "risky",
        "q": "normal",
    }
    with pytest.raises(TypeError, match="names must hold text"):
        hs.name_clusters(df, ints, "files", ["risky", None])
    assert hs.name_clusters(df, ints, "files", pd.Series(["risky", "normal"])) == {
        1: "risky",
        0: "normal",
    }


def test_graph_pieces_limit_beyond_n_means_no_limit():
    A = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0.0]])
    assert hs.graph_pieces(A, "k", 2**63, "")[0] == 2
