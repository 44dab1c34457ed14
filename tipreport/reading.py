"""Shaping the rows of one table into a raw sheet: header found, columns named, limits kept.

Every source (:mod:`tipreport.sources`: workbooks, CSV, and later databases and HTCDS
registers) reads its tables as lists of rows and hands each one to :func:`shape_table`, so
that all of them find headers, match names, drop personal data and apply the size limits the
same way. Nothing here interprets a value: that is :mod:`tipreport.coerce`'s job. What this
module does:

- finds the header row below title and blank rows, maps headers to the contract's names,
  drops personal-data columns, keeps unknown columns for provenance;
- reports values under no header, refuses sheets over the row, column and cell limits, and
  rejects cells longer than the cell-length limit (their text never travels further);
- skips blank rows (not counted, not errors);
- collects the key/value rows of a ``Submission`` sheet (:func:`collect_settings`).

Locations. A row is located by ``RawSheet.row_label`` and the row's locator in the frame's
``_row`` column: for workbooks and CSV files the label is ``"row"`` and the locator the row
number as Excel shows it; a database source may use its primary key (``row_label="id"``,
``_row`` = 17 or ``"C-001"``). A column is located by its letter where the source has letters
(``SourceColumn.letter``; ``None`` in a database) and always by its header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import schema
from .coerce import Distinct, _blank_values
from .limits import Limits
from .report import ERROR, NOTICE, WARNING, Issue, quote

__all__ = ["RawSheet", "SourceColumn", "CellProblem", "SettingCell", "shape_table",
           "collect_settings", "column_letter", "read_file", "row_locator", "EXCEL_ERRORS",
           "EXTRA_PREFIX"]

HEADER_SCAN_ROWS = 20
EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!"})
#: prefix of kept unknown columns in the tables: never rendered, never exported
EXTRA_PREFIX = "~"


def row_locator(value: Any) -> Any:
    """A row's locator as issues and provenance hold it: an Excel row number as a plain
    ``int``, a database's key (``"C-001"``, ``"case_id C-1, person_id 2"``) as it is."""
    if isinstance(value, str):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


