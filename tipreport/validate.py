"""Checks of rows against each other, across all files: ids, links, dates that must agree.

Runs on the merged, typed tables (each row still knows its file, sheet and Excel row). An
error adds its code to the row's codes (:class:`Rejects`), which rejects the row; warnings
leave it in.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import numpy as np
import pandas as pd

from . import coerce, schema
from .reading import RawSheet
from .report import ERROR, NOTICE, WARNING, Issue, Report

__all__ = ["Rejects", "cross_checks", "rejected_case_notices"]


class Rejects:
    """The error codes of the rows of one table, by position: a row with a code is rejected.

    Only the rows with errors hold a list (a national table has a few among 250,000); codes
    that reject every row of the table (a required column missing, a header used twice) are
    held once, in ``every``, and come first in each row's codes.
    """

    def __init__(self, n: int):
        self.n = n
        self.every: list[str] = []
        self.rows: dict[int, list[str]] = {}

    def add_every(self, code: str, again: bool = False) -> None:
        """``code`` for every row (``again``: even when it is there already)."""
        if again or code not in self.every:
            self.every.append(code)

    def add(self, positions, code: str) -> None:
        """``code`` for the rows at ``positions`` (each code once per row)."""
        for pos in positions:
            pos = int(pos)
            row = self.rows.get(pos)
            if row is None:
                self.rows[pos] = [code] if code not in self.every else []
            elif code not in row and code not in self.every:
                row.append(code)

    def codes(self, pos: int) -> list[str]:
        """The codes of the row at ``pos`` (a new list)."""
        return self.every + self.rows.get(pos, [])

    def mask(self) -> np.ndarray:
        """The rows rejected."""
        if self.every:
            return np.ones(self.n, dtype=bool)
        out = np.zeros(self.n, dtype=bool)
        out[[p for p, codes in self.rows.items() if codes]] = True
        return out

    @classmethod
    def concat(cls, parts: list[Rejects]) -> Rejects:
        """The codes of tables put one after the other."""
        out = cls(sum(p.n for p in parts))
        offset = 0
        for part in parts:
            if part.every:
                for pos in range(part.n):
                    out.rows[offset + pos] = part.codes(pos)
            else:
                out.rows.update((offset + pos, list(codes)) for pos, codes in part.rows.items()
                                if codes)
            offset += part.n
        return out


def _place(row) -> str:
    return f"{row['_file']} › {row['_sheet']} › row {row['_row']}"


class _Flagger:
    def __init__(self, frame: pd.DataFrame, sheet: str, where: dict[tuple[str, str], RawSheet],
                 report: Report, rejects: Rejects | None = None):
        self.frame, self.sheet, self.where, self.report = frame, sheet, where, report
        self.rejects = rejects

    def __call__(self, mask: pd.Series, code: str, severity: str,
                 message: Callable[[pd.Series], str] | str, column: str | None) -> None:
        if not mask.any():
            return
        frame = self.frame
        for pos in mask.to_numpy().nonzero()[0]:
            row = frame.iloc[pos]
            raw = self.where.get((row["_file"], row["_sheet"]))
            letter, header = raw.where(column) if (raw is not None and column) else (None, None)
            value = row[column] if column else None
            shown = None
            if column is not None and not _isna(value):
                shown = value.date().isoformat() if isinstance(value, pd.Timestamp) else \
                    coerce._as_text(value)
            msg = message(row) if callable(message) else message
            locator = row["_row"]
            self.report.add(Issue(code, severity, msg, file=row["_file"], sheet=row["_sheet"],
                                  row=locator if isinstance(locator, str) else int(locator),
                                  column=letter, header=header, value=shown,
                                  row_label=raw.row_label if raw is not None else None))
            if severity == ERROR:
                self.rejects.add((pos,), code)


def _isna(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


#: the column the cross-checks add to Cases, Defendants and Victims: the case id as ids compare
#: (:func:`coerce.id_key`), worked out once for the checks and the figures alike
CASE_KEY = "_case_key"


def cross_checks(tables: dict[str, pd.DataFrame], where: dict[tuple[str, str], RawSheet],
                 report: Report, submitted_on: dt.date, rejects: dict[str, Rejects]) -> None:
    """Check rows against each other; an error rejects its row (in ``rejects``, by sheet)."""
    def flagger(name: str) -> _Flagger:
        return _Flagger(tables[name], name, where, report, rejects[name])

    # each id column keyed once; the case ids are kept (CASE_KEY) for the figures to use
    keyed: dict[tuple[str, str], pd.Series] = {}

    def key(name: str, column: str) -> pd.Series:
        if (name, column) not in keyed:
            keyed[name, column] = coerce.id_key(tables[name][column])
        return keyed[name, column]

    for name, spec in schema.SHEETS.items():
        if name in tables and len(tables[name]) and spec.key:
            _duplicates(tables[name], spec, flagger(name), [key(name, k) for k in spec.key])
    cases = tables["Cases"]
    case_keys = set(key("Cases", "case_id").dropna()) if len(cases) else set()
    # a file checked alone (one ministry's Victims): its links cannot be checked, one notice
    cases_supplied = any(raw.sheet == "Cases" for raw in where.values())
    if len(tables["Defendants"]):
        _defendants(tables["Defendants"], case_keys if cases_supplied else None,
                    flagger("Defendants"), key("Defendants", "case_id"))
    if len(tables["Victims"]):
        _victims(tables["Victims"], case_keys if cases_supplied else None, flagger("Victims"),
                 key("Victims", "case_id"))
    for name in ("Cases", "Defendants", "Victims"):
        if len(tables[name]):
            tables[name][CASE_KEY] = key(name, "case_id")
    if len(tables["Activities"]):
        act = tables["Activities"]
        flag = flagger("Activities")
        flag(act["end_on"].notna() & act["start_on"].notna() & (act["end_on"] < act["start_on"]),
             "end-before-start", ERROR,
             lambda r: f"The end date ({r['end_on']:%d/%m/%Y}) is before the start date "
                       f"({r['start_on']:%d/%m/%Y}). Correct one of them.", "end_on")


def _duplicates(frame: pd.DataFrame, spec: schema.Sheet, flag: _Flagger,
                keys: list[pd.Series]) -> None:
    present = pd.concat(keys, axis=1).notna().all(axis=1)
    combined = keys[0].astype(object)
    for extra in keys[1:]:
        combined = combined + "\x1f" + extra.astype(object)
    combined = combined.where(present)
    dup = present & combined.duplicated(keep=False)
    if not dup.any():
        return
    places: dict[str, list[str]] = {}
    for pos in dup.to_numpy().nonzero()[0]:
        places.setdefault(combined.iat[pos], []).append(_place(frame.iloc[pos]))
    label = " and ".join(spec.key)
    column = spec.key[-1]

    def message(row) -> str:
        key = combined.loc[row.name]
        others = [p for p in places[key] if p != _place(row)]
        shown = " / ".join(str(row[k]) for k in spec.key)
        within = (" within its case" if len(spec.key) > 1 else "")
        return (f'The {label} "{shown}" is used more than once{within}: also at '
                f"{'; '.join(others)}. Each record must appear once — remove the copy or give "
                "it its own id. All rows sharing the id are left out until then.")

    flag(dup, "id-duplicate", ERROR, message, column)


def _unlinked(frame: pd.DataFrame, sheet: str, what: str, flag: _Flagger) -> None:
    """One notice for a sheet whose rows link to cases when no file gave a Cases sheet."""
    linked = int(coerce.id_key(frame["case_id"]).notna().sum())
    if not linked:
        return
    files = sorted(set(frame["_file"]))
    sheets = sorted(set(frame["_sheet"]))
    raw = flag.where.get((files[0], sheets[0])) if len(files) == len(sheets) == 1 else None
    letter, header = raw.where("case_id") if raw is not None else (None, "case_id")
    noun = what if linked != 1 else what.rstrip("s")
    flag.report.add(Issue(
        "cases-not-supplied", NOTICE,
        f"{linked:,} {noun} link{'s' if linked == 1 else ''} to cases in no file given: check "
        f"the files together (no Cases sheet was supplied, so these links were not checked).",
        file=files[0] if len(files) == 1 else None,
        sheet=sheets[0] if len(sheets) == 1 else sheet, column=letter, header=header))


def _defendants(frame: pd.DataFrame, case_keys: set | None, flag: _Flagger,
                keys: pd.Series) -> None:
    if case_keys is None:
        _unlinked(frame, "Defendants", "defendants", flag)
    else:
        unknown = keys.notna() & ~keys.isin(case_keys)
        flag(unknown, "case-unknown", ERROR,
             lambda r: f'Case "{r["case_id"]}" is not in the Cases sheet of any file. Add the '
                       "case, or correct the case id.", "case_id")
    decided = frame["verdict"].notna() & (frame["verdict"] != "pending")
    flag(decided & frame["verdict_on"].isna(), "verdict-date-missing", ERROR,
         lambda r: f"The verdict is {r['verdict']} but verdict_on is empty. Enter the date of "
                   "the verdict.", "verdict_on")
    convicted = frame["verdict"] == "convicted"
    flag(convicted & frame["prison_months"].isna(), "prison-term-missing", ERROR,
         "The person was convicted but prison_months is empty. Enter the prison term imposed "
         "in months (0 when there was none, e.g. a fine only).", "prison_months")
    before = frame["verdict_on"].notna() & frame["charged_on"].notna() & (
        frame["verdict_on"] < frame["charged_on"])
    flag(before, "verdict-before-charge", WARNING,
         lambda r: f"The verdict ({r['verdict_on']:%d/%m/%Y}) is dated before the charge "
                   f"({r['charged_on']:%d/%m/%Y}). Check both dates.", "verdict_on")
    pending_dated = (frame["verdict"] == "pending") & frame["verdict_on"].notna()
    flag(pending_dated, "verdict-date-without-verdict", WARNING,
         "verdict_on is filled in but the verdict is pending (or empty), so no verdict is "
         "counted. Enter the verdict.", "verdict")


def _victims(frame: pd.DataFrame, case_keys: set | None, flag: _Flagger,
             keys: pd.Series) -> None:
    if case_keys is None:
        _unlinked(frame, "Victims", "victims", flag)
    else:
        unknown = keys.notna() & ~keys.isin(case_keys)
        flag(unknown, "case-link-unknown", WARNING,
             lambda r: f'Case "{r["case_id"]}" is not in the Cases sheet of any file; the victim '
                       "is counted, but without the link.", "case_id")
    age = frame["age"]
    derived = pd.Series(pd.NA, index=frame.index, dtype=object)
    derived = derived.mask(age.notna() & (age < 18), "child").mask(age >= 18, "adult")
    given = frame["age_group"]
    disagree = derived.notna() & given.notna() & (given != "unknown") & (given != derived)
    flag(disagree, "age-group-mismatch", WARNING,
         lambda r: f"The age ({int(r['age'])}) and the age group ({r['age_group']}) disagree; the "
                   "age is used.", "age_group")
    frame["age_group"] = derived.where(derived.notna(), given).fillna("unknown")
    repat = frame["repatriated_on"].notna() & frame["identified_on"].notna() & (
        frame["repatriated_on"] < frame["identified_on"])
    flag(repat, "repatriated-before-identified", WARNING,
         lambda r: f"The repatriation ({r['repatriated_on']:%d/%m/%Y}) is dated before the "
                   f"identification ({r['identified_on']:%d/%m/%Y}). Check both dates.",
         "repatriated_on")


def rejected_case_notices(tables: dict[str, pd.DataFrame], rejected: dict[str, pd.DataFrame],
                          where: dict[tuple[str, str], RawSheet], report: Report) -> None:
    """Valid defendants of a rejected case are kept, but count in no figure: say so."""
    defendants = tables["Defendants"]
    bad_cases = rejected["Cases"]
    if not len(defendants) or not len(bad_cases):
        return
    good = set(coerce.id_key(tables["Cases"]["case_id"]).dropna())
    bad = set(coerce.id_key(bad_cases["case_id"]).dropna()) - good
    hit = coerce.id_key(defendants["case_id"]).isin(bad)
    flag = _Flagger(defendants, "Defendants", where, report)
    flag(hit, "case-rejected", NOTICE,
         lambda r: f'Case "{r["case_id"]}" has errors and was left out, so this defendant counts '
                   "in no figure until the case is corrected.", "case_id")

