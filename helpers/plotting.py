"""Figures the notebooks share, each with a title and labelled axes.

Every function draws on an ``ax`` you pass (or a new one) and returns it, so
a notebook can place several panels side by side.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from scipy.cluster import hierarchy

from helpers._linkage import check_linkage
from helpers._validation import (
    as_float_matrix,
    check_bool,
    check_labels,
    check_real,
    check_whole,
)

__all__ = [
    "dendrogram",
    "dendrogram_grid",
    "draw_tiles",
    "map_reduce_diagram",
    "scatter_clusters",
    "scatter_clusters_3d",
    "silhouette_plot",
]


def scatter_clusters(
    X, labels, centroids=None, *, ax=None, title="Clusters", xlabel="x", ylabel="y"
):
    """Scatter 2-D points coloured by cluster, centroids as black crosses.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
    labels : array-like of shape (n_samples,)
        Any values name the clusters (numbers, text, dates): numbers set the
        colour scale, other names are coloured in their sorted order.
        Missing values and booleans are refused.
    centroids : array-like of shape (k, 2), optional
    ax : matplotlib Axes, optional
    title, xlabel, ylabel : str

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = scatter_clusters([[0, 0], [1, 1]], [0, 1], title="two points")
    >>> ax.get_title()
    'two points'
    >>> plt.close(ax.figure)
    """
    X = _two_or_three_columns(X, 2)
    labels = check_labels(labels, X.shape[0], whole=False)
    _check_texts([title, xlabel, ylabel], ["title", "xlabel", "ylabel"])
    if labels.dtype.kind not in "iuf":
        # matplotlib reads text in c= as colour names ("1" is a grey); dates fail
        labels = np.unique(labels, return_inverse=True)[1]
    C = None if centroids is None else _two_or_three_columns(centroids, 2, "centroids")
    _check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    ax.scatter(X[:, 0], X[:, 1], c=labels, cmap="tab10", s=12, alpha=0.8)
    if C is not None:
        ax.scatter(C[:, 0], C[:, 1], c="black", marker="x", s=90, linewidths=2.5)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return ax


def draw_tiles(tiles, extent, *, ax=None, numbers=False, border=None, color="black"):
    """Draw the boxes of 2-D kd-tree tiles (``helpers.kdtiles.KDTiles``).

    Parameters
    ----------
    tiles : KDTiles
    extent : (xmin, xmax, ymin, ymax)
        Where to stop the outer tiles, which reach to infinity.
    ax : matplotlib Axes, optional
    numbers : bool
        Write each tile's number in its middle (True or False).
    border : float or (float, float), optional
        Also draw each box grown by this much, dashed.
    color : matplotlib colour, default "black"
        Any colour matplotlib knows: "black", "RED" (names ignore case),
        "C0", "#ff8800", (1, 0, 0); checked before drawing.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from helpers.kdtiles import kd_tiles
    >>> ax = draw_tiles(kd_tiles([[0, 0], [1, 1], [2, 0], [3, 1]], 2), (0, 3, 0, 1))
    >>> len(ax.patches)
    2
    >>> plt.close(ax.figure)
    """
    from helpers.kdtiles import KDTiles, check_border

    if not isinstance(tiles, KDTiles):
        raise TypeError(
            f"tiles must be a KDTiles (from helpers.kdtiles.kd_tiles), got {type(tiles).__name__}."
        )
    if tiles.n_features != 2:
        raise ValueError(f"tiles must be 2-D to be drawn; these have {tiles.n_features} features.")
    try:
        box = np.asarray(extent, dtype=float)
    except (TypeError, ValueError):
        box = np.array([np.nan])
    if box.shape != (4,) or not np.isfinite(box).all() or not (box[0] < box[1] and box[2] < box[3]):
        raise ValueError(
            f"extent must be four finite numbers (xmin, xmax, ymin, ymax) with xmin < xmax "
            f"and ymin < ymax, got {extent!r}."
        )
    numbers = check_bool(numbers, "numbers")
    if not matplotlib.colors.is_color_like(color):
        raise ValueError(
            f"color must be a matplotlib colour, such as 'black', 'C0' or '#ff8800', got {color!r}."
        )
    low, high = box[::2], box[1::2]
    grow = np.zeros(2) if border is None else check_border(border, 2)
    _check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6))
    for t, (lo, hi) in enumerate(zip(tiles.lower, tiles.upper, strict=True)):
        lo, hi = np.clip(lo, low, high), np.clip(hi, low, high)
        ax.add_patch(plt.Rectangle(lo, *(hi - lo), fill=False, edgecolor=color, linewidth=1.2))
        if border is not None:
            ax.add_patch(
                plt.Rectangle(
                    lo - grow,
                    *(hi - lo + 2 * grow),
                    fill=False,
                    edgecolor=color,
                    linewidth=0.8,
                    linestyle="--",
                )
            )
        if numbers:
            ax.text(
                *(lo + hi) / 2,
                str(t),
                ha="center",
                va="center",
                fontsize=11,
                color=color,
                bbox={"facecolor": "white", "alpha": 0.7, "linewidth": 0},
            )
    ax.set(xlim=tuple(box[:2]), ylim=tuple(box[2:]))
    return ax


def map_reduce_diagram(num_partitions=4, *, ax=None):
    """Draw one K-means iteration on Spark: broadcast, map, reduce, update.

    The driver holds the centroids (k x d) and broadcasts them to every
    partition; each partition's map turns its block of points into
    per-cluster sums (k x d) and counts (k); the reduce adds those up on the
    way back to the driver, which divides sums by counts.

    Parameters
    ----------
    num_partitions : int
        How many partitions to draw, 1 to 6.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        With one box per driver step and two per partition, and one arrow
        per hop (broadcast, map, reduce).

    Examples
    --------
    >>> ax = map_reduce_diagram(2)
    >>> len(ax.patches)  # 2 driver boxes + 2 x (2 boxes + 3 arrows)
    12
    >>> plt.close(ax.figure)
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    p = check_whole(num_partitions, "num_partitions", 1, 6)
    height = p + 0.6  # one row per partition, and a row for the step names
    _check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(12, max(2.6, height + 0.4)))
    ax.set(xlim=(0, 11.6), ylim=(0, height))
    ax.axis("off")
    width, tall = 2.2, 0.8
    mid = (height - 0.3) / 2  # the middle of the partition rows

    def box(x, y, text, colour):
        ax.add_patch(
            FancyBboxPatch((x, y), width, tall, boxstyle="round,pad=0.05", fc=colour, ec="black")
        )
        ax.text(x + width / 2, y + tall / 2, text, ha="center", va="center", fontsize=10)

    def arrow(x0, y0, x1, y1):
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="->", mutation_scale=14))

    box(0.1, mid - tall / 2, "driver:\ncentroids (k x d)", "#fde0c5")
    for i in range(p):
        y = height - 1.35 - i
        box(3.2, y, f"partition {i}:\nblock of points", "#cfe2f3")
        arrow(0.1 + width, mid, 3.2, y + tall / 2)
        box(6.2, y, "map: sums (k x d),\ncounts (k)", "#d9ead3")
        arrow(3.2 + width, y + tall / 2, 6.2, y + tall / 2)
        arrow(6.2 + width, y + tall / 2, 9.3, mid)
    box(9.3, mid - tall / 2, "driver: add up,\nsums / counts", "#fde0c5")
    for x, step in [(2.75, "broadcast"), (5.8, "map"), (8.85, "reduce")]:
        ax.text(x, height - 0.25, step, ha="center", fontsize=10, fontweight="bold")
    ax.set_title("One iteration of K-means on Spark: broadcast, map, reduce, update", fontsize=12)
    return ax


