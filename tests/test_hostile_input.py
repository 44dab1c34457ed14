"""Hostile and merely unusual input, tried as a new user (or an attacker) would.

Each kind below is a real file written by the test, named after what it holds. Each ends in a
located error (its code, file, sheet, row and column) or in the literal value, in bounded time
and memory, and never in a traceback: the command line is run on every kind in-process, and
in a child process (with a timeout) for the kinds that once aborted or hung the process.
A hypothesis fuzz test then feeds the reader random bytes and mutated real workbooks and CSV
files: it may only ever answer with data or located issues.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from xml.sax.saxutils import escape

import make_fixtures as mf
import pandas as pd
import pytest

import tipreport
from tipreport.cli import main
from tipreport.codes import ISSUE_CODES

SUBMITTED_ON = dt.date(2026, 4, 30)
ROOT = Path(__file__).resolve().parent.parent


# --- writing files by hand ---------------------------------------------------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
       'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
       '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
       'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
       'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
         '"xl/workbook.xml"/></Relationships>')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def cell(ref: str, value: Any) -> str:
    """One cell: text inline (no shared strings), numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_rows(rows: list[list[Any]], start: int = 1) -> str:
    out = []
    for r, row in enumerate(rows, start=start):
        cells = "".join(cell(f"{mf_letter(c)}{r}", v) for c, v in enumerate(row))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def mf_letter(index: int) -> str:
    from tipreport.reading import column_letter

    return column_letter(index)


def worksheet(data: str, *, head: str = "", root: str = "worksheet", prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{_MAIN}"' if prefix else f'xmlns="{_MAIN}"'
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}{root} {xmlns}>{head}<{p}sheetData>'
            f"{data}</{p}sheetData></{p}{root}>")


def raw_xlsx(path: Path, sheets: dict[str, str], *, shared: str | None = None,
             extra: dict[str, bytes] | None = None,
             compress: int = zipfile.ZIP_DEFLATED) -> Path:
    """A minimal .xlsx whose sheet XML is given as text (crafted files)."""
    names = list(sheets)
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
                f'xmlns:r="{_R}"><sheets>'
                + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                          for i, n in enumerate(names))
                + "</sheets></workbook>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i + 1}" Type="{_R}/worksheet" '
                      f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names)))
            + (f'<Relationship Id="rIdS" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
               if shared is not None else "")
            + "</Relationships>")
    members = {"[Content_Types].xml": _CT, "_rels/.rels": _RELS, "xl/workbook.xml": workbook,
               "xl/_rels/workbook.xml.rels": rels}
    for i, name in enumerate(names):
        members[f"xl/worksheets/sheet{i + 1}.xml"] = sheets[name]
    if shared is not None:
        members["xl/sharedStrings.xml"] = shared
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as zf:
        for name, body in {**members, **(extra or {})}.items():
            info = zipfile.ZipInfo(name, date_time=mf.FIXED_TIME.timetuple()[:6])
            info.compress_type = compress
            zf.writestr(info, body)
    path.write_bytes(buffer.getvalue())
    return path


def cases_xml(*rows: list[Any], tail: str = "", head: str = "") -> str:
    return worksheet(sheet_rows([mf.CASES_H, *rows]) + tail, head=head)


def csv_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _patch_sizes(data: bytes, name: str, declared: int) -> bytes:
    """The zip with ``name``'s uncompressed size rewritten (local and central headers)."""
    out = bytearray(data)
    raw = name.encode()
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (pos := out.find(sig, start)) >= 0:
            name_at = 30 if sig == b"PK\x03\x04" else 46
            length = int.from_bytes(out[pos + (26 if sig == b"PK\x03\x04" else 28):][:2],
                                    "little")
            if bytes(out[pos + name_at:pos + name_at + length]) == raw:
                out[pos + size_at:pos + size_at + 4] = declared.to_bytes(4, "little")
            start = pos + 4
    return bytes(out)


GOOD_CASE = ["C-001", "01/05/2025", "trafficking", "labor"]


# --- the kinds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One hostile input: how to write it, and what must come of it."""

    name: str
    make: Callable[[Path], Path]
    code: str | None = None  # the error expected (None: the file reads, see ``check``)
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    #: a check of the dataset (literal values, no error): raises AssertionError
    check: Callable[[tipreport.Dataset], None] | None = None
    load: dict = field(default_factory=dict)  # keyword arguments of load()
    cli: tuple[str, ...] = ()  # extra command-line arguments
    #: run the command line in a child process too (the kinds that once aborted or hung)
    child: bool = False

    def __str__(self) -> str:
        return self.name


KINDS: list[Kind] = []


def kind(name: str, **kw):
    def register(make: Callable[[Path], Path]):
        KINDS.append(Kind(name, make, **kw))
        return make
    return register


