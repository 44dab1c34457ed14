"""Turning raw cell values into typed columns, one whole column at a time.

Each converter takes a raw column (an ``object`` Series of what calamine or the CSV reader
gave: ``str``, ``float``, ``int``, ``bool``, ``date``, ``datetime``) and returns the typed
column and a list of :class:`Problem` — a mask of the rows concerned, a code, a severity and a
message per value. Work is done per distinct value (dates, codes and countries repeat a lot),
then mapped back onto the column, so 300 rows and 300,000 take the same path.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from . import schema
from .report import ERROR, WARNING, quote

__all__ = ["Problem", "Distinct", "convert", "is_blank", "countries", "id_key", "DATE_MIN",
           "DATE_MAX"]


@dataclass
class Problem:
    mask: pd.Series  # rows concerned
    code: str
    severity: str
    message: Callable[[Any], str]  # raw value → message


class Distinct:
    """One column's distinct values, found once: ``codes`` gives each row's value as its
    position in ``values`` (-1 for a missing cell: None or NaN).

    ``pd.factorize`` finds the distinct values in C; a reader factorizes each raw column once
    (:func:`tipreport.reading.shape_table`), and every later question about the column — is
    the cell blank, is it an error value, what does it convert to — is answered once per
    distinct value and taken back to the rows by ``codes``. Values that compare equal are one
    value (as in ``pd.factorize``: ``True``, ``1`` and ``1.0`` alike); ``values`` may hold a
    value twice (after :meth:`replace`), which only repeats work.
    """

    __slots__ = ("codes", "values", "index")

    def __init__(self, codes: np.ndarray, values: np.ndarray, index: pd.Index):
        self.codes, self.values, self.index = codes, values, index

    @classmethod
    def of(cls, column: pd.Series | Distinct) -> Distinct:
        """``column`` factorized (a :class:`Distinct` is returned as it is)."""
        if isinstance(column, Distinct):
            return column
        values = column.to_numpy(dtype=object) if column.dtype != object else column.to_numpy()
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return cls(_small(codes, len(uniques)), np.asarray(uniques, dtype=object),
                   column.index)

    @classmethod
    def of_cells(cls, cells: np.ndarray, index: pd.Index) -> Distinct:
        """An object array of cells (as a reader gives them) factorized."""
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        return cls(_small(codes, len(uniques)), np.asarray(uniques, dtype=object), index)

    def __len__(self) -> int:
        return len(self.codes)

    def apply(self, func: Callable[[Any], Any], many: Callable[[np.ndarray], list] | None = None
              ) -> list:
        """``func`` of each distinct value, then of a missing value (last). ``many``, when
        given, does the distinct values at once (and must agree with ``func``)."""
        done = many(self.values) if many is not None else [func(v) for v in self.values]
        return done + [func(None)]

    def cells(self) -> np.ndarray:
        """The column as an object array: each distinct value one object, None where missing."""
        return np.append(self.values, None)[self.codes]

    def flags(self, per_value: Sequence[bool] | np.ndarray, missing: bool = False) -> np.ndarray:
        """Rows whose value is flagged in ``per_value`` (one flag per distinct value)."""
        table = np.append(np.asarray(per_value, dtype=bool), missing)
        return table[self.codes]

    def blank(self) -> np.ndarray:
        """True where a cell is empty (None, NaN, or only white space)."""
        return self.flags(_blank_values(self.values), missing=True)

    def replace(self, per_value: Sequence[bool] | np.ndarray, value: Any) -> Distinct:
        """The column with the distinct values flagged in ``per_value`` replaced by ``value``."""
        values = self.values.copy()
        values[np.asarray(per_value, dtype=bool)] = value
        return Distinct(self.codes, values, self.index)

    def subset(self, keep: np.ndarray, index: pd.Index | None = None) -> Distinct:
        """The rows of ``keep`` (a boolean mask), renumbered from 0 unless ``index`` is given."""
        codes = self.codes[keep]
        return Distinct(codes, self.values, index if index is not None
                        else pd.RangeIndex(len(codes)))


def _small(codes: np.ndarray, size: int) -> np.ndarray:
    """Codes in 32 bits when they fit (half the memory of a national column)."""
    return codes.astype(np.int32) if size < 2**31 - 1 else codes


class _Distinct:
    """A function applied once per distinct value of a column; results taken back by position.

    ``pd.factorize`` finds the distinct values in C; only they pass through Python. The column
    may be given already factorized (a :class:`Distinct`).
    """

    def __init__(self, series: pd.Series | Distinct, func: Callable[[Any], Any],
                 many: Callable[[np.ndarray], list] | None = None):
        d = Distinct.of(series)
        self.codes, self.index = d.codes, d.index
        self.results = d.apply(func, many)

    def take(self, transform: Callable[[Any], Any] | None = None, dtype: Any = object
             ) -> pd.Series:
        arr = np.empty(len(self.results), dtype=object)
        for i, r in enumerate(self.results):  # one by one: a result may be a tuple
            arr[i] = transform(r) if transform else r
        out = pd.Series(arr[self.codes], index=self.index, dtype=object)
        return out if dtype is object else out.astype(dtype)

    def mask(self, predicate: Callable[[Any], bool]) -> pd.Series:
        flags = np.array([bool(predicate(r)) for r in self.results], dtype=bool)
        return pd.Series(flags[self.codes], index=self.index, dtype=bool)

    def take_as(self, transform: Callable[[Any], Any], dtype: Any) -> pd.Series:
        """Each result transformed and made ``dtype`` once (dates, numbers), then taken back by
        position."""
        arr = np.array([transform(r) for r in self.results], dtype=dtype)
        return pd.Series(arr[self.codes], index=self.index)


def _blank_value(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def _blank_values(values: np.ndarray) -> list[bool]:
    """:func:`_blank_value` of each value (text without a call per value)."""
    return [(not v.strip()) if type(v) is str else _blank_value(v) for v in values]


def is_blank(series: pd.Series | Distinct) -> pd.Series:
    """True where a cell is empty (None, NaN, or only white space)."""
    d = Distinct.of(series)
    if not len(d):
        return pd.Series(False, index=d.index, dtype=bool)
    return pd.Series(d.blank(), index=d.index, dtype=bool)


def _distinct(series: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """Apply ``func`` once per distinct value and map the results back."""
    if series.empty:
        return series.astype(object)
    return _Distinct(series, func).take()


def _empty(raw: pd.Series | Distinct) -> pd.Series | None:
    """An empty column as an empty object Series, else None."""
    if len(raw):
        return None
    return raw.astype(object) if isinstance(raw, pd.Series) else pd.Series(
        [], index=raw.index, dtype=object)


def _hashable(value: Any) -> Any:
    # bools and 1/0 hash alike; keep them apart so "True" and 1 can be told apart in messages
    return (type(value).__name__, value) if isinstance(value, (bool, np.bool_)) else value


_BAD = object()  # marker: the value could not be converted


# --- text and ids -------------------------------------------------------------------------------


def _as_text(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: control characters no document can hold (NUL, …), and the two non-characters U+FFFE/FFFF;
#: tab, line feed and carriage return are text, vertical tab and form feed become line breaks
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def _as_clean_text(value: Any) -> Any:
    text_ = _as_text(value)
    if isinstance(text_, str):
        if _CONTROL.search(text_):
            return _BAD
        return text_.translate(_BREAKS)
    return text_


def _clean_texts(values: np.ndarray) -> list:
    """:func:`_as_clean_text` of each value: text (nearly every value) without a call each
    when no text holds a control character or a break to translate."""
    texts = _texts(values)
    if _CONTROL.search(texts):
        return [_as_clean_text(v) for v in values]
    out = [(v.strip() or None) if type(v) is str else _as_clean_text(v) for v in values]
    if "\x0b" in texts or "\x0c" in texts:
        out = [v.translate(_BREAKS) if type(v) is str else v for v in out]
    return out


def _texts(values: np.ndarray) -> str:
    """The text values joined (one search of the result finds a character in any of them)."""
    try:
        return "".join(values)
    except TypeError:  # numbers, dates, … among the text
        return "".join([v for v in values if type(v) is str])


def text(raw: pd.Series | Distinct) -> tuple[pd.Series, list[Problem]]:
    """Text as written; numbers without a spurious ``.0`` (``7000123.0`` → ``7000123``).

    A control character (NUL and the like, pasted from another program) is an error: no
    document can hold it. Vertical tabs and form feeds (from Word) become line breaks.
    """
    if (empty := _empty(raw)) is not None:
        return empty, []
    d = _Distinct(raw, _as_clean_text, _clean_texts)
    bad = d.mask(lambda v: v is _BAD)
    values = d.take(lambda v: None if v is _BAD else v)
    if not bad.any():
        return values, []
    return values, [Problem(bad, "text-control-character", ERROR,
                            lambda v: f"{quote(_visible(v))} holds a control character (shown "
                                      "as ¿), which no document can hold. Retype the cell.")]


def _visible(value: Any) -> str:
    return _CONTROL.sub("¿", str(_as_text(value)))


#: characters that are invisible, or look like a plain space, in an id pasted from elsewhere:
#: zero-width spaces and joiners, the byte-order mark, the soft hyphen, direction marks, …
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


#: invisible characters and look-alike spaces in a number or a date typed as text
_FORMAT = re.compile("[\u00a0\u00ad\u061c\u180e\u2007-\u200f\u202a-\u202f\u205f-\u206f"
                     "\ufeff\ufff9-\ufffb]")


def _id_key(value: Any) -> Any:
    if not isinstance(value, str):
        return None
    # NFKC: a no-break space is a space, full-width ＣＡＳＥ is CASE
    key = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).strip().casefold()
    return key or None


def _id_keys(values: np.ndarray) -> list:
    """:func:`_id_key` of each value; plain ASCII ids (nearly all) without a call each: NFKC
    leaves ASCII as it is, and its case folds as ``lower()`` does."""
    texts = _texts(values)
    if texts.isascii() and not _INVISIBLE.search(texts):
        return [(v.strip().lower() or None) if type(v) is str else _id_key(v) for v in values]
    return [_id_key(v) for v in values]


def id_key(values: pd.Series | Distinct) -> pd.Series:
    """How ids compare: trimmed, case-insensitive, invisible characters removed.

    ``bx-001`` = ``BX-001 `` = ``BX-001`` with a zero-width space, a byte-order mark, a
    no-break space or a soft hyphen in it (all common in text pasted from the web or Word).
    Each distinct id is worked out once.
    """
    if not len(values):
        return pd.Series([], index=values.index, dtype=object)
    return _Distinct(values, _id_key, _id_keys).take()


# --- dates --------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_TWO_DIGIT = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$")


@dataclass(frozen=True)
class _DateFailure:
    code: str
    message: str


#: the dates an intake may hold: pandas counts days from 1677 to 2262; a plausible record lies
#: well inside that
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
_BUDDHIST_ERA = 543  # 2568 BE = 2025 CE: Thailand, Cambodia, Laos, Myanmar, Sri Lanka


def _out_of_range(d: dt.date) -> _DateFailure | None:
    """Why a real date cannot be an intake date (a Buddhist-era year, an open end), or None."""
    if DATE_MIN <= d <= DATE_MAX:
        return None
    if DATE_MIN.year <= d.year - _BUDDHIST_ERA <= DATE_MAX.year:
        return _DateFailure(
            "date-buddhist-era",
            f"has the year {d.year}, which looks like a Buddhist-era year ({d.year} BE = "
            f"{d.year - _BUDDHIST_ERA}). Enter the year of the Western calendar: subtract "
            f"{_BUDDHIST_ERA}.")
    if d.year >= 9000:
        return _DateFailure(
            "date-out-of-range",
            "is a placeholder, not a date. For an agreement or activity with no end, leave "
            "end_on empty or enter its planned end.")
    return _DateFailure(
        "date-out-of-range",
        f"is not a plausible date: dates must fall between {DATE_MIN.year} and "
        f"{DATE_MAX.year}. Check the year.")


def date_problem(value: dt.date) -> str | None:
    """Why a real date cannot be an intake date (``"has the year 2568, …"``), or None."""
    failure = _out_of_range(value)
    return None if failure is None else failure.message


def _date_parser(order: str) -> Callable[[Any], Any]:
    example = "31/03/2025" if order == "DMY" else "03/31/2025"
    form = "DD/MM/YYYY" if order == "DMY" else "MM/DD/YYYY"

    def parse(value: Any) -> Any:
        found = _parse(value)
        if isinstance(found, dt.date):
            return _out_of_range(found) or found
        return found

    def _parse(value: Any) -> Any:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, bool):
            return _DateFailure("date-invalid", "is a yes/no value, not a date.")
        if isinstance(value, (int, float)):
            return _DateFailure(
                "date-as-number",
                "is a number, not a date (an Excel date shown as General). Select the column "
                "and format it as Date.")
        if isinstance(value, dt.time):
            return _DateFailure("date-invalid", "is a time of day, not a date.")
        s = _FORMAT.sub("", str(value)).strip()
        if not s:
            return None
        if (m := _ISO.match(s)) is not None:
            y, mo, d = (int(g) for g in m.groups())
        elif (m := _SLASHED.match(s)) is not None:
            a, b, y = (int(g) for g in m.groups())
            d, mo = (a, b) if order == "DMY" else (b, a)
        elif _TWO_DIGIT.match(s):
            return _DateFailure(
                "date-ambiguous",
                f"has a two-digit year, so the century is a guess. Write the year in full "
                f"({form}, e.g. {example}).")
        elif s.replace(".", "", 1).isdigit():
            return _DateFailure(
                "date-as-number",
                "is a number, not a date (an Excel date shown as General). Select the column "
                "and format it as Date.")
        else:
            return _DateFailure(
                "date-invalid",
                f"is not a date. Enter it as a date, or as text {form} (e.g. {example}) or "
                "YYYY-MM-DD.")
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return _DateFailure(
                "date-impossible",
                f"is not a real date (there is no day {d} in month {mo} of {y}). Correct it; "
                f"dates are read as {form}.")

    return parse


def dates(raw: pd.Series | Distinct, order: str = "DMY") -> tuple[pd.Series, list[Problem]]:
    parse = _date_parser(order)
    d = _Distinct(raw, parse)
    problems: list[Problem] = []
    codes = {r.code for r in d.results if isinstance(r, _DateFailure)}
    for code in sorted(codes):
        mask = d.mask(lambda r, c=code: isinstance(r, _DateFailure) and r.code == c)
        problems.append(Problem(mask, code, ERROR,
                                lambda v: f"{quote(_as_text(v))} {parse(v).message}"))
    return d.take_as(lambda r: None if isinstance(r, _DateFailure) else r,
                     "datetime64[ns]"), problems


# --- numbers ------------------------------------------------------------------------------------

_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d{1,4})?$")
_INFINITE = object()  # marker: the value is infinite or not a number (inf, nan, 1e999)


def _to_number(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond any float
            return _INFINITE
        return number if math.isfinite(number) else _INFINITE
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return _BAD
    s = _FORMAT.sub("", str(value)).strip().replace(" ", "")
    if not s:
        return None
    if _NUMBER_TEXT.match(s):
        number = float(s.replace(",", ""))
        return ("text", number) if math.isfinite(number) else _INFINITE
    if s.strip("+-").casefold() in ("inf", "infinity", "nan", "∞"):
        return _INFINITE
    return _BAD


def numbers(raw: pd.Series | Distinct, *, whole: bool = False, low: float = 0,
            high: float | None = None, text_only: bool = False, what: str = "number",
            range_code: str = "number-out-of-range") -> tuple[pd.Series, list[Problem]]:
    d = _Distinct(raw, _to_number)
    bad = d.mask(lambda v: v is _BAD)
    infinite = d.mask(lambda v: v is _INFINITE)
    as_text = d.mask(lambda v: isinstance(v, tuple))
    values = d.take_as(lambda v: v[1] if isinstance(v, tuple) else (
        np.nan if v is _BAD or v is _INFINITE or v is None else v), "float64")
    problems: list[Problem] = []
    if bad.any():
        problems.append(Problem(bad, "number-invalid", ERROR,
                                lambda v: f"{quote(_as_text(v))} is not {_a(what)}. Enter digits "
                                          "only (no words or units)."))
    if infinite.any():
        problems.append(Problem(infinite, "number-invalid", ERROR,
                                lambda v: f"{quote(_as_text(v))} is not a finite number (it "
                                          f"means infinity, or no number at all). Enter "
                                          f"{_a(what)} in digits."))
    if as_text.any() and not text_only:
        problems.append(Problem(as_text, "number-as-text", WARNING,
                                lambda v: f"{quote(v)} is a number stored as text; it was read "
                                          "as a number. Convert the cells to numbers in Excel."))
    negative = values < low
    if negative.any():
        if low == 0 and range_code == "number-out-of-range":
            problems.append(Problem(negative, "number-negative", ERROR,
                                    lambda v: f"{quote(_as_text(v))} is negative; {_a(what)} cannot "
                                              "be below 0."))
        else:
            problems.append(Problem(negative, range_code, ERROR,
                                    lambda v: f"{quote(_as_text(v))} is not a plausible {what} "
                                              f"(allowed: {_n(low)} to {_n(high)})."))
    if high is not None:
        over = values > high
        if over.any():
            problems.append(Problem(over, range_code, ERROR,
                                    lambda v: f"{quote(_as_text(v))} is not a plausible {what} "
                                              f"(allowed: {_n(low)} to {_n(high)})."))
    if whole:
        fractional = values.notna() & (values != np.floor(values.fillna(0)))
        if fractional.any():
            problems.append(Problem(fractional, "number-not-whole", ERROR,
                                    lambda v: f"{quote(_as_text(v))} is not a whole number; "
                                              f"{_a(what)} is counted in whole units."))
    for p in problems:
        if p.severity == ERROR:
            values = values.where(~p.mask)
    return values, problems


def _n(number: float | None) -> str:
    """``1e15`` → ``1,000,000,000,000,000``; ``None`` → ``any``."""
    if number is None:
        return "any"
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"


def _a(noun: str) -> str:
    """``age`` → ``an age``; ``count`` → ``a count``."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


