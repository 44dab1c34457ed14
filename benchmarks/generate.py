#!/usr/bin/env python3
"""National-scale intake data for the benchmarks, deterministic and cached.

    python benchmarks/generate.py                 # scale 1: 100,000 cases, 555,000 rows in all
    python benchmarks/generate.py --scale 0.1     # a tenth of it
    python benchmarks/generate.py --out DIR       # another cache folder (default benchmarks/.data/)

At scale 1 it writes, in the intake format (``shared/spec/intake.md``), the workbooks a national
committee would gather from its ministries for the 2026 TIP report edition (period 1 April 2025 –
31 March 2026, data through 15 January 2026, submitted 30 January 2026), with four years of
records (February 2022 – January 2026) so that the current and the previous period both have
data:

- ``police_national_cases.xlsx`` and ``police_provincial_cases.xlsx``: ``Cases`` and
  ``Defendants`` (100,000 cases and 200,000 defendants between them, split by province);
- ``social_affairs_victims.xlsx`` and ``immigration_victims.xlsx``: ``Victims`` (250,000);
- ``committee_activities.xlsx``: ``Activities`` (5,000);
- ``committee_submission.xlsx``: ``Recommendations``, ``Narrative`` and ``Submission`` (country
  Cambodia, report_year, submitted_on, data_through, …), the same size at every scale.

The files look like ministry files: title rows above the header, human headers ("Date opened"),
codes in human spellings ("Forced labour", "F", "Viet Nam", "Y"), dates mostly real Excel dates
and some ISO or DD/MM/YYYY text, ids as text. The data is clean: ``tipreport check`` finds no
error in it (a few hundred warnings-free records fall after ``data_through``, as in real life).

The files are written with XlsxWriter in constant-memory mode (fast, flat memory), which stores
strings inline rather than in a shared-strings table as Excel does; both the library and the
floors it is measured against read the same files.

Files are cached by (scale, generator version) in ``<out>/v<VERSION>-scale<scale>/``, with a
``manifest.json`` written last (the folder is complete only when it exists), so repeated runs do
not regenerate. The same scale gives the same data on any machine (NumPy's PCG64, fixed seed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import numpy as np

# the clerks' spellings, the headers, provinces, agencies and laws are the sample data's own
# (scripts/make_sample_data.py): one place for what a ministry file looks like
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import make_sample_data as sample  # noqa: E402

#: bump whenever the data written changes, so that cached folders are not reused
VERSION = 1
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / ".data"

SEED = 20260130
REPORT_YEAR = 2026
FIRST_DAY = dt.date(2022, 2, 1)
SUBMITTED = dt.date(2026, 1, 30)
DATA_THROUGH = dt.date(2026, 1, 15)
DEADLINE = dt.date(2026, 2, 27)
CURRENT_START = dt.date(2025, 4, 1)
PREVIOUS_START = dt.date(2024, 4, 1)

#: rows at scale 1 (Recommendations and Narrative do not grow with the scale)
ROWS = {"Cases": 100_000, "Defendants": 200_000, "Victims": 250_000, "Activities": 5_000}
#: fewest rows at any scale, so that a tiny scale still fills every section
MINIMUM = {"Cases": 40, "Defendants": 60, "Victims": 80, "Activities": 40}
#: cases marked as case examples (``highlight``): a ministry picks a handful at any scale
HIGHLIGHTS = 12

EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_FORMAT = "dd/mm/yyyy"
#: share of date cells typed as text (half ISO, half DD/MM/YYYY); the rest are Excel dates
TEXT_DATES = 0.08


# --- vocabularies in human spellings: code → {spelling: weight} -----------------------------------

OFFENSE = sample.OFFENSE_SPELL
EXPLOITATION = sample.EXPLOITATION_SPELL
#: share of each form among trafficking cases
EXPLOITATION_MIX = sample.EXPLOITATION_MIX
SEX = {"female": {"Female": 6, "F": 4}, "male": {"Male": 6, "M": 4},
       "unknown": {"": 6, "Unknown": 3, "Not recorded": 1}}
VERDICT = {
    "pending": {"": 5, "Pending": 4, "On trial": 1},
    "convicted": {"Convicted": 7, "Guilty": 2, "Sentenced": 1},
    "acquitted": {"Acquitted": 8, "Not guilty": 2},
    "dismissed": {"Dismissed": 6, "Case dismissed": 2, "Withdrawn": 2},
}
STATUS = {"confirmed": {"Confirmed": 6, "": 2, "Victim": 1, "Actual victim": 1},
          "potential": {"Potential": 6, "Possible victim": 3, "Presumed": 1}}
AGE_GROUP = sample.AGE_GROUP_SPELL
IDENTIFIED_BY = sample.IDENTIFIED_BY_SPELL
SERVICES = sample.SERVICE_SPELL
#: chance that a referred victim received each service
SERVICE_CHANCE = {"shelter": 0.45, "medical": 0.6, "psychosocial": 0.5, "legal": 0.35,
                  "education": 0.12, "livelihood": 0.18, "reintegration": 0.3,
                  "repatriation": 0.1}
SHELTER = sample.SHELTER_SPELL
COUNTRY = {
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
    "unknown": {"": 1},
}
YES = {"Yes": 6, "Y": 3, "yes": 1}
NO = {"No": 6, "N": 3, "no": 1}
PILLAR = sample.PILLAR_SPELL
KIND = sample.KIND_SPELL
#: kinds of activity per pillar, with weights
PILLAR_KINDS = {
    "prevention": {"awareness": 40, "training": 15, "labor_inspection": 20, "hotline": 8,
                   "policy": 3, "agreement": 2, "budget": 4, "coordination": 6, "other": 2},
    "protection": {"training": 30, "screening": 25, "shelter": 15, "coordination": 15,
                   "budget": 5, "policy": 5, "agreement": 3, "other": 2},
    "prosecution": {"training": 50, "coordination": 30, "policy": 10, "agreement": 5,
                    "other": 5},
    "partnership": {"coordination": 45, "agreement": 20, "training": 25, "other": 10},
}
PILLAR_MIX = {"prevention": 50, "protection": 25, "prosecution": 15, "partnership": 10}
CHANNEL = {"in_person": {"In person": 6, "Community": 2, "Face to face": 2},
           "online": {"Online": 5, "Social media": 4, "Facebook": 1},
           "broadcast": {"Broadcast": 1}}

PROVINCES = sample.PROVINCES
#: provinces whose cases the national department's file holds; the rest are provincial
NATIONAL_PROVINCES = ("Phnom Penh", "Preah Sihanouk", "Banteay Meanchey", "Kandal")
LEAD_AGENCIES = sample.LEAD_AGENCIES
LAW_2008 = sample.LAW_2008
LAWS = {
    "trafficking": {f"{LAW_2008}, Art. {a}": w for a, w in
                    ((15, 35), (12, 20), (10, 15), (16, 10), (17, 10), (8, 10))},
    "sexual_exploitation": {f"{LAW_2008}, Art. {a}": w for a, w in ((24, 40), (25, 35),
                                                                     (34, 25))},
    "other": {"Criminal Code (2009)": 60, "Law on Immigration (1994)": 40},
}
OTHER_CONVICTION_LAWS = {"Labour Law (1997)": 50, "Criminal Code (2009), Art. 239": 30,
                         "Law on Immigration (1994)": 20}
AGENCIES = {
    "Ministry of Interior": 25, "Ministry of Social Affairs, Veterans and Youth Rehabilitation": 20,
    "Ministry of Labour and Vocational Training": 20, "Ministry of Justice": 10,
    "Ministry of Foreign Affairs and International Cooperation": 8,
    "Ministry of Women's Affairs": 7, "Ministry of Education, Youth and Sport": 5,
    "National Committee for Counter Trafficking": 5,
}
PARTNERS = {"": 40, "IOM": 12, "UNODC": 8, "UNICEF": 6, "ILO": 6, "Chab Dai": 5,
            "International Justice Mission": 5, "World Vision": 4, "Save the Children": 4,
            "IOM, UNODC": 4, "Royal Thai Police": 3, "Embassy of the Republic of Korea": 3}
ACTIVITY_TITLES = {
    "training": "Training on {topic} for {audience}, {place}",
    "awareness": "Awareness campaign on {topic}, {place}",
    "labor_inspection": "Labour inspections of {sector} in {place}",
    "hotline": "Anti-trafficking hotline operations, {place}",
    "agreement": "Memorandum of understanding on {topic} with {partner}",
    "policy": "Guideline on {topic}",
    "budget": "Budget allocation for {topic}",
    "screening": "Screening of returning migrants for trafficking indicators, {place}",
    "shelter": "Operation of a temporary shelter, {place}",
    "coordination": "Coordination meeting on {topic}, {place}",
    "other": "Community activity on {topic}, {place}",
}
TOPICS = ("victim identification", "safe migration", "online scam recruitment",
          "the referral mechanism", "child protection", "labour recruitment fees",
          "investigating trafficking cases", "trauma-informed interviewing",
          "cross-border cooperation", "forced marriage")
AUDIENCES = ("police officers", "prosecutors", "social workers", "commune councils",
             "labour inspectors", "border officials", "teachers", "judges")
SECTORS = ("fishing vessels", "garment factories", "construction sites", "brick kilns",
           "recruitment agencies", "entertainment venues")
FOREIGN_PARTNERS = ("Thailand", "Viet Nam", "China", "Malaysia", "the Republic of Korea",
                    "Indonesia")


# --- drawing values -------------------------------------------------------------------------------


class Draw:
    """Vectorised random choices on one seeded generator."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    def codes(self, weights: dict, n: int) -> np.ndarray:
        """``n`` keys of ``weights``, drawn by weight, as an object array."""
        keys = list(weights)
        p = np.array([weights[k] for k in keys], dtype=float)
        idx = self.rng.choice(len(keys), size=n, p=p / p.sum())
        return np.array(keys, dtype=object)[idx]

    def chance(self, p: float | np.ndarray, n: int) -> np.ndarray:
        return self.rng.random(n) < p

    def ints(self, lo: int, hi: int, n: int) -> np.ndarray:
        """Whole numbers in [lo, hi]."""
        return self.rng.integers(lo, hi + 1, size=n)

    def spell(self, table: dict, codes: np.ndarray) -> np.ndarray:
        """Each code written as a person would: a spelling of it drawn by weight ("" → blank)."""
        out = np.full(len(codes), None, dtype=object)
        for code, spellings in table.items():
            where = np.flatnonzero(codes == code)
            if len(where):
                out[where] = self.codes(spellings, len(where))
        out[out == ""] = None
        return out

    def yes_no(self, values: np.ndarray, known: float = 0.92,
               excel_share: float = 0.0) -> np.ndarray:
        """Booleans as typed: Yes/Y/yes, No/N/no, sometimes Excel booleans, sometimes blank."""
        values = values.astype(bool)
        out = np.where(values, self.codes(YES, len(values)), self.codes(NO, len(values)))
        out = out.astype(object)
        excel = self.chance(excel_share, len(values))
        out[excel] = values[excel].tolist()
        out[~self.chance(known, len(values))] = None
        return out


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


