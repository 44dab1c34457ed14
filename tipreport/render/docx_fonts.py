"""Embedding the shipped fonts in a DOCX, so that it lays out the same on any PC.

The DOCX is the file the ministry edits and sends; on a PC without Noto Sans, Word and
LibreOffice would fall back to a wider font and break numbers and headers mid-word. Word (and
LibreOffice) read TrueType fonts embedded in the package: each font is stored as an
"obfuscated" ``word/fonts/fontN.odttf`` (its first 32 bytes XORed with a key, as ECMA-376
17.8.1 prescribes), named in ``word/fontTable.xml`` and announced in the settings.

The fonts are cut down (fontTools' subsetter) to the scripts a submission uses — Latin,
punctuation, currency and math signs, and Khmer — so the DOCX grows by a few hundred KB, not
3 MB. The cut does not depend on the document, so it is made once and shipped in
``templates/fonts/docx/`` (``python -m tipreport.render.docx_fonts`` remakes it after a font
or :data:`UNICODES` changes; a test checks that the shipped fonts are that cut): subsetting
Noto's layout tables takes seconds a build need not pay. Keys are derived from the font's
name, so the same document gives the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from functools import lru_cache

from ..resources import templates_dir

__all__ = ["embed_fonts", "EMBEDDED", "obfuscate"]

#: family → (variant, file) embedded; the variants Word knows
EMBEDDED: dict[str, tuple[tuple[str, str], ...]] = {
    "Noto Sans": (("Regular", "NotoSans-Regular.ttf"), ("Bold", "NotoSans-Bold.ttf"),
                  ("Italic", "NotoSans-Italic.ttf"),
                  ("BoldItalic", "NotoSans-BoldItalic.ttf")),
    "Noto Sans Khmer": (("Regular", "NotoSansKhmer-Regular.ttf"),
                        ("Bold", "NotoSansKhmer-Bold.ttf")),
}

#: the characters kept: Latin (with accents), punctuation, currency, arrows and math signs,
#: Khmer and Khmer symbols, and the invisible spaces and joiners the text uses
UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2000, 0x2070),
            *range(0x20A0, 0x20C1), *range(0x2100, 0x2150), *range(0x2190, 0x2200),
            *range(0x2200, 0x2300), *range(0x1780, 0x1800), *range(0x19E0, 0x1A00),
            0x25CC, 0xFEFF]

_OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


def _key(name: str) -> str:
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"tipreport:font:{name}")).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes, read from the GUID's hex digits in
    reverse order (ECMA-376 Part 1, 17.8.1). The same call undoes it."""
    raw = bytes.fromhex(re.sub(r"[{}-]", "", key))[::-1]
    head = bytes(b ^ raw[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


#: where the cut fonts are shipped, beside the full ones
SUBSET_DIR = "docx"


@lru_cache(maxsize=16)
def _subset(file: str) -> bytes:
    """The font cut to :data:`UNICODES`: the shipped cut, else cut now."""
    shipped = templates_dir() / "fonts" / SUBSET_DIR / file
    if shipped.is_file():
        return shipped.read_bytes()
    return cut(file)


def cut(file: str) -> bytes:
    """The shipped font ``file`` cut down to :data:`UNICODES` by fontTools' subsetter."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(templates_dir() / "fonts" / file), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]  # Khmer shaping needs its GSUB/GPOS features
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def embed_fonts(docx: bytes) -> bytes:
    """``docx`` with the shipped fonts embedded (fonts missing from the templates are skipped)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    if "word/fontTable.xml" not in entries:
        return docx
    rels, fonts_xml, n = [], [], 0
    for family, variants in EMBEDDED.items():
        embeds = []
        for variant, file in variants:
            if not (templates_dir() / "fonts" / file).is_file():
                continue
            n += 1
            key = _key(f"{family} {variant}")
            name = f"fonts/font{n}.odttf"
            entries[f"word/{name}"] = obfuscate(_subset(file), key)
            rels.append(f'<Relationship Id="rIdFont{n}" Type="{_FONT_REL}" Target="{name}"/>')
            embeds.append(f'<w:embed{variant} r:id="rIdFont{n}" w:fontKey="{key}"/>')
        if embeds:
            fonts_xml.append(f'<w:font w:name="{family}"><w:charset w:val="00"/>'
                             '<w:family w:val="swiss"/><w:pitch w:val="variable"/>'
                             + "".join(embeds) + "</w:font>")
    if not n:
        return docx
    table = entries["word/fontTable.xml"].decode("utf-8")
    for family in EMBEDDED:  # the reference may already name the font: replace its entry
        table = re.sub(rf'<w:font w:name="{re.escape(family)}">.*?</w:font>', "", table,
                       flags=re.S)
    if 'xmlns:r="' not in table[:600]:
        table = table.replace("<w:fonts ", '<w:fonts xmlns:r="http://schemas.openxmlformats.org'
                              '/officeDocument/2006/relationships" ', 1)
    table = table.replace("</w:fonts>", "".join(fonts_xml) + "</w:fonts>")
    entries["word/fontTable.xml"] = table.encode("utf-8")
    entries["word/_rels/fontTable.xml.rels"] = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>").encode("utf-8")
    types = entries["[Content_Types].xml"].decode("utf-8")
    if 'Extension="odttf"' not in types:
        types = types.replace("<Default ", f'<Default Extension="odttf" ContentType="{_OBFUSCATED}"'
                              '/><Default ', 1)
    entries["[Content_Types].xml"] = types.encode("utf-8")
    settings = entries["word/settings.xml"].decode("utf-8")
    if "<w:embedTrueTypeFonts" not in settings:
        settings = re.sub(r"(<w:settings\b[^>]*>(?:<w:writeProtection[^>]*/>)?"
                          r"(?:<w:view[^>]*/>)?(?:<w:zoom[^>]*/>)?)",
                          r"\1<w:embedTrueTypeFonts/><w:saveSubsetFonts/>", settings, count=1)
    entries["word/settings.xml"] = settings.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)
    return out.getvalue()


def main() -> None:
    """Remake the shipped cuts (``templates/fonts/docx/``) from the full fonts."""
    target = templates_dir() / "fonts" / SUBSET_DIR
    target.mkdir(exist_ok=True)
    for variants in EMBEDDED.values():
        for _, file in variants:
            if (templates_dir() / "fonts" / file).is_file():
                (target / file).write_bytes(cut(file))
                print(f"{file}: {(target / file).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
