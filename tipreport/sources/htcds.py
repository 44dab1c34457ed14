"""HTCDS registers: IOM's Human Trafficking Case Data Standard toolkit, read as victims.

A register is not a kind of file but a kind of sheet: the HTCDS toolkit's Excel workbooks
(v1.0 and v2.0, single- or multi-select), a copy renamed ``Victims``, or a CSV export. The
workbook and CSV sources hand every sheet whose row 1 holds HTCDS field names
(:func:`is_register`) to :func:`shape_register`, which returns a ``Victims`` raw sheet. What
each field gives is data in :mod:`tipreport.schema_htcds`; what happens, in order:

1. row 1 (the machine names) is the header; row 2 (labels, shifted against the names in both
   versions) is skipped; the template's row counter (column A, under no name) is not read,
   and values in any other column without a name are reported;
2. from the personal fields, before :func:`~tipreport.reading.shape_table` drops them: the
   age at identification (birth date → referral date) and the victim id (a keyed pseudonym of
   the name and birth date, or the file and row);
3. the fields are shaped like any table (names through the HTCDS lookup), then translated: a
   multi-select exploitation cell to one code, several citizenships to the first, a place of
   exploitation that is no country to unknown, an outgoing referral to ``referred``;
4. rows whose trafficking status says the person is not a victim are excluded, with the
   reason, and counted in the ledger.

Everything is worked out per distinct value (statuses, countries, exploitation cells, names).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import unicodedata
from functools import cache
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .. import coerce, schema
from .. import schema_htcds as htcds
from ..reading import RawSheet, SourceColumn, column_letter, shape_table
from ..report import NOTICE, WARNING, Issue, quote
from . import ReadOptions

__all__ = ["is_register", "shape_register", "HELPER_SHEETS"]

#: The toolkit's own sheets besides the register: skipped silently beside a register.
HELPER_SHEETS = frozenset({"about", "validation"})

_NOT_A_VICTIM = "not a victim of trafficking (vic_TraffickingStatus)"
_NAME_FIELDS = ("prs_FirstName", "prs_MiddleName", "prs_SecondName", "prs_LastName")
#: a key shorter than this is easy to guess, and the ids with it
_KEY_MIN = 16


@cache
def _fields() -> dict[str, htcds.Field]:
    return {schema.normalize(f.name): f for f in htcds.FIELDS}


@cache
def _lookup() -> dict[str, str]:
    """Normalised header → Victims column: the HTCDS fields first, then the sheet's own."""
    table = {norm: f.column for norm, f in _fields().items() if f.column}
    for norm, name in schema.header_lookup("Victims").items():
        table.setdefault(norm, name)
    return table


@cache
def _labels() -> frozenset[str]:
    """Row 2's labels, as the standard and the registers write them (normalised)."""
    out = set()
    for f in htcds.FIELDS:
        out.add(schema.normalize(f.label))
        out.add(schema.normalize(f.name.split("_", 1)[1]))
    return frozenset(out | {"nationality"})  # v1.0 labels Citizenship so


def is_register(header: Sequence[Any]) -> bool:
    """True when a sheet's row 1 holds at least three HTCDS field names and no ``victim_id``
    (a Victims sheet that merely uses some HTCDS names as headers is read as a Victims sheet)."""
    names = {schema.normalize(c) for c in header if isinstance(c, str) and c.strip()}
    if len(names & _fields().keys()) < 3:
        return False
    victims = schema.header_lookup("Victims")
    return not any(victims.get(n) == "victim_id" for n in names)


def _is_label_row(row: Sequence[Any]) -> bool:
    labels = _labels()
    texts = [c for c in row if isinstance(c, str) and c.strip()]
    hits = sum(schema.normalize(c) in labels for c in texts)
    return hits >= 2 and hits * 2 >= len(texts)


# --- the register → a Victims raw sheet -------------------------------------------------------


