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
from .counting import Counter, flag
from .model import Figure
from .prosecution import TIP_FORMS, tip_form

__all__ = ["protection", "SHELTER_TYPES", "ORIGINS"]

#: how a sheltered victim was sheltered: a shelter type, or only "shelter" among the services
SHELTER_TYPES = ("government", "ngo", "not_recorded")
ORIGINS = ("national", "foreign", "unknown")


def _origin(nationality: pd.Series, country_code: str | None) -> pd.Series:
    if not country_code:
        return pd.Series("unknown", index=nationality.index, dtype=object)
    out = pd.Series("foreign", index=nationality.index, dtype=object)
    out[nationality == country_code] = "national"
    out[nationality.isna() | (nationality == "unknown")] = "unknown"
    return out


def _confirmed(vc: Counter, among: np.ndarray, when: dict[str, np.ndarray],
               status: pd.Series, dims: dict | None = None, keys: dict | None = None,
               weights: pd.Series | None = None) -> Figure:
    """The confirmed victims of ``among``, with ``by["status"]`` giving confirmed and potential
    victims apart (and any other breakdown counted over confirmed victims)."""
    confirmed = flag(status == "confirmed")
    split = vc.figure(among, when, {"status": status}, {"status": schema.VICTIM_STATUS},
                      weights=weights)
    main = vc.figure(among & confirmed, when, dims, keys, weights=weights)
    return Figure(main.current, main.previous, main.previous_full, main.sheet,
                  {**main.by, "status": split.by["status"]}, main.where)


def protection(t: dict[str, pd.DataFrame], windows: dict[str, Period],
               country_code: str | None) -> dict[str, Any]:
    vic = t["Victims"]
    vc = Counter("Victims", vic, windows)
    status = vic["status"]
    confirmed = flag(status == "confirmed")
    potential = flag(status == "potential")
    everyone = np.ones(len(vic), dtype=bool)
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
    shelter_type = vic["shelter"].where(vic["shelter"].isin(["government", "ngo"]),
                                        "not_recorded")
    sheltered = flag(vic["shelter"].isin(["government", "ngo"])) | received["shelter"]
    sheltered_fig = _confirmed(vc, sheltered, identified, status, {"shelter": shelter_type},
                               {"shelter": SHELTER_TYPES})
    service_figs = {s: (sheltered_fig if s == "shelter"
                        else _confirmed(vc, received[s], identified, status))
                    for s in schema.SERVICES}
    case_offense = vic["case_offense"]
    in_other = flag(case_offense.isin(["sexual_exploitation", "other"]))
    return {
        "victims_identified": vc.figure(confirmed, identified, dims, keys),
        "victims_potential": vc.figure(potential, identified, dims, keys),
        "victims_all": vc.figure(everyone, identified, {"status": status},
                                 {"status": schema.VICTIM_STATUS}),
        "victims_in_other_offences": vc.figure(in_other, identified, {"status": status},
                                               {"status": schema.VICTIM_STATUS}),
        "referred": _confirmed(vc, flag(vic["referred"]), identified, status),
        "services": service_figs,
        "sheltered": sheltered_fig,
        "repatriated": _confirmed(vc, flag(vic["repatriated_on"].notna()),
                                  vc.dated("repatriated_on"), status, {"origin": origin},
                                  {"origin": ORIGINS}),
        "cooperated": _confirmed(vc, flag(vic["cooperated"]), identified, status),
        "compensated": _confirmed(vc, flag(vic["compensation"].fillna(0) > 0), identified,
                                  status),
        "compensation_amount": _confirmed(vc, flag(vic["compensation"].fillna(0) > 0),
                                          identified, status, weights=vic["compensation"]),
    }
