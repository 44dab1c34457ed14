"""The files a build writes, as a table: one :class:`Output` per format.

Each entry says what the file is called (the build's stem and a suffix), how it is made from a
:class:`~tipreport.build.Submission`, and what it is. ``Submission.write()`` and ``tipreport
build`` write every default entry, as one set (see :mod:`tipreport._io`): the files of one
build replace the previous build's together, and a file of the same name that this build does
not write is removed, so that a folder never mixes two builds.

Adding a format is one module that renders it and one entry::

    from tipreport import outputs

    outputs.register(outputs.Output(
        "audit", "-audit.xlsx", render=lambda submission: audit_workbook(submission),
        description="the audit workbook: the rows behind every figure",
        optional=True))        # the command line gets --no-audit; Python: write(skip=["audit"])

An entry with ``default=False`` is written only when asked for (``write(only=[...])``). An
entry belongs to one command (``build``, or e.g. ``export``): :func:`write` writes the entries
of a command from whatever object that command makes (a Submission for ``build``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PDFEngineError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from .build import Submission

__all__ = ["Output", "OUTPUTS", "register", "unregister", "selected", "write"]


@dataclass(frozen=True)
class Output:
    """One kind of file a build writes."""

    #: short name: ``pdf``, ``docx``, ``html``; ``--no-<name>`` skips an optional one
    name: str
    #: what follows the build's stem in the file name: ``.pdf``, ``-audit.xlsx``
    suffix: str
    #: makes the file's content (bytes, or text written as UTF-8) from a Submission
    render: Callable[[Submission], bytes | str]
    #: what the file is, in a few words (command-line help, docs)
    description: str
    #: may be skipped on the command line with ``--no-<name>``
    optional: bool = False
    #: written by every build; ``False``: only when asked for by name
    default: bool = True
    #: the command whose outputs it is: ``build``, or ``export`` (the GLOTIP workbook)
    command: str = "build"
    #: how messages name it ("The DOCX and HTML were written"); default: the name in capitals
    label: str = ""

    @property
    def shown(self) -> str:
        return self.label or self.name.upper()

    def filename(self, stem: str) -> str:
        return f"{stem}{self.suffix}"


#: The registered outputs, in the order they are made and listed.
OUTPUTS: dict[str, Output] = {}


def register(output: Output, *, replace: bool = False) -> Output:
    """Add ``output`` to the table (``replace=True`` to change an existing entry)."""
    if output.name in OUTPUTS and not replace:
        raise ValueError(f"an output named {output.name!r} is already registered")
    clash = [o.name for o in OUTPUTS.values() if o.suffix == output.suffix
             and o.command == output.command and o.name != output.name]
    if clash:
        raise ValueError(f"{output.name!r} would write the same file as {clash[0]!r}")
    OUTPUTS[output.name] = output
    return output


def unregister(name: str) -> None:
    OUTPUTS.pop(name, None)


def selected(only: Iterable[str] | None = None, skip: Iterable[str] = (), *,
             command: str = "build") -> list[Output]:
    """The outputs of ``command`` to write: the default ones (or exactly ``only``), less
    ``skip``, in the table's order."""
    table = {n: o for n, o in OUTPUTS.items() if o.command == command}
    only = list(only) if only is not None else None
    skip = list(skip)
    unknown = [n for n in [*(only or []), *skip] if n not in table]
    if unknown:
        raise UsageError(f"unknown output {unknown[0]!r}; the outputs are "
                         f"{', '.join(table)}")
    names = only if only is not None else [n for n, o in table.items() if o.default]
    return [o for n, o in table.items() if n in names and n not in skip]


def write(source, folder: str | os.PathLike, *, stem: str, command: str = "build",
          only: Iterable[str] | None = None, skip: Iterable[str] = (),
          notes: list[str] | None = None, step=None) -> list[Path]:
    """Render the selected outputs of ``command`` from ``source`` and write them into
    ``folder`` as one set named ``stem`` (:func:`tipreport._io.write_set`); a file of the same
    name from an earlier run that this set does not hold is removed. Returns the paths.

    An output whose engine is missing (:class:`~tipreport.errors.PDFEngineError`) is left out;
    the others are written, then the error is raised again with ``.written``."""
    from ._io import write_set

    chosen = selected(only, skip, command=command)
    rendered: dict[str, bytes | str] = {}
    missing: PDFEngineError | None = None
    for output in chosen:
        try:
            rendered[output.filename(stem)] = output.render(source)
        except PDFEngineError as exc:
            missing = exc
    if step:
        step("Writing the files")
    stale = [o.filename(stem) for o in OUTPUTS.values()
             if o.command == command and o.filename(stem) not in rendered]
    written = write_set(folder, rendered, name=stem, remove=stale, notes=notes)
    if missing is not None:
        done = [o.shown for o in chosen if o.filename(stem) in rendered]
        listed = " and ".join([", ".join(done[:-1]), done[-1]] if len(done) > 1 else done)
        also = (f" The {listed} {'were' if len(done) > 1 else 'was'} written." if done else "")
        raise PDFEngineError(f"{missing}{also}", written=written)
    return written


# --- the built-in outputs ------------------------------------------------------------------------


def _pdf(submission: Submission) -> bytes:
    return submission.pdf_bytes()


def _docx(submission: Submission) -> bytes:
    return submission.docx_bytes()


def _html(submission: Submission) -> str:
    return submission.html_text()


def _audit(submission: Submission) -> bytes:
    return submission.audit_bytes()


def _figures(submission: Submission) -> str:
    return submission.figures_json()


register(Output("pdf", ".pdf", _pdf, "the submission as PDF, to send"))
register(Output("docx", ".docx", _docx, "the submission as an editable Word document"))
register(Output("html", ".html", _html, "the HTML preview, with the readiness page"))
register(Output("figures", ".figures.json", _figures,
                "the figures the document sent holds, as JSON: keep it, the supplementary "
                "update reconciles with it", label="figures file"))

register(Output("audit", "-audit.xlsx", _audit,
                "the audit workbook: the rows behind every figure, and the filter that finds "
                "them", optional=True, label="audit workbook"))


def _glotip(export) -> bytes:
    return export.xlsx_bytes()


register(Output("glotip", ".xlsx", _glotip,
                "UNODC's GLOTIP data layout, calendar years (tipreport export glotip)",
                command="export"))
