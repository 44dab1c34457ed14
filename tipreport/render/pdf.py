"""Document → PDF, through WeasyPrint.

The print HTML (:func:`~tipreport.render.html.render_html` with ``for_print=True``) is laid
out by WeasyPrint as tagged PDF/UA-1: title, author, subject and language in the metadata,
the submission date as creation and modification date (so the same document gives the same
bytes), the shipped fonts embedded and nothing else fetched: the URL fetcher serves files
inside the templates folders and ``data:`` URIs, and refuses everything else (other files,
any network address).

WeasyPrint's log messages are captured while it works and returned on the result
(``.warnings``), never printed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ..document import Document
from ..errors import PDFEngineError, TipreportError
from .html import render_html
from .templating import template_dirs

__all__ = ["PDFBytes", "render_pdf", "url_fetcher"]

PIP_LINE = "pip install 'WeasyPrint>=62'"


class PDFBytes(bytes):
    """The PDF's bytes, with ``.warnings`` (WeasyPrint's messages while making it) and
    ``.page_numbers`` (section id → the page its heading is on) and ``.page_count``."""

    warnings: list[str]
    page_numbers: dict[str, int]
    page_count: int | None = None

    def __new__(cls, data: bytes, warnings: list[str] | None = None,
                page_numbers: dict[str, int] | None = None):
        self = super().__new__(cls, data)
        self.warnings = list(warnings or [])
        self.page_numbers = dict(page_numbers or {})
        return self


def render_pdf(document: Document, *, templates: str | os.PathLike | None = None) -> PDFBytes:
    """The document as PDF bytes (a :class:`PDFBytes`, whose ``.warnings`` lists what
    WeasyPrint reported)."""
    weasyprint = _weasyprint()
    dirs = template_dirs(templates)
    html = render_html(document, templates=templates, for_print=True)
    fetcher = url_fetcher(dirs)
    with _RENDERING, _source_date_epoch(document.submitted_on), _captured_logs() as messages:
        try:
            options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True,
                       "uncompressed_pdf": False, "custom_metadata": False}
            laid_out = weasyprint.HTML(
                string=html, base_url=dirs[0].as_uri() + "/", url_fetcher=fetcher,
            ).render(**options)
            pdf = laid_out.write_pdf(**options)
        except TipreportError:
            raise
        except Exception as exc:  # any WeasyPrint failure, explained
            raise TipreportError(f"WeasyPrint could not make the PDF: {exc}") from exc
    messages.extend(_foreign_fonts(laid_out))
    ids = {section.id for section in document.walk()}
    pages: dict[str, int] = {}
    for number, page in enumerate(laid_out.pages, start=1):
        for anchor in page.anchors:
            if anchor in ids:
                pages.setdefault(anchor, number)
    out = PDFBytes(pdf, list(dict.fromkeys(messages)), pages)
    out.page_count = len(laid_out.pages)
    return out


def _foreign_fonts(laid_out) -> list[str]:
    """A warning for each font used that is not one of the shipped ones: some text had
    characters the shipped fonts lack, and the system supplied a font for them (so the PDF
    may differ on another machine)."""
    families = sorted({getattr(font, "family", "") for font in laid_out.fonts.values()})
    return [f"Some characters are missing from the shipped fonts and were drawn with the "
            f"system font {family!r}; the PDF may differ on another machine."
            for family in families if family and not family.startswith("TIPreport ")]


def url_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher serving only files inside ``roots`` (the first root overlays
    the others: a file missing from the user's folder is looked up in the default one) and
    ``data:`` URIs. Anything else — ``file:///etc/passwd``, ``http://`` — raises."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher

    roots = [Path(r).resolve() for r in roots]

    class _Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise ValueError(f"tipreport fetches no {scheme or 'relative'} URL: {url}")
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            for i, root in enumerate(roots):
                if path == root or root not in path.parents:
                    continue
                candidates = [root / path.relative_to(root)] + [
                    other / path.relative_to(root) for other in roots[i + 1:]]
                for candidate in candidates:
                    candidate = candidate.resolve()
                    if candidate.is_file() and any(r in candidate.parents for r in roots):
                        return weasyprint.urls.URLFetcherResponse(
                            candidate.as_uri(), candidate.read_bytes())
                raise ValueError(f"no such file in the templates folder: {path.name}")
            raise ValueError(f"tipreport reads no file outside the templates folder: {url}")

    return _Fetcher(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)


#: What to install when WeasyPrint cannot load its system libraries, per WeasyPrint's own
#: installation guide (https://doc.courtbouillon.org/weasyprint/stable/first_steps.html).
ENGINE_HELP = (
    "To make the PDF, install Pango - Debian/Ubuntu: sudo apt install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0; Windows: install MSYS2 (https://www.msys2.org), "
    "run pacman -S mingw-w64-ucrt-x86_64-pango in its UCRT64 shell, and if the PDF still "
    "fails set WEASYPRINT_DLL_DIRECTORIES=C:\\msys64\\ucrt64\\bin "
    "(https://doc.courtbouillon.org/weasyprint/stable/first_steps.html).")


def _weasyprint():
    try:
        import weasyprint
        import weasyprint.urls
    except ImportError as exc:
        raise PDFEngineError(f"The PDF was not made: WeasyPrint is not installed "
                             f"({_first_line(exc)}). Install it: {PIP_LINE}.") from exc
    except OSError as exc:  # Pango, HarfBuzz or GObject missing
        raise PDFEngineError(f"The PDF was not made: WeasyPrint cannot load its system "
                             f"libraries ({_first_line(exc)}). {ENGINE_HELP}") from exc
    return weasyprint


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    line = text[0].strip() if text else type(exc).__name__
    return line if len(line) <= 160 else line[:159] + "…"


_RENDERING = threading.Lock()


@contextmanager
def _source_date_epoch(day: dt.date) -> Iterator[None]:
    """fontTools stamps each font subset with the time it was made unless SOURCE_DATE_EPOCH is
    set: set it to the submission date while WeasyPrint works, so the bytes do not depend on
    the clock."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


#: WeasyPrint messages about its own set-up, not about the document: nothing a clerk can act on
_NOT_FOR_THE_USER = ("instead of HarfBuzz-Subset",)


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str]):
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001  # pragma: no cover - a malformed log call
            text = str(record.msg)
        if any(marker in text for marker in _NOT_FOR_THE_USER):
            return
        self.messages.append(f"WeasyPrint {record.levelname.lower()}: {text}")


@contextmanager
def _captured_logs() -> Iterator[list[str]]:
    """Collect the ``weasyprint`` logger's warnings and errors; keep them off stderr."""
    messages: list[str] = []
    logger = logging.getLogger("weasyprint")
    handler = _ListHandler(messages)
    propagate, level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        logger.setLevel(level)
