"""Text views of the figures, each written in one place: the headline rows, the gap list, the
warnings, the readiness text and the summary (console, notebook, readiness page and data
notes all call these)."""

from __future__ import annotations

import html
import re
from pathlib import PurePath
from typing import Any

from . import labels
from .figures.coverage import people_reached
from .figures.model import Figure, Figures
from .format import Formatter

__all__ = ["HEADLINE_ROWS", "headlines", "is_supplied", "not_supplied_reason", "gap_list",
           "warnings", "edition_line", "edition_warnings", "readiness_text", "summary_text", "summary_html", "formatter",
           "file_name"]

#: the summary's headline figures: (dotted key, label). Protection figures after "victims
#: identified" count confirmed victims; potential victims have their own rows.
HEADLINE_ROWS: tuple[tuple[str, str], ...] = (
    ("prosecution.investigations", "Trafficking investigations (cases)"),
    ("prosecution.suspects_investigated", "Suspects investigated"),
    ("prosecution.prosecutions", "Persons prosecuted"),
    ("prosecution.convictions", "Traffickers convicted under the trafficking law"),
    ("prosecution.convictions_other_laws", "Convicted under other laws"),
    ("prosecution.officials.convicted", "Officials convicted for complicity"),
    ("protection.victims_identified", "Victims identified (confirmed)"),
    ("protection.victims_potential", "Potential victims identified"),
    ("protection.referred", "Confirmed victims referred to care"),
    ("protection.referred.by_status.potential", "Potential victims referred to care"),
    ("protection.repatriated", "Confirmed victims repatriated"),
    ("prevention.activities", "Prevention activities started"),
    ("prevention.trained", "Persons trained (prevention)"),
    ("prevention.reached_in_person", "People reached in person"),
    ("prevention.reached_online", "Accounts reached online"),
    ("prevention.calls", "Hotline calls"),
    ("prevention.inspections", "Labor inspections"),
)

#: optional rows shown only when they hold something in either period
_OPTIONAL = {"prosecution.convictions_other_laws", "protection.referred.by_status.potential",
             "prevention.reached_online", "prevention.calls"}



def formatter(figures: Figures, suppress_below: int = 0) -> Formatter:
    s = figures.submission
    return Formatter(s.get("language", "en"), s.get("currency", "KHR"), s.get("usd_rate"),
                     suppress_below)


def file_name(path: str | None) -> str:
    """A file as the document may name it: its name, never the folders (nor the user's); a
    database address by its database's name alone (never its host, user or options)."""
    if not path:
        return ""
    text = str(path)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        text = text.split("?", 1)[0]
    return PurePath(text.replace("\\", "/")).name


def is_supplied(figures: Figures, fig: Figure | None) -> bool:
    """False when a sheet the figure counts from was not supplied at all."""
    if fig is None:
        return False
    return not figures.missing_sheets(fig)


def not_supplied_reason(figures: Figures, fig: Figure) -> str:
    missing = figures.missing_sheets(fig)
    return f"not supplied (no {' or '.join(missing)} sheet)" if missing else ""


def headlines(figures: Figures) -> list[tuple[str, str, Figure]]:
    """(key, label, figure) of the summary's headline figures, optional rows only when they
    hold something."""
    out = []
    for key, label in HEADLINE_ROWS:
        fig = figures.get(key)
        if key in _OPTIONAL and not (fig.current or fig.previous or fig.previous_full):
            continue
        out.append((key, label, fig))
    return out


# --- gaps and warnings ------------------------------------------------------------------------


