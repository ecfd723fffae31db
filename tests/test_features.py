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
    with pytest.raises(
        TypeError, match=r"'src_bytes' of df must hold numbers, but it holds text \(row 7: '12kB'\)"
    ):
        ConnectionFeatures(KDD_NUMERIC).fit(df)


@pytest.mark.parametrize(
    ("column", "what"),
    [
        (pd.Series(["10", "20", "30", "40"]), "text"),
        (pd.Series(["10", "20", "30", "40"], dtype="string"), "text"),
        (
            pd.to_datetime(pd.Series(["2020-01-01", "2020-01-02", "2020-01-05", "2020-01-09"])),
            "dates",
        ),
        (pd.Series([1.0, 2.0, 3.0, 4.0]).astype("category"), "categories"),
    ],
    ids=["text", "string", "datetime", "category"],
)
def test_numbers_in_disguise_are_refused_not_parsed(column, what):
    # "10" was parsed as 10 and a date became 1.58e18 nanoseconds (the sweep)
    df = pd.DataFrame({"bytes": column})
    for scale in (True, False):
        with pytest.raises(
            TypeError, match=f"column 'bytes' of df must hold numbers, but it holds {what}"
        ):
            ConnectionFeatures(["bytes"], scale=scale).fit_transform(df)
    with pytest.raises(TypeError, match="'bytes'"):
        numeric_matrix(df, ["bytes"])


def test_nullable_numbers_are_numbers_and_their_missing_values_named():
    df = pd.DataFrame({"bytes": pd.array([1, 2, 3, 4], dtype="Int64")})
    assert numeric_matrix(df, ["bytes"]).tolist() == [[1.0], [2.0], [3.0], [4.0]]
    df.loc[2, "bytes"] = pd.NA
    with pytest.raises(ValueError, match="row 2 holds a missing value"):
        numeric_matrix(df, ["bytes"])


@pytest.mark.parametrize("flag", ["False", 0, 1, None])
def test_scale_must_be_a_bool(flag):
    # scale="False" is truthy: it scaled (repro r12)
    df = pd.DataFrame({"bytes": [10.0, 20.0, 30.0]})
    with pytest.raises(TypeError, match="scale must be True or False"):
        ConnectionFeatures(["bytes"], scale=flag).fit(df)


def test_values_whose_squares_overflow_are_refused_when_scaling():
    # at 1e300 the scaler's spreads overflowed: the output was +-1.5e300 or NaN
    df = pd.DataFrame({"bytes": [1e300, 2e300, 3e300, 4e300]})
    with pytest.raises(ValueError, match="Rescale df"):
        ConnectionFeatures(["bytes"]).fit_transform(df)
    out = ConnectionFeatures(["bytes"]).fit_transform(df / 1e290)
    assert np.allclose(out.ravel(), [-1.3416408, -0.4472136, 0.4472136, 1.3416408])
    # unscaled, the values pass through as they are
    assert ConnectionFeatures(["bytes"], scale=False).fit_transform(df)[0, 0] == 1e300


@pytest.mark.parametrize("missing", [None, np.nan])
def test_a_missing_category_is_refused_not_made_a_category(missing):
    # it became the column proto=nan (repro r18)
    df = pd.DataFrame({"bytes": [1.0, 2, 3], "proto": ["tcp", missing, "udp"]})
    with pytest.raises(
        ValueError, match="categorical column 'proto' of df holds a missing value \\(row 1\\)"
    ):
        ConnectionFeatures(["bytes"], ["proto"], scale=False).fit(df)
    cf = ConnectionFeatures(["bytes"], ["proto"], scale=False).fit(df.fillna("tcp"))
    assert cf.feature_names_out_ == ["bytes", "proto=tcp", "proto=udp"]
    with pytest.raises(ValueError, match="'proto'.*row 1"):
        cf.transform(df)


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


