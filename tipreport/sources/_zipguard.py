"""The guard in front of calamine: a workbook's container checked before calamine opens it.

A workbook is a zip of XML files, and a crafted one of 2 KB can make the reader allocate
terabytes: a shared-string table declaring four billion strings, or one filled cell at
``XFD1048576`` (the reader builds the whole area from A1 to the last filled cell). An
allocation failure inside the reader aborts the process, which no ``except`` can catch, so
everything that sizes an allocation is checked here first, against :class:`~tipreport.Limits`:

- the members calamine reads are inflated here, in bounded chunks, with their real sizes and
  checksums checked (a member that inflates beyond what its header says is refused, as is a
  file whose contents exceed ``uncompressed_size``);
- the shared-string table's declared count must fit in its real size;
- each sheet's used area (A1 to the last filled cell) must fit in the rows, columns and cells
  limits: worked out from the cells' references in one linear pass (a forward search with a
  threshold that rises, so that a sorted sheet costs one regular-expression scan), or, when
  the sheet places cells by position rather than by reference (rare), by following the
  reader's own rules element by element;
- in ``.ods`` files, repeated rows and columns are added up the same way.

The same pass finds the cells calamine reads as empty but are not: formulas with no stored
value and Excel error cells. Every scan is linear in the size of the XML.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from ..limits import Limits
from ..reading import sheet_too_large
from ..report import ERROR, Issue
from ._files import too_large

__all__ = ["Refused", "Container", "SheetExtent", "scan_xlsx_sheet", "scan_ods_content"]

_CHUNK = 1 << 22  # bytes of compressed input per step
_OUT = 1 << 24  # at most this many inflated bytes at a time


class Refused(Exception):
    """The workbook must not reach the reader; ``issue`` says why."""

    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


def corrupt(shown: str, detail: str) -> Refused:
    return Refused(Issue(
        "file-corrupt", ERROR,
        f"The workbook is damaged or incomplete ({detail}). Ask for the file again, or open it "
        "in Excel and save a fresh copy.", file=shown))


def _zip_key(name: str) -> str:
    return name.replace("\\", "/").translate({c: c + 32 for c in range(65, 91)})


class Container:
    """A zip held in memory, whose members are inflated under the limits."""

    def __init__(self, data: bytes, shown: str, limits: Limits):
        self.data, self.shown, self.limits = data, shown, limits
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                struct.error) as exc:
            raise corrupt(shown, "its zip structure cannot be read") from exc
        # names as the reader matches them: "\\" as "/", ASCII case ignored
        names = [_zip_key(i.filename) for i in infos]
        if len(set(names)) != len(names):
            raise corrupt(shown, "two parts of it have the same name")
        self.by_name = dict(zip(names, infos))
        declared = sum(i.file_size for i in infos)
        if declared > limits.uncompressed_size:
            raise Refused(too_large(shown, "unpacked size", declared, limits.uncompressed_size,
                                    "uncompressed_size"))
        self.inflated = 0  # bytes inflated so far, over every member

    def info(self, name: str) -> zipfile.ZipInfo | None:
        return self.by_name.get(_zip_key(name))

    def read(self, name: str) -> bytes | None:
        """A (small) member's whole content, or None when there is no such member."""
        info = self.info(name)
        return None if info is None else b"".join(self.chunks(info))

    def chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's content in bounded pieces; its size and checksum checked at the end."""
        if info.flag_bits & 0x1:
            raise Refused(Issue(
                "file-password-protected", ERROR,
                "Parts of the workbook are encrypted. Open it in Excel, remove the password and "
                "save it again.", file=self.shown))
        raw = self._raw(info)
        crc, size = 0, 0
        for piece in self._inflate(info, raw):
            size += len(piece)
            self.inflated += len(piece)
            if size > info.file_size:
                raise corrupt(self.shown, f"its part {info.filename} is larger than declared")
            if self.inflated > self.limits.uncompressed_size:
                raise Refused(too_large(self.shown, "unpacked size", self.inflated,
                                        self.limits.uncompressed_size, "uncompressed_size"))
            crc = zlib.crc32(piece, crc)
            yield piece
        if size != info.file_size or crc != info.CRC:
            raise corrupt(self.shown, f"its part {info.filename} is cut short or altered")

    def _raw(self, info: zipfile.ZipInfo) -> memoryview:
        data, offset = self.data, info.header_offset
        if data[offset:offset + 4] != b"PK\x03\x04":
            raise corrupt(self.shown, f"its part {info.filename} cannot be found")
        name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
        start = offset + 30 + name_len + extra_len
        if start + info.compress_size > len(data):
            raise corrupt(self.shown, "it is cut short")
        return memoryview(data)[start:start + info.compress_size]

    def _inflate(self, info: zipfile.ZipInfo, raw: memoryview) -> Iterator[bytes]:
        if info.compress_type == zipfile.ZIP_STORED:
            for i in range(0, len(raw), _OUT):
                yield bytes(raw[i:i + _OUT])
            return
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise corrupt(self.shown, f"its part {info.filename} is packed in a way Excel does "
                                      "not use")
        inflater = zlib.decompressobj(-15)
        pos = 0
        try:
            while not inflater.eof:
                if inflater.unconsumed_tail:
                    data = inflater.unconsumed_tail
                elif pos < len(raw):
                    data = raw[pos:pos + _CHUNK]
                    pos += len(data)
                else:
                    break
                out = inflater.decompress(data, _OUT)
                if out:
                    yield out
                elif not inflater.unconsumed_tail and pos >= len(raw) and not inflater.eof:
                    break
        except zlib.error as exc:
            raise corrupt(self.shown, f"its part {info.filename} cannot be unpacked") from exc


