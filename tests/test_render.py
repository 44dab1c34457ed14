"""The renderers: HTML preview, PDF (WeasyPrint) and DOCX (python-docx), on small hand-built
documents. PDFs are checked by their text, structure and metadata; DOCX by its XML."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tipreport._io import write_atomic
from tipreport.document import BulletList, Chart, Cover, Document, Paragraph, Section, Table
from tipreport.errors import MissingDependencyError, OutputError, TemplateError
from tipreport.render import charts
from tipreport.render.docx import render_docx
from tipreport.render.html import css_string, render_html
from tipreport.render.pdf import render_pdf, url_fetcher
from tipreport.resources import templates_dir

SCRIPT = "<script>alert(1)</script>"
JINJA = "{{ 7*7 }}"
FORMULA = '=HYPERLINK("http://x","y")'
ALT = ("Bar chart comparing this period with the previous period: investigations 412 this "
       "period, 358 previously; convictions 164 this period, 139 previously.")


def make_document(page_size: str = "a4", **changes) -> Document:
    chart = Chart("Investigations and convictions", ALT, ("Investigations", "Convictions"),
                  (("Previous period", (358.0, 139.0)), ("This period", (412.0, 164.0))),
                  "overview", value_label="cases")
    headline = Table(
        "Headline figures", ("Figure", "This period", "Previous period", "Change"),
        (("Investigations", "412", "358", "+15%"), ("Victims identified", "1,284", "1,107",
                                                    "+16%"),
         ("Total", "1,696", "1,465", "+16%")),
        ("l", "r", "r", "r"), (2,), "headline", "Counted by the date of each event.",
        (0.4, 0.2, 0.2, 0.2))
    injected = Table("Cells from the workbook", ("Case", "Note"),
                     (("C-1", SCRIPT), ("C-2", JINJA), ("C-3", FORMULA)), ("l", "l"))
    sections = (
        Section("summary", "Summary", (
            Paragraph("The government investigated 412 cases.", "lead"), headline, chart)),
        Section("prosecution", "Prosecution", (
            Paragraph(f"Ministry text: {SCRIPT} {JINJA} {FORMULA}"),
            Paragraph("Case summary.", "example", "Case C-2025-00412."),
            Paragraph("No victim data was supplied for this period.", "warning"),
            injected,
        ), (
            Section("prosecution-sentences", "Sentences", (
                BulletList(("Less than 1 year: 4", "1 to 5 years: 61")),), (
                Section("prosecution-sentences-detail", "Sentence detail", (
                    Paragraph("Detail in level three.", "note"),), level=3),
            ), level=2),
        )),
    )
    readiness = Section("readiness", "Readiness", (Paragraph("Prosecution: increased."),))
    fields = dict(
        cover=Cover("Cambodia", "National Committee for Counter Trafficking",
                    "Submission to the 2026 Trafficking in Persons Report",
                    "1 April 2025 – 31 March 2026", "15 January 2026", "30 January 2026",
                    "Chou Bun Eng", "secretariat@example.gov.kh"),
        sections=sections,
        title="Cambodia — Submission to the 2026 Trafficking in Persons Report",
        author="National Committee for Counter Trafficking",
        subject="Trafficking in Persons Report 2026",
        language="en", submitted_on=dt.date(2026, 1, 30), page_size=page_size,
        running_header="Cambodia · Submission to the 2026 TIP Report",
        running_footer="Submitted 30 January 2026", readiness=readiness,
        labels={"contents": "Contents", "page": "Page", "of": "of"},
    )
    fields.update(changes)
    return Document(**fields)


@pytest.fixture(scope="module")
def document() -> Document:
    return make_document()


@pytest.fixture(scope="module")
def pdf(document) -> bytes:
    return render_pdf(document)


@pytest.fixture(scope="module")
def pdf_reader(pdf):
    pypdf = pytest.importorskip("pypdf")
    return pypdf.PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def pdf_text(pdf) -> str:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


@pytest.fixture(scope="module")
def docx_bytes(document) -> bytes:
    return render_docx(document)


@pytest.fixture(scope="module")
def docx_doc(docx_bytes):
    import docx

    return docx.Document(io.BytesIO(docx_bytes))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _docx_xml(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


# -- HTML ----------------------------------------------------------------------------------------

def test_html_preview_is_self_contained(document):
    html = render_html(document)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<title>Cambodia — Submission to the 2026 Trafficking in Persons Report</title>" in html
    assert '<meta name="author" content="National Committee for Counter Trafficking">' in html
    assert "@font-face" not in html  # the preview does not fetch fonts
    assert not re.search(r"""(src|href)=["']?(https?:|//|file:)""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:|//|file:|fonts/)", html)
    assert 'src="data:image/svg+xml;base64,' in html
    assert f'alt="{ALT}"' in html


