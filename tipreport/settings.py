"""The ``Submission`` settings, checked like data: one validator per kind, in one place.

A setting arrives from a ``Submission`` sheet (a cell: a problem becomes an issue located at
the cell, see :func:`read_setting`) or as an option (``compute(..., language="English")``,
``--contact-email``: a problem raises :class:`~tipreport.errors.UsageError` with the same
plain words, see :func:`validate_setting`). Either way the value is normalised the same way:

========  ================================================================================
kind      accepted, and kept as
========  ================================================================================
text      any text without control characters; trimmed
email     one e-mail address (``name@ministry.gov.kh``)
language  a language code or name Babel knows — ``en``, ``English``, ``km``, ``Khmer``,
          ``ខ្មែរ`` — kept as its code (``km``)
country   an ISO code, or an English or Khmer name — kept as the English short name
currency  an ISO 4217 code, or a common name (riel, dollar) — kept as the code
date      a date, ``YYYY-MM-DD`` or ``DD/MM/YYYY`` text, between 1900 and 2199
year      a whole number within the key's range (``report_year``: 2000–2100)
number    a number within the key's range (``usd_rate``, ``minimum_sentence_months``)
========  ================================================================================
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

import pandas as pd

from . import coerce, schema
from .report import ERROR, quote

__all__ = ["read_setting", "validate_setting", "language_code"]


def read_setting(key: str, raw: Any, *, date_order: str = "DMY"
                 ) -> tuple[Any, list[tuple[str, str]]]:
    """A raw cell of setting ``key`` → (the normalised value or None, [(code, message)])."""
    spec = schema.SUBMISSION_KEYS[key]
    checker = _KINDS[spec.kind]
    value, problems = checker(spec, raw, date_order)
    if problems:
        return None, problems
    return value, []


def validate_setting(key: str, value: Any, *, date_order: str = "DMY") -> Any:
    """An option's value, normalised; :class:`~tipreport.errors.UsageError` when it is wrong."""
    from .errors import UsageError

    if key not in schema.SUBMISSION_KEYS:
        raise UsageError(f"unknown submission setting {key!r}; known: "
                         f"{', '.join(schema.SUBMISSION_KEYS)}")
    if isinstance(value, dt.datetime):
        value = value.date()
    checked, problems = read_setting(key, value, date_order=date_order)
    if problems:
        raise UsageError(f"{key}: {problems[0][1]}")
    if checked is None:
        raise UsageError(f"{key}: no value given")
    return checked


# --- one checker per kind ------------------------------------------------------------------------


def _one(converter, raw: Any) -> tuple[Any, list[tuple[str, str]]]:
    """Run a column converter of :mod:`tipreport.coerce` on one value."""
    values, problems = converter(pd.Series([raw], dtype=object))
    found = [(p.code, p.message(raw)) for p in problems if p.severity == ERROR and p.mask.iat[0]]
    value = values.iat[0]
    return (None if found or _missing(value) else value), found


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(spec: schema.SubmissionKey, raw: Any, order: str):
    return _one(coerce.text, raw)


_EMAIL = re.compile(r"^[^@\s,;<>()\[\]\"']+@[^@\s,;<>()\[\]\"']+\.[^@\s,;<>()\[\]\"'.]{2,}$")


def _email(spec: schema.SubmissionKey, raw: Any, order: str):
    value, problems = _one(coerce.text, raw)
    if problems or value is None:
        return value, problems
    value = value.strip().removeprefix("mailto:")
    if not _EMAIL.match(value):
        return None, [("email-invalid",
                       f"{quote(value)} is not one e-mail address. Write it as "
                       "name@ministry.gov.kh.")]
    return value, []


def _language(spec: schema.SubmissionKey, raw: Any, order: str):
    value, problems = _one(coerce.text, raw)
    if problems or value is None:
        return value, problems
    code = language_code(value)
    if code is None:
        return None, [("language-unknown",
                       f"{quote(value)} is not a language tipreport knows. Write its code or "
                       "its name, e.g. en or English, km or Khmer.")]
    return code, []


def _country(spec: schema.SubmissionKey, raw: Any, order: str):
    value, problems = _one(coerce.country_codes, raw)
    return (coerce.country_name(value) if value is not None else None), problems


def _currency(spec: schema.SubmissionKey, raw: Any, order: str):
    return _one(coerce.currency_codes, raw)


def _date(spec: schema.SubmissionKey, raw: Any, order: str):
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    value, problems = _one(lambda s: coerce.dates(s, order), raw)
    return (value.date() if value is not None else None), problems


def _year(spec: schema.SubmissionKey, raw: Any, order: str):
    value, problems = _one(lambda s: coerce.numbers(
        s, whole=True, low=spec.minimum or 0, high=spec.maximum, text_only=True, what="year",
        range_code="year-out-of-range"), raw)
    return (int(value) if value is not None else None), problems


def _number(spec: schema.SubmissionKey, raw: Any, order: str):
    value, problems = _one(lambda s: coerce.numbers(
        s, low=spec.minimum or 0, high=spec.maximum, text_only=True, what="number",
        range_code="number-out-of-range"), raw)
    return (float(value) if value is not None else None), problems


_KINDS = {"text": _text, "email": _email, "language": _language, "country": _country,
          "currency": _currency, "date": _date, "year": _year, "number": _number}


# --- languages -----------------------------------------------------------------------------------


def language_code(value: str) -> str | None:
    """``en``, ``EN``, ``en-GB``, ``English``, ``km``, ``Khmer``, ``ខ្មែរ`` → ``en`` / ``km``;
    None for a language Babel has no data for."""
    from babel import Locale, UnknownLocaleError

    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", text):
        try:
            return Locale.parse(text.replace("-", "_").lower().split("_")[0]).language
        except (UnknownLocaleError, ValueError, TypeError):
            pass
    key = schema.normalize(text)
    return _english_names().get(key) or _own_names().get(key)


@cache
def _codes() -> frozenset[str]:
    from babel import localedata

    return frozenset(i for i in localedata.locale_identifiers() if "_" not in i)


@cache
def _english_names() -> dict[str, str]:
    """Each language's English name (normalised) → its code, for the locales Babel has."""
    from babel import Locale

    return {schema.normalize(name): code for code, name in Locale("en").languages.items()
            if code in _codes()}


@cache
def _own_names() -> dict[str, str]:
    """Each language's name in itself (``ខ្មែរ``, ``français``) → its code (loads every
    locale's data once, about a second: only asked when the English names do not match)."""
    from babel import Locale

    names: dict[str, str] = {}
    for code in sorted(_codes()):
        try:
            own = Locale.parse(code).get_display_name(code)
        except Exception:  # noqa: BLE001 — a locale whose data Babel cannot load: skip it
            continue
        if own:
            names.setdefault(schema.normalize(own), code)
    return names
