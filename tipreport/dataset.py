"""Loading: files → one validated, merged :class:`Dataset` and its :class:`Report`.

The steps, each a function below:

1. read every file with its source (:mod:`tipreport.sources`, which shape each table with
   :mod:`tipreport.reading`), unreadable ones becoming one error each;
2. merge and check the ``Submission`` settings (:mod:`tipreport.settings`);
3. convert every column by the contract (:mod:`tipreport.coerce`), per file and sheet, so that
   each problem points at its cell;
4. check rows against each other across all files (:mod:`tipreport.validate`);
5. withhold printed text that holds personal data (:mod:`tipreport.privacy`);
6. split accepted from rejected rows and write the ledger (read = accepted + rejected +
   excluded: rows a source left out on purpose, with the reason).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from . import coerce, privacy, schema
from .limits import Limits
from .reading import EXCEL_ERRORS, EXTRA_PREFIX, RawSheet, SettingCell
from .report import ERROR, WARNING, Issue, LedgerEntry, Report, quote
from .validate import Rejects

__all__ = ["Dataset", "load", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")  # see tipreport.sources.suffixes()
META_COLUMNS = ("_file", "_sheet", "_row")


@dataclass(frozen=True)
class SheetSource:
    """One sheet as supplied by one file."""

    file: str
    sheet: str  # contract name
    sheet_in_file: str
    rows: int  # data rows read
    #: rows left out on purpose: reason → how many (read = rows + these)
    excluded: dict[str, int] = field(default_factory=dict)


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
         submitted_on: dt.date | str | None = None, progress: Any = None,
         limits: Limits | dict | None = None, allow: dict[str, Any] | None = None) -> Dataset:
    """Read, validate and merge intake files.

    ``paths`` are files (``.xlsx``, ``.xlsm``, ``.ods``, ``.csv``; HTCDS registers among
    them), folders holding them, SQLite database files, or database addresses
    (``sqlite:///cases.db``, ``postgresql://user@host/db``: the ``sql`` extra).
    None at all (or an empty list) raises :class:`~tipreport.errors.NoInputError`: only the
    command line falls back to the sample data (``tipreport.sample_data()``), and says so.
    ``date_order`` is ``"DMY"`` (default; ``3/4/2025`` is 3 April) or ``"MDY"``.
    ``submitted_on`` is the submission date against which future dates are checked; by
    default the ``Submission`` sheet's, else today. ``progress=True`` prints each step (in a
    terminal or a notebook); a callable ``progress(step, done, total)`` receives them.
    ``limits`` (:class:`~tipreport.Limits`, or a dict such as ``{"rows": 3_000_000}``) caps
    the size of what is read; the defaults suit national scale. ``allow`` gives what printed
    text may hold although it looks like personal data, beside the ``Submission`` sheet's:
    ``{"contact_email": …, "public_numbers": …, "public_domains": …}``.

    Never raises for bad data: problems are in ``dataset.report``
    (``dataset.report.raise_for_errors()`` raises them).
    """
    with _collector_paused():
        return _load(paths, date_order, submitted_on, progress, limits, allow)


@contextmanager
def _collector_paused():
    """Python's cycle collector paused while reading: a national intake is millions of row
    lists and cells, none in a cycle, which the collector would otherwise walk again and again
    (a tenth of the time of a load). Reference counting frees them as before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _load(paths, date_order, submitted_on, progress, limits, allow) -> Dataset:
    from . import sources
    from .errors import UsageError
    from .progress import Progress

    if progress is True:
        progress = Progress.auto()
    order = str(date_order).upper()
    if order not in ("DMY", "MDY"):
        raise UsageError(f"date_order must be 'DMY' or 'MDY', not {date_order!r}")
    options = sources.ReadOptions(limits=Limits.coerce(limits), date_order=order)
    explicit_date = _as_date(submitted_on) if submitted_on is not None else None
    files = sources.expand(paths)
    if not files:
        from .errors import NoInputError

        raise NoInputError(
            "No file was given: name the intake files or folders, e.g. "
            "tipreport.load(\"police.xlsx\", \"victims.xlsx\"). To try the bundled sample "
            "data: tipreport.load(*tipreport.sample_data()).")
    report = Report(files=[shown for shown, _ in files])
    raws: list[RawSheet] = []
    settings: list[SettingCell] = []
    for i, (shown, target) in enumerate(files):
        if progress:
            progress(f"Reading {shown}", i, len(files))
        result = sources.read(target, shown, options)
        report.extend(result.issues)
        raws.extend(result.sheets)
        settings.extend(result.settings)
    if progress:
        progress("Checking the data", len(files), len(files))

    submission, sub_sources = _merge_submission(settings, report, order)
    effective = explicit_date or submission.get("submitted_on") or dt.date.today()
    _check_submission_dates(submission, sub_sources, effective, explicit_date, report,
                            settings)

    from . import validate

    typed: dict[str, list[pd.DataFrame]] = {name: [] for name in schema.DATA_SHEETS}
    codes: dict[str, list[Rejects]] = {name: [] for name in schema.DATA_SHEETS}
    #: each sheet's tables as merged: (file, sheet in the file, rows), in order
    blocks: dict[str, list[tuple[str, str, int]]] = {name: [] for name in schema.DATA_SHEETS}
    where: dict[tuple[str, str], RawSheet] = {}
    sources = []
    for raw in raws:
        frame, rejects = _convert_sheet(raw, report, order, effective)
        raw.frame, raw.factorized = raw.frame.iloc[0:0], {}  # the raw cells are let go
        typed[raw.sheet].append(frame)
        codes[raw.sheet].append(rejects)
        blocks[raw.sheet].append((raw.file, raw.sheet_in_file, len(frame)))
        where[(raw.file, raw.sheet_in_file)] = raw
        sources.append(SheetSource(raw.file, raw.sheet, raw.sheet_in_file, len(frame),
                                   {why: len(rows) for why, rows in raw.excluded.items()}))

    merged = {name: _concat(frames, schema.SHEETS[name]) for name, frames in typed.items()}
    del typed
    rejects = {name: Rejects.concat(parts) for name, parts in codes.items()}
    validate.cross_checks(merged, where, report, effective, rejects)
    # personal data typed into printed text is withheld (the dropped columns' values, kept in
    # memory by the reader, are searched for, then let go with the raw sheets)
    # what may be printed although it looks like personal data: the contact e-mail and the
    # published numbers and domains, from the Submission sheet or given as options (``allow``)
    allowed = {**submission, **{k: v for k, v in (allow or {}).items() if v}}
    privacy.withhold(merged, privacy.Guard.from_sheets(raws, allowed), report, where)

    tables, rejected = {}, {}
    for name, frame in merged.items():
        tables[name], rejected[name] = _split(frame, rejects[name])
        for column in ("currency",):
            if column in tables[name].columns:
                tables[name][column] = tables[name][column].fillna(
                    submission.get("currency", "KHR"))
    report.ledger.extend(_ledger(sources, blocks, rejects))
    validate.rejected_case_notices(tables, rejected, where, report)
    return Dataset(tables, rejected, report, submission, tuple(sources),
                   tuple(s for s, _ in files), order, effective, sub_sources)


