"""The personal-data guard for printed free text.

Columns that identify a person are dropped on reading (:func:`tipreport.schema.personal_data_kind`).
But a name, a phone number or a passport number can also be typed into a text the document
prints: a case summary, a narrative paragraph, a response to a recommendation, an activity's
description. :func:`withhold` searches every printed text cell, once per distinct value, for

- the values of the dropped personal-data columns (names, birth dates, phone numbers, …) — as
  the whole text, or as a whole phrase inside it when the value has at least two words or eight
  characters (a single short name such as "Sok" only as the whole text);
- phone numbers (eight or more digits after a leading ``+`` or ``0``), passport-like numbers
  (one or two letters then seven or eight digits), e-mail addresses, and the national identity
  number formats the schema lists,

with Khmer digits read as digits, and allowing what may be printed: the submission's contact
e-mail, the numbers in the ``Submission`` key ``public_numbers`` and the e-mail domains in
``public_domains``. The patterns and the allowances are data in :mod:`tipreport.schema`.

A hit is a warning on the cell (``personal-data-in-text``, which never repeats the value) and
the cell's text becomes :data:`WITHHELD` in the tables, so no output can print it; the row
still counts.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from . import schema
from .reading import row_locator
from .report import WARNING, Issue, Report

__all__ = ["WITHHELD", "Finding", "Guard", "withhold", "printed_text_columns"]

#: What a withheld cell says instead of its text, in every output.
WITHHELD = "[withheld: personal data]"

CODE = "personal-data-in-text"

_KHMER = "\u1780-\u17ff\u19e0-\u19ff"
_TOKEN = re.compile(rf"[{_KHMER}]+|[^\W_]+")
_HAS_KHMER = re.compile(rf"[{_KHMER}]")
_ANY_DIGIT = re.compile(r"\d")
_DATE_LIKE = re.compile(r"^\d{1,2}[\-./ ]\d{1,2}[\-./ ]\d{2,4}$")
#: Khmer, Thai, Lao and Myanmar digits → ASCII digits
_DIGITS = str.maketrans({chr(base + i): str(i) for base in (0x17E0, 0x0E50, 0x0ED0, 0x1040)
                         for i in range(10)})


@dataclass(frozen=True)
class Finding:
    """What a text holds: ``kind`` (``value``, ``phone``, ``passport``, ``email``,
    ``national_id``) and, in words, ``what`` (never the personal data itself)."""

    kind: str
    what: str


def printed_text_columns() -> dict[str, tuple[str, ...]]:
    """The free-text columns of each data sheet: every ``text`` column, since any of them may
    be printed (summaries, narrative, responses, titles, descriptions, results, agencies)."""
    return {name: tuple(c.name for c in schema.SHEETS[name].columns if c.kind == "text")
            for name in schema.DATA_SHEETS}


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_DIGITS)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_clean(text).casefold())


def _as_texts(value: Any) -> list[str]:
    """A dropped cell's value as the texts it may be written as in free text."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        value = value.date()
    if isinstance(value, dt.date):
        return [value.isoformat(), f"{value:%d/%m/%Y}", f"{value.day}/{value.month}/{value.year}"]
    if isinstance(value, float):
        if value != value:
            return []
        if value.is_integer():
            return [str(int(value))]
    text = str(value)
    day = _date_text(text)
    return [text, *(t for t in _as_texts(day) if t != text)] if day else [text]


