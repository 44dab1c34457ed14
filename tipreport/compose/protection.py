"""Protection: victims identified, who they were, their care, repatriation, cooperation and
compensation, and the pillar's activities."""

from __future__ import annotations

from .. import labels
from ..document import Paragraph, Section, Table
from ..figures.model import Figure
from ..figures.protection import SHELTER_TYPES
from .activities import activity_section
from .common import Ctx, Row, chart, compare_table, missing, narrative

__all__ = ["section"]

TOP_COUNTRIES = 6


def section(ctx: Ctx) -> Section:
    f = ctx.figures
    v = f.protection
    title = "Protection"
    acts = activity_section(ctx, "protection", "Protection activities and budget")
    if not f.is_supplied("Victims"):
        return Section("protection", title,
                       (missing("Victims", "victim data"), *narrative(ctx, "protection")),
                       (acts,))
    vic = v["victims_identified"]
    country = f.submission.get("country")
    blocks = [*ctx.prose("protection", forms=_forms(ctx),
                         nationals=labels.nationals(f.country_code, country)),
              *narrative(ctx, "protection"),
              compare_table(ctx, "Victims identified", [
                  Row("Victims identified (confirmed)", vic),
                  Row("Potential victims (not confirmed, counted apart)",
                      v["victims_potential"]),
              ], "protection-headlines",
                  note="Potential victims are never added to the number of victims "
                       "identified."),
              chart(ctx, "Confirmed victims identified by form of exploitation",
                    "protection-chart",
                    [(labels.EXPLOITATION[k], vic.by["exploitation"][k])
                     for k in labels.EXPLOITATION
                     if vic.by["exploitation"][k].current or vic.by["exploitation"][k].previous],
                    "victims")]
    subs = [
        Section("protection-profile", "Who the victims were", (_profile(ctx),), level=2),
        Section("protection-care", "Referral, services and shelter", tuple(_care(ctx)),
                level=2),
        Section("protection-justice", "Repatriation, cooperation and compensation",
                tuple(_justice(ctx)), level=2),
        acts,
    ]
    return Section("protection", title, tuple(blocks), tuple(subs))


def _forms(ctx: Ctx):
    from .prosecution import forms_phrase

    return lambda fig, verb="were exploited in": forms_phrase(ctx, fig, verb)


def _group(rows: list[Row], heading: str, parent: Figure, parts: list[tuple[str, Figure]]
           ) -> None:
    rows.append(Row(heading, parent))
    rows.extend(Row(label, fig, 1) for label, fig in parts)


def _profile(ctx: Ctx) -> Table:
    """One table: victims identified by sex, age, nationality, country of exploitation, form
    and who identified them; each group's parts add up to the victims identified."""
    f = ctx.figures
    vic = f.protection["victims_identified"]
    country = f.submission.get("country")
    rows: list[Row] = []

    def parts(dim: str, names: dict[str, str]) -> list[tuple[str, Figure]]:
        return [(names.get(k, k), fig) for k, fig in vic.by[dim].items()
                if fig.current or fig.previous or fig.previous_full]

    _group(rows, "By sex", vic, parts("sex", labels.SEX))
    _group(rows, "By age", vic, parts("age_group", labels.AGE))
    if f.country_code:
        origin = vic.by["origin"]
        _group(rows, "By nationality", vic, [
            (label, origin[key]) for key, label in (
                ("national", labels.nationals(f.country_code, country).capitalize()),
                ("foreign", "Foreign nationals"), ("unknown", "Nationality not recorded"))
            if origin[key].current or origin[key].previous or origin[key].previous_full])
    for dim, heading, unknown in (("nationality", "By country of nationality",
                                   "Nationality not recorded"),
                                  ("exploited_in", "By country of exploitation",
                                   "Country not recorded")):
        head, rest = vic.top(dim, TOP_COUNTRIES)
        items = [(labels.country_name(k) if k != "unknown" else unknown, fig)
                 for k, fig in head]
        if rest is not None:
            items.append((f"Other countries ({len(vic.by[dim]) - TOP_COUNTRIES})", rest))
        _group(rows, heading, vic, items)
    _group(rows, "By form of exploitation", vic, parts("exploitation", labels.EXPLOITATION))
    _group(rows, "By who identified them", vic, parts("identified_by", labels.IDENTIFIED_BY))
    return compare_table(ctx, "Confirmed victims identified: who they were", rows,
                         "protection-profile", note="Each group adds up to the victims "
                         "identified. Countries: the six most frequent this period.")


