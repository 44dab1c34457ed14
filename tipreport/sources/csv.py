"""CSV files: one sheet each, named by the file name (``2025_victims_moj.csv``) or inferred.

UTF-8 with or without BOM (UTF-16 with BOM, as Excel's "Unicode Text" writes it, too); bytes
that are not UTF-8 are read as Windows-1252 with a warning. Separator ``,``, ``;`` or tab,
detected from the header line. A quote left open swallows the rest of the file in the
standard reader; here it is an error naming the line where it opens. A CSV whose row 1 holds
HTCDS field names is an HTCDS register (:mod:`.htcds`).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path

from .. import schema
from ..reading import (
    HEADER_SCAN_ROWS,
    CellProblem,
    collect_settings,
    column_letter,
    find_header,
    shape_table,
    sheet_too_large,
)
from ..report import ERROR, NOTICE, WARNING, Issue
from . import FileResult, ReadOptions, htcds, is_url
from ._files import read_bytes

__all__ = ["CsvSource"]

#: appended after the last line: it ends up inside a field only when a quote is left open
_SENTINEL = "\ue000tipreport:end-of-file\ue000"


class CsvSource:
    """``.csv`` files."""

    name = "csv"
    suffixes = (".csv",)

    def accepts(self, target: Path | str) -> bool:
        return not is_url(target) and Path(target).suffix.lower() in self.suffixes

    def read(self, target: Path | str, shown: str, options: ReadOptions) -> FileResult:
        result = FileResult()
        data = read_bytes(Path(target), shown, options.limits)
        if isinstance(data, Issue):
            return result.fail(data)
        text = _decode(data, shown, result)
        if text is None:
            return result
        del data
        delimiter = _detect_delimiter(text)
        filename = Path(target).name
        if delimiter is None and _csv_sheet(filename, [])[0] == "Submission":
            # key/value lines name no column headers: take the separator of the first line
            first = next((line for line in _head(text) if line.strip()), "")
            delimiter = ";" if first.count(";") > first.count(",") else ","
        if delimiter is None:
            return result.fail(Issue(
                "csv-no-header", ERROR,
                "No header row was found in the first 20 lines (with , or ; between columns). "
                "The first row of a CSV should hold the column names, e.g. case_id, opened_on.",
                file=shown))
        parsed = _parse(text, delimiter, shown, options, result)
        if parsed is None:
            return result
        rows, unclosed = parsed
        longest = len(text)
        del text
        if rows and htcds.is_register(rows[0]):  # an HTCDS register exported as CSV
            raw = htcds.shape_register(rows, shown, "Victims", result.issues, options,
                                       longest_text=longest, text_only=True)
            if unclosed is not None:
                if raw is not None and (raw.frame["_row"] == unclosed.row).any():
                    raw.problems.append(unclosed.as_problem())
                else:
                    result.issues.append(unclosed.as_issue(shown, "Victims"))
            if raw is not None:
                result.sheets.append(raw)
            return result
        sheet, how = _csv_sheet(filename, rows)
        if sheet is None:
            return result.fail(Issue(
                "csv-sheet-unknown", ERROR,
                "tipreport cannot tell which sheet this CSV holds: " + how + " Rename the file "
                "so that its name contains the sheet (e.g. victims.csv or "
                "2025_cases_police.csv).", file=shown))
        if how:
            result.issues.append(Issue("csv-sheet-inferred", NOTICE, how, file=shown,
                                       sheet=sheet))
        if sheet == "Submission":
            result.settings.extend(collect_settings(rows, shown, sheet, result.issues,
                                                    limits=options.limits))
            if unclosed is not None:
                result.issues.append(unclosed.as_issue(shown, sheet))
            return result
        raw = shape_table(rows, shown, sheet, sheet, result.issues, limits=options.limits,
                          text_only=True, longest_text=longest)
        if raw is not None:
            if unclosed is not None:
                if (raw.frame["_row"] == unclosed.row).any():
                    raw.problems.append(unclosed.as_problem())
                else:  # in the header or above it: the file as a whole
                    result.issues.append(unclosed.as_issue(shown, sheet))
            result.sheets.append(raw)
        elif unclosed is not None:
            result.issues.append(unclosed.as_issue(shown, sheet))
        return result


def _decode(data: bytes, shown: str, result: FileResult) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        result.fail(Issue(
            "file-not-a-workbook", ERROR,
            "This file is not a text CSV file (it holds binary data). Save it from Excel as "
            "CSV UTF-8.", file=shown))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.issues.append(Issue(
            "csv-encoding", WARNING,
            "The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check that accented "
            "or Khmer text reads correctly, or save it from Excel as CSV UTF-8.", file=shown))
        return data.decode("cp1252", errors="replace")


def _head(text: str) -> list[str]:
    """The first lines, without splitting the whole file."""
    return [line.rstrip("\r\n") for line in
            itertools.islice(io.StringIO(text, newline=""), HEADER_SCAN_ROWS)]


def _detect_delimiter(text: str) -> str | None:
    known = set()
    for name in schema.DATA_SHEETS:
        known.update(schema.header_lookup(name))
    for line in _head(text):
        best = None
        for delim in (",", ";", "\t"):
            cells = next(csv.reader([line], delimiter=delim), [])
            hits = sum(1 for c in cells if schema.normalize(c) in known)
            if hits >= 2 and (best is None or hits > best[0]):
                best = (hits, delim)
        if best:
            return best[1]
    return None


class _Unclosed:
    """A quote opened on ``line`` (record ``row``) and never closed."""

    def __init__(self, row: int, line: int, last_line: int, column: int, value: str):
        self.row, self.line, self.last_line = row, line, last_line
        self.column, self.value = column, value

    def message(self) -> str:
        return (f"A quote (\") opens a cell on line {self.line:,} of the file and is never "
                f"closed, so lines {self.line:,} to {self.last_line:,} were read as one cell. "
                "Close the quote, or remove it, and save the file again.")

    def as_problem(self) -> CellProblem:
        return CellProblem(self.row, "csv-unclosed-quote", self.message(),
                           column_letter(self.column), None, self.value[:60])

    def as_issue(self, shown: str, sheet: str) -> Issue:
        return Issue("csv-unclosed-quote", ERROR, self.message(), file=shown, sheet=sheet,
                     row=self.row, column=column_letter(self.column), value=self.value[:60])


def _parse(text: str, delimiter: str, shown: str, options: ReadOptions, result: FileResult
           ) -> tuple[list[list[str]], _Unclosed | None] | None:
    """Every record, and the unclosed quote if there is one; None (said why) over a limit."""
    limits = options.limits
    # a cell may be as long as the file (the spec reads long text in full; the cell-length
    # limit is applied afterwards, with the cell's place)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    lines = itertools.chain(io.StringIO(text, newline=""), [_SENTINEL])
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[list[str]] = []
    starts: list[int] = []
    max_rows = limits.rows + HEADER_SCAN_ROWS  # the header may sit below title rows
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # non-strict parsing of str lines: not expected, but said
            result.fail(Issue("file-corrupt", ERROR, f"The CSV file cannot be read ({exc}).",
                              file=shown))
            return None
        if len(record) > limits.columns:
            result.fail(sheet_too_large(shown, None, "columns", len(record), limits.columns))
            return None
        rows.append(record)
        starts.append(start)
        if len(rows) > max_rows:
            result.fail(sheet_too_large(shown, None, "rows", len(rows), limits.rows))
            return None
    unclosed = None
    if rows and rows[-1] == [_SENTINEL]:
        rows.pop()
    elif rows and rows[-1] and rows[-1][-1].endswith(_SENTINEL):
        last = rows[-1]
        swallowed = last[-1][:-len(_SENTINEL)]
        unclosed = _Unclosed(len(rows), starts[-1] + _line_of_quote(last),
                             reader.line_num - 1, len(last) - 1, swallowed)
        last[-1] = ""  # the rest of the file is no value: the row is rejected for the quote
    return rows, unclosed


def _line_of_quote(record: list[str]) -> int:
    """Lines between the record's first line and the one where its last cell opens."""
    return sum(cell.count("\n") + len(re.findall("\r(?!\n)", cell)) for cell in record[:-1])


