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

import copy
import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..document import BulletList, Chart, Document, Paragraph, Section, Table
from ..errors import MissingDependencyError
from ..resources import templates_dir
from . import charts
from .templating import DEFAULT_LABELS, row_kind

__all__ = ["deterministic_zip", "render_docx"]

PIP_LINE = "pip install 'python-docx>=1.1'"

#: page width × height, in twentieths of a point (twips); margins come from the reference
PAGES = {"a4": (11906, 16838), "letter": (12240, 15840)}

PARAGRAPH_STYLES = {"body": "Normal", "lead": "Lead", "note": "Note", "warning": "Warning",
                    "example": "Example", "quote": "Quote", "annex": "Annex Entry"}
#: the data tables' style in the reference document (shaded header row, banded rows)
TABLE_STYLE = "TIPreportTable"
#: a group row's shading (a row that heads the rows below it)
GROUP_FILL = "EEF2F6"
MUTED = "5B6770"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def reference_path(templates: str | os.PathLike | None = None) -> Path:
    """The reference .docx: the user's (``templates/reference.docx``) when there is one."""
    if templates is not None:
        user = Path(templates) / "reference.docx"
        if user.is_file():
            return user
    return templates_dir() / "reference.docx"


def render_docx(document: Document, *, templates: str | os.PathLike | None = None,
                page_numbers: dict[str, int] | None = None, embed_fonts: bool = True) -> bytes:
    """The document as DOCX bytes (deterministic for a given document).

    ``page_numbers`` (section id → page, from the PDF made of the same document) fill the
    contents field's result, so that the contents reads right before any field update.
    ``embed_fonts`` embeds the shipped fonts, so that a PC without them lays out the same."""
    docx = _python_docx()
    doc = docx.Document(str(reference_path(templates)))
    writer = _Writer(doc, document, page_numbers or {})
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
    data = buffer.getvalue()
    if embed_fonts:
        from .docx_fonts import embed_fonts as _embed

        data = _embed(data)
    return deterministic_zip(data, document.submitted_on, app_xml=_app_xml(document))


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
    def __init__(self, doc, document: Document, page_numbers: dict[str, int]):
        from docx.oxml.ns import qn

        self.doc = doc
        self.document = document
        self.page_numbers = page_numbers
        self.labels = {**DEFAULT_LABELS, **(document.labels or {})}
        self.qn = qn
        self.body = doc.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        self.text_width = 0  # twips, set by page_setup
        self.fills = _table_fills(doc)  # the reference's header and band shading
        self.first_chapter = True
        self._style_ids: dict[str, str | None] = {}

    # -- page, header, footer --------------------------------------------------------------------

    def page_setup(self) -> None:
        """The page size asked for (A4 or Letter); margins and header distances as the
        reference document sets them."""
        from docx.shared import Twips

        s = self.doc.sections[0]
        size = (self.document.page_size or "a4").lower()
        width, height = PAGES.get(size, PAGES["a4"])
        if size != "a4" or not s.page_width:
            s.page_width, s.page_height = Twips(width), Twips(height)
        s.different_first_page_header_footer = True  # the cover: no header, no footer
        self.text_width = int((s.page_width - s.left_margin - s.right_margin) / 635)

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
        """A TOC field (levels 1–3, hyperlinked), marked dirty so that Word rebuilds it on
        opening. Its result is filled beforehand with each section's title and its page in
        the PDF made of the same document, so that it reads right before any update (in
        LibreOffice, a viewer, or Word with field updates off)."""
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
            p = self.add("Normal")
            for xml in (begin, end):
                for r in parse_xml(f'<w:p {nsdecls("w")}>{xml}</w:p>'):
                    p._p.append(r)
            return
        tabs = parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" '
                         f'w:pos="{self.text_width}"/></w:tabs>')
        for i, s in enumerate(entries):
            p = self.add(f"toc {min(s.level, 3)}")
            p._p.get_or_add_pPr().append(copy.deepcopy(tabs))
            page = self.page_numbers.get(s.id)
            number = (f'<w:r {nsdecls("w")}><w:tab/></w:r>'
                      f'<w:r {nsdecls("w")}><w:t>{page}</w:t></w:r>') if page else ""
            runs = (begin if i == 0 else "") + \
                f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{escape(clean(s.title))}</w:t></w:r>' \
                + number + (end if i == len(entries) - 1 else "")
            for r in parse_xml(f'<w:p {nsdecls("w")}>{runs}</w:p>'):
                p._p.append(r)

    # -- sections and blocks ---------------------------------------------------------------------

    def section(self, section: Section) -> None:
        heading = self.paragraph(section.title, f"Heading {min(max(section.level, 1), 3)}")
        # the first chapter starts after the contents, and an annex on a page of its own
        if section.annex or (section.level == 1 and self.first_chapter):
            heading.paragraph_format.page_break_before = True
        if section.level == 1:
            self.first_chapter = False
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

    def add(self, style: str):
        """A new paragraph in the style named ``style``. Each style's id is looked up once:
        python-docx would search the styles part again for every paragraph."""
        if style not in self._style_ids:
            found = self.doc.styles[style]
            default = self.doc.styles.default(found.type)
            self._style_ids[style] = (None if default is not None
                                      and default.style_id == found.style_id
                                      else found.style_id)
        p = self.doc.add_paragraph()
        p._p.style = self._style_ids[style]
        return p

    def paragraph(self, text: str, style: str):
        p = self.add(style)
        _add_text(p, text)
        return p

    def text(self, block: Paragraph) -> None:
        p = self.add(PARAGRAPH_STYLES.get(block.style, "Normal"))
        if block.title:
            p.add_run(clean(block.title)).bold = True
            p.add_run(" ")
        _add_text(p, block.text)
        if block.lang == "km":  # Khmer: spelling and line breaking by the Khmer rules
            from docx.oxml import parse_xml
            from docx.oxml.ns import nsdecls

            for run in p.runs:
                run._r.get_or_add_rPr().append(parse_xml(
                    f'<w:lang {nsdecls("w")} w:val="km-KH" w:bidi="km-KH"/>'))

    def table(self, table: Table) -> None:
        """A table on the reference's table style (shaded header row, banded rows): the header
        repeats on every page, a row never splits, parts of a row are indented under it, a
        group row (a label and no value) spans the table, and numbers never break."""
        from docx.oxml import parse_xml

        caption = self.paragraph(table.caption, "Caption")
        caption.paragraph_format.keep_with_next = True
        ncols = max(len(table.header), max((len(r) for r in table.rows), default=0), 1)
        aligns = [a if a in ("l", "r") else "l" for a in table.align]
        aligns += ["l"] * (ncols - len(aligns))
        widths = [float(w) for w in table.widths]
        if len(widths) != ncols or any(w <= 0 for w in widths):
            widths = [1.0] * ncols
        total = sum(widths)
        grid = [int(self.text_width * w / total) for w in widths]
        grid[-1] = self.text_width - sum(grid[:-1])
        levels = list(table.levels) + [0] * (len(table.rows) - len(table.levels))
        nested = any(levels)
        last = len(table.rows) - 1

        def cell(text: str, col: int, *, span: int = 1, bold=False, fill=None,
                 indent: int = 0, keep: bool = False, head: bool = False) -> str:
            jc = '<w:jc w:val="right"/>' if aligns[col] == "r" and span == 1 else ""
            shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
            width = sum(grid[col:col + span])
            gridspan = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            ind = f'<w:ind w:left="{indent}"/>' if indent else ""
            keep_next = "<w:keepNext/>" if keep else ""
            rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
            if aligns[col] == "r" and span == 1 and not head:
                text = _unbreakable(text)
            return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{gridspan}{shd}'
                    f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>{keep_next}{ind}{jc}'
                    f'</w:pPr>{_runs(text, rpr)}</w:p></w:tc>')

        head_fill, band_fill = self.fills
        rows = ['<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
                + "".join(cell(h, i, keep=True, head=True, fill=head_fill)
                          for i, h in enumerate(_pad(table.header, ncols)))
                + "</w:tr>"]
        totals = set(table.total_rows)
        for r, row in enumerate(table.rows):
            row = _pad(row, ncols)
            level = levels[r]
            # the last two rows and a group's heading row keep with the row after them
            keep = r >= last - 1 or (nested and level == 0 and r < last)
            bold = r in totals or (nested and level == 0)
            indent = 280 * level
            fill = band_fill if r % 2 == 1 else None
            if ncols > 1 and not any(row[1:]):  # a group row: one cell across the table
                cells = cell(row[0], 0, span=ncols, bold=True, fill=GROUP_FILL, keep=True)
            elif row_kind(row) == "reason":
                # a row whose figure was not supplied: its reason across the value columns
                cells = (cell(row[0], 0, bold=bold, indent=indent, keep=keep, fill=fill)
                         + cell(row[1], 1, span=ncols - 1, keep=keep, fill=fill))
            else:
                cells = "".join(cell(v, i, bold=bold and i == 0 or r in totals,
                                     indent=indent if i == 0 else 0, keep=keep, fill=fill)
                                for i, v in enumerate(row))
            rows.append('<w:tr><w:trPr><w:cantSplit/></w:trPr>' + cells + "</w:tr>")
        xml = (f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/>'
               '<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
               'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
               + "</w:tblGrid>" + "".join(rows) + "</w:tbl>")
        self.sect_pr.addprevious(parse_xml(xml))
        if table.note:
            self.paragraph(table.note, "Note").paragraph_format.space_before = _pt(4)
        else:
            # Word glues two adjacent tables together: keep one empty, small paragraph
            spacer = self.add("Note")
            spacer.paragraph_format.space_after = _pt(4)

    def chart(self, chart: Chart) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Twips

        picture = self.add("Normal")
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


