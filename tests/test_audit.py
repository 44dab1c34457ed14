"""The audit workbook: every figure is a filter on one sheet, and the workbook says which.

Each data set is loaded and computed, its audit workbook written and read back as Excel would
show it (python-calamine); then, for every figure of ``figures.keys()`` and each window, the
index's filter is applied to its sheet's rows as a clerk would with AutoFilter, and the rows
kept (or the sum of the column named) must give the figure's value: 100% reconciliation.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import datasets
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from office import calc_convert
from python_calamine import CalamineWorkbook

import tipreport
from tipreport.audit import audit_workbook
from tipreport.cli import main
from tipreport.figures.counting import Counter
from tipreport.figures.keys import walk
from tipreport.figures.model import WINDOWS, num
from tipreport.views import HEADLINE_ROWS

D = dt.date
_CONDITION = re.compile(r"^(?P<column>\S+) (?P<op>[=≠]) (?P<values>.*)$")


# --- reading the workbook back, and applying a filter as a clerk would ------------------------


def read_back(data: bytes) -> dict[str, list[dict]]:
    """Sheet → its rows as dicts (header → cell); numbered parts of a split sheet joined."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out: dict[str, list[dict]] = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == "About":
            out[name] = [{"text": r[0]} for r in rows]
            continue
        header = rows[0]
        out[name] = [dict(zip(header, r)) for r in rows[1:]]
    return out


def blank(cell) -> bool:
    return cell is None or cell == ""


def parse(text: str) -> list[dict]:
    """The index's conditions, one a line: ``column = a | b``, ``column ≠ (blank)``."""
    out = []
    for line in (text or "").splitlines():
        m = _CONDITION.match(line)
        assert m, f"not a condition: {line!r}"
        values = [None if v == "(blank)" else v for v in m["values"].split(" | ")]
        out.append({"column": m["column"], "values": values, "negate": m["op"] == "≠"})
    return out


def keeps(condition: dict, row: dict) -> bool:
    cell = row[condition["column"]]
    hit = any(blank(cell) if v is None else (not blank(cell) and _text(cell) == v)
              for v in condition["values"])
    return hit != condition["negate"]


def _text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def apply(entry: dict, sheets: dict[str, list[dict]]) -> tuple[int, float]:
    """The rows the index entry's filter keeps on its sheet (every part of a split sheet):
    how many, and the sum of the column it names (0 when it names none)."""
    conditions = [*parse(entry["window filter"]), *parse(entry["conditions"]),
                  *parse(entry["breakdown"])]
    count, total = 0, 0.0
    for part in entry["sheet"].split(" + "):
        for row in sheets[part]:
            if all(keeps(c, row) for c in conditions):
                count += 1
                if entry["sum of"]:
                    cell = row[entry["sum of"]]
                    total += 0.0 if blank(cell) else float(cell)
    return count, total


def reconcile(figures, data: bytes) -> int:
    """Every figure of ``figures`` (and of its calendar year) in every window, against its rows
    in the workbook. Returns the number of (figure, window) checked."""
    sheets = read_back(data)
    index = {(e["key"], e["window"]): e for e in sheets["Index"]}
    checked = 0
    items = walk(figures)
    if figures.calendar is not None:
        items += [(("calendar", *path), f) for path, f in walk(figures.calendar)]
    for path, figure in items:
        key = ".".join(path)
        for window in WINDOWS:
            entry = index.pop((key, window))
            value = num(getattr(figure, window))
            assert entry["value"] == pytest.approx(value), (key, window)
            assert entry["sheet"], f"{key}: no filter"
            count, total = apply(entry, sheets)
            got = total if entry["sum of"] else count
            assert got == pytest.approx(value, rel=1e-9, abs=1e-6), (
                f"{key} ({window}): the filter keeps {got}, the figure is {value}\n"
                f"{entry['window filter']}\n{entry['conditions']}\n{entry['breakdown']}")
            assert entry["rows"] == count, (key, window)
            # the machine-readable filter is the same filter
            spec = json.loads(entry["filter (machine-readable)"])
            readable = [*parse(entry["window filter"]), *parse(entry["conditions"]),
                        *parse(entry["breakdown"])]
            written = [*spec["windows"].values(), *spec["conditions"], *spec["breakdown"]]
            assert [(c["column"], c["negate"]) for c in readable] == [
                (c["column"], c.get("negate", False)) for c in written]
            checked += 1
    assert not index, f"index entries of no figure: {sorted(index)[:5]}"
    return checked


