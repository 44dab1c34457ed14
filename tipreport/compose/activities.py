"""Activities: the prevention and partnership sections, and every pillar's activities.

Each activity is printed once: in its pillar's compact table when it is among the pillar's most
significant (those that reached most people, spent most or carry a result), otherwise in the
activities annex (capped), and in full in the audit workbook. Reach is never summed across
kinds, money never across currencies.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import labels
from ..document import BulletList, Paragraph, Section, Table
from ..figures.activities import REACH_MEASURES
from ..figures.model import Money
from .common import Ctx, Row, chart, compare_table, ministry, missing, narrative

__all__ = ["prevention", "partnership", "activity_section", "select", "agreements_sentence"]

#: what "reached" means for each kind (the unit of the table's Reached column)
REACH_UNIT = {
    "training": "persons trained", "awareness": "people reached", "hotline": "calls",
    "labor_inspection": "inspections", "screening": "people screened",
}
_REACH_LABELS = {
    "trained": "Persons trained", "reached_in_person": "People reached in person",
    "reached_online": "Accounts reached online", "reached_broadcast": "Broadcast audience",
    "calls": "Hotline calls", "inspections": "Labor inspections conducted",
}


# --- selection ---------------------------------------------------------------------------------


def _rank(values: list[float | None]) -> np.ndarray:
    """Percentile rank of each value among the given ones (missing = 0)."""
    arr = np.array([v if v is not None else -1.0 for v in values], dtype=float)
    if not len(arr):
        return arr
    order = arr.argsort(kind="stable").argsort(kind="stable")
    rank = (order + 1) / len(arr)
    return np.where(arr < 0, 0.0, rank)


def select(ctx: Ctx, items: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """The pillar's most significant activities (at most ``ctx.top_activities``: those that
    reached most people, spent most or carry a result), in date order; and the others."""
    n = ctx.top_activities
    if len(items) <= n:
        return list(items), []
    reach = _rank([i["participants"] for i in items])
    money = _rank([ctx.fmt.usd(i["amount"], i["currency"] or "") if i["amount"] is not None
                   and ctx.fmt.usd(i["amount"], i["currency"] or "") is not None
                   else i["amount"] for i in items])
    result = np.array([0.5 if i["result"] else 0.0 for i in items])
    score = np.maximum(reach, money) + result
    order = sorted(range(len(items)), key=lambda k: (-score[k], items[k]["start_on"],
                                                     items[k]["activity_id"]))
    keep = set(order[:n])
    return ([i for k, i in enumerate(items) if k in keep],
            [i for k, i in enumerate(items) if k not in keep])


# --- the compact table ------------------------------------------------------------------------


def activity_table(ctx: Ctx, items: list[dict[str, Any]], caption: str, key: str) -> Table:
    """Dates, activity, lead agency, partners, reached and amount — grouped by kind, the unit of
    "Reached" in each group's heading row, the currency in the amount column's head."""
    fmt = ctx.fmt
    currencies = sorted({i["currency"] for i in items if i["amount"] is not None
                         and i["currency"]})
    partners = any(i["partner_list"] for i in items)
    header = ["Dates", "Activity", "Lead agency" + (" and partners" if partners else "")] + \
        ["Reached"] + [f"Amount ({c})" for c in currencies]
    rows, levels = [], []
    by_kind: dict[str, list[dict]] = {}
    for i in items:
        by_kind.setdefault(i["kind"], []).append(i)
    marked = False
    for kind in labels.KIND:
        group = by_kind.get(kind)
        if not group:
            continue
        unit = REACH_UNIT.get(kind, "participants")
        if kind == "awareness" and any(i["channel"] == "online" for i in group):
            unit = "people reached; accounts online"
        if all(i["participants"] is None for i in group):
            unit = None  # a plan, an agreement or a budget reaches no one by itself
        rows.append((labels.KIND[kind] + (f" (reached: {unit})" if unit else ""),)
                    + ("",) * (len(header) - 1))
        levels.append(0)
        for i in group:
            when = fmt.span(i["start_on"], i["end_on"], short=True)
            if i["started"] == "before_period":
                when += " (continued)"
            reached = fmt.number(i["participants"]) if i["participants"] is not None else "–"
            if i["channel"] in ("online", "broadcast") and i["participants"] is not None:
                reached += f" {labels.CHANNEL[i['channel']]}"
            amounts = []
            for c in currencies:
                if i["amount"] is None:  # none recorded: never a blank that reads as 0
                    amounts.append("–" if c == currencies[0] else "")
                    continue
                if i["currency"] != c:
                    amounts.append("")
                    continue
                text = fmt.money(i["amount"], c, unit=False)
                if not i["amount_counted_here"]:
                    text += "*"
                    marked = True
                amounts.append(text)
            who = ministry(i["agency"] or "–")
            if i["partner_list"]:
                who += "; with " + ministry(", ".join(i["partner_list"]))
            rows.append(tuple([when, ministry(i["title"]), who, reached] + amounts))
            levels.append(1)
    widths = [0.16, 0.33, 0.27, 0.10] + [0.14] * len(currencies)
    note = ("–: none recorded. (continued): started before the period.")
    if marked:
        note += (" * Counted in the period in which the activity started, not in this "
                 "period's totals.")
    if fmt.usd_rate:
        note += " US$ equivalents at the rate stated in the data notes."
    return Table(caption, tuple(header), tuple(rows),
                 ("l", "l", "l") + ("r",) * (1 + len(currencies)),
                 (), key, note, tuple(widths), levels=tuple(levels))


def money_table(ctx: Ctx, money: Money, by_agency: dict[str, Money], caption: str,
                key: str) -> Table | None:
    """Money per currency (activities started in the window), and per agency."""
    if not money:
        return None
    fmt = ctx.fmt
    full = ctx.figures.is_like_for_like
    rows, levels = [], []
    for currency, fig in money.by_currency.items():
        def cells(f, c=currency):
            out = (fmt.money(f.current, c, unit=False), fmt.money(f.previous, c, unit=False),
                   fmt.change(f))
            return out + ((fmt.money(f.previous_full, c, unit=False),) if full else ())
        rows.append((f"All agencies ({currency})", *cells(fig)))
        levels.append(0)
        for agency, m in by_agency.items():
            part = m.by_currency.get(currency)
            if part is not None and (part.current or part.previous or part.previous_full):
                rows.append((ministry(agency), *cells(part)))
                levels.append(1)
    header = ("Currency and agency", "This period", ctx.previous_label, "Change") + (
        ("Previous (full period)",) if full else ())
    note = "Money counts once, in the period in which the activity started."
    if fmt.usd_rate:
        note += " US$ equivalents at the rate stated in the data notes."
    return Table(caption, header, tuple(rows), ("l",) + ("r",) * (len(header) - 1), (), key,
                 note, (0.26, 0.18, 0.18, 0.20, 0.18) if full else (0.31, 0.22, 0.22, 0.25),
                 levels=tuple(levels), compare=False)


def reach_rows(acts: dict[str, Any], parent_label: str | None = None) -> list[Row]:
    rows = []
    for name in REACH_MEASURES:
        fig = acts[name]
        if fig.current or fig.previous or fig.previous_full:
            rows.append(Row(_REACH_LABELS[name], fig))
    other = acts["other_participants"]
    for kind, fig in other.by.get("kind", {}).items():
        if fig.current or fig.previous:
            rows.append(Row(f"Participants: {labels.KIND[kind].lower()}", fig))
    return rows


def activity_section(ctx: Ctx, pillar: str, title: str, level: int = 2) -> Section:
    """A pillar's activities: counts, reach, money, and the compact table (the rest annexed)."""
    f = ctx.figures
    acts = f.pillars[pillar]["activities"] if pillar in ("prosecution", "protection") \
        else f.pillars[pillar]
    sid = f"{pillar}-activities"
    if not f.is_supplied("Activities"):
        return Section(sid, title, (missing("Activities", f"{pillar} activity data"),),
                       level=level)
    items = acts["list"]
    a = acts["activities"]
    if not items and not (a.previous or a.previous_full):
        return Section(sid, title, (Paragraph(
            f"No {pillar} activity is recorded for this period or the previous one.", "note",
            source="fixed", claim=("none", f"{pillar}.activities")),), level=level)
    rows = [Row("Activities started", a), Row("Activities continued from before",
                                               acts["continued"])]
    rows += reach_rows(acts)
    blocks: list = [compare_table(ctx, f"{title}: counts and reach", rows,
                                  f"{pillar}-activity-counts",
                                  note="Continued activities are counted apart from those "
                                       "started; reach counts once, where an activity started.")]
    money = money_table(ctx, acts["amount"], acts["amount_by_agency"],
                        "Money spent or allocated (activities started in the period)",
                        f"{pillar}-money")
    if money is not None:
        blocks.append(money)
    blocks += _listing(ctx, pillar, items, f"{title} in the period")
    return Section(sid, title, tuple(blocks), level=level)


