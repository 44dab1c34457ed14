"""Offences outside the trafficking figures, calendar-year figures, and the data notes."""

from __future__ import annotations

import dataclasses

from ..document import BulletList, Paragraph, Section, Table
from ..views import event_words, file_name, gap_list, headlines
from .common import Ctx, Row, compare_table, missing

__all__ = ["other_offences", "calendar", "data_notes"]

#: rows of the "rows left out for errors" table; the rest are counted
REJECTED_ROWS = 100


def other_offences(ctx: Ctx) -> Section:
    f = ctx.figures
    o = f.other_offences
    title = "Offences outside the trafficking figures"
    if not f.is_supplied("Cases"):
        return Section("other-offences", title, (missing("Cases", "case data"),))
    rows = []
    for key, label in (("sexual_exploitation", "Sexual exploitation (not trafficking)"),
                       ("other", "Other offences")):
        rows.append(Row(f"{label}: cases opened", o["cases"].by["offense"][key]))
        for name, what in (("suspects", "suspects"), ("prosecutions", "persons prosecuted"),
                           ("convictions", "persons convicted")):
            rows.append(Row(f"{label}: {what}", o[name].by["offense"][key]))
    return Section("other-offences", title, (
        *ctx.prose("other_offences"),
        compare_table(ctx, "Offences counted apart from trafficking", rows, "other-offences",
                      "Offence"),
    ))


def calendar(ctx: Ctx) -> Section:
    cal = ctx.figures.calendar
    sub = Ctx(cal, ctx.fmt, ctx.templates)
    year = cal.year
    rows = [Row(label, fig) for _, label, fig in headlines(cal)]
    table = compare_table(sub, f"Calendar year {year}", rows, "calendar-headlines",
                          "Calendar-year figure")
    header = (table.header[0], str(year),
              f"{year - 1} (same span)" if cal.is_like_for_like else str(year - 1),
              *table.header[3:])
    table = dataclasses.replace(table, header=header)
    return Section("calendar", f"Calendar-year figures, January–December {year}", (
        Paragraph(f"These figures cover the calendar year {year} (1 January – 31 December), "
                  "as published at home and reported to UNODC. They are not TIP-period figures "
                  f"and are never added to them. Data through {ctx.fmt.date(cal.data_through)}; "
                  f"compared with {sub.comparison}.", "note"),
        table,
    ))


def _ledger_label(sheet: str, column: str) -> str:
    return event_words(f"{sheet}.{column}").capitalize()


