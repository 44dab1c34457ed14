"""Protection: victims identified (confirmed, and potential apart) and what happened to them.

Referrals, services, shelter, cooperation, compensation and repatriation count **confirmed**
victims; each figure carries ``by["status"]`` with confirmed and potential victims apart, so
that the two are never silently added (decisions.md, "Later decisions")."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from ..periods import Period
from .counting import Counter, Where, flag
from .model import Figure
from .prosecution import TIP_FORMS, tip_form

__all__ = ["protection", "SHELTER_TYPES", "ORIGINS"]

#: how a sheltered victim was sheltered: a shelter type, or only "shelter" among the services
SHELTER_TYPES = ("government", "ngo", "not_recorded")
ORIGINS = ("national", "foreign", "unknown")


def _origin(nationality: pd.Series, country_code: str | None) -> pd.Series:
    if not country_code:
        return pd.Series("unknown", index=nationality.index, dtype=object, name="origin")
    out = pd.Series("foreign", index=nationality.index, dtype=object, name="origin")
    out[nationality == country_code] = "national"
    out[nationality.isna() | (nationality == "unknown")] = "unknown"
    return out


def _confirmed(vc: Counter, among: Where, when: dict[str, np.ndarray],
               status: pd.Series, dims: dict | None = None, keys: dict | None = None,
               weights: pd.Series | None = None) -> Figure:
    """The confirmed victims of ``among``, with ``by["status"]`` giving confirmed and potential
    victims apart (and any other breakdown counted over confirmed victims)."""
    confirmed = vc.where(status="confirmed")
    split = vc.figure(among, when, {"status": status}, {"status": schema.VICTIM_STATUS},
                      weights=weights)
    main = vc.figure(among & confirmed, when, dims, keys, weights=weights)
    return Figure(main.current, main.previous, main.previous_full, main.sheet,
                  {**main.by, "status": split.by["status"]}, main.where, filter=main.filter)


def protection(t: dict[str, pd.DataFrame], windows: dict[str, Period],
               country_code: str | None) -> dict[str, Any]:
    vic = t["Victims"]
    vc = Counter("Victims", vic, windows)
    status = vic["status"]
    confirmed = vc.where(status="confirmed")
    potential = vc.where(status="potential")
    everyone = vc.everyone()
    origin = _origin(vic["nationality"], country_code)
    dims = {"sex": vic["sex"], "age_group": vic["age_group"], "nationality": vic["nationality"],
            "origin": origin, "exploitation": vic["exploitation"],
            "tip_form": tip_form(vic["exploitation"]), "identified_by": vic["identified_by"],
            "exploited_in": vic["exploited_in"]}
    keys = {"sex": schema.SEX, "age_group": schema.AGE_GROUP,
            "exploitation": schema.EXPLOITATION, "tip_form": TIP_FORMS,
            "identified_by": schema.IDENTIFIED_BY, "origin": ORIGINS}
    identified = vc.dated("identified_on")
    services = vic["services"].fillna("").astype(str)
    # one pass over the distinct lists of services: a boolean column per service
    distinct = pd.Series(services.unique())
    matrix = {s: distinct.map(lambda xs, s=s: s in xs.split(",")).to_numpy(dtype=bool)
              for s in schema.SERVICES}
    position = pd.Index(distinct).get_indexer(services)
    received = {s: m[position] if len(position) else np.zeros(0, dtype=bool)
                for s, m in matrix.items()}
    for s, got in received.items():  # a yes/no column per service
        vc.derive(f"service_{s}", got)
    shelter_type = vic["shelter"].where(vic["shelter"].isin(["government", "ngo"]),
                                        "not_recorded").rename("shelter_type")
    vc.derive("sheltered", flag(vic["shelter"].isin(["government", "ngo"]))
              | received["shelter"])
    vc.derive("compensated", flag(vic["compensation"].fillna(0) > 0))
    sheltered_fig = _confirmed(vc, vc.where(sheltered=True), identified, status,
                               {"shelter": shelter_type}, {"shelter": SHELTER_TYPES})
    service_figs = {s: (sheltered_fig if s == "shelter"
                        else _confirmed(vc, vc.where(**{f"service_{s}": True}), identified,
                                        status))
                    for s in schema.SERVICES}
    in_other = vc.where(case_offense=("sexual_exploitation", "other"))
    compensated = vc.where(compensated=True)
    return {
        "victims_identified": vc.figure(confirmed, identified, dims, keys),
        "victims_potential": vc.figure(potential, identified, dims, keys),
        "victims_all": vc.figure(everyone, identified, {"status": status},
                                 {"status": schema.VICTIM_STATUS}),
        "victims_in_other_offences": vc.figure(in_other, identified, {"status": status},
                                               {"status": schema.VICTIM_STATUS}),
        "referred": _confirmed(vc, vc.where(referred=True), identified, status),
        "services": service_figs,
        "sheltered": sheltered_fig,
        # whenever identified: the window of repatriated_on holds only rows with that date
        "repatriated": _confirmed(vc, everyone, vc.dated("repatriated_on"), status,
                                  {"origin": origin}, {"origin": ORIGINS}),
        "cooperated": _confirmed(vc, vc.where(cooperated=True), identified, status),
        "compensated": _confirmed(vc, compensated, identified, status),
        "compensation_amount": _confirmed(vc, compensated, identified, status,
                                          weights=vic["compensation"]),
    }
