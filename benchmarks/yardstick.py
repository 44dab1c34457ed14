"""The grouped-count yardstick: the figures the submission shows, counted in plain pandas.

What ``tipreport.compute`` is measured against. It starts from the frames ``load`` returns
(``dataset.tables``: accepted rows, typed, codes resolved — the same input ``compute`` gets), and
counts, for the current period through ``data_through``, the like-for-like span of the previous
period and the whole previous period:

- prosecution: investigations (by form, online), suspects investigated, prosecutions,
  convictions for trafficking, convictions under other laws, acquittals and dismissals (by form
  and sex, through each defendant's case),
  sentence bands, suspended terms, fines (count and sum), in absentia, prison-term range and
  median per form, complicit officials (investigated, prosecuted, convicted, their cases),
  convictions under other laws by law;
- protection: victims identified, confirmed and potential, by sex, age group, nationality,
  origin, form, who identified them and where they were exploited; referred, each service,
  sheltered (by shelter type), cooperated, compensated (count and sum), repatriated (by origin),
  each by status;
- activities per pillar: started and continued (overlapping) by kind, people reached by kind,
  inspections, amounts per currency;
- offences outside the trafficking figures (cases, suspects, prosecutions, convictions);
- the period ledger (each event date in exactly one bucket) and the month coverage per source
  file.

Written the way an analyst would write it with pandas — ``pd.cut`` for the windows, ``merge``
for the case join, ``groupby``/``value_counts`` for the counts, ``str.get_dummies`` for the
services — neither tuned nor handicapped. It answers numbers only: no provenance rows, no
document.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

WINDOW_LABELS = ("previous", "previous_rest", "current")


def window_edges(report_year: int, data_through: dt.date) -> list[pd.Timestamp]:
    """Edges for ``pd.cut`` (right-closed): like-for-like previous span, the rest of the
    previous period, the current period through ``data_through``."""
    prev_start = pd.Timestamp(report_year - 2, 4, 1)
    prev_end = pd.Timestamp(report_year - 1, 3, 31)
    through = pd.Timestamp(data_through)
    day = 28 if (through.month, through.day) == (2, 29) else through.day
    lfl_end = min(prev_end, pd.Timestamp(through.year - 1, through.month, day))
    return [prev_start - pd.Timedelta(days=1), lfl_end, prev_end, through]


def windows(dates: pd.Series, edges) -> pd.Series:
    return pd.cut(dates, bins=edges, labels=WINDOW_LABELS, right=True)


def count(win: pd.Series, base: pd.Series, by: tuple = (), weights: pd.Series | None = None):
    """Counts (or sums of ``weights``) of the ``base`` rows per window and breakdown key."""
    sel = base.fillna(False).astype(bool) & win.notna()
    keys = [win[sel]] + [b[sel] for b in by]
    if weights is None:
        return sel[sel].groupby(keys, observed=True, dropna=False).size()
    return weights[sel].groupby(keys, observed=True, dropna=False).sum()


def with_full(result: pd.Series) -> pd.DataFrame:
    """Windows as columns, with ``previous_full`` = like-for-like + the rest."""
    if result.index.nlevels == 1:
        table = result.to_frame().T
    else:
        table = result.unstack(0)
    table = table.reindex(columns=list(WINDOW_LABELS), fill_value=0).fillna(0)
    table["previous_full"] = table["previous"] + table["previous_rest"]
    return table.drop(columns="previous_rest")


def counts(tables: dict[str, pd.DataFrame], report_year: int, data_through: dt.date,
           submitted_on: dt.date, country: str = "KH") -> dict[str, pd.DataFrame]:
    edges = window_edges(report_year, data_through)
    out: dict[str, pd.Series] = {}
    cases, defs, vic, act = (tables["Cases"], tables["Defendants"], tables["Victims"],
                             tables["Activities"])

    # --- the case each defendant and victim belongs to --------------------------------------
    case_key = cases["case_id"].str.strip().str.casefold()
    case_cols = cases.assign(_key=case_key)[["_key", "opened_on", "offense", "exploitation"]]
    case_cols = case_cols.drop_duplicates("_key").add_prefix("case")
    defs = defs.assign(case_key=defs["case_id"].str.strip().str.casefold()).merge(
        case_cols, how="left", left_on="case_key", right_on="case_key")
    vic = vic.assign(case_key=vic["case_id"].str.strip().str.casefold()).merge(
        case_cols, how="left", left_on="case_key", right_on="case_key")

    # --- prosecution ------------------------------------------------------------------------
    traff = cases["offense"] == "trafficking"
    opened = windows(cases["opened_on"], edges)
    online = cases["online"].map({True: "yes", False: "no"}).fillna("unknown")
    out["investigations"] = count(opened, traff)
    out["investigations.by_exploitation"] = count(opened, traff, (cases["exploitation"],))
    out["investigations.by_online"] = count(opened, traff, (online,))

    dtraff = defs["caseoffense"] == "trafficking"
    form, sex = defs["caseexploitation"], defs["sex"]
    case_win = windows(defs["caseopened_on"], edges)
    charged = windows(defs["charged_on"], edges)
    verdict = windows(defs["verdict_on"], edges)
    convicted = dtraff & (defs["verdict"] == "convicted")
    other_law = convicted & defs["conviction_law"].notna()
    for name, win, base in (
            ("suspects_investigated", case_win, dtraff),
            ("prosecutions", charged, dtraff),
            ("convictions", verdict, convicted & ~other_law),
            ("convictions_other_laws", verdict, other_law),
            ("acquittals", verdict, dtraff & (defs["verdict"] == "acquitted")),
            ("dismissals", verdict, dtraff & (defs["verdict"] == "dismissed"))):
        out[name] = count(win, base)
        out[f"{name}.by_exploitation"] = count(win, base, (form,))
        out[f"{name}.by_sex"] = count(win, base, (sex,))
    suspended = defs["suspended"].fillna(False).astype(bool)
    band = pd.cut(defs["prison_months"], bins=[-1, 11.999, 59.999, 119.999, float("inf")],
                  labels=["under_1y", "1_5y", "5_10y", "over_10y"])
    out["sentences.by_band"] = count(verdict, convicted & ~suspended, (band,))
    out["sentences.suspended"] = count(verdict, convicted & suspended)
    fined = defs["fine"].fillna(0) > 0
    out["sentences.fines"] = count(verdict, convicted & fined)
    out["sentences.fines_amount"] = count(verdict, convicted & fined, weights=defs["fine"])
    out["sentences.in_absentia"] = count(verdict, convicted & defs["in_absentia"])
    served = convicted & ~suspended & defs["prison_months"].notna() & verdict.notna()
    out["sentences.terms"] = (defs[served].groupby([verdict[served], form[served]],
                                                   observed=True)["prison_months"]
                              .agg(["min", "median", "max"]).stack())
    official = defs["official"].fillna(False).astype(bool)
    out["officials.investigated"] = count(case_win, dtraff & official)
    out["officials.prosecuted"] = count(charged, dtraff & official)
    out["officials.convicted"] = count(verdict, convicted & official)
    out["officials.cases"] = defs.loc[dtraff & official].set_index(
        ["case_id", "caseexploitation", "verdict"])["prison_months"]
    out["convictions_other_laws.by_law"] = count(verdict, other_law, (defs["conviction_law"],))

    # --- protection -------------------------------------------------------------------------
    identified = windows(vic["identified_on"], edges)
    confirmed = vic["status"] == "confirmed"
    origin = pd.Series("foreign", index=vic.index).mask(vic["nationality"] == country,
                                                        "national")
    origin = origin.mask(vic["nationality"] == "unknown", "unknown")
    dims = {"sex": vic["sex"], "age_group": vic["age_group"], "nationality": vic["nationality"],
            "origin": origin, "exploitation": vic["exploitation"],
            "identified_by": vic["identified_by"], "exploited_in": vic["exploited_in"]}
    for name, base in (("victims_identified", confirmed),
                       ("victims_potential", vic["status"] == "potential")):
        out[name] = count(identified, base)
        for dim, series in dims.items():
            out[f"{name}.by_{dim}"] = count(identified, base, (series,))
    status = (vic["status"],)
    everyone = pd.Series(True, index=vic.index)
    out["victims_all.by_status"] = count(identified, everyone, status)
    out["referred.by_status"] = count(identified, vic["referred"], status)
    services = vic["services"].fillna("").str.get_dummies(sep=",").astype(bool)
    for service in services.columns:
        out[f"services.{service}.by_status"] = count(identified, services[service], status)
    sheltered = vic["shelter"].isin(["government", "ngo"])
    out["sheltered.by_shelter"] = count(identified, sheltered, (vic["shelter"], vic["status"]))
    repatriated = windows(vic["repatriated_on"], edges)
    out["repatriated.by_origin"] = count(repatriated, vic["repatriated_on"].notna(),
                                         (origin, vic["status"]))
    out["cooperated.by_status"] = count(identified, vic["cooperated"], status)
    compensated = vic["compensation"].fillna(0) > 0
    out["compensated.by_status"] = count(identified, compensated, status)
    out["compensation_amount"] = count(identified, compensated, weights=vic["compensation"])
    linked_other = vic["caseoffense"].isin(["sexual_exploitation", "other"])
    out["victims_linked_to_other_offences"] = count(identified, linked_other)

    # --- activities, per pillar ---------------------------------------------------------------
    started = windows(act["start_on"], edges)
    end = act["end_on"].fillna(act["start_on"])
    lo, hi = edges[0] + pd.Timedelta(days=1), edges[-1]
    spans = {"previous": (lo, edges[1]), "previous_full": (lo, edges[2]),
             "current": (edges[2] + pd.Timedelta(days=1), hi)}
    keys = [act["pillar"], act["kind"]]
    out["activities.started"] = count(started, pd.Series(True, index=act.index), tuple(keys))
    for name, (a, b) in spans.items():
        continued = (act["start_on"] < a) & (end >= a)
        overlap = (act["start_on"] <= b) & (end >= a)
        out[f"activities.continued.{name}"] = act[continued].groupby(keys).size()
        out[f"activities.overlapping.{name}"] = act[overlap].groupby(keys).size()
    inspection = act["kind"] == "labor_inspection"
    reach = [act["pillar"], act["kind"]] + ([act["channel"].fillna("in_person")]
                                            if "channel" in act else [])
    out["activities.reached"] = count(started, ~inspection, tuple(reach),
                                      weights=act["participants"])
    out["activities.inspections"] = count(started, inspection, (act["pillar"],),
                                          weights=act["participants"])
    out["activities.amount"] = count(started, act["amount"].notna(),
                                     (act["pillar"], act["currency"], act["agency"]),
                                     weights=act["amount"])

    # --- offences outside the trafficking figures -------------------------------------------
    other = cases["offense"].isin(["sexual_exploitation", "other"])
    dother = defs["caseoffense"].isin(["sexual_exploitation", "other"])
    out["other.cases"] = count(opened, other, (cases["offense"],))
    out["other.suspects"] = count(case_win, dother, (defs["caseoffense"],))
    out["other.prosecutions"] = count(charged, dother, (defs["caseoffense"],))
    out["other.convictions"] = count(verdict, dother & (defs["verdict"] == "convicted"),
                                     (defs["caseoffense"],))

    # --- the period ledger and the month coverage --------------------------------------------
    period_end = pd.Timestamp(report_year, 3, 31)
    for sheet, column in (("Cases", "opened_on"), ("Defendants", "charged_on"),
                          ("Defendants", "verdict_on"), ("Victims", "identified_on"),
                          ("Victims", "repatriated_on"), ("Activities", "start_on")):
        dates = tables[sheet][column]
        bucket = pd.Series("outside", index=dates.index)
        bucket = bucket.mask(dates.isna(), "undated")
        bucket = bucket.mask((dates >= edges[0] + pd.Timedelta(days=1)) & (dates <= edges[2]),
                             "previous")
        bucket = bucket.mask((dates > edges[2]) & (dates <= edges[3]), "current")
        bucket = bucket.mask((dates > edges[3]) & (dates <= period_end), "after_data_through")
        bucket = bucket.mask(dates > pd.Timestamp(submitted_on), "after_submission")
        out[f"ledger.{sheet}.{column}"] = bucket.value_counts()
    for sheet, column in (("Cases", "opened_on"), ("Defendants", "charged_on"),
                          ("Victims", "identified_on"), ("Activities", "start_on")):
        frame = tables[sheet]
        current = (frame[column] > edges[2]) & (frame[column] <= edges[3])
        month = frame.loc[current, column].dt.to_period("M")
        out[f"coverage.{sheet}"] = frame.loc[current].groupby(["_file", month]).size()

    return {name: (with_full(s) if _windowed(s) else s) for name, s in out.items()}


def _windowed(result: pd.Series) -> bool:
    first = result.index.get_level_values(0) if len(result) else []
    return len(result) > 0 and set(map(str, first)) <= set(WINDOW_LABELS)


def size(result: dict) -> int:
    """How many numbers the yardstick counted."""
    return sum(int(v.size) for v in result.values())