def gap_list(figures: Figures, *, for_ministry: bool) -> list[str]:
    """Every gap an analyst will notice. For the ministry (readiness page, console): with file
    names and column identifiers; for the document sent: in words."""
    fmt = formatter(figures)
    g = figures.gaps
    out: list[str] = []
    for sheet in g.not_supplied:
        out.append(f"Not supplied: {sheet} ({labels.SHEET_WORDS.get(sheet, sheet)})."
                   if not for_ministry else f"Not supplied: the {sheet} sheet.")
    for sheet in g.no_records:
        out.append(f"Supplied with no records: {sheet}.")
    for sheet, column in g.empty_columns:
        out.append(f"Not recorded for any record of the period: {sheet}.{column}."
                   if for_ministry else
                   f"Not recorded for any record of the period: "
                   f"{labels.column_words(sheet, column)}.")
    for file, sheet, column, months in g.missing_months:
        where = (f"{file_name(file)} › {sheet} ({column})" if for_ministry
                 else f"{file_name(file)} ({sheet.lower()})")
        out.append(f"No records in {_months(fmt, months)} from {where}.")
    for file, sheet, column, months in g.missing_months_previous:
        where = (f"{file_name(file)} › {sheet} ({column})" if for_ministry
                 else f"{file_name(file)} ({sheet.lower()})")
        out.append(f"Previous period: no records in {_months(fmt, months)} from {where}.")
    for file, sheet, column, month in g.recorded_from:
        what = _EVENTS.get(f"{sheet}.{column}", f"{sheet} records")
        where = (f"{file_name(file)} › {sheet}.{column}" if for_ministry
                 else file_name(file))
        out.append(f"{what.capitalize()} are recorded from {fmt.month(month)} only ({where}), "
                   f"so the previous period is not fully covered.")
    names = dict(HEADLINE_ROWS)
    for key, previous, current in g.jumps:
        label = names.get(key, key.rsplit(".", 1)[-1].replace("_", " ")).lower()
        out.append(f"{label.capitalize()} more than doubled, from {fmt.number(previous)} to "
                   f"{fmt.number(current)}: check that the previous period is complete.")
    return out


def _months(fmt: Formatter, months) -> str:
    if len(months) > 4:
        return (f"{len(months)} months ({fmt.month(months[0])} – {fmt.month(months[-1])}, "
                "not all consecutive)" if not _consecutive(months)
                else f"{len(months)} months ({fmt.month(months[0])} – "
                     f"{fmt.month(months[-1])})")
    return ", ".join(fmt.month(m) for m in months)


def _consecutive(months) -> bool:
    nums = [int(m[:4]) * 12 + int(m[5:]) for m in months]
    return nums == list(range(nums[0], nums[0] + len(nums)))


#: an event date column in words, for "N … will follow"
_EVENTS = {
    "Cases.opened_on": "cases opened", "Defendants.charged_on": "persons charged",
    "Defendants.verdict_on": "verdicts", "Victims.identified_on": "victims identified",
    "Victims.repatriated_on": "repatriations", "Activities.start_on": "activities started",
}


def event_words(key: str) -> str:
    return _EVENTS.get(key, key)


#: the command-line option of each submission setting
_FLAGS = {"country": "--country", "government_body": "--body", "contact_name": "--contact-name",
          "contact_email": "--contact-email", "currency": "--currency"}

_EDITION_SOURCES = {
    "argument": "as asked (year= in Python, --year on the command line)",
    "sheet": "the Submission sheet's report_year",
    "sent": "the edition of the submission this update completes, from its figures.json",
}


def edition_line(figures: Figures) -> str:
    """Which edition and period were built, and why: every command says it."""
    fmt = formatter(figures)
    e = figures.edition
    head = (f"TIP report {figures.year} edition: period "
            f"{fmt.span(figures.period.start, figures.period.end)}, data through "
            f"{fmt.date(figures.data_through)}")
    if e is None:
        return head + "."
    if e.source in _EDITION_SOURCES:
        why = _EDITION_SOURCES[e.source]
    elif e.source == "data":
        why = (f"its period holds the latest record on or before the submission date "
               f"({fmt.date(e.latest)}); to build another, give report_year in the Submission "
               "sheet, year= (Python) or --year (command line)")
    else:
        why = ("no record is dated on or before the submission date, so the edition open on "
               f"the submission date ({fmt.date(figures.submitted_on)}) was taken")
    return f"{head} ({why})."


#: days between data_through and the submission date past which the date looks stale
STALE_DAYS = 120