def shape_register(rows: list[list[Any]], shown: str, sheet_in_file: str, issues: list[Issue],
                   options: ReadOptions, *, problems: dict | None = None,
                   longest_text: int | None = None, text_only: bool = False
                   ) -> RawSheet | None:
    """A register's rows (row 1 its field names) → a ``Victims`` raw sheet, or None (said
    why). Issues go to ``issues``; excluded rows to the raw sheet's ``excluded``."""
    header = list(rows[0])
    names = {i: str(c).strip() for i, c in enumerate(header) if isinstance(c, str) and c.strip()}
    by_field = {schema.normalize(n): i for i, n in names.items()}
    start = 2 if len(rows) > 1 and _is_label_row(rows[1]) else 1
    data = rows[start:]
    width = max([len(header)] + [len(r) for r in data])
    frame = _frame(data, width)
    first_row = start + 1  # the Excel row of data[0]

    labels = rows[1] if start == 2 else []
    _unnamed(frame, names, labels, shown, sheet_in_file, first_row, issues)
    version = "2.0" if {"victraffickingstatus", "conconsent"} & by_field.keys() else "1.0"
    place = dict(file=shown, sheet=sheet_in_file)

    # worked out from the personal fields before the reader drops them
    order = options.date_order
    ref = _dates(frame, by_field.get("casincomingreferraldate"), order)
    birth_at = by_field.get("prsbirthdate")
    birth = _dates(frame, birth_at, order)
    if birth_at is not None:
        _check_births(frame[birth_at], birth, ref, first_row, column_letter(birth_at),
                      names[birth_at], issues, place)
    ages = _ages(birth, ref)
    ids, fallback = _ids(frame, by_field, birth, shown, first_row)

    table = [header + [None] * (width - len(header))] + frame.to_numpy(dtype=object).tolist()
    del frame
    found: list[Issue] = []
    raw = shape_table(table, shown, "Victims", sheet_in_file, found, limits=options.limits,
                      text_only=text_only, problems=problems, longest_text=longest_text,
                      row_numbers=[1] + list(range(first_row, first_row + len(data))),
                      header=0, lookup=_lookup())
    _personal_notice(found, shown, sheet_in_file)
    issues.extend(found)
    if raw is None:
        return None
    out = raw.frame
    raw.factorized.clear()  # the columns are worked on below: factorized again when converted
    out["_row"] = out["_row"].astype("int64")
    position = (out["_row"].to_numpy() - first_row).astype(np.int64)
    taken = set(raw.columns)

    def derived(name: str, values: np.ndarray, header_text: str) -> None:
        """A column worked out by the reader, unless the register has one of its own; its
        issues name it by what it was worked out from (it has no letter)."""
        if name not in taken:
            out[name] = values
            raw.columns[name] = SourceColumn(-1, None, header_text, name)

    derived("victim_id", ids[position],
            "victim id (the file and row)" if fallback and not fallback["key"] else
            "victim id (a pseudonym of the name and prs_Birthdate, else the file and row)")
    if birth_at is not None:
        derived("age", ages[position], "age (from prs_Birthdate on cas_IncomingReferralDate)")
    referred = _referred(out)
    if referred is not None:
        derived("referred", referred, "referred (cas_ReferredOrganisation, "
                                      "cas_OutgoingReferralDate)")
    out = raw.frame = _exclude(out, raw, shown, sheet_in_file, issues)
    _translate(out, raw, shown, sheet_in_file, issues)
    if fallback is not None:
        _ids_notice(fallback, out, shown, sheet_in_file, issues)
    _key_notice(shown, sheet_in_file, issues)
    issues.append(_register_notice(version, "status" in raw.columns, shown, sheet_in_file))
    return raw


def _frame(data: list[list[Any]], width: int) -> pd.DataFrame:
    if not data:
        return pd.DataFrame(columns=range(width), dtype=object)
    padded = [r + [None] * (width - len(r)) if len(r) < width else r for r in data]
    return pd.DataFrame.from_records(padded, columns=range(width)).astype(object)


def _unnamed(frame: pd.DataFrame, names: dict[int, str], labels: Sequence[Any], shown: str,
             sheet: str, first_row: int, issues: list[Issue]) -> None:
    """Columns under no field name are not read: the template's row counter silently, any
    other with values said. Their cells are emptied in place."""
    for idx in [i for i in frame.columns if i not in names]:
        column = frame[idx]
        filled = ~coerce.is_blank(column)
        if not filled.any():
            continue
        values = column[filled]
        numbers = pd.to_numeric(values.where(~values.map(type).isin((bool, str))),
                                errors="coerce")
        counter = bool(numbers.notna().all() and (numbers % 1 == 0).all())
        if not counter:
            label = labels[idx] if idx < len(labels) else None
            called = (f" (row 2 labels it {quote(label)})"
                      if isinstance(label, str) and label.strip() else "")
            letter = column_letter(idx)
            issues.append(Issue(
                "htcds-column-without-name", WARNING,
                f"Column {letter}{called} has values in {int(filled.sum()):,} rows but no HTCDS "
                "field name on row 1, so they were not read. Write the field's name on row 1 "
                "if they should be.", file=shown, sheet=sheet, row=1, column=letter))
        frame[idx] = None