# --- codes --------------------------------------------------------------------------------------


def codes(raw: pd.Series | Distinct, codes_key: str) -> tuple[pd.Series, list[Problem]]:
    lookup = schema.code_lookup(codes_key)
    allowed = schema.CODE_LISTS[codes_key]

    def one(value: Any) -> Any:
        text = _as_text(value)
        if text is None:
            return None
        return lookup.get(schema.normalize(text), _BAD)

    return _looked_up(raw, one, "code-unknown",
                      lambda v: f"{quote(_as_text(v))} is not an allowed value. Allowed: "
                                f"{', '.join(allowed)}.")


def _looked_up(raw: pd.Series | Distinct, one: Callable[[Any], Any], code: str,
               message: Callable[[Any], str]) -> tuple[pd.Series, list[Problem]]:
    """Look each distinct value up with ``one`` (``_BAD`` when unknown): values and problems."""
    d = _Distinct(raw, one)
    bad = d.mask(lambda v: v is _BAD)
    parsed = d.take(lambda v: None if v is _BAD else v)
    return parsed, ([Problem(bad, code, ERROR, message)] if bad.any() else [])


def code_lists(raw: pd.Series | Distinct, codes_key: str) -> tuple[pd.Series, list[Problem]]:
    """A comma- or semicolon-separated list of codes → the codes joined with ``,``."""
    lookup = schema.code_lookup(codes_key)
    allowed = schema.CODE_LISTS[codes_key]

    def one(value: Any) -> Any:
        text = _as_text(value)
        if text is None:
            return None
        out = []
        for part in re.split(r"[,;\n|]+", text):
            if not part.strip():
                continue
            code = lookup.get(schema.normalize(part))
            if code is None:
                return (_BAD, part.strip())
            if code not in out:
                out.append(code)
        return ",".join(sorted(out, key=allowed.index)) or None

    d = _Distinct(raw, one)
    bad = d.mask(lambda v: isinstance(v, tuple))
    parsed = d.take(lambda v: None if isinstance(v, tuple) else v)
    problems = []
    if bad.any():
        problems.append(Problem(bad, "code-unknown", ERROR,
                                lambda v: f"{quote(one(v)[1])} (in {quote(_as_text(v))}) is not "
                                          f"an allowed value. Allowed, separated by commas: "
                                          f"{', '.join(allowed)}."))
    return parsed, problems


