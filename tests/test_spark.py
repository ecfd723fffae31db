"""helpers.spark: the session, map/reduce K-means, and agreement with MLlib.

One local Spark session serves the module; it is stopped at the end, and the
last test checks no JVM is left behind.
"""

import subprocess

import numpy as np
import pytest
from sklearn.datasets import make_blobs

pytest.importorskip("pyspark")

from helpers.kmeans import init_kmeans_plusplus, kmeans  # noqa: E402
from helpers.spark import java_version, spark_session, stop_spark  # noqa: E402
from helpers.spark.kmeans import (  # noqa: E402
    kmeans_rdd,
    labels_rdd,
    mllib_kmeans,
    pass_seconds,
    to_blocks,
)


@pytest.fixture(scope="module")
def sc():
    session = spark_session("local[2]")
    yield session.sparkContext
    if session.sparkContext._jsc is not None:
        stop_spark(session)


@pytest.fixture(scope="module")
def data():
    X, _ = make_blobs(3000, 5, centers=6, cluster_std=2.0, random_state=0)
    return X, init_kmeans_plusplus(X, 6, random_state=0)


def test_java_is_recent_enough():
    assert java_version() >= 17


def test_missing_java_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))  # no bin/java here
    with pytest.raises(RuntimeError, match="needs Java 17 or newer, and none was found"):
        java_version()


def test_rdd_kmeans_equals_helpers_kmeans(sc, data):
    X, init = data
    ours = kmeans(X, 6, init=init, tol=0)
    blocks = to_blocks(sc, X, 4)
    res = kmeans_rdd(blocks, init, tol=0)
    np.testing.assert_allclose(res.centroids, ours.centroids, atol=1e-9)
    assert res.inertia == pytest.approx(ours.inertia, rel=1e-9)
    np.testing.assert_array_equal(labels_rdd(blocks, res.centroids), ours.labels)


def test_result_does_not_depend_on_partitions(sc, data):
    X, init = data
    a = kmeans_rdd(to_blocks(sc, X, 1), init, tol=0)
    b = kmeans_rdd(to_blocks(sc, X, 7), init, tol=0)
    np.testing.assert_allclose(a.centroids, b.centroids, atol=1e-9)


