"""Hierarchical (agglomerative) clustering: features, linkage, and cutting the tree.

Notebook 04 builds a tree of merges over fruit samples. SciPy does the
merging (:func:`scipy.cluster.hierarchy.linkage`); this module adds what a
learner needs around it: a feature matrix of scaled numbers and a *weighted*
one-hot category, checks that refuse undefined combinations (Ward with a
non-Euclidean distance), the cophenetic correlation of each linkage, cutting
the tree by number of groups or by height, and how well the groups agree with
a known labelling.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy
from scipy.spatial.distance import pdist
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.validation import check_is_fitted

from helpers._linkage import check_linkage as _check_linkage
from helpers._validation import (
    as_float_matrix,
    check_categories_filled,
    check_columns,
    check_labels,
    check_name_list,
    check_real,
    check_scale,
    check_whole,
)

__all__ = [
    "LINKAGE_METHODS",
    "WeightedFeatures",
    "agreement",
    "agreement_by_weight",
    "cophenetic_correlations",
    "cut_height_for",
    "cut_into_groups",
    "first_partners",
    "linkage_matrix",
    "unique_labels",
]

#: The linkages notebook 04 compares, with the distances each accepts.
LINKAGE_METHODS = ("single", "complete", "average", "ward")
_METRICS = ("euclidean", "cityblock", "chebyshev")


class WeightedFeatures(TransformerMixin, BaseEstimator):
    """Scaled numeric columns beside a one-hot category multiplied by a weight.

    The one-hot columns of the category are 0 or 1; after scaling, the numeric
    columns spread over a few units. Multiplying the one-hot columns by
    ``weight`` decides how much "same category" counts against the numbers:
    two samples of different categories are ``weight * sqrt(2)`` apart in
    the category columns alone (Euclidean), so ``weight=0`` ignores the
    category and a large weight makes it dominate.

    The arithmetic is scikit-learn's: a ``ColumnTransformer`` with a
    ``StandardScaler`` on ``numeric``, a ``OneHotEncoder`` on ``categorical``
    and ``transformer_weights`` multiplying the encoder's columns by
    ``weight`` (fitted, it is :attr:`column_transformer_`). Around it this
    transformer checks the columns and the weight with messages that say what
    to do, refuses a category never seen in fit by name, and names the
    one-hot columns ``genus=Citrus``. Takes a pandas DataFrame (the columns
    are found by name) and returns a NumPy array, or a DataFrame after
    ``set_output(transform="pandas")``; it sits in a ``Pipeline``.

    Parameters
    ----------
    numeric : list of str
        Numeric columns, standardized (zero mean, unit variance); at least one.
    categorical : str
        The category column, one-hot encoded; other columns are not read. Its
        values must be text, not missing (None, NaN would become ``g=nan``).
    weight : float, default 3.0
        Multiplier of the one-hot columns; must be >= 0.

    Attributes
    ----------
    column_transformer_ : sklearn.compose.ColumnTransformer
        The fitted scikit-learn transformer that does the arithmetic.
    feature_names_out_ : list of str
        Names of the output columns, numeric first, then ``genus=Citrus``...
    n_features_in_ : int
        Columns of the table seen in fit (all of them, used or not).
    feature_names_in_ : ndarray of str
        Their names.

    Examples
    --------
    >>> df = pd.DataFrame({"w": [1.0, 2.0, 3.0], "g": ["a", "b", "a"]})
    >>> wf = WeightedFeatures(["w"], "g", weight=2.0)
    >>> wf.fit_transform(df).round(2)
    array([[-1.22,  2.  ,  0.  ],
           [ 0.  ,  0.  ,  2.  ],
           [ 1.22,  2.  ,  0.  ]])
    >>> wf.get_feature_names_out().tolist()
    ['w', 'g=a', 'g=b']

    In a pipeline:

    >>> from sklearn.cluster import AgglomerativeClustering
    >>> from sklearn.pipeline import make_pipeline
    >>> pipe = make_pipeline(WeightedFeatures(["w"], "g", weight=10), AgglomerativeClustering(2))
    >>> pipe.fit_predict(df).tolist()  # the category decides
    [0, 1, 0]
    """

    def __init__(self, numeric, categorical, weight=3.0):
        self.numeric = numeric
        self.categorical = categorical
        self.weight = weight

    def fit(self, df, y=None):
        """Learn the means, spreads and categories of ``df``; ``y`` is ignored."""
        numeric, categorical, weight = self._check_params()
        self._check_columns(df, numeric, categorical, min_rows=2)
        encoder = OneHotEncoder(sparse_output=False, feature_name_combiner=_column_equals_value)
        self.column_transformer_ = ColumnTransformer(
            [("numeric", StandardScaler(), numeric), ("category", encoder, [categorical])],
            transformer_weights={"category": weight},
            verbose_feature_names_out=False,
        ).fit(self._used_columns(df, numeric, categorical))
        self.n_features_in_ = df.shape[1]
        self.feature_names_in_ = np.asarray(df.columns, dtype=object)
        self.feature_names_out_ = list(self.column_transformer_.get_feature_names_out())
        return self

    def transform(self, df):
        """The feature matrix of ``df``, shape (n_rows, n_numeric + n_categories)."""
        check_is_fitted(self, "column_transformer_", msg=_NOT_FITTED)
        numeric, categorical, _ = self._check_params()
        self._check_columns(df, numeric, categorical)
        values = df[categorical].astype(str)
        known = self.column_transformer_.named_transformers_["category"].categories_[0]
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(
                f"{categorical} has values never seen in fit: {unknown}. "
                f"Known: {sorted(known)}. Fit on data that includes them."
            )
        return self.column_transformer_.transform(self._used_columns(df, numeric, categorical))

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns: the numeric ones, then ``column=value``."""
        check_is_fitted(self, "column_transformer_", msg=_NOT_FITTED)
        return np.asarray(self.feature_names_out_, dtype=object)

    def _check_params(self):
        """The numeric columns as a list, the category column and the weight, checked."""
        check_name_list(self.numeric, "numeric")  # one name as text, or a name twice
        numeric = list(self.numeric)
        if any(c is None or isinstance(c, bytes) for c in numeric):
            raise TypeError(f"numeric must hold column names (text), got {numeric!r}.")
        if not isinstance(self.categorical, str):
            raise TypeError(f"categorical must be one column name, got {self.categorical!r}.")
        # np.str_ is text too, but scikit-learn's column checks want plain str
        categorical = str(self.categorical)
        if categorical in numeric:
            raise ValueError(
                f"column {categorical!r} is both numeric and categorical; "
                "name it in one of the two."
            )
        return numeric, categorical, check_real(self.weight, "weight", 0)

    @staticmethod
    def _check_columns(df, numeric, categorical, min_rows=1):
        # text=: a 5 among names would be one-hot encoded as the category '5'
        check_columns(
            df,
            [*numeric, categorical],
            numeric=numeric,
            text=[categorical],
            missing_text=True,
            min_rows=min_rows,
            roles={"numeric": numeric, "categorical": [categorical]},
        )
        # refuses values so large that squared distances overflow
        as_float_matrix(df[numeric], name=f"numeric columns {numeric} of df")
        check_categories_filled(df, [categorical])

    @staticmethod
    def _used_columns(df, numeric, categorical):
        """The columns the transformer reads, the category as text (so that
        1 and "1" are one category, as the unknown-value check sees them)."""
        used = df[numeric].copy()
        used[categorical] = df[categorical].astype(str).to_numpy()
        return used


