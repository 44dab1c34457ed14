"""No silent wrong edition: with no report_year anywhere, the edition is the one whose period
holds the latest record on or before the submission date; every command says which edition
and period it chose; a year that disagrees with the Submission sheet, an edition that holds
none of the data, and a submission after the deadline are warnings naming both sides."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import datasets
import openpyxl
import pytest

import tipreport
from tipreport.cli import main as cli
from tipreport.periods import choose_edition, default_year, edition_of

D = dt.date


def _settings(files: list[Path], drop: tuple[str, ...] = (), **add) -> list[Path]:
    """The committee workbook's Submission sheet without the keys ``drop``, with ``add``."""
    path = next(p for p in files if p.name == "committee.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Submission"]
    for row in range(sheet.max_row, 1, -1):
        if sheet.cell(row, 1).value in drop or sheet.cell(row, 1).value in add:
            sheet.delete_rows(row)
    for key, value in add.items():
        sheet.append([key, value])
    book.save(path)
    return files


@pytest.fixture(scope="module")
def no_year(tmp_path_factory) -> list[Path]:
    """A country-year through 15 January 2026 whose Submission sheet names no edition, no
    submission date and no data_through."""
    files = datasets.make(tmp_path_factory.mktemp("no-year"))
    return _settings(files, drop=("report_year", "submitted_on", "data_through"))


def _run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli([str(a) for a in argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_the_rule():
    assert edition_of(D(2026, 3, 31)) == 2026 and edition_of(D(2026, 4, 1)) == 2027
    tables = {"Cases": _cases(D(2026, 1, 15), D(2026, 8, 1))}
    # the latest record on or before the submission date decides, not the calendar
    assert default_year(D(2026, 7, 20), tables) == 2026
    assert default_year(D(2026, 8, 2), tables) == 2027
    # with no dated record, the edition whose request is open on the submission date
    assert default_year(D(2026, 7, 20)) == 2027
    assert choose_edition({}, D(2026, 7, 20)).source == "submission_date"
    e = choose_edition(tables, D(2026, 7, 20), None, 2026)
    assert (e.year, e.source) == (2026, "sheet")
    e = choose_edition(tables, D(2026, 7, 20), 2025, 2026)
    assert (e.year, e.source, e.sheet_year, e.data_year) == (2025, "argument", 2026, 2026)


def _cases(*days):
    import pandas as pd

    from tipreport import schema

    frame = pd.DataFrame({c.name: pd.Series(dtype="datetime64[ns]" if c.kind == "date"
                                            else object)
                          for c in schema.SHEETS["Cases"].columns})
    frame["opened_on"] = pd.to_datetime(list(days))
    return frame


def test_no_year_anywhere_takes_the_edition_of_the_data(no_year):
    """Built in July, long after the request closed: the old rule (the calendar) would build
    the 2027 edition and report "0 cases, −100 %"; the data's edition is 2026."""
    figures = tipreport.compute(tipreport.load(*no_year), submitted_on=D(2026, 7, 20))
    assert figures.year == 2026
    assert figures.edition.source == "data"
    latest = figures.edition.latest
    assert D(2026, 1, 1) <= latest <= D(2026, 1, 15) and latest == figures.data_through
    assert figures.get("prosecution.investigations").current > 0
    line = str(figures).splitlines()[0]
    assert line.startswith("TIP report 2026 edition: period 1 April 2025 – 31 March 2026")
    assert (f"latest record on or before the submission date ({latest.day} January 2026)"
            in line)
    # and a submission date that long after the data is said too
    stale = next(w for w in figures.warnings if "days before the submission date" in w)
    assert f"{(D(2026, 7, 20) - latest).days} days" in stale and "20 July 2026" in stale


def test_every_command_says_which_edition(no_year, tmp_path):
    for command in (["check"], ["figures", "--format", "json"], ["figures"]):
        status, out, err = _run(*command, *no_year, "--date", "2026-07-20")
        assert status == 0, err
        said = err if command != ["figures"] else out
        assert "TIP report 2026 edition: period 1 April 2025 – 31 March 2026, data through " \
               "1" in said, (command, said)
    status, out, err = _run("check", *no_year, "--date", "2026-07-20")
    assert "Readiness of the 2026 edition (1 April 2025 – 31 March 2026" in out
    status, out, err = _run("build", *no_year, "--date", "2026-07-20", "--out",
                            tmp_path / "out")
    assert status in (0, 4), err
    assert "TIP report 2026 edition" in err
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "its period holds the latest record" in html  # the readiness page says it too
    data = json.loads(next((tmp_path / "out").glob("*.figures.json")).read_text("utf-8"))
    assert data["edition"] == 2026


def test_check_year_judges_the_edition_asked_for(no_year):
    status, out, err = _run("check", *no_year, "--date", "2026-01-30", "--year", "2025")
    assert status == 0
    assert "Readiness of the 2025 edition (1 April 2024 – 31 March 2025" in out
    assert "TIP report 2025 edition" in err and "as asked" in err


def test_a_year_that_disagrees_with_the_sheet_names_both(tmp_path):
    files = datasets.make(tmp_path / "data")  # report_year 2026 in the Submission sheet
    figures = tipreport.compute(tipreport.load(*files), year=2025)
    warning = next(w for w in figures.warnings if "differs from the Submission sheet" in w)
    assert "(2025" in warning and "report_year (2026)" in warning
    assert "--year" in warning and "year=" in warning
    status, out, err = _run("figures", *files, "--year", "2025")
    assert "report_year (2026)" in out


def test_an_edition_holding_none_of_the_data_names_both(tmp_path):
    files = datasets.make(tmp_path / "data")
    figures = tipreport.compute(tipreport.load(*files), year=2028,
                                submitted_on=D(2027, 12, 1), data_through=D(2027, 11, 30))
    warning = next(w for w in figures.warnings if "holds none of the data" in w)
    assert "2028 edition's period (1 April 2027 – 31 March 2028)" in warning
    assert "January 2026, belongs to the 2026 edition" in warning


def test_a_submission_after_the_deadline_is_a_warning(tmp_path):
    files = _settings(datasets.make(tmp_path / "data"), deadline=D(2026, 1, 20))
    submission = tipreport.build(files)  # submitted 30 January 2026
    warning = next(w for w in submission.warnings if "after the deadline" in w)
    assert warning == ("The submission date (30 January 2026) is 10 days after the deadline "
                       "(20 January 2026).")
    assert warning in submission.to_html()  # the readiness page lists it
    status, out, err = _run("check", *files)
    assert "after the deadline (20 January 2026)" in err
    on_time = tipreport.build(_settings(files, deadline=D(2026, 2, 2)))
    assert not any("deadline" in w for w in on_time.warnings)


def test_no_dated_record_says_the_calendar_decided(tmp_path):
    files = datasets.make(tmp_path / "data", drop=("Cases", "Defendants", "Victims",
                                                   "Activities"))
    _settings(files, drop=("report_year", "data_through"))
    figures = tipreport.compute(tipreport.load(*files), submitted_on=D(2026, 7, 20))
    assert figures.year == 2027 and figures.edition.source == "submission_date"
    assert "no record is dated on or before the submission date" in str(figures)