def table(sheet: str) -> Callable[[tipreport.Dataset], pd.DataFrame]:
    return lambda ds: ds.tables[sheet]


# dates outside pandas' range (1677–2262): once a traceback, now errors naming the cell


@kind("buddhist-year-real-date", code="date-buddhist-era", sheet="Cases", row=2, column="B")
def _(folder):
    return mf.workbook(folder / "buddhist-year-real-date.xlsx", {"Cases": [
        mf.CASES_H, ["C-001", dt.datetime(2568, 5, 1), "trafficking", "labor"]]})


@kind("buddhist-year-text", code="date-buddhist-era", sheet="Victims", row=3, column="B")
def _(folder):
    return csv_file(folder / "buddhist-year-text-victims.csv",
                    "victim_id,identified_on,sex\nV-1,01/06/2025,female\nV-2,01/06/2568,male\n")


@kind("open-ended-9999", code="date-out-of-range", sheet="Activities", row=2, column="F")
def _(folder):
    return mf.workbook(folder / "open-ended-9999.xlsx", {"Activities": [
        mf.ACT_H, mf.activity("A-1", kind_="agreement", end="31/12/9999")]})


@kind("open-ended-9999-real-date", code="date-out-of-range", sheet="Activities", row=2,
      column="F")
def _(folder):
    return mf.workbook(folder / "open-ended-9999-real-date.xlsx", {"Activities": [
        mf.ACT_H, mf.activity("A-1", kind_="agreement", end=dt.date(9999, 12, 31))]})


@kind("year-1600", code="date-out-of-range", sheet="Cases", row=3, column="B")
def _(folder):
    return csv_file(folder / "year-1600-cases.csv", "case_id,opened_on,offense,exploitation\n"
                    "C-1,2025-05-01,trafficking,sex\nC-2,1600-05-01,trafficking,sex\n")


# numbers: non-finite and absurd values are errors (a plausible maximum per column)


@kind("amounts-1e308", code="number-out-of-range", sheet="Activities", row=2, column="H")
def _(folder):
    return mf.workbook(folder / "amounts-1e308.xlsx", {"Activities": [
        mf.ACT_H, mf.activity("A-1", amount=1e308), mf.activity("A-2", amount=1e308)]})


@kind("amount-inf-text", code="number-invalid", sheet="Activities", row=2, column="H")
def _(folder):
    return csv_file(folder / "amount-inf-text-activities.csv",
                    ",".join(mf.ACT_H) + "\nA-1,prevention,training,T,01/07/2025,,40,inf,USD\n")


@kind("amount-1e999-text", code="number-invalid", sheet="Activities", row=2, column="H")
def _(folder):
    return csv_file(folder / "amount-1e999-activities.csv",
                    ",".join(mf.ACT_H) + "\nA-1,prevention,training,T,01/07/2025,,40,1e999,USD\n")


@kind("participants-nan-text", code="number-invalid", sheet="Activities", row=2, column="G")
def _(folder):
    return csv_file(folder / "participants-nan-activities.csv",
                    ",".join(mf.ACT_H) + "\nA-1,prevention,training,T,01/07/2025,,NaN,5,USD\n")


@kind("amount-inf-stored", code="number-invalid", sheet="Activities", row=2, column="H")
def _(folder):
    """A number cell holding inf (<v>inf</v>): calamine reads it as a float infinity."""
    row = ["A-1", "prevention", "training", "T", "01/07/2025", None, 40]
    tail = '<c r="H2"><v>inf</v></c><c r="I2" t="inlineStr"><is><t>USD</t></is></c>'
    body = sheet_rows([mf.ACT_H]) + '<row r="2">' + "".join(
        cell(f"{mf_letter(c)}2", v) for c, v in enumerate(row)) + tail + "</row>"
    return raw_xlsx(folder / "amount-inf-stored.xlsx", {"Activities": worksheet(body)})


@kind("prison-term-million-months", code="number-out-of-range", sheet="Defendants", row=3,
      column="G")
def _(folder):
    return mf.workbook(folder / "prison-term-million-months.xlsx", {
        "Cases": [mf.CASES_H, mf.case("C-001")],
        "Defendants": [mf.DEF_H, mf.defendant("C-001", "P-1"),
                       mf.defendant("C-001", "P-2", months=1_000_000)]})


@kind("huge-integer-text", code="number-invalid", sheet="Activities", row=2, column="G")
def _(folder):
    return csv_file(folder / "huge-integer-activities.csv", ",".join(mf.ACT_H)
                    + "\nA-1,prevention,training,T,01/07/2025,,1" + "0" * 400 + ",5,USD\n")


