"""The intake contract, one problem kind at a time, on real files.

Each problem kind has a tiny file (``tests/fixtures/make_fixtures.py``, named after the kind).
The tests assert what a clerk needs to fix the cell — the issue's ``code``, ``severity``,
``sheet``, Excel ``row``, ``column`` letter and ``header`` — never the wording, and what the
problem does to its row: an error rejects it (the ledger counts it under that code), a warning
leaves it in.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
from dataclasses import dataclass, field
from pathlib import Path

import make_fixtures as mf
import pandas as pd
import pytest

import tipreport
from tipreport import schema

SUBMITTED_ON = mf.SUBMITTED_ON
#: kinds whose submission date comes from their own Submission sheet
OWN_DATE = {"data-through-after-submission"}


@pytest.fixture(scope="session")
def loaded(intake_files):
    """``loaded(kind)`` → the Dataset of that kind's files (loaded once per session)."""
    cache: dict[tuple, tipreport.Dataset] = {}

    def get(kind: str, **kw) -> tipreport.Dataset:
        key = (kind, tuple(sorted(kw.items())))
        if key not in cache:
            if kind not in OWN_DATE:
                kw.setdefault("submitted_on", SUBMITTED_ON)
            cache[key] = tipreport.load(*[str(p) for p in intake_files[kind]], **kw)
        return cache[key]

    return get


def name(path: str | None) -> str | None:
    return None if path is None else Path(path).name


def issues_of(dataset, code: str, file: str | None = None) -> list[tipreport.Issue]:
    return [i for i in dataset.report.issues
            if i.code == code and (file is None or name(i.file) == file)]


def canonical(dataset, file: str, sheet_in_file: str) -> str:
    for source in dataset.sources:
        if name(source.file) == file and source.sheet_in_file == sheet_in_file:
            return source.sheet
    raise AssertionError(f"{file} › {sheet_in_file} was not read")


def rows_of(frame: pd.DataFrame, file: str, sheet_in_file: str) -> pd.DataFrame:
    if not len(frame):
        return frame
    return frame[(frame["_file"].map(name) == file) & (frame["_sheet"] == sheet_in_file)]


def ledger_entry(dataset, file: str, sheet_in_file: str):
    found = [e for e in dataset.report.ledger
             if name(e.file) == file and e.sheet == sheet_in_file]
    assert len(found) == 1, (file, sheet_in_file, dataset.report.ledger)
    return found[0]


# --- the problem kinds --------------------------------------------------------------------------

ANY = object()


@dataclass(frozen=True)
class Expect:
    kind: str
    code: str
    severity: str
    sheet: str | None  # as named in the file; None for a file-level problem
    row: int | None  # Excel row number
    column: str | None  # column letter
    header: object = ANY  # the header as written (ANY: not checked)
    effect: str | None = None  # "rejected" / "accepted": what happens to the row
    file: str | None = None  # the file's name, when the kind has several files
    others: frozenset = field(default_factory=frozenset)  # other codes in the report
    count: int = 1  # issues of this code (in this file)
    read: int | None = None  # rows the ledger reads for (file, sheet)

    def __str__(self) -> str:
        return self.kind + ("" if self.file is None else f"[{self.file}]")


E = Expect
ERR, WARN, NOTE = "error", "warning", "notice"
REJ, ACC = "rejected", "accepted"

