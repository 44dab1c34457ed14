"""Progress of long steps (reading, rendering), where the user looks: one line rewritten in
place in a terminal, one line per step in a log, and the cell's own output in a Jupyter
notebook (a display updated in place, never stderr). Silent when quiet."""

from __future__ import annotations

import sys
import time
from typing import IO

__all__ = ["Progress", "NotebookProgress", "in_notebook"]


def in_notebook() -> bool:
    """True when running in a Jupyter kernel (IPython already imported by the kernel: nothing
    is imported here that was not)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = getattr(ipython, "get_ipython", lambda: None)()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


class Progress:
    """Callable as ``progress(step, done, total)``; prints one line per step.

    In a terminal the line is rewritten in place; elsewhere (a log) each step is a line of its
    own. Nothing is printed when ``quiet``. :meth:`auto` picks the notebook's display when
    running in Jupyter.
    """

    def __init__(self, stream: IO[str] | None = None, quiet: bool = False):
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = ""
        self._start = time.monotonic()

    @classmethod
    def auto(cls) -> Progress:
        """Progress for ``progress=True``: in a notebook, the cell's own output; otherwise
        stderr."""
        return NotebookProgress() if in_notebook() else cls()

    @staticmethod
    def line(step: str, done: int | None = None, total: int | None = None) -> str:
        count = f" ({done + 1}/{total})" if done is not None and total and done < total else ""
        return f"{step}{count}…"

    def __call__(self, step: str, done: int | None = None, total: int | None = None) -> None:
        if self.quiet or step == self._last:
            return
        self._last = step
        line = self.line(step, done, total)
        if self._tty:
            self.stream.write("\r\033[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.quiet:
            return
        if self._tty and self._last:
            self.stream.write("\r\033[K")
            self.stream.flush()
        self._last = ""


class NotebookProgress(Progress):
    """Progress in a Jupyter notebook: one line in the cell's output, updated in place
    (an IPython display handle), so that nothing goes to stderr."""

    def __init__(self, quiet: bool = False):
        super().__init__(stream=None, quiet=quiet)
        self._handle = None

    def _show(self, text: str) -> None:
        from IPython.display import display

        bundle = {"text/plain": text}
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)

    def __call__(self, step: str, done: int | None = None, total: int | None = None) -> None:
        if self.quiet or step == self._last:
            return
        self._last = step
        self._show(self.line(step, done, total))

    def done(self) -> None:
        if self.quiet or self._handle is None:
            return
        self._show("Done.")
        self._last = ""
