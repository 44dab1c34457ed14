"""Activities of one pillar: how many started, how many continued, whom they reached, what
they cost, and the list of them.

An activity counts in the window in which it **started**; one that started earlier and still
runs is "continued", a sibling count never inside the first. Its participants and its money
count once, where it started. People reached are never one sum across kinds: persons trained,
people reached in person, accounts reached online, audiences of broadcasts, hotline calls and
labor inspections are each their own figure (decisions.md, "Later decisions").
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from ..periods import Period
from ..reading import row_locator
from .counting import BLANK, Counter, Derived, flag
from .model import Figure, Money, num

__all__ = ["activities", "REACH_MEASURES", "split_partners"]

#: figure name → (activity kind, channel or None): what each "reached" figure counts
REACH_MEASURES: dict[str, tuple[str, str | None]] = {
    "trained": ("training", None),
    "reached_in_person": ("awareness", "in_person"),
    "reached_online": ("awareness", "online"),
    "reached_broadcast": ("awareness", "broadcast"),
    "calls": ("hotline", None),
    "inspections": ("labor_inspection", None),
}
_MEASURED_KINDS = {kind for kind, _ in REACH_MEASURES.values()}
_SPLIT = re.compile(r"\s*[,;\n]\s*")


def split_partners(text: Any) -> list[str]:
    """``"IOM, UNICEF; World Vision"`` → the three names, as written."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return []
    return [p.strip() for p in _SPLIT.split(str(text)) if p.strip()]


def _started_before(frame: pd.DataFrame, windows: dict[str, Period]) -> dict[str, np.ndarray]:
    """Window → activities that started before it and still ran in it (continued)."""
    start = frame["start_on"].to_numpy(dtype="datetime64[ns]")
    end = frame["end_on"].fillna(frame["start_on"]).to_numpy(dtype="datetime64[ns]")
    out = {}
    for w, p in windows.items():
        first = np.datetime64(p.start, "ns")
        out[w] = (start < first) & (end >= first)
    return out


def activities(t: dict[str, pd.DataFrame], windows: dict[str, Period], pillar: str
               ) -> dict[str, Any]:
    act = t["Activities"]
    ac = Counter("Activities", act, windows)
    mine = ac.where(pillar=pillar)
    started = ac.dated("start_on")
    # continued: started before the window and still running in it; the two previous windows
    # usually start on the same day and then share one column (not so for the rest of a
    # period that a supplementary update counts)
    same_start = windows["previous"].start == windows["previous_full"].start
    continued = ac.flagged({"current": "continued_into_current",
                            "previous": "continued_into_previous",
                            "previous_full": ("continued_into_previous" if same_start
                                              else "continued_into_previous_full")},
                           lambda: _started_before(act, windows))
    kind = act["kind"]
    kinds = {"kind": kind}
    kind_keys = {"kind": schema.ACTIVITY_KIND}
    if "channel" not in act:
        ac.derive("channel", pd.Series("in_person", index=act.index))
    participants = act["participants"]
    reach: dict[str, Figure] = {}
    for name, (k, ch) in REACH_MEASURES.items():
        base = mine & ac.where(kind=k)
        if ch is not None:
            base &= ac.where(channel=ch)
        reach[name] = ac.figure(base, started, weights=participants)
    other_people = (mine & ac.where_not(kind=tuple(sorted(_MEASURED_KINDS)))
                    & ac.where_not(participants=BLANK))
    has_amount = mine & ac.where_not(amount=BLANK)
    currencies = tuple(sorted(act.loc[has_amount.mask, "currency"].dropna().unique().tolist()))
    amount = Money({c: ac.figure(has_amount & ac.where(currency=c), started,
                                 weights=act["amount"]) for c in currencies})
    agencies = Derived(act["agency"].fillna("Agency not recorded"), act["agency"])
    by_agency = {}
    for c in currencies:
        fig = ac.figure(has_amount & ac.where(currency=c), started, {"agency": agencies},
                        weights=act["amount"])
        for agency, part in fig.by["agency"].items():
            by_agency.setdefault(agency, {})[c] = part
    current = windows["current"]
    items = _items(act, mine.mask, current)
    return {
        "activities": ac.figure(mine, started, kinds, kind_keys),
        "continued": ac.figure(mine, continued, kinds, kind_keys),
        **reach,
        "labor_inspections": reach["inspections"],
        "other_participants": ac.figure(other_people, started, kinds, weights=participants),
        "trainings": ac.figure(mine & ac.where(kind="training"), started),
        "amount": amount,
        "amount_by_agency": {a: Money(m) for a, m in sorted(by_agency.items())},
        "policies": [i for i in items if i["kind"] == "policy"],
        "agreements": [i for i in items if i["kind"] == "agreement"],
        "partners": _partners(items),
        "list": items,
    }


def _items(act: pd.DataFrame, mine: np.ndarray, current: Period) -> list[dict[str, Any]]:
    """The pillar's activities that ran during the period through data_through: started in
    it, or continued from before (policies and agreements adopted earlier are "in force")."""
    start = act["start_on"]
    end = act["end_on"].fillna(start)
    running = mine & flag((start <= pd.Timestamp(current.end))
                          & (end >= pd.Timestamp(current.start)))
    listed = act[running].sort_values(["start_on", "activity_id"], kind="stable")
    first = pd.Timestamp(current.start)
    out = []
    for r in listed.to_dict("records"):
        began = r["start_on"] >= first
        out.append({
            "activity_id": r["activity_id"], "kind": r["kind"], "title": r["title"],
            "start_on": r["start_on"].date().isoformat(),
            "end_on": None if pd.isna(r["end_on"]) else r["end_on"].date().isoformat(),
            "started": "in_period" if began else "before_period",
            # a policy or agreement adopted before the period is in force, never "adopted"
            "status": (("adopted" if began else "in_force")
                       if r["kind"] in ("policy", "agreement") else None),
            "agency": _opt(r["agency"]), "partners": _opt(r["partners"]),
            "partner_list": split_partners(r["partners"]),
            "participants": None if pd.isna(r["participants"]) else num(r["participants"]),
            "channel": _opt(r.get("channel")),
            "amount": None if pd.isna(r["amount"]) else num(r["amount"]),
            "currency": _opt(r["currency"]),
            # money counts once, where the activity started: elsewhere it is only listed
            "amount_counted_here": bool(began),
            "location": _opt(r["location"]), "description": _opt(r["description"]),
            "result": _opt(r["result"]),
            "file": r["_file"], "sheet": r["_sheet"], "row": row_locator(r["_row"]),
        })
    return out


def _partners(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each partner named once (as first written), with the ids of its activities."""
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        for name in item["partner_list"]:
            key = schema.normalize(name)
            entry = seen.setdefault(key, {"name": name, "activities": []})
            entry["activities"].append(item["activity_id"])
    return sorted(seen.values(), key=lambda e: (-len(e["activities"]), e["name"].casefold()))


def agreements_by_pillar(t: dict[str, pd.DataFrame], windows: dict[str, Period]) -> Figure:
    """Agreements of every pillar, started in each window, by pillar (decisions.md: counted
    across every pillar, each listed once under its own)."""
    act = t["Activities"]
    ac = Counter("Activities", act, windows)
    return ac.figure(ac.where(kind="agreement"), ac.dated("start_on"),
                     {"pillar": act["pillar"]}, {"pillar": schema.PILLAR})


def _opt(value: Any) -> Any:
    try:
        if value is None or pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value

