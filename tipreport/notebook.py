"""How a built submission shows in a notebook: a compact card, not the whole document.

The card names the edition, the period and the files the build writes, gives the number of
pages and the warnings, and shows the HTML preview inside a scrollable frame (``srcdoc``, in a
sandbox): the document's own styles never leak into the notebook, and the cell stays the height
of the card.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .build import Submission

__all__ = ["submission_card"]

_CARD = ("border:1px solid #c9cfd8;border-radius:6px;padding:12px 16px;max-width:62em;"
         "font-family:system-ui,sans-serif;font-size:14px;line-height:1.4")
_FRAME = "width:100%;height:520px;border:1px solid #d8dde4;border-radius:4px;background:#fff"


def submission_card(submission: Submission) -> str:
    from .views import edition_line

    esc = html.escape
    f = submission.figures
    kind = ("Supplementary update" if submission.kind == "supplementary" else "Submission")
    title = f"{kind} to the {f.year} Trafficking in Persons Report"
    country = f.submission.get("country") or "country not given"
    pages = submission.pages
    pages_text = (f"{pages} page{'s' if pages != 1 else ''}" if pages is not None
                  else "no PDF: the PDF engine is missing (see the README)")
    warnings = list(submission.warnings)
    if warnings:
        items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
        warned = (f"<details><summary>{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
                  f" to read before sending</summary><ul>{items}</ul></details>")
    else:
        warned = "<p>No warning.</p>"
    from .outputs import selected

    suffixes = ", ".join(o.suffix for o in selected())
    preview = esc(submission.html_text(), quote=True)
    return (
        f'<div class="tipreport-card" style="{_CARD}">'
        f'<p style="margin:0;font-size:16px"><strong>{esc(title)}</strong> — '
        f"{esc(country)}</p>"
        f'<p style="margin:4px 0">{esc(edition_line(f))}</p>'
        f'<p style="margin:4px 0">{esc(pages_text)} · files '
        f"<code>{esc(submission.stem)}</code> {esc(suffixes)} "
        "(<code>.write(\"out/\")</code>)</p>"
        f"{warned}"
        f'<iframe title="Preview of the {esc(kind.lower())}" sandbox="" '
        f'style="{_FRAME}" srcdoc="{preview}"></iframe>'
        "</div>")
