"""The supplementary update: :class:`~tipreport.figures.update.Update` →
:class:`~tipreport.document.Document`.

Short, as the analyst wants it: the headline figures as reported, the same span now, the rest
of the period and the whole period, with last year's beside them; every figure restated since
the submission, with both values; the answers to recommendations that moved; and how it is
counted. Every number is a value of the update's lines, written by the one formatter; nothing
is computed here.
"""

from __future__ import annotations

from typing import Any

from .. import labels
from ..document import BulletList, Cover, Document, Paragraph, Section, Table
from ..figures.update import Line, Update
from ..format import Formatter
from ..views import HEADLINE_ROWS, edition_line, formatter, headlines, not_supplied_reason
from .common import ministry
from .recommendations import answer_blocks

__all__ = ["compose_update", "figure_words", "TITLE"]

TITLE = "Supplementary update to the {year} Trafficking in Persons Report submission"

#: a breakdown's dimension in words, and the words for its codes
_DIMENSIONS: dict[str, tuple[str, dict[str, str]]] = {
    "exploitation": ("form of exploitation", labels.EXPLOITATION),
    "tip_form": ("TIP form", labels.TIP_FORM),
    "sex": ("sex", labels.SEX),
    "age_group": ("age", labels.AGE),
    "identified_by": ("identified by", labels.IDENTIFIED_BY),
    "status": ("status", {"confirmed": "Confirmed", "potential": "Potential"}),
    "origin": ("origin", {"national": "Own nationals", "foreign": "Foreign nationals",
                          "unknown": "Nationality not recorded"}),
    "online": ("online", {"yes": "Online", "no": "Not online", "unknown": "Not recorded"}),
    "kind": ("kind", labels.KIND),
    "shelter": ("shelter", labels.SHELTER),
    "pillar": ("pillar", labels.PILLAR),
    "offense": ("offence", {"sexual_exploitation": "Sexual exploitation",
                            "other": "Other offences"}),
    "nationality": ("nationality", {"unknown": "Not recorded"}),
    "exploited_in": ("exploited in", {"unknown": "Not recorded"}),
    "law": ("law", {"unknown": "Not recorded"}),
    "agency": ("agency", {}),
    "currency": ("currency", {}),
    "band": ("prison term", labels.BAND),
}
_TOP_WORDS = {"other_offences": "Offences outside the trafficking figures",
              "agreements": "Agreements (every pillar)", **labels.PILLAR}


def figure_words(path: tuple[str, ...]) -> str:
    """A figure's path in words: ``("protection", "victims_identified", "by_sex", "female")``
    → ``Victims identified (confirmed), by sex: Female``."""
    names = dict(HEADLINE_ROWS)
    for n in range(len(path), 0, -1):  # the longest head that is a headline figure
        if ".".join(path[:n]) in names:
            head, rest = names[".".join(path[:n])], path[n:]
            break
    else:
        head = _TOP_WORDS.get(path[0], path[0])
        rest = path[1:]
    words = [head]
    i = 0
    while i < len(rest):
        part = rest[i]
        if part.startswith("by_") and i + 1 < len(rest):
            dim = part.removeprefix("by_")
            what, codes = _DIMENSIONS.get(dim, (dim.replace("_", " "), {}))
            code = rest[i + 1]
            shown = codes.get(code) or (labels.country_name(code)
                                        if dim in ("nationality", "exploited_in")
                                        and len(code) == 2 else code)
            words.append(f"by {what}: {ministry(shown)}" if dim != "currency" else code)
            i += 2
            continue
        words.append(_SUBJECT.get(part, part.replace("_", " ")))
        i += 1
    return ", ".join(words)


#: a figure's own name in words, where its key does not read well
_SUBJECT = {"services": "services received", "victims_all": "victims identified, confirmed "
            "and potential", "victims_in_other_offences": "victims in non-trafficking cases",
            "suspects_investigated": "suspects investigated", "sheltered": "victims sheltered",
            "compensation_amount": "compensation awarded (amount)",
            "fines_amount": "fines imposed (amount)", "in_absentia": "convicted in absentia",
            "below_minimum": "terms below the statutory minimum",
            "convictions_other_laws": "convictions under other laws",
            "other_participants": "people reached by other activities",
            "continued": "activities continued from before the span",
            "activities": "activities started", "amount_by_agency": "money by agency",
            "amount": "money", "officials": "government officials",
            "labor_inspections": "labor inspections", "reached_in_person": "people reached "
            "in person", "reached_online": "accounts reached online",
            "reached_broadcast": "audiences of broadcasts", "calls": "hotline calls",
            "sentences_other_laws": "sentences under other laws"}


