"""Notebook 02's anomaly pipeline on Spark DataFrames, with Spark MLlib.

Reading connections from a path (the shipped file, or a real
``kddcup.data``), indexing and one-hot encoding the text columns,
assembling and standardizing the features, K-means, and every connection's
distance to its nearest centroid: each step is a Spark transformation, so the
same code runs on a laptop and on a cluster.

Spark's ``StandardScaler`` divides by the *sample* standard deviation
(n - 1), scikit-learn's by the population one (n): every feature is scaled by
the same factor sqrt((n - 1) / n), which changes no nearest centroid and no
ranking of distances. A column that never varies becomes 0 in both.
"""

from __future__ import annotations

import numpy as np

from helpers._validation import check_bool
from helpers.datasets import KDD_CATEGORICAL, KDD_COLUMNS, KDD_NUMERIC, KDD_RATES
from helpers.kmeans import assign

__all__ = [
    "connection_features",
    "distances_to_centroids",
    "feature_rows",
    "feature_vectors",
    "read_connections",
]


def read_connections(spark, path, *, header):
    """Read a KDD Cup 1999 layout file (plain or .gz) into a DataFrame.

    Parameters
    ----------
    spark : SparkSession
    path : str or Path
        A local path or any URL Spark reads (``hdfs://``, ``s3a://``...).
    header : bool
        True for the shipped files (they have a header row), False for the
        real KDD files (they do not). Text such as ``"False"`` is refused.

    Returns
    -------
    DataFrame
        The 42 columns, typed, and ``id``: the row's position in the file.
    """
    header = check_bool(header, "header")
    from pyspark.sql import types as T

    fields = []
    for col in KDD_COLUMNS:
        if col in KDD_RATES:
            kind = T.DoubleType()
        elif col in KDD_NUMERIC:
            kind = T.LongType()
        else:
            kind = T.StringType()
        fields.append(T.StructField(col, kind, nullable=False))
    schema = T.StructType(fields)
    df = spark.read.csv(str(path), schema=schema, header=header, mode="FAILFAST")
    # row numbers in file order (a .gz file is read by a single task, in order)
    with_id = df.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1]))
    return spark.createDataFrame(
        with_id, T.StructType([*fields, T.StructField("id", T.LongType())])
    )


def connection_features(df, numeric=KDD_NUMERIC, categorical=KDD_CATEGORICAL):
    """One-hot + standardized features, as notebook 02 builds them in process.

    Returns
    -------
    features : DataFrame
        ``id``, ``label`` and ``features`` (a dense vector).
    model : pyspark.ml.PipelineModel
        The fitted indexers, encoder and scaler, to transform new data; an
        unknown category gets its own all-zero-in-training column ("keep").
    """
    from pyspark.ml import Pipeline
    from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler

    missing = [c for c in [*numeric, *categorical] if c not in df.columns]
    if missing:
        raise ValueError(f"missing columns {missing}; the DataFrame has {df.columns}.")
    index = [f"{c}_index" for c in categorical]
    onehot = [f"{c}_onehot" for c in categorical]
    stages = [
        StringIndexer(
            inputCols=list(categorical), outputCols=index,
            stringOrderType="alphabetAsc", handleInvalid="keep",
        ),
        OneHotEncoder(inputCols=index, outputCols=onehot, dropLast=False, handleInvalid="keep"),
        VectorAssembler(inputCols=[*numeric, *onehot], outputCol="raw"),
        StandardScaler(inputCol="raw", outputCol="features", withMean=True, withStd=True),
    ]  # fmt: skip
    model = Pipeline(stages=stages).fit(df)
    return model.transform(df).select("id", "label", "features"), model


def distances_to_centroids(features, centroids):
    """Every row's nearest centroid and distance to it, computed per partition.

    Returns a DataFrame of ``id``, ``label``, ``cluster`` and ``distance``.
    """
    from pyspark.sql import types as T

    centroids = np.asarray(centroids, dtype=np.float64)
    shared = features.sparkSession.sparkContext.broadcast(centroids)

    def per_partition(rows):
        rows = list(rows)
        if not rows:
            return
        block = np.array([r.features.toArray() for r in rows])
        labels, sq = assign(block, shared.value)
        for r, lab, d2 in zip(rows, labels, sq, strict=True):
            yield (r.id, r.label, int(lab), float(np.sqrt(d2)))

    schema = T.StructType(
        [
            T.StructField("id", T.LongType()),
            T.StructField("label", T.StringType()),
            T.StructField("cluster", T.IntegerType()),
            T.StructField("distance", T.DoubleType()),
        ]
    )
    return features.sparkSession.createDataFrame(features.rdd.mapPartitions(per_partition), schema)


def feature_rows(features, ids):
    """The feature vectors of the rows with these ids, in the order given.

    Used to start K-means on Spark from the same rows as in process.
    """
    ids = [int(i) for i in ids]
    found = {r.id: r.features.toArray() for r in features.where(features.id.isin(ids)).collect()}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValueError(f"no rows with ids {missing[:5]}.")
    return np.array([found[i] for i in ids])


def feature_vectors(features):
    """An RDD of the feature vectors as NumPy arrays (for MLlib's RDD API)."""
    return features.rdd.map(lambda r: r.features.toArray())