def test_html_text_from_workbooks_stays_literal(document):
    html = render_html(document)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html and " 49 " not in html
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html
    assert ("<p class=\"p-body\">Ministry text: &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} "
            "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)</p>") in html
    assert '<td class="l">{{ 7*7 }}</td>' in html


def test_readiness_only_in_the_preview(document):
    preview = render_html(document)
    printed = render_html(document, for_print=True)
    assert "For the ministry only — not part of the submission" in preview
    assert preview.index('class="readiness"') < preview.index('class="cover"')
    assert "For the ministry only" not in printed
    assert "Prosecution: increased." not in printed


def test_print_html_has_page_setup_and_fonts(document):
    printed = render_html(document, for_print=True)
    assert "@page { size: A4;" in printed
    assert 'url("fonts/NotoSans-Regular.ttf")' in printed
    assert 'class="running-header">Cambodia · Submission to the 2026 TIP Report<' in printed
    letter = render_html(make_document("letter"), for_print=True)
    assert "@page { size: letter;" in letter


def test_headings_follow_section_levels(document):
    html = render_html(document)
    assert '<h1 id="summary">Summary</h1>' in html
    assert '<h2 id="prosecution-sentences">Sentences</h2>' in html
    assert '<h3 id="prosecution-sentences-detail">Sentence detail</h3>' in html
    assert 'href="#prosecution-sentences-detail"' in html  # in the contents


def test_labels_cannot_break_out_of_css():
    quoted = css_string('Page"; } body { display: none } </style><script>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and "}" not in quoted
    document = make_document(labels={"page": 'P"}</style><script>x', "of": "/"})
    printed = render_html(document, for_print=True)
    assert "<script>" not in printed


# -- templates -----------------------------------------------------------------------------------

def test_user_template_extends_the_default(tmp_path, document):
    (tmp_path / "cover.html").write_text(
        '{% extends "default:cover.html" %}'
        '{% block cover_extra %}<p class="custom">Prepared by the Secretariat</p>{% endblock %}',
        encoding="utf-8")
    html = render_html(document, templates=tmp_path)
    assert '<p class="custom">Prepared by the Secretariat</p>' in html
    assert "Submission to the 2026 Trafficking in Persons Report" in html  # the default cover
    assert "Prepared by the Secretariat" not in render_html(document)


def test_user_section_template_replaces_one_section(tmp_path, document):
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "summary.html").write_text(
        '<section id="custom-summary"><h1 id="summary">{{ section.title }} (custom)</h1>'
        "</section>", encoding="utf-8")
    html = render_html(document, templates=tmp_path)
    assert '<h1 id="summary">Summary (custom)</h1>' in html
    assert 'id="prosecution"' in html  # the other sections are the default ones
    assert "Headline figures" not in html


def test_user_template_in_the_pdf(tmp_path, document):
    (tmp_path / "cover.html").write_text(
        '{% extends "default:cover.html" %}'
        "{% block cover_extra %}<p>Prepared by the Secretariat</p>{% endblock %}",
        encoding="utf-8")
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(io.BytesIO(render_pdf(document, templates=tmp_path))) as doc:
        assert "Prepared by the Secretariat" in doc.pages[0].extract_text()


@pytest.mark.parametrize("source, where", [
    ("<p>{{ no_such_name }}</p>", "line 1"),
    ("<p>fine</p>\n{% if %}", "line 2"),
])
def test_broken_user_template_raises_template_error(tmp_path, document, source, where):
    (tmp_path / "cover.html").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render_html(document, templates=tmp_path)
    assert "cover.html" in str(info.value) and where in str(info.value)


