"""What every section's composer shares: the context (figures, formatter, prose), comparison
tables, charts and the sentences that say data is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .. import prose
from ..document import Chart, Paragraph, Section, Table
from ..figures.model import Figure, Figures
from ..format import Formatter
from ..khmer import break_words, language_of
from ..suppress import SECONDARY
from ..views import is_supplied, not_supplied_reason

__all__ = ["Ctx", "Row", "compare_table", "chart", "missing", "paragraphs", "ministry"]


@dataclass
class Ctx:
    """The figures, the one formatter, and the options of this document."""

    figures: Figures
    fmt: Formatter
    templates: str | None = None
    top_activities: int = 25
    annex_limit: int = 200
    #: activities printed in a pillar's table; the rest go to the annex (filled as we go)
    annexed: list[dict[str, Any]] = field(default_factory=list)
    #: case examples beyond those printed in the prosecution section (filled as we go)
    more_examples: list[dict[str, Any]] = field(default_factory=list)
    #: the ids of the annexed activities the annex has room for, when it has not for all
    #: (known after a first composition; None: every annexed activity is printed there)
    annex_room: frozenset[str] | None = None

    def annexed_where(self, items: list[dict[str, Any]]) -> str:
        """Where ``items`` (sent to the annex) are printed, after "the other N": in the
        activities annex, or — when its rows are too few for all — partly or wholly in the
        audit workbook only."""
        if self.annex_room is None:
            return "are listed in the activities annex"
        there = sum(1 for i in items if i["activity_id"] in self.annex_room)
        if there == len(items):
            return "are listed in the activities annex"
        rows = (f"the activities annex's {self.fmt.number(self.annex_limit)} rows are shared "
                "among the pillars")
        if not there:
            return f"are in the audit workbook only ({rows})"
        return (f"are in the activities annex ({self.fmt.number(there)}) and the audit "
                f"workbook only ({self.fmt.number(len(items) - there)}): {rows}")

    @property
    def f(self) -> Figures:
        return self.figures

    def span(self, period) -> str:
        return self.fmt.span(period.start, period.end)

    @property
    def comparison(self) -> str:
        """The span every change compares with, said once per section."""
        f = self.figures
        if f.is_like_for_like:
            return f"the same span of the previous period ({self.span(f.like_for_like)})"
        return f"the previous period ({self.span(f.previous_period)})"

    @property
    def comparison_short(self) -> str:
        """The same, without its dates: the summary and the data notes give them once."""
        return ("the same span of the previous period" if self.figures.is_like_for_like
                else "the previous period")

    @property
    def previous_label(self) -> str:
        return "Previous (same span)" if self.figures.is_like_for_like else "Previous period"

    def supplied(self, fig: Figure) -> bool:
        return is_supplied(self.figures, fig)

    def prose(self, name: str, **extra: Any) -> list[Paragraph]:
        """The paragraphs of ``templates/prose/<name>.txt``; the first is the section's lead."""
        f = self.figures
        context = dict(
            period=self.span(f.period), through=self.fmt.date(f.data_through),
            c=self.comparison if name == "summary" else self.comparison_short,
            country=f.submission.get("country") or "",
            supplied={s: f.is_supplied(s) for s in
                      ("Cases", "Defendants", "Victims", "Activities", "Recommendations",
                       "Narrative")},
            **extra)
        texts = prose.write(name, f, fmt=self.fmt, templates=self.templates, **context)
        return [Paragraph(t, "lead" if i == 0 else "body") for i, t in enumerate(texts)]


@dataclass(frozen=True)
class Row:
    """One row of a comparison table: a label, its figure, its level (0, or 1 for "of which"),
    and whether its label says why it may exceed its parent."""

    label: str
    figure: Figure
    level: int = 0
    may_exceed: bool = False


#: a cell withheld so that a suppressed small count cannot be worked out from a total: written
#: as the GLOTIP export writes it (tipreport.suppress), never "<5", which would be false
COMPLEMENT = SECONDARY


def protect(fmt: Formatter, levels: list[int], values: list[list[float | None]]
            ) -> set[tuple[int, int]]:
    """Cells to withhold besides the suppressed ones (complementary suppression): in a group
    of parts under a row, when exactly one part is suppressed while the row is shown, the
    smallest other part is withheld too, or, when there is none, the row itself — so that no
    suppressed count is the difference of a total and the other parts."""
    out: set[tuple[int, int]] = set()
    if not fmt.suppress_below:
        return out
    for parent, level in enumerate(levels):
        children = []
        for r in range(parent + 1, len(levels)):
            if levels[r] <= level:
                break
            if levels[r] == level + 1:
                children.append(r)
        if not children:
            continue
        for c in range(len(values[parent])):
            total = values[parent][c]
            if total is None or fmt.is_suppressed(total):
                continue
            hidden = [r for r in children if values[r][c] is not None
                      and (fmt.is_suppressed(values[r][c]) or (r, c) in out)]
            if len(hidden) != 1:
                continue
            others = sorted((values[r][c], r) for r in children
                            if r not in hidden and values[r][c])
            out.add((others[0][1], c) if others else (parent, c))
    return out


def _cells(ctx: Ctx, fig: Figure, full: bool) -> tuple[str, ...]:
    fmt = ctx.fmt
    if not ctx.supplied(fig):
        reason = not_supplied_reason(ctx.figures, fig)
        return (reason, "", "") + (("",) if full else ())
    cells = (fmt.number(fig.current), fmt.number(fig.previous), fmt.change(fig))
    return cells + ((fmt.number(fig.previous_full),) if full else ())


