"""The figures: every number of the submission, for this period and the previous one.

:func:`compute` turns a :class:`~tipreport.dataset.Dataset` into one immutable
:class:`Figures` object. The PDF, the DOCX, the HTML, the generated prose and the charts all
read from it; nothing else computes a number. Counting rules: ``shared/spec/submission.md``
and ``docs/figures.md``.

Every :class:`Figure` holds three values — ``current`` (this period through ``data_through``),
``previous`` (the same span of the previous period: the like-for-like value the change is
computed from) and ``previous_full`` (the whole previous period) — its breakdowns, and the rows
behind each value (``figure.rows``), so that any number can be traced to file, sheet and row.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import coerce, schema
from .periods import (
    Period,
    calendar_period,
    default_data_through,
    default_year,
    same_day_a_year_before,
    tip_period,
)

__all__ = ["Figure", "Figures", "Gaps", "Verdict", "compute", "WINDOWS", "VERDICT_THRESHOLD"]

WINDOWS = ("current", "previous", "previous_full")
#: a headline figure "rose" or "fell" when it changed by at least this share (decisions.md)
VERDICT_THRESHOLD = 0.05
SENTENCE_BANDS = ("under_1y", "1_5y", "5_10y", "over_10y")


# --- one figure ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Figure:
    """One number, in three windows, with its breakdowns and the rows behind it."""

    current: float
    previous: float
    previous_full: float
    sheet: str = ""
    #: window → index labels of the rows behind the value, in ``Figures.tables[sheet]``
    rows: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    #: dimension → key → Figure
    by: dict[str, dict[str, "Figure"]] = field(default_factory=dict, repr=False)

    @property
    def change(self) -> float:
        return _num(self.current - self.previous)

    @property
    def new(self) -> bool:
        """True when the previous (like-for-like) value was 0: no percentage exists."""
        return self.previous == 0

    @property
    def change_pct(self) -> float | None:
        if self.previous == 0:
            return None
        return round(100.0 * (self.current - self.previous) / self.previous, 1)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "current": _num(self.current),
            "previous": _num(self.previous),
            "previous_full": _num(self.previous_full),
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
        rows = {w: np.concatenate([f.rows.get(w, np.array([], dtype=int)) for _, f in tail])
                for w in WINDOWS}
        rest = Figure(_num(sum(f.current for _, f in tail)),
                      _num(sum(f.previous for _, f in tail)),
                      _num(sum(f.previous_full for _, f in tail)), self.sheet, rows)
        return head, rest

    def __getitem__(self, path: str) -> "Figure":
        """``figure["by_exploitation.labor"]`` or ``figure["exploitation.labor"]``."""
        dim, _, key = path.partition(".")
        return self.by[dim.removeprefix("by_")][key]


@dataclass(frozen=True, eq=False)
class Money:
    """Sums of money, per currency, never converted."""

    by_currency: dict[str, Figure]

    def to_dict(self) -> dict[str, Any]:
        return {"by_currency": {k: f.to_dict() for k, f in self.by_currency.items()}}


def _num(value: float) -> float | int:
    if isinstance(value, (int, np.integer)):
        return int(value)
    value = float(value)
    if math.isfinite(value) and value.is_integer():
        return int(value)
    return round(value, 2)


class _Counter:
    """Makes Figures for one table, over the three windows, with provenance."""

    def __init__(self, sheet: str, frame: pd.DataFrame, windows: dict[str, Period]):
        self.sheet, self.frame, self.windows = sheet, frame, windows

    def figure(self, base: pd.Series, in_window: Callable[[Period], pd.Series],
               dims: dict[str, pd.Series] | None = None,
               keys: dict[str, tuple[str, ...]] | None = None,
               weights: pd.Series | None = None) -> Figure:
        masks = {w: (base & in_window(p)).fillna(False).astype(bool)
                 for w, p in self.windows.items()}
        return self._make(masks, dims or {}, keys or {}, weights)

    def _make(self, masks, dims, keys, weights) -> Figure:
        index = self.frame.index
        values, rows = {}, {}
        for w, m in masks.items():
            arr = m.to_numpy()
            rows[w] = index.to_numpy()[arr]
            if weights is None:
                values[w] = int(arr.sum())
            else:
                values[w] = _num(weights[m].fillna(0).sum())
        by: dict[str, dict[str, Figure]] = {}
        for dim, series in dims.items():
            wanted = keys.get(dim)
            if wanted is None:
                seen = set()
                for m in masks.values():
                    seen.update(series[m].dropna().unique().tolist())
                wanted = tuple(sorted(seen, key=lambda k: (k == "unknown", str(k))))
            by[dim] = {
                str(k): self._make({w: m & (series == k).fillna(False) for w, m in masks.items()},
                                   {}, {}, weights)
                for k in wanted
            }
        return Figure(values["current"], values["previous"], values["previous_full"],
                      self.sheet, rows, by)


def _dated(frame: pd.DataFrame, column: str) -> Callable[[Period], pd.Series]:
    return lambda p: p.mask(frame[column])


def _overlapping(frame: pd.DataFrame) -> Callable[[Period], pd.Series]:
    """Activities count in every period their [start_on, end_on] overlaps (blank end: one day)."""
    end = frame["end_on"].fillna(frame["start_on"])
    return lambda p: (frame["start_on"] <= pd.Timestamp(p.end)) & (end >= pd.Timestamp(p.start))


# --- the whole set --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gaps:
    """What the document must say is missing."""

    not_supplied: tuple[str, ...]  # sheets no file had
    no_records: tuple[str, ...]  # sheets supplied with a header and no rows
    empty_columns: tuple[tuple[str, str], ...]  # (sheet, column) empty for the whole period
    #: (file, sheet, column, ("2025-07", …)) months of the period with no record from a file
    missing_months: tuple[tuple[str, str, str, tuple[str, ...]], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "not_supplied": list(self.not_supplied),
            "no_records": list(self.no_records),
            "empty_columns": [{"sheet": s, "column": c} for s, c in self.empty_columns],
            "missing_months": [{"file": f, "sheet": s, "column": c, "months": list(m)}
                               for f, s, c, m in self.missing_months],
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
    """Every number of the submission. Renderers only read it."""

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
    #: the period ledger: one entry per event date column
    ledger: tuple[dict[str, Any], ...]
    verdicts: dict[str, Verdict]
    notes: dict[str, Any]  # counts the data notes state
    tables: dict[str, pd.DataFrame] = field(repr=False)  # the accepted rows figures point into
    #: the previous report's recommendations, answered: counts by status, and the list
    recommendations: dict[str, Any] = field(default_factory=dict)
    calendar: "Figures | None" = None
    #: what the ministry should know before sending (records left for the update, …)
    warnings: tuple[str, ...] = ()

    @property
    def is_like_for_like(self) -> bool:
        return self.like_for_like.end < self.previous_period.end

    @property
    def pillars(self) -> dict[str, dict[str, Any]]:
        return {"prosecution": self.prosecution, "protection": self.protection,
                "prevention": self.prevention, "partnership": self.partnership,
                "other_offences": self.other_offences}

    def get(self, path: str) -> Any:
        """A figure by its dotted key: ``figures.get("prosecution.investigations.by_exploitation.labor")``."""
        parts = path.split(".")
        node: Any = self.pillars[parts[0]]
        i = 1
        while i < len(parts):
            part = parts[i]
            if isinstance(node, dict):
                node = node[part]
            elif isinstance(node, Money):
                node = node.by_currency[parts[i + 1]] if part == "by_currency" else None
                i += 1
            elif isinstance(node, Figure):
                node = node.by[part.removeprefix("by_")][parts[i + 1]]
                i += 1
            i += 1
        return node

    def to_dict(self) -> dict[str, Any]:
        def plain(node: Any) -> Any:
            if isinstance(node, (Figure, Money)):
                return node.to_dict()
            if isinstance(node, dict):
                return {k: plain(v) for k, v in node.items()}
            if isinstance(node, (list, tuple)):
                return [plain(v) for v in node]
            if isinstance(node, (dt.date,)):
                return node.isoformat()
            return node

        sub = {k: (v.isoformat() if isinstance(v, dt.date) else v)
               for k, v in self.submission.items()}
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
            **{name: plain(pillar) for name, pillar in self.pillars.items()},
            "gaps": self.gaps.to_dict(),
            "ledger": [dict(e) for e in self.ledger],
            "verdicts": {k: v.to_dict() for k, v in self.verdicts.items()},
            "recommendations": plain(self.recommendations),
            "notes": plain(self.notes),
            "warnings": list(self.warnings),
        }
        if self.calendar is not None:
            out["calendar"] = {k: v for k, v in self.calendar.to_dict().items()
                               if k not in ("submission", "verdicts", "calendar")}
        return out

    def summary(self) -> str:
        """The headline figures as text, with the readiness verdicts (for the ministry)."""
        from .compose import headline_rows

        lines = [f"TIP report {self.year}: {self.period.start:%d %b %Y} – {self.period.end:%d %b %Y}"
                 f", data through {self.data_through:%d %b %Y}",
                 f"Compared with {self.like_for_like.start:%d %b %Y} – "
                 f"{self.like_for_like.end:%d %b %Y}"
                 + (" (like for like)" if self.is_like_for_like else ""), ""]
        width = max(len(r[0]) for r in headline_rows(self))
        lines.append(f"  {'':{width}}  {'this period':>12}  {'previous':>12}  {'change':>10}")
        for label, cur, prev, change in headline_rows(self):
            lines.append(f"  {label:{width}}  {cur:>12}  {prev:>12}  {change:>10}")
        lines.append("")
        lines.extend(f"Note: {w}" for w in self.warnings)
        lines.append(self.readiness())
        return "\n".join(lines)

    @property
    def days_to_deadline(self) -> int | None:
        """Days from the submission date to the ``deadline`` (negative: late); None without one."""
        deadline = self.submission.get("deadline")
        if not isinstance(deadline, dt.date):
            return None
        return (deadline - self.submitted_on).days

    def readiness(self) -> str:
        """How an analyst will likely read the figures, the gaps and the days left (text)."""
        lines = ["Readiness (for the ministry only, never printed in the submission):"]
        for pillar, v in self.verdicts.items():
            extra = " (mixed)" if v.mixed else ""
            why = []
            if v.rose:
                why.append("rose: " + ", ".join(v.rose))
            if v.fell:
                why.append("fell: " + ", ".join(v.fell))
            lines.append(f"  {pillar:12} {v.verdict}{extra}"
                         + (f"  ({'; '.join(why)})" if why else ""))
        deadline = self.submission.get("deadline")
        days = self.days_to_deadline
        if days is not None:
            lines.append(f"  deadline     {deadline.isoformat()}: "
                         + (f"{days} days after the submission date" if days >= 0
                            else f"{-days} days PAST"))
        if self.gaps.not_supplied:
            lines.append(f"  not supplied: {', '.join(self.gaps.not_supplied)}")
        for sheet, column in self.gaps.empty_columns:
            lines.append(f"  empty for the whole period: {sheet}.{column}")
        if self.gaps.missing_months:
            lines.append(f"  sources with months without records: "
                         f"{len(self.gaps.missing_months)} (see the data notes)")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return f"<Figures {self.year} through {self.data_through}>"

    def _repr_html_(self) -> str:
        import html

        from .compose import headline_rows

        rows = "".join(f"<tr><td>{html.escape(a)}</td><td style='text-align:right'>{b}</td>"
                       f"<td style='text-align:right'>{c}</td><td style='text-align:right'>{d}"
                       f"</td></tr>" for a, b, c, d in headline_rows(self))
        verdicts = "".join(f"<li>{p}: <strong>{v.verdict}</strong>{' (mixed)' if v.mixed else ''}"
                           f"</li>" for p, v in self.verdicts.items())
        return (f"<div><p><strong>TIP report {self.year}</strong>, data through "
                f"{self.data_through:%d %B %Y}</p><table><thead><tr><th></th><th>this period</th>"
                f"<th>previous</th><th>change</th></tr></thead><tbody>{rows}</tbody></table>"
                f"<p>Readiness (for the ministry only):</p><ul>{verdicts}</ul></div>")


# --- compute -------------------------------------------------------------------------------------


def compute(dataset, year: int | None = None, *, submitted_on: dt.date | str | None = None,
            data_through: dt.date | str | None = None, calendar_year: int | None = None,
            **submission: Any) -> Figures:
    """Every figure of the submission for edition ``year``.

    ``year`` defaults to the ``Submission`` sheet's ``report_year``, else the edition open on
    the submission date. Keyword arguments (``country``, ``government_body``, ``contact_name``,
    ``contact_email``, ``currency``, ``language``, ``deadline``) win over the sheet.
    """
    from .dataset import _as_date
    from .errors import UsageError
    from .settings import validate_setting

    values = dict(dataset.submission)
    for key, value in submission.items():
        if key not in schema.SUBMISSION_KEYS:
            raise UsageError(f"unknown submission setting {key!r}; known: "
                             f"{', '.join(schema.SUBMISSION_KEYS)}")
        if value is not None:
            values[key] = validate_setting(key, value, date_order=dataset.date_order)
    if submitted_on is not None:
        values["submitted_on"] = _as_date(submitted_on)
    if data_through is not None:
        values["data_through"] = _as_date(data_through)
    if isinstance(values.get("deadline"), str):
        values["deadline"] = _as_date(values["deadline"])
    sub_date = values.get("submitted_on") or dataset.submitted_on or dt.date.today()
    values["submitted_on"] = sub_date
    if year is None:
        year = values.get("report_year") or default_year(sub_date)
    year = int(year)
    values["report_year"] = year
    values.setdefault("currency", "KHR")
    values.setdefault("language", "en")
    country_code = None
    if values.get("country"):
        country_code = coerce.countries().get(schema.normalize(values["country"]))
        if country_code:
            values["country"] = coerce.country_name(country_code)
    period = tip_period(year)
    through = values.get("data_through") or default_data_through(dataset.tables, period,
                                                                  sub_date)
    if through > sub_date:
        raise UsageError(f"data_through ({through}) is after the submission date ({sub_date})")
    if through < period.start:
        raise UsageError(f"data_through ({through}) is before the reporting period of the "
                         f"{year} edition ({period.start} – {period.end}); check the year")
    values["data_through"] = through
    figures = _compute(dataset.tables, period, through, sub_date, values, country_code, year,
                       dataset)
    if calendar_year is not None:
        cal = calendar_period(int(calendar_year))
        cal_through = min(cal.end, through if through >= cal.start else cal.end, sub_date)
        calendar = _compute(dataset.tables, cal, cal_through, sub_date, values, country_code,
                            int(calendar_year), dataset)
        figures = _replace(figures, calendar=calendar)
    return figures


def _replace(figures: Figures, **changes) -> Figures:
    import dataclasses

    return dataclasses.replace(figures, **changes)


def _compute(tables, period: Period, through: dt.date, submitted_on: dt.date, submission,
             country_code, year, dataset) -> Figures:
    previous = period.previous()
    lfl_end = same_day_a_year_before(through) if through < period.end else previous.end
    windows = {
        "current": period.until(through),
        "previous": Period(previous.start, lfl_end, period.kind),
        "previous_full": previous,
    }
    t = _prepare(tables)
    prosecution = _prosecution(t, windows)
    protection = _protection(t, windows, country_code)
    prevention = _activities(t, windows, "prevention")
    partnership = _activities(t, windows, "partnership")
    prosecution["activities"] = _activities(t, windows, "prosecution")
    protection["activities"] = _activities(t, windows, "protection")
    other = _other_offences(t, windows)
    figures = Figures(
        year=year, period=period, data_through=through, previous_period=previous,
        like_for_like=windows["previous"], submitted_on=submitted_on, submission=submission,
        country_code=country_code, prosecution=prosecution, protection=protection,
        prevention=prevention, partnership=partnership, other_offences=other,
        gaps=_gaps(dataset, t, windows["current"]),
        ledger=tuple(_period_ledger(t, period, through, submitted_on, previous)),
        verdicts={}, notes=_notes(t, windows, period, through, dataset), tables=t,
        recommendations=_recommendations(t["Recommendations"]),
    )
    return _replace(figures, verdicts=_verdicts(figures), warnings=_warnings(figures))


def _warnings(figures: Figures) -> tuple[str, ...]:
    out = []
    missing = [key for key in ("country", "government_body", "contact_name", "contact_email")
               if not figures.submission.get(key)]
    if missing:
        out.append(f"The submission does not name its {', '.join(missing)}: add "
                   f"{'them' if len(missing) > 1 else 'it'} to the Submission sheet (or give "
                   "--country, --body, --contact-name, --contact-email).")
    after = figures.notes["after_data_through"]
    if after:
        total = sum(after.values())
        detail = ", ".join(f"{n:,} {k}" for k, n in after.items())
        out.append(f"{total:,} record{'s' if total != 1 else ''} dated after "
                   f"{figures.data_through.isoformat()} (data_through) and inside the period "
                   f"{'are' if total != 1 else 'is'} left out of the figures and will follow in "
                   f"the supplementary update ({detail}).")
    return tuple(out)


def _prepare(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The accepted rows, with each defendant and victim knowing its case."""
    t = {name: frame.copy() for name, frame in tables.items()}
    cases = t["Cases"]
    key = coerce.id_key(cases["case_id"]) if len(cases) else pd.Series(dtype=object)
    by_key = cases.assign(_key=key).drop_duplicates("_key").set_index("_key") if len(cases) \
        else None
    for name in ("Defendants", "Victims"):
        frame = t[name]
        fkey = coerce.id_key(frame["case_id"]) if len(frame) else pd.Series(dtype=object)
        for col in ("opened_on", "offense", "exploitation"):
            if by_key is not None and len(frame):
                frame["case_" + col] = fkey.map(by_key[col])
            else:
                frame["case_" + col] = pd.Series(index=frame.index, dtype=cases[col].dtype
                                                 if col in cases else object)
        frame["case_opened_on"] = pd.to_datetime(frame["case_opened_on"])
    return t


