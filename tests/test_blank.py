"""The blank intake workbook: written from the schema, read back by openpyxl, by tipreport
itself and by LibreOffice, and filled with the sample data to give the sample's figures."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from office import calc_convert
from openpyxl.utils import get_column_letter

import tipreport
from tipreport import docs, schema
from tipreport.blank import LOOKS, list_values
from tipreport.cli import main

SHEET_ORDER = ["Instructions", *schema.DATA_SHEETS, "Submission", "Lists"]
LIST_OF_KIND = {"bool": "yes_no", "country": "country", "currency": "currency"}


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "intake.xlsx"
    assert tipreport.blank_workbook(path) == path
    return path


@pytest.fixture(scope="module")
def book(blank):
    return openpyxl.load_workbook(blank)


def _validations(sheet) -> dict[str, object]:
    """Column letter → the data validation covering that column's data cells."""
    out = {}
    for dv in sheet.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            out[get_column_letter(cells.min_col)] = dv
            assert (cells.min_row, cells.max_row) == (2, 1_048_576), cells.coord
    return out


def _column(sheet, index: int):
    """The column settings (width, number format) of a 1-based column: the file may give one
    setting to a run of alike columns."""
    for dim in sheet.column_dimensions.values():
        if dim.min is not None and dim.min <= index <= dim.max:
            return dim
    raise AssertionError(f"no settings for column {index} of {sheet.title}")


def _list_cells(book, formula: str) -> list[str]:
    """The values a drop-down offers: ``Lists!$B$2:$B$7`` → the cells' values."""
    sheet_name, ref = formula.lstrip("=").split("!")
    return [row[0].value for row in book[sheet_name][ref.replace("$", "")]]


# --- the workbook as written ------------------------------------------------------------------


def test_sheets_in_order_instructions_first(book):
    assert book.sheetnames == SHEET_ORDER
    assert book.active.title == "Instructions"


def test_every_intake_sheet_has_the_contract_headers_bold_frozen_filtered(book):
    for name in schema.DATA_SHEETS:
        spec, sheet = schema.SHEETS[name], book[name]
        assert [c.value for c in sheet[1]] == list(spec.names), name
        assert sheet.max_row == 1, f"{name} has cells below its headers"
        assert all(c.font.b for c in sheet[1]), name
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(spec.columns))}1", name
        for i, column in enumerate(spec.columns, start=1):
            width = _column(sheet, i).width
            assert width >= len(column.name) + 2, (name, column.name, width)
        fills = {c.value: c.fill.fgColor.rgb for c in sheet[1]}
        required = {fills[c] for c in spec.required}
        optional = {fills[c.name] for c in spec.columns if not c.required}
        assert len(required) == 1 and required.isdisjoint(optional), name


def test_each_header_has_a_note_with_meaning_kind_required_codes_and_default(book):
    for name in schema.DATA_SHEETS:
        sheet = book[name]
        for cell, column in zip(sheet[1], schema.SHEETS[name].columns):
            assert cell.comment is not None, (name, column.name)
            note = cell.comment.text
            assert note.startswith(column.name)
            assert ("required" if column.required else "optional") in note.split("\n")[0]
            assert column.meaning in note
            assert docs.KIND_WORDS[column.kind].casefold() in note.casefold()
            for code in column.allowed:
                assert code in note, (name, column.name, code)
            if column.default:
                assert f"Empty means {column.default}" in note


def test_data_cells_have_the_kind_s_number_format(book):
    expected = {"date": "dd/mm/yyyy", "id": "@", "text": "@", "code": "@", "integer": "#,##0",
                "age": "0", "year": "0"}
    for name in schema.DATA_SHEETS:
        sheet = book[name]
        for i, column in enumerate(schema.SHEETS[name].columns, start=1):
            fmt = _column(sheet, i).number_format
            assert fmt == LOOKS[column.kind].num_format, (name, column.name)
            if column.kind in expected:
                assert fmt == expected[column.kind], (name, column.name, fmt)


