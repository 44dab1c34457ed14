"""Exports: the same figures in the layout another body publishes or asks for.

    glotip.py           export_glotip(): UNODC's GLOTIP data layout, calendar years
    glotip_table.py     figures → the GLOTIP rows (what each indicator counts, the labels)
    glotip_workbook.py  the rows → the .xlsx (data sheet as UNODC's, and a Notes sheet)
    unodc_countries.py  country names, regions and subregions as UNODC writes them

An export reads the figures (:func:`tipreport.compute`) and nothing else, and is written
through the output table (:mod:`tipreport.outputs`, ``command="export"``) as one set, like a
build's files. Small counts are hidden by :mod:`tipreport.suppress`.
"""

from .glotip import GlotipExport, export_glotip

__all__ = ["export_glotip", "GlotipExport"]
