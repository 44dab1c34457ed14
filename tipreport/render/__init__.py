"""The renderers: Document → HTML (preview), PDF (WeasyPrint) and DOCX (python-docx).

Nothing heavy is imported here; each renderer imports its backend when it runs::

    html.render_html(document, templates=None, for_print=False) -> str
    pdf.render_pdf(document, templates=None) -> PDFBytes (bytes with .warnings)
    docx.render_docx(document) -> bytes
    charts.svg(chart) -> str, charts.png(chart, dpi=200) -> bytes

Templates (Jinja2, one environment: :mod:`.templating`), the stylesheet, the fonts and the
reference .docx live in the ``templates`` folder (:func:`tipreport.resources.templates_dir`).
"""

__all__: list[str] = []