@kind("thousands-with-no-break-space",
      check=lambda ds: _equal(list(ds.tables["Activities"]["amount"]), [1234567.0]))
def _(folder):
    return csv_file(folder / "nbsp-activities.csv", ",".join(mf.ACT_H)
                    + "\nA-1,prevention,training,T,01/07/2025,,40,1\u00a0234\u202f567,KHR\n")


# CSV files


@kind("csv-unclosed-quote", code="csv-unclosed-quote", sheet="Cases", row=3, column="D")
def _(folder):
    return csv_file(folder / "unclosed-quote-cases.csv",
                    "case_id,opened_on,offense,exploitation\n"
                    "C-1,01/05/2025,trafficking,sex\n"
                    'C-2,02/05/2025,trafficking,"labor\n'
                    "C-3,03/05/2025,trafficking,sex\n"
                    "C-4,04/05/2025,trafficking,sex\n")


@kind("nul-byte-in-a-cell", code="text-control-character", sheet="Activities", row=102,
      column="D")
def _(folder):
    # a hundred rows first: a NUL in the first 4 KB would make the whole file "binary"
    filler = "".join(f"A-{i},prevention,training,Training {i},01/07/2025,,40,5,USD\n"
                     for i in range(1, 101))
    return csv_file(folder / "nul-activities.csv", ",".join(mf.ACT_H) + "\n" + filler
                    + "A-X,prevention,training,Bad\x00title,01/07/2025,,40,5,USD\n")


@kind("formula-as-text", check=lambda ds: _equal(
    list(ds.tables["Activities"]["title"]), ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]))
def _(folder):
    return csv_file(folder / "formula-text-activities.csv", ",".join(mf.ACT_H)
                    + "\nA-1,prevention,training,=cmd|' /C calc'!A0,01/07/2025,,40,5,USD"
                    + "\nA-2,prevention,training,@SUM(1+1)*cmd|' /C calc'!A0,01/07/2025,,40,5,USD\n")


@kind("bom-and-utf16", check=lambda ds: _equal(list(ds.tables["Cases"]["case_id"]),
                                               ["C-001", "C-002"]))
def _(folder):
    """Excel's "Unicode Text": UTF-16 with a byte-order mark, tab-separated."""
    return csv_file(folder / "utf16-cases.csv", "case_id\topened_on\toffense\texploitation\n"
                    "C-001\t01/05/2025\ttrafficking\tsex\nC-002\t02/05/2025\ttrafficking\tsex\n",
                    encoding="utf-16")


@kind("text-40000-characters", check=lambda ds: _equal(
    [len(t) for t in ds.tables["Narrative"]["text"]], [40_000]))
def _(folder):
    return csv_file(folder / "long-narrative.csv",
                    'section,order,text\nintroduction,1,"' + "ស" * 40_000 + '"\n')


@kind("text-over-the-cell-limit", code="cell-too-long", sheet="Narrative", row=3, column="C")
def _(folder):
    return csv_file(folder / "too-long-narrative.csv",
                    "section,order,text\nintroduction,1,Short.\nprofile,2,"
                    + "word " * 60_000 + "\n")


@kind("inline-string-over-the-cell-limit", code="cell-too-long", sheet="Narrative", row=2,
      column="C", load={"limits": {"cell_length": 1000}}, cli=("--max", "cell_length=1000"))
def _(folder):
    rows = [["section", "order", "text"], ["introduction", 1, "x" * 5000]]
    return raw_xlsx(folder / "long-inline.xlsx", {"Narrative": worksheet(sheet_rows(rows))})


# identifiers with invisible characters


@kind("ids-with-invisible-characters", check=lambda ds: (
    _equal(len(ds.tables["Defendants"]), 3),
    _equal([i.code for i in ds.report.issues], [])))
def _(folder):
    return mf.workbook(folder / "ids-invisible.xlsx", {
        "Cases": [mf.CASES_H, mf.case("C-001"), mf.case("C-002")],
        "Defendants": [mf.DEF_H,
                       mf.defendant("\u200bC-001", "P-1"),  # zero-width space
                       mf.defendant("\ufeffc-001", "P-2"),  # byte-order mark, lower case
                       mf.defendant("C\u00ad-002", "P-1")]})  # soft hyphen


@kind("duplicate-ids-behind-invisible-characters", code="id-duplicate", sheet="Cases", row=2,
      column="A")
def _(folder):
    return mf.workbook(folder / "dup-invisible.xlsx", {"Cases": [
        mf.CASES_H, mf.case("C-001"), mf.case("C\u2060-001\u00a0")]})


@kind("date-with-zero-width-space", check=lambda ds: _equal(
    list(ds.tables["Cases"]["opened_on"]), [pd.Timestamp("2025-05-01")]))
