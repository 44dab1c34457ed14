"""Writing large tables into an ``.xlsx`` workbook quickly, and safely.

A table is a list of columns, each :class:`Cells`: the column's distinct values (``str``:
written as text, always; a number) and, for each row, the index of its value (-1: empty). A
column is converted once per distinct value, never once per cell.

:class:`Workbook` is XlsxWriter's workbook, in constant-memory mode, with one more method,
:meth:`Workbook.write_table`. XlsxWriter writes everything but the tables' rows: the sheets'
columns, panes and filters, the styles, the shared strings, the properties. The rows are
written when the workbook is closed, straight into the ``.xlsx`` package, in the markup
XlsxWriter writes for them: each distinct value's markup is made once, a block of rows is one
``str.join`` of those pieces (no Python call per cell), and it is compressed as it is made, at a
fast zlib level (1: about four times faster than zlib's default, for a file about a third
larger), without a temporary file.

A text that repeats within its column goes to the workbook's shared strings, as Excel itself
would store it; the others are written in the row (``<c r="B2" t="inlineStr"><is><t>…</t></is>
</c>``). Numbers are ``<c r="C2" s="1"><v>45678</v></c>``.

It also closes a hole of XlsxWriter's own path: a text that starts with ``<r>`` and ends with
``</r>`` is written by XlsxWriter unescaped (as rich text), so a crafted cell could inject
markup, formulas included. Here every text is escaped, and such a text is never shared.

When a worksheet does not offer what this needs (another XlsxWriter), the table is written
cell by cell through XlsxWriter's own methods.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any, Iterator, Sequence

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

__all__ = ["Cells", "Workbook", "not_rich"]

#: rows turned into XML at a time (bounds the memory a large sheet takes while written)
BLOCK = 4096
#: zlib's level for the package: 1 is about four times faster than the default (6)
LEVEL = 1
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")  # literal text Excel would read as an escape
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_NEEDS_XML_ESCAPE = re.compile('[&<>]')
_SPACE_AT_ENDS = re.compile(r"^\s|\s$")
#: in texts joined by "\n": where a text may need more than plain copying (see _texts_xml)
_SUSPECT = re.compile("[&<>\\x00-\\x08\\x0b-\\x1f\\ufffe\\uffff]|_x[0-9a-fA-F]{4}_"
                      "|\\s(?=\\n)|\\n\\s")
#: where the rows of a table go in the sheet's markup XlsxWriter writes
_MARK = re.compile(rb"<!--tipreport-rows-\d+-->")


@dataclass(frozen=True, eq=False)
class Cells:
    """A column's cells: ``values`` (each distinct value once: ``str`` or a number) and
    ``codes`` (for each row, the index of its value in ``values``; -1 for an empty cell)."""

    codes: np.ndarray
    values: list

    def __post_init__(self):
        if self.codes.dtype != np.int32:  # half of pandas' codes: a large sheet has many
            object.__setattr__(self, "codes", self.codes.astype(np.int32))

    @classmethod
    def of(cls, cells: Sequence[Any]) -> "Cells":
        """The cells of a list (``str``, numbers, None for empty)."""
        array = np.empty(len(cells), dtype=object)
        array[:] = cells
        codes, uniques = pd.factorize(array, use_na_sentinel=True)
        return cls(codes, uniques.tolist())

    def __len__(self) -> int:
        return len(self.codes)

    def tolist(self) -> list:
        """The cells, one a row (None for empty)."""
        table = np.empty(len(self.values) + 1, dtype=object)
        table[:-1] = self.values
        return table[self.codes].tolist()


# --- the workbook ---------------------------------------------------------------------------------


class Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook in constant-memory mode, written to ``target`` (a path or a binary
    file) when closed, with the rows of its tables (:meth:`write_table`) and every part
    compressed at zlib ``level``."""

    def __init__(self, target: str | IO[bytes], options: dict | None = None, *,
                 level: int = LEVEL):
        super().__init__(io.BytesIO(), {**(options or {}), "constant_memory": True})
        self._target, self._level = target, level
        self._tables: dict[bytes, _Rows] = {}  # the mark in a sheet's markup → its rows
        #: (id of the cells, styles) → the cells (kept, so that the id stays theirs), markup
        self._markup: dict[tuple[int, int, int], tuple[Cells, _Markup]] = {}

    def write_table(self, sheet, headers: Sequence[str], columns: Sequence[Cells | Sequence],
                    start: int, stop: int, *, header_format=None,
                    formats: Sequence[tuple[Any, Any]] = ()) -> None:
        """Rows ``start:stop`` of ``columns`` under ``headers`` (row 1), from the sheet's first
        row. ``formats[c]`` is column ``c``'s (text format, number format): e.g. (wrap, None),
        or (None, a date format); none by default."""
        columns = [c if isinstance(c, Cells) else Cells.of(c) for c in columns]
        formats = list(formats) or [(None, None)] * len(columns)
        if not _fast_path(sheet):
            _write_cells(sheet, headers, columns, start, stop, header_format, formats)
            return
        mark = f"<!--tipreport-rows-{len(self._tables)}-->"
        sheet.row_data_fh.write(mark)
        sheet._check_dimensions(0, 0)
        sheet._check_dimensions(max(stop - start, 0), max(len(columns) - 1, 0))
        styles = [(_style(text), _style(number)) for text, number in formats]
        bold = _style(header_format)
        heads = [f'<c r="{xl_col_to_name(c)}' for c in range(len(columns))]
        header = "".join(f"{head}1{_fragment(h, bold, bold)}" for head, h in zip(heads, headers))
        prepared = [self._prepared(cells, *style, start, stop)
                    for cells, style in zip(columns, styles)]
        self._tables[mark.encode()] = _Rows(f'<row r="1">{header}</row>', heads, prepared,
                                            start, stop)

    def _prepared(self, cells: Cells, text_style: int, number_style: int, start: int,
                  stop: int) -> tuple[np.ndarray, np.ndarray]:
        """The column's markup (each distinct value's once, made on first use), counting the
        uses of its shared strings in rows ``start:stop``."""
        key = (id(cells), text_style, number_style)
        if key not in self._markup:
            self._markup[key] = (cells, _Markup.of(cells, self.str_table, text_style,
                                                   number_style))
        markup = self._markup[key][1]
        uses = np.bincount(cells.codes[start:stop] + 1, minlength=len(cells.values) + 1)[1:]
        self.str_table.count += int(uses[markup.shared].sum())
        return cells.codes, markup.xml

    def close(self) -> None:
        if self.fileclosed:
            return super().close()  # XlsxWriter's own warning
        super().close()
        _package(self.filename.getvalue(), self._target, self._tables, self._level)
        self._tables, self._markup = {}, {}


