"""scikit-learn's own common checks on the package's estimators and transformers.

The clustering estimators take a plain matrix, as scikit-learn's do, and
pass every check of ``parametrize_with_checks`` with no exception kept.

The transformers of tables (``ConnectionFeatures``, ``WeightedFeatures``,
``EventEncoder``, ``DenoisingEventEncoder``) take a pandas DataFrame and find
their columns by name (``"service"``, ``"genus"``, ``"actor"``, ...). The
common checks feed NumPy arrays of anonymous columns, which such a
transformer cannot read by design, so running them would only list the same
refusal some thirty times. What of the estimator contract does not depend on
the input is checked with scikit-learn's own check functions instead: parameters stored as given and
nothing else set in ``__init__``, ``get_params``/``set_params``/``clone``,
``NotFittedError`` before fit, and ``n_features_in_`` after it.
"""

import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_set_params,
    parametrize_with_checks,
)

from helpers.datasets import (
    KDD_CATEGORICAL,
    KDD_NUMERIC,
    load_fruit,
    load_kddcup,
    load_security_events,
)
from helpers.embeddings import DenoisingEventEncoder, EventEncoder
from helpers.features import ConnectionFeatures
from helpers.hierarchical import WeightedFeatures
from helpers.stsc import SelfTuningSpectralClustering
from helpers.tiling import TiledSelfTuningSpectralClustering


@parametrize_with_checks(
    [
        SelfTuningSpectralClustering(max_clusters=4),
        TiledSelfTuningSpectralClustering(n_tiles=2, max_clusters=4),
    ]
)
def test_clustering_estimators_pass_the_common_checks(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def events():
    data, _ = load_security_events()
    return data.head(600)


@pytest.fixture(scope="module")
def connections():
    return load_kddcup().head(600)


@pytest.fixture(scope="module")
def fruit():
    return load_fruit()


TABLE_TRANSFORMERS = {
    "ConnectionFeatures": (
        lambda: ConnectionFeatures(KDD_NUMERIC, KDD_CATEGORICAL),
        "connections",
    ),
    "WeightedFeatures": (
        lambda: WeightedFeatures(["weight_grams", "sweetness_level"], "genus", weight=2.0),
        "fruit",
    ),
    "EventEncoder": (lambda: EventEncoder(4), "events"),
    "DenoisingEventEncoder": (lambda: DenoisingEventEncoder(4, epochs=2), "events"),
}


@pytest.mark.parametrize("name", TABLE_TRANSFORMERS)
def test_table_transformers_keep_the_estimator_contract(name, request):
    make, data_fixture = TABLE_TRANSFORMERS[name]
    table = request.getfixturevalue(data_fixture)
    check_no_attributes_set_in_init(name, make())
    check_get_params_invariance(name, make())
    check_set_params(name, make())
    with pytest.raises(NotFittedError):
        make().transform(table)
    fitted = clone(make()).fit(table)
    assert fitted.n_features_in_ == table.shape[1]
    assert clone(fitted).get_params() == make().get_params()
    out = fitted.transform(table)
    assert out.shape[0] == len(table)
