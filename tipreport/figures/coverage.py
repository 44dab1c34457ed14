"""What the data covers and what it lacks: the period ledger, the gaps (sheets, columns and
months), the notes' counts, the readiness verdicts, the recommendations and their evidence.

The period ledger is counted once, here; the data notes' sentence, their table and the warning
about records left for the supplementary update all read it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from .. import coerce, schema
from ..periods import Period
from ..reading import row_locator
from .counting import case_keys
from .model import PERCENT_BASE, Figure, Gaps, Verdict, num

__all__ = ["period_ledger", "notes_from_ledger", "gaps", "verdicts", "recommendations",
           "evidence", "narrative", "HEADLINES", "VERDICT_THRESHOLD", "people_reached",
           "LEDGER_BUCKETS"]

#: a headline figure "rose" or "fell" when it changed by at least this share (decisions.md)
VERDICT_THRESHOLD = 0.05
LEDGER_BUCKETS = ("current", "after_data_through", "after_submission", "previous", "outside")

#: the figures each pillar's readiness verdict weighs (decisions.md); "people_reached" is
#: prevention's persons reached in person plus persons trained
HEADLINES = {
    "prosecution": ("investigations", "prosecutions", "convictions"),
    "protection": ("victims_identified", "referred"),
    "prevention": ("activities", "people_reached"),
}


# --- the period ledger ------------------------------------------------------------------------


def period_ledger(t: dict[str, pd.DataFrame], period: Period, through: dt.date,
                  submitted_on: dt.date, previous: Period) -> tuple[dict[str, Any], ...]:
    """Per event date column: each accepted row with a date falls in exactly one bucket."""
    out = []
    for sheet, column in schema.EVENT_DATE_COLUMNS:
        frame = t.get(sheet)
        dates = (frame[column] if frame is not None and len(frame)
                 else pd.Series(dtype="datetime64[ns]"))
        dated = dates.notna()
        after_sub = dated & (dates > pd.Timestamp(submitted_on))
        current = dated & ~after_sub & period.until(through).mask(dates)
        after_through = dated & ~after_sub & ~current & period.mask(dates)
        prev = dated & ~after_sub & previous.mask(dates)
        outside = dated & ~(after_sub | current | after_through | prev)
        out.append({
            "sheet": sheet, "column": column, "rows": int(len(dates)),
            "dated": int(dated.sum()), "undated": int((~dated).sum()),
            "current": int(current.sum()), "after_data_through": int(after_through.sum()),
            "after_submission": int(after_sub.sum()), "previous": int(prev.sum()),
            "outside": int(outside.sum()),
        })
    return tuple(out)


def notes_from_ledger(ledger, t: dict[str, pd.DataFrame], windows: dict[str, Period]
                      ) -> dict[str, Any]:
    """The counts the data notes state, read from the ledger (never counted again)."""
    after = {f"{e['sheet']}.{e['column']}": e["after_data_through"] for e in ledger
             if e["after_data_through"]}
    future = {f"{e['sheet']}.{e['column']}": e["after_submission"] for e in ledger
              if e["after_submission"]}
    defs = t["Defendants"]
    return {
        "after_data_through": after,
        "after_data_through_total": sum(after.values()),
        "after_submission": future,
        "after_submission_total": sum(future.values()),
        "defendants_without_accepted_case": (int(defs["case_offense"].isna().sum())
                                             if len(defs) else 0),
    }


# --- gaps -----------------------------------------------------------------------------------------


def _empty_columns(t: dict[str, pd.DataFrame], current: Period) -> tuple[tuple[str, str], ...]:
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
                group = frame.loc[in_period, "age_group"]
                values = values.where(values.notna(), group.where(group != "unknown"))
            if column.name == "verdict":
                values = values.where(values != "pending")
            if not values.notna().any():
                empty.append((sheet.name, column.name))
    return tuple(empty)


def _months(dates: pd.Series) -> set[str]:
    """The months (``YYYY-MM``) with a date among ``dates``: each month worked out once."""
    known = dates.dropna()
    if not len(known):
        return set()
    months = np.unique(known.dt.year.to_numpy() * 12 + known.dt.month.to_numpy() - 1)
    return {f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months.tolist()}


def gaps(t: dict[str, pd.DataFrame], supplied: tuple[str, ...], no_records: tuple[str, ...],
         sources, windows: dict[str, Period], pillars: dict[str, dict[str, Any]]) -> Gaps:
    """Sheets not supplied or empty, columns the analyst needs left empty, months with no
    record from a source (this period and the previous one), sources whose records start late,
    and headline figures that jumped (more than doubled on a base of at least 10)."""
    current, previous = windows["current"], windows["previous_full"]
    not_supplied = tuple(s for s in schema.DATA_SHEETS if s not in supplied)
    missing, missing_prev, starts = [], [], []
    for source in sources:
        sheet = schema.SHEETS[source["sheet"]]
        if sheet.coverage_date is None:
            continue
        frame = t[sheet.name]
        mine = frame[(frame["_file"] == source["file"])
                     & (frame["_sheet"] == source["sheet_in_file"])] if len(frame) else frame
        dates = mine[sheet.coverage_date] if len(mine) else pd.Series(dtype="datetime64[ns]")
        for window, out in ((current, missing), (previous, missing_prev)):
            have = _months(dates[window.mask(dates)])
            gap = tuple(f"{y:04d}-{m:02d}" for y, m in window.months
                        if f"{y:04d}-{m:02d}" not in have)
            if gap and len(gap) < len(window.months) or (gap and window is current):
                out.append((source["file"], sheet.name, sheet.coverage_date, gap))
        known = dates[dates.notna()]
        if len(known):
            first = known.min()
            if first.date() > previous.start and (first.year, first.month) > (
                    previous.start.year, previous.start.month):
                starts.append((source["file"], sheet.name, sheet.coverage_date,
                               f"{first.year:04d}-{first.month:02d}"))
    jumps = []
    for key, fig in headline_figures(pillars).items():
        if fig.previous >= PERCENT_BASE and fig.current > 2 * fig.previous:
            jumps.append((key, fig.previous, fig.current))
    return Gaps(not_supplied, no_records, _empty_columns(t, current), tuple(missing),
                tuple(missing_prev), tuple(starts), tuple(jumps))


def headline_figures(pillars: dict[str, dict[str, Any]]) -> dict[str, Figure]:
    """The figures the readiness verdicts and the jump check weigh, by dotted key."""
    out = {}
    for pillar, names in HEADLINES.items():
        for name in names:
            node = pillars[pillar]
            out[f"{pillar}.{name}"] = (people_reached(node) if name == "people_reached"
                                       else node[name])
    return out


def people_reached(prevention: dict[str, Any]) -> Figure:
    """Persons reached in person plus persons trained (the verdict's "people reached")."""
    a, b = prevention["reached_in_person"], prevention["trained"]
    return Figure(num(a.current + b.current), num(a.previous + b.previous),
                  num(a.previous_full + b.previous_full), "Activities")


# --- verdicts -------------------------------------------------------------------------------------


def verdicts(pillars: dict[str, dict[str, Any]]) -> dict[str, Verdict]:
    figures = headline_figures(pillars)
    out = {}
    for pillar, names in HEADLINES.items():
        rose, fell = [], []
        for name in names:
            f = figures[f"{pillar}.{name}"]
            if f.previous == 0:
                if f.current > 0:
                    rose.append(name)
                continue
            share = (f.current - f.previous) / f.previous
            if share >= VERDICT_THRESHOLD:
                rose.append(name)
            elif share <= -VERDICT_THRESHOLD:
                fell.append(name)
        verdict = ("increased" if rose and not fell else
                   "decreased" if fell and not rose else "maintained")
        out[pillar] = Verdict(pillar, verdict, bool(rose and fell), tuple(rose), tuple(fell))
    return out


# --- recommendations, evidence, narrative ----------------------------------------------------------


def _opt(value: Any) -> Any:
    try:
        if value is None or pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def evidence_ids(text: Any) -> list[str]:
    """``"ACT-1, PP-2025-00123; ACT-7"`` → the ids as written."""
    from ..privacy import WITHHELD

    if _opt(text) is None or text == WITHHELD:  # a cell withheld for personal data cites none
        return []
    return [p.strip() for p in str(text).replace(";", ",").replace("\n", ",").split(",")
            if p.strip()]


def recommendations(recs: pd.DataFrame) -> dict[str, Any]:
    """Not counted by period: each answers the previous report, whenever it was written."""
    prioritized = recs["prioritized"].fillna(False).astype(bool)
    ordered = recs.assign(_later=~prioritized).sort_values(["_later", "_file", "_row"],
                                                          kind="stable")
    items = []
    for r in ordered.to_dict("records"):
        response = _opt(r["response"])
        items.append({
            "rec_id": r["rec_id"],
            "report_year": None if pd.isna(r["report_year"]) else int(r["report_year"]),
            "recommendation": r["recommendation"], "prioritized": not r["_later"],
            "status": r["status"], "response": response,
            # not started and nothing said: the document says no action was taken
            "no_action": r["status"] == "not_started" and response is None,
            "evidence": _opt(r["evidence"]), "evidence_ids": evidence_ids(r["evidence"]),
            "file": r["_file"], "sheet": r["_sheet"], "row": row_locator(r["_row"])})
    return {
        "total": int(len(recs)),
        "prioritized": int(prioritized.sum()),
        "by_status": {s: {"all": int((recs["status"] == s).sum()),
                          "prioritized": int(((recs["status"] == s) & prioritized).sum())}
                      for s in schema.REC_STATUS},
        "list": items,
    }


def evidence(recs: dict[str, Any], t: dict[str, pd.DataFrame], outcome) -> dict[str, Any]:
    """Every evidence id the recommendations cite, in order of first mention, resolved to the
    activity or case it names (``found`` False when it names nothing in the data)."""
    acts, cases, defs = t["Activities"], t["Cases"], t["Defendants"]
    act_key = coerce.id_key(acts["activity_id"]) if len(acts) else pd.Series(dtype=object)
    case_key, def_key = case_keys(cases), case_keys(defs)
    act_pos = {k: i for i, k in enumerate(act_key) if k is not None}
    case_pos = {k: i for i, k in enumerate(case_key) if k is not None}
    out: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for rec in recs.get("list", []):
        for shown in rec["evidence_ids"]:
            key = coerce.id_key(pd.Series([shown])).iloc[0]
            if key in seen:
                out_key = next(k for k in out if coerce.id_key(pd.Series([k])).iloc[0] == key)
                out[out_key]["cited_by"].append(rec["rec_id"])
                continue
            seen.add(key)
            entry: dict[str, Any] = {"id": shown, "cited_by": [rec["rec_id"]], "found": False,
                                     "type": None}
            if key in act_pos:
                a = acts.iloc[act_pos[key]]
                entry.update({
                    "found": True, "type": "activity", "title": a["title"],
                    "pillar": a["pillar"], "kind": a["kind"],
                    "start_on": a["start_on"].date().isoformat(),
                    "end_on": None if pd.isna(a["end_on"]) else a["end_on"].date().isoformat(),
                    "agency": _opt(a["agency"]), "result": _opt(a["result"]),
                    "file": a["_file"], "sheet": a["_sheet"], "row": row_locator(a["_row"])})
            elif key in case_pos:
                c = cases.iloc[case_pos[key]]
                mine = defs[np.asarray(def_key == key, dtype=bool)] if len(defs) else defs
                entry.update({
                    "found": True, "type": "case", "offense": c["offense"],
                    "exploitation": _opt(c["exploitation"]),
                    "opened_on": c["opened_on"].date().isoformat(),
                    "province": _opt(c["province"]), "agency": _opt(c["lead_agency"]),
                    "outcome": outcome(mine),
                    "file": c["_file"], "sheet": c["_sheet"], "row": row_locator(c["_row"])})
            out[shown] = entry
    return out


def narrative(frame: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """The ministry's own paragraphs per section, in their order; blank lines split them."""
    out: dict[str, list[str]] = {}
    if not len(frame):
        return {}
    frame = frame.assign(_o=frame["order"].fillna(1e18)).sort_values(["_o", "_file", "_row"],
                                                                    kind="stable")
    for section, text in zip(frame["section"], frame["text"]):
        for para in str(text).replace("\r\n", "\n").split("\n\n"):
            if para.strip():
                out.setdefault(section, []).append(para.strip())
    return {k: tuple(v) for k, v in out.items()}
