"""helpers._progress: counts only, on stderr outside a notebook."""

from helpers._progress import Progress


def test_terminal_progress_counts_steps(capsys):
    p = Progress(2, "sweep")
    p.step("k = 5")
    p.step("k = 10")
    err = capsys.readouterr().err
    assert "sweep: " in err and "2/2 (k = 10)" in err
    assert err.endswith("\n")
    assert p.done == 2


def test_disabled_progress_is_silent(capsys):
    p = Progress(3, "quiet", enabled=False)
    p.step()
    assert capsys.readouterr() == ("", "")