def _listing(ctx: Ctx, pillar: str, items: list[dict], caption: str,
             listed_apart: tuple[str, ...] = ()) -> list:
    """The compact table of the pillar's most significant activities, the others annexed.
    ``listed_apart``: kinds printed in a list of their own (policies, agreements), left out
    here so that each activity is printed once."""
    items = [i for i in items if i["kind"] not in listed_apart]
    shown, rest = select(ctx, items)
    out: list = []
    if shown:
        out.append(activity_table(ctx, shown, caption, f"{pillar}-list"))
    if rest:
        for item in rest:
            ctx.annexed.append({**item, "pillar": pillar})
        out.append(Paragraph(
            f"The table shows the {ctx.fmt.number(len(shown))} activities that reached most "
            f"people, spent most or carry a result; the other {ctx.fmt.number(len(rest))} "
            f"{ctx.annexed_where(rest)}.", "note"))
    partners = ctx.figures.pillars[pillar]["activities"]["partners"] \
        if pillar in ("prosecution", "protection") else ctx.figures.pillars[pillar]["partners"]
    if partners:
        out.append(Paragraph("Partners named: " + "; ".join(
            f"{ministry(p['name'])} ({ctx.fmt.number(len(p['activities']))})"
            for p in partners) + ".", "note", source="ministry"))
    return out


