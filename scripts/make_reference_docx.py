"""Make templates/reference.docx: the Word document that holds the DOCX output's styles.

    python scripts/make_reference_docx.py [OUTPUT]

Starts from python-docx's default template and sets the styles tipreport uses — Normal (Noto
Sans 9.5 pt), Title, Subtitle, Heading 1–3 (dark blue; a heading keeps with what follows it,
and chapters follow each other without a page break), Caption, Table Grid (thin rules), the
"TIPreport Table" table style (shaded header row, banded rows), List Bullet, Quote, Header,
Footer, TOC 1–3 and tipreport's own Lead, Note, Warning, Example, Table Text and Cover styles —
on an A4 page with the margins of the PDF. The DOCX takes its page geometry and table shading
from this file, so a ministry's own reference.docx (``--templates``) restyles everything.
A ministry may restyle its submission by editing this file's styles (or the DOCX itself).

The output is deterministic (fixed properties, fixed zip timestamps): running the script
again gives the same bytes, so the file can be committed and checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tipreport.render.docx import deterministic_zip

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
OUTPUT = ROOT / "templates" / "reference.docx"
STAMP = dt.date(2025, 1, 1)

NAVY = "1B365D"
INK = "1D242B"
MUTED = "5B6770"
RULE = "C8D0D9"
FONTS = ('<w:rFonts w:ascii="Noto Sans" w:hAnsi="Noto Sans" w:eastAsia="Noto Sans" '
         'w:cs="Noto Sans Khmer"/>')

# (name, style id, based on, next, pPr children, rPr children); a style missing from the
# default template is created
PARAGRAPH_STYLES = [
    ("Normal", "Normal", None, None,
     '<w:spacing w:before="0" w:after="100" w:line="259" w:lineRule="auto"/>',
     FONTS + f'<w:color w:val="{INK}"/><w:sz w:val="19"/><w:szCs w:val="19"/>'),
    ("Title", "Title", "Normal", "Normal",
     '<w:keepNext/><w:spacing w:before="0" w:after="240" w:line="240" w:lineRule="auto"/>',
     f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:kern w:val="28"/>'
     '<w:sz w:val="52"/><w:szCs w:val="52"/>'),
    ("Subtitle", "Subtitle", "Normal", "Normal",
     '<w:spacing w:before="0" w:after="600"/>',
     '<w:color w:val="24313D"/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    ("Cover Country", "CoverCountry", "Normal", "Title",
     '<w:keepNext/><w:spacing w:before="2400" w:after="120"/>',
     f'<w:caps/><w:color w:val="{MUTED}"/><w:spacing w:val="20"/>'
     '<w:sz w:val="26"/><w:szCs w:val="26"/>'),
    ("Cover Label", "CoverLabel", "Normal", "Cover Value",
     '<w:keepNext/><w:spacing w:before="200" w:after="20"/>',
     f'<w:caps/><w:color w:val="{MUTED}"/><w:spacing w:val="10"/>'
     '<w:sz w:val="17"/><w:szCs w:val="17"/>'),
    ("Cover Value", "CoverValue", "Normal", "Cover Label",
     '<w:spacing w:before="0" w:after="0"/>',
     '<w:sz w:val="22"/><w:szCs w:val="22"/>'),
    ("heading 1", "Heading1", "Normal", "Normal",
     '<w:keepNext/><w:keepLines/>'
     f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{NAVY}"/></w:pBdr>'
     '<w:spacing w:before="360" w:after="160"/><w:outlineLvl w:val="0"/>',
     f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="32"/><w:szCs w:val="32"/>'),
    ("heading 2", "Heading2", "Normal", "Normal",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="100"/>'
     '<w:outlineLvl w:val="1"/>',
     f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="25"/><w:szCs w:val="25"/>'),
    ("heading 3", "Heading3", "Normal", "Normal",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/>'
     '<w:outlineLvl w:val="2"/>',
     f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="23"/><w:szCs w:val="23"/>'),
    ("TOC Heading", "TOCHeading", "Heading1", "Normal",
     '<w:pageBreakBefore/><w:outlineLvl w:val="9"/>', ''),
    ("toc 1", "TOC1", "Normal", "Normal",
     '<w:spacing w:before="120" w:after="40"/>', '<w:b/><w:bCs/>'),
    ("toc 2", "TOC2", "Normal", "Normal",
     '<w:spacing w:before="0" w:after="40"/><w:ind w:left="340"/>', ''),
    ("toc 3", "TOC3", "Normal", "Normal",
     '<w:spacing w:before="0" w:after="40"/><w:ind w:left="680"/>',
     '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    ("caption", "Caption", "Normal", "Normal",
     '<w:keepNext/><w:spacing w:before="160" w:after="80"/>',
     f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="19"/><w:szCs w:val="19"/>'),
    ("Lead", "Lead", "Normal", "Normal",
     '<w:spacing w:before="0" w:after="140"/>',
     '<w:color w:val="24313D"/><w:sz w:val="20"/><w:szCs w:val="20"/>'),
    ("Note", "Note", "Normal", "Normal",
     '<w:spacing w:before="0" w:after="120"/>',
     f'<w:color w:val="{MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/>'),
    ("Annex Entry", "AnnexEntry", "Normal", "Annex Entry",
     '<w:keepLines/><w:spacing w:before="0" w:after="60"/>',
     '<w:sz w:val="17"/><w:szCs w:val="17"/>'),
    ("Warning", "Warning", "Normal", "Normal",
     '<w:keepLines/><w:pBdr><w:left w:val="single" w:sz="24" w:space="6" w:color="C07A10"/>'
     '</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="FDF5E7"/>'
     '<w:spacing w:before="60" w:after="160"/><w:ind w:left="170" w:right="0"/>',
     '<w:color w:val="4A3410"/>'),
    ("Example", "Example", "Normal", "Normal",
     f'<w:keepNext/><w:keepLines/><w:pBdr><w:left w:val="single" w:sz="24" w:space="6" w:color="{NAVY}"/></w:pBdr>'
     '<w:shd w:val="clear" w:color="auto" w:fill="F2F5F9"/>'
     '<w:spacing w:before="60" w:after="160"/><w:ind w:left="170" w:right="0"/>', ''),
    ("Quote", "Quote", "Normal", "Normal",
     f'<w:keepNext/><w:keepLines/>'
     f'<w:pBdr><w:left w:val="single" w:sz="8" w:space="8" w:color="{RULE}"/></w:pBdr>'
     '<w:ind w:left="400"/>',
     '<w:i/><w:iCs/><w:color w:val="33404D"/>'),
    ("List Bullet", "ListBullet", "Normal", None,
     '<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:before="0" w:after="60"/>', ''),
    ("Table Text", "TableText", "Normal", None,
     '<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>',
     '<w:sz w:val="16"/><w:szCs w:val="16"/>'),
    ("header", "Header", "Normal", None,
     f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
     '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
     f'<w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/>'),
    ("footer", "Footer", "Normal", None,
     '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
     f'<w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/>'),
]

TABLE_GRID = (
    f'<w:tblPr {nsdecls("w")}><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
    f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
    '<w:left w:val="nil"/>'
    f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
    '<w:right w:val="nil"/>'
    '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="D6DDE4"/>'
    '<w:insideV w:val="nil"/></w:tblBorders>'
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>'
    '</w:tblPr>')

#: the data tables' style: rules above and below, the header row shaded and bold, rows banded
TABLE_STYLE = (
    f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="TIPreportTable">'
    '<w:name w:val="TIPreport Table"/><w:basedOn w:val="TableGrid"/><w:uiPriority w:val="59"/>'
    '<w:qFormat/>'
    '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblBorders>'
    f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/><w:left w:val="nil"/>'
    f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/><w:right w:val="nil"/>'
    '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="D6DDE4"/><w:insideV w:val="nil"/>'
    '</w:tblBorders><w:tblCellMar><w:top w:w="30" w:type="dxa"/>'
    '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="30" w:type="dxa"/>'
    '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
    f'<w:color w:val="{NAVY}"/></w:rPr><w:tblPr/><w:tcPr>'
    f'<w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/></w:tcBorders>'
    '<w:shd w:val="clear" w:color="auto" w:fill="E3EAF2"/><w:vAlign w:val="bottom"/></w:tcPr>'
    '</w:tblStylePr>'
    '<w:tblStylePr w:type="band2Horz"><w:tblPr/><w:tcPr>'
    '<w:shd w:val="clear" w:color="auto" w:fill="F4F7FA"/></w:tcPr></w:tblStylePr>'
    '</w:style>')


def _style_element(doc, name: str, style_id: str):
    styles = doc.styles.element
    for el in styles.findall(qn("w:style")):
        if el.get(qn("w:styleId")) == style_id:
            return el
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), style_id)
    style.element.set(qn("w:customStyle"), "1")
    return style.element


def _set_child(el, tag: str, value: str | None) -> None:
    for old in el.findall(qn(tag)):
        el.remove(old)
    if value is None:
        return
    new = parse_xml(f'<{tag} {nsdecls("w")} w:val="{value}"/>')
    # w:name, w:basedOn, w:next come first, in this order
    order = ["w:name", "w:aliases", "w:basedOn", "w:next"]
    anchor = None
    for t in order[: order.index(tag)]:
        found = el.find(qn(t))
        if found is not None:
            anchor = found
    if anchor is None:
        el.insert(0, new)
    else:
        anchor.addnext(new)


def restyle(doc, name, style_id, based_on, next_style, ppr: str, rpr: str) -> None:
    el = _style_element(doc, name, style_id)
    el.find(qn("w:name")).set(qn("w:val"), name)
    if based_on is not None:
        _set_child(el, "w:basedOn", _id(doc, based_on))
    if next_style is not None:
        _set_child(el, "w:next", _id(doc, next_style))
    for tag in ("w:pPr", "w:rPr", "w:rsid", "w:semiHidden"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    if el.find(qn("w:qFormat")) is None:
        el.append(parse_xml(f'<w:qFormat {nsdecls("w")}/>'))
    el.append(parse_xml(f'<w:pPr {nsdecls("w")}>{ppr}</w:pPr>'))
    el.append(parse_xml(f'<w:rPr {nsdecls("w")}>{rpr}</w:rPr>'))


def _id(doc, name: str) -> str:
    for el in doc.styles.element.findall(qn("w:style")):
        if el.find(qn("w:name")).get(qn("w:val")) in (name, name.lower()) or \
                el.get(qn("w:styleId")) == name:
            return el.get(qn("w:styleId"))
    return name.replace(" ", "")


def make() -> bytes:
    doc = docx.Document()

    # no leftovers from the template: thumbnail, Word 2010 duplicate styles, custom XML
    package = doc.part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rId)
    for rId, rel in list(doc.part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            doc.part.rels.pop(rId)

    # document defaults: Noto Sans 10.5 pt, English
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>{FONTS}'
        '<w:sz w:val="19"/><w:szCs w:val="19"/>'
        '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="km-KH"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="259" w:lineRule="auto"/>'
        '</w:pPr></w:pPrDefault></w:docDefaults>'))
    for name, style_id, based_on, next_style, ppr, rpr in PARAGRAPH_STYLES:
        restyle(doc, name, style_id, based_on, next_style, ppr, rpr)
    for el in doc.styles.element.findall(qn("w:style")):
        if el.get(qn("w:styleId")) == "TableGrid":
            old = el.find(qn("w:tblPr"))
            old.getparent().replace(old, parse_xml(TABLE_GRID))

    doc.styles.element.append(parse_xml(TABLE_STYLE))

    # A4, the PDF's margins (18 mm at the sides, 20 mm top, 19 mm bottom)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(19)
    section.header_distance = section.footer_distance = Mm(9)

    # fixed properties: the output is built from this file, never from its metadata
    core = doc.core_properties
    core.title = "tipreport reference document"
    core.subject = "Styles of tipreport's DOCX output"
    core.author = core.last_modified_by = "tipreport"
    core.comments = "Regenerate with scripts/make_reference_docx.py"
    core.keywords = core.category = core.content_status = ""
    core.revision = 1
    stamp = dt.datetime(STAMP.year, STAMP.month, STAMP.day)
    core.created = core.modified = stamp

    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue(), STAMP, app_xml=_app_xml())


def _app_xml() -> bytes:
    return (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/docPropsVTypes"><Application>tipreport</Application>'
            b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            b"<HyperlinksChanged>false</HyperlinksChanged></Properties>")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(OUTPUT))
    args = parser.parse_args(argv)
    data = make()
    Path(args.output).write_bytes(data)
    print(f"{args.output}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