def compose_update(update: Update, *, page_size: str = "a4", templates: str | None = None
                   ) -> Document:
    """The supplementary update's document."""
    f = update.figures
    fmt = formatter(f)
    s = f.submission
    country = s.get("country") or "Country not given"
    body = s.get("government_body") or "Government body not given"
    title = TITLE.format(year=f.year)
    spans = _Spans(update, fmt)
    sections = (
        _summary(update, fmt, spans),
        _restatements(update, fmt, spans),
        _recommendations(update, fmt),
        _notes(update, fmt, spans),
    )
    period = fmt.span(f.period.start, f.period.end)
    cover = Cover(
        country=country, government_body=body, title=title, period=period,
        data_through=fmt.date(f.data_through), submitted_on=fmt.date(f.submitted_on),
        contact_name=s.get("contact_name") or "Not given",
        contact_email=s.get("contact_email") or "Not given",
        notes=(f"Completes the submission of {fmt.date(update.reported_on)}, which covered "
               f"{spans.reported}.",))
    return Document(
        cover=cover, sections=sections, title=f"{country} — {title}", author=body,
        subject=f"Trafficking in Persons Report {f.year}: supplementary update, reporting "
                f"period {period}, data through {cover.data_through}",
        language=s.get("language", "en"), submitted_on=f.submitted_on, page_size=page_size,
        running_header=f"{country} · {title}",
        running_footer=f"Submitted {cover.submitted_on} · data through {cover.data_through}",
        readiness=_readiness(update, fmt),
        labels={"contents": "Contents", "page": "Page", "of": "of"},
    )


class _Spans:
    """The update's spans in words, said once."""

    def __init__(self, update: Update, fmt: Formatter):
        self.reported = fmt.span(update.reported_span.start, update.reported_span.end)
        rest = update.rest_span
        self.rest = (fmt.span(rest.start, rest.end) if rest.start <= rest.end
                     else "no further days")
        self.whole = fmt.span(update.whole_span.start, update.whole_span.end)
        previous = update.figures.previous_period
        self.previous = fmt.span(previous.start, previous.end)
        self.rest_short = (fmt.span(rest.start, rest.end, short=True)
                           if rest.start <= rest.end else "–")


def _cells(update: Update, fmt: Formatter, line: Line) -> tuple[str, ...]:
    f = update.figures
    if not line.supplied:
        try:
            reason = not_supplied_reason(f, f.get(line.key))
        except KeyError:
            reason = ""
        return (reason or "not supplied", "", "", "", "")
    reported = ("not supplied" if line.sent == "not_supplied"
                else fmt.number(line.reported) if line.reported is not None else "–")
    return (reported, fmt.number(line.same_span), fmt.number(line.rest),
            fmt.number(line.whole), fmt.number(line.previous_full))


def _summary(update: Update, fmt: Formatter, spans: _Spans) -> Section:
    f = update.figures
    n = update.restated_count
    lead = (f"This update completes the government's submission of "
            f"{fmt.date(update.reported_on)} to the {f.year} Trafficking in Persons Report. "
            f"That submission covered {spans.reported}; this update adds {spans.rest}, so that "
            f"the figures below cover {spans.whole}.")
    if n:
        lead += (f" {fmt.number(n)} figure{'s' if n != 1 else ''} reported in the submission "
                 f"{'have' if n != 1 else 'has'} been restated because records of that span "
                 "were corrected or added since; each is listed with both values in the next "
                 "section.")
    else:
        lead += (" No figure reported in the submission has changed: for every figure, the "
                 "whole period is the figure reported plus the rest of the period.")
    rows = []
    for key, label, _ in headlines(f):
        line = update.lines.get(key)
        if line is None:
            continue
        rows.append((label + (" – restated" if line.restated else ""),
                     *_cells(update, fmt, line)))
    table = Table(
        "Headline figures", ("", "As reported", "Same span now", spans.rest_short,
                             "Whole period", "Previous period"),
        tuple(rows), ("l", "r", "r", "r", "r", "r"), (), "update-headlines",
        f"As reported: the submission of {fmt.date(update.reported_on)}, for "
        f"{spans.reported}. Same span now: the same days, counted from the data as it is now. "
        f"{spans.rest}: the days the submission did not cover. Whole period: {spans.whole}, "
        f"the same span now plus the rest. Previous period: {spans.previous}, for reference.",
        (0.3, 0.14, 0.14, 0.14, 0.14, 0.14))
    return Section("update-summary", "Summary", (Paragraph(lead, "lead"), table))


def _restatements(update: Update, fmt: Formatter, spans: _Spans) -> Section:
    title = "Figures restated since the submission"
    lines = update.restatements
    intro = Paragraph(
        f"A figure is restated when the records of {spans.reported}, the span the submission "
        "reported, were corrected, added or removed after it was sent. The value reported and "
        "the value now are for that same span.", "body", source="fixed")
    if not lines:
        return Section("update-restatements", title, (intro, Paragraph(
            "No figure reported in the submission has changed.", "body", source="fixed",
            claim=("none", "restatements")), *_previous(update, fmt, spans)))
    rows = []
    for line in lines:
        reported = ("not supplied" if line.sent == "not_supplied"
                    else fmt.number(line.reported))
        change = fmt.signed(line.restated_by) if line.restated_by is not None else "–"
        rows.append((figure_words(line.path), reported, fmt.number(line.same_span), change))
    table = Table("Restated figures", ("Figure", "As reported", "Now", "Change"), tuple(rows),
                  ("l", "r", "r", "r"), (), "update-restatements",
                  f"Both values are for {spans.reported}.", (0.55, 0.15, 0.15, 0.15))
    return Section("update-restatements", title, (intro, table, *_previous(update, fmt, spans)))