def computed(files, **options):
    dataset = tipreport.load(files)
    return dataset, tipreport.compute(dataset, **options)


# --- 100% reconciliation ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(sample_submission):
    return sample_submission, sample_submission.to_audit()


def test_sample_reconciles_every_figure(sample):
    submission, data = sample
    keys = submission.figures.keys()
    assert reconcile(submission.figures, data) == 3 * len(keys) > 1000


AWKWARD = datasets.AWKWARD


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_data_sets_reconcile(tmp_path, name):
    files = datasets.make(tmp_path / name, **AWKWARD[name])
    dataset, figures = computed(files)
    assert reconcile(figures, audit_workbook(figures, dataset)) == 3 * len(figures.keys())


def test_settings_that_add_figures_reconcile(tmp_path):
    """A statutory minimum adds ``below_minimum``; no country leaves the origin unknown."""
    files = datasets.make(tmp_path / "min", seed=3, cases=40)
    dataset, figures = computed(files, minimum_sentence_months=84, usd_rate=4100)
    assert figures.prosecution["sentences"]["below_minimum"] is not None
    reconcile(figures, audit_workbook(figures, dataset))


def test_calendar_year_figures_reconcile_on_their_own_window_columns(tmp_path):
    files = datasets.make(tmp_path / "cal", cases=30)
    dataset, figures = computed(files, calendar_year=2025)
    data = audit_workbook(figures, dataset)
    checked = reconcile(figures, data)
    assert checked == 3 * (len(figures.keys()) + len(figures.calendar.keys()))
    sheets = read_back(data)
    entry = next(e for e in sheets["Index"] if e["key"] == "calendar.prosecution.investigations"
                 and e["window"] == "current")
    assert entry["window filter"] == "calendar_opened_on_window = current"
    assert entry["dates"] == "2025-01-01 – 2025-12-31"
    assert "calendar year 2025" in entry["label"]
    assert {"calendar_continued_into_current", "continued_into_current"} <= set(
        sheets["Activities"][0])


def test_a_sheet_longer_than_allowed_is_split_and_still_reconciles(tmp_path):
    files = datasets.make(tmp_path / "split", cases=60)
    dataset, figures = computed(files)
    data = audit_workbook(figures, dataset, rows_per_sheet=25)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    victims = [n for n in book.sheet_names if n.startswith("Victims")]
    assert len(victims) > 2 and "Victims" not in victims
    sheets = read_back(data)
    assert all(len(sheets[n]) <= 25 for n in victims)
    assert sum(len(sheets[n]) for n in victims) == len(figures.tables["Victims"])
    entry = next(e for e in sheets["Index"] if e["key"] == "protection.victims_identified")
    assert entry["sheet"] == " + ".join(victims)
    assert any("split" in line["text"] for line in sheets["About"] if line["text"])
    reconcile(figures, data)


def test_windows_partition_time_like_the_period_ledger(sample):
    submission, data = sample
    sheets = read_back(data)
    for entry in submission.figures.ledger:
        cells = [r[f"{entry['column']}_window"] for r in sheets[entry["sheet"]]]
        count = {v: sum(1 for c in cells if c == v) for v in set(cells)}
        assert count.get("current", 0) == entry["current"]
        assert count.get("previous", 0) + count.get("previous rest", 0) == entry["previous"]
        assert count.get("after data through", 0) == entry["after_data_through"]
        assert count.get("after submission", 0) == entry["after_submission"]
        assert count.get("outside", 0) == entry["outside"]
        assert count.get("", 0) == entry["undated"]


def test_the_index_lists_every_figure_with_labels(sample):
    submission, data = sample
    index = read_back(data)["Index"]
    keys = submission.figures.keys()
    assert [e["key"] for e in index[::3]] == keys
    labels = {e["key"]: e["label"] for e in index}
    for key, text in HEADLINE_ROWS:
        assert labels[key] == text
        assert all(e["in summary"] == "yes" for e in index if e["key"] == key)
    assert labels["prosecution.convictions.by_exploitation.labor"].startswith(
        "Traffickers convicted under the trafficking law — form: Labor trafficking")
    assert "Viet Nam" in labels["protection.victims_identified.by_nationality.VN"]
    entry = next(e for e in index if e["key"] == "prosecution.convictions"
                 and e["window"] == "previous_full")
    assert entry["window filter"] == "verdict_on_window = previous | previous rest"
    assert entry["conditions"].splitlines() == ["case_offense = trafficking",
                                                "verdict = convicted",
                                                "conviction_law = (blank)"]
    entry = next(e for e in index if e["key"] == "prevention.continued"
                 and e["window"] == "current")
    assert entry["window filter"] == "continued_into_current = yes"
    entry = next(e for e in index if e["key"] == "prosecution.sentences.fines_amount")
    assert entry["sum of"] == "fine"


