"""Documentation written from the code: the intake format, its limits and the problem codes.

``python -m tipreport.docs > docs/intake.md`` and ``python -m tipreport.docs issues >
docs/issues.md`` regenerate them; a test fails when a file falls out of step.
"""

from __future__ import annotations

from . import coerce, schema

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
    out.append("Columns with these headers are dropped on reading, with one notice each; their "
               "values are never used or shown: "
               + ", ".join(f"`{h}`" for h in schema.PERSONAL_DATA_HEADERS) + ".")
    out.append("")
    out.extend(limits_markdown())
    return "\n".join(out)


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
