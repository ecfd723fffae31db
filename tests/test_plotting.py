"""helpers.plotting: figures get titles and labels, and refuse wrong shapes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.plotting import scatter_clusters, scatter_clusters_3d


def test_scatter_clusters_labels_and_centroids():
    X = np.random.default_rng(0).normal(size=(20, 2))
    ax = scatter_clusters(X, np.arange(20) % 2, X[:2], title="t", xlabel="a", ylabel="b")
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "a", "b")
    assert len(ax.collections) == 2  # points and centroids
    plt.close(ax.figure)


def test_scatter_clusters_3d_sets_three_axis_labels():
    X = np.random.default_rng(0).normal(size=(20, 3))
    ax = scatter_clusters_3d(X, np.zeros(20), axis_labels=("p", "q", "r"), title="3d")
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel()) == ("p", "q", "r")
    plt.close(ax.figure)


def test_scatter_clusters_3d_has_a_legend_and_draws_centroids_on_top():
    X = np.random.default_rng(0).normal(size=(30, 3))
    labels = np.arange(30) % 3
    ax = scatter_clusters_3d(X, labels, X[:3])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["cluster 0", "cluster 1", "cluster 2", "centroid"]
    *clusters, centres = ax.collections
    # one colour per cluster; centroids bigger than points, white-edged, and
    # drawn last in zorder with depth sorting off (so no point hides them)
    assert len({tuple(c.get_facecolor()[0]) for c in clusters}) == 3
    assert not ax.computed_zorder
    assert centres.get_zorder() > max(c.get_zorder() for c in clusters)
    assert centres.get_sizes()[0] >= 10 * clusters[0].get_sizes()[0]
    np.testing.assert_allclose(centres.get_edgecolor()[0], [1, 1, 1, 1])
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="one cluster per row"):
        scatter_clusters_3d(X, labels[:5])


def test_wrong_shapes_are_refused():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        scatter_clusters(np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="one cluster per row"):
        scatter_clusters(np.zeros((5, 2)), np.zeros(4))


def test_draw_tiles_draws_one_box_per_tile_within_the_extent():
    from helpers.kdtiles import kd_tiles
    from helpers.plotting import draw_tiles

    X = np.random.default_rng(0).uniform(0, 10, size=(200, 2))
    tiles = kd_tiles(X, 8)
    ax = draw_tiles(tiles, (0, 10, 0, 10), numbers=True, border=1.0)
    assert len(ax.patches) == 16 and len(ax.texts) == 8  # boxes, bordered boxes, numbers
    boxes = [p.get_bbox() for p in ax.patches[::2]]
    assert sum(b.width * b.height for b in boxes) == pytest.approx(100.0)  # they tile the extent
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="tiles must be 2-D"):
        draw_tiles(kd_tiles(np.ones((4, 3)) * np.arange(4)[:, None], 2), (0, 1, 0, 1))


def test_silhouette_plot_has_one_band_per_cluster():
    from helpers.plotting import silhouette_plot

    X = np.random.default_rng(0).normal(size=(300, 2)) + np.repeat([[0, 0], [8, 0], [0, 8]], 100, 0)
    ax = silhouette_plot(X, np.repeat([0, 1, 2], 100), sample_size=150)
    assert len(ax.collections) == 3 and "150 sampled" in ax.get_title()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cluster 0", "cluster 1", "cluster 2"]
    assert ax.get_xlim()[0] < 0 < ax.get_xlim()[1]  # 0 in view, so negative values can show
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="one cluster per row"):
        silhouette_plot(X, [0, 1])


def test_dendrogram_refuses_a_broken_linkage_matrix():
    from helpers.hierarchical import linkage_matrix
    from helpers.plotting import dendrogram

    Z = linkage_matrix(np.arange(12.0).reshape(6, 2))
    Z[0, 0] = np.nan  # SciPy's drawing code would index with it
    with pytest.raises(ValueError, match="Z contains NaN"):
        dendrogram(Z)
    with pytest.raises(ValueError, match="labels has 2 entries"):
        dendrogram(linkage_matrix(np.arange(12.0).reshape(6, 2)), ["a", "b"])
    plt.close("all")


def test_dendrogram_grid_puts_two_readable_panels_a_row():
    from helpers.hierarchical import linkage_matrix
    from helpers.plotting import dendrogram_grid

    X = np.random.default_rng(0).normal(size=(42, 3))
    trees = [linkage_matrix(X, m) for m in ("single", "complete", "average", "ward")]
    fig = dendrogram_grid(
        trees, [f"s{i}" for i in range(42)], titles=list("abcd"), cut_heights=[None, 1, 1, 2]
    )
    assert [ax.get_title() for ax in fig.axes] == list("abcd")
    width, height = fig.get_size_inches()
    assert width <= 10  # shown unscaled in a notebook
    assert height / 2 >= 0.15 * 42  # each panel leaves room for every leaf label
    sizes = {t.get_fontsize() for ax in fig.axes for t in ax.get_yticklabels()}
    assert sizes == {9}
    plt.close(fig)
    with pytest.raises(ValueError, match="titles has 1 entries"):
        dendrogram_grid(trees, titles=["a"])
    with pytest.raises(ValueError, match="ncols"):
        dendrogram_grid(trees, titles=list("abcd"), ncols=True)


def test_map_reduce_diagram_draws_every_hop_and_refuses_odd_sizes():
    from helpers.plotting import map_reduce_diagram

    for p in (1, 4, 6):
        ax = map_reduce_diagram(p)
        boxes = [a for a in ax.patches if type(a).__name__ == "FancyBboxPatch"]
        assert len(boxes) == 2 + 2 * p and len(ax.patches) - len(boxes) == 3 * p  # arrows
        texts = [t.get_text() for t in ax.texts]
        assert "broadcast" in texts and "reduce" in texts
        assert sum(t.startswith("partition") for t in texts) == p
        assert "broadcast, map, reduce" in ax.get_title()
        # every box inside the drawing area
        bottom, top = ax.get_ylim()
        assert all(bottom <= b.get_y() and b.get_y() + b.get_height() <= top for b in boxes)
        plt.close(ax.figure)
    for bad in (0, 7, 2.5, True):
        with pytest.raises(ValueError, match="num_partitions"):
            map_reduce_diagram(bad)


def test_dendrograms_bound_the_leaf_font_size():
    from helpers.hierarchical import linkage_matrix
    from helpers.plotting import dendrogram, dendrogram_grid

    Z = linkage_matrix([[0.0], [1.0], [5.0]], method="single")
    # 10**12 points failed inside matplotlib with a RuntimeError
    for bad in (10**12, 0, float("nan"), "9"):
        with pytest.raises(
            ValueError, match="leaf_font_size must be a finite number >= 1 and <= 100"
        ):
            dendrogram(Z, leaf_font_size=bad)
        with pytest.raises(ValueError, match="leaf_font_size"):
            dendrogram_grid([Z], titles=["a"], leaf_font_size=bad)
    ax = dendrogram(Z, leaf_font_size=100)
    plt.close(ax.figure)


def test_draw_tiles_numbers_must_be_a_bool():
    from helpers.kdtiles import kd_tiles
    from helpers.plotting import draw_tiles

    tiles = kd_tiles([[0, 0], [1, 1], [2, 0], [3, 1]], 2)
    with pytest.raises(TypeError, match="numbers must be True or False"):
        draw_tiles(tiles, (0, 3, 0, 1), numbers="False")
    ax = draw_tiles(tiles, (0, 3, 0, 1), numbers=True)
    assert len(ax.texts) == 2
    plt.close(ax.figure)


def test_text_labels_are_coloured_as_clusters_not_read_as_colour_names():
    # c=["1", "0"] drew the points in matplotlib's greys "1" (white) and "0"
    X = np.random.default_rng(0).normal(size=(6, 2))
    as_numbers = scatter_clusters(X, np.array([1, 0, 1, 2, 0, 2]))
    as_text = scatter_clusters(X, np.array(["1", "0", "1", "2", "0", "2"]))
    dates = np.array(["2020-01-02", "2020-01-01", "2020-01-02"] * 2, dtype="datetime64[D]")
    as_dates = scatter_clusters(X, dates)
    for ax in (as_numbers, as_text, as_dates):
        ax.figure.canvas.draw()  # colours are mapped at drawing
    colours = [ax.collections[0].get_facecolors() for ax in (as_numbers, as_text, as_dates)]
    np.testing.assert_array_equal(colours[0], colours[1])
    assert len(np.unique(colours[2], axis=0)) == 2
    for ax in (as_numbers, as_text, as_dates):
        plt.close(ax.figure)


def test_documented_acceptances_of_the_dendrograms_and_tiles():
    from helpers.hierarchical import linkage_matrix
    from helpers.kdtiles import kd_tiles
    from helpers.plotting import dendrogram, dendrogram_grid, draw_tiles

    Z = linkage_matrix(np.random.default_rng(0).normal(size=(6, 2)), "single")
    # a font size is a real number of points; "" is a (blank) label
    ax = dendrogram(Z, leaf_font_size=np.float64(10.5), distance_label="")
    assert ax.get_xlabel() == "" and ax.get_yticklabels()[0].get_fontsize() == 10.5
    # ncols above the number of trees means one row
    fig = dendrogram_grid([Z, Z], titles=["a", "b"], ncols=10**12)
    assert fig.get_size_inches()[0] == pytest.approx(2 * 4.8)
    # colour names ignore case in matplotlib: "RED" is red
    tiles = kd_tiles([[0, 0], [1, 1], [2, 0], [3, 1]], 2)
    red = draw_tiles(tiles, (0, 3, 0, 1), color="RED")
    assert tuple(red.patches[0].get_edgecolor()) == (1.0, 0.0, 0.0, 1.0)
    for f in (ax.figure, fig, red.figure):
        plt.close(f)
    with pytest.raises(ValueError, match="color must be a matplotlib colour.*'blak'"):
        draw_tiles(tiles, (0, 3, 0, 1), color="blak")


def test_silhouette_sample_size_above_n_means_every_point():
    from helpers.plotting import silhouette_plot

    X = np.random.default_rng(0).normal(size=(20, 2)) + np.repeat([[0, 0], [8, 8]], 10, 0)
    ax = silhouette_plot(X, np.repeat(["a", "b"], 10), sample_size=2**63)
    assert ax.get_title().startswith("silhouette per point (20 sampled)")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cluster a", "cluster b"]
    plt.close(ax.figure)