def _exploitation_keys() -> dict[str, tuple[str, ...]]:
    return {"exploitation": schema.EXPLOITATION, "sex": schema.SEX}


def _prosecution(t, windows) -> dict[str, Any]:
    cases, defs = t["Cases"], t["Defendants"]
    cc = _Counter("Cases", cases, windows)
    dc = _Counter("Defendants", defs, windows)
    traff = cases["offense"] == "trafficking"
    dtraff = defs["case_offense"] == "trafficking"
    expl = defs["case_exploitation"]
    keys = _exploitation_keys()
    dims = {"exploitation": expl, "sex": defs["sex"]}
    convicted = dtraff & (defs["verdict"] == "convicted")
    at_verdict = _dated(defs, "verdict_on")
    suspended = defs["suspended"].fillna(False).astype(bool)
    months = defs["prison_months"]
    band = pd.Series(pd.NA, index=defs.index, dtype=object)
    served = ~suspended & months.notna()
    band = band.mask(served & (months < 12), "under_1y")
    band = band.mask(served & (months >= 12) & (months < 60), "1_5y")
    band = band.mask(served & (months >= 60) & (months < 120), "5_10y")
    band = band.mask(served & (months >= 120), "over_10y")
    official = defs["official"].fillna(False).astype(bool)
    fined = defs["fine"].fillna(0) > 0
    return {
        "investigations": cc.figure(traff, _dated(cases, "opened_on"),
                                    {"exploitation": cases["exploitation"],
                                     "online": cases["online"].map(
                                         {True: "yes", False: "no"}).fillna("unknown")},
                                    {**keys, "online": ("yes", "no", "unknown")}),
        "suspects_investigated": dc.figure(dtraff, _dated(defs, "case_opened_on"), dims, keys),
        "prosecutions": dc.figure(dtraff, _dated(defs, "charged_on"), dims, keys),
        "convictions": dc.figure(convicted, at_verdict, dims, keys),
        "acquittals": dc.figure(dtraff & (defs["verdict"] == "acquitted"), at_verdict, dims,
                                keys),
        "dismissals": dc.figure(dtraff & (defs["verdict"] == "dismissed"), at_verdict, dims,
                                keys),
        "sentences": {
            "by_band": {b: dc.figure(convicted & (band == b).fillna(False), at_verdict)
                        for b in SENTENCE_BANDS},
            "suspended": dc.figure(convicted & suspended, at_verdict),
            "fines": dc.figure(convicted & fined, at_verdict),
            "fines_amount": dc.figure(convicted & fined, at_verdict, weights=defs["fine"]),
            "in_absentia": dc.figure(convicted & defs["in_absentia"].fillna(False).astype(bool),
                                     at_verdict),
        },
        "officials": {
            "investigated": dc.figure(dtraff & official, _dated(defs, "case_opened_on")),
            "prosecuted": dc.figure(dtraff & official, _dated(defs, "charged_on")),
            "convicted": dc.figure(convicted & official, at_verdict),
        },
        "convictions_other_laws": dc.figure(convicted & defs["conviction_law"].notna(),
                                            at_verdict),
        "case_examples": _case_examples(cases, traff, windows["current"]),
    }


