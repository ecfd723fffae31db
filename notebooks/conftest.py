"""nbval settings that a sanitizer regex cannot express."""


def pytest_collectstart(collector):
    # Progress displays (helpers._progress) are the only text/markdown outputs:
    # nbval sees them as first shown ("0/9"), the saved notebook as last
    # updated ("9/9"). Their content is counts, not results, so skip it.
    if getattr(collector, "fspath", None) and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/markdown",)