EXPECTATIONS = [
    # files that cannot be read: one error naming the file, nothing else
    E("file-password-protected", "file-password-protected", ERR, None, None, None),
    E("file-old-excel", "file-old-excel", ERR, None, None, None),
    E("file-corrupt", "file-corrupt", ERR, None, None, None),
    E("file-empty", "file-empty", ERR, None, None, None),
    E("file-not-a-workbook", "file-not-a-workbook", ERR, None, None, None),
    E("file-unsupported-type", "file-unsupported-type", ERR, None, None, None),
    E("csv-binary", "file-not-a-workbook", ERR, None, None, None),
    E("csv-no-header", "csv-no-header", ERR, None, None, None),
    E("csv-sheet-unknown", "csv-sheet-unknown", ERR, None, None, None),
    # sheets and headers
    E("sheet-hidden", "sheet-hidden", WARN, "Victims", None, None),
    E("sheet-unknown", "sheet-unknown", NOTE, "Lookup lists", None, None),
    E("sheet-empty", "sheet-empty", WARN, "Victims", None, None, read=0),
    E("header-not-found", "header-not-found", ERR, "Cases", None, None),
    E("header-duplicate", "header-duplicate", ERR, "Cases", 1, "E", "opened_on", read=2),
    E("column-missing", "column-missing", ERR, "Cases", 1, None, "offense", read=2),
    E("personal-data-dropped", "personal-data-dropped", NOTE, "Victims", 1, "B", "Name",
      count=4, read=2),
    E("csv-sheet-inferred", "csv-sheet-inferred", NOTE, "Victims", None, None, read=2),
    E("csv-latin1", "csv-encoding", WARN, None, None, None,
      others=frozenset({"csv-sheet-inferred"})),
    E("header-below-title", "date-impossible", ERR, "Cases", 6, "C", "Date opened", REJ, read=2),
    E("blank-rows", "date-impossible", ERR, "Cases", 8, "B", "opened_on", REJ, read=3),
    # cells Excel could not give a value
    E("formula-without-value", "formula-without-value", ERR, "Activities", 3, "G",
      "participants", REJ, read=2),
    E("excel-error", "excel-error", ERR, "Activities", 3, "G", "participants", REJ, read=2),
    E("csv-excel-error", "excel-error", ERR, "Activities", 3, "G", "participants", REJ, read=2),
    E("excel-error-in-required-column", "excel-error", ERR, "Cases", 3, "B", "opened_on", REJ,
      read=2),
    # values
    E("value-missing", "value-missing", ERR, "Cases", 3, "C", "offense", REJ, read=2),
    E("value-missing-conditional", "value-missing", ERR, "Cases", 3, "D", "exploitation", REJ),
    E("response-missing", "value-missing", ERR, "Recommendations", 3, "E", "response", REJ),
    E("code-unknown", "code-unknown", ERR, "Cases", 3, "C", "offense", REJ, read=2),
    E("code-list-unknown", "code-unknown", ERR, "Victims", 3, "C", "services", REJ),
    E("date-impossible", "date-impossible", ERR, "Cases", 3, "B", "opened_on", REJ, read=2),
    E("date-ambiguous", "date-ambiguous", ERR, "Cases", 3, "B", "opened_on", REJ),
    E("date-as-number", "date-as-number", ERR, "Cases", 3, "B", "opened_on", REJ),
    E("date-invalid", "date-invalid", ERR, "Cases", 3, "B", "opened_on", REJ),
    E("date-in-future", "date-in-future", WARN, "Defendants", 3, "D", "charged_on", ACC, read=2),
    E("number-as-text", "number-as-text", WARN, "Activities", 3, "G", "participants", ACC),
    E("number-negative", "number-negative", ERR, "Activities", 3, "H", "amount", REJ),
    E("number-invalid", "number-invalid", ERR, "Activities", 3, "G", "participants", REJ),
    E("number-not-whole", "number-not-whole", ERR, "Activities", 3, "G", "participants", REJ),
    E("age-out-of-range", "age-out-of-range", ERR, "Victims", 3, "D", "age", REJ),
    E("year-out-of-range", "year-out-of-range", ERR, "Recommendations", 3, "B", "report_year",
      REJ),
    E("yes-no-invalid", "yes-no-invalid", ERR, "Cases", 3, "E", "online", REJ),
    E("country-unknown", "country-unknown", ERR, "Victims", 3, "F", "nationality", REJ),
    E("currency-unknown", "currency-unknown", ERR, "Activities", 3, "I", "currency", REJ),
    E("totals-row", "totals-row", ERR, "Activities", 4, None, None, REJ, read=3),
    # rows against rows
    E("id-duplicate", "id-duplicate", ERR, "Defendants", 2, "B", "person_id", REJ, count=2,
      read=3),
    E("id-duplicate-across-files", "id-duplicate", ERR, "Cases", 2, "A", "case_id", REJ,
      file="id-duplicate-across-files-a.xlsx", read=2),
    E("id-duplicate-across-files", "id-duplicate", ERR, "Cases", 3, "A", "case_id", REJ,
      file="id-duplicate-across-files-b.xlsx", read=2),
    E("case-unknown", "case-unknown", ERR, "Defendants", 3, "A", "case_id", REJ),
    E("case-link-unknown", "case-link-unknown", WARN, "Victims", 3, "G", "case_id", ACC),
    E("case-rejected", "case-rejected", NOTE, "Defendants", 3, "A", "case_id", ACC,
      others=frozenset({"code-unknown"})),
    E("verdict-before-charge", "verdict-before-charge", WARN, "Defendants", 3, "F",
      "verdict_on", ACC),
    E("verdict-date-missing", "verdict-date-missing", ERR, "Defendants", 3, "F", "verdict_on",
      REJ),
    E("verdict-date-without-verdict", "verdict-date-without-verdict", WARN, "Defendants", 3,
      "E", "verdict", ACC),
    E("prison-term-missing", "prison-term-missing", ERR, "Defendants", 3, "G", "prison_months",
      REJ),
    E("age-group-mismatch", "age-group-mismatch", WARN, "Victims", 3, "E", "age_group", ACC),
    E("repatriated-before-identified", "repatriated-before-identified", WARN, "Victims", 3, "G",
      "repatriated_on", ACC),
    E("end-before-start", "end-before-start", ERR, "Activities", 3, "F", "end_on", REJ),
    # the Submission sheet
    E("submission-conflict", "submission-conflict", ERR, "Submission", 3, "B", "country",
      file="submission-conflict-b.xlsx"),
    E("data-through-after-submission", "data-through-after-submission", ERR, "Submission", 5,
      "B", "data_through"),
    E("submission-unknown-key", "submission-unknown-key", WARN, "Submission", 3, "A", None),
    E("submission-formula-without-value", "formula-without-value", ERR, "Submission", 3, "B",
      "report_year"),
]