@dataclass(frozen=True)
class _Markup:
    """A column's distinct values as markup after ``<c r="B2`` (and "" last, for an empty
    cell), and which of them are shared strings."""

    xml: np.ndarray
    shared: np.ndarray

    @classmethod
    def of(cls, cells: Cells, strings, text_style: int, number_style: int) -> "_Markup":
        values = cells.values
        n = len(values)
        xml = np.empty(n + 1, dtype=object)
        xml[n] = ""
        shared = np.zeros(n, dtype=bool)
        texts = np.fromiter((type(v) is str for v in values), dtype=bool, count=n)
        if not texts.all():
            numbers = np.flatnonzero(~texts)
            xml[numbers] = _numbers_xml([values[i] for i in numbers], number_style)
        if texts.any():
            counts = np.bincount(cells.codes + 1, minlength=n + 1)[1:]
            share = texts & (counts > 1)
            share[share] = [_shareable(values[i]) for i in np.flatnonzero(share)]
            if share.any():
                style = f' s="{text_style}"' if text_style else ""
                before = strings.count  # the table counts each use when the rows are written
                xml[np.flatnonzero(share)] = [
                    f'"{style} t="s"><v>{strings._get_shared_string_index(values[i])}</v></c>'
                    for i in np.flatnonzero(share)]
                strings.count = before
                shared = share
            inline = np.flatnonzero(texts & ~share)
            xml[inline] = _texts_xml([values[i] for i in inline], text_style)
        return cls(xml, shared)


@dataclass(frozen=True)
class _Rows:
    """A table's rows, made into markup when the package is written."""

    header: str  # the header row's markup
    heads: list[str]  # each column's '<c r="B'
    columns: list[tuple[np.ndarray, np.ndarray]]  # each column's codes and markup
    start: int
    stop: int

    def xml(self) -> Iterator[bytes]:
        yield self.header.encode()
        width = 3 * len(self.columns) + 4
        for first in range(self.start, self.stop, BLOCK):
            last = min(self.stop, first + BLOCK)
            numbers = np.arange(first - self.start + 2, last - self.start + 2).astype(str) \
                .astype(object)
            # each row: <row r="  n  ">  then per cell '<c r="B'  n  '" t="s"><v>3</v></c>'
            grid = np.empty((last - first, width), dtype=object)
            grid[:, 0], grid[:, 1], grid[:, 2], grid[:, -1] = '<row r="', numbers, '">', "</row>"
            for c, (head, (codes, markup)) in enumerate(zip(self.heads, self.columns)):
                block = codes[first:last]
                at = 3 + 3 * c
                grid[:, at], grid[:, at + 1], grid[:, at + 2] = head, numbers, markup[block]
                empty = block < 0
                if empty.any():
                    grid[empty, at] = grid[empty, at + 1] = ""
            yield "".join(grid.ravel().tolist()).encode()

    def size_bound(self) -> int:
        """More bytes than the rows' markup takes (UTF-8 takes at most 4 a character)."""
        rows = self.stop - self.start
        number = len(str(rows + 1))
        per_row = 12 + number + sum(len(h) + number + max(map(len, m), default=0)
                                    for h, (_, m) in zip(self.heads, self.columns))
        return 4 * (len(self.header) + rows * per_row)