_NOT_FITTED = "This %(name)s is not fitted yet: call fit (or fit_transform) before transform."


def _column_equals_value(column, value):
    """One-hot column names as ``genus=Citrus`` (scikit-learn's default: ``genus_Citrus``)."""
    return f"{column}={value}"


def linkage_matrix(X, method="ward", metric="euclidean"):
    """SciPy's linkage matrix, after checks SciPy does not make.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    method : {"single", "complete", "average", "ward"}
    metric : {"euclidean", "cityblock", "chebyshev"}

    Returns
    -------
    ndarray of shape (n_samples - 1, 4)
        SciPy's format: the two merged clusters, the merge height, the size.

    Raises
    ------
    ValueError
        Fewer than 2 samples, NaN/inf, an unknown method or metric, or Ward
        with a non-Euclidean metric: Ward merges the pair that least increases
        the within-group sum of *squared Euclidean* distances, which has no
        meaning for other distances (SciPy would compute something anyway).

    Examples
    --------
    >>> Z = linkage_matrix([[0.0], [1.0], [5.0]], method="single")
    >>> Z[:, 2].tolist()  # merge heights
    [1.0, 4.0]
    """
    X = as_float_matrix(X, min_rows=2)
    if method not in LINKAGE_METHODS:
        raise ValueError(f"method must be one of {LINKAGE_METHODS}, got {method!r}.")
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {_METRICS}, got {metric!r}.")
    if method == "ward" and metric != "euclidean":
        raise ValueError(
            f"Ward linkage is defined for Euclidean distances only, not {metric!r}. "
            "Use metric='euclidean', or another method (average, complete, single)."
        )
    if method == "ward":  # SciPy needs the observations, not distances, for Ward
        return hierarchy.linkage(X, method="ward")
    return hierarchy.linkage(pdist(X, metric=metric), method=method)