def _recommendations(recs: pd.DataFrame) -> dict[str, Any]:
    """Not counted by period: each answers the previous report, whenever it was written."""
    prioritized = recs["prioritized"].fillna(False).astype(bool)
    ordered = recs.assign(_later=~prioritized).sort_values(["_later", "_file", "_row"],
                                                          kind="stable")
    return {
        "total": int(len(recs)),
        "prioritized": int(prioritized.sum()),
        "by_status": {s: {"all": int((recs["status"] == s).sum()),
                          "prioritized": int(((recs["status"] == s) & prioritized).sum())}
                      for s in schema.REC_STATUS},
        "list": [{"rec_id": r["rec_id"],
                  "report_year": None if pd.isna(r["report_year"]) else int(r["report_year"]),
                  "recommendation": r["recommendation"], "prioritized": not r["_later"],
                  "status": r["status"], "response": _opt(r["response"]),
                  "evidence": _opt(r["evidence"]), "file": r["_file"], "sheet": r["_sheet"],
                  "row": int(r["_row"])}
                 for r in ordered.to_dict("records")],
    }


def _case_examples(cases, traff, current: Period) -> list[dict[str, Any]]:
    chosen = cases[traff & cases["highlight"].fillna(False).astype(bool)
                   & cases["summary"].notna() & current.mask(cases["opened_on"])]
    chosen = chosen.sort_values(["opened_on", "case_id"])
    return [{"case_id": r["case_id"], "opened_on": r["opened_on"].date().isoformat(),
             "exploitation": r["exploitation"], "province": _opt(r["province"]),
             "summary": r["summary"], "file": r["_file"], "sheet": r["_sheet"],
             "row": int(r["_row"])}
            for r in chosen.to_dict("records")]