def _dates(frame: pd.DataFrame, idx: int | None, order: str) -> pd.Series:
    if idx is None or not len(frame):
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    values, _ = coerce.dates(frame[idx], order)  # errors are the reader's to report
    return values


def _check_births(raw: pd.Series, birth: pd.Series, ref: pd.Series, first_row: int,
                  letter: str, header: str, issues: list[Issue], place: dict) -> None:
    """Birth dates that give no age: a warning each, never showing the date."""
    filled = ~coerce.is_blank(raw)
    not_a_date = filled & birth.isna()
    after = birth.notna() & ref.notna() & (birth > ref)
    too_old = pd.Series(_years(birth, ref) > 120, index=birth.index) & ~after
    for mask, why in ((not_a_date, "is not a date tipreport can read"),
                      (after, "is after the referral date (cas_IncomingReferralDate)"),
                      (too_old, "gives an age over 120 on the referral date")):
        for pos in mask.to_numpy().nonzero()[0]:
            issues.append(Issue(
                "htcds-birthdate-unusable", WARNING,
                f"The birth date {why}, so the age at identification is left unknown"
                + (" and the victim id cannot be made from it" if why.startswith("is not")
                   else "") + ". (The date is personal data and is not shown.)",
                row=first_row + int(pos), column=letter, header=header, **place))


def _years(birth: pd.Series, ref: pd.Series) -> np.ndarray:
    """Whole years from birth to referral, as floats (NaN where either date is missing)."""
    b, r = pd.DatetimeIndex(birth), pd.DatetimeIndex(ref)
    before = (r.month < b.month) | ((r.month == b.month) & (r.day < b.day))
    return np.asarray(r.year - b.year, dtype=float) - np.asarray(before, dtype=float)


def _ages(birth: pd.Series, ref: pd.Series) -> np.ndarray:
    """The age at identification of each row: whole years, or empty (not known) where a date
    is missing or the age is impossible."""
    years = _years(birth, ref)
    out = np.full(len(years), "", dtype=object)
    good = ~np.isnan(years) & (years >= 0) & (years <= 120)
    out[good] = years[good]
    return out


def _clean_name(value: Any) -> str:
    text = coerce._as_text(value)
    if not isinstance(text, str):
        return ""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _ids(frame: pd.DataFrame, by_field: dict[str, int], birth: pd.Series, shown: str,
         first_row: int) -> tuple[np.ndarray, dict | None]:
    """Each row's victim id, and why some are the file and row (None when none is)."""
    n = len(frame)
    rows = np.arange(first_row, first_row + n)
    ids = (f"{shown} row " + pd.Series(rows, dtype="int64").astype(str)).to_numpy(dtype=object)
    parts = [frame[by_field[schema.normalize(f)]] for f in _NAME_FIELDS
             if schema.normalize(f) in by_field]
    name = pd.Series("", index=frame.index, dtype=object)
    for part in parts:
        cleaned = coerce._distinct(part, _clean_name)
        name = name.str.cat(cleaned.fillna(""), sep=" ").str.strip()
    has_both = (name != "").to_numpy() & birth.notna().to_numpy()
    key = os.environ.get(htcds.KEY_ENV, "")
    if key and has_both.any():
        material = (name[has_both] + "\x1f" + birth[has_both].dt.strftime("%Y-%m-%d"))
        digest = {m: _pseudonym(key, m) for m in pd.unique(material)}
        ids[has_both] = material.map(digest).to_numpy()
    lacking = rows[~has_both] if key else rows
    if not len(lacking):
        return ids, None
    return ids, {"key": bool(key), "rows": lacking}


def _pseudonym(key: str, material: str) -> str:
    mac = hmac.new(key.encode("utf-8"), material.encode("utf-8"), hashlib.sha256)
    return htcds.ID_PREFIX + mac.hexdigest()[:16].upper()


def _ids_notice(why: dict, out: pd.DataFrame, shown: str, sheet: str,
                issues: list[Issue]) -> None:
    kept = set(out["_row"])
    rows = [int(r) for r in why["rows"] if r in kept]
    if not rows and why["key"]:
        return
    if not why["key"]:
        text = (f"{htcds.KEY_ENV} is not set, so each victim's id is the file and the row (e.g. "
                f"\"{shown} row {rows[0] if rows else 3}\"). Versions of this register cannot be "
                "matched: a re-sorted or later copy gives other ids, and a person in two "
                f"registers counts twice. Set {htcds.KEY_ENV} to a long random secret, the same "
                "on every run, to make ids from the name and the birth date.")
    else:
        text = (f"{len(rows):,} row{'s' if len(rows) != 1 else ''} ({_rows(rows)}) "
                f"{'have' if len(rows) != 1 else 'has'} no name or no readable birth date, so "
                "the victim id is the file and the row: these rows cannot be matched across "
                "versions of the register.")
    issues.append(Issue("htcds-ids-not-matchable", NOTICE, text, file=shown, sheet=sheet))


