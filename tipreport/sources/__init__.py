"""Where intake rows come from: one module per kind of source, one entry in :data:`SOURCES`.

``load()`` takes paths, folders and URLs. :func:`expand` turns them into targets (a folder into
the files in it that some source reads), and :func:`read` hands each target to the first source
in :data:`SOURCES` that accepts it. A source returns a :class:`FileResult`: raw sheets (rows
under contract names, see :mod:`tipreport.reading`), the ``Submission`` key/value cells, and
the issues found on the way. A source never raises for bad input: a file it cannot read is one
located error.

The sources today:

- :mod:`.database` — an SQLite file, or a ``sqlite:`` or ``postgresql:`` address, through
  SQLAlchemy (the ``sql`` extra): tables by name and alias, rows located by primary key;
- :mod:`.workbook` — ``.xlsx``, ``.xlsm`` and ``.ods`` through python-calamine, behind a guard
  that checks the container (sizes, declared counts, the used area) before calamine sees it;
- :mod:`.csv` — one sheet per ``.csv`` file, the sheet named by the file name or inferred.

An HTCDS register is a kind of sheet, not of file: the workbook and CSV sources hand every
sheet whose row 1 holds HTCDS field names to :mod:`.htcds`, which makes it a ``Victims`` sheet.

Adding a source is one module here and one entry in :data:`SOURCES`:

1. Write a class with a ``name``, the ``suffixes`` it reads in a folder (``()`` for none),
   ``accepts(target) -> bool`` and ``read(target, shown, options) -> FileResult``. ``target``
   is a :class:`~pathlib.Path`, or a ``str`` for a URL (``sqlite:///cases.db``,
   ``postgresql://user@host/db``: :func:`is_url` tells them apart; never put a password in
   ``shown``, use :func:`mask_url`). Put it in :data:`SOURCES` before a source that would
   also accept the target.
2. :func:`read` has refused missing files, folders, pipes and devices before asking
   ``accepts``, and files over ``options.limits.file_size`` before ``read`` (unless the
   source sets ``bounded_by_file_size = False``: a database, read a table at a time). Read
   a file through :func:`~tipreport.sources._files.read_bytes`, which checks again on the
   open file.
3. For each table, find its sheet by name and alias (:func:`~tipreport.schema.sheet_lookup`
   on :func:`~tipreport.schema.normalize` of the table name), build the rows as lists (the
   header names first), and call :func:`tipreport.reading.shape_table`, which finds the
   header, maps the columns by header and alias, drops personal data and applies the limits.
   A database passes ``letters=False`` (its columns have no letters),
   ``row_numbers=[None] + keys`` (the primary key of each row, e.g. 17 or ``"C-001"``, located
   in messages as ``row_label``, e.g. ``"id"``), and ``sheet_in_file`` = the table's name. A
   ``Submission`` table goes through :func:`tipreport.reading.collect_settings` (with the
   same ``row_numbers`` and ``letters=False``). ``tests/test_sources.py`` has a complete
   example: a source of tables located by key, in thirty lines.
4. Put the raw sheets in ``FileResult.sheets``, the settings in ``FileResult.settings``, the
   issues in ``FileResult.issues``; set ``readable=False`` when nothing could be read. A
   problem with one cell (a value over a limit, a value a driver could not decode) is a
   :class:`~tipreport.reading.CellProblem` on the raw sheet: it rejects its row, with its code.
   Codes are listed in :mod:`tipreport.codes`.

A source that needs an optional package imports it inside ``read`` and raises
:class:`~tipreport.errors.MissingDependencyError` with the ``pip install`` line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol, runtime_checkable

from ..limits import Limits
from ..reading import RawSheet, SettingCell
from ..report import ERROR, Issue

__all__ = ["Source", "ReadOptions", "FileResult", "SOURCES", "expand", "read", "is_url",
           "mask_url", "suffixes"]


@dataclass(frozen=True)
class ReadOptions:
    """What every source is told: the size limits, and how dates written as text are read
    (``"DMY"`` or ``"MDY"``: a source that reads dates itself, such as an HTCDS register's
    birth dates, reads them as every other date is read)."""

    limits: Limits = field(default_factory=Limits)
    date_order: str = "DMY"


@dataclass
class FileResult:
    """What one source made of one target."""

    sheets: list[RawSheet] = field(default_factory=list)
    settings: list[SettingCell] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True

    def fail(self, issue: Issue) -> FileResult:
        """Nothing of the target can be used: one error, no sheets."""
        self.issues.append(issue)
        self.sheets.clear()
        self.settings.clear()
        self.readable = False
        return self


@runtime_checkable
class Source(Protocol):
    """One kind of input. See the module's docstring for how to write one."""

    name: str
    suffixes: tuple[str, ...]

    def accepts(self, target: Path | str) -> bool: ...

    def read(self, target: Path | str, shown: str, options: ReadOptions) -> FileResult: ...