def booleans(raw: pd.Series | Distinct) -> tuple[pd.Series, list[Problem]]:
    def one(value: Any) -> Any:
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        text = _as_text(value)
        if text is None:
            return None
        norm = schema.normalize(text)
        if norm in schema.YES:
            return True
        if norm in schema.NO:
            return False
        return _BAD

    values, problems = _looked_up(
        raw, one, "yes-no-invalid",
        lambda v: f"{quote(_as_text(v))} is not yes or no. Enter yes or no (Y/N, TRUE/FALSE and "
                  "1/0 also work).")
    return values.astype("boolean"), problems


# --- countries and currencies ------------------------------------------------------------------

#: Khmer and other names of the countries most present in Cambodian case files.
EXTRA_COUNTRY_NAMES = {
    "KH": ("កម្ពុជា", "ប្រទេសកម្ពុជា", "Kampuchea", "Cambodian", "Khmer"),
    "TH": ("ថៃ", "ប្រទេសថៃ", "Siam", "Thai"),
    "VN": ("វៀតណាម", "ប្រទេសវៀតណាម", "Vietnam", "Viet Nam", "Vietnamese"),
    "LA": ("ឡាវ", "ប្រទេសឡាវ", "Laos", "Lao", "Lao PDR"),
    "CN": ("ចិន", "ប្រទេសចិន", "China", "PRC", "Chinese", "People's Republic of China"),
    "MY": ("ម៉ាឡេស៊ី", "ប្រទេសម៉ាឡេស៊ី", "Malaysian"),
    "MM": ("មីយ៉ាន់ម៉ា", "ភូមា", "Burma", "Myanmar", "Burmese"),
    "ID": ("ឥណ្ឌូណេស៊ី", "Indonesian"),
    "PH": ("ហ្វីលីពីន", "Philippines", "Filipino"),
    "KR": ("កូរ៉េខាងត្បូង", "South Korea", "Korea", "Republic of Korea", "Korean"),
    "KP": ("North Korea", "DPRK"),
    "JP": ("ជប៉ុន", "Japanese"),
    "SG": ("សិង្ហបុរី", "Singaporean"),
    "TW": ("តៃវ៉ាន់", "Taiwan", "Taiwanese"),
    "IN": ("ឥណ្ឌា", "Indian"),
    "BD": ("បង់ក្លាដែស", "Bangladeshi"),
    "PK": ("Pakistani",),
    "LK": ("Sri Lankan",),
    "NP": ("Nepali", "Nepalese"),
    "US": ("សហរដ្ឋអាមេរិក", "USA", "United States", "America", "American"),
    "GB": ("UK", "United Kingdom", "Britain", "Great Britain", "British"),
    "RU": ("Russia", "Russian"),
    "AU": ("អូស្ត្រាលី", "Australian"),
    "SA": ("អារ៉ាប៊ីសាអូឌីត", "Saudi Arabia", "Saudi"),
    "AE": ("UAE", "Emirates"),
    "TR": ("Turkey", "Türkiye"),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "TZ": ("Tanzania",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "MD": ("Moldova",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of the Congo"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "CZ": ("Czech Republic", "Czechia"),
}


@cache
def countries() -> dict[str, str]:
    """Every known spelling (normalised) → ISO 3166 alpha-2 code."""
    import pycountry

    table: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                table.setdefault(schema.normalize(name), c.alpha_2)
    for code, names in EXTRA_COUNTRY_NAMES.items():
        for name in names:
            table[schema.normalize(name)] = code
    return table


def country_name(code: str) -> str:
    """ISO alpha-2 → the English short name a reader expects (``VN`` → ``Vietnam``)."""
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name


def country_codes(raw: pd.Series | Distinct) -> tuple[pd.Series, list[Problem]]:
    table = countries()

    def one(value: Any) -> Any:
        text = _as_text(value)
        if text is None:
            return None
        return table.get(schema.normalize(text), _BAD)

    return _looked_up(raw, one, "country-unknown",
                      lambda v: f"{quote(_as_text(v))} is not a country tipreport knows. Use "
                                "the ISO code (e.g. KH, TH, VN) or the English name.")


@cache
def _currencies() -> dict[str, str]:
    import pycountry

    return {c.alpha_3.casefold(): c.alpha_3 for c in pycountry.currencies}


def currency_codes(raw: pd.Series | Distinct) -> tuple[pd.Series, list[Problem]]:
    table = _currencies()
    extra = {"riel": "KHR", "riels": "KHR", "dollar": "USD", "dollars": "USD", "usd": "USD",
             "us": "USD", "baht": "THB", "៛": "KHR", "$": "USD"}

    def one(value: Any) -> Any:
        text = _as_text(value)
        if text is None:
            return None
        key = text.strip().casefold()
        return table.get(key) or extra.get(key) or extra.get(schema.normalize(text)) or _BAD

    return _looked_up(raw, one, "currency-unknown",
                      lambda v: f"{quote(_as_text(v))} is not an ISO 4217 currency code. Use "
                                "e.g. KHR or USD.")


# --- dispatch ------------------------------------------------------------------------------------


def convert(column: schema.Column, raw: pd.Series | Distinct, *, date_order: str = "DMY",
            text_only: bool = False) -> tuple[pd.Series, list[Problem]]:
    """Convert one raw column by its kind in the contract."""
    kind = column.kind
    if kind in ("id", "text"):
        return text(raw)
    if kind == "date":
        return dates(raw, date_order)
    if kind == "number":
        what = {"prison_months": "prison term", "fine": "fine", "amount": "amount",
                "compensation": "compensation amount", "order": "number"}.get(column.name,
                                                                               "number")
        return numbers(raw, text_only=text_only, what=what, high=column.maximum)
    if kind == "integer":
        return numbers(raw, whole=True, text_only=text_only, what="count",
                       high=column.maximum)
    if kind == "age":
        return numbers(raw, whole=True, high=column.maximum or 120, text_only=text_only,
                       what="age", range_code="age-out-of-range")
    if kind == "year":
        return numbers(raw, whole=True, low=1990, high=column.maximum or 2100, text_only=True,
                       what="year", range_code="year-out-of-range")
    if kind == "code":
        return codes(raw, column.codes)
    if kind == "codes":
        return code_lists(raw, column.codes)
    if kind == "bool":
        return booleans(raw)
    if kind == "country":
        return country_codes(raw)
    if kind == "currency":
        return currency_codes(raw)
    raise ValueError(f"unknown column kind {kind!r}")  # a schema bug, not user input