def test_each_sheet_holds_the_accepted_rows_with_their_locator(sample):
    submission, data = sample
    sheets = read_back(data)
    figures = submission.figures
    for name in ("Cases", "Defendants", "Victims", "Activities", "Recommendations",
                 "Narrative"):
        frame = figures.tables[name]
        rows = sheets[name]
        assert len(rows) == len(frame)
        assert [r["row"] for r in rows] == frame["_row"].tolist()
        assert {r["file"] for r in rows} == {Path(f).name for f in frame["_file"]}
    assert [r["case_id"] for r in sheets["Cases"]] == figures.tables["Cases"]["case_id"].tolist()
    defendants = sheets["Defendants"][0]
    for column in ("case_opened_on_window", "case_offense", "charged_on_window",
                   "verdict_on_window", "sentence_band", "case_tip_form"):
        assert column in defendants
    activity = sheets["Activities"][0]
    assert {"start_on_window", "continued_into_current", "continued_into_previous"} <= set(
        activity)
    victim = sheets["Victims"][0]
    assert {"service_medical", "sheltered", "origin", "shelter_type"} <= set(victim)
    assert isinstance(victim["identified_on"], dt.date)  # a date, shown as one


def test_rejected_rows_have_their_codes_and_messages(tmp_path):
    files = datasets.make(tmp_path / "bad", cases=12)
    book = openpyxl.load_workbook(files[0])
    cases = book["Cases"]
    cases.append(["C-9999", "31/02/2025", "trafficking", "labor"])  # no such day
    cases.append(["C-0001", "2025-06-01", "trafficking", "sex"])  # the id is taken
    book.save(files[0])
    broken = tmp_path / "bad" / "broken.xlsx"
    broken.write_bytes(b"not a workbook at all")
    dataset, figures = computed([*files, broken])
    assert dataset.report.errors
    data = audit_workbook(figures, dataset)
    rejected = read_back(data)["Rejected"]
    unreadable = [r for r in rejected if r["file"] == "broken.xlsx"]
    assert len(unreadable) == 1 and unreadable[0]["row"] == "" and unreadable[0]["codes"]
    assert unreadable[0]["messages"].startswith(unreadable[0]["codes"] + ": ")
    by_row = {(r["intake_sheet"], int(r["row"])): r for r in rejected if r["row"] != ""}
    frame = dataset.rejected["Cases"]
    assert {("Cases", int(r)) for r in frame["_row"]} <= set(by_row)
    impossible = by_row[("Cases", cases.max_row - 1)]
    assert impossible["file"] == files[0].name and impossible["sheet"] == "Cases"
    assert "date" in impossible["codes"] and "C-9999" in impossible["ids"]
    assert impossible["messages"].startswith(impossible["codes"].split(", ")[0] + ": ")
    duplicate = by_row[("Cases", cases.max_row)]
    assert "duplicate" in duplicate["codes"]
    # without the dataset (figures alone), the same rows with their codes
    alone = read_back(audit_workbook(figures))["Rejected"]
    assert sorted((r["file"], r["row"], r["codes"]) for r in alone) == sorted(
        (r["file"], r["row"], r["codes"]) for r in rejected)
    # the rejected rows are in no figure, and the accepted ones still reconcile
    reconcile(figures, data)


# --- what is written, and how ---------------------------------------------------------------------

#: XlsxWriter itself would write this unescaped, as rich text: a formula smuggled into the sheet
RICH = ('<r><t>x</t></r></is></c><c r="Z9"><f>HYPERLINK("http://example.org","y")</f></c>'
        '<c r="Z8" t="inlineStr"><is><r><t>y</t></r>')
FORMULAS = ['=HYPERLINK("http://example.org/x","click")', "+1", "-2", "@x", "=1+1", RICH]


def hostile_files(tmp_path) -> list[Path]:
    files = datasets.make(tmp_path / "hostile", cases=8)
    book = openpyxl.load_workbook(files[2])  # activities.xlsx
    sheet = book["Activities"]
    header = [c.value for c in sheet[1]]
    for i, text in enumerate(FORMULAS, start=2):
        for column in ("title", "result"):
            cell = sheet.cell(i, header.index(column) + 1)
            cell.value = text
            cell.data_type = "s"  # text, as a clerk typed it
    for i in range(2, 6):  # the same text in several rows: a shared string
        sheet.cell(i, header.index("partners") + 1).value = RICH
        sheet.cell(i, header.index("partners") + 1).data_type = "s"
    book.save(files[2])
    return files


