"""Progress of long steps (reading, rendering), in a terminal or a notebook; silent if quiet."""

from __future__ import annotations

import sys
import time
from typing import IO

__all__ = ["Progress"]


class Progress:
    """Callable as ``progress(step, done, total)``; prints one line per step.

    In a terminal the line is rewritten in place; elsewhere (a notebook, a log) each step is a
    line of its own. Nothing is printed when ``quiet``.
    """

    def __init__(self, stream: IO[str] | None = None, quiet: bool = False):
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = ""
        self._start = time.monotonic()

    def __call__(self, step: str, done: int | None = None, total: int | None = None) -> None:
        if self.quiet or step == self._last:
            return
        self._last = step
        count = f" ({done + 1}/{total})" if done is not None and total and done < total else ""
        line = f"{step}{count}…"
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
