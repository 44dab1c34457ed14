"""Reporting periods: the TIP period of an edition, the previous one, like-for-like spans.

Edition ``Y`` covers 1 April Y-1 – 31 March Y. When the data runs only through some day before
31 March (``data_through``), changes are computed against the same span of the previous period
(1 April – the same day and month a year earlier; 29 February maps to 28 February), so that
nine and a half months are never compared with twelve.

With no edition given (no ``year``, no ``report_year``), :func:`choose_edition` takes the one
whose period holds the latest event date on or before the submission date, and says so
(:class:`Edition`): the data, not the calendar, decides which year is being reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import schema

__all__ = ["Period", "Edition", "tip_period", "calendar_period", "edition_of", "default_year",
           "choose_edition", "latest_event", "same_day_a_year_before", "default_data_through"]


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


def edition_of(day: dt.date) -> int:
    """The edition whose period holds ``day`` (April onwards belongs to next year's)."""
    return day.year + 1 if day.month >= 4 else day.year


def default_year(submitted_on: dt.date, tables: dict[str, pd.DataFrame] | None = None) -> int:
    """The edition whose period holds the latest event date on or before the submission date
    (decisions.md, "Default edition"); with no dated record, the edition whose request for
    information is open on the submission date."""
    latest = latest_event(tables, submitted_on) if tables is not None else None
    if latest is not None:
        return edition_of(latest)
    return submitted_on.year if submitted_on.month <= 6 else submitted_on.year + 1


@dataclass(frozen=True)
class Edition:
    """Which edition was built, and why: ``source`` is ``argument`` (``year=``, ``--year``),
    ``sheet`` (the Submission sheet's ``report_year``), ``data`` (the period holding the
    latest event date on or before the submission date) or ``submission_date`` (no dated
    record at all: the edition whose request for information is open then)."""

    year: int
    source: str
    #: the Submission sheet's report_year, when it has one
    sheet_year: int | None = None
    #: the latest event date on or before the submission date (None: no dated record)
    latest: dt.date | None = None

    @property
    def data_year(self) -> int | None:
        """The edition whose period holds the latest record."""
        return edition_of(self.latest) if self.latest is not None else None


def choose_edition(tables: dict[str, pd.DataFrame], submitted_on: dt.date,
                   given: int | None = None, sheet_year: int | None = None) -> Edition:
    """The edition to build: the one given, else the sheet's, else the data's."""
    latest = latest_event(tables, submitted_on)
    if given is not None:
        return Edition(int(given), "argument", sheet_year, latest)
    if sheet_year is not None:
        return Edition(int(sheet_year), "sheet", sheet_year, latest)
    if latest is not None:
        return Edition(edition_of(latest), "data", None, latest)
    return Edition(default_year(submitted_on), "submission_date", None, None)


def latest_event(tables: dict[str, pd.DataFrame] | None, limit: dt.date) -> dt.date | None:
    """The latest date on or before ``limit`` in any date column but ``end_on`` (a planned
    end), or None."""
    stamp = pd.Timestamp(limit)
    latest = None
    for sheet in schema.SHEETS.values():
        frame = (tables or {}).get(sheet.name)
        if frame is None or not len(frame):
            continue
        for column in sheet.columns:
            if column.kind != "date" or column.future_ok or column.name not in frame:
                continue
            dates = frame[column.name]
            dates = dates[dates <= stamp]
            if len(dates) and dates.notna().any():
                value = dates.max()
                if latest is None or value > latest:
                    latest = value
    return latest.date() if latest is not None else None


def default_data_through(tables: dict[str, pd.DataFrame], period: Period,
                         submitted_on: dt.date) -> dt.date:
    """The latest event date on or before both the period's end and the submission date.

    Every date column counts but ``end_on`` (a planned end). With no such date, the earlier
    of the period's end and the submission date.
    """
    latest = latest_event(tables, min(period.end, submitted_on))
    if latest is None or latest < period.start:
        return min(period.end, submitted_on)
    return latest