def suffixes() -> tuple[str, ...]:
    """File name endings some source reads (what a folder is searched for)."""
    return tuple(s for source in SOURCES for s in source.suffixes)


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(target: object) -> bool:
    """``sqlite:///x.db``, ``postgresql://…``: a URL, not a path (Windows ``C:\\`` is a path)."""
    return isinstance(target, str) and bool(_URL.match(target))


def mask_url(url: str) -> str:
    """The URL with its password replaced by ``***``, fit to be shown: the password after the
    user name, and a ``password=`` in the query."""
    url = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#@]*?:)[^/?#]*@", r"\1***@", url)
    return re.sub(r"([?&](?:password|pass|pwd)=)[^&#]*", r"\1***", url, flags=re.IGNORECASE)


# --- targets -----------------------------------------------------------------------------------


def expand(items: Iterable) -> list[tuple[str, Path | str]]:
    """Paths, folders, URLs (and lists of them) → (shown, target), each target once.

    A folder gives the files in it whose ending a source reads (not hidden files, not Excel's
    ``~$`` lock files), and itself when it holds none (which :func:`read` reports). The same
    file named twice, or a folder and a file in it, is read once.
    """
    flat: list = []
    for item in items:
        if isinstance(item, (list, tuple)):
            flat.extend(item)
        else:
            flat.append(item)
    out: list[tuple[str, Path | str]] = []
    seen: set = set()

    def add(shown: str, target: Path | str) -> None:
        key = target if isinstance(target, str) else _identity(target)
        if key not in seen:
            seen.add(key)
            out.append((shown, target))

    endings = suffixes()
    for item in flat:
        if is_url(item):
            add(mask_url(item), item)
            continue
        shown = os.fspath(item)
        path = Path(shown)
        if _is_dir(path):
            try:
                children = sorted(path.iterdir())
            except OSError:
                children = []
            found = [child for child in children
                     if child.name.lower().endswith(endings)
                     and not child.name.startswith(("~$", "."))]
            if not found:  # read() says so: a folder that holds no intake file
                add(shown, path)
            for child in found:
                add(os.path.join(shown, child.name), child)
        else:
            add(shown, path)
    return out


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a symbolic link loop, a name too long: read() says so
        return False


def _identity(path: Path):
    try:
        st = path.stat()
        return ("inode", st.st_dev, st.st_ino)
    except (OSError, ValueError):
        return ("path", os.path.abspath(path))


def read(target: Path | str, shown: str, options: ReadOptions | None = None) -> FileResult:
    """Read one target with the first source that accepts it. Never raises for bad input."""
    options = options or ReadOptions()
    from ._files import check_target

    path = not is_url(target)
    if path:  # only a regular file is looked into (a pipe would block, a device never end)
        problem = check_target(Path(target), shown, options.limits, size=False)
        if problem is not None:
            return FileResult().fail(problem)
    source = next((s for s in SOURCES if s.accepts(target)), None)
    if path and getattr(source, "bounded_by_file_size", True):
        problem = check_target(Path(target), shown, options.limits)
        if problem is not None:
            return FileResult().fail(problem)
    if source is None:
        return FileResult().fail(_unsupported(target, shown))
    return source.read(target, shown, options)


def _unsupported(target: Path | str, shown: str) -> Issue:
    if is_url(target):
        scheme = str(target).split(":", 1)[0]
        return Issue("file-unsupported-type", ERROR,
                     f'tipreport cannot read "{scheme}" addresses. Give .xlsx, .xlsm, .ods or '
                     ".csv files, an SQLite database, or a sqlite:/// or postgresql:// "
                     "address.", file=shown)
    suffix = Path(target).suffix.lower()
    if suffix == ".xls":
        return Issue("file-old-excel", ERROR,
                     "Old Excel 97–2003 (.xls) workbooks cannot be read. Open it in Excel and "
                     "save it as an Excel Workbook (.xlsx).", file=shown)
    return Issue("file-unsupported-type", ERROR,
                 f'Files of type "{suffix or "(none)"}" cannot be read. Use .xlsx, .xlsm, .ods '
                 "or .csv, or an SQLite database (.db, .sqlite).", file=shown)


# --- the table of sources (last: each source module imports the names above) ----------------

from .csv import CsvSource  # noqa: E402
from .database import DatabaseSource  # noqa: E402
from .workbook import WorkbookSource  # noqa: E402

#: Every source, in the order they are asked. One entry per kind of input.
SOURCES: list[Source] = [DatabaseSource(), WorkbookSource(), CsvSource()]
