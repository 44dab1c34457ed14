"""The supplementary update: the submission sent, reconciled with the data now.

The request for information closes before the period ends, so the main submission covers
1 April – ``data_through`` (mid-January, say) and the rest of the period follows in an update.
The update takes its edition and the old ``data_through`` from what was sent (its
``figures.json``, :mod:`.sent`), never from the default rule, and gives for every figure:

- **as reported**: the value in the submission sent;
- **the same span now**: 1 April – the old ``data_through``, counted from the data as it is
  now. When it differs from what was reported, the figure is **restated** (records of that
  span were corrected, added or removed since), and the update names it with both values;
- **the rest of the period**: the old ``data_through`` + 1 day – the new ``data_through``
  (31 March, or the day given);
- **the whole period**: 1 April – the new ``data_through``: the same span now plus the rest,
  for every figure that adds up over time (all but the activities "continued" from before a
  span, which are counted at each span's start);

with last year's whole period beside them, and the answers to recommendations whose status or
response moved since the submission. Every value is counted here, by :func:`compute` over
other windows (:func:`.compute.over_window`); the composer only writes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..periods import Edition, Period, default_data_through, latest_event, tip_period
from .compute import _warnings, compute, over_window
from .model import Figure, Figures, Money, num
from .sent import read_sent

__all__ = ["Line", "Update", "reconcile"]

#: a difference smaller than this is rounding (money is kept to the cent)
_TOLERANCE = 0.011
_TOP = ("prosecution", "protection", "prevention", "partnership", "other_offences",
        "agreements")


@dataclass(frozen=True)
class Line:
    """One figure across the update's spans. ``path`` is its place in the figures
    (``("prosecution", "investigations", "by_exploitation", "labor")``); ``key`` the same,
    dotted. A value is ``None`` when its sheet is not supplied (now, or in what was sent)."""

    path: tuple[str, ...]
    #: the value in the submission sent; ``None`` when it was not supplied then
    #: (``sent`` is ``"not_supplied"``) or the figure is not in the file (``"absent"``)
    reported: float | None
    sent: str
    same_span: float | None
    rest: float | None
    whole: float | None
    #: last year's whole period
    previous_full: float | None
    #: the whole period is the same span plus the rest (False for "continued" activities)
    additive: bool = True
    #: last year's whole period as the submission gave it (None: not in what was sent)
    previous_reported: float | None = None

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def supplied(self) -> bool:
        return self.whole is not None

    @property
    def restated(self) -> bool:
        """The value for the span reported changed since the submission (or its sheet, not
        supplied then, is supplied now)."""
        if not self.supplied:
            return False
        if self.sent == "value":
            return abs(float(self.same_span) - float(self.reported)) > _TOLERANCE
        return self.sent == "not_supplied"

    @property
    def previous_restated(self) -> bool:
        """Last year's value changed since the submission (its records were corrected)."""
        if not self.supplied or self.previous_reported is None:
            return False
        return abs(float(self.previous_full) - float(self.previous_reported)) > _TOLERANCE

    @property
    def previous_restated_by(self) -> int | float | None:
        """Last year's value now minus the one the submission gave."""
        if self.previous_reported is None or self.previous_full is None:
            return None
        return num(self.previous_full - self.previous_reported)

    @property
    def restated_by(self) -> int | float | None:
        """The same span now minus what was reported (None when either is missing)."""
        if self.reported is None or self.same_span is None:
            return None
        return num(self.same_span - self.reported)

    def to_dict(self) -> dict[str, Any]:
        return {"figure": list(self.path), "reported": self.reported,
                "same_span": self.same_span, "rest": self.rest, "whole": self.whole,
                "previous_full": self.previous_full, "restated": self.restated,
                "previous_full_reported": self.previous_reported,
                "previous_restated": self.previous_restated}