FIRST, LAST = serial(FIRST_DAY), serial(SUBMITTED)
#: every day that can be written, as an Excel date (a ``date``), ISO text and DD/MM/YYYY text
_DAYS = [EXCEL_EPOCH + dt.timedelta(days=s) for s in range(FIRST - 800, LAST + 800)]
_AS_DATE = np.array(_DAYS, dtype=object)
_AS_ISO = np.array([d.isoformat() for d in _DAYS], dtype=object)
_AS_DMY = np.array([d.strftime("%d/%m/%Y") for d in _DAYS], dtype=object)
_OFFSET = FIRST - 800


def date_cells(draw: Draw, serials: np.ndarray, text: float = TEXT_DATES) -> np.ndarray:
    """Excel serial day numbers (-1 = blank) as cells: mostly dates, some ISO or DMY text."""
    idx = np.clip(serials - _OFFSET, 0, len(_DAYS) - 1)
    r = draw.rng.random(len(serials))
    out = np.where(r < text / 2, _AS_ISO[idx], np.where(r < text, _AS_DMY[idx], _AS_DATE[idx]))
    out = out.astype(object)
    out[serials < 0] = None
    return out


def trend_days(draw: Draw, n: int, first: int = FIRST, last: int = LAST) -> np.ndarray:
    """``n`` days between ``first`` and ``last``, rising by half over the span (more cases found
    each year), sorted."""
    span = last - first + 1
    weights = np.linspace(0.8, 1.2, span)
    return np.sort(first + draw.rng.choice(span, size=n, p=weights / weights.sum()))


