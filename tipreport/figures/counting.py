"""Counting rows into Figures: one table, three windows, breakdowns by code.

Each date column is turned into one boolean array per window once; each breakdown dimension
is factorized once; a breakdown is one ``np.bincount`` per window. The rows behind a value are
found only when someone asks for them (``Figure.rows``), so the same code serves 300 rows and
300,000.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from .. import coerce
from ..periods import Period
from .model import WINDOWS, Figure, num

__all__ = ["Counter", "prepare", "flag", "UNKNOWN_LAST"]


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
    """Makes Figures for one table over the windows, with lazily found provenance."""

    def __init__(self, sheet: str, frame: pd.DataFrame, windows: dict[str, Period]):
        self.sheet, self.frame, self.windows = sheet, frame, windows
        self.index = frame.index.to_numpy()
        self.n = len(frame)
        self._when: dict[Any, dict[str, np.ndarray]] = {}
        self._dims: dict[str, tuple[np.ndarray, list[Any]]] = {}

    # -- windows ---------------------------------------------------------------------------------

    def dated(self, column: str) -> dict[str, np.ndarray]:
        """Window → rows whose ``column`` falls in it (inclusive; missing dates never do)."""
        key = ("dated", column)
        if key not in self._when:
            values = self.frame[column].to_numpy(dtype="datetime64[ns]")
            self._when[key] = {w: (values >= np.datetime64(p.start, "ns"))
                               & (values <= np.datetime64(p.end, "ns"))
                               for w, p in self.windows.items()}
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

    # -- figures -----------------------------------------------------------------------------------

    def figure(self, base: Any, when: dict[str, np.ndarray],
               dims: dict[str, pd.Series] | None = None,
               keys: dict[str, tuple[str, ...]] | None = None,
               weights: pd.Series | None = None) -> Figure:
        """Rows that are in ``base`` and in each window of ``when``, counted (or ``weights``
        summed), broken down by each of ``dims`` (keys fixed by ``keys``, else the values
        found)."""
        base = flag(base, self.frame.index)
        masks = {w: base & when[w] for w in WINDOWS}
        w_arr = None
        if weights is not None:
            w_arr = pd.to_numeric(weights, errors="coerce").fillna(0).to_numpy(dtype=float)
        values = {w: (int(np.count_nonzero(m)) if w_arr is None else num(w_arr[m].sum()))
                  for w, m in masks.items()}
        index = self.index
        by: dict[str, dict[str, Figure]] = {}
        for dim, series in (dims or {}).items():
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
                if i is None:
                    parts[str(key)] = Figure(0, 0, 0, self.sheet)
                    continue

                def where(i=i, codes=codes) -> dict[str, np.ndarray]:
                    return {w: index[masks[w] & (codes == i)] for w in WINDOWS}

                parts[str(key)] = Figure(num(counts["current"][i]), num(counts["previous"][i]),
                                         num(counts["previous_full"][i]), self.sheet,
                                         where=where)
            by[dim] = parts

        def where_all() -> dict[str, np.ndarray]:
            return {w: index[m] for w, m in masks.items()}

        return Figure(values["current"], values["previous"], values["previous_full"],
                      self.sheet, by, where_all)


def prepare(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The accepted rows, with each defendant and victim knowing its case (opened on, offense,
    form, online)."""
    t = {name: frame.copy() for name, frame in tables.items()}
    cases = t["Cases"]
    key = coerce.id_key(cases["case_id"]) if len(cases) else pd.Series(dtype=object)
    by_key = (cases.assign(_key=key).drop_duplicates("_key").set_index("_key")
              if len(cases) else None)
    for name in ("Defendants", "Victims"):
        frame = t[name]
        fkey = coerce.id_key(frame["case_id"]) if len(frame) else pd.Series(dtype=object)
        for col in ("opened_on", "offense", "exploitation", "online", "law"):
            if by_key is not None and len(frame):
                frame["case_" + col] = fkey.map(by_key[col])
            else:
                frame["case_" + col] = pd.Series(index=frame.index, dtype=object)
        frame["case_opened_on"] = pd.to_datetime(frame["case_opened_on"])
    return t