def test_missing_templates_folder(tmp_path, document):
    with pytest.raises(TemplateError):
        render_html(document, templates=tmp_path / "nope")


# -- PDF -----------------------------------------------------------------------------------------

def test_pdf_text_carries_the_numbers(pdf_text):
    flat = _flat(pdf_text)
    for text in ("Headline figures", "412", "1,284", "1,696", "+16%", "Page 2 of",
                 "Cambodia · Submission to the 2026 TIP Report", "Submitted 30 January 2026"):
        assert text in flat


def test_pdf_text_from_workbooks_stays_literal(pdf_text):
    flat = _flat(pdf_text).replace(" ", "")
    for text in (SCRIPT, JINJA, FORMULA):
        assert text.replace(" ", "") in flat
    assert "For the ministry only" not in pdf_text


def test_pdf_metadata(pdf_reader):
    info = pdf_reader.metadata
    assert info["/Title"] == "Cambodia — Submission to the 2026 Trafficking in Persons Report"
    assert info["/Author"] == "National Committee for Counter Trafficking"
    assert info["/Subject"] == "Trafficking in Persons Report 2026"
    assert info["/CreationDate"].startswith("D:20260130")
    assert info["/ModDate"].startswith("D:20260130")
    root = pdf_reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    xmp = pdf_reader.xmp_metadata
    assert xmp.dc_title["x-default"] == info["/Title"]
    assert "pdfuaid:part=\"1\"" in root["/Metadata"].get_object().get_data().decode()


def _struct_elements(node):
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            yield node
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                yield from _struct_elements(kid)


def test_pdf_is_tagged(pdf_reader):
    root = pdf_reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    elements = list(_struct_elements(root["/StructTreeRoot"]))
    kinds = {e["/S"] for e in elements}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/P", "/Figure", "/L"} <= kinds
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert [f.get("/Alt") for f in figures] == [ALT]


def test_pdf_uses_only_the_shipped_fonts(pdf_reader):
    names = set()
    for page in pdf_reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded
    assert names
    assert all(name.lstrip("/").startswith("TIPreport-Noto-Sans") for name in names), names


def test_pdf_pages(pdf_reader):
    assert len(pdf_reader.pages) >= 3  # cover, contents, then chapters that follow each other
    box = pdf_reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_pdf_letter():
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(make_document("letter"))))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_pdf_is_deterministic(pdf, document):
    again = render_pdf(document)
    assert bytes(again) == bytes(pdf)


def test_pdf_warnings_are_returned_not_printed(tmp_path, document, capsys):
    (tmp_path / "cover.html").write_text(
        '{% extends "default:cover.html" %}'
        '{% block cover_extra %}<img src="file:///etc/passwd" alt="x">{% endblock %}',
        encoding="utf-8")
    result = render_pdf(document, templates=tmp_path)
    assert isinstance(result.warnings, list)
    assert any("/etc/passwd" in w for w in result.warnings)
    captured = capsys.readouterr()
    assert "passwd" not in captured.err and "passwd" not in captured.out


def test_url_fetcher_serves_only_the_templates_folder(tmp_path):
    fetcher = url_fetcher([tmp_path, templates_dir()])
    ofl = fetcher(templates_dir().joinpath("fonts", "OFL.txt").as_uri())
    assert b"SIL OPEN FONT LICENSE" in ofl.read()
    # a file missing from the user's folder is looked up in the default one
    overlay = fetcher((tmp_path / "fonts" / "OFL.txt").as_uri())
    assert b"SIL OPEN FONT LICENSE" in overlay.read()
    assert fetcher("data:text/plain;base64,aGk=").read() == b"hi"
    for url in ("file:///etc/passwd", "http://example.com/x.css", "https://example.com/f.ttf",
                "ftp://example.com/x", templates_dir().as_uri() + "/../../../etc/passwd"):
        with pytest.raises(ValueError):
            fetcher(url)


# -- DOCX ----------------------------------------------------------------------------------------

