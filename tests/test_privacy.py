"""Personal data never reaches an output: dropped columns, and personal data typed into text.

The end-to-end test plants markers — a name that also sits in a dropped "Name of victim"
column, a Khmer name, a phone number (also in Khmer digits), a passport number, an e-mail
address and an identity-card number — in every printed text column and in the narrative, builds
the real PDF, DOCX and HTML, and reads them back: no marker is there, the published hotline and
the contact e-mail are, and every row still counts.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pdfplumber
import pytest

import tipreport
from tipreport import schema
from tipreport.cli import main
from tipreport.privacy import WITHHELD, Guard, printed_text_columns

NAME = "Sreyneang Markerova"
KHMER_NAME = "ស្រីនាង ម៉ាកឃឺ"
PHONE = "+855 97 765 4321"
PASSPORT = "N4455667"
EMAIL = "sreyneang.private@gmail.com"
ID_CARD = "ID card no. 010203040"
KHMER_PHONE = "០៩៧ ៧៦៥ ៤៣២១"  # 097 765 4321, in Khmer digits

#: text carrying each marker, as a clerk might type it
PLANTED = {
    "name": f"Support for {NAME} continued after the trial.",
    "khmer": f"ជនរងគ្រោះ{KHMER_NAME.replace(' ', '')}ត្រូវបានជួយ។",  # no spaces, as Khmer runs
    "phone": f"Her family can be reached on {PHONE} for follow-up.",
    "khmer_phone": f"ទូរស័ព្ទ {KHMER_PHONE}",
    "passport": f"Passport {PASSPORT} was returned to the survivor.",
    "email": f"Write to {EMAIL} for the file.",
    "id": f"She showed her {ID_CARD} at the border.",
}
#: what must never be found in an output (whitespace removed before searching)
MARKERS = ["Markerova", "ម៉ាកឃឺ", "7654321", "៧៦៥", PASSPORT, "sreyneang.private",
           "010203040"]

HOTLINE = "+855 23 999 888"
CONTACT = "focal.point@mosvy.gov.kh"
PUBLIC_ADDRESS = "info@interior.gov.kh"
ALLOWED = (f"Call the national hotline {HOTLINE} (or 023 999 888), write to {CONTACT} or "
           f"to {PUBLIC_ADDRESS}.")


def planted_workbook(path) -> None:
    wb = openpyxl.Workbook()
    cases = wb.active
    cases.title = "Cases"
    cases.append(["case_id", "opened_on", "offense", "exploitation", "province", "lead_agency",
                  "law", "summary", "highlight"])
    defendants = wb.create_sheet("Defendants")
    defendants.append(["case_id", "person_id", "sex", "charged_on", "verdict", "verdict_on",
                       "prison_months", "conviction_law"])
    activities = wb.create_sheet("Activities")
    activities.append(["activity_id", "pillar", "kind", "title", "start_on", "agency",
                       "partners", "location", "participants", "description", "result"])
    recs = wb.create_sheet("Recommendations")
    recs.append(["rec_id", "recommendation", "prioritized", "status", "response", "evidence"])
    narrative = wb.create_sheet("Narrative")
    narrative.append(["section", "order", "text"])
    sections = ["introduction", "prosecution", "protection", "prevention", "partnership",
                "challenges", "conclusion"]
    for i, (kind, text) in enumerate(PLANTED.items(), start=1):
        day = f"2025-{5 + i:02d}-1{i}"
        cases.append([f"C-{i}", day, "trafficking", "labor", text, text, text, text, "yes"])
        defendants.append([f"C-{i}", f"P-{i}", "male", day, "convicted", "2025-12-01", 24,
                           text])
        activities.append([f"A-{i}", "prevention", "training", text, day, text, text, text,
                           10 * i, text, text])
        recs.append([f"R-{i}", text, "yes", "in_progress", text, text])
        narrative.append([sections[i - 1], 1, text])
    narrative.append(["introduction", 2, ALLOWED])
    victims = wb.create_sheet("Victims")
    victims.append(["victim_id", "identified_on", "sex", "age", "Name of victim", "Khmer name",
                    "Phone no.", "Passport No.", "E-mail", "Date of birth"])
    victims.append(["V-1", "2025-07-01", "female", 17, NAME, KHMER_NAME, PHONE, PASSPORT, EMAIL,
                    "2008-02-03"])
    victims.append(["V-2", "2025-07-02", "female", 19, "Sok", "", "", "", "", ""])
    submission = wb.create_sheet("Submission")
    submission.append(["key", "value"])
    for key, value in (("country", "Cambodia"), ("report_year", 2026),
                       ("submitted_on", "2026-01-30"), ("government_body", "National Committee"),
                       ("contact_name", "Focal Point"), ("contact_email", CONTACT),
                       ("public_numbers", f"{HOTLINE}, 1288"),
                       ("public_domains", "interior.gov.kh")):
        submission.append([key, value])
    wb.save(path)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    source = folder / "planted.xlsx"
    planted_workbook(source)
    submission = tipreport.build(source)
    return source, submission, {
        "pdf": pdf_text(submission.to_pdf()),
        "docx": docx_text(submission.to_docx()),
        "html": submission.to_html(),
    }


def test_no_marker_reaches_any_output(built):
    _, _, texts = built
    for fmt, text in texts.items():
        flat = squeezed(text)
        for marker in MARKERS:
            assert squeezed(marker) not in flat, (fmt, marker)
        assert squeezed(WITHHELD) in flat, fmt


def test_allowed_numbers_and_addresses_are_printed(built):
    _, _, texts = built
    for fmt, text in texts.items():
        flat = squeezed(text)
        for allowed in (HOTLINE, "023999888", CONTACT, PUBLIC_ADDRESS):
            assert squeezed(allowed) in flat, (fmt, allowed)


def test_every_planted_cell_is_withheld_with_a_located_warning(built):
    source, submission, _ = built
    dataset = submission.dataset
    found = [i for i in dataset.report.issues if i.code == "personal-data-in-text"]
    expected = sum(len(PLANTED) * len(columns) for sheet, columns in
                   printed_text_columns().items() if sheet in dataset.tables
                   and dataset.supplied(sheet) and columns
                   and sheet not in ("Victims",))
    assert len(found) == expected
    for issue in found:
        assert issue.severity == "warning"
        assert issue.file == str(source) and issue.sheet and issue.row and issue.column
        assert issue.value is None  # the personal data is never repeated
        assert not any(squeezed(m) in squeezed(issue.message) for m in MARKERS)
    for sheet, columns in printed_text_columns().items():
        frame = dataset.tables[sheet]
        for column in columns:
            for value in frame[column].dropna():
                assert value == WITHHELD or value == ALLOWED, (sheet, column, value)
    # the rows still count
    assert submission.figures.prosecution["investigations"].current == len(PLANTED)
    assert len(dataset.tables["Activities"]) == len(PLANTED)
    # and the build says so, cell by cell
    assert sum("personal-data" in w or "withheld" in w for w in submission.warnings) == \
        len(found)


def test_check_prints_where_but_never_what(built, capsys):
    source, _, _ = built
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", str(source), "--format", "json"], stdout=out, stderr=err)
    assert status == 0
    assert '"personal-data-in-text"' in out.getvalue()
    for marker in MARKERS:
        assert squeezed(marker) not in squeezed(out.getvalue() + err.getvalue())


# --- the rules, one by one ---------------------------------------------------------------------


def guard(dropped=(), **submission) -> Guard:
    return Guard([(header, kind, value) for header, kind, value in dropped], submission)


@pytest.mark.parametrize("text, hit", [
    ("Sok went home.", False),  # a single short name only as the whole text
    ("Sok", True),
    ("  sok ", True),
    ("Chanthy was helped.", False),  # 7 characters, one word
    ("Sokunthearith was helped.", True),  # 8 characters or more
    ("Meas Sophea and her brother", True),  # two words
    ("Sophea Meas", False),  # not the same phrase
    ("Unknown", False),  # a placeholder identifies no one
    ("Born 03/02/2008 in Takeo.", True),  # a dropped birth date, as typed
    ("Office at Phnom Penh.", False),  # an address that is only a place
    ("#12, Street 271, Phnom Penh", True),  # a home address
])
def test_dropped_values(text, hit):
    g = guard([("Name", "name", "Sok"), ("Name", "name", "Sokunthearith"),
               ("Name", "name", "Chanthy"), ("Name", "name", "Meas Sophea"),
               ("Name", "name", "Unknown"), ("DOB", "birth", "2008-02-03"),
               ("Address", "address", "Phnom Penh"),
               ("Address", "address", "#12, Street 271, Phnom Penh"),
               ("Village", "place", "Prey Veng")])
    assert (g.find(text) is not None) == hit, text


def test_a_place_column_is_dropped_but_not_searched():
    import datetime as dt

    g = Guard.from_sheets([type("Raw", (), {"personal": {
        "Village": ("place", ("Prey Veng",)),
        "Date of birth": ("birth", (dt.datetime(2008, 2, 3),)),
    }})()])
    assert g.find("Prey Veng province") is None
    assert g.find("born 2008-02-03") is not None


@pytest.mark.parametrize("text, kind", [
    ("Call 012 345 678 today", "phone"),
    ("Call +855 12 345 678", "phone"),
    ("ទូរស័ព្ទ ០១២ ៣៤៥ ៦៧៨", "phone"),  # Khmer digits
    ("Call (023) 123-4567", "phone"),
    ("Passport N1234567", "passport"),
    ("passport AB12345678 seized", "passport"),
    ("Mail x.y@gmail.com", "email"),
    ("ID card no. 010203040", "national_id"),
    ("national ID: 123456789", "national_id"),
    ("អត្តសញ្ញាណប័ណ្ណលេខ ០១០២០៣០៤០", "national_id"),
    ("Thai ID 1-2345-67890-12-3", "national_id"),
])
def test_patterns(text, kind):
    found = guard().find(text)
    assert found is not None and found.kind == kind, text


@pytest.mark.parametrize("text", [
    "In 2025 the court convicted 12 traffickers.",
    "The budget was KHR 150,000,000 (USD 36,500).",
    "Hearing on 05-01-2025 at 09.30.",  # a date is not a phone number
    "Call 1288, the hotline.",  # too short to be a personal phone
    "Case C-2025-0012 was closed.",
    "Article 12 of the 2008 law.",
    "The ratio was 0.5 per 1000.",
])
def test_ordinary_text_is_not_withheld(text):
    assert guard().find(text) is None, text


def test_allowances():
    g = guard(contact_email="Focal@MoSVY.gov.kh", public_numbers="+855 23 999 888; 1288",
              public_domains="interior.gov.kh, @police.gov.kh")
    assert g.find("Call +855 23 999 888") is None
    assert g.find("Call 023 999 888") is None  # the same number, written nationally
    assert g.find("Call 023 999 887") is not None
    assert g.find("Write to focal@mosvy.gov.kh") is None
    assert g.find("Write to other@mosvy.gov.kh") is not None  # only the contact's address
    assert g.find("Write to desk@interior.gov.kh or desk@ahtjp.police.gov.kh") is None
    assert g.find("Write to desk@interior.gov.kh.evil.com") is not None


def test_khmer_names_are_found_without_spaces():
    g = guard([("ឈ្មោះ", "name", "សុខ ដារា"), ("ឈ្មោះ", "name", "ចាន់")])
    assert g.find("ជនរងគ្រោះសុខដារាបានត្រឡប់ទៅផ្ទះវិញ") is not None
    assert g.find("សុខ ដារា") is not None
    assert g.find("ចាន់បានទៅ") is None  # a short single name, inside a longer text


# --- recognising the headers ---------------------------------------------------------------------

#: the person fields of the real HTCDS v1.0 and v2.0 registers (row 1 of Sheet1), and what they
#: hold
HTCDS = {
    "cas_CaseOwner": "name", "prs_Salutation": "other", "prs_FirstName": "name",
    "prs_SecondName": "name", "prs_Birthdate": "birth", "prs_Title": "other",
    "prs_Email": "email", "prs_HomePhone": "phone", "prs_MobilePhone": "phone",
    "prs_MailingCity": "place", "prs_MailingCountry": "place", "prs_MailingState": "place",
    "prs_MailingStreet": "address", "prs_MailingPostalCode": "place",
    "cas_ReferringPrimaryCaseWorker": "name", "cas_ReferredPrimaryCaseWorker": "name",
}


@pytest.mark.parametrize("header, kind", [
    *HTCDS.items(),
    ("Name of victim", "name"), ("Victim's name", "name"), ("Khmer name", "name"),
    ("Name (Khmer)", "name"), ("FULL NAME", "name"), ("Mother's name", "name"),
    ("Case worker", "name"), ("Phone no.", "phone"), ("Mobile phone number", "phone"),
    ("Tel.", "phone"), ("E-mail address", "email"), ("Passport No.", "document"),
    ("National ID number", "document"), ("Date of birth (DD/MM/YYYY)", "birth"),
    ("D.O.B.", "birth"), ("Home address", "address"), ("Photo", "photo"),
    ("ឈ្មោះ", "name"), ("ឈ្មោះជនរងគ្រោះ", "name"), ("ឈ្មោះ ជនសង្ស័យ", "name"),
    ("ថ្ងៃខែឆ្នាំកំណើត", "birth"), ("លេខទូរស័ព្ទ", "phone"), ("អាសយដ្ឋាន", "address"),
    ("លេខលិខិតឆ្លងដែន", "document"), ("អត្តសញ្ញាណប័ណ្ណ", "document"),
])
def test_personal_headers(header, kind):
    assert schema.personal_data_kind(header) == kind


@pytest.mark.parametrize("header", [
    "Name of activity", "Agency name", "Shelter name", "Organisation", "Phone calls received",
    "Victim ID", "Title", "Province", "Hotline", "Summary", "Case ID",
])
def test_ordinary_headers_are_not_personal(header):
    assert schema.personal_data_kind(header) is None


def test_the_dropped_columns_are_not_kept(built):
    _, submission, _ = built
    victims = submission.dataset.tables["Victims"]
    assert not [c for c in victims.columns if "name" in c.lower() or "phone" in c.lower()]
    codes = [i for i in submission.dataset.report.issues if i.code == "personal-data-dropped"]
    assert {i.header for i in codes} == {"Name of victim", "Khmer name", "Phone no.",
                                         "Passport No.", "E-mail", "Date of birth"}


def test_a_contact_e_mail_given_as_an_option_is_printed_not_withheld(tmp_path):
    """The contact e-mail may come from --contact-email / contact_email= instead of the
    Submission sheet: printed text that holds it is still allowed."""
    import openpyxl

    path = tmp_path / "contact.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("Narrative")
    ws.append(["section", "text"])
    ws.append(["conclusion", "Questions: write to focal.point@ministry.example.org."])
    wb.save(path)
    sub = tipreport.build(path, submitted_on="2026-01-30", year=2026,
                          contact_email="focal.point@ministry.example.org")
    assert not [i for i in sub.dataset.report.issues if i.code == "personal-data-in-text"]
    assert "focal.point@ministry.example.org" in sub.to_html()
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(path), "--date", "2026-01-30"], stdout=out, stderr=err) == 0
    assert "personal-data-in-text" in out.getvalue()  # check knows no contact: it warns