#: kinds that read without a single error or warning
CLEAN = ["clean", "clean-xlsm", "clean-ods", "csv-semicolon", "sheet-header-only",
         "unknown-columns", "aliases", "dates", "ids-as-text", "defaults",
         "formula-with-cached-values", "csv-submission", "text-longer-than-excel"]


def test_enough_problem_kinds_and_every_fixture_used(intake_files):
    kinds = {e.kind for e in EXPECTATIONS}
    assert len(kinds) >= 35
    assert len({e.code for e in EXPECTATIONS}) >= 35
    unused = set(intake_files) - kinds - set(CLEAN)
    assert not unused, f"fixtures no test looks at: {unused}"


@pytest.mark.parametrize("expect", EXPECTATIONS, ids=str)
def test_problem_is_reported_at_its_cell(expect: Expect, loaded, intake_files):
    dataset = loaded(expect.kind)
    file = expect.file or name(str(intake_files[expect.kind][0]))
    found = issues_of(dataset, expect.code, file)
    assert len(found) == expect.count, dataset.report.issues
    issue = next((i for i in found if i.row == expect.row), found[0])
    assert issue.severity == expect.severity
    assert name(issue.file) == file
    assert issue.sheet == expect.sheet
    assert issue.row == expect.row
    assert issue.column == expect.column
    if expect.header is not ANY:
        assert issue.header == expect.header
    assert issue.message  # some words, whatever they are
    # nothing else is reported
    assert set(dataset.report.codes()) == {expect.code} | expect.others, dataset.report.issues
    assert dataset.report.ok is not any(i.severity == ERR for i in dataset.report.issues)


@pytest.mark.parametrize("expect", [e for e in EXPECTATIONS if e.effect], ids=str)
def test_what_the_problem_does_to_its_row(expect: Expect, loaded, intake_files):
    dataset = loaded(expect.kind)
    file = expect.file or name(str(intake_files[expect.kind][0]))
    sheet = canonical(dataset, file, expect.sheet)
    accepted = rows_of(dataset.tables[sheet], file, expect.sheet)
    rejected = rows_of(dataset.rejected[sheet], file, expect.sheet)
    entry = ledger_entry(dataset, file, expect.sheet)
    if expect.effect == REJ:
        assert expect.row not in set(accepted["_row"])
        mine = rejected[rejected["_row"] == expect.row]
        assert len(mine) == 1
        assert expect.code in mine["_codes"].iloc[0]
        assert entry.rejected_by_code.get(expect.code, 0) >= 1
        assert entry.rejected >= 1
    else:
        assert expect.row in set(accepted["_row"])
        assert expect.row not in set(rejected["_row"]) if len(rejected) else True
        assert expect.code not in entry.rejected_by_code
    if expect.read is not None:
        assert entry.read == expect.read


@pytest.mark.parametrize("expect", [e for e in EXPECTATIONS if e.read is not None and
                                    not e.effect], ids=str)
def test_rows_read_where_the_problem_is_not_a_row(expect: Expect, loaded, intake_files):
    dataset = loaded(expect.kind)
    file = expect.file or name(str(intake_files[expect.kind][0]))
    assert ledger_entry(dataset, file, expect.sheet).read == expect.read