# --- agreements and policies --------------------------------------------------------------------


def agreements_sentence(ctx: Ctx) -> Paragraph:
    """One sentence counting the agreements of every pillar and saying where they are listed;
    "none" only when no pillar has one."""
    f = ctx.figures
    fmt = ctx.fmt
    signed = f.agreements
    in_force = {k: v for k, v in _pillar_lists(f, "agreements").items()
                if any(i["status"] == "in_force" for i in v)}
    n_force = sum(1 for v in _pillar_lists(f, "agreements").values() for i in v
                  if i["status"] == "in_force")
    where = [labels.PILLAR[p] for p, fig in signed.by["pillar"].items() if fig.current]
    where_force = [labels.PILLAR[p] for p in in_force]
    if not signed.current and not n_force:
        earlier = (f" ({fmt.number(signed.previous)} in the same span of the previous period)"
                   if signed.previous else "")
        return Paragraph(f"No agreement was signed in the period{earlier} or remained in force "
                         "from before, in any pillar.", "body",
                         claim=("none_current", "agreements"))
    text = (f"Across all pillars the government signed {fmt.number(signed.current)} "
            f"agreement{'s' if signed.current != 1 else ''} in the period "
            f"({fmt.number(signed.previous)})")
    if where:
        text += f", listed under {_and(where)}"
    text += "."
    if n_force:
        text += (f" {fmt.number(n_force)} agreement{'s' if n_force != 1 else ''} signed "
                 f"earlier remain{'s' if n_force == 1 else ''} in force, listed under "
                 f"{_and(where_force)}.")
    return Paragraph(text, "body")


def _pillar_lists(f, key: str) -> dict[str, list[dict]]:
    out = {}
    for p in labels.PILLAR:
        node = f.pillars[p]
        acts = node["activities"] if p in ("prosecution", "protection") else node
        out[p] = acts[key]
    return out


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


#: policies, laws and plans (or agreements) listed in a pillar; the others are annexed
POLICY_LIST = 12


def _policy_list(ctx: Ctx, pillar: str, items: list[dict], what: str) -> list:
    """The bullet list of a pillar's policies or agreements, the most recent first (those
    adopted in the period, then those in force from before), at most :data:`POLICY_LIST`; the
    others go to the activities annex, and a note says how many."""
    fmt = ctx.fmt
    # those adopted in the period are the most recent: the newest first puts them first
    ordered = sorted(items, key=lambda i: (i["start_on"], i["activity_id"]), reverse=True)
    shown, rest = ordered[:POLICY_LIST], ordered[POLICY_LIST:]
    out = []
    for i in shown:
        when = (f"adopted {fmt.date_short(i['start_on'])}" if i["status"] == "adopted"
                else f"in force since {fmt.date_short(i['start_on'])}")
        agency = f", {ministry(i['agency'])}" if i["agency"] else ""
        out.append(f"{ministry(i['title'])} — {when}{agency}")
    blocks: list = [BulletList(tuple(out))]
    if rest:
        for item in rest:
            ctx.annexed.append({**item, "pillar": pillar})
        blocks.append(Paragraph(
            f"The list shows the {fmt.number(len(shown))} {what} adopted most recently; the "
            f"other {fmt.number(len(rest))} {ctx.annexed_where(rest)}.", "note"))
    return blocks