def silhouette_plot(X, labels, *, sample_size=3000, random_state=0, ax=None):
    """Each point's silhouette, sorted within its cluster, one band per cluster.

    On a random sample of ``sample_size`` points (the silhouette needs all
    pairwise distances of the points it scores); the values are
    :func:`helpers.evaluation.silhouette_values`, and
    :func:`helpers.evaluation.silhouette_by_cluster` gives them as numbers.
    Each band is labelled with its cluster on the y axis; a dashed line
    marks the sample's mean, a grey one 0 (points left of it are closer to
    another cluster than to their own).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        Any values name the clusters (numbers, text), at least 2 of them.
    sample_size : int >= 2, default 3000
        Values above n_samples mean every point.
    random_state : int, Generator or None, default 0
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [9, 9], [9, 8], [5, 5.0]])
    >>> ax = silhouette_plot(X, [0, 0, 1, 1, 1])
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_yticklabels()]
    ('silhouette', ['cluster 0', 'cluster 1'])
    >>> plt.close(ax.figure)
    """
    from helpers.evaluation import silhouette_values

    X = as_float_matrix(X, min_rows=2)
    labels = check_labels(labels, X.shape[0], whole=False)
    sample_size = check_whole(sample_size, "sample_size", 2)
    if np.unique(labels).size < 2:
        raise ValueError(
            "labels name a single cluster; a silhouette compares each point's own cluster "
            "with the nearest other one, so at least 2 clusters are needed."
        )
    rows, values = silhouette_values(X, labels, sample_size=sample_size, random_state=random_state)
    _check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5))
    bottom, ticks, names = 0, [], []
    gap = max(2, rows.size // 100)
    for i, label in enumerate(np.unique(labels[rows])):
        mine = np.sort(values[labels[rows] == label])
        ax.fill_betweenx(
            np.arange(bottom, bottom + mine.size), 0, mine, color=plt.cm.tab10(i % 10), alpha=0.8
        )
        ticks.append(bottom + mine.size / 2)
        names.append(f"cluster {label}")
        bottom += mine.size + gap
    ax.axvline(0, color="grey", linewidth=1)
    ax.axvline(values.mean(), color="black", linestyle="--", linewidth=1,
               label=f"mean {values.mean():.2f}")  # fmt: skip
    ax.set_xlim(min(-0.1, values.min() - 0.05), 1)
    ax.set_yticks(ticks, names)
    ax.set(
        title=f"silhouette per point ({rows.size:,} sampled), by cluster",
        xlabel="silhouette",
        ylabel="points, sorted within each cluster",
    )
    ax.legend(loc="lower right")
    return ax


def scatter_clusters_3d(
    X, labels, centroids=None, *, ax=None, title="Clusters", axis_labels=("x", "y", "z")
):
    """Scatter 3-D points coloured by cluster, with a legend; centroids on top.

    Each cluster gets its own colour and a legend entry ("cluster 0", ...).
    Centroids are large black crosses with a white edge, drawn after and in
    front of every point (matplotlib's depth sorting is turned off for this
    axes), so a centroid stays visible inside a dense cluster.

    Parameters
    ----------
    X : array-like of shape (n_samples, 3)
    labels : array-like of shape (n_samples,)
        Any values name the clusters (numbers, text, dates); one legend entry
        each, in sorted order. Missing values and booleans are refused.
    centroids : array-like of shape (k, 3), optional
    ax : Axes3D, optional
    title : str
    axis_labels : sequence of three str

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D

    Examples
    --------
    >>> X = [[0, 0, 0], [0, 1, 0], [5, 5, 5], [5, 6, 5]]
    >>> ax = scatter_clusters_3d(X, [0, 0, 1, 1], [[0, 0.5, 0], [5, 5.5, 5]])
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['cluster 0', 'cluster 1', 'centroid']
    >>> plt.close(ax.figure)
    """
    X = _two_or_three_columns(X, 3)
    labels = check_labels(labels, X.shape[0], whole=False)
    C = None if centroids is None else _two_or_three_columns(centroids, 3, "centroids")
    if isinstance(axis_labels, str) or np.ndim(axis_labels) != 1 or len(axis_labels) != 3:
        raise ValueError(f"axis_labels needs three names, got {axis_labels!r}.")
    _check_texts([title, *axis_labels], ["title", *["axis_labels"] * 3])
    _check_ax(ax, three_d=True)
    if ax is None:
        fig = plt.figure(figsize=(7, 5.5))
        ax = fig.add_subplot(projection="3d")
    # draw in zorder, not by depth: otherwise a centroid inside its cluster
    # is sorted behind the points around it
    ax.computed_zorder = False
    colours = plt.get_cmap("tab10")
    for j, name in enumerate(np.unique(labels)):
        P = X[labels == name]
        ax.scatter(P[:, 0], P[:, 1], P[:, 2], color=colours(j % 10), s=14, alpha=0.8,
                   depthshade=False, label=f"cluster {name}", zorder=1)  # fmt: skip
    if C is not None:
        ax.scatter(C[:, 0], C[:, 1], C[:, 2], c="black", marker="X", s=260, edgecolors="white",
                   linewidths=1.5, depthshade=False, label="centroid", zorder=3)  # fmt: skip
    ax.set(title=title, xlabel=axis_labels[0], ylabel=axis_labels[1], zlabel=axis_labels[2])
    ax.legend(loc="upper left", fontsize=9, framealpha=0.9)
    return ax


def dendrogram(
    Z,
    labels=None,
    *,
    cut_height=None,
    ax=None,
    title="Dendrogram",
    distance_label="merge height (distance)",
    leaf_font_size=9.0,
):
    """Draw a linkage tree sideways, so leaf labels read left to right.

    Leaves are sorted so the larger branch of each merge comes first, repeated
    labels are made distinct, and with ``cut_height`` the tree is cut there:
    a dashed line marks the cut and each resulting group gets its own colour.

    Parameters
    ----------
    Z : ndarray
        A SciPy linkage matrix.
    labels : list of str, optional
        One name (text) per sample; repeats become ``name (2)``.
    cut_height : float, optional
    ax : matplotlib Axes, optional
    title, distance_label : str
        Any text, "" too (no label).
    leaf_font_size : float in 1..100, default 9.0
        Points: any real number (10, 10.5, np.float64(9)).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from helpers.hierarchical import linkage_matrix
    >>> Z = linkage_matrix([[0.0], [1.0], [5.0]], method="single")
    >>> ax = dendrogram(Z, ["a", "b", "a"], cut_height=2)
    >>> sorted(t.get_text() for t in ax.get_yticklabels())
    ['a', 'a (2)', 'b']
    >>> plt.close(ax.figure)
    """
    from helpers.hierarchical import _as_names, unique_labels

    Z = check_linkage(Z)  # SciPy's drawing code trusts Z: a bad one must not reach it
    n = Z.shape[0] + 1
    # matplotlib fails deep inside (RuntimeError) on a font of 10**12 points
    leaf_font_size = check_real(leaf_font_size, "leaf_font_size", 1, 100)
    _check_texts([title, distance_label], ["title", "distance_label"])
    if cut_height is not None:
        cut_height = check_real(cut_height, "cut_height", 0)
    if labels is not None:
        labels = unique_labels(_as_names(labels, "labels"))
        if len(labels) != n:
            raise ValueError(f"labels has {len(labels)} entries but the tree has {n} leaves.")
    _check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, max(3, 0.22 * n)))
    # SciPy cycles through C0..C9 for the groups below the cut; C7 is the
    # same grey as the links above it, so leave it out while drawing
    hierarchy.set_link_color_palette([f"C{i}" for i in range(10) if i != 7])
    try:
        _draw_dendrogram(Z, labels, cut_height, leaf_font_size, ax)
    finally:
        hierarchy.set_link_color_palette(None)
    if cut_height is not None:
        ax.axvline(cut_height, color="black", linestyle="--", linewidth=1)
    ax.set(title=title, xlabel=distance_label, ylabel="samples")
    return ax