def test_drop_downs_for_codes_yes_no_countries_and_currencies_guide_without_forbidding(book):
    seen_kinds = set()
    for name in schema.DATA_SHEETS:
        sheet = book[name]
        validations = _validations(sheet)
        for i, column in enumerate(schema.SHEETS[name].columns, start=1):
            dv = validations.get(get_column_letter(i))
            listed = column.kind == "code" or column.kind in LIST_OF_KIND
            if column.kind in ("id", "text", "codes"):
                assert dv is None, (name, column.name)  # services: a note, not a list
                continue
            assert dv is not None, (name, column.name)
            assert dv.errorStyle == "information", (name, column.name)
            assert dv.showErrorMessage and dv.error, (name, column.name)
            assert dv.allow_blank
            if listed:
                seen_kinds.add(column.kind)
                assert dv.type == "list", (name, column.name)
                assert dv.formula1.startswith("Lists!"), dv.formula1
                offered = _list_cells(book, dv.formula1)
                key = column.codes if column.kind == "code" else LIST_OF_KIND[column.kind]
                assert tuple(offered) == list_values()[key], (name, column.name)
            else:
                assert dv.type in ("date", "whole", "decimal"), (name, column.name, dv.type)
    assert seen_kinds == {"code", "bool", "country", "currency"}
    assert tuple(_list_cells(book, "Lists!$A$2:$A$5")) == schema.CODE_LISTS["sex"]
    assert list_values()["yes_no"] == ("yes", "no")


def test_lists_sheet_names_each_list_and_is_guarded(book):
    sheet = book["Lists"]
    headers = [c.value for c in sheet[1]]
    assert headers == list(list_values())
    assert set(schema.CODE_LISTS) <= set(headers)
    assert sheet.protection.sheet
    countries = dict(zip(list_values()["country"], list_values()["country_code"]))
    assert countries["Cambodia"] == "KH" and len(countries) > 240


def test_submission_sheet_has_every_key_its_meaning_and_no_value(book):
    sheet = book["Submission"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Key", "Value", "Meaning")
    assert [r[0] for r in rows[1:]] == list(schema.SUBMISSION_KEYS)
    for key, value, meaning in rows[1:]:
        assert value is None, key
        assert meaning == schema.SUBMISSION_KEYS[key].meaning
    formats = {r[0].value: r[1].number_format for r in sheet.iter_rows(min_row=2)}
    assert formats["submitted_on"] == formats["data_through"] == "dd/mm/yyyy"
    assert formats["contact_email"] == "@"
    lists = {}
    for dv in sheet.data_validations.dataValidation:
        assert dv.errorStyle == "information"
        for cells in dv.sqref.ranges:
            lists[sheet.cell(cells.min_row, 1).value] = dv
    assert _list_cells(book, lists["country"].formula1)[:1] == [list_values()["country"][0]]
    assert lists["currency"].type == "list" and lists["report_year"].type == "whole"


def test_instructions_are_the_docs_guide(book):
    sheet = book["Instructions"]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value is not None)
    for title, paragraphs in docs.guide():
        assert title in text
        for paragraph in paragraphs:
            assert docs.plain(paragraph) in text
    assert "`" not in text
    for words in ("1 April 2025 – 31 March 2026", "DD/MM/YYYY", "not supplied",
                  "Never enter names", "Lists", "Instructions"):
        assert words in text, words
    for spec in schema.SHEETS.values():
        assert spec.meaning in text


def test_the_docs_say_what_the_workbook_says():
    written = (Path(__file__).resolve().parent.parent / "docs" / "intake.md").read_text("utf-8")
    for title, paragraphs in docs.guide():
        assert f"### {title}" in written
        assert paragraphs[0] in written
    assert "tipreport blank" in written
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    for words in ("tipreport blank", "--force", "blank_workbook(", "| 3 |"):
        assert words in readme, words


