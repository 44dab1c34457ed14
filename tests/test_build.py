"""Building the submission end to end: workbooks in, the real PDF, DOCX and HTML read back."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from pypdf import PdfReader

import tipreport
from tipreport.cli import main

D = dt.date
SECTION_ORDER = [
    "Summary", "Introduction", "Response to the previous report's recommendations",
    "Prosecution", "Protection", "Prevention", "Partnership", "Trafficking profile",
    "Offences outside the trafficking figures", "Challenges and next steps", "Conclusion",
    "Data notes",
]


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def docx_document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    """Paragraphs, then table cells; no-break spaces (which keep a value on one line) read as
    spaces."""
    d = docx_document(data)
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def sample():
    submission = tipreport.build(tipreport.sample_data())
    return submission, submission.to_pdf(), submission.to_docx(), submission.to_html()


def test_sample_builds_with_the_submission_date_and_name(sample):
    submission, pdf, docx_bytes, html = sample
    assert submission.figures.submitted_on == D(2026, 1, 30)
    assert submission.stem == "cambodia-tip-2026-submission-2026-01-30"
    assert pdf.startswith(b"%PDF") and docx_bytes.startswith(b"PK")
    assert "<html" in html


def test_pdf_and_docx_carry_the_figures(sample):
    submission, pdf, docx_bytes, _ = sample
    f = submission.figures
    text, dtext = pdf_text(pdf), docx_text(docx_bytes)
    inv = f.prosecution["investigations"]
    sus = f.prosecution["suspects_investigated"]
    # the comparison span is said once, then the previous value follows in brackets
    sentence = (f"investigated {inv.current:,} trafficking cases ({inv.previous:,}) involving "
                f"{sus.current:,} suspects ({sus.previous:,})")
    assert sentence in " ".join(dtext.split())
    assert sentence in " ".join(text.split())
    for fig in (f.prosecution["convictions"], f.protection["victims_identified"],
                f.protection["referred"], f.prevention["reached_in_person"]):
        for value in (fig.current, fig.previous, fig.previous_full):
            assert f"{value:,}" in text
            assert f"{value:,}" in dtext
    # a breakdown value, as in the form-of-exploitation table: "current (previous)"
    labor = inv.by["exploitation"]["labor"]
    assert f"{labor.current:,} ({labor.previous:,})" in text
    assert f"{labor.current:,} ({labor.previous:,})" in dtext


def test_sections_in_order_in_pdf_and_docx(sample):
    _, pdf, docx_bytes, _ = sample
    d = docx_document(docx_bytes)
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings[:len(SECTION_ORDER)] == SECTION_ORDER
    # then the annexes, after the data notes
    assert headings[len(SECTION_ORDER):] and all(
        h.startswith("Annex") for h in headings[len(SECTION_ORDER):])
    # the PDF's bookmarks follow its headings: the top level lists the chapters in order
    outline = PdfReader(io.BytesIO(pdf)).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert [t for t in top if t in SECTION_ORDER] == SECTION_ORDER


def test_readiness_only_in_the_preview(sample):
    _, pdf, docx_bytes, html = sample
    assert "Readiness" in html and "increased" in html
    assert "Readiness" not in pdf_text(pdf)
    assert "Readiness" not in docx_text(docx_bytes)


def test_cover_and_metadata(sample):
    submission, pdf, docx_bytes, _ = sample
    text = pdf_text(pdf)
    first = text[: text.index("Contents")]
    for expected in ("Cambodia", "Submission to the 2026 Trafficking in Persons Report",
                     "1 April 2025 – 31 March 2026", "15 January 2026", "30 January 2026",
                     "contact@example.org"):
        assert expected in first, expected
    reader = PdfReader(io.BytesIO(pdf))
    assert "Cambodia" in reader.metadata.title
    assert reader.metadata.author == submission.figures.submission["government_body"]
    assert "Submitted 30 January 2026" in reader.pages[2].extract_text()
    assert "Page 3 of" in reader.pages[2].extract_text()
    props = docx_document(docx_bytes).core_properties
    assert props.created.date() == D(2026, 1, 30) and props.modified.date() == D(2026, 1, 30)
    assert props.author == submission.figures.submission["government_body"]
    assert "2026" in props.title


# --- small workbooks ------------------------------------------------------------------------------

INJECTED = ['<script>alert("x")</script>', "{{ 7*7 }}", '=HYPERLINK("http://x.example","y")']


def small_workbook(path: Path, *, victims: bool = True, bad_row: bool = False,
                   text: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    cases = wb.create_sheet("Cases")
    cases.append(["case_id", "opened_on", "offense", "exploitation", "highlight", "summary"])
    cases.append(["C1", D(2025, 5, 1), "trafficking", "labor", "yes",
                  text or " ".join(INJECTED)])
    cases.append(["C2", D(2024, 5, 1), "trafficking", "sex", None, None])
    if bad_row:
        cases.append(["C3", "31/02/2025", "trafficking", "sex", None, None])
    if victims:
        v = wb.create_sheet("Victims")
        v.append(["victim_id", "identified_on", "sex", "nationality"])
        v.append(["V1", D(2025, 6, 1), "F", "KH"])
    a = wb.create_sheet("Activities")
    a.append(["activity_id", "pillar", "kind", "title", "start_on", "description"])
    a.append(["A1", "prevention", "awareness", INJECTED[0], D(2025, 7, 1), INJECTED[2]])
    a["F2"].data_type = "s"  # text that looks like a formula, as typed with a leading '
    n = wb.create_sheet("Narrative")
    n.append(["section", "text"])
    n.append(["introduction", " / ".join(INJECTED)])
    s = wb.create_sheet("Submission")
    for row in (["Key", "Value"], ["country", "Cambodia"], ["government_body", "Committee"],
                ["submitted_on", "2026-01-30"], ["data_through", "2026-01-15"]):
        s.append(row)
    wb.save(path)
    return path


def test_workbook_text_is_rendered_literally(tmp_path):
    sub = tipreport.build(small_workbook(tmp_path / "inject.xlsx"))
    html = sub.to_html()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or \
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    text = " ".join(pdf_text(sub.to_pdf()).split())
    dtext = docx_text(sub.to_docx())
    for s in INJECTED:
        assert s in text, s
        assert s in dtext, s


def test_same_inputs_same_bytes(tmp_path):
    path = small_workbook(tmp_path / "same.xlsx")
    a, b = tipreport.build(path), tipreport.build(path)
    assert a.to_pdf() == b.to_pdf()
    assert a.to_docx() == b.to_docx()
    assert a.to_html() == b.to_html()


def test_missing_sheet_is_said_not_hidden(tmp_path):
    sub = tipreport.build(small_workbook(tmp_path / "novictims.xlsx", victims=False))
    text = " ".join(pdf_text(sub.to_pdf()).split())
    assert "No victim data was supplied for this period" in text
    assert "No victim data was supplied for this period" in docx_text(sub.to_docx())
    assert "Protection" in text


def test_one_template_override_extends_the_default(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "cover.html").write_text(
        '{% extends "default:cover.html" %}{% block cover_extra %}'
        "<p>Reviewed by the legal unit</p>{% endblock %}", encoding="utf-8")
    sub = tipreport.build(small_workbook(tmp_path / "o.xlsx"), templates=folder)
    assert "Reviewed by the legal unit" in sub.to_html()
    assert "Reviewed by the legal unit" in pdf_text(sub.to_pdf())


def test_prose_template_override(tmp_path):
    folder = tmp_path / "mine"
    (folder / "prose").mkdir(parents=True)
    (folder / "prose" / "summary.txt").write_text(
        "In total {{ f.prosecution.investigations.current|n }} investigations.",
        encoding="utf-8")
    sub = tipreport.build(small_workbook(tmp_path / "o.xlsx"), templates=folder)
    assert "In total 1 investigations." in sub.to_html()


def test_letter_page_size(tmp_path):
    sub = tipreport.build(small_workbook(tmp_path / "l.xlsx"), page_size="letter")
    box = PdfReader(io.BytesIO(sub.to_pdf())).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_build_refuses_errors_unless_allowed(tmp_path):
    path = small_workbook(tmp_path / "bad.xlsx", bad_row=True)
    with pytest.raises(tipreport.DataError):
        tipreport.build(path)
    sub = tipreport.build(path, allow_errors=True)
    text = " ".join(pdf_text(sub.to_pdf()).split())
    notes = text[text.rindex("Data notes"):]
    assert "left out of every figure because of errors" in notes
    assert "bad.xlsx" in notes and "date-impossible" in notes


def test_cli_build_writes_its_files_atomically_named(tmp_path):
    path = small_workbook(tmp_path / "cli.xlsx")
    out = tmp_path / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["build", str(path), "--year", "2026", "--date", "2026-01-30", "--out",
                 str(out), "--quiet"], stdout=stdout, stderr=stderr)
    assert code == 0, stderr.getvalue()
    names = sorted(p.name for p in out.iterdir())
    assert names == ["cambodia-tip-2026-submission-2026-01-30-audit.xlsx",
                     *(f"cambodia-tip-2026-submission-2026-01-30.{e}"
                       for e in ("docx", "figures.json", "html", "pdf"))]
    assert stderr.getvalue() == ""


def test_cli_build_with_errors_writes_nothing(tmp_path):
    path = small_workbook(tmp_path / "bad.xlsx", bad_row=True)
    out = tmp_path / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["build", str(path), "--out", str(out), "--quiet"], stdout=stdout,
                stderr=stderr)
    assert code == 1
    assert not out.exists() or not any(out.iterdir())
    assert "date-impossible" in stdout.getvalue()
    code = main(["build", str(path), "--out", str(out), "--quiet", "--allow-errors"],
                stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0 and len(list(out.iterdir())) == 5  # PDF, DOCX, HTML, figures, audit


def test_cli_build_bad_options(tmp_path):
    err = io.StringIO()
    assert main(["build", "--page-size", "a3"], stdout=io.StringIO(), stderr=err) == 2
    assert main(["build", str(tmp_path / "missing.xlsx"), "--out", str(tmp_path / "o")],
                stdout=io.StringIO(), stderr=io.StringIO()) == 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_opens_in_libreoffice(tmp_path):
    sub = tipreport.build(small_workbook(tmp_path / "lo.xlsx"))
    target = tmp_path / "s.docx"
    sub.to_docx(target)
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
        capture_output=True, text=True, timeout=180)
    converted = tmp_path / "s.pdf"
    assert converted.exists(), result.stderr
    text = pdf_text(converted.read_bytes())
    assert "Submission to the 2026 Trafficking in Persons Report" in text
    assert "Data notes" in text


def test_calendar_year_section_is_labelled_and_apart(tmp_path):
    sub = tipreport.build(small_workbook(tmp_path / "cal.xlsx"), calendar_year=2025)
    d = docx_document(sub.to_docx())
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings[-2:] == ["Calendar-year figures, January–December 2025", "Data notes"]
    text = " ".join(pdf_text(sub.to_pdf()).split())
    assert "They are not TIP-period figures and are never added to them" in text
    assert sub.figures.calendar.prosecution["investigations"].current == 1
