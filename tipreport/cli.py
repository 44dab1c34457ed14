"""The ``tipreport`` command line: ``check``, ``figures``, ``build``, ``export`` and ``blank``.

``main(argv=None, stdout=None, stderr=None)`` is testable in-process. Exit status for every
command: 0 done (warnings allowed), 1 data errors (``build`` and ``export`` write nothing), 2
usage errors, no readable input, or a broken template, 3 an output could not be written (the
folder is a file, read-only or full), 4 the PDF engine is missing (``build`` wrote the other
outputs). "Today" is read here, once, and nowhere inside the pipeline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import IO, Sequence

from . import __version__
from .errors import (
    MissingDependencyError,
    OutputError,
    PDFEngineError,
    TemplateError,
    TipreportError,
    UsageError,
)

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_OUTPUT, EXIT_PDF_ENGINE = 0, 1, 2, 3, 4
EXIT_INTERNAL = 70  # a fault in tipreport itself (EX_SOFTWARE): reported in one line


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on usage errors already; keep its words
        raise UsageError(message)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD")


def _count(low: int, high: int):
    def parse(value: str) -> int:
        if not value.strip().isdigit() or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(
                f"{value!r} is not a whole number from {low} to {high}")
        return int(value)

    return parse


def _year(value: str) -> int:
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise argparse.ArgumentTypeError(f"{value!r} is not a report year such as 2026")
    return int(value)


def _calendar_year(value: str) -> int:
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise argparse.ArgumentTypeError(f"{value!r} is not a calendar year such as 2025")
    return int(value)


def _threshold(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number, 0 or more "
                                         "(0 = off)")
    return int(value)


def _limit_names() -> tuple[str, ...]:
    from .limits import Limits

    return Limits.names()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tipreport",
        description="Turn anti-trafficking records kept in spreadsheets into a TIP report "
                    "submission.")
    parser.add_argument("--version", action="version", version=f"tipreport {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(p: argparse.ArgumentParser,
               date_help: str = "submission date (default: the Submission sheet's, else "
                                "today)") -> None:
        p.add_argument("files", nargs="*", metavar="FILE",
                       help="intake files (.xlsx, .xlsm, .ods, .csv, HTCDS registers), folders, "
                            "SQLite databases or database addresses (sqlite:///cases.db, "
                            "postgresql://user@host/db); default: the bundled sample data")
        p.add_argument("--date-order", choices=["dmy", "mdy"], default="dmy",
                       help="how to read dates written like 3/4/2025 (default: dmy)")
        p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help=date_help)
        p.add_argument("--quiet", action="store_true", help="print only what matters")
        p.add_argument("--max", action="append", default=[], metavar="NAME=VALUE",
                       dest="limits",
                       help="raise or lower a size limit, e.g. --max rows=3000000 or --max "
                            "file_size=2GB (repeatable; names: "
                            + ", ".join(_limit_names()) + "; see docs/intake.md)")

    check = sub.add_parser("check", help="read and validate intake files; print every problem")
    common(check)
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--limit", type=int, default=None, metavar="N",
                       help="print at most N problems in text format")
    check.add_argument("--out", default="out", metavar="DIR",
                       help="output folder whose interrupted build, if any, is finished or "
                            "removed first (default: ./out/)")
    check.add_argument("--year", type=_year,
                       help="TIP report edition the readiness view judges, e.g. 2026 "
                            "(default: the Submission sheet's report_year, else the edition "
                            "whose period holds the latest record)")

    for name, helptext in (("figures", "compute the figures of the submission"),
                           ("build", "build the submission (or its supplementary update): PDF, "
                                     "DOCX, HTML, the audit workbook and the figures file")):
        p = sub.add_parser(name, help=helptext)
        common(p)
        p.add_argument("--year", type=_year, help="TIP report edition, e.g. 2026")
        p.add_argument("--data-through", type=_date, metavar="YYYY-MM-DD",
                       help="last day the data covers")
        p.add_argument("--calendar-year", type=_year, metavar="YEAR",
                       help="also give calendar-year figures for YEAR, labelled apart")
        for key, flag in (("country", "--country"), ("government_body", "--body"),
                          ("contact_name", "--contact-name"),
                          ("contact_email", "--contact-email"), ("currency", "--currency")):
            p.add_argument(flag, dest=key, metavar="TEXT")
        if name == "figures":
            p.add_argument("--format", choices=["text", "json"], default="text")
        else:
            p.add_argument("--out", default="out", metavar="DIR",
                           help="output folder (default: ./out/, created)")
            p.add_argument("--page-size", choices=["a4", "letter"], default="a4")
            p.add_argument("--templates", metavar="DIR",
                           help="folder of templates overriding the default ones")
            p.add_argument("--allow-errors", action="store_true",
                           help="build even when rows have errors: they are left out and "
                                "listed first in the data notes")
            p.add_argument("--suppress-below", type=_count(0, 100), default=0, metavar="N",
                           help="write counts from 1 to N-1 as <N in tables, prose and charts "
                                "(small-cell suppression; 0 = off, the default; UNODC uses 5)")
            p.add_argument("--top-activities", type=_count(0, 25), default=8, metavar="N",
                           help="activities per pillar in the pillar's table (at most 25; "
                                "default 8); the others go to the activities annex")
            p.add_argument("--annex-limit", type=_count(0, 100_000), default=200, metavar="N",
                           help="rows of the activities annex in all (default 200); the rest "
                                "are in the audit workbook only")
            p.add_argument("--supplementary", action="store_true",
                           help="build the supplementary update of the submission sent "
                                "(with --sent): the rest of the period, every figure "
                                "reconciled with what was sent")
            p.add_argument("--sent", metavar="SENT.json",
                           help="the .figures.json written beside the submission that was "
                                "sent (for --supplementary)")
            for output in _outputs().values():
                if output.optional and output.command == "build":
                    p.add_argument(f"--no-{output.name}", dest=f"no_{output.name}",
                                   action="store_true",
                                   help=f"do not write {output.description}")
    export = sub.add_parser("export", help="write the figures in another body's layout "
                                           "(glotip: UNODC's GLOTIP data)")
    formats = export.add_subparsers(dest="export_format", metavar="FORMAT", required=True,
                                    parser_class=_Parser)
    glotip = formats.add_parser(
        "glotip", help="UNODC's GLOTIP data layout, whole calendar years: "
                       "<country>-glotip-<years>.xlsx")
    common(glotip, "the day of the export (default: today); every year exported must be over")
    glotip.add_argument("--years", nargs="+", type=_calendar_year, metavar="YEAR",
                        help="calendar years to export, e.g. --years 2024 2025 (default: last "
                             "year)")
    glotip.add_argument("--out", default="out", metavar="DIR",
                        help="output folder (default: ./out/, created)")
    glotip.add_argument("--suppress-below", type=_threshold, default=5, metavar="N",
                        help="write counts from 1 to N-1 as <N, and hide what a total would "
                             "give away (default: 5; 0 = exact numbers)")
    glotip.add_argument("--allow-errors", action="store_true",
                        help="export even when rows have errors: they are left out, and the "
                             "Notes sheet says how many")
    for key, flag in (("country", "--country"), ("government_body", "--body"),
                      ("contact_email", "--contact-email")):
        glotip.add_argument(flag, dest=key, metavar="TEXT")
    blank = sub.add_parser("blank", help="write the blank intake workbook to fill in")
    blank.add_argument("out", nargs="?", default="intake.xlsx", metavar="OUT.xlsx",
                       help="the workbook to write (default: intake.xlsx)")
    blank.add_argument("--force", action="store_true", help="overwrite OUT.xlsx if it exists")
    blank.add_argument("--quiet", action="store_true", help="print only the file written")
    return parser


def _outputs():
    from .outputs import OUTPUTS

    return OUTPUTS


def main(argv: Sequence[str] | None = None, stdout: IO[str] | None = None,
         stderr: IO[str] | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
        if not args.command:
            _parser().print_help(stdout)
            return EXIT_USAGE
        return _run(args, stdout, stderr)
    except (UsageError, TemplateError) as exc:
        print(f"tipreport: {exc}", file=stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"tipreport: {exc}", file=stderr)
        return EXIT_OUTPUT
    except PDFEngineError as exc:
        print(f"tipreport: {exc}", file=stderr)
        return EXIT_PDF_ENGINE
    except MissingDependencyError as exc:  # a database without the sql extra: nothing read
        print(f"tipreport: {exc}", file=stderr)
        return EXIT_USAGE
    except TipreportError as exc:
        print(f"tipreport: {exc}", file=stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("tipreport: interrupted", file=stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        return EXIT_OK
    except Exception as exc:  # a fault of tipreport's own, not of the data: say so in one line
        if os.environ.get("TIPREPORT_DEBUG"):
            raise
        print(f"tipreport: internal error ({type(exc).__name__}: {exc}). This is a fault in "
              "tipreport, not in your files: please report it with the command you ran "
              "(set TIPREPORT_DEBUG=1 to see the details).", file=stderr)
        return EXIT_INTERNAL


def _files(args, stderr) -> list:
    from .resources import sample_data

    if args.files:
        return list(args.files)
    files = [_shown(p) for p in sample_data()]
    if not args.quiet:
        print("No files given: using the bundled sample data "
              f"({', '.join(Path(p).name for p in files)}).", file=stderr)
    return files


def _shown(path: Path) -> str:
    """A bundled file as the user would type it: relative to here when it is below here."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _load(args, stderr):
    from .dataset import load
    from .progress import Progress

    progress = Progress(stderr, quiet=args.quiet or getattr(args, "format", "text") == "json")
    files = _files(args, stderr)
    dataset = load(*files, date_order=args.date_order.upper(),
                   submitted_on=getattr(args, "load_date", None) or args.date or None,
                   progress=progress, limits=args.limits or None,
                   allow={"contact_email": getattr(args, "contact_email", None)})
    progress.done()
    return dataset