def cophenetic_correlations(X, methods=LINKAGE_METHODS, metric="euclidean"):
    """How faithfully each linkage's tree keeps the original distances.

    The cophenetic distance of two samples is the height at which the tree
    first joins them; its correlation with the original distances is 1 for a
    tree that keeps them perfectly.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The correlation multiplies sums of squared distances over every
        pair of samples: values so large or so close together that those
        products overflow or underflow are refused (correct from 1e-72 to
        1e74 for a few samples; Ward gave 0.0 at 1e75, and every method inf
        below 1e-90).
    methods : list of str
        Some of :data:`LINKAGE_METHODS`.
    metric : {"euclidean", "cityblock", "chebyshev"}

    Returns
    -------
    pandas.Series indexed by method.

    Examples
    --------
    >>> X = [[0.0], [0.1], [5.0], [5.2]]
    >>> bool((cophenetic_correlations(X) > 0.99).all())
    True
    """
    X = as_float_matrix(X, min_rows=3)
    check_scale(X, "X", power=4)
    ok = not isinstance(methods, str) and hasattr(methods, "__len__") and len(methods) > 0
    if not ok or not all(isinstance(m, str) and m in LINKAGE_METHODS for m in methods):
        raise ValueError(f"methods must be a list of some of {LINKAGE_METHODS}, got {methods!r}.")
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {_METRICS}, got {metric!r}.")
    d = pdist(X, metric=metric)
    out = {}
    for m in methods:
        if m == "ward" and metric != "euclidean":
            continue
        c, _ = hierarchy.cophenet(linkage_matrix(X, m, metric), d)
        out[m] = float(c)
    return pd.Series(out, name="cophenetic correlation")


