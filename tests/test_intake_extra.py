"""Intake cases found by feeding the reader odd files by hand."""

from __future__ import annotations

import datetime as dt

import openpyxl

import tipreport


def test_values_under_no_header_are_reported_not_dropped(tmp_path):
    path = tmp_path / "ragged_cases.csv"
    path.write_text("case_id,opened_on,offense,exploitation\n"
                    "C1,2025-05-01,trafficking,sex\n"
                    "C2,2025-05-02,trafficking,labor,left over\n", encoding="utf-8")
    report = tipreport.load(path, submitted_on="2026-01-30").report
    (issue,) = report.issues
    assert (issue.code, issue.severity, issue.row, issue.column) == (
        "column-without-header", "warning", 1, "E")


def test_a_gap_in_the_header_row_is_reported_too(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cases"
    ws.append(["case_id", "opened_on", None, "offense", "exploitation"])
    ws.append(["C1", dt.date(2025, 5, 1), "a note", "trafficking", "sex"])
    wb.save(tmp_path / "gap.xlsx")
    ds = tipreport.load(tmp_path / "gap.xlsx", submitted_on="2026-01-30")
    assert [(i.code, i.column) for i in ds.report.issues] == [("column-without-header", "C")]
    assert len(ds.tables["Cases"]) == 1


def test_an_empty_folder_is_said_plainly(tmp_path):
    report = tipreport.load(tmp_path).report
    (issue,) = report.errors
    assert issue.code == "file-not-found" and issue.file == str(tmp_path)


def test_lists_and_instructions_sheets_are_skipped_silently_visible_or_hidden(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cases"
    ws.append(["case_id", "opened_on", "offense", "exploitation"])
    ws.append(["C1", dt.date(2025, 5, 1), "trafficking", "sex"])
    wb.create_sheet("Instructions").append(["Fill in one row per case."])
    lists = wb.create_sheet("Lists")
    lists.append(["sex", "exploitation"])
    lists.sheet_state = "hidden"
    wb.create_sheet("Notes").append(["a sheet tipreport does not know"])
    wb.save(tmp_path / "filled.xlsx")
    ds = tipreport.load(tmp_path / "filled.xlsx", submitted_on="2026-01-30")
    assert [(i.code, i.sheet) for i in ds.report.issues] == [("sheet-unknown", "Notes")]
    assert len(ds.tables["Cases"]) == 1