def _(folder):
    return csv_file(folder / "zwsp-date-cases.csv",
                    "case_id,opened_on,offense,exploitation\nC-1,\u200b01/05/2025\ufeff,"
                    "trafficking,sex\n")


# the Submission settings, validated like data


def _submission(folder: Path, name: str, **pairs: Any) -> Path:
    return mf.workbook(folder / f"{name}.xlsx", {
        "Submission": [["key", "value"], *[[k, v] for k, v in pairs.items()]],
        "Cases": [mf.CASES_H, mf.case("C-001")]})


@kind("language-english", check=lambda ds: _equal(ds.submission["language"], "en"))
def _(folder):
    return _submission(folder, "language-english", language="English")


@kind("language-khmer-in-khmer", check=lambda ds: _equal(ds.submission["language"], "km"))
def _(folder):
    return _submission(folder, "language-khmer", language="ខ្មែរ")


@kind("language-unknown", code="language-unknown", sheet="Submission", row=2, column="B")
def _(folder):
    return _submission(folder, "language-unknown", language="Klingon")


@kind("contact-email-invalid", code="email-invalid", sheet="Submission", row=2, column="B")
def _(folder):
    return _submission(folder, "contact-email-invalid", contact_email="the minister")


@kind("country-unknown-in-submission", code="country-unknown", sheet="Submission", row=2,
      column="B")
def _(folder):
    return _submission(folder, "country-unknown", country="Atlantis")


@kind("currency-unknown-in-submission", code="currency-unknown", sheet="Submission", row=2,
      column="B")
def _(folder):
    return _submission(folder, "currency-unknown", currency="Bitcoins")


@kind("report-year-buddhist", code="year-out-of-range", sheet="Submission", row=2, column="B")
def _(folder):
    return _submission(folder, "report-year-buddhist", report_year=2569)


@kind("submission-date-9999", code="date-out-of-range", sheet="Submission", row=2, column="B")
def _(folder):
    return _submission(folder, "submission-date-9999", submitted_on="31/12/9999")


@kind("submission-value-over-the-cell-limit", code="cell-too-long", sheet="Submission", row=3,
      column="B", load={"limits": {"cell_length": 500}}, cli=("--max", "cell_length=500"))
def _(folder):
    return mf.workbook(folder / "long-setting.xlsx", {
        "Submission": [["key", "value"], ["country", "Cambodia"],
                       ["government_body", "National Committee " * 100]],
        "Cases": [mf.CASES_H, mf.case("C-001")]})


# the files themselves


@kind("fifo", code="file-not-regular", child=True)
def _(folder):
    path = folder / "fifo-cases.csv"
    os.mkfifo(path)
    return path


@kind("device", code="file-not-regular")
def _(folder):
    path = folder / "zero-cases.csv"
    path.symlink_to("/dev/zero")
    return path


@kind("folder-named-like-a-workbook", code="file-not-regular")
def _(folder):
    path = folder / "cases.xlsx"
    path.mkdir()
    (path / "notes.txt").write_text("not an intake file")
    return path


@kind("symlink-loop", code="file-unreadable")
def _(folder):
    path = folder / "loop.xlsx"
    path.symlink_to(path)
    return path


@kind("file-over-the-size-limit", code="file-too-large",
      load={"limits": {"file_size": 1000}}, cli=("--max", "file_size=1000"))
def _(folder):
    return csv_file(folder / "big-cases.csv", "case_id,opened_on,offense,exploitation\n"
                    + "C-1,01/05/2025,trafficking,sex\n" * 100)


@kind("rows-over-the-limit", code="sheet-too-large", sheet="Cases",
      load={"limits": {"rows": 10}}, cli=("--max", "rows=10"))
def _(folder):
    return mf.workbook(folder / "many-rows.xlsx", {"Cases": [
        mf.CASES_H, *[mf.case(f"C-{i}") for i in range(30)]]})


@kind("columns-over-the-limit-csv", code="sheet-too-large",
      load={"limits": {"columns": 50}}, cli=("--max", "columns=50"))
def _(folder):
    return csv_file(folder / "wide-cases.csv", "case_id,opened_on,offense,exploitation"
                    + ",x" * 100 + "\nC-1,01/05/2025,trafficking,sex\n")


# crafted workbooks: once an abort inside the reader, now refused before it


@kind("one-cell-at-XFD1048576", code="sheet-too-large", sheet="Cases", child=True)
def _(folder):
    return raw_xlsx(folder / "far-cell.xlsx", {"Cases": cases_xml(
        GOOD_CASE, tail='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')})


