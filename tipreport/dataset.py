"""Loading: files → one validated, merged :class:`Dataset` and its :class:`Report`.

The steps, each a function below:

1. read every file (:mod:`tipreport.reading`), unreadable ones becoming one error each;
2. merge the ``Submission`` key/value pairs;
3. convert every column by the contract (:mod:`tipreport.coerce`), per file and sheet, so that
   each problem points at its cell;
4. check rows against each other across all files (:mod:`tipreport.validate`);
5. withhold printed text that holds personal data (:mod:`tipreport.privacy`);
6. split accepted from rejected rows and write the ledger.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from . import coerce, privacy, schema
from .reading import EXCEL_ERRORS, EXTRA_PREFIX, RawSheet, _BadCell, read_file
from .report import ERROR, Issue, LedgerEntry, Report, quote

__all__ = ["Dataset", "load", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")
META_COLUMNS = ("_file", "_sheet", "_row")


@dataclass(frozen=True)
class SheetSource:
    """One sheet as supplied by one file."""

    file: str
    sheet: str  # contract name
    sheet_in_file: str
    rows: int  # data rows read


@dataclass(frozen=True, eq=False)
class Dataset:
    """The intake data, validated and merged across files.

    ``tables`` holds one DataFrame per sheet of the accepted rows, typed, with ``_file``,
    ``_sheet`` and ``_row`` (the Excel row number) on every row; ``rejected`` the rows that had
    errors, with their codes in ``_codes``. ``report`` is the validation report.
    """

    tables: dict[str, pd.DataFrame]
    rejected: dict[str, pd.DataFrame]
    report: Report
    submission: dict[str, Any]
    sources: tuple[SheetSource, ...]
    files: tuple[str, ...]
    date_order: str = "DMY"
    submitted_on: dt.date | None = None
    #: where each submission value came from: key → "file › sheet › row N"
    submission_sources: dict[str, str] = field(default_factory=dict)

    def supplied(self, sheet: str) -> bool:
        """True when at least one file had the sheet (even with no rows)."""
        return any(s.sheet == sheet for s in self.sources)

    def __getitem__(self, sheet: str) -> pd.DataFrame:
        return self.tables[sheet]

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}: {len(v):,}" for k, v in self.tables.items() if self.supplied(k))
        return f"<Dataset {len(self.files)} file(s); {sizes or 'no data'}; {self.report.headline()}>"

    def _repr_html_(self) -> str:
        import html

        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>"
            f"{'%s' % f'{len(frame):,}' if self.supplied(name) else 'not supplied'}</td>"
            f"<td>{len(self.rejected[name]):,}</td></tr>"
            for name, frame in self.tables.items()
        )
        return (f"<div><p><strong>tipreport dataset</strong>: {len(self.files)} file(s)</p>"
                f"<table><thead><tr><th>sheet</th><th>accepted rows</th><th>rejected rows</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>{self.report._repr_html_()}</div>")


# --- the entry point ------------------------------------------------------------------------------


def load(*paths: str | os.PathLike | Iterable[str | os.PathLike], date_order: str = "DMY",
         submitted_on: dt.date | str | None = None, progress: Any = None) -> Dataset:
    """Read, validate and merge intake files.

    ``paths`` are files (``.xlsx``, ``.xlsm``, ``.ods``, ``.csv``) or folders holding them.
    ``date_order`` is ``"DMY"`` (default; ``3/4/2025`` is 3 April) or ``"MDY"``.
    ``submitted_on`` is the submission date against which future dates are checked; by
    default the ``Submission`` sheet's, else today. ``progress=True`` prints each step (in a
    terminal or a notebook); a callable ``progress(step, done, total)`` receives them.

    Never raises for bad data: problems are in ``dataset.report``
    (``dataset.report.raise_for_errors()`` raises them).
    """
    from .errors import UsageError
    from .progress import Progress

    if progress is True:
        progress = Progress()
    order = str(date_order).upper()
    if order not in ("DMY", "MDY"):
        raise UsageError(f"date_order must be 'DMY' or 'MDY', not {date_order!r}")
    files = _expand(paths)
    report = Report(files=[shown for shown, _ in files])
    raws: list[RawSheet] = []
    sub_rows: list = []
    for i, (shown, path) in enumerate(files):
        if progress:
            progress(f"Reading {shown}", i, len(files))
        result = read_file(path, shown)
        report.extend(result.issues)
        raws.extend(result.sheets)
        sub_rows.extend(result.submission_rows)
    if progress:
        progress("Checking the data", len(files), len(files))

    submission, sub_sources = _merge_submission(sub_rows, report, order)
    explicit_date = _as_date(submitted_on) if submitted_on is not None else None
    effective = explicit_date or submission.get("submitted_on") or dt.date.today()
    _check_submission_dates(submission, sub_sources, effective, explicit_date, report, sub_rows)

    from . import validate

    typed: dict[str, list[pd.DataFrame]] = {name: [] for name in schema.DATA_SHEETS}
    where: dict[tuple[str, str], RawSheet] = {}
    sources = []
    for raw in raws:
        frame = _convert_sheet(raw, report, order, effective)
        typed[raw.sheet].append(frame)
        where[(raw.file, raw.sheet_in_file)] = raw
        sources.append(SheetSource(raw.file, raw.sheet, raw.sheet_in_file, len(frame)))

    merged = {name: _concat(frames, schema.SHEETS[name]) for name, frames in typed.items()}
    validate.cross_checks(merged, where, report, effective)
    # personal data typed into printed text is withheld (the dropped columns' values, kept in
    # memory by the reader, are searched for, then let go with the raw sheets)
    privacy.withhold(merged, privacy.Guard.from_sheets(raws, submission), report, where)

    tables, rejected = {}, {}
    for name, frame in merged.items():
        bad = frame["_codes"].map(bool) if len(frame) else pd.Series(dtype=bool)
        tables[name] = frame[~bad].drop(columns=["_codes"]).reset_index(drop=True)
        rejected[name] = frame[bad].reset_index(drop=True)
        for column in ("currency",):
            if column in tables[name].columns:
                tables[name][column] = tables[name][column].fillna(
                    submission.get("currency", "KHR"))
    report.ledger.extend(_ledger(sources, merged))
    validate.rejected_case_notices(tables, rejected, where, report)
    return Dataset(tables, rejected, report, submission, tuple(sources),
                   tuple(s for s, _ in files), order, effective, sub_sources)


def _expand(paths) -> list[tuple[str, Path]]:
    flat: list = []
    for p in paths:
        if isinstance(p, (list, tuple)):
            flat.extend(p)
        else:
            flat.append(p)
    out = []
    seen: set[Path] = set()

    def add(shown: str, path: Path) -> None:
        # the same file named twice (or a folder and a file in it) is read once: read twice,
        # its rows would be counted twice in the ledger and every id reported as a duplicate
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append((shown, path))

    for p in flat:
        shown = os.fspath(p)
        path = Path(shown)
        if path.is_dir():
            found = [child for child in sorted(path.iterdir())
                     if child.suffix.lower() in SUPPORTED_SUFFIXES
                     and not child.name.startswith(("~$", "."))]
            if not found:  # read_file says so: a folder that holds no intake file
                add(shown, path)
            for child in found:
                add(os.path.join(shown, child.name), child)
        else:
            add(shown, path)
    return out


def _as_date(value: Any) -> dt.date:
    from .errors import UsageError

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"{value!r} is not a date: write it as YYYY-MM-DD") from None


# --- the Submission sheet ------------------------------------------------------------------------


def _merge_submission(rows, report: Report, order: str) -> tuple[dict, dict]:
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for file, sheet, row, key, cell in rows:
        spec = schema.SUBMISSION_KEYS[key]
        if isinstance(cell, _BadCell):
            report.add(Issue("formula-without-value" if cell.kind == "formula" else "excel-error",
                             ERROR, f"The value of {key} is a formula with no stored value or an "
                             "error. Open the file in Excel, check it and save it again.",
                             file=file, sheet=sheet, row=row, column=cell.letter, header=key))
            continue
        letter, raw = cell
        series = pd.Series([raw], dtype=object)
        if spec.kind == "date":
            converted, problems = coerce.dates(series, order)
            value = converted.iloc[0]
            value = None if pd.isna(value) else value.date()
        elif spec.kind == "year":
            converted, problems = coerce.numbers(series, whole=True, low=2000, high=2100,
                                                 text_only=True, what="year",
                                                 range_code="year-out-of-range")
            value = None if pd.isna(converted.iloc[0]) else int(converted.iloc[0])
        elif spec.kind == "number":
            converted, problems = coerce.numbers(series, text_only=True, what="number")
            value = None if pd.isna(converted.iloc[0]) else float(converted.iloc[0])
        elif spec.kind == "currency":
            converted, problems = coerce.currency_codes(series)
            value = converted.iloc[0]
        elif spec.kind == "country":
            converted, problems = coerce.country_codes(series)
            value = converted.iloc[0]
            if value is not None:
                value = coerce.country_name(value)
        else:
            value = coerce._as_text(raw)
            problems = []
        for p in problems:
            report.add(Issue(p.code, p.severity, p.message(raw), file=file, sheet=sheet, row=row,
                             column=letter, header=key, value=coerce._as_text(raw)))
        if any(p.severity == ERROR for p in problems) or value is None:
            continue
        place = f"{file} › {sheet} › row {row}"
        if key in values and values[key] != value:
            report.add(Issue(
                "submission-conflict", ERROR,
                f"{key} is {quote(value)} here but {quote(values[key])} in {sources[key]}. "
                "Give it one value.",
                file=file, sheet=sheet, row=row, column=letter, header=key,
                value=coerce._as_text(raw)))
            continue
        values.setdefault(key, value)
        sources.setdefault(key, place)
    if "language" in values:
        values["language"] = str(values["language"]).strip().lower()
    return values, sources


def _check_submission_dates(submission, sources, effective, explicit, report,
                            rows=()) -> None:
    through = submission.get("data_through")
    if through is not None and through > effective:
        place = sources.get("data_through", "")
        file, _, rest = place.partition(" › ")
        sheet, _, row = rest.partition(" › row ")
        letter = next((cell[0] for f, s, r, key, cell in rows
                       if (f, s, str(r), key) == (file, sheet, row, "data_through")
                       and isinstance(cell, tuple)), None)
        report.add(Issue(
            "data-through-after-submission", ERROR,
            f"data_through ({through.isoformat()}) is after the submission date "
            f"({effective.isoformat()}). Data cannot cover days after it is sent.",
            file=file or None, sheet=sheet or None, row=int(row) if row else None,
            column=letter, header="data_through", value=through.isoformat()))


# --- converting one sheet of one file -----------------------------------------------------------


def _convert_sheet(raw: RawSheet, report: Report, order: str, submitted_on: dt.date
                   ) -> pd.DataFrame:
    spec = schema.SHEETS[raw.sheet]
    frame = raw.frame
    n = len(frame)
    codes: list[list[str]] = [[] for _ in range(n)]
    rows = frame["_row"].to_numpy()
    out = pd.DataFrame(index=frame.index)

    def flag(mask: pd.Series, code: str, severity: str, message, column: str | None,
             raw_values: pd.Series | None = None) -> None:
        letter, header = raw.where(column) if column else (None, None)
        positions = mask.to_numpy().nonzero()[0]
        for pos in positions:
            value = raw_values.iloc[pos] if raw_values is not None else None
            shown = coerce._as_text(value) if raw_values is not None else None
            msg = message(value) if callable(message) else message
            report.add(Issue(code, severity, msg, file=raw.file, sheet=raw.sheet_in_file,
                             row=int(rows[pos]), column=letter, header=header, value=shown))
            if severity == ERROR and code not in codes[pos]:
                codes[pos].append(code)

    # columns the sheet must have
    missing = [c for c in spec.required if c not in raw.columns]
    if missing and n == 0 and not raw.columns:
        missing = []  # an empty sheet: nothing to say twice
    for name in missing:
        report.add(Issue(
            "column-missing", ERROR,
            f'The required column "{name}" is missing. Add a column headed {name} '
            f"(or one of: {', '.join(spec.column(name).aliases[:3])}).",
            file=raw.file, sheet=raw.sheet_in_file, row=raw.header_row or None, header=name))
        for pos in range(n):
            codes[pos].append("column-missing")

    # a header used twice: which column holds the value is unknown, so no row can be trusted
    for code in raw.sheet_errors:
        for pos in range(n):
            if code not in codes[pos]:
                codes[pos].append(code)

    # cells Excel could not give a value: formulas never calculated, error values
    bad_here: dict[str, pd.Series] = {}
    if raw.bad_cells and n:
        for column in raw.columns.values():
            kinds = [raw.bad_cells.get((int(r), column.letter)) for r in rows]
            if any(kinds):
                bad_here[column.name] = pd.Series([k is not None for k in kinds],
                                                  index=frame.index)
                formula = pd.Series([k == "formula" for k in kinds], index=frame.index)
                error = pd.Series([k == "error" for k in kinds], index=frame.index)
                if formula.any():
                    flag(formula, "formula-without-value", ERROR,
                         "The cell holds a formula whose value was never calculated and saved. "
                         "Open the file in Excel, let it calculate, and save it again.",
                         column.name)
                if error.any():
                    flag(error, "excel-error", ERROR,
                         "The cell holds an Excel error (such as #N/A or #REF!). Correct the "
                         "formula or type the value.", column.name)

    for column in spec.columns:
        series = frame[column.name].astype(object)
        as_error = pd.Series(False, index=frame.index)
        # error values typed as text (CSV exports, ODS)
        if n:
            as_error = coerce._Distinct(series, lambda v: isinstance(v, str) and
                                        v.strip().upper() in EXCEL_ERRORS).mask(bool)
            if as_error.any():
                flag(as_error, "excel-error", ERROR,
                     lambda v: f"{quote(v)} is an Excel error value, not data. Correct the "
                               "formula or type the value.", column.name, series)
                series = series.where(~as_error, "")
        values, problems = coerce.convert(column, series, date_order=order,
                                          text_only=raw.text_only)
        for p in problems:
            flag(p.mask, p.code, p.severity, p.message, column.name, series)
        if column.kind == "date" and not column.future_ok and n:
            future = values.notna() & (values > pd.Timestamp(submitted_on))
            if future.any():
                flag(future, "date-in-future", "warning",
                     lambda v, c=column.name: f"{quote(coerce._as_text(v))} is after the "
                     f"submission date ({submitted_on.isoformat()}); the event it dates is left "
                     "out of every figure. Check the date.", column.name, series)
        if column.kind == "code" and not column.required:
            values = values.fillna(column.default or "unknown")
        elif column.kind == "country":
            values = values.fillna("unknown")
        out[column.name] = values
        blank = coerce.is_blank(series) & ~as_error  # an error value is not also "missing"
        if column.name in bad_here:
            blank = blank & ~bad_here[column.name]
        out[column.name + "__blank"] = blank  # dropped after the required checks

    key = spec.key[0] if spec.key else None
    if n:
        _required_values(spec, raw, out, frame, flag, key)
    out = out.drop(columns=[c for c in out.columns if c.endswith("__blank")])
    for extra in (c for c in frame.columns if c.startswith(EXTRA_PREFIX)):
        out[extra] = frame[extra]
    out["_file"] = raw.file
    out["_sheet"] = raw.sheet_in_file
    out["_row"] = frame["_row"].astype("int64")
    out["_codes"] = codes
    return out


def _required_values(spec, raw, out, frame, flag, key) -> None:
    blank = {c.name: out[c.name + "__blank"] for c in spec.columns}
    # a hand-made totals row: no id, but numbers (or the word "total") filled in
    totals = pd.Series(False, index=out.index)
    if key is not None:
        numeric = [c.name for c in spec.columns if c.kind in ("number", "integer", "age")]
        filled_number = pd.Series(False, index=out.index)
        for name in numeric:
            filled_number |= ~blank[name]
        says_total = pd.Series(False, index=out.index)
        no_id = blank[key]
        if no_id.any():  # only rows without an id can be totals rows: look at those alone
            for name in frame.columns:
                if name == "_row":
                    continue
                says_total.loc[no_id] |= frame.loc[no_id, name].map(
                    lambda v: isinstance(v, str) and schema.normalize(v) in (
                        "total", "totals", "grandtotal", "sum", "subtotal"))
        totals = blank[key] & (filled_number | says_total)
        if totals.any():
            flag(totals, "totals-row", ERROR,
                 "This looks like a totals row (no id, numbers filled in). tipreport adds up the "
                 "rows itself: delete this row.", None)
    for column in spec.columns:
        if not column.required or column.name not in raw.columns:
            continue  # a column the sheet lacks is one column-missing error, not one per row
        missing = blank[column.name] & ~totals
        if missing.any():
            flag(missing, "value-missing", ERROR,
                 f"{column.name} is required but the cell is empty. Fill it in.", column.name)
    # conditionally required values
    if spec.name == "Cases":
        need = (out["offense"] == "trafficking") & blank["exploitation"] & ~totals
        if need.any():
            flag(need, "value-missing", ERROR,
                 "exploitation is required for a trafficking case but the cell is empty. Enter "
                 "sex, labor, forced_criminality, mixed, other or unknown.", "exploitation")
    elif spec.name == "Recommendations":
        need = blank["response"] & out["status"].notna() & (out["status"] != "not_started")
        if need.any():
            flag(need, "value-missing", ERROR,
                 "response is required unless the status is not_started: say what was done in "
                 "the period.", "response")


def _concat(frames: list[pd.DataFrame], spec: schema.Sheet) -> pd.DataFrame:
    if frames:
        nonempty = [f for f in frames if len(f)]
        if nonempty:
            merged = pd.concat(nonempty, ignore_index=True, sort=False)
            return _restore_dtypes(merged, spec)
    empty = pd.DataFrame({c.name: pd.Series(dtype=_dtype(c)) for c in spec.columns})
    for meta, dtype in (("_file", object), ("_sheet", object), ("_row", "int64"),
                        ("_codes", object)):
        empty[meta] = pd.Series(dtype=dtype)
    return empty


def _dtype(column: schema.Column) -> Any:
    return {"date": "datetime64[ns]", "number": "float64", "integer": "float64",
            "age": "float64", "year": "float64", "bool": "boolean"}.get(column.kind, object)


def _restore_dtypes(frame: pd.DataFrame, spec: schema.Sheet) -> pd.DataFrame:
    for column in spec.columns:
        dtype = _dtype(column)
        if dtype is not object and frame[column.name].dtype != dtype:
            frame[column.name] = frame[column.name].astype(dtype)
    return frame


def _ledger(sources: list[SheetSource], merged: dict[str, pd.DataFrame]) -> list[LedgerEntry]:
    entries = []
    for source in sources:
        frame = merged[source.sheet]
        if len(frame):
            mine = frame[(frame["_file"] == source.file) & (frame["_sheet"] ==
                                                              source.sheet_in_file)]
        else:
            mine = frame
        rejected = mine[mine["_codes"].map(bool)] if len(mine) else mine
        by_code: dict[str, int] = {}
        for codes in rejected["_codes"] if len(rejected) else []:
            for code in codes:
                by_code[code] = by_code.get(code, 0) + 1
        entries.append(LedgerEntry(source.file, source.sheet_in_file, read=len(mine),
                                   accepted=len(mine) - len(rejected), rejected=len(rejected),
                                   rejected_by_code=dict(sorted(by_code.items()))))
    return entries

