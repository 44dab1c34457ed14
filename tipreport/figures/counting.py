"""Counting rows into Figures: one table, three windows, breakdowns by code.

Each date column is turned into one boolean array per window once; each breakdown dimension
is factorized once; a breakdown is one ``np.bincount`` per window. The rows behind a value are
found only when someone asks for them (``Figure.rows``), so the same code serves 300 rows and
300,000.

Rows are chosen by conditions on named columns (``counter.where(offense="trafficking")``) and
windows by a date's window column (``counter.dated("opened_on")``); each figure records them as
its :class:`~tipreport.figures.filters.Filter`, which the audit workbook prints. The counter
keeps the rows its conditions keep, so a filter and its number cannot disagree.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from .. import coerce
from ..periods import Period
from ..validate import CASE_KEY
from .filters import (
    BLANK,
    WINDOW_VALUES,
    Condition,
    Derived,
    Filter,
    When,
    Where,
    window_labels,
    window_masks,
)
from .model import WINDOWS, Figure, num

__all__ = ["Counter", "prepare", "flag", "UNKNOWN_LAST", "BLANK", "Derived", "Where", "When"]


def flag(values: Any, index: pd.Index | None = None) -> np.ndarray:
    """A boolean array from a Series or array that may hold missing values (missing = False)."""
    if isinstance(values, np.ndarray) and values.dtype == bool:
        return values
    series = values if isinstance(values, pd.Series) else pd.Series(values, index=index)
    return series.fillna(False).to_numpy(dtype=bool, na_value=False)


def UNKNOWN_LAST(key: Any) -> tuple[bool, str]:
    """Sort order of breakdown keys found in the data: alphabetical, "unknown" last."""
    return (key == "unknown", str(key))


class Counter:
    """Makes Figures for one table over the windows, with lazily found provenance and the
    filter of each figure."""

    def __init__(self, sheet: str, frame: pd.DataFrame, windows: dict[str, Period]):
        self.sheet, self.frame, self.windows = sheet, frame, windows
        self.index = frame.index.to_numpy()
        self.n = len(frame)
        self._when: dict[Any, dict[str, np.ndarray]] = {}
        self._dims: dict[str, tuple[np.ndarray, list[Any]]] = {}
        #: the columns the filters name, by name (one dict, shared by this counter's filters)
        self.columns: dict[str, pd.Series] = {}

    # -- columns and conditions ------------------------------------------------------------------

    def column(self, name: str, values: Any = None) -> pd.Series:
        """The column ``name`` that filters may name: the table's own, or ``values`` made
        here (``sentence_band``). One name stands for one column: a second, different column
        under a name already used (or under a name of the table) is a mistake, and raises."""
        if values is None:
            if name not in self.columns:
                self.columns[name] = self.frame[name]
            return self.columns[name]
        series = (values if isinstance(values, pd.Series)
                  else pd.Series(values, index=self.frame.index))
        known = self.columns.get(name)
        if known is series:
            return series
        if series.name != name:
            series = series.rename(name)
        if known is None and name in self.frame.columns:
            known = self.frame[name]
        if known is not None and not _same(known, series):
            raise ValueError(f"{self.sheet}: two different columns are named {name!r}")
        self.columns.setdefault(name, series)
        return self.columns[name]

    def derive(self, name: str, values: Any) -> pd.Series:
        """A column made from others (``sentence_band``, ``fined``), for conditions."""
        return self.column(name, values)

    def where(self, **conditions: Any) -> Where:
        """Rows whose column holds the value given (one of a tuple's values; ``BLANK``: an
        empty cell): ``where(verdict="convicted", conviction_law=BLANK)``."""
        return self._where(conditions, negate=False)

    def where_not(self, **conditions: Any) -> Where:
        """Rows whose column holds none of the values given: ``where_not(amount=BLANK)``."""
        return self._where(conditions, negate=True)

    def everyone(self) -> Where:
        return Where(np.ones(self.n, dtype=bool))

    def _where(self, conditions: dict[str, Any], negate: bool) -> Where:
        out = self.everyone()
        for name, value in conditions.items():
            values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
            condition = Condition(name, values, negate)
            out = out & Where(condition.mask(self.column(name)), (condition,))
        return out

    # -- windows ---------------------------------------------------------------------------------

    def dated(self, column: str) -> When:
        """Window → rows whose ``column`` falls in it (inclusive; missing dates never do), with
        the condition on the column ``<column>_window`` that keeps them."""
        key = ("dated", column)
        if key not in self._when:
            masks = window_masks(self.frame[column], self.windows)
            name = f"{column}_window"
            self.derive(name, window_labels(masks))
            self._when[key] = When(masks, {w: Condition(name, WINDOW_VALUES[w])
                                           for w in masks})
        return self._when[key]

    def flagged(self, columns: dict[str, str], make: Callable[[], dict[str, np.ndarray]]
                ) -> When:
        """Windows that are not a date's (activities continued from before): ``make()`` gives
        window → rows, and ``columns`` the yes/no column of each window (windows that keep
        the same rows may share one)."""
        key = ("flagged", tuple(columns.items()))
        if key not in self._when:
            masks = make()
            for w, name in columns.items():
                self.derive(name, masks[w])
            self._when[key] = When(masks, {w: Condition(name, (True,))
                                           for w, name in columns.items()})
        return self._when[key]

    def cached(self, key: Any, make: Callable[[], dict[str, np.ndarray]]
               ) -> dict[str, np.ndarray]:
        if key not in self._when:
            self._when[key] = make()
        return self._when[key]

    # -- dimensions -------------------------------------------------------------------------------

    def codes(self, name: str, series: pd.Series) -> tuple[np.ndarray, list[Any]]:
        """``series`` factorized once per name: (codes, -1 for missing; the distinct values)."""
        if name not in self._dims:
            codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
            self._dims[name] = (np.asarray(codes), list(uniques))
        return self._dims[name]

    def _breakdown(self, dim: str, series: pd.Series | Derived
                   ) -> tuple[pd.Series, Callable[[Any], Condition]]:
        """The values a dimension counts, and the condition that keeps one key's rows: on the
        dimension's own column, or (Derived) on its source column's values for that key."""
        if not isinstance(series, Derived):
            name = series.name if isinstance(series.name, str) else dim
            self.column(name, series)
            return series, lambda key: Condition(name, (key,))
        values, source = series.values, series.source
        name = source.name if isinstance(source.name, str) else dim
        self.column(name, source)
        found = _sources_by_key(values, source)
        return values, lambda key: Condition(name, found.get(key, (key,)))

    # -- figures -----------------------------------------------------------------------------------

    def figure(self, base: Any, when: dict[str, np.ndarray],
               dims: dict[str, pd.Series] | None = None,
               keys: dict[str, tuple[str, ...]] | None = None,
               weights: pd.Series | None = None) -> Figure:
        """Rows that are in ``base`` and in each window of ``when``, counted (or ``weights``
        summed), broken down by each of ``dims`` (keys fixed by ``keys``, else the values
        found). With ``base`` a :class:`Where` and ``when`` a :class:`When`, the figure and each
        part carry their :class:`Filter`."""
        spec = None
        if isinstance(base, Where) and isinstance(when, When):
            weight = None
            if weights is not None:
                weight = weights.name if isinstance(weights.name, str) else "weight"
                weights = self.column(weight, weights)
            spec = Filter(self.sheet, when.conditions, base.conditions, (), weight,
                          self.columns)
        base = flag(base.mask if isinstance(base, Where) else base, self.frame.index)
        masks = {w: base & when[w] for w in WINDOWS}
        w_arr = None
        if weights is not None:
            w_arr = pd.to_numeric(weights, errors="coerce").fillna(0).to_numpy(dtype=float)
        values = {w: (int(np.count_nonzero(m)) if w_arr is None else num(w_arr[m].sum()))
                  for w, m in masks.items()}
        index = self.index
        by: dict[str, dict[str, Figure]] = {}
        for dim, given in (dims or {}).items():
            series, condition = self._breakdown(dim, given) if spec else (given, None)
            if isinstance(series, Derived):
                series = series.values
            codes, uniques = self.codes(dim, series)
            size = len(uniques)
            counts, present = {}, np.zeros(size, dtype=bool)
            for w, m in masks.items():
                picked = codes[m]
                picked_w = None if w_arr is None else w_arr[m][picked >= 0]
                picked = picked[picked >= 0]
                seen = np.bincount(picked, minlength=size)
                present |= seen > 0
                counts[w] = seen if picked_w is None else np.bincount(
                    picked, weights=picked_w, minlength=size)
            position = {u: i for i, u in enumerate(uniques)}
            wanted = (keys or {}).get(dim)
            if wanted is None:
                wanted = tuple(sorted((u for i, u in enumerate(uniques) if present[i]),
                                      key=UNKNOWN_LAST))
            parts = {}
            for key in wanted:
                i = position.get(key)
                part = spec.narrow(condition(key)) if spec else None
                if i is None:
                    parts[str(key)] = Figure(0, 0, 0, self.sheet, filter=part)
                    continue

                def where(i=i, codes=codes) -> dict[str, np.ndarray]:
                    return {w: index[masks[w] & (codes == i)] for w in WINDOWS}

                parts[str(key)] = Figure(num(counts["current"][i]), num(counts["previous"][i]),
                                         num(counts["previous_full"][i]), self.sheet,
                                         where=where, filter=part)
            by[dim] = parts

        def where_all() -> dict[str, np.ndarray]:
            return {w: index[m] for w, m in masks.items()}

        return Figure(values["current"], values["previous"], values["previous_full"],
                      self.sheet, by, where_all, filter=spec)


def _same(a: pd.Series, b: pd.Series) -> bool:
    """The same values row for row (missing values alike); at once when both are views of one
    column."""
    if a is b or a.array is b.array:
        return True
    if len(a) != len(b):
        return False
    if a.dtype == b.dtype and isinstance(a.dtype, np.dtype):
        x, y = a.to_numpy(), b.to_numpy()
        if (x.__array_interface__["data"] == y.__array_interface__["data"]
                and x.strides == y.strides):
            return True
    x, y = a.astype(object).to_numpy(), b.astype(object).to_numpy()
    missing = pd.isna(x)
    return bool(np.array_equal(missing, pd.isna(y)) and (x[~missing] == y[~missing]).all())


def _sources_by_key(values: pd.Series, source: pd.Series) -> dict[Any, tuple[Any, ...]]:
    """Key of ``values`` → the distinct ``source`` values (None: empty) of its rows."""
    keys, key_uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    raw, raw_uniques = pd.factorize(source.astype(object), use_na_sentinel=True)
    # each (key, source value) pair as one integer: a 1-D unique, not a sort of row pairs
    width = len(raw_uniques) + 1
    combined = np.unique(keys.astype(np.int64) * width + (raw + 1)) if len(keys) else \
        np.zeros(0, dtype=np.int64)
    pairs = zip((combined // width).tolist(), ((combined % width) - 1).tolist())
    out: dict[Any, list[Any]] = {}
    for k, r in pairs:
        if k >= 0:
            out.setdefault(key_uniques[k], []).append(None if r < 0 else raw_uniques[r])
    return {k: tuple(sorted(v, key=lambda x: (x is not None, str(x)))) for k, v in out.items()}




def case_keys(frame: pd.DataFrame) -> pd.Series:
    """The case ids of ``frame`` as ids compare (:func:`coerce.id_key`): worked out once, by
    :func:`prepare`, and read from there."""
    if CASE_KEY in frame:
        return frame[CASE_KEY]
    return coerce.id_key(frame["case_id"]) if len(frame) else pd.Series(dtype=object)


def prepare(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The accepted rows, with each defendant and victim knowing its case (opened on, offense,
    form, online), and each case id keyed once (:data:`CASE_KEY`)."""
    # copy-on-write (pandas 3): a shallow copy takes the new columns without touching the
    # dataset's tables, and copies no data
    t = {name: frame.copy(deep=False) for name, frame in tables.items()}
    cases = t["Cases"]
    key = case_keys(cases)
    cases[CASE_KEY] = key
    first = (~key.duplicated().to_numpy() & key.notna().to_numpy()) if len(cases) else \
        np.zeros(0, dtype=bool)
    known = pd.Index(key[first])
    for name in ("Defendants", "Victims"):
        frame = t[name]
        fkey = case_keys(frame)
        frame[CASE_KEY] = fkey
        # where each row's case is, found once; every case column taken from there
        at = known.get_indexer(fkey) if len(frame) and len(known) else \
            np.full(len(frame), -1, dtype=np.intp)
        hit = at >= 0
        for col in ("opened_on", "offense", "exploitation", "online", "law"):
            dated = col == "opened_on"
            source = (cases[col].to_numpy(dtype="datetime64[ns]") if dated
                      else cases[col].to_numpy(dtype=object))[first]
            out = (np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]") if dated
                   else np.full(len(frame), None, dtype=object))
            out[hit] = source[at[hit]]
            frame["case_" + col] = pd.Series(out, index=frame.index)
    return t