def data_notes(ctx: Ctx) -> Section:
    f = ctx.figures
    fmt = ctx.fmt
    blocks: list = []
    if f.rejected:
        rows = [r for r in f.rejected if r["row"] is not None]
        files = [r for r in f.rejected if r["row"] is None]
        n = len(rows)
        blocks.append(Paragraph(
            f"{fmt.number(n)} {'row was' if n == 1 else 'rows were'} left out of every figure "
            "because of errors in the data"
            + (f", and {fmt.number(len(files))} {'file' if len(files) == 1 else 'files'} could "
               "not be read" if files else "")
            + ". They are listed below and will be counted once corrected.", "warning"))
        shown = rows[:REJECTED_ROWS]
        blocks.append(Table(
            "Rows left out for errors", ("File", "Sheet", "Row", "Problem"),
            tuple((file_name(r["file"]), r["sheet"] or "",
                   # an Excel row number, or a database's key (C-18) as it is
                   fmt.number(r["row"]) if isinstance(r["row"], int) else str(r["row"]),
                   ", ".join(r["codes"])) for r in shown)
            + tuple((file_name(r["file"]), "", "", ", ".join(r["codes"])) for r in files),
            ("l", "l", "r", "l"), (), "data-notes-rejected",
            (f"… and {fmt.number(n - len(shown))} more rows: run tipreport check to see them."
             if n > len(shown) else None), (0.36, 0.2, 0.1, 0.34)))
    period = (f"The reporting period is {fmt.span(f.period.start, f.period.end)}. The data "
              f"runs through {fmt.date(f.data_through)}. Every change is computed against "
              f"{ctx.comparison}")
    period += (", so that the same number of months is compared; the whole previous period "
               "is shown beside it for reference." if f.is_like_for_like else ".")
    blocks.append(Paragraph(period, "lead"))
    notes = f.notes
    after = notes["after_data_through_total"]
    if after:
        blocks.append(Paragraph(
            f"{fmt.number(after)} {'record' if after == 1 else 'records'} dated after "
            f"{fmt.date(f.data_through)} and within the reporting period will follow in the "
            "supplementary update: " + "; ".join(
                f"{fmt.number(n)} {event_words(k)}"
                for k, n in notes["after_data_through"].items()) + "."))
    future = notes["after_submission_total"]
    if future:
        blocks.append(Paragraph(
            f"{fmt.number(future)} {'record is' if future == 1 else 'records are'} dated after "
            f"the date of this submission ({fmt.date(f.submitted_on)}) and count in no figure: "
            + "; ".join(f"{fmt.number(n)} {event_words(k)}"
                        for k, n in notes["after_submission"].items()) + "."))
    linked = f.protection["victims_in_other_offences"]
    if linked.current:
        blocks.append(Paragraph(
            f"{fmt.number(linked.current)} of the victims and potential victims identified "
            "are linked to cases recorded as offences other than trafficking; they are still "
            "counted as victims identified."))
    rate = f.submission.get("usd_rate")
    if rate:
        when = f.submission.get("usd_rate_date")
        blocks.append(Paragraph(
            f"Amounts in {f.submission.get('currency', 'KHR')} are also given in US dollars at "
            f"{fmt.number(rate, decimals=2)} {f.submission.get('currency', 'KHR')} per US$"
            + (f" (the rate of {fmt.date(when)})" if when else "") + ".", "body"))
    rules = [Paragraph(p.text, "body", source="fixed")
             for p in ctx.prose("counting_rules")]
    subs = [Section("data-notes-rules", "How the figures are counted", tuple(rules), level=2)]
    excluded = any(s.get("excluded") for s in f.sources)
    sources = Table(
        "Data sources: rows read, accepted and rejected"
        + (", and excluded with a reason" if excluded else ""),
        ("File", "Sheet", "Read", "Accepted", "Rejected") + (("Excluded",) if excluded else ()),
        tuple((file_name(s["file"]), s["sheet"], fmt.number(s["read"]),
               fmt.number(s["accepted"]), fmt.number(s["rejected"]))
              + ((fmt.number(s.get("excluded", 0)),) if excluded else ()) for s in f.sources),
        ("l", "l", "r", "r", "r") + (("r",) if excluded else ()), (), "data-notes-sources",
        ("Read = accepted + rejected + excluded: an excluded row (an HTCDS register's person "
         "who is not a victim) counts in no figure." if excluded else None),
        (0.34, 0.18, 0.12, 0.12, 0.12, 0.12) if excluded else (0.4, 0.2, 0.13, 0.14, 0.13))
    ledger = Table(
        "Records by period, per kind of event",
        ("Event", "This period", "To follow (after data through)",
         "After the submission date", "Previous period", "Outside both", "No date"),
        tuple((_ledger_label(e["sheet"], e["column"]), fmt.number(e["current"]),
               fmt.number(e["after_data_through"]), fmt.number(e["after_submission"]),
               fmt.number(e["previous"]), fmt.number(e["outside"]), fmt.number(e["undated"]))
              if f.is_supplied(e["sheet"]) else  # never a row of 0s for a sheet not given
              (_ledger_label(e["sheet"], e["column"]), f"not supplied (no {e['sheet']} sheet)",
               "", "", "", "", "")
              for e in f.ledger),
        ("l", "r", "r", "r", "r", "r", "r"), (), "data-notes-ledger",
        "Every accepted record with a date falls in exactly one of the dated columns.",
        (0.22, 0.13, 0.14, 0.14, 0.13, 0.12, 0.12))
    subs.append(Section("data-notes-sources", "Data sources", (sources, ledger), level=2))
    gaps = gap_list(f, for_ministry=False)
    if gaps:
        body: tuple = (BulletList(tuple(gaps)),)
    else:
        body = (Paragraph("Every sheet was supplied, every column the figures need is filled "
                          "in, and every source has records for every month of both periods.",
                          "body", source="fixed", claim=("no_gaps",)),)
    subs.append(Section("data-notes-gaps", "What was not supplied", body, level=2))
    return Section("data-notes", "Data notes", tuple(blocks), tuple(subs))