def _table_fills(doc) -> tuple[str | None, str | None]:
    """The header-row and banded-row shading of the reference's table style, applied to the
    cells themselves so that every word processor shows them (LibreOffice ignores a table
    style's conditional shading)."""
    from docx.oxml.ns import qn

    fills: dict[str, str] = {}
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) != TABLE_STYLE:
            continue
        for part in style.findall(qn("w:tblStylePr")):
            shd = part.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
            if shd is not None and shd.get(qn("w:fill")):
                fills[part.get(qn("w:type"))] = shd.get(qn("w:fill"))
    return fills.get("firstRow"), fills.get("band2Horz") or fills.get("band1Horz")


_NUMBER = re.compile(r"^[<+\-−±]?[\d.,\u00a0]+%?$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(str(text).strip()))


def _unbreakable(text: str) -> str:
    """A short value cell ("+31 (+10.2%)", "new") never breaks a line: its spaces become
    no-break spaces (columns are wide enough for it in any font). Longer cells, such as an
    amount with its US$ equivalent, may break at the space before the bracket only."""
    text = str(text)
    if len(text) <= 16:
        return text.replace(" ", "\u00a0")
    head, sep, tail = text.partition(" (")
    return head.replace(" ", "\u00a0") + sep + tail.replace(" ", "\u00a0")


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