def dendrogram_grid(
    trees,
    labels=None,
    *,
    titles,
    cut_heights=None,
    ncols=2,
    distance_label="merge height (distance)",
    leaf_font_size=9.0,
    panel_width=4.8,
):
    """Several linkage trees as a grid of readable dendrograms, ``ncols`` a row.

    Each panel is :func:`dendrogram` at full size: about 0.18 inch per leaf
    and 9-point leaf labels, so a figure of 2 columns stays under 10 inches
    wide and is shown unscaled in a notebook (four trees in one row of a
    page-wide figure shrink their labels to unreadable).

    Parameters
    ----------
    trees : list of ndarray
        SciPy linkage matrices over the same samples.
    labels : list of str, optional
        One per sample.
    titles : list of str
        One text per tree.
    cut_heights : list of float or None, optional
        One per tree: where to cut it (see :func:`dendrogram`).
    ncols : int >= 1, default 2
        Panels a row; values above the number of trees mean one row.
    distance_label : str or list of str
        The x-axis label (any text), one for all panels or one per tree.
    leaf_font_size : float in 1..100, default 9.0
        Points (see :func:`dendrogram`).
    panel_width : float in (0, 50], default 4.8
        Inches per panel.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from helpers.hierarchical import linkage_matrix
    >>> X = [[0.0], [1.0], [5.0], [5.5]]
    >>> trees = [linkage_matrix(X, m) for m in ("single", "ward", "average")]
    >>> fig = dendrogram_grid(trees, titles=["single", "ward", "average"])
    >>> [ax.get_title() for ax in fig.axes]
    ['single', 'ward', 'average']
    >>> plt.close(fig)
    """

    if isinstance(trees, np.ndarray):
        raise TypeError(
            "trees must be a list of linkage matrices; for one tree, pass [Z] or call "
            "dendrogram(Z)."
        )
    for name, values in [("trees", trees), ("cut_heights", cut_heights)]:
        if values is not None and not hasattr(values, "__len__"):
            raise TypeError(f"{name} must be a list, one entry per tree, got {values!r}.")
    trees = [check_linkage(Z, name=f"trees[{i}]") for i, Z in enumerate(trees)]
    if not trees:
        raise ValueError("trees is empty; give at least one linkage matrix.")
    ncols = check_whole(ncols, "ncols", 1)
    leaf_font_size = check_real(leaf_font_size, "leaf_font_size", 1, 100)
    # a figure wider than this is not shown whole; matplotlib fails far above it
    panel_width = check_real(panel_width, "panel_width", 0, 50, low_open=True)
    cuts = [None] * len(trees) if cut_heights is None else list(cut_heights)
    xlabels = [distance_label] * len(trees) if isinstance(distance_label, str) else distance_label
    for name, values in [("titles", titles), ("distance_label", xlabels)]:
        if isinstance(values, str | bytes) or np.ndim(values) != 1:
            one = " one text or" if name == "distance_label" else ""
            raise TypeError(f"{name} must be{one} a list of texts, one per tree, got {values!r}.")
    titles = list(titles)
    for name, values in [("titles", titles), ("cut_heights", cuts), ("distance_label", xlabels)]:
        if len(values) != len(trees):
            raise ValueError(f"{name} has {len(values)} entries; give one per tree ({len(trees)}).")
    _check_texts([*titles, *xlabels], ["titles"] * len(titles) + ["distance_label"] * len(xlabels))
    n = np.asarray(trees[0]).shape[0] + 1 if np.ndim(trees[0]) == 2 else 2
    ncols = min(ncols, len(trees))
    nrows = -(-len(trees) // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(panel_width * ncols, nrows * max(3.0, 0.18 * n + 1.0)),
        squeeze=False,
    )
    for ax, Z, title, cut, xlabel in zip(axes.flat, trees, titles, cuts, xlabels, strict=False):
        dendrogram(
            Z,
            labels,
            cut_height=cut,
            ax=ax,
            title=title,
            distance_label=xlabel,
            leaf_font_size=leaf_font_size,
        )
    for ax in axes.flat[len(trees) :]:
        fig.delaxes(ax)
    fig.tight_layout()
    return fig


