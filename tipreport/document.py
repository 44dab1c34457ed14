"""The document model: what the submission says, independent of PDF, DOCX or HTML.

:mod:`tipreport.compose` builds a :class:`Document` from the figures; every renderer (HTML →
PDF, DOCX) only walks it. Numbers arrive here already formatted as text: no renderer computes
or formats a figure, so the PDF, the DOCX and the HTML cannot disagree.

All text in the model is plain text. Text that came from a workbook is marked nowhere because
it needs no marking: renderers always escape (HTML autoescape) or insert literally (DOCX runs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "Paragraph", "Table", "Chart", "BulletList", "Block", "Section", "Cover", "Document",
]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text. ``style``: ``body``, ``lead`` (first paragraph of a
    section, the generated summary sentence), ``note`` (small print), ``warning`` (a notice
    that data is missing, set apart), ``example`` (a case example), ``quote``."""

    text: str
    style: str = "body"
    #: optional bold lead-in, e.g. a case example's title or a recommendation's id
    title: str | None = None
    #: where the words come from: ``generated`` (written from the figures, every number one of
    #: them), ``ministry`` (the ministry's own text, printed as written) or ``fixed`` (the
    #: library's standing explanations)
    source: str = "generated"
    #: what a sentence asserts about the data, so that tests can hold it to the data:
    #: e.g. ``("none", "prevention.policies")`` for "No policies recorded", ``("not_supplied",
    #: "Victims")`` for "No victim data was supplied"
    claim: tuple[str, ...] = ()
    #: the language of the text when it is not the document's (e.g. ``km`` for Khmer text)
    lang: str | None = None


@dataclass(frozen=True)
class Table:
    """A table with one header row. ``align`` per column: ``l`` or ``r`` (numbers).
    ``total_rows`` are indexes of rows to set in bold (totals). Cells are short text; long text
    goes in paragraphs, so rows never need to split."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...] = ()
    total_rows: tuple[int, ...] = ()
    key: str = ""  # stable id, e.g. "prosecution-by-exploitation"
    note: str | None = None  # a line under the table
    widths: tuple[float, ...] = ()  # relative column widths (sum ≈ 1); empty = automatic
    #: per row: 0 for a row of its own, 1 for a part of the nearest row above it at level 0
    #: ("of which …"), 2 for a part of the nearest level-1 row; empty = all 0. A part is never
    #: larger than its parent unless its row is in ``may_exceed`` (its label says why).
    levels: tuple[int, ...] = ()
    may_exceed: tuple[int, ...] = ()
    #: the columns whose values add up (parts within their row); empty = every numeric column
    #: but the change. A median or a longest term is no sum, so its column is left out.
    additive: tuple[int, ...] = ()
    #: columns 1–3 are this period, the previous one (like for like) and the change
    compare: bool = False


@dataclass(frozen=True)
class Chart:
    """A grouped bar chart: this period against the previous one.

    ``categories`` are the bar groups (e.g. forms of exploitation); ``series`` pairs of
    (label, values), one value per category, in the order given (previous period first).
    ``alt`` is the text alternative (PDF/UA), stating every value.
    """

    caption: str
    alt: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    key: str = ""
    horizontal: bool = False
    value_label: str = ""  # axis label, e.g. "cases"
    #: the label over each bar, per series, as the document's one formatter writes it (a
    #: small count hidden by small-cell suppression reads "<5" and its bar is not drawn);
    #: empty = the renderer writes the values
    labels: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block = Union[Paragraph, Table, Chart, BulletList]


@dataclass(frozen=True)
class Section:
    """A numbered part of the document. ``level`` 1 is a chapter (Heading 1)."""

    id: str  # stable: "summary", "prosecution", "prosecution-sentences", …
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple["Section", ...] = ()
    level: int = 1
    #: an annex: starts on a new page, after the data notes
    annex: bool = False


@dataclass(frozen=True)
class Cover:
    country: str
    government_body: str
    title: str  # "Submission to the 2026 Trafficking in Persons Report"
    period: str  # "1 April 2025 – 31 March 2026"
    data_through: str  # "15 January 2026"
    submitted_on: str  # "30 January 2026"
    contact_name: str
    contact_email: str
    #: extra lines, e.g. "Supplementary update" or "Contains rows left out for errors"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    cover: Cover
    sections: tuple[Section, ...]
    #: metadata of the files
    title: str
    author: str  # the government body
    subject: str
    language: str = "en"
    submitted_on: dt.date = dt.date(2026, 1, 30)
    page_size: str = "a4"  # "a4" or "letter"
    running_header: str = ""  # e.g. "Cambodia · Submission to the 2026 TIP Report"
    running_footer: str = ""  # e.g. "Submitted 30 January 2026"
    #: the readiness page: only in the HTML preview, never in the PDF or DOCX sent
    readiness: Section | None = None
    labels: dict[str, str] = field(default_factory=dict)  # "contents", "page", "of", …
    #: small-cell suppression applied: counts from 1 to N-1 read "<N" (0 = off)
    suppress_below: int = 0

    def walk(self):
        """Every section, depth first, in document order."""
        def visit(section: Section):
            yield section
            for child in section.subsections:
                yield from visit(child)

        for section in self.sections:
            yield from visit(section)
