"""Reading workbooks: files → raw sheets with their header row found and columns named.

python-calamine reads ``.xlsx``, ``.xlsm`` and ``.ods``; the standard ``csv`` module reads CSV.
Nothing here interprets a value: that is :mod:`tipreport.coerce`'s job. What this module does:

- recognises what a file really is (a workbook, a CSV, an old ``.xls`` under a new name, a
  password-protected workbook, something else) and says so in plain words;
- skips hidden and unknown sheets with a notice;
- finds the header row below title and blank rows, maps headers to the contract's names,
  drops personal-data columns, keeps unknown columns for provenance;
- finds formula cells without a stored value and Excel error cells by scanning the sheet's XML
  (calamine reads both as empty).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import schema
from .report import ERROR, NOTICE, WARNING, Issue, quote

__all__ = ["RawSheet", "read_file", "column_letter"]

HEADER_SCAN_ROWS = 20
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!"})
#: prefix of kept unknown columns in the tables: never rendered, never exported
EXTRA_PREFIX = "~"


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
    letter: str
    header: str
    name: str | None  # contract name, or None for an unknown column


@dataclass
class RawSheet:
    """One sheet of one file, as read: raw cell values under contract names."""

    file: str  # as given by the user
    sheet: str  # contract sheet name
    sheet_in_file: str  # as named in the file
    header_row: int  # Excel row number of the header (0 when there is none: Submission)
    columns: dict[str, SourceColumn]  # contract name → where it came from
    frame: pd.DataFrame  # contract names + extra columns; index = position; "_row" = Excel row
    text_only: bool = False  # a CSV: every value arrives as text
    bad_cells: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, letter) → kind
    #: errors about the sheet as a whole (a header used twice): they reject every row
    sheet_errors: list[str] = field(default_factory=list)
    #: dropped personal-data columns: header → (kind, its distinct values), kept in memory only
    #: so that printed free text can be searched for them (tipreport.privacy); never shown
    personal: dict[str, tuple[str, tuple]] = field(default_factory=dict, repr=False)

    def where(self, name: str) -> tuple[str | None, str | None]:
        col = self.columns.get(name)
        # a column the sheet lacks is still named (by its contract name), so the issue says which
        return (col.letter, col.header) if col else (None, name)


@dataclass
class FileResult:
    sheets: list[RawSheet] = field(default_factory=list)
    submission_rows: list[tuple[str, str, int, Any, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True


# --- the file itself ----------------------------------------------------------------------------


def _sniff(path: Path, shown: str) -> Issue | None:
    """A plain-words error when the file is not something we can read, else None."""

    def err(code: str, message: str) -> Issue:
        return Issue(code, ERROR, message, file=shown)

    if not path.exists():
        return err("file-not-found", "The file does not exist. Check the name and the folder.")
    if path.is_dir():
        return err("file-not-found", "The folder holds no .xlsx, .xlsm, .ods or .csv file.")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return err("file-unreadable", f"The file cannot be opened ({exc.strerror}).")
    if size == 0:
        return err("file-empty", "The file is empty (0 bytes). Send the saved workbook again.")
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        with path.open("rb") as fh:
            blob = fh.read(min(size, 4_000_000))
        if "EncryptedPackage".encode("utf-16-le") in blob:
            return err("file-password-protected",
                       "The workbook is protected with a password. Open it in Excel, remove the "
                       "password (File › Info › Protect Workbook) and save it again.")
        return err("file-old-excel",
                   "This is an old Excel 97–2003 (.xls) workbook"
                   + (f" named {suffix}" if suffix != ".xls" else "")
                   + ". Open it in Excel and save it as an Excel Workbook (.xlsx).")
    if suffix in WORKBOOK_SUFFIXES:
        if not head.startswith(b"PK"):
            return err("file-not-a-workbook",
                       f"This file is not a {suffix} workbook (its content is something else). "
                       "Open it in Excel and save it as an Excel Workbook (.xlsx).")
        try:
            with zipfile.ZipFile(path) as zf:
                bad = zf.testzip()
                if bad is not None:
                    raise zipfile.BadZipFile(bad)
        except (zipfile.BadZipFile, EOFError, OSError):
            return err("file-corrupt",
                       "The workbook is damaged or incomplete (perhaps cut off while copying). "
                       "Ask for the file again, or open it in Excel and save a fresh copy.")
        return None
    if suffix == ".csv":
        return None
    if suffix == ".xls":
        return err("file-old-excel", "Old Excel 97–2003 (.xls) workbooks cannot be read. Open it "
                   "in Excel and save it as an Excel Workbook (.xlsx).")
    return err("file-unsupported-type",
               f'Files of type "{suffix or "(none)"}" cannot be read. Use .xlsx, .xlsm, .ods or '
               ".csv.")


def read_file(path: Path, shown: str) -> FileResult:
    """Read one file into raw sheets. Never raises for bad input: problems become issues."""
    result = FileResult()
    problem = _sniff(path, shown)
    if problem is not None:
        result.issues.append(problem)
        result.readable = False
        return result
    try:
        if path.suffix.lower() == ".csv":
            _read_csv(path, shown, result)
        else:
            _read_workbook(path, shown, result)
    except Exception as exc:  # a reader library failing on a damaged file: say so, plainly
        result.issues.append(Issue(
            "file-corrupt", ERROR,
            "The file could not be read: it looks damaged. Open it in Excel and save it again. "
            f"(Detail: {type(exc).__name__}: {str(exc)[:200]})",
            file=shown))
        result.readable = False
        result.sheets.clear()
    return result


# --- workbooks -----------------------------------------------------------------------------------


def _read_workbook(path: Path, shown: str, result: FileResult) -> None:
    import python_calamine as pc

    workbook = pc.CalamineWorkbook.from_path(str(path))
    is_ods = path.suffix.lower() == ".ods"
    bad_cells = _scan_bad_cells_ods(path) if is_ods else _scan_bad_cells_xlsx(path)
    sheet_names = schema.sheet_lookup()
    recognised = ", ".join(schema.SHEETS)
    for meta in workbook.sheets_metadata:
        name = meta.name
        if schema.normalize(name) in schema.HELPER_SHEETS:
            continue  # the blank workbook's drop-down lists and instructions: not data
        visible = str(getattr(meta, "visible", "Visible")).rsplit(".", 1)[-1].lower()
        if visible != "visible":
            result.issues.append(Issue(
                "sheet-hidden", WARNING,
                f'The hidden sheet "{name}" was skipped (hidden sheets usually hold lookup lists '
                "or old copies). Unhide it in Excel if its rows should count.",
                file=shown, sheet=name))
            continue
        if "Chart" in str(getattr(meta, "typ", "")):
            continue
        canonical = sheet_names.get(schema.normalize(name))
        if canonical is None:
            result.issues.append(Issue(
                "sheet-unknown", NOTICE,
                f'The sheet "{name}" is not one tipreport reads, so it was skipped. '
                f"Recognised sheets: {recognised}.",
                file=shown, sheet=name))
            continue
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells = bad_cells.get(name, {})
        if canonical == "Submission":
            _collect_submission(rows, shown, name, result, cells)
            continue
        raw = _make_raw_sheet(rows, shown, canonical, name, result, text_only=False)
        if raw is not None:
            raw.bad_cells = cells
            result.sheets.append(raw)


_CELL_START = re.compile(rb"<c\s[^>]*?>|<c\s[^>]*/>")
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


def _scan_bad_cells_xlsx(path: Path) -> dict[str, dict[tuple[int, str], str]]:
    """Formula cells with no stored value, and error cells, per sheet name.

    calamine reads both as empty cells; a raw scan of the sheet XML finds them without a second
    full parse. Only sheets that contain a formula or an error cell are scanned in detail.
    """
    found: dict[str, dict[tuple[int, str], str]] = {}
    with zipfile.ZipFile(path) as zf:
        targets = _xlsx_sheet_targets(zf)
        for name, target in targets.items():
            try:
                data = zf.read(target)
            except KeyError:
                continue
            has_formula = b"<f" in data
            has_error = b't="e"' in data
            if not (has_formula or has_error):
                continue
            cells: dict[tuple[int, str], str] = {}
            for match in _CELL_START.finditer(data):
                tag = match.group(0)
                if tag.endswith(b"/>"):
                    continue
                end = data.find(b"</c>", match.end())
                body = data[match.end():end]
                ref = _REF.search(tag)
                if not ref:
                    continue
                key = (int(ref.group(2)), ref.group(1).decode())
                if b't="e"' in tag:
                    cells[key] = "error"
                elif b"<f" in body:
                    v = re.search(rb"<v>(.*?)</v>", body, re.S)
                    # Excel stores a formula that gave "" (=IF(…,"",…)) as t="str" with <v/>
                    empty_text = b't="str"' in tag and (v is not None or b"<v/>" in body)
                    if (v is None or v.group(1) == b"") and not empty_text:
                        cells[key] = "formula"
            if cells:
                found[name] = cells
    return found


def _xlsx_sheet_targets(zf: zipfile.ZipFile) -> dict[str, str]:
    try:
        workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    rel_target = {}
    for m in re.finditer(r"<Relationship\b[^>]*>", rels):
        tag = m.group(0)
        rid = re.search(r'\bId="([^"]+)"', tag)
        target = re.search(r'\bTarget="([^"]+)"', tag)
        if rid and target:
            t = target.group(1)
            t = t.lstrip("/") if t.startswith("/") else "xl/" + t
            rel_target[rid.group(1)] = t
    targets = {}
    import html as _html

    for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        tag = m.group(0)
        name = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]+)"', tag) or re.search(r'\b\w+:id="([^"]+)"', tag)
        if name and rid and rid.group(1) in rel_target:
            targets[_html.unescape(name.group(1))] = rel_target[rid.group(1)]
    return targets


def _scan_bad_cells_ods(path: Path) -> dict[str, dict[tuple[int, str], str]]:
    """ODS stores errors as text (``#N/A``), which the value checks catch; nothing to scan."""
    return {}


# --- CSV ---------------------------------------------------------------------------------------


def _read_csv(path: Path, shown: str, result: FileResult) -> None:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        result.issues.append(Issue(
            "file-not-a-workbook", ERROR,
            "This file is not a text CSV file (it holds binary data). Save it from Excel as "
            "CSV UTF-8.", file=shown))
        result.readable = False
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        result.issues.append(Issue(
            "csv-encoding", WARNING,
            "The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check that accented "
            "or Khmer text reads correctly, or save it from Excel as CSV UTF-8.", file=shown))
    lines = text.splitlines()
    delimiter = _detect_delimiter(lines)
    if delimiter is None and _csv_sheet(path.name, [])[0] == "Submission":
        # key/value lines name no column headers: take the separator of the first line
        first = next((line for line in lines if line.strip()), "")
        delimiter = ";" if first.count(";") > first.count(",") else ","
    if delimiter is None:
        result.issues.append(Issue(
            "csv-no-header", ERROR,
            "No header row was found in the first 20 lines (with , or ; between columns). "
            "The first row of a CSV should hold the column names, e.g. case_id, opened_on.",
            file=shown))
        return
    # a cell may be as long as the file (the spec reads long text in full; csv's default
    # limit of 131,072 characters would fail the whole file as "damaged")
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    sheet, how = _csv_sheet(path.name, rows)
    if sheet is None:
        result.issues.append(Issue(
            "csv-sheet-unknown", ERROR,
            "tipreport cannot tell which sheet this CSV holds: " + how + " Rename the file so "
            "that its name contains the sheet (e.g. victims.csv or 2025_cases_police.csv).",
            file=shown))
        return
    if how:
        result.issues.append(Issue("csv-sheet-inferred", NOTICE, how, file=shown, sheet=sheet))
    if sheet == "Submission":
        _collect_submission(rows, shown, sheet, result, {})
        return
    raw = _make_raw_sheet(rows, shown, sheet, sheet, result, text_only=True)
    if raw is not None:
        result.sheets.append(raw)


def _detect_delimiter(lines: list[str]) -> str | None:
    known = set()
    for name in schema.DATA_SHEETS:
        known.update(schema.header_lookup(name))
    for line in lines[:HEADER_SCAN_ROWS]:
        best = None
        for delim in (",", ";", "\t"):
            cells = next(csv.reader([line], delimiter=delim), [])
            hits = sum(1 for c in cells if schema.normalize(c) in known)
            if hits >= 2 and (best is None or hits > best[0]):
                best = (hits, delim)
        if best:
            return best[1]
    return None


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
        header = _find_header(rows, name)
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


# --- sheets -------------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value)


def _find_header(rows: list[list[Any]], sheet: str) -> int | None:
    lookup = schema.header_lookup(sheet)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = {lookup.get(schema.normalize(c)) for c in row if isinstance(c, str) and c.strip()}
        names.discard(None)
        if len(names) >= 2:
            return i
    return None


def _make_raw_sheet(rows: list[list[Any]], shown: str, sheet: str, sheet_in_file: str,
                    result: FileResult, text_only: bool) -> RawSheet | None:
    spec = schema.SHEETS[sheet]
    if not any(not _is_blank(c) for row in rows for c in row):
        result.issues.append(Issue(
            "sheet-empty", WARNING,
            f"The sheet is empty. It is treated as supplied with no records; if there is data "
            f"for {sheet}, fill in the sheet.", file=shown, sheet=sheet_in_file))
        return RawSheet(shown, sheet, sheet_in_file, 0, {}, _empty_frame(spec), text_only)
    header_index = _find_header(rows, sheet)
    if header_index is None:
        result.issues.append(Issue(
            "header-not-found", ERROR,
            f"No header row was found in the first {HEADER_SCAN_ROWS} rows. The header row must "
            f"name at least two of the sheet's columns, e.g. {', '.join(spec.names[:4])}.",
            file=shown, sheet=sheet_in_file))
        return None
    header = rows[header_index]
    lookup = schema.header_lookup(sheet)
    columns: dict[str, SourceColumn] = {}
    dropped: list[tuple[str, str, int]] = []
    sheet_errors: list[str] = []
    extras: dict[str, int] = {}
    keep: list[tuple[str, int]] = []
    for idx, cell in enumerate(header):
        if _is_blank(cell):
            continue
        text = str(cell).strip()
        norm = schema.normalize(text)
        letter = column_letter(idx)
        name = lookup.get(norm)
        if name is not None:
            if name in columns:
                first = columns[name]
                result.issues.append(Issue(
                    "header-duplicate", ERROR,
                    f'Columns {first.letter} "{first.header}" and {letter} "{text}" both mean '
                    f"{name}. Delete or rename one of them.",
                    file=shown, sheet=sheet_in_file, row=header_index + 1, column=letter,
                    header=text))
                sheet_errors.append("header-duplicate")
                continue
            columns[name] = SourceColumn(idx, letter, text, name)
            keep.append((name, idx))
        elif (kind := schema.personal_data_kind(text)) is not None:
            dropped.append((text, kind, idx))
            result.issues.append(Issue(
                "personal-data-dropped", NOTICE,
                f'Column {letter} "{text}" holds personal data; it was dropped on reading and '
                "none of its values is used or shown. Remove it from the intake workbook.",
                file=shown, sheet=sheet_in_file, row=header_index + 1, column=letter,
                header=text))
        else:
            key = EXTRA_PREFIX + text
            if key not in extras:
                extras[key] = idx
                keep.append((key, idx))
    data = rows[header_index + 1:]
    width = max((len(r) for r in data), default=0)
    # A header row shorter than its data: the extra cells have no header (warned below).
    frame = pd.DataFrame.from_records(
        [r + [""] * (width - len(r)) for r in data] if data else [],
        columns=range(width) if data else None,
    )
    # cells under no header are not read: say so, never drop them silently
    headed = {idx for idx, cell in enumerate(header) if not _is_blank(cell)}
    from .coerce import is_blank

    for idx in (i for i in frame.columns if i not in headed):
        filled = ~is_blank(frame[idx])
        if filled.any():
            letter = column_letter(idx)
            result.issues.append(Issue(
                "column-without-header", WARNING,
                f"Column {letter} has values in {int(filled.sum()):,} row"
                f"{'s' if filled.sum() != 1 else ''} but no header, so they were not read. "
                "Give the column a header, or delete the values.",
                file=shown, sheet=sheet_in_file, row=header_index + 1, column=letter))
    out = pd.DataFrame(index=frame.index)
    for key, idx in keep:
        out[key] = frame[idx] if idx in frame.columns else pd.Series([""] * len(frame),
                                                                      dtype=object)
    for name in spec.names:
        if name not in out.columns:
            out[name] = pd.Series([""] * len(out), index=out.index, dtype=object)
    out["_row"] = frame.index + header_index + 2
    # blank rows between data rows are skipped: not counted, not errors
    if len(out):
        from .coerce import is_blank

        blank = pd.Series(True, index=out.index)
        for name in out.columns:
            if name != "_row":
                blank &= is_blank(out[name])
    else:
        blank = pd.Series(dtype=bool)
    out = out[~blank].reset_index(drop=True)
    personal = {text: (kind, _distinct(frame[idx])) for text, kind, idx in dropped
                if idx in frame.columns}
    return RawSheet(shown, sheet, sheet_in_file, header_index + 1, columns, out, text_only,
                    sheet_errors=sorted(set(sheet_errors)), personal=personal)


def _distinct(series: pd.Series) -> tuple:
    """The distinct non-blank values of a column."""
    from .coerce import is_blank

    return tuple(pd.unique(series[~is_blank(series)]))


def _empty_frame(spec: schema.Sheet) -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in spec.names})
    frame["_row"] = pd.Series(dtype="int64")
    return frame