def compare_table(ctx: Ctx, caption: str, rows: Iterable[Row | tuple[str, Figure]], key: str,
                  first: str = "", *, note: str | None = None,
                  totals: Iterable[int] = (), extra: tuple[str, list[str]] | None = None,
                  label_width: float | None = None) -> Table:
    """This period, the previous one (like for like), the change, and — when the comparison is
    like for like — the whole previous period for reference. ``extra`` adds one column (its
    head, and a cell per row) after them."""
    full = ctx.figures.is_like_for_like
    rows = [r if isinstance(r, Row) else Row(*r) for r in rows]
    body = [list((r.label, *_cells(ctx, r.figure, full))) for r in rows]
    # cells 1, 2 and 4 hold this period, the previous one and the whole previous period
    positions = (1, 2, 4) if full else (1, 2)
    hidden = protect(ctx.fmt, [r.level for r in rows],
                     [[getattr(r.figure, w) if ctx.supplied(r.figure) else None
                       for w in ("current", "previous", "previous_full")[:len(positions)]]
                      for r in rows])
    for r, c in hidden:
        body[r][positions[c]] = COMPLEMENT
        body[r][3] = "–"  # the change would give the withheld count away
    if hidden or any(ctx.fmt.is_suppressed(getattr(r.figure, w)) for r in rows
                     for w in ("current", "previous", "previous_full")):
        note = ((note + " ") if note else "") + suppression_note(ctx.fmt, bool(hidden))
    body = tuple(tuple(row) for row in body)
    header = (first, "This period", ctx.previous_label, "Change")
    if full:
        header += ("Previous (full period)",)
    widths = (0.36, 0.13, 0.15, 0.22, 0.14) if full else (0.44, 0.16, 0.18, 0.22)
    if extra is not None:
        header += (extra[0],)
        body = tuple(row + (cell,) for row, cell in zip(body, extra[1]))
        widths = (0.3, 0.11, 0.13, 0.2, 0.12, 0.14) if full else (0.36, 0.14, 0.16, 0.2, 0.14)
    if label_width is not None:
        rest = sum(widths[1:])
        widths = (label_width,) + tuple(w * (1 - label_width) / rest for w in widths[1:])
    return Table(caption, header, body, ("l",) + ("r",) * (len(header) - 1), tuple(totals),
                 key, note, widths, levels=tuple(r.level for r in rows),
                 may_exceed=tuple(i for i, r in enumerate(rows) if r.may_exceed),
                 compare=True)


def suppression_note(fmt: Formatter, complement: bool) -> str:
    n = fmt.suppress_below
    return (f"Counts from 1 to {n - 1} are shown as <{n} to protect the persons concerned"
            + (f"; {COMPLEMENT}: withheld so that such a count cannot be worked out from a "
               "total" if complement else "") + ".")


def chart(ctx: Ctx, caption: str, key: str, items: list[tuple[str, Figure]],
          unit: str) -> Chart:
    """Bars of this period against the previous one (like for like), ``unit`` on the axis."""
    f = ctx.figures
    fmt = ctx.fmt
    prev_label = "Previous period (same span)" if f.is_like_for_like else "Previous period"
    cats = tuple(label for label, _ in items)

    def shown(value: float) -> float:  # a suppressed count is not drawn: its height tells
        return 0.0 if fmt.is_suppressed(value) else float(value)

    prev = tuple(shown(fig.previous) for _, fig in items)
    cur = tuple(shown(fig.current) for _, fig in items)
    labels = (tuple(fmt.number(fig.previous) for _, fig in items),
              tuple(fmt.number(fig.current) for _, fig in items))
    alt = (f"{caption} ({unit}). Bar chart comparing this period with the "
           f"{'same span of the ' if f.is_like_for_like else ''}previous period: "
           + "; ".join(f"{label}: {fmt.number(fig.current)} this period, "
                       f"{fmt.number(fig.previous)} previously" for label, fig in items) + ".")
    return Chart(caption, alt, cats, ((prev_label, prev), ("This period", cur)), key,
                 horizontal=len(items) > 6, value_label=unit, labels=labels)


def missing(sheet: str, what: str) -> Paragraph:
    """The sentence that says a sheet was not supplied (never a 0)."""
    return Paragraph(f"No {what} was supplied for this period (no {sheet} sheet was given).",
                     "warning", source="fixed", claim=("not_supplied", sheet))


def ministry(text: Any) -> str:
    """Text from the workbooks, as written, with break opportunities between Khmer words."""
    return break_words(str(text))


def paragraphs(texts: Iterable[str]) -> list[Paragraph]:
    """The ministry's own paragraphs, printed as written."""
    return [Paragraph(ministry(t), "body", source="ministry", lang=language_of(t))
            for t in texts]


def narrative_section(ctx: Ctx, name: str) -> Section:
    """A section of the ministry's own text only (introduction, profile, …)."""
    from ..labels import NARRATIVE_TITLES

    return Section(name, NARRATIVE_TITLES[name],
                   tuple(paragraphs(ctx.figures.narrative[name])))


def narrative(ctx: Ctx, name: str) -> list[Paragraph]:
    """The ministry's paragraphs for a pillar (none when it wrote none)."""
    return paragraphs(ctx.figures.narrative.get(name, ()))
