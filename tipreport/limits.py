"""Size limits on what tipreport reads: one small typed object, the same for every source.

A file beyond a limit is refused with a located error (``file-too-large``, ``sheet-too-large``,
``cell-too-long``) before anything large is held in memory, so a damaged or crafted file can
never exhaust the machine. The defaults are generous for national scale (a million rows in a
sheet); raise them with ``load(..., limits=Limits(rows=3_000_000))``, ``limits={"rows":
3_000_000}``, or on the command line with ``--max rows=3000000`` (repeatable).
``docs/intake.md`` lists them (generated from this module).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Limits"]

_KIB, _MIB, _GIB = 1024, 1024**2, 1024**3
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": _KIB, "m": 1000**2, "mb": 1000**2,
          "mib": _MIB, "g": 1000**3, "gb": 1000**3, "gib": _GIB}


def _limit(default: int, meaning: str, unit: str = "") -> Any:
    return field(default=default, metadata={"meaning": meaning, "unit": unit})


@dataclass(frozen=True)
class Limits:
    """How large an input may be. Every field is a maximum; all must be positive."""

    file_size: int = _limit(512 * _MIB, "size of one file on disk", "bytes")
    uncompressed_size: int = _limit(
        2 * _GIB, "size of a workbook's contents once unpacked (a workbook is a zip file)",
        "bytes")
    rows: int = _limit(1_048_576, "rows in one sheet (Excel's own maximum)")
    columns: int = _limit(16_384, "columns in one sheet (Excel's own maximum)")
    cells: int = _limit(
        25_000_000, "cells in one sheet: rows × columns of the area from A1 to the last "
        "filled cell (about 100 bytes of memory each while reading)")
    cell_length: int = _limit(
        250_000, "characters in one cell, about 80 pages of text (Excel's own maximum is "
        "32,767; longer text from a CSV or ODS file is read in full up to this limit)",
        "characters")

    def __post_init__(self) -> None:
        from .errors import UsageError

        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UsageError(f"limit {f.name} must be a whole number of at least 1, not "
                                 f"{value!r}")

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def coerce(cls, value: Limits | Mapping[str, Any] | Iterable[str] | None) -> Limits:
        """A :class:`Limits` from itself, a mapping (``{"rows": 3_000_000}``), ``None`` (the
        defaults) or ``NAME=VALUE`` texts (``["rows=3000000", "file_size=2GB"]``)."""
        from .errors import UsageError

        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            value = [value]
        if isinstance(value, Mapping):
            pairs = list(value.items())
        else:
            pairs = []
            for text in value:
                name, sep, number = str(text).partition("=")
                if not sep:
                    raise UsageError(f"a limit is written NAME=VALUE (e.g. rows=3000000), not "
                                     f"{text!r}")
                pairs.append((name, number))
        changes = {}
        for name, raw in pairs:
            key = str(name).strip().lower().replace("-", "_")
            if key not in cls.names():
                raise UsageError(f"unknown limit {name!r}; known: {', '.join(cls.names())}")
            changes[key] = _size(raw, key)
        return cls(**changes)

    def describe(self) -> list[tuple[str, int, str, str]]:
        """(name, value, unit, meaning) of every limit, in order: for the documentation."""
        return [(f.name, getattr(self, f.name), f.metadata["unit"], f.metadata["meaning"])
                for f in dataclasses.fields(self)]


def _size(raw: Any, name: str) -> int:
    """``3000000``, ``"3,000,000"``, ``"2GB"``, ``"512 MiB"`` → an int."""
    from .errors import UsageError

    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = str(raw).strip().replace(",", "").replace("_", "").replace(" ", "").lower()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([a-z]*)", text)
    if not match or match.group(2) not in _UNITS:
        raise UsageError(f"limit {name}: {raw!r} is not a number (sizes may end in KB, MB, GB, "
                         "KiB, MiB or GiB)")
    return int(float(match.group(1)) * _UNITS[match.group(2)])