def _collect_submission(rows: list[list[Any]], shown: str, sheet_in_file: str,
                        result: FileResult, bad_cells: dict) -> None:
    """Key/value rows: the first non-blank cell names a key, the next non-blank one is its value.

    Below a header row naming both columns (``Key | Value | Meaning``, as the blank workbook
    writes it), the value is the cell under the value header only: a remark beside an empty
    value is never read as the value."""
    lookup = schema.submission_key_lookup()
    key_words = {schema.normalize(w) for w in ("key", "field", "item", "setting")}
    value_words = {schema.normalize(w) for w in ("value", "entry")}
    value_at: int | None = None  # the value column, once a header row has named it
    for r, row in enumerate(rows, start=1):
        cells = [(i, c) for i, c in enumerate(row) if not _is_blank(c)]
        if not cells:
            continue
        idx, first = cells[0]
        norm = schema.normalize(first)
        key = lookup.get(norm)
        if key is None:
            if norm in key_words:  # the header row
                value_at = next((i for i, c in cells[1:]
                                 if schema.normalize(c) in value_words), None)
                continue
            if norm in value_words or len(cells) == 1:
                continue  # a header row without a key column, or a title
            result.issues.append(Issue(
                "submission-unknown-key", WARNING,
                f"{quote(first)} is not a submission setting, so it was ignored. Known settings: "
                f"{', '.join(schema.SUBMISSION_KEYS)}.",
                file=shown, sheet=sheet_in_file, row=r, column=column_letter(idx),
                value=str(first)))
            continue
        beside = idx + 1
        if value_at is not None and value_at > idx:
            beside = value_at
            cells = [cell for cell in cells if cell[0] in (idx, value_at)]
        if len(cells) < 2:
            if (r, column_letter(beside)) in bad_cells:
                value: Any = _BadCell(bad_cells[(r, column_letter(beside))],
                                      column_letter(beside))
                result.submission_rows.append((shown, sheet_in_file, r, key, value))
            continue
        vidx, value = cells[1]
        result.submission_rows.append((shown, sheet_in_file, r, key, (column_letter(vidx),
                                                                       value)))


@dataclass(frozen=True)
class _BadCell:
    kind: str
    letter: str | None = None  # the column of the cell