@dataclass(frozen=True, eq=False)
class Update:
    """The reconciliation the supplementary update prints: every figure's :class:`Line`, the
    restatements, the recommendations that moved, and the three sets of figures behind them."""

    #: the whole period through the new data_through (what the update's figures.json holds)
    figures: Figures
    #: 1 April – the old data_through, counted now
    same_span: Figures
    #: the old data_through + 1 day – the new data_through
    rest: Figures
    #: the submission sent, as read from its figures.json
    sent: dict[str, Any] = field(repr=False)
    #: every figure, by dotted key, in the figures' order
    lines: dict[str, Line] = field(repr=False)
    #: answers to recommendations whose status or response changed, or that are new
    recommendations: tuple[dict[str, Any], ...] = ()
    #: recommendations answered in the submission and absent now (rec_id as written)
    dropped_recommendations: tuple[str, ...] = ()
    #: what the ministry should know before sending the update
    warnings: tuple[str, ...] = ()

    @property
    def reported_through(self) -> dt.date:
        return dt.date.fromisoformat(self.sent["data_through"])

    @property
    def reported_on(self) -> dt.date:
        return dt.date.fromisoformat(self.sent["submitted_on"])

    @property
    def reported_span(self) -> Period:
        """1 April – the old data_through: the span the submission reported."""
        return Period(self.figures.period.start, self.reported_through)

    @property
    def rest_span(self) -> Period:
        return Period(self.reported_through + dt.timedelta(days=1), self.figures.data_through)

    @property
    def whole_span(self) -> Period:
        return self.figures.period.until(self.figures.data_through)

    @property
    def restatements(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines.values() if line.restated)

    @property
    def restated_count(self) -> int:
        return len(self.restatements)

    @property
    def previous_restatements(self) -> tuple[Line, ...]:
        """Figures whose previous period (last year) changed since the submission."""
        return tuple(line for line in self.lines.values() if line.previous_restated)

    def line(self, key: str) -> Line:
        return self.lines[key]

    def to_dict(self, keys: tuple[str, ...] | list[str] = ()) -> dict[str, Any]:
        """What the update adds to its ``figures.json``: the submission it completes, its
        spans, the lines of ``keys`` (the headline figures it prints), every restatement and
        the recommendations that moved."""
        def span(p: Period) -> dict[str, str]:
            return {"start": p.start.isoformat(), "end": p.end.isoformat()}

        return {
            "reported": {"submitted_on": self.sent["submitted_on"],
                         "data_through": self.sent["data_through"]},
            "same_span": span(Period(self.figures.period.start, self.reported_through)),
            "rest_of_period": span(self.rest_span),
            "whole_period": span(self.whole_span),
            "previous_period": span(self.figures.previous_period),
            "headlines": {k: self.lines[k].to_dict() for k in keys if k in self.lines},
            "restatements": [line.to_dict() for line in self.restatements],
            "previous_restatements": [line.to_dict() for line in self.previous_restatements],
            "recommendations_moved": [dict(r) for r in self.recommendations],
        }


def reconcile(dataset, sent, *, submitted_on: dt.date, data_through: dt.date | None = None,
              **submission: Any) -> Update:
    """The update of the submission ``sent`` (its ``figures.json`` path, or the dict read from
    it) from ``dataset``, dated ``submitted_on``.

    The edition and the old ``data_through`` come from ``sent``. The new ``data_through`` is
    the one given, else the ``Submission`` sheet's when it is later than the old one, else the
    period's end when the update is made after it, else the latest record's date. Raises
    :class:`~tipreport.errors.UsageError` when the update would be dated on or before the
    submission, or would end before it."""
    from ..dataset import _as_date
    from ..errors import UsageError

    sent = read_sent(sent)
    year = int(sent["edition"])
    period = tip_period(year)
    reported_through = dt.date.fromisoformat(sent["data_through"])
    reported_on = dt.date.fromisoformat(sent["submitted_on"])
    submitted_on = _as_date(submitted_on)
    if submitted_on <= reported_on:
        raise UsageError(
            f"the update is dated {submitted_on.isoformat()}, not after the submission it "
            f"completes ({reported_on.isoformat()}): give a later date (submitted_on= in "
            "Python, --date on the command line)")
    notes: list[str] = []
    through = _new_through(dataset, period, reported_through, submitted_on, data_through,
                           notes)
    figures = compute(dataset, year, submitted_on=submitted_on, data_through=through,
                      **submission)
    edition = Edition(year, "sent", dataset.submission.get("report_year"),
                      latest_event(dataset.tables, submitted_on))
    # the deadline is the submission's (the request for information): not the update's
    settings = {k: v for k, v in figures.submission.items() if k != "deadline"}
    figures = dataclasses.replace(figures, edition=edition, submission=settings)
    figures = dataclasses.replace(figures, warnings=_warnings(figures))
    same_span = over_window(dataset, figures, Period(period.start, reported_through))
    rest = over_window(dataset, figures,
                       Period(reported_through + dt.timedelta(days=1), through))
    lines = _lines(figures, same_span, rest, sent)
    moved, dropped = _recommendations(sent.get("recommendations") or {},
                                      figures.recommendations,
                                      figures.is_supplied("Recommendations"))
    warnings = _update_warnings(figures, sent, dropped, notes)
    return Update(figures, same_span, rest, sent, lines, moved, dropped,
                  tuple([*warnings, *figures.warnings]))


