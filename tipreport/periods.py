"""Reporting periods: the TIP period of an edition, the previous one, like-for-like spans.

Edition ``Y`` covers 1 April Y-1 – 31 March Y. When the data runs only through some day before
31 March (``data_through``), changes are computed against the same span of the previous period
(1 April – the same day and month a year earlier; 29 February maps to 28 February), so that
nine and a half months are never compared with twelve.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import schema

__all__ = ["Period", "tip_period", "calendar_period", "default_year", "same_day_a_year_before",
           "default_data_through"]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str = "tip"  # "tip" or "calendar"

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def until(self, day: dt.date) -> "Period":
        return Period(self.start, min(self.end, day), self.kind)

    def previous(self) -> "Period":
        return Period(same_day_a_year_before(self.start), same_day_a_year_before(self.end),
                      self.kind)

    @property
    def months(self) -> list[tuple[int, int]]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def mask(self, dates: pd.Series) -> pd.Series:
        """True where a date falls in the period (inclusive); False for missing dates."""
        return (dates >= pd.Timestamp(self.start)) & (dates <= pd.Timestamp(self.end))


def tip_period(year: int) -> Period:
    return Period(dt.date(year - 1, 4, 1), dt.date(year, 3, 31), "tip")


def calendar_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "calendar")


def same_day_a_year_before(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def default_year(submitted_on: dt.date) -> int:
    """The edition whose request for information is open on the submission date."""
    return submitted_on.year if submitted_on.month <= 6 else submitted_on.year + 1


def default_data_through(tables: dict[str, pd.DataFrame], period: Period,
                         submitted_on: dt.date) -> dt.date:
    """The latest event date on or before both the period's end and the submission date.

    Every date column counts but ``end_on`` (a planned end). With no such date, the earlier
    of the period's end and the submission date.
    """
    limit = pd.Timestamp(min(period.end, submitted_on))
    latest = None
    for sheet in schema.SHEETS.values():
        frame = tables.get(sheet.name)
        if frame is None or not len(frame):
            continue
        for column in sheet.columns:
            if column.kind != "date" or column.future_ok:
                continue
            dates = frame[column.name]
            dates = dates[dates <= limit]
            if len(dates) and dates.notna().any():
                value = dates.max()
                if latest is None or value > latest:
                    latest = value
    if latest is None or latest.date() < period.start:
        return min(period.end, submitted_on)
    return latest.date()