def _key_notice(shown: str, sheet: str, issues: list[Issue]) -> None:
    """A key easy to guess is said (never shown)."""
    key = os.environ.get(htcds.KEY_ENV, "")
    if key and len(key) < _KEY_MIN:
        issues.append(Issue(
            "htcds-key-short", WARNING,
            f"{htcds.KEY_ENV} is shorter than {_KEY_MIN} characters: whoever guesses it can "
            "work the victim ids back from names and birth dates. Use a long random secret "
            "(the same on every run).", file=shown, sheet=sheet))


def _rows(rows: list[int], most: int = 8) -> str:
    """``row 4``, ``rows 4, 7`` or ``rows 4, 7, … and 12 more``."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    shown = ", ".join(str(r) for r in rows[:most])
    return f"rows {shown}" + (f" and {len(rows) - most:,} more" if len(rows) > most else "")


def _personal_notice(found: list[Issue], shown: str, sheet: str) -> None:
    """The reader's one notice per dropped column, made one notice for the register (its
    personal fields belong in the register; only tipreport must not keep them)."""
    dropped = [i for i in found if i.code == "personal-data-dropped"]
    if not dropped:
        return
    found[:] = [i for i in found if i.code != "personal-data-dropped"]
    columns = ", ".join(f"{i.header} ({i.column})" if i.column else str(i.header)
                        for i in dropped)
    found.append(Issue(
        "personal-data-dropped", NOTICE,
        f"The register's personal-data fields were dropped on reading: {columns}. None of their "
        "values is used or shown; the birth date gave the age at identification, and with the "
        "name the victim id, before it was dropped.", file=shown, sheet=sheet, row=1))


def _referred(out: pd.DataFrame) -> np.ndarray | None:
    """yes where an outgoing referral is recorded, empty (not known) elsewhere."""
    columns = [c for c in out.columns if c.startswith("~") and schema.normalize(c[1:]) in
               ("casreferredorganisation", "casoutgoingreferraldate")]
    if not columns:
        return None
    filled = np.zeros(len(out), dtype=bool)
    for c in columns:
        filled |= (~coerce.is_blank(out[c])).to_numpy()
    values = np.full(len(out), "", dtype=object)
    values[filled] = "yes"
    return values


# --- values -------------------------------------------------------------------------------


def _translate(out: pd.DataFrame, raw: RawSheet, shown: str, sheet: str,
               issues: list[Issue]) -> None:
    """Multi-select cells and places made intake values, per distinct value."""
    if not len(out):
        return
    out["exploitation"] = coerce._distinct(out["exploitation"], _exploitation)
    blank = coerce.is_blank(out["exploitation"])
    if blank.any():  # the type of sex exploitation, or the industry, says which
        implied = pd.Series("", index=out.index, dtype=object)
        sex = _filled_extra(out, "victypeofsexexploitation")
        labor = _filled_extra(out, "vicforcedlabourindustry")
        implied[sex] = "sex"
        implied[labor] = "labor"
        implied[sex & labor] = "mixed"
        out.loc[blank, "exploitation"] = implied[blank]
    out["nationality"] = coerce._distinct(out["nationality"], _first_country)
    _exploited_in(out, raw, shown, sheet, issues)


def _filled_extra(out: pd.DataFrame, field: str) -> pd.Series:
    for c in out.columns:
        if c.startswith("~") and schema.normalize(c[1:]) == field:
            return ~coerce.is_blank(out[c])
    return pd.Series(False, index=out.index)


def _parts(text: str) -> list[str]:
    return [p.strip() for p in re.split(htcds.MULTI_SEPARATORS, text) if p.strip()]


def _exploitation(value: Any) -> Any:
    """One cell of Type of Exploitation → one intake code; a cell with a value no list knows
    is left as it is, for the reader's located ``code-unknown``."""
    text = coerce._as_text(value)
    if not isinstance(text, str):
        return value
    lookup = schema.code_lookup("exploitation")
    whole = lookup.get(schema.normalize(text))
    if whole is not None:
        return whole
    codes = [lookup.get(schema.normalize(p)) for p in _parts(text)]
    if not codes or None in codes:
        return value
    return combine_exploitation(set(codes))


