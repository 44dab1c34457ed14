"""Charts: this period against the previous one, as grouped bars.

One drawing, two encodings: :func:`svg` (vector, for the PDF and the HTML preview) and
:func:`png` (for the DOCX). Both are deterministic — the same chart gives the same bytes —
and drawn with the fonts shipped in ``templates/fonts`` (text becomes outlines in the SVG, so
it needs no font to display). matplotlib is imported here, lazily, never at ``import
tipreport``; the global pyplot state is never touched.
"""

from __future__ import annotations

import io
import re
import textwrap
from functools import cache, lru_cache
from typing import Any

from ..document import Chart
from ..errors import MissingDependencyError
from ..resources import templates_dir

__all__ = ["CURRENT_COLOR", "PREVIOUS_COLOR", "png", "svg"]

PREVIOUS_COLOR = "#a7b6c8"  # muted grey-blue: the previous period
CURRENT_COLOR = "#1b365d"  # dark blue: this period
EXTRA_COLORS = ("#5b84b1", "#c07a10", "#6b8e23", "#8e5572")
INK = "#1d242b"
MUTED = "#5b6770"
RULE = "#c8d0d9"

WIDTH_IN = 6.7  # the A4 text width (170 mm); the PDF scales the chart to the text width
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf",
              "NotoSans-BoldItalic.ttf", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf",
              "NotoSansMath-Regular.ttf")
FAMILIES = ["Noto Sans", "Noto Sans Khmer", "Noto Sans Math"]


def svg(chart: Chart, *, lang: str = "en") -> str:
    """The chart as a standalone SVG document (text as outlines, no timestamps). Drawn once
    per chart and language: the PDF and the HTML preview embed the same drawing."""
    try:
        return _svg(chart, lang)
    except TypeError:  # a chart holding something unhashable: drawn each time
        return _svg.__wrapped__(chart, lang)


@lru_cache(maxsize=64)
def _svg(chart: Chart, lang: str) -> str:
    figure = _draw(chart, lang)
    buffer = io.BytesIO()
    with _rc():
        figure.savefig(buffer, format="svg",
                       metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buffer.getvalue().decode("utf-8")
    # matplotlib notes every text as an XML comment; they only add weight
    return _COMMENT.sub("", text)


def png(chart: Chart, dpi: int = 200, *, lang: str = "en") -> bytes:
    """The chart as a PNG image at ``dpi`` (no software tag, no timestamp)."""
    figure = _draw(chart, lang)
    buffer = io.BytesIO()
    with _rc():
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def size_inches(chart: Chart) -> tuple[float, float]:
    """Width and height of the drawing, in inches."""
    if chart.horizontal:
        n = max(len(chart.categories), 1)
        return WIDTH_IN, 0.55 + n * (0.1 + 0.14 * max(len(chart.series), 1))
    return WIDTH_IN, 2.2


# -- drawing -------------------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)


def _matplotlib():
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        raise MissingDependencyError(
            "Charts need matplotlib: pip install 'matplotlib>=3.8'") from exc
    _register_fonts()
    return matplotlib


@cache
def _register_fonts() -> None:
    """Make the shipped fonts the ones matplotlib finds for their family names: added to the
    font manager and moved ahead of any system copy, so ties go to the shipped files."""
    from matplotlib import font_manager

    folder = templates_dir() / "fonts"
    manager = font_manager.fontManager
    paths = {str(folder / name) for name in FONT_FILES if (folder / name).is_file()}
    known = {f.fname for f in manager.ttflist}
    for path in sorted(paths - known):
        manager.addfont(path)
    ours = [f for f in manager.ttflist if f.fname in paths]
    manager.ttflist = ours + [f for f in manager.ttflist if f.fname not in paths]
    manager._findfont_cached.cache_clear()


def _rc():
    import matplotlib

    return matplotlib.rc_context({
        "font.family": FAMILIES,
        "font.size": 8.5,
        "svg.fonttype": "path",
        "svg.hashsalt": "tipreport",
        "svg.image_inline": True,
        "path.simplify": False,
        "axes.unicode_minus": True,
        "text.color": INK,
        "axes.edgecolor": RULE,
        "axes.labelcolor": MUTED,
        "xtick.color": INK,
        "ytick.color": INK,
        "hatch.color": RULE,
        "figure.dpi": 100,
        "savefig.dpi": 200,
    })


def _number(value: float, lang: str) -> str:
    fmt = "#,##0" if float(value).is_integer() else "#,##0.#"
    try:
        from babel.core import UnknownLocaleError
        from babel.numbers import format_decimal
    except ImportError:  # pragma: no cover - Babel is a dependency
        UnknownLocaleError, format_decimal = ValueError, None
    try:
        if format_decimal is None:
            raise ValueError
        return format_decimal(value, format=fmt, locale=lang or "en")
    except (UnknownLocaleError, ValueError, TypeError):  # plain English digits
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _colors(count: int) -> list[str]:
    if count == 1:
        return [CURRENT_COLOR]
    if count == 2:
        return [PREVIOUS_COLOR, CURRENT_COLOR]
    return [PREVIOUS_COLOR, CURRENT_COLOR, *EXTRA_COLORS][:count] + \
        [MUTED] * max(0, count - 2 - len(EXTRA_COLORS))


def _draw(chart: Chart, lang: str) -> Any:
    _matplotlib()
    from matplotlib.figure import Figure

    with _rc():
        figure = Figure(figsize=size_inches(chart), dpi=100)
        ax = figure.add_subplot()
        if chart.horizontal:
            _bars_horizontal(ax, chart, lang)
        else:
            _bars_vertical(ax, chart, lang)
        if len(chart.series) > 1:
            ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(chart.series),
                      frameon=False, fontsize=8.5, handlelength=1.2, handleheight=0.9,
                      borderaxespad=0.4, columnspacing=1.6)
        figure.tight_layout(pad=0.4)
    return figure


