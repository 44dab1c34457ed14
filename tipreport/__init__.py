"""tipreport: a government's anti-trafficking records → its TIP report submission.

The pipeline, one module per stage::

    load()     sources/ → reading.py → coerce.py → validate.py   files, databases → Dataset
    compute()  periods.py → figures/                     Dataset → Figures
    build()    compose/ → document.py → render/          Figures → Submission
               (supplementary=True: figures/update.py reconciles with the figures.json sent)
    write()    outputs.py → _io.py                       Submission → one set of files
    export_glotip()  export/ → outputs.py                Figures (calendar years) → UNODC .xlsx

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
    UnknownFigureError,
    UsageError,
)
from .export import GlotipExport, export_glotip
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
    "export_glotip",
    "sample_data",
    "blank_workbook",
    "to_sqlite",
    "Dataset",
    "Figures",
    "Figure",
    "Submission",
    "GlotipExport",
    "Report",
    "Issue",
    "LedgerEntry",
    "Limits",
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
    "__version__",
]
