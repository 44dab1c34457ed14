"""The response to the previous report's recommendations, point by point."""

from __future__ import annotations

from typing import Any

from .. import labels
from ..document import Paragraph, Section, Table
from .common import Ctx, ministry

__all__ = ["section", "answer_blocks", "TITLE"]

TITLE = "Response to the previous report's recommendations"


def section(ctx: Ctx) -> Section:
    f = ctx.figures
    fmt = ctx.fmt
    if not f.is_supplied("Recommendations"):
        return Section("recommendations", TITLE, (Paragraph(
            "No response to the previous report's recommendations was supplied (no "
            "Recommendations sheet was given).", "warning", source="fixed",
            claim=("not_supplied", "Recommendations")),))
    recs = f.recommendations
    if not recs["total"]:
        return Section("recommendations", TITLE, (Paragraph(
            "The Recommendations sheet was supplied with no records.", "warning",
            source="fixed", claim=("no_records", "Recommendations")),))
    status = Table(
        "Recommendations by status", ("Status", "Recommendations", "Of which prioritized"),
        tuple((labels.STATUS[s], fmt.number(recs["by_status"][s]["all"]),
               fmt.number(recs["by_status"][s]["prioritized"])) for s in labels.STATUS)
        + (("Total", fmt.number(recs["total"]), fmt.number(recs["prioritized"])),),
        ("l", "r", "r"), (len(labels.STATUS),), "recommendations-status", None,
        (0.5, 0.25, 0.25))
    cited = any(r["evidence_ids"] for r in recs["list"])
    blocks: list = [Paragraph(
        f"The government answers each of the {fmt.number(recs['total'])} recommendations of "
        "the previous report below, prioritized recommendations first, with what was done "
        "during the reporting period"
        + (" and the records that show it, described in the evidence annex." if cited
           else "."), "lead"), status]
    for r in recs["list"]:
        head = [str(r["rec_id"])]
        if r["prioritized"]:
            head.append("Prioritized")
        head.append(labels.STATUS[r["status"]])
        if r["report_year"] is not None:
            head.append(f"{r['report_year']} report")
        blocks += answer_blocks(r, head, "Evidence (see the evidence annex)")
    return Section("recommendations", TITLE, tuple(blocks))


def answer_blocks(r: dict[str, Any], head: list[str], evidence: str) -> list[Paragraph]:
    """One recommendation as printed, in the submission and in an update alike: its text
    under ``head``, the response (or "No action was taken"), and the evidence cited, after the
    label ``evidence``."""
    blocks = [Paragraph(ministry(r["recommendation"]), "quote", " · ".join(head),
                        source="ministry")]
    if r["response"]:
        blocks.append(Paragraph(ministry(r["response"]), "body", source="ministry"))
    elif r["no_action"]:
        blocks.append(Paragraph("No action was taken in the period.", "body",
                                source="fixed", claim=("no_action", str(r["rec_id"]))))
    if r["evidence_ids"]:
        blocks.append(Paragraph(f"{evidence}: " + ", ".join(r["evidence_ids"]) + ".", "note",
                                source="ministry"))
    return blocks
