"""What was sent, as data: ``<name>.figures.json``, written beside every build's PDF, DOCX and
HTML, and read back by the supplementary update to reconcile with it.

It holds what the document sent holds, and no more (decisions.md): a ``format`` version, the
edition, the period, ``data_through``, the submission date and every figure, with the
recommendations as answered. No file path, sheet, row, source or rejected row; no text the
document does not print (an activity's description, a case example's internal reference, the
deadline, the allowed numbers and domains); personal data withheld from the document is
withheld here too. A figure whose sheet was not supplied has ``null`` values and says why,
never 0. The shape is in ``docs/figures.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .model import Figures

__all__ = ["FORMAT", "sent_dict", "sent_json", "read_sent"]

#: the version of the shape; a reader refuses a version it does not know
FORMAT = 1


def sent_dict(figures: Figures, kind: str = "submission",
              supplementary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The figures as the document sent them. ``kind`` is ``submission`` or
    ``supplementary``; an update adds what it reconciled (``supplementary``)."""
    body = figures.to_dict(sent=True)
    for key in ("year", "period", "submitted_on"):
        body.pop(key)
    out: dict[str, Any] = {
        "format": FORMAT,
        "kind": kind,
        "edition": figures.year,
        "period": {"start": figures.period.start.isoformat(),
                   "end": figures.period.end.isoformat()},
        "data_through": figures.data_through.isoformat(),
        "submitted_on": figures.submitted_on.isoformat(),
    }
    if supplementary is not None:
        out["supplementary"] = supplementary
    out.update(body)
    return out


def sent_json(figures: Figures, kind: str = "submission",
              supplementary: dict[str, Any] | None = None) -> str:
    """:func:`sent_dict` as JSON text (UTF-8, keys in a stable order, one trailing newline)."""
    return json.dumps(sent_dict(figures, kind, supplementary), ensure_ascii=False,
                      indent=2) + "\n"


def read_sent(sent: str | os.PathLike | dict[str, Any]) -> dict[str, Any]:
    """A ``figures.json`` (its path, or the dict already read), checked: the format known, an
    edition, a period, ``data_through`` and the submission date present. Raises
    :class:`~tipreport.errors.UsageError` naming the file and what is wrong."""
    shown = "the sent figures"
    if isinstance(sent, dict):
        data = sent
    else:
        path = Path(sent)
        shown = path.name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise UsageError(f"{os.fspath(sent)} does not exist: give the .figures.json file "
                             "written beside the submission that was sent") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{shown} cannot be read ({exc})") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{shown} is not JSON (line {exc.lineno}: {exc.msg}): give the "
                             ".figures.json file written beside the submission sent") from None
    if not isinstance(data, dict) or "format" not in data:
        raise UsageError(f"{shown} is not a tipreport figures file (it has no \"format\"): "
                         "give the .figures.json file written beside the submission sent")
    if data["format"] != FORMAT:
        raise UsageError(f"{shown} is in format {data['format']!r}; this tipreport reads "
                         f"format {FORMAT}")
    for key in ("edition", "data_through", "submitted_on", "period"):
        if key not in data:
            raise UsageError(f"{shown} has no {key!r}: it is not a complete figures file")
    try:
        for key in ("data_through", "submitted_on"):
            dt.date.fromisoformat(data[key])
        int(data["edition"])
    except (TypeError, ValueError):
        raise UsageError(f"{shown} has an edition or a date that cannot be read") from None
    return data