def test_docx_uses_real_styles(docx_doc):
    used = {p.style.name for p in docx_doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Caption", "List Bullet",
            "Lead", "Example", "Warning", "Note", "TOC Heading"} <= used
    headings = [(p.style.name, p.text) for p in docx_doc.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "Summary"), ("Heading 1", "Prosecution"),
                        ("Heading 2", "Sentences"), ("Heading 3", "Sentence detail")]
    # the tables' look (rules, shaded header row, banded rows) is the reference's table style
    assert all(t.style.name == "TIPreport Table" for t in docx_doc.tables)
    assert len(docx_doc.tables) == 2
    # a chapter does not force a new page: short sections follow each other on a page; only
    # the first chapter starts after the contents, on a page of its own
    assert not docx_doc.styles["Heading 1"].paragraph_format.page_break_before
    firsts = [p for p in docx_doc.paragraphs if p.style.name == "Heading 1"]
    assert firsts[0].paragraph_format.page_break_before
    assert not firsts[1].paragraph_format.page_break_before
    # headings and recommendation quotes keep with what follows them
    for name in ("Heading 1", "Heading 2", "Heading 3", "Quote", "Example", "Caption"):
        assert docx_doc.styles[name].paragraph_format.keep_with_next, name


def test_docx_tables_repeat_header_and_keep_rows(docx_bytes, docx_doc):
    for table in docx_doc.tables:
        rows = table._tbl.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
        assert "<w:tblHeader/>" in _xml(rows[0])
        assert all("<w:cantSplit/>" in _xml(r) for r in rows)
        assert all("<w:tblHeader/>" not in _xml(r) for r in rows[1:])
    headline = docx_doc.tables[0]
    assert [c.text for c in headline.rows[0].cells] == ["Figure", "This period",
                                                        "Previous period", "Change"]
    assert headline.rows[2].cells[1].text == "1,284"
    assert headline.rows[2].cells[1].paragraphs[0].alignment == 2  # right
    # the header row: bold from the table style, and shaded as the reference's style says
    # (the shading is also set on the cells, which every word processor shows)
    header_xml = _xml(headline.rows[0]._tr)
    assert 'w:fill="E3EAF2"' in header_xml
    assert 'w:firstRow="1"' in _xml(headline._tbl.tblPr)
    assert headline.rows[3].cells[0].paragraphs[0].runs[0].bold  # the total row


def _xml(element) -> str:
    from lxml import etree

    return etree.tostring(element).decode().replace(' xmlns:w="http://schemas.openxmlformats.org/'
                                                    'wordprocessingml/2006/main"', "")


def test_docx_core_properties_come_from_the_document(docx_doc):
    core = docx_doc.core_properties
    assert core.title == "Cambodia — Submission to the 2026 Trafficking in Persons Report"
    assert core.author == "National Committee for Counter Trafficking"
    assert core.last_modified_by == "National Committee for Counter Trafficking"
    assert core.subject == "Trafficking in Persons Report 2026"
    assert core.language == "en"
    assert core.created == core.modified == dt.datetime(2026, 1, 30, tzinfo=dt.UTC) \
        or core.created.replace(tzinfo=None) == dt.datetime(2026, 1, 30)
    assert core.revision == 1
    assert not core.comments and not core.keywords  # nothing left from the reference file


def test_docx_contents_field_and_page_numbers(docx_bytes):
    document_xml = _docx_xml(docx_bytes, "word/document.xml")
    assert 'w:fldCharType="begin" w:dirty="true"' in document_xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in document_xml
    settings = _docx_xml(docx_bytes, "word/settings.xml")
    assert '<w:updateFields w:val="true"/>' in settings
    footers = [n for n in zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()
               if n.startswith("word/footer")]
    footer_xml = "".join(_docx_xml(docx_bytes, n) for n in footers)
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert "Submitted 30 January 2026" in footer_xml
    headers = [n for n in zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()
               if n.startswith("word/header")]
    assert any("Cambodia · Submission to the 2026 TIP Report" in _docx_xml(docx_bytes, n)
               for n in headers)


