"""Shared test settings."""

import os

import matplotlib
from hypothesis import settings

# no screen in CI: unit tests draw off-screen. Only this process: setting
# MPLBACKEND here would leak into the notebook kernels nbval starts, and
# their inline figures would vanish.
matplotlib.use("Agg")

# The same examples on every run, so the suite passes or fails the same way
# three times in a row; `--hypothesis-profile=explore` searches afresh.
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
