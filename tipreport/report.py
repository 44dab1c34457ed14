"""The validation report: every problem found, and the row ledger.

Each :class:`Issue` has a stable ``code`` (see ``docs/issues.md``), a ``severity`` and a
location precise enough to fix the cell in Excel in a minute. The report shows as a DataFrame
(:meth:`Report.to_frame`), a text summary (``str(report)``) and an HTML table in a notebook.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from .errors import DataError

__all__ = ["Issue", "LedgerEntry", "Report", "ERROR", "WARNING", "NOTICE"]

ERROR = "error"
WARNING = "warning"
NOTICE = "notice"
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, NOTICE: 2}


def quote(value: Any, limit: int = 60) -> str:
    """A cell value as a clerk would type it, shortened for messages."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


@dataclass(frozen=True)
class Issue:
    """One problem, located to the cell where there is one.

    ``row`` is the Excel row number (1-based, as Excel shows it); ``column`` the column letter;
    ``header`` the header as written in the file. Fields that do not apply are ``None``.
    A source that locates rows otherwise (a database, by primary key) gives the key as ``row``
    and says what it is in ``row_label`` (e.g. ``"id"``; ``None`` means an Excel row; ``""``
    a key that names itself, such as ``"case_id C-1, person_id 2"``), which only the wording
    of :attr:`location` uses.
    """

    code: str
    severity: str
    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    value: str | None = None
    row_label: str | None = field(default=None, compare=False, repr=False)

    @property
    def location(self) -> str:
        parts = [p for p in (self.file, self.sheet) if p]
        place = " › ".join(parts)
        cell = []
        if self.row is not None:
            cell.append(_row_words(self.row_label, self.row))
        if self.column:
            col = f"column {self.column}"
            if self.header:
                col += f' "{self.header}"'
            cell.append(col)
        elif self.header:
            cell.append(f'column "{self.header}"')
        if cell:
            place = f"{place} › {', '.join(cell)}" if place else ", ".join(cell)
        return place

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.message}" if location else self.message

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _ISSUE_KEYS}


_ISSUE_KEYS = ("code", "severity", "message", "file", "sheet", "row", "column", "header",
               "value")


@dataclass
class LedgerEntry:
    """Rows of one sheet of one file: read = accepted + rejected + excluded.

    A rejected row has an error; an excluded row is left out on purpose, with a reason (an
    HTCDS row whose trafficking status says the person is not a victim).
    """

    file: str
    sheet: str
    read: int = 0
    accepted: int = 0
    rejected: int = 0
    #: issue code → number of rejected rows carrying it
    rejected_by_code: dict[str, int] = field(default_factory=dict)
    excluded: int = 0
    #: reason, in words → number of rows excluded for it
    excluded_by_reason: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "read": self.read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rejected_by_code": dict(self.rejected_by_code),
            "excluded": self.excluded,
            "excluded_by_reason": dict(self.excluded_by_reason),
        }


