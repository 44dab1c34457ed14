"""Which rows a figure counts, as data: a :class:`Filter` on one sheet.

Every figure the :class:`~tipreport.figures.counting.Counter` makes carries its filter: the
sheet, the condition on a window column that puts a row in each window, the conditions of its
base (``offense = trafficking``, ``verdict = convicted``, ``conviction_law = (blank)``), the
breakdown value (``case_exploitation = labor``) and, for sums, the column summed. The counter
keeps rows by evaluating the very conditions it records (:class:`Where`), so a filter cannot
drift from its number. The audit workbook (:mod:`tipreport.audit`) writes each sheet's rows
with every column a filter names, and an index of the filters, so that a clerk finds the rows
behind any figure with Excel's AutoFilter.

A condition keeps the rows whose cell holds one of its values; ``None`` stands for an empty
cell; a negated condition keeps the others. Values are the cells as written in the audit
workbook: ``True`` and ``False`` are written ``yes`` and ``no``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

__all__ = ["Condition", "Filter", "Where", "When", "Derived", "BLANK", "WINDOW_VALUES",
           "window_masks", "window_labels", "shown"]

#: a condition's value for an empty cell
BLANK = None

#: the values of a date's window column that put a row in each window: the current period
#: through ``data_through``, the same span of the previous period (like for like), and the
#: whole previous period (``previous`` and the rest of it)
WINDOW_VALUES: dict[str, tuple[str, ...]] = {
    "current": ("current",),
    "previous": ("previous",),
    "previous_full": ("previous", "previous rest"),
}


def shown(value: Any) -> str:
    """A condition's value as the audit workbook writes the cell: ``yes``, ``no``,
    ``(blank)``, or the text itself."""
    if value is None:
        return "(blank)"
    if value is True or value is np.True_:
        return "yes"
    if value is False or value is np.False_:
        return "no"
    return str(value)


@dataclass(frozen=True)
class Condition:
    """Keep the rows whose ``column`` holds one of ``values`` (``None``: an empty cell);
    ``negate``: keep the rows that hold none of them."""

    column: str
    values: tuple[Any, ...]
    negate: bool = False

    def mask(self, series: pd.Series) -> np.ndarray:
        """The rows of ``series`` (the column's values) the condition keeps."""
        known = [v for v in self.values if v is not None]
        hit = (series.isin(known).to_numpy(dtype=bool, na_value=False) if known
               else np.zeros(len(series), dtype=bool))
        if None in self.values:
            hit = hit | series.isna().to_numpy(dtype=bool)
        return ~hit if self.negate else hit

    def __str__(self) -> str:
        """``verdict = convicted``, ``case_exploitation = labor | forced_criminality``,
        ``conviction_law ≠ (blank)``."""
        return f"{self.column} {'≠' if self.negate else '='} " + " | ".join(
            shown(v) for v in self.values)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"column": self.column,
                               "values": [_plain(v) for v in self.values]}
        if self.negate:
            out["negate"] = True
        return out


@dataclass(frozen=True, eq=False)
class Filter:
    """The rows of one sheet behind a figure, in each window.

    ``windows[w]`` is the condition on a window column (``opened_on_window = current``);
    ``conditions`` the figure's base; ``breakdown`` the value of its dimension (empty for a
    whole figure); ``weight`` the column summed (None: rows are counted). ``columns`` holds
    the values of the columns the filter names, by name (shared by the filters of one
    counter; window columns of dates hold only the windows counted)."""

    sheet: str
    windows: Mapping[str, Condition]
    conditions: tuple[Condition, ...] = ()
    breakdown: tuple[Condition, ...] = ()
    weight: str | None = None
    columns: Mapping[str, pd.Series] = field(default_factory=dict, repr=False)

    def narrow(self, condition: Condition) -> "Filter":
        """This filter, kept to one value of a breakdown."""
        return replace(self, breakdown=(*self.breakdown, condition))

    def all_conditions(self, window: str) -> tuple[Condition, ...]:
        return (self.windows[window], *self.conditions, *self.breakdown)

    def mask(self, window: str, frame: Mapping[str, pd.Series] | None = None) -> np.ndarray:
        """The rows it keeps in ``window``, evaluated on ``frame`` (columns by name; by
        default the filter's own ``columns``)."""
        frame = self.columns if frame is None else frame
        out: np.ndarray | None = None
        for condition in self.all_conditions(window):
            hit = condition.mask(frame[condition.column])
            out = hit if out is None else out & hit
        return out

    def to_dict(self, window: str | None = None) -> dict[str, Any]:
        """Plain data: the sheet, the window conditions (or the one of ``window``), the
        conditions, the breakdown and the column summed."""
        windows = ({window: self.windows[window]} if window is not None else self.windows)
        return {"sheet": self.sheet,
                "windows": {w: c.to_dict() for w, c in windows.items()},
                "conditions": [c.to_dict() for c in self.conditions],
                "breakdown": [c.to_dict() for c in self.breakdown],
                "sum": self.weight}

    def to_json(self, window: str | None = None) -> str:
        return json.dumps(self.to_dict(window), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, eq=False)
class Where:
    """Rows kept by conditions: the mask and the conditions that make it (``a & b`` keeps the
    rows both keep)."""

    mask: np.ndarray
    conditions: tuple[Condition, ...] = ()

    def __and__(self, other: "Where") -> "Where":
        if not isinstance(other, Where):
            return NotImplemented
        return Where(self.mask & other.mask, self.conditions + other.conditions)


class When(dict):
    """Window → the rows in it, with the condition on a window column that keeps them."""

    def __init__(self, masks: Mapping[str, np.ndarray], conditions: Mapping[str, Condition]):
        super().__init__(masks)
        self.conditions = dict(conditions)


@dataclass(frozen=True, eq=False)
class Derived:
    """A breakdown whose keys tidy another column's values (``online`` → yes / no / unknown,
    a law's white space): its condition names the ``source`` column, with the source values
    that make each key (``online = (blank)`` for ``unknown``)."""

    values: pd.Series
    source: pd.Series


def window_masks(dates: pd.Series, windows: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Window → the rows whose date falls in it, both days included (never a missing date)."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    return {w: (values >= np.datetime64(p.start, "ns")) & (values <= np.datetime64(p.end, "ns"))
            for w, p in windows.items()}


def window_labels(masks: Mapping[str, np.ndarray]) -> np.ndarray:
    """Each row's window, from the masks of :func:`window_masks`: ``current``, ``previous``
    (the like-for-like span), ``previous rest`` (the rest of the previous period), or None —
    so that ``previous_full`` is ``previous`` and ``previous rest`` (:data:`WINDOW_VALUES`)."""
    current, previous, full = masks["current"], masks["previous"], masks["previous_full"]
    if (current & full).any() or (previous & ~full).any():
        raise ValueError("the windows overlap: the current period must follow the previous "
                         "one, and the like-for-like span lie within it")
    out = np.full(len(current), None, dtype=object)
    out[full] = "previous rest"
    out[previous] = "previous"
    out[current] = "current"
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()
    return value