@kind("far-cell-lower-case-and-zeros", code="sheet-too-large", sheet="Cases", child=True)
def _(folder):
    return raw_xlsx(folder / "far-cell-odd.xlsx", {"Cases": cases_xml(
        GOOD_CASE, tail='<row r="900000"><c r="xfd0000900000"><v>1</v></c></row>')})


@kind("far-cell-single-quotes", code="sheet-too-large", sheet="Cases", child=True)
def _(folder):
    return raw_xlsx(folder / "far-cell-quotes.xlsx", {"Cases": cases_xml(
        GOOD_CASE, tail="<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>")})


@kind("cells-placed-by-position", code="sheet-too-large", sheet="Cases", child=True)
def _(folder):
    """No references: 3,000 rows by position, then one row of 20,000 cells by position."""
    rows = "<row></row>" * 3000 + "<row>" + "<c><v>1</v></c>" * 20_000 + "</row>"
    return raw_xlsx(folder / "positional.xlsx", {"Cases": cases_xml(GOOD_CASE, tail=rows)})


@kind("prefixed-cells-by-position", code="sheet-too-large", sheet="Cases", child=True)
def _(folder):
    rows = "<x:row></x:row>" * 3000 + "<x:row>" + "<x:c><x:v>1</x:v></x:c>" * 20_000 \
        + "</x:row>"
    header = "".join(f'<x:c r="{mf_letter(i)}1" t="inlineStr"><x:is><x:t>{h}</x:t></x:is></x:c>'
                     for i, h in enumerate(mf.CASES_H))
    body = f'<x:row r="1">{header}</x:row>{rows}'
    return raw_xlsx(folder / "prefixed.xlsx", {"Cases": worksheet(body, prefix="x")})


@kind("prefixed-workbook-reads", check=lambda ds: _equal(
    list(ds.tables["Cases"]["case_id"]), ["C-001"]))
def _(folder):
    def c(ref, v):
        return f'<x:c r="{ref}" t="inlineStr"><x:is><x:t>{v}</x:t></x:is></x:c>'
    header = "".join(c(f"{mf_letter(i)}1", h) for i, h in enumerate(mf.CASES_H))
    data = "".join(c(f"{mf_letter(i)}2", v) for i, v in enumerate(GOOD_CASE))
    body = f'<x:row r="1">{header}</x:row><x:row r="2">{data}</x:row>'
    return raw_xlsx(folder / "prefixed-ok.xlsx", {"Cases": worksheet(body, prefix="x")})


@kind("shared-strings-declared-4-billion", code="file-corrupt", child=True)
def _(folder):
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="4000000000" '
              'uniqueCount="4000000000"><si><t>case_id</t></si></sst>')
    return raw_xlsx(folder / "huge-sst.xlsx", {"Cases": cases_xml(GOOD_CASE)}, shared=shared)


@kind("declared-dimension-huge-but-small", check=lambda ds: _equal(
    list(ds.tables["Cases"]["case_id"]), ["C-001"]))
def _(folder):
    return raw_xlsx(folder / "big-dimension.xlsx", {"Cases": cases_xml(
        GOOD_CASE, head='<dimension ref="A1:XFD1048576"/>')})


@kind("styled-empty-cell-far-away", check=lambda ds: _equal(
    list(ds.tables["Cases"]["case_id"]), ["C-001"]))
def _(folder):
    return raw_xlsx(folder / "styled-far.xlsx", {"Cases": cases_xml(
        GOOD_CASE, tail='<row r="1048576"><c r="AZ1048576" s="1"/></row>')})


@kind("zip-bomb-sheet", code="file-too-large", child=True,
      load={"limits": {"uncompressed_size": 20_000_000}},
      cli=("--max", "uncompressed_size=20MB"))
def _(folder):
    return raw_xlsx(folder / "bomb.xlsx", {"Cases": cases_xml(
        GOOD_CASE, tail=" " * 60_000_000)})


@kind("member-larger-than-declared", code="file-corrupt", child=True)
def _(folder):
    path = raw_xlsx(folder / "lying-sizes.xlsx", {"Cases": cases_xml(
        GOOD_CASE, tail=" " * 5_000_000)})
    return write(path, _patch_sizes(path.read_bytes(), "xl/worksheets/sheet1.xml", 1000))


@kind("deeply-nested-xml", child=True, check=lambda ds: _equal(
    list(ds.tables["Cases"]["exploitation"]), ["labor", "sex"]))
def _(folder):
    nested = "<r>" * 200_000 + "<t>sex</t>" + "</r>" * 200_000
    row = "".join(cell(f"{mf_letter(i)}3", v) for i, v in enumerate(["C-002", *GOOD_CASE[1:3]]))
    tail = f'<row r="3">{row}<c r="D3" t="inlineStr"><is>{nested}</is></c></row>'
    return raw_xlsx(folder / "nested.xlsx", {"Cases": cases_xml(GOOD_CASE, tail=tail)})


