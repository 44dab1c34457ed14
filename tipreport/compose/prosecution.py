"""Prosecution: investigations to convictions, forms, laws, sentences, complicit officials,
convictions under other laws, the pillar's activities and case examples."""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import labels
from ..document import Paragraph, Section, Table
from ..figures.model import Figure
from ..figures.prosecution import SENTENCE_BANDS
from .activities import activity_section
from .common import (
    COMPLEMENT,
    Ctx,
    Row,
    chart,
    compare_table,
    ministry,
    missing,
    narrative,
    protect,
    suppression_note,
)

__all__ = ["section", "forms_phrase", "years"]

_STAGES = ("investigations", "suspects_investigated", "prosecutions", "convictions")


def years(months: Any) -> str:
    """Months as a reader says them: ``84`` → ``7 years``, ``18`` → ``1 year and 6 months``."""
    if months is None:
        return "–"
    months = float(months)
    y, m = divmod(round(months), 12)
    parts = []
    if y:
        parts.append(f"{y} year{'s' if y != 1 else ''}")
    if m or not y:
        parts.append(f"{m} month{'s' if m != 1 else ''}")
    return " and ".join(parts)


def forms_phrase(ctx: Ctx, fig: Figure, verb: str = "involved") -> str:
    """``"104 involved forced criminality, 95 labor trafficking, …"``: every form with a count,
    largest first, none left out."""
    fig = getattr(fig, "_t", fig)  # a template passes the figure wrapped
    parts = sorted(((k, f.current) for k, f in fig.by["exploitation"].items() if f.current),
                   key=lambda kv: (-kv[1], kv[0]))
    words = {"sex": "sex trafficking", "labor": "labor trafficking",
             "forced_criminality": "forced criminality", "mixed": "both sex and labor "
             "trafficking", "other": "other forms of exploitation",
             "unknown": "an unrecorded form"}
    if verb == "were convicted of":
        words["unknown"] = "trafficking of an unrecorded form"
    out = [f"{ctx.fmt.number(n)} {verb if i == 0 else ''} {words[k]}".replace("  ", " ")
           for i, (k, n) in enumerate(parts)]
    if len(out) > 1:
        return ", ".join(out[:-1]) + " and " + out[-1]
    return out[0] if out else "none had a recorded form"