def test_docx_chart_is_an_image_with_alt_text(docx_bytes):
    document_xml = _docx_xml(docx_bytes, "word/document.xml")
    assert f'descr="{ALT}"' in document_xml
    names = zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)


def test_docx_page_size(docx_doc):
    from docx.shared import Mm

    section = docx_doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert section.different_first_page_header_footer
    import docx

    letter = docx.Document(io.BytesIO(render_docx(make_document("letter")))).sections[0]
    assert abs(letter.page_width - Mm(215.9)) < Mm(1)


def test_docx_text_from_workbooks_stays_literal(docx_doc):
    texts = [p.text for p in docx_doc.paragraphs]
    texts += [c.text for t in docx_doc.tables for row in t.rows for c in row.cells]
    joined = "\n".join(texts)
    assert f"Ministry text: {SCRIPT} {JINJA} {FORMULA}" in joined
    for text in (SCRIPT, JINJA, FORMULA):
        assert text in texts


def test_docx_is_deterministic(docx_bytes, document):
    assert render_docx(document) == docx_bytes
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()}
    assert stamps == {(2026, 1, 30, 0, 0, 0)}
    assert zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()[0] == "[Content_Types].xml"


def test_docx_drops_characters_xml_forbids():
    document = make_document(sections=(Section("summary", "Summary", (
        Paragraph("bell\x07 and vertical tab\x0b gone"),)),))
    import docx

    doc = docx.Document(io.BytesIO(render_docx(document)))
    assert "bell and vertical tab gone" in [p.text for p in doc.paragraphs]


def test_reference_docx_is_regenerated_identically(tmp_path):
    script = Path(__file__).resolve().parent.parent / "scripts" / "make_reference_docx.py"
    shipped = templates_dir() / "reference.docx"
    if not script.exists():
        pytest.skip("not a source checkout")
    out = tmp_path / "reference.docx"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == shipped.read_bytes()


# -- charts --------------------------------------------------------------------------------------

def test_charts_are_deterministic(document):
    chart = document.sections[0].blocks[2]
    svg = charts.svg(chart)
    assert svg == charts.svg(chart)
    assert "<dc:date>" not in svg and "Matplotlib" not in svg
    png = charts.png(chart)
    assert png == charts.png(chart)
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    horizontal = Chart("Many", "alt", tuple(f"Category {i}" for i in range(9)),
                       (("Previous", tuple(range(9))), ("This", tuple(range(9, 18)))),
                       horizontal=True)
    assert charts.svg(horizontal).startswith("<?xml")


# -- dependencies and import time ----------------------------------------------------------------

def test_rendering_modules_import_no_heavy_backend():
    code = ("import sys, tipreport.render.html, tipreport.render.pdf, tipreport.render.docx, "
            "tipreport.render.charts; "
            "print(sorted(m for m in ('weasyprint', 'matplotlib', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.strip()
    assert out == "[]"


def test_missing_weasyprint_names_the_pip_line(monkeypatch, document):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(MissingDependencyError, match="pip install"):
        render_pdf(document)


def test_missing_python_docx_names_the_pip_line(monkeypatch, document):
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingDependencyError, match="pip install"):
        render_docx(document)


# -- writing files -------------------------------------------------------------------------------

def test_write_atomic_replaces_the_file(tmp_path):
    target = tmp_path / "out.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    write_atomic(tmp_path / "out.html", "texte é")
    assert (tmp_path / "out.html").read_text(encoding="utf-8") == "texte é"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html", "out.pdf"]


def test_write_atomic_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputError, match="disk full"):  # one line for the user, not OSError
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "new.pdf", b"new content")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_write_atomic_to_a_file_object():
    binary = io.BytesIO()
    write_atomic(binary, b"%PDF")
    assert binary.getvalue() == b"%PDF"
    text = io.StringIO()
    write_atomic(text, "<html>")
    assert text.getvalue() == "<html>"


def test_pdf_warns_when_text_needs_a_font_that_is_not_shipped():
    document = make_document(sections=(Section("x", "X", (Paragraph("Checked ✓ 张"),)),))
    warnings = render_pdf(document).warnings
    assert any("missing from the shipped fonts" in w or ".notdef" in w for w in warnings)