# --- the used area ---------------------------------------------------------------------------


@dataclass
class SheetExtent:
    """The area the reader builds: A1 to the last filled cell, plus the cells it misreads."""

    rows: int = 0  # 1-based number of the last row with a filled cell
    columns: int = 0  # 1-based number of the last column with a filled cell
    #: (Excel row, column letter) → formula-without-value / excel-error
    bad_cells: dict[tuple[int, str], str] = field(default_factory=dict)
    #: text held in the sheet itself (inline strings, formula results), not only in the shared
    #: strings: then only a look at each cell bounds the length of a text
    own_text: bool = False

    def check(self, shown: str, sheet: str, limits: Limits) -> None:
        for what, value, limit in (("rows", self.rows, limits.rows),
                                   ("columns", self.columns, limits.columns),
                                   ("cells", self.rows * self.columns, limits.cells)):
            if value > limit:
                raise Refused(sheet_too_large(shown, sheet, what, value, limit))


def col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _letters(n: int) -> bytes:
    out = b""
    while n:
        n, rem = divmod(n - 1, 26)
        out = bytes([65 + rem]) + out
    return out


def _greater_digits(n: int) -> bytes:
    """A regex matching a decimal number (no leading zeros) greater than ``n``."""
    s = str(n)
    alts = [rb"[1-9]\d{%d,}" % len(s)]  # more digits
    for i, ch in enumerate(s):
        d = int(ch)
        if d < 9:
            rest = len(s) - i - 1
            alts.append(re.escape(s[:i].encode()) + b"[%d-9]" % (d + 1) + (rb"\d{%d}" % rest
                                                                           if rest else b""))
    return b"(?:" + b"|".join(alts) + b")"


