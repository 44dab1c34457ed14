"""Small-cell suppression: counts under a threshold are hidden, and so is whatever would let
a reader work them out from a total.

A table is given as its cells (key → count) and its **breakdowns**: each a total and the
parts that add up to it (victims by sex, by age group, by country; the cells of a sex × age
grid along both directions; the forms of exploitation of each sex and age). Then:

1. **Primary suppression.** A count from 1 to ``below - 1`` is hidden and written ``"<5"``
   (for ``below=5``). Zero is not hidden: "none" is not a small group of people.
2. **Secondary suppression.** A breakdown with exactly one hidden number would give it away
   (the total minus the others), so the next smallest number of that breakdown is hidden too
   (a part before the total; the first in the table's order among equals). A secondary cell
   of 0 is written ``"<5"`` (true of 0); one of ``below`` or more is written ``"x"``, never
   ``"<5"``, which would be false. This repeats until no breakdown has exactly one hidden
   number.
3. **Checks that close the gaps** left by step 2, each hiding one more number of the breakdown
   concerned, until none applies:
   - no hidden number is determined by several totals together (linear algebra over every
     breakdown: the hidden number's unit vector must not lie in the row space of the
     breakdowns restricted to the hidden cells);
   - no hidden number is pinned to its value by the bounds a reader knows (``"<5"`` is 0–4,
     or 1–4 for a reader who assumes every ``"<5"`` is a real small count; ``"x"`` is 5 or
     more): two hidden ``"<5"`` cells that must add up to 8 are both 4.

``below=0`` (or 1) hides nothing. The same option, ``--suppress-below N``, applies wherever
tipreport publishes counts (decisions.md: default 5 for UNODC exports, off for the
submission).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np

__all__ = ["suppress", "SECONDARY", "marker", "check_below"]

#: how a hidden cell of ``below`` or more is written
SECONDARY = "x"

Key = Hashable
Breakdown = tuple[Key, Sequence[Key]]


def check_below(below) -> int:
    """``below`` as a threshold: a whole number ≥ 0 (``0`` = no suppression)."""
    from .errors import UsageError

    if isinstance(below, bool) or not isinstance(below, (int, np.integer)) or below < 0:
        raise UsageError(f"suppress_below must be a whole number, 0 or more (0 = off), not "
                         f"{below!r}")
    return int(below)


def marker(below: int) -> str:
    """How a hidden count under ``below`` is written: ``"<5"``."""
    return f"<{below}"


def suppress(values: Mapping[Key, int], breakdowns: Iterable[Breakdown], below: int
             ) -> dict[Key, str]:
    """The cells to hide, each with what is written in its place (``"<5"`` or ``"x"``).

    ``values`` are the counts (every key a breakdown names must be there); ``breakdowns`` are
    ``(total, parts)`` pairs whose parts add up to the total. See the module's docstring for
    the rule."""
    below = check_below(below)
    breakdowns = [(total, tuple(parts)) for total, parts in breakdowns]
    for total, parts in breakdowns:
        if sum(values[p] for p in parts) != values[total]:
            raise ValueError(f"the parts of {total!r} do not add up to it")
    small = marker(below)
    hidden: dict[Key, str] = {k: small for k, v in values.items() if 0 < v < below}
    if not hidden:
        return hidden
    order = {k: i for i, k in enumerate(values)}

    def hide_next(cells: Sequence[Key], total: Key) -> bool:
        """Hide the smallest shown part (else the total); False when all are hidden."""
        shown = [k for k in cells if k not in hidden and k != total]
        if not shown and total not in hidden:
            shown = [total]
        if not shown:
            return False
        pick = min(shown, key=lambda k: (values[k], order[k]))
        hidden[pick] = small if values[pick] < below else SECONDARY
        return True

    while True:
        changed = False
        for total, parts in breakdowns:  # step 2
            cells = (*parts, total)
            if sum(k in hidden for k in cells) == 1:
                changed |= hide_next(cells, total)
        if changed:
            continue
        for total, parts in breakdowns:  # step 3, bounds
            if _pinned_by_bounds(values, total, parts, hidden, below):
                changed |= hide_next((*parts, total), total)
        if changed:
            continue
        for key in _determined(values, breakdowns, hidden):  # step 3, several totals
            around = [(t, (*p, t)) for t, p in breakdowns if key == t or key in p]
            for total, cells in sorted(around, key=lambda tc: _smallest_shown(values, tc[1],
                                                                              hidden)):
                if hide_next(cells, total):
                    changed = True
                    break
            if changed:
                break
        if not changed:
            return hidden


def _smallest_shown(values, cells, hidden) -> float:
    shown = [values[k] for k in cells if k not in hidden]
    return min(shown) if shown else math.inf


def _pinned_by_bounds(values, total, parts, hidden, below) -> bool:
    """True when a hidden part of this breakdown is pinned to its true value by the total
    and the bounds a reader knows of the other hidden parts."""
    if total in hidden:
        return False
    secret = [p for p in parts if p in hidden]
    if len(secret) < 2:
        return False
    left = values[total] - sum(values[p] for p in parts if p not in hidden)
    for low_small in (0, 1):
        bounds = {p: ((low_small, below - 1) if hidden[p] != SECONDARY else (below, math.inf))
                  for p in secret}
        low_sum = sum(lo for lo, _ in bounds.values())
        high_sum = sum(hi for _, hi in bounds.values())
        for p in secret:
            lo, hi = bounds[p]
            least = max(lo, left - (high_sum - hi))
            most = min(hi, left - (low_sum - lo))
            if least == most == values[p]:
                return True
    return False


def _determined(values, breakdowns, hidden) -> list[Key]:
    """Hidden cells whose value follows exactly from the totals shown, through any combination
    of breakdowns."""
    keys = [k for k in values if k in hidden]
    if len(keys) < 2:
        return keys  # step 2 has already made every breakdown hide two or none
    column = {k: i for i, k in enumerate(keys)}
    rows = []
    for total, parts in breakdowns:
        row = np.zeros(len(keys))
        for k, sign in ((total, 1.0), *((p, -1.0) for p in parts)):
            if k in column:
                row[column[k]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    _, singular, vt = np.linalg.svd(matrix)
    rank = int(np.sum(singular > 1e-9 * max(matrix.shape)))
    null = vt[rank:]  # the directions the hidden cells can move together, totals unchanged
    free = np.abs(null).max(axis=0) > 1e-9 if len(null) else np.zeros(len(keys), dtype=bool)
    return [k for k in keys if not free[column[k]]]
