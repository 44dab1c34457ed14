"""The blank intake workbook, written from the schema.

``blank_workbook("intake.xlsx")`` (``tipreport blank intake.xlsx``) writes the workbook a
ministry fills in. Everything in it comes from :mod:`tipreport.schema`, so it cannot disagree
with the reader:

- one sheet per intake sheet, headed by the contract's column names (bold, frozen, filtered),
  each header carrying a note: what the column holds, its kind, whether it is required, its
  codes and default;
- number formats on the data area: dates as real dates shown DD/MM/YYYY, identifiers and text
  as text (``00123`` stays ``00123``), whole numbers as integers;
- drop-down lists for every code, yes/no, country and currency column, read from the ``Lists``
  sheet. They guide without forbidding: the data validation's style is *information*, so other
  spellings the reader accepts (``Labour``, ``F``) stay allowed. Multi-value cells
  (``services``) get a note, not a list;
- a ``Submission`` sheet: every key, an empty value beside it, and its meaning;
- an ``Instructions`` sheet: the filling-in guide of :func:`tipreport.docs.guide`, the text
  ``docs/intake.md`` is written from too.

The reader skips ``Lists`` and ``Instructions`` silently. The file is the same bytes for the
same schema: its creation date is fixed, and the zip entries carry no time of their own.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from . import schema
from ._io import write_atomic
from .errors import MissingDependencyError, OutputError, OutputExistsError, UsageError

__all__ = ["blank_workbook", "LISTS_SHEET", "INSTRUCTIONS_SHEET"]

LISTS_SHEET = "Lists"
INSTRUCTIONS_SHEET = "Instructions"

#: the document properties' creation date: fixed, so that the same schema gives the same bytes
CREATED = dt.datetime(2026, 1, 1)
#: the last row formats and drop-downs cover (0-based: Excel's row 1,048,576)
LAST_ROW = 1_048_575
#: dates the date columns' guide accepts without a message
FIRST_DATE, LAST_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
#: columns of long free text: wide, wrapped
WIDE_TEXT = frozenset({"summary", "description", "recommendation", "response", "text", "result"})

DARK_BLUE, LIGHT_BLUE, GREY = "#1F4E79", "#DDEBF7", "#595959"


@dataclass(frozen=True)
class _Look:
    """How one kind of column looks and is guided in the workbook."""

    num_format: str  # Excel number format of its data cells
    width: int
    hint: str  # how to fill it in, for the header note
    #: the data validation guiding it, when not a drop-down list (information style)
    guide: dict[str, Any] | None = None
    #: the drop-down's list on the Lists sheet (``"codes"``: the column's own code list)
    values: str | None = None


def _whole(low: int, high: int | None = None) -> dict[str, Any]:
    if high is None:
        return {"validate": "integer", "criteria": ">=", "value": low}
    return {"validate": "integer", "criteria": "between", "minimum": low, "maximum": high}


#: One entry per kind of the contract (``schema.Column.kind``, ``docs.KIND_WORDS``).
LOOKS: dict[str, _Look] = {
    "id": _Look("@", 14, "00123 stays 00123."),
    "text": _Look("@", 30, ""),
    "date": _Look("dd/mm/yyyy", 12, "Type it day/month/year, e.g. 15/01/2026.",
                  {"validate": "date", "criteria": "between", "minimum": FIRST_DATE,
                   "maximum": LAST_DATE}),
    "code": _Look("@", 18, "", values="codes"),
    "codes": _Look("@", 30, ""),
    "bool": _Look("@", 10, "Pick yes or no.", values="yes_no"),
    "country": _Look("@", 22, "Pick the name from the list, or type the two-letter ISO code "
                              "(KH, TH, VN).", values="country"),
    "currency": _Look("@", 10, "E.g. KHR or USD.", values="currency"),
    "number": _Look("General", 12, "", {"validate": "decimal", "criteria": ">=", "value": 0}),
    "integer": _Look("#,##0", 12, "", _whole(0)),
    "age": _Look("0", 8, "In years.", _whole(0, 120)),
    "year": _Look("0", 8, "E.g. 2025.", _whole(1990, 2100)),
}

#: Submission keys' own kinds, as column kinds
_KEY_KINDS = {"language": "text", "email": "text"}


# --- the public entry point ---------------------------------------------------------------------


def blank_workbook(target: str | os.PathLike | IO[bytes] | None = None, *,
                   overwrite: bool = False) -> Path | bytes | None:
    """Write the blank intake workbook (``.xlsx``).

    ``target`` is a path (the workbook is written there and the path returned; its folder is
    created when missing), a binary file object (written into; ``None`` returned) or ``None``
    (the workbook's bytes are returned). An existing file is kept and
    :class:`~tipreport.errors.OutputExistsError` raised, unless ``overwrite=True``. A file
    that cannot be written raises :class:`~tipreport.errors.OutputError`.
    """
    data = workbook_bytes()
    if target is None:
        return data
    if hasattr(target, "write"):
        target.write(data)
        return None
    path = Path(target).expanduser()
    if path.is_dir():
        raise UsageError(f"{path} is a folder: give the workbook's file name, e.g. "
                         f"{path / 'intake.xlsx'}.")
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"The blank workbook is an Excel .xlsx file: name it with .xlsx, "
                         f"e.g. {path.with_suffix('.xlsx').name}, not {path.name}.")
    if path.exists() and not overwrite:
        raise OutputExistsError(f"{path} exists already and was left as it is. Choose another "
                                "name, or overwrite it (--force; overwrite=True in Python).")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise OutputError(f"{path} could not be written: {exc.strerror or exc}.") from exc
    return path


def workbook_bytes() -> bytes:
    """The blank workbook, as the bytes of an .xlsx file."""
    try:
        import xlsxwriter
    except ImportError as exc:  # a core dependency, but an old environment may lack it
        raise MissingDependencyError("Writing the blank workbook needs XlsxWriter: "
                                     "pip install XlsxWriter") from exc

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({
        "title": "TIP report intake workbook",
        "subject": "Anti-trafficking records for the TIP report submission",
        "author": "tipreport",
        "comments": "Written by tipreport from its intake schema; see the Instructions sheet.",
        "created": CREATED,
    })
    styles = _Styles(book)
    ranges = list_ranges()
    _instructions(book, styles)
    for name in schema.DATA_SHEETS:
        _data_sheet(book, styles, schema.SHEETS[name], ranges)
    _submission(book, styles, ranges)
    _lists(book, styles)
    book.close()
    return buffer.getvalue()


# --- styles ---------------------------------------------------------------------------------


class _Styles:
    """The workbook's cell formats, made once (XlsxWriter formats belong to one workbook)."""

    def __init__(self, book):
        self._book = book
        self._cache: dict[tuple, Any] = {}
        header = {"bold": True, "border": 1, "valign": "top", "text_wrap": True}
        self.header = book.add_format({**header, "bg_color": LIGHT_BLUE})
        self.required = book.add_format({**header, "bg_color": DARK_BLUE,
                                         "font_color": "#FFFFFF"})
        self.title = book.add_format({"bold": True, "font_size": 16})
        self.heading = book.add_format({"bold": True, "font_size": 12, "font_color": DARK_BLUE})
        self.paragraph = book.add_format({"text_wrap": True, "valign": "top"})
        self.bold = book.add_format({"bold": True})
        self.meaning = book.add_format({"text_wrap": True, "valign": "top",
                                        "font_color": GREY})
        self.key = book.add_format({"bold": True, "valign": "top", "num_format": "@"})

    def cell(self, num_format: str, wrap: bool = False):
        """The format of a data cell of one number format."""
        key = (num_format, wrap)
        if key not in self._cache:
            spec: dict[str, Any] = {"num_format": num_format, "valign": "top"}
            if wrap:
                spec["text_wrap"] = True
            self._cache[key] = self._book.add_format(spec)
        return self._cache[key]


# --- the drop-down lists ---------------------------------------------------------------------


@cache
def list_values() -> dict[str, tuple[str, ...]]:
    """Every list of the ``Lists`` sheet, by its header: the code lists, ``yes_no``,
    ``country`` (names the reader knows, with ``country_code`` beside) and ``currency`` (ISO
    4217 codes, with ``currency_name`` beside)."""
    import pycountry

    from .coerce import country_name

    out: dict[str, tuple[str, ...]] = dict(schema.CODE_LISTS)
    out["yes_no"] = ("yes", "no")
    countries = sorted(((country_name(c.alpha_2), c.alpha_2) for c in pycountry.countries),
                       key=lambda pair: (pair[0].casefold(), pair[1]))
    out["country"] = tuple(name for name, _ in countries)
    out["country_code"] = tuple(code for _, code in countries)
    currencies = sorted((c.alpha_3, c.name) for c in pycountry.currencies)
    out["currency"] = tuple(code for code, _ in currencies)
    out["currency_name"] = tuple(name for _, name in currencies)
    return out


def list_ranges() -> dict[str, str]:
    """Each list's cells on the ``Lists`` sheet: one column each, under its name in row 1
    (``{"sex": "=Lists!$A$2:$A$5", …}``)."""
    from xlsxwriter.utility import xl_col_to_name

    return {name: f"={LISTS_SHEET}!${xl_col_to_name(col)}$2:${xl_col_to_name(col)}$"
                  f"{len(values) + 1}"
            for col, (name, values) in enumerate(list_values().items())}


def _lists(book, styles: _Styles) -> None:
    sheet = book.add_worksheet(LISTS_SHEET)
    text = styles.cell("@")
    for col, (name, values) in enumerate(list_values().items()):
        sheet.write_string(0, col, name, styles.header)
        for row, value in enumerate(values, start=1):
            sheet.write_string(row, col, value, text)
        sheet.set_column(col, col, max(12, min(40, max(len(v) for v in values) + 2)))
    sheet.freeze_panes(1, 0)
    # guarded against slips, not locked: Review › Unprotect Sheet, no password
    sheet.protect("", {"autofilter": True, "sort": True})


def _list_name(column: schema.Column) -> str | None:
    values = LOOKS[column.kind].values
    return column.codes if values == "codes" else values


def _example_alias(list_name: str) -> str:
    """``"labour" is read as labor`` for a code list that has other spellings."""
    for code, aliases in schema.CODE_ALIASES.get(list_name, {}).items():
        if aliases:
            return f'"{aliases[0]}" is read as {code}'
    return ""


def _validation(list_name: str | None, kind: str, ranges: dict[str, str]
                ) -> dict[str, Any] | None:
    """The data validation of one column or cell: a drop-down list, or a guide for dates and
    numbers; always of the *information* style, which lets any value stay."""
    from . import docs  # here, not above: `python -m tipreport.docs` must find it unloaded

    if list_name is not None:
        example = _example_alias(list_name)
        message = ("tipreport also reads other usual spellings"
                   + (f' ({example})' if example else "")
                   + ". Click OK to keep this value, or Cancel to pick one from the list.")
        return {"validate": "list", "source": ranges[list_name], "error_type": "information",
                "error_title": "Not in the list", "error_message": message}
    guide = LOOKS[kind].guide
    if guide is None:
        return None
    title = "Not a date" if kind == "date" else "Check the number"
    message = (f"This column takes: {docs.KIND_WORDS[kind]}. {LOOKS[kind].hint} Click OK to "
               "keep this value (tipreport checks it), or Cancel to change it.").replace("  ", " ")
    return {**guide, "error_type": "information", "error_title": title,
            "error_message": message}


# --- the data sheets ----------------------------------------------------------------------------


def column_note(column: schema.Column) -> str:
    """The note on a column's header: meaning, kind, required, codes and default."""
    lines = [f"{column.name} — {'required' if column.required else 'optional'}"]
    if column.meaning:
        lines.append(column.meaning)
    if column.kind == "code":
        lines.append(f"Code, one of: {', '.join(column.allowed)}. Other usual spellings are "
                     "read too (see Instructions).")
    elif column.kind == "codes":
        lines.append(f"Codes, comma-separated: one or more of {', '.join(column.allowed)} "
                     f"(e.g. {', '.join(column.allowed[:2])}). No drop-down: type them.")
    else:
        lines.append(_kind_sentence(column.kind))
    if column.default:
        lines.append(f"Empty means {column.default}.")
    return "\n".join(lines)


def _kind_sentence(kind: str) -> str:
    """``"A date. Type it day/month/year, e.g. 15/01/2026."``"""
    from . import docs  # here, not above: `python -m tipreport.docs` must find it unloaded

    words = docs.KIND_WORDS[kind]
    return f"{words[0].upper()}{words[1:]}. {LOOKS[kind].hint}".strip()


def _note_options(text: str) -> dict[str, Any]:
    lines = sum(math.ceil(max(1, len(line)) / 48) for line in text.split("\n"))
    return {"author": "tipreport", "width": 340, "height": 18 * lines + 12}


def _data_sheet(book, styles: _Styles, spec: schema.Sheet, ranges: dict[str, str]) -> None:
    sheet = book.add_worksheet(spec.name)
    for col, column in enumerate(spec.columns):
        look = LOOKS[column.kind]
        wide = column.kind == "text" and column.name in WIDE_TEXT
        width = max(len(column.name) + 4, 50 if wide else look.width)  # + the filter button
        sheet.set_column(col, col, width, styles.cell(look.num_format, wrap=wide))
        sheet.write_string(0, col, column.name,
                           styles.required if column.required else styles.header)
        note = column_note(column)
        sheet.write_comment(0, col, note, _note_options(note))
        validation = _validation(_list_name(column), column.kind, ranges)
        if validation:
            sheet.data_validation(1, col, LAST_ROW, col, validation)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, 0, len(spec.columns) - 1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # printed: as wide as the page, headers on every page
    sheet.repeat_rows(0)


# --- Submission ------------------------------------------------------------------------------


#: the Submission sheet's Meaning column: its width, and the characters a line of it holds
MEANING_WIDTH, MEANING_LINE = 90, 95


def _submission(book, styles: _Styles, ranges: dict[str, str]) -> None:
    sheet = book.add_worksheet("Submission")
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 32)
    sheet.set_column(2, 2, MEANING_WIDTH)
    for col, header in enumerate(("Key", "Value", "Meaning")):
        sheet.write_string(0, col, header, styles.header)
    note = "Write each value here, beside its key. Leave it empty when it does not apply."
    sheet.write_comment(0, 1, note, _note_options(note))
    for row, key in enumerate(schema.SUBMISSION_KEYS.values(), start=1):
        kind = _KEY_KINDS.get(key.kind, key.kind)
        sheet.write_string(row, 0, key.name, styles.key)
        sheet.write_blank(row, 1, None, styles.cell(LOOKS[kind].num_format))
        sheet.write_string(row, 2, key.meaning, styles.meaning)
        sheet.set_row(row, 15 * math.ceil(len(key.meaning) / MEANING_LINE) + 3)
        validation = _validation(LOOKS[kind].values, kind, ranges)
        if validation:
            sheet.data_validation(row, 1, row, 1, validation)
    sheet.freeze_panes(1, 0)


