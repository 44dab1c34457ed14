"""Khmer text in the ministry's own words: line breaks only between words.

Khmer is written without spaces between words, so a layout engine that knows no Khmer
dictionary breaks a long line anywhere (or not at all). Before text reaches a renderer, a
Khmer word segmenter (khmercut, a CRF model of Khmer words) finds the words, and a zero-width
space (U+200B) is put between two Khmer words: an invisible break opportunity that WeasyPrint
(the PDF) and Word or LibreOffice (the DOCX) all honour. Nothing else in the text changes.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["has_khmer", "language_of", "break_words", "ZWSP"]

ZWSP = "\u200b"
_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
#: a run of Khmer letters and signs (a phrase between spaces or other scripts)
_RUN = re.compile("[\u1780-\u17dd\u17e0-\u17e9\u19e0-\u19ff]{2,}")
_KHMER_LETTER = re.compile("[\u1780-\u17dd]")


def has_khmer(text: str) -> bool:
    return bool(_KHMER.search(text or ""))


def language_of(text: str) -> str | None:
    """``"km"`` when most letters of ``text`` are Khmer; None otherwise (the document's)."""
    if not has_khmer(text):
        return None
    khmer = len(_KHMER.findall(text))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "km" if khmer >= latin else None


@lru_cache(maxsize=4096)
def _segment(run: str) -> str:
    from khmercut import tokenize

    words = [w for w in tokenize(run) if w]
    out = [words[0]] if words else []
    for word in words[1:]:
        if _KHMER_LETTER.match(word) and _KHMER_LETTER.search(out[-1][-1:]):
            out.append(ZWSP)
        out.append(word)
    return "".join(out)


def break_words(text: str) -> str:
    """``text`` with a zero-width space between every two Khmer words (other text as is)."""
    if not text or not has_khmer(text):
        return text
    try:
        return _RUN.sub(lambda m: _segment(m.group(0)), text)
    except ImportError:  # pragma: no cover - khmercut is a dependency
        return text
