"""``export_glotip()``: the figures of whole calendar years in the layout of UNODC's published
GLOTIP data, one ``.xlsx`` named ``<country>-glotip-<years>.xlsx``.

UNODC asks governments each year for the numbers of its Global Report on Trafficking in
Persons, by calendar year. The export gives them from the same records, and the same figures,
as the TIP submission: ``tipreport.compute(dataset, calendar_year=Y)`` for each year, read
through ``figures.calendar`` and nothing else. What each indicator counts, and how tipreport's
codes become UNODC's labels: :mod:`tipreport.export.glotip_table` and ``docs/glotip.md``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

import pandas as pd

from ..errors import DataError, UsageError
from ..figures import Figures
from ..suppress import SECONDARY, check_below, marker, suppress
from . import glotip_table as gt

__all__ = ["export_glotip", "GlotipExport"]

#: the sheets and date columns whose months without records are worth a note, per indicator
_COVERAGE = {("Cases", "opened_on"): "cases opened",
             ("Defendants", "charged_on"): "persons charged",
             ("Victims", "identified_on"): "victims identified"}


@dataclass(eq=False)
class GlotipExport:
    """The GLOTIP rows of some calendar years, ready to write.

    ``table`` holds the rows as written (UNODC's columns; ``txtVALUE`` a number, ``"<5"`` or
    ``"x"``); ``counts`` the exact count behind each row (for checking; never written when
    suppressed). ``figures`` are the calendar-year figures each year was read from."""

    years: tuple[int, ...]
    figures: dict[int, Figures]
    table: pd.DataFrame
    counts: pd.Series
    suppress_below: int
    exported_on: dt.date
    #: what the file's Notes sheet says: what each indicator counts, the labels, suppression,
    #: gaps in the data
    notes: tuple[str, ...]
    #: what the ministry should know before sending (with file names; never written)
    warnings: list[str] = field(default_factory=list)
    #: the paths written by :meth:`write` (or ``export_glotip(out=...)``)
    written: list[Path] = field(default_factory=list)
    #: what writing found and did beyond the file (an interrupted run finished, …)
    write_notes: list[str] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def submission(self) -> dict[str, Any]:
        return self.figures[self.years[0]].submission

    @property
    def country(self) -> str:
        return self.submission.get("country") or ""

    @property
    def stem(self) -> str:
        """``<country>-glotip-<years>``: ``cambodia-glotip-2024-2025``."""
        from ..build import slug

        return f"{slug(self.country)}-glotip-{years_label(self.years)}"

    @property
    def filename(self) -> str:
        return f"{self.stem}.xlsx"

    def xlsx_bytes(self) -> bytes:
        if "xlsx" not in self._cache:
            from .glotip_workbook import workbook_bytes

            self._cache["xlsx"] = workbook_bytes(self)
        return self._cache["xlsx"]

    def to_xlsx(self, target: str | os.PathLike | IO[bytes] | None = None) -> bytes | None:
        """The workbook's bytes, or written (atomically) to a path or file object."""
        from ..build import _emit

        return _emit(self.xlsx_bytes(), target)

    def write(self, folder: str | os.PathLike = "out") -> list[Path]:
        """Write ``<stem>.xlsx`` into ``folder`` (created) as one set, through the output table
        (:mod:`tipreport.outputs`, ``command="export"``): atomic, and finished or undone by the
        next run if interrupted. Returns the paths written."""
        from .. import outputs

        self.written = outputs.write(self, folder, stem=self.stem, command="export",
                                     only=["glotip"], notes=self.write_notes)
        return self.written

    def __repr__(self) -> str:
        return f"<GlotipExport {self.filename}: {len(self.table)} rows>"

    def _repr_html_(self) -> str:
        return self.table.to_html(index=False)


def years_label(years: Iterable[int]) -> str:
    """``[2024, 2025]`` → ``2024-2025``; ``[2021, 2023, 2024]`` → ``2021_2023-2024``: runs of
    consecutive years joined by ``_``."""
    years = sorted(set(years))
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "_".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def check_years(years, today: dt.date) -> tuple[int, ...]:
    """The calendar years to export, sorted: each a year such as 2025 that is over by
    ``today`` (UNODC counts whole years); ``None``: last year."""
    if years is None:
        return (today.year - 1,)
    if isinstance(years, (int, str)):
        years = [years]
    out = []
    for y in years:
        try:
            year = int(y)
        except (TypeError, ValueError):
            raise UsageError(f"{y!r} is not a calendar year such as 2025") from None
        if not 2000 <= year <= 2100:
            raise UsageError(f"{y!r} is not a calendar year such as 2025")
        if dt.date(year, 12, 31) >= today:
            raise UsageError(
                f"{year} is not over (the export is dated {today.isoformat()}): UNODC counts "
                "whole calendar years. Export the years before it, or give the date after "
                f"the year's end (--date {year + 1}-01-15).")
        out.append(year)
    if not out:
        raise UsageError("give at least one calendar year to export")
    return tuple(sorted(set(out)))