def section(ctx: Ctx) -> Section:
    f = ctx.figures
    p = f.prosecution
    title = "Prosecution"
    acts = activity_section(ctx, "prosecution", "Trainings and other prosecution activities")
    if not f.is_supplied("Cases"):
        blocks: list = [missing("Cases", "investigation, prosecution or conviction data")]
        if f.is_supplied("Defendants"):
            blocks.append(Paragraph(
                "Defendants were supplied without the Cases sheet, so trafficking defendants "
                "cannot be told apart from others: every prosecution figure is not supplied.",
                "note", source="fixed"))
        return Section("prosecution", title, (*blocks, *narrative(ctx, "prosecution")),
                       (acts,))
    laws = p["convictions_other_laws"].by["law"]
    other_laws = "; ".join(f"{ctx.fmt.number(fig.current)} under {ministry(name)}"
                           if name != "unknown" else
                           f"{ctx.fmt.number(fig.current)} under a law not recorded"
                           for name, fig in sorted(laws.items(), key=lambda kv: -kv[1].current)
                           if fig.current)
    blocks = ctx.prose("prosecution", forms=lambda fig, verb="involved": forms_phrase(
        ctx, fig, verb), other_laws=other_laws or "none in the period")
    if not f.is_supplied("Defendants"):
        blocks.append(missing("Defendants", "data on suspects, prosecutions or convictions"))
    blocks += narrative(ctx, "prosecution")
    online = "in cases involving online recruitment or exploitation"
    blocks.append(compare_table(ctx, "Investigations, prosecutions and verdicts", [
        Row("Investigations (cases)", p["investigations"]),
        Row("Involving online recruitment or exploitation",
            p["investigations"].by["online"]["yes"], 1),
        Row("Suspects investigated (persons per case)", p["suspects_investigated"]),
        Row("Persons prosecuted", p["prosecutions"]),
        Row(online.capitalize(), p["prosecutions"].by["online"]["yes"], 1),
        Row("Traffickers convicted under the trafficking law", p["convictions"]),
        Row(online.capitalize(), p["convictions"].by["online"]["yes"], 1),
        Row("Convicted under other laws (counted apart)", p["convictions_other_laws"]),
        Row("Persons acquitted", p["acquittals"]),
        Row("Persons whose cases were dismissed", p["dismissals"]),
    ], "prosecution-headlines", note="Cases and persons are counted apart: a case may "
       "involve several suspects. Online: scam compounds included."))
    if f.is_supplied("Defendants"):
        blocks.append(chart(ctx, "Persons investigated, prosecuted and convicted",
                            "prosecution-chart", [
                                ("Suspects investigated", p["suspects_investigated"]),
                                ("Prosecuted", p["prosecutions"]),
                                ("Convicted (trafficking law)", p["convictions"])], "persons"))
    subs = [Section("prosecution-forms", "Forms of exploitation and laws charged",
                    tuple(_forms(ctx)), level=2)]
    if f.is_supplied("Defendants"):
        subs.append(Section("prosecution-sentences", "Sentences", tuple(_sentences(ctx)),
                            level=2))
        subs.append(Section("prosecution-other-laws", "Convictions under other laws",
                            tuple(_other_laws(ctx)), level=2))
        subs.append(Section("prosecution-officials", "Officials complicit in trafficking",
                            tuple(_officials(ctx)), level=2))
    subs.append(acts)
    subs.append(_case_examples(ctx))
    return Section("prosecution", title, tuple(blocks), tuple(subs))


def _cell(ctx: Ctx, fig: Figure) -> str:
    """``"104 (95)"``: this period, the previous one in brackets."""
    if not ctx.supplied(fig):
        return "not supplied"
    return f"{ctx.fmt.number(fig.current)} ({ctx.fmt.number(fig.previous)})"


def _forms_table(ctx: Ctx) -> Table:
    """The six forms and, in the same rows, the TIP report's two-way split: sex trafficking,
    and labor trafficking including forced criminality (its two parts beneath it), mixed named
    apart."""
    p = ctx.figures.prosecution
    stages = [s for s in _STAGES if ctx.supplied(p[s])]
    heads = {"investigations": "Cases", "suspects_investigated": "Suspects",
             "prosecutions": "Prosecuted", "convictions": "Convicted"}

    def row(label: str, pick) -> tuple[str, ...]:
        return (label,) + tuple(_cell(ctx, pick(p[s])) for s in stages)

    def form(key):
        return lambda fig: fig.by["exploitation"][key]

    def tip(key):
        return lambda fig: fig.by["tip_form"][key]

    spec = [("All forms", lambda fig: fig, 0),
            ("Sex trafficking", form("sex"), 1),
            ("Labor trafficking, incl. forced criminality (TIP split)", tip("labor"), 1),
            ("Labor trafficking", form("labor"), 2),
            ("Forced criminality", form("forced_criminality"), 2),
            (labels.EXPLOITATION["mixed"], form("mixed"), 1),
            (labels.EXPLOITATION["other"], form("other"), 1),
            (labels.EXPLOITATION["unknown"], form("unknown"), 1)]
    n = len(stages)
    rows = [list(row(label, pick)) for label, pick, _ in spec]
    levels = [level for _, _, level in spec]
    values = [[getattr(pick(p[s]), w) for s in stages for w in ("current", "previous")]
              for _, pick, _ in spec]
    hidden = protect(ctx.fmt, levels, values)
    for r, c in hidden:  # c: stage * 2 + (0 this period, 1 previous)
        stage, which = divmod(c, 2)
        cur, _, prev = rows[r][1 + stage].partition(" (")
        parts = [cur, prev.rstrip(")")]
        parts[which] = COMPLEMENT
        rows[r][1 + stage] = f"{parts[0]} ({parts[1]})"
    note = ("This period, with the same span of the previous period in brackets. The TIP "
            "report's two-way split counts forced criminality (scam compounds included) as "
            "labor trafficking; mixed cases are named apart, never counted twice. "
            "Convicted: under the trafficking law.")
    if hidden or any(ctx.fmt.is_suppressed(v) for vs in values for v in vs):
        note += " " + suppression_note(ctx.fmt, bool(hidden))
    return Table("By form of exploitation", ("Form",) + tuple(heads[s] for s in stages),
                 tuple(tuple(r) for r in rows), ("l",) + ("r",) * n,
                 (0,), "prosecution-by-exploitation", note,
                 (0.4,) + (0.6 / n,) * n if n else (1.0,),
                 levels=tuple(levels))


