"""Building the submission: data → figures → document → PDF, DOCX and HTML (and the audit
workbook).

``build()`` returns a :class:`Submission`; its ``to_pdf()``, ``to_docx()``, ``to_html()`` and
``to_audit()`` return bytes (or text) when no target is given, and write to a path or file object otherwise —
atomically, so an interrupted build never leaves a partial file under the final name.
``to_figures_json()`` gives what the document sent holds, as data (``<name>.figures.json``).
``build(..., supplementary=True, sent=...)`` builds the supplementary update of a submission
sent (:mod:`tipreport.figures.update`, :mod:`tipreport.compose.supplementary`).
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
from typing import IO, TYPE_CHECKING, Any, Iterable

from .document import Document
from .errors import DataError, UsageError

if TYPE_CHECKING:  # pragma: no cover  (loaded when a build runs: `import tipreport` stays light)
    from .dataset import Dataset
    from .figures import Figures

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
    #: the reconciliation, when this is a supplementary update (None for a submission)
    update: Any = field(default=None, repr=False)

    @property
    def kind(self) -> str:
        """``submission`` or ``supplementary``."""
        return "submission" if self.update is None else "supplementary"

    def _step(self, text: str) -> None:
        if self.progress:
            self.progress(text)

    @property
    def stem(self) -> str:
        """``<country>-tip-<year>-submission-<YYYY-MM-DD>`` (``-supplementary-`` for an
        update)."""
        country = self.figures.submission.get("country") or "country"
        return (f"{slug(country)}-tip-{self.figures.year}-{self.kind}-"
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
            self._cache["page_count"] = getattr(result, "page_count", None)
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

    def figures_json(self) -> str:
        """What the document sent holds, as JSON (:mod:`tipreport.figures.sent`): the file a
        supplementary update reconciles with."""
        if "figures" not in self._cache:
            from .figures.sent import sent_json
            from .views import HEADLINE_ROWS

            extra = (self.update.to_dict([k for k, _ in HEADLINE_ROWS])
                     if self.update is not None else None)
            self._cache["figures"] = sent_json(self.figures, self.kind, extra)
        return self._cache["figures"]

    def to_figures_json(self, target: str | os.PathLike | IO[str] | None = None
                        ) -> str | None:
        """``<name>.figures.json``: text when no target is given, else written there."""
        return _emit(self.figures_json(), target)

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
        try:
            return outputs.write(self, folder, stem=self.stem, only=only, skip=skip,
                                 notes=self.notes, step=self._step)
        finally:
            done = getattr(self.progress, "done", None)
            if done is not None and progress is None:  # the caller's own progress: theirs
                done()

    @property
    def pages(self) -> int | None:
        """The PDF's number of pages (the PDF is made when first asked for); None when the PDF
        engine is missing."""
        from .errors import PDFEngineError

        try:
            self.pdf_bytes()
        except PDFEngineError:
            return None
        return self._cache.get("page_count")

    def _repr_html_(self) -> str:
        """A compact card for a notebook: the edition, the pages, the warnings, and the
        preview in a scrollable frame (the document itself is not poured into the page)."""
        from .notebook import submission_card

        return submission_card(self)

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
          supplementary: bool = False, sent: str | os.PathLike | dict | None = None,
          **submission: Any) -> Submission:
    """Build the submission from files (or a loaded :class:`Dataset`).

    Refuses (raises :class:`~tipreport.errors.DataError`) when the data has errors, unless
    ``allow_errors``: then the rejected rows are left out and listed first in the data notes.
    ``submitted_on`` defaults to the ``Submission`` sheet's date, else today.
    ``progress=True`` shows each long step (reading, computing, rendering) as it starts: on
    the console, or in the notebook's own output when run in Jupyter.

    ``supplementary=True`` with ``sent`` (the ``figures.json`` written beside the submission
    that was sent, or the dict read from it) builds the supplementary update instead: dated
    after the submission (``submitted_on``; by default the ``Submission`` sheet's date when it
    is later than the submission's, else today), covering the days after the submission's
    ``data_through`` to 31 March (or ``data_through``), with the edition of what was sent.
    """
    from .compose import compose
    from .dataset import Dataset, load
    from .figures import compute
    from .progress import Progress

    if progress is True:
        progress = Progress.auto()
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
    if supplementary and sent is None:
        raise UsageError("the supplementary update needs the figures of the submission sent: "
                         "give sent= (Python) or --sent (command line) the .figures.json "
                         "written beside it")
    if sent is not None and not supplementary:
        raise UsageError("sent= is for the supplementary update: give supplementary=True too "
                         "(--supplementary on the command line)")
    sent_data = None
    if supplementary:
        from .figures.sent import read_sent

        sent_data = read_sent(sent)  # a wrong file is said before the long work
        if year is not None and int(year) != int(sent_data["edition"]):
            raise UsageError(f"the update is for the edition of the submission sent "
                             f"({sent_data['edition']}), not {year}")
    if isinstance(source, Dataset):
        if more:
            raise UsageError("give either a Dataset or files, not both")
        dataset = source
    else:
        # an update is checked against its own date: the Submission sheet's is usually the
        # submission's, so the update's (given, else today) is the one rows are checked with
        load_date = submitted_on or (dt.date.today() if supplementary else None)
        dataset = load(source, *more, date_order=date_order, submitted_on=load_date,
                       progress=progress, allow=_allowances(submission))
    if dataset.report.errors and not allow_errors:
        raise DataError(dataset.report, "The data has errors, so nothing was built: "
                        f"{dataset.report.headline()} Correct them, or pass allow_errors=True "
                        "(Python) or --allow-errors (command line) to leave those rows out.")
    if progress:
        progress("Computing the figures")
    if supplementary:
        return _build_update(dataset, sent_data, submitted_on=submitted_on,
                             data_through=data_through, page_size=page_size,
                             templates=templates, progress=progress, **submission)
    figures = compute(dataset, year, submitted_on=submitted_on or dataset.submitted_on,
                      data_through=data_through, calendar_year=calendar_year, **submission)
    if progress:
        progress("Composing the document")
    document = compose(figures, page_size=page_size,
                       templates=os.fspath(templates) if templates else None,
                       annex_limit=annex_limit, top_activities=top_activities,
                       suppress_below=suppress_below)
    return Submission(figures, document, dataset,
                      os.fspath(templates) if templates is not None else None,
                      warnings=[*figures.warnings, *_withheld(dataset)],
                      progress=progress or None)


def _allowances(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings given as options that printed text may hold (the contact e-mail, the
    published numbers and domains): never withheld as personal data."""
    return {k: settings.get(k) for k in ("contact_email", "public_numbers", "public_domains")
            if settings.get(k)}


def _withheld(dataset: Dataset) -> list[str]:
    return [str(i) for i in dataset.report.issues if i.code == "personal-data-in-text"]


def update_date(dataset: Dataset, sent_on: dt.date, given: dt.date | str | None = None,
                today: dt.date | None = None) -> dt.date:
    """The date of a supplementary update: the one given, else the ``Submission`` sheet's
    when it is later than the submission's (``sent_on``), else ``today``."""
    from .dataset import _as_date

    if given is not None:
        return _as_date(given)
    sheet = dataset.submission.get("submitted_on")
    if isinstance(sheet, dt.date) and sheet > sent_on:
        return sheet
    if dataset.submitted_on is not None and dataset.submitted_on > sent_on:
        return dataset.submitted_on
    return today or dt.date.today()


def _build_update(dataset: Dataset, sent: dict, *, submitted_on, data_through, page_size,
                  templates, progress, **submission: Any) -> Submission:
    from .compose.supplementary import compose_update
    from .figures.update import reconcile

    date = update_date(dataset, dt.date.fromisoformat(sent["submitted_on"]), submitted_on)
    update = reconcile(dataset, sent, submitted_on=date, data_through=data_through,
                       **submission)
    if progress:
        progress("Composing the update")
    document = compose_update(update, page_size=page_size,
                              templates=os.fspath(templates) if templates else None)
    return Submission(update.figures, document, dataset,
                      os.fspath(templates) if templates is not None else None,
                      warnings=[*update.warnings, *_withheld(dataset)],
                      progress=progress or None, update=update)
