"""tipreport: a government's anti-trafficking records → its TIP report submission.

The pipeline, one module per stage::

    load()     sources/ → reading.py → coerce.py → validate.py   files, databases → Dataset
    compute()  periods.py → figures/                     Dataset → Figures
    build()    compose/ → document.py → render/          Figures → Submission
               (supplementary=True: figures/update.py reconciles with the figures.json sent)
    write()    outputs.py → _io.py                       Submission → one set of files
    export_glotip()  export/ → outputs.py                Figures (calendar years) → UNODC .xlsx

The public API is what this module exposes (``__all__``).

``import tipreport`` is light: pandas and the rest load with the first name that needs them
(``tipreport.load``, ``from tipreport import compute``, …), and a submodule with its first use
(``tipreport.schema``), so that the command line starts at once.
"""

from __future__ import annotations

import importlib as _importlib
from typing import TYPE_CHECKING

# light, and wanted by everything: the build (whose module shares its name: imported here
# first, ``tipreport.build`` stays the function), the errors and the version
from .build import Submission, build
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

if TYPE_CHECKING:  # pragma: no cover  (for type checkers: the names loaded on first use)
    from .blank import blank_workbook
    from .dataset import Dataset, load
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

#: the public names loaded on first use, and the module of each
_LAZY = {
    "load": "dataset", "Dataset": "dataset",
    "compute": "figures", "Figures": "figures", "Figure": "figures",
    "export_glotip": "export", "GlotipExport": "export",
    "sample_data": "resources",
    "blank_workbook": "blank",
    "to_sqlite": "sql",
    "Report": "report", "Issue": "report", "LedgerEntry": "report",
    "Limits": "limits",
}


def __getattr__(name: str) -> object:
    """A public name (from its module, once), or a submodule not imported yet (PEP 562)."""
    if name in _LAZY:
        value = getattr(_importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif not name.startswith("__"):
        try:
            value = _importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise  # the submodule is there, and needs what is missing
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