def _forms(ctx: Ctx) -> list:
    inv = ctx.figures.prosecution["investigations"]
    out: list = [_forms_table(ctx)]
    law_rows = [Row("All trafficking cases investigated", inv)]
    law_rows += [Row(ministry(name) if name != "unknown" else "Law not recorded", fig, 1)
                 for name, fig in sorted(inv.by["law"].items(),
                                         key=lambda kv: (kv[0] == "unknown", -kv[1].current,
                                                         kv[0]))]
    out.append(compare_table(ctx, "Laws and articles charged", law_rows, "prosecution-laws",
                             "Law", note="Cases investigated, by the law and article charged.",
                             label_width=0.5))
    return out


def _sentences(ctx: Ctx) -> list:
    f = ctx.figures
    p = f.prosecution
    s = p["sentences"]
    minimum = s["minimum_months"]
    terms = dict(s["terms"]["current"])
    if ctx.fmt.is_suppressed(terms["count"]):  # no range of a few persons' sentences
        terms["count"] = 0
    out: list = ctx.prose("sentences", years=years, terms=terms, minimum=minimum)
    if not p["convictions"].current:  # the sentence says no conviction is recorded
        out = [dataclasses.replace(x, claim=("none_current", "prosecution.convictions"))
               for x in out]
    rows = [Row("Traffickers convicted under the trafficking law", p["convictions"])]
    rows += [Row(f"Prison term: {labels.BAND[b].lower()}", s["by_band"][b], 1)
             for b in SENTENCE_BANDS]
    rows.append(Row("Fully suspended", s["suspended"], 1))
    if minimum is not None:
        rows.append(Row(f"Term below the statutory minimum ({years(minimum)})",
                        s["below_minimum"], 1))
    rows += [Row("Also fined", s["fines"], 1), Row("Convicted in absentia", s["in_absentia"], 1)]
    out.append(compare_table(ctx, "Sentences of traffickers convicted", rows,
                             "prosecution-sentences", "Sentence",
                             note="Prison-term bands count the convicted whose term was not "
                                  "fully suspended; fines and convictions in absentia count "
                                  "among all convicted."))
    out.append(_terms_table(ctx))
    fines = s["fines_amount"]
    currency = f.submission.get("currency", "KHR")
    if fines.current or fines.previous:
        out.append(Paragraph(
            f"Fines imposed on traffickers convicted in the period: "
            f"{ctx.fmt.money(fines.current, currency)}; in the same span of the previous "
            f"period, {ctx.fmt.money(fines.previous, currency)}.", "note"))
    return out


