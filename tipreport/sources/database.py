"""Databases: an SQLite file, or a database address (``sqlite:///cases.db``,
``postgresql://user@host/db``), read wherever a file is.

Tables are found by sheet name and alias (``cases``, ``Case register``, ``victims`` …) and
columns by header and alias, exactly as in workbooks: each table's column names are its header
row, handed to :func:`~tipreport.reading.shape_table` with its rows. A row is located by its
primary key (``cases › case_id C-18, column "opened_on"``; a composite key reads
``case_id C-1, person_id 2``); a table without one by its ``rowid`` in SQLite, else by its
position, with a notice. A ``submission`` table holds key/value rows. Tables of other names are
skipped with one notice; views are read like tables.

Everything goes through SQLAlchemy (the ``sql`` extra: ``pip install 'tipreport[sql]'``),
SQLite and PostgreSQL alike; PostgreSQL through psycopg. Nothing is ever written: an SQLite
file is opened read-only (and never created when missing), a PostgreSQL session is read-only.

Credentials. An address is shown with its password masked (:func:`~tipreport.sources.mask_url`)
in every message, and a driver's message has the password taken out. Better, leave the password
out of the address: the PostgreSQL driver reads it from ``PGPASSWORD`` or ``~/.pgpass``
(``PGPASSFILE``), as every PostgreSQL program does, and ``PGHOST``, ``PGUSER`` … likewise.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import MissingDependencyError
from ..reading import CellProblem, collect_settings, shape_table, sheet_too_large
from ..report import ERROR, NOTICE, Issue
from ..sql import INSTALL, engine_url, sqlalchemy
from . import FileResult, ReadOptions, is_url
from ._files import check_target

__all__ = ["DatabaseSource", "SQLITE_SUFFIXES"]

#: File endings read as SQLite databases (a file of any name is, when it starts as one).
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SCHEMES = {"sqlite": "sqlite", "postgresql": "postgresql", "postgres": "postgresql"}
#: seconds to wait for a server before saying it cannot be reached
CONNECT_TIMEOUT = 15


def _scheme(url: str) -> str | None:
    """``postgresql+psycopg://…`` → ``postgresql``; None for an address no database has."""
    head = url.split(":", 1)[0].lower()
    return _SCHEMES.get(head.split("+", 1)[0])


class DatabaseSource:
    """SQLite files, and ``sqlite:`` and ``postgresql:`` addresses."""

    name = "database"
    #: none: a database is named, never picked up from a folder (``Thumbs.db`` is no intake)
    suffixes = ()
    #: read a table at a time, never whole: the file-size limit does not apply (the row,
    #: column and cell limits do)
    bounded_by_file_size = False

    def accepts(self, target: Path | str) -> bool:
        if is_url(target):
            return _scheme(str(target)) is not None
        path = Path(target)
        suffix = path.suffix.lower()
        if suffix in SQLITE_SUFFIXES:
            return True
        # a file of another name is a database when it starts as one, unless its name says
        # it is a workbook or a CSV (whose source then says what is wrong with it)
        from . import suffixes

        return suffix not in suffixes() and _starts_as_sqlite(path)

    def read(self, target: Path | str, shown: str, options: ReadOptions) -> FileResult:
        result = FileResult()
        sa = sqlalchemy()
        if is_url(target):
            engine = _engine_for_url(sa, str(target), shown, options, result)
        else:
            engine = _sqlite_engine(sa, Path(target), shown, result)
        if engine is None:
            return result
        secret = _password(sa, target)
        try:
            with engine.connect() as conn:
                if engine.dialect.name == "postgresql":
                    conn = conn.execution_options(postgresql_readonly=True)
                _read_tables(sa, conn, shown, options, result, secret)
        except sa.exc.DBAPIError as exc:
            return result.fail(_unreachable(exc, shown, secret, engine.dialect.name))
        except sa.exc.SQLAlchemyError as exc:
            return result.fail(Issue(
                "database-unreadable", ERROR,
                f"The database cannot be read ({_detail(exc, secret)}).", file=shown))
        finally:
            engine.dispose()
        return result


# --- connecting ---------------------------------------------------------------------------------


def _starts_as_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == _SQLITE_MAGIC
    except (OSError, ValueError):
        return False