def _as_date(value: Any) -> dt.date:
    """A date given as an option (a date, or ``YYYY-MM-DD`` text), checked like data."""
    from .errors import UsageError

    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise UsageError(f"{value!r} is not a date: write it as YYYY-MM-DD") from None
    failure = coerce.date_problem(value)
    if failure is not None:
        raise UsageError(f"{value.isoformat()} {failure}")
    return value


# --- the Submission sheet ------------------------------------------------------------------------


def _merge_submission(cells: list[SettingCell], report: Report, order: str
                      ) -> tuple[dict, dict]:
    """The settings of every ``Submission`` sheet, each checked, merged key by key."""
    from .settings import read_setting

    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for cell in cells:
        where = dict(file=cell.file, sheet=cell.sheet, row=cell.row, column=cell.column,
                     header=cell.key)
        if cell.problem is not None:
            report.add(Issue(cell.problem, ERROR, f"The value of {cell.key} is a formula with no "
                             "stored value or an error. Open the file in Excel, check it and "
                             "save it again.", **where))
            continue
        value, problems = read_setting(cell.key, cell.value, date_order=order)
        shown = coerce._as_text(cell.value)
        for code, message in problems:
            report.add(Issue(code, ERROR, message, value=shown, **where))
        if problems or value is None:
            continue
        place = f"{cell.file} › {cell.sheet} › row {cell.row}"
        if cell.key in values and values[cell.key] != value:
            report.add(Issue(
                "submission-conflict", ERROR,
                f"{cell.key} is {quote(value)} here but {quote(values[cell.key])} in "
                f"{sources[cell.key]}. Give it one value.", value=shown, **where))
            continue
        values.setdefault(cell.key, value)
        sources.setdefault(cell.key, place)
    return values, sources


