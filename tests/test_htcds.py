"""HTCDS registers: the real toolkit workbooks (v1.0, v2.0, v2.0 single select), filled with
synthetic people, read as victims and counted as the same people typed into the intake."""

from __future__ import annotations

import csv
import io
import json
import random

import htcds_registers as reg
import pytest
from htcds_registers import KEY, MULTI, NOT_VICTIMS, PEOPLE, SUBMITTED_ON, V2_ONLY

import tipreport
from tipreport import schema, schema_htcds
from tipreport.cli import main
from tipreport.sources.htcds import combine_exploitation

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture
def no_key(monkeypatch):
    monkeypatch.delenv(schema_htcds.KEY_ENV, raising=False)


@pytest.fixture
def key(monkeypatch):
    monkeypatch.setenv(schema_htcds.KEY_ENV, KEY)


def load(*paths):
    return tipreport.load(*paths, submitted_on=SUBMITTED_ON)


def figures(dataset):
    return tipreport.compute(dataset, year=2026).to_dict(sent=True)


def without_v2(person: dict) -> dict:
    return {k: v for k, v in person.items() if k not in V2_ONLY}


# --- the registers as they come ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(reg.TEMPLATES))
def test_blank_registers_are_recognised_as_they_come(name, no_key):
    dataset = load(reg.TEMPLATES[name])
    report = dataset.report
    assert report.ok, report.summary()
    codes = report.codes()
    assert codes["htcds-register"] == 1
    assert "sheet-unknown" not in codes  # the toolkit's "about" and "validation" sheets
    assert "column-without-header" not in codes  # the row counter in column A
    assert "htcds-column-without-name" not in codes
    (entry,) = report.ledger
    assert (entry.read, entry.accepted, entry.rejected, entry.excluded) == (0, 0, 0, 0)
    assert dataset.supplied("Victims") and not dataset.supplied("Cases")
    register = next(i for i in report.issues if i.code == "htcds-register")
    assert ("HTCDS 1.0" in register.message) == (name == "v1.0")
    assert "no Cases and no Defendants" in register.message


def test_every_field_of_the_registers_is_mapped():
    """Row 1 of each real register names only fields the mapping lists; each personal field is
    one the reader drops; each value of the single-select register's drop-down lists means an
    intake code (or a person who is no victim)."""
    import openpyxl

    known = {schema.normalize(f.name) for f in schema_htcds.FIELDS}
    for path in reg.TEMPLATES.values():
        ws = openpyxl.load_workbook(path).worksheets[0]
        row1 = [c.value for c in ws[1] if isinstance(c.value, str)]
        assert row1 and {schema.normalize(n) for n in row1} <= known, path.name
    for field in schema_htcds.FIELDS:
        assert (schema.personal_data_kind(field.name) is not None) == field.personal, field
        assert field.column is None or field.column in schema.SHEETS["Victims"].names
    lists = openpyxl.load_workbook(reg.V2_SINGLE)["validation"]
    header = [c.value for c in lists[3]]
    values: dict[str, list] = {}
    for row in lists.iter_rows(min_row=4, values_only=True):
        for title, value in zip(header, row):
            if title and value is not None:
                values.setdefault(title, []).append(value)
    for title, codes in (("Gender", "sex"), ("Type of Exploitation", "exploitation"),
                         ("Trafficking Status", "victim_status"),
                         ("Trafficking Status Decision Making Organization", "identified_by")):
        lookup = schema.code_lookup(codes)
        not_victim = {schema.normalize(v) for v in schema_htcds.NOT_A_VICTIM}
        for value in values[title]:
            norm = schema.normalize(value)
            assert norm in lookup or norm in not_victim, (title, value)