@pytest.mark.parametrize("kind", CLEAN)
def test_clean_files_read_clean(kind, loaded):
    dataset = loaded(kind)
    assert not dataset.report.errors and not dataset.report.warnings, dataset.report.issues
    assert dataset.report.ledger or dataset.submission
    for entry in dataset.report.ledger:
        assert entry.rejected == 0


def test_clean_formats_read_alike(loaded):
    """The same content as .xlsx, .xlsm and .ods gives the same tables."""
    frames = {kind: loaded(kind).tables for kind in ("clean", "clean-xlsm", "clean-ods")}
    for sheet in ("Cases", "Defendants", "Victims", "Activities", "Recommendations",
                  "Narrative"):
        base = frames["clean"][sheet].drop(columns=["_file"])
        assert len(base) >= 1
        for kind in ("clean-xlsm", "clean-ods"):
            other = frames[kind][sheet].drop(columns=["_file"])
            pd.testing.assert_frame_equal(base, other, check_dtype=False, obj=f"{kind} {sheet}")
    assert loaded("clean").submission["country"] == "Cambodia"


def test_calculated_formulas_read_their_stored_values(loaded):
    """A formula Excel calculated is its value, "" included (not a formula-without-value)."""
    activities = loaded("formula-with-cached-values").tables["Activities"]
    assert list(activities["participants"]) == [40, 45]
    assert list(activities["location"]) == ["Kampot", None]


def test_text_longer_than_an_excel_cell_is_read_in_full(loaded):
    (text,) = loaded("text-longer-than-excel").tables["Narrative"]["text"]
    assert len(text) == 200_000 and text.startswith("The committee met")


def test_submission_as_csv(loaded):
    dataset = loaded("csv-submission")
    assert not dataset.report.issues
    assert dataset.submission == {"country": "Cambodia", "report_year": 2026,
                                  "submitted_on": dt.date(2026, 3, 1)}
    assert dataset.submission_sources["report_year"].endswith("Submission › row 2")


def test_the_xlsm_fixture_is_macro_enabled(intake_file):
    import zipfile

    types = zipfile.ZipFile(intake_file("clean-xlsm")).read("[Content_Types].xml")
    assert b"macroEnabled" in types


# --- every row counted ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(mf.KINDS))
def test_every_row_is_counted(kind, loaded):
    """read = accepted + rejected for every file and sheet, and the ledger matches the tables."""
    dataset = loaded(kind)
    for entry in dataset.report.ledger:
        assert entry.read == entry.accepted + entry.rejected, entry
        assert sum(entry.rejected_by_code.values()) >= entry.rejected
        sheet = next(s.sheet for s in dataset.sources
                     if s.file == entry.file and s.sheet_in_file == entry.sheet)
        accepted = rows_of(dataset.tables[sheet], name(entry.file), entry.sheet)
        rejected = rows_of(dataset.rejected[sheet], name(entry.file), entry.sheet)
        assert len(accepted) == entry.accepted
        assert len(rejected) == entry.rejected
        rows = list(accepted["_row"]) + list(rejected["_row"])
        assert len(rows) == len(set(rows))  # no row counted twice
    # every rejected row carries its codes, and an error issue on that row says so
    errors = {(name(i.file), i.sheet, i.row) for i in dataset.report.errors}
    for sheet, frame in dataset.rejected.items():
        for _, row in frame.iterrows():
            assert row["_codes"]
            assert ((name(row["_file"]), row["_sheet"], row["_row"]) in errors
                    or {"column-missing", "header-duplicate"} & set(row["_codes"]))


def test_blank_rows_are_skipped_not_counted(loaded):
    dataset = loaded("blank-rows")
    entry = ledger_entry(dataset, "blank-rows.xlsx", "Cases")
    assert (entry.read, entry.accepted, entry.rejected) == (3, 2, 1)
    assert list(dataset.tables["Cases"]["_row"]) == [2, 5]
    assert list(dataset.rejected["Cases"]["_row"]) == [8]
    assert [i.code for i in dataset.report.issues] == ["date-impossible"]


def test_header_below_title_rows(loaded):
    dataset = loaded("header-below-title")
    cases = dataset.tables["Cases"]
    assert list(cases["_row"]) == [5]
    assert list(cases["case_id"]) == ["C-001"]
    assert cases["opened_on"].iloc[0] == pd.Timestamp("2025-05-01")


