"""The one formatter: numbers, money, percentages, changes and dates, written the same way in
the prose, the tables, the charts and the text views, in the document's language.

Numbers and dates go through Babel (CLDR), so a document in another language writes them as
that language does. Nothing here computes a figure: a change or a USD equivalent is written
from values the figures hold (the rate is the submission's ``usd_rate``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["Formatter", "DASH"]

#: an empty cell that must not be read as 0
DASH = "–"
_MINUS = "−"


@lru_cache(maxsize=16)
def _locale(language: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language or "en")
        return language or "en"
    except (UnknownLocaleError, ValueError, TypeError):
        return "en"


@dataclass(frozen=True)
class Formatter:
    """``Formatter("en").number(1234)`` → ``"1,234"``.

    ``currency`` and ``usd_rate`` (units of the currency per US dollar) let :meth:`money` add a
    USD equivalent; ``suppress_below`` (0 = off) writes counts from 1 to N-1 as ``"<N"``.
    """

    language: str = "en"
    currency: str = "KHR"
    usd_rate: float | None = None
    suppress_below: int = 0

    @property
    def locale(self) -> str:
        return _locale(self.language)

    # -- numbers ---------------------------------------------------------------------------------

    def number(self, value: Any, *, decimals: int = 1, suppress: bool = True) -> str:
        """A count or a quantity: ``1,234``; a fraction with at most ``decimals`` places;
        ``–`` for a missing value."""
        from babel.numbers import format_decimal

        if value is None:
            return DASH
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if suppress and self.is_suppressed(value):
            return f"<{self.suppress_below}"
        pattern = "#,##0" if isinstance(value, int) else "#,##0." + "#" * decimals
        text = format_decimal(value, format=pattern, locale=self.locale)
        return text.replace("-", _MINUS)

    def is_suppressed(self, value: Any) -> bool:
        """True for a small count hidden by small-cell suppression."""
        try:
            return bool(self.suppress_below) and 0 < float(value) < self.suppress_below
        except (TypeError, ValueError):
            return False

    def percent(self, value: float | None) -> str:
        """``12.3`` → ``12.3%`` (one decimal)."""
        from babel.numbers import format_decimal

        if value is None:
            return DASH
        return format_decimal(value, format="#,##0.0", locale=self.locale) + "%"

    def signed(self, value: float) -> str:
        sign = "+" if value > 0 else (_MINUS if value < 0 else "±")
        return sign + self.number(abs(value), suppress=False)

    # -- changes ---------------------------------------------------------------------------------

    def change(self, fig) -> str:
        """A table's change cell. A percentage only on a base of at least 10 (decisions.md);
        below that "+4 (from 1 to 5)"; "new" from 0; "none now" to 0."""
        from .figures.model import PERCENT_BASE

        cur, prev = fig.current, fig.previous
        if self.is_suppressed(cur) or self.is_suppressed(prev):
            return DASH  # a suppressed cell could be recovered from an exact change
        if cur == prev:
            return "no change" if cur else DASH
        if prev == 0:
            return "new"
        if cur == 0:
            return f"none now (from {self.number(prev)})"
        if prev < PERCENT_BASE:
            return f"{self.signed(cur - prev)} (from {self.number(prev)} to {self.number(cur)})"
        pct = 100.0 * (cur - prev) / prev
        sign = "+" if pct > 0 else _MINUS
        return f"{self.signed(cur - prev)} ({sign}{self.percent(abs(round(pct, 1)))})"

    def compared(self, fig, *, money: str | None = None) -> str:
        """The previous value for prose in brackets: ``"358"``; with ``money``, an amount."""
        if money is not None:
            return self.money(fig.previous, money, usd=False)
        return self.number(fig.previous)

    # -- money -----------------------------------------------------------------------------------

    def usd(self, value: float | None, currency: str) -> float | None:
        """The USD equivalent of ``value`` in ``currency``: USD as it is, the submission's
        currency at its ``usd_rate``; None when there is no rate for it."""
        if value is None:
            return None
        if currency == "USD":
            return float(value)
        if self.usd_rate and currency == self.currency:
            return float(value) / self.usd_rate
        return None

    def money(self, value: float | None, currency: str | None, *, usd: bool = True,
              unit: bool = True) -> str:
        """``4,100,000,000 KHR (US$1,012,346)``: whole units, the currency after the number
        (``unit=False`` leaves it to the column head), and the USD equivalent when a rate is
        given and the currency is not USD."""
        if value is None:
            return DASH
        text = self.number(round(float(value)), suppress=False)
        if unit and currency:
            text += "\u00a0" + currency
        if usd and currency and currency != "USD":
            eq = self.usd(value, currency)
            if eq is not None:
                text += f" (US${self.number(round(eq), suppress=False)})"
        return text

    # -- dates -----------------------------------------------------------------------------------

    def _as_date(self, day: Any) -> dt.date | None:
        if day is None:
            return None
        if isinstance(day, dt.datetime):
            return day.date()
        if isinstance(day, dt.date):
            return day
        return dt.date.fromisoformat(str(day)[:10])

    def date(self, day: Any) -> str:
        """``15 January 2026``."""
        from babel.dates import format_date

        day = self._as_date(day)
        return DASH if day is None else format_date(day, "d MMMM y", locale=self.locale)

    def date_short(self, day: Any) -> str:
        """``15 Jan 2026``."""
        from babel.dates import format_date

        day = self._as_date(day)
        return DASH if day is None else format_date(day, "d MMM y", locale=self.locale)

    def month(self, ym: str) -> str:
        """``"2024-07"`` → ``July 2024``."""
        from babel.dates import format_date

        y, m = ym.split("-")
        return format_date(dt.date(int(y), int(m), 1), "MMMM y", locale=self.locale)

    def span(self, start: Any, end: Any, *, short: bool = False) -> str:
        """A date range written compactly: ``22–24 Dec 2025``, ``28 Nov – 3 Dec 2025``,
        ``28 Dec 2025 – 3 Jan 2026``; one day as one date."""
        from babel.dates import format_date

        a, b = self._as_date(start), self._as_date(end)
        if a is None:
            return DASH
        month = "MMM" if short else "MMMM"
        if b is None or b == a:
            return format_date(a, f"d {month} y", locale=self.locale)
        loc = self.locale
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{format_date(b, f'd {month} y', locale=loc)}"
        if a.year == b.year:
            return (f"{format_date(a, f'd {month}', locale=loc)} – "
                    f"{format_date(b, f'd {month} y', locale=loc)}")
        return (f"{format_date(a, f'd {month} y', locale=loc)} – "
                f"{format_date(b, f'd {month} y', locale=loc)}")