def _opt(value: Any) -> Any:
    """None for a missing value, the value otherwise (JSON-ready)."""
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _protection(t, windows, country_code) -> dict[str, Any]:
    vic = t["Victims"]
    vc = _Counter("Victims", vic, windows)
    confirmed = vic["status"] == "confirmed"
    potential = vic["status"] == "potential"
    everyone = pd.Series(True, index=vic.index)
    if country_code:
        origin = vic["nationality"].map(
            lambda c: "unknown" if c == "unknown" else ("national" if c == country_code
                                                        else "foreign"))
    else:
        origin = pd.Series("unknown", index=vic.index, dtype=object)
    dims = {"sex": vic["sex"], "age_group": vic["age_group"], "nationality": vic["nationality"],
            "origin": origin, "exploitation": vic["exploitation"],
            "identified_by": vic["identified_by"], "exploited_in": vic["exploited_in"]}
    keys = {"sex": schema.SEX, "age_group": schema.AGE_GROUP, "exploitation":
            schema.EXPLOITATION, "identified_by": schema.IDENTIFIED_BY,
            "origin": ("national", "foreign", "unknown")}
    identified = _dated(vic, "identified_on")
    status = {"status": vic["status"]}
    status_keys = {"status": schema.VICTIM_STATUS}
    services = vic["services"].fillna("")
    service_dims = {s: services.str.split(",").map(lambda xs, s=s: s in xs) for s in
                    schema.SERVICES}
    return {
        "victims_identified": vc.figure(confirmed, identified, dims, keys),
        "victims_potential": vc.figure(potential, identified, dims, keys),
        "victims_all": vc.figure(everyone, identified, status, status_keys),
        "referred": vc.figure(vic["referred"].fillna(False).astype(bool), identified, status,
                              status_keys),
        "services": {s: vc.figure(m, identified, status, status_keys)
                     for s, m in service_dims.items()},
        "sheltered": vc.figure(vic["shelter"].isin(["government", "ngo"]), identified,
                               {"shelter": vic["shelter"], **status},
                               {"shelter": ("government", "ngo"), **status_keys}),
        "repatriated": vc.figure(vic["repatriated_on"].notna(), _dated(vic, "repatriated_on"),
                                 {"origin": origin, **status},
                                 {"origin": ("national", "foreign", "unknown"), **status_keys}),
        "cooperated": vc.figure(vic["cooperated"].fillna(False).astype(bool), identified, status,
                                status_keys),
        "compensated": vc.figure(vic["compensation"].fillna(0) > 0, identified, status,
                                 status_keys),
        "compensation_amount": vc.figure(vic["compensation"].fillna(0) > 0, identified,
                                         weights=vic["compensation"]),
    }


