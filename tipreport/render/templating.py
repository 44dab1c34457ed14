"""The one Jinja2 environment every HTML rendering uses.

Templates are files. A user's folder overrides them one at a time: a ``cover.html`` there
replaces the default cover, and may build on it with ``{% extends "default:cover.html" %}``
(the default templates are always reachable under the ``default:`` prefix, as in datasette).
A section with id ``X`` is rendered by ``sections/X.html`` when such a template exists in
either folder, else by ``section.html``.

Text from the workbooks is never marked safe: ``autoescape`` is on, so ``<script>``,
``{{ 7*7 }}`` and ``=HYPERLINK(…)`` render as the literal text they are. Undefined names
raise (``StrictUndefined``) instead of printing nothing. Every Jinja2 error is raised again
as :class:`~tipreport.errors.TemplateError` naming the template and the line.

A user's template is not trusted code. It runs in Jinja2's immutable sandbox (no private or
special attributes such as ``__class__``, no call that changes data), and it can read no file
outside the templates folders: :class:`ConfinedLoader` resolves every name to its real path,
symbolic links included, and refuses anything outside (or anything but a regular file).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import jinja2.loaders
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..document import BulletList, Chart, Paragraph, Section, Table
from ..errors import TemplateError
from ..resources import templates_dir

__all__ = ["DEFAULT_LABELS", "ConfinedLoader", "environment", "read_asset", "render_template",
           "sandboxed_environment", "template_dirs"]

#: Words the templates print around the data; a Document's ``labels`` override them.
DEFAULT_LABELS: dict[str, str] = {
    "contents": "Contents",
    "page": "Page",
    "of": "of",
    "cover": "Cover",
    "reporting_period": "Reporting period",
    "data_through": "Data through",
    "submitted_on": "Date of submission",
    "contact": "Point of contact",
    "readiness_banner": "For the ministry only — not part of the submission",
}


def template_dirs(user_dir: str | os.PathLike | None = None) -> list[Path]:
    """The folders templates are looked up in, first match wins: the user's, then the default."""
    dirs = [templates_dir()]
    if user_dir is not None:
        user = Path(user_dir)
        if not user.is_dir():
            raise TemplateError(f"the templates folder {os.fspath(user)!r} does not exist")
        dirs.insert(0, user.resolve())
    return dirs


class ConfinedLoader(jinja2.BaseLoader):
    """Templates from ``folders`` (first match wins), never from anywhere else.

    A name is split as Jinja2 splits it (``..`` is refused, ``/etc/passwd`` means
    ``etc/passwd`` inside a folder); the file found is resolved to its real path, symbolic
    links included, and must lie inside the folder it was found in and be a regular file.
    Otherwise a :class:`~tipreport.errors.TemplateError` says so, and the file is not read."""

    def __init__(self, folders: list[str | os.PathLike]):
        self.folders = [Path(os.path.realpath(f)) for f in folders]

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.folders:
            candidate = folder.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            path = confined(candidate, folder, f"template {template}")
            source = path.read_text(encoding="utf-8")
            return source, str(candidate), lambda: True
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found = set()
        for folder in self.folders:
            for path in folder.rglob("*"):
                if path.is_file():
                    found.add(path.relative_to(folder).as_posix())
        return sorted(found)


def confined(path: str | os.PathLike, folder: str | os.PathLike, what: str) -> Path:
    """``path``'s real path, when it is a regular file inside ``folder`` (itself resolved);
    a TemplateError otherwise. Nothing is opened."""
    real = Path(os.path.realpath(path))
    root = Path(os.path.realpath(folder))
    if root not in real.parents:
        raise TemplateError(f"{what} is a link to a file outside the templates folder; "
                            "tipreport reads no file outside it")
    try:
        regular = stat.S_ISREG(os.stat(real).st_mode)
    except OSError:
        regular = False
    if not regular:
        raise TemplateError(f"{what} is not a regular file")
    return real


def sandboxed_environment(loader: jinja2.BaseLoader, **options: Any) -> jinja2.Environment:
    """A Jinja2 environment in the immutable sandbox, undefined names raising."""
    options.setdefault("undefined", jinja2.StrictUndefined)
    options.setdefault("auto_reload", False)
    return ImmutableSandboxedEnvironment(loader=loader, **options)


