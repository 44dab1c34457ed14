"""The intake as SQL tables: what a case database holds for tipreport, and how to start one.

One table per sheet, named as the sheet in lower case (``cases``, ``defendants``, ``victims``,
``activities``, ``recommendations``, ``narrative``, ``submission``), with the contract's column
names and types, the sheet's key as primary key (``narrative`` gets an ``id``), required
columns ``NOT NULL`` and code columns checked against their code list. The database source
(:mod:`tipreport.sources.database`) reads such tables back, and tables of other shapes too:
it finds tables and columns by name and alias, as in workbooks.

:func:`to_sqlite` writes a dataset (or nothing: the empty tables) into a new SQLite file, so
that a ministry can start a database from its intake workbooks; :func:`write_tables` writes
into any database SQLAlchemy reaches (``postgresql://…``). Both need the ``sql`` extra
(``pip install 'tipreport[sql]'``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from . import coerce, schema
from .errors import DataError, MissingDependencyError, OutputError, OutputExistsError

__all__ = ["to_sqlite", "write_tables", "table_name", "metadata", "engine_url", "INSTALL"]

#: what to run when SQLAlchemy or the PostgreSQL driver is missing
INSTALL = "pip install 'tipreport[sql]'"


def sqlalchemy():
    """SQLAlchemy, or :class:`~tipreport.errors.MissingDependencyError` saying what to install."""
    try:
        import sqlalchemy as sa
    except ImportError:
        raise MissingDependencyError(
            f"Databases need SQLAlchemy, which is not installed. Install it with: {INSTALL}"
        ) from None
    return sa


def engine_url(url: str):
    """A database address as SQLAlchemy takes it: ``postgresql://`` (and ``postgres://``)
    through psycopg, the driver the ``sql`` extra installs."""
    sa = sqlalchemy()
    parsed = sa.engine.make_url(url.replace("postgres://", "postgresql://", 1)
                                if url.startswith("postgres://") else url)
    if parsed.drivername == "postgresql":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise MissingDependencyError(
                "PostgreSQL databases need psycopg, which is not installed. Install it with: "
                + INSTALL) from None
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def table_name(sheet: str) -> str:
    """The table a sheet is written to: its name in lower case."""
    return sheet.lower()


_TYPES = {"date": "Date", "bool": "Boolean", "number": "Float", "integer": "BigInteger",
          "age": "Integer", "year": "Integer"}


def metadata():
    """The schema's tables as SQLAlchemy ``MetaData``."""
    sa = sqlalchemy()
    meta = sa.MetaData()
    for sheet in schema.SHEETS.values():
        columns = []
        if sheet.name == "Narrative":
            columns.append(sa.Column("id", sa.Integer, primary_key=True, autoincrement=True))
        for c in sheet.columns:
            kind = getattr(sa, _TYPES.get(c.kind, "Text"))
            columns.append(sa.Column(c.name, kind(), primary_key=c.name in sheet.key,
                                     nullable=not c.required and c.name not in sheet.key))
        table = sa.Table(table_name(sheet.name), meta, *columns)
        for c in sheet.columns:
            if c.kind == "code":
                table.append_constraint(sa.CheckConstraint(
                    table.c[c.name].in_(c.allowed), name=f"{table.name}_{c.name}_code"))
    return meta


def _rows(frame: pd.DataFrame, sheet: schema.Sheet) -> list[dict[str, Any]]:
    """The accepted rows of a sheet as plain values: dates as dates, missing as NULL, and an
    unknown country as NULL (the intake has no country called "unknown")."""
    out: dict[str, list] = {}
    for c in sheet.columns:
        series = frame[c.name] if c.name in frame.columns else pd.Series([None] * len(frame))
        if c.kind == "date":
            values = [None if pd.isna(v) else v.date() for v in series]
        elif c.kind == "bool":
            values = [None if pd.isna(v) else bool(v) for v in series]
        elif c.kind in ("integer", "age", "year"):
            values = [None if pd.isna(v) else int(v) for v in series]
        elif c.kind == "number":
            values = [None if pd.isna(v) else float(v) for v in series]
        elif c.kind == "country":
            values = [None if v is None or v == "unknown" or (isinstance(v, float) and v != v)
                      else v for v in series]
        else:
            values = [None if v is None or (isinstance(v, float) and v != v) else v
                      for v in series]
        out[c.name] = values
    return [dict(zip(out, values)) for values in zip(*out.values())] if out else []


def _settings(submission: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": key, "value": coerce._as_text(value)}
            for key, value in submission.items() if value is not None]


def write_tables(dataset, target, *, allow_errors: bool = False) -> None:
    """Create the schema's tables in the database at ``target`` (a URL or an SQLAlchemy
    engine) and write ``dataset``'s accepted rows and settings into them: the tables of the
    sheets it supplies, and ``submission`` when it has settings. ``dataset=None`` creates every
    table, empty. A dataset with errors is refused (:class:`~tipreport.DataError`) unless
    ``allow_errors=True``: its rejected rows would be lost without a word. The tables must not
    exist yet."""
    sa = sqlalchemy()
    if dataset is not None and dataset.report.errors and not allow_errors:
        raise DataError(dataset.report, "The data has errors: correct them first, or pass "
                                        "allow_errors=True to write the accepted rows only "
                                        f"({dataset.report.headline()})")
    meta = metadata()
    if dataset is None:
        chosen = list(schema.SHEETS)
    else:
        chosen = [name for name in schema.DATA_SHEETS if dataset.supplied(name)]
        if dataset.submission:
            chosen.append("Submission")
    tables = [meta.tables[table_name(name)] for name in chosen]
    engine = (target if isinstance(target, sa.engine.Engine)
              else sa.create_engine(engine_url(str(target))))
    try:
        with engine.begin() as conn:
            meta.create_all(conn, tables=tables, checkfirst=False)
            if dataset is None:
                return
            for name, table in zip(chosen, tables):
                rows = (_settings(dataset.submission) if name == "Submission"
                        else _rows(dataset.tables[name], schema.SHEETS[name]))
                if rows:
                    conn.execute(table.insert(), rows)
    finally:
        if engine is not target:
            engine.dispose()


def to_sqlite(dataset, path: str | os.PathLike, *, overwrite: bool = False,
              allow_errors: bool = False) -> Path:
    """Write an intake into a new SQLite database file with the schema's tables (see the
    module's docstring), and return its path. ``dataset=None`` writes the empty tables: a
    database to start from. An existing file is replaced only with ``overwrite=True``; the
    file appears whole or not at all."""
    sa = sqlalchemy()
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputExistsError(f"{path} exists: pass overwrite=True to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=folder)
        os.close(handle)
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {exc.strerror or exc}",
                          str(folder)) from exc
    part = Path(temporary)
    try:
        part.unlink()  # SQLite creates it, as a database
        engine = sa.create_engine(f"sqlite:///{part}")
        try:
            write_tables(dataset, engine, allow_errors=allow_errors)
        finally:
            engine.dispose()
        os.replace(part, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}", str(path)) from exc
    finally:
        if part.exists():
            part.unlink()
    return path