def _labels(chart: Chart, i: int, values: list[float], lang: str) -> list[str]:
    """The labels over series ``i``'s bars: the document's own (its one formatter), else the
    values written here."""
    if chart.labels and i < len(chart.labels):
        given = list(chart.labels[i])[:len(values)]
        return given + [""] * (len(values) - len(given))
    return [_number(v, lang) for v in values]


def _series(chart: Chart) -> list[tuple[str, list[float]]]:
    n = len(chart.categories)
    out = []
    for label, values in chart.series:
        vals = [float(v or 0) for v in values][:n]
        out.append((str(label), vals + [0.0] * (n - len(vals))))
    return out


def _bars_vertical(ax, chart: Chart, lang: str) -> None:
    series = _series(chart)
    n = max(len(chart.categories), 1)
    group = 0.8
    width = group / max(len(series), 1)
    top = max([v for _, vals in series for v in vals] + [0.0])
    for i, ((label, values), color) in enumerate(zip(series, _colors(len(series)))):
        xs = [c - group / 2 + width * (i + 0.5) for c in range(len(chart.categories))]
        bars = ax.bar(xs, values, width * 0.92, label=label, color=color, zorder=2)
        ax.bar_label(bars, labels=_labels(chart, i, values, lang), padding=2,
                     fontsize=7.5 if n > 4 else 8, color=INK)
    per_line = max(8, int(62 / n))
    ax.set_xticks(range(len(chart.categories)),
                  [textwrap.fill(str(c), per_line, break_long_words=False)
                   for c in chart.categories])
    ax.tick_params(axis="x", length=0, pad=4, labelsize=8 if n > 4 else 8.5)
    ax.set_xlim(-0.55, n - 0.45)
    ax.set_ylim(0, (top or 1) * 1.16)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(MUTED)
    if chart.value_label:
        ax.set_ylabel(chart.value_label, fontsize=8, color=MUTED)


def _bars_horizontal(ax, chart: Chart, lang: str) -> None:
    series = _series(chart)
    n = max(len(chart.categories), 1)
    group = 0.8
    height = group / max(len(series), 1)
    top = max([v for _, vals in series for v in vals] + [0.0])
    for i, ((label, values), color) in enumerate(zip(series, _colors(len(series)))):
        # first category at the top; within a group, the first series above the second
        ys = [(n - 1 - c) + group / 2 - height * (i + 0.5) for c in range(len(chart.categories))]
        bars = ax.barh(ys, values, height * 0.9, label=label, color=color, zorder=2)
        ax.bar_label(bars, labels=_labels(chart, i, values, lang), padding=3,
                     fontsize=7.5, color=INK)
    ax.set_yticks([n - 1 - c for c in range(len(chart.categories))],
                  [textwrap.fill(str(c), 30, break_long_words=False) for c in chart.categories])
    ax.tick_params(axis="y", length=0, pad=5, labelsize=8)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, (top or 1) * 1.14)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(MUTED)
    if chart.value_label:
        ax.set_xlabel(chart.value_label, fontsize=8, color=MUTED)