def test_same_bytes_for_the_same_schema_with_a_fixed_creation_date(blank):
    data = tipreport.blank_workbook()
    assert isinstance(data, bytes)
    assert data == tipreport.blank_workbook() == blank.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        core = zf.read("docProps/core.xml").decode()
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-01T00:00:00Z" in core
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    target = io.BytesIO()
    assert tipreport.blank_workbook(target) is None
    assert target.getvalue() == data


def test_every_kind_of_the_contract_has_a_look():
    kinds = {c.kind for s in schema.SHEETS.values() for c in s.columns}
    kinds |= {k.kind for k in schema.SUBMISSION_KEYS.values()} - {"language", "email"}
    assert kinds <= set(LOOKS) == set(docs.KIND_WORDS)


# --- read back by tipreport ---------------------------------------------------------------------


def test_check_on_the_untouched_workbook_reports_no_error(blank):
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(blank)], stdout=out, stderr=err) == 0, out.getvalue()
    dataset = tipreport.load(blank)
    assert not dataset.report.errors, dataset.report.summary()
    assert dataset.submission == {}
    for name in schema.DATA_SHEETS:
        assert dataset.supplied(name) and len(dataset[name]) == 0, name
    shown = " ".join(i.message + str(i.sheet) for i in dataset.report.issues)
    assert "Lists" not in shown and "Instructions" not in shown


def test_every_value_a_drop_down_offers_is_read(blank, tmp_path):
    """The lists cannot disagree with the reader: each country name, currency, code and yes/no
    value offered reads back as itself (countries as their ISO code)."""
    values = list_values()
    book = openpyxl.load_workbook(blank)
    victims, activities = book["Victims"], book["Activities"]
    v_headers = [c.value for c in victims[1]]
    for i, (name, code) in enumerate(zip(values["country"], values["country_code"])):
        row = {"victim_id": f"V{i}", "identified_on": dt.date(2025, 6, 1), "nationality": name,
               "exploited_in": code, "referred": values["yes_no"][i % 2]}
        for column in schema.VICTIMS.columns:
            if column.kind == "code":
                codes = values[column.codes]
                row[column.name] = codes[i % len(codes)]
        victims.append([row.get(h) for h in v_headers])
    a_headers = [c.value for c in activities[1]]
    for i, currency in enumerate(values["currency"]):
        activities.append([{"activity_id": f"A{i}", "pillar": "prevention", "kind": "budget",
                            "title": "Budget line", "start_on": dt.date(2025, 6, 1),
                            "amount": 1, "currency": currency}.get(h) for h in a_headers])
    filled = tmp_path / "lists.xlsx"
    book.save(filled)
    dataset = tipreport.load(filled)
    assert not dataset.report.errors, dataset.report.summary(limit=10)
    read = dataset["Victims"].sort_values("_row")
    assert list(read["nationality"]) == list(values["country_code"])
    assert list(read["exploited_in"]) == list(values["country_code"])
    assert read["referred"].tolist()[:2] == [True, False]
    assert list(dataset["Activities"].sort_values("_row")["currency"]) == list(values["currency"])
    for column in schema.VICTIMS.columns:
        if column.kind == "code":
            assert set(read[column.name]) == set(values[column.codes]), column.name


def test_an_alias_outside_the_drop_down_is_still_read(blank, tmp_path):
    book = openpyxl.load_workbook(blank)
    sheet = book["Victims"]
    headers = [c.value for c in sheet[1]]
    sheet.append([{"victim_id": "00123", "identified_on": dt.date(2025, 6, 1), "sex": "F",
                   "exploitation": "Labour", "services": "shelter, medical"}.get(h)
                  for h in headers])
    book.save(tmp_path / "alias.xlsx")
    dataset = tipreport.load(tmp_path / "alias.xlsx")
    assert not dataset.report.errors
    row = dataset["Victims"].iloc[0]
    assert (row["victim_id"], row["sex"], row["exploitation"]) == ("00123", "female", "labor")


