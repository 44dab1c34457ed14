"""Prosecution: investigations, suspects, prosecutions, verdicts, sentences, complicit
officials, convictions under other laws, and case examples with their outcomes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from ..periods import Period
from ..reading import row_locator
from .counting import BLANK, Counter, Derived, case_keys, flag
from .model import WINDOWS, Terms, num

__all__ = ["prosecution", "other_offences", "SENTENCE_BANDS", "TIP_FORMS", "tip_form"]

SENTENCE_BANDS = ("under_1y", "1_5y", "5_10y", "over_10y")
#: the split of the TIP report's global law-enforcement table: sex trafficking, and labor
#: trafficking including forced criminality; mixed (sex and labor) cases named apart
TIP_FORMS = ("sex", "labor", "mixed", "other", "unknown")
YES_NO = ("yes", "no", "unknown")


def tip_form(exploitation: pd.Series, name: str = "tip_form") -> pd.Series:
    """The six forms folded into the TIP report's two-way split (forced criminality is labor)."""
    return exploitation.replace({"forced_criminality": "labor"}).rename(name)


def _yes_no(values: pd.Series) -> pd.Series:
    return values.map({True: "yes", False: "no"}).fillna("unknown").astype(object)


def _law(values: pd.Series) -> pd.Series:
    """Free-text law names, white space tidied; missing as "unknown"."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    tidy = np.array([" ".join(str(v).split()) for v in uniques] + ["unknown"], dtype=object)
    return pd.Series(tidy[codes], index=values.index, dtype=object, name=values.name)


def prosecution(t: dict[str, pd.DataFrame], windows: dict[str, Period],
                minimum_months: float | None) -> dict[str, Any]:
    cases, defs = t["Cases"], t["Defendants"]
    cc = Counter("Cases", cases, windows)
    dc = Counter("Defendants", defs, windows)
    traff = cc.where(offense="trafficking")
    dtraff = dc.where(case_offense="trafficking")
    forms = {"exploitation": schema.EXPLOITATION, "tip_form": TIP_FORMS, "sex": schema.SEX,
             "online": YES_NO}
    # a breakdown that tidies a column (online → yes / no / unknown, a law's spacing) keeps
    # its filter on the column as written (Derived)
    case_dims = {"exploitation": cases["exploitation"],
                 "tip_form": tip_form(cases["exploitation"]),
                 "online": Derived(_yes_no(cases["online"]), cases["online"]),
                 "law": Derived(_law(cases["law"]), cases["law"])}
    def_dims = {"exploitation": defs["case_exploitation"],
                "tip_form": tip_form(defs["case_exploitation"], "case_tip_form"),
                "sex": defs["sex"], "nationality": defs["nationality"],
                "online": Derived(_yes_no(defs["case_online"]), defs["case_online"])}
    opened = cc.dated("opened_on")
    def_opened = dc.dated("case_opened_on")
    charged = dc.dated("charged_on")
    at_verdict = dc.dated("verdict_on")
    convicted_any = dtraff & dc.where(verdict="convicted")
    convicted = convicted_any & dc.where(conviction_law=BLANK)
    convicted_other = convicted_any & dc.where_not(conviction_law=BLANK)
    official = dc.where(official=True)
    return {
        "investigations": cc.figure(traff, opened, case_dims, forms),
        "suspects_investigated": dc.figure(dtraff, def_opened, def_dims, forms),
        "prosecutions": dc.figure(dtraff, charged, def_dims, forms),
        "convictions": dc.figure(convicted, at_verdict, def_dims, forms),
        "acquittals": dc.figure(dtraff & dc.where(verdict="acquitted"), at_verdict, def_dims,
                                forms),
        "dismissals": dc.figure(dtraff & dc.where(verdict="dismissed"), at_verdict, def_dims,
                                forms),
        "sentences": _sentences(dc, defs, convicted, at_verdict, minimum_months),
        "convictions_other_laws": dc.figure(
            convicted_other, at_verdict,
            {"law": Derived(_law(defs["conviction_law"]), defs["conviction_law"]), **def_dims},
            forms),
        "sentences_other_laws": _sentences(dc, defs, convicted_other, at_verdict,
                                           minimum_months),
        "officials": {
            "investigated": dc.figure(dtraff & official, def_opened),
            "prosecuted": dc.figure(dtraff & official, charged),
            "convicted": dc.figure(convicted_any & official, at_verdict),
            "cases": _official_cases(defs, (dtraff & official).mask, windows["current"]),
        },
        "case_examples": _case_examples(cases, defs, traff.mask, windows["current"]),
    }


def _bands(months: pd.Series, served: np.ndarray) -> pd.Series:
    band = pd.Series(None, index=months.index, dtype=object)
    m = months.to_numpy(dtype=float, na_value=np.nan)
    for name, low, high in (("under_1y", -np.inf, 12), ("1_5y", 12, 60), ("5_10y", 60, 120),
                            ("over_10y", 120, np.inf)):
        band[served & (m >= low) & (m < high)] = name
    return band


def _sentences(dc: Counter, defs: pd.DataFrame, convicted, at_verdict,
               minimum_months: float | None) -> dict[str, Any]:
    """Sentences of the convicted in ``convicted`` (a :class:`Where`): prison-term bands over
    those whose term was not fully suspended; suspended, fined and in absentia among all of
    them; the range and median of terms per form; terms below the statutory minimum when it is
    given."""
    suspended = flag(defs["suspended"])
    months = defs["prison_months"]
    # a term to serve (not fully suspended), whoever was convicted: the bands are its lengths
    to_serve = ~suspended & flag(months.notna())
    dc.derive("sentence_band", _bands(months, to_serve))
    dc.derive("fined", flag(defs["fine"].fillna(0) > 0))
    served = convicted.mask & to_serve
    out: dict[str, Any] = {
        "by_band": {b: dc.figure(convicted & dc.where(sentence_band=b), at_verdict)
                    for b in SENTENCE_BANDS},
        "suspended": dc.figure(convicted & dc.where(suspended=True), at_verdict),
        "fines": dc.figure(convicted & dc.where(fined=True), at_verdict),
        "fines_amount": dc.figure(convicted & dc.where(fined=True), at_verdict,
                                  weights=defs["fine"]),
        "in_absentia": dc.figure(convicted & dc.where(in_absentia=True), at_verdict),
        "terms": _terms(months, served, at_verdict),
        "terms_by_exploitation": {
            form: _terms(months, served & flag(defs["case_exploitation"] == form), at_verdict)
            for form in schema.EXPLOITATION},
        "minimum_months": num(minimum_months) if minimum_months is not None else None,
        "below_minimum": None,
    }
    if minimum_months is not None:
        dc.derive("below_minimum", to_serve & flag(months < minimum_months))
        out["below_minimum"] = dc.figure(convicted & dc.where(below_minimum=True), at_verdict)
    return out


def _terms(months: pd.Series, served: np.ndarray, at_verdict: dict[str, np.ndarray]) -> Terms:
    values = months.to_numpy(dtype=float, na_value=np.nan)
    out = {}
    for w in WINDOWS:
        picked = values[served & at_verdict[w]]
        if len(picked):
            out[w] = {"count": int(len(picked)), "min": num(picked.min()),
                      "median": num(float(np.median(picked))), "max": num(picked.max())}
        else:
            out[w] = {"count": 0, "min": None, "median": None, "max": None}
    return Terms(out)


def _outcome(rows: pd.DataFrame) -> dict[str, Any]:
    """What became of a case's defendants: counts by verdict and the convicted's terms."""
    convicted = rows[rows["verdict"] == "convicted"]
    terms = [{"months": num(m) if pd.notna(m) else None, "suspended": bool(s is True),
              "in_absentia": bool(a is True), "fine": num(f) if pd.notna(f) and f else None,
              "law": None if pd.isna(law) else str(law)}
             for m, s, a, f, law in zip(convicted["prison_months"], convicted["suspended"],
                                        convicted["in_absentia"], convicted["fine"],
                                        convicted["conviction_law"])]
    return {
        "defendants": int(len(rows)),
        "charged": int(rows["charged_on"].notna().sum()),
        "convicted": int(len(convicted)),
        "acquitted": int((rows["verdict"] == "acquitted").sum()),
        "dismissed": int((rows["verdict"] == "dismissed").sum()),
        "pending": int((rows["verdict"] == "pending").sum()),
        "terms": sorted(terms, key=lambda x: -(x["months"] or 0)),
    }


def _official_cases(defs: pd.DataFrame, official: np.ndarray, current: Period
                    ) -> list[dict[str, Any]]:
    """Each complicit official's case with an event in the period: the case, the stage
    reached, the outcome and the sentence. Never a name (there are none in the intake)."""
    rows = defs[official]
    if not len(rows):
        return []
    event = (current.mask(rows["case_opened_on"]) | current.mask(rows["charged_on"])
             | current.mask(rows["verdict_on"]))
    rows = rows[event.to_numpy(dtype=bool)].sort_values(["case_opened_on", "case_id",
                                                         "person_id"], kind="stable")
    out = []
    for r in rows.to_dict("records"):
        verdict = r["verdict"]
        stage = ("verdict" if verdict != "pending" and pd.notna(r["verdict_on"])
                 else "prosecution" if pd.notna(r["charged_on"]) else "investigation")
        out.append({"case_id": r["case_id"], "exploitation": r["case_exploitation"],
                    "stage": stage, "verdict": verdict,
                    "prison_months": None if pd.isna(r["prison_months"])
                    else num(r["prison_months"]),
                    "suspended": bool(r["suspended"] is True),
                    "file": r["_file"], "sheet": r["_sheet"], "row": row_locator(r["_row"])})
    return out


def _case_examples(cases: pd.DataFrame, defs: pd.DataFrame, traff: np.ndarray,
                   current: Period) -> list[dict[str, Any]]:
    """Cases marked ``highlight`` with a summary and any event in the period (opened, or one of
    its defendants charged or judged), each with its outcome from Defendants."""
    keys, dkeys = case_keys(cases), case_keys(defs)
    active = set(dkeys[(current.mask(defs["charged_on"]) | current.mask(defs["verdict_on"]))
                       .to_numpy(dtype=bool)]) if len(defs) else set()
    chosen = (traff & flag(cases["highlight"]) & flag(cases["summary"].notna())
              & (flag(current.mask(cases["opened_on"])) | flag(keys.isin(active))))
    picked = cases[chosen].assign(_key=keys[chosen]).sort_values(["opened_on", "case_id"])
    # the defendants of the cases picked alone (a few hundred of a national 200,000)
    theirs = flag(dkeys.isin(set(picked["_key"]))) if len(defs) else None
    groups = ({k: g for k, g in defs[theirs].assign(_key=dkeys[theirs])
               .groupby("_key", sort=False)} if theirs is not None and theirs.any() else {})
    empty = defs.iloc[0:0]
    return [{"case_id": r["case_id"], "opened_on": r["opened_on"].date().isoformat(),
             "exploitation": r["exploitation"], "online": bool(r["online"] is True),
             "province": None if pd.isna(r["province"]) else r["province"],
             "summary": r["summary"], "outcome": _outcome(groups.get(r["_key"], empty)),
             "file": r["_file"], "sheet": r["_sheet"], "row": row_locator(r["_row"])}
            for r in picked.to_dict("records")]


def other_offences(t: dict[str, pd.DataFrame], windows: dict[str, Period]) -> dict[str, Any]:
    cases, defs = t["Cases"], t["Defendants"]
    offences = ("sexual_exploitation", "other")
    keys = {"offense": offences}
    cc = Counter("Cases", cases, windows)
    dc = Counter("Defendants", defs, windows)
    other = cc.where(offense=offences)
    dother = dc.where(case_offense=offences)
    dim = {"offense": defs["case_offense"]}
    return {
        "cases": cc.figure(other, cc.dated("opened_on"), {"offense": cases["offense"]}, keys),
        "suspects": dc.figure(dother, dc.dated("case_opened_on"), dim, keys),
        "prosecutions": dc.figure(dother, dc.dated("charged_on"), dim, keys),
        "convictions": dc.figure(dother & dc.where(verdict="convicted"),
                                 dc.dated("verdict_on"), dim, keys),
    }