def export_glotip(source, *more, years: Iterable[int] | int | None = None,
                  out: str | os.PathLike | None = None, suppress_below: int = 5,
                  date: dt.date | str | None = None, date_order: str = "DMY",
                  allow_errors: bool = False, progress=None, **submission: Any
                  ) -> GlotipExport:
    """The GLOTIP export of whole calendar ``years`` (default: last year) from intake files or
    a loaded :class:`~tipreport.Dataset`.

    ``out``: a folder to write ``<country>-glotip-<years>.xlsx`` into (else call
    ``.write(folder)`` or ``.to_xlsx()``). ``suppress_below``: counts from 1 to N-1 are written
    ``"<N"``, and a count that a total would give away is hidden too (``0`` = exact numbers).
    ``date``: the day of the export (default today); every year must be over by then.
    ``submission`` settings (``country``, ``government_body``, …) win over the ``Submission``
    sheet. Raises :class:`~tipreport.errors.DataError` when the data has errors, unless
    ``allow_errors`` (the rows with errors are then left out, and the Notes sheet says so).
    """
    from ..dataset import Dataset, _as_date, load
    from ..figures import compute
    from ..progress import Progress

    if progress is True:
        progress = Progress()
    today = _as_date(date) if date is not None else dt.date.today()
    below = check_below(suppress_below)
    chosen = check_years(years, today)
    if isinstance(source, Dataset):
        if more:
            raise UsageError("give either a Dataset or files, not both")
        dataset = source
    else:
        dataset = load(source, *more, date_order=date_order, submitted_on=today,
                       progress=progress)
    if dataset.report.errors and not allow_errors:
        raise DataError(dataset.report, "The data has errors, so nothing was exported: "
                        f"{dataset.report.headline()} Correct them, or pass allow_errors=True "
                        "to leave those rows out.")
    if not (submission.get("country") or dataset.submission.get("country")):
        raise UsageError("The GLOTIP export names the country in every row: give it "
                         "(--country Cambodia; country=\"Cambodia\" in Python) or in the "
                         "Submission sheet.")
    figures: dict[int, Figures] = {}
    for year in chosen:
        if progress:
            progress(f"Computing the figures of {year}")
        whole = compute(dataset, year + 1, submitted_on=today,
                        data_through=dt.date(year, 12, 31), calendar_year=year, **submission)
        figures[year] = whole.calendar
    table, counts, skipped = _table(figures, below)
    export = GlotipExport(chosen, figures, table, counts, below, today,
                          _notes(figures, below, skipped, today),
                          _warnings(figures, skipped))
    if out is not None:
        export.write(out)
    return export


# --- the rows --------------------------------------------------------------------------------


def _table(figures: dict[int, Figures], below: int
           ) -> tuple[pd.DataFrame, pd.Series, list[gt.Indicator]]:
    years = sorted(figures)
    first = figures[years[0]]
    country = gt.country_row(first.country_code, first.submission.get("country"))
    source = (first.submission.get("government_body")
              or f"Government of {first.submission.get('country')}")
    rows: list[tuple] = []
    exact: list[int] = []
    skipped = []
    for indicator in gt.INDICATORS:
        if not all(gt.supplied(figures[y], indicator) for y in years):
            skipped.append(indicator)
            continue
        records = {y: gt.records(figures[y], indicator) for y in years}
        countries = sorted({c for r in records.values() for c in gt.citizenships(r)})
        per_year = {}
        for y in years:
            cells, breakdowns = gt.year_table(indicator, records[y], countries)
            hidden = suppress(cells, breakdowns, below) if below > 1 else {}
            per_year[y] = (cells, hidden)
        for key in per_year[years[0]][0]:
            for y in years:
                cells, hidden = per_year[y]
                value = hidden.get(key, cells[key])
                rows.append((*country, *key[:5], y, gt.UNIT, value, source))
                exact.append(cells[key])
    table = pd.DataFrame(rows, columns=list(gt.COLUMNS))
    return table, pd.Series(exact, index=table.index, name="count"), skipped


# --- what the file says about itself, and what the ministry should know -----------------------