def cut_into_groups(Z, *, n_clusters=None, height=None):
    """Cut a linkage tree into flat groups, by number or by height.

    Give exactly one of ``n_clusters`` (the tree is cut where it has that
    many branches) or ``height`` (every merge above it is undone).

    This is SciPy's :func:`scipy.cluster.hierarchy.fcluster` with
    ``criterion="maxclust"`` or ``"distance"``, after checks of ``Z`` and of
    the cut, and the groups are numbered as ``fcluster`` numbers them: 1, 2,
    ... It is not SciPy's :func:`scipy.cluster.hierarchy.cut_tree`, which
    numbers groups from 0 and returns a 2-D array, one column per requested
    cut (shape ``(n, 1)`` for one).

    Parameters
    ----------
    Z : ndarray of shape (n - 1, 4)
        A linkage matrix, checked first (see :func:`linkage_matrix`).
    n_clusters : int, optional
        A whole number in ``1..n``.
    height : float, optional
        A finite number >= 0.

    Returns
    -------
    ndarray of int, shape (n,)
        The group of each sample, numbered from 1 as by SciPy's ``fcluster``.

    Raises
    ------
    ValueError
        If ``Z`` is not a valid linkage matrix (SciPy's compiled code would
        read outside its arrays), or the cut is missing, doubled or out of
        range.

    Examples
    --------
    >>> Z = linkage_matrix([[0.0], [1.0], [5.0]], method="single")
    >>> cut_into_groups(Z, n_clusters=2).tolist()
    [1, 1, 2]
    >>> cut_into_groups(Z, height=0.5).tolist()
    [1, 2, 3]
    >>> hierarchy.fcluster(Z, t=2, criterion="maxclust").tolist()  # the same
    [1, 1, 2]
    >>> hierarchy.cut_tree(Z, n_clusters=2).tolist()  # SciPy's cut_tree: 0-based, 2-D
    [[0], [0], [1]]
    """
    Z = _check_linkage(Z)
    if (n_clusters is None) == (height is None):
        raise ValueError("give exactly one of n_clusters or height.")
    n = Z.shape[0] + 1
    if n_clusters is not None:
        n_clusters = check_whole(n_clusters, "n_clusters", 1, n)
        return hierarchy.fcluster(Z, t=n_clusters, criterion="maxclust")
    height = check_real(height, "height", 0)
    return hierarchy.fcluster(Z, t=height, criterion="distance")


def cut_height_for(Z, n_clusters):
    """A height that cuts the tree into ``n_clusters`` groups: halfway between
    the merge that would leave fewer groups and the one below it.

    Parameters
    ----------
    Z : ndarray of shape (n - 1, 4)
        A linkage matrix, checked first.
    n_clusters : int
        A whole number in ``2..n``.

    Examples
    --------
    >>> Z = linkage_matrix([[0.0], [1.0], [5.0]], method="single")
    >>> cut_height_for(Z, 2)
    2.5
    """
    Z = _check_linkage(Z)
    n = Z.shape[0] + 1
    n_clusters = check_whole(n_clusters, "n_clusters", 2, n)
    heights = Z[:, 2]  # checked: non-decreasing
    upper = heights[n - n_clusters]  # the merge that would join two of the groups
    lower = heights[n - n_clusters - 1] if n_clusters < n else 0.0
    return float((lower + upper) / 2)


def first_partners(Z, labels):
    """Whom each sample joins first: the labels of the other side of its first merge.

    In a tree where the two samples of each fruit join each other before
    anything else, every sample's first partners are ``[its own label]``;
    a sample that first joins a larger branch gets all of that branch's labels.

    Parameters
    ----------
    Z : ndarray of shape (n - 1, 4)
        A linkage matrix, checked first.
    labels : sequence of str
        One name per sample, as text (None, bytes or numbers are refused).

    Returns
    -------
    list of list of str
        For each sample, the sorted labels of the branch it first merges with.

    Examples
    --------
    >>> Z = linkage_matrix([[0.0], [1.0], [5.0]], method="single")
    >>> first_partners(Z, ["a", "b", "c"])
    [['b'], ['a'], ['a', 'b']]
    """
    Z = _check_linkage(Z)
    n = Z.shape[0] + 1
    labels = _as_names(labels, "labels")
    if len(labels) != n:
        raise ValueError(f"labels has {len(labels)} entries but the tree has {n} samples.")
    members = [[i] for i in range(n)]  # the samples under each branch, by branch number
    partners = [[] for _ in range(n)]
    for a, b in Z[:, :2].astype(int):
        for mine, other in ((a, b), (b, a)):
            if mine < n:  # a single sample's first (and only) merge as a leaf
                partners[mine] = sorted(labels[j] for j in members[other])
        members.append(members[a] + members[b])
    return partners


