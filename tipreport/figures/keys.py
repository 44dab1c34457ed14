"""Figures by dotted key (``prosecution.investigations.by_exploitation.labor``), every key, and
the figures as plain JSON-ready data."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from .model import Figure, Money, Terms

__all__ = ["resolve", "all_keys", "all_figures", "walk", "plain", "NOT_SENT_SETTINGS"]

#: keys of list items that locate a row in a file, and texts the document never prints (an
#: activity's description and location): left out of what the document sent holds
_NOT_SENT = frozenset({"file", "sheet", "row", "description", "location"})
#: submission settings the document sent does not print (for the ministry's eyes, or rules)
NOT_SENT_SETTINGS = frozenset({"deadline", "public_numbers", "public_domains"})


def resolve(figures, path: str) -> Any:
    """The node at ``path``; an unknown key raises ``UnknownFigureError`` naming close
    matches."""
    parts = path.split(".")
    top = {**figures.pillars}
    if figures.agreements is not None:
        top["agreements"] = figures.agreements
    node: Any = top
    i = 0
    try:
        while i < len(parts):
            part = parts[i]
            if isinstance(node, dict):
                node = node[part]
            elif isinstance(node, Money):
                if part != "by_currency":
                    raise KeyError(part)
                node = node.by_currency[parts[i + 1]]
                i += 1
            elif isinstance(node, Figure):
                node = node.by[part.removeprefix("by_")][parts[i + 1]]
                i += 1
            elif isinstance(node, Terms):
                node = node[part]
            else:
                raise KeyError(part)
            i += 1
    except (KeyError, IndexError, TypeError):
        from ..errors import UnknownFigureError

        close = difflib.get_close_matches(path, all_keys(figures), n=5, cutoff=0.6)
        hint = (" Did you mean: " + ", ".join(close) + "?") if close else (
            " See figures.keys() for every key.")
        raise UnknownFigureError(f"there is no figure {path!r}.{hint}") from None
    return node


def all_keys(figures) -> list[str]:
    return [key for key, _ in all_figures(figures)]


def all_figures(figures) -> list[tuple[str, Figure]]:
    """Every figure with its dotted key, in the order of :func:`all_keys`."""
    return [(".".join(path), figure) for path, figure in walk(figures)]


def walk(figures) -> list[tuple[tuple[str, ...], Figure]]:
    """Every figure with its key as parts (``("prosecution", "investigations", "by_law",
    "Art. 10")``: a part may hold a dot)."""
    out: list[tuple[tuple[str, ...], Figure]] = []

    def visit(path: tuple[str, ...], node: Any) -> None:
        if isinstance(node, Figure):
            out.append((path, node))
            for dim, parts in node.by.items():
                for key, sub in parts.items():
                    visit((*path, f"by_{dim}", key), sub)
        elif isinstance(node, Money):
            for cur, sub in node.by_currency.items():
                visit((*path, "by_currency", cur), sub)
        elif isinstance(node, dict):
            for key, sub in node.items():
                visit((*path, key), sub)

    visit((), figures.pillars)
    if figures.agreements is not None:
        visit(("agreements",), figures.agreements)
    return out


def plain(node: Any, sent: bool = False, missing=None) -> Any:
    """Figures, Money and Terms as dicts; dates as ISO text; with ``sent``, no provenance and
    nothing the document does not print. ``missing(figure)`` names the sheets a figure counts
    from that were not supplied: its values are then ``null``, never 0."""
    if isinstance(node, (Figure, Money)):
        return node.to_dict(missing(node) if missing is not None else ())
    if isinstance(node, Terms):
        return node.to_dict()
    if isinstance(node, dict):
        return {k: plain(v, sent, missing) for k, v in node.items()
                if not (sent and k in _NOT_SENT)}
    if isinstance(node, (list, tuple)):
        return [plain(v, sent, missing) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node
