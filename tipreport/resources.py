"""Finding the package's own files: templates, fonts and the sample data.

In a wheel they live inside the package (``tipreport/templates``, ``tipreport/sample_data``);
in a source checkout they sit at the top of the repository. Both are found here, the same way.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["templates_dir", "sample_data_dir", "sample_data"]

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"tipreport's {name}/ folder is missing from the installation; reinstall tipreport")


@cache
def templates_dir() -> Path:
    """The folder of the default templates, styles, fonts and the reference .docx."""
    return _find("templates")


@cache
def sample_data_dir() -> Path:
    return _find("sample_data")


def sample_data() -> list[Path]:
    """The bundled sample intake files (synthetic data for the 2026 edition)."""
    folder = sample_data_dir()
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".csv"))
