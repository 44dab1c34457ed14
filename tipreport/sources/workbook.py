"""Workbooks: ``.xlsx``, ``.xlsm`` and ``.ods``, read by python-calamine behind a guard.

The file is read once into memory; :mod:`._zipguard` checks the container (sizes, declared
counts, each sheet's used area) and finds the formula and error cells calamine reads as empty;
calamine then reads the same bytes. Hidden sheets are skipped with a warning, unknown sheets
with a notice, the blank workbook's ``Lists`` and ``Instructions`` silently. A sheet whose row
1 holds HTCDS field names, whatever its name, is an HTCDS register (:mod:`.htcds`); beside one,
the toolkit's ``about`` and ``validation`` sheets are skipped silently.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from .. import schema
from ..reading import collect_settings, shape_table
from ..report import ERROR, NOTICE, WARNING, Issue
from . import FileResult, ReadOptions, htcds, is_url
from ._files import read_bytes
from ._zipguard import (
    Container,
    Refused,
    SheetExtent,
    check_shared_strings,
    corrupt,
    scan_ods_content,
    scan_xlsx_sheet,
)

__all__ = ["WorkbookSource"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class WorkbookSource:
    """``.xlsx``, ``.xlsm`` (macros are never run) and ``.ods`` files."""

    name = "workbook"
    suffixes = (".xlsx", ".xlsm", ".ods")

    def accepts(self, target: Path | str) -> bool:
        return not is_url(target) and Path(target).suffix.lower() in self.suffixes

    def read(self, target: Path | str, shown: str, options: ReadOptions) -> FileResult:
        result = FileResult()
        data = read_bytes(Path(target), shown, options.limits)
        if isinstance(data, Issue):
            return result.fail(data)
        suffix = Path(target).suffix.lower()
        problem = _sniff(data, suffix, shown)
        if problem is not None:
            return result.fail(problem)
        try:
            _read(data, suffix == ".ods", shown, options, result)
        except Refused as refused:
            return result.fail(refused.issue)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 — calamine's panics are BaseExceptions
            return result.fail(Issue(
                "file-corrupt", ERROR,
                "The file could not be read: it looks damaged. Open it in Excel and save it "
                f"again. (Detail: {type(exc).__name__}: {str(exc)[:200]})", file=shown))
        return result


def _sniff(data: bytes, suffix: str, shown: str) -> Issue | None:
    """A plain-words error when the bytes are not a workbook at all."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data[:4_000_000]:
            return Issue("file-password-protected", ERROR,
                         "The workbook is protected with a password. Open it in Excel, remove "
                         "the password (File › Info › Protect Workbook) and save it again.",
                         file=shown)
        return Issue("file-old-excel", ERROR,
                     "This is an old Excel 97–2003 (.xls) workbook"
                     + (f" named {suffix}" if suffix != ".xls" else "")
                     + ". Open it in Excel and save it as an Excel Workbook (.xlsx).",
                     file=shown)
    if not data.startswith(b"PK"):
        return Issue("file-not-a-workbook", ERROR,
                     f"This file is not a {suffix} workbook (its content is something else). "
                     "Open it in Excel and save it as an Excel Workbook (.xlsx).", file=shown)
    return None


def _read(data: bytes, is_ods: bool, shown: str, options: ReadOptions,
          result: FileResult) -> None:
    import python_calamine as pc

    limits = options.limits
    container = Container(data, shown, limits)
    if is_ods:
        content = container.info("content.xml")
        if content is None:
            raise corrupt(shown, "it has no content.xml")
        scan_ods_content(container, content)  # calamine builds every table on opening
        parts: _Parts | None = None
        longest = content.file_size
    else:
        parts = _xlsx_parts(container)
        longest = 0  # bytes of the longest shared string: no shared text is longer
        if parts.shared_strings is not None:
            longest = check_shared_strings(container, parts.shared_strings)
    workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    metadata = list(workbook.sheets_metadata)
    if parts is not None and len(parts.sheets) != len(metadata):
        raise corrupt(shown, "its list of sheets cannot be read")
    sheet_names = schema.sheet_lookup()
    recognised = ", ".join(schema.SHEETS)
    registers = 0
    for position, meta in enumerate(metadata):
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
            register = _register(workbook, container, parts, position, name, longest, shown,
                                 options, result)
            if register:
                registers += 1
            else:
                result.issues.append(Issue(
                    "sheet-unknown", NOTICE,
                    f'The sheet "{name}" is not one tipreport reads, so it was skipped. '
                    f"Recognised sheets: {recognised}.", file=shown, sheet=name))
            continue
        extent = SheetExtent()
        sheet_longest = longest
        if parts is not None:
            member = parts.sheets[position]
            if member is None:
                raise corrupt(shown, f'the sheet "{name}" cannot be found in it')
            try:
                extent = scan_xlsx_sheet(container, member, name)
            except Refused as refused:  # this sheet only: the others are read
                if refused.issue.code != "sheet-too-large":
                    raise
                result.issues.append(refused.issue)
                continue
            if extent.own_text:
                sheet_longest = max(longest, member.file_size)
        # the sheet is within the limits: calamine may build it (by position: the name may be
        # used twice in a crafted file, and the sheet read must be the sheet checked)
        rows = workbook.get_sheet_by_index(position).to_python(skip_empty_area=False)
        if canonical == "Submission":
            result.settings.extend(collect_settings(rows, shown, name, result.issues,
                                                    extent.bad_cells, limits=limits))
            continue
        if rows and htcds.is_register(rows[0]):  # an HTCDS register, whatever its name
            raw = htcds.shape_register(rows, shown, name, result.issues, options,
                                       problems=extent.bad_cells, longest_text=sheet_longest)
            registers += 1
        else:
            raw = shape_table(rows, shown, canonical, name, result.issues, limits=limits,
                              problems=extent.bad_cells, longest_text=sheet_longest)
        del rows
        if raw is not None:
            result.sheets.append(raw)
    if registers:  # the toolkit's own "about" and "validation" sheets: not data
        result.issues[:] = [i for i in result.issues if not (
            i.code == "sheet-unknown" and schema.normalize(i.sheet) in htcds.HELPER_SHEETS)]


