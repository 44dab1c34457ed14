"""The audit workbook: the rows behind every figure, and the filter that finds them.

``submission.to_audit(target=None)`` (or :func:`audit_workbook`) makes it; ``tipreport
build`` writes it beside the documents as ``<name>-audit.xlsx`` (``--no-audit`` skips it).
Its sheets::

    Index          every figure (figures.keys(), and the calendar year's as calendar.…) in each
                   window: key, label, window, value, rows, and the filter that gives its rows:
                   sheet, window column and values, conditions, breakdown, column summed (for
                   Excel's AutoFilter)
    About          the edition, the windows' dates, what each window value means, how to filter
    Cases …        one row per accepted source row (Cases, Defendants, Victims, Activities,
                   Recommendations, Narrative): file, sheet, Excel row, ids, the window each
                   counting date falls in, every column a filter names, the other intake columns
    Rejected       the rows left out for errors: file, sheet, row, ids, problem codes, messages

Every figure is then a filter on one sheet: the rows it keeps are the figure's rows, and their
number (or the sum of one column) is its value. The filters are the figures' own
(:class:`~tipreport.figures.filters.Filter`), recorded where each figure is counted.

Nothing personal: personal-data columns were dropped on reading, unknown columns (``~…``) are
never written, and text withheld by the privacy guard reads "[withheld: personal data]". Every
text is written as text, so ``=HYPERLINK(…)`` stays text. The same figures and data give the
same bytes. Each column is converted once per distinct value (:class:`tipreport._xlsx.Cells`),
and its rows written straight into the package (:class:`tipreport._xlsx.Workbook`); a sheet
longer than Excel's 1,048,576 rows is split over numbered sheets.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from . import labels, schema
from ._xlsx import Cells
from .figures.filters import window_labels, window_masks
from .figures.keys import walk
from .figures.model import WINDOWS, Figure, Figures, num
from .reading import EXTRA_PREFIX

__all__ = ["audit_workbook", "label", "EXCEL_ROWS", "WINDOW_WORDS"]

#: rows in one Excel worksheet, the header row included
EXCEL_ROWS = 1_048_576
#: characters in one Excel cell
EXCEL_CELL = 32_767
#: what each value of a window column means (the period ledger's buckets, with the previous
#: period split at the like-for-like span)
WINDOW_WORDS = {
    "current": "this period, through data_through (the current window)",
    "previous": "the previous period, the same span as the current window (like for like)",
    "previous rest": "the rest of the previous period (previous_full = previous + previous rest)",
    "after data through": "this period, after data_through: left for the supplementary update",
    "after submission": "after the submission date: in no figure",
    "outside": "before the previous period, or after this one",
    "(blank)": "no date: in no window",
}
#: the sheets written, in order (the intake sheets that hold rows)
SHEETS = schema.DATA_SHEETS
#: columns the audit adds, and what they hold
DERIVED_WORDS = {
    "file": "the file the row was read from",
    "sheet": "the sheet of that file",
    "row": "the row's number in that sheet, as Excel shows it",
    "case_opened_on": "the day the defendant's (victim's) case was opened",
    "case_offense": "the offense of the defendant's (victim's) case",
    "case_exploitation": "the form of exploitation of the case",
    "case_online": "the case was online (yes / no)",
    "case_law": "the law and article charged in the case",
    "tip_form": "the TIP report's two-way split of the form (forced criminality is labor)",
    "case_tip_form": "the TIP report's two-way split of the case's form",
    "origin": "national or foreign, from the nationality and the submission's country",
    "shelter_type": "government or NGO shelter, or not_recorded (sheltered by service only)",
    "sheltered": "a shelter type given, or shelter among the services",
    "compensated": "compensation above 0",
    "sentence_band": "the prison term's band, when the term was not fully suspended",
    "fined": "a fine above 0",
    "below_minimum": "a term to serve below the minimum_sentence_months of the submission",
    "continued_into_current": "started before this period and still running in it",
    "continued_into_previous": "started before the previous period and still running in it",
}
_TEXT_KINDS = ("text",)
_EPOCH = np.datetime64("1899-12-30", "D")  # Excel's day 0 (with its 1900 leap-year quirk)
_FIRST_SERIAL = 61  # 1 March 1900: earlier serials do not mean what they say in Excel
_CUT = " … [cut: the cell holds {n:,} characters, more than Excel takes]"


# --- the public entry ----------------------------------------------------------------------------


def audit_workbook(figures: Figures, dataset=None, *, rows_per_sheet: int = EXCEL_ROWS - 1
                   ) -> bytes:
    """The audit workbook of ``figures`` as ``.xlsx`` bytes.

    ``dataset`` (the :class:`~tipreport.Dataset` the figures were computed from) gives the
    rejected rows their ids and messages; without it they are listed with their codes alone.
    ``rows_per_sheet`` caps the data rows of one sheet (Excel's limit less the header row);
    longer sheets are split over numbered sheets, as the index says."""
    if rows_per_sheet < 1:
        raise ValueError("rows_per_sheet must be at least 1")
    parts = [_Part(figures, walk(figures))]
    if figures.calendar is not None:
        parts.append(_Part(figures.calendar, walk(figures.calendar), CALENDAR))
    for part in parts:
        part.named = _filter_columns(part.items)
    tables = {name: _Table.of(name, _sheet_columns(figures, name, parts), rows_per_sheet)
              for name in SHEETS if name in figures.tables}
    rejected = _Table.of("Rejected", _rejected_columns(figures, dataset), rows_per_sheet)
    index = _index_columns(parts, tables)
    return _Writer(figures).write(index, _about(figures, tables, rejected), tables, rejected)


#: what the calendar-year figures' keys and window columns start with
CALENDAR = "calendar"


class _Part:
    """Figures counted over one set of windows: the submission's, or the calendar year's
    (``--calendar-year``), whose keys and window columns start with ``calendar``."""

    def __init__(self, figures: Figures, items, prefix: str = ""):
        self.figures, self.items, self.prefix = figures, items, prefix
        self.named: dict[str, dict[str, pd.Series]] = {}

    def key(self, path: Sequence[str]) -> tuple[str, ...]:
        return (self.prefix, *path) if self.prefix else tuple(path)

    def column(self, name: str) -> str:
        """A window column as this part's filters name it in the workbook."""
        return f"{self.prefix}_{name}" if self.prefix else name

    def window(self, spec, window: str):
        condition = spec.windows[window]
        if not self.prefix:
            return condition
        return dataclasses.replace(condition, column=self.column(condition.column))


# --- the columns of each sheet ------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One column as written: its header, its cells (each distinct value once: ``str``,
    written as text, always, or a number) and, for dates, the date format."""

    header: str
    cells: Cells
    date: bool = False
    width: float = 12
    #: text shown on several lines (conditions, messages, long texts)
    wrap: bool = False


@dataclass(frozen=True)
class _Table:
    """A sheet's columns, and the worksheets it takes (one, or numbered parts)."""

    name: str
    columns: list[_Column]
    rows: int
    parts: tuple[str, ...]

    @classmethod
    def of(cls, name: str, columns: list[_Column], per_sheet: int) -> "_Table":
        rows = len(columns[0].cells) if columns else 0
        count = max(1, -(-rows // per_sheet))
        parts = (name,) if count == 1 else tuple(f"{name} {i}" for i in range(1, count + 1))
        return cls(name, columns, rows, parts)

    def slices(self) -> Iterable[tuple[str, int, int]]:
        per = -(-self.rows // len(self.parts)) if self.rows else 0
        step = max(per, 1)
        for i, part in enumerate(self.parts):
            yield part, i * step, min(self.rows, (i + 1) * step)

    @property
    def shown(self) -> str:
        """The sheet as the index names it (``Victims 1 + Victims 2`` when split)."""
        return " + ".join(self.parts)


def _filter_columns(items: Sequence[tuple[tuple[str, ...], Figure]]
                    ) -> dict[str, dict[str, pd.Series]]:
    """Sheet → the columns the figures' filters name, by name (each counter's once)."""
    from .figures.counting import _same

    out: dict[str, dict[str, pd.Series]] = {}
    seen: set[int] = set()
    for _, figure in items:
        spec = figure.filter
        if spec is None or id(spec.columns) in seen:
            continue
        seen.add(id(spec.columns))
        mine = out.setdefault(spec.sheet, {})
        for name, series in spec.columns.items():
            known = mine.setdefault(name, series)
            if not name.endswith("_window") and not _same(known, series):
                raise ValueError(f"{spec.sheet}: two different columns are named {name!r}")
    return out


def _sheet_columns(figures: Figures, sheet: str, parts: list[_Part]) -> list[_Column]:
    """Locator, ids, windows (the calendar year's after the submission's), the columns filters
    name (intake, the case's, derived), then the other intake columns; text last. Never an
    unknown (``~``) column."""
    frame = figures.tables[sheet]
    spec = schema.SHEETS[sheet]
    out = [_Column("file", _file_cells(frame["_file"]), width=22),
           _Column("sheet", _cells(frame["_sheet"]), width=14),
           _Column("row", _cells(frame["_row"]), width=8)]
    done = {"_file", "_sheet", "_row"}
    kinds = {c.name: c.kind for c in spec.columns}

    def add(name: str, series: pd.Series | Cells) -> None:
        if name in done or name.startswith(EXTRA_PREFIX):
            return
        done.add(name)
        out.append(_column(name, series, kinds.get(name)))

    for column in spec.columns:
        if column.kind == "id":
            add(column.name, frame[column.name])
    dates = [c.name for c in spec.columns if c.event]
    if sheet == "Defendants":  # suspects investigated count by their case's opening
        dates.insert(0, "case_opened_on")
    for part in parts:
        named = part.named.get(sheet, {})
        for name in dates:
            add(part.column(f"{name}_window"), _window_cells(frame[name], part.figures))
        for name in ("continued_into_current", "continued_into_previous"):
            if name in named:
                add(part.column(name), named[name])
    later = [c.name for c in spec.columns if c.kind in _TEXT_KINDS]
    for column in spec.columns:
        if column.name not in later:
            add(column.name, frame[column.name])
    if sheet == "Defendants":  # each defendant's case, as the prosecution figures read it
        for name in frame.columns:
            if name.startswith("case_"):
                add(name, frame[name])
    for name, series in parts[0].named.get(sheet, {}).items():
        if name not in later:
            add(name, frame[name] if name in frame.columns else series)
    for name in later:
        add(name, frame[name])
    return out


#: the values of a window column (_window_cells), in the order of their codes
_WINDOW_CELLS = ["current", "previous", "previous rest", "after data through",
                 "after submission", "outside"]


def _window_cells(dates: pd.Series, figures: Figures) -> Cells:
    """Each date's window: current, previous, previous rest (as the counter keeps them), and
    for the others the period ledger's buckets: after data through, after submission,
    outside; empty without a date."""
    labels_ = window_labels(window_masks(dates, figures.windows))
    values = dates.to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(values)
    period = figures.period
    after_sub = values > np.datetime64(figures.submitted_on, "ns")
    in_period = ((values >= np.datetime64(period.start, "ns"))
                 & (values <= np.datetime64(period.end, "ns")))
    codes = np.full(len(values), -1, dtype=np.intp)
    codes[dated] = 5  # outside
    codes[dated & ~after_sub & in_period] = 3
    codes[dated & after_sub] = 4
    for code, name in enumerate(_WINDOW_CELLS[:3]):  # as the counter keeps them
        codes[labels_ == name] = code
    return Cells(codes, list(_WINDOW_CELLS))


def _column(name: str, series: pd.Series | Cells, kind: str | None) -> _Column:
    if isinstance(series, Cells):
        return _Column(name, series, width=max(8.0, min(len(name) + 2.0, 24.0)))
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return _Column(name, _date_cells(series), date=True, width=11)
    if kind == "text":
        return _Column(name, _cells(series), width=40)
    return _Column(name, _cells(series), width=max(8.0, min(len(name) + 2.0, 24.0)))


def _cells(series: pd.Series) -> Cells:
    """A column's cells, each distinct value converted once: numbers as numbers, yes/no for
    true/false, text as text (cut to Excel's cell limit, saying so), empty for missing."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy().astype(np.intp)
        return _converted(codes, series.cat.categories.to_numpy(dtype=object))
    if pd.api.types.is_bool_dtype(dtype):
        values = series.to_numpy(dtype=object, na_value=None)
        codes = np.full(len(values), -1, dtype=np.intp)
        codes[values == True] = 0  # noqa: E712  (element-wise, missing values stay empty)
        codes[values == False] = 1  # noqa: E712
        return Cells(codes, ["yes", "no"])
    if pd.api.types.is_numeric_dtype(dtype):
        codes, uniques = pd.factorize(series.to_numpy(dtype=float, na_value=np.nan),
                                      use_na_sentinel=True)
        return Cells(codes, uniques.tolist())
    values = series.to_numpy(dtype=object, na_value=None)
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return Cells(codes, [_fit(v) if len(v) > EXCEL_CELL // 2 else v  # UTF-16 units
                             for v in uniques.tolist()])
    values = np.where(pd.isna(values), None, values)
    return Cells.of([_cell(value) for value in values.tolist()])


def _converted(codes: np.ndarray, values: np.ndarray) -> Cells:
    """Cells of ``codes`` into ``values`` (a categorical's), each value converted."""
    cells = Cells.of([_cell(value) for value in values.tolist()])
    table = np.append(cells.codes, -1)  # value i's code in ``cells``; -1 stays empty
    return Cells(table[codes], cells.values)


def _cell(value: Any) -> Any:
    """One value (None for a missing one) as a cell: None (empty), yes / no, a number or
    text."""
    if value is None:
        return None
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return num(value)
    return _fit(value if isinstance(value, str) else str(value))


def _fit(text: str) -> str:
    """Text Excel can hold in one cell (32,767 UTF-16 units): longer text is cut, saying so."""
    if len(text.encode("utf-16-le")) // 2 <= EXCEL_CELL:
        return text
    note = _CUT.format(n=len(text))
    keep = EXCEL_CELL - len(note) - 1
    head = text[:keep]
    while len(head.encode("utf-16-le")) // 2 > keep:
        head = head[:-1]
    return head + note


def _date_cells(series: pd.Series) -> Cells:
    """Dates as Excel serial numbers (shown with a date format); the few Excel cannot show
    (before March 1900) as ISO text."""
    values = series.to_numpy(dtype="datetime64[ns]")
    days = values.astype("datetime64[D]")
    codes, uniques = pd.factorize(days.view(np.int64), use_na_sentinel=False)
    missing = np.isnat(days)
    codes[missing] = -1
    serials = (uniques.view("datetime64[D]") - _EPOCH).astype(np.int64)
    early = serials < _FIRST_SERIAL
    cells = np.asarray(serials, dtype=object)
    if early.any():
        cells[early] = np.datetime_as_string(uniques.view("datetime64[D]")[early],
                                             unit="D").astype(object)
    return Cells(codes, cells.tolist())


def _file_cells(files: pd.Series) -> Cells:
    """The file by its name alone (never the folders, which may name the user), or as given
    when two files of the same name were read from different folders."""
    from .views import file_name

    codes, uniques = pd.factorize(files.to_numpy(dtype=object, na_value=None),
                                  use_na_sentinel=True)
    values = uniques.tolist()
    names = [file_name(f) if f else None for f in values]  # None: no file ("" stays empty)
    taken: dict[str, int] = {}
    for name in names:
        if name is not None:
            taken[name] = taken.get(name, 0) + 1
    blank = np.asarray([n is None for n in names] + [True])
    return Cells(np.where(blank[codes], -1, codes),
                 ["" if n is None else n if taken[n] == 1 else str(f)
                  for f, n in zip(values, names)])


# --- rejected rows --------------------------------------------------------------------------------


def _rejected_columns(figures: Figures, dataset) -> list[_Column]:
    """One line per rejected row (its codes and messages) and per problem that stopped a whole
    file or sheet from being read."""
    rows: list[dict[str, Any]] = []
    messages: dict[tuple, list[str]] = {}
    whole: list[Any] = []
    if dataset is not None:
        for issue in dataset.report.errors:
            if issue.row is None:
                whole.append(issue)
            else:
                messages.setdefault((issue.file, issue.sheet, issue.row), []).append(
                    f"{issue.code}: {issue.message}")
        for name in SHEETS:
            frame = dataset.rejected.get(name)
            if frame is None or not len(frame):
                continue
            ids = [c.name for c in schema.SHEETS[name].columns if c.kind == "id"]
            for record in frame[["_file", "_sheet", "_row", "_codes", *ids]].to_dict("records"):
                place = (record["_file"], record["_sheet"], int(record["_row"]))
                rows.append({"file": record["_file"], "sheet": record["_sheet"],
                             "row": int(record["_row"]), "intake_sheet": name,
                             "ids": _ids(record, ids), "codes": ", ".join(record["_codes"]),
                             "messages": "\n".join(messages.get(place, []))})
        for issue in whole:
            rows.append({"file": issue.file, "sheet": issue.sheet, "row": None,
                         "intake_sheet": None, "ids": None, "codes": issue.code,
                         "messages": f"{issue.code}: {issue.message}"})
    else:
        for entry in figures.rejected:
            rows.append({"file": entry["file"], "sheet": entry["sheet"], "row": entry["row"],
                         "intake_sheet": None, "ids": None, "codes": ", ".join(entry["codes"]),
                         "messages": None})
    frame = pd.DataFrame(rows, columns=["file", "sheet", "row", "intake_sheet", "ids", "codes",
                                        "messages"])
    widths = {"file": 22, "sheet": 14, "row": 8, "intake_sheet": 14, "ids": 20, "codes": 24,
              "messages": 80}
    out = []
    for name in frame.columns:
        cells = (_file_cells(frame[name]) if name == "file"
                 else _cells(frame[name].astype(object)))
        out.append(_Column(name, cells, width=widths[name], wrap=name == "messages"))
    return out


def _ids(record: dict[str, Any], ids: list[str]) -> str | None:
    shown = [f"{c} {record[c]}" for c in ids if record.get(c) is not None
             and not (isinstance(record[c], float) and record[c] != record[c])]
    return ", ".join(shown) or None


# --- the index ----------------------------------------------------------------------------------

INDEX_HEADERS = ("key", "label", "window", "dates", "value", "rows", "sheet", "window filter",
                 "conditions", "breakdown", "sum of", "in summary", "filter (machine-readable)")
#: the index's columns shown on several lines (one condition a line)
_WRAPPED = ("label", "conditions", "breakdown")


def _index_columns(parts: list[_Part], tables: dict[str, _Table]) -> list[_Column]:
    from .views import HEADLINE_ROWS

    headline = dict(HEADLINE_ROWS)
    cols: dict[str, list] = {h: [] for h in INDEX_HEADERS}
    for part in parts:
        dates = {w: f"{p.start.isoformat()} – {p.end.isoformat()}"
                 for w, p in part.figures.windows.items()}
        for path, figure in part.items:
            _index_entries(cols, part, path, figure, dates, headline, tables)
    widths = {"key": 46, "label": 50, "window": 13, "dates": 23, "value": 12, "rows": 8,
              "sheet": 12, "window filter": 30, "conditions": 36, "breakdown": 30,
              "sum of": 12, "in summary": 10, "filter (machine-readable)": 40}
    return [_Column(h, Cells.of(cols[h]), width=widths[h], wrap=h in _WRAPPED)
            for h in INDEX_HEADERS]


def _index_entries(cols: dict[str, list], part: _Part, path, figure: Figure,
                   dates: dict[str, str], headline: dict[str, str],
                   tables: dict[str, _Table]) -> None:
    """The index's three lines of one figure, one per window."""
    key = ".".join(part.key(path))
    name = label(path, headline) + (f" (calendar year {part.figures.year})" if part.prefix
                                    else "")
    spec = figure.filter
    for window in WINDOWS:
        value = num(getattr(figure, window))
        cols["key"].append(key)
        cols["label"].append(name)
        cols["window"].append(window)
        cols["dates"].append(dates[window])
        cols["value"].append(value)
        cols["in summary"].append("yes" if key in headline else None)
        if spec is None:
            cols["rows"].append(len(figure.rows[window]))
            for h in ("sheet", "window filter", "breakdown", "sum of",
                      "filter (machine-readable)"):
                cols[h].append(None)
            cols["conditions"].append("(no single filter: see the figure's parts)")
            continue
        condition = part.window(spec, window)
        cols["rows"].append(value if spec.weight is None else len(figure.rows[window]))
        table = tables.get(spec.sheet)
        cols["sheet"].append(table.shown if table is not None else spec.sheet)
        cols["window filter"].append(str(condition))
        cols["conditions"].append("\n".join(map(str, spec.conditions)) or None)
        cols["breakdown"].append("\n".join(map(str, spec.breakdown)) or None)
        cols["sum of"].append(spec.weight)
        plain = spec.to_dict(window)
        plain["windows"] = {window: condition.to_dict()}
        cols["filter (machine-readable)"].append(json.dumps(plain, ensure_ascii=False,
                                                            sort_keys=True))


_DIM_WORDS = {"exploitation": "form", "tip_form": "TIP split", "online": "online",
              "law": "law", "sex": "sex", "nationality": "nationality",
              "age_group": "age group", "origin": "origin", "identified_by": "identified by",
              "exploited_in": "exploited in", "status": "status", "shelter": "shelter type",
              "kind": "kind", "agency": "agency", "pillar": "pillar", "offense": "offense",
              "band": "prison term", "currency": "currency"}
_VALUE_WORDS = {"exploitation": labels.EXPLOITATION, "tip_form": labels.TIP_FORM,
                "sex": labels.SEX, "age_group": labels.AGE,
                "identified_by": labels.IDENTIFIED_BY, "kind": labels.KIND,
                "shelter": labels.SHELTER, "pillar": labels.PILLAR, "band": labels.BAND}


def label(path: Sequence[str], headline: dict[str, str] | None = None) -> str:
    """A figure's label: the summary's where it has one, else words from its key
    (``Prosecution › acquittals — form: Labor trafficking``)."""
    if headline is None:
        from .views import HEADLINE_ROWS

        headline = dict(HEADLINE_ROWS)
    path = list(path)
    for n in range(len(path), 0, -1):
        prefix = ".".join(path[:n])
        if prefix in headline:
            text, rest = headline[prefix], path[n:]
            break
    else:
        text, rest = labels.PILLAR.get(path[0], _words(path[0])), path[1:]
    i, parent = 0, path[0]
    while i < len(rest):
        part = rest[i]
        if part.startswith("by_") and i + 1 < len(rest):
            dim, value = part[3:], rest[i + 1]
            text += f" — {_DIM_WORDS.get(dim, _words(dim))}: {_value_words(dim, value)}"
            i += 2
            continue
        text += " › " + (labels.SERVICE.get(part, part) if parent == "services"
                         else part if parent.startswith("amount_by") else _words(part))
        parent = part
        i += 1
    return text


def _value_words(dim: str, value: str) -> str:
    if dim in ("nationality", "exploited_in"):
        name = labels.country_name(value)
        return f"{name} ({value})" if name and name != value else value
    words = _VALUE_WORDS.get(dim, {}).get(value)
    if not words:
        return value
    return words if f"({value})" in words else f"{words} ({value})"


def _words(name: str) -> str:
    return name.replace("_", " ")


# --- the About sheet ------------------------------------------------------------------------------


def _about(figures: Figures, tables: dict[str, _Table], rejected: _Table) -> list[tuple]:
    """Lines of (text, style): what the workbook is and how to use it."""
    s = figures.submission
    w = figures.windows
    country = s.get("country") or "—"
    lines: list[tuple[str, str]] = [
        (f"Audit workbook: {country}, submission to the {figures.year} TIP Report", "title"),
        (f"Submitted on {figures.submitted_on.isoformat()}; data through "
         f"{figures.data_through.isoformat()}.", "text"),
        ("", "text"),
        ("The windows every figure is counted in", "heading"),
        (f"current: {w['current'].start.isoformat()} – {w['current'].end.isoformat()} "
         "(this period through data_through)", "text"),
        (f"previous: {w['previous'].start.isoformat()} – {w['previous'].end.isoformat()} "
         "(the same span of the previous period: every change is computed against it)", "text"),
        (f"previous_full: {w['previous_full'].start.isoformat()} – "
         f"{w['previous_full'].end.isoformat()} (the whole previous period)", "text"),
        *_calendar_lines(figures),
        ("", "text"),
        ("What a window column holds (one per counting date: opened_on_window, …)", "heading"),
        *[(f"{value}: {words}", "text") for value, words in WINDOW_WORDS.items()],
        ("continued_into_current, continued_into_previous: yes for an activity that started "
         "before the period and still ran in it (counted apart from those that started).",
         "text"),
        ("", "text"),
        ("How to find the rows behind a figure", "heading"),
        ("1. In the Index, find the figure's key and window. 2. Open the sheet it names; its "
         "header row has filters (Data › Filter). 3. For each line of 'window filter', "
         "'conditions' and 'breakdown', open that column's filter and tick the values given: "
         "'a | b' means a or b; '(blank)' is Excel's '(Blanks)'; '≠' means tick every value "
         "but those. 4. The rows shown are the figure's rows: their number is the value, or, "
         "when 'sum of' names a column, the sum of that column (Excel shows it in the status "
         "bar when you select the column).", "text"),
        ("A sheet split over numbered parts (e.g. 'Victims 1 + Victims 2') holds more rows "
         "than one Excel sheet can: apply the filter to each part and add the results.",
         "text"),
        ("", "text"),
        ("Sheets", "heading"),
        ("Index: every figure in each window, with its value and filter.", "text"),
    ]
    for table in tables.values():
        lines.append((f"{table.shown}: {table.rows:,} accepted rows of the {table.name} sheet"
                      + (" (split: more rows than one Excel sheet holds)"
                         if len(table.parts) > 1 else "") + ".", "text"))
    lines.append((f"{rejected.shown}: {rejected.rows:,} rows or files left out for errors, "
                  "with their problem codes and messages.", "text"))
    lines += [("", "text"), ("Columns the audit adds", "heading"),
              *[(f"{name}: {words}", "text") for name, words in DERIVED_WORDS.items()],
              ("service_<service>: yes when the service is among the victim's services.",
               "text"),
              ("The other columns are the intake columns, as docs/intake.md describes them. "
               "Personal data is never written: its columns were dropped on reading, and text "
               "that held it reads \"[withheld: personal data]\".", "text")]
    return lines


def _calendar_lines(figures: Figures) -> list[tuple[str, str]]:
    if figures.calendar is None:
        return []
    c = figures.calendar
    w = c.windows
    return [("", "text"),
            (f"Calendar year {c.year}: its figures' keys start with 'calendar.' and their window "
             "columns with 'calendar_' (calendar_opened_on_window, …)", "heading"),
            *[(f"{name}: {p.start.isoformat()} – {p.end.isoformat()}", "text")
              for name, p in w.items()]]


# --- writing -----------------------------------------------------------------------------------------


class _Writer:
    """Writes the workbook with XlsxWriter (:class:`tipreport._xlsx.Workbook`), the sheets'
    rows from each column's distinct values converted once; text always as text, never a
    formula."""

    def __init__(self, figures: Figures):
        self.figures = figures

    def write(self, index: list[_Column], about: list[tuple], tables: dict[str, _Table],
              rejected: _Table) -> bytes:
        from ._xlsx import Workbook

        out = io.BytesIO()
        book = Workbook(out, {"strings_to_formulas": False, "strings_to_urls": False,
                              "strings_to_numbers": False})
        self.book = book
        self.bold = book.add_format({"bold": True, "bottom": 1, "valign": "top"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.top = book.add_format({"valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.heading = book.add_format({"bold": True})
        self._properties(book)
        index_rows = len(index[0].cells) if index else 0
        self._table(book.add_worksheet("Index"), index, 0, index_rows)
        self._about(book.add_worksheet("About"), about)
        for table in [*tables.values(), rejected]:
            for part, start, stop in table.slices():
                self._table(book.add_worksheet(part), table.columns, start, stop)
        book.close()
        return out.getvalue()

    def _properties(self, book) -> None:
        f = self.figures
        s = f.submission
        when = dt.datetime.combine(f.submitted_on, dt.time())
        book.set_properties({
            "title": f"{s.get('country') or 'Submission'}: TIP {f.year} submission, audit "
                     "workbook",
            "subject": "The rows behind every figure of the submission",
            "author": str(s.get("government_body") or ""),
            "company": str(s.get("government_body") or ""),
            "comments": "Made by tipreport",
            "created": when,
        })

    def _table(self, sheet, columns: list[_Column], start: int, stop: int) -> None:
        for c, column in enumerate(columns):
            sheet.set_column(c, c, column.width)
        sheet.freeze_panes(1, 0)
        self.book.write_table(sheet, [c.header for c in columns], [c.cells for c in columns], start,
                    stop, header_format=self.bold,
                    formats=[(self.wrap if c.wrap else None, self.date if c.date else None)
                             for c in columns])
        if columns:
            sheet.autofilter(0, 0, max(stop - start, 1), len(columns) - 1)

    def _about(self, sheet, lines: list[tuple]) -> None:
        sheet.set_column(0, 0, 120, self.wrap)
        for r, (text, style) in enumerate(lines):
            if text:
                sheet.write_string(r, 0, text, {"title": self.title,
                                                "heading": self.heading}.get(style, self.wrap))