def test_label_column_must_name_the_answer_column_or_nothing():
    df = pd.DataFrame({"bytes": [1.0, 2, 3], "proto": ["tcp", "udp", "tcp"], "label": "n."})
    # a near miss of the answer column would guard nothing while seeming to
    for near in ("Label", "label ", " LABEL"):
        with pytest.raises(ValueError, match=f"label_column {near!r} is not a column of df, but"):
            ConnectionFeatures(["bytes"], label_column=near).fit(df)
    for odd in ("", b"label", ["label"], 3):
        with pytest.raises(TypeError, match="label_column must be the name"):
            ConnectionFeatures(["bytes"], label_column=odd).fit(df)
    # a table without answers: a name it lacks, or None, guards nothing and says so
    unlabelled = df.drop(columns="label")
    for name in ("label", "attack", None):
        assert ConnectionFeatures(["bytes"], label_column=name).fit_transform(unlabelled).shape == (
            3,
            1,
        )
    with pytest.raises(ValueError, match="the label column 'label' is among the features"):
        ConnectionFeatures(["bytes"], ["label"]).fit(df)


def test_columns_not_named_are_not_read_whatever_they_hold():
    df = pd.DataFrame({"bytes": [1.0, 2, 3], "proto": ["tcp", "udp", "tcp"]})
    messy = df.assign(label=[None, np.nan, 5], other=[b"x", object(), pd.NaT])
    expected = ConnectionFeatures(["bytes"], ["proto"]).fit_transform(df)
    np.testing.assert_array_equal(
        ConnectionFeatures(["bytes"], ["proto"]).fit_transform(messy), expected
    )
    np.testing.assert_array_equal(numeric_matrix(messy, ["bytes"]), [[1.0], [2.0], [3.0]])


def test_categories_must_be_text_and_column_lists_names_once():
    df = pd.DataFrame({"bytes": [1.0, 2, 3], "proto": ["tcp", 5, "udp"]})
    for cf in (ConnectionFeatures(["bytes"], ["proto"]), ConnectionFeatures([], ["proto"])):
        with pytest.raises(TypeError, match="column 'proto' of df must hold text; row 1 holds int"):
            cf.fit(df)
    fitted = ConnectionFeatures(["bytes"], ["proto"]).fit(df.astype({"proto": str}))
    with pytest.raises(TypeError, match="column 'proto' of df must hold text"):
        fitted.transform(df)
    # one-hot only (numeric=[]) and numeric only (categorical=(), the default) are fine
    assert ConnectionFeatures([], ["proto"]).fit(df.astype({"proto": str})).feature_names_out_ == [
        "proto=5",
        "proto=tcp",
        "proto=udp",
    ]
    for kwargs, name in [
        ({"numeric": ["bytes", "bytes"]}, "numeric list 'bytes' twice"),
        ({"numeric": ["bytes"], "categorical": ["proto", "proto"]}, "categorical list 'proto'"),
        ({"numeric": [None]}, "numeric must hold column names"),
    ]:
        with pytest.raises((TypeError, ValueError), match=name):
            ConnectionFeatures(**kwargs).fit(df.astype({"proto": str}))
    with pytest.raises(ValueError, match="columns list 'bytes' twice"):
        numeric_matrix(df, ["bytes", "bytes"])


@pytest.mark.parametrize("dtype", [np.int32, bool, np.float16, complex, "banana", None])
def test_the_output_dtype_is_float64_or_float32(dtype):
    # np.int32 truncated the z-scores to -1, 0, 1 without a word
    df = pd.DataFrame({"bytes": [10, 20, 30, 40], "proto": ["tcp", "udp", "tcp", "tcp"]})
    with pytest.raises(TypeError, match="dtype must be np.float64 or np.float32"):
        ConnectionFeatures(["bytes"], ["proto"], dtype=dtype).fit(df)
    with pytest.raises(TypeError, match="dtype must be np.float64 or np.float32"):
        numeric_matrix(df, ["bytes"], dtype=dtype)
    assert numeric_matrix(df, ["bytes"], dtype="float32").dtype == np.float32