def _notes(figures: dict[int, Figures], below: int, skipped: list[gt.Indicator],
           today: dt.date) -> tuple[str, ...]:
    from ..format import Formatter

    years = sorted(figures)
    first = figures[years[0]]
    sub = first.submission
    fmt = Formatter(sub.get("language", "en"), suppress_below=below)
    listed = " and ".join([", ".join(map(str, years[:-1])), str(years[-1])]
                          if len(years) > 1 else [str(years[0])])
    body = sub.get("government_body") or f"the Government of {sub.get('country')}"
    out = [
        f"Trafficking in persons data of {sub.get('country')}, calendar years {listed} "
        "(1 January – 31 December), in the layout of UNODC's published GLOTIP data: one row "
        "per indicator, dimension, category, sex, age and year.",
        f"Counted on {fmt.date(today)} by tipreport from the records of {body}, with the "
        "same counting rules as its submission to the US Trafficking in Persons report.",
        "",
        "What each indicator counts:",
    ]
    for indicator in gt.INDICATORS:
        if indicator in skipped:
            missing = sorted({s for y in years for s in indicator.sheets
                              if not figures[y].is_supplied(s)})
            out.append(f"- {indicator.label}: not supplied (no {' or '.join(missing)} sheet), "
                       "so it has no rows.")
            continue
        out.append(f"- {indicator.label}: {indicator.counts}.")
        if "prosecution.convictions" in indicator.figures:
            other = [(y, figures[y].get("prosecution.convictions_other_laws").current)
                     for y in years]
            if any(n for _, n in other):
                said = "; ".join(f"{fmt.number(n)} in {y}" for y, n in other)
                out.append(f"  Persons convicted under other laws (not included): {said}.")
    out += [
        "",
        "Labels:",
        "- Forms of exploitation: Other forms of exploitation include forced criminality "
        "(e.g. forced scamming) and other forms (e.g. forced marriage); a victim or case "
        "whose exploitation spans sexual exploitation and forced labour counts once, under "
        "Mixed sexual exploitation and forced labour; Unknown: not recorded.",
        "- Sex: Female, Male, Other; Unknown: not recorded. Age: 0 to 17 years, 18 years or "
        "over; Unknown: not recorded. Total: all of them.",
        "- Citizenship: country names as UNODC writes them; Unknown: not recorded.",
        "",
    ]
    if below > 1:
        out += [
            f"Small numbers: a count from 1 to {below - 1} is written {marker(below)}. Where "
            "a total would give such a count away (the total less the other parts), the next "
            f"smallest count of the same breakdown is hidden too: written {marker(below)} "
            f"when it is 0, {SECONDARY} when it is {below} or more.",
        ]
    else:
        out.append("Every count is exact (no small-number suppression).")
    gaps = _coverage(figures, for_ministry=False)
    if gaps:
        out += ["", "Gaps in the records:"] + [f"- {g}" for g in gaps]
    left_out = sum(1 for r in first.rejected if r.get("row") is not None)
    if left_out:
        out += ["", f"{fmt.number(left_out, suppress=False)} records with errors were left "
                    "out of every count."]
    return tuple(out)


def _coverage(figures: dict[int, Figures], *, for_ministry: bool) -> list[str]:
    """Months of an exported year with no record from a source, for the indicators' date
    columns; with file names for the ministry, in words for the file."""
    from ..format import Formatter
    from ..views import file_name

    out = []
    for year in sorted(figures):
        fmt = Formatter(figures[year].submission.get("language", "en"))
        for file, sheet, column, months in figures[year].gaps.missing_months:
            what = _COVERAGE.get((sheet, column))
            if what is None:
                continue
            span = _months(fmt, months)
            if for_ministry:
                out.append(f"{year}: no {what} recorded in {span} in {file_name(file)} "
                           f"({sheet}.{column}); the {year} figures may be incomplete.")
            else:
                out.append(f"{year}: a source of {what} has no records for {span}; the "
                           f"{year} counts may be incomplete.")
    return out


def _months(fmt, months) -> str:
    nums = [int(m[:4]) * 12 + int(m[5:]) - 1 for m in months]
    if len(months) > 1 and nums == list(range(nums[0], nums[0] + len(nums))):
        first, last = fmt.month(months[0]), fmt.month(months[-1])
        if months[0][:4] == months[-1][:4]:
            first = first.rsplit(" ", 1)[0]
        return f"{first}–{last}"
    return ", ".join(fmt.month(m) for m in months)


def _warnings(figures: dict[int, Figures], skipped: list[gt.Indicator]) -> list[str]:
    out = [f"{i.label}: not supplied (needs the {' and '.join(i.sheets)} sheet"
           f"{'s' if len(i.sheets) > 1 else ''}), so the export has no such rows."
           for i in skipped]
    return out + _coverage(figures, for_ministry=True)
