"""Document → HTML: the preview in a browser or notebook, and the input to the PDF.

``render_html(document)`` gives the preview: self-contained (styles inline, charts as SVG
``data:`` URIs, no fonts fetched — the shipped fonts are ~3 MB, so the preview uses an
installed Noto Sans or the system's sans-serif), with the readiness page at the top, marked
as not part of the submission. ``render_html(document, for_print=True)`` is what WeasyPrint
turns into the PDF: no readiness page, the running header and footer, the page size, and the
shipped fonts by relative URL (served from the templates folder by the PDF's URL fetcher).
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re

from markupsafe import Markup

from ..document import Chart, Document
from . import charts
from .templating import (
    DEFAULT_LABELS,
    environment,
    read_asset,
    render_template,
    strip_comments,
    strip_font_faces,
)

__all__ = ["css_string", "page_css", "render_html"]

PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def render_html(document: Document, *, templates: str | os.PathLike | None = None,
                for_print: bool = False) -> str:
    """The document as one HTML page (see the module docstring for the two flavours)."""
    env = environment(templates)
    css = strip_comments(read_asset("style.css", templates))
    if not for_print:
        css = strip_font_faces(css)
    labels = {**DEFAULT_LABELS, **(document.labels or {})}
    cache: dict[int, str] = {}

    def chart_src(chart: Chart) -> str:
        key = id(chart)
        if key not in cache:
            data = charts.svg(chart, lang=document.language).encode("utf-8")
            cache[key] = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
        return cache[key]

    return render_template(
        env, "document.html",
        document=document,
        for_print=for_print,
        labels=labels,
        css=_style_markup(css),
        page_css=_style_markup(page_css(document, labels)) if for_print else Markup(""),
        created=_w3c_date(document.submitted_on),
        chart_src=chart_src,
    )


def page_css(document: Document, labels: dict[str, str] | None = None) -> str:
    """The page size and the "Page x of y" footer, in the document's words. Placed before
    style.css so that a user's style.css can override it."""
    labels = {**DEFAULT_LABELS, **(labels or {})}
    size = PAGE_SIZES.get((document.page_size or "a4").lower(), "A4")
    page, of = css_string(labels["page"] + " "), css_string(" " + labels["of"] + " ")
    return (f"@page {{ size: {size};\n"
            f"  @bottom-right {{ content: {page} counter(page) {of} counter(pages); }} }}")


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, every character that could end it escaped."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " .,;:!?()[]-_/'’–—·":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


def _style_markup(css: str) -> Markup:
    # a stylesheet is the package's (or the user's) own file, never workbook text; still, it
    # must not be able to close the <style> element
    return Markup(re.sub(r"</(?=style)", r"<\\/", css, flags=re.IGNORECASE))


def _w3c_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+00:00"