def _package(skeleton: bytes, target, tables: dict[bytes, _Rows], level: int) -> None:
    """The package XlsxWriter wrote, each part compressed at ``level``, with the tables' rows
    written where their marks are."""
    with zipfile.ZipFile(io.BytesIO(skeleton)) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for info in source.infolist():
            data = source.read(info)
            part = _part(info, level)
            found = _MARK.search(data) if info.filename.startswith("xl/worksheets/") else None
            if found is None:
                out.writestr(part, data, compresslevel=level)
                continue
            rows = tables.pop(found.group())
            large = rows.size_bound() * 1.05 > zipfile.ZIP64_LIMIT
            with out.open(part, "w", force_zip64=large) as stream:
                stream.write(data[:found.start()])
                for chunk in rows.xml():
                    stream.write(chunk)
                stream.write(data[found.end():])
    if tables:
        raise RuntimeError("a table's rows had no place in the workbook")


def _part(info: zipfile.ZipInfo, level: int) -> zipfile.ZipInfo:
    """A part as XlsxWriter stored it (name, fixed date, attributes), compressed at ``level``."""
    part = zipfile.ZipInfo(info.filename, info.date_time)
    part.compress_type = zipfile.ZIP_DEFLATED
    part.external_attr, part.create_system = info.external_attr, info.create_system
    # ZipFile.open(info, "w") takes the level from the info: compress_level from Python 3.13
    setattr(part, "compress_level" if hasattr(part, "compress_level") else "_compresslevel",
            level)
    return part


def _fast_path(sheet) -> bool:
    """True when the sheet is in constant-memory mode with a row file this module can write."""
    return bool(getattr(sheet, "constant_memory", False)
                and getattr(sheet, "row_data_fh", None) is not None
                and hasattr(sheet, "_check_dimensions")
                and hasattr(getattr(sheet, "str_table", None), "_get_shared_string_index"))


# --- markup of distinct values -----------------------------------------------------------------


def _texts_xml(texts: list[str], text_style: int) -> list[str]:
    """``[_fragment(t, text_style, 0) for t in texts]``, without a Python call per text: the
    few texts that need escaping or keep spaces at their ends are found in one search of the
    texts joined by newlines, and only they go through :func:`_fragment`."""
    style = f' s="{text_style}"' if text_style else ""
    plain = np.empty(len(texts), dtype=object)
    plain[:] = texts
    out = f'"{style} t="inlineStr"><is><t>' + plain + "</t></is></c>"
    joined = "\n" + "\n".join(texts) + "\n"
    hits = [m.span() for m in _SUSPECT.finditer(joined)] if texts else []
    if hits:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts = np.cumsum(lengths + 1) - lengths  # where each text starts in ``joined``
        spans = np.asarray(hits)
        first = np.searchsorted(starts, spans[:, 0] - 1, side="right") - 1
        last = np.searchsorted(starts, spans[:, 1] + 1, side="right") - 1
        suspects = set()
        for a, b in zip(first.clip(0).tolist(), last.clip(0, len(texts) - 1).tolist()):
            suspects.update(range(a, b + 1))
        for i in suspects:
            out[i] = _fragment(texts[i], text_style, 0)
    return out.tolist()


def _numbers_xml(numbers: list, number_style: int) -> list[str]:
    """``[_fragment(n, 0, number_style) for n in numbers]``: whole numbers below 10¹⁶ (written
    as their digits) by numpy, the others one by one."""
    style = f' s="{number_style}"' if number_style else ""
    values = np.asarray(numbers, dtype=float)
    whole = ((np.abs(values) < 1e16) & (values == np.trunc(values))
             & ~((values == 0) & np.signbit(values)))  # -0.0 is written "-0"
    out = np.empty(len(numbers), dtype=object)
    out[whole] = (f'"{style}><v>' + values[whole].astype(np.int64).astype(str).astype(object)
                  + "</v></c>")
    for i in np.flatnonzero(~whole).tolist():
        out[i] = _fragment(numbers[i], 0, number_style)
    return out.tolist()


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


def _write_cells(sheet, headers, columns: list[Cells], start, stop, header_format,
                 formats) -> None:
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, header_format)
    plan = [(c, cells.tolist(), text, number)
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