def scaled(sheet: str, scale: float) -> int:
    return max(MINIMUM[sheet], round(ROWS[sheet] * scale))


# --- the records ----------------------------------------------------------------------------------


def make_cases(draw: Draw, n: int) -> dict[str, np.ndarray]:
    opened = trend_days(draw, n)
    offense = draw.codes({"trafficking": 85, "sexual_exploitation": 10, "other": 5}, n)
    form = draw.codes(EXPLOITATION_MIX, n)
    form[(offense == "sexual_exploitation") & draw.chance(0.8, n)] = "sex"
    form[(offense == "sexual_exploitation") & (form != "sex")] = ""
    form[offense == "other"] = ""
    province = draw.codes({p: w for p, (_, w) in PROVINCES.items()}, n)
    scam = form == "forced_criminality"
    province[scam] = draw.codes({"Preah Sihanouk": 40, "Phnom Penh": 20, "Banteay Meanchey": 12,
                                 "Svay Rieng": 10, "Oddar Meanchey": 8, "Koh Kong": 5,
                                 "Pursat": 5}, int(scam.sum()))
    prefix = np.array([PROVINCES[p][0] for p in province], dtype=object)
    years = np.array([_DAYS[s - _OFFSET].year for s in opened])
    case_id = np.array([f"{p}-{y}-{i:06d}" for i, (p, y) in enumerate(zip(prefix, years), 1)],
                       dtype=object)
    online_share = np.select([scam, form == "sex", form == "labor"], [0.92, 0.3, 0.15], 0.2)
    law = np.full(n, None, dtype=object)
    for offence, laws in LAWS.items():
        where = np.flatnonzero(offense == offence)
        law[where] = draw.codes(laws, len(where))
    # a handful of case examples, chosen among this period's and last period's trafficking cases
    highlight = np.zeros(n, dtype=bool)
    for start, end, k in ((serial(CURRENT_START), serial(DATA_THROUGH), HIGHLIGHTS * 2 // 3),
                          (serial(PREVIOUS_START), serial(CURRENT_START) - 1, HIGHLIGHTS // 3)):
        pool = np.flatnonzero((offense == "trafficking") & (opened >= start) & (opened <= end))
        highlight[draw.rng.choice(pool, size=min(k, len(pool)), replace=False)] = True
    summary = np.full(n, None, dtype=object)
    for i in np.flatnonzero(highlight):
        summary[i] = (f"Investigators in {province[i]} opened this case after a referral; "
                      f"{form[i].replace('_', ' ')} exploitation of several victims was "
                      "established and the suspects were arrested. (Synthetic case.)")
    return {"case_id": case_id, "opened_on": opened, "offense": offense, "form": form,
            "online": draw.chance(online_share, n), "province": province,
            "lead_agency": draw.codes(LEAD_AGENCIES, n), "law": law, "highlight": highlight,
            "summary": summary}


def make_defendants(draw: Draw, cases: dict, n: int) -> dict[str, np.ndarray]:
    n_cases = len(cases["case_id"])
    # every case has a suspect; the others go to cases at random (some cases have many)
    extra = draw.rng.choice(n_cases, size=max(0, n - n_cases))
    case = np.sort(np.concatenate([np.arange(min(n, n_cases)), extra]))
    first = np.r_[True, case[1:] != case[:-1]]
    starts = np.flatnonzero(first)
    rank = np.arange(len(case)) - np.repeat(starts, np.diff(np.r_[starts, len(case)])) + 1
    case_id = cases["case_id"][case]
    person_id = np.array([f"{c}-S{k}" for c, k in zip(case_id, rank)], dtype=object)
    opened = cases["opened_on"][case]
    offense = cases["offense"][case]
    m = len(case)
    sex = draw.codes({"male": 58, "female": 39, "unknown": 3}, m)
    scam = cases["form"][case] == "forced_criminality"
    nationality = draw.codes({"KH": 88, "CN": 4, "VN": 4, "TH": 3, "MY": 1}, m)
    nationality[scam] = draw.codes({"KH": 60, "CN": 28, "VN": 4, "TH": 3, "MY": 3, "ID": 2},
                                   int(scam.sum()))
    nationality[draw.chance(0.04, m)] = "unknown"
    official = draw.chance(0.03, m)
    official_known = official | draw.chance(0.9, m)
    arrested = np.where(draw.chance(0.87, m), opened + draw.ints(0, 21, m), -1)
    arrested[arrested > LAST] = -1
    delay = draw.rng.choice([2, 3, 5, 7, 10, 14, 21, 30, 45, 60], size=m)
    charged = np.where((arrested >= 0) & draw.chance(0.9, m), arrested + delay, -1)
    charged[charged > LAST] = -1
    verdict_on = np.where(charged >= 0, charged + draw.ints(60, 540, m), -1)
    verdict = draw.codes({"convicted": 72, "acquitted": 10, "dismissed": 8, "pending": 10}, m)
    undecided = (verdict_on < 0) | (verdict_on > LAST)
    verdict[undecided] = "pending"
    verdict_on[verdict == "pending"] = -1
    convicted = verdict == "convicted"
    band = draw.rng.choice(4, size=m, p=[0.08, 0.30, 0.37, 0.25])
    months = np.choose(band, [draw.rng.choice([6, 8, 9, 10], size=m),
                              draw.rng.choice([12, 18, 24, 30, 36, 48], size=m),
                              draw.rng.choice([60, 72, 84, 96, 108], size=m),
                              draw.rng.choice([120, 144, 180, 216, 240], size=m)])
    prison = np.where(convicted, months, -1)
    suspended = convicted & draw.chance(0.05, m)
    fine = np.where(convicted & draw.chance(0.4, m), draw.ints(1, 200, m) * 100_000, -1)
    in_absentia = convicted & draw.chance(0.03, m)
    other_law = convicted & (offense == "trafficking") & draw.chance(0.04, m)
    conviction_law = np.full(m, None, dtype=object)
    conviction_law[other_law] = draw.codes(OTHER_CONVICTION_LAWS, int(other_law.sum()))
    return {"case": case, "case_id": case_id, "person_id": person_id, "sex": sex,
            "nationality": nationality, "official": official, "official_known": official_known,
            "arrested_on": arrested, "charged_on": charged, "verdict": verdict,
            "verdict_on": verdict_on, "in_absentia": in_absentia, "prison_months": prison,
            "suspended": suspended, "fine": fine, "conviction_law": conviction_law}


def make_victims(draw: Draw, cases: dict, n: int) -> dict[str, np.ndarray]:
    n_cases = len(cases["case_id"])
    linked = draw.chance(0.75, n)
    trafficking = np.flatnonzero(cases["offense"] == "trafficking")
    case = np.where(linked, draw.rng.choice(trafficking if len(trafficking) else n_cases, size=n),
                    -1)
    other = np.flatnonzero(linked & draw.chance(0.04, n))  # a few link to other offences
    case[other] = draw.rng.choice(n_cases, size=len(other))
    loose = trend_days(draw, n)
    identified = np.where(case >= 0, cases["opened_on"][case] + draw.ints(-10, 30, n), loose)
    identified = np.clip(identified, FIRST, LAST)
    form = np.where(case >= 0, cases["form"][case], draw.codes(EXPLOITATION_MIX, n)).astype(object)
    form[form == ""] = "unknown"
    form[draw.chance(0.05, n)] = "unknown"
    status = draw.codes({"confirmed": 80, "potential": 20}, n)
    sex = draw.codes({"female": 55, "male": 42, "unknown": 3}, n)
    age = np.where(draw.chance(0.25, n), draw.ints(4, 17, n), draw.ints(18, 58, n))
    scam = form == "forced_criminality"
    nationality = draw.codes({"KH": 82, "VN": 8, "TH": 3, "CN": 2, "MM": 2, "LA": 2, "ID": 1}, n)
    nationality[scam] = draw.codes({"KH": 25, "CN": 20, "ID": 15, "VN": 12, "TH": 10, "MY": 8,
                                    "MM": 5, "PH": 3, "LA": 2}, int(scam.sum()))
    nationality[draw.chance(0.03, n)] = "unknown"
    abroad = (nationality == "KH") & draw.chance(0.35, n)
    exploited_in = np.where(abroad, draw.codes({"TH": 45, "MY": 15, "CN": 12, "KR": 8, "SA": 6,
                                                "TW": 6, "ID": 4, "IN": 4}, n), "KH")
    exploited_in = exploited_in.astype(object)
    exploited_in[draw.chance(0.1, n)] = "unknown"
    identified_by = draw.codes({"police": 35, "immigration": 15, "social_services": 15,
                                "ngo": 12, "foreign_government": 10, "court": 5, "self": 5,
                                "labor_inspection": 2, "other": 1}, n)
    referred = draw.chance(0.78, n)
    services = np.full(n, None, dtype=object)
    got = {s: referred & draw.chance(p, n) for s, p in SERVICE_CHANCE.items()}
    spelled = {s: draw.codes(SERVICES[s], n) for s in SERVICES}
    separator = np.where(draw.chance(0.8, n), ", ", "; ")
    for i in np.flatnonzero(referred):
        parts = [spelled[s][i] for s in SERVICES if got[s][i]]
        if parts:
            services[i] = separator[i].join(parts)
    shelter = np.where(got["shelter"], draw.codes({"government": 55, "ngo": 45}, n), "none")
    shelter = shelter.astype(object)
    shelter[~got["shelter"] & draw.chance(0.6, n)] = ""
    foreign = (nationality != "KH") & (nationality != "unknown")
    repatriated = np.where((foreign | abroad) & draw.chance(0.45, n),
                           identified + draw.ints(10, 120, n), -1)
    repatriated[repatriated > LAST] = -1
    cooperated = draw.chance(0.4, n)
    compensation = np.where(draw.chance(0.02, n), draw.ints(1, 100, n) * 500_000, -1)
    return {"case": case, "identified_on": identified, "status": status, "sex": sex, "age": age,
            "nationality": nationality, "form": form, "exploited_in": exploited_in,
            "identified_by": identified_by, "referred": referred, "services": services,
            "shelter": shelter, "repatriated_on": repatriated, "cooperated": cooperated,
            "compensation": compensation}


def make_activities(draw: Draw, n: int) -> dict[str, np.ndarray]:
    start = trend_days(draw, n)
    pillar = draw.codes(PILLAR_MIX, n)
    kind = np.full(n, None, dtype=object)
    for p, kinds in PILLAR_KINDS.items():
        where = np.flatnonzero(pillar == p)
        kind[where] = draw.codes(kinds, len(where))
    long_running = np.isin(kind, ["agreement", "policy", "budget", "hotline", "shelter"])
    end = np.where(long_running, start + draw.ints(90, 720, n),
                   np.where(draw.chance(0.5, n), start + draw.ints(0, 4, n), -1))
    place = draw.codes({p: w for p, (_, w) in PROVINCES.items()}, n)
    topic = draw.rng.choice(TOPICS, size=n)
    audience = draw.rng.choice(AUDIENCES, size=n)
    sector = draw.rng.choice(SECTORS, size=n)
    foreign = draw.rng.choice(FOREIGN_PARTNERS, size=n)
    title = np.array([ACTIVITY_TITLES[k].format(topic=t, audience=a, place=p, sector=s,
                                                partner=f)
                      for k, t, a, p, s, f in zip(kind, topic, audience, place, sector, foreign)],
                     dtype=object)
    counted = np.isin(kind, ["training", "awareness", "labor_inspection", "hotline",
                             "screening"])
    size = np.select([kind == "awareness", kind == "hotline", kind == "labor_inspection"],
                     [draw.ints(50, 5000, n), draw.ints(100, 3000, n), draw.ints(5, 120, n)],
                     draw.ints(12, 80, n))
    participants = np.where(counted & draw.chance(0.95, n), size, -1)
    money = draw.chance(np.where(kind == "budget", 1.0, 0.3), n)
    usd = draw.chance(0.25, n)
    amount = np.where(money, np.where(usd, draw.ints(5, 500, n) * 100,
                                      draw.ints(1, 400, n) * 1_000_000), -1)
    currency = np.where(money, np.where(usd, "USD", "KHR"), None).astype(object)
    channel = np.full(n, None, dtype=object)
    aware = np.flatnonzero(kind == "awareness")
    channel[aware] = draw.spell(CHANNEL, draw.codes({"in_person": 60, "online": 30,
                                                     "broadcast": 10}, len(aware)))
    result = np.full(n, None, dtype=object)
    with_result = np.flatnonzero(draw.chance(0.35, n))
    result[with_result] = [f"{draw.rng.integers(2, 60)} follow-up actions agreed"
                           if kind[i] == "coordination" else
                           f"{draw.rng.integers(1, 40)} cases referred after the activity"
                           for i in with_result]
    return {"start_on": start, "end_on": end, "pillar": pillar, "kind": kind, "title": title,
            "agency": draw.codes(AGENCIES, n), "partners": draw.spell(
                {"x": PARTNERS}, np.full(n, "x", dtype=object)),
            "participants": participants, "amount": amount, "currency": currency,
            "location": place, "channel": channel, "result": result,
            "description": np.array([f"Organised with provincial authorities in {p}."
                                     for p in place], dtype=object)}


# --- writing ------------------------------------------------------------------------------------


def _column(values: np.ndarray) -> list:
    """A NumPy column as cells: Python scalars, -1 (a missing number or date) as blank."""
    if values.dtype == object:
        return values.tolist()
    out = values.astype(object)
    out[values < 0] = None
    return out.tolist()


class Writer:
    """One workbook, written row by row with XlsxWriter in constant-memory mode."""

    def __init__(self, path: Path, title: str):
        import xlsxwriter

        self.path = path
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                                    "default_date_format": DATE_FORMAT,
                                                    "strings_to_numbers": False,
                                                    "strings_to_formulas": False,
                                                    "strings_to_urls": False})
        self.book.set_properties({"title": title, "author": "tipreport benchmark generator",
                                  "created": dt.datetime(2026, 1, 30)})
        self.bold = self.book.add_format({"bold": True})
        self.sheets: dict[str, dict] = {}

    def sheet(self, name: str, titles: list[str], headers: list[str], columns: list) -> None:
        ws = self.book.add_worksheet(name)
        for r, text in enumerate(titles):
            ws.write_string(r, 0, text, self.bold if r == 0 else None)
        header_row = len(titles) + 1 if titles else 0
        ws.write_row(header_row, 0, headers, self.bold)
        cells = [_column(c) for c in columns]
        n = len(cells[0]) if cells else 0
        write_row = ws.write_row
        for r, row in enumerate(zip(*cells), start=header_row + 1):
            write_row(r, 0, row)
        self.sheets[name] = {"header_row": header_row, "rows": n}

    def close(self) -> dict:
        self.book.close()
        return {"file": self.path.name, "sheets": self.sheets}


CASE_HEADERS = sample.CASE_HEADERS
DEFENDANT_HEADERS = sample.DEFENDANT_HEADERS
VICTIM_HEADERS = sample.VICTIM_HEADERS
ACTIVITY_HEADERS = ["Activity ID", "Pillar", "Activity type", "Activity title", "Start date",
                    "End date", "Lead ministry", "Partners", "Participants", "Channel",
                    "Amount", "Currency", "Location", "Description", "Result"]


def _take(columns: dict, rows: np.ndarray) -> dict:
    return {k: v[rows] for k, v in columns.items()}


def write_cases(draw: Draw, writer: Writer, cases: dict, defs: dict, title: str) -> None:
    c = cases
    n = len(c["case_id"])
    online = draw.yes_no(c["online"], known=0.9)
    highlight = np.where(c["highlight"], "Yes", None).astype(object)
    writer.sheet("Cases", [f"{title} — Trafficking case register 2022–2026 (SYNTHETIC "
                           "BENCHMARK DATA)", "Invented records; no real case or person."],
                 CASE_HEADERS,
                 [c["case_id"], date_cells(draw, c["opened_on"]), draw.spell(OFFENSE, c["offense"]),
                  draw.spell(EXPLOITATION, c["form"]), online, c["province"], c["lead_agency"],
                  c["law"], c["summary"], highlight])
    d = defs
    m = len(d["case_id"])
    official = draw.yes_no(d["official"], known=1.0)
    official[~d["official_known"]] = None
    convicted = d["verdict"] == "convicted"
    suspended = draw.yes_no(d["suspended"], known=1.0)
    suspended[~convicted] = None
    absentia = draw.yes_no(d["in_absentia"], known=1.0)
    absentia[~convicted | draw.chance(0.5, m)] = None
    writer.sheet("Defendants", [f"{title} — Suspects and court outcomes (SYNTHETIC BENCHMARK "
                                "DATA)"],
                 DEFENDANT_HEADERS,
                 [d["case_id"], d["person_id"], draw.spell(SEX, d["sex"]),
                  draw.spell(COUNTRY, d["nationality"]), official,
                  date_cells(draw, d["arrested_on"]), date_cells(draw, d["charged_on"]),
                  draw.spell(VERDICT, d["verdict"]), date_cells(draw, d["verdict_on"]), absentia,
                  d["prison_months"], suspended, d["fine"], d["conviction_law"]])
    del n


def write_victims(draw: Draw, writer: Writer, victims: dict, case_ids: np.ndarray,
                  title: str, id_prefix: str) -> None:
    v = victims
    n = len(v["status"])
    years = np.array([_DAYS[s - _OFFSET].year for s in v["identified_on"]])
    victim_id = np.array([f"{id_prefix}-{y}-{i:07d}" for i, y in zip(v["seq"], years)],
                         dtype=object)
    case_id = np.where(v["case"] >= 0, case_ids[np.maximum(v["case"], 0)], None).astype(object)
    age = v["age"].copy()
    r = draw.rng.random(n)
    group = np.where(age < 18, "child", "adult").astype(object)
    age[r < 0.11] = -1                      # age not recorded …
    group[(r < 0.11) & (r >= 0.09)] = "unknown"
    group[r >= 0.25] = ""                   # … or only the age; below 0.25: both, consistent
    writer.sheet("Victims", [f"{title} — Register of identified victims (SYNTHETIC BENCHMARK "
                             "DATA)", "Pseudonymous register numbers only; no personal data."],
                 VICTIM_HEADERS,
                 [victim_id, date_cells(draw, v["identified_on"]), draw.spell(STATUS, v["status"]),
                  case_id, draw.spell(SEX, v["sex"]), age, draw.spell(AGE_GROUP, group),
                  draw.spell(COUNTRY, v["nationality"]), draw.spell(EXPLOITATION, v["form"]),
                  draw.spell(COUNTRY, v["exploited_in"]),
                  draw.spell(IDENTIFIED_BY, v["identified_by"]),
                  draw.yes_no(v["referred"], known=0.97, excel_share=0.3), v["services"],
                  draw.spell(SHELTER, v["shelter"]), date_cells(draw, v["repatriated_on"]),
                  draw.yes_no(v["cooperated"], known=0.8), v["compensation"]])


def write_activities(draw: Draw, writer: Writer, acts: dict) -> np.ndarray:
    a = acts
    n = len(a["start_on"])
    years = np.array([_DAYS[s - _OFFSET].year for s in a["start_on"]])
    activity_id = np.array([f"ACT-{y}-{i:05d}" for i, y in enumerate(years, 1)], dtype=object)
    writer.sheet("Activities", ["National Committee for Counter Trafficking — Activities of "
                                "member ministries 2022–2026 (SYNTHETIC BENCHMARK DATA)"],
                 ACTIVITY_HEADERS,
                 [activity_id, draw.spell(PILLAR, a["pillar"]), draw.spell(KIND, a["kind"]),
                  a["title"], date_cells(draw, a["start_on"]), date_cells(draw, a["end_on"]),
                  a["agency"], a["partners"], a["participants"], a["channel"], a["amount"],
                  a["currency"], a["location"], a["description"], a["result"]])
    del n
    return activity_id


RECOMMENDATIONS = [
    ("Increase investigations, prosecutions and convictions of traffickers, including "
     "complicit officials, and seek adequate sentences.", True, "In progress"),
    ("Investigate and prosecute those operating online scam compounds, and identify the victims "
     "held there.", True, "In progress"),
    ("Screen vulnerable groups for trafficking indicators and refer victims to care.", True,
     "Implemented"),
    ("Increase the labour inspections of fishing vessels, brick kilns and garment factories.",
     False, "Implemented"),
    ("Fund the national referral mechanism and train officials to use it.", False,
     "In progress"),
    ("Regulate recruitment agencies and eliminate recruitment fees charged to workers.", False,
     "Not started"),
    ("Train judges and prosecutors on victim-centred and trauma-informed approaches.", False,
     "Implemented"),
    ("Publish data on investigations, prosecutions, convictions and victims identified.", False,
     "Implemented"),
]
NARRATIVE = [
    ("introduction", "The Royal Government submits this report on its efforts to combat "
                     "trafficking in persons during the reporting period. (Synthetic benchmark "
                     "text.)"),
    ("prosecution", "Investigations of online scam compounds continued across several "
                    "provinces, with joint operations and cross-border cooperation."),
    ("protection", "Victims identified were referred to government and NGO shelters and "
                   "received medical, psychosocial and legal assistance."),
    ("prevention", "Awareness campaigns reached communities in every province, in person and "
                   "online, and labour inspections covered high-risk sectors."),
    ("challenges", "Data collection across ministries remains uneven; a national case "
                   "database is being built."),
    ("conclusion", "The government remains committed to eliminating trafficking in persons."),
]


def write_committee(writer: Writer, activity_ids: np.ndarray, starts: np.ndarray) -> None:
    recent = activity_ids[(starts >= serial(CURRENT_START)) & (starts <= serial(DATA_THROUGH))]
    rows = []
    for i, (text, prioritized, status) in enumerate(RECOMMENDATIONS, 1):
        evidence = ", ".join(recent[(i * 7) % max(len(recent), 1):][:2].tolist()) or None
        response = ("No action was taken in the period; a draft is planned." if status ==
                    "Not started" else "Measures were taken during the period; see the "
                    "activities listed as evidence.")
        rows.append([f"R{i:02d}", REPORT_YEAR - 1, text, "Yes" if prioritized else "No",
                     status, response, evidence if status != "Not started" else None])
    writer.sheet("Recommendations", ["Response to the recommendations of the 2025 TIP report "
                                     "(SYNTHETIC BENCHMARK DATA)"],
                 ["Rec ID", "TIP report", "Recommendation", "Prioritized",
                  "Implementation status", "Action taken", "Evidence"],
                 [np.array(col, dtype=object) for col in zip(*rows)])
    writer.sheet("Narrative", ["Ministry narrative (SYNTHETIC BENCHMARK TEXT)"],
                 ["Section", "Order", "Paragraph"],
                 [np.array([s for s, _ in NARRATIVE], dtype=object),
                  np.arange(1, len(NARRATIVE) + 1), np.array([t for _, t in NARRATIVE],
                                                             dtype=object)])
    settings = [("country", "Cambodia"),
                ("government_body", "National Committee for Counter Trafficking (synthetic "
                                    "benchmark)"),
                ("report_year", REPORT_YEAR), ("submitted_on", SUBMITTED),
                ("data_through", DATA_THROUGH), ("contact_name", "Benchmark Contact Officer"),
                ("contact_email", "contact@example.org"), ("currency", "KHR"),
                ("deadline", DEADLINE), ("language", "en")]
    writer.sheet("Submission", [], ["Key", "Value"],
                 [np.array([k for k, _ in settings], dtype=object),
                  np.array([v for _, v in settings], dtype=object)])


def write_all(folder: Path, scale: float) -> dict:
    draw = Draw(SEED)
    cases = make_cases(draw, scaled("Cases", scale))
    defs = make_defendants(draw, cases, scaled("Defendants", scale))
    victims = make_victims(draw, cases, scaled("Victims", scale))
    acts = make_activities(draw, scaled("Activities", scale))
    folder.mkdir(parents=True, exist_ok=True)
    files = []

    national = np.isin(cases["province"], NATIONAL_PROVINCES)
    for name, title, mine in (
            ("police_national_cases.xlsx", "Anti-Human Trafficking and Juvenile Protection "
                                           "Department", national),
            ("police_provincial_cases.xlsx", "Provincial police commissariats", ~national)):
        rows = np.flatnonzero(mine)
        def_rows = np.flatnonzero(mine[defs["case"]])
        writer = Writer(folder / name, title)
        write_cases(draw, writer, _take(cases, rows), _take(defs, def_rows), title)
        files.append(writer.close())

    victims["seq"] = np.arange(1, len(victims["status"]) + 1)
    by_immigration = (victims["identified_by"] == "immigration") | (
        victims["identified_by"] == "foreign_government")
    for name, title, prefix, mine in (
            ("social_affairs_victims.xlsx", "Ministry of Social Affairs, Veterans and Youth "
                                            "Rehabilitation", "MOSVY", ~by_immigration),
            ("immigration_victims.xlsx", "General Department of Immigration", "GDI",
             by_immigration)):
        writer = Writer(folder / name, title)
        write_victims(draw, writer, _take(victims, np.flatnonzero(mine)), cases["case_id"],
                      title, prefix)
        files.append(writer.close())

    writer = Writer(folder / "committee_activities.xlsx", "Activities")
    activity_ids = write_activities(draw, writer, acts)
    files.append(writer.close())

    writer = Writer(folder / "committee_submission.xlsx", "Submission")
    write_committee(writer, activity_ids, acts["start_on"])
    files.append(writer.close())

    rows = {}
    for f in files:
        for sheet, info in f["sheets"].items():
            rows[sheet] = rows.get(sheet, 0) + info["rows"]
    return {"version": VERSION, "scale": scale, "seed": SEED, "files": files, "rows": rows,
            "total_rows": sum(rows.values()), "report_year": REPORT_YEAR,
            "submitted_on": SUBMITTED.isoformat(), "data_through": DATA_THROUGH.isoformat(),
            "country": "Cambodia"}


# --- the cache ----------------------------------------------------------------------------------


def folder_for(scale: float, out: Path = DEFAULT_OUT) -> Path:
    return Path(out) / f"v{VERSION}-scale{scale:g}"


def ensure(scale: float = 1.0, out: Path = DEFAULT_OUT, force: bool = False,
           quiet: bool = False) -> tuple[Path, dict]:
    """The folder holding the data at ``scale`` (generated unless cached) and its manifest."""
    if not scale > 0:
        raise ValueError(f"scale must be positive, not {scale}")
    folder = folder_for(scale, out)
    manifest_path = folder / "manifest.json"
    if manifest_path.exists() and not force:
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("version") == VERSION and all(
                (folder / f["file"]).exists() for f in manifest["files"]):
            return folder, manifest
    if folder.exists():
        shutil.rmtree(folder)
    if not quiet:
        print(f"Generating the intake data at scale {scale:g} in {folder} …", file=sys.stderr)
    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    manifest = write_all(tmp, scale)
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    tmp.replace(folder)
    return folder, manifest


def paths(folder: Path, manifest: dict) -> list[Path]:
    return [folder / f["file"] for f in manifest["files"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1 = 100,000 cases and 555,000 rows in all (default 1)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="cache folder (default benchmarks/.data/)")
    parser.add_argument("--force", action="store_true", help="regenerate even when cached")
    parser.add_argument("--print-folder", action="store_true",
                        help="print only the folder's path (for scripts)")
    args = parser.parse_args(argv)
    folder, manifest = ensure(args.scale, args.out, force=args.force)
    if args.print_folder:
        print(folder)
        return 0
    rows = ", ".join(f"{n:,} {sheet}" for sheet, n in manifest["rows"].items())
    print(f"{folder}: {len(manifest['files'])} files, {manifest['total_rows']:,} rows ({rows})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