def environment(user_dir: str | os.PathLike | None = None) -> jinja2.Environment:
    """The Jinja2 environment: the user's folder (if any) over the default templates, with the
    defaults also reachable as ``default:<name>``; sandboxed, and confined to those folders."""
    default = ConfinedLoader([templates_dir()])
    loaders: list[jinja2.BaseLoader] = [
        jinja2.PrefixLoader({"default": default}, delimiter=":")]
    if user_dir is not None:
        loaders.append(ConfinedLoader(template_dirs(user_dir)[:-1]))
    loaders.append(default)
    env = sandboxed_environment(
        jinja2.ChoiceLoader(loaders),
        autoescape=True,
        keep_trailing_newline=False,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.globals.update(
        block_template=block_template,
        section_templates=section_templates,
        column_widths=column_widths,
        column_aligns=column_aligns,
        padded=padded,
        column_count=column_count,
        row_kind=row_kind,
    )
    return env


# -- helpers the templates call ------------------------------------------------------------------

_BLOCK_TEMPLATES = {Paragraph: "_paragraph.html", Table: "_table.html", Chart: "_chart.html",
                    BulletList: "_list.html"}


def block_template(block: Any) -> str:
    """The partial that renders a block: ``_paragraph.html``, ``_table.html``, …"""
    try:
        return _BLOCK_TEMPLATES[type(block)]
    except KeyError:
        raise TemplateError(f"no template renders a {type(block).__name__}") from None


def section_templates(section: Section) -> list[str]:
    """``sections/<id>.html`` if it exists, else ``section.html`` (Jinja picks the first)."""
    return [f"sections/{section.id}.html", "section.html"]


def column_count(table: Table) -> int:
    """The number of columns: the header's, or the longest row's if one is longer."""
    return max([len(table.header), *(len(row) for row in table.rows)])


def column_widths(table: Table) -> list[str]:
    """Table.widths as percentages summing to 100 (empty when not given or not matching)."""
    widths = [float(w) for w in table.widths]
    if len(widths) != column_count(table) or not widths or any(w <= 0 for w in widths):
        return []
    total = sum(widths)
    return [f"{100 * w / total:.2f}" for w in widths]


def column_aligns(table: Table) -> list[str]:
    """``l`` / ``r`` per column (left when not given)."""
    n = column_count(table)
    aligns = [a if a in ("l", "r") else "l" for a in table.align][:n]
    return aligns + ["l"] * (n - len(aligns))


_NUMBERLIKE = re.compile(r"^[<+\-−±\[]?[\d.,\u00a0c\]]+")


def row_kind(row) -> str:
    """``group`` (a label and nothing else: it heads the rows below), ``reason`` (a label and a
    sentence in the first value column only, e.g. "not supplied (no Victims sheet)": it spans
    the value columns), or ``data``."""
    cells = [str(c) for c in row]
    if len(cells) > 1 and not any(cells[1:]):
        return "group"
    if len(cells) > 2 and cells[1] and not any(cells[2:]) and not _NUMBERLIKE.match(cells[1]):
        return "reason"
    return "data"


def padded(cells, count: int) -> list[str]:
    """A header or a row with ``count`` cells (a short one padded with empty cells)."""
    cells = list(cells)
    return cells + [""] * (count - len(cells))


# -- rendering -----------------------------------------------------------------------------------

def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render ``name``; any Jinja2 error becomes a TemplateError naming the template and line."""
    with template_errors(name):
        return env.get_template(name).render(**context)


@contextmanager
def template_errors(name: str) -> Iterator[None]:
    try:
        yield
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TemplateError(
            f"template {_short(where)}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name} (needed by {name})") from exc
    except jinja2.TemplateError as exc:
        where, line = _template_frame(sys.exc_info()[2])
        raise TemplateError(
            f"template {_short(where or name)}, line {line or '?'}: {exc}") from exc


def _template_frame(tb) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja2 rewrites its frames so
    they carry the template's own file name and line)."""
    where = line = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".htm", ".xml", ".txt", ".css")):
            where, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return where, line


def _short(path: str) -> str:
    for folder in (templates_dir(),):
        try:
            return Path(path).resolve().relative_to(folder).as_posix()
        except (ValueError, OSError):
            pass
    return path


_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}\s*", re.IGNORECASE)


def read_asset(name: str, user_dir: str | os.PathLike | None = None) -> str:
    """A text asset (``style.css``) from the user's folder if there, else the default; like a
    template, never from outside the templates folders."""
    for folder in template_dirs(user_dir):
        path = folder / name
        if os.path.lexists(path):
            return confined(path, folder, name).read_text(encoding="utf-8")
    raise TemplateError(f"{name} was not found in the templates folder")


def strip_font_faces(css: str) -> str:
    """The stylesheet without its ``@font-face`` rules (for the HTML preview)."""
    return _FONT_FACE.sub("", css)


_COMMENT = re.compile(r"/\*.*?\*/\s*", re.DOTALL)


def strip_comments(css: str) -> str:
    """The stylesheet without its comments (they are for its readers, not the page's)."""
    return _COMMENT.sub("", css)
