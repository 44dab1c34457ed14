"""Documentation written from the code: the intake format and the problem codes.

``python -m tipreport.docs > docs/intake.md`` and ``python -m tipreport.docs issues >
docs/issues.md`` regenerate them; a test fails when a file falls out of step.
"""

from __future__ import annotations

from . import schema

KIND_WORDS = {
    "id": "identifier (text)", "text": "text", "date": "date", "code": "code",
    "codes": "codes, comma-separated", "bool": "yes/no", "country": "country",
    "currency": "currency (ISO 4217)", "number": "number ≥ 0", "integer": "whole number ≥ 0",
    "age": "whole number 0–120", "year": "year",
}


def intake_markdown() -> str:
    out = [
        "# The intake workbook",
        "",
        "<!-- Generated from tipreport/schema.py by `python -m tipreport.docs`. "
        "Do not edit by hand. -->",
        "",
        "Sheets and column headers are matched whatever their case, spaces and punctuation "
        "(`Case ID` = `case_id` = `CaseID`), and through the other names listed below. The "
        "header row may sit below title and blank rows (within the first 20 rows). Dates may be "
        "real Excel dates, ISO text (`2025-04-01`) or `DD/MM/YYYY` text (`MM/DD/YYYY` with "
        "`--date-order mdy`). Identifiers are text: `00123` stays `00123`. Every sheet is "
        "optional; a missing sheet is reported as \"not supplied\".",
        "",
    ]
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
                out.append(f"| `{key.name}` | {key.kind} | {', '.join(key.aliases)} | "
                           f"{key.meaning} |")
            out.append("")
            continue
        out.append("| column | type | required | codes | also written | meaning |")
        out.append("|---|---|---|---|---|---|")
        for c in sheet.columns:
            codes = " · ".join(f"`{x}`" for x in c.allowed)
            if c.default:
                codes += f" (default `{c.default}`)"
            out.append(f"| `{c.name}` | {KIND_WORDS[c.kind]} | {'yes' if c.required else 'no'} "
                       f"| {codes} | {', '.join(c.aliases)} | {c.meaning} |")
        out.append("")
    out.append("## Other spellings of codes")
    out.append("")
    for codes, table in schema.CODE_ALIASES.items():
        out.append(f"- **{codes}**: " + "; ".join(
            f"`{code}` ← {', '.join(aliases)}" for code, aliases in table.items() if aliases))
    out.append("")
    out.append("Yes/no cells accept yes, no, Y, N, TRUE, FALSE, 1, 0 and Excel booleans. "
               "Countries: ISO alpha-2 or alpha-3 codes, English names in any case, common "
               "short names (`Vietnam`, `Laos`) and Khmer names (`កម្ពុជា`).")
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
    return "\n".join(out)


def _printed_text() -> dict[str, tuple[str, ...]]:
    from .privacy import printed_text_columns

    return printed_text_columns()


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