def _no_input(dataset) -> bool:
    return not dataset.sources and not dataset.submission


def _recover(args, stderr) -> None:
    """Finish or undo an interrupted build in the output folder, and say so."""
    from ._io import recover

    for note in recover(args.out):
        print(f"note: {note}", file=stderr)


def _run(args, stdout, stderr) -> int:
    if args.command == "check":
        _recover(args, stderr)
        dataset = _load(args, stderr)
        report = dataset.report
        if args.format == "json":
            json.dump(report.to_dict(), stdout, ensure_ascii=False, indent=2, default=str)
            stdout.write("\n")
        else:
            stdout.write(report.summary(limit=args.limit))
        if not _no_input(dataset):
            _print_readiness(dataset, args, stdout, stderr)
        if _no_input(dataset):
            if args.format != "json":
                print("tipreport: none of the files could be read.", file=stderr)
            return EXIT_USAGE
        return EXIT_DATA if report.errors else EXIT_OK
    if args.command == "figures":
        return _figures(args, stdout, stderr)
    if args.command == "build":
        return _build(args, stdout, stderr)
    if args.command == "export":
        return _export(args, stdout, stderr)
    if args.command == "blank":
        return _blank(args, stdout, stderr)
    raise UsageError(f"unknown command {args.command}")  # pragma: no cover


