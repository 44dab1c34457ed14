"""Composing the submission: Figures → :class:`~tipreport.document.Document`.

Sections in the order ``decisions.md`` gives: cover, contents, summary, introduction,
recommendations, prosecution, protection, prevention, partnership, trafficking profile, other
offences, challenges, conclusion, data notes. A section whose data was not supplied says so
plainly instead of disappearing; partnership and the narrative-only sections appear only with
content. Numbers are formatted here, once, from the figures; renderers never format a number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from . import coerce, prose
from .document import BulletList, Chart, Cover, Document, Paragraph, Section, Table
from .figures import Figure, Figures, Money

__all__ = ["compose", "headline_rows"]

EXPLOITATION_LABELS = {
    "sex": "Sex trafficking", "labor": "Labor trafficking",
    "forced_criminality": "Forced criminality", "mixed": "Sex and labor (mixed)",
    "other": "Other forms", "unknown": "Form not recorded",
}
SEX_LABELS = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Not recorded"}
AGE_LABELS = {"child": "Children", "adult": "Adults", "unknown": "Age not recorded"}
IDENTIFIED_BY_LABELS = {
    "police": "Police", "immigration": "Immigration", "labor_inspection": "Labor inspection",
    "social_services": "Social services", "ngo": "NGOs", "foreign_government":
    "Foreign governments", "court": "Courts and prosecutors", "self": "Self-identified",
    "other": "Other", "unknown": "Not recorded",
}
SERVICE_LABELS = {
    "shelter": "Shelter", "medical": "Medical care", "psychosocial": "Psychosocial support",
    "legal": "Legal assistance", "education": "Education", "livelihood": "Livelihood support",
    "reintegration": "Reintegration", "repatriation": "Repatriation assistance",
    "other": "Other services",
}
KIND_LABELS = {
    "training": "Trainings", "awareness": "Awareness campaigns",
    "labor_inspection": "Labor inspections", "hotline": "Hotlines",
    "agreement": "Agreements (MOUs, bilateral, regional)", "policy": "Policies, laws and plans",
    "budget": "Budget allocations", "screening": "Victim screening", "shelter": "Shelters",
    "coordination": "Coordination", "other": "Other activities",
}
STATUS_LABELS = {"implemented": "Implemented", "in_progress": "In progress",
                 "not_started": "Not started", "not_accepted": "Not accepted"}
BAND_LABELS = {"under_1y": "Less than 1 year", "1_5y": "1 to 5 years",
               "5_10y": "5 to 10 years", "over_10y": "10 years or more"}
NARRATIVE_TITLES = {
    "introduction": "Introduction", "profile": "Trafficking profile",
    "challenges": "Challenges and next steps", "conclusion": "Conclusion",
}
SHEET_LABELS = {"Cases": "case", "Defendants": "defendant", "Victims": "victim",
                "Activities": "activity", "Recommendations": "recommendation",
                "Narrative": "narrative"}


class _Fmt:
    """Numbers, changes and dates written once, the same way everywhere."""

    def __init__(self, figures: Figures):
        self.f = figures
        self.lang = figures.submission.get("language", "en")

    def n(self, value: Any) -> str:
        return prose.number(value, self.lang)

    def money(self, value: Any, currency: str) -> str:
        from babel.numbers import format_decimal

        if value is None:
            return "–"
        return f"{format_decimal(value, format='#,##0', locale=self.lang)} {currency}"

    def change(self, fig: Figure) -> str:
        if fig.new:
            return "new" if fig.current else "–"
        sign = "+" if fig.change > 0 else ("−" if fig.change < 0 else "±")
        pct = abs(fig.change_pct)
        return f"{sign}{self.n(abs(fig.change))} ({sign}{pct:.1f}%)" if fig.change else "no change"

    def date(self, day: dt.date | None) -> str:
        from babel.dates import format_date

        if day is None:
            return "–"
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        try:
            return format_date(day, "d MMMM y", locale=self.lang)
        except Exception:
            return format_date(day, "d MMMM y", locale="en")

    def span(self, start: dt.date, end: dt.date) -> str:
        return f"{self.date(start)} – {self.date(end)}"

    def comparison(self) -> str:
        f = self.f
        if f.is_like_for_like:
            return f"the same span of the previous period ({self.span(*_span(f.like_for_like))})"
        return f"the previous period ({self.span(*_span(f.previous_period))})"

    def short_comparison(self) -> str:
        f = self.f
        return (f"same span a year earlier, {self.span(*_span(f.like_for_like))}"
                if f.is_like_for_like else f"previous period, {self.span(*_span(f.previous_period))}")


def _span(period) -> tuple[dt.date, dt.date]:
    return period.start, period.end


def _row(fmt: _Fmt, label: str, fig: Figure, full: bool = True) -> tuple[str, ...]:
    cells = (label, fmt.n(fig.current), fmt.n(fig.previous), fmt.change(fig))
    return cells + ((fmt.n(fig.previous_full),) if full else ())


def _compare_table(fmt: _Fmt, caption: str, rows: Iterable[tuple[str, Figure]], key: str,
                   first: str = "", total: tuple[str, Figure] | None = None,
                   note: str | None = None, columns: tuple[str, str] | None = None) -> Table:
    body = [_row(fmt, label, fig, fmt.f.is_like_for_like) for label, fig in rows]
    totals = ()
    if total is not None:
        body.append(_row(fmt, total[0], total[1], fmt.f.is_like_for_like))
        totals = (len(body) - 1,)
    header = (first, "This period", "Previous (same span)" if fmt.f.is_like_for_like
              else "Previous period", "Change")
    if columns is not None:
        header = (first, *columns, "Change")
    if fmt.f.is_like_for_like:
        header += ("Previous (full period)",)
    widths = (0.34, 0.14, 0.16, 0.2, 0.16) if len(header) == 5 else (0.4, 0.18, 0.2, 0.22)
    return Table(caption, header, tuple(body), ("l",) + ("r",) * (len(header) - 1), totals,
                 key, note, widths)


def _chart(fmt: _Fmt, caption: str, key: str, items: list[tuple[str, Figure]],
           unit: str = "") -> Chart:
    f = fmt.f
    prev_label = ("Previous period (same span)" if f.is_like_for_like else "Previous period")
    cats = tuple(label for label, _ in items)
    prev = tuple(float(fig.previous) for _, fig in items)
    cur = tuple(float(fig.current) for _, fig in items)
    alt = (f"{caption}. Bar chart comparing this period with the "
           f"{'same span of the ' if f.is_like_for_like else ''}previous period: "
           + "; ".join(f"{label}: {fmt.n(fig.current)} this period, {fmt.n(fig.previous)} "
                       f"previously" for label, fig in items) + ".")
    return Chart(caption, alt, cats, ((prev_label, prev), ("This period", cur)), key,
                 horizontal=len(items) > 5, value_label=unit)


def headline_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """The summary's headline figures: (label, this period, previous, change)."""
    fmt = _Fmt(figures)
    rows = []
    for label, fig in _headlines(figures):
        rows.append((label, fmt.n(fig.current), fmt.n(fig.previous), fmt.change(fig)))
    return rows


