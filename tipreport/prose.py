"""Sentences written from the figures, by Jinja2 text templates (``templates/prose/*.txt``).

The numbers come from the :class:`~tipreport.figures.Figures` object and nowhere else, so the
prose and the tables cannot disagree. A template's output is split into paragraphs at blank
lines. Text from the workbooks is never template source: it is only ever passed in as a value.
A user's template folder overrides one prose template at a time (``prose/summary.txt``); like
the HTML templates, it runs in Jinja2's immutable sandbox and reads no file outside the
templates folders (:class:`~tipreport.render.templating.ConfinedLoader`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from .errors import TemplateError
from .resources import templates_dir

__all__ = ["write", "plural"]


def plural(word: str, count: Any, plural_form: str | None = None) -> str:
    """``"case"|plural(2)`` → ``cases``; irregular forms as the second argument."""
    try:
        one = float(count) == 1
    except (TypeError, ValueError):
        one = False
    if one:
        return word
    return plural_form or (word + "s")


class _Node:
    """Lets templates write ``inv.by.exploitation.labor.current`` on a Figure."""

    def __init__(self, target: Any):
        self._t = target

    def __getattr__(self, name: str) -> Any:
        from .figures import Figure, Money

        t = self._t
        if isinstance(t, Figure):
            if name == "by":
                return _Node({k: _Node(v) for k, v in t.by.items()})
            return getattr(t, name)
        if isinstance(t, Money):
            return getattr(t, name)
        if isinstance(t, dict):
            if name == "get":
                return lambda key, default=None: t.get(key, default)
            if name not in t:
                raise AttributeError(name)
            value = t[name]
            return _Node(value) if isinstance(value, (dict, Figure, Money)) else value
        return getattr(t, name)

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)

    def __iter__(self):
        return iter(self._t)

    def __len__(self) -> int:
        return len(self._t)

    def __bool__(self) -> bool:
        return bool(self._t)


@lru_cache(maxsize=8)
def _environment(user_dir: str | None) -> jinja2.Environment:
    from .render.templating import ConfinedLoader, sandboxed_environment

    folders = [Path(user_dir)] if user_dir else []
    folders.append(templates_dir())
    env = sandboxed_environment(
        ConfinedLoader(folders),
        autoescape=False,  # plain text; every renderer escapes or inserts it literally
        keep_trailing_newline=False,
    )
    env.filters["plural"] = plural
    return env


def write(name: str, figures, *, fmt=None, templates: str | Path | None = None,
          **context: Any) -> list[str]:
    """Render ``prose/<name>.txt`` and return its paragraphs.

    Numbers, money and dates are written by ``fmt`` (the one :class:`~tipreport.format.
    Formatter`): the filters ``n``, ``money``, ``date`` and ``span``."""
    from .format import Formatter

    fmt = fmt or Formatter(figures.submission.get("language", "en"))
    env = _environment(str(templates) if templates else None).overlay()
    env.filters.update(n=fmt.number, money=fmt.money, date=fmt.date, span=fmt.span,
                       change=fmt.change,
                       # "<5 victims", never "<5 victim": a suppressed count takes the plural
                       plural=lambda word, count, form=None: plural(
                           word, 2 if fmt.is_suppressed(count) else count, form))
    try:
        template = env.get_template(f"prose/{name}.txt")
        text = template.render(f=_Node(_figures_view(figures)), fmt=fmt, money=fmt.money,
                               years=context.pop("years", None), **context)
    except TemplateError:
        raise
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc.__traceback__)
        where = f" (line {line})" if line else ""
        message = getattr(exc, "message", None) or str(exc)
        raise TemplateError(f"prose template prose/{name}.txt{where}: {message}") from exc
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return [p for p in paragraphs if p]


def _template_line(tb) -> int | None:
    """The line of the innermost prose template frame in a traceback (Jinja2 gives its
    frames the template's own file name and line)."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".txt"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _figures_view(figures) -> dict[str, Any]:
    return {**figures.pillars, "country_code": figures.country_code,
            "agreements": figures.agreements, "notes": figures.notes,
            "recommendations": figures.recommendations, "submission": figures.submission}