# --- the round trip -----------------------------------------------------------------------------


def _cell(kind: str, value):
    """A dataset value as a clerk enters it in the blank workbook: dates as dates, codes as
    the codes, yes/no as the drop-down's words, whole numbers as integers."""
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, float) and math.isnan(value)):
        return None
    if kind == "date":
        return value.date()
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "country" and value == "unknown":
        return None  # the dataset's mark for a country left empty
    if kind in ("integer", "age", "year", "number") and float(value).is_integer():
        return int(value)
    return value


def _without_provenance(node):
    """Figures as a plain dict, less where each number came from (file and row)."""
    if isinstance(node, dict):
        return {k: _without_provenance(v) for k, v in node.items() if k not in ("file", "row")}
    if isinstance(node, list):
        return [_without_provenance(v) for v in node]
    return node


@pytest.fixture(scope="module")
def sample():
    return tipreport.load(tipreport.sample_data())


@pytest.fixture(scope="module")
def filled(blank, sample, tmp_path_factory) -> Path:
    """The blank workbook filled with every sample row and the sample's Submission values."""
    book = openpyxl.load_workbook(blank)
    for name in schema.DATA_SHEETS:
        sheet, spec = book[name], schema.SHEETS[name]
        headers = [c.value for c in sheet[1]]
        kinds = [spec.column(h).kind for h in headers]
        frame = sample[name].sort_values(["_file", "_row"])
        for record in frame[headers].itertuples(index=False):
            sheet.append([_cell(kind, v) for kind, v in zip(kinds, record)])
        for i, kind in enumerate(kinds, start=1):
            if kind == "date":
                for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = "DD/MM/YYYY"
    submission = book["Submission"]
    for key_cell, value_cell, _ in submission.iter_rows(min_row=2):
        value = sample.submission.get(key_cell.value)
        if value is not None:
            value_cell.value = value
            if isinstance(value, dt.date):
                value_cell.number_format = "DD/MM/YYYY"
    path = tmp_path_factory.mktemp("filled") / "filled.xlsx"
    book.save(path)
    return path


def test_the_filled_workbook_gives_the_sample_s_figures(filled, sample):
    dataset = tipreport.load(filled)
    # the sample's own warning only (R10: not started, no response), and no error
    assert not dataset.report.errors, dataset.report.summary()
    assert dataset.report.codes() == sample.report.codes(), dataset.report.summary()
    assert dataset.submission == sample.submission
    for name in schema.DATA_SHEETS:
        assert len(dataset[name]) == len(sample[name]) > 0, name
    expected = _without_provenance(tipreport.compute(sample).to_dict())
    got = _without_provenance(tipreport.compute(dataset).to_dict())
    # coverage gaps are per source file: the sample's Activities come from two files, one of
    # which has no January record; in one workbook the sheet has January records
    assert [g["sheet"] for g in expected["gaps"].pop("missing_months")] == ["Activities"]
    assert got["gaps"].pop("missing_months") == []
    # the sources name other files and sheets: rows read per file
    assert sum(x["read"] for x in got.pop("sources")) == sum(
        x["read"] for x in expected.pop("sources"))
    assert got == expected
    assert got["protection"]["victims_identified"]["current"] > 0


# --- LibreOffice ------------------------------------------------------------------------------