def _previous(update: Update, fmt: Formatter, spans: _Spans) -> list[Any]:
    """Last year's figures that changed since the submission gave them."""
    lines = update.previous_restatements
    if not lines:
        return []
    rows = tuple((figure_words(line.path), fmt.number(line.previous_reported),
                  fmt.number(line.previous_full),
                  fmt.signed(line.previous_restated_by)) for line in lines)
    return [Paragraph(
        f"Records of the previous period ({spans.previous}) were corrected too, so some of "
        "last year's figures differ from those the submission gave for comparison:", "body",
        source="fixed"),
        Table("Restated figures of the previous period", ("Figure", "In the submission",
                                                           "Now", "Change"), rows,
              ("l", "r", "r", "r"), (), "update-previous-restatements",
              f"Both values are for {spans.previous}.", (0.55, 0.15, 0.15, 0.15))]


def _recommendations(update: Update, fmt: Formatter) -> Section:
    title = "Recommendations: answers that changed"
    f = update.figures
    if not f.is_supplied("Recommendations"):
        return Section("update-recommendations", title, (Paragraph(
            "No response to the previous report's recommendations was supplied with this "
            "update (no Recommendations sheet was given).", "warning", source="fixed",
            claim=("not_supplied", "Recommendations")),))
    if not update.recommendations:
        return Section("update-recommendations", title, (Paragraph(
            "No answer to the previous report's recommendations has changed since the "
            "submission.", "body", source="fixed", claim=("none", "recommendations_moved")),))
    blocks: list[Any] = [Paragraph(
        "The answers below changed since the submission (their status, their response, or "
        "both); the others stand as sent.", "lead", source="fixed")]
    for r in update.recommendations:
        head = [str(r["rec_id"])]
        if r["prioritized"]:
            head.append("Prioritized")
        if r["status_then"] and r["status_then"] != r["status"]:
            head.append(f"{labels.STATUS[r['status_then']]} → {labels.STATUS[r['status']]}")
        else:
            head.append(labels.STATUS[r["status"]])
        if r["change"] == "new":
            head.append("not in the submission")
        elif "response" in r["change"]:
            head.append("response updated")
        blocks += answer_blocks(r, head, "Evidence")
    return Section("update-recommendations", title, tuple(blocks))


def _notes(update: Update, fmt: Formatter, spans: _Spans) -> Section:
    f = update.figures
    blocks: list[Any] = [Paragraph(
        "Every figure is counted as in the submission, by the date of each event, both days "
        f"included. The rest of the period ({spans.rest}) counts the events the submission did "
        f"not cover; the whole period ({spans.whole}) is the same span now plus the rest. "
        "Activities that started before a span and continued into it are counted apart, at "
        "the start of each span, so they do not add up across spans.", "body",
        source="fixed")]
    after = f.notes["after_data_through_total"]
    if after:
        blocks.append(Paragraph(
            f"{fmt.number(after)} record{'s' if after != 1 else ''} dated after "
            f"{fmt.date(f.data_through)} and inside the period "
            f"{'are' if after != 1 else 'is'} not in these figures.", "body",
            claim=("after_data_through", str(after))))
    future = f.notes["after_submission_total"]
    if future:
        blocks.append(Paragraph(
            f"{fmt.number(future)} record{'s' if future != 1 else ''} dated after the date of "
            f"this update count{'s' if future == 1 else ''} in no figure.", "body"))
    missing = [f"{labels.SHEET_WORDS.get(sheet, sheet).capitalize()} (no {sheet} sheet)"
               for sheet in f.gaps.not_supplied]
    if missing:
        blocks.append(Paragraph("Not supplied with this update:", "body", source="fixed"))
        blocks.append(BulletList(tuple(missing)))
    return Section("update-notes", "How this update is counted", tuple(blocks))


def _readiness(update: Update, fmt: Formatter) -> Section:
    """For the ministry's eyes only (the HTML preview): the edition, what to check."""
    blocks: list[Any] = [Paragraph(edition_line(update.figures), "body", source="fixed")]
    items = list(update.warnings)
    if items:
        blocks.append(Paragraph("Before sending:", "body", source="fixed"))
        blocks.append(BulletList(tuple(items)))
    else:
        blocks.append(Paragraph("Nothing to check before sending.", "body", source="fixed"))
    return Section("readiness", "Readiness", tuple(blocks))