# --- the sections -------------------------------------------------------------------------------


def prevention(ctx: Ctx) -> Section:
    f = ctx.figures
    p = f.prevention
    title = "Prevention"
    if not f.is_supplied("Activities"):
        return Section("prevention", title, (missing("Activities", "prevention activity data"),
                                             *narrative(ctx, "prevention")))
    policies = p["policies"]
    adopted = sum(1 for i in policies if i["status"] == "adopted")
    # the agreements are counted in their own subsection, right below: not said twice here
    blocks: list = ctx.prose("prevention", agreements="", policies_adopted=adopted,
                             policies_in_force=len(policies) - adopted)
    blocks += narrative(ctx, "prevention")
    kinds = [Row(labels.KIND[k], fig, 1) for k, fig in p["activities"].by["kind"].items()
             if fig.current or fig.previous or fig.previous_full]
    blocks.append(compare_table(ctx, "Prevention activities started, by kind",
                                [Row("All prevention activities started", p["activities"]),
                                 *kinds,
                                 Row("Continued from before (counted apart)", p["continued"])],
                                "prevention-by-kind", "Kind"))
    reach = reach_rows(p)
    if reach:
        blocks.append(compare_table(ctx, "Reach of prevention activities", reach,
                                    "prevention-reach", "Measure",
                                    note="Each measure is counted apart and never added to "
                                         "another: persons, accounts, calls and inspections "
                                         "are different things."))
    charted = [(label, fig) for label, fig in (
        ("In person (people)", p["reached_in_person"]),
        ("Online (accounts)", p["reached_online"]),
        ("Broadcast (audience)", p["reached_broadcast"])) if fig.current or fig.previous]
    if charted:
        blocks.append(chart(ctx, "Awareness: people reached, by channel", "prevention-chart",
                            charted, "people or accounts reached"))
    elif p["inspections"].current or p["inspections"].previous:
        blocks.append(chart(ctx, "Labor inspections conducted", "prevention-chart",
                            [("Labor inspections", p["inspections"])], "inspections"))
    money = money_table(ctx, p["amount"], p["amount_by_agency"],
                        "Money spent or allocated on prevention (activities started in the "
                        "period)", "prevention-money")
    if money is not None:
        blocks.append(money)
    subs = []
    if policies:
        subs.append(Section("prevention-policies", "Policies, laws and plans",
                            tuple(_policy_list(ctx, "prevention", policies,
                                               "policies, laws and plans")), level=2))
    else:
        subs.append(Section("prevention-policies", "Policies, laws and plans", (Paragraph(
            "No policy, law or plan was adopted in the period or remained in force from "
            "before.", "note", source="fixed", claim=("none", "prevention.policies")),),
            level=2))
    agreements = p["agreements"]
    subs.append(Section("prevention-agreements", "Agreements",
                        (tuple(_policy_list(ctx, "prevention", agreements, "agreements"))
                         if agreements else ())
                        + (agreements_sentence(ctx),), level=2))
    listing = _listing(ctx, "prevention", p["list"], "Prevention activities in the period",
                       listed_apart=("policy", "agreement"))
    if listing:
        subs.append(Section("prevention-activities", "Prevention activities in the period",
                            tuple(listing), level=2))
    return Section("prevention", title, tuple(blocks), tuple(subs))


def partnership(ctx: Ctx) -> Section | None:
    f = ctx.figures
    p = f.partnership
    a = p["activities"]
    text = f.narrative.get("partnership")
    if not (a.current or a.previous or p["list"] or text):
        return None
    blocks: list = ctx.prose("partnership", agreements=agreements_sentence(ctx).text,
                             partners=len(p["partners"]))
    blocks += narrative(ctx, "partnership")
    rows = [Row("Partnership activities started", a),
            Row("Continued from before (counted apart)", p["continued"])] + reach_rows(p)
    blocks.append(compare_table(ctx, "Partnership activities", rows, "partnership-counts"))
    if p["agreements"]:
        blocks.append(Paragraph("Agreements:", "body", source="fixed"))
        blocks += _policy_list(ctx, "partnership", p["agreements"], "agreements")
    money = money_table(ctx, p["amount"], p["amount_by_agency"],
                        "Money spent or allocated on partnership (activities started in the "
                        "period)", "partnership-money")
    if money is not None:
        blocks.append(money)
    blocks += _listing(ctx, "partnership", p["list"], "Partnership activities in the period",
                       listed_apart=("agreement",))
    return Section("partnership", "Partnership", tuple(blocks))