def _draw_dendrogram(Z, labels, cut_height, leaf_font_size, ax):
    hierarchy.dendrogram(
        Z,
        labels=labels,
        orientation="left",
        distance_sort="descending",
        show_leaf_counts=True,
        color_threshold=cut_height if cut_height is not None else 0,
        above_threshold_color="grey",
        leaf_font_size=leaf_font_size,
        ax=ax,
    )


def _two_or_three_columns(X, d, name="X"):
    X = as_float_matrix(X, name=name, squared=False)
    if X.shape[1] != d:
        raise ValueError(
            f"{name} must have shape (n, {d}), got {X.shape}; project or select {d} columns first."
        )
    return X


def _check_texts(values, names):
    """Refuse a title or axis label that is not text: matplotlib would print
    ``str()`` of anything (None as 'None', b'x' as "b'x'"); "" is fine."""
    for value, name in zip(values, names, strict=True):
        if not isinstance(value, str):
            raise TypeError(
                f"{name} must be text (a str, '' for none), got {type(value).__name__} {value!r}."
            )


def _check_ax(ax, *, three_d=False):
    """Refuse an ``ax`` that is not a matplotlib Axes (3-D where needed) before drawing."""
    from matplotlib.axes import Axes

    if ax is not None and (not isinstance(ax, Axes) or (three_d and ax.name != "3d")):
        kind = 'an Axes made with projection="3d"' if three_d else "a matplotlib Axes"
        raise TypeError(f"ax must be {kind} (or None for a new figure), got {type(ax).__name__}.")
