"""The ``tipreport`` command line: ``check``, ``figures``, ``build`` and ``blank``.

``main(argv=None, stdout=None, stderr=None)`` is testable in-process. Exit status for every
command: 0 done (warnings allowed), 1 data errors (``build`` writes nothing), 2 usage errors, no
readable input, or a broken template, 3 an output could not be written (the folder is a file,
read-only or full), 4 the PDF engine is missing (``build`` wrote the other outputs). "Today" is
read here, once, and nowhere inside the pipeline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on usage errors already; keep its words
        raise UsageError(message)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD")


def _year(value: str) -> int:
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise argparse.ArgumentTypeError(f"{value!r} is not a report year such as 2026")
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

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("files", nargs="*", metavar="FILE",
                       help="intake files (.xlsx, .xlsm, .ods, .csv, HTCDS registers), folders, "
                            "SQLite databases or database addresses (sqlite:///cases.db, "
                            "postgresql://user@host/db); default: the bundled sample data")
        p.add_argument("--date-order", choices=["dmy", "mdy"], default="dmy",
                       help="how to read dates written like 3/4/2025 (default: dmy)")
        p.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                       help="submission date (default: the Submission sheet's, else today)")
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

    for name, helptext in (("figures", "compute the figures of the submission"),
                           ("build", "build the submission: PDF, DOCX and HTML")):
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
            for output in _outputs().values():
                if output.optional and output.command == "build":
                    p.add_argument(f"--no-{output.name}", dest=f"no_{output.name}",
                                   action="store_true",
                                   help=f"do not write {output.description}")
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
                   submitted_on=args.date or None, progress=progress, limits=args.limits or None)
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
            if not _no_input(dataset) and not args.quiet:
                _print_readiness(dataset, args, stdout)
        if _no_input(dataset):
            if args.format != "json":
                print("tipreport: none of the files could be read.", file=stderr)
            return EXIT_USAGE
        return EXIT_DATA if report.errors else EXIT_OK
    if args.command == "figures":
        return _figures(args, stdout, stderr)
    if args.command == "build":
        return _build(args, stdout, stderr)
    if args.command == "blank":
        return _blank(args, stdout, stderr)
    raise UsageError(f"unknown command {args.command}")  # pragma: no cover


def _print_readiness(dataset, args, stdout) -> None:
    """The readiness view after the report: what an analyst will likely read (ministry only)."""
    from .figures import compute

    try:
        figures = compute(dataset, submitted_on=args.date or dataset.submitted_on)
    except TipreportError:
        return
    stdout.write("\n" + figures.readiness())


def _overrides(args) -> dict:
    """The submission settings given as options, checked before anything is read."""
    from .settings import validate_setting

    keys = ("country", "government_body", "contact_name", "contact_email", "currency")
    out = {k: validate_setting(k, getattr(args, k)) for k in keys if getattr(args, k, None)}
    if args.data_through:
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


def _figures(args, stdout, stderr) -> int:
    from .figures import compute

    overrides = _overrides(args)
    dataset = _load_some(args, stdout, stderr)
    if dataset is None:
        return EXIT_USAGE
    figures = compute(dataset, year=args.year, calendar_year=args.calendar_year,
                      submitted_on=args.date or dataset.submitted_on, **overrides)
    if args.format == "json":
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
    out = Path(args.out)
    check_folder(out)  # a file in the way: say so (exit 3) before the long work
    _recover(args, stderr)
    dataset = _load_some(args, stdout, stderr)
    if dataset is None:
        return EXIT_USAGE
    if dataset.report.errors and not args.allow_errors:
        stdout.write(dataset.report.summary(limit=200))
        print(f"tipreport: nothing was written: the data has errors ({dataset.report.headline()}) "
              "Correct them, or build with --allow-errors to leave those rows out.", file=stderr)
        return EXIT_DATA
    progress = Progress(stderr, quiet=args.quiet)
    submission = build(dataset, year=args.year, submitted_on=args.date or dataset.submitted_on,
                       calendar_year=args.calendar_year, page_size=args.page_size,
                       templates=args.templates, allow_errors=args.allow_errors,
                       progress=progress, **overrides)
    skip = [name for name, output in _outputs().items()
            if output.command == "build" and getattr(args, f"no_{name}", False)]
    status, engine_missing = EXIT_OK, None
    try:
        written = submission.write(out, skip=skip, progress=progress)
    except PDFEngineError as exc:
        written, engine_missing, status = exc.written, exc, EXIT_PDF_ENGINE
    finally:
        progress.done()
    for note in submission.notes:
        print(f"note: {note}", file=stderr)
    if not args.quiet:
        for warning in submission.warnings:
            print(f"warning: {warning}", file=stderr)
    for path in written:
        print(path, file=stdout)
    if engine_missing is not None:
        print(f"tipreport: {engine_missing}", file=stderr)
    return status


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