def _headlines(f: Figures) -> list[tuple[str, Figure]]:
    p, v, pv = f.prosecution, f.protection, f.prevention
    return [
        ("Trafficking investigations (cases)", p["investigations"]),
        ("Suspects investigated", p["suspects_investigated"]),
        ("Persons prosecuted", p["prosecutions"]),
        ("Traffickers convicted", p["convictions"]),
        ("Officials convicted for complicity", p["officials"]["convicted"]),
        ("Victims identified (confirmed)", v["victims_identified"]),
        ("Potential victims identified", v["victims_potential"]),
        ("Victims referred to care", v["referred"]),
        ("Victims repatriated", v["repatriated"]),
        ("Prevention activities", pv["activities"]),
        ("People reached by prevention activities", pv["participants"]),
        ("Labor inspections", pv["labor_inspections"]),
    ]


# --- the document ---------------------------------------------------------------------------------


def compose(figures: Figures, dataset, *, page_size: str = "a4", templates=None,
            allow_errors: bool = False) -> Document:
    fmt = _Fmt(figures)
    s = figures.submission
    country = s.get("country") or "Country not given"
    body = s.get("government_body") or "Government body not given"
    title = f"Submission to the {figures.year} Trafficking in Persons Report"
    narrative = _narrative(dataset)
    ctx = dict(period=fmt.span(figures.period.start, figures.period.end),
               through=fmt.date(figures.data_through), c=fmt.comparison(), country=country)

    def text(name: str) -> list[Paragraph]:
        paras = prose.write(name, figures, templates=templates, **ctx)
        return [Paragraph(p, "lead" if i == 0 else "body") for i, p in enumerate(paras)]

    sections: list[Section] = [_summary(fmt, text)]
    if narrative.get("introduction"):
        sections.append(_narrative_section("introduction", narrative))
    sections.append(_recommendations(fmt, dataset))
    sections.append(_prosecution(fmt, text, narrative.get("prosecution", []), dataset))
    sections.append(_protection(fmt, text, narrative.get("protection", []), dataset))
    sections.append(_prevention(fmt, text, narrative.get("prevention", []), dataset))
    partnership = _partnership(fmt, narrative.get("partnership", []))
    if partnership is not None:
        sections.append(partnership)
    if narrative.get("profile"):
        sections.append(_narrative_section("profile", narrative))
    sections.append(_other_offences(fmt, text, dataset))
    for name in ("challenges", "conclusion"):
        if narrative.get(name):
            sections.append(_narrative_section(name, narrative))
    if figures.calendar is not None:
        sections.append(_calendar(figures.calendar))
    sections.append(_data_notes(fmt, figures, dataset, allow_errors, templates, ctx))

    notes = []
    if allow_errors and dataset.report.errors:
        notes.append("Built with rows left out for errors: see the data notes.")
    cover = Cover(
        country=country, government_body=body, title=title,
        period=fmt.span(figures.period.start, figures.period.end),
        data_through=fmt.date(figures.data_through), submitted_on=fmt.date(figures.submitted_on),
        contact_name=s.get("contact_name") or "Not given",
        contact_email=s.get("contact_email") or "Not given", notes=tuple(notes))
    return Document(
        cover=cover, sections=tuple(sections), title=f"{country} — {title}", author=body,
        subject=f"Trafficking in Persons Report {figures.year}: reporting period "
                f"{cover.period}, data through {cover.data_through}",
        language=s.get("language", "en"), submitted_on=figures.submitted_on,
        page_size=page_size, running_header=f"{country} · {title}",
        running_footer=f"Submitted {cover.submitted_on} · data through {cover.data_through}",
        readiness=_readiness(fmt, figures),
        labels={"contents": "Contents", "page": "Page", "of": "of"},
    )


