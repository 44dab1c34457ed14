"""The source seam: a new kind of input is one class and one entry in ``SOURCES``.

The test source below stands in for a database: its tables are found by name, its rows are
located by primary key (no Excel row, no column letter), and ``load()`` takes its URL wherever
it takes a file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import tipreport
from tipreport import schema, sources
from tipreport.reading import collect_settings, shape_table

TABLES = {
    "cases": ("case_id", [
        ("case_id", "opened_on", "offense", "exploitation"),
        ("C-17", dt.date(2025, 5, 1), "trafficking", "labor"),
        ("C-18", "31/02/2025", "trafficking", "sex"),  # an impossible date
        ("C-19", dt.date(2568, 5, 1), "trafficking", "sex"),  # a Buddhist-era year
    ]),
    "settings": (None, [("key", "value"), ("language", "Khmer"), ("contact_email", "nobody")]),
}


class MemorySource:
    """``memory://NAME`` URLs: tables held in a dict, rows located by their key."""

    name = "memory"
    suffixes = ()

    def accepts(self, target) -> bool:
        return isinstance(target, str) and target.startswith("memory://")

    def read(self, target, shown, options) -> sources.FileResult:
        result = sources.FileResult()
        lookup = schema.sheet_lookup()
        for table, (key, rows) in TABLES.items():
            sheet = lookup.get(schema.normalize(table), "Submission" if table == "settings"
                               else None)
            if sheet == "Submission":
                result.settings.extend(collect_settings(
                    [list(r) for r in rows], shown, table, result.issues,
                    row_numbers=[None] + [r[0] for r in rows[1:]], limits=options.limits,
                    letters=False))
                continue
            position = rows[0].index(key)
            raw = shape_table([list(r) for r in rows], shown, sheet, table, result.issues,
                              limits=options.limits, letters=False, row_label=key,
                              row_numbers=[None] + [r[position] for r in rows[1:]])
            result.sheets.append(raw)
        return result


@pytest.fixture
def memory_source(monkeypatch):
    monkeypatch.setattr(sources, "SOURCES", [MemorySource(), *sources.SOURCES])


def test_a_new_source_is_one_class_and_one_entry(memory_source, intake_files):
    clean = intake_files["clean"][0]
    dataset = tipreport.load("memory://user:secret@db/cases", clean,
                             submitted_on="2026-04-30")
    assert dataset.report.files[0] == "memory://user:***@db/cases"  # never the password
    assert list(dataset.tables["Cases"]["case_id"]).count("C-17") == 1
    errors = {(i.code, i.row, i.column, i.header) for i in dataset.report.errors
              if i.file.startswith("memory")}
    assert errors == {("date-impossible", "C-18", None, "opened_on"),
                      ("date-buddhist-era", "C-19", None, "opened_on"),
                      ("email-invalid", "contact_email", None, "contact_email")}
    issue = next(i for i in dataset.report.errors if i.row == "C-18")
    assert issue.location == 'memory://user:***@db/cases › cases › case_id C-18, column ' \
                             '"opened_on"'
    assert dataset.submission["language"] == "km"
    # the report's shapes take keys as well as row numbers
    frame = dataset.report.to_frame()
    assert "C-18" in set(frame["row"])
    assert "case_id C-18" in dataset.report.summary()
    ledger = {e.file: e for e in dataset.report.ledger}
    entry = ledger["memory://user:***@db/cases"]
    assert (entry.read, entry.accepted, entry.rejected) == (3, 1, 2)


def test_an_address_no_source_reads_is_one_plain_error():
    dataset = tipreport.load("mysql://me:pw@localhost/cases")
    (issue,) = dataset.report.issues
    assert issue.code == "file-unsupported-type"
    assert "pw" not in issue.file and "pw" not in issue.message


def test_the_sources_table():
    assert [s.name for s in sources.SOURCES] == ["database", "workbook", "csv"]
    assert all(isinstance(s, sources.Source) for s in sources.SOURCES)
    assert sources.suffixes() == (".xlsx", ".xlsm", ".ods", ".csv")
    assert sources.is_url("sqlite:///cases.db") and not sources.is_url(r"C:\data\cases.xlsx")
    assert sources.mask_url("postgresql://me:pw@host/db") == "postgresql://me:***@host/db"
    assert sources.mask_url("postgresql://host/db") == "postgresql://host/db"


def test_folders_list_what_a_source_reads(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"")
    (tmp_path / "b.CSV").write_text("x")
    (tmp_path / "~$a.xlsx").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x")
    found = [Path(t).name for _, t in sources.expand([tmp_path])]
    assert found == ["a.xlsx", "b.CSV"]


def test_rows_located_by_key_reach_the_figures(memory_source, intake_files):
    """A key such as "C-18" is a row's locator all the way: in issues, in the figures'
    provenance and in the rejected rows, never forced into a number."""
    dataset = tipreport.load("memory://db/cases", submitted_on="2026-04-30")
    figures = tipreport.compute(dataset, year=2026)
    rejected = {r["row"] for r in figures.rejected}
    assert rejected == {"C-18", "C-19"}
    assert figures.get("prosecution.investigations").current == 1


def test_excluded_rows_are_in_the_ledger():
    from tipreport.report import LedgerEntry, Report

    report = Report(files=["a.xlsx"], ledger=[LedgerEntry(
        "a.xlsx", "Sheet1", read=10, accepted=6, rejected=1, rejected_by_code={"date-invalid": 1},
        excluded=3, excluded_by_reason={"not a victim of trafficking": 3})])
    assert report.headline().endswith("10 rows read, 6 accepted, 1 rejected, 3 excluded.")
    summary = report.summary()
    assert "read = accepted + rejected + excluded" in summary
    assert "not a victim of trafficking ×3" in summary
    assert report.to_dict()["ledger"][0]["excluded"] == 3
    assert list(report.ledger_frame()["excluded"]) == [3]
    plain = Report(files=["b.xlsx"], ledger=[LedgerEntry("b.xlsx", "Cases", 2, 2, 0)])
    assert "excluded" not in plain.summary() and "excluded" not in plain.headline()