def test_opens_in_libreoffice(blank, tmp_path):
    # every sheet to its own CSV (UTF-8): name-Sheet.csv
    result = calc_convert(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                                "false,false,false,-1", blank)
    out = tmp_path / "out"
    for name in schema.DATA_SHEETS:
        csv = out / f"intake-{name}.csv"
        assert csv.exists(), result.stdout + result.stderr
        header = csv.read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(schema.SHEETS[name].names)
    keys = [line.split(",")[0] for line in
            (out / "intake-Submission.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert keys == list(schema.SUBMISSION_KEYS)


def test_saved_again_by_libreoffice_it_still_reads_cleanly(filled, sample, tmp_path):
    result = calc_convert(tmp_path, "xlsx", filled)
    saved = tmp_path / "out" / "filled.xlsx"
    assert saved.exists(), result.stdout + result.stderr
    dataset = tipreport.load(saved)
    assert not dataset.report.errors, dataset.report.summary(limit=10)
    assert dataset.submission == sample.submission
    assert len(dataset["Victims"]) == len(sample["Victims"])


# --- writing: refusing, overwriting, errors -----------------------------------------------------


def test_cli_writes_refuses_to_overwrite_and_forces(tmp_path):
    target = tmp_path / "forms" / "intake.xlsx"
    out, err = io.StringIO(), io.StringIO()
    assert main(["blank", str(target)], stdout=out, stderr=err) == 0
    assert out.getvalue().strip() == str(target)
    assert "tipreport check" in err.getvalue()
    target.write_bytes(b"the ministry's own work")
    err = io.StringIO()
    assert main(["blank", str(target)], stdout=io.StringIO(), stderr=err) == 2
    assert "exists" in err.getvalue() and "--force" in err.getvalue()
    assert target.read_bytes() == b"the ministry's own work"
    assert main(["blank", str(target), "--force", "--quiet"], stdout=io.StringIO(),
                stderr=(err := io.StringIO())) == 0
    assert err.getvalue() == ""
    assert target.read_bytes() == tipreport.blank_workbook()


def test_cli_usage_errors_and_unwritable_output(tmp_path):
    for args in (["blank", str(tmp_path)], ["blank", str(tmp_path / "intake.xls")]):
        err = io.StringIO()
        assert main(args, stdout=io.StringIO(), stderr=err) == 2, args
        assert err.getvalue().startswith("tipreport: ") and "Traceback" not in err.getvalue()
    (tmp_path / "a-file").write_text("not a folder")
    err = io.StringIO()
    assert main(["blank", str(tmp_path / "a-file" / "intake.xlsx")], stdout=io.StringIO(),
                stderr=err) == 3
    assert "could not be written" in err.getvalue()


def test_python_errors_are_tipreport_errors(tmp_path):
    target = tmp_path / "intake.xlsx"
    target.write_bytes(b"keep")
    with pytest.raises(tipreport.OutputExistsError) as caught:
        tipreport.blank_workbook(target)
    assert isinstance(caught.value, tipreport.UsageError)
    assert isinstance(caught.value, FileExistsError)
    assert target.read_bytes() == b"keep"
    assert tipreport.blank_workbook(target, overwrite=True) == target
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(tipreport.OutputError):
        tipreport.blank_workbook(tmp_path / "a-file" / "intake.xlsx")
    with pytest.raises(tipreport.UsageError):
        tipreport.blank_workbook(tmp_path / "intake.csv")


# --- the Submission sheet's Meaning column is never read as a value -----------------------------


def _submission_workbook(path: Path, rows: list[tuple]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Submission"
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_a_remark_beside_an_empty_value_is_not_the_value(tmp_path):
    path = _submission_workbook(tmp_path / "s.xlsx", [
        ("Key", "Value", "Meaning"),
        ("country", None, "The submitting country."),
        ("data_through", None, "The last day the data covers."),
        ("government_body", "National Committee", "The body that submits."),
    ])
    dataset = tipreport.load(path)
    assert not dataset.report.errors, dataset.report.summary()
    assert dataset.submission == {"government_body": "National Committee"}


def test_without_a_header_the_next_cell_is_still_the_value(tmp_path):
    path = _submission_workbook(tmp_path / "s.xlsx", [
        ("Submission details",),
        ("country", None, "KH"),
    ])
    assert tipreport.load(path).submission == {"country": "Cambodia"}