def _date_text(text: str) -> dt.date | None:
    """A date written as text (ISO, or day/month/year) as a date: it may be typed either way."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(" ".join(_tokens(p)) for p in schema.PERSONAL_DATA_PLACEHOLDERS)


class _Values:
    """The dropped values as phrases, for matching whole texts and phrases inside texts."""

    def __init__(self, values: Iterable[tuple[str, str, Any]]):
        self.whole: dict[str, str] = {}  # key → header
        self.phrase: dict[str, str] = {}  # key → header, for values long enough to be phrases
        self.first: set[str] = set()  # first word of each phrase
        self.longest = 0  # the most words in a phrase
        self.khmer: dict[str, str] = {}  # Khmer phrases without spaces → header
        self.khmer_lengths: set[int] = set()
        placeholders = _placeholders()
        for header, kind, value in values:
            for text in _as_texts(value):
                tokens = _tokens(text)
                key = " ".join(tokens)
                if not key or key in placeholders:
                    continue
                self.whole.setdefault(key, header)
                if kind == "address" and len(tokens) < schema.ADDRESS_PHRASE_MIN_WORDS and \
                        not any(c.isdigit() for c in key):
                    continue  # only a place: the narrative may name it
                if len(tokens) >= 2 or len(_clean(text).strip()) >= 8:
                    self.phrase.setdefault(key, header)
                    self.first.add(tokens[0])
                    self.longest = max(self.longest, len(tokens))
                    if _HAS_KHMER.search(key):
                        compact = "".join(tokens)
                        self.khmer.setdefault(compact, header)
                        self.khmer_lengths.add(len(compact))

    def find(self, text: str) -> str | None:
        """The header of the dropped column whose value ``text`` holds, or None."""
        tokens = _tokens(text)
        if not tokens:
            return None
        key = " ".join(tokens)
        if key in self.whole:
            return self.whole[key]
        if self.first.intersection(tokens):
            for i, token in enumerate(tokens):
                if token in self.first:
                    for n in range(1, min(self.longest, len(tokens) - i) + 1):
                        header = self.phrase.get(" ".join(tokens[i:i + n]))
                        if header is not None:
                            return header
        if self.khmer and _HAS_KHMER.search(key):
            # Khmer is written without spaces between words: look for the phrase anywhere
            compact = "".join(tokens)
            for length in self.khmer_lengths:
                for i in range(len(compact) - length + 1):
                    header = self.khmer.get(compact[i:i + length])
                    if header is not None:
                        return header
        return None


def _split(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [p.strip() for p in re.split(r"[,;\n]", str(value)) if p.strip()]


class Guard:
    """Finds personal data in a text: the dropped values (``(header, kind, value)`` triples,
    ``kind`` as in :data:`tipreport.schema.PERSONAL_DATA_COLUMNS`), and the schema's patterns,
    less the allowances of the submission (``contact_email``, ``public_numbers``,
    ``public_domains``)."""

    def __init__(self, dropped: Iterable[tuple[str, str, Any]] = (),
                 submission: dict[str, Any] | None = None):
        submission = submission or {}
        self.values = _Values(dropped)
        # identity numbers first: their words say what a number is better than its shape
        self.patterns = [("national_id", what, re.compile(pattern))
                         for what, pattern in schema.NATIONAL_ID_FORMATS.items()]
        self.patterns += [(kind, what, re.compile(pattern))
                          for kind, (what, pattern) in schema.PERSONAL_TEXT_PATTERNS.items()]
        contact = submission.get("contact_email")
        self.emails = {str(contact).strip().casefold()} if contact else set()
        self.domains = {d.lstrip("@").casefold() for d in _split(submission.get("public_domains"))}
        self.numbers = {re.sub(r"\D", "", _clean(n)) for n in
                        _split(submission.get("public_numbers"))} - {""}

    @classmethod
    def from_sheets(cls, raws: Iterable, submission: dict[str, Any] | None = None) -> Guard:
        """A guard for the values of the personal-data columns dropped from ``raws`` (the raw
        sheets read, :class:`~tipreport.reading.RawSheet`)."""
        kinds = set(schema.PERSONAL_VALUE_KINDS)
        dropped = [(header, kind, value)
                   for raw in raws
                   for header, (kind, values) in getattr(raw, "personal", {}).items()
                   if kind in kinds
                   for value in values]
        return cls(dropped, submission)

    def find(self, text: Any) -> Finding | None:
        """What personal data ``text`` holds (the first thing found), or None."""
        if not isinstance(text, str) or not text.strip():
            return None
        header = self.values.find(text) if self.values.whole else None
        if header is not None:
            return Finding("value", f'a value of the personal-data column "{header}"')
        cleaned = _clean(text)
        has_digit, has_at = _ANY_DIGIT.search(cleaned) is not None, "@" in cleaned
        for kind, what, pattern in self.patterns:
            # every pattern but the e-mail address needs a digit; the e-mail address an @
            if not (has_at if kind == "email" else has_digit):
                continue
            for match in pattern.finditer(cleaned):
                if not self._allowed(kind, match.group(0)):
                    return Finding(kind, what)
        return None

    def _allowed(self, kind: str, found: str) -> bool:
        if kind == "phone":
            digits = re.sub(r"\D", "", found)
            if len(digits) < schema.PHONE_MIN_DIGITS or _DATE_LIKE.match(found.strip()):
                return True
            return any(_same_number(digits, number) for number in self.numbers)
        if kind == "email":
            address = found.casefold()
            domain = address.rsplit("@", 1)[-1]
            return address in self.emails or any(
                domain == d or domain.endswith("." + d) for d in self.domains)
        return False


def _same_number(a: str, b: str) -> bool:
    """The same phone number, written nationally (023 …) or internationally (+855 23 …)."""
    a, b = a.lstrip("0"), b.lstrip("0")
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 7 and long.endswith(short)


def withhold(tables: dict[str, pd.DataFrame], guard: Guard, report: Report,
             where: dict | None = None) -> int:
    """Withhold, in place, every printed text cell of ``tables`` in which ``guard`` finds
    personal data: the text becomes :data:`WITHHELD`, and a located warning is added to
    ``report``. ``where`` maps (file, sheet as named in the file) to the raw sheet, for column
    letters and headers. Returns the number of cells withheld."""
    where = where or {}
    count = 0
    for sheet, columns in printed_text_columns().items():
        frame = tables.get(sheet)
        if frame is None or not len(frame):
            continue
        for column in columns:
            if column not in frame.columns:
                continue
            series = frame[column]
            found = {}
            for value in pd.unique(series.dropna()):  # each distinct text once
                finding = guard.find(value)
                if finding is not None:
                    found[value] = finding
            if not found:
                continue
            hits = series.map(found)
            mask = hits.notna()
            for pos in mask.to_numpy().nonzero()[0]:
                row = frame.iloc[pos]
                raw = where.get((row["_file"], row["_sheet"]))
                letter, header = raw.where(column) if raw is not None else (None, column)
                report.add(Issue(CODE, WARNING, _message(hits.iat[pos]), file=row["_file"],
                                 sheet=row["_sheet"], row=row_locator(row["_row"]),
                                 column=letter, header=header,
                                 row_label=raw.row_label if raw is not None else None))
            frame.loc[mask, column] = WITHHELD
            count += int(mask.sum())
    return count


_HINTS = {
    "phone": " If it is a published number (a hotline), list it in the Submission key "
             "public_numbers.",
    "email": " If addresses of its domain may be published, list the domain in the Submission "
             "key public_domains (the contact e-mail is always allowed).",
}


def _message(finding: Finding) -> str:
    return (f"The text holds what looks like personal data ({finding.what}), so it is withheld "
            f'from every output: it reads "{WITHHELD}". The row still counts. Remove the '
            f"personal data from the text.{_HINTS.get(finding.kind, '')}")
