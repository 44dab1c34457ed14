"""The GLOTIP rows as an ``.xlsx`` laid out like UNODC's published data.

The first sheet is UNODC's: its name (``data_glotip_1``), a line naming the source and its
contact, a line with the date (``dd/mm/yyyy``), then the header row of UNODC's thirteen columns
on row 3 and one row per value. A second sheet, ``Notes``, says what each indicator counts,
how the labels map, and how small numbers were hidden. Same rows and date, same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from .._xlsx import not_rich
from ..errors import MissingDependencyError
from .glotip_table import COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    from .glotip import GlotipExport

__all__ = ["workbook_bytes", "DATA_SHEET", "NOTES_SHEET", "HEADER_ROW"]

DATA_SHEET = "data_glotip_1"
NOTES_SHEET = "Notes"
#: the header's row, counted from 1 (as in UNODC's file)
HEADER_ROW = 3
_WIDTHS = {"Iso3_code": 9, "Country": 14, "Region": 10, "Subregion": 18, "Indicator": 34,
           "Dimension": 22, "Category": 30, "Sex": 9, "Age": 16, "Year": 7,
           "Unit of measurement": 11, "txtVALUE": 10, "Source": 40}


def workbook_bytes(export: GlotipExport) -> bytes:
    try:
        import xlsxwriter
    except ImportError as exc:  # a core dependency, but an old environment may lack it
        raise MissingDependencyError("Writing the GLOTIP export needs XlsxWriter: "
                                     "pip install XlsxWriter") from exc

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    sub = export.submission
    book.set_properties({
        "title": f"{export.country}: trafficking in persons data for UNODC (GLOTIP)",
        "subject": "Calendar-year figures in the layout of UNODC's published GLOTIP data",
        "author": sub.get("government_body") or "tipreport",
        "comments": "Written by tipreport; see the Notes sheet.",
        "created": dt.datetime.combine(export.exported_on, dt.time()),
    })
    header = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
    text = book.add_format({"num_format": "@"})
    count = book.add_format({"num_format": "#,##0", "align": "right"})
    hidden = book.add_format({"num_format": "@", "align": "right"})
    sheet = book.add_worksheet(DATA_SHEET)
    # text from the workbook: never XlsxWriter's raw rich text (a "<r>…</r>" string)
    sheet.write_string(0, 0, not_rich(str(sub.get("government_body") or export.country)), text)
    if sub.get("contact_email"):
        sheet.write_string(0, 1, not_rich(str(sub["contact_email"])), text)
    sheet.write_string(1, 0, export.exported_on.strftime("%d/%m/%Y"), text)
    top = HEADER_ROW - 1
    for col, name in enumerate(COLUMNS):
        sheet.write_string(top, col, name, header)
        sheet.set_column(col, col, _WIDTHS.get(name, 12))
    value_col, year_col = COLUMNS.index("txtVALUE"), COLUMNS.index("Year")
    for r, row in enumerate(export.table.itertuples(index=False, name=None), start=top + 1):
        for col, value in enumerate(row):
            if col == value_col and not isinstance(value, str):
                sheet.write_number(r, col, int(value), count)
            elif col == value_col:
                sheet.write_string(r, col, value, hidden)
            elif col == year_col:
                sheet.write_number(r, col, int(value))
            else:
                sheet.write_string(r, col, str(value), text)
    sheet.freeze_panes(HEADER_ROW, 0)
    sheet.autofilter(top, 0, top + len(export.table), len(COLUMNS) - 1)
    notes = book.add_worksheet(NOTES_SHEET)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    notes.set_column(0, 0, 110, wrap)
    bold = book.add_format({"bold": True, "font_size": 12})
    notes.write_string(0, 0, f"{export.country}: notes on the GLOTIP export", bold)
    for r, line in enumerate(export.notes, start=2):
        if line:
            notes.write_string(r, 0, not_rich(line), wrap)
    book.close()
    return buffer.getvalue()