def _activities(t, windows, pillar: str) -> dict[str, Any]:
    act = t["Activities"]
    ac = _Counter("Activities", act, windows)
    mine = act["pillar"] == pillar
    overlap = _overlapping(act)
    started = _dated(act, "start_on")
    inspection = act["kind"] == "labor_inspection"
    kinds = {"kind": act["kind"]}
    kind_keys = {"kind": schema.ACTIVITY_KIND}
    currencies = tuple(sorted(act.loc[mine & act["amount"].notna(), "currency"].dropna()
                              .unique().tolist()))
    amount = Money({c: ac.figure(mine & (act["currency"] == c) & act["amount"].notna(), started,
                                 weights=act["amount"]) for c in currencies})
    current = windows["current"]
    listed = act[mine & overlap(current)].sort_values(["start_on", "activity_id"])
    items = [
        {"activity_id": r["activity_id"], "kind": r["kind"], "title": r["title"],
         "start_on": r["start_on"].date().isoformat(),
         "end_on": None if pd.isna(r["end_on"]) else r["end_on"].date().isoformat(),
         "agency": _opt(r["agency"]), "partners": _opt(r["partners"]),
         "participants": None if pd.isna(r["participants"]) else _num(r["participants"]),
         "amount": None if pd.isna(r["amount"]) else _num(r["amount"]),
         "currency": _opt(r["currency"]), "location": _opt(r["location"]),
         "description": _opt(r["description"]), "result": _opt(r["result"]),
         "file": r["_file"], "sheet": r["_sheet"], "row": int(r["_row"])}
        for r in listed.to_dict("records")
    ]
    return {
        "activities": ac.figure(mine, overlap, kinds, kind_keys),
        "participants": ac.figure(mine & ~inspection, started, kinds, kind_keys,
                                  weights=act["participants"]),
        "labor_inspections": ac.figure(mine & inspection, started, weights=act["participants"]),
        "trainings": ac.figure(mine & (act["kind"] == "training"), overlap),
        "amount": amount,
        "policies": [i for i in items if i["kind"] == "policy"],
        "agreements": [i for i in items if i["kind"] == "agreement"],
        "list": items,
    }


