"""The summary: the opening sentences and one table of the headline figures."""

from __future__ import annotations

from ..document import Section
from ..views import headlines
from .common import Ctx, Row, compare_table

__all__ = ["section"]


def section(ctx: Ctx) -> Section:
    f = ctx.figures
    other_laws = f.prosecution["convictions_other_laws"]
    in_other = f.protection["victims_in_other_offences"].by["status"]["confirmed"]
    paras = ctx.prose("summary", other_laws=other_laws.current, victims_other=in_other.current)
    rows = [Row(label, fig) for _, label, fig in headlines(f)]
    table = compare_table(ctx, "Headline figures", rows, "summary-headlines",
                          note=_note(ctx))
    return Section("summary", "Summary", (*paras, table))


def _note(ctx: Ctx) -> str:
    f = ctx.figures
    note = f"Compared with {ctx.comparison_short}."
    if f.is_like_for_like:
        note += " The last column gives the whole previous period for reference."
    return note
