"""A small progress display for long loops (k sweeps, sweeps over c).

In a notebook it is one Markdown line updated in place; in a terminal, one
line on stderr rewritten with a carriage return. It shows counts only, never
times, so a finished notebook always shows the same final line.

nbval records a display as first shown, while a saved notebook keeps it as
last updated; notebooks/conftest.py therefore leaves the ``text/markdown``
outputs (which only this display produces) out of the comparison.
"""

from __future__ import annotations

import sys

__all__ = ["Progress"]

_WIDTH = 20


def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"


class Progress:
    """Count steps of a loop of known length.

    Parameters
    ----------
    total : int
    label : str
    enabled : bool
        False shows nothing (the default in library code: callers opt in).

    Examples
    --------
    >>> p = Progress(3, "demo", enabled=False)
    >>> for _ in range(3):
    ...     p.step("ok")
    >>> p.done
    3
    """

    def __init__(self, total, label, enabled=True):
        self.total = int(total)
        self.label = label
        self.enabled = enabled
        self.done = 0
        self._handle = None
        self._notebook = enabled and _in_notebook()
        if self.enabled:
            self._show("")

    def step(self, note=""):
        """Mark one step done; ``note`` says which (e.g. ``"k = 10"``)."""
        self.done += 1
        if self.enabled:
            self._show(note)
            if self.done >= self.total and not self._notebook:
                sys.stderr.write("\n")

    def _text(self, note):
        filled = round(_WIDTH * self.done / max(self.total, 1))
        bar = "█" * filled + "░" * (_WIDTH - filled)
        tail = f" ({note})" if note else ""
        return f"{self.label}: {bar} {self.done}/{self.total}{tail}"

    def _show(self, note):
        text = self._text(note)
        if self._notebook:
            from IPython.display import display

            data = {"text/markdown": f"`{text}`"}
            if self._handle is None:
                self._handle = display(data, raw=True, display_id=True)
            else:
                self._handle.update(data, raw=True)
        else:
            sys.stderr.write("\r" + text)
            sys.stderr.flush()
