"""Exceptions raised by tipreport.

Validation does not raise: it returns a :class:`~tipreport.report.Report`. Raising is the
caller's choice (``report.raise_for_errors()``). The tree::

    TipreportError                 base of everything tipreport raises
    ├── UsageError                 an argument is wrong (unknown option value, bad year, …)
    │   ├── UnknownFigureError     ``figures.get()`` of a key that does not exist (a KeyError)
    │   └── OutputExistsError      the output file exists and overwriting was not asked for
    ├── NoInputError               no file was given (``load()`` with no paths, an empty list)
    ├── DataError                  the data has errors; ``.report`` holds them
    ├── TemplateError              a user template is missing, broken, unsafe or refers to nothing
    ├── OutputError                an output could not be written (the folder is a file, is
    │                              read-only or full, a name is too long); nothing half-written
    └── MissingDependencyError     an optional package is needed: the message says what to install
        └── PDFEngineError         WeasyPrint or its system libraries (Pango) cannot be loaded;
                                   ``.written`` lists the other outputs that were written
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .report import Report

__all__ = [
    "TipreportError",
    "UsageError",
    "UnknownFigureError",
    "NoInputError",
    "DataError",
    "TemplateError",
    "OutputError",
    "MissingDependencyError",
    "PDFEngineError",
    "OutputExistsError",
]


class TipreportError(Exception):
    """Base class of every exception tipreport raises."""


class UsageError(TipreportError, ValueError):
    """Raised when an argument is wrong: an unknown page size, an impossible year, …"""


class UnknownFigureError(UsageError, KeyError):
    """Raised by ``Figures.get()`` for a key that names no figure; the message lists the close
    matches."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0]) if self.args else ""


class NoInputError(TipreportError):
    """Raised when no file was given to read: ``load()`` with no paths or an empty list. The
    message names ``tipreport.sample_data()``; only the command line falls back to the sample,
    and says so."""


class DataError(TipreportError):
    """Raised by ``Report.raise_for_errors()`` (and ``build()``) when the data has errors."""

    def __init__(self, report: Report, message: str | None = None):
        self.report = report
        super().__init__(message or report.headline())


class TemplateError(TipreportError):
    """Raised when a template cannot be found, parsed or rendered."""


class MissingDependencyError(TipreportError, ImportError):
    """Raised when an optional dependency is needed; the message gives the install line."""


class OutputError(TipreportError, OSError):
    """Raised when an output cannot be written: the output folder is a file, is read-only or
    full, or a name is too long for the file system. The files of the previous build are left
    as they were, and no partial file is left behind. ``.path`` is the path that failed."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path


class PDFEngineError(MissingDependencyError):
    """Raised when WeasyPrint, or the system libraries it draws with (Pango), cannot be loaded.

    The message says what to install. Raised by ``Submission.write()`` after the other outputs
    (DOCX, HTML, …) were written: ``.written`` lists them."""

    def __init__(self, message: str, written: list | None = None):
        super().__init__(message)
        self.written = list(written or [])


class OutputExistsError(UsageError, FileExistsError):
    """Raised when an output file exists and overwriting it was not asked for
    (``overwrite=True``, ``--force``)."""
