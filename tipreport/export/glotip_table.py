"""The GLOTIP rows, made from the calendar-year figures.

UNODC publishes its Global Report on Trafficking in Persons data (GLOTIP) as one row per
indicator, dimension, category, sex, age and year. This module says which figure each
indicator counts, maps tipreport's codes to UNODC's labels, and turns one year's figures into
the cells of that table, with the breakdowns (a total and the parts adding up to it) that
small-cell suppression must respect.

Every count comes from the figures: an indicator's total is the figure's value, a breakdown by
one dimension is the figure's breakdown, and a cell crossing two dimensions (female victims
aged 0 to 17, by form of exploitation) counts the records that both breakdowns hold
(``Figure.rows``), so every cell adds up to the figures by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..figures import Figure, Figures

__all__ = ["COLUMNS", "INDICATORS", "Indicator", "SEX", "AGE", "FORM", "FORMS", "TOTAL",
           "BY_FORM", "BY_CITIZENSHIP", "UNIT", "UNKNOWN", "country_label", "country_row",
           "records", "citizenships", "year_table", "supplied"]

#: the columns of UNODC's published data, in its order and spelling
COLUMNS = ("Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category",
           "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source")
TOTAL = "Total"
BY_FORM = "by form of exploitation"
BY_CITIZENSHIP = "by citizenship"
UNIT = "Counts"
UNKNOWN = "Unknown"

#: tipreport code → UNODC label, in UNODC's order
SEX = {"female": "Female", "male": "Male", "other": "Other", "unknown": UNKNOWN}
AGE = {"child": "0 to 17 years", "adult": "18 years or over", "unknown": UNKNOWN}
#: UNODC publishes three forms; forced criminality is one of its "other forms"; a case that
#: spans sexual exploitation and forced labour (tipreport's ``mixed``) counts once, under its
#: own category, never in both
FORM = {
    "sex": "Sexual exploitation",
    "labor": "Forced labour",
    "forced_criminality": "Other forms of exploitation",
    "other": "Other forms of exploitation",
    "mixed": "Mixed sexual exploitation and forced labour",
    "unknown": UNKNOWN,
}
FORMS = ("Sexual exploitation", "Forced labour", "Other forms of exploitation",
         "Mixed sexual exploitation and forced labour", UNKNOWN)

#: the breakdown of a figure that gives each column
_DIMS = {"Sex": "sex", "Age": "age_group", "Form": "exploitation", "Citizenship": "nationality"}
_LABELS = {"Sex": SEX, "Age": AGE, "Form": FORM}


@dataclass(frozen=True)
class Indicator:
    """One GLOTIP indicator and the figures it counts."""

    #: UNODC's words
    label: str
    #: the figures (dotted keys) whose records it counts, added together
    figures: tuple[str, ...]
    #: the sheets it needs: without them it is "not supplied", never 0
    sheets: tuple[str, ...]
    #: what it counts, in words (the Notes sheet and docs/glotip.md)
    counts: str
    by_sex: bool = False
    by_age: bool = False
    #: a "by form of exploitation" dimension; ``form_by_person``: crossed with sex and age
    by_form: bool = False
    form_by_person: bool = False
    by_citizenship: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c, on in (("Sex", self.by_sex), ("Age", self.by_age),
                                      ("Form", self.by_form),
                                      ("Citizenship", self.by_citizenship)) if on)


INDICATORS = (
    Indicator("Offences of trafficking in persons", ("prosecution.investigations",),
              ("Cases",),
              "trafficking cases opened in the year (Cases, by the date opened); a case counts "
              "once, whatever the number of offences it involves"),
    Indicator("Persons brought into formal contact", ("prosecution.suspects_investigated",),
              ("Cases", "Defendants"),
              "suspects of the trafficking cases opened in the year (every suspect of each "
              "case: a person in two cases counts twice)",
              by_sex=True, by_citizenship=True),
    Indicator("Persons prosecuted", ("prosecution.prosecutions",), ("Cases", "Defendants"),
              "persons charged in a trafficking case in the year (Defendants, by the date "
              "charged)",
              by_sex=True, by_citizenship=True),
    Indicator("Persons convicted", ("prosecution.convictions",), ("Cases", "Defendants"),
              "persons convicted of trafficking in the year (Defendants, by the date of the "
              "verdict); convictions under other laws are not included; the form of "
              "exploitation is that of the case",
              by_sex=True, by_form=True, by_citizenship=True),
    Indicator("Detected trafficking victims",
              ("protection.victims_identified", "protection.victims_potential"), ("Victims",),
              "victims identified in the year (Victims, by the date identified), confirmed and "
              "potential victims together, as UNODC counts detected victims; age is the age "
              "when identified",
              by_sex=True, by_age=True, by_form=True, form_by_person=True,
              by_citizenship=True),
)


# --- countries ---------------------------------------------------------------------------------


def _alpha3(code: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country is not None else None


def country_label(code: str) -> str:
    """A citizenship as UNODC writes it: ISO alpha-2 → UNODC's country name (``VN`` → ``Viet
    Nam``), else the UN short name; ``unknown`` → ``Unknown``."""
    from ..labels import country_name
    from .unodc_countries import COUNTRIES

    if code == "unknown":
        return UNKNOWN
    iso3 = _alpha3(code)
    if iso3 in COUNTRIES:
        return COUNTRIES[iso3][0]
    return country_name(code)


def country_row(code: str | None, name: str | None) -> tuple[str, str, str, str]:
    """The reporting country's first four columns: ISO alpha-3 code, name, region and
    subregion as UNODC writes them (empty where unknown)."""
    from .unodc_countries import COUNTRIES

    iso3 = _alpha3(code) if code else None
    if iso3 in COUNTRIES:
        return (iso3, *COUNTRIES[iso3])
    return (iso3 or "", name or "", "", "")


# --- one year's cells --------------------------------------------------------------------------


Key = tuple[str, str, str, str, str]  # indicator, dimension, category, sex, age


def records(figures: Figures, indicator: Indicator) -> pd.DataFrame:
    """One row per record the indicator counts this year, with the UNODC label of each of its
    columns, read from the figures' breakdowns."""
    frames = []
    for key in indicator.figures:
        fig: Figure = figures.get(key)
        rows = np.asarray(fig.rows["current"])
        if len(rows) != fig.current:  # pragma: no cover - a broken figure, not bad data
            raise RuntimeError(f"{key}: {len(rows)} rows behind a value of {fig.current}")
        index = pd.Index(rows)
        columns = {}
        for column in indicator.columns:
            codes = np.full(len(rows), "unknown", dtype=object)
            for code, part in fig.by[_DIMS[column]].items():
                codes[index.get_indexer(part.rows["current"])] = code
            columns[column] = codes
        frames.append(pd.DataFrame(columns, index=index))
    records = pd.concat(frames) if frames else pd.DataFrame()
    for column, labels in _LABELS.items():
        if column in records:
            records[column] = records[column].map(labels)
    if "Citizenship" in records:
        distinct = pd.unique(records["Citizenship"])
        records["Citizenship"] = records["Citizenship"].map(
            {c: country_label(c) for c in distinct})
    return records