def test_column_missing_rejects_every_row_once(loaded):
    dataset = loaded("column-missing")
    assert [i.code for i in dataset.report.issues] == ["column-missing"]
    entry = ledger_entry(dataset, "column-missing.xlsx", "Cases")
    assert (entry.read, entry.accepted, entry.rejected) == (2, 0, 2)
    assert entry.rejected_by_code == {"column-missing": 2}
    assert list(dataset.rejected["Cases"]["_row"]) == [2, 3]


def test_header_duplicate_names_both_columns(loaded):
    dataset = loaded("header-duplicate")
    (issue,) = dataset.report.errors
    assert (issue.row, issue.column, issue.header) == (1, "E", "opened_on")
    # which of the two columns holds the value is unknown: every row waits for the fix
    assert len(dataset.tables["Cases"]) == 0
    assert len(dataset.rejected["Cases"]) == 2
    assert all("header-duplicate" in codes for codes in dataset.rejected["Cases"]["_codes"])


def test_sheet_supplied_or_not(loaded):
    empty = loaded("sheet-empty")
    assert empty.supplied("Victims") and len(empty.tables["Victims"]) == 0
    header_only = loaded("sheet-header-only")
    assert header_only.supplied("Victims") and len(header_only.tables["Victims"]) == 0
    assert ledger_entry(header_only, "sheet-header-only.xlsx", "Victims").read == 0
    hidden = loaded("sheet-hidden")
    assert not hidden.supplied("Victims") and hidden.supplied("Cases")
    assert not loaded("header-not-found").supplied("Cases")


def test_duplicates_within_a_case_are_case_insensitive(loaded):
    dataset = loaded("id-duplicate")
    assert sorted(i.row for i in dataset.report.errors) == [2, 4]
    assert list(dataset.tables["Defendants"]["person_id"]) == ["P-2"]


def test_duplicate_across_files_names_the_other_place(loaded):
    dataset = loaded("id-duplicate-across-files")
    a, b = sorted(dataset.report.errors, key=lambda i: name(i.file))
    assert "id-duplicate-across-files-b.xlsx" in a.message and "row 3" in a.message
    assert "id-duplicate-across-files-a.xlsx" in b.message and "row 2" in b.message
    # neither copy wins; the other ids are kept
    assert sorted(dataset.tables["Cases"]["case_id"]) == ["BX-002", "BX-003"]


def test_rejected_case_keeps_its_valid_defendants(loaded):
    dataset = loaded("case-rejected")
    assert sorted(dataset.tables["Defendants"]["case_id"]) == ["C-001", "C-002"]
    assert list(dataset.rejected["Cases"]["case_id"]) == ["C-002"]


def test_future_event_date_is_a_warning_and_planned_end_is_not(loaded):
    dataset = loaded("date-in-future")
    assert [(i.sheet, i.header) for i in dataset.report.issues] == [("Defendants",
                                                                      "charged_on")]
    assert dataset.tables["Activities"]["end_on"].iloc[0] == pd.Timestamp("2027-12-31")


def test_number_as_text_is_read_as_the_number(loaded):
    activities = loaded("number-as-text").tables["Activities"]
    assert list(activities["participants"]) == [40, 1250]


def test_age_wins_over_age_group(loaded):
    victims = loaded("age-group-mismatch").tables["Victims"]
    assert list(victims["age_group"]) == ["adult", "child"]


def test_latin1_csv_is_read_as_windows_1252(loaded):
    cases = loaded("csv-latin1").tables["Cases"]
    assert list(cases["province"]) == ["Siem Réab", "Kâmpóng Cham"]
    assert list(cases["_row"]) == [2, 3]


def test_semicolon_csv(loaded):
    dataset = loaded("csv-semicolon")
    cases = dataset.tables["Cases"]
    assert list(cases["case_id"]) == ["C-001", "C-002"]  # the BOM is not part of the header
    assert list(cases["province"]) == ["Phnom Penh, Daun Penh", "Kampot"]
    assert [i.code for i in dataset.report.issues] == ["csv-sheet-inferred"]


def test_csv_sheet_inferred_names_the_sheet(loaded):
    dataset = loaded("csv-sheet-inferred")
    (notice,) = dataset.report.issues
    assert notice.sheet == "Victims"
    assert list(dataset.tables["Victims"]["victim_id"]) == ["V-001", "V-002"]


# --- unreadable files --------------------------------------------------------------------------

