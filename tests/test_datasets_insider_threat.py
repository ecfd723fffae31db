"""helpers.datasets.insider_threat: the employees of notebook 05."""

from helpers.datasets.insider_threat import load_insider_threat


def test_insider_threat_is_a_small_minority_with_riskier_behaviour():
    df = load_insider_threat()
    assert len(df) == 1000
    share = (df["label"] == "insider threat").mean()
    assert 0.02 < share < 0.10
    means = df.groupby("label").mean(numeric_only=True)
    for col in ["sensitive_file_accesses", "usb_usage", "after_hours_actions"]:
        assert means.loc["insider threat", col] > means.loc["normal", col]