# --- the figures ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["v2.0 single select", "v2.0"])
def test_a_v2_register_gives_the_figures_of_the_same_people_in_the_intake(name, tmp_path, no_key):
    register = reg.fill(reg.TEMPLATES[name], [p for p, _ in PEOPLE] + NOT_VICTIMS,
                        tmp_path / "register.xlsx")
    intake = reg.intake_victims([row for _, row in PEOPLE], tmp_path / "intake.xlsx")
    from_register, from_intake = load(register), load(intake)
    assert from_register.report.ok, from_register.report.summary()
    assert figures(from_register) == figures(from_intake)
    f = tipreport.compute(from_register, year=2026)
    assert f.get("protection.victims_identified").current == 5
    assert f.get("protection.victims_identified").previous_full == 1
    assert f.get("protection.victims_potential").current == 1
    assert f.get("protection.victims_identified.by_sex.female").current == 2
    assert f.get("protection.victims_identified.by_sex.other").current == 1
    assert f.get("protection.victims_identified.by_sex.unknown").current == 1
    assert f.get("protection.victims_identified.by_age_group.child").current == 2
    assert f.get("protection.victims_identified.by_exploitation.labor").current == 4
    assert f.get("protection.victims_identified.by_nationality.MM").current == 1
    assert f.get("protection.victims_identified.by_identified_by.court").current == 1
    assert f.get("protection.referred").current == 1  # confirmed victims referred on
    # the person who is no victim: read, excluded, with the reason
    (entry,) = from_register.report.ledger
    assert (entry.read, entry.accepted, entry.rejected, entry.excluded) == (8, 7, 0, 1)
    assert entry.excluded_by_reason == {"not a victim of trafficking (vic_TraffickingStatus)": 1}
    notice = next(i for i in from_register.report.issues if i.code == "htcds-not-a-victim")
    assert (notice.row, notice.column, notice.header) == (10, "S", "vic_TraffickingStatus")
    # a place of exploitation that is no country: unknown, said once
    place = next(i for i in from_register.report.issues
                 if i.code == "htcds-location-not-country")
    assert place.value == "Phnom Penh" and place.row == 4


def test_a_multi_select_register_reads_several_values_in_a_cell(tmp_path, no_key):
    people = [p for p, _ in PEOPLE + MULTI]
    register = reg.fill(reg.V2, people, tmp_path / "register.xlsx")
    intake = reg.intake_victims([row for _, row in PEOPLE + MULTI], tmp_path / "intake.xlsx")
    dataset = load(register)
    assert dataset.report.ok, dataset.report.summary()
    assert figures(dataset) == figures(load(intake))
    victims = dataset.tables["Victims"].set_index("_row")
    assert victims.loc[10, "exploitation"] == "mixed"  # forced labour and sexual exploitation
    assert victims.loc[10, "nationality"] == "KR"  # the first citizenship, comma and all
    assert victims.loc[11, "exploitation"] == "labor"  # organ removal aside
    assert victims.loc[12, "exploitation"] == "other"
    assert victims.loc[13, "exploitation"] == "sex"  # from the type of sex exploitation


def test_a_v1_register_has_confirmed_victims_only(tmp_path, no_key):
    people = [without_v2(p) for p, _ in PEOPLE]
    register = reg.fill(reg.V1, people, tmp_path / "register.xlsx")
    expected = [{**row, "status": "confirmed"} for _, row in PEOPLE]
    for row, (person, _) in zip(expected, PEOPLE):
        if "vic_TraffickinStatusDecisionMakingOrg" in person:
            row.pop("identified_by")
    dataset = load(register)
    assert dataset.report.ok, dataset.report.summary()
    assert figures(dataset) == figures(load(reg.intake_victims(expected, tmp_path / "in.xlsx")))
    assert set(dataset.tables["Victims"]["status"]) == {"confirmed"}
    register_notice = next(i for i in dataset.report.issues if i.code == "htcds-register")
    assert "HTCDS 1.0" in register_notice.message
    assert "confirmed victim" in register_notice.message