def edition_warnings(figures: Figures) -> list[str]:
    """An edition that disagrees with the Submission sheet or holds none of the data, data
    long older than the submission date, and a submission date past the deadline: each names
    both sides."""
    out: list[str] = []
    fmt = formatter(figures)
    e = figures.edition
    if e is not None and e.source == "argument" and e.sheet_year is not None \
            and e.sheet_year != e.year:
        out.append(f"The edition asked for ({e.year}: year= in Python, --year on the command "
                   f"line) differs from the Submission sheet's report_year ({e.sheet_year}); "
                   f"the {e.year} edition was built. Correct one of them.")
    if e is not None and e.source == "sent" and e.sheet_year is not None \
            and e.sheet_year != e.year:
        out.append(f"The Submission sheet's report_year ({e.sheet_year}) differs from the "
                   f"edition of the submission this update completes ({e.year}); the update "
                   f"is for {e.year}.")
    held = sum(x["current"] + x["after_data_through"] for x in figures.ledger)
    if e is not None and e.latest is not None and not held:
        out.append(f"The {figures.year} edition's period "
                   f"({fmt.span(figures.period.start, figures.period.end)}) holds none of the "
                   f"data: the latest record, dated {fmt.date(e.latest)}, belongs to the "
                   f"{e.data_year} edition. Check the year (report_year in the Submission "
                   "sheet, year= in Python, --year on the command line).")
    gap = (figures.submitted_on - figures.data_through).days
    if gap > STALE_DAYS:
        out.append(f"The data runs through {fmt.date(figures.data_through)}, {gap} days before "
                   f"the submission date ({fmt.date(figures.submitted_on)}): if that is not "
                   "intended, check the submission date (submitted_on= in Python, --date on "
                   "the command line) and data_through.")
    days = figures.days_to_deadline
    if days is not None and days < 0:
        out.append(f"The submission date ({fmt.date(figures.submitted_on)}) is {-days} "
                   f"day{'s' if days != -1 else ''} after the deadline "
                   f"({fmt.date(figures.submission['deadline'])}).")
    return out


def warnings(figures: Figures) -> list[str]:
    """What the ministry should know before sending: missing cover details, records left for
    the supplementary update (from the period ledger), records dated after the submission
    date, evidence that names nothing."""
    out = []
    s = figures.submission
    missing = [key for key in ("country", "government_body", "contact_name", "contact_email")
               if not s.get(key)]
    if missing:
        out.append(f"The submission does not name its {', '.join(missing)}: add "
                   f"{'them' if len(missing) > 1 else 'it'} to the Submission sheet, or give "
                   + ", ".join(f"{k}=" for k in missing) + " (Python) or "
                   + ", ".join(_FLAGS[k] for k in missing) + " (command line).")
    out.extend(edition_warnings(figures))
    notes = figures.notes
    after, total = notes["after_data_through"], notes["after_data_through_total"]
    if total:
        detail = ", ".join(f"{n:,} {k}" for k, n in after.items())
        out.append(f"{total:,} record{'s' if total != 1 else ''} dated after "
                   f"{figures.data_through.isoformat()} (data_through) and inside the period "
                   f"{'are' if total != 1 else 'is'} left out of the figures and will follow in "
                   f"the supplementary update ({detail}). Keep this build's .figures.json: "
                   "the update is built from it (--supplementary --sent on the command line, "
                   "supplementary=True, sent= in Python).")
    future, ftotal = notes["after_submission"], notes["after_submission_total"]
    if ftotal:
        detail = ", ".join(f"{n:,} {k}" for k, n in future.items())
        out.append(f"{ftotal:,} record{'s' if ftotal != 1 else ''} dated after the submission "
                   f"date ({figures.submitted_on.isoformat()}) count in no figure; check the "
                   f"dates ({detail}).")
    unknown = [e["id"] for e in figures.evidence.values() if not e["found"]]
    if unknown:
        out.append(f"{len(unknown)} evidence id{'s' if len(unknown) != 1 else ''} cited in the "
                   f"Recommendations sheet name{'s' if len(unknown) == 1 else ''} no activity "
                   f"or case in the data: {', '.join(unknown[:10])}"
                   + (" …" if len(unknown) > 10 else "") + ".")
    return out


# --- the readiness view -----------------------------------------------------------------------

_VERDICT_WORDS = {"investigations": "investigations", "prosecutions": "prosecutions",
                  "convictions": "convictions", "victims_identified": "victims identified",
                  "referred": "referrals", "activities": "activities",
                  "people_reached": "people reached"}