def _new_through(dataset, period: Period, reported: dt.date, submitted_on: dt.date,
                 given: dt.date | None, notes: list[str]) -> dt.date:
    from ..dataset import _as_date
    from ..errors import UsageError

    sheet = dataset.submission.get("data_through")
    if given is not None:
        through = _as_date(given)
    elif sheet is not None and sheet > reported:
        through = sheet
    else:
        if sheet is not None:
            notes.append(f"The Submission sheet's data_through ({sheet.isoformat()}) is that of "
                         "the submission sent, so the update does not use it.")
        through = (period.end if submitted_on > period.end
                   else max(reported, default_data_through(dataset.tables, period,
                                                           submitted_on)))
    if through < reported:
        raise UsageError(
            f"the update's data_through ({through.isoformat()}) is before the submission's "
            f"({reported.isoformat()}): an update covers the days after it")
    if through > period.end:
        raise UsageError(
            f"the update's data_through ({through.isoformat()}) is after the end of the "
            f"{period.end.year} edition's period ({period.end.isoformat()})")
    return through


# --- the lines ----------------------------------------------------------------------------------


def _flatten(figures: Figures) -> dict[tuple[str, ...], Figure]:
    """Every figure by its path, each object once (an alias such as ``labor_inspections`` is
    the figure it names, listed under its first name)."""
    out: dict[tuple[str, ...], Figure] = {}
    seen: set[int] = set()

    def visit(path: tuple[str, ...], node: Any) -> None:
        if isinstance(node, Figure):
            if id(node) in seen:
                return
            seen.add(id(node))
            out[path] = node
            for dim, parts in node.by.items():
                for key, sub in parts.items():
                    visit(path + (f"by_{dim}", key), sub)
        elif isinstance(node, Money):
            for currency, sub in node.by_currency.items():
                visit(path + ("by_currency", currency), sub)
        elif isinstance(node, dict):
            for key, sub in node.items():
                visit(path + (str(key),), sub)

    for name, pillar in figures.pillars.items():
        visit((name,), pillar)
    if figures.agreements is not None:
        visit(("agreements",), figures.agreements)
    return out


def _flatten_sent(sent: dict[str, Any]) -> dict[tuple[str, ...], dict[str, Any]]:
    """Every figure object of a figures.json by its path (its ``current`` is ``null`` when its
    sheet was not supplied)."""
    out: dict[tuple[str, ...], dict[str, Any]] = {}

    def visit(path: tuple[str, ...], node: Any) -> None:
        if not isinstance(node, dict):
            return
        if "current" in node and "previous_full" in node:
            out[path] = node
            for key, parts in node.items():
                if key.startswith("by_") and isinstance(parts, dict):
                    for code, sub in parts.items():
                        visit(path + (key, str(code)), sub)
            return
        for key, sub in node.items():
            visit(path + (str(key),), sub)

    for name in _TOP:
        visit((name,), sent.get(name))
    return out


def _reported(path: tuple[str, ...], sent: dict[tuple[str, ...], dict[str, Any]],
              sheets_sent: set[str]) -> tuple[float | None, str, float | None]:
    """(value as reported, how it was sent, last year's value as reported). A part absent
    under a parent that was sent was 0; so was money in a currency the submission did not
    have, if activities were sent."""
    if path in sent:
        node = sent[path]
        if node.get("current") is None:
            return None, "not_supplied", None
        return node["current"], "value", node.get("previous_full")
    if len(path) > 2 and path[-2].startswith("by_"):
        parent = path[:-2]
        if parent in sent:
            return ((0, "value", 0) if sent[parent].get("current") is not None
                    else (None, "not_supplied", None))
        if path[-2] == "by_currency":
            return ((0, "value", 0) if "Activities" in sheets_sent
                    else (None, "not_supplied", None))
    return None, "absent", None


