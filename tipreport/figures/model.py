"""The figures' data: one number (:class:`Figure`), money, sentence terms, and the whole set.

Plain, frozen data. Renderers, the prose and the text views only read it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..periods import Edition, Period

__all__ = ["Figure", "Money", "Terms", "Gaps", "Verdict", "Figures", "WINDOWS", "NEEDS",
           "PERCENT_BASE", "num"]

WINDOWS = ("current", "previous", "previous_full")
#: the sheets a figure counts from, by the sheet it counts (``Figure.sheet``): without Cases,
#: trafficking defendants cannot be told apart from others
NEEDS: dict[str, tuple[str, ...]] = {"Cases": ("Cases",), "Defendants": ("Cases", "Defendants"),
                                     "Victims": ("Victims",), "Activities": ("Activities",)}
#: a percent change is given only when the previous value is at least this (decisions.md)
PERCENT_BASE = 10
_EMPTY = np.array([], dtype=np.int64)


def num(value: Any) -> int | float:
    """A count or sum as JSON wants it: whole numbers as ``int``, others rounded to cents."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    value = float(value)
    if math.isfinite(value) and value.is_integer():
        return int(value)
    return round(value, 2)


@dataclass(frozen=True, eq=False)
class Figure:
    """One number, in three windows, with its breakdowns and the rows behind it.

    ``current`` is this period through ``data_through``; ``previous`` the same span of the
    previous period (the like-for-like value every change is computed from); ``previous_full``
    the whole previous period. ``by[dimension][key]`` are Figures too. ``rows[window]`` are the
    index labels, in ``Figures.tables[sheet]``, of the rows behind the value (found when first
    asked for). ``filter`` says which rows those are, as conditions on the columns of one
    sheet (:class:`~tipreport.figures.filters.Filter`): what the audit workbook's index prints.
    """

    current: float
    previous: float
    previous_full: float
    sheet: str = ""
    by: dict[str, dict[str, "Figure"]] = field(default_factory=dict, repr=False)
    #: makes ``rows`` when first asked for: window → index labels
    where: Callable[[], dict[str, np.ndarray]] | None = field(default=None, repr=False)
    #: the rows behind it as conditions on one sheet's columns (None: not one filter)
    filter: Any = field(default=None, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def rows(self) -> dict[str, np.ndarray]:
        if "rows" not in self._cache:
            made = self.where() if self.where is not None else {}
            self._cache["rows"] = {w: np.asarray(made.get(w, _EMPTY)) for w in WINDOWS}
        return self._cache["rows"]

    @property
    def change(self) -> int | float:
        return num(self.current - self.previous)

    @property
    def new(self) -> bool:
        """True when the previous (like-for-like) value was 0."""
        return self.previous == 0

    @property
    def change_pct(self) -> float | None:
        """The change in percent; None when the previous value is under 10 (too small a base
        for a percentage to mean anything)."""
        if self.previous < PERCENT_BASE:
            return None
        return round(100.0 * (self.current - self.previous) / self.previous, 1)

    def to_dict(self, missing: tuple[str, ...] = ()) -> dict[str, Any]:
        """The figure as JSON wants it. ``missing``: the sheets it counts from that were not
        supplied; its values are then ``null`` (never a 0 a reader could take for "none"), and
        ``not_supplied`` names them."""
        if missing:
            return {"current": None, "previous": None, "previous_full": None, "change": None,
                    "change_pct": None, "new": None,
                    "not_supplied": f"no {' or '.join(missing)} sheet"}
        out: dict[str, Any] = {
            "current": num(self.current),
            "previous": num(self.previous),
            "previous_full": num(self.previous_full),
            "change": self.change,
            "change_pct": self.change_pct,
            "new": self.new,
        }
        for dim, parts in self.by.items():
            out[f"by_{dim}"] = {k: f.to_dict() for k, f in parts.items()}
        return out

    def top(self, dim: str, n: int) -> tuple[list[tuple[str, "Figure"]], "Figure | None"]:
        """The ``n`` largest parts of a breakdown (by current value), and one figure adding up
        the rest, rows included (None when nothing is left over)."""
        parts = sorted(self.by[dim].items(), key=lambda kv: (-kv[1].current, kv[0]))
        head, tail = parts[:n], parts[n:]
        if not tail:
            return head, None

        def where() -> dict[str, np.ndarray]:
            return {w: np.concatenate([f.rows[w] for _, f in tail]) for w in WINDOWS}

        rest = Figure(num(sum(f.current for _, f in tail)),
                      num(sum(f.previous for _, f in tail)),
                      num(sum(f.previous_full for _, f in tail)), self.sheet, where=where)
        return head, rest

    def __getitem__(self, path: str) -> "Figure":
        """``figure["by_exploitation.labor"]`` or ``figure["exploitation.labor"]``."""
        dim, _, key = path.partition(".")
        return self.by[dim.removeprefix("by_")][key]

    def __repr__(self) -> str:
        return (f"Figure(current={num(self.current)}, previous={num(self.previous)}, "
                f"previous_full={num(self.previous_full)})")


@dataclass(frozen=True, eq=False)
class Money:
    """Sums of money, per currency, never converted (``by_currency[ISO 4217]``)."""

    by_currency: dict[str, Figure]

    def to_dict(self, missing: tuple[str, ...] = ()) -> dict[str, Any]:
        if missing:
            return {"by_currency": {}, "not_supplied": f"no {' or '.join(missing)} sheet"}
        return {"by_currency": {k: f.to_dict() for k, f in self.by_currency.items()}}

    def __bool__(self) -> bool:
        return bool(self.by_currency)


@dataclass(frozen=True)
class Terms:
    """Prison terms (months, not fully suspended) per window: how many, shortest, median,
    longest. Empty windows have ``count`` 0 and ``None`` for the rest."""

    windows: dict[str, dict[str, Any]]

    def __getitem__(self, window: str) -> dict[str, Any]:
        return self.windows[window]

    def to_dict(self) -> dict[str, Any]:
        return {w: dict(v) for w, v in self.windows.items()}


@dataclass(frozen=True)
class Gaps:
    """What the document must say is missing or thin."""

    not_supplied: tuple[str, ...]  # sheets no file had
    no_records: tuple[str, ...]  # sheets supplied with a header and no rows
    empty_columns: tuple[tuple[str, str], ...]  # (sheet, column) empty for the whole period
    #: (file, sheet, column, ("2025-07", …)): months of the period with no record from a file
    missing_months: tuple[tuple[str, str, str, tuple[str, ...]], ...]
    #: the same for the previous period
    missing_months_previous: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()
    #: (file, sheet, column, "2024-07"): a source whose records start after the previous
    #: period began ("verdicts are recorded from July 2024")
    recorded_from: tuple[tuple[str, str, str, str], ...] = ()
    #: headline figures that more than doubled on a base of at least 10 (key, previous, current)
    jumps: tuple[tuple[str, float, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        def months(items):
            return [{"file": f, "sheet": s, "column": c, "months": list(m)}
                    for f, s, c, m in items]

        return {
            "not_supplied": list(self.not_supplied),
            "no_records": list(self.no_records),
            "empty_columns": [{"sheet": s, "column": c} for s, c in self.empty_columns],
            "missing_months": months(self.missing_months),
            "missing_months_previous": months(self.missing_months_previous),
            "recorded_from": [{"file": f, "sheet": s, "column": c, "month": m}
                              for f, s, c, m in self.recorded_from],
            "jumps": [{"figure": k, "previous": num(p), "current": num(c)}
                      for k, p, c in self.jumps],
        }


@dataclass(frozen=True)
class Verdict:
    """How an analyst will likely read a pillar: for the ministry's eyes only."""

    pillar: str
    verdict: str  # increased | maintained | decreased
    mixed: bool
    rose: tuple[str, ...]
    fell: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "mixed": self.mixed, "rose": list(self.rose),
                "fell": list(self.fell)}


@dataclass(frozen=True, eq=False)
class Figures:
    """Every number of the submission, and everything the document says besides: the
    ministry's narrative, what was supplied, the sources and the rows left out. The composer
    reads this object alone; renderers read the document made from it."""

    year: int
    period: Period  # the whole period (current edition or calendar year)
    data_through: dt.date
    previous_period: Period  # the whole previous period
    like_for_like: Period  # the span of the previous period the changes compare against
    submitted_on: dt.date
    submission: dict[str, Any]  # country, government_body, contact_…, currency, language, …
    country_code: str | None
    prosecution: dict[str, Any]
    protection: dict[str, Any]
    prevention: dict[str, Any]
    partnership: dict[str, Any]
    other_offences: dict[str, Any]
    gaps: Gaps
    #: the period ledger: one entry per event date column (decisions.md)
    ledger: tuple[dict[str, Any], ...]
    verdicts: dict[str, Verdict]
    notes: dict[str, Any]  # counts the data notes state, all read from the ledger
    tables: dict[str, pd.DataFrame] = field(repr=False)  # the accepted rows figures point into
    #: the previous report's recommendations, answered: counts by status, and the list
    recommendations: dict[str, Any] = field(default_factory=dict)
    #: agreements of every pillar (kind ``agreement``), by pillar
    agreements: Figure | None = None
    #: evidence id (as written) → what it is: activity or case, title, date, agency, outcome
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the ministry's own text: section → paragraphs
    narrative: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the data sheets supplied by at least one file (even with no rows)
    supplied: tuple[str, ...] = ()
    #: rows read per file and sheet: {"file", "sheet", "read", "accepted", "rejected"}
    sources: tuple[dict[str, Any], ...] = ()
    #: rows left out for errors: {"file", "sheet", "row", "codes"}
    rejected: tuple[dict[str, Any], ...] = ()
    #: text cells withheld because they held personal data: {"file", "sheet", "row", "column"}
    withheld: tuple[dict[str, Any], ...] = ()
    calendar: "Figures | None" = None
    #: what the ministry should know before sending (records left for the update, …)
    warnings: tuple[str, ...] = ()
    #: which edition was built and why (given, the Submission sheet's, or the data's)
    edition: Edition | None = None

    # -- reading -----------------------------------------------------------------------------

    @property
    def is_like_for_like(self) -> bool:
        return self.like_for_like.end < self.previous_period.end

    @property
    def windows(self) -> dict[str, Period]:
        """The three windows every figure is counted in: ``current`` (the period through
        ``data_through``), ``previous`` (the like-for-like span), ``previous_full``."""
        return {"current": self.period.until(self.data_through),
                "previous": self.like_for_like, "previous_full": self.previous_period}

    @property
    def pillars(self) -> dict[str, dict[str, Any]]:
        return {"prosecution": self.prosecution, "protection": self.protection,
                "prevention": self.prevention, "partnership": self.partnership,
                "other_offences": self.other_offences}

    def is_supplied(self, sheet: str) -> bool:
        return sheet in self.supplied

    def missing_sheets(self, fig: "Figure | Money | None") -> tuple[str, ...]:
        """The sheets ``fig`` counts from that no file supplied (empty: it was supplied)."""
        if isinstance(fig, Money):
            sheets = {f.sheet for f in fig.by_currency.values()} or {"Activities"}
            return tuple(s for sheet in sorted(sheets) for s in NEEDS.get(sheet, ())
                         if not self.is_supplied(s))
        if fig is None:
            return ()
        return tuple(s for s in NEEDS.get(fig.sheet, ()) if not self.is_supplied(s))

    @property
    def days_to_deadline(self) -> int | None:
        """Days from the submission date to the ``deadline`` (negative: late); None without one."""
        deadline = self.submission.get("deadline")
        if not isinstance(deadline, dt.date):
            return None
        return (deadline - self.submitted_on).days

    def get(self, path: str) -> Any:
        """A figure by its dotted key:
        ``figures.get("prosecution.investigations.by_exploitation.labor")``."""
        from .keys import resolve

        return resolve(self, path)

    def keys(self) -> list[str]:
        """Every figure's dotted key (breakdowns included)."""
        from .keys import all_keys

        return all_keys(self)

    # -- shapes ------------------------------------------------------------------------------

    def to_dict(self, *, sent: bool = False) -> dict[str, Any]:
        """Plain JSON-ready data. ``sent=True`` keeps only what the document sent holds: no
        file names, rows or sources (the shape of ``<name>.figures.json``)."""
        from .keys import NOT_SENT_SETTINGS, plain

        sub = {k: (v.isoformat() if isinstance(v, dt.date) else v)
               for k, v in self.submission.items()
               if not (sent and k in NOT_SENT_SETTINGS)}
        missing = self.missing_sheets
        out = {
            "year": self.year,
            "period": {"kind": self.period.kind, "start": self.period.start.isoformat(),
                       "end": self.period.end.isoformat(),
                       "data_through": self.data_through.isoformat()},
            "previous_period": {"start": self.previous_period.start.isoformat(),
                                "end": self.previous_period.end.isoformat()},
            "comparison": {"like_for_like": self.is_like_for_like,
                           "start": self.like_for_like.start.isoformat(),
                           "end": self.like_for_like.end.isoformat()},
            "submitted_on": self.submitted_on.isoformat(),
            "submission": sub,
            **{name: plain(pillar, sent, missing) for name, pillar in self.pillars.items()},
            "agreements": (self.agreements.to_dict(missing(self.agreements))
                           if self.agreements is not None else None),
            "recommendations": plain(self.recommendations, sent),
            "evidence": plain(self.evidence, sent),
            "supplied": list(self.supplied),
            "gaps": self.gaps.to_dict(),
            "ledger": [dict(e) for e in self.ledger],
            "notes": plain(self.notes, sent),
        }
        if sent:
            # what the document does not print: the internal reference of a case example
            out["prosecution"]["case_examples"] = [
                {k: v for k, v in e.items() if k != "case_id"}
                for e in out["prosecution"]["case_examples"]]
        if not sent:
            out["verdicts"] = {k: v.to_dict() for k, v in self.verdicts.items()}
            out["sources"] = [dict(s) for s in self.sources]
            out["rejected"] = [dict(r) for r in self.rejected]
            out["warnings"] = list(self.warnings)
        else:
            out["gaps"] = {k: v for k, v in out["gaps"].items()
                           if k in ("not_supplied", "no_records", "empty_columns")}
        if self.calendar is not None:
            out["calendar"] = {k: v for k, v in self.calendar.to_dict(sent=sent).items()
                               if k not in ("submission", "verdicts", "calendar", "sources",
                                            "rejected", "warnings")}
        return out

    # -- text views (tipreport.views writes them) --------------------------------------------

    def summary(self) -> str:
        """The headline figures as text, with the readiness view (for the ministry)."""
        from ..views import summary_text

        return summary_text(self)

    def readiness(self) -> str:
        """How an analyst will likely read the figures, the gaps and the days left (text)."""
        from ..views import readiness_text

        return readiness_text(self)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"<Figures {self.year} through {self.data_through}>"

    def _repr_html_(self) -> str:
        from ..views import summary_html

        return summary_html(self)
