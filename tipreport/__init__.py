"""tipreport: a government's anti-trafficking records → its TIP report submission.

The pipeline, one module per stage::

    load()     sources/ → reading.py → coerce.py → validate.py   files, databases → Dataset
    compute()  periods.py → figures.py                   Dataset → Figures
    build()    document.py → html.py / pdf.py / docx.py  Figures → Submission
    write()    outputs.py → _io.py                       Submission → one set of files

The public API is what this module exposes (``__all__``).
"""

from __future__ import annotations

from .blank import blank_workbook
from .build import Submission, build
from .dataset import Dataset, load
from .errors import (
    DataError,
    MissingDependencyError,
    NoInputError,
    OutputError,
    OutputExistsError,
    PDFEngineError,
    TemplateError,
    TipreportError,
    UsageError,
)
from .figures import Figure, Figures, compute
from .limits import Limits
from .report import Issue, LedgerEntry, Report
from .resources import sample_data
from .sql import to_sqlite

__version__ = "0.1.0"

__all__ = [
    "load",
    "compute",
    "build",
    "sample_data",
    "blank_workbook",
    "to_sqlite",
    "Dataset",
    "Figures",
    "Figure",
    "Submission",
    "Report",
    "Issue",
    "LedgerEntry",
    "Limits",
    "TipreportError",
    "UsageError",
    "NoInputError",
    "DataError",
    "TemplateError",
    "OutputError",
    "MissingDependencyError",
    "PDFEngineError",
    "OutputExistsError",
    "__version__",
]