def _lines(figures: Figures, same: Figures, rest: Figures, sent: dict[str, Any]
           ) -> dict[str, Line]:
    whole_flat, same_flat, rest_flat = _flatten(figures), _flatten(same), _flatten(rest)
    sent_flat = _flatten_sent(sent)
    sheets_sent = set(sent.get("supplied") or ())
    paths = list(whole_flat)
    known = set(paths)
    # parts reported in the submission that the data holds no more (e.g. a nationality whose
    # only victim was corrected): now 0
    # or money in a currency no longer spent: now 0
    owners: dict[tuple[str, ...], Figure] = {}
    for path in sent_flat:
        if path in known or len(path) < 3 or not path[-2].startswith("by_"):
            continue
        if path[:-2] in known:
            owners[path] = whole_flat[path[:-2]]
        elif path[-2] == "by_currency":
            owners[path] = Figure(0, 0, 0, "Activities")
        else:
            continue
        paths.append(path)
        known.add(path)
    zero = Figure(0, 0, 0)
    out: dict[str, Line] = {}
    for path in paths:
        whole = whole_flat.get(path)
        supplied = not figures.missing_sheets(whole if whole is not None else owners[path])
        whole = whole or zero
        part_same, part_rest = same_flat.get(path, zero), rest_flat.get(path, zero)
        reported, how, previous = _reported(path, sent_flat, sheets_sent)
        line = Line(
            path, reported, how,
            num(part_same.current) if supplied else None,
            num(part_rest.current) if supplied else None,
            num(whole.current) if supplied else None,
            num(whole.previous_full) if supplied else None,
            additive="continued" not in path, previous_reported=previous)
        out[line.key] = line
    return out


# --- recommendations ------------------------------------------------------------------------------


def _rec_key(rec_id: Any) -> str:
    return " ".join(str(rec_id).split()).casefold()


def _recommendations(sent: dict[str, Any], now: dict[str, Any], supplied: bool
                     ) -> tuple[tuple[dict[str, Any], ...], tuple[str, ...]]:
    """The answers that moved (status or response changed, or new), and the ids answered in
    the submission that are not in the data now."""
    if not supplied:
        return (), ()
    then = {_rec_key(r.get("rec_id")): r for r in sent.get("list", [])}
    moved = []
    seen = set()
    for r in now.get("list", []):
        key = _rec_key(r["rec_id"])
        seen.add(key)
        old = then.get(key)
        status_moved = old is None or old.get("status") != r["status"]
        response_moved = old is None or (old.get("response") or None) != (r["response"] or None)
        if not (status_moved or response_moved):
            continue
        change = ("new" if old is None else "status and response"
                  if status_moved and response_moved else "status" if status_moved
                  else "response")
        moved.append({
            "rec_id": r["rec_id"], "recommendation": r["recommendation"],
            "prioritized": r["prioritized"], "report_year": r["report_year"],
            "change": change, "status": r["status"],
            "status_then": old.get("status") if old else None,
            "response": r["response"], "response_then": old.get("response") if old else None,
            "no_action": r["no_action"], "evidence_ids": list(r["evidence_ids"])})
    dropped = tuple(str(r.get("rec_id")) for k, r in then.items() if k not in seen)
    return tuple(moved), dropped


def _update_warnings(figures: Figures, sent: dict[str, Any], dropped: tuple[str, ...],
                     notes: list[str]) -> list[str]:
    out = list(notes)
    for sheet in sent.get("supplied", []):
        if not figures.is_supplied(sheet):
            out.append(f"The {sheet} sheet was supplied in the submission but not now: its "
                       "figures are shown as not supplied. Give the same files as for the "
                       "submission, corrected and completed.")
    if dropped:
        out.append(f"{len(dropped)} recommendation{'s' if len(dropped) != 1 else ''} answered "
                   f"in the submission {'are' if len(dropped) != 1 else 'is'} not in the "
                   f"Recommendations sheet now: {', '.join(dropped)}.")
    then = (sent.get("submission") or {}).get("country")
    now = figures.submission.get("country")
    if then and now and then != now:
        out.append(f"The submission sent was for {then}; these data are for {now}.")
    return out
