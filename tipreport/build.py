"""Building the submission: data → figures → document → PDF, DOCX and HTML (and the audit
workbook).

``build()`` returns a :class:`Submission`; its ``to_pdf()``, ``to_docx()``, ``to_html()`` and
``to_audit()`` return bytes (or text) when no target is given, and write to a path or file object otherwise —
atomically, so an interrupted build never leaves a partial file under the final name.
``write(folder)`` writes every output of the table in :mod:`tipreport.outputs` as one set
(:mod:`tipreport._io`): a folder never holds the files of two builds side by side.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

from .dataset import Dataset, load
from .document import Document
from .errors import DataError, UsageError
from .figures import Figures, compute

__all__ = ["build", "Submission"]


@dataclass(eq=False)
class Submission:
    """A built submission: the figures, the document, and its three renderings."""

    figures: Figures
    document: Document
    dataset: Dataset
    templates: str | None = None
    #: messages from the renderers (e.g. WeasyPrint), surfaced rather than lost
    warnings: list[str] = field(default_factory=list)
    #: what writing found and did beyond the files (an interrupted build finished, …)
    notes: list[str] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    #: called with each long step (rendering), like ``progress(step)``; None for silence
    progress: Any = field(default=None, repr=False)

    def _step(self, text: str) -> None:
        if self.progress:
            self.progress(text)

    @property
    def stem(self) -> str:
        """``<country>-tip-<year>-submission-<YYYY-MM-DD>``."""
        country = self.figures.submission.get("country") or "country"
        return (f"{slug(country)}-tip-{self.figures.year}-submission-"
                f"{self.figures.submitted_on.isoformat()}")

    def filename(self, ext: str) -> str:
        return f"{self.stem}.{ext}"

    # -- renderings ------------------------------------------------------------------------------

    def pdf_bytes(self) -> bytes:
        if "pdf" not in self._cache:
            from .render.pdf import render_pdf

            self._step("Rendering the PDF")
            result = render_pdf(self.document, templates=self.templates)
            data, messages = _split_result(result)
            self.warnings.extend(messages)
            self._cache["pdf"] = data
            self._cache["pages"] = dict(getattr(result, "page_numbers", {}))
        return self._cache["pdf"]

    def docx_bytes(self) -> bytes:
        if "docx" not in self._cache:
            # the contents shows the pages of the PDF made of the same document (none when
            # the PDF engine is missing: the contents then lists the titles alone)
            from .errors import PDFEngineError
            from .render.docx import render_docx

            try:
                self.pdf_bytes()
            except PDFEngineError:
                pass
            pages = self._cache.get("pages", {})
            self._step("Rendering the DOCX")
            self._cache["docx"] = render_docx(self.document, templates=self.templates,
                                              page_numbers=pages)
        return self._cache["docx"]

    def html_text(self) -> str:
        if "html" not in self._cache:
            from .render.html import render_html

            self._step("Rendering the HTML preview")
            self._cache["html"] = render_html(self.document, templates=self.templates)
        return self._cache["html"]

    def audit_bytes(self) -> bytes:
        if "audit" not in self._cache:
            from .audit import audit_workbook

            self._step("Writing the audit workbook")
            self._cache["audit"] = audit_workbook(self.figures, self.dataset)
        return self._cache["audit"]

    def to_pdf(self, target: str | os.PathLike | IO[bytes] | None = None) -> bytes | None:
        return _emit(self.pdf_bytes(), target)

    def to_docx(self, target: str | os.PathLike | IO[bytes] | None = None) -> bytes | None:
        return _emit(self.docx_bytes(), target)

    def to_html(self, target: str | os.PathLike | IO[str] | None = None) -> str | None:
        return _emit(self.html_text(), target)

    def to_audit(self, target: str | os.PathLike | IO[bytes] | None = None) -> bytes | None:
        """The audit workbook (``.xlsx``): the rows behind every figure, one sheet per intake
        sheet, an index of every figure with the filter that finds its rows, and the rejected
        rows (:mod:`tipreport.audit`). Bytes, or written to ``target``."""
        return _emit(self.audit_bytes(), target)

    def write(self, folder: str | os.PathLike = "out", *, skip: Iterable[str] = (),
              only: Iterable[str] | None = None, progress=None) -> list[Path]:
        """Write the outputs (:mod:`tipreport.outputs`: PDF, DOCX, HTML, …) into ``folder``
        (created, with its parents) under the default names, as one set.

        The set replaces the previous build's files together or not at all; a file of the
        same name that this build does not write (``skip``, ``only``, or a PDF that could not
        be made) is removed, so that the folder never mixes two builds. Returns the paths
        written. Raises :class:`~tipreport.errors.OutputError` when the folder cannot take
        them (nothing is then changed), and :class:`~tipreport.errors.PDFEngineError` when
        WeasyPrint cannot be loaded, after writing the other outputs (``.written``)."""
        from . import outputs

        if progress is not None:
            self.progress = progress
        return outputs.write(self, folder, stem=self.stem, only=only, skip=skip,
                             notes=self.notes, step=self._step)

    def _repr_html_(self) -> str:
        return self.html_text()

    def __repr__(self) -> str:
        return f"<Submission {self.stem}>"


def _split_result(result) -> tuple[bytes, list[str]]:
    """The PDF's bytes, and the messages the renderer attached to them (``.warnings``)."""
    return bytes(result), [str(m) for m in getattr(result, "warnings", [])]


