"""The UNODC GLOTIP export: the sample's calendar years in UNODC's layout, read back and
checked row by row against the figures of the same calendar years."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import openpyxl
import pytest
from invariants import determined
from office import calc_convert

import tipreport
from tipreport import outputs, schema
from tipreport.cli import main
from tipreport.errors import DataError, UsageError
from tipreport.export import glotip_table

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import datasets  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-01-30"  # the sample's own submission date: 2024 and 2025 are over

#: the columns of UNODC's published data (data_glotip.xlsx, header on row 3)
UNODC_COLUMNS = ["Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension",
                 "Category", "Sex", "Age", "Year", "Unit of measurement", "txtVALUE",
                 "Source"]

# the mapping, written out here independently of the module, to check it
FIGURES = {
    "Offences of trafficking in persons": ["prosecution.investigations"],
    "Persons brought into formal contact": ["prosecution.suspects_investigated"],
    "Persons prosecuted": ["prosecution.prosecutions"],
    "Persons convicted": ["prosecution.convictions"],
    "Detected trafficking victims": ["protection.victims_identified",
                                     "protection.victims_potential"],
}
SEX = {"Female": ["female"], "Male": ["male"], "Other": ["other"], "Unknown": ["unknown"]}
AGE = {"0 to 17 years": ["child"], "18 years or over": ["adult"], "Unknown": ["unknown"]}
FORM = {"Sexual exploitation": ["sex"], "Forced labour": ["labor"],
        "Other forms of exploitation": ["forced_criminality", "other"],
        "Mixed sexual exploitation and forced labour": ["mixed"], "Unknown": ["unknown"]}
COUNTRY = {"Cambodia": "KH", "China": "CN", "Viet Nam": "VN", "Thailand": "TH",
           "Indonesia": "ID", "Lao People's Democratic Republic": "LA", "Myanmar": "MM",
           "Malaysia": "MY", "Philippines": "PH", "India": "IN", "Republic of Korea": "KR",
           "Unknown": "unknown"}
BY_FORM, BY_CITIZENSHIP = "by form of exploitation", "by citizenship"


# --- fixtures: the sample, its figures, and its exports ------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return tipreport.load(*tipreport.sample_data(), submitted_on=DATE)


@pytest.fixture(scope="module")
def calendar(sample):
    """Calendar year → the figures of January–December, as the public API gives them."""
    return {y: tipreport.compute(sample, calendar_year=y, submitted_on=DATE).calendar
            for y in (2024, 2025)}


def read(path: Path) -> tuple[list, list[str], list[dict]]:
    """The data sheet of an export: the two lines above the header, the header, the rows."""
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["data_glotip_1", "Notes"]
    rows = list(book["data_glotip_1"].iter_rows(values_only=True))
    header = list(rows[2])
    return rows[:2], header, [dict(zip(header, r)) for r in rows[3:]]


@pytest.fixture(scope="module")
def two_years(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("glotip")
    export = tipreport.export_glotip(sample, years=[2025, 2024], out=out, date=DATE)
    return export, out / "cambodia-glotip-2024-2025.xlsx"


@pytest.fixture(scope="module")
def exact(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("glotip-exact")
    export = tipreport.export_glotip(sample, years=[2024, 2025], out=out, date=DATE,
                                     suppress_below=0)
    return export, out / "cambodia-glotip-2024-2025.xlsx"


# --- what a row should hold, from the figures ------------------------------------------------------


def expected(figures, row: dict) -> int:
    """The count of a row, from the calendar figures: the records behind the indicator's
    figures, narrowed by each breakdown the row names."""
    total = 0
    for key in FIGURES[row["Indicator"]]:
        fig = figures.get(key)
        rows = set(fig.rows["current"].tolist())
        narrowings = []
        if row["Sex"] != "Total":
            narrowings.append(("sex", SEX[row["Sex"]]))
        if row["Age"] != "Total":
            narrowings.append(("age_group", AGE[row["Age"]]))
        if row["Dimension"] == BY_FORM:
            narrowings.append(("exploitation", FORM[row["Category"]]))
        if row["Dimension"] == BY_CITIZENSHIP:
            narrowings.append(("nationality", [COUNTRY[row["Category"]]]))
        for dim, codes in narrowings:
            parts = [fig.by[dim][c] for c in codes if c in fig.by[dim]]
            rows &= {r for p in parts for r in p.rows["current"].tolist()}
        total += len(rows)
        if len(narrowings) <= 1:  # a figure's own value: the same number, read directly
            direct = (fig.current if not narrowings else
                      sum(fig.by[d][c].current for d, cs in narrowings for c in cs
                          if c in fig.by[d]))
            assert direct == len(rows), row
    return total


def key(row: dict) -> tuple:
    return (row["Indicator"], row["Dimension"], row["Category"], row["Sex"], row["Age"],
            row["Year"])


def breakdowns(rows: list[dict]) -> list[tuple[tuple, list[tuple]]]:
    """Every total in the table with the parts that add up to it, worked out from the rows:
    sexes, ages, forms and citizenships."""
    by_key = {key(r): r for r in rows}
    out = []
    for (ind, dim, cat, sex, age, year) in by_key:
        if sex == "Total":
            parts = [(ind, dim, cat, s, age, year) for s in SEX]
            if any(p in by_key for p in parts):
                out.append(((ind, dim, cat, sex, age, year), [p for p in parts if p in by_key]))
        if age == "Total":
            parts = [(ind, dim, cat, sex, a, year) for a in AGE]
            if any(p in by_key for p in parts):
                out.append(((ind, dim, cat, sex, age, year), [p for p in parts if p in by_key]))
        if dim == "Total":
            for other in (BY_FORM, BY_CITIZENSHIP):
                parts = [k for k in by_key if k[:2] == (ind, other) and k[3:] == (sex, age, year)]
                if parts:
                    out.append(((ind, dim, cat, sex, age, year), parts))
    return out


# --- the layout ------------------------------------------------------------------------------------


def test_the_file_has_unodc_columns_on_row_3(two_years):
    export, path = two_years
    top, header, rows = read(path)
    assert header == UNODC_COLUMNS
    assert top[0][:2] == ("National Committee for Counter Trafficking (synthetic sample)",
                          "contact@example.org")
    assert top[1][0] == "30/01/2026"
    assert len(rows) == len(export.table)
    assert {(r["Iso3_code"], r["Country"], r["Region"], r["Subregion"]) for r in rows} == {
        ("KHM", "Cambodia", "Asia", "South-eastern Asia")}
    assert {r["Unit of measurement"] for r in rows} == {"Counts"}
    assert {r["Year"] for r in rows} == {2024, 2025}


def _reference_file() -> Path | None:
    """UNODC's published data, where the project's shared reference data sits beside it."""
    env = os.environ.get("TIPREPORT_REFERENCE_DATA")
    places = ([Path(env)] if env else []) + [p / "shared" / "reference-data"
                                             for p in ROOT.parents]
    for place in places:
        path = place / "unodc_glotip" / "data_glotip.xlsx"
        if path.exists():
            return path
    return None


def test_columns_and_labels_are_those_of_unodc_published_data(two_years):
    path = _reference_file()
    if path is None:
        pytest.skip("UNODC's data_glotip.xlsx is not available (set TIPREPORT_REFERENCE_DATA)")
    from python_calamine import CalamineWorkbook

    theirs = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert list(theirs[2]) == UNODC_COLUMNS
    seen = {c: {row[i] for row in theirs[3:]} for i, c in enumerate(UNODC_COLUMNS)}
    _, _, rows = read(two_years[1])
    for column in ("Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension",
                   "Sex", "Age", "Unit of measurement"):
        assert {r[column] for r in rows} <= seen[column], column
    forms = {r["Category"] for r in rows if r["Dimension"] == BY_FORM}
    theirs_forms = {row[6] for row in theirs[3:] if row[5] == BY_FORM}
    # UNODC's three forms as it spells them, plus mixed and not recorded (docs/glotip.md)
    assert forms - theirs_forms == {"Mixed sexual exploitation and forced labour", "Unknown"}
    assert theirs_forms <= forms
    countries = {r["Category"] for r in rows if r["Dimension"] == BY_CITIZENSHIP} - {"Unknown"}
    assert countries <= seen["Country"]


def test_every_code_has_its_label():
    assert set(glotip_table.SEX) == set(schema.SEX)
    assert set(glotip_table.AGE) == set(schema.AGE_GROUP)
    assert set(glotip_table.FORM) == set(schema.EXPLOITATION)
    assert {glotip_table.FORM[c] for c in schema.EXPLOITATION} == set(glotip_table.FORMS)


# --- every row against the figures ----------------------------------------------------------------


def test_every_row_matches_the_figures_of_its_calendar_year(two_years, calendar):
    export, path = two_years
    _, _, rows = read(path)
    counts = export.counts.tolist()
    hidden = 0
    for row, count in zip(rows, counts):
        assert expected(calendar[row["Year"]], row) == count, row
        value = row["txtVALUE"]
        if 0 < count < 5:
            assert value == "<5", row
        elif isinstance(value, int):
            assert value == count, row
        else:  # hidden to protect another count: "<5" only where true, else "x"
            assert value == ("<5" if count == 0 else "x"), (row, count)
        hidden += isinstance(value, str)
    assert hidden, "the sample has small counts: some cells must be hidden"


def test_the_rows_are_complete(two_years, calendar):
    _, path = two_years
    _, _, rows = read(path)
    keys = {key(r) for r in rows}
    assert len(keys) == len(rows), "one row per indicator, dimension, category, sex, age, year"
    victims = "Detected trafficking victims"
    for year in (2024, 2025):
        assert {(s, a) for i, d, _, s, a, y in keys
                if (i, d, y) == (victims, "Total", year)} == {
            (s, a) for s in ["Total", *SEX] for a in ["Total", *AGE]}
        assert {c for i, d, c, s, a, y in keys if (i, d, y) == (victims, BY_FORM, year)} == set(
            FORM)
        assert {(i, d, c) for i, d, c, *_ in keys if d == BY_FORM} >= {
            ("Persons convicted", BY_FORM, f) for f in FORM}
        for indicator in ("Persons brought into formal contact", "Persons prosecuted",
                          "Persons convicted", victims):
            nationalities = {code for y in (2024, 2025) for fig in
                             (calendar[y].get(k) for k in FIGURES[indicator])
                             for code, part in fig.by["nationality"].items() if part.current}
            written = {COUNTRY[c] for i, d, c, _, _, y in keys
                       if (i, d, y) == (indicator, BY_CITIZENSHIP, year)}
            assert written == nationalities, indicator


def test_no_hidden_count_can_be_worked_out_from_a_total(two_years):
    export, path = two_years
    _, _, rows = read(path)
    cells = {key(r): c for r, c in zip(rows, export.counts.tolist())}
    hidden = {key(r) for r in rows if isinstance(r["txtVALUE"], str)}
    pairs = breakdowns(rows)
    assert len(pairs) > 100
    for total, parts in pairs:
        assert sum(cells[p] for p in parts) == cells[total], total
        assert sum(k in hidden for k in (total, *parts)) != 1, (total, parts)
    for indicator in FIGURES:
        for year in (2024, 2025):
            mine = [(t, p) for t, p in pairs if t[0] == indicator and t[5] == year]
            secret = {k for k in hidden if k[0] == indicator and k[5] == year}
            assert determined(mine, secret) == [], (indicator, year)


def test_suppress_below_0_gives_exact_numbers(exact, two_years, calendar):
    export, path = exact
    _, _, rows = read(path)
    assert all(isinstance(r["txtVALUE"], int) for r in rows)
    for row in rows:
        assert row["txtVALUE"] == expected(calendar[row["Year"]], row), row
    _, _, suppressed = read(two_years[1])
    assert [key(r) for r in rows] == [key(r) for r in suppressed]
    notes = [c.value for c in openpyxl.load_workbook(path)["Notes"]["A"] if c.value]
    assert any("Every count is exact" in n for n in notes)


def test_each_year_is_its_own_computation(sample, two_years):
    alone = tipreport.export_glotip(sample, years=[2025], date=DATE)
    assert alone.filename == "cambodia-glotip-2025.xlsx"

    def counts(export, year):
        table = export.table.assign(count=export.counts)
        table = table[table["Year"] == year]
        return dict(zip(map(tuple, table[["Indicator", "Dimension", "Category", "Sex", "Age"]]
                            .to_numpy().tolist()), table["count"]))

    mine, both = counts(alone, 2025), counts(two_years[0], 2025)
    # the two-year file also lists, with 0, a citizenship seen in 2024 only
    assert mine == {k: v for k, v in both.items() if k in mine}
    assert all(v == 0 for k, v in both.items() if k not in mine)


def test_the_notes_say_what_is_counted(two_years, calendar):
    _, path = two_years
    notes = [c.value for c in openpyxl.load_workbook(path)["Notes"]["A"] if c.value]
    text = "\n".join(notes)
    other = [calendar[y].get("prosecution.convictions_other_laws").current for y in (2024, 2025)]
    assert all(other)
    assert f"under other laws (not included): {other[0]} in 2024; {other[1]} in 2025" in text
    assert "confirmed and potential victims together" in text
    assert "forced criminality" in text and "written <5" in text and " x " in text
    assert "January–March 2024" in text  # the sample's victims start in April 2024
    assert "sample_data" not in text and ".xlsx" not in text  # no file names in the file sent


def test_same_inputs_same_bytes(two_years, sample):
    again = tipreport.export_glotip(sample, years=[2024, 2025], date=DATE)
    assert again.xlsx_bytes() == two_years[0].xlsx_bytes()


# --- a small country: many small counts ----------------------------------------------------------


def test_a_small_dataset_hides_what_it_must(tmp_path):
    files = datasets.make(tmp_path / "in", cases=40, seed=3)
    export = tipreport.export_glotip(files, years=[2025], date=DATE, out=tmp_path / "out")
    _, _, rows = read(tmp_path / "out" / "cambodia-glotip-2025.xlsx")
    figures = tipreport.compute(tipreport.load(*files, submitted_on=DATE), calendar_year=2025,
                                submitted_on=DATE).calendar
    cells = {}
    for row, count in zip(rows, export.counts.tolist()):
        assert expected(figures, row) == count, row
        if 0 < count < 5:
            assert row["txtVALUE"] == "<5", row
        cells[key(row)] = count
    hidden = {key(r) for r in rows if isinstance(r["txtVALUE"], str)}
    assert len(hidden) > 20
    for total, parts in breakdowns(rows):
        assert sum(k in hidden for k in (total, *parts)) != 1, (total, parts)
    assert {r["Category"] for r in rows if r["Dimension"] == BY_CITIZENSHIP} >= {
        "Republic of Korea", "Viet Nam"}


def test_a_sheet_not_supplied_gives_no_rows_never_zeros(tmp_path):
    files = datasets.make(tmp_path, cases=30, drop=("Cases",))
    export = tipreport.export_glotip(files, years=[2025], date=DATE)
    indicators = set(export.table["Indicator"])
    assert indicators == {"Detected trafficking victims"}
    assert any("Persons convicted: not supplied (no Cases sheet)" in n for n in export.notes)
    assert any("Persons convicted" in w and "not supplied" in w for w in export.warnings)


# --- the Python API ------------------------------------------------------------------------------


def test_python_api(sample, tmp_path):
    assert "export_glotip" in tipreport.__all__
    with pytest.raises(UsageError, match="2026 is not over"):
        tipreport.export_glotip(sample, years=[2026], date=DATE)
    with pytest.raises(UsageError, match="whole number"):
        tipreport.export_glotip(sample, years=[2025], date=DATE, suppress_below=-1)
    export = tipreport.export_glotip(sample, years=2025, date=DATE)
    assert export.written == [] and not list(tmp_path.iterdir())
    assert export.to_xlsx()[:2] == b"PK"
    target = tmp_path / "a" / "b.xlsx"
    export.to_xlsx(target)
    assert target.read_bytes() == export.xlsx_bytes()
    assert export.write(tmp_path / "out") == [tmp_path / "out" / "cambodia-glotip-2025.xlsx"]
    assert export.written == [tmp_path / "out" / "cambodia-glotip-2025.xlsx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "cambodia-glotip-2025.xlsx"]  # no .part file, no journal left


def test_the_country_is_required_and_may_be_given(tmp_path):
    files = datasets.make(tmp_path, cases=10, drop=("Submission",))
    files = [f for f in files if f.name != "committee.xlsx"]
    with pytest.raises(UsageError, match="names the country"):
        tipreport.export_glotip(files, years=[2025], date=DATE)
    export = tipreport.export_glotip(files, years=[2025], date=DATE, country="Viet Nam")
    assert export.filename == "viet-nam-glotip-2025.xlsx"
    assert set(export.table["Iso3_code"]) == {"VNM"}


def test_data_errors_stop_the_export_unless_allowed(tmp_path):
    files = datasets.make(tmp_path, cases=20)
    book = openpyxl.load_workbook(tmp_path / "social_affairs.xlsx")
    sheet = book["Victims"]
    sheet.append([sheet.cell(2, 1).value, "2025-05-05", "confirmed"])  # a duplicated id
    book.save(tmp_path / "social_affairs.xlsx")
    with pytest.raises(DataError):
        tipreport.export_glotip(files, years=[2025], date=DATE)
    export = tipreport.export_glotip(files, years=[2025], date=DATE, allow_errors=True)
    assert any("records with errors were left out" in n for n in export.notes)


def test_the_output_table_holds_the_export_apart_from_the_build():
    entry = outputs.OUTPUTS["glotip"]
    assert entry.command == "export" and entry.suffix == ".xlsx"
    assert "glotip" not in [o.name for o in outputs.selected(command="build")]
    assert [o.name for o in outputs.selected(command="export")] == ["glotip"]


# --- the command line ------------------------------------------------------------------------------


def test_cli_writes_the_expected_name(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    files = [str(p) for p in tipreport.sample_data()]
    status = main(["export", "glotip", *files, "--years", "2024", "2025", "--out",
                   str(tmp_path), "--date", DATE, "--suppress-below", "0"],
                  stdout=out, stderr=err)
    assert status == 0, err.getvalue()
    path = tmp_path / "cambodia-glotip-2024-2025.xlsx"
    assert out.getvalue().splitlines() == [str(path)]
    assert "January–March 2024" in err.getvalue()  # the gap, named to the ministry
    assert "social_affairs_victims.xlsx" in err.getvalue()
    _, header, rows = read(path)
    assert header == UNODC_COLUMNS and all(isinstance(r["txtVALUE"], int) for r in rows)


def test_cli_exit_statuses(tmp_path):
    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        return main(["export", "glotip", *args], stdout=out, stderr=err), err.getvalue()

    status, err = run("--years", "2026", "--date", DATE, "--out", str(tmp_path / "a"))
    assert status == 2 and "2026 is not over" in err and "Reading" not in err
    status, err = run("--suppress-below", "-1")
    assert status == 2 and "--suppress-below" in err
    status, err = run("--years", "1999")
    assert status == 2
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    status, err = run("--years", "2025", "--date", DATE, "--out", str(blocker), "--quiet")
    assert status == 3, err
    files = datasets.make(tmp_path / "bad", cases=10)
    book = openpyxl.load_workbook(tmp_path / "bad" / "social_affairs.xlsx")
    book["Victims"].append([book["Victims"].cell(2, 1).value, "2025-05-05", "confirmed"])
    book.save(tmp_path / "bad" / "social_affairs.xlsx")
    args = [*map(str, files), "--years", "2025", "--date", DATE, "--quiet",
            "--out", str(tmp_path / "b")]
    status, err = run(*args)
    assert status == 1 and "nothing was written" in err
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())
    status, err = run(*args, "--allow-errors")
    assert status == 0 and (tmp_path / "b" / "cambodia-glotip-2025.xlsx").exists()


# --- LibreOffice -----------------------------------------------------------------------------------


def test_opens_in_libreoffice(two_years, tmp_path):
    export, path = two_years
    result = calc_convert(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                          "false,false,false", path)
    csv = tmp_path / "out" / "cambodia-glotip-2024-2025.csv"
    assert csv.exists(), result.stdout + result.stderr
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[2].split(",") == UNODC_COLUMNS
    assert len(lines) == 3 + len(export.table)
    assert lines[3].startswith("KHM,Cambodia,Asia,South-eastern Asia,")