def _missing(sheet: str, what: str) -> Paragraph:
    return Paragraph(f"No {what} was supplied for this period (the {sheet} sheet was not in "
                     "any file).", "warning")


def _summary(fmt: _Fmt, text) -> Section:
    f = fmt.f
    table = _compare_table(fmt, "Headline figures", _headlines(f), "summary-headlines",
                           note=f"Compared with {fmt.comparison()}.")
    blocks = [*text("summary"), table]
    return Section("summary", "Summary", tuple(blocks))


def _narrative(dataset) -> dict[str, list[str]]:
    frame = dataset.tables["Narrative"]
    out: dict[str, list[str]] = {}
    if not len(frame):
        return out
    frame = frame.assign(_o=frame["order"].fillna(1e9)).sort_values(["_o", "_file", "_row"],
                                                                   kind="stable")
    for section, text in zip(frame["section"], frame["text"]):
        for para in str(text).replace("\r\n", "\n").split("\n\n"):
            if para.strip():
                out.setdefault(section, []).append(para.strip())
    return out


def _narrative_section(name: str, narrative) -> Section:
    return Section(name, NARRATIVE_TITLES[name],
                   tuple(Paragraph(p) for p in narrative[name]))


def _recommendations(fmt: _Fmt, dataset) -> Section:
    title = "Response to the previous report's recommendations"
    if not dataset.supplied("Recommendations"):
        return Section("recommendations", title, (
            Paragraph("No response to the previous report's recommendations was supplied (the "
                      "Recommendations sheet was not in any file).", "warning"),))
    recs = fmt.f.recommendations
    if not recs["total"]:
        return Section("recommendations", title, (
            Paragraph("The Recommendations sheet was supplied with no records.", "warning"),))
    summary = Table("Recommendations by status", ("Status", "Recommendations", "Prioritized"),
                    tuple((STATUS_LABELS[s], fmt.n(recs["by_status"][s]["all"]),
                           fmt.n(recs["by_status"][s]["prioritized"])) for s in STATUS_LABELS)
                    + (("Total", fmt.n(recs["total"]), fmt.n(recs["prioritized"])),),
                    ("l", "r", "r"), (len(STATUS_LABELS),), "recommendations-status", None,
                    (0.5, 0.25, 0.25))
    overview = Table(
        "Recommendations and their status (prioritized first)",
        ("No.", "Recommendation", "Prioritized", "Status"),
        tuple((str(r["rec_id"]), _clip(r["recommendation"], 90),
               "Yes" if r["prioritized"] else "No", STATUS_LABELS[r["status"]])
              for r in recs["list"]),
        ("l", "l", "l", "l"), (), "recommendations-list", None, (0.1, 0.6, 0.12, 0.18))
    blocks: list = [Paragraph(
        f"The government answers each of the {fmt.n(recs['total'])} recommendations of the "
        "previous report below, prioritized recommendations first, with what was done during "
        "the reporting period and the records that show it.", "lead"), summary, overview]
    for r in recs["list"]:
        head = f"{r['rec_id']}"
        if r["prioritized"]:
            head += " · Prioritized"
        head += f" · {STATUS_LABELS[r['status']]}"
        if r["report_year"] is not None:
            head += f" · {r['report_year']} report"
        blocks.append(Paragraph(str(r["recommendation"]), "quote", head))
        if r["response"]:
            blocks.append(Paragraph(str(r["response"])))
        if r["evidence"]:
            blocks.append(Paragraph(f"Evidence: {r['evidence']}", "note"))
    return Section("recommendations", title, tuple(blocks))


