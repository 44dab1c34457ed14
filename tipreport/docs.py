"""Documentation written from the code: the intake format, its limits and the problem codes.

``python -m tipreport.docs > docs/intake.md`` and ``python -m tipreport.docs issues >
docs/issues.md`` regenerate them; a test fails when a file falls out of step.

:func:`guide` is the plain-words guide to filling in the intake workbook. It is written once,
here, and shown twice: in ``docs/intake.md`` and on the ``Instructions`` sheet of the blank
workbook (:mod:`tipreport.blank`). Its text marks codes and names with backticks, which the
workbook drops (:func:`plain`).
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from . import coerce, schema
from .periods import tip_period

KIND_WORDS = {
    "id": "identifier (text)", "text": "text", "date": "date", "code": "code",
    "codes": "codes, comma-separated", "bool": "yes/no", "country": "country",
    "currency": "currency (ISO 4217)", "number": "number ≥ 0", "integer": "whole number ≥ 0",
    "age": "whole number 0–120", "year": "year",
}

#: the edition the guide's examples use
EXAMPLE_YEAR = 2026


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"  # no %-d: Windows' strftime lacks it


def plain(text: str) -> str:
    """Guide text without its Markdown marks, for a spreadsheet cell."""
    return text.replace("`", "")


def guide() -> list[tuple[str, list[str]]]:
    """How to fill in the intake workbook, in words a ministry clerk understands:
    ``(title, paragraphs)`` per section."""
    period = tip_period(EXAMPLE_YEAR)
    before = tip_period(EXAMPLE_YEAR - 1)
    sheets = ", ".join(f"`{name}`" for name in schema.DATA_SHEETS)
    ids = ", ".join(f"`{name}`" for name in dict.fromkeys(
        c.name for s in schema.DATA_SHEETS for c in schema.SHEETS[s].columns if c.kind == "id"))
    return [
        ("The workbook", [
            f"Each sheet holds one kind of record ({sheets}): one record per row, under the "
            "headers of row 1. A note on each header says what the column holds, whether it "
            "must be filled in (those headers are dark blue), and the codes it takes.",
            "Fill in the sheets your ministry keeps. Several ministries may each send a "
            "workbook: tipreport puts them together. Keep the headers as they are.",
            "The `Submission` sheet describes the submission itself: write each value beside "
            "its key. The `Lists` sheet holds the drop-down lists, and the `Instructions` sheet "
            "these instructions: both are skipped when the workbook is read.",
        ]),
        ("The TIP period", [
            f"The TIP report of a year covers 1 April of the year before to 31 March of that "
            f"year: the {EXAMPLE_YEAR} report covers {_day(period.start)} – "
            f"{_day(period.end)}. Write the edition as `report_year` on the `Submission` "
            "sheet.",
            f"Enter every record of the period, and those of the period before it "
            f"({_day(before.start)} – {_day(before.end)}), so that each figure can be "
            "compared with the year before. Records dated outside both periods count in no "
            "figure.",
            "Data sent before the period ends covers it up to `data_through` (on the "
            "`Submission` sheet); the rest of the period follows in the supplementary update.",
        ]),
        ("Dates", [
            "Enter dates as dates: type the day, the month and the year, e.g. 15/01/2026 for "
            "15 January 2026. The date columns show them as DD/MM/YYYY. Dates written as text "
            "are read day first (03/04/2025 is 3 April 2025), and 2025-04-03 is read too. "
            "Always give the year in four digits.",
            "A date after the submission date counts in no figure; only planned end dates "
            "(`end_on`) may lie in the future.",
        ]),
        ("Codes and drop-down lists", [
            "A column with a drop-down list takes one code from the list (for example `labor` "
            "or `female`). Other usual spellings are read too (`Labour`, `Forced labour`, `F`): "
            "Excel then says that the value is not in the list; click OK to keep it. The "
            "other spellings are listed below.",
            "`services` takes several codes separated by commas (`shelter, medical`). Yes/no "
            "columns take yes or no. Countries: pick the name from the list, or type the "
            "two-letter ISO code (KH, TH, VN). Currencies are ISO 4217 codes (KHR, USD).",
            "When a column has a default (for example `verdict`: `pending`), an empty cell "
            "means the default.",
        ]),
        ("Identifiers and numbers", [
            f"Identifiers ({ids}) are text: `00123` stays `00123`. Each record's identifier must be unique, across all "
            "the workbooks sent. A defendant's `case_id` must be a case of the `Cases` sheet; "
            "a victim's should be, when it is known.",
            "Numbers are never negative. Amounts are in the currency of the `Submission` sheet "
            "unless a `currency` column says otherwise.",
            "Leave a cell empty when the value is not known: do not write 0, a dash or n/a in "
            "its place. A required column (its header note says so) must be filled in on "
            "every row; a row with a missing or unreadable value is left out of the figures "
            "and reported.",
        ]),
        ("Not supplied", [
            "A sheet that no workbook holds is \"not supplied\": the submission says so, "
            "rather than giving 0. A sheet kept with its headers but no rows means there were "
            "none, and its figures are 0. So delete the sheets your ministry does not fill "
            "in (right-click the sheet's tab, then Delete), unless there were indeed none.",
        ]),
        ("Personal data", [
            "Never enter names, dates of birth, telephone numbers, addresses, passport or "
            "identity card numbers, or photographs of victims, suspects or anyone else. Use a "
            "pseudonym or a register number as `victim_id` and `person_id`. Do not write such "
            "details inside text either (a case summary, a narrative).",
            "A column whose header names personal data (Name, Date of birth, Phone, Passport "
            "…) is dropped when the workbook is read, and its values are never used or "
            "shown.",
        ]),
        ("Before sending", [
            "Run `tipreport check` on the workbook: it lists every problem with its sheet, "
            "row and column, and says what the submission will show.",
        ]),
    ]


def code_spellings() -> list[tuple[str, str, tuple[str, ...]]]:
    """``(code list, code, other spellings)`` for every code with other spellings."""
    return [(codes, code, aliases)
            for codes, table in schema.CODE_ALIASES.items()
            for code, aliases in table.items() if aliases]


YES_NO_AND_COUNTRIES = (
    "Yes/no cells accept yes, no, Y, N, TRUE, FALSE, 1, 0 and Excel booleans. Countries: ISO "
    "alpha-2 or alpha-3 codes, English names in any case, common short names (`Vietnam`, "
    "`Laos`) and Khmer names (`កម្ពុជា`).")


def intake_markdown() -> str:
    out = [
        "# The intake workbook",
        "",
        "<!-- Generated from tipreport/schema.py by `python -m tipreport.docs`. "
        "Do not edit by hand. -->",
        "",
        "`tipreport blank intake.xlsx` writes an empty workbook with every sheet below, its "
        "headers, notes, formats and drop-down lists; the filling-in guide below is its "
        "`Instructions` sheet.",
        "",
        "Workbooks of your own are read too. Sheets and column headers are matched whatever "
        "their case, spaces and punctuation (`Case ID` = `case_id` = `CaseID`), and through the "
        "other names listed below. The header row may sit below title and blank rows (within "
        "the first 20 rows). Dates written as text are read `DD/MM/YYYY` (`MM/DD/YYYY` with "
        "`--date-order mdy`). Every sheet is optional; a missing sheet is reported as \"not "
        "supplied\".",
        "",
        "## Filling in the workbook",
        "",
    ]
    for title, paragraphs in guide():
        out.append(f"### {title}")
        out.append("")
        for paragraph in paragraphs:
            out.append(paragraph)
            out.append("")
    for sheet in schema.SHEETS.values():
        out.append(f"## Sheet `{sheet.name}`")
        out.append("")
        out.append(sheet.meaning)
        if sheet.aliases:
            out.append(f"Also recognised as: {', '.join(sheet.aliases)}.")
        out.append("")
        if sheet.name == "Submission":
            out.append("Key / value rows. Keys:")
            out.append("")
            out.append("| key | kind | also written | meaning |")
            out.append("|---|---|---|---|")
            for key in schema.SUBMISSION_KEYS.values():
                kind = key.kind
                if key.maximum is not None:
                    kind += f" {_n(key.minimum or 0)}–{_n(key.maximum)}"
                out.append(f"| `{key.name}` | {kind} | {', '.join(key.aliases)} | "
                           f"{key.meaning} |")
            out.append("")
            out.append("Each value is checked like data, in the sheet and as an option alike "
                       "(see `tipreport/settings.py`): a language is a code or a name "
                       "(`en`, `English`, `km`, `Khmer`, `ខ្មែរ`) and is kept as its code; an "
                       "e-mail address must be one address; dates fall between "
                       f"{coerce.DATE_MIN.year} and {coerce.DATE_MAX.year}.")
            out.append("")
            continue
        out.append("| column | type | required | codes | also written | meaning |")
        out.append("|---|---|---|---|---|---|")
        for c in sheet.columns:
            codes = " · ".join(f"`{x}`" for x in c.allowed)
            if c.default:
                codes += f" (default `{c.default}`)"
            out.append(f"| `{c.name}` | {_kind_words(c)} | {'yes' if c.required else 'no'} "
                       f"| {codes} | {', '.join(c.aliases)} | {c.meaning} |")
        out.append("")
    out.append("## Other spellings of codes")
    out.append("")
    for codes, rows in groupby(code_spellings(), key=itemgetter(0)):
        out.append(f"- **{codes}**: " + "; ".join(
            f"`{code}` ← {', '.join(aliases)}" for _, code, aliases in rows))
    out.append("")
    out.append(YES_NO_AND_COUNTRIES)
    out.append("")
    out.append("## Personal data")
    out.append("")
    out.append("Columns with these headers (and their variants: `Name of victim`, `Victim's "
               "name`, `Phone no.`, …) are dropped on reading, with one notice each; their values "
               "are never used or shown:")
    out.append("")
    for kind, headers in schema.PERSONAL_DATA_COLUMNS.items():
        out.append(f"- **{kind}**: " + ", ".join(f"`{h}`" for h in headers))
    out.append("")
    out.append("Printed free text (" + "; ".join(
        f"{sheet}: {', '.join(columns)}" for sheet, columns in _printed_text().items()
        if columns) + ") is searched for the values of the dropped "
        + ", ".join(schema.PERSONAL_VALUE_KINDS) + " columns (as the whole text, or as a "
        "phrase of at least two words or eight characters), for phone numbers (at least "
        f"{schema.PHONE_MIN_DIGITS} digits after a leading + or 0), passport-like numbers, "
        "e-mail addresses and identity numbers (" + ", ".join(schema.NATIONAL_ID_FORMATS)
        + "). Khmer digits count as digits. A cell that holds one reads "
        "`[withheld: personal data]` in every output, with a warning "
        "(`personal-data-in-text`); its row still counts. Allowed: the contact e-mail, the "
        "numbers listed in the Submission key `public_numbers` and the e-mail domains listed in "
        "`public_domains`.")
    out.append("")
    out.extend(htcds_markdown())
    out.extend(databases_markdown())
    out.extend(limits_markdown())
    return "\n".join(out)


def htcds_markdown() -> list[str]:
    """How an HTCDS register is read: the rules, every field and its codes, from
    :mod:`tipreport.schema_htcds`."""
    from . import schema_htcds as htcds

    out = ["## HTCDS registers", "",
           "Registers kept with IOM's Human Trafficking Case Data Standard (HTCDS) toolkit "
           "(versions 1.0 and 2.0, multi-select or single-select with validation) are read as "
           "they come: `tipreport check register.xlsx`. Each row is read as a row of the "
           "`Victims` sheet.", ""]
    for rule in htcds.RULES:
        out += [rule, ""]
    out += ["| HTCDS field | label | intake column | how |", "|---|---|---|---|"]
    for f in htcds.FIELDS:
        column = (f"`{f.column}`" if f.column else
                  f"→ `{f.derives}`" if f.derives else "—")
        out.append(f"| `{f.name}` | {f.label} | {column} | {f.how} |")
    out += ["", "HTCDS picklist values, read in every sheet (names and labels alike: "
            "`ForcedLabour` = `Forced labour`):", ""]
    for codes, table in htcds.CODES.items():
        out.append(f"- **{codes}**: " + "; ".join(
            f"`{value}` → `{code}`" for value, code in table.items()))
    out.append("- **victim_status**: " + "; ".join(f"`{v}`" for v in htcds.NOT_A_VICTIM)
               + " → the row is excluded (not a victim)")
    out.append("")
    return out


def databases_markdown() -> list[str]:
    """How a database is read, and the tables :func:`tipreport.to_sqlite` writes."""
    from .sources.database import SQLITE_SUFFIXES
    from .sql import _TYPES, INSTALL, table_name

    sql_types = {"Date": "DATE", "Boolean": "BOOLEAN", "Float": "FLOAT (double)",
                 "BigInteger": "BIGINT", "Integer": "INTEGER"}
    out = ["## Databases", "",
           "A case database is read wherever a file is: `tipreport check cases.db`, "
           "`tipreport build sqlite:///cases.db`, `tipreport.load(\"postgresql://clerk@db."
           "ministry.gov/cases\")`. An SQLite file is recognised by its ending ("
           + ", ".join(f"`{s}`" for s in SQLITE_SUFFIXES) + ") or its content; a folder never "
           f"picks one up. It needs the `sql` extra: `{INSTALL}` (SQLAlchemy, and psycopg for "
           "PostgreSQL); without it, tipreport says so and what to install.", "",
           "Tables are found by the sheets' names and other names, whatever their case "
           "(`cases`, `Case register`, `suspects`, `settings`), and their columns by the "
           "columns' names and other names, exactly as in a workbook. Views are read like "
           "tables. Other tables are skipped, with one notice naming them. A `submission` table "
           "holds key/value rows (a `key` and a `value` column). Nothing is ever written: an "
           "SQLite file is opened read-only (a missing one is never created) and a PostgreSQL "
           "session is read-only.", "",
           "A problem is located by the table, the row's primary key and the column: `cases.db "
           "› cases › case_id C-18, column \"opened_on\"`; a composite key reads `case_id C-1, "
           "person_id 2`. A table without a primary key is located by SQLite's `rowid`, or else "
           "by position, with a notice (`table-no-key`). A table the user may not read is an "
           "error naming it (`table-unreadable`), and the other tables are read. The row, "
           "column and cell-length limits apply; the file-size limit does not (tables are read "
           "one at a time).", "",
           "**Passwords.** An address is always shown with its password masked "
           "(`postgresql://clerk:***@db/cases`), in every message, log and file; a driver's "
           "error never repeats it. Better still, leave it out of the address: PostgreSQL reads "
           "it from the environment variable `PGPASSWORD` or from the password file "
           "`~/.pgpass` (`%APPDATA%\\postgresql\\pgpass.conf` on Windows, or the file named "
           "by `PGPASSFILE`), as every PostgreSQL program does; `PGHOST`, `PGUSER` and "
           "`PGDATABASE` are read too, so `postgresql:///cases` may be all there is to type.",
           "",
           "**Starting a database.** `tipreport.to_sqlite(dataset, \"cases.db\")` writes an "
           "intake (loaded from workbooks) into a new SQLite file with the schema's tables; "
           "`tipreport.to_sqlite(None, \"cases.db\")` writes the tables empty. A dataset with "
           "errors is refused unless `allow_errors=True` (its rejected rows would be lost). "
           "`tipreport.sql.write_tables(dataset, \"postgresql://…\")` writes the same tables "
           "into another database. One table per sheet, named as the sheet in lower case ("
           + ", ".join(f"`{table_name(n)}`" for n in schema.SHEETS) + "), with the sheet's "
           "columns; its key is the primary key (`narrative` gets an `id`), required columns are "
           "`NOT NULL`, code columns are checked against their codes, and an unknown country is "
           "`NULL`. Column types:", ""]
    kinds: dict[str, list[str]] = {}
    for kind in KIND_WORDS:
        kinds.setdefault(sql_types.get(_TYPES.get(kind, ""), "TEXT"), []).append(kind)
    out += [f"- `{sql}`: " + "; ".join(KIND_WORDS[k] for k in ks) for sql, ks in kinds.items()]
    out.append("")
    return out


def _printed_text() -> dict[str, tuple[str, ...]]:
    from .privacy import printed_text_columns

    return printed_text_columns()


def limits_markdown() -> list[str]:
    """The size limits and the values every file must respect, from :class:`~tipreport.Limits`
    and :mod:`tipreport.coerce`."""
    from .limits import Limits

    out = ["## Limits", "",
           "What tipreport reads is bounded, so that a damaged or crafted file can neither "
           "exhaust the machine nor stall it. A file beyond a limit is refused with a located "
           "error (`file-too-large`, `sheet-too-large`, `cell-too-long`) and the other files "
           "are read. Raise a limit with `--max NAME=VALUE` on the command line (repeatable; "
           "sizes may end in KB, MB, GB, KiB, MiB or GiB) or `limits={\"NAME\": VALUE}` "
           "(or `tipreport.Limits(NAME=VALUE)`) in Python.", "",
           "| limit | default | what it bounds |", "|---|---|---|"]
    for name, value, unit, meaning in Limits().describe():
        out.append(f"| `{name}` | {value:,}{' ' + unit if unit else ''} | {meaning} |")
    out += ["",
            "Only regular files are read: a named pipe (FIFO), a device or a folder named like "
            "a file is refused (`file-not-regular`), never waited on. Workbooks are checked before they are opened: the sizes of "
            "their parts, the number of shared strings they declare, and each sheet's used "
            "area (from A1 to the last filled cell).", "",
            f"Values must be plausible: dates fall between {coerce.DATE_MIN.isoformat()} and "
            f"{coerce.DATE_MAX.isoformat()} (a Buddhist-era year such as 2568 is "
            "`date-buddhist-era`: subtract 543; a placeholder such as 31/12/9999 is "
            "`date-out-of-range`: leave an open end empty); numbers are finite (`inf`, `nan` "
            "and `1e999` are `number-invalid`) and at most the maximum their column states "
            "above (`number-out-of-range`); text holds no control characters "
            "(`text-control-character`). Ids are compared without the invisible characters "
            "text pasted from elsewhere carries (zero-width spaces, byte-order marks, no-break "
            "spaces, soft hyphens).", ""]
    return out


def _n(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"


def _kind_words(column: schema.Column) -> str:
    words = KIND_WORDS[column.kind]
    if column.maximum is None or column.kind in ("age", "year"):
        return words
    return words.replace("≥ 0", f"0–{_n(column.maximum)}")


def issues_markdown() -> str:
    from .codes import ISSUE_CODES

    out = ["# Problem codes", "",
           "<!-- Generated from tipreport/codes.py by `python -m tipreport.docs issues`. "
           "Do not edit by hand. -->", "",
           "Every problem `tipreport check` reports has one of these stable codes. An **error** "
           "rejects the row (exit status 1); a **warning** names the cell and keeps the row; a "
           "**notice** is information.", "",
           "| code | severity | meaning |", "|---|---|---|"]
    for code, (severity, meaning) in ISSUE_CODES.items():
        out.append(f"| `{code}` | {severity} | {meaning} |")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    import sys

    which = sys.argv[1] if len(sys.argv) > 1 else "intake"
    print(issues_markdown() if which == "issues" else intake_markdown(), end="")