def _print_readiness(dataset, args, stdout, stderr) -> None:
    """The edition judged (on stderr) and, in text format, the readiness view after the
    report: what an analyst will likely read (ministry only)."""
    from .figures import compute

    if args.quiet:
        return
    try:
        figures = compute(dataset, year=args.year,
                          submitted_on=args.date or dataset.submitted_on)
    except TipreportError as exc:
        print(f"tipreport: no readiness view: {exc}", file=stderr)
        return
    _say_edition(figures, stderr)
    if args.format != "json":
        stdout.write("\n" + figures.readiness())
    from .views import edition_warnings

    for warning in edition_warnings(figures):
        print(f"warning: {warning}", file=stderr)


def _say_edition(figures, stderr) -> None:
    """Which edition and period a command chose, and why (decisions.md: every command says)."""
    from .views import edition_line

    print(edition_line(figures), file=stderr)


def _overrides(args) -> dict:
    """The submission settings given as options, checked before anything is read."""
    from .settings import validate_setting

    keys = ("country", "government_body", "contact_name", "contact_email", "currency")
    out = {k: validate_setting(k, getattr(args, k)) for k in keys if getattr(args, k, None)}
    if getattr(args, "data_through", None):
        out["data_through"] = args.data_through
    return out


def _load_some(args, stdout, stderr):
    """The dataset, or None (having said why) when no file could be read."""
    dataset = _load(args, stderr)
    if _no_input(dataset):
        stdout.write(dataset.report.summary())
        print("tipreport: none of the files could be read.", file=stderr)
        return None
    return dataset


def _load_usable(args, stdout, stderr, verb: str):
    """(dataset, EXIT_OK) for a command that writes files; else (None, the exit status),
    having said why: no file could be read (usage), or the data has errors and
    ``--allow-errors`` was not given (data; the errors are listed on stdout)."""
    dataset = _load_some(args, stdout, stderr)
    if dataset is None:
        return None, EXIT_USAGE
    if dataset.report.errors and not args.allow_errors:
        stdout.write(dataset.report.summary(limit=200))
        print(f"tipreport: nothing was written: the data has errors ({dataset.report.headline()}) "
              f"Correct them, or {verb} with --allow-errors to leave those rows out.",
              file=stderr)
        return None, EXIT_DATA
    return dataset, EXIT_OK