def _care(ctx: Ctx) -> list:
    """Referral, services and shelter of confirmed victims, compared; potential victims in a
    column of their own (this period), never added to them."""
    v = ctx.figures.protection
    vic = v["victims_identified"]
    pot = v["victims_potential"]
    sh = v["sheltered"]

    def potential(fig: Figure) -> str:
        part = fig.by.get("status", {}).get("potential")
        return ctx.fmt.number(part.current) if part is not None else ""

    rows = [Row("Victims identified", vic), Row("Referred to care", v["referred"], 1)]
    extra = [ctx.fmt.number(pot.current), potential(v["referred"])]
    for key, label in labels.SERVICE.items():
        if key == "shelter":
            rows.append(Row("Sheltered (a shelter type given, or shelter among the services)",
                            sh, 1))
            extra.append(potential(sh))
            for t in SHELTER_TYPES:
                part = sh.by["shelter"][t]
                if part.current or part.previous or t != "not_recorded":
                    rows.append(Row(labels.SHELTER[t], part, 2))
                    extra.append("")
        else:
            fig = v["services"][key]
            if fig.current or fig.previous or fig.previous_full or potential(fig) not in ("0", ""):
                rows.append(Row(f"Received {label.lower()}", fig, 1))
                extra.append(potential(fig))
    show_potential = bool(pot.current or pot.previous)
    return [compare_table(
        ctx, "Care of victims identified in the period", rows, "protection-care",
        "Confirmed victims",
        note="A victim may receive several services, so the services do not add up to the "
             "victims identified."
             + (" Potential victims (this period) are counted apart, in the last column."
                if show_potential else ""),
        extra=("Potential victims (this period)", extra) if show_potential else None)]


def _justice(ctx: Ctx) -> list:
    f = ctx.figures
    v = f.protection
    rep = v["repatriated"]
    country = f.submission.get("country")
    rows = [Row("Confirmed victims repatriated (by date of return)", rep),
            Row(f"{labels.nationals(f.country_code, country).capitalize()} brought home",
                rep.by["origin"]["national"], 1),
            Row("Foreign victims returned home", rep.by["origin"]["foreign"], 1)]
    if rep.by["origin"]["unknown"].current or rep.by["origin"]["unknown"].previous:
        rows.append(Row("Nationality not recorded", rep.by["origin"]["unknown"], 1))
    rows += [Row("Potential victims repatriated (counted apart)",
                 rep.by["status"]["potential"])]
    vic = v["victims_identified"]
    rows += [Row("Confirmed victims identified", vic),
             Row("Cooperated with investigations or prosecutions", v["cooperated"], 1),
             Row("Awarded compensation", v["compensated"], 1)]
    out: list = [compare_table(ctx, "Repatriation, cooperation and compensation", rows,
                               "protection-justice",
                               note="Repatriations count by the date of return, whenever the "
                                    "victim was identified.")]
    amount = v["compensation_amount"]
    currency = f.submission.get("currency", "KHR")
    if amount.current or amount.previous:
        out.append(Paragraph(
            f"Compensation awarded to confirmed victims identified in the period: "
            f"{ctx.fmt.money(amount.current, currency)}; in the same span of the previous "
            f"period, {ctx.fmt.money(amount.previous, currency)}.", "note"))
    return out
