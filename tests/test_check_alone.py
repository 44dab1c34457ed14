"""A ministry checking its own file alone: links to a sheet no file gave are one notice per
sheet, never one line per row."""

from __future__ import annotations

import io

from datasets import write_workbook as workbook

import tipreport
from tipreport.cli import main

VICTIMS = [["victim_id", "identified_on", "case_id", "sex"],
           *[[f"V-{i}", "2025-06-01", f"C-{i % 7}", "female"] for i in range(40)],
           ["V-no-case", "2025-06-02", None, "male"]]
DEFENDANTS = [["case_id", "person_id", "sex"],
              *[[f"C-{i}", f"P-{i}", "male"] for i in range(12)]]


def test_victims_alone_give_one_notice(tmp_path):
    dataset = tipreport.load(workbook(tmp_path / "social_affairs.xlsx", {"Victims": VICTIMS}))
    notices = [i for i in dataset.report.issues if i.code == "cases-not-supplied"]
    assert len(notices) == 1
    notice = notices[0]
    assert notice.severity == "notice" and notice.sheet == "Victims"
    assert notice.column == "C" and notice.header == "case_id"
    assert notice.message.startswith("40 victims link to cases in no file given: check the "
                                     "files together")
    assert not [i for i in dataset.report.issues if i.code == "case-link-unknown"]
    assert len(dataset.tables["Victims"]) == 41  # every victim still counts


def test_defendants_alone_give_one_notice_and_no_error(tmp_path):
    path = workbook(tmp_path / "court.xlsx", {"Defendants": DEFENDANTS})
    dataset = tipreport.load(path)
    assert dataset.report.ok
    assert [i.message.split(":")[0] for i in dataset.report.issues
            if i.code == "cases-not-supplied"] == ["12 defendants link to cases in no file given"]
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(path), "--quiet"], stdout=out, stderr=err) == 0
    assert out.getvalue().count("cases-not-supplied") == 1


def test_one_defendant_reads_in_the_singular(tmp_path):
    dataset = tipreport.load(workbook(tmp_path / "one.xlsx", {"Defendants": DEFENDANTS[:2]}))
    (notice,) = [i for i in dataset.report.issues if i.code == "cases-not-supplied"]
    assert notice.message.startswith("1 defendant links to cases in no file given")


def test_the_same_sheet_in_two_files_is_still_one_notice(tmp_path):
    a = workbook(tmp_path / "north.xlsx", {"Victims": VICTIMS[:11]})
    b = workbook(tmp_path / "south.xlsx", {"Victims": [VICTIMS[0], *VICTIMS[11:21]]})
    dataset = tipreport.load(a, b)
    (notice,) = [i for i in dataset.report.issues if i.code == "cases-not-supplied"]
    assert notice.message.startswith("20 victims")
    assert notice.file is None and notice.sheet == "Victims"


def test_with_cases_supplied_an_unknown_case_is_still_an_error(tmp_path):
    path = workbook(tmp_path / "all.xlsx", {
        "Cases": [["case_id", "opened_on", "offense", "exploitation"],
                  ["C-1", "2025-05-01", "trafficking", "sex"]],
        "Defendants": [DEFENDANTS[0], ["C-1", "P-1", "male"], ["C-9", "P-2", "male"]],
        "Victims": [VICTIMS[0], ["V-1", "2025-06-01", "C-1", "female"],
                    ["V-2", "2025-06-01", "C-9", "female"]],
    })
    dataset = tipreport.load(path)
    codes = dataset.report.codes()
    assert codes["case-unknown"] == 1 and codes["case-link-unknown"] == 1
    assert "cases-not-supplied" not in codes


def test_an_empty_cases_sheet_is_supplied(tmp_path):
    """A Cases sheet with a header and no rows is supplied: its links are checked."""
    path = workbook(tmp_path / "empty.xlsx", {
        "Cases": [["case_id", "opened_on", "offense", "exploitation"]],
        "Defendants": DEFENDANTS[:3]})
    codes = tipreport.load(path).report.codes()
    assert codes["case-unknown"] == 2 and "cases-not-supplied" not in codes
