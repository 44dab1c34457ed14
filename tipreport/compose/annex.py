"""The annexes: the evidence the recommendations cite, and the activities not printed in
their pillar's table (capped; the remainder is in the audit workbook only)."""

from __future__ import annotations

from .. import labels
from ..document import Paragraph, Section
from .common import Ctx, ministry
from .prosecution import outcome_text

__all__ = ["sections"]


def sections(ctx: Ctx) -> list[Section]:
    out = []
    evidence = _evidence(ctx)
    if evidence is not None:
        out.append(evidence)
    if ctx.more_examples:
        out.append(_examples(ctx))
    activities = _activities(ctx)
    if activities is not None:
        out.append(activities)
    return out


def _evidence(ctx: Ctx) -> Section | None:
    f = ctx.figures
    fmt = ctx.fmt
    if not f.evidence:
        return None
    blocks = [Paragraph("Each record cited as evidence in the response to the recommendations, "
                        "in the order first cited.", "note", source="fixed")]
    for e in f.evidence.values():
        cited = ", ".join(e["cited_by"])
        if e["type"] == "activity":
            what = labels.KIND_ONE.get(e["kind"], "Activity").lower()
            head = (f"{labels.PILLAR.get(e['pillar'], '')} {what}, "
                    f"{fmt.span(e['start_on'], e['end_on'], short=True)}"
                    + (f", {ministry(e['agency'])}" if e["agency"] else ""))
            text = f"{ministry(e['title'])}." + (f" Result: {ministry(e['result'])}"
                                                if e["result"] else "")
        elif e["type"] == "case":
            form = labels.EXPLOITATION.get(e["exploitation"] or "unknown", "").lower()
            head = (f"Case, {form}, opened {fmt.date_short(e['opened_on'])}"
                    + (f", {ministry(e['province'])}" if e["province"] else ""))
            text = "Outcome: " + outcome_text(ctx, e["outcome"])
        else:
            head = "Not found"
            text = "This id names no activity or case in the data supplied."
        blocks.append(Paragraph(f"{text} (Cited by {cited}.)", "body",
                                f"{ministry(e['id'])} — {head}.", source="ministry"))
    return Section("annex-evidence", "Annex: evidence cited", tuple(blocks), annex=True)


def _examples(ctx: Ctx) -> Section:
    from .prosecution import example_blocks

    blocks: list = []
    for e in ctx.more_examples:
        blocks += example_blocks(ctx, e)
    return Section("annex-case-examples", "Annex: further case examples", tuple(blocks),
                   annex=True)


def _activities(ctx: Ctx) -> Section | None:
    if not ctx.annexed:
        return None
    pillars = list(labels.PILLAR)
    items = sorted(ctx.annexed, key=lambda i: (pillars.index(i["pillar"]), i["start_on"],
                                               i["activity_id"]))
    fmt = ctx.fmt
    limit = ctx.annex_limit
    shown = items[:limit]
    blocks = [Paragraph(
        "The activities of the period not shown in their pillar's table or list"
        + (f": the first {fmt.number(len(shown))} of {fmt.number(len(items))}, by pillar and "
           "date. The others are in the audit workbook." if len(items) > limit else
           ", by pillar and date.")
        + " Reach is in the unit of the activity's kind.", "note")]
    for i in shown:
        bits = [labels.PILLAR[i["pillar"]], fmt.span(i["start_on"], i["end_on"], short=True)]
        if i["agency"]:
            bits.append(ministry(i["agency"]))
        if i["participants"] is not None:
            bits.append(f"reached {fmt.number(i['participants'])}")
        if i["amount"] is not None:
            bits.append(fmt.money(i["amount"], i["currency"])
                        + ("" if i["amount_counted_here"] else " (counted in an earlier period)"))
        text = ministry(i["result"]) if i["result"] else "No result recorded."
        blocks.append(Paragraph(text, "annex", f"{ministry(i['title'])} ({'; '.join(bits)}).",
                                source="ministry"))
    return Section("annex-activities", "Annex: other activities of the period", tuple(blocks),
                   annex=True)
