"""helpers.features: column checks, scaling rule, one-hot, blocks."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.cluster import KMeans
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers import features
from helpers.datasets import KDD_CATEGORICAL, KDD_NUMERIC, load_kddcup
from helpers.features import ConnectionFeatures, numeric_matrix


@pytest.fixture(scope="module")
def conns():
    # 3,000 real connections, every 16th of the shipped sample
    return load_kddcup().iloc[::16].reset_index(drop=True).head(3_000)


def test_scaled_numeric_equals_standard_scaler(conns):
    X = ConnectionFeatures(KDD_NUMERIC).fit_transform(conns)
    ref = StandardScaler().fit_transform(conns[KDD_NUMERIC].to_numpy(float))
    np.testing.assert_allclose(X, ref, atol=1e-10)


def test_zero_spread_column_is_only_centred(conns):
    X = ConnectionFeatures(["num_outbound_cmds", "count"]).fit_transform(conns)
    assert (X[:, 0] == 0).all()  # constant column: x - mean = 0, no division by 0
    assert np.isfinite(X).all()


def test_one_hot_block_matches_scikit_learn(conns):
    cf = ConnectionFeatures(["duration"], KDD_CATEGORICAL, scale=False)
    X = cf.fit_transform(conns)
    ref = OneHotEncoder(sparse_output=False).fit_transform(conns[KDD_CATEGORICAL])
    np.testing.assert_array_equal(X[:, 1:], ref)
    assert cf.feature_names_out_[1] == "protocol_type=icmp"
    assert len(cf.feature_names_out_) == X.shape[1]


def test_unknown_category_becomes_zeros_and_is_counted(conns):
    cf = ConnectionFeatures(["duration"], ["service"], scale=False).fit(conns)
    new = conns.head(3).copy()
    new["service"] = ["http", "gopher_v2", "gopher_v2"]
    X = cf.transform(new)
    assert cf.unknown_counts_ == {"service": 2}
    assert X[1, 1:].sum() == 0 and X[0, 1:].sum() == 1


def test_blocks_give_the_same_matrix(conns, monkeypatch):
    whole = ConnectionFeatures(KDD_NUMERIC, KDD_CATEGORICAL).fit_transform(conns)
    monkeypatch.setattr(features, "_BLOCK_ROWS", 700)  # several blocks
    blocked = ConnectionFeatures(KDD_NUMERIC, KDD_CATEGORICAL).fit_transform(conns)
    np.testing.assert_allclose(blocked, whole, rtol=1e-9, atol=1e-9)


def test_float32_output(conns):
    X = ConnectionFeatures(KDD_NUMERIC, dtype=np.float32).fit_transform(conns)
    assert X.dtype == np.float32


@pytest.mark.parametrize(
    ("kwargs", "frame_change", "error", "match"),
    [
        ({"numeric": ["duration", "label"]}, None, ValueError, "label column 'label'"),
        ({"numeric": ["duration"], "categorical": ["label"]}, None, ValueError, "answer"),
        ({"numeric": ["nope"]}, None, ValueError, r"lacks the columns \['nope'\]"),
        ({"numeric": []}, None, ValueError, "no feature columns"),
        ({"numeric": ["duration"]}, "empty", ValueError, "empty"),
        ({"numeric": ["duration"], "categorical": ["duration"]}, None, ValueError, "both"),
    ],
)
def test_bad_input(conns, kwargs, frame_change, error, match):
    df = conns.iloc[:0] if frame_change == "empty" else conns
    with pytest.raises(error, match=match):
        ConnectionFeatures(**kwargs).fit(df)


def test_non_numeric_value_names_column_and_row(conns):
    df = conns.head(10).copy()
    df["src_bytes"] = df["src_bytes"].astype(object)
    df.loc[df.index[7], "src_bytes"] = "12kB"
    with pytest.raises(ValueError, match="'src_bytes' must be numeric, but row 7 holds '12kB'"):
        ConnectionFeatures(KDD_NUMERIC).fit(df)


def test_transform_before_fit(conns):
    with pytest.raises(NotFittedError, match="call fit"):
        ConnectionFeatures(KDD_NUMERIC).transform(conns)


def test_a_lone_column_name_is_refused_not_spelled_out(conns):
    with pytest.raises(TypeError, match=r"write \['duration'\]"):
        ConnectionFeatures("duration").fit(conns)


def test_works_in_a_pipeline_and_names_its_columns(conns):
    pipe = make_pipeline(ConnectionFeatures(["duration"], ["protocol_type"]), KMeans(2, n_init=1))
    pipe.fit(conns)
    names = pipe[0].get_feature_names_out()
    assert names[0] == "duration" and all(n.startswith("protocol_type=") for n in names[1:])
    assert pipe[0].n_features_in_ == conns.shape[1]
    frame = clone(pipe[0]).set_output(transform="pandas").fit_transform(conns)
    assert list(frame.columns) == list(names)


def test_numeric_matrix_refuses_missing_values():
    with pytest.raises(ValueError, match=r"row 1 holds a missing value \(NaN\)"):
        numeric_matrix(pd.DataFrame({"a": [1.0, np.nan]}), ["a"])
    with pytest.raises(TypeError, match="DataFrame"):
        numeric_matrix(np.zeros((2, 2)), ["a"])