def _other_offences(t, windows) -> dict[str, Any]:
    cases, defs = t["Cases"], t["Defendants"]
    other = cases["offense"].isin(["sexual_exploitation", "other"])
    dother = defs["case_offense"].isin(["sexual_exploitation", "other"])
    keys = {"offense": ("sexual_exploitation", "other")}
    cc = _Counter("Cases", cases, windows)
    dc = _Counter("Defendants", defs, windows)
    return {
        "cases": cc.figure(other, _dated(cases, "opened_on"), {"offense": cases["offense"]},
                           keys),
        "suspects": dc.figure(dother, _dated(defs, "case_opened_on"),
                              {"offense": defs["case_offense"]}, keys),
        "prosecutions": dc.figure(dother, _dated(defs, "charged_on"),
                                  {"offense": defs["case_offense"]}, keys),
        "convictions": dc.figure(dother & (defs["verdict"] == "convicted"),
                                 _dated(defs, "verdict_on"), {"offense": defs["case_offense"]},
                                 keys),
    }


# --- gaps, ledger, notes, verdicts --------------------------------------------------------------


def _gaps(dataset, t, current: Period) -> Gaps:
    not_supplied = tuple(s for s in schema.DATA_SHEETS if not dataset.supplied(s))
    no_records = tuple(s for s in schema.DATA_SHEETS
                       if dataset.supplied(s) and not len(dataset.tables[s])
                       and not len(dataset.rejected[s]))
    empty: list[tuple[str, str]] = []
    for sheet in schema.SHEETS.values():
        frame = t.get(sheet.name)
        if frame is None or not len(frame) or sheet.coverage_date is None:
            continue
        # the sheet's records of the period: any of their dates falls in it (a defendant's
        # case counts too), so that an empty date column is itself found empty
        in_period = pd.Series(False, index=frame.index)
        for column in sheet.columns:
            if column.kind == "date":
                in_period |= current.mask(frame[column.name])
        if "case_opened_on" in frame:
            in_period |= current.mask(frame["case_opened_on"])
        if not in_period.any():
            continue
        for column in sheet.columns:
            if not column.analyst_needs:
                continue
            values = frame.loc[in_period, column.name]
            if column.kind in ("code", "country"):
                values = values.where(values != "unknown")
            if column.name == "age" and "age_group" in frame:
                values = values.where(values.notna(), frame.loc[in_period, "age_group"].where(
                    frame.loc[in_period, "age_group"] != "unknown"))
            if column.name == "verdict":
                values = values.where(values != "pending")
            if not values.notna().any():
                empty.append((sheet.name, column.name))
    months_needed = [f"{y:04d}-{m:02d}" for y, m in current.months]
    missing = []
    for source in dataset.sources:
        sheet = schema.SHEETS[source.sheet]
        if sheet.coverage_date is None:
            continue
        frame = t[source.sheet]
        mine = frame[(frame["_file"] == source.file) & (frame["_sheet"] == source.sheet_in_file)]
        dates = mine[sheet.coverage_date]
        dates = dates[current.mask(dates)]
        have = set(dates.dt.strftime("%Y-%m").dropna())
        gap = tuple(m for m in months_needed if m not in have)
        if gap:
            missing.append((source.file, source.sheet, sheet.coverage_date, gap))
    return Gaps(not_supplied, no_records, tuple(empty), tuple(missing))