def test_formula_looking_text_stays_text(tmp_path):
    files = hostile_files(tmp_path)
    dataset, figures = computed(files)
    data = audit_workbook(figures, dataset)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name
    rows = read_back(data)["Activities"]
    for text in FORMULAS:
        assert text in [r["title"] for r in rows] and text in [r["result"] for r in rows]
    assert [r["partners"] for r in rows].count(RICH) >= 4
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for row in book["Activities"].iter_rows() for c in row if c.value in FORMULAS]
    assert cells and all(c.data_type == "s" for c in cells)


def test_libreoffice_reads_it_and_keeps_text_as_text(tmp_path):
    """Another reader than the tests' own: LibreOffice opens the workbook written as XML, and
    exports each sheet as CSV with every text literal (a formula would export its result)."""
    import csv

    dataset, figures = computed(hostile_files(tmp_path))
    source = tmp_path / "audit.xlsx"
    source.write_bytes(audit_workbook(figures, dataset))
    result = calc_convert(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                          "false,false,false,-1", source)

    def rows(sheet: str) -> list[dict]:
        path = tmp_path / "out" / f"audit-{sheet}.csv"
        assert path.exists(), result.stdout + result.stderr
        return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines(True)))

    activities = rows("Activities")
    assert len(activities) == len(figures.tables["Activities"])
    for text in FORMULAS:
        assert text in [r["title"] for r in activities]
    index = rows("Index")
    assert [r["key"] for r in index[::3]] == figures.keys()
    assert len(rows("Victims")) == len(figures.tables["Victims"])


PERSONAL = {"Name of victim": "Zzmarker Sokhaline", "Phone no.": "+855 97 123 4567",
            "Passport No.": "N7654321", "Date of birth": "2001-02-03"}
UNKNOWN = {"Remarks of the clerk": "Unknowncolumnmarker"}


def test_no_personal_data_nor_unknown_column_is_written(tmp_path):
    files = datasets.make(tmp_path / "personal", cases=10)
    book = openpyxl.load_workbook(files[1])  # social_affairs.xlsx
    sheet = book["Victims"]
    start = sheet.max_column + 1
    for j, header in enumerate([*PERSONAL, *UNKNOWN]):
        sheet.cell(1, start + j).value = header
    values = [*PERSONAL.values(), *UNKNOWN.values()]
    for i in range(2, sheet.max_row + 1):
        for j, value in enumerate(values):
            sheet.cell(i, start + j).value = value
    # the name typed into a printed text: the privacy guard withholds the cell
    cases = openpyxl.load_workbook(files[0])
    header = [c.value for c in cases["Cases"][1]]
    cases["Cases"].cell(2, header.index("summary") + 1).value = (
        f"Police rescued {PERSONAL['Name of victim']} from a compound.")
    cases.save(files[0])
    book.save(files[1])
    dataset, figures = computed(files)
    assert any(c.startswith("~") for c in figures.tables["Victims"].columns)  # kept in memory
    data = audit_workbook(figures, dataset)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    for text in [*PERSONAL, *UNKNOWN, "Zzmarker", "Sokhaline", "123 4567", "N7654321",
                 "2001-02-03", "Unknowncolumnmarker", "Remarks"]:
        assert text not in xml, text
    assert "[withheld: personal data]" in xml
    reconcile(figures, data)


def test_same_bytes_for_the_same_input_and_date(tmp_path, sample):
    submission, data = sample
    assert submission.to_audit() is data or submission.to_audit() == data
    again = tipreport.build(tipreport.sample_data())
    assert again.to_audit() == data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        core = zf.read("docProps/core.xml").decode()
        stamps = {i.date_time for i in zf.infolist()}
        assert len(stamps) == 1 and stamps.pop()[0] == 1980  # a fixed stamp, not the time
    created = submission.figures.submitted_on.isoformat()
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}T00:00:00Z" in core