def _csv_sheet(filename: str, rows: list[list[str]]) -> tuple[str | None, str]:
    """Which sheet a CSV holds: named in the file name, or inferred from its headers."""
    words = [schema.normalize(w) for w in re.split(r"[\W_]+", Path(filename).stem) if w]
    lookup = schema.sheet_lookup()
    named = {lookup[w] for w in words if w in lookup}
    stem = schema.normalize(Path(filename).stem)
    if not named and stem in lookup:
        named = {lookup[stem]}
    if len(named) == 1:
        return named.pop(), ""
    fits = []
    for name in schema.DATA_SHEETS:
        sheet = schema.SHEETS[name]
        header = find_header(rows, name)
        if header is None:
            continue
        present = {schema.header_lookup(name).get(schema.normalize(c)) for c in rows[header]}
        if set(sheet.required) <= present:
            fits.append(name)
    reason = ("its name names several sheets (" + ", ".join(sorted(named)) + ")") if named \
        else "its name names no sheet"
    if len(fits) == 1:
        return fits[0], (f"The file name names no single sheet, so the sheet was inferred from "
                         f"the headers: {fits[0]}.")
    if fits:
        return None, f"{reason}, and its headers fit several sheets ({', '.join(fits)})."
    return None, f"{reason}, and its headers fit no sheet's required columns."