UNREADABLE = [e for e in EXPECTATIONS if e.sheet is None and e.severity == ERR]


@pytest.mark.parametrize("expect", UNREADABLE, ids=str)
def test_an_unreadable_file_is_one_error_and_the_others_are_read(expect, intake_files):
    bad = str(intake_files[expect.kind][0])
    clean = str(intake_files["clean"][0])
    dataset = tipreport.load(clean, bad, submitted_on=SUBMITTED_ON)
    mine = [i for i in dataset.report.issues if i.file == bad]
    assert [i.code for i in mine] == [expect.code]
    assert mine[0].file == bad  # named as given
    assert (mine[0].sheet, mine[0].row, mine[0].column) == (None, None, None)
    assert dataset.report.files == [clean, bad]
    assert not [e for e in dataset.report.ledger if e.file == bad]
    assert sum(e.read for e in dataset.report.ledger) == 10  # every row of the clean file
    assert [i for i in dataset.report.issues if i.file != bad] == []


def test_a_missing_file_is_one_error(intake_files, tmp_path):
    missing = str(tmp_path / "no-such-file.xlsx")
    dataset = tipreport.load(missing, str(intake_files["clean"][0]), submitted_on=SUBMITTED_ON)
    (issue,) = dataset.report.issues
    assert (issue.code, issue.severity, issue.file) == ("file-not-found", ERR, missing)
    assert dataset.supplied("Cases")