def _terms_table(ctx: Ctx) -> Table:
    s = ctx.figures.prosecution["sentences"]
    fmt = ctx.fmt

    def cells(terms) -> tuple[str, ...]:
        t = terms["current"]
        if not t["count"]:
            return (fmt.number(0), "–", "–", "–")
        if fmt.is_suppressed(t["count"]):  # a few terms would show each person's sentence
            return (fmt.number(t["count"]), "–", "–", "–")
        return (fmt.number(t["count"]), fmt.number(t["min"]), fmt.number(t["median"]),
                fmt.number(t["max"]))

    rows = [("All forms", *cells(s["terms"]))]
    levels = [0]
    for form, label in labels.EXPLOITATION.items():
        terms = s["terms_by_exploitation"][form]
        if terms["current"]["count"]:
            rows.append((label, *cells(terms)))
            levels.append(1)
    return Table("Prison terms by form of exploitation, this period",
                 ("Form", "Terms (not suspended)", "Shortest (months)", "Median (months)",
                  "Longest (months)"), tuple(rows), ("l", "r", "r", "r", "r"), (0,),
                 "prosecution-terms", "Prison terms imposed on traffickers convicted under the "
                 "trafficking law whose term was not fully suspended.",
                 (0.32, 0.17, 0.17, 0.17, 0.17), levels=tuple(levels), additive=(1,))


def _other_laws(ctx: Ctx) -> list:
    p = ctx.figures.prosecution
    other = p["convictions_other_laws"]
    if not (other.current or other.previous or other.previous_full):
        return [Paragraph("No person in a trafficking case was convicted under another law in "
                          "either period.", "note", claim=("none",
                                                           "prosecution.convictions_other_laws"))]
    rows = [Row("Convicted under other laws", other)]
    rows += [Row(ministry(name) if name != "unknown" else "Law not recorded", fig, 1)
             for name, fig in sorted(other.by["law"].items(), key=lambda kv: -kv[1].current)]
    s = p["sentences_other_laws"]
    rows += [Row(f"Prison term: {labels.BAND[b].lower()}", s["by_band"][b], 1)
             for b in SENTENCE_BANDS]
    rows += [Row("Fully suspended", s["suspended"], 1), Row("Fined", s["fines"], 1)]
    return [
        Paragraph("Persons in trafficking cases convicted under a law other than the "
                  "trafficking law are counted here, with their sentences, and not among the "
                  "traffickers convicted.", "note", source="fixed"),
        compare_table(ctx, "Convictions under other laws, by law and sentence", rows,
                      "prosecution-other-laws", "Law or sentence",
                      note="By law, and by sentence: each set of rows adds up to at most the "
                           "first row."),
    ]


def _officials(ctx: Ctx) -> list:
    p = ctx.figures.prosecution
    off = p["officials"]
    fmt = ctx.fmt
    out: list = ctx.prose("officials")
    out.append(compare_table(ctx, "Government officials", [
        Row("Investigated", off["investigated"]), Row("Prosecuted", off["prosecuted"]),
        Row("Convicted", off["convicted"])], "prosecution-officials", "Officials"))
    if off["cases"] and ctx.fmt.is_suppressed(len(off["cases"])):
        out.append(Paragraph(
            f"Their cases are not listed one by one: there are fewer than "
            f"{ctx.fmt.suppress_below}, and small counts are suppressed in this submission.",
            "note", source="fixed"))
    elif off["cases"]:
        cases = off["cases"]
        if len(cases) > OFFICIAL_CASES:
            # the cases furthest along first (convictions, then other verdicts, then
            # prosecutions), each group in the order of the figures: the rest are counted
            order = {"verdict": 0, "prosecution": 1, "investigation": 2}
            cases = sorted(cases, key=lambda c: (order.get(c["stage"], 3),
                                                 c["verdict"] != "convicted"))[:OFFICIAL_CASES]
        rows = []
        for c in cases:
            sentence = "–"
            if c["verdict"] == "convicted":
                sentence = ("suspended" if c["suspended"] else
                            fmt.number(c["prison_months"])
                            if c["prison_months"] is not None else "–")
            rows.append((ministry(c["case_id"]), labels.EXPLOITATION.get(c["exploitation"],
                                                                         "Not recorded"),
                         c["stage"].capitalize(), c["verdict"], sentence))
        out.append(Table("Cases of complicit officials with an event in the period",
                         ("Case", "Form", "Stage reached", "Outcome", "Prison term (months)"),
                         tuple(rows), ("l", "l", "l", "l", "r"), (), "prosecution-officials-cases",
                         "One row per official; no name is recorded or printed.",
                         (0.24, 0.24, 0.18, 0.16, 0.18)))
        if len(cases) < len(off["cases"]):
            out.append(Paragraph(
                f"The table shows {fmt.number(len(cases))} of the "
                f"{fmt.number(len(off['cases']))} officials with an event in the period: "
                "those whose cases went furthest.", "note"))
    return out


