#!/usr/bin/env python3
"""Make the bundled sample intake data in ``sample_data/`` (synthetic, Cambodia-scale).

What it makes
-------------
Clearly synthetic records for the 2026 TIP report edition (period 1 April 2025 – 31 March 2026,
data through 15 January 2026, submitted 30 January 2026) and the previous period (1 April 2024 –
31 March 2025), split across files the way Cambodian ministries send them:

- ``police_cases_defendants.xlsx``: sheets ``Cases`` and ``Defendants`` (Ministry of Interior);
- ``social_affairs_victims.xlsx``: sheet ``Victims`` (Ministry of Social Affairs);
- ``activities.xlsx``: sheet ``Activities`` (all ministries);
- ``labour_activities.csv``: more ``Activities`` rows, from the Ministry of Labour (UTF-8, ``,``);
- ``committee_submission.xlsx``: sheets ``Recommendations``, ``Narrative`` and ``Submission``
  (the national committee).

The files carry the quirks of real ministry files on purpose: title rows above the header, human
headers ("Date opened", "Prison term (months)"), dates as real Excel dates, ISO text and
DD/MM/YYYY text, codes in human spellings ("Forced labour", "F", "Viet Nam", "Y"), ids as text
with leading zeros. Every header and code is one the intake contract (``tipreport/schema.py``)
knows, and the data is clean: no errors under the contract.

No value is dated after the submission date (30 January 2026) except planned end dates of
activities; a few dozen records are dated 16–30 January 2026, after ``data_through``, so that
they go to the supplementary update. No real person's name and no personal data appear anywhere.

How to rerun
------------
From the repository root::

    python scripts/make_sample_data.py            # writes sample_data/
    python scripts/make_sample_data.py OUT_DIR    # writes elsewhere

The output is deterministic (fixed random seed, fixed workbook timestamps, fixed zip entry
times): two runs give byte-identical files. Only the standard library and openpyxl are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

D = dt.date

SEED = 2026
FIXED_TIME = dt.datetime(2026, 1, 30, 0, 0)
ZIP_TIME = (2026, 1, 30, 0, 0, 0)

PREV_START, PREV_END = D(2024, 4, 1), D(2025, 3, 31)
CUR_START, CUR_END = D(2025, 4, 1), D(2026, 3, 31)
CARRY_START = D(2023, 4, 1)  # older cases: kept only when still in the courts in April 2024
SUBMITTED = D(2026, 1, 30)
DATA_THROUGH = D(2026, 1, 15)
DEADLINE = D(2026, 2, 2)
LIMIT = SUBMITTED  # nothing is dated after this (planned activity end dates excepted)
#: share of records dated after data_through that are already entered (data-entry lag)
LATE_ENTRY_KEEP = 0.45

SYNTHETIC = "SYNTHETIC SAMPLE DATA — not real records"

rng = random.Random(SEED)


# --- small helpers --------------------------------------------------------------------------------


def item(**fields) -> dict:
    """One record, written as keyword arguments."""
    return fields


def pick(weighted: dict | list):
    """One value: from a list (uniform) or a {value: weight} dict (weighted)."""
    if isinstance(weighted, dict):
        values = list(weighted)
        return rng.choices(values, weights=[weighted[v] for v in values])[0]
    return rng.choice(weighted)


def chance(p: float) -> bool:
    return rng.random() < p


def rand_date(start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def plus(day: dt.date, lo: int, hi: int) -> dt.date:
    return day + dt.timedelta(days=rng.randint(lo, hi))


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    out, d = [], D(start.year, start.month, 1)
    while d <= end:
        out.append(d)
        d = D(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def month_end(d: dt.date) -> dt.date:
    nxt = D(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def kept(day: dt.date) -> bool:
    """Records dated after data_through are only partly entered yet (data-entry lag)."""
    return day <= DATA_THROUGH or chance(LATE_ENTRY_KEEP)


def period_of(day: dt.date) -> str:
    if PREV_START <= day <= PREV_END:
        return "previous"
    if CUR_START <= day <= CUR_END:
        return "current"
    return "outside"


def date_cell(day: dt.date | None, text_share: float = 0.16):
    """A date as ministries type it: mostly a real Excel date, sometimes ISO or DD/MM/YYYY text."""
    if day is None:
        return None
    r = rng.random()
    if r < text_share / 2:
        return day.isoformat()
    if r < text_share:
        return day.strftime("%d/%m/%Y")
    return day


def csv_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return day.isoformat() if chance(0.6) else day.strftime("%d/%m/%Y")


def yes_no(value: bool | None, style: str = "mixed"):
    if value is None:
        return None
    if style == "excel":
        return bool(value)
    spellings = ({"Yes": 6, "Y": 3, "yes": 1} if value else {"No": 6, "N": 3, "no": 1})
    return pick(spellings)


# --- vocabularies in human spellings --------------------------------------------------------------

OFFENSE_SPELL = {
    "trafficking": {"Human trafficking": 50, "Trafficking": 30, "TIP": 10,
                    "Trafficking in persons": 10},
    "sexual_exploitation": {"Sexual exploitation": 70, "CSE": 30},
    "other": {"Other offence": 1},
}
EXPLOITATION_SPELL = {
    "labor": {"Labour": 35, "Forced labour": 30, "Labor": 8, "Debt bondage": 10,
              "Domestic servitude": 7, "Forced begging": 5, "Child labour": 5},
    "forced_criminality": {"Forced criminality": 35, "Online scam": 30, "Scam compound": 25,
                           "Forced criminal activity": 10},
    "sex": {"Sexual exploitation": 45, "Sex trafficking": 35, "Sex": 20},
    "mixed": {"Mixed": 60, "Sex and labour": 40},
    "other": {"Forced marriage": 75, "Surrogacy": 20, "Organ removal": 5},
    "unknown": {"Unknown": 60, "Not known": 40},
}
SEX_SPELL = {
    "female": {"Female": 6, "F": 4},
    "male": {"Male": 6, "M": 4},
    "unknown": {None: 6, "Unknown": 3, "Not recorded": 1},
}
VERDICT_SPELL = {
    "pending": {None: 5, "Pending": 4, "On trial": 1},
    "convicted": {"Convicted": 7, "Guilty": 2, "Sentenced": 1},
    "acquitted": {"Acquitted": 8, "Not guilty": 2},
    "dismissed": {"Dismissed": 6, "Case dismissed": 2, "Withdrawn": 2},
}
STATUS_SPELL = {
    "confirmed": {"Confirmed": 6, None: 2, "Victim": 1, "Actual victim": 1},
    "potential": {"Potential": 6, "Possible victim": 3, "Presumed": 1},
}
AGE_GROUP_SPELL = {
    "child": {"Child": 6, "Minor": 2, "Under 18": 2},
    "adult": {"Adult": 7, "Over 18": 3},
    "unknown": {"Unknown": 1},
}
IDENTIFIED_BY_SPELL = {
    "police": {"Police": 5, "AHTJP": 3, "Gendarmerie": 1, "Law enforcement": 1},
    "immigration": {"Immigration": 6, "Border police": 4},
    "labor_inspection": {"Labour inspection": 1},
    "social_services": {"Social affairs": 6, "MoSVY": 4},
    "ngo": {"NGO": 8, "Civil society": 2},
    "foreign_government": {"Foreign authorities": 6, "Embassy": 4},
    "court": {"Prosecutor": 6, "Court": 4},
    "self": {"Self-referral": 7, "Self": 3},
    "other": {"Other": 1},
}
SERVICE_SPELL = {
    "shelter": {"Shelter": 8, "Accommodation": 2},
    "medical": {"Medical": 6, "Health": 4},
    "psychosocial": {"Psychosocial": 5, "Counselling": 5},
    "legal": {"Legal aid": 6, "Legal": 4},
    "education": {"Education": 7, "Schooling": 3},
    "livelihood": {"Vocational training": 6, "Livelihood": 4},
    "reintegration": {"Reintegration": 7, "Family reunification": 3},
    "repatriation": {"Repatriation": 8, "Return assistance": 2},
}
SERVICE_ORDER = ["shelter", "medical", "psychosocial", "legal", "education", "livelihood",
                 "reintegration", "repatriation"]
SHELTER_SPELL = {
    "government": {"Government": 6, "Government shelter": 3, "State": 1},
    "ngo": {"NGO": 7, "NGO shelter": 3},
    "none": {"None": 6, "No": 4},
}
COUNTRY_SPELL = {
    "KH": {"KH": 55, "Cambodia": 25, "Cambodian": 8, "KHM": 7, "Khmer": 5},
    "VN": {"VN": 40, "Viet Nam": 35, "Vietnam": 20, "VNM": 5},
    "TH": {"TH": 45, "Thailand": 45, "THA": 10},
    "CN": {"CN": 40, "China": 45, "CHN": 15},
    "MY": {"MY": 45, "Malaysia": 45, "MYS": 10},
    "MM": {"MM": 40, "Myanmar": 50, "MMR": 10},
    "LA": {"LA": 40, "Lao PDR": 40, "Laos": 20},
    "ID": {"ID": 40, "Indonesia": 50, "IDN": 10},
    "PH": {"PH": 40, "Philippines": 60},
    "KR": {"KR": 50, "Republic of Korea": 50},
    "SA": {"SA": 50, "Saudi Arabia": 50},
    "TW": {"TW": 50, "Taiwan": 50},
    "IN": {"IN": 50, "India": 50},
}
PILLAR_SPELL = {
    "prevention": {"Prevention": 1},
    "protection": {"Protection": 9, "Victim protection": 1},
    "prosecution": {"Prosecution": 9, "Law enforcement": 1},
    "partnership": {"Partnership": 8, "International cooperation": 2},
}
KIND_SPELL = {
    "training": {"Training": 7, "Workshop": 3},
    "awareness": {"Awareness": 5, "Awareness campaign": 3, "Campaign": 2},
    "labor_inspection": {"Labour inspection": 8, "Inspection": 2},
    "hotline": {"Hotline": 8, "Helpline": 2},
    "agreement": {"Agreement": 4, "MOU": 6},
    "policy": {"Policy": 6, "Prakas": 2, "Guideline": 2},
    "budget": {"Budget": 8, "Budget allocation": 2},
    "screening": {"Screening": 8, "Victim screening": 2},
    "shelter": {"Shelter": 1},
    "coordination": {"Coordination": 5, "Coordination meeting": 5},
    "other": {"Other": 1},
}


def spell(table: dict, code: str):
    return pick(table[code])


def country(code: str | None):
    return None if code is None else pick(COUNTRY_SPELL[code])


# --- places, agencies, laws -----------------------------------------------------------------------

PROVINCES = {  # province: (id prefix, weight as a place of investigation)
    "Phnom Penh": ("PP", 22), "Preah Sihanouk": ("SHV", 14), "Banteay Meanchey": ("BMC", 12),
    "Svay Rieng": ("SVR", 7), "Oddar Meanchey": ("OMC", 5), "Battambang": ("BTB", 6),
    "Siem Reap": ("SRP", 6), "Kandal": ("KDL", 4), "Koh Kong": ("KKG", 3), "Takeo": ("TKO", 3),
    "Kampong Cham": ("KCM", 3), "Prey Veng": ("PVG", 3), "Kampot": ("KPT", 2),
    "Pursat": ("PST", 2), "Tbong Khmum": ("TBK", 2), "Kampong Speu": ("KSP", 2),
    "Kampong Thom": ("KTM", 1), "Kampong Chhnang": ("KCH", 1), "Pailin": ("PLN", 1),
    "Kratie": ("KRT", 1), "Stung Treng": ("STG", 1), "Ratanakiri": ("RTK", 1),
    "Preah Vihear": ("PVH", 1), "Mondulkiri": ("MDK", 1), "Kep": ("KEP", 1),
}
PROVINCE_WEIGHTS = {p: w for p, (_, w) in PROVINCES.items()}
LEAD_AGENCIES = {
    "Anti-Human Trafficking and Juvenile Protection Department (national)": 25,
    "Provincial Anti-Human Trafficking and Juvenile Protection Office": 45,
    "Provincial Police Commissariat": 12,
    "General Department of Immigration": 10,
    "National Military Police (Gendarmerie)": 8,
}
LAW_2008 = "Law on Suppression of Human Trafficking and Sexual Exploitation (2008)"
TRAFFICKING_LAW = {f"{LAW_2008}, Art. 15": 35, f"{LAW_2008}, Art. 12": 20,
                   f"{LAW_2008}, Art. 10": 15, f"{LAW_2008}, Art. 16": 10,
                   f"{LAW_2008}, Art. 17": 10, f"{LAW_2008}, Art. 8": 10}
SEXUAL_EXPLOITATION_LAW = {f"{LAW_2008}, Art. 24": 40, f"{LAW_2008}, Art. 25": 35,
                           f"{LAW_2008}, Art. 34": 25}
OTHER_LAW = {"Criminal Code (2009)": 60, "Law on Immigration (1994)": 40}


# --- cases and defendants -------------------------------------------------------------------------

#: share of each form among trafficking cases
EXPLOITATION_MIX = {"labor": 29, "forced_criminality": 28, "sex": 25, "mixed": 7, "other": 6,
                    "unknown": 5}
#: mean number of victims linked to a trafficking case, by form
VICTIMS_PER_CASE = {"forced_criminality": 6.0, "labor": 2.2, "sex": 1.6, "mixed": 2.2,
                    "other": 1.2, "unknown": 1.3}
ONLINE_SHARE = {"forced_criminality": 0.92, "sex": 0.3, "labor": 0.15, "mixed": 0.25,
                "other": 0.35, "unknown": 0.1}

#: (first day, last day, trafficking cases a year, sexual-exploitation a year, other a year)
CASE_SPANS = [
    (CARRY_START, PREV_START - dt.timedelta(days=1), 340, 38, 18),
    (PREV_START, PREV_END, 380, 40, 20),
    (CUR_START, LIMIT, 420, 42, 20),
]


def make_cases() -> list[dict]:
    cases = []
    for start, end, n_traf, n_sex, n_other in CASE_SPANS:
        days = (end - start).days + 1
        for offense, per_year in (("trafficking", n_traf), ("sexual_exploitation", n_sex),
                                  ("other", n_other)):
            n = round(per_year * days / 365)
            for _ in range(n):
                opened = rand_date(start, end)
                if not kept(opened):
                    continue
                cases.append({"opened_on": opened, "offense": offense})
    cases.sort(key=lambda c: (c["opened_on"], c["offense"]))
    seq: dict[int, int] = {}
    for case in cases:
        year = case["opened_on"].year
        seq[year] = seq.get(year, 0) + 1
        offense = case["offense"]
        if offense == "trafficking":
            form = pick(EXPLOITATION_MIX)
        elif offense == "sexual_exploitation":
            form = "sex" if chance(0.8) else None
        else:
            form = None
        case["exploitation"] = form
        province = pick(PROVINCE_WEIGHTS)
        if form == "forced_criminality":  # scam compounds cluster in a few provinces
            province = pick({"Preah Sihanouk": 40, "Phnom Penh": 20, "Banteay Meanchey": 12,
                             "Svay Rieng": 10, "Oddar Meanchey": 8, "Koh Kong": 5, "Pursat": 5})
        case["province"] = province
        case["case_id"] = f"{PROVINCES[province][0]}-{year}-{seq[year]:05d}"
        case["online"] = chance(ONLINE_SHARE.get(form or "unknown", 0.1))
        case["lead_agency"] = pick(LEAD_AGENCIES)
        case["law"] = pick({"trafficking": TRAFFICKING_LAW,
                            "sexual_exploitation": SEXUAL_EXPLOITATION_LAW,
                            "other": OTHER_LAW}[offense])
        case["highlight"] = False
        case["summary"] = None
        case["victims"] = []
        case["defendants"] = []
    return cases


SENTENCE_BANDS = {  # months, by band, for trafficking convictions
    "under_1y": [6, 8, 9, 10],
    "1_5y": [12, 18, 24, 30, 36, 48],
    "5_10y": [60, 72, 84, 96, 108],
    "over_10y": [120, 144, 180, 216, 240],
}
BAND_MIX = {"trafficking": {"under_1y": 8, "1_5y": 30, "5_10y": 37, "over_10y": 25},
            "sexual_exploitation": {"under_1y": 25, "1_5y": 60, "5_10y": 15},
            "other": {"under_1y": 40, "1_5y": 60}}


def still_in_court(case: dict) -> bool:
    """An older case belongs in the 2024–2026 register only if it was still before the courts."""
    return any((d["charged_on"] and d["charged_on"] >= PREV_START)
               or (d["verdict_on"] and d["verdict_on"] >= PREV_START)
               or (d["charged_on"] and d["verdict_on"] is None)
               for d in case["defendants"])


def make_defendants(cases: list[dict]) -> None:
    for case in cases:
        n = pick({1: 63, 2: 23, 3: 9, 4: 4, 5: 1})
        fc = case["exploitation"] == "forced_criminality"
        for k in range(1, n + 1):
            d = {"case": case, "person_id": f"{case['case_id']}-S{k}"}
            sex = pick({"male": 58, "female": 39, "unknown": 3})
            if case["exploitation"] == "sex" and chance(0.3):
                sex = "female"  # brothel keepers and recruiters
            d["sex"] = sex
            d["nationality"] = pick({"KH": 60, "CN": 28, "VN": 4, "TH": 3, "MY": 3, "ID": 2}
                                    if fc else {"KH": 88, "CN": 4, "VN": 4, "TH": 3, "MY": 1})
            if chance(0.04):
                d["nationality"] = None
            d["official"] = True if chance(0.03) else (False if chance(0.9) else None)
            opened = case["opened_on"]
            arrested = plus(opened, 0, 21) if chance(0.87) else None
            if arrested and arrested > LIMIT:
                arrested = None
            d["arrested_on"] = arrested
            charged = None
            if arrested and chance(0.94):
                charged = arrested + dt.timedelta(days=rng.choice([2, 2, 3, 3, 5, 7, 10, 14, 21,
                                                                   30, 45, 60]))
            elif not arrested and chance(0.5):
                charged = plus(opened, 20, 120)  # charged although at large
            if charged and (charged > LIMIT or not kept(charged)):
                charged = None
            d["charged_on"] = charged
            verdict, verdict_on = "pending", None
            if charged:
                trial = int(rng.triangular(45, 480, 150))  # days from charge to verdict
                when = charged + dt.timedelta(days=trial)
                if when <= LIMIT and kept(when):
                    # monthly case reviews since 2025: fewer cases stall or fail
                    verdict = pick({"convicted": 72, "acquitted": 11, "dismissed": 8,
                                    "pending": 9} if when < D(2025, 1, 1) else
                                   {"convicted": 78, "acquitted": 9, "dismissed": 6,
                                    "pending": 7})
                    verdict_on = when if verdict != "pending" else None
            d["verdict"], d["verdict_on"] = verdict, verdict_on
            d["in_absentia"] = None
            d["prison_months"] = d["suspended"] = d["fine"] = d["conviction_law"] = None
            if verdict == "convicted":
                band = pick(BAND_MIX[case["offense"]])
                months = rng.choice(SENTENCE_BANDS[band])
                d["prison_months"] = months
                d["suspended"] = (months < 60 and chance(0.16)) or chance(0.01)
                # most convicted without an arrest record were arrested later; some were not
                r = rng.random()
                d["in_absentia"] = (not arrested and r < 0.45) or r > 0.995
                if chance(0.6):
                    lo, hi = (10, 100) if case["offense"] == "trafficking" else (2, 20)
                    d["fine"] = rng.randint(lo, hi) * 1_000_000
                if case["offense"] == "trafficking" and chance(0.06):
                    d["conviction_law"] = pick({
                        "Labour Law (1997), Art. 15": 6 if case["exploitation"] == "labor" else 1,
                        "Criminal Code (2009), Art. 253": 2,
                        "Law on Immigration (1994)": 1,
                    })
            elif verdict in ("acquitted", "dismissed"):
                d["in_absentia"] = False if chance(0.5) else None
            case["defendants"].append(d)


# --- victims --------------------------------------------------------------------------------------


def victim_age(form: str | None, nationality: str) -> int:
    if form == "sex":
        return rng.randint(12, 17) if chance(0.32) else rng.randint(18, 38)
    if form == "labor":
        r = rng.random()
        if r < 0.05:
            return rng.randint(0, 9)  # children in brick kilns with their families, begging
        if r < 0.17:
            return rng.randint(10, 17)
        if r < 0.97:
            return rng.randint(18, 55)
        return rng.randint(56, 70)
    if form == "forced_criminality":
        return rng.randint(16, 17) if chance(0.04) else int(rng.triangular(18, 48, 25))
    if form == "mixed":
        return rng.randint(14, 17) if chance(0.2) else rng.randint(18, 40)
    if form == "other":  # forced marriage, surrogacy
        return rng.randint(16, 17) if chance(0.15) else rng.randint(18, 34)
    return rng.randint(12, 17) if chance(0.15) else rng.randint(18, 60)


def victim_sex(form: str | None) -> str:
    table = {"sex": {"female": 95, "male": 4, "unknown": 1},
             "labor": {"female": 42, "male": 56, "unknown": 2},
             "forced_criminality": {"female": 28, "male": 70, "unknown": 2},
             "mixed": {"female": 80, "male": 19, "unknown": 1},
             "other": {"female": 97, "male": 2, "unknown": 1}}
    return pick(table.get(form, {"female": 55, "male": 40, "unknown": 5}))


def services_for(v: dict) -> list[str]:
    chosen = []
    if v["shelter"] in ("government", "ngo"):
        chosen.append("shelter")
    if chance(0.7):
        chosen.append("medical")
    if chance(0.65):
        chosen.append("psychosocial")
    if v["cooperated"] or chance(0.15):
        chosen.append("legal")
    if v["age"] is not None and v["age"] < 18 and chance(0.6):
        chosen.append("education")
    if (v["age"] is None or v["age"] >= 16) and chance(0.3):
        chosen.append("livelihood")
    if v["nationality"] == "KH" and chance(0.5):
        chosen.append("reintegration")
    if v["repatriated_on"] is not None:
        chosen.append("repatriation")
    return chosen or ["medical"]


def finish_victim(v: dict, p_referred: float, p_cooperated: float) -> dict:
    """Fill in the care side of a victim record: referral, shelter, services, cooperation."""
    v["referred"] = chance(p_referred)
    if v["referred"]:
        v["shelter"] = pick({"government": 38, "ngo": 44, "none": 18})
    else:
        v["shelter"] = pick({"none": 60, None: 40})
    v["cooperated"] = chance(p_cooperated) if v["case"] is not None else (
        False if chance(0.3) else None)
    v["services"] = services_for(v) if v["referred"] else []
    v["compensation"] = None
    return v


def repatriation(identified: dt.date, lo: int, hi: int, p: float) -> dt.date | None:
    if not chance(p):
        return None
    day = plus(identified, lo, hi)
    return day if day <= LIMIT and kept(day) else None


def linked_victim(case: dict) -> dict:
    form = case["exploitation"]
    if form == "mixed":
        form = pick({"mixed": 60, "sex": 20, "labor": 20})
    if form == "unknown" and chance(0.3):
        form = None
    identified = case["opened_on"] - dt.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3, 5]))
    if identified < PREV_START <= case["opened_on"]:
        identified = case["opened_on"]
    if form == "forced_criminality":
        nat = pick({"KH": 42, "CN": 15, "VN": 10, "ID": 11, "TH": 8, "MM": 4, "MY": 3, "LA": 3,
                    "PH": 2, "IN": 2})
    else:
        nat = pick({"KH": 90, "VN": 6, "TH": 2, "LA": 2})
    if nat == "KH":
        where = "KH" if chance(0.7) else pick({"TH": 45, "MY": 20, "CN": 15, "MM": 15, "VN": 5})
        if form == "other":
            where = "CN" if chance(0.7) else "KH"
    else:
        where = "KH"
    v = {"case": case, "identified_on": identified, "exploitation": form, "nationality": nat,
         "exploited_in": where, "status": "confirmed" if chance(0.92) else "potential"}
    v["sex"] = victim_sex(form)
    v["age"] = victim_age(form, nat)
    v["identified_by"] = pick({"police": 58, "immigration": 9, "labor_inspection": 5 if form ==
                               "labor" else 1, "social_services": 8, "ngo": 12, "court": 2,
                               "self": 5, "foreign_government": 3 if where != "KH" else 0})
    if nat != "KH":
        v["repatriated_on"] = repatriation(identified, 14, 120, 0.75)
    elif where != "KH":
        v["repatriated_on"] = repatriation(identified, 2, 30, 0.85)
    else:
        v["repatriated_on"] = None
    return finish_victim(v, 0.9, 0.5)


def unlinked_victim(identified: dt.date) -> dict:
    profile = pick({"returned": 58, "screened": 26, "ngo": 16})
    if profile == "returned":  # own nationals exploited abroad, returned by foreign governments
        where = pick({"TH": 30, "MY": 14, "CN": 15, "MM": 20, "LA": 5, "VN": 5, "ID": 3,
                      "KR": 2, "SA": 3, "TW": 3})
        form = {"CN": pick({"other": 55, "labor": 25, "forced_criminality": 20}),
                "MM": pick({"forced_criminality": 85, "labor": 10, "sex": 5}),
                "LA": pick({"forced_criminality": 60, "labor": 30, "sex": 10}),
                "SA": "labor", "KR": "labor",
                }.get(where, pick({"labor": 55, "sex": 15, "forced_criminality": 20,
                                   "unknown": 10}))
        v = {"status": "confirmed" if chance(0.85) else "potential", "nationality": "KH",
             "exploited_in": where, "exploitation": form,
             "identified_by": pick({"foreign_government": 50, "immigration": 30, "ngo": 15,
                                    "self": 5})}
        v["repatriated_on"] = repatriation(identified, 2, 30, 0.9)
    elif profile == "screened":  # potential victims screened at the border or after raids
        form = pick({"forced_criminality": 40, "labor": 30, "unknown": 30})
        nat = pick({"KH": 70, "VN": 10, "CN": 8, "ID": 6, "TH": 6})
        v = {"status": "potential" if chance(0.6) else "confirmed", "nationality": nat,
             "exploited_in": "KH" if nat != "KH" or chance(0.5) else pick(["TH", "MM", "LA"]),
             "exploitation": form if chance(0.85) else None,
             "identified_by": pick({"immigration": 60, "police": 30, "other": 10})}
        v["repatriated_on"] = (repatriation(identified, 7, 60, 0.6) if nat != "KH" else None)
    else:  # identified by NGOs or social workers at home
        form = pick({"sex": 45, "labor": 45, "mixed": 10})
        v = {"status": "confirmed" if chance(0.85) else "potential", "nationality": "KH",
             "exploited_in": "KH", "exploitation": form,
             "identified_by": pick({"ngo": 60, "social_services": 30, "self": 10})}
        v["repatriated_on"] = None
    v["case"] = None
    v["identified_on"] = identified
    v["sex"] = victim_sex(v["exploitation"])
    v["age"] = victim_age(v["exploitation"], v["nationality"])
    return finish_victim(v, 0.82, 0.0)


#: victims identified a year, all sources
VICTIMS_PER_YEAR = {"previous": 1400, "current": 1550}


def make_victims(cases: list[dict]) -> list[dict]:
    victims: list[dict] = []
    for case in cases:
        if case["opened_on"] < PREV_START:
            continue  # the victim register starts in April 2024
        if case["offense"] == "trafficking":
            if chance(0.08):
                continue  # victims not (yet) identified, or identified abroad
            mean = VICTIMS_PER_CASE[case["exploitation"]]
            n = 1 + int(rng.expovariate(1 / (mean - 1)))
            n = min(n, 60)
        elif case["offense"] == "sexual_exploitation":
            n = 1 if chance(0.45) else 0
        else:
            n = 0
        for _ in range(n):
            v = linked_victim(case)
            if case["offense"] == "sexual_exploitation":
                v["exploitation"] = "sex"
            case["victims"].append(v)
            victims.append(v)
    for period, (start, end) in (("previous", (PREV_START, PREV_END)),
                                 ("current", (CUR_START, LIMIT))):
        linked = sum(1 for v in victims if period_of(v["identified_on"]) == period)
        target = round(VICTIMS_PER_YEAR[period] * ((end - start).days + 1) / 365)
        for _ in range(max(0, target - linked)):
            day = rand_date(start, end)
            if kept(day):
                victims.append(unlinked_victim(day))
    victims.sort(key=lambda v: v["identified_on"])
    seq: dict[int, int] = {}
    for v in victims:
        year = v["identified_on"].year
        seq[year] = seq.get(year, 0) + 1
        v["victim_id"] = f"MOSVY-{year}-{seq[year]:05d}"
    return victims


def add_compensation(cases: list[dict]) -> None:
    """A few victims of cases with a conviction were awarded compensation."""
    for case in cases:
        convicted = [d for d in case["defendants"] if d["verdict"] == "convicted"]
        if not convicted or case["offense"] != "trafficking":
            continue
        for v in case["victims"]:
            if v["cooperated"] and chance(0.05):
                v["compensation"] = rng.randint(2, 40) * 1_000_000


# --- case examples --------------------------------------------------------------------------------


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def count_of(n: int, singular: str, plural: str | None = None) -> str:
    """``count_of(1, "victim")`` → "one victim"; ``count_of(12, "victim")`` → "12 victims"."""
    word = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{word} {singular if n == 1 else (plural or singular + 's')}"


def join_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def term(months: int) -> str:
    return f"{months // 12} years" if months % 12 == 0 and months >= 24 else f"{months} months"


def court_of(province: str) -> str:
    return ("the Phnom Penh Municipal Court" if province == "Phnom Penh"
            else f"the {province} Provincial Court")


def outcome_sentence(case: dict) -> str:
    defendants = case["defendants"]
    convicted = [d for d in defendants if d["verdict"] == "convicted"]
    charged = [d for d in defendants if d["charged_on"]]
    court = court_of(case["province"])
    if convicted:
        terms = sorted({d["prison_months"] for d in convicted})
        if len(convicted) == 1:
            d = convicted[0]
            who = "the defendant" if len(defendants) == 1 else "one of the defendants"
            return (f"In {d['verdict_on']:%B %Y} {court} convicted {who} and imposed a "
                    f"prison term of {term(d['prison_months'])}"
                    + (", fully suspended." if d["suspended"] else "."))
        last = max(d["verdict_on"] for d in convicted)
        return (f"By {last:%B %Y} {court} had convicted {count_of(len(convicted), 'defendant')} "
                f"and imposed prison terms of {join_words([term(m) for m in terms])}.")
    if charged:
        return (f"{count_of(len(charged), 'suspect').capitalize()} "
                + ("were" if len(charged) > 1 else "was") + " sent to court; the trial is "
                "pending.")
    return "The investigation continues."


def summary_for(case: dict) -> str:
    form = case["exploitation"]
    nv = len(case["victims"])
    foreign = sum(1 for v in case["victims"] if v["nationality"] != "KH")
    children = sum(1 for v in case["victims"] if v["age"] is not None and v["age"] < 18)
    nd = len(case["defendants"])
    province = case["province"]
    suspects = count_of(nd, "suspect")
    victims = count_of(nv, "victim")
    were = "were" if nv != 1 else "was"
    if form == "forced_criminality":
        if foreign == nv:
            who = ", all of them foreign nationals"
        elif foreign:
            who = f", {foreign} of them foreign nationals"
        else:
            who = ", all Cambodian nationals"
        opening = ("Acting on a request for help relayed by a foreign embassy"
                   if foreign else "Acting on a complaint from a victim's family")
        return (f"{opening}, police in {province} entered a compound used for online fraud "
                f"and removed {victims}{who}. Victims reported that recruiters had offered "
                "office jobs on social media, then confiscated their passports, imposed debts "
                "and punished them for missing daily scam targets. Police arrested "
                f"{suspects} at the site. " + outcome_sentence(case))
    if form == "labor":
        kids = ("" if not children else ", one of them a child," if children == 1
                else f", {children} of them children,")
        return (f"A labour inspection in {province} found workers kept in forced labour through "
                f"debts and threats; {victims}{kids} {were} removed and referred to care. "
                "Investigators traced the advances used to prevent the workers from leaving "
                f"and charged {suspects} with trafficking. " + outcome_sentence(case))
    if form == "sex":
        kids = ("" if not children else " (a child)" if nv == 1
                else " (all of them children)" if children == nv
                else " (one of them a child)" if children == 1
                else f" ({children} of them children)")
        arrested = ("The venue manager was arrested." if nd == 1 else
                    f"{count_of(nd, 'suspect').capitalize()} were arrested, among them the "
                    "venue manager.")
        return (f"Acting on information from an NGO hotline, police in {province} identified "
                f"{victims}{kids} exploited in commercial sex through a karaoke venue and "
                f"messaging applications. {arrested} " + outcome_sentence(case))
    if form == "other":
        return (f"Police in {province}, working with a foreign government, investigated a "
                f"network that recruited young women abroad for forced marriage or commercial "
                f"surrogacy; {victims} "
                f"{were} returned with government support. " + outcome_sentence(case))
    return (f"Police in {province} investigated the recruitment of {victims} for exploitation "
            f"in both commercial sex and unpaid work. {suspects.capitalize()} "
            + ("were" if nd != 1 else "was") + " arrested. " + outcome_sentence(case))


def choose_highlights(cases: list[dict]) -> list[dict]:
    """About ten case examples: mostly from the current period up to data_through."""
    chosen = []
    wanted = [("current", "forced_criminality", 3), ("current", "labor", 2),
              ("current", "sex", 2), ("current", "other", 1), ("current", "mixed", 1),
              ("previous", "forced_criminality", 1), ("previous", "sex", 1)]
    for period, form, n in wanted:
        pool = [c for c in cases if c["offense"] == "trafficking" and c["exploitation"] == form
                and period_of(c["opened_on"]) == period and c["opened_on"] <= DATA_THROUGH
                and len(c["victims"]) >= (5 if form == "forced_criminality" else 1)
                and any(d["charged_on"] for d in c["defendants"])]
        # ministries pick cases that ended in convictions, and large ones
        pool.sort(key=lambda c: (not any(d["verdict"] == "convicted" for d in c["defendants"]),
                                 -len(c["victims"]), c["case_id"]))
        chosen.extend(pool[:n])
    for case in chosen:
        case["highlight"] = True
        case["summary"] = summary_for(case)
    # a few other cases carry a short note, but are not examples
    sources = {"forced_criminality": ["a foreign embassy", "the hotline", "a victim's family"],
               "labor": ["a labour inspector", "an NGO", "a commune chief"],
               "sex": ["an NGO", "the hotline", "a relative"],
               "other": ["the border checkpoint", "a relative"],
               "mixed": ["an NGO", "the hotline"], "unknown": ["the hotline"]}
    for case in cases:
        if (not case["highlight"] and case["offense"] == "trafficking" and case["victims"]
                and chance(0.05)):
            case["summary"] = (f"Opened on a tip from {pick(sources[case['exploitation']])}; "
                               f"{count_of(len(case['victims']), 'victim')} identified, "
                               f"{count_of(len(case['defendants']), 'suspect')}.")
    return chosen


# --- activities -----------------------------------------------------------------------------------

NCCT = "National Committee for Counter Trafficking (NCCT)"
MOI = "Ministry of Interior"
MOJ = "Ministry of Justice"
MOSVY = "Ministry of Social Affairs, Veterans and Youth Rehabilitation"
MOLVT = "Ministry of Labour and Vocational Training"
MOEYS = "Ministry of Education, Youth and Sport"
MFA = "Ministry of Foreign Affairs and International Cooperation"
PARTNERS = ["IOM", "UNODC", "UNICEF", "ILO", "local NGO partners", "a faith-based NGO",
            "an international NGO", "ASEAN Secretariat", "development partner (bilateral)"]
AWARE_PROVINCES = ["Banteay Meanchey", "Battambang", "Prey Veng", "Svay Rieng", "Takeo",
                   "Kampong Cham", "Siem Reap", "Oddar Meanchey", "Kampong Thom", "Pursat",
                   "Tbong Khmum", "Kampot", "Kandal", "Preah Sihanouk", "Koh Kong"]

# Each template: how many a year, and how to make one. ``when`` picks the start date in a span.
# Fields: pillar, kind, title, agency, partners, participants, amount, currency, location,
# description, result, end_on, tag (used to pick evidence for recommendations).


def _amount(lo: int, hi: int, step: int = 1_000_000) -> int:
    return rng.randint(lo // step, hi // step) * step


def tpl_awareness(start: dt.date) -> dict:
    prov = rng.choice(AWARE_PROVINCES)
    reached = rng.randint(150, 2500)
    return item(pillar="prevention", kind="awareness",
                title=f"Safe-migration awareness campaign in {prov} communes",
                agency=pick({NCCT: 3, MOI: 2, "Provincial Committee for Counter Trafficking": 5}),
                partners=pick([None, "IOM", "local NGO partners", "a child-protection NGO"]),
                participants=reached, amount=_amount(4_000_000, 30_000_000),
                location=prov, end_on=plus(start, 0, 4),
                description="Village meetings, loudspeaker announcements and leaflets on fake job "
                            "offers, recruitment debts and the hotline, for families of migrant "
                            "workers.",
                result=f"{reached:,} villagers reached in {rng.randint(4, 18)} communes.",
                tag="awareness")


def tpl_online_campaign(start: dt.date) -> dict:
    reached = rng.randint(140, 160) * 1000 + rng.randint(0, 999)
    return item(pillar="prevention", kind="awareness",
                title="Online campaign warning against fake job advertisements",
                agency=pick([NCCT, MOI]), partners=pick(["UNODC", "IOM", None]),
                participants=reached, amount=_amount(10_000_000, 40_000_000),
                location="National (social media)", end_on=plus(start, 20, 60),
                channel="Social media",
                description="Short videos and posts on social media and messaging applications "
                            "showing how scam compounds recruit through fake job offers.",
                result=f"{reached:,} accounts reached; {rng.randint(40, 400)} calls to the "
                       "hotline citing the campaign.", tag="awareness")


def tpl_school(start: dt.date) -> dict:
    prov = rng.choice(AWARE_PROVINCES)
    n = rng.randint(300, 1800)
    return item(pillar="prevention", kind="awareness",
                title=f"School sessions on trafficking risks for lower-secondary students, {prov}",
                agency=MOEYS, partners=pick(["UNICEF", "local NGO partners", None]),
                participants=n, amount=_amount(2_000_000, 12_000_000) if chance(0.7) else None,
                location=prov, end_on=plus(start, 0, 10),
                description="Classroom sessions by trained teachers on safe migration and online "
                            "recruitment.",
                result=f"{n:,} students in {rng.randint(3, 15)} schools.", tag="awareness")


def tpl_commune_training(start: dt.date) -> dict:
    prov = rng.choice(AWARE_PROVINCES)
    n = rng.randint(25, 80)
    return item(pillar="prevention", kind="training",
                title=f"Training of commune councils on preventing trafficking, {prov}",
                agency="Provincial Committee for Counter Trafficking", partners=None,
                participants=n, amount=_amount(3_000_000, 10_000_000), location=prov,
                end_on=plus(start, 1, 2),
                description="Two-day course for commune councillors and village chiefs on risk "
                            "signs, referral and the safe-migration law.",
                result=f"{n} commune officials trained.", tag="prevention_training")


def tpl_hotline(start: dt.date) -> dict:
    calls = rng.randint(180, 520)
    return item(pillar="prevention", kind="hotline",
                title=f"Anti-trafficking hotline operations, {start:%B %Y}",
                agency=MOI, partners=None, participants=calls, amount=None,
                location="National", end_on=month_end(start),
                description="24-hour hotline of the Anti-Human Trafficking and Juvenile "
                            "Protection Department; calls counted as people reached.",
                result=f"{calls} calls received; {rng.randint(5, 30)} referred for "
                       "investigation.", tag="hotline")


def tpl_protection_training(start: dt.date) -> dict:
    n = rng.randint(20, 60)
    return item(pillar="protection", kind="training",
                title="Training of social workers on victim identification and trauma-informed "
                      "care",
                agency=MOSVY, partners=pick(["IOM", "UNICEF", "local NGO partners"]),
                participants=n, amount=(_amount(6_000_000, 25_000_000) if chance(0.65) else
                                        rng.randint(2, 9) * 1000),
                location=pick(AWARE_PROVINCES),
                end_on=plus(start, 2, 4),
                description="Use of the national victim identification guidelines and "
                            "interviewing of survivors without re-traumatisation.",
                result=f"{n} social workers trained.", tag="victim_training")


def tpl_screening(start: dt.date) -> dict:
    place = pick({"Poipet international checkpoint": 5, "Bavet international checkpoint": 3,
                  "Phnom Penh International Airport": 2})
    n = rng.randint(250, 1400)
    return item(pillar="protection", kind="screening",
                title=f"Screening of returning migrants at {place}, {start:%B %Y}",
                agency=MOSVY, partners=pick(["IOM", None]), participants=n, amount=None,
                location=place.split(" international")[0].replace(
                    "Phnom Penh International Airport", "Phnom Penh"),
                end_on=month_end(start),
                description="Social workers screen deported and returning migrants for "
                            "trafficking indicators and refer them to care.",
                result=f"{n:,} returnees screened; {rng.randint(10, 60)} referred as possible "
                       "victims.", tag="screening")


def tpl_case_conference(start: dt.date) -> dict:
    n = rng.randint(12, 30)
    return item(pillar="protection", kind="coordination",
                title="Case conference on the referral of victims removed from scam compounds",
                agency=MOSVY, partners="IOM; local NGO partners", participants=n, amount=None,
                location="Phnom Penh", end_on=None,
                description="Police, social workers, NGO shelters and embassies agree a care and "
                            "return plan for each victim.",
                result=f"Care plans agreed for {rng.randint(15, 80)} victims.",
                tag="referral")


def tpl_repatriation_support(start: dt.date) -> dict:
    n = rng.randint(20, 120)
    return item(pillar="protection", kind="other",
                title="Return assistance for Cambodian victims identified abroad",
                agency=MOSVY, partners=MFA + "; IOM", participants=n,
                amount=_amount(20_000_000, 120_000_000), location="Poipet and Phnom Penh",
                end_on=plus(start, 30, 90),
                description="Transport, temporary accommodation and family tracing for "
                            "Cambodian victims returned from neighbouring countries.",
                result=f"{n} victims returned to their families.", tag="repatriation")


def tpl_shelter(start: dt.date) -> dict:
    return item(pillar="protection", kind="shelter",
                title="Operation of the government transit and reception centre, Poipet",
                agency=MOSVY, partners="IOM", participants=rng.randint(400, 900),
                amount=_amount(300_000_000, 600_000_000), location="Banteay Meanchey",
                end_on=plus(start, 180, 182),
                description="Temporary accommodation, meals, medical checks and counselling for "
                            "victims and vulnerable returnees.",
                result="Residents received care and referral within 72 hours.", tag="shelter")


def tpl_police_training(start: dt.date) -> dict:
    topic = pick({"investigating online scam compounds": 4,
                  "financial investigation of trafficking networks": 2,
                  "victim-centred interviewing": 2,
                  "digital evidence from messaging applications": 2})
    n = rng.randint(25, 70)
    return item(pillar="prosecution", kind="training",
                title=f"Training of anti-trafficking police on {topic}",
                agency=MOI, partners=pick(["UNODC", "IOM", "development partner (bilateral)",
                                           None]),
                participants=n, amount=_amount(8_000_000, 40_000_000) if chance(0.65) else
                rng.randint(3, 15) * 1000, location=pick(["Phnom Penh",
                                                                          "Siem Reap",
                                                                          "Preah Sihanouk"]),
                end_on=plus(start, 2, 4),
                description=f"Course for investigators of the provincial anti-trafficking "
                            f"offices on {topic}.",
                result=f"{n} officers trained.", tag="police_training")


def tpl_judicial_training(start: dt.date) -> dict:
    n = rng.randint(20, 50)
    return item(pillar="prosecution", kind="training",
                title="Workshop for judges and prosecutors on the 2008 anti-trafficking law",
                agency=MOJ, partners=pick(["UNODC", "an international NGO"]), participants=n,
                amount=_amount(10_000_000, 35_000_000), location="Phnom Penh",
                end_on=plus(start, 1, 2),
                description="Applying the 2008 law to labour trafficking and forced criminality, "
                            "sentencing and victims' compensation.",
                result=f"{n} judges and prosecutors trained.", tag="judicial_training")


def tpl_prosecution_coordination(start: dt.date) -> dict:
    return item(pillar="prosecution", kind="coordination",
                title="Coordination meeting of prosecutors and anti-trafficking police",
                agency=MOJ, partners=None, participants=rng.randint(15, 40), amount=None,
                location="Phnom Penh", end_on=None,
                description="Review of pending trafficking cases and of cases at risk of "
                            "delay.",
                result=f"{rng.randint(10, 45)} pending cases reviewed.", tag="case_review")


def tpl_joint_operation(start: dt.date) -> dict:
    prov = pick({"Preah Sihanouk": 4, "Banteay Meanchey": 2, "Svay Rieng": 2, "Phnom Penh": 2})
    n = rng.randint(30, 400)
    return item(pillar="prosecution", kind="other",
                title=f"Inter-agency operation against online scam compounds, {prov}",
                agency=MOI, partners="General Department of Immigration", participants=None,
                amount=_amount(20_000_000, 90_000_000), location=prov,
                end_on=plus(start, 3, 20),
                description="Police, immigration and labour officials inspect buildings "
                            "suspected of hosting scam operations and screen the workers "
                            "found.",
                result=f"{rng.randint(3, 12)} buildings inspected; {n} workers screened.",
                tag="scam_operation")


def tpl_partnership_meeting(start: dt.date) -> dict:
    country_name = pick({"Thailand": 3, "Viet Nam": 2, "China": 3, "Indonesia": 1,
                         "Malaysia": 1, "Lao PDR": 1, "Republic of Korea": 1})
    return item(pillar="partnership", kind="coordination",
                title=f"Bilateral meeting with {country_name} on trafficking cases and "
                      "repatriation",
                agency=pick([MOI, NCCT]), partners=f"Government of {country_name}",
                participants=rng.randint(12, 40), amount=None,
                location=pick(["Phnom Penh", "Siem Reap", "abroad"]), end_on=plus(start, 0, 2),
                description="Exchange of case information, joint investigation requests and "
                            "procedures for the return of victims.",
                result=f"{rng.randint(2, 15)} joint case requests agreed.", tag="bilateral")


def tpl_joint_training(start: dt.date) -> dict:
    return item(pillar="partnership", kind="training",
                title="Joint training with regional police on cross-border investigations",
                agency=MOI, partners=pick(["ASEAN Secretariat", "UNODC"]),
                participants=rng.randint(30, 60), amount=rng.randint(8, 30) * 1000,
                currency="USD", location="Phnom Penh", end_on=plus(start, 2, 4),
                description="Investigators from ASEAN member states on evidence sharing and "
                            "mutual legal assistance.",
                result="Contact points for urgent requests designated.",
                tag="regional_training")


def tpl_labour_inspection(start: dt.date) -> dict:
    sector, prov = pick({
        ("brick kilns", "Kandal"): 3, ("brick kilns", "Kampong Chhnang"): 2,
        ("fishing vessels and ports", "Koh Kong"): 2, ("fishing vessels and ports",
                                                       "Preah Sihanouk"): 2,
        ("garment and footwear factories", "Phnom Penh"): 3,
        ("rubber and cashew plantations", "Kampong Thom"): 2,
        ("construction sites", "Phnom Penh"): 2,
        ("casinos and entertainment premises", "Preah Sihanouk"): 2,
        ("casinos and entertainment premises", "Banteay Meanchey"): 1,
    })
    n = rng.randint(12, 85)
    referred = rng.randint(0, 6) if chance(0.5) else 0
    return item(pillar="prevention", kind="labor_inspection",
                title=f"Labour inspections of {sector}, {prov}",
                agency=MOLVT, partners=pick([None, "ILO"]),
                participants=n, amount=_amount(1_000_000, 8_000_000) if chance(0.6) else None,
                location=prov, end_on=plus(start, 1, 10),
                description=f"Unannounced inspections of {sector} checking wages, debts, "
                            "identity documents and the age of workers.",
                result=(f"{n} workplaces inspected; {referred} referred to police for forced "
                        "labour indicators." if referred else
                        f"{n} workplaces inspected; no forced labour indicators found."),
                tag="labour_inspection")


def tpl_inspector_training(start: dt.date) -> dict:
    n = rng.randint(20, 50)
    return item(pillar="prevention", kind="training",
                title="Training of labour inspectors on forced labour indicators",
                agency=MOLVT, partners="ILO", participants=n,
                amount=_amount(5_000_000, 20_000_000), location="Phnom Penh",
                end_on=plus(start, 1, 3),
                description="Indicators of forced labour and debt bondage, and referral of cases "
                            "to the anti-trafficking police.",
                result=f"{n} labour inspectors trained.", tag="inspector_training")


def tpl_predeparture(start: dt.date) -> dict:
    n = rng.randint(200, 1500)
    return item(pillar="prevention", kind="awareness",
                title="Pre-departure orientation for migrant workers",
                agency=MOLVT, partners=pick(["IOM", "ILO", None]), participants=n,
                amount=None, location=pick(["Phnom Penh", "Battambang", "Prey Veng"]),
                end_on=plus(start, 0, 30),
                description="Orientation on contracts, fees, workers' rights and where to get "
                            "help abroad.",
                result=f"{n:,} departing workers oriented.", tag="predeparture")


# (template, per year, which file)
TEMPLATES = [
    (tpl_awareness, 30, "xlsx"), (tpl_school, 8, "xlsx"),
    (tpl_commune_training, 6, "xlsx"), (tpl_protection_training, 8, "xlsx"),
    (tpl_case_conference, 6, "xlsx"), (tpl_repatriation_support, 3, "xlsx"),
    (tpl_police_training, 12, "xlsx"), (tpl_judicial_training, 4, "xlsx"),
    (tpl_prosecution_coordination, 6, "xlsx"), (tpl_joint_operation, 4, "xlsx"),
    (tpl_partnership_meeting, 8, "xlsx"), (tpl_joint_training, 3, "xlsx"),
    (tpl_inspector_training, 4, "csv"), (tpl_predeparture, 6, "csv"),
]
MONTHLY = [(tpl_hotline, "xlsx"), (tpl_screening, "xlsx")]
QUARTERLY = [(tpl_online_campaign, "xlsx", (6, 9, 12, 3))]  # (template, file, months)
LABOUR_INSPECTIONS_PER_MONTH = 4


def one_off_activities(period: str) -> list[tuple[dt.date, dict, str]]:
    """Policies, agreements, budgets and shelters: a few a year, written out by hand."""
    out = []
    if period == "previous":
        out += [
            (D(2024, 6, 18), item(
                pillar="partnership", kind="agreement",
                title="Memorandum of understanding with Thailand on cooperation against "
                      "trafficking (renewed)", agency=MOI, partners="Government of Thailand",
                participants=None, amount=None, location="Bangkok", end_on=D(2029, 6, 17),
                description="Renews the bilateral framework for joint investigations, "
                            "identification and safe return of victims.",
                result="Joint working group meets twice a year.", tag="agreement"), "xlsx"),
            (D(2024, 11, 5), item(
                pillar="partnership", kind="agreement",
                title="Agreement with Viet Nam on standard procedures for identifying and "
                      "returning victims", agency=MOSVY, partners="Government of Viet Nam",
                participants=None, amount=None, location="Phnom Penh", end_on=D(2029, 11, 4),
                description="Common screening form and timelines for the return of victims "
                            "across the Bavet–Moc Bai border.",
                result="Return within 30 days of identification as the target.",
                tag="agreement"), "xlsx"),
            (D(2024, 9, 2), item(
                pillar="prevention", kind="policy",
                title="National Strategic Plan on Counter Trafficking 2024–2028 adopted",
                agency=NCCT, partners=None, participants=None,
                amount=_amount(1_500_000_000, 2_500_000_000, 100_000_000),
                location="National", end_on=D(2028, 12, 31),
                description="Five-year plan with costed actions for each ministry, including "
                            "scam compounds and labour recruitment.",
                result="Annual action plans adopted by all member ministries.",
                tag="policy"), "xlsx"),
            (D(2025, 1, 1), item(
                pillar="prevention", kind="budget",
                title="Government budget allocation to the NCCT secretariat, fiscal year 2025",
                agency=NCCT, partners=None, participants=None, amount=7_800_000_000,
                location="National", end_on=D(2025, 12, 31),
                description="Recurrent budget for the committee's secretariat and provincial "
                            "committees.", result=None, tag="budget"), "xlsx"),
            (D(2025, 1, 1), item(
                pillar="protection", kind="budget",
                title="Budget for victim services and repatriation, fiscal year 2025",
                agency=MOSVY, partners=None, participants=None, amount=2_900_000_000,
                location="National", end_on=D(2025, 12, 31),
                description="Shelter operations, transport and reintegration grants.",
                result=None, tag="budget"), "xlsx"),
            (D(2025, 1, 1), item(
                pillar="prosecution", kind="budget",
                title="Operational budget of the anti-trafficking police, fiscal year 2025",
                agency=MOI, partners=None, participants=None, amount=4_100_000_000,
                location="National", end_on=D(2025, 12, 31),
                description="Investigations, operations and the hotline.", result=None,
                tag="budget"), "xlsx"),
            (D(2024, 10, 14), item(
                pillar="prevention", kind="policy",
                title="Prakas on the licensing and inspection of private recruitment agencies",
                agency=MOLVT, partners=None, participants=None, amount=None,
                location="National", end_on=None,
                description="Requires licensed agencies to register every contract and bans "
                            "fees charged to workers.",
                result=None, tag="recruitment_policy"), "csv"),
        ]
    else:
        out += [
            (D(2025, 7, 22), item(
                pillar="partnership", kind="agreement",
                title="Memorandum of understanding with China on joint action against online "
                      "scam operations", agency=MOI, partners="Government of China",
                participants=None, amount=None, location="Phnom Penh", end_on=D(2030, 7, 21),
                description="Information sharing, joint investigations and the return of "
                            "victims and suspects.",
                result="Liaison officers designated on both sides.", tag="agreement"), "xlsx"),
            (D(2025, 10, 8), item(
                pillar="partnership", kind="agreement",
                title="Agreement with Indonesia on the identification and return of victims of "
                      "scam compounds", agency=MFA, partners="Government of Indonesia",
                participants=None, amount=None, location="Jakarta", end_on=D(2028, 10, 7),
                description="Consular notification within 48 hours and shared screening "
                            "criteria.",
                result="Procedure applied to victims identified since October 2025.",
                tag="agreement"), "xlsx"),
            (D(2025, 6, 3), item(
                pillar="prosecution", kind="policy",
                title="Guideline on undercover and digital investigation techniques in "
                      "trafficking cases", agency=MOJ, partners="UNODC", participants=None,
                amount=None, location="National", end_on=None,
                description="Sets the conditions, prosecutor authorisation and safeguards for "
                            "undercover online contact in trafficking investigations.",
                result="Applied in investigations from September 2025.",
                tag="undercover_policy"), "xlsx"),
            (D(2025, 9, 15), item(
                pillar="protection", kind="policy",
                title="Revised national guidelines on victim identification and referral",
                agency=MOSVY, partners="IOM", participants=None, amount=None,
                location="National", end_on=None,
                description="Adds indicators for forced criminality and a screening step for "
                            "persons found in raids on scam compounds, so that victims are not "
                            "punished for acts they were forced to commit.",
                result="Distributed to all provincial social affairs departments.",
                tag="identification_policy"), "xlsx"),
            (D(2025, 12, 10), item(
                pillar="prevention", kind="policy",
                title="Inter-ministerial data-sharing protocol on trafficking statistics",
                agency=NCCT, partners=None, participants=None, amount=None,
                location="National", end_on=None,
                description="Common case, defendant and victim registers with the same fields "
                            "for all ministries, reported for the April–March period.",
                result="Used for this submission.", tag="data_policy"), "xlsx"),
            (D(2026, 1, 1), item(
                pillar="prevention", kind="budget",
                title="Government budget allocation to the NCCT secretariat, fiscal year 2026",
                agency=NCCT, partners=None, participants=None, amount=8_400_000_000,
                location="National", end_on=D(2026, 12, 31),
                description="Recurrent budget for the committee's secretariat and provincial "
                            "committees.", result=None, tag="budget"), "xlsx"),
            (D(2026, 1, 1), item(
                pillar="protection", kind="budget",
                title="Budget for victim services and repatriation, fiscal year 2026",
                agency=MOSVY, partners=None, participants=None, amount=3_600_000_000,
                location="National", end_on=D(2026, 12, 31),
                description="Shelter operations, transport, reintegration grants and a new "
                            "line for victims' legal representation.",
                result=None, tag="budget"), "xlsx"),
            (D(2026, 1, 1), item(
                pillar="prosecution", kind="budget",
                title="Operational budget of the anti-trafficking police, fiscal year 2026",
                agency=MOI, partners=None, participants=None, amount=4_700_000_000,
                location="National", end_on=D(2026, 12, 31),
                description="Investigations, operations against scam compounds and the "
                            "hotline.", result=None, tag="budget"), "xlsx"),
            (D(2025, 11, 20), item(
                pillar="prevention", kind="policy",
                title="Sub-decree requiring labour inspections of premises licensed for "
                      "online gaming and casinos", agency=MOLVT, partners=None,
                participants=None, amount=None, location="National", end_on=None,
                description="Gives labour inspectors access to casinos and premises licensed "
                            "for online gaming, where scam compounds have operated.",
                result="Inspections began in December 2025.",
                tag="inspection_policy"), "csv"),
        ]
    return out


def make_activities() -> list[dict]:
    acts: list[dict] = []
    for period, start, end in (("previous", PREV_START, PREV_END), ("current", CUR_START, LIMIT)):
        days = (end - start).days + 1
        drafts: list[tuple[dt.date, dict, str]] = []
        for tpl, per_year, where in TEMPLATES:
            for _ in range(round(per_year * days / 365)):
                day = rand_date(start, end)
                drafts.append((day, tpl(day), where))
        for month in month_starts(start, end):
            for tpl, where in MONTHLY:
                drafts.append((month, tpl(month), where))
            for tpl, where, months in QUARTERLY:
                if month.month in months:
                    day = month + dt.timedelta(days=rng.randint(0, 19))
                    drafts.append((day, tpl(day), where))
            for _ in range(LABOUR_INSPECTIONS_PER_MONTH):
                day = rand_date(month, min(month_end(month), end))
                drafts.append((day, tpl_labour_inspection(day), "csv"))
        for half in (D(start.year, 4, 1), D(start.year, 10, 1)):  # funded six months at a time
            drafts.append((half, tpl_shelter(half), "xlsx"))
        drafts += one_off_activities(period)
        for day, act, where in drafts:
            if day > LIMIT or not kept(day):
                continue
            act.setdefault("currency", None)
            if act["amount"] is not None and act["currency"] is None:
                if act["amount"] < 100_000:  # partner-funded, recorded in dollars
                    act["currency"] = "USD"
                else:
                    act["currency"] = pick({"KHR": 6, None: 3, "Riel": 1})
            act["start_on"] = day
            if act["end_on"] is not None and act["end_on"] < day:
                act["end_on"] = day
            act["file"] = where
            acts.append(act)
    acts.sort(key=lambda a: (a["start_on"], a["file"], a["title"]))
    seq: dict[tuple[str, int], int] = {}
    for a in acts:
        prefix = "LAB" if a["file"] == "csv" else "ACT"
        key = (prefix, a["start_on"].year)
        seq[key] = seq.get(key, 0) + 1
        a["activity_id"] = f"{prefix}-{a['start_on'].year}-{seq[key]:04d}"
    return acts


# --- recommendations and narrative ---------------------------------------------------------------


def evidence(acts: list[dict], cases: list[dict], tags: list[str], n_acts: int = 2,
             case_filter=None, n_cases: int = 0) -> str:
    ids = []
    for tag in tags:
        pool = [a["activity_id"] for a in acts if a["tag"] == tag
                and CUR_START <= a["start_on"] <= DATA_THROUGH]
        ids += pool[:n_acts]
    if case_filter is not None:
        pool = [c["case_id"] for c in cases if CUR_START <= c["opened_on"] <= DATA_THROUGH
                and case_filter(c)]
        ids += pool[:n_cases]
    return ", ".join(ids)


def make_recommendations(acts: list[dict], cases: list[dict], fig: dict) -> list[dict]:
    def highlighted(form):
        return lambda c: c["highlight"] and c["exploitation"] == form

    def with_official(c):
        return any(d["official"] for d in c["defendants"])

    recs = [
        item(rec="Increase efforts to investigate, prosecute and convict traffickers, including "
                 "those operating online scam compounds, and seek adequate sentences, which "
                 "should involve significant prison terms.",
             prioritized=True, status="in_progress",
             response=f"Between 1 April 2025 and 15 January 2026 the police opened "
                      f"{fig['cases']} trafficking investigations, {fig['fc_cases']} of them "
                      f"into forced criminality in scam compounds, and courts convicted "
                      f"{fig['convicted']} traffickers; {fig['long_terms']} of the prison terms "
                      "imposed were of five years or more. Inter-agency operations against scam "
                      "compounds continued in Preah Sihanouk, Banteay Meanchey and Svay Rieng.",
             evidence=evidence(acts, cases, ["scam_operation"], 2,
                               highlighted("forced_criminality"), 2)),
        item(rec="Investigate, prosecute and convict officials allegedly complicit in "
                 "trafficking, including those who protect scam compounds.",
             prioritized=True, status="in_progress",
             response=f"{fig['officials_charged']} officials were sent to court for complicity "
                      "in the period; cases against officials are reviewed at each "
                      "prosecutors' coordination meeting.",
             evidence=evidence(acts, cases, ["case_review"], 1, with_official, 2)),
        item(rec="Proactively identify victims among persons found in scam compounds and other "
                 "high-risk groups, refer them to care, and ensure they are not penalised for "
                 "unlawful acts traffickers compelled them to commit.",
             prioritized=True, status="in_progress",
             response="Revised identification and referral guidelines add a screening step for "
                      "everyone found in raids; returning migrants are screened every month at "
                      "Poipet, Bavet and Phnom Penh airport; case conferences agree a care plan "
                      "for each victim before any immigration measure.",
             evidence=evidence(acts, cases, ["identification_policy", "screening",
                                             "referral"], 1)),
        item(rec="Formally authorise and train officials on undercover investigation "
                 "techniques in trafficking cases.",
             prioritized=True, status="implemented",
             response="The Ministry of Justice issued a guideline in June 2025 that sets the "
                      "conditions and prosecutor authorisation for undercover and online "
                      "investigation; anti-trafficking police were trained on digital evidence "
                      "and investigating scam compounds.",
             evidence=evidence(acts, cases, ["undercover_policy", "police_training"], 1)),
        item(rec="Increase labour inspections of high-risk sectors, including brick kilns, "
                 "fishing, and premises used for online gambling and scam operations, and give "
                 "inspectors access to them.",
             prioritized=True, status="implemented",
             response="A sub-decree of November 2025 gives labour inspectors access to casinos "
                      "and premises licensed for online gaming. Labour inspectors carried out "
                      f"{fig['inspections']:,} inspections of high-risk workplaces in the "
                      "period and referred cases with forced labour indicators to the police.",
             evidence=evidence(acts, cases, ["inspection_policy", "labour_inspection"], 2)),
        item(rec="Increase funding for victim services, including shelters run by the "
                 "government and NGOs, and for victims' repatriation.",
             prioritized=False, status="in_progress",
             response="The 2026 budget for victim services and repatriation rose to KHR 3.6 "
                      "billion from KHR 2.9 billion in 2025, and includes a new line for "
                      "victims' legal representation; the Poipet transit centre operated "
                      "throughout the period.",
             evidence=evidence(acts, cases, ["budget", "shelter"], 1)),
        item(rec="Train judges and prosecutors on victim-centred approaches and ensure that "
                 "victims receive the restitution courts award.",
             prioritized=False, status="in_progress",
             response=f"Judges and prosecutors were trained on the 2008 law, sentencing and "
                      f"compensation; courts awarded compensation to {fig['compensated']} "
                      "victims identified in the period.",
             evidence=evidence(acts, cases, ["judicial_training", "victim_training"], 1)),
        item(rec="Strengthen regulation and oversight of labour recruitment agencies and "
                 "eliminate recruitment fees charged to workers.",
             prioritized=False, status="in_progress",
             response="The licensing prakas adopted in October 2024 is enforced: licensed "
                      "agencies must register every contract and may not charge workers fees. "
                      "Pre-departure orientation reached departing workers in Phnom Penh, "
                      "Battambang and Prey Veng.",
             evidence=evidence(acts, cases, ["predeparture"], 2)),
        item(rec="Expand cooperation with foreign governments to identify and safely repatriate "
                 "victims, including foreign victims exploited in Cambodia.",
             prioritized=False, status="implemented",
             response="New agreements were signed with China (July 2025) and Indonesia (October "
                      "2025); bilateral case meetings were held with Thailand, Viet Nam and "
                      "other countries of origin.",
             evidence=evidence(acts, cases, ["agreement", "bilateral"], 2)),
        item(rec="Address debt bondage in brick kilns, including by regulating the "
                 "microfinance loans that leave workers indebted to kiln owners.",
             prioritized=False, status="not_started",
             response=None, evidence=""),
        item(rec="Improve data collection and publish disaggregated data on investigations, "
                 "prosecutions, convictions and victims for the April–March period.",
             prioritized=False, status="implemented",
             response="The data-sharing protocol of December 2025 gives all ministries common "
                      "registers with the same fields; this submission is produced from them "
                      "and compares each figure with the previous period.",
             evidence=evidence(acts, cases, ["data_policy"], 1)),
        item(rec="Amend the 2008 anti-trafficking law to remove the requirement of a "
                 "complaint by the victim for certain offences.",
             prioritized=False, status="not_accepted",
             response="The Ministry of Justice considers that the 2008 law already allows "
                      "prosecution without a complaint in trafficking cases; a clarifying "
                      "guideline for prosecutors is being prepared instead of an amendment.",
             evidence=""),
    ]
    return recs


def figures_for_text(cases, victims, acts) -> dict:
    """A few numbers the ministries quote in their narrative, counted like tipreport counts."""
    def in_cur(day):
        return day is not None and CUR_START <= day <= DATA_THROUGH

    traf = [c for c in cases if c["offense"] == "trafficking"]
    defs = [d for c in traf for d in c["defendants"]]
    # convictions under the trafficking law only: other-law convictions are counted apart
    terms = [d for d in defs if d["verdict"] == "convicted" and in_cur(d["verdict_on"])
             and not d["suspended"] and not d.get("conviction_law")]
    return {
        "cases": sum(in_cur(c["opened_on"]) for c in traf),
        "fc_cases": sum(in_cur(c["opened_on"]) and c["exploitation"] == "forced_criminality"
                        for c in traf),
        "charged": sum(in_cur(d["charged_on"]) for d in defs),
        "convicted": sum(in_cur(d["verdict_on"]) and d["verdict"] == "convicted"
                         and not d.get("conviction_law") for d in defs),
        "long_terms": "{:.0%}".format(
            sum(d["prison_months"] >= 60 for d in terms) / max(1, len(terms))),
        "officials_charged": sum(in_cur(d["charged_on"]) and bool(d["official"]) for d in defs),
        "victims": sum(in_cur(v["identified_on"]) for v in victims),
        "foreign": sum(in_cur(v["identified_on"]) and v["nationality"] != "KH"
                       for v in victims),
        "compensated": sum(in_cur(v["identified_on"]) and v["compensation"] is not None
                           and v["status"] == "confirmed" for v in victims),
        "inspections": sum(a["participants"] or 0 for a in acts
                           if a["kind"] == "labor_inspection" and in_cur(a["start_on"])),
    }


def make_narrative(fig: dict) -> list[tuple[str, int, str]]:
    return [
        ("Introduction", 1,
         ("This submission presents the efforts of the Royal Government of Cambodia to combat "
          "trafficking in persons during the reporting period of the 2026 Trafficking in Persons "
          "Report, 1 April 2025 to 31 March 2026, with data through 15 January 2026. Figures for "
          "the weeks after that date will follow in a supplementary update. (This is synthetic "
          "sample text, written to demonstrate the tipreport library.)")),
        ("Introduction", 2,
         ("The figures are drawn from the case, defendant and victim registers that the "
          "Ministry of Interior and the Ministry of Social Affairs keep under the "
          "inter-ministerial data-sharing protocol, and from the activity records of all "
          "member ministries of the National Committee for Counter Trafficking. Every figure "
          "is compared with the same weeks of the previous reporting period.")),
        ("Prosecution", 1,
         (f"Between 1 April 2025 and 15 January 2026 the anti-trafficking police opened "
          f"{fig['cases']} trafficking investigations and sent {fig['charged']} suspects to "
          f"court; courts convicted {fig['convicted']} traffickers. Forced criminality in online "
          f"scam compounds accounted for {fig['fc_cases']} of the investigations, reflecting the "
          "priority the government gives to these operations.")),
        ("Prosecution", 2,
         ("The Ministry of Justice issued a guideline on undercover and digital investigation "
          "techniques, answering a long-standing recommendation, and prosecutors and police now "
          "review pending cases together every month so that trials are not delayed.")),
        ("Protection", 1,
         (f"Authorities identified {fig['victims']:,} victims and potential victims in the same "
          f"weeks, {fig['foreign']:,} of them foreign nationals, most of whom were removed from "
          "scam compounds and returned to their countries in cooperation with their embassies. "
          "Cambodian victims exploited abroad were received at the Poipet transit centre and "
          "referred to government and NGO shelters.")),
        ("Protection", 2,
         ("Revised identification and referral guidelines require that every person found in a "
          "raid be screened for trafficking indicators before any immigration or criminal "
          "measure, so that victims are not punished for acts they were forced to commit.")),
        ("Prevention", 1,
         ("Provincial committees ran safe-migration campaigns in the provinces that send the most "
          "migrant workers, and an online campaign warned against the fake job advertisements "
          "that scam compounds use to recruit. Labour inspectors gained access to premises "
          f"licensed for online gaming and carried out {fig['inspections']:,} inspections of "
          "high-risk workplaces.")),
        ("Partnership", 1,
         ("The government signed agreements with China and Indonesia on joint action against "
          "scam operations and the return of victims, and held bilateral case meetings with "
          "Thailand, Viet Nam and other countries of origin.")),
        ("Trafficking profile", 1,
         ("Traffickers exploit Cambodian men, women and children in forced labour in "
          "neighbouring countries, notably in agriculture, construction, fishing and domestic "
          "work, and in sex trafficking. Women are recruited for forced marriage abroad. "
          "Criminal groups hold Cambodian and foreign nationals in compounds where they are "
          "forced to commit online fraud; debt bondage persists in brick kilns.")),
        ("Challenges and gaps", 1,
         ("Scam operations move quickly across borders and between provinces; evidence is "
          "largely digital and held abroad. Court backlogs delay trials, and compensation "
          "ordered by courts is rarely paid. Debt bondage linked to microfinance loans in brick "
          "kilns has not yet been addressed by regulation.")),
        ("Conclusion", 1,
         ("The government will send the supplementary update with figures through 31 March 2026 "
          "and remains available to answer any question about this submission.")),
    ]


# --- writing workbooks ----------------------------------------------------------------------------

TITLE_FONT = Font(bold=True, size=13)
NOTE_FONT = Font(italic=True, size=9, color="666666")
HEADER_FONT = Font(bold=True)
DATE_FORMAT = "dd/mm/yyyy"
WRAP_WIDTH = 60


def write_sheet(ws, titles: list[str], headers: list[str], rows: list[list],
                wrap: tuple[str, ...] = (), money: tuple[str, ...] = ()) -> None:
    """A ministry-style sheet: title rows, a blank row, a bold header row, then the data."""
    for i, title in enumerate(titles, start=1):
        cell = ws.cell(row=i, column=1, value=title)
        cell.font = TITLE_FONT if i == 1 else NOTE_FONT
    header_row = len(titles) + 2
    for j, header in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=j, value=header)
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [len(h) + 2 for h in headers]
    for i, row in enumerate(rows, start=header_row + 1):
        for j, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=i, column=j, value=value)
            header = headers[j - 1]
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
                length = 10
            elif header in money and isinstance(value, (int, float)):
                cell.number_format = "#,##0"
                length = len(f"{value:,}")
            else:
                length = len(str(value))
            if header in wrap:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            else:
                cell.alignment = Alignment(vertical="top")
            widths[j - 1] = max(widths[j - 1], min(length + 2, WRAP_WIDTH))
    for j, header in enumerate(headers, start=1):
        width = WRAP_WIDTH if header in wrap else min(max(widths[j - 1], 8), 45)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def new_workbook(title: str) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    props = wb.properties
    props.creator = "tipreport sample data generator"
    props.lastModifiedBy = "tipreport sample data generator"
    props.title = title
    props.description = SYNTHETIC
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    return wb


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps, so that the same input gives the same bytes."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(out.getvalue())
    tmp.replace(path)


# --- the sheets -----------------------------------------------------------------------------------

CASE_HEADERS = ["Case ID", "Date opened", "Offence", "Form of exploitation",
                "Online recruitment", "Province", "Lead agency", "Law and article",
                "Case summary", "Case example"]
DEFENDANT_HEADERS = ["Case ID", "Suspect ID", "Sex", "Nationality", "Government official",
                     "Date of arrest", "Date sent to court", "Verdict", "Verdict date",
                     "In absentia", "Prison term (months)", "Sentence suspended", "Fine (KHR)",
                     "Conviction law"]
VICTIM_HEADERS = ["Victim ID", "Date identified", "Victim status", "Case ID", "Sex", "Age",
                  "Age group", "Nationality", "Type of exploitation", "Country of exploitation",
                  "Identified by", "Referred to services", "Services received", "Shelter type",
                  "Date repatriated", "Cooperated with prosecution", "Compensation awarded"]
ACTIVITY_HEADERS = ["Activity ID", "Pillar", "Activity type", "Activity title", "Start date",
                    "End date", "Lead ministry", "Partners", "Participants", "Amount",
                    "Currency", "Location", "Description", "Result", "Channel"]
LABOUR_HEADERS = ["Reference", "Area", "Category", "Name of activity", "Date started",
                  "Date ended", "Ministry", "Partner organisations", "Number reached", "Budget",
                  "Ccy", "Province", "Details", "Measurable result"]
REC_HEADERS = ["Rec ID", "TIP report", "Recommendation", "Prioritized", "Implementation status",
               "Action taken", "Evidence"]
NARRATIVE_HEADERS = ["Section", "Order", "Paragraph"]
#: every header used, by sheet, for the self-check against the contract
HEADERS_BY_SHEET = {
    "Cases": CASE_HEADERS, "Defendants": DEFENDANT_HEADERS, "Victims": VICTIM_HEADERS,
    "Activities": ACTIVITY_HEADERS + LABOUR_HEADERS, "Recommendations": REC_HEADERS,
    "Narrative": NARRATIVE_HEADERS,
}

REC_STATUS_SPELL = {"implemented": {"Implemented": 7, "Completed": 3},
                    "in_progress": {"In progress": 6, "Partially implemented": 4},
                    "not_started": {"Not started": 1}, "not_accepted": {"Not accepted": 1}}


def case_row(c: dict) -> list:
    online = c["online"] if chance(0.9) else None
    return [c["case_id"], date_cell(c["opened_on"]), spell(OFFENSE_SPELL, c["offense"]),
            spell(EXPLOITATION_SPELL, c["exploitation"]) if c["exploitation"] else None,
            yes_no(online), c["province"], c["lead_agency"], c["law"], c["summary"],
            "Yes" if c["highlight"] else (pick({None: 8, "No": 2}))]


def defendant_row(d: dict) -> list:
    verdict = spell(VERDICT_SPELL, d["verdict"])
    return [d["case"]["case_id"], d["person_id"], spell(SEX_SPELL, d["sex"]),
            country(d["nationality"]), yes_no(d["official"]), date_cell(d["arrested_on"]),
            date_cell(d["charged_on"]), verdict, date_cell(d["verdict_on"]),
            yes_no(d["in_absentia"]), d["prison_months"],
            yes_no(d["suspended"]) if d["verdict"] == "convicted" else None, d["fine"],
            d["conviction_law"]]


def victim_row(v: dict) -> list:
    age, group = v["age"], None
    r = rng.random()
    if r < 0.09:  # age not recorded: only the age group
        group = "child" if age < 18 else "adult"
        age = None
    elif r < 0.11:
        group, age = "unknown", None
    elif r < 0.25:  # both filled in, consistently
        group = "child" if age < 18 else "adult"
    services = [spell(SERVICE_SPELL, s) for s in SERVICE_ORDER if s in v["services"]]
    sep = pick({", ": 8, "; ": 2})
    return [v["victim_id"], date_cell(v["identified_on"]), spell(STATUS_SPELL, v["status"]),
            v["case"]["case_id"] if v["case"] else None, spell(SEX_SPELL, v["sex"]), age,
            spell(AGE_GROUP_SPELL, group) if group else None, country(v["nationality"]),
            spell(EXPLOITATION_SPELL, v["exploitation"]) if v["exploitation"] else None,
            country(v["exploited_in"]), spell(IDENTIFIED_BY_SPELL, v["identified_by"]),
            yes_no(v["referred"], "excel" if chance(0.3) else "mixed"),
            sep.join(services) or None,
            spell(SHELTER_SPELL, v["shelter"]) if v["shelter"] else None,
            date_cell(v["repatriated_on"]), yes_no(v["cooperated"]), v["compensation"]]


def activity_row(a: dict) -> list:
    return [a["activity_id"], spell(PILLAR_SPELL, a["pillar"]), spell(KIND_SPELL, a["kind"]),
            a["title"], date_cell(a["start_on"]), date_cell(a["end_on"]), a["agency"],
            a["partners"], a["participants"], a["amount"], a["currency"], a["location"],
            a["description"], a["result"], a.get("channel")]


def labour_row(a: dict) -> list:
    amount = a["amount"]
    if amount is not None:
        amount = f"{amount:,}" if chance(0.3) else str(amount)
    return [a["activity_id"], spell(PILLAR_SPELL, a["pillar"]), spell(KIND_SPELL, a["kind"]),
            a["title"], csv_date(a["start_on"]), csv_date(a["end_on"]), a["agency"],
            a["partners"] or "", "" if a["participants"] is None else str(a["participants"]),
            amount or "", a["currency"] or "", a["location"] or "", a["description"] or "",
            a["result"] or ""]


def write_all(out_dir: Path) -> dict:
    cases = make_cases()
    make_defendants(cases)
    cases = [c for c in cases if c["opened_on"] >= PREV_START or still_in_court(c)]
    victims = make_victims(cases)
    add_compensation(cases)
    choose_highlights(cases)
    acts = make_activities()
    fig = figures_for_text(cases, victims, acts)
    recs = make_recommendations(acts, cases, fig)
    narrative = make_narrative(fig)
    out_dir.mkdir(parents=True, exist_ok=True)

    # Ministry of Interior: cases and defendants
    wb = new_workbook("Trafficking case register (synthetic sample)")
    write_sheet(wb.create_sheet("Cases"),
                [("Ministry of Interior — Trafficking case register 2024–2026 (SYNTHETIC SAMPLE "
                  "DATA)"),
                 ("Anti-Human Trafficking and Juvenile Protection Department. Invented records "
                  "made by scripts/make_sample_data.py; no real case or person.")],
                CASE_HEADERS, [case_row(c) for c in cases], wrap=("Case summary",))
    defendants = [d for c in cases for d in c["defendants"]]
    write_sheet(wb.create_sheet("Defendants"),
                ["Ministry of Interior — Suspects and court outcomes (SYNTHETIC SAMPLE DATA)"],
                DEFENDANT_HEADERS, [defendant_row(d) for d in defendants],
                money=("Fine (KHR)",))
    save_workbook(wb, out_dir / "police_cases_defendants.xlsx")

    # Ministry of Social Affairs: victims
    wb = new_workbook("Victim register (synthetic sample)")
    write_sheet(wb.create_sheet("Victims"),
                [("Ministry of Social Affairs, Veterans and Youth Rehabilitation — Register of "
                  "identified victims (SYNTHETIC SAMPLE DATA)"),
                 "Pseudonymous register numbers only; no names or personal data."],
                VICTIM_HEADERS, [victim_row(v) for v in victims],
                money=("Compensation awarded",))
    save_workbook(wb, out_dir / "social_affairs_victims.xlsx")

    # All ministries: activities
    xlsx_acts = [a for a in acts if a["file"] == "xlsx"]
    csv_acts = [a for a in acts if a["file"] == "csv"]
    wb = new_workbook("Counter-trafficking activities (synthetic sample)")
    write_sheet(wb.create_sheet("Activities"),
                [("National Committee for Counter Trafficking — Activities of member ministries "
                  "2024–2026 (SYNTHETIC SAMPLE DATA)")],
                ACTIVITY_HEADERS, [activity_row(a) for a in xlsx_acts],
                wrap=("Description", "Result"), money=("Amount",))
    save_workbook(wb, out_dir / "activities.xlsx")

    # Ministry of Labour: a CSV export with one title line
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([("Ministry of Labour and Vocational Training - labour inspections and "
                      "activities (SYNTHETIC SAMPLE DATA)")] + [""] * (len(LABOUR_HEADERS) - 1))
    writer.writerow(LABOUR_HEADERS)
    for a in csv_acts:
        writer.writerow(labour_row(a))
    (out_dir / "labour_activities.csv").write_bytes(buf.getvalue().encode("utf-8"))

    # National committee: recommendations, narrative, submission settings
    wb = new_workbook("Committee submission (synthetic sample)")
    rec_rows = []
    for i, r in enumerate(recs, start=1):
        rec_rows.append([f"R{i:02d}", 2025, r["rec"], yes_no(r["prioritized"]),
                         spell(REC_STATUS_SPELL, r["status"]), r["response"],
                         r["evidence"] or None])
    write_sheet(wb.create_sheet("Recommendations"),
                [("Response to the recommendations of the 2025 TIP report (SYNTHETIC SAMPLE "
                  "DATA)")],
                REC_HEADERS, rec_rows, wrap=("Recommendation", "Action taken", "Evidence"))
    write_sheet(wb.create_sheet("Narrative"),
                ["Ministry narrative for the 2026 submission (SYNTHETIC SAMPLE TEXT)"],
                NARRATIVE_HEADERS, [list(row) for row in narrative], wrap=("Paragraph",))
    ws = wb.create_sheet("Submission")
    submission = [
        ("country", "Cambodia"),
        ("government_body", "National Committee for Counter Trafficking (synthetic sample)"),
        ("report_year", 2026),
        ("submitted_on", SUBMITTED),
        ("data_through", DATA_THROUGH),
        ("contact_name", "Sample Contact Officer"),
        ("contact_email", "contact@example.org"),
        ("currency", "KHR"),
        ("deadline", DEADLINE),
        ("language", "en"),
        ("usd_rate", 4050),
        ("usd_rate_date", DATA_THROUGH),
        ("minimum_sentence_months", 84),
        ("public_numbers", "1288"),
    ]
    ws.cell(row=1, column=1, value="Key").font = HEADER_FONT
    ws.cell(row=1, column=2, value="Value").font = HEADER_FONT
    for i, (key, value) in enumerate(submission, start=2):
        ws.cell(row=i, column=1, value=key)
        cell = ws.cell(row=i, column=2, value=value)
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(horizontal="left")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 62
    save_workbook(wb, out_dir / "committee_submission.xlsx")

    return {"cases": cases, "defendants": defendants, "victims": victims, "acts": acts,
            "xlsx_acts": xlsx_acts, "csv_acts": csv_acts, "recs": recs,
            "narrative": narrative, "figures": fig}


def summarize(data: dict) -> str:
    def count(rows, key):
        out = {"previous": 0, "current": 0, "outside": 0}
        for r in rows:
            day = key(r)
            if day is not None:
                out[period_of(day)] += 1
        return out

    cases = data["cases"]
    lines = []
    for offense in ("trafficking", "sexual_exploitation", "other"):
        mine = [c for c in cases if c["offense"] == offense]
        lines.append(f"cases {offense}: {count(mine, lambda c: c['opened_on'])}")
    lines.append(f"defendants: {len(data['defendants'])} rows, charged "
                 f"{count(data['defendants'], lambda d: d['charged_on'])}")
    lines.append(f"victims: {count(data['victims'], lambda v: v['identified_on'])}")
    lines.append(f"activities.xlsx: {count(data['xlsx_acts'], lambda a: a['start_on'])}")
    lines.append(f"labour_activities.csv: {count(data['csv_acts'], lambda a: a['start_on'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", nargs="?", type=Path,
                        default=Path(__file__).resolve().parent.parent / "sample_data",
                        help="output folder (default: the repository's sample_data/)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"another synthetic country-year (default: {SEED}, the sample)")
    args = parser.parse_args(argv)
    rng.seed(args.seed)
    data = write_all(args.out_dir)
    print(f"Wrote the sample data to {args.out_dir}")
    print(summarize(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