@kind("formula-scan-150k-unclosed-cells", code="file-corrupt", child=True)
def _(folder):
    tail = '<row r="3">' + '<c r="B3"><f>1+1</f>' * 150_000 + "</row>"
    return raw_xlsx(folder / "unclosed-cells.xlsx", {"Cases": cases_xml(GOOD_CASE, tail=tail)})


@kind("duplicate-part-names", code="file-corrupt")
def _(folder):
    path = raw_xlsx(folder / "dup-parts.xlsx", {"Cases": cases_xml(GOOD_CASE)},
                    extra={"XL/WORKSHEETS/SHEET1.XML": cases_xml(
                        GOOD_CASE, tail='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')})
    return path


@kind("bzip2-packed-part", code="file-corrupt")
def _(folder):
    return raw_xlsx(folder / "bzip2.xlsx", {"Cases": cases_xml(GOOD_CASE)},
                    compress=zipfile.ZIP_BZIP2)


@kind("ods-repeated-rows-and-columns", code="sheet-too-large", sheet="Cases", child=True)
def _(folder):
    path = mf.write_ods(folder / "repeated.ods", {"Cases": [mf.CASES_H, GOOD_CASE]})
    bomb = ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
            'table:number-columns-repeated="16000" office:value-type="float" office:value="1">'
            "<text:p>1</text:p></table:table-cell></table:table-row></table:table>")

    def edit(body: bytes) -> bytes:
        return body.replace(b"</table:table>", bomb.encode(), 1)

    return write(path, mf._frozen_zip(path.read_bytes(), {"content.xml": edit}))


def _equal(got: Any, expected: Any) -> None:
    assert got == expected, (got, expected)


# --- the tests --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for k in KINDS:
        sub = folder / k.name
        sub.mkdir()
        files[k.name] = k.make(sub)
    return files


def test_the_corpus_is_large_and_every_code_is_documented():
    assert len(KINDS) >= 40
    assert len({k.name for k in KINDS}) == len(KINDS)
    assert {k.code for k in KINDS if k.code} <= set(ISSUE_CODES)


@pytest.mark.parametrize("k", KINDS, ids=str)
def test_each_kind_ends_in_a_located_error_or_the_literal_value(k: Kind, hostile):
    path = hostile[k.name]
    dataset = tipreport.load(path, submitted_on=SUBMITTED_ON, **k.load)
    issues = dataset.report.issues
    assert {i.code for i in issues} <= set(ISSUE_CODES), issues
    if k.code is None:
        assert not dataset.report.errors, issues
        assert k.check is not None
        k.check(dataset)
        return
    found = [i for i in issues if i.code == k.code]
    assert found, issues
    issue = found[0]
    assert issue.severity == "error"
    assert issue.file == str(path)
    assert issue.sheet == k.sheet, issue
    assert issue.row == k.row, issue
    assert issue.column == k.column, issue
    assert issue.message
    if k.check is not None:
        k.check(dataset)


