"""The DOCX survives any PC: fonts embedded, contents pre-filled with the PDF's pages, the
reference document's geometry and shading, a user's reference document; and, converted by
LibreOffice on a machine without Noto fonts, every number of the PDF intact."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from fontTools.ttLib import TTFont

import tipreport
from tipreport.render import docx_fonts
from tipreport.render.docx_fonts import obfuscate
from tipreport.resources import templates_dir

ROOT_FONTS = templates_dir() / "fonts"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_shipped_fonts_are_embedded(sample_docx):
    z = zipfile.ZipFile(io.BytesIO(sample_docx))
    table = z.read("word/fontTable.xml").decode()
    settings = z.read("word/settings.xml").decode()
    assert "<w:embedTrueTypeFonts/>" in settings
    rels = z.read("word/_rels/fontTable.xml.rels").decode()
    families = {}
    for m in re.finditer(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table, re.S):
        for rid, key in re.findall(r'w:embed\w+ r:id="([^"]+)" w:fontKey="([^"]+)"', m.group(2)):
            target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
            font = TTFont(io.BytesIO(obfuscate(z.read(f"word/{target}"), key)))
            families.setdefault(m.group(1), set()).add(font["name"].getDebugName(1))
    assert families == {"Noto Sans": {"Noto Sans"}, "Noto Sans Khmer": {"Noto Sans Khmer"}}
    assert any(n.startswith("word/fonts/") and n.endswith(".odttf") for n in z.namelist())
    assert 'Extension="odttf"' in z.read("[Content_Types].xml").decode()


@pytest.mark.parametrize("file", [f for variants in docx_fonts.EMBEDDED.values()
                                  for _, f in variants])
def test_the_shipped_cut_fonts_are_the_cut_of_the_full_fonts(file):
    """The fonts embedded in a DOCX are cut once and shipped: the shipped cut must be what
    cutting the full font gives now (same characters, same glyphs, same tables), else it is
    stale — remake it with ``python -m tipreport.render.docx_fonts``."""
    shipped = ROOT_FONTS / docx_fonts.SUBSET_DIR / file
    assert shipped.is_file(), "run python -m tipreport.render.docx_fonts"
    made, have = TTFont(io.BytesIO(docx_fonts.cut(file))), TTFont(shipped)
    assert have.getBestCmap() == made.getBestCmap()
    assert have.getGlyphOrder() == made.getGlyphOrder()
    assert sorted(have.keys()) == sorted(made.keys())
    # and it is what a build embeds
    assert docx_fonts._subset(file) == shipped.read_bytes()


def test_contents_shows_the_pdf_pages_before_any_update(sample_submission, sample_docx):
    pages = sample_submission._cache["pages"]
    d = docx.Document(io.BytesIO(sample_docx))
    entries = [p for p in d.paragraphs if re.fullmatch(r"toc \d", p.style.name.lower())]
    sections = [s for s in sample_submission.document.walk() if s.level <= 3]
    assert len(entries) == len(sections)
    for p, section in zip(entries, sections):
        title, _, number = p.text.rpartition("\t")
        assert title == section.title
        assert number == str(pages[section.id]), (title, number)


def test_geometry_comes_from_the_reference_document(sample_docx, tmp_path):
    section = docx.Document(io.BytesIO(sample_docx)).sections[0]
    reference = docx.Document(str(tipreport.resources.templates_dir() / "reference.docx"))
    ref = reference.sections[0]
    assert (section.left_margin, section.top_margin, section.bottom_margin) == (
        ref.left_margin, ref.top_margin, ref.bottom_margin)


def test_a_users_reference_document_is_used(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_build import small_workbook

    folder = tmp_path / "mine"
    folder.mkdir()
    mine = docx.Document(str(tipreport.resources.templates_dir() / "reference.docx"))
    mine.sections[0].left_margin = mine.sections[0].right_margin = docx.shared.Mm(30)
    mine.styles["Normal"].font.size = docx.shared.Pt(12)
    mine.save(folder / "reference.docx")
    built = tipreport.build(small_workbook(tmp_path / "w.xlsx"), templates=folder)
    result = docx.Document(io.BytesIO(built.to_docx()))
    assert abs(result.sections[0].left_margin - docx.shared.Mm(30)) < docx.shared.Mm(0.1)
    assert result.styles["Normal"].font.size == docx.shared.Pt(12)


NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d{4,}(?![\w,])")


@pytest.fixture(scope="module")
def converted(sample_docx, tmp_path_factory) -> str:
    """The sample DOCX converted to PDF by LibreOffice with no Noto font on the machine."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo")
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    # a font configuration that sees only DejaVu: a PC without the Noto fonts
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    "<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>"
                    f"<cachedir>{folder}/cache</cachedir></fontconfig>")
    env = {"FONTCONFIG_FILE": str(conf), "HOME": str(folder), "PATH": "/usr/bin:/bin"}
    if "dejavu" not in fonts.lower():
        env.pop("FONTCONFIG_FILE")
    source = folder / "sample.docx"
    source.write_bytes(sample_docx)
    result = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir",
                             str(folder), str(source)], capture_output=True, env=env,
                            timeout=300)
    pdf = folder / "sample.pdf"
    assert pdf.exists(), result.stderr.decode(errors="replace")
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    fonts_used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout \
        if shutil.which("pdffonts") else ""
    return text, fonts_used


def test_libreoffice_uses_the_embedded_fonts(converted):
    text, fonts_used = converted
    if not fonts_used:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    assert "NotoSans-Regular" in fonts_used and "NotoSans-Bold" in fonts_used


def test_every_number_of_the_pdf_is_intact_in_the_libreoffice_conversion(sample_texts,
                                                                        converted):
    pdf_text, _ = sample_texts
    text, _ = converted
    flat = " ".join(text.split())
    numbers = set(NUMBER.findall(pdf_text))
    assert len(numbers) > 100
    missing = sorted(n for n in numbers if n not in flat)
    assert not missing, f"{len(missing)} numbers broken or lost: {missing[:20]}"


def test_the_converted_contents_has_page_numbers(converted):
    text, _ = converted
    start = text.index("Contents")
    contents = text[start:text.index("Summary", start) + 300]
    assert re.search(r"Summary\.{3,}\s*\d+", contents) or re.search(r"Summary\s*\.+\s*\d+",
                                                                       contents), contents