LEDGER_BUCKETS = ("current", "after_data_through", "after_submission", "previous", "outside")


def _period_ledger(t, period: Period, through: dt.date, submitted_on: dt.date,
                   previous: Period):
    for sheet, column in schema.EVENT_DATE_COLUMNS:
        frame = t.get(sheet)
        dates = frame[column] if frame is not None and len(frame) else pd.Series(
            dtype="datetime64[ns]")
        dated = dates.notna()
        after_sub = dated & (dates > pd.Timestamp(submitted_on))
        current = dated & ~after_sub & period.until(through).mask(dates)
        after_through = dated & ~after_sub & ~current & period.mask(dates)
        prev = dated & ~after_sub & previous.mask(dates)
        outside = dated & ~(after_sub | current | after_through | prev)
        yield {
            "sheet": sheet, "column": column, "rows": int(len(dates)),
            "dated": int(dated.sum()), "undated": int((~dated).sum()),
            "current": int(current.sum()), "after_data_through": int(after_through.sum()),
            "after_submission": int(after_sub.sum()), "previous": int(prev.sum()),
            "outside": int(outside.sum()),
        }


def _notes(t, windows, period, through, dataset) -> dict[str, Any]:
    vic = t["Victims"]
    current = windows["current"]
    linked_other = current.mask(vic["identified_on"]) & vic["case_offense"].isin(
        ["sexual_exploitation", "other"]) if len(vic) else pd.Series(dtype=bool)
    after = {}
    for sheet, column in schema.EVENT_DATE_COLUMNS:
        frame = t[sheet]
        if not len(frame):
            continue
        dates = frame[column]
        n = int((dates.notna() & (dates > pd.Timestamp(through))
                 & (dates <= pd.Timestamp(period.end))).sum())
        if n:
            after[f"{sheet}.{column}"] = n
    rejected = {name: int(len(frame)) for name, frame in dataset.rejected.items() if len(frame)}
    defs = t["Defendants"]
    orphan = int(defs["case_offense"].isna().sum()) if len(defs) else 0
    return {
        "after_data_through": after,
        "after_data_through_total": sum(after.values()),
        "victims_linked_to_other_offences": int(linked_other.sum()) if len(vic) else 0,
        "rejected_rows": rejected,
        "defendants_without_accepted_case": orphan,
    }


HEADLINES = {
    "prosecution": ("investigations", "prosecutions", "convictions"),
    "protection": ("victims_identified", "referred"),
    "prevention": ("activities", "participants"),
}


def _verdicts(figures: Figures) -> dict[str, Verdict]:
    out = {}
    for pillar, names in HEADLINES.items():
        node = figures.pillars[pillar]
        rose, fell = [], []
        for name in names:
            f = node[name]
            if f.previous == 0:
                if f.current > 0:
                    rose.append(name)
                continue
            share = (f.current - f.previous) / f.previous
            if share >= VERDICT_THRESHOLD:
                rose.append(name)
            elif share <= -VERDICT_THRESHOLD:
                fell.append(name)
        if rose and not fell:
            verdict = "increased"
        elif fell and not rose:
            verdict = "decreased"
        else:
            verdict = "maintained"
        out[pillar] = Verdict(pillar, verdict, bool(rose and fell), tuple(rose), tuple(fell))
    return out