def verdict_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """(pillar, likely reading, rose, fell) per pillar."""
    rows = []
    for pillar, v in figures.verdicts.items():
        rows.append((pillar.capitalize(), v.verdict + (" (mixed)" if v.mixed else ""),
                     ", ".join(_VERDICT_WORDS.get(n, n) for n in v.rose) or "–",
                     ", ".join(_VERDICT_WORDS.get(n, n) for n in v.fell) or "–"))
    return rows


def deadline_line(figures: Figures) -> str | None:
    days = figures.days_to_deadline
    if days is None:
        return None
    deadline = figures.submission["deadline"]
    fmt = formatter(figures)
    return (f"Deadline {fmt.date(deadline)}: {days} day{'s' if days != 1 else ''} after the "
            "submission date." if days >= 0 else
            f"Deadline {fmt.date(deadline)}: the submission date is {-days} "
            f"day{'s' if days != -1 else ''} PAST it.")


def readiness_text(figures: Figures) -> str:
    fmt = formatter(figures)
    lines = [f"Readiness of the {figures.year} edition ({fmt.span(figures.period.start, figures.period.end)}"
             f", data through {fmt.date(figures.data_through)}), for the ministry only, never "
             "printed in the submission:"]
    for pillar, verdict, rose, fell in verdict_rows(figures):
        why = "; ".join(x for x in (f"rose: {rose}" if rose != "–" else "",
                                    f"fell: {fell}" if fell != "–" else "") if x)
        lines.append(f"  {pillar:12} {verdict}" + (f"  ({why})" if why else ""))
    line = deadline_line(figures)
    if line:
        lines.append(f"  {line}")
    for gap in gap_list(figures, for_ministry=True):
        lines.append(f"  - {gap}")
    for warning in figures.warnings:
        lines.append(f"  - {warning}")
    return "\n".join(lines) + "\n"


def _period_line(figures: Figures) -> list[str]:
    fmt = formatter(figures)
    return [edition_line(figures),
            f"Compared with {fmt.span(figures.like_for_like.start, figures.like_for_like.end)}"
            + (" (the same span of the previous period)" if figures.is_like_for_like else "")]


def summary_text(figures: Figures) -> str:
    fmt = formatter(figures)
    rows = [(label, _cell(figures, fmt, fig, "current"), _cell(figures, fmt, fig, "previous"),
             fmt.change(fig) if is_supplied(figures, fig) else "")
            for _, label, fig in headlines(figures)]
    width = max(len(r[0]) for r in rows)
    lines = _period_line(figures) + [""]
    lines.append(f"  {'':{width}}  {'this period':>14}  {'previous':>14}  change")
    for label, cur, prev, change in rows:
        lines.append(f"  {label:{width}}  {cur:>14}  {prev:>14}  {change}")
    lines.append("")
    lines.append(readiness_text(figures))
    return "\n".join(lines)


def _cell(figures: Figures, fmt: Formatter, fig: Figure, window: str) -> str:
    if not is_supplied(figures, fig):
        return "not supplied"
    return fmt.number(getattr(fig, window))


def summary_html(figures: Figures) -> str:
    esc = html.escape
    fmt = formatter(figures)
    rows = "".join(
        f"<tr><td>{esc(label)}</td><td style='text-align:right'>"
        f"{esc(_cell(figures, fmt, fig, 'current'))}</td><td style='text-align:right'>"
        f"{esc(_cell(figures, fmt, fig, 'previous'))}</td><td style='text-align:right'>"
        f"{esc(fmt.change(fig) if is_supplied(figures, fig) else '')}</td></tr>"
        for _, label, fig in headlines(figures))
    verdicts = "".join(f"<li>{esc(p)}: <strong>{esc(v)}</strong></li>"
                       for p, v, _, _ in verdict_rows(figures))
    notes = "".join(f"<li>{esc(w)}</li>" for w in figures.warnings)
    head = "<br>".join(esc(x) for x in _period_line(figures))
    return (f"<div><p><strong>{head}</strong></p><table><thead><tr><th></th>"
            f"<th>this period</th><th>previous</th><th>change</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<p>Readiness (for the ministry only):</p><ul>{verdicts}</ul>"
            + (f"<p>Notes:</p><ul>{notes}</ul>" if notes else "") + "</div>")


def reach_figure(prevention: dict[str, Any]) -> Figure:
    """Prevention's people reached as the verdict weighs them (in person plus trained)."""
    return people_reached(prevention)