def citizenships(records: pd.DataFrame) -> list[str]:
    return list(pd.unique(records["Citizenship"])) if "Citizenship" in records else []


def _order(labels) -> list[str]:
    """Countries alphabetically, Unknown last."""
    return sorted(set(labels), key=lambda c: (c == UNKNOWN, c))


def year_table(indicator: Indicator, records: pd.DataFrame, countries: list[str]
               ) -> tuple[dict[Key, int], list[tuple[Key, list[Key]]]]:
    """The indicator's cells for one year (in the order they are written) and its breakdowns,
    from that year's :func:`records`.

    ``countries``: the citizenships to write (those of every year exported, so that each year
    has the same rows)."""
    columns = list(indicator.columns)
    tally = (records.groupby(columns, dropna=False).size() if columns
             else pd.Series([len(records)], index=[()]))
    counted = [(dict(zip(columns, k if isinstance(k, tuple) else (k,))), int(n))
               for k, n in tally.items()]

    def count(**where: str) -> int:
        return sum(n for labels, n in counted
                   if all(v == TOTAL or labels[c] == v for c, v in where.items()))

    name = indicator.label
    sexes = [TOTAL, *SEX.values()] if indicator.by_sex else [TOTAL]
    ages = [TOTAL, *AGE.values()] if indicator.by_age else [TOTAL]
    cells: dict[Key, int] = {}
    breakdowns: list[tuple[Key, list[Key]]] = []

    def grid(dimension: str, category: str, sx: list[str], ag: list[str], **where) -> None:
        for s in sx:
            for a in ag:
                cells[(name, dimension, category, s, a)] = count(
                    **where, **({"Sex": s} if indicator.by_sex else {}),
                    **({"Age": a} if indicator.by_age else {}))
        for a in ag:
            if len(sx) > 1:
                breakdowns.append(((name, dimension, category, TOTAL, a),
                                   [(name, dimension, category, s, a) for s in sx[1:]]))
        for s in sx:
            if len(ag) > 1:
                breakdowns.append(((name, dimension, category, s, TOTAL),
                                   [(name, dimension, category, s, a) for a in ag[1:]]))

    grid(TOTAL, TOTAL, sexes, ages)
    if indicator.by_form:
        sx, ag = (sexes, ages) if indicator.form_by_person else ([TOTAL], [TOTAL])
        for form in FORMS:
            grid(BY_FORM, form, sx, ag, Form=form)
        for s in sx:
            for a in ag:
                breakdowns.append(((name, TOTAL, TOTAL, s, a),
                                   [(name, BY_FORM, form, s, a) for form in FORMS]))
    if indicator.by_citizenship:
        for country in _order(countries):
            cells[(name, BY_CITIZENSHIP, country, TOTAL, TOTAL)] = count(Citizenship=country)
        breakdowns.append(((name, TOTAL, TOTAL, TOTAL, TOTAL),
                           [(name, BY_CITIZENSHIP, c, TOTAL, TOTAL) for c in _order(countries)]))
    return cells, breakdowns


def supplied(figures: Figures, indicator: Indicator) -> bool:
    return all(figures.is_supplied(s) for s in indicator.sheets)

