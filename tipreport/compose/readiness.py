"""The readiness page: for the ministry's eyes only (the HTML preview), never in the document
sent. How an analyst will likely read each pillar, the deadline, every gap and warning."""

from __future__ import annotations

from ..document import BulletList, Paragraph, Section, Table
from ..figures.coverage import VERDICT_THRESHOLD
from ..views import deadline_line, edition_line, gap_list, verdict_rows
from .common import Ctx

__all__ = ["section"]


def section(ctx: Ctx) -> Section:
    f = ctx.figures
    pct = f"{VERDICT_THRESHOLD:.0%}"
    blocks: list = [Paragraph(
        f"How a TIP analyst will likely read the {f.year} edition's figures "
        f"({ctx.fmt.span(f.period.start, f.period.end)}), compared like for like: a pillar "
        f"shows increased efforts when a headline figure rose by {pct} or more and none fell "
        f"by {pct} or more; decreased efforts when one fell by {pct} or more and none rose; "
        "maintained otherwise.", "note", source="fixed"),
        Paragraph(edition_line(f), "body", source="fixed")]
    blocks.append(Table("Likely reading per pillar", ("Pillar", "Efforts", f"Rose ≥ {pct}",
                                                      f"Fell ≥ {pct}"),
                        tuple(verdict_rows(f)), ("l", "l", "l", "l"), (), "readiness-verdicts",
                        None, (0.2, 0.25, 0.3, 0.25)))
    line = deadline_line(f)
    blocks.append(Paragraph(line or "No deadline was given (the Submission sheet's deadline).",
                            "body" if line else "note", source="fixed"))
    items = gap_list(f, for_ministry=True) + list(f.warnings)
    for cell in f.withheld:
        where = (f"row {cell['row']}" if isinstance(cell["row"], int) or cell["row"] is None
                 else str(cell["row"]))  # a database's key names itself
        items.append(f"Withheld (personal data): {cell['file']} › {cell['sheet']} › {where}, "
                     f"{cell['column']}.")
    if items:
        blocks.append(Paragraph("Gaps and warnings an analyst will notice:", "body",
                                source="fixed"))
        blocks.append(BulletList(tuple(items)))
    else:
        blocks.append(Paragraph("No data gap found.", "body", source="fixed"))
    return Section("readiness", "Readiness", tuple(blocks))