def test_the_password_protected_fixture_is_a_real_compound_file(intake_file):
    """Walk the fixture's FAT and directory as an OLE reader would."""
    data = intake_file("file-password-protected").read_bytes()
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    sector_shift, = struct.unpack_from("<H", data, 30)
    size = 1 << sector_shift
    fat_count, first_dir = struct.unpack_from("<II", data, 44)
    difat = struct.unpack_from("<109I", data, 76)[:fat_count]
    fat = []
    for s in difat:
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, size * (s + 1)))

    def chain(start):
        while start < 0xFFFFFFFA:
            yield start
            start = fat[start]

    directory = b"".join(data[size * (s + 1): size * (s + 2)] for s in chain(first_dir))
    streams = {}
    for n in range(len(directory) // 128):
        entry = directory[n * 128: (n + 1) * 128]
        length, kind = struct.unpack_from("<HB", entry, 64)
        if kind == 0:
            continue
        label = entry[: length - 2].decode("utf-16-le")
        start, stream_size = struct.unpack_from("<IQ", entry, 116)
        if kind == 2:
            body = b"".join(data[size * (s + 1): size * (s + 2)] for s in chain(start))
            streams[label] = body[:stream_size]
        else:
            assert label == "Root Entry"
    assert set(streams) == {"EncryptionInfo", "EncryptedPackage"}
    assert streams["EncryptionInfo"][:4] == b"\x04\x00\x04\x00"  # agile encryption
    assert b"<encryption" in streams["EncryptionInfo"]
    old = intake_file("file-old-excel").read_bytes()
    assert old[:8] == data[:8] and "Workbook".encode("utf-16-le") in old


def test_the_same_file_twice_is_read_once(intake_files, tmp_path):
    """A file named twice, or a folder and a file in it, is read once (not counted twice)."""
    import shutil

    clean = tmp_path / "clean.xlsx"
    shutil.copy(intake_files["clean"][0], clean)
    once = tipreport.load(str(clean), submitted_on=SUBMITTED_ON)
    twice = tipreport.load(str(clean), str(clean), tmp_path, submitted_on=SUBMITTED_ON)
    assert twice.files == (str(clean),)
    assert [e.to_dict() for e in once.report.ledger] == [
        e.to_dict() for e in twice.report.ledger]
    assert not twice.report.issues


def test_ods_written_by_pandas_reads_clean(tmp_path):
    """The .ods of another producer (odfpy through pandas) reads as well as the hand-made one."""
    cases = pd.DataFrame([mf.case("C-001"), mf.case("00123", opened="2025-05-02")],
                         columns=mf.CASES_H)
    path = tmp_path / "cases.ods"
    cases.to_excel(path, sheet_name="Cases", index=False, engine="odf")
    dataset = tipreport.load(path, submitted_on=SUBMITTED_ON)
    assert not dataset.report.issues
    assert list(dataset.tables["Cases"]["case_id"]) == ["C-001", "00123"]
    assert list(dataset.tables["Cases"]["opened_on"].dt.day) == [1, 2]


# --- identifiers ---------------------------------------------------------------------------------


def test_identifiers_stay_text(loaded):
    dataset = loaded("ids-as-text")
    cases = dataset.tables["Cases"]
    assert list(cases["case_id"]) == ["00123", "7000123", "123", "bx-001"]
    assert all(type(v) is str for v in cases["case_id"])
    victims = dataset.tables["Victims"]
    assert list(victims["victim_id"]) == ["00007", "42"]
    assert list(victims["case_id"]) == ["BX-001", "7000123"]
    # 00123 ≠ 123 (no duplicate); BX-001 = " bx-001 " and 7000123 = "7000123" (links found)
    assert not dataset.report.issues


# --- aliases --------------------------------------------------------------------------------------


def test_header_sheet_and_code_aliases(loaded):
    dataset = loaded("aliases")
    assert not dataset.report.issues
    cases = dataset.tables["Cases"]
    assert list(cases["_sheet"].unique()) == ["Case register"]
    assert list(cases["opened_on"].dt.day) == [1, 2, 3, 4]  # "Date opened"
    assert list(cases["offense"]) == ["trafficking"] * 4
    assert list(cases["exploitation"]) == ["labor", "labor", "sex", "labor"]
    assert list(cases["online"]) == [True, False, True, False]  # Y, N, TRUE, 0
    victims = dataset.tables["Victims"]
    assert list(victims["sex"]) == ["female", "male", "female"]
    assert list(victims["nationality"]) == ["VN", "KH", "VN"]  # Viet Nam, កម្ពុជា, vietnam
    assert list(victims["exploited_in"]) == ["VN", "TH", "KH"]  # VNM, Thailand, kh
    assert list(victims["status"]) == ["potential", "confirmed", "confirmed"]


# --- dates -----------------------------------------------------------------------------------------


def test_dates_day_month_year_by_default(loaded):
    cases = loaded("dates").tables["Cases"]
    assert list(cases["opened_on"]) == [pd.Timestamp(d) for d in (
        "2025-05-01",  # a real Excel date
        "2025-04-01",  # ISO text
        "2025-04-03",  # 3/4/2025 = 3 April
        "2025-05-06",  # a date-time counts by its date
        "2025-05-07",  # ISO date-time text
    )]
    assert (cases["opened_on"] == cases["opened_on"].dt.normalize()).all()


def test_dates_month_day_year_when_configured(loaded):
    cases = loaded("dates", date_order="MDY").tables["Cases"]
    assert cases["opened_on"].iloc[2] == pd.Timestamp("2025-03-04")
    assert cases["opened_on"].iloc[1] == pd.Timestamp("2025-04-01")  # ISO is ISO


def test_a_bad_date_order_is_a_usage_error(intake_file):
    with pytest.raises(tipreport.UsageError):
        tipreport.load(intake_file("dates"), date_order="YMD")


# --- personal data ---------------------------------------------------------------------------------


def test_personal_data_is_dropped_everywhere(loaded):
    dataset = loaded("personal-data-dropped")
    notices = issues_of(dataset, "personal-data-dropped")
    assert [(i.column, i.header) for i in notices] == [
        ("B", "Name"), ("D", "Date of birth"), ("F", "Phone"), ("G", "Passport no")]
    assert all(i.severity == NOTE and i.row == 1 and i.value is None for i in notices)
    mark = mf.PERSONAL_MARK
    for frames in (dataset.tables, dataset.rejected):
        for frame in frames.values():
            assert mark not in frame.astype(str).to_csv()
    victims = dataset.tables["Victims"]
    assert "~Notes" in victims.columns  # an unknown column that is not personal is kept
    assert not [c for c in victims.columns if "name" in c.lower() or "phone" in c.lower()
                or "birth" in c.lower() or "passport" in c.lower()]
    report = dataset.report
    for text in (str(report), report._repr_html_(), report.to_frame().to_csv(),
                 json.dumps(report.to_dict(), default=str), repr(dataset),
                 dataset._repr_html_()):
        assert mark not in text
    # and 1990-02-03 (a date of birth) appears nowhere either
    assert not (victims.astype(str) == "1991-03-04").any().any()


def test_unknown_columns_are_kept_with_a_prefix(loaded):
    dataset = loaded("unknown-columns")
    cases = dataset.tables["Cases"]
    assert list(cases["~Remarks"]) == ["first remark", None] or list(
        cases["~Remarks"].fillna("")) == ["first remark", ""]
    assert "~Officer in charge" in cases.columns
    assert not dataset.report.issues


# --- defaults ---------------------------------------------------------------------------------------


def test_defaults_of_empty_code_cells(loaded):
    dataset = loaded("defaults")
    assert not dataset.report.issues
    defendant = dataset.tables["Defendants"].iloc[0]
    assert defendant["verdict"] == "pending"
    assert defendant["sex"] == "unknown"
    victim = dataset.tables["Victims"].iloc[0]
    assert victim["status"] == "confirmed"
    assert victim["sex"] == "unknown"
    assert victim["nationality"] == "unknown"
    assert victim["exploitation"] == "unknown"
    assert victim["identified_by"] == "unknown"
    assert victim["age_group"] == "unknown"
    assert dataset.tables["Activities"]["currency"].iloc[0] == "KHR"


# --- the report object ----------------------------------------------------------------------------


def test_raise_for_errors(loaded):
    bad = loaded("code-unknown")
    with pytest.raises(tipreport.DataError) as caught:
        bad.report.raise_for_errors()
    assert caught.value.report is bad.report
    assert isinstance(caught.value, tipreport.TipreportError)
    good = loaded("number-as-text")  # a warning only
    assert good.report.raise_for_errors() is good.report


def test_report_shapes(loaded):
    dataset = loaded("case-rejected")
    report = dataset.report
    frame = report.to_frame()
    assert list(frame.columns) == ["severity", "code", "file", "sheet", "row", "column",
                                   "header", "value", "message"]
    assert len(frame) == len(report.issues) == 2
    assert set(frame["code"]) == {"code-unknown", "case-rejected"}
    assert list(frame["row"]) == [3, 3]
    text = str(report)
    assert "case-rejected.xlsx › Cases" in text and "case-rejected.xlsx › Defendants" in text
    assert "[code-unknown]" in text and "row 3" in text
    assert "read = accepted + rejected" in text
    html = report._repr_html_()
    assert html.startswith("<div") and "<table" in html and "code-unknown" in html
    assert "<table" in dataset._repr_html_()
    assert "Dataset" in repr(dataset)
    empty = tipreport.Report()
    assert empty.to_frame().empty and str(empty) and empty._repr_html_()


def test_issue_locations_read_like_excel(loaded):
    (issue,) = loaded("date-impossible").report.issues
    assert issue.location.endswith('Cases › row 3, column B "opened_on"')


@pytest.mark.parametrize("kind", sorted(mf.KINDS))
def test_every_row_issue_has_a_cell_or_a_column(kind, loaded):
    """A clerk can find every row-level problem: a row and a column, or a whole-row code."""
    whole_row = {"totals-row", "column-missing", "header-duplicate", "personal-data-dropped"}
    for issue in loaded(kind).report.issues:
        if issue.row is not None and issue.code not in whole_row:
            assert issue.column or issue.header, issue
        if issue.sheet is not None:
            assert issue.file


def test_fixtures_are_deterministic(tmp_path, intake_files):
    import openpyxl

    again = mf.make_all(tmp_path)
    for kind, paths in intake_files.items():
        for first, second in zip(paths, again[kind]):
            assert first.read_bytes() == second.read_bytes(), first.name
    props = openpyxl.load_workbook(intake_files["clean"][0]).properties
    assert props.created == props.modified == mf.FIXED_TIME


def test_load_takes_folders_and_lists(intake_files):
    folder = intake_files["clean"][0].parent
    dataset = tipreport.load([intake_files["clean"][0], intake_files["dates"][0]],
                             submitted_on=SUBMITTED_ON)
    assert len(dataset.files) == 2
    everything = tipreport.load(folder, submitted_on=dt.date(2026, 4, 30))
    assert len(everything.files) >= len(mf.KINDS)
    for entry in everything.report.ledger:
        assert entry.read == entry.accepted + entry.rejected
    assert schema.normalize("Date opened") == "dateopened"


def test_ods_row_numbers_count_blank_rows(tmp_path):
    path = mf.write_ods(tmp_path / "rows.ods", {"Cases": [
        [], [None], mf.CASES_H, mf.case("C-1"), [], [None, None],
        mf.case("C-2", opened="31/02/2025")]})
    dataset = tipreport.load(path, submitted_on=SUBMITTED_ON)
    assert [(i.code, i.row, i.column) for i in dataset.report.issues] == [
        ("date-impossible", 7, "B")]
    assert list(dataset.tables["Cases"]["_row"]) == [4]
