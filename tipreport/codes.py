"""Every problem code ``check`` reports: its usual severity and what it means.

Codes are stable: scripts may match on them. ``docs/issues.md`` is generated from this table
(``python -m tipreport.docs issues``), and a test checks that every code the code can emit is
listed here.
"""

from __future__ import annotations

ISSUE_CODES: dict[str, tuple[str, str]] = {
    # files
    "file-not-found": ("error", "The file does not exist, or a folder holds no intake file."),
    "file-unreadable": ("error", "The file exists but cannot be opened (permissions, a symbolic "
                                 "link that loops)."),
    "file-not-regular": ("error", "Not a regular file: a named pipe (FIFO), a device, a socket, "
                                  "or a folder named like a file. Never waited on."),
    "file-empty": ("error", "The file has 0 bytes."),
    "file-too-large": ("error", "A file over the file_size limit, or a workbook whose contents "
                                "unpack beyond the uncompressed_size limit (see Limits in "
                                "docs/intake.md)."),
    "file-unsupported-type": ("error", "Not .xlsx, .xlsm, .ods, .csv or an SQLite database, "
                                       "nor a sqlite:/// or postgresql:// address."),
    "file-old-excel": ("error", "An Excel 97–2003 workbook (.xls), perhaps under a new name."),
    "file-password-protected": ("error", "A workbook protected with a password."),
    "file-not-a-workbook": ("error", "Named like a workbook, but something else inside."),
    "file-corrupt": ("error", "A damaged or truncated workbook, or one whose declared contents "
                              "do not match what it holds (checked before it is opened)."),
    # databases
    "database-connection-failed": ("error", "A database address that cannot be read, or a "
                                            "server that cannot be reached or refuses the user "
                                            "(the password is never shown)."),
    "database-unreadable": ("error", "Not an SQLite database, or a damaged one."),
    "table-unreadable": ("error", "A database table that cannot be read (no permission): none "
                                  "of its rows is read."),
    "table-no-key": ("notice", "A database table without a primary key: its rows are located "
                               "by their position."),
    "value-unreadable": ("error", "A database value that is binary data (a file, a picture) "
                                  "under a column tipreport reads."),
    # sheets and headers
    "sheet-hidden": ("warning", "A hidden sheet was skipped."),
    "sheet-unknown": ("notice", "A sheet tipreport does not read was skipped."),
    "sheet-empty": ("warning", "A recognised sheet with no cells: supplied, no records."),
    "sheet-too-large": ("error", "A sheet over the rows, columns or cells limit (from A1 to its "
                                 "last filled cell): not read."),
    "header-not-found": ("error", "No header row in the first 20 rows."),
    "header-duplicate": ("error", "Two headers mean the same column."),
    "column-missing": ("error", "A required column is missing: every row is rejected."),
    "column-without-header": ("warning", "Values in a column with no header: not read."),
    "personal-data-dropped": ("notice", "A personal-data column was dropped on reading."),
    "personal-data-in-text": ("warning", "Printed text holds what looks like personal data (a "
                                         "dropped column's value, a phone, passport or identity "
                                         "number, an e-mail address): the cell reads "
                                         "\"[withheld: personal data]\" in every output; the "
                                         "row still counts."),
    "csv-encoding": ("warning", "A CSV that is not UTF-8 was read as Windows-1252."),
    "csv-no-header": ("error", "No header row found in a CSV."),
    "csv-sheet-inferred": ("notice", "The sheet of a CSV was inferred from its headers."),
    "csv-sheet-unknown": ("error", "Which sheet a CSV holds cannot be told."),
    "csv-unclosed-quote": ("error", "A quote opened in a CSV cell and never closed: the rest of "
                                    "the file fell into that cell. The line is named."),
    # HTCDS registers
    "htcds-register": ("notice", "A sheet read as an HTCDS register (its row 1 holds HTCDS "
                                 "field names): its rows are victims; it supplies no Cases and "
                                 "no Defendants. Says so when it has no trafficking status "
                                 "(HTCDS 1.0: every row a confirmed victim)."),
    "htcds-not-a-victim": ("notice", "Rows whose trafficking status is \"Not a victim of "
                                     "trafficking\": excluded (not victims), counted in the "
                                     "ledger as excluded."),
    "htcds-ids-not-matchable": ("notice", "Victim ids made from the file and row (no "
                                          "TIPREPORT_PSEUDONYM_KEY, or no name or birth date): "
                                          "versions of the register cannot be matched."),
    "htcds-key-short": ("warning", "TIPREPORT_PSEUDONYM_KEY is shorter than 16 characters: "
                                   "easy to guess, and the ids with it."),
    "htcds-birthdate-unusable": ("warning", "A birth date that is no date, lies after the "
                                            "referral or gives an age over 120: the age is "
                                            "unknown. The date is never shown."),
    "htcds-location-not-country": ("notice", "A place of exploitation that is not a country: "
                                             "exploited_in is left unknown for its rows."),
    "htcds-column-without-name": ("warning", "Values in a register column with no HTCDS field "
                                             "name on row 1: not read."),
    # cells
    "value-missing": ("error", "A required value is empty."),
    "totals-row": ("error", "A hand-made totals row (no id, numbers filled in)."),
    "formula-without-value": ("error", "A formula whose value was never calculated and saved."),
    "excel-error": ("error", "An Excel error value such as #N/A."),
    "cell-too-long": ("error", "A cell over the cell_length limit: the row is rejected and the "
                               "text is not kept."),
    "text-control-character": ("error", "A control character (NUL and the like) in a text cell: "
                                        "no document can hold it."),
    "code-unknown": ("error", "A value outside the column's code list."),
    "yes-no-invalid": ("error", "Not a yes/no value."),
    "country-unknown": ("error", "A country that cannot be recognised."),
    "currency-unknown": ("error", "Not an ISO 4217 currency code."),
    "date-invalid": ("error", "Not a date."),
    "date-impossible": ("error", "A date that does not exist (31/02/2025)."),
    "date-ambiguous": ("error", "A two-digit year."),
    "date-out-of-range": ("error", "A date outside 1900–2199, such as 31/12/9999 typed for an "
                                   "open end (leave it empty)."),
    "date-buddhist-era": ("error", "A Buddhist-era year (2568 for 2025): subtract 543."),
    "date-as-number": ("error", "A plain number in a date column (format it as Date)."),
    "date-in-future": ("warning", "A date after the submission date: the event counts in no "
                                  "figure."),
    "number-invalid": ("error", "Not a number, or not a finite one (inf, nan, 1e999)."),
    "number-as-text": ("warning", "A number stored as text; read as a number."),
    "number-negative": ("error", "A negative number."),
    "number-not-whole": ("error", "A fraction where a whole number is needed."),
    "number-out-of-range": ("error", "A number above its column's plausible maximum (listed in "
                                     "docs/intake.md), e.g. an amount of 1e308."),
    "age-out-of-range": ("error", "An age outside 0–120."),
    "year-out-of-range": ("error", "A year outside 1990–2100."),
    # rows against rows
    "id-duplicate": ("error", "The same id more than once, in one file or across files: every "
                              "row sharing it is rejected."),
    "case-unknown": ("error", "A defendant's case is in no Cases sheet."),
    "case-link-unknown": ("warning", "A victim's case is in no Cases sheet (the link is "
                                     "optional)."),
    "cases-not-supplied": ("notice", "Rows link to cases, but no file given has a Cases sheet: "
                                     "the links are not checked (check the files together)."),
    "case-rejected": ("notice", "A valid defendant of a rejected case: counts in no figure."),
    "recommendation-no-response": ("warning", "A recommendation not started, with no response: "
                                              "the document says no action was taken."),
    "verdict-date-missing": ("error", "A verdict other than pending without its date."),
    "prison-term-missing": ("error", "Convicted without a prison term (0 for none)."),
    "verdict-before-charge": ("warning", "A verdict dated before the charge."),
    "verdict-date-without-verdict": ("warning", "A verdict date with a pending verdict."),
    "age-group-mismatch": ("warning", "Age and age group disagree; the age wins."),
    "repatriated-before-identified": ("warning", "A repatriation dated before the "
                                                 "identification."),
    "end-before-start": ("error", "An activity ending before it starts."),
    # the Submission sheet
    "submission-unknown-key": ("warning", "A key that is not a submission setting."),
    "submission-conflict": ("error", "The same setting with different values."),
    "language-unknown": ("error", "A language that is neither a language code nor a language "
                                  "name tipreport knows."),
    "email-invalid": ("error", "A contact e-mail that is not one e-mail address."),
    "data-through-after-submission": ("error", "data_through after the submission date."),
}