@dataclass
class Report:
    """Everything validation found, and the ledger of rows.

    ``files`` lists the files as given; ``issues`` every problem in reading order;
    ``ledger`` one entry per file and sheet read.
    """

    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    ledger: list[LedgerEntry] = field(default_factory=list)

    # -- building ------------------------------------------------------------------------------

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    # -- reading -------------------------------------------------------------------------------

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def notices(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == NOTICE]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and notices allowed)."""
        return not self.errors

    def counts(self) -> Counter:
        return Counter(i.severity for i in self.issues)

    def codes(self) -> Counter:
        return Counter(i.code for i in self.issues)

    def headline(self) -> str:
        c = self.counts()
        read = sum(e.read for e in self.ledger)
        rejected = sum(e.rejected for e in self.ledger)
        excluded = sum(e.excluded for e in self.ledger)
        parts = [
            _plural(c.get(ERROR, 0), "error"),
            _plural(c.get(WARNING, 0), "warning"),
            _plural(c.get(NOTICE, 0), "notice"),
        ]
        text = f"{', '.join(parts)} in {_plural(len(self.files), 'file')}"
        text += (f"; {read:,} rows read, {read - rejected - excluded:,} accepted, "
                 f"{rejected:,} rejected")
        return text + (f", {excluded:,} excluded." if excluded else ".")

    def raise_for_errors(self) -> Report:
        """Raise :class:`~tipreport.errors.DataError` when there are errors; else return self."""
        if self.errors:
            raise DataError(self)
        return self

    # -- shapes --------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "issues": [i.to_dict() for i in self.issues],
            "ledger": [e.to_dict() for e in self.ledger],
        }

    def to_frame(self):
        """The issues as a :class:`pandas.DataFrame`, one row each."""
        import pandas as pd

        columns = ["severity", "code", "file", "sheet", "row", "column", "header", "value",
                   "message"]
        frame = pd.DataFrame([i.to_dict() for i in self.issues], columns=columns)
        if all(r is None or isinstance(r, int) for r in frame["row"]):
            frame["row"] = frame["row"].astype("Int64")  # Excel rows; a database's keys stay
        return frame

    def ledger_frame(self):
        """The ledger as a :class:`pandas.DataFrame`."""
        import pandas as pd

        rows = [
            {
                "file": e.file,
                "sheet": e.sheet,
                "read": e.read,
                "accepted": e.accepted,
                "rejected": e.rejected,
                "rejected_by_code": ", ".join(f"{k} ×{v}" for k, v in e.rejected_by_code.items()),
                "excluded": e.excluded,
                "excluded_by_reason": ", ".join(f"{k} ×{v}"
                                                for k, v in e.excluded_by_reason.items()),
            }
            for e in self.ledger
        ]
        return pd.DataFrame(rows, columns=["file", "sheet", "read", "accepted", "rejected",
                                           "rejected_by_code", "excluded",
                                           "excluded_by_reason"])

    def summary(self, limit: int | None = None) -> str:
        """The report as text, grouped by file and sheet, with the ledger."""
        lines = [self.headline(), ""]
        groups: dict[tuple, list[Issue]] = {}
        for issue in sorted(self.issues, key=_order_key(self.files)):
            groups.setdefault((issue.file, issue.sheet), []).append(issue)
        shown = 0
        for (file, sheet), issues in groups.items():
            title = " › ".join(p for p in (file, sheet) if p) or "General"
            lines.append(title)
            for issue in issues:
                if limit is not None and shown >= limit:
                    break
                cell = []
                if issue.row is not None:
                    cell.append(_row_words(issue.row_label, issue.row))
                if issue.column:
                    cell.append(f'column {issue.column}' + (f' "{issue.header}"'
                                                             if issue.header else ""))
                elif issue.header:
                    cell.append(f'column "{issue.header}"')
                where = (", ".join(cell) + ": ") if cell else ""
                lines.append(f"  {issue.severity.upper():8} {where}{issue.message} [{issue.code}]")
                shown += 1
            lines.append("")
        if limit is not None and len(self.issues) > limit:
            lines.append(f"… and {len(self.issues) - limit:,} more (tipreport check --format "
                         "json, or report.to_frame() in Python).")
            lines.append("")
        if self.ledger:
            # the excluded column only when a row was excluded: most files have none
            excluded = any(e.excluded for e in self.ledger)
            lines.append("Rows: read = accepted + rejected" + (" + excluded" if excluded else ""))
            wf = max([len(e.file) for e in self.ledger] + [4])
            ws = max([len(e.sheet) for e in self.ledger] + [5])
            lines.append(f"  {'file':{wf}}  {'sheet':{ws}}  {'read':>8}  {'accepted':>8}  "
                         f"{'rejected':>8}" + (f"  {'excluded':>8}" if excluded else ""))
            for e in self.ledger:
                why = [f"{k} ×{v}" for k, v in e.rejected_by_code.items()]
                why += [f"{k} ×{v}" for k, v in e.excluded_by_reason.items()]
                lines.append(f"  {e.file:{wf}}  {e.sheet:{ws}}  {e.read:>8,}  {e.accepted:>8,}  "
                             f"{e.rejected:>8,}" + (f"  {e.excluded:>8,}" if excluded else "")
                             + (f"  ({', '.join(why)})" if why else ""))
        return "\n".join(lines).rstrip() + "\n"

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        esc = html.escape
        colour = {ERROR: "#b00020", WARNING: "#8a5a00", NOTICE: "#555"}
        out = [f"<div class='tipreport-report'><p><strong>{esc(self.headline())}</strong></p>"]
        if self.issues:
            out.append("<table><thead><tr><th>severity</th><th>file</th><th>sheet</th>"
                       "<th>row</th><th>column</th><th>value</th><th>message</th><th>code</th>"
                       "</tr></thead><tbody>")
            for i in sorted(self.issues, key=_order_key(self.files))[:1000]:
                col = (i.column or "") + (f' "{i.header}"' if i.header else "")
                out.append(
                    f"<tr><td style='color:{colour.get(i.severity, '#000')}'>{esc(i.severity)}"
                    f"</td><td>{esc(i.file or '')}</td><td>{esc(i.sheet or '')}</td>"
                    f"<td>{'' if i.row is None else i.row}</td><td>{esc(col)}</td>"
                    f"<td>{esc(i.value or '')}</td><td>{esc(i.message)}</td>"
                    f"<td><code>{esc(i.code)}</code></td></tr>"
                )
            out.append("</tbody></table>")
            if len(self.issues) > 1000:
                out.append(f"<p>… and {len(self.issues) - 1000:,} more: use "
                           "<code>report.to_frame()</code>.</p>")
        if self.ledger:
            out.append("<table><thead><tr><th>file</th><th>sheet</th><th>read</th>"
                       "<th>accepted</th><th>rejected</th><th>excluded</th></tr></thead><tbody>")
            for e in self.ledger:
                out.append(f"<tr><td>{esc(e.file)}</td><td>{esc(e.sheet)}</td><td>{e.read:,}</td>"
                           f"<td>{e.accepted:,}</td><td>{e.rejected:,}</td>"
                           f"<td>{e.excluded:,}</td></tr>")
            out.append("</tbody></table>")
        out.append("</div>")
        return "".join(out)

    def __repr__(self) -> str:
        return f"<Report {self.headline()}>"


def _row_words(label: str | None, row: Any) -> str:
    """``row 7`` (Excel), ``case_id C-18`` (a key), or the row alone when the label is ``""``
    (a composite key written out: ``case_id C-1, person_id 2``)."""
    if label == "":
        return str(row)
    return f"{label or 'row'} {row}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _order_key(files: list[str]):
    index = {f: i for i, f in enumerate(files)}

    def key(issue: Issue):
        return (
            index.get(issue.file, -1 if issue.file is None else len(index)),
            issue.sheet or "",
            (0, issue.row, "") if isinstance(issue.row, int) else (
                (-1, 0, "") if issue.row is None else (1, 0, str(issue.row))),
            issue.column or "",
            _SEVERITY_ORDER.get(issue.severity, 3),
        )

    return key
