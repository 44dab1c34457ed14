"""Exceptions raised by tipreport.

Validation does not raise: it returns a :class:`~tipreport.report.Report`. Raising is the
caller's choice (``report.raise_for_errors()``). The tree::

    TipreportError                 base of everything tipreport raises
    ├── UsageError                 an argument is wrong (unknown option value, bad year, …)
    │   └── OutputExistsError      the output file exists and overwriting was not asked for
    ├── NoInputError               no file given could be read at all
    ├── DataError                  the data has errors; ``.report`` holds them
    ├── TemplateError              a user template is missing, broken or refers to nothing
    ├── MissingDependencyError     an optional package is needed: the message says what to install
    └── OutputError                an output file could not be written (read-only, disk full, …)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .report import Report

__all__ = [
    "TipreportError",
    "UsageError",
    "NoInputError",
    "DataError",
    "TemplateError",
    "MissingDependencyError",
    "OutputExistsError",
    "OutputError",
]


class TipreportError(Exception):
    """Base class of every exception tipreport raises."""


class UsageError(TipreportError, ValueError):
    """Raised when an argument is wrong: an unknown page size, an impossible year, …"""


class NoInputError(TipreportError):
    """Raised when none of the files given could be read."""


class DataError(TipreportError):
    """Raised by ``Report.raise_for_errors()`` (and ``build()``) when the data has errors."""

    def __init__(self, report: Report, message: str | None = None):
        self.report = report
        super().__init__(message or report.headline())


class TemplateError(TipreportError):
    """Raised when a template cannot be found, parsed or rendered."""


class MissingDependencyError(TipreportError, ImportError):
    """Raised when an optional dependency is needed; the message gives the install line."""


class OutputExistsError(UsageError, FileExistsError):
    """Raised when an output file exists and overwriting it was not asked for
    (``overwrite=True``, ``--force``)."""


class OutputError(TipreportError, OSError):
    """Raised when an output file cannot be written: its folder is a file or read-only, the
    disk is full, …"""
