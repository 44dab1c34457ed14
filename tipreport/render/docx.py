"""Document → DOCX, with python-docx, on the styles of ``templates/reference.docx``.

Real Word styles throughout — Title, Heading 1–3, Caption, Table Grid, List Bullet and the
reference's Lead, Note, Warning, Example, Table Text — so the navigation pane, the contents
field and restyling work. The contents is a TOC field marked dirty, with ``updateFields`` in
the settings, so Word or LibreOffice fills in the page numbers when the file is opened; until
then it lists the section titles. Tables repeat their header row on every page and never split
a row; charts are PNG images with their text alternative as the picture's description.

The same document gives the same bytes: the core properties carry the submission date (not the
time of writing) and the zip is rewritten with fixed timestamps in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from ..document import BulletList, Chart, Document, Paragraph, Section, Table
from ..errors import MissingDependencyError
from ..resources import templates_dir
from . import charts
from .templating import DEFAULT_LABELS

__all__ = ["deterministic_zip", "render_docx"]

PIP_LINE = "pip install 'python-docx>=1.1'"

#: page width × height and margins, in twentieths of a point (twips)
PAGES = {"a4": (11906, 16838), "letter": (12240, 15840)}
MARGIN_SIDE = 1134  # 20 mm
MARGIN_TOP, MARGIN_BOTTOM, HEADER_FOOTER = 1361, 1247, 567  # 24 mm, 22 mm, 10 mm

PARAGRAPH_STYLES = {"body": "Normal", "lead": "Lead", "note": "Note", "warning": "Warning",
                    "example": "Example", "quote": "Quote"}

HEADER_FILL = "E3EAF2"
ZEBRA_FILL = "F4F7FA"
NAVY = "1B365D"
MUTED = "5B6770"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def render_docx(document: Document) -> bytes:
    """The document as DOCX bytes (deterministic for a given document)."""
    docx = _python_docx()
    doc = docx.Document(str(templates_dir() / "reference.docx"))
    writer = _Writer(doc, document)
    writer.page_setup()
    writer.header_footer()
    writer.cover()
    writer.contents()
    for section in document.sections:
        writer.section(section)
    writer.settings()
    writer.core_properties()
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue(), document.submitted_on,
                             app_xml=_app_xml(document))


def _python_docx():
    try:
        import docx
    except ImportError as exc:
        raise MissingDependencyError(f"Making the DOCX needs python-docx: {PIP_LINE}") from exc
    return docx


def clean(text: Any) -> str:
    """Text Word can store: characters XML 1.0 forbids are dropped."""
    return _INVALID_XML.sub("", str(text))


class _Writer:
    def __init__(self, doc, document: Document):
        from docx.oxml.ns import qn

        self.doc = doc
        self.document = document
        self.labels = {**DEFAULT_LABELS, **(document.labels or {})}
        self.qn = qn
        width, _ = PAGES.get((document.page_size or "a4").lower(), PAGES["a4"])
        self.text_width = width - 2 * MARGIN_SIDE  # twips
        self.body = doc.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))

    # -- page, header, footer --------------------------------------------------------------------

    def page_setup(self) -> None:
        from docx.shared import Twips

        width, height = PAGES.get((self.document.page_size or "a4").lower(), PAGES["a4"])
        s = self.doc.sections[0]
        s.page_width, s.page_height = Twips(width), Twips(height)
        s.left_margin = s.right_margin = Twips(MARGIN_SIDE)
        s.top_margin, s.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
        s.header_distance = s.footer_distance = Twips(HEADER_FOOTER)
        s.different_first_page_header_footer = True  # the cover: no header, no footer

    def header_footer(self) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Twips

        s = self.doc.sections[0]
        header = s.header.paragraphs[0]
        header.style = self.doc.styles["Header"]
        header.add_run(clean(self.document.running_header))
        footer = s.footer.paragraphs[0]
        footer.style = self.doc.styles["Footer"]
        footer.paragraph_format.tab_stops.add_tab_stop(Twips(self.text_width),
                                                       WD_TAB_ALIGNMENT.RIGHT)
        footer.add_run(clean(self.document.running_footer))
        footer.add_run("\t" + clean(self.labels["page"]) + " ")
        self._field(footer, "PAGE", "1")
        footer.add_run(" " + clean(self.labels["of"]) + " ")
        self._field(footer, "NUMPAGES", "1")
        # the first page (the cover) gets empty ones
        s.first_page_header.paragraphs[0].style = self.doc.styles["Normal"]
        s.first_page_footer.paragraphs[0].style = self.doc.styles["Normal"]

    def _field(self, paragraph, instruction: str, shown: str, dirty: bool = False) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        dirty_attr = ' w:dirty="true"' if dirty else ""
        for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"{dirty_attr}/></w:r>',
                    f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} '
                    '</w:instrText></w:r>',
                    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                    f'<w:r {nsdecls("w")}><w:t>{escape(shown)}</w:t></w:r>',
                    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
            paragraph._p.append(parse_xml(xml))

    # -- cover and contents ----------------------------------------------------------------------

    def cover(self) -> None:
        c = self.document.cover
        self.paragraph(c.country, "Cover Country")
        self.paragraph(c.title, "Title")
        self.paragraph(c.government_body, "Subtitle")
        for label, value in ((self.labels["reporting_period"], c.period),
                             (self.labels["data_through"], c.data_through),
                             (self.labels["submitted_on"], c.submitted_on),
                             (self.labels["contact"], f"{c.contact_name} · {c.contact_email}")):
            self.paragraph(label, "Cover Label")
            self.paragraph(value, "Cover Value")
        for note in c.notes:
            p = self.paragraph(note, "Warning")
            p.paragraph_format.space_before = _pt(18)

    def contents(self) -> None:
        """A TOC field (levels 1–3, hyperlinked), marked dirty so that Word or LibreOffice
        builds it with page numbers on opening; until then it lists the titles."""
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        self.paragraph(self.labels["contents"], "TOC Heading")
        entries = [s for s in self.document.walk() if s.level <= 3]
        instruction = 'TOC \\o "1-3" \\h \\z \\u'
        begin = (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
                 f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {escape(instruction)} '
                 '</w:instrText></w:r>'
                 f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>')
        end = f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'
        if not entries:
            p = self.doc.add_paragraph(style="Normal")
            for xml in (begin, end):
                for r in parse_xml(f'<w:p {nsdecls("w")}>{xml}</w:p>'):
                    p._p.append(r)
            return
        for i, s in enumerate(entries):
            p = self.doc.add_paragraph(style=f"toc {min(s.level, 3)}")
            runs = (begin if i == 0 else "") + \
                f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{escape(clean(s.title))}</w:t></w:r>' \
                + (end if i == len(entries) - 1 else "")
            for r in parse_xml(f'<w:p {nsdecls("w")}>{runs}</w:p>'):
                p._p.append(r)

    # -- sections and blocks ---------------------------------------------------------------------

    def section(self, section: Section) -> None:
        self.paragraph(section.title, f"Heading {min(max(section.level, 1), 3)}")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                self.text(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Chart):
                self.chart(block)
            elif isinstance(block, BulletList):
                for item in block.items:
                    self.paragraph(item, "List Bullet")
        for sub in section.subsections:
            self.section(sub)

    def paragraph(self, text: str, style: str):
        p = self.doc.add_paragraph(style=self.doc.styles[style])
        _add_text(p, text)
        return p

    def text(self, block: Paragraph) -> None:
        p = self.doc.add_paragraph(style=self.doc.styles[PARAGRAPH_STYLES.get(block.style,
                                                                            "Normal")])
        if block.title:
            p.add_run(clean(block.title)).bold = True
            p.add_run(" ")
        _add_text(p, block.text)

    def table(self, table: Table) -> None:
        from docx.oxml import parse_xml

        self.paragraph(table.caption, "Caption")
        ncols = max(len(table.header), max((len(r) for r in table.rows), default=0), 1)
        aligns = [a if a in ("l", "r") else "l" for a in table.align]
        aligns += ["l"] * (ncols - len(aligns))
        widths = [float(w) for w in table.widths]
        if len(widths) != ncols or any(w <= 0 for w in widths):
            widths = [1.0] * ncols
        total = sum(widths)
        grid = [int(self.text_width * w / total) for w in widths]
        grid[-1] = self.text_width - sum(grid[:-1])

        def cell(text: str, col: int, *, header=False, bold=False, fill=None) -> str:
            jc = '<w:jc w:val="right"/>' if aligns[col] == "r" else ""
            shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
            rpr = ""
            if header:
                rpr = f'<w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/></w:rPr>'
            elif bold:
                rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>"
            valign = '<w:vAlign w:val="bottom"/>' if header else ""
            return (f'<w:tc><w:tcPr><w:tcW w:w="{grid[col]}" w:type="dxa"/>{shd}{valign}'
                    f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>{jc}</w:pPr>'
                    f'{_runs(text, rpr)}</w:p></w:tc>')

        rows = ['<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
                + "".join(cell(h, i, header=True, fill=HEADER_FILL)
                          for i, h in enumerate(_pad(table.header, ncols)))
                + "</w:tr>"]
        totals = set(table.total_rows)
        for r, row in enumerate(table.rows):
            fill = ZEBRA_FILL if r % 2 == 1 else None
            rows.append('<w:tr><w:trPr><w:cantSplit/></w:trPr>'
                        + "".join(cell(v, i, bold=r in totals, fill=fill)
                                  for i, v in enumerate(_pad(row, ncols)))
                        + "</w:tr>")
        xml = (f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
               '<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
               'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
               + "</w:tblGrid>" + "".join(rows) + "</w:tbl>")
        self.sect_pr.addprevious(parse_xml(xml))
        if table.note:
            self.paragraph(table.note, "Note").paragraph_format.space_before = _pt(4)
        else:
            # Word glues two adjacent tables together: keep one empty, small paragraph
            spacer = self.doc.add_paragraph(style=self.doc.styles["Note"])
            spacer.paragraph_format.space_after = _pt(4)

    def chart(self, chart: Chart) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Twips

        picture = self.doc.add_paragraph(style=self.doc.styles["Normal"])
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.space_before = _pt(6)
        run = picture.add_run()
        image = charts.png(chart, dpi=200, lang=self.document.language)
        run.add_picture(io.BytesIO(image), width=Twips(self.text_width))
        for doc_pr in run._r.iter(self.qn("wp:docPr")):
            doc_pr.set("descr", clean(chart.alt))
            doc_pr.set("title", clean(chart.caption))
            doc_pr.set("name", f"Chart {doc_pr.get('id')}")
        for pic in run._r.iter("{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"):
            pic.set("descr", clean(chart.alt))
            pic.set("name", f"chart-{chart.key or pic.get('id')}.png")
        # a chart's caption sits under it, quieter than a table's (which heads the table)
        caption = self.paragraph(chart.caption, "Caption")
        for r in caption.runs:
            r.bold = False
            r.font.color.rgb = _rgb(MUTED)
        caption.paragraph_format.keep_with_next = False
        caption.paragraph_format.space_before = _pt(2)
        caption.paragraph_format.space_after = _pt(12)

    # -- document settings -----------------------------------------------------------------------

    def settings(self) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        settings = self.doc.settings.element
        for old in settings.findall(self.qn("w:updateFields")):
            settings.remove(old)
        update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
        # schema order: updateFields comes before w:compat (and after hdrShapeDefaults, …)
        anchor = None
        for tag in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                    "w:docVars", "w:rsids"):
            anchor = settings.find(self.qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addprevious(update)
        else:
            settings.append(update)
        # the document's language, for spelling and hyphenation
        lang = self.doc.styles.element.find(
            f"{self.qn('w:docDefaults')}/{self.qn('w:rPrDefault')}/{self.qn('w:rPr')}/"
            f"{self.qn('w:lang')}")
        if lang is not None and self.document.language:
            lang.set(self.qn("w:val"), self.document.language)

    def core_properties(self) -> None:
        """Core properties from the Document, none left over from the reference file."""
        d = self.document
        core = self.doc.core_properties
        element = core._element
        for child in list(element):
            element.remove(child)
        when = dt.datetime(d.submitted_on.year, d.submitted_on.month, d.submitted_on.day,
                           tzinfo=dt.UTC)
        core.title = clean(d.title)
        core.author = clean(d.author)
        core.subject = clean(d.subject)
        core.language = clean(d.language)
        core.last_modified_by = clean(d.author)
        core.revision = 1
        core.created = when
        core.modified = when


# -- helpers -------------------------------------------------------------------------------------

def _pt(value: float):
    from docx.shared import Pt

    return Pt(value)


def _rgb(hex_color: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(hex_color)


def _pad(cells, n: int) -> list[str]:
    cells = [str(c) for c in cells][:n]
    return cells + [""] * (n - len(cells))


def _add_text(paragraph, text: str) -> None:
    """Text as runs, a line break for each newline; literal, never interpreted."""
    lines = clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run = paragraph.add_run(line)


def _runs(text: str, rpr: str) -> str:
    lines = clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{inner}</w:r>"


def _app_xml(document: Document) -> bytes:
    company = escape(clean(document.author))
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><Application>tipreport</Application>'
            "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            f"<Company>{company}</Company>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()


_FIRST = ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
          "word/document.xml")


def deterministic_zip(data: bytes, when: dt.date, *, app_xml: bytes | None = None) -> bytes:
    """An OOXML package rewritten with every entry stamped ``when`` at 00:00, in a fixed
    order ([Content_Types].xml first), with fixed attributes — so equal content gives equal
    bytes. ``app_xml`` replaces docProps/app.xml (the template's leftover statistics)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    if app_xml is not None and "docProps/app.xml" in entries:
        entries["docProps/app.xml"] = app_xml
    names = [n for n in _FIRST if n in entries] + sorted(n for n in entries if n not in _FIRST)
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED,
                            compresslevel=6)
    return out.getvalue()