def column_letter(index: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class SourceColumn:
    index: int
    letter: str | None  # None where the source names columns by header only (a database)
    header: str
    name: str | None  # contract name, or None for an unknown column


@dataclass(frozen=True)
class CellProblem:
    """An error a source found in a cell while reading it; it rejects the cell's row.

    ``row`` is the row's locator, as in the frame's ``_row``; ``column`` the column letter
    (or ``None``), ``header`` the header as written.
    """

    row: Any
    code: str
    message: str
    column: str | None = None
    header: str | None = None
    value: str | None = None


@dataclass
class RawSheet:
    """One sheet of one file, as read: raw cell values under contract names."""

    file: str  # as given by the user
    sheet: str  # contract sheet name
    sheet_in_file: str  # as named in the file (a table's name in a database)
    header_row: int  # Excel row number of the header (0 when there is none)
    columns: dict[str, SourceColumn]  # contract name → where it came from
    frame: pd.DataFrame  # contract names + extra columns; index = position; "_row" = locator
    text_only: bool = False  # a CSV: every value arrives as text
    #: errors found while reading cells (a formula without its value, an Excel error, a cell
    #: over the length limit, an unclosed quote): each rejects its row
    problems: list[CellProblem] = field(default_factory=list)
    #: errors about the sheet as a whole (a header used twice): they reject every row
    sheet_errors: list[str] = field(default_factory=list)
    #: what a row locator is called in messages: "row" (Excel row number), or a key's name
    row_label: str = "row"
    #: dropped personal-data columns: header → (kind, its distinct values), kept in memory only
    #: so that printed free text can be searched for them (tipreport.privacy); never shown
    personal: dict[str, tuple[str, tuple]] = field(default_factory=dict, repr=False)
    #: rows read but left out on purpose, not in error (an HTCDS row whose trafficking status
    #: says the person is not a victim): reason → their locators. The ledger counts them:
    #: read = accepted + rejected + excluded
    excluded: dict[str, list] = field(default_factory=dict)
    #: the columns of ``frame`` factorized, as :func:`shape_table` made them (each raw column
    #: is factorized once, and converted per distinct value); a source that changes ``frame``
    #: afterwards clears it, and :meth:`distinct` then factorizes the column anew
    factorized: dict[str, Distinct] = field(default_factory=dict, repr=False)

    def distinct(self, name: str) -> Distinct:
        """The column ``name`` of ``frame``, factorized."""
        found = self.factorized.get(name)
        if found is not None and len(found) == len(self.frame):
            return found
        return Distinct.of(self.frame[name])

    def where(self, name: str) -> tuple[str | None, str | None]:
        col = self.columns.get(name)
        # a column the sheet lacks is still named (by its contract name), so the issue says which
        return (col.letter, col.header) if col else (None, name)


@dataclass(frozen=True)
class SettingCell:
    """One key/value row of a ``Submission`` sheet, as read (the value not yet checked)."""

    file: str
    sheet: str
    row: Any
    key: str  # the setting's contract name
    column: str | None  # the value's column letter
    value: Any
    #: a code when the cell could not be given a value (formula-without-value, excel-error)
    problem: str | None = None


def read_file(path: Path, shown: str, limits: Limits | None = None):
    """Read one file or URL (kept for callers of the first version: see :mod:`.sources`)."""
    from . import sources

    return sources.read(path, shown, sources.ReadOptions(limits=Limits.coerce(limits)))


# --- one table -------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value)


def find_header(rows: list[list[Any]], sheet: str, lookup: dict[str, str] | None = None
                ) -> int | None:
    """The first row within the first 20 naming at least two of the sheet's columns."""
    lookup = lookup if lookup is not None else schema.header_lookup(sheet)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = {lookup.get(schema.normalize(c)) for c in row if isinstance(c, str) and c.strip()}
        names.discard(None)
        if len(names) >= 2:
            return i
    return None


@dataclass
class _Header:
    columns: dict[str, SourceColumn]
    keep: list[tuple[str, int]]  # (frame column, index in the row)
    headed: set[int]  # indexes with a header cell
    errors: list[str]
    #: dropped personal-data columns: (header, kind, index in the row)
    dropped: list[tuple[str, str, int]] = field(default_factory=list)


def shape_table(rows: list[list[Any]], shown: str, sheet: str, sheet_in_file: str,
                issues: list[Issue], *, limits: Limits, text_only: bool = False,
                problems: dict[tuple[int, str], str] | None = None,
                row_numbers: list[Any] | None = None, letters: bool = True,
                row_label: str = "row", longest_text: int | None = None,
                header: int | None = None, lookup: dict[str, str] | None = None
                ) -> RawSheet | None:
    """One table's rows (the header among them) → a :class:`RawSheet`, or None (said why).

    ``problems`` maps (Excel row, column letter) → code of cells the source could not give a
    value (``formula-without-value``, ``excel-error``). ``row_numbers`` gives each row's
    locator when it is not its position + 1 (a database's keys). ``letters=False`` names
    columns by header only. ``longest_text``, when the source knows it, bounds the length of
    every text cell, so that the per-cell length check can be skipped. ``header`` is the
    header's index in ``rows`` when the source knows it (a database's column names, an HTCDS
    register's row 1); otherwise it is searched for. ``lookup`` maps normalised headers to
    contract names in place of the sheet's own names and aliases (an HTCDS register's fields).
    """
    spec = schema.SHEETS[sheet]
    if not any(not _is_blank(c) for row in rows for c in row):
        issues.append(Issue(
            "sheet-empty", WARNING,
            f"The sheet is empty. It is treated as supplied with no records; if there is data "
            f"for {sheet}, fill in the sheet.", file=shown, sheet=sheet_in_file))
        return RawSheet(shown, sheet, sheet_in_file, 0, {}, _empty_frame(spec), text_only,
                        row_label=row_label)
    if not _within_limits(rows, shown, sheet_in_file, issues, limits):
        return None
    header_index = header if header is not None else find_header(rows, sheet, lookup)
    if header_index is None:
        issues.append(Issue(
            "header-not-found", ERROR,
            f"No header row was found in the first {HEADER_SCAN_ROWS} rows. The header row must "
            f"name at least two of the sheet's columns, e.g. {', '.join(spec.names[:4])}.",
            file=shown, sheet=sheet_in_file))
        return None
    # where the header is, as issues name it: its row number, or nothing in a database
    header_row = (header_index + 1 if row_numbers is None
                  else row_numbers[header_index] if isinstance(row_numbers[header_index], int)
                  else 0)
    columns = _map_header(rows[header_index], shown, sheet, sheet_in_file, header_row or None,
                          issues, letters, lookup)
    data = rows[header_index + 1:]
    locators = (np.arange(header_row + 1, header_row + 1 + len(data), dtype=np.int64)
                if row_numbers is None else
                np.fromiter(row_numbers[header_index + 1:], dtype=object, count=len(data)))
    cells = _cells(data)  # rows × columns, straight from the rows
    del data
    _warn_unheaded(cells, columns, shown, sheet_in_file, header_row or None, issues)
    table = _Table.of(cells, columns, spec)
    personal = {text: (kind, _distinct(Distinct.of_cells(cells[:, idx], table.index)))
                for text, kind, idx in columns.dropped if idx < cells.shape[1]}
    del cells
    cell_problems = _bad_cells(problems or {}, columns, locators, shown)
    if longest_text is None or longest_text > limits.cell_length:
        cell_problems += table.too_long(columns, limits.cell_length, locators)
    keep = ~table.blank_rows()
    if cell_problems:  # a row with a problem cell is never a blank row
        keep |= pd.Index(locators).isin({p.row for p in cell_problems})
    if not keep.all():
        table = table.subset(keep)
        locators = locators[keep]
    out = table.frame()
    out["_row"] = pd.Series(locators, index=out.index,
                            dtype="int64" if row_numbers is None else object)
    return RawSheet(shown, sheet, sheet_in_file, header_row, columns.columns, out, text_only,
                    problems=cell_problems, sheet_errors=sorted(set(columns.errors)),
                    row_label=row_label, personal=personal, factorized=table.columns)


class _Table:
    """The columns of one table, each factorized once: contract and kept unknown columns, in
    the frame's order (missing contract columns as empty text)."""

    def __init__(self, columns: dict[str, Distinct], index: pd.Index,
                 as_read: dict[str, np.ndarray] | None = None):
        self.columns, self.index = columns, index
        #: columns whose cells are kept as read, not one object per distinct value (see
        #: :func:`_equal_across_types`), and the unknown columns
        self.as_read = as_read or {}

    @classmethod
    def of(cls, cells: np.ndarray, header: _Header, spec: schema.Sheet) -> _Table:
        n, width = cells.shape
        index = pd.RangeIndex(n)
        columns: dict[str, Distinct] = {}
        as_read: dict[str, np.ndarray] = {}
        for key, idx in header.keep:
            if idx >= width:
                columns[key] = _empty_text(n, index)
                continue
            columns[key] = d = Distinct.of_cells(cells[:, idx], index)
            if key.startswith(EXTRA_PREFIX):
                as_read[key] = _as_read(cells[:, idx])
            elif _equal_across_types(d, cells[:, idx]):
                as_read[key] = cells[:, idx].copy()
        for name in spec.names:
            if name not in columns:
                columns[name] = _empty_text(n, index)
        return cls(columns, index, as_read)

    def blank_rows(self) -> np.ndarray:
        """Rows blank in every column: skipped, not counted, not errors."""
        blank = np.ones(len(self.index), dtype=bool)
        for d in self.columns.values():
            blank &= d.blank()
        return blank

    def too_long(self, header: _Header, limit: int, locators: np.ndarray) -> list[CellProblem]:
        """Cells longer than the limit: a problem each, and the text is not kept."""
        problems = []
        sources = {key: idx for key, idx in header.keep}
        for key, d in list(self.columns.items()):
            lengths = np.array([len(v) if type(v) is str else 0 for v in d.values], dtype=np.int64)
            long = lengths > limit
            if not long.any():
                continue
            idx = sources.get(key)
            column = header.columns.get(key)
            text = column.header if column else key[len(EXTRA_PREFIX):]
            letter = column.letter if column else (column_letter(idx) if idx is not None
                                                   else None)
            positions = d.flags(long).nonzero()[0]
            for pos in positions:
                value = d.values[d.codes[pos]]
                problems.append(CellProblem(
                    row_locator(locators[pos]), "cell-too-long",
                    f"The cell holds {len(value):,} characters, more than the limit of "
                    f"{limit:,}, so it was not read. Shorten it (a submission paragraph is "
                    f"rarely over a few thousand characters), or raise the limit (--max "
                    f"cell_length=N, or limits={{'cell_length': N}} in Python).", letter, text,
                    value[:60]))
            self.columns[key] = d.replace(long, "")
            if key in self.as_read:
                self.as_read[key][positions] = ""
        return problems

    def subset(self, keep: np.ndarray) -> _Table:
        index = pd.RangeIndex(int(keep.sum()))
        return _Table({k: d.subset(keep, index) for k, d in self.columns.items()}, index,
                      {k: cells[keep] for k, cells in self.as_read.items()})

    def frame(self) -> pd.DataFrame:
        """The table as an object frame: each distinct value one object (the reader's copies
        of a repeated value are let go), save the columns kept as read."""
        data = {key: self.as_read[key] if key in self.as_read else d.cells()
                for key, d in self.columns.items()}
        return pd.DataFrame(data, index=self.index, dtype=object)


def _equal_across_types(d: Distinct, cells: np.ndarray) -> bool:
    """True when a yes/no cell and a number stand for one distinct value (``True`` = ``1``,
    ``False`` = ``0``): then the cells are kept as read, so that each message quotes its own
    cell."""
    either = [type(v) is bool or (isinstance(v, (int, float)) and v in (0, 1))
              for v in d.values]
    if not any(either):
        return False
    under = d.flags(either)
    kinds = np.array([type(v) is bool for v in d.values], dtype=bool)[d.codes[under]]
    return any((type(v) is bool) != kind for v, kind in zip(cells[under], kinds))


def _as_read(cells: np.ndarray) -> np.ndarray:
    """An unknown column's cells as a frame made from the rows holds them (numbers, dates,
    yes/no and text columns inferred as pandas does, then as objects): it is kept as is."""
    return pd.Series(list(cells)).astype(object).to_numpy().copy()


def _empty_text(n: int, index: pd.Index) -> Distinct:
    """A column the table lacks: empty text in every row."""
    return Distinct(np.zeros(n, dtype=np.int32), np.array([""] if n else [], dtype=object), index)


def _cells(data: list[list[Any]]) -> np.ndarray:
    """The data rows as a rows × columns object array (short rows padded with empty cells)."""
    n = len(data)
    width = max(map(len, data), default=0)
    if not n or not width:  # no rows, or only empty ones
        return np.empty((n, 0), dtype=object)
    if min(map(len, data)) == width:  # rectangular, as calamine gives a sheet: one C pass
        cells = np.array(data, dtype=object)
        if cells.shape == (n, width):
            return cells
    cells = np.empty((n, width), dtype=object)
    for j in range(width):  # one cell at a time: a cell may hold a sequence (a database)
        cells[:, j] = np.fromiter((r[j] if j < len(r) else "" for r in data), dtype=object,
                                  count=n)
    return cells


def _distinct(d: Distinct) -> tuple:
    """The distinct non-blank values of a column."""
    return tuple(v for v, blank in zip(d.values, _blank_values(d.values)) if not blank)


def _within_limits(rows: list[list[Any]], shown: str, sheet_in_file: str, issues: list[Issue],
                   limits: Limits) -> bool:
    height = len(rows)
    width = max(map(len, rows), default=0)
    over = [(what, value, limit) for what, value, limit in (
        ("rows", height, limits.rows), ("columns", width, limits.columns),
        ("cells", height * width, limits.cells)) if value > limit]
    if over:
        issues.append(sheet_too_large(shown, sheet_in_file, *over[0]))
    return not over


def sheet_too_large(shown: str, sheet_in_file: str | None, what: str, value: int,
                    limit: int) -> Issue:
    """The ``sheet-too-large`` error: the sheet is not read."""
    return Issue(
        "sheet-too-large", ERROR,
        f"The sheet has {value:,} {what}, more than the limit of {limit:,}, so it was not read. "
        f"Split it into several files, delete unused {what} (in Excel, select them and Delete "
        f"{'Rows' if what == 'rows' else 'Columns' if what == 'columns' else 'Sheet Rows'}), or "
        f"raise the limit (--max {what}=N, or limits={{'{what}': N}} in Python).",
        file=shown, sheet=sheet_in_file)


def _map_header(header: list[Any], shown: str, sheet: str, sheet_in_file: str, row: int | None,
                issues: list[Issue], letters: bool, lookup: dict[str, str] | None = None
                ) -> _Header:
    lookup = lookup if lookup is not None else schema.header_lookup(sheet)
    found = _Header({}, [], set(), [])
    extras: set[str] = set()
    for idx, cell in enumerate(header):
        if _is_blank(cell):
            continue
        found.headed.add(idx)
        text = str(cell).strip()
        norm = schema.normalize(text)
        letter = column_letter(idx) if letters else None
        place = dict(file=shown, sheet=sheet_in_file, row=row, column=letter, header=text)
        name = lookup.get(norm)
        if name is not None:
            if name in found.columns:
                first = found.columns[name]
                issues.append(Issue(
                    "header-duplicate", ERROR,
                    f'Columns {_col(first.letter, first.header)} and {_col(letter, text)} both '
                    f"mean {name}. Delete or rename one of them.", **place))
                found.errors.append("header-duplicate")
                continue
            found.columns[name] = SourceColumn(idx, letter, text, name)
            found.keep.append((name, idx))
        elif (kind := schema.personal_data_kind(text)) is not None:
            found.dropped.append((text, kind, idx))
            issues.append(Issue(
                "personal-data-dropped", NOTICE,
                f"Column {_col(letter, text)} holds personal data; it was dropped on reading and "
                "none of its values is used or shown. Remove it from the intake workbook.",
                **place))
        elif EXTRA_PREFIX + text not in extras:
            extras.add(EXTRA_PREFIX + text)
            found.keep.append((EXTRA_PREFIX + text, idx))
    return found


def _col(letter: str | None, header: str) -> str:
    return f'{letter} "{header}"' if letter else f'"{header}"'


def _warn_unheaded(cells: np.ndarray, header: _Header, shown: str, sheet_in_file: str,
                   row: int | None, issues: list[Issue]) -> None:
    """Cells under no header are not read: say so, never drop them silently."""
    for idx in (i for i in range(cells.shape[1]) if i not in header.headed):
        column = Distinct.of_cells(cells[:, idx], pd.RangeIndex(len(cells)))
        filled = int((~column.blank()).sum())
        if filled:
            letter = column_letter(idx)
            issues.append(Issue(
                "column-without-header", WARNING,
                f"Column {letter} has values in {filled:,} row{'s' if filled != 1 else ''} but "
                "no header, so they were not read. Give the column a header, or delete the "
                "values.", file=shown, sheet=sheet_in_file, row=row, column=letter))


_BAD_CELL_MESSAGES = {
    "formula-without-value": "The cell holds a formula whose value was never calculated and "
                             "saved. Open the file in Excel, let it calculate, and save it again.",
    "excel-error": "The cell holds an Excel error (such as #N/A or #REF!). Correct the formula "
                   "or type the value.",
}


def _bad_cells(found: dict[tuple[int, str], str], header: _Header, locators: np.ndarray,
               shown: str) -> list[CellProblem]:
    """Cells the source could not give a value, under a contract column: one problem each."""
    if not found:
        return []
    by_letter = {c.letter: c for c in header.columns.values()}
    rows = set(locators.tolist())
    problems = []
    for (row, letter), code in sorted(found.items()):
        column = by_letter.get(letter)
        if column is not None and row in rows:
            problems.append(CellProblem(row, code, _BAD_CELL_MESSAGES[code], letter,
                                        column.header))
    return problems


def _empty_frame(spec: schema.Sheet) -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in spec.names})
    frame["_row"] = pd.Series(dtype="int64")
    return frame