def agreement(groups, truth):
    """Cross-table of groups against a known labelling, and their ARI.

    Returns
    -------
    table : pandas.DataFrame
        Rows are groups, columns the known labels, cells the counts.
    ari : float
        Adjusted Rand index: 1 for the same partition, about 0 for chance.

    Raises
    ------
    ValueError
        If ``groups`` and ``truth`` are empty (an empty partition would score
        a perfect 1.0), not 1-D, of different lengths, or hold NaN. Other
        values name groups, as in scikit-learn's metrics: numbers, 1.0, text, dates.

    Examples
    --------
    >>> table, ari = agreement([1, 1, 2], ["a", "a", "b"])
    >>> ari
    1.0
    """
    truth = np.asarray(truth)
    if truth.ndim != 1:
        raise ValueError(f"truth must be 1-D, one label per sample, got shape {truth.shape}.")
    if truth.shape[0] == 0:
        raise ValueError(
            "groups and truth are empty: there is nothing to compare (an empty "
            "partition would score a perfect 1.0). Give one group and one label per sample."
        )
    if np.shape(groups) != truth.shape:
        raise ValueError(
            f"groups and truth must be 1-D and of equal length, got {np.shape(groups)} "
            f"and {truth.shape}."
        )
    groups = check_labels(groups, truth.shape[0], name="groups", whole=False)
    check_labels(truth, truth.shape[0], name="truth", whole=False)
    table = pd.crosstab(pd.Series(groups, name="group"), pd.Series(truth, name="truth"))
    return table, float(adjusted_rand_score(truth, groups))


def agreement_by_weight(df, numeric, categorical, weights, n_clusters, *, method="ward"):
    """How well a cut tree agrees with a category, for each weight of that category.

    For each weight: :class:`WeightedFeatures` of ``df``, the ``method`` tree,
    cut into ``n_clusters`` groups, and the adjusted Rand index of the groups
    against ``df[categorical]`` itself.

    Parameters
    ----------
    df : pandas.DataFrame
        At least 2 rows; other columns than these are not read.
    numeric : list of str
    categorical : str
    weights : list of float
        Weights of the one-hot category, each >= 0 (a list, not a generator).
    n_clusters : int
    method : {"single", "complete", "average", "ward"}

    Returns
    -------
    pandas.Series
        ARI indexed by weight, in the order given.

    Examples
    --------
    >>> df = pd.DataFrame({"w": [1.0, 1.1, 5.0, 5.2], "g": ["a", "b", "a", "b"]})
    >>> agreement_by_weight(df, ["w"], "g", [0, 10], 2).tolist()
    [-0.5, 1.0]
    """
    if isinstance(weights, str | bytes) or not hasattr(weights, "__len__"):
        raise TypeError(f"weights must be a list of numbers >= 0, got {weights!r}.")
    weights = list(weights)
    if not weights:
        raise ValueError("weights is empty; give at least one weight.")
    numeric, categorical, _ = WeightedFeatures(numeric, categorical)._check_params()
    check_columns(
        df,
        [*numeric, categorical],
        numeric=numeric,
        min_rows=2,
        roles={"numeric": numeric, "categorical": [categorical]},
    )
    for w in weights:
        check_real(w, "each of weights", 0)
    n_clusters = check_whole(n_clusters, "n_clusters", 1, len(df))
    out = {}
    for w in weights:
        F = WeightedFeatures(numeric, categorical, weight=w).fit_transform(df)
        groups = cut_into_groups(linkage_matrix(F, method), n_clusters=n_clusters)
        out[w] = agreement(groups, df[categorical].to_numpy())[1]
    return pd.Series(out, name=f"ARI vs {categorical}").rename_axis("weight")


def unique_labels(names):
    """Make repeated names distinct for plotting: ``plum``, ``plum (2)``, ...

    Repeats are its purpose; ``names`` must be text, not empty (None, bytes are refused).

    Examples
    --------
    >>> unique_labels(["plum", "fig", "plum"])
    ['plum', 'fig', 'plum (2)']
    """
    seen = {}
    out = []
    for name in _as_names(names, "names"):
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _as_names(values, name):
    """``values`` as a non-empty list of str: ``str()`` would make None the name 'None'."""
    if isinstance(values, str | bytes) or np.ndim(values) != 1 or not len(values):
        raise TypeError(f"{name} must be a non-empty list of names, got {values!r}.")
    for i, v in enumerate(values):
        if not isinstance(v, str):
            raise TypeError(f"{name} must hold text; entry {i} is {type(v).__name__} {v!r}.")
    return [str(v) for v in values]