def _emit(data, target):
    if target is None:
        return data
    from ._io import write_atomic

    write_atomic(target, data)
    return None


def slug(text: str) -> str:
    """``Cambodia`` → ``cambodia``; ``Côte d'Ivoire`` → ``cote-d-ivoire``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "country"


def build(source, *more, year: int | None = None, submitted_on: dt.date | str | None = None,
          data_through: dt.date | str | None = None, calendar_year: int | None = None,
          page_size: str = "a4", templates: str | os.PathLike | None = None,
          allow_errors: bool = False, date_order: str = "DMY", progress=None,
          annex_limit: int = 200, top_activities: int = 8, suppress_below: int = 0,
          **submission: Any) -> Submission:
    """Build the submission from files (or a loaded :class:`Dataset`).

    Refuses (raises :class:`~tipreport.errors.DataError`) when the data has errors, unless
    ``allow_errors``: then the rejected rows are left out and listed first in the data notes.
    ``submitted_on`` defaults to the ``Submission`` sheet's date, else today.
    ``progress=True`` prints each long step (reading, computing, rendering) as it starts.
    """
    from .compose import compose
    from .progress import Progress

    if progress is True:
        progress = Progress()
    for name, value, low, high in (("annex_limit", annex_limit, 0, 100_000),
                                   ("top_activities", top_activities, 0, 25),
                                   ("suppress_below", suppress_below, 0, 100)):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise UsageError(f"{name} must be a whole number from {low} to {high}, not "
                             f"{value!r}")
    if page_size not in ("a4", "letter"):
        raise UsageError(f"page_size must be 'a4' or 'letter', not {page_size!r}")
    if templates is not None and not Path(templates).is_dir():
        raise UsageError(f"the templates folder {os.fspath(templates)!r} does not exist")
    if isinstance(source, Dataset):
        if more:
            raise UsageError("give either a Dataset or files, not both")
        dataset = source
    else:
        dataset = load(source, *more, date_order=date_order, submitted_on=submitted_on,
                       progress=progress)
    if dataset.report.errors and not allow_errors:
        raise DataError(dataset.report, "The data has errors, so nothing was built: "
                        f"{dataset.report.headline()} Correct them, or pass allow_errors=True "
                        "to leave those rows out.")
    if progress:
        progress("Computing the figures")
    figures = compute(dataset, year, submitted_on=submitted_on or dataset.submitted_on,
                      data_through=data_through, calendar_year=calendar_year, **submission)
    if progress:
        progress("Composing the document")
    document = compose(figures, page_size=page_size,
                       templates=os.fspath(templates) if templates else None,
                       annex_limit=annex_limit, top_activities=top_activities,
                       suppress_below=suppress_below)
    withheld = [str(i) for i in dataset.report.issues if i.code == "personal-data-in-text"]
    return Submission(figures, document, dataset,
                      os.fspath(templates) if templates is not None else None,
                      warnings=[*figures.warnings, *withheld], progress=progress or None)