#: complicit officials' cases listed one by one; the others are counted
OFFICIAL_CASES = 25


def outcome_text(ctx: Ctx, o: dict[str, Any]) -> str:
    """``"3 suspects, 3 charged; 2 convicted (12 and 8 years' imprisonment), 1 pending."``"""
    fmt = ctx.fmt
    if not o["defendants"]:
        return "No suspect is recorded for this case yet."
    parts = [f"{fmt.number(o['defendants'])} suspect{'s' if o['defendants'] != 1 else ''}, "
             f"{fmt.number(o['charged'])} charged"]
    verdicts = []
    if o["convicted"]:
        terms = [t for t in o["terms"]]
        shown = []
        for t in terms:
            if t["suspended"]:
                shown.append("suspended")
            elif t["months"] is not None:
                shown.append(years(t["months"]))
        what = f"{fmt.number(o['convicted'])} convicted"
        if shown:
            what += f" ({', '.join(shown)}{' of imprisonment' if any(s != 'suspended' for s in shown) else ''})"
        verdicts.append(what)
    for key in ("acquitted", "dismissed", "pending"):
        if o[key]:
            verdicts.append(f"{fmt.number(o[key])} {key}")
    return "; ".join(parts + [", ".join(verdicts)]) + "."


#: case examples printed in the prosecution section; the next ones are in an annex, the rest
#: counted
CASE_EXAMPLES = 4
CASE_EXAMPLES_ANNEX = 20


def example_blocks(ctx: Ctx, e: dict[str, Any]) -> list[Paragraph]:
    head = [labels.EXPLOITATION.get(e["exploitation"], "Trafficking")]
    if e["online"]:
        head.append("online")
    head.append(f"opened {ctx.fmt.date(e['opened_on'])}")
    if e.get("province"):
        head.append(ministry(e["province"]))
    claim = () if e["outcome"]["defendants"] else ("no_defendants", e["case_id"])
    return [Paragraph(ministry(e["summary"]), "example", " · ".join(head) + ".",
                      source="ministry"),
            Paragraph("Outcome: " + outcome_text(ctx, e["outcome"]), "note", claim=claim)]


def _case_examples(ctx: Ctx) -> Section:
    examples = ctx.figures.prosecution["case_examples"]
    if not examples:
        return Section("prosecution-case-examples", "Case examples", (Paragraph(
            "No case with an event in the period was marked as a case example.", "note",
            source="fixed", claim=("none", "prosecution.case_examples")),), level=2)
    # the most recent first: the analyst writes about the period's newest cases
    ordered = sorted(examples, key=lambda e: e["opened_on"], reverse=True)
    shown, rest = ordered[:CASE_EXAMPLES], ordered[CASE_EXAMPLES:]
    annexed = rest[:CASE_EXAMPLES_ANNEX]
    blocks: list = []
    for e in shown:
        blocks += example_blocks(ctx, e)
    if rest:
        ctx.more_examples.extend(annexed)
        n = ctx.fmt.number
        text = (f"{n(len(rest))} further case "
                f"{'example is' if len(rest) == 1 else 'examples are'} in the case examples "
                "annex.")
        if len(annexed) < len(rest):
            text = (f"{n(len(rest))} further cases are marked as case examples; the "
                    f"{n(len(annexed))} most recent are in the case examples annex.")
        blocks.append(Paragraph(text, "note"))
    return Section("prosecution-case-examples", "Case examples", tuple(blocks), level=2)