def _check_submission_dates(submission, sources, effective, explicit, report,
                            cells: list[SettingCell] = ()) -> None:
    through = submission.get("data_through")
    if through is not None and through > effective:
        place = sources.get("data_through", "")
        cell = next((c for c in cells if c.key == "data_through"
                     and f"{c.file} › {c.sheet} › row {c.row}" == place), None)
        report.add(Issue(
            "data-through-after-submission", ERROR,
            f"data_through ({through.isoformat()}) is after the submission date "
            f"({effective.isoformat()}). Data cannot cover days after it is sent.",
            file=cell.file if cell else None, sheet=cell.sheet if cell else None,
            row=cell.row if cell else None, column=cell.column if cell else None,
            header="data_through", value=through.isoformat()))


# --- converting one sheet of one file -----------------------------------------------------------


def _convert_sheet(raw: RawSheet, report: Report, order: str, submitted_on: dt.date
                   ) -> tuple[pd.DataFrame, Rejects]:
    """One raw sheet typed by the contract, and the error codes of its rows."""
    spec = schema.SHEETS[raw.sheet]
    frame = raw.frame
    n = len(frame)
    rejects = Rejects(n)
    rows = frame["_row"].to_numpy()
    out = pd.DataFrame(index=frame.index)

    def flag(mask, code: str, severity: str, message, column: str | None,
             raw_values: pd.Series | None = None) -> None:
        letter, header = raw.where(column) if column else (None, None)
        positions = np.asarray(mask).nonzero()[0]
        for pos in positions:
            value = raw_values.iloc[pos] if raw_values is not None else None
            shown = coerce._as_text(value) if raw_values is not None else None
            msg = message(value) if callable(message) else message
            report.add(Issue(code, severity, msg, file=raw.file, sheet=raw.sheet_in_file,
                             row=_locator(rows[pos]), column=letter, header=header,
                             value=shown, row_label=raw.row_label))
        if severity == ERROR:
            rejects.add(positions, code)

    # columns the sheet must have
    missing = [c for c in spec.required if c not in raw.columns]
    if missing and n == 0 and not raw.columns:
        missing = []  # an empty sheet: nothing to say twice
    for name in missing:
        report.add(Issue(
            "column-missing", ERROR,
            f'The required column "{name}" is missing. Add a column headed {name} '
            f"(or one of: {', '.join(spec.column(name).aliases[:3])}).",
            file=raw.file, sheet=raw.sheet_in_file, row=raw.header_row or None, header=name,
            row_label=raw.row_label if raw.header_row else None))
        rejects.add_every("column-missing", again=True)

    # a header used twice: which column holds the value is unknown, so no row can be trusted
    for code in raw.sheet_errors:
        rejects.add_every(code)

    # cells the source could not give a value (formulas never calculated, error values, an
    # unclosed quote, a cell over the length limit): each rejects its row
    bad_here = _cell_problems(raw, rows, rejects, report)

    for column in spec.columns:
        distinct = raw.distinct(column.name)
        series = frame[column.name].astype(object)  # the cells, for messages
        as_error = np.zeros(n, dtype=bool)
        # error values typed as text (CSV exports, ODS)
        errors = _error_values(distinct.values)
        if errors is not None:
            as_error = distinct.flags(errors)
            if as_error.any():
                flag(as_error, "excel-error", ERROR,
                     lambda v: f"{quote(v)} is an Excel error value, not data. Correct the "
                               "formula or type the value.", column.name, series)
                series = series.where(~as_error, "")
                distinct = distinct.replace(errors, "")
        values, problems = coerce.convert(column, distinct, date_order=order,
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
        blank = distinct.blank() & ~as_error  # an error value is not also "missing"
        if column.name in bad_here:
            blank[bad_here[column.name]] = False
        out[column.name + "__blank"] = blank  # dropped after the required checks

    key = spec.key[0] if spec.key else None
    if n:
        _required_values(spec, raw, out, frame, flag, key)
    out = out.drop(columns=[c for c in out.columns if c.endswith("__blank")])
    for extra in (c for c in frame.columns if c.startswith(EXTRA_PREFIX)):
        out[extra] = frame[extra]
    out["_file"] = raw.file
    out["_sheet"] = raw.sheet_in_file
    out["_row"] = frame["_row"]  # row numbers (int64), or a database's keys
    out["_codes"] = None  # the rejected rows' codes, filled in when the tables are split
    return out, rejects


def _error_values(values: np.ndarray) -> np.ndarray | None:
    """Which distinct values are Excel error values typed as text (``#N/A``), or None when
    none can be (no text holds a ``#``)."""
    if "#" not in coerce._texts(values):
        return None
    return np.array([isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS for v in values],
                    dtype=bool)


def _locator(value: Any) -> Any:
    """A row locator as an issue holds it: a plain int for row numbers, else as given."""
    return int(value) if isinstance(value, (int, np.integer)) else value


def _cell_problems(raw: RawSheet, rows, rejects: Rejects, report: Report
                   ) -> dict[str, list[int]]:
    """Report the raw sheet's cell problems; contract column → positions of its bad cells."""
    if not raw.problems or not len(rows):
        return {}
    position = {_locator(r): pos for pos, r in enumerate(rows)}
    by_letter = {c.letter: c.name for c in raw.columns.values() if c.letter}
    by_header = {c.header: c.name for c in raw.columns.values()}
    bad: dict[str, list[int]] = {}
    for problem in raw.problems:
        pos = position.get(_locator(problem.row))
        if pos is None:
            continue
        report.add(Issue(problem.code, ERROR, problem.message, file=raw.file,
                         sheet=raw.sheet_in_file, row=_locator(problem.row),
                         column=problem.column, header=problem.header, value=problem.value,
                         row_label=raw.row_label))
        rejects.add((pos,), problem.code)
        name = by_letter.get(problem.column) if problem.column else by_header.get(
            problem.header)
        if name is not None:
            bad.setdefault(name, []).append(pos)
    return bad


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
        silent = blank["response"] & (out["status"] == "not_started")
        if silent.any():
            flag(silent, "recommendation-no-response", WARNING,
                 "The recommendation was not started and says nothing: the submission will "
                 'read "No action was taken in the period." Say why, or what is planned, in '
                 "response.", "response")


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


def _split(frame: pd.DataFrame, rejects: Rejects) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The accepted rows (without ``_codes``) and the rejected rows, each with its codes."""
    bad = rejects.mask()
    if not bad.any():
        return (frame.drop(columns=["_codes"]).reset_index(drop=True),
                frame.iloc[0:0].reset_index(drop=True))
    rejected = frame[bad].reset_index(drop=True)
    column = np.empty(len(rejected), dtype=object)
    for i, pos in enumerate(bad.nonzero()[0]):
        column[i] = rejects.codes(int(pos))
    rejected["_codes"] = column
    return frame[~bad].drop(columns=["_codes"]).reset_index(drop=True), rejected


def _ledger(sources: list[SheetSource], blocks: dict[str, list[tuple[str, str, int]]],
            rejects: dict[str, Rejects]) -> list[LedgerEntry]:
    """One entry per sheet read: its rows read, accepted, rejected (by code) and excluded."""
    entries = []
    for source in sources:
        read = rejected = 0
        by_code: dict[str, int] = {}
        start = 0
        for file, sheet_in_file, n in blocks[source.sheet]:
            if (file, sheet_in_file) == (source.file, source.sheet_in_file):
                read += n
                for pos in range(start, start + n) if rejects[source.sheet].every else \
                        (p for p in rejects[source.sheet].rows if start <= p < start + n):
                    codes = rejects[source.sheet].codes(pos)
                    if not codes:
                        continue
                    rejected += 1
                    for code in codes:
                        by_code[code] = by_code.get(code, 0) + 1
            start += n
        excluded = sum(source.excluded.values())
        entries.append(LedgerEntry(source.file, source.sheet_in_file,
                                   read=read + excluded, accepted=read - rejected,
                                   rejected=rejected,
                                   rejected_by_code=dict(sorted(by_code.items())),
                                   excluded=excluded, excluded_by_reason=dict(source.excluded)))
    return entries