def _register(workbook, container: Container, parts: _Parts | None, position: int, name: str,
              longest: int, shown: str, options: ReadOptions, result: FileResult) -> bool:
    """A sheet of no known name read when its row 1 holds HTCDS field names (an HTCDS
    register); True when it was. The sheet is guarded like any other first; a sheet that cannot
    be checked or read is simply no register (it is skipped with the usual notice)."""
    extent = SheetExtent()
    sheet_longest = longest
    try:
        if parts is not None:
            member = parts.sheets[position]
            if member is None:
                return False
            extent = scan_xlsx_sheet(container, member, name)
            if extent.own_text:
                sheet_longest = max(longest, member.file_size)
        sheet = workbook.get_sheet_by_index(position)
        first = sheet.to_python(skip_empty_area=False, nrows=1)
        if not first or not htcds.is_register(first[0]):
            return False
        rows = sheet.to_python(skip_empty_area=False)
    except Refused:
        return False
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 — calamine's panics: the sheet is skipped, said so
        return False
    raw = htcds.shape_register(rows, shown, name, result.issues, options,
                               problems=extent.bad_cells, longest_text=sheet_longest)
    if raw is not None:
        result.sheets.append(raw)
    return True


# --- where the parts of an .xlsx are -------------------------------------------------------------


class _Parts:
    """The members calamine reads: the shared strings, and each sheet's XML by position."""

    def __init__(self, shared_strings: zipfile.ZipInfo | None,
                 sheets: list[zipfile.ZipInfo | None]):
        self.shared_strings, self.sheets = shared_strings, sheets


_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship(?=[\s/>])([^>]*)>")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet(?=[\s/>])([^>]*)>")


def _attr(attrs: bytes, name: bytes) -> str | None:
    m = re.search(rb"""(?:^|\s)%s\s*=\s*(["'])(.*?)\1""" % name, attrs, re.S)
    return html.unescape(m.group(2).decode("utf-8", "replace")) if m else None


def _xlsx_parts(container: Container) -> _Parts:
    """Find the parts as calamine does: the office document's folder, then its relationships."""
    root = container.read("_rels/.rels") or b""
    folder = "xl/"
    for m in _RELATIONSHIP.finditer(root):
        kind, target = _attr(m.group(1), b"Type"), _attr(m.group(1), b"Target")
        if kind and kind.endswith("/relationships/officeDocument") and target:
            folder = target[:target.rfind("/") + 1].removeprefix("/")
    rels: dict[str, str] = {}
    for m in _RELATIONSHIP.finditer(container.read(folder + "_rels/workbook.xml.rels") or b""):
        rid, target = _attr(m.group(1), b"Id"), _attr(m.group(1), b"Target")
        if rid is not None:
            rels[rid] = target or ""
    sheets: list[zipfile.ZipInfo | None] = []
    for m in _SHEET.finditer(container.read(folder + "workbook.xml") or b""):
        rid = _id_attr(m.group(1))
        target = rels.get(rid) if rid is not None else None
        if target is None:
            sheets.append(None)
            continue
        path = target[1:] if target.startswith("/") else folder + target
        sheets.append(container.info(path))
    return _Parts(container.info(folder + "sharedStrings.xml"), sheets)


def _id_attr(attrs: bytes) -> Any:
    """The attribute whose local name is ``id`` (``r:id``), as calamine matches it."""
    m = re.search(rb"""(?:^|\s)(?:[\w.-]+:)?id\s*=\s*(["'])(.*?)\1""", attrs, re.S)
    return html.unescape(m.group(2).decode("utf-8", "replace")) if m else None
