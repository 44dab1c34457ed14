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


def annex_order(annexed: list[dict]) -> list[dict]:
    """The annexed activities in the annex's order: by pillar, then date."""
    pillars = list(labels.PILLAR)
    return sorted(annexed, key=lambda i: (pillars.index(i["pillar"]), i["start_on"],
                                          i["activity_id"]))


def annex_selection(annexed: list[dict], limit: int) -> list[dict]:
    """The activities the annex lists, in its order. When there are more than ``limit``, its
    rows are shared among the pillars in proportion to what each sent (largest remainders),
    and each pillar's share goes to the activities with a recorded result first, then the most
    recent: one busy pillar never crowds the others out."""
    if len(annexed) <= limit:
        return annex_order(annexed)
    groups: dict[str, list[dict]] = {}
    for item in annexed:
        groups.setdefault(item["pillar"], []).append(item)
    exact = {p: limit * len(g) / len(annexed) for p, g in groups.items()}
    quota = {p: int(x) for p, x in exact.items()}
    for p in sorted(exact, key=lambda p: (-(exact[p] - quota[p]), list(labels.PILLAR).index(p))
                    )[:limit - sum(quota.values())]:
        quota[p] += 1
    picked = []
    for p, group in groups.items():
        # a result first, then the most recent (the sort is stable: the date orders within)
        recent = sorted(group, key=lambda i: (i["start_on"], i["activity_id"]), reverse=True)
        picked += sorted(recent, key=lambda i: not i["result"])[:quota[p]]
    return annex_order(picked)


def _activities(ctx: Ctx) -> Section | None:
    if not ctx.annexed:
        return None
    fmt = ctx.fmt
    limit = ctx.annex_limit
    total = len(ctx.annexed)
    shown = annex_selection(ctx.annexed, limit)
    blocks = [Paragraph(
        "The activities of the period not shown in their pillar's table or list"
        + (f": {fmt.number(len(shown))} of the {fmt.number(total)}, shared among the pillars "
           "in proportion, those with a recorded result and the most recent first; by pillar "
           "and date. The others are in the audit workbook." if total > limit else
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