def test_small_blocks_give_the_same_result(sc, data):
    X, init = data
    one = kmeans_rdd(to_blocks(sc, X, 2), init, tol=0)
    small = to_blocks(sc, X, 2, block_rows=128)
    assert small.count() == -(-len(X) // 128) and small.getNumPartitions() == 2
    res = kmeans_rdd(small, init, tol=0)
    np.testing.assert_allclose(res.centroids, one.centroids, atol=1e-9)
    np.testing.assert_array_equal(
        labels_rdd(small, res.centroids), labels_rdd(to_blocks(sc, X, 2), one.centroids)
    )
    with pytest.raises(ValueError, match="block_rows"):
        to_blocks(sc, X, 2, block_rows=0)


def test_float32_blocks_move_half_the_bytes_and_keep_the_result(sc, data):
    X, init = data
    ours = kmeans(X, 6, init=init, tol=0)
    blocks32 = to_blocks(sc, X.astype(np.float32), 3)
    assert blocks32.map(lambda part: part[1].nbytes).sum() * 2 == X.nbytes
    res = kmeans_rdd(blocks32, init, tol=0)
    assert res.centroids.dtype == np.float64  # sums accumulate in float64
    np.testing.assert_allclose(res.centroids, ours.centroids, atol=1e-5)
    np.testing.assert_array_equal(labels_rdd(blocks32, res.centroids), ours.labels)


def test_pass_seconds_times_moving_and_computing(sc, data):
    X, init = data
    blocks = to_blocks(sc, X, 2)
    seconds = pass_seconds(blocks, init, repeats=2)
    assert sorted(seconds) == ["move", "move and compute"]
    assert all(isinstance(s, float) and s > 0 for s in seconds.values())
    assert blocks.is_cached and blocks.count() == 2  # the data is left as it was
    with pytest.raises(ValueError, match="repeats"):
        pass_seconds(blocks, init, repeats=0)


def test_empty_cluster_follows_the_helpers_rule(sc, data):
    X, init = data
    far_init = init.copy()
    far_init[0] = 1e4  # wins no point in the first iteration
    ours = kmeans(X, 6, init=far_init, tol=0)
    res = kmeans_rdd(to_blocks(sc, X, 3), far_init, tol=0)
    assert np.isfinite(res.centroids).all()
    np.testing.assert_allclose(res.centroids, ours.centroids, atol=1e-9)


def test_mllib_agrees_from_the_same_start(sc, data):
    X, init = data
    ours = kmeans(X, 6, init=init, tol=0)
    C = mllib_kmeans(sc, X, init, tol=0.0)
    np.testing.assert_allclose(C, ours.centroids, atol=1e-8)


def test_bad_input_is_caught_on_the_driver(sc, data):
    X, init = data
    with pytest.raises(ValueError, match="holds no points"):
        kmeans_rdd(sc.parallelize([(0, np.empty((0, 5)))], 1), init)
    with pytest.raises(ValueError, match=r"blocks have \[5\] features but init has 3"):
        kmeans_rdd(to_blocks(sc, X, 2), init[:, :3])
    with pytest.raises(ValueError, match="k=6 centroids but only 4 points"):
        kmeans_rdd(to_blocks(sc, X[:4], 2), init)
    with pytest.raises(ValueError, match="num_partitions"):
        to_blocks(sc, X[:3], 5)


@pytest.mark.parametrize("bad", [0, True, 1.5, "2"])
def test_counts_are_whole_numbers_and_not_booleans(sc, data, bad):
    X, init = data
    with pytest.raises(ValueError, match=r"num_partitions must be"):
        to_blocks(sc, X, bad)
    with pytest.raises(ValueError, match=r"num_partitions must be"):
        mllib_kmeans(sc, X, init, num_partitions=bad)
    blocks = to_blocks(sc, X, 2)
    with pytest.raises(ValueError, match=r"max_iter must be"):
        kmeans_rdd(blocks, init, max_iter=bad)
    with pytest.raises(ValueError, match=r"max_iter must be"):
        mllib_kmeans(sc, blocks, init, max_iter=bad)
    with pytest.raises(ValueError, match=r"tol must be"):
        kmeans_rdd(blocks, init, tol=-1.0)


REAL_LINES = (
    "0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,1.00,"
    "0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00,normal.\n"
    "0,icmp,ecr_i,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,"
    "0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.\n"
    "2,tcp,ftp,SF,300,900,0,0,0,1,0,1,0,0,0,0,0,0,0,0,0,0,1,1,0.00,0.00,0.00,0.00,1.00,"
    "0.00,0.00,3,3,1.00,0.00,0.33,0.00,0.00,0.00,0.00,0.00,normal.\n"
)


def test_pipeline_reads_real_format_and_scores_like_in_process(sc, tmp_path):
    from pyspark.sql import SparkSession

    from helpers.anomaly import distance_to_nearest_centroid
    from helpers.datasets import KDD_CATEGORICAL, KDD_NUMERIC, read_kddcup_file
    from helpers.features import ConnectionFeatures
    from helpers.spark.pipeline import (
        connection_features,
        distances_to_centroids,
        feature_rows,
        read_connections,
    )

    path = tmp_path / "kddcup.data"
    path.write_text(REAL_LINES)
    spark = SparkSession.builder.getOrCreate()
    raw = read_connections(spark, path, header=False)
    assert raw.count() == 3
    assert [r.label for r in raw.orderBy("id").collect()] == ["normal.", "smurf.", "normal."]
    features, _ = connection_features(raw)
    centroids = feature_rows(features, [0, 1])
    spark_d = {r.id: r.distance for r in distances_to_centroids(features, centroids).collect()}
    # in process: the same features up to Spark's n - 1 in the standard deviation
    X = ConnectionFeatures(KDD_NUMERIC, KDD_CATEGORICAL).fit_transform(read_kddcup_file(path))
    local_d, _ = distance_to_nearest_centroid(X, X[[0, 1]])
    factor = np.sqrt((3 - 1) / 3)
    np.testing.assert_allclose([spark_d[i] for i in range(3)], local_d * factor, atol=1e-9)
    with pytest.raises(ValueError, match="missing columns"):
        connection_features(raw.drop("service"))


def test_tiles_on_spark_give_the_in_process_labels(sc):
    from pyspark.sql import SparkSession
    from sklearn.base import clone

    from helpers.datasets import make_road_signs
    from helpers.spark.tiling import SparkTiledSelfTuningSpectralClustering
    from helpers.tiling import TiledSelfTuningSpectralClustering

    X, _, _ = make_road_signs(3000, random_state=1)
    spark = SparkSession.builder.getOrCreate()
    here = TiledSelfTuningSpectralClustering(8).fit(X)
    model = SparkTiledSelfTuningSpectralClustering(8, num_partitions=3)
    there = model.fit(X, spark=spark)
    np.testing.assert_array_equal(there.labels_, here.labels_)
    np.testing.assert_array_equal(there.tile_sizes_, here.tile_sizes_)
    assert there.merge_stats_ == here.merge_stats_
    # the session is used, not kept: the estimator clones like any other
    assert not hasattr(there, "_spark")
    assert clone(model).get_params() == model.get_params()


def test_tiles_on_spark_refuse_bad_input_on_the_driver(sc):
    from pyspark.sql import SparkSession

    from helpers.kdtiles import kd_tiles
    from helpers.spark.tiling import cluster_tiles

    spark = SparkSession.builder.getOrCreate()
    X = np.random.default_rng(0).normal(size=(100, 2))
    tiles = kd_tiles(X, 4)
    with pytest.raises(ValueError, match="tiles were built on 2"):
        cluster_tiles(spark, np.ones((100, 3)), tiles, 1.0, {})
    with pytest.raises(ValueError, match="border must be"):
        cluster_tiles(spark, X, tiles, -1.0, {})
    with pytest.raises(ValueError, match="num_partitions"):
        cluster_tiles(spark, X, tiles, 1.0, {}, num_partitions=0)


def test_no_jvm_is_left_behind(sc):
    from pyspark.sql import SparkSession

    stop_spark(SparkSession.builder.getOrCreate())
    # the gateway JVM this test process started has exited
    out = subprocess.run(
        ["pgrep", "-f", "org.apache.spark.deploy.SparkSubmit"], capture_output=True, text=True
    )
    mine = [pid for pid in out.stdout.split() if _parent_is_us(pid)]
    assert mine == []


def _parent_is_us(pid):
    import os

    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().split()[3]) == os.getpid()
    except OSError:
        return False


def test_flags_and_repeats_are_refused_before_spark_runs():
    from helpers.spark.pipeline import read_connections
    from helpers.spark.tiling import SparkTiledSelfTuningSpectralClustering

    X = np.random.default_rng(0).normal(size=(100, 2))
    # no session, no blocks: the checks come first
    with pytest.raises(ValueError, match=r"repeats must be in 1\.\.10000"):
        pass_seconds(None, X[:3], repeats=10_001)
    with pytest.raises(TypeError, match="header must be True or False"):
        read_connections(None, "kddcup.data", header="False")  # "False" is true
    for bad in [{"progress": "False"}, {"n_pilot": 0}, {"n_tiles": 101}, {"border": -1.0}]:
        model = SparkTiledSelfTuningSpectralClustering(**({"n_tiles": 4} | bad))
        with pytest.raises((TypeError, ValueError), match=next(iter(bad))):
            model.fit(X, spark="not a session: never reached")