def combine_exploitation(codes: set[str]) -> str:
    """Several forms of exploitation of one person → one code (``schema_htcds.RULES``)."""
    codes = set(codes) - {"unknown"}
    if not codes:
        return "unknown"
    if "mixed" in codes or ("sex" in codes and codes & {"labor", "forced_criminality"}):
        return "mixed"
    main = codes - {"other"}
    if not main:
        return "other"
    if len(main) == 1:
        return main.pop()
    return "labor"  # labor and forced criminality: forced labour both


def _first_country(value: Any) -> Any:
    """A citizenship cell → its (first) country; a cell naming none is left as it is, for the
    reader's located ``country-unknown``."""
    text = coerce._as_text(value)
    if not isinstance(text, str):
        return value
    table = coerce.countries()
    if schema.normalize(text) in table:
        return text
    parts = _parts(text)
    for n in (1, 2, 3):  # a name split at its comma ("Korea, Republic of") joined again
        candidate = ", ".join(parts[:n])
        if schema.normalize(candidate) in table:
            return table[schema.normalize(candidate)]
    return value


def _exploited_in(out: pd.DataFrame, raw: RawSheet, shown: str, sheet: str,
                  issues: list[Issue]) -> None:
    """A place of exploitation that is a country is ``exploited_in``; another place (a city, a
    business) leaves it unknown, with one notice per place."""
    if "exploited_in" not in raw.columns:
        return
    table = coerce.countries()
    first = coerce._distinct(out["exploited_in"], _first_country)
    known = first.map(lambda v: not isinstance(v, str) or not v.strip()
                      or schema.normalize(v) in table)
    if known.all():
        out["exploited_in"] = first
        return
    letter, header = raw.where("exploited_in")
    for place, rows in out.loc[~known, "_row"].groupby(out.loc[~known, "exploited_in"],
                                                       sort=False):
        found = [int(r) for r in rows]
        issues.append(Issue(
            "htcds-location-not-country", NOTICE,
            f"{quote(place)} is not a country, so the country of exploitation is left unknown "
            f"for {len(found):,} row{'s' if len(found) != 1 else ''} ({_rows(found)}).",
            file=shown, sheet=sheet, row=found[0], column=letter, header=header,
            value=str(place)[:60]))
    out["exploited_in"] = first.where(known, "")


def _exclude(out: pd.DataFrame, raw: RawSheet, shown: str, sheet: str,
             issues: list[Issue]) -> pd.DataFrame:
    """Rows whose trafficking status says the person is not a victim: out, with the reason."""
    if "status" not in raw.columns or not len(out):
        return out
    not_victim = {schema.normalize(v) for v in htcds.NOT_A_VICTIM}
    mask = coerce._Distinct(out["status"], lambda v: isinstance(v, str) and
                            schema.normalize(v) in not_victim).mask(bool)
    if not mask.any():
        return out
    rows = [int(r) for r in out.loc[mask, "_row"]]
    raw.excluded[_NOT_A_VICTIM] = rows
    letter, header = raw.where("status")
    said = ("1 row ({}) says \"Not a victim of trafficking\": not a victim, so it counts in no "
            "figure. The ledger shows it as excluded." if len(rows) == 1 else
            "{:,} rows ({}) say \"Not a victim of trafficking\": not victims, so they count in "
            "no figure. The ledger shows them as excluded.")
    issues.append(Issue(
        "htcds-not-a-victim", NOTICE,
        said.format(_rows(rows)) if len(rows) == 1 else said.format(len(rows), _rows(rows)),
        file=shown, sheet=sheet, row=rows[0], column=letter, header=header))
    return out[~mask].reset_index(drop=True)


def _register_notice(version: str, has_status: bool, shown: str, sheet: str) -> Issue:
    status = ("" if has_status else
              " It has no trafficking status (vic_TraffickingStatus; HTCDS 1.0 records none), "
              "so every row is counted as a confirmed victim.")
    return Issue(
        "htcds-register", NOTICE,
        f"Read as an HTCDS {version} register: each row is a person, read as a victim (the "
        f"fields and codes are mapped as docs/intake.md shows).{status} HTCDS records no "
        "criminal cases and no defendants: this file supplies no Cases and no Defendants, so "
        "the prosecution figures need them from other files.", file=shown, sheet=sheet)
