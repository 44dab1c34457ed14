"""Writing a large table into an XlsxWriter worksheet quickly, and safely.

A table is a list of columns, each a list of cells (``str``: written as text, always; a number;
``None``: empty), written under a header row. In XlsxWriter's constant-memory mode a sheet's
rows go to a temporary file as XML; :func:`write_table` writes that XML itself, a block of rows
at a time, each distinct value of a block converted once — many times faster than a call per
cell, in the markup XlsxWriter writes. A text that repeats within a block (a code, a window, a
file name) goes to the workbook's shared strings, as Excel itself would store it; the others
are written in the row (``<c r="B2" t="inlineStr"><is><t>…</t></is></c>``). Numbers are
``<c r="C2" s="1"><v>45678</v></c>``.

It also closes a hole of XlsxWriter's own path: a text that starts with ``<r>`` and ends with
``</r>`` is written by XlsxWriter unescaped (as rich text), so a crafted cell could inject
markup, formulas included. Here every text is escaped, and such a text is never shared.

When the worksheet does not offer what this needs (another XlsxWriter, or not in
constant-memory mode), the table is written cell by cell through XlsxWriter's own methods.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

import numpy as np
import pandas as pd

__all__ = ["write_table", "fast_path"]

#: rows turned into XML at a time (bounds the memory a large sheet takes while written)
BLOCK = 4096
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")  # literal text Excel would read as an escape
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_NEEDS_XML_ESCAPE = re.compile('[&<>]')
_SPACE_AT_ENDS = re.compile(r"^\s|\s$")


def fast_path(sheet) -> bool:
    """True when the sheet is in constant-memory mode with a row file this module can write."""
    return bool(getattr(sheet, "constant_memory", False)
                and hasattr(sheet, "row_data_fh") and getattr(sheet, "row_data_fh") is not None
                and hasattr(sheet, "_check_dimensions"))


def write_table(sheet, headers: Sequence[str], columns: Sequence[Sequence[Any]], start: int,
                stop: int, *, header_format, formats: Sequence[tuple[Any, Any]] = ()) -> None:
    """Rows ``start:stop`` of ``columns`` under ``headers`` (row 1), from the sheet's first
    row. ``formats[c]`` is column ``c``'s (text format, number format): e.g. (wrap, None), or
    (None, a date format); none by default."""
    formats = list(formats) or [(None, None)] * len(columns)
    if fast_path(sheet):
        _write_xml(sheet, headers, columns, start, stop, header_format, formats)
    else:
        _write_cells(sheet, headers, columns, start, stop, header_format, formats)


# --- the fast path: the rows' XML --------------------------------------------------------------


def _write_xml(sheet, headers, columns, start, stop, header_format, formats) -> None:
    from xlsxwriter.utility import xl_col_to_name

    prefixes = [f'<c r="{xl_col_to_name(c)}' for c in range(len(columns))]
    styles = [(_style(text), _style(number)) for text, number in formats]
    bold = _style(header_format)
    out = sheet.row_data_fh
    head = "".join(f"{prefix}1{_fragment(h, bold, bold)}" for prefix, h in zip(prefixes, headers))
    out.write(f'<row r="1">{head}</row>')
    caches: list[dict] = [{} for _ in columns]
    strings = getattr(sheet, "str_table", None)
    if not hasattr(strings, "_get_shared_string_index"):
        strings = None
    for first in range(start, stop, BLOCK):
        last = min(stop, first + BLOCK)
        numbers = [str(n) for n in range(first - start + 2, last - start + 2)]
        block = [_column_xml(prefix, column[first:last], numbers, cache, strings, *style)
                 for prefix, column, cache, style in zip(prefixes, columns, caches, styles)]
        out.write("".join(f'<row r="{n}">{"".join(cells)}</row>'
                          for n, cells in zip(numbers, zip(*block))))
    sheet._check_dimensions(0, 0)
    sheet._check_dimensions(max(stop - start, 0), max(len(columns) - 1, 0))


def _column_xml(prefix: str, cells: Sequence[Any], numbers: list[str], cache: dict, strings,
                text_style: int, number_style: int) -> list[str]:
    """The ``<c>`` elements of one column's cells ('' for an empty cell), on the rows
    ``numbers``. Each distinct value is converted once (``cache``: value → its markup, and
    whether it is shared); a text that repeats in the block goes to the shared ``strings``."""
    values = np.empty(len(cells), dtype=object)
    values[:] = cells
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques)).tolist()
    fragments = []
    for value, count in zip(uniques.tolist(), counts):
        key = (type(value) is str, value)
        entry = cache.get(key)
        if entry is None:
            if strings is not None and count > 1 and _shareable(value):
                index = strings._get_shared_string_index(value)  # counts one use
                style = f' s="{text_style}"' if text_style else ""
                entry = (f'"{style} t="s"><v>{index}</v></c>', True)
                count -= 1
            else:
                entry = (_fragment(value, text_style, number_style), False)
            cache[key] = entry
        if entry[1]:
            strings.count += count  # the table counts every use
        fragments.append(entry[0])
    fragments.append(None)  # code -1: an empty cell
    per_row = np.asarray(fragments, dtype=object)[codes].tolist()
    return [prefix + n + f if f is not None else "" for n, f in zip(numbers, per_row)]


def _shareable(value: Any) -> bool:
    """A text the shared strings may hold: never one XlsxWriter would write as raw rich text."""
    return (type(value) is str and len(value) <= 255
            and not (value.startswith("<r>") and value.endswith("</r>")))


def _fragment(value: Any, text_style: int, number_style: int) -> str:
    """A cell's markup after ``<c r="A1`` (its row number): text as an inline string, escaped
    as XlsxWriter escapes it (control characters and literal ``_xHHHH_`` as ``_xHHHH_``, then
    ``& < >``), or a number."""
    if type(value) is str:
        text = _ESCAPED.sub(r"_x005F\1", value)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        space = ' xml:space="preserve"' if _SPACE_AT_ENDS.search(text) else ""
        if _NEEDS_XML_ESCAPE.search(text):
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        style = f' s="{text_style}"' if text_style else ""
        return f'"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    style = f' s="{number_style}"' if number_style else ""
    return f'"{style}><v>{value:.16G}</v></c>'


def _style(cell_format) -> int:
    return cell_format._get_xf_index() if cell_format is not None else 0


# --- the plain path: one call per cell -----------------------------------------------------------


def _write_cells(sheet, headers, columns, start, stop, header_format, formats) -> None:
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, header_format)
    plan = [(c, cells, text, number)
            for c, (cells, (text, number)) in enumerate(zip(columns, formats))]
    for r in range(start, stop):
        row = r - start + 1
        for c, cells, text_format, number_format in plan:
            value = cells[r]
            if value is None:
                continue
            if type(value) is str:
                sheet.write_string(row, c, not_rich(value), text_format)
            else:
                sheet.write_number(row, c, value, number_format)


def not_rich(text: str) -> str:
    """Text XlsxWriter's constant-memory mode would write unescaped as rich text (``<r>…</r>``)
    gets a harmless first character instead of its ``<``."""
    if text.startswith("<r>") and text.endswith("</r>"):
        return "\uff1c" + text[1:]
    return text