def _clip(text: Any, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _prosecution(fmt: _Fmt, text, narrative: list[str], dataset) -> Section:
    f = fmt.f
    p = f.prosecution
    title = "Prosecution"
    if not dataset.supplied("Cases") and not dataset.supplied("Defendants"):
        blocks: list = [_missing("Cases", "investigation, prosecution or conviction data")]
        blocks += [Paragraph(t) for t in narrative]
        return Section("prosecution", title, tuple(blocks),
                       (_activity_section(fmt, p["activities"], "prosecution",
                                          "Trainings and other prosecution activities"),))
    blocks = [*text("prosecution")]
    if not dataset.supplied("Defendants"):
        blocks.append(_missing("Defendants", "data on suspects, prosecutions or convictions"))
    blocks += [Paragraph(t) for t in narrative]
    blocks.append(_compare_table(fmt, "Investigations, prosecutions and convictions", [
        ("Investigations (cases)", p["investigations"]),
        ("Suspects investigated", p["suspects_investigated"]),
        ("Persons prosecuted", p["prosecutions"]),
        ("Persons convicted", p["convictions"]),
        ("Persons acquitted", p["acquittals"]),
        ("Cases dismissed (persons)", p["dismissals"]),
    ], "prosecution-headlines"))
    blocks.append(_chart(fmt, "Prosecution: this period and the previous one",
                         "prosecution-chart", [
                             ("Investigations", p["investigations"]),
                             ("Suspects", p["suspects_investigated"]),
                             ("Prosecuted", p["prosecutions"]),
                             ("Convicted", p["convictions"])]))
    forms = list(EXPLOITATION_LABELS)
    by_form = Table(
        "By form of exploitation, this period (previous period in brackets)",
        ("Form", "Cases", "Suspects", "Prosecuted", "Convicted", "Acquitted"),
        tuple((EXPLOITATION_LABELS[k],) + tuple(
            f"{fmt.n(p[name].by['exploitation'][k].current)} "
            f"({fmt.n(p[name].by['exploitation'][k].previous)})"
            for name in ("investigations", "suspects_investigated", "prosecutions",
                         "convictions", "acquittals")) for k in forms)
        + (("Total",) + tuple(f"{fmt.n(p[name].current)} ({fmt.n(p[name].previous)})"
                              for name in ("investigations", "suspects_investigated",
                                           "prosecutions", "convictions", "acquittals")),),
        ("l", "r", "r", "r", "r", "r"), (len(forms),), "prosecution-by-exploitation", None,
        (0.3, 0.14, 0.14, 0.14, 0.14, 0.14))
    sentences = p["sentences"]
    subs = [
        Section("prosecution-forms", "Forms of exploitation", (by_form,), level=2),
        Section("prosecution-sentences", "Sentences", (
            *[Paragraph(t) for t in prose.write("sentences", f, **_ctx(fmt))],
            _compare_table(fmt, "Prison terms of convicted traffickers", [
                *[(BAND_LABELS[b], sentences["by_band"][b]) for b in BAND_LABELS],
                ("Fully suspended", sentences["suspended"]),
                ("Fined (among all convicted)", sentences["fines"]),
                ("Convicted in absentia", sentences["in_absentia"]),
            ], "prosecution-sentences", "Sentence",
                note="Prison-term bands count convicted traffickers whose term was not fully "
                     "suspended. Fines and convictions in absentia count among all convicted."),
        ), level=2),
        Section("prosecution-officials", "Officials complicit in trafficking", (
            _compare_table(fmt, "Government officials", [
                ("Investigated", p["officials"]["investigated"]),
                ("Prosecuted", p["officials"]["prosecuted"]),
                ("Convicted", p["officials"]["convicted"]),
            ], "prosecution-officials"),), level=2),
        Section("prosecution-other-laws", "Convictions under other laws", (
            Paragraph(f"{fmt.n(p['convictions_other_laws'].current)} of the traffickers "
                      f"convicted were convicted under laws other than the anti-trafficking law "
                      f"(for example the labor law), compared with "
                      f"{fmt.n(p['convictions_other_laws'].previous)} in {fmt.comparison()}."),),
            level=2),
        _activity_section(fmt, p["activities"], "prosecution",
                          "Trainings and other prosecution activities"),
        _case_examples(fmt, p["case_examples"]),
    ]
    return Section("prosecution", title, tuple(blocks), tuple(subs))


def _ctx(fmt: _Fmt) -> dict[str, Any]:
    f = fmt.f
    return dict(period=fmt.span(f.period.start, f.period.end), through=fmt.date(f.data_through),
                c=fmt.comparison(), country=f.submission.get("country") or "")


def _case_examples(fmt: _Fmt, examples: list[dict[str, Any]]) -> Section:
    if not examples:
        return Section("prosecution-case-examples", "Case examples", (
            Paragraph("No case was marked as a case example (highlight) for this period.",
                      "note"),), level=2)
    blocks = []
    for e in examples:
        head = (f"Case {e['case_id']} · {EXPLOITATION_LABELS.get(e['exploitation'], '')} · "
                f"opened {fmt.date(e['opened_on'])}")
        if e.get("province"):
            head += f" · {e['province']}"
        blocks.append(Paragraph(str(e["summary"]), "example", head))
    return Section("prosecution-case-examples", "Case examples", tuple(blocks), level=2)


def _activity_section(fmt: _Fmt, acts: dict[str, Any], pillar: str, title: str,
                      level: int = 2) -> Section:
    sid = f"{pillar}-activities"
    items = acts["list"]
    if not items and not acts["activities"].previous:
        return Section(sid, title, (Paragraph(
            f"No {pillar} activity is recorded for this period.", "note"),), level=level)
    blocks: list = [_compare_table(fmt, f"{title}: counts", [
        ("Activities", acts["activities"]),
        ("People trained or reached", acts["participants"]),
    ] + ([("Labor inspections", acts["labor_inspections"])]
         if acts["labor_inspections"].current or acts["labor_inspections"].previous else []),
        f"{pillar}-activity-counts")]
    money = _money_rows(fmt, acts["amount"])
    if money:
        blocks.append(Table("Money spent or allocated (activities started in the period)",
                            ("Currency", "This period", "Previous (same span)"
                             if fmt.f.is_like_for_like else "Previous period", "Change"),
                            tuple(money), ("l", "r", "r", "r"), (), f"{pillar}-money", None,
                            (0.25, 0.25, 0.25, 0.25)))
    if items:
        blocks.append(_activity_table(fmt, items, f"{title} in the period", f"{pillar}-list"))
        blocks += _activity_texts(fmt, items)
    return Section(sid, title, tuple(blocks), level=level)


def _money_rows(fmt: _Fmt, money: Money) -> list[tuple[str, ...]]:
    return [(cur, fmt.money(fig.current, cur), fmt.money(fig.previous, cur), fmt.change(fig))
            for cur, fig in money.by_currency.items()]


def _activity_table(fmt: _Fmt, items, caption: str, key: str) -> Table:
    rows = []
    for i in items:
        when = fmt.date(i["start_on"])
        if i["end_on"] and i["end_on"] != i["start_on"]:
            when += f" – {fmt.date(i['end_on'])}"
        amount = fmt.money(i["amount"], i["currency"] or "") if i["amount"] is not None else ""
        rows.append((when, _clip(i["title"], 120), _clip(i["agency"] or "", 60),
                     fmt.n(i["participants"]) if i["participants"] is not None else "", amount))
    return Table(caption, ("Date", "Activity", "Lead agency", "Reached", "Amount"), tuple(rows),
                 ("l", "l", "l", "r", "r"), (), key, None, (0.2, 0.36, 0.2, 0.1, 0.14))


def _activity_texts(fmt: _Fmt, items) -> list[Paragraph]:
    out = []
    for i in items:
        parts = [str(x) for x in (i.get("description"), i.get("result")) if x]
        if parts:
            out.append(Paragraph(" ".join(parts) if len(parts) == 1 else
                                 f"{parts[0]} Result: {parts[1]}", "body",
                                 f"{i['title']} ({fmt.date(i['start_on'])})"))
    return out


def _breakdown_table(fmt: _Fmt, caption: str, fig: Figure, dim: str, labels: dict[str, str],
                     key: str, first: str, limit: int | None = None) -> Table:
    if limit is None:
        items = [(labels.get(k, k), v) for k, v in fig.by[dim].items()]
    else:
        head, rest = fig.top(dim, limit)
        items = [(labels.get(k, k), v) for k, v in head]
        if rest is not None:
            items.append((f"Other countries ({len(fig.by[dim]) - limit})", rest))
    return _compare_table(fmt, caption, items, key, first, total=("Total", fig))


def _protection(fmt: _Fmt, text, narrative: list[str], dataset) -> Section:
    v = fmt.f.protection
    title = "Protection"
    if not dataset.supplied("Victims"):
        blocks = [Paragraph("No victim data was supplied for this period (the Victims sheet was "
                            "not in any file).", "warning")] + [Paragraph(t) for t in narrative]
        return Section("protection", title, tuple(blocks),
                       (_activity_section(fmt, v["activities"], "protection",
                                          "Protection activities and budget"),))
    vic = v["victims_identified"]
    blocks = [*text("protection"), *[Paragraph(t) for t in narrative],
              _compare_table(fmt, "Victims identified", [
                  ("Victims identified (confirmed)", vic),
                  ("Potential victims (not confirmed)", v["victims_potential"]),
              ], "protection-headlines", note="Potential victims are never added to the "
                                              "number of victims identified."),
              _chart(fmt, "Victims identified by form of exploitation", "protection-chart",
                     [(EXPLOITATION_LABELS[k], vic.by["exploitation"][k])
                      for k in EXPLOITATION_LABELS])]
    countries = {k: coerce.country_name(k) for k in vic.by["nationality"] if k != "unknown"}
    countries["unknown"] = "Not recorded"
    exploited = {k: coerce.country_name(k) for k in vic.by["exploited_in"] if k != "unknown"}
    exploited["unknown"] = "Not recorded"
    subs = [
        Section("protection-profile", "Who the victims were", (
            _breakdown_table(fmt, "Victims identified by sex", vic, "sex", SEX_LABELS,
                             "protection-sex", "Sex"),
            _breakdown_table(fmt, "Victims identified: children and adults", vic, "age_group",
                             AGE_LABELS, "protection-age", "Age"),
            _breakdown_table(fmt, "Victims identified: nationals and foreigners", vic, "origin",
                             {"national": f"{fmt.f.submission.get('country') or 'Own'} "
                                          "nationals",
                              "foreign": "Foreign nationals", "unknown": "Not recorded"},
                             "protection-origin", "Nationality"),
            _breakdown_table(fmt, "Victims identified by nationality (top 10)", vic,
                             "nationality", countries, "protection-nationality", "Country",
                             limit=10),
            _breakdown_table(fmt, "Victims identified by country of exploitation (top 10)", vic,
                             "exploited_in", exploited, "protection-exploited-in", "Country",
                             limit=10),
            _breakdown_table(fmt, "Victims identified by form of exploitation", vic,
                             "exploitation", EXPLOITATION_LABELS, "protection-exploitation",
                             "Form"),
            _breakdown_table(fmt, "Victims identified by who identified them", vic,
                             "identified_by", IDENTIFIED_BY_LABELS, "protection-identified-by",
                             "Identified by"),
        ), level=2),
        Section("protection-care", "Referral, services and shelter", (
            _compare_table(fmt, "Care of victims and potential victims identified in the period",
                           [("Referred to care", v["referred"]),
                            *[(SERVICE_LABELS[k], fig) for k, fig in v["services"].items()],
                            ("Sheltered in government shelters",
                             v["sheltered"].by["shelter"]["government"]),
                            ("Sheltered in NGO shelters", v["sheltered"].by["shelter"]["ngo"])],
                           "protection-care", "Service",
                           note=f"Out of {fmt.n(v['victims_all'].current)} victims and potential "
                                f"victims identified in the period."),
        ), level=2),
        Section("protection-justice", "Repatriation, cooperation and compensation", (
            _compare_table(fmt, "Repatriation, cooperation and compensation", [
                ("Repatriated (by date of return)", v["repatriated"]),
                ("Nationals brought home", v["repatriated"].by["origin"]["national"]),
                ("Foreign victims returned home", v["repatriated"].by["origin"]["foreign"]),
                ("Cooperated with investigations or prosecutions", v["cooperated"]),
                ("Awarded compensation", v["compensated"]),
            ], "protection-justice"),
            Paragraph(f"Compensation awarded in the period: "
                      f"{fmt.money(v['compensation_amount'].current, fmt.f.submission['currency'])}"
                      f" ({fmt.money(v['compensation_amount'].previous, fmt.f.submission['currency'])}"
                      f" in {fmt.comparison()}).", "note"),
        ), level=2),
        _activity_section(fmt, v["activities"], "protection", "Protection activities and budget"),
    ]
    return Section("protection", title, tuple(blocks), tuple(subs))


def _prevention(fmt: _Fmt, text, narrative: list[str], dataset) -> Section:
    p = fmt.f.prevention
    blocks: list = []
    if not dataset.supplied("Activities"):
        blocks.append(Paragraph("No prevention activity data was supplied for this period (the "
                                "Activities sheet was not in any file).", "warning"))
        blocks += [Paragraph(t) for t in narrative]
        return Section("prevention", "Prevention", tuple(blocks))
    blocks += [*text("prevention"), *[Paragraph(t) for t in narrative]]
    kinds = [(KIND_LABELS[k], fig) for k, fig in p["activities"].by["kind"].items()
             if fig.current or fig.previous]
    blocks.append(_compare_table(fmt, "Prevention activities by kind", kinds,
                                 "prevention-by-kind", "Kind", total=("Total", p["activities"])))
    if kinds:
        blocks.append(_chart(fmt, "Prevention activities by kind", "prevention-chart", kinds))
    blocks.append(_compare_table(fmt, "People reached and inspections", [
        ("People trained or reached", p["participants"]),
        ("Labor inspections conducted", p["labor_inspections"]),
    ], "prevention-reach", note="Labor inspections are counted apart from people reached."))
    money = _money_rows(fmt, p["amount"])
    if money:
        blocks.append(Table("Money spent or allocated on prevention (activities started in the "
                            "period)", ("Currency", "This period", "Previous (same span)"
                                        if fmt.f.is_like_for_like else "Previous period",
                                        "Change"), tuple(money), ("l", "r", "r", "r"), (),
                            "prevention-money", None, (0.25, 0.25, 0.25, 0.25)))
    subs = []
    for key, label in (("policies", "Policies, laws and plans"),
                       ("agreements", "Agreements")):
        items = p[key]
        subs.append(Section(f"prevention-{key}", label, (
            BulletList(tuple(f"{i['title']} ({fmt.date(i['start_on'])}"
                             + (f", {i['agency']}" if i["agency"] else "") + ")"
                             for i in items)),) if items else (
            Paragraph(f"No {label.lower()} recorded for this period.", "note"),), level=2))
    if p["list"]:
        subs.append(Section("prevention-activities", "Prevention activities in the period", (
            _activity_table(fmt, p["list"], "Prevention activities in the period",
                            "prevention-list"), *_activity_texts(fmt, p["list"])), level=2))
    return Section("prevention", "Prevention", tuple(blocks), tuple(subs))


def _partnership(fmt: _Fmt, narrative: list[str]) -> Section | None:
    p = fmt.f.partnership
    a = p["activities"]
    if not (a.current or a.previous or narrative):
        return None
    blocks: list = [Paragraph(t) for t in narrative]
    blocks.append(_compare_table(fmt, "Partnership activities", [
        ("Activities", a), ("People reached", p["participants"])], "partnership-counts"))
    if p["list"]:
        blocks.append(_activity_table(fmt, p["list"], "Partnership activities in the period",
                                      "partnership-list"))
        blocks += _activity_texts(fmt, p["list"])
    return Section("partnership", "Partnership", tuple(blocks))


def _other_offences(fmt: _Fmt, text, dataset) -> Section:
    o = fmt.f.other_offences
    title = "Offences outside the trafficking figures"
    if not dataset.supplied("Cases"):
        return Section("other-offences", title, (_missing("Cases", "case data"),))
    rows = []
    for key, label in (("sexual_exploitation", "Sexual exploitation (not trafficking)"),
                       ("other", "Other offences")):
        for name, what in (("cases", "cases opened"), ("suspects", "suspects"),
                           ("prosecutions", "persons prosecuted"),
                           ("convictions", "persons convicted")):
            rows.append((f"{label}: {what}", o[name].by["offense"][key]))
    return Section("other-offences", title, (
        *text("other_offences"),
        _compare_table(fmt, "Offences counted apart from trafficking", rows, "other-offences",
                       "Offence"),
    ))


def _calendar(cal: Figures) -> Section:
    fmt = _Fmt(cal)
    year = cal.year
    return Section("calendar", f"Calendar-year figures, January–December {year}", (
        Paragraph(f"These figures cover the calendar year {year} (1 January – 31 December), "
                  f"as published at home and reported to UNODC. They are not TIP-period figures "
                  f"and are never added to them. Data through {fmt.date(cal.data_through)}; "
                  f"compared with {fmt.comparison()}.", "note"),
        _compare_table(fmt, f"Calendar year {year}", _headlines(cal), "calendar-headlines",
                       "Calendar-year figure",
                       columns=(str(year), f"{year - 1} (same span)" if cal.is_like_for_like
                                else str(year - 1))),
    ))


def _data_notes(fmt: _Fmt, f: Figures, dataset, allow_errors: bool, templates, ctx) -> Section:
    blocks: list = []
    report = dataset.report
    if allow_errors and report.errors:
        rej = sum(f.notes["rejected_rows"].values())
        blocks.append(Paragraph(
            f"{fmt.n(rej)} {'row was' if rej == 1 else 'rows were'} left out of every figure "
            f"because of errors in the data ({fmt.n(len(report.errors))} "
            f"{'error' if len(report.errors) == 1 else 'errors'}). They are listed below and "
            "will be counted once corrected.", "warning"))
        blocks.append(Table(
            "Rows left out for errors", ("File", "Sheet", "Row", "Problem"),
            tuple((i.file or "", i.sheet or "", str(i.row or ""), i.code)
                  for i in report.errors[:500]),
            ("l", "l", "r", "l"), (), "data-notes-rejected",
            (f"… and {len(report.errors) - 500:,} more." if len(report.errors) > 500 else None),
            (0.4, 0.2, 0.1, 0.3)))
    after = f.notes["after_data_through_total"]
    period_text = (f"The reporting period is {fmt.span(f.period.start, f.period.end)}. The data "
                   f"runs through {fmt.date(f.data_through)}. Every change is computed against "
                   f"{fmt.comparison()}")
    period_text += (", so that the same number of months is compared; the whole previous period "
                    "is shown beside it for reference." if f.is_like_for_like else ".")
    blocks.append(Paragraph(period_text, "lead"))
    if after:
        blocks.append(Paragraph(
            f"{fmt.n(after)} {'record' if after == 1 else 'records'} dated after "
            f"{fmt.date(f.data_through)} and within the reporting period will follow in the "
            f"supplementary update: " + "; ".join(
                f"{fmt.n(n)} {_event_label(k)}" for k, n in f.notes["after_data_through"].items())
            + "."))
    linked = f.notes["victims_linked_to_other_offences"]
    if linked:
        blocks.append(Paragraph(
            f"{fmt.n(linked)} of the victims and potential victims identified are linked to "
            "cases recorded as offences other than trafficking; they are still counted as "
            "victims identified."))
    rules = [Paragraph(p) for p in prose.write("counting_rules", f, templates=templates, **ctx)]
    subs = [Section("data-notes-rules", "How the figures are counted", tuple(rules), level=2)]
    sources = Table(
        "Data sources: rows read, accepted and rejected",
        ("File", "Sheet", "Read", "Accepted", "Rejected"),
        tuple((e.file.replace("\\", "/").rsplit("/", 1)[-1], e.sheet, fmt.n(e.read),
               fmt.n(e.accepted), fmt.n(e.rejected)) for e in report.ledger),
        ("l", "l", "r", "r", "r"), (), "data-notes-sources", None, (0.4, 0.2, 0.13, 0.14, 0.13))
    ledger = Table(
        "Records by period, per date column",
        ("Date column", "This period", "After data through", "Previous period",
         "Outside both", "No date"),
        tuple((f"{e['sheet']}.{e['column']}", fmt.n(e["current"]),
               fmt.n(e["after_data_through"] + e["after_submission"]), fmt.n(e["previous"]),
               fmt.n(e["outside"]), fmt.n(e["undated"])) for e in f.ledger),
        ("l", "r", "r", "r", "r", "r"), (), "data-notes-ledger",
        "Every accepted record falls in exactly one column.",
        (0.3, 0.14, 0.14, 0.14, 0.14, 0.14))
    subs.append(Section("data-notes-sources", "Data sources", (sources, ledger), level=2))
    gaps: list = []
    g = f.gaps
    if g.not_supplied:
        gaps.append(Paragraph("Not supplied: " + ", ".join(
            f"{s} ({_sheet_meaning(s)})" for s in g.not_supplied) + ".", "warning"))
    if g.no_records:
        gaps.append(Paragraph("Supplied with no records: " + ", ".join(g.no_records) + ".",
                              "warning"))
    if g.empty_columns:
        gaps.append(Paragraph("Information not recorded for any record of the period:", "body"))
        gaps.append(BulletList(tuple(f"{s}: {c}" for s, c in g.empty_columns)))
    if g.missing_months:
        gaps.append(Paragraph("Months of the period with no records from a source:", "body"))
        gaps.append(BulletList(tuple(
            f"{file.replace(chr(92), '/').rsplit('/', 1)[-1]} › {sheet} ({column}): "
            + ", ".join(_month(m) for m in months) for file, sheet, column, months
            in g.missing_months)))
    if not gaps:
        gaps.append(Paragraph("Every sheet was supplied, every column the figures need is "
                              "filled in, and every source has records for every month of "
                              "the period.", "body"))
    subs.append(Section("data-notes-gaps", "What was not supplied", tuple(gaps), level=2))
    return Section("data-notes", "Data notes", tuple(blocks), tuple(subs))


def _event_label(key: str) -> str:
    return {
        "Cases.opened_on": "cases opened", "Defendants.charged_on": "persons charged",
        "Defendants.verdict_on": "verdicts", "Victims.identified_on": "victims identified",
        "Victims.repatriated_on": "repatriations", "Activities.start_on": "activities started",
    }.get(key, key)


def _sheet_meaning(sheet: str) -> str:
    return {
        "Cases": "investigations and other case data",
        "Defendants": "suspects, prosecutions, convictions and sentences",
        "Victims": "victims identified and their care",
        "Activities": "trainings, campaigns, inspections, agreements and budget",
        "Recommendations": "the response to the previous report's recommendations",
        "Narrative": "the ministry's own text",
    }.get(sheet, sheet)


def _month(ym: str) -> str:
    y, m = ym.split("-")
    return dt.date(int(y), int(m), 1).strftime("%B %Y")


def _readiness(fmt: _Fmt, f: Figures) -> Section:
    blocks: list = [Paragraph(
        "How a TIP analyst will likely read the figures, compared like for like: a pillar "
        "shows increased efforts when a headline figure rose by 5% or more and none fell by "
        "5% or more; decreased efforts when one fell by 5% or more and none rose; maintained "
        "otherwise.", "note")]
    rows = []
    names = {"investigations": "investigations", "prosecutions": "prosecutions",
             "convictions": "convictions", "victims_identified": "victims identified",
             "referred": "referrals", "activities": "activities", "participants":
             "people reached"}
    for pillar, v in f.verdicts.items():
        verdict = v.verdict + (" (mixed)" if v.mixed else "")
        rows.append((pillar.capitalize(), verdict,
                     ", ".join(names.get(n, n) for n in v.rose) or "–",
                     ", ".join(names.get(n, n) for n in v.fell) or "–"))
    blocks.append(Table("Likely reading per pillar", ("Pillar", "Efforts", "Rose ≥ 5%",
                                                      "Fell ≥ 5%"), tuple(rows),
                        ("l", "l", "l", "l"), (), "readiness-verdicts", None,
                        (0.2, 0.25, 0.3, 0.25)))
    days = f.days_to_deadline
    if days is not None:
        deadline = f.submission["deadline"]
        blocks.append(Paragraph(
            f"Deadline: {fmt.date(deadline)} — "
            + (f"{days} days left after the submission date." if days >= 0 else
               f"{-days} days past the deadline.")))
    else:
        blocks.append(Paragraph("No deadline was given (the Submission sheet's deadline).",
                                "note"))
    gaps = [f"Not supplied: {s}" for s in f.gaps.not_supplied]
    gaps += [f"Supplied with no records: {s}" for s in f.gaps.no_records]
    gaps += [f"Empty for the whole period: {s}.{c}" for s, c in f.gaps.empty_columns]
    gaps += [f"No records for {len(m)} month{'s' if len(m) != 1 else ''} from "
             f"{file.replace(chr(92), '/').rsplit('/', 1)[-1]} › {sheet}"
             for file, sheet, _, m in f.gaps.missing_months]
    if f.warnings:
        gaps += list(f.warnings)
    if gaps:
        blocks.append(Paragraph("Gaps an analyst will notice:", "body"))
        blocks.append(BulletList(tuple(gaps)))
    else:
        blocks.append(Paragraph("No data gap found.", "body"))
    return Section("readiness", "Readiness", tuple(blocks))