# --- the Submission sheet ----------------------------------------------------------------------


def collect_settings(rows: list[list[Any]], shown: str, sheet_in_file: str, issues: list[Issue],
                     problems: dict[tuple[int, str], str] | None = None,
                     row_numbers: list[Any] | None = None,
                     limits: Limits | None = None, letters: bool = True) -> list[SettingCell]:
    """Key/value rows: the first non-blank cell names a key, the next non-blank one is its value.
    Below a header row naming both columns (``Key | Value | Meaning``, as the blank workbook
    writes it), the value is the cell under the value header only.

    ``problems`` maps (Excel row, column letter) → code of cells without a value (formulas).
    A value longer than the cell-length limit is an error and is not kept. ``row_numbers`` and
    ``letters=False`` locate rows and columns as in :func:`shape_table`.
    """
    limit = (limits or Limits()).cell_length

    def letter(index: int) -> str | None:
        return column_letter(index) if letters else None

    lookup = schema.submission_key_lookup()
    problems = problems or {}
    key_words = {schema.normalize(w) for w in ("key", "field", "item", "setting")}
    value_words = {schema.normalize(w) for w in ("value", "entry")}
    value_at: int | None = None  # the value column, once a header row has named it
    found = []
    for r, row in enumerate(rows, start=1):
        locator = row_numbers[r - 1] if row_numbers is not None else r
        cells = [(i, c) for i, c in enumerate(row) if not _is_blank(c)]
        if not cells:
            continue
        idx, first = cells[0]
        norm = schema.normalize(first)
        key = lookup.get(norm)
        if key is None:
            if norm in key_words:  # the header row: below it, the value is its value column's
                value_at = next((i for i, c in cells[1:]
                                 if schema.normalize(c) in value_words), None)
                continue
            if norm in value_words or len(cells) == 1:
                continue  # a header row without a key column, or a title
            issues.append(Issue(
                "submission-unknown-key", WARNING,
                f"{quote(first)} is not a submission setting, so it was ignored. Known settings: "
                f"{', '.join(schema.SUBMISSION_KEYS)}.",
                file=shown, sheet=sheet_in_file, row=locator, column=letter(idx),
                value=str(first)))
            continue
        beside = idx + 1
        if value_at is not None and value_at > idx:
            # a remark beside an empty value (the blank workbook's Meaning) is never the value
            beside = value_at
            cells = [cell for cell in cells if cell[0] in (idx, value_at)]
        if len(cells) < 2:
            after = column_letter(beside)
            if (r, after) in problems:
                found.append(SettingCell(shown, sheet_in_file, locator, key, after, None,
                                         problems[(r, after)]))
            continue
        vidx, value = cells[1]
        if isinstance(value, str) and len(value) > limit:
            issues.append(Issue(
                "cell-too-long", ERROR,
                f"The value of {key} holds {len(value):,} characters, more than the limit of "
                f"{limit:,}, so it was not read. Shorten it.", file=shown, sheet=sheet_in_file,
                row=locator, column=letter(vidx), header=key, value=value[:60]))
            continue
        found.append(SettingCell(shown, sheet_in_file, locator, key, letter(vidx), value))
    return found