def _figures(args, stdout, stderr) -> int:
    from .figures import compute

    overrides = _overrides(args)
    dataset = _load_some(args, stdout, stderr)
    if dataset is None:
        return EXIT_USAGE
    figures = compute(dataset, year=args.year, calendar_year=args.calendar_year,
                      submitted_on=args.date or dataset.submitted_on, **overrides)
    if args.format == "json":
        if not args.quiet:  # the text format's first line says it
            _say_edition(figures, stderr)
        json.dump(figures.to_dict(), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
        if not args.quiet:
            for warning in figures.warnings:
                print(f"warning: {warning}", file=stderr)
    else:
        stdout.write(figures.summary())
    if dataset.report.errors:
        print(f"tipreport: {dataset.report.headline()} Rows with errors are left out of the "
              "figures; run `tipreport check` to see them.", file=stderr)
        return EXIT_DATA
    return EXIT_OK


def _build(args, stdout, stderr) -> int:
    from ._io import check_folder
    from .build import build
    from .progress import Progress

    overrides = _overrides(args)  # a wrong option value: said before any file is read
    if args.supplementary or args.sent:
        from .figures.sent import read_sent

        if not (args.supplementary and args.sent):
            raise UsageError("the supplementary update takes both --supplementary and --sent "
                             "SENT.json (the .figures.json written beside the submission sent)")
        if args.calendar_year is not None:
            raise UsageError("--calendar-year is for the submission, not the supplementary "
                             "update")
        sent = read_sent(args.sent)  # a wrong file: said before any file is read
        # an update's rows are checked against its own date (the Submission sheet's is
        # usually the submission's): the one given, else today
        args.load_date = args.date or dt.date.today()
    out = Path(args.out)
    check_folder(out)  # a file in the way: say so (exit 3) before the long work
    _recover(args, stderr)
    dataset, status = _load_usable(args, stdout, stderr, "build")
    if dataset is None:
        return status
    progress = Progress(stderr, quiet=args.quiet)
    if args.supplementary:
        submission = build(dataset, year=args.year, submitted_on=args.date,
                           page_size=args.page_size, templates=args.templates,
                           allow_errors=args.allow_errors, progress=progress,
                           suppress_below=args.suppress_below,
                           top_activities=args.top_activities, annex_limit=args.annex_limit,
                           supplementary=True, sent=sent, **overrides)
    else:
        submission = build(dataset, year=args.year,
                           submitted_on=args.date or dataset.submitted_on,
                           calendar_year=args.calendar_year, page_size=args.page_size,
                           templates=args.templates, allow_errors=args.allow_errors,
                           suppress_below=args.suppress_below,
                           top_activities=args.top_activities, annex_limit=args.annex_limit,
                           progress=progress, **overrides)
    progress.done()
    if not args.quiet:
        _say_edition(submission.figures, stderr)
    skip = [name for name, output in _outputs().items()
            if output.command == "build" and getattr(args, f"no_{name}", False)]
    status, engine_missing = EXIT_OK, None
    try:
        written = submission.write(out, skip=skip, progress=progress)
    except PDFEngineError as exc:
        written, engine_missing, status = exc.written, exc, EXIT_PDF_ENGINE
    finally:
        progress.done()
    _tell_written(submission.notes, submission.warnings, written, args.quiet, stdout, stderr)
    if engine_missing is not None:
        print(f"tipreport: {engine_missing}", file=stderr)
    return status


def _export(args, stdout, stderr) -> int:
    """``export glotip``: the calendar-year figures in UNODC's layout, one .xlsx."""
    from ._io import check_folder
    from .export import export_glotip
    from .export.glotip import check_years
    from .progress import Progress

    overrides = _overrides(args)
    args.date = args.date or dt.date.today()  # the export's day: future dates are after it
    check_years(args.years, args.date)  # a year not over: said before any file is read
    out = Path(args.out)
    check_folder(out)
    _recover(args, stderr)
    dataset, status = _load_usable(args, stdout, stderr, "export")
    if dataset is None:
        return status
    progress = Progress(stderr, quiet=args.quiet)
    try:
        export = export_glotip(dataset, years=args.years, suppress_below=args.suppress_below,
                               date=args.date, allow_errors=args.allow_errors,
                               progress=progress, **overrides)
        written = export.write(out)
    finally:
        progress.done()
    _tell_written(export.write_notes, export.warnings, written, args.quiet, stdout, stderr)
    return EXIT_OK


def _tell_written(notes, warnings, written, quiet: bool, stdout, stderr) -> None:
    """After writing: the notes (always) and warnings (unless quiet) on stderr, and the path of
    each file written on stdout, one a line (what a script reads)."""
    for note in notes:
        print(f"note: {note}", file=stderr)
    if not quiet:
        for warning in warnings:
            print(f"warning: {warning}", file=stderr)
    for path in written:
        print(path, file=stdout)


def _blank(args, stdout, stderr) -> int:
    from .blank import blank_workbook
    from .errors import OutputError

    try:
        path = blank_workbook(args.out, overwrite=args.force)
    except OutputError as exc:
        print(f"tipreport: {exc}", file=stderr)
        return EXIT_OUTPUT
    print(path, file=stdout)
    if not args.quiet:
        print(f"Fill it in (its Instructions sheet says how), then: tipreport check {path}",
              file=stderr)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