def test_text_longer_than_excel_takes_is_cut_saying_so(tmp_path):
    files = datasets.make(tmp_path / "long", cases=6)
    long_text = "A long paragraph of the ministry's own text. " * 1000  # 45,000 characters
    narrative = tmp_path / "long" / "narrative.csv"
    narrative.write_text(f'section,order,text\nconclusion,9,"{long_text}"\n', encoding="utf-8")
    dataset, figures = computed([*files, narrative])
    texts = [r["text"] for r in read_back(audit_workbook(figures, dataset))["Narrative"]]
    cut = next(t for t in texts if t.startswith("A long paragraph"))
    assert len(cut) <= 32_767 and cut.endswith("more than Excel takes]")
    assert f"{len(long_text.strip()):,} characters" in cut


TABLE = {
    "text": ["plain", " lead", "trail ", "a\x01b", "_x0041_", "x & <y> \"q\"", "=SUM(A1)",
             "tab\there", "new\nline", "😀", "yes", "yes", "yes", None, "ក្រសួង", "a & b", "a & b",
             "end\x1f", "\nlead", "trail\n", "\u00a0nbsp", "\ufffe", "_x0041_ again",
             "_x0041_ again", "L" * 300, "L" * 300, RICH, RICH],
    "number": [1, 2.5, 1e20, -3, None, 0, 7, 7, 7, 12345678.125, None, 1, 2, 3, 4, 5, 6, -0.0,
               1e16, 9007199254740993, 123456789012345678, 0.1, 1 / 3, -7.5, 2 ** 53, 1e-300,
               -1e15, 5],
    "date": [45678, 45678, None, 45000, "1899-12-31", 45001, None, 1, 61, 100000, 45678, 45678,
             None, None, 45678, 45678, 45678, None, None, 45679, 45679, 1, 2, 3, None, None,
             45678, 45678],
}


def _table_workbook(fast: bool) -> bytes:
    """TABLE written by the fast path (the rows' markup made in the package) or by
    XlsxWriter's own methods, one call per cell."""
    import xlsxwriter

    from tipreport import _xlsx

    out = io.BytesIO()
    book = (_xlsx.Workbook if fast else xlsxwriter.Workbook)(out, {"constant_memory": True})
    sheet = book.add_worksheet("T")
    bold, date = book.add_format({"bold": True}), book.add_format({"num_format": "yyyy-mm-dd"})
    wrap = book.add_format({"text_wrap": True})
    formats = [(wrap, None), (None, None), (None, date)]
    if fast:
        assert _xlsx._fast_path(sheet)
        book.write_table(sheet, list(TABLE), list(TABLE.values()), 0, len(TABLE["text"]),
                         header_format=bold, formats=formats)
    else:
        _xlsx._write_cells(sheet, list(TABLE), [_xlsx.Cells.of(c) for c in TABLE.values()], 0,
                           len(TABLE["text"]), bold, formats)
    book.close()
    return out.getvalue()


def test_the_fast_rows_read_as_xlsxwriter_writes_them():
    """The rows written as XML read, in Excel's terms, exactly as XlsxWriter's own cells do:
    values, types, formats, escapes, whitespace, shared or not."""
    fast, plain = (openpyxl.load_workbook(io.BytesIO(_table_workbook(f)))["T"]
                   for f in (True, False))

    def cells(sheet):
        # openpyxl reads Excel's escape of a literal "_x0041_" back in shared strings, not in
        # the inline strings XlsxWriter's own path writes: both mean the same to Excel
        return [(c.coordinate, c.value.replace("_x005F_", "_") if c.data_type == "s"
                 else c.value, c.data_type, c.number_format, c.font.b,
                 c.alignment.wrap_text) for row in sheet.iter_rows() for c in row
                if c.value != RICH]

    assert cells(fast) == [c for c in cells(plain) if not str(c[1]).startswith("\uff1c")]
    # XlsxWriter's own path would write RICH as raw markup: it is given a harmless first
    # character instead; the fast path writes it as it is, escaped
    rich = f"A{len(TABLE['text']) + 1}"
    assert plain[rich].value == "\uff1c" + RICH[1:] and fast[rich].value == RICH
    assert fast.max_row == len(TABLE["text"]) + 1 and fast.max_column == 3
    assert fast["A2"].alignment.wrap_text and fast["C2"].number_format == "yyyy-mm-dd"
    fast, plain = ([r[0] for r in CalamineWorkbook.from_filelike(io.BytesIO(_table_workbook(f)))
                    .get_sheet_by_name("T").to_python()[1:]] for f in (True, False))
    assert fast == [RICH if t.startswith("\uff1c") else t for t in plain]
    # every text as given, but the non-character U+FFFE Excel cannot hold (_xFFFE_)
    assert fast == [{None: "", "\ufffe": "_xFFFE_"}.get(v, v) for v in TABLE["text"]]
    with zipfile.ZipFile(io.BytesIO(_table_workbook(True))) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")
        shared = zf.read("xl/sharedStrings.xml")
        assert b"yes" in shared and b"a &amp; b" in shared  # repeated text is shared
        assert b"LLLL" not in shared and b"Z9" not in shared  # never long text, nor RICH


