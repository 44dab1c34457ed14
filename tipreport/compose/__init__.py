"""Composing the submission: Figures → :class:`~tipreport.document.Document`.

``compose(figures)`` reads the figures object alone. Sections in the order ``decisions.md``
gives: cover, contents, summary, introduction, recommendations, prosecution, protection,
prevention, partnership, trafficking profile, other offences, challenges, conclusion, data
notes — then the annexes (evidence, the activities not in the pillars' tables). A section whose
data was not supplied says so plainly instead of disappearing; partnership and the
narrative-only sections appear only with content. Numbers are written here, by the one
formatter (:mod:`tipreport.format`), from the figures; renderers never format a number.

One module per part: ``summary``, ``recommendations``, ``prosecution``, ``protection``,
``activities`` (prevention, partnership and every pillar's activity table), ``notes`` (other
offences, calendar year, data notes), ``annex`` and ``readiness``.
"""

from __future__ import annotations

from ..document import Cover, Document
from ..figures.model import Figures
from ..views import formatter
from . import activities, annex, notes, prosecution, protection, readiness, recommendations
from . import summary as _summary
from .common import Ctx, narrative_section

__all__ = ["compose"]

#: activities per pillar in the pillar's own table (the others go to the annex)
TOP_ACTIVITIES = 8
#: rows of the activities annex, in all (the remainder is in the audit workbook only)
ANNEX_LIMIT = 200


def compose(figures: Figures, *, page_size: str = "a4", templates: str | None = None,
            annex_limit: int = ANNEX_LIMIT, top_activities: int = TOP_ACTIVITIES,
            suppress_below: int = 0) -> Document:
    """The document: everything it says comes from ``figures``."""
    ctx = Ctx(figures, formatter(figures, suppress_below), templates, top_activities,
              annex_limit)
    sections = _sections(ctx)
    if len(ctx.annexed) > annex_limit:
        # the annex cannot list every activity sent there: compose again, each note now
        # saying how many of its activities the annex lists and how many only the audit has
        room = frozenset(i["activity_id"]
                         for i in annex.annex_selection(ctx.annexed, annex_limit))
        ctx = Ctx(figures, ctx.fmt, templates, top_activities, annex_limit, annex_room=room)
        sections = _sections(ctx)
    return _document(ctx, sections, page_size, suppress_below)


def _sections(ctx: Ctx) -> list:
    """The document's sections in order, the annexes last (they list what the others sent)."""
    f = ctx.figures
    sections = [_summary.section(ctx)]
    if f.narrative.get("introduction"):
        sections.append(narrative_section(ctx, "introduction"))
    sections.append(recommendations.section(ctx))
    sections.append(prosecution.section(ctx))
    sections.append(protection.section(ctx))
    sections.append(activities.prevention(ctx))
    partnership = activities.partnership(ctx)
    if partnership is not None:
        sections.append(partnership)
    if f.narrative.get("profile"):
        sections.append(narrative_section(ctx, "profile"))
    sections.append(notes.other_offences(ctx))
    for name in ("challenges", "conclusion"):
        if f.narrative.get(name):
            sections.append(narrative_section(ctx, name))
    if f.calendar is not None:
        sections.append(notes.calendar(ctx))
    sections.append(notes.data_notes(ctx))
    sections.extend(annex.sections(ctx))
    return sections


def _document(ctx: Ctx, sections: list, page_size: str, suppress_below: int) -> Document:
    f = ctx.figures
    fmt = ctx.fmt
    s = f.submission
    country = s.get("country") or "Country not given"
    body = s.get("government_body") or "Government body not given"
    title = f"Submission to the {f.year} Trafficking in Persons Report"

    cover_notes = []
    if f.rejected:
        cover_notes.append("Built with rows left out for errors: see the data notes.")
    period = fmt.span(f.period.start, f.period.end)
    cover = Cover(
        country=country, government_body=body, title=title, period=period,
        data_through=fmt.date(f.data_through), submitted_on=fmt.date(f.submitted_on),
        contact_name=s.get("contact_name") or "Not given",
        contact_email=s.get("contact_email") or "Not given", notes=tuple(cover_notes))
    return Document(
        cover=cover, sections=tuple(sections), title=f"{country} — {title}", author=body,
        subject=f"Trafficking in Persons Report {f.year}: reporting period {period}, data "
                f"through {cover.data_through}",
        language=s.get("language", "en"), submitted_on=f.submitted_on,
        page_size=page_size, running_header=f"{country} · {title}",
        running_footer=f"Submitted {cover.submitted_on} · data through {cover.data_through}",
        readiness=readiness.section(ctx),
        labels={"contents": "Contents", "page": "Page", "of": "of"},
        suppress_below=suppress_below,
    )