def _sqlite_engine(sa, path: Path, shown: str, result: FileResult):
    """An engine on an existing SQLite file, read-only: never created, never written."""
    if not _starts_as_sqlite(path):
        result.fail(Issue("database-unreadable", ERROR,
                          "This file is not an SQLite database (it does not start as one). "
                          "Give the database file itself, or export the tables to a workbook.",
                          file=shown))
        return None
    uri = path.resolve().as_uri() + "?mode=ro"

    def connect():
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        # the schema's own code (views, triggers) may not call functions with side effects
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        return conn

    return sa.create_engine("sqlite://", creator=connect, poolclass=sa.pool.NullPool)


def _engine_for_url(sa, url: str, shown: str, options: ReadOptions, result: FileResult):
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        result.fail(Issue("database-connection-failed", ERROR,
                          "The database address cannot be read. Write it like "
                          "sqlite:///cases.db or postgresql://user@host/database.", file=shown))
        return None
    if _scheme(url) == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            result.fail(Issue("database-connection-failed", ERROR,
                              "The address names no database file: write it like "
                              "sqlite:///cases.db (three slashes, then the file).", file=shown))
            return None
        path = Path(parsed.database)
        problem = check_target(path, shown, options.limits, size=False)
        if problem is not None:
            result.fail(problem)
            return None
        return _sqlite_engine(sa, path, shown, result)
    parsed = engine_url(url)
    try:
        return sa.create_engine(parsed, poolclass=sa.pool.NullPool, connect_args={
            "connect_timeout": CONNECT_TIMEOUT, "application_name": "tipreport"})
    except sa.exc.NoSuchModuleError:
        raise MissingDependencyError(
            f"The database driver of {parsed.drivername} is not installed. Use a "
            f"postgresql:// address (psycopg: {INSTALL}).") from None


def _password(sa, target) -> str | None:
    if not is_url(target):
        return None
    try:
        return sa.engine.make_url(str(target)).password or None
    except sa.exc.ArgumentError:
        match = re.match(r"^[^:/]+://[^/:@]*:([^/@]*)@", str(target))
        return match.group(1) if match else None


def _detail(exc: BaseException, secret: str | None) -> str:
    """A driver's message, first line, without the password and without SQL."""
    origin = getattr(exc, "orig", None) or exc
    text = str(origin).strip().splitlines()[0] if str(origin).strip() else type(origin).__name__
    text = re.sub(r"\(Background on this error.*$", "", text).strip()
    if secret:
        text = text.replace(secret, "***")
    from . import mask_url

    return re.sub(r"[A-Za-z][A-Za-z0-9+.-]*://\S+", lambda m: mask_url(m.group(0)), text)[:300]


def _unreachable(exc: BaseException, shown: str, secret: str | None, dialect: str) -> Issue:
    if dialect == "sqlite":
        return Issue("database-unreadable", ERROR,
                     f"The SQLite database cannot be read ({_detail(exc, secret)}). It may be "
                     "damaged, or not a database.", file=shown)
    return Issue("database-connection-failed", ERROR,
                 f"tipreport could not connect to the database ({_detail(exc, secret)}). Check "
                 "the address, that the server is running, and the user name and password (a "
                 "password can also come from PGPASSWORD or ~/.pgpass).", file=shown)


# --- tables ---------------------------------------------------------------------------------


def _read_tables(sa, conn, shown: str, options: ReadOptions, result: FileResult,
                 secret: str | None) -> None:
    inspector = sa.inspect(conn)
    names = sorted(set(inspector.get_table_names()) | set(inspector.get_view_names()))
    lookup = schema.sheet_lookup()
    unknown = []
    for table in names:
        sheet = lookup.get(schema.normalize(table))
        if sheet is None:
            if schema.normalize(table) not in schema.HELPER_SHEETS:
                unknown.append(table)
            continue
        try:
            _read_table(sa, conn, inspector, table, sheet, shown, options, result)
        except sa.exc.DBAPIError as exc:
            if conn.in_transaction():
                conn.rollback()  # PostgreSQL refuses more in a failed transaction
            result.issues.append(Issue(
                "table-unreadable", ERROR,
                f"The table cannot be read ({_detail(exc, secret)}), so none of its rows was "
                "read. Check that the user may read it.", file=shown, sheet=table))
    if unknown:
        listed = ", ".join(unknown[:20]) + (f" and {len(unknown) - 20:,} more"
                                            if len(unknown) > 20 else "")
        result.issues.append(Issue(
            "sheet-unknown", NOTICE,
            f"The table{'s' if len(unknown) != 1 else ''} {listed} "
            f"{'are' if len(unknown) != 1 else 'is'} not one tipreport reads, so "
            f"{'they were' if len(unknown) != 1 else 'it was'} skipped. Tables are recognised "
            f"by the sheets' names and other names: {', '.join(schema.SHEETS)} (see "
            "docs/intake.md).", file=shown))