def _run_cli(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("k", KINDS, ids=str)
def test_the_command_line_answers_without_a_traceback(k: Kind, hostile):
    path = str(hostile[k.name])
    code, out, err = _run_cli(["check", path, "--date", SUBMITTED_ON.isoformat(), *k.cli])
    assert "Traceback" not in out + err
    # 1: data errors; 2: no file could be read at all
    assert code in ((0,) if k.code is None else (1, 2)), err
    code, out, err = _run_cli(["check", path, "--format", "json", "--date",
                               SUBMITTED_ON.isoformat(), *k.cli])
    data = json.loads(out)
    if k.code is not None:
        (issue,) = [i for i in data["issues"] if i["code"] == k.code][:1]
        assert (issue["sheet"], issue["row"], issue["column"]) == (k.sheet, k.row, k.column)


CHILD = [k for k in KINDS if k.child]


@pytest.mark.parametrize("k", CHILD, ids=str)
def test_no_abort_or_hang_in_a_child_process(k: Kind, hostile):
    """The kinds that once aborted the process inside the reader, or blocked it forever."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tipreport", "check", str(hostile[k.name]), "--format", "json",
         "--date", SUBMITTED_ON.isoformat(), *k.cli],
        capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode in ((0,) if k.code is None else (1, 2)), done.stderr
    assert "Traceback" not in done.stderr and "memory allocation" not in done.stderr
    codes = {i["code"] for i in json.loads(done.stdout)["issues"]}
    assert k.code is None or k.code in codes


def test_figures_of_absurd_amounts_stay_finite(hostile):
    code, out, err = _run_cli(["figures", str(hostile["amounts-1e308"]), "--format", "json",
                               "--date", SUBMITTED_ON.isoformat()])
    assert code == 1 and "Traceback" not in err
    assert "Infinity" not in out and "NaN" not in out
    json.loads(out)


def test_the_unclosed_quote_keeps_the_rows_before_it_and_names_the_lines(hostile):
    dataset = tipreport.load(hostile["csv-unclosed-quote"], submitted_on=SUBMITTED_ON)
    assert list(dataset.tables["Cases"]["case_id"]) == ["C-1"]
    (issue,) = dataset.report.errors
    assert "line 3" in issue.message and "5" in issue.message
    (entry,) = dataset.report.ledger
    assert (entry.read, entry.accepted, entry.rejected) == (2, 1, 1)


def test_a_cell_over_the_limit_is_not_kept(hostile):
    dataset = tipreport.load(hostile["text-over-the-cell-limit"], submitted_on=SUBMITTED_ON)
    assert list(dataset.tables["Narrative"]["text"]) == ["Short."]
    assert all(not text or len(text) < 1000 for text in dataset.rejected["Narrative"]["text"])


def test_an_unreadable_file_leaves_the_others_read(hostile, intake_files):
    clean = intake_files["clean"][0]
    dataset = tipreport.load(hostile["one-cell-at-XFD1048576"], clean,
                             submitted_on=SUBMITTED_ON)
    assert sum(e.read for e in dataset.report.ledger) == 10
    assert [i.code for i in dataset.report.issues] == ["sheet-too-large"]


# --- settings given as options --------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return tipreport.load(tipreport.sample_data(), submitted_on="2026-01-30")


@pytest.mark.parametrize("given, code", [("English", "en"), ("km", "km"), ("Khmer", "km"),
                                         ("ខ្មែរ", "km"), ("EN", "en"), ("en-GB", "en"),
                                         ("français", "fr")])
def test_language_option_takes_codes_and_names(sample, given, code):
    figures = tipreport.compute(sample, language=given)
    assert figures.submission["language"] == code


@pytest.mark.parametrize("key, value", [("language", "Klingon"), ("contact_email", "nobody"),
                                        ("currency", "XYZ"), ("country", "Atlantis"),
                                        ("deadline", "31/12/9999"), ("usd_rate", "inf"),
                                        ("usd_rate", 0), ("government_body", "Ministry\x00")])
def test_a_wrong_option_is_a_usage_error_in_plain_words(sample, key, value):
    with pytest.raises(tipreport.UsageError) as caught:
        tipreport.compute(sample, **{key: value})
    assert str(caught.value).startswith(f"{key}: ")


def test_wrong_options_on_the_command_line_exit_2_without_a_traceback(hostile):
    path = str(hostile["language-english"])
    for args in (["figures", path, "--contact-email", "not an address"],
                 ["figures", path, "--currency", "Bitcoins"],
                 ["figures", path, "--country", "Atlantis"],
                 ["check", path, "--date", "9999-12-31"],
                 ["check", path, "--max", "rows=many"],
                 ["check", path, "--max", "speed=3"]):
        code, out, err = _run_cli(args)
        assert code == 2, (args, err)
        assert "Traceback" not in out + err, (args, err)
        assert err.splitlines()[-1].startswith("tipreport: "), (args, err)


def test_limits_object():
    limits = tipreport.Limits.coerce(["rows=3,000,000", "file_size=2GB",
                                      "uncompressed_size=1GiB"])
    assert (limits.rows, limits.file_size, limits.uncompressed_size) == (
        3_000_000, 2_000_000_000, 2**30)
    assert tipreport.Limits.coerce({"cells": 5}).cells == 5
    assert tipreport.Limits.coerce(None) == tipreport.Limits()
    assert tipreport.Limits().rows >= 300_000
    with pytest.raises(tipreport.UsageError):
        tipreport.Limits(rows=0)
    with pytest.raises(tipreport.UsageError):
        tipreport.Limits.coerce({"speed": 1})


def test_limits_are_documented():
    text = (ROOT / "docs" / "intake.md").read_text(encoding="utf-8")
    for name in tipreport.Limits.names():
        assert f"`{name}`" in text
    assert "--max" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_id_key_removes_invisible_characters():
    from tipreport.coerce import id_key

    keys = id_key(pd.Series(["BX-001", " bx-001 ", "\u200bBX-001", "\ufeffBX-001",
                             "BX\u00ad-001", "ＢＸ-００１", None, "", "BX 001", "BX\u00a0001"]))
    assert list(keys[:6]) == ["bx-001"] * 6
    assert keys[6] is None and keys[7] is None
    assert keys[8] == keys[9] == "bx 001"


# --- fuzz -----------------------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: small limits, so that a mutation placing a cell far away is refused cheaply
FUZZ_LIMITS = {"cells": 200_000, "rows": 50_000, "columns": 2_000, "cell_length": 10_000,
               "uncompressed_size": 20_000_000}
FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _only_data_or_located_issues(path: Path) -> None:
    dataset = tipreport.load(path, submitted_on=SUBMITTED_ON, limits=FUZZ_LIMITS)
    for issue in dataset.report.issues:
        assert issue.code in ISSUE_CODES, issue
        assert issue.file == str(path)
        if issue.row is not None:
            assert issue.sheet is not None
    for entry in dataset.report.ledger:
        assert entry.read == entry.accepted + entry.rejected


@functools.cache
def _seed_workbook() -> bytes:
    folder = Path(tempfile.mkdtemp(prefix="tipreport-seed-"))
    path = mf.workbook(folder / "seed.xlsx", {
        "Cases": [mf.CASES_H, mf.case("C-001"), mf.case("C-002", opened="3/4/2025")],
        "Activities": [mf.ACT_H, mf.activity("A-1")],
        "Submission": [["key", "value"], ["language", "km"], ["report_year", 2026]]})
    return path.read_bytes()


_XML_TOKENS = [b'r="', b"<c ", b"<c>", b"</c>", b"<row>", b"</row>", b"<v>", b"</v>", b"<f>",
               b't="e"', b't="s"', b'r="XFD1048576"', b'r="A1048576"', b"9999999",
               b"<x:c>", b"\x00", b"&amp;", b"<![CDATA[", b'uniqueCount="99999999"', b"'"]


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_workbooks(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-xlsx")
    seed = zipfile.ZipFile(io.BytesIO(_seed_workbook()))
    members = {i.filename: seed.read(i.filename) for i in seed.infolist()}
    targets = sorted(n for n in members if n.endswith(".xml"))
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        name = data.draw(st.sampled_from(targets), label="member")
        body = members[name]
        at = data.draw(st.integers(0, len(body)), label="at")
        cut = data.draw(st.integers(0, 40), label="cut")
        insert = data.draw(st.one_of(st.sampled_from(_XML_TOKENS), st.binary(max_size=12)),
                           label="insert")
        members[name] = body[:at] + insert + body[at + cut:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    path = write(folder / "mutated.xlsx", buffer.getvalue())
    _only_data_or_located_issues(path)


@FUZZ
@given(blob=st.binary(max_size=3000), flips=st.lists(st.integers(0, 10**6), max_size=6),
       suffix=st.sampled_from([".xlsx", ".ods", ".xlsm", ".csv"]))
def test_fuzz_random_and_flipped_bytes(blob, flips, suffix, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-bytes")
    if suffix == ".csv" or not flips:
        data = blob
    else:  # a real workbook with a few bytes changed
        data = bytearray(_seed_workbook())
        for f in flips:
            data[f % len(data)] ^= 0x5A
        data = bytes(data)
    _only_data_or_located_issues(write(folder / f"fuzz-cases{suffix}", data))


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list('ab,;"\n\r\t 01/2-5e.\u200b\x00é')),
                    max_size=400))
def test_fuzz_csv_text(text, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-csv")
    header = "case_id,opened_on,offense,exploitation\n"
    _only_data_or_located_issues(csv_file(folder / "fuzz-cases.csv", header + text))


@pytest.mark.parametrize("how", ["shared", "inline", "str", "formula"])
def test_a_long_text_is_found_wherever_the_workbook_keeps_it(tmp_path, how):
    """Shared strings, inline strings, t="str" values and formula results: all are bounded."""
    long = "y" * 3000
    header = sheet_rows([["section", "order", "text"]])
    shared = None
    if how == "shared":
        shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="1" '
                  f'uniqueCount="1"><si><t>{long}</t></si></sst>')
        text = '<c r="C2" t="s"><v>0</v></c>'
    elif how == "inline":
        text = f'<c r="C2" t="inlineStr"><is><t>{long}</t></is></c>'
    elif how == "str":
        text = f'<c r="C2" t="str"><v>{long}</v></c>'
    else:
        text = f'<c r="C2" t="str"><f>REPT("y",3000)</f><v>{long}</v></c>'
    row = (f'<row r="2">{cell("A2", "introduction")}{cell("B2", 1)}{text}</row>')
    path = raw_xlsx(tmp_path / f"long-{how}.xlsx", {"Narrative": worksheet(header + row)},
                    shared=shared)
    dataset = tipreport.load(path, submitted_on=SUBMITTED_ON, limits={"cell_length": 1000})
    (issue,) = dataset.report.issues
    assert (issue.code, issue.row, issue.column) == ("cell-too-long", 2, "C")