# --- Instructions ----------------------------------------------------------------------------


#: the Instructions sheet's one column: its width, and the characters a line of it holds
INSTRUCTIONS_WIDTH, INSTRUCTIONS_LINE = 100, 105


def _instructions(book, styles: _Styles) -> None:
    sheet = book.add_worksheet(INSTRUCTIONS_SHEET)
    sheet.hide_gridlines(2)
    sheet.set_column(0, 0, INSTRUCTIONS_WIDTH, styles.paragraph)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    for row, (content, style) in enumerate(_instruction_rows(styles)):
        text = content if isinstance(content, str) else "".join(
            part for part in content if isinstance(part, str))
        if isinstance(content, list):
            sheet.write_rich_string(row, 0, *content, style)
        elif content:
            sheet.write_string(row, 0, content, style)
        if style is styles.paragraph:
            # wrapped text gets its height here: not every spreadsheet program fits it on opening
            lines = math.ceil(len(text) / INSTRUCTIONS_LINE)
            sheet.set_row(row, 15 * lines + 3)
    sheet.activate()


def _instruction_rows(styles: _Styles) -> list[tuple[str | list, Any]]:
    """``(text or rich-text parts, format)`` per row of the Instructions sheet."""
    from . import docs  # here, not above: `python -m tipreport.docs` must find it unloaded

    rows: list[tuple[str | list, Any]] = [("How to fill in this workbook", styles.title),
                                          ("", None)]
    for title, paragraphs in docs.guide():
        rows.append((title, styles.heading))
        rows.extend((docs.plain(p), styles.paragraph) for p in paragraphs)
        rows.append(("", None))
    rows.append(("The sheets", styles.heading))
    for spec in schema.SHEETS.values():
        required = (f" Required columns: {', '.join(spec.required)}."
                    if spec.name in schema.DATA_SHEETS else "")
        rows.append(([styles.bold, spec.name, f" — {spec.meaning}{required}"],
                     styles.paragraph))
    rows.append(("", None))
    rows.append(("Other spellings of codes", styles.heading))
    for codes, code, aliases in docs.code_spellings():
        rows.append(([styles.bold, f"{codes}: {code}", f" ← {', '.join(aliases)}"],
                     styles.paragraph))
    rows.append((docs.plain(docs.YES_NO_AND_COUNTRIES), styles.paragraph))
    rows.append(("", None))
    rows.append(("Headers read as personal data (their columns are dropped)", styles.heading))
    rows.append((", ".join(schema.PERSONAL_DATA_HEADERS) + ".", styles.paragraph))
    return rows