def _greater_letters(n: int) -> bytes:
    """A regex matching column letters (either case) of a column greater than ``n`` (A = 1)."""
    s = _letters(n) if n else b""
    alts = [b"[A-Za-z]{%d,}" % (len(s) + 1)]
    for i, ch in enumerate(s):
        if ch < ord("Z"):
            rest = len(s) - i - 1
            same = b"".join(b"[%c%c]" % (c, c + 32) for c in s[:i])
            alts.append(same + b"[%c-Z%c-z]" % (ch + 1, ch + 33)
                        + (b"[A-Za-z]{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join(alts) + b")"


_SHEETDATA_START = re.compile(rb"<(?:[\w.-]+:)?sheetData(?=[\s/>])([^>]*?)(/?)>")
_SHEETDATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")
#: a cell or a row placed by position (no r first): two searches, each with a literal prefix
_ODD_CELL = re.compile(rb'<c(?! r=")[\s/>]')
_ODD_ROW = re.compile(rb'<row(?! r=")[\s/>]')
_PREFIXED_TAG = re.compile(rb"</?[\w.-]+:(?:c|row)(?=[\s/>])")
#: what every prefixed cell or row tag holds: a search ten times faster than the one above
#: (which starts at every "<"), which then runs only where it may match
_PREFIX_HINT = re.compile(rb":(?:c|row)[\s/>]")
_CELL_REF = re.compile(rb'<c r="([A-Za-z]+)(\d+)"[^>]*(?<!/)>')
#: an attribute named exactly r (not x:r), in either quotes, with spaces around = allowed
_TAG_REF = re.compile(rb"""(?:(?<=\s)|^)r\s*=\s*(["'])([A-Za-z]+)(\d+)\1""")
_TOKEN = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_ROW_NUMBER = re.compile(rb"""(?:(?<=\s)|^)r\s*=\s*(["'])(\d+)\1""")
_FORMULA = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>(.*?)</(?:[\w.-]+:)?v>", re.S)
_MAX_RISES = 64  # threshold rises per piece before the exact element-by-element pass


def _sheet_data(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    """The ``sheetData`` content in pieces that never split a cell; flag: the tags are prefixed.

    Pieces end after a ``</row>`` or ``</c>`` (or, for a row longer than 32 MB, a ``>``).
    """
    buffer = b""
    prefixed: bool | None = None
    for chunk in chunks:
        buffer += chunk
        if prefixed is None:
            m = _SHEETDATA_START.search(buffer)
            if m is None:
                buffer = buffer[-256:]
                continue
            if m.group(2):  # <sheetData/>: no cells
                return
            prefixed = b":" in m.group(0)[:m.group(0).find(b"sheetData")]
            buffer = buffer[m.end():]
        end = _SHEETDATA_END.search(buffer) if b"sheetData" in buffer else None
        if end is not None:
            yield buffer[:end.start()], prefixed
            return
        cut = max(buffer.rfind(b"</row>") + 6, buffer.rfind(b"</c>") + 4)
        if cut < 6 and len(buffer) > (1 << 25):
            cut = buffer.rfind(b">") + 1
        if cut > 5:
            yield buffer[:cut], prefixed
            buffer = buffer[cut:]
    if prefixed is not None and buffer:
        yield buffer, prefixed


class _Again(Exception):
    """Scan the sheet again, more closely (``mode``)."""

    def __init__(self, mode: str):
        self.mode = mode


def scan_xlsx_sheet(container: Container, member: zipfile.ZipInfo, sheet: str) -> SheetExtent:
    """The used area and the misread cells of one worksheet, checked against the limits.

    Three ways, each tried only when the one before cannot decide: ``bounded`` (exact columns,
    and rows bounded by their number of digits: two quick searches), ``precise`` (exact rows
    too), ``exact`` (element by element, for a sheet that places cells by position).
    """
    mode = "bounded"
    while True:
        try:
            return _scan(container, member, sheet, mode)
        except _Again as again:
            mode = again.mode


def _scan(container: Container, member: zipfile.ZipInfo, sheet: str, mode: str
          ) -> SheetExtent:
    extent = SheetExtent()
    state = [0, 0]  # the reader's row and column index for cells placed by position
    limits = container.limits
    for piece, prefixed in _sheet_data(container.chunks(member)):
        if mode != "exact" and (prefixed or _ODD_CELL.search(piece) or _ODD_ROW.search(piece)
                                or (_PREFIX_HINT.search(piece) and _PREFIXED_TAG.search(piece))):
            raise _Again("exact")
        if mode == "exact":
            _extend_exact(piece, extent, state)
            extent.own_text = True
        else:
            _extend(piece, extent, precise=mode == "precise")
        if _bad_cells(piece, extent.bad_cells) or b"<is" in piece or b't="str"' in piece:
            extent.own_text = True
        if mode == "bounded" and (extent.rows > limits.rows or
                                  extent.rows * extent.columns > limits.cells):
            raise _Again("precise")  # the bound is too loose to decide: count exactly
        extent.check(container.shown, sheet, limits)
    return extent


def _extend(piece: bytes, extent: SheetExtent, precise: bool) -> None:
    """Every cell has its reference: raise the area to the farthest filled cell.

    Start from the last filled cell (in a sorted sheet, the last row), then search forward for
    any cell beyond the area so far; each hit raises the threshold, so that a sorted sheet
    costs one search. Not precise, rows are bounded by their number of digits (an upper bound:
    300,000 rows count as at most 999,999), which one search with a literal prefix settles.
    """
    last_row = 0
    pos = len(piece)
    for _ in range(1000):  # past empty (self-closing) cells, not further
        pos = piece.rfind(b'<c r="', 0, pos)
        if pos < 0:
            break
        m = _CELL_REF.match(piece, pos)
        if m:
            last_row = int(m.group(2))
            extent.columns = max(extent.columns, col_number(m.group(1)))
            break
    if precise:
        extent.columns = _rise(piece, extent.columns, _beyond_columns, 1, col_number)
        extent.rows = _rise(piece, max(extent.rows, last_row), _beyond_rows, 2, int)
        return
    digits = len(str(max(last_row, 1)))
    start = 0
    for _ in range(_MAX_RISES):
        m = _outside(extent.columns, digits).search(piece, start)
        if m is None:
            extent.rows = max(extent.rows, 10 ** digits - 1)
            return
        cell = _CELL_REF.match(piece, m.start())
        if cell:  # a filled cell (not a self-closing, empty one)
            extent.columns = max(extent.columns, col_number(cell.group(1)))
            digits = max(digits, len(cell.group(2).lstrip(b"0")))
        start = m.end()
    _extend(piece, extent, precise=True)  # too many hits: count exactly


def _rise(piece: bytes, threshold: int, pattern, group: int, value) -> int:
    start = 0
    for _ in range(_MAX_RISES):
        m = pattern(threshold).search(piece, start)
        if m is None:
            return threshold
        threshold, start = max(threshold, value(m.group(group))), m.end()
    for m in _CELL_REF.finditer(piece, start):  # too many rises: look at every cell
        threshold = max(threshold, value(m.group(group)))
    return threshold


@lru_cache(maxsize=256)
def _outside(columns: int, digits: int) -> re.Pattern:
    """A cell reference beyond ``columns``, or whose row has more than ``digits`` digits."""
    return re.compile(rb'<c r="(?:' + _greater_letters(columns) + rb'|[A-Za-z]+0*[1-9]\d{%d})'
                      % digits)


@lru_cache(maxsize=256)
def _beyond_columns(columns: int) -> re.Pattern:
    """A filled (not self-closing) cell in a column beyond ``columns``."""
    return re.compile(rb'<c r="(' + _greater_letters(columns) + rb')\d+"[^>]*(?<!/)>')


@lru_cache(maxsize=256)
def _beyond_rows(rows: int) -> re.Pattern:
    """A filled (not self-closing) cell in a row beyond ``rows``."""
    return re.compile(rb'<c r="[A-Za-z]+0*(' + _greater_digits(rows) + rb')"[^>]*(?<!/)>')


def _extend_exact(piece: bytes, extent: SheetExtent, state: list[int]) -> None:
    """The reader's own rules: a row or cell without a reference takes the next position."""
    for m in _TOKEN.finditer(piece):
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        empty = attrs.endswith(b"/")
        if name == b"row":
            if closing:
                state[0] += 1
                state[1] = 0
                continue
            number = _ROW_NUMBER.search(attrs)
            if number:
                state[0] = int(number.group(2)) - 1
            if empty:
                state[0] += 1
                state[1] = 0
            continue
        if closing:
            continue
        ref = _TAG_REF.search(attrs)
        if ref:
            row, col = int(ref.group(3)) - 1, col_number(ref.group(2)) - 1
            state[1] = col
        else:
            row, col = state
        if not empty:  # a cell with content: part of the area
            extent.rows = max(extent.rows, row + 1)
            extent.columns = max(extent.columns, col + 1)
        state[1] += 1


def _bad_cells(piece: bytes, found: dict[tuple[int, str], str]) -> bool:
    """Formula cells with no stored value, and error cells (calamine reads both as empty).

    True when the piece holds a formula or an error cell.
    """
    if b"<f" not in piece and b't="e"' not in piece:
        return False
    # one piece per cell, split at its end tag: linear, whatever the markup
    for part in piece.split(b"</c>"):
        if b"<f" not in part and b't="e"' not in part:
            continue
        start = part.rfind(b"<c ")
        if start < 0:
            continue
        tag_end = part.find(b">", start)
        tag, body = part[start:tag_end + 1], part[tag_end + 1:]
        ref = _TAG_REF.search(tag)
        if not ref or tag.endswith(b"/>"):
            continue
        key = (int(ref.group(3)), ref.group(2).decode("ascii").upper())
        if b't="e"' in tag:
            found[key] = "excel-error"
        elif _FORMULA.search(body):
            v = _VALUE.search(body)
            # Excel stores a formula that gave "" (=IF(…,"",…)) as t="str" with <v/>
            empty_text = b't="str"' in tag and (v is not None or b"<v/>" in body)
            if (v is None or v.group(1) == b"") and not empty_text:
                found[key] = "formula-without-value"
    return True


# --- shared strings ------------------------------------------------------------------------------

_UNIQUE_COUNT = re.compile(rb'\buniqueCount="(\d+)"')


def check_shared_strings(container: Container, member: zipfile.ZipInfo) -> int:
    """The declared number of strings must fit in the table's real size.

    Returns the size in bytes of the largest string entry: no shared text is longer.
    """
    head, size, longest, carry = b"", 0, 0, b""
    for piece in container.chunks(member):
        if len(head) < 4096:
            head += piece[:4096]
        size += len(piece)
        parts = (carry + piece).split(b"</si>")
        carry = parts.pop()
        longest = max(longest, max(map(len, parts), default=0))
    longest = max(longest, len(carry))
    m = _UNIQUE_COUNT.search(head)
    # the smallest string entry, <si/>, takes 5 bytes
    if m and int(m.group(1)) > size // 5 + 1:
        raise corrupt(container.shown, f"its string table declares {int(m.group(1)):,} strings "
                                       f"but has room for at most {size // 5 + 1:,}")
    return longest


# --- ODS ------------------------------------------------------------------------------------------

_ODS_TOKEN = re.compile(rb"<(/?)table:(table|table-row)(?=[\s/>])([^>]*)>")
_ODS_CELL = re.compile(rb"<table:(?:table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
_ODS_NAME = re.compile(rb'\btable:name="([^"]*)"')
_ROWS_REPEATED = re.compile(rb'\btable:number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'\btable:number-columns-repeated="(\d+)"')


_ROW_END = b"</table:table-row>"
_PIECE = 1 << 25  # a piece of XML is cut after 32 MB even inside a row (at a tag's end)


def _ods_pieces(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """content.xml in pieces that end after a row, or after a tag within a very long row."""
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        end = buffer.rfind(_ROW_END)
        cut = end + len(_ROW_END) if end >= 0 else (
            buffer.rfind(b">") + 1 if len(buffer) > _PIECE else 0)
        if cut:
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer


def _ods_row_width(row: bytes) -> tuple[int, int]:
    """(columns up to the last cell with content, columns in all) of a row's cells."""
    if b"columns-repeated" not in row:
        cells = row.count(b"<table:table-cell") + row.count(b"<table:covered-table-cell")
        filled = b"office:value-type" in row or b"<text:" in row
        return (cells if filled else 0), cells
    width, last = 0, 0
    cells = list(_ODS_CELL.finditer(row))
    for i, m in enumerate(cells):
        repeat = _COLS_REPEATED.search(m.group(1))
        width += int(repeat.group(1)) if repeat else 1
        following = cells[i + 1].start() if i + 1 < len(cells) else len(row)
        content = row[m.end():following]
        if b"office:value-type" in m.group(1) or b"<text:" in content:
            last = width
    return last, width


def scan_ods_content(container: Container, member: zipfile.ZipInfo) -> None:
    """Every table of content.xml (the reader builds them all on opening) within the limits."""
    name = "?"
    rows = last = columns = depth = 0
    row_repeat = 1
    row_start: int | None = None  # where the open row's cells begin in the piece
    carried = 0  # columns of the open row in pieces before this one (all counted)

    def finish() -> None:
        SheetExtent(last, columns).check(container.shown, name, container.limits)

    for piece in _ods_pieces(container.chunks(member)):
        for m in _ODS_TOKEN.finditer(piece):
            closing, kind, attrs = m.group(1), m.group(2), m.group(3)
            if kind == b"table":  # a table inside a cell adds its rows to the outer one's
                if closing:
                    depth = max(depth - 1, 0)
                    if depth == 0:
                        finish()
                        name, rows, last, columns = "?", 0, 0, 0
                elif not attrs.endswith(b"/"):
                    depth += 1
                    if depth == 1:
                        found = _ODS_NAME.search(attrs)
                        name = found.group(1).decode("utf-8", "replace") if found else "?"
                        rows = last = columns = 0
                continue
            if depth != 1:  # a row of a table inside a cell: part of the outer row's cells
                continue
            if not closing:
                repeat = _ROWS_REPEATED.search(attrs)
                row_repeat = int(repeat.group(1)) if repeat else 1
                if attrs.endswith(b"/"):
                    rows += row_repeat
                    row_start = None
                else:
                    row_start, carried = m.end(), 0
                continue
            if row_start is None:
                continue
            filled_to, _ = _ods_row_width(piece[row_start:m.start()])
            if filled_to or carried:
                width = carried + filled_to if filled_to else carried
                rows += row_repeat
                last, columns = rows, max(columns, width)
                SheetExtent(last, columns).check(container.shown, name, container.limits)
            else:
                rows += row_repeat
            row_start = None
        if row_start is not None:  # a row longer than a piece: count its cells so far, all
            carried += _ods_row_width(piece[row_start:])[1]
            row_start = 0
    finish()