def _read_table(sa, conn, inspector, table: str, sheet: str, shown: str,
                options: ReadOptions, result: FileResult) -> None:
    limits = options.limits
    columns = [c["name"] for c in inspector.get_columns(table)]
    key = list((inspector.get_pk_constraint(table) or {}).get("constrained_columns") or [])
    rowid = not key and conn.dialect.name == "sqlite" and table in inspector.get_table_names()
    selected = [sa.column(c) for c in columns]
    order = [sa.column(c) for c in key]
    if rowid:
        selected.append(sa.literal_column("rowid"))
        order = [sa.literal_column("rowid")]
    query = sa.select(*selected).select_from(sa.table(table)).order_by(*order)
    rows = [list(r) for r in conn.execute(query.limit(limits.rows + 1))]
    if len(rows) > limits.rows:
        result.issues.append(sheet_too_large(shown, table, "rows", len(rows), limits.rows))
        return
    if rowid:
        locators, label = [r.pop() for r in rows], "rowid"
    elif len(key) == 1:
        at = columns.index(key[0])
        locators, label = [_key(r[at]) for r in rows], key[0]
    elif key:
        at = [columns.index(k) for k in key]
        locators = [", ".join(f"{k} {_key(r[i])}" for k, i in zip(key, at)) for r in rows]
        label = ""  # the locator names its columns
    else:
        locators, label = list(range(1, len(rows) + 1)), "row"
        result.issues.append(Issue(
            "table-no-key", NOTICE,
            "The table has no primary key, so its rows are located by their position in what "
            "the database returned (row 1 is the first), which may change from one reading to "
            "the next. Give the table a primary key.", file=shown, sheet=table))
    if sheet == "Submission":
        header, rows = _key_value_first(columns, rows)
        result.settings.extend(collect_settings(
            [header] + rows, shown, table, result.issues, row_numbers=[None] + locators,
            limits=limits, letters=False))
        return
    problems = _plain_values(columns, rows, locators, sheet)
    raw = shape_table([columns] + rows, shown, sheet, table, result.issues, limits=limits,
                      row_numbers=[None] + locators, letters=False, row_label=label, header=0)
    if raw is not None:
        kept = set(raw.frame["_row"])
        raw.problems.extend(p for p in problems if p.row in kept)
        result.sheets.append(raw)


def _key(value: Any) -> Any:
    """A primary key's value as a row's locator: an int, or text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value)


def _key_value_first(columns: list[str], rows: list[list]) -> tuple[list, list[list]]:
    """A submission table's header and rows, its key and value columns alone (an ``id`` may
    lead); as they are when it names no key and value columns."""
    names = schema.header_lookup("Submission")
    at = {names.get(schema.normalize(c)): i for i, c in enumerate(columns)}
    if "key" not in at or "value" not in at:
        return columns, rows
    k, v = at["key"], at["value"]
    return [columns[k], columns[v]], [[r[k], r[v]] for r in rows]


_PLAIN = (str, int, float, bool, dt.date, type(None))


def _plain_values(columns: list[str], rows: list[list], locators: list, sheet: str
                  ) -> list[CellProblem]:
    """Values as the reader takes them, in place: exact numbers as numbers, times with a zone
    as local times, identifiers and other objects as text. Binary data (a file, a picture) is
    no value: a problem under a contract column, dropped elsewhere."""
    names = schema.header_lookup(sheet)
    problems = []
    for i, column in enumerate(columns):
        kinds = {type(r[i]) for r in rows}
        if all(issubclass(k, _PLAIN) for k in kinds) and not any(
                issubclass(k, dt.datetime) for k in kinds):
            continue
        contract = names.get(schema.normalize(column))
        for row, locator in zip(rows, locators):
            value = row[i]
            if isinstance(value, (bytes, bytearray, memoryview)):
                row[i] = None
                if contract is not None:
                    problems.append(CellProblem(
                        locator, "value-unreadable", "The cell holds binary data (a file or a "
                        "picture), which is no value tipreport can read.", None, column))
            elif isinstance(value, decimal.Decimal):
                row[i] = int(value) if value == value.to_integral_value() else float(value)
            elif isinstance(value, dt.datetime) and value.tzinfo is not None:
                row[i] = value.replace(tzinfo=None)
            elif isinstance(value, (uuid.UUID, dt.time, dt.timedelta, list, dict, tuple)):
                row[i] = str(value)
    return problems
