"""compute(): a Dataset → one frozen :class:`~tipreport.figures.Figures`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from .. import coerce, schema
from ..labels import country_name
from ..periods import (
    Period,
    calendar_period,
    choose_edition,
    default_data_through,
    same_day_a_year_before,
    tip_period,
)
from ..reading import row_locator
from . import activities as _activities
from . import coverage
from .counting import prepare
from .model import Figures
from .prosecution import _outcome, other_offences, prosecution
from .protection import protection

__all__ = ["compute", "over_window"]


def compute(dataset, year: int | None = None, *, submitted_on: dt.date | str | None = None,
            data_through: dt.date | str | None = None, calendar_year: int | None = None,
            **submission: Any) -> Figures:
    """Every figure of the submission for edition ``year``.

    ``year`` defaults to the ``Submission`` sheet's ``report_year``, else the edition whose
    period holds the latest event date on or before the submission date (``figures.edition``
    says which was chosen and why). Keyword arguments (``country``, ``government_body``, ``contact_name``,
    ``contact_email``, ``currency``, ``language``, ``deadline``, ``usd_rate``, …) win over the
    sheet.
    """
    from ..dataset import _as_date
    from ..errors import UsageError
    from ..settings import validate_setting

    values = dict(dataset.submission)
    for key, value in submission.items():
        if key not in schema.SUBMISSION_KEYS:
            raise UsageError(f"unknown submission setting {key!r}; known: "
                             f"{', '.join(schema.SUBMISSION_KEYS)}")
        if value is not None:
            values[key] = validate_setting(key, value, date_order=dataset.date_order)
    if submitted_on is not None:
        values["submitted_on"] = _as_date(submitted_on)
    if data_through is not None:
        values["data_through"] = _as_date(data_through)
    for key in ("deadline", "usd_rate_date"):
        if isinstance(values.get(key), str):
            values[key] = _as_date(values[key])
    for key in ("usd_rate", "minimum_sentence_months"):
        if values.get(key) is not None:
            try:
                values[key] = float(values[key])
            except (TypeError, ValueError):
                raise UsageError(f"{key} must be a number, not {values[key]!r}") from None
            if not values[key] > 0 or values[key] == float("inf"):
                raise UsageError(f"{key} must be a positive number, not {values[key]!r}")
    sub_date = values.get("submitted_on") or dataset.submitted_on or dt.date.today()
    values["submitted_on"] = sub_date
    given = year
    if given is None and submission.get("report_year") is not None:
        given = values["report_year"]  # report_year= given as an argument, checked above
    edition = choose_edition(dataset.tables, sub_date,
                             int(given) if given is not None else None,
                             dataset.submission.get("report_year"))
    year = edition.year
    values["report_year"] = year
    values.setdefault("currency", "KHR")
    values.setdefault("language", "en")
    country_code = None
    if values.get("country"):
        country_code = coerce.countries().get(schema.normalize(values["country"]))
        if country_code:
            values["country"] = country_name(country_code)
    period = tip_period(year)
    through = values.get("data_through") or default_data_through(dataset.tables, period,
                                                                  sub_date)
    if through > sub_date:
        raise UsageError(f"data_through ({through}) is after the submission date ({sub_date})")
    if through < period.start:
        raise UsageError(f"data_through ({through}) is before the reporting period of the "
                         f"{year} edition ({period.start} – {period.end}); check the year")
    values["data_through"] = through
    figures = _compute(dataset, period, through, sub_date, values, country_code, year,
                       edition=edition)
    if calendar_year is not None:
        cal = calendar_period(int(calendar_year))
        cal_through = min(cal.end, through if through >= cal.start else cal.end, sub_date)
        calendar = _compute(dataset, cal, cal_through, sub_date, values, country_code,
                            int(calendar_year))
        figures = dataclasses.replace(figures, calendar=calendar)
    return figures


def over_window(dataset, figures: Figures, current: Period) -> Figures:
    """``figures`` counted again over another window of the same data and settings: ``current``
    instead of the period through ``data_through``, compared with the same span a year
    before; ``previous_full`` stays the whole previous period. The supplementary update counts
    the span reported and the rest of the period this way (:mod:`.update`)."""
    previous = Period(same_day_a_year_before(current.start),
                      same_day_a_year_before(current.end), current.kind)
    windows = {"current": current, "previous": previous,
               "previous_full": figures.previous_period}
    return _compute(dataset, figures.period, max(current.end, figures.period.start),
                    figures.submitted_on, figures.submission, figures.country_code,
                    figures.year, windows=windows, edition=figures.edition)


def _windows(period: Period, through: dt.date) -> dict[str, Period]:
    previous = period.previous()
    lfl_end = same_day_a_year_before(through) if through < period.end else previous.end
    return {"current": period.until(through),
            "previous": Period(previous.start, lfl_end, period.kind),
            "previous_full": previous}


def _compute(dataset, period: Period, through: dt.date, submitted_on: dt.date,
             submission: dict[str, Any], country_code: str | None, year: int, *,
             windows: dict[str, Period] | None = None, edition=None) -> Figures:
    """The figures over ``windows`` (by default: the period through ``through``, the same span
    of the previous period, the whole previous period)."""
    windows = windows or _windows(period, through)
    t = prepare(dataset.tables)
    pros = prosecution(t, windows, submission.get("minimum_sentence_months"))
    prot = protection(t, windows, country_code)
    pillars = {name: _activities.activities(t, windows, name)
               for name in ("prosecution", "protection", "prevention", "partnership")}
    pros["activities"] = pillars["prosecution"]
    prot["activities"] = pillars["protection"]
    prevention, partnership = pillars["prevention"], pillars["partnership"]
    other = other_offences(t, windows)
    supplied = tuple(s for s in schema.DATA_SHEETS if dataset.supplied(s))
    no_records = tuple(s for s in supplied if not len(dataset.tables[s])
                       and not len(dataset.rejected[s]))
    sources = tuple({"file": e.file, "sheet": s.sheet, "sheet_in_file": e.sheet,
                     "read": e.read, "accepted": e.accepted, "rejected": e.rejected,
                     "excluded": e.excluded}
                    for e, s in _ledger_with_sheets(dataset))
    ledger = coverage.period_ledger(t, period, through, submitted_on, windows["previous_full"])
    recs = coverage.recommendations(t["Recommendations"])
    all_pillars = {"prosecution": pros, "protection": prot, "prevention": prevention,
                   "partnership": partnership}
    figures = Figures(
        year=year, period=period, data_through=through,
        previous_period=windows["previous_full"], like_for_like=windows["previous"],
        submitted_on=submitted_on, submission=submission, country_code=country_code,
        prosecution=pros, protection=prot, prevention=prevention, partnership=partnership,
        other_offences=other,
        gaps=coverage.gaps(t, supplied, no_records, sources, windows, all_pillars),
        ledger=ledger, verdicts=coverage.verdicts(all_pillars),
        notes=coverage.notes_from_ledger(ledger, t, windows), tables=t,
        recommendations=recs,
        agreements=_activities.agreements_by_pillar(t, windows),
        evidence=coverage.evidence(recs, t, _outcome),
        narrative=coverage.narrative(t["Narrative"]),
        supplied=supplied, sources=sources, rejected=_rejected(dataset),
        withheld=_withheld(dataset), edition=edition,
    )
    return dataclasses.replace(figures, warnings=_warnings(figures))


def _ledger_with_sheets(dataset):
    """Each ledger entry of the report with the contract sheet it was read as."""
    by_place = {(s.file, s.sheet_in_file): s for s in dataset.sources}
    for entry in dataset.report.ledger:
        source = by_place.get((entry.file, entry.sheet))
        if source is not None:
            yield entry, source


def _rejected(dataset) -> tuple[dict[str, Any], ...]:
    out = []
    for sheet, frame in dataset.rejected.items():
        if not len(frame):
            continue
        for file, sheet_in_file, row, codes in zip(frame["_file"], frame["_sheet"],
                                                   frame["_row"], frame["_codes"]):
            out.append({"file": file, "sheet": sheet_in_file, "row": row_locator(row),
                        "codes": list(codes)})
    for issue in dataset.report.errors:  # whole files that could not be read
        if issue.row is None and issue.sheet is None and issue.file is not None:
            out.append({"file": issue.file, "sheet": None, "row": None, "codes": [issue.code]})
    return tuple(out)


def _withheld(dataset) -> tuple[dict[str, Any], ...]:
    return tuple({"file": i.file, "sheet": i.sheet, "row": i.row, "column": i.header}
                 for i in dataset.report.issues if i.code == "personal-data-in-text")


def _warnings(figures: Figures) -> tuple[str, ...]:
    """What the ministry should know before sending, worded for the console and the readiness
    page alike."""
    from ..views import warnings

    return tuple(warnings(figures))