_AWKWARD = st.text(st.sampled_from(["a", "Z", " ", "\n", "\t", "\x01", "\x1f", "\x0b", "&",
                                     "<", ">", "_", "x", "0", "F", "\u00a0", "\ufffe", "\uffff",
                                     "ក", "😀", "\u2028"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_AWKWARD, max_size=8),
       numbers=st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                                  st.integers(-10 ** 20, 10 ** 20)), max_size=8))
def test_each_distinct_value_s_markup_is_the_one_by_one_markup(texts, numbers):
    """The markup made for many values at once is, value for value, the markup of each."""
    from tipreport import _xlsx

    for style in (0, 3):
        assert _xlsx._texts_xml(texts, style) == [_xlsx._fragment(t, style, 0) for t in texts]
        assert _xlsx._numbers_xml(numbers, style) == [_xlsx._fragment(n, 0, style)
                                                      for n in numbers]


def test_a_table_s_rows_are_compressed_fast_and_read_back_whole(tmp_path):
    """A table larger than a block of rows, written to a path: every row is there, in order,
    and the package is compressed at the fast level (its sheet part larger than zlib's
    default would make it, and still far smaller than its markup)."""
    from tipreport import _xlsx

    rows = 2 * _xlsx.BLOCK + 7
    ids = [f"V-{i:06d}" for i in range(rows)]
    kinds = ["a", "b", None, "a & b"] * (rows // 4) + ["a"] * (rows % 4)
    target = tmp_path / "big.xlsx"
    book = _xlsx.Workbook(str(target))
    sheet = book.add_worksheet("Big")
    book.write_table(sheet, ["id", "n", "kind"], [ids, list(range(rows)), kinds], 0, rows)
    book.close()
    read = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Big").to_python()
    assert read[0] == ["id", "n", "kind"] and len(read) == rows + 1
    assert [r[0] for r in read[1:]] == ids and [r[1] for r in read[1:]] == list(range(rows))
    assert [r[2] for r in read[1:]] == [k if k is not None else "" for k in kinds]
    with zipfile.ZipFile(target) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        markup = zf.read(info.filename)
        assert info.compress_size < len(markup) / 4
        assert len(zlib_deflate(markup, 6)) < info.compress_size


def zlib_deflate(data: bytes, level: int) -> bytes:
    import zlib

    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def test_one_name_stands_for_one_column():
    import pandas as pd

    frame = pd.DataFrame({"kind": ["a", "b"]})
    counter = Counter("Activities", frame, {})
    counter.derive("flag", [True, False])
    counter.derive("flag", [True, False])  # the same column again: fine
    with pytest.raises(ValueError, match="two different columns"):
        counter.derive("flag", [False, False])
    with pytest.raises(ValueError, match="two different columns"):
        counter.derive("kind", ["a", "c"])  # not the table's own kind


# --- the API and the command line -----------------------------------------------------------------


def test_to_audit_writes_to_a_path_or_returns_bytes(tmp_path, sample):
    submission, data = sample
    target = tmp_path / "deep" / "audit.xlsx"
    assert submission.to_audit(target) is None
    assert target.read_bytes() == data
    assert data[:2] == b"PK"


def test_cli_build_writes_the_audit_beside_the_documents_and_no_audit_skips_it(tmp_path):
    files = datasets.make(tmp_path / "cli", cases=4)
    out = tmp_path / "out"
    args = ["build", *map(str, files), "--date", "2026-01-30", "--out", str(out), "--quiet"]
    err = io.StringIO()
    assert main(args, stdout=io.StringIO(), stderr=err) == 0, err.getvalue()
    stem = "cambodia-tip-2026-submission-2026-01-30"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{stem}.pdf", f"{stem}.docx", f"{stem}.html", f"{stem}.figures.json",
         f"{stem}-audit.xlsx"])
    dataset, figures = computed(files, submitted_on=D(2026, 1, 30))
    reconcile(figures, (out / f"{stem}-audit.xlsx").read_bytes())
    assert main([*args, "--no-audit"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{stem}.pdf", f"{stem}.docx", f"{stem}.html", f"{stem}.figures.json"])