def test_a_register_renamed_victims_or_without_its_label_row(tmp_path, no_key):
    import openpyxl

    path = reg.fill(reg.V2, [p for p, _ in PEOPLE], tmp_path / "renamed.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.worksheets[0].title = "Victims"
    wb.save(path)
    dataset = load(path)
    assert dataset.report.ok and len(dataset.tables["Victims"]) == len(PEOPLE)
    # a clerk deleted the label row: the first person is on row 2, and is read
    path = reg.fill(reg.V2, [p for p, _ in PEOPLE], tmp_path / "nolabels.xlsx", first_row=2,
                    keep_labels=False)
    dataset = load(path)
    assert dataset.report.ok, dataset.report.summary()
    assert sorted(dataset.tables["Victims"]["_row"]) == list(range(2, 2 + len(PEOPLE)))


def test_a_register_exported_as_csv(tmp_path, no_key):
    import openpyxl

    path = reg.fill(reg.V2, [p for p, _ in PEOPLE], tmp_path / "register.xlsx")
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    text = io.StringIO()
    writer = csv.writer(text)
    for row in rows[: 2 + len(PEOPLE)]:
        writer.writerow(["" if v is None else v.date().isoformat() if hasattr(v, "date")
                         else v for v in row])
    target = tmp_path / "htcds_export.csv"
    target.write_text(text.getvalue(), encoding="utf-8")
    dataset = load(target)
    assert dataset.report.ok, dataset.report.summary()
    intake = reg.intake_victims([row for _, row in PEOPLE], tmp_path / "intake.xlsx")
    assert figures(dataset) == figures(load(intake))


# --- ids -----------------------------------------------------------------------------------


def test_keyed_pseudonyms_survive_a_resorted_register(tmp_path, key):
    people = [p for p, _ in PEOPLE]
    first = load(reg.fill(reg.V2, people, tmp_path / "first.xlsx"))
    shuffled = people[:]
    random.Random(7).shuffle(shuffled)
    again = load(reg.fill(reg.V2, shuffled, tmp_path / "again.xlsx"))

    def ids(dataset):
        victims = dataset.tables["Victims"]
        return {day: i for day, i in zip(victims["identified_on"], victims["victim_id"])
                if i.startswith("H-")}

    assert ids(first) == ids(again)
    assert len(ids(first)) == 6 and all(len(i) == 18 for i in ids(first).values())
    # the one person without a birth date keeps the file and row, and the report says so
    notice = next(i for i in first.report.issues if i.code == "htcds-ids-not-matchable")
    assert "row 8" in notice.message
    # the key is never written anywhere
    for dataset in (first, again):
        assert KEY not in json.dumps(dataset.report.to_dict(), default=str)
        assert KEY not in dataset.report.summary()


def test_the_same_person_in_two_registers_is_counted_once(tmp_path, key):
    one = reg.fill(reg.V2, [PEOPLE[0][0]], tmp_path / "ngo.xlsx")
    two = reg.fill(reg.V2_SINGLE, [PEOPLE[0][0]], tmp_path / "shelter.xlsx")
    dataset = load(one, two)
    assert [i.code for i in dataset.report.errors] == ["id-duplicate", "id-duplicate"]


def test_without_a_key_ids_are_the_file_and_row(tmp_path, no_key):
    path = reg.fill(reg.V2, [p for p, _ in PEOPLE[:2]], tmp_path / "register.xlsx")
    dataset = load(path)
    assert list(dataset.tables["Victims"]["victim_id"]) == [f"{path} row 3", f"{path} row 4"]
    notice = next(i for i in dataset.report.issues if i.code == "htcds-ids-not-matchable")
    assert schema_htcds.KEY_ENV in notice.message and "cannot be matched" in notice.message


def test_a_short_key_is_warned_about_without_being_shown(tmp_path, monkeypatch):
    monkeypatch.setenv(schema_htcds.KEY_ENV, "k3y")
    dataset = load(reg.fill(reg.V2, [PEOPLE[0][0]], tmp_path / "register.xlsx"))
    (warning,) = [i for i in dataset.report.issues if i.code == "htcds-key-short"]
    assert "k3y" not in warning.message


# --- personal data ---------------------------------------------------------------------------


def test_birth_dates_give_the_age_and_are_never_shown(tmp_path, no_key):
    late = {**PEOPLE[0][0], "prs_Birthdate": reg.d("2025-07-01")}  # after the referral
    garbled = {**PEOPLE[1][0], "prs_Birthdate": "31/02/1990"}
    dataset = load(reg.fill(reg.V2, [late, garbled], tmp_path / "register.xlsx"))
    warnings_ = [i for i in dataset.report.issues if i.code == "htcds-birthdate-unusable"]
    assert [(w.row, w.column, w.header, w.value) for w in warnings_] == [
        (4, "G", "prs_Birthdate", None), (3, "G", "prs_Birthdate", None)]
    text = json.dumps(dataset.report.to_dict(), default=str) + dataset.report.summary()
    for secret in ("2025-07-01", "31/02/1990", "Sokha", "Dara", "+855", "Chan Vanna"):
        assert secret not in text
    assert dataset.tables["Victims"]["age"].isna().all()
    assert dataset.report.ok


def test_case_worker_names_are_searched_for_in_printed_text(tmp_path, no_key):
    """The case owner's name is personal data like the person's own: typed into an activity's
    description in another file, the description is withheld."""
    import openpyxl

    register = reg.fill(reg.V2, [PEOPLE[0][0]], tmp_path / "register.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Activities"
    ws.append(["activity_id", "pillar", "kind", "title", "start_on", "description"])
    ws.append(["A-1", "protection", "training", "Case management training", "2025-06-01",
               "Led by Chan Vanna for the shelter staff"])
    wb.save(tmp_path / "activities.xlsx")
    dataset = load(register, tmp_path / "activities.xlsx")
    (warning,) = [i for i in dataset.report.issues if i.code == "personal-data-in-text"]
    assert (warning.sheet, warning.row, warning.header) == ("Activities", 2, "description")
    assert dataset.tables["Activities"]["description"][0] == "[withheld: personal data]"


# --- problems, located ------------------------------------------------------------------------


def test_problems_are_located_by_row_and_field_name(tmp_path, no_key):
    people = [
        {**PEOPLE[0][0], "prs_Gender": "Woman (trans)"},
        {**PEOPLE[1][0], "vic_TypeOfExploitation": "Forced labour; Fishing"},
        {**PEOPLE[2][0], "cas_IncomingReferralDate": None},
    ]
    path = reg.fill(reg.V2, people, tmp_path / "register.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.worksheets[0]["AJ3"] = "Additional Services Required"  # under no field name
    wb.save(path)
    dataset = load(path)
    found = {(i.code, i.row, i.column, i.header) for i in dataset.report.errors}
    assert found == {("code-unknown", 3, "H", "prs_Gender"),
                     ("code-unknown", 4, "X", "vic_TypeOfExploitation"),
                     ("value-missing", 5, "AD", "cas_IncomingReferralDate")}
    (unnamed,) = [i for i in dataset.report.issues if i.code == "htcds-column-without-name"]
    assert unnamed.column == "AJ" and "Reason for Outgoing Referral" in unnamed.message
    (entry,) = dataset.report.ledger
    assert (entry.read, entry.accepted, entry.rejected) == (3, 0, 3)


def test_several_forms_of_exploitation_make_one():
    assert combine_exploitation({"sex", "labor"}) == "mixed"
    assert combine_exploitation({"sex", "forced_criminality", "other"}) == "mixed"
    assert combine_exploitation({"labor", "other"}) == "labor"
    assert combine_exploitation({"other", "unknown"}) == "other"
    assert combine_exploitation({"unknown"}) == "unknown"
    assert combine_exploitation({"labor", "forced_criminality"}) == "labor"


def test_the_command_line_reads_a_register(tmp_path, no_key):
    path = reg.fill(reg.V2_SINGLE, [p for p, _ in PEOPLE], tmp_path / "register.xlsx")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--date", SUBMITTED_ON.isoformat(), "--quiet", str(path)],
                stdout=out, stderr=err)
    assert code == 0, out.getvalue() + err.getvalue()
    assert "HTCDS 2.0 register" in out.getvalue()
    out = io.StringIO()
    code = main(["figures", "--date", SUBMITTED_ON.isoformat(), "--year", "2026", "--format",
                 "json", str(path)], stdout=out, stderr=io.StringIO())
    assert code == 0
    assert json.loads(out.getvalue())["protection"]["victims_identified"]["current"] == 5
