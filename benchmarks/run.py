#!/usr/bin/env python3
"""tipreport at national scale, measured against the floors it is judged by (issue 12).

    python benchmarks/run.py                      # scale 1 (555,000 rows), 3 runs of each stage
    python benchmarks/run.py --scale 0.1 --repeat 1
    python benchmarks/run.py --sizes              # also 1/10 and 1/3 of the scale: growth
    python benchmarks/run.py --stages load,figures,read_pandas
    python benchmarks/run.py --profile            # cProfile (and py-spy) of load, figures, build
    python benchmarks/run.py --json results.json  # every sample, for RESULTS.md

The intake data comes from ``benchmarks/generate.py`` (cached in ``benchmarks/.data/``).

Each stage runs in its own fresh Python process, ``--repeat`` times (the runs interleaved, so
that a busy moment of a shared machine does not fall on one stage), and the medians are
printed: wall time, CPU time (user + system, every thread of the process) and the peak resident
memory of the whole process (``ru_maxrss`` of that child, read with ``os.wait4``).

Two scopes of timing:

- **stage**: the process first does what the stage needs untimed (imports; for ``figures``
  loading the dataset; for PDF, DOCX, HTML and audit loading and building the document), then
  times only the stage itself. Its peak memory is still the whole process's.
- **process**: the whole process, from start to exit, interpreter start-up and imports included:
  the whole build and its floor (what a user waits for when running one command), and the
  start-up measures.

Stages (``--stages`` takes their names, comma-separated; default all):

  read_pandas     floor: ``pandas.read_excel(engine="calamine")`` of every sheet of the files,
                  header row given (what a hand-written analysis script does); also measures the
                  "raw frames": the sum of ``DataFrame.memory_usage(deep=True)`` of those frames
  read_calamine   floor: ``python_calamine`` reading the same sheets into Python rows
  yardstick       floor: the grouped-count yardstick (``benchmarks/yardstick.py``): the same
                  figures counted by window in plain pandas, from the frames ``load`` returns
  render_floor    floor: raw read (``python_calamine``) + WeasyPrint rendering of the very HTML
                  the build hands WeasyPrint, with the same options (captured from the PDF stage)
  load            ``tipreport.load`` of the files (read + convert + validate)
  figures         ``tipreport.compute`` of a dataset loaded in the same process beforehand
  pdf, docx, html ``Submission.to_pdf`` / ``to_docx`` / ``to_html`` of a submission built in the
                  same process beforehand
  audit           the audit workbook, timed on its own when the library has it
  build           the whole build: load, compute, compose, PDF + DOCX + HTML + figures.json
  startup         ``python -c pass``, ``import pandas``, ``import tipreport``, ``tipreport --help``

Benchmarks, not tests: nothing here asserts a time. ``tests/test_benchmarks.py`` only checks
that this harness runs end to end at a tiny scale and prints every row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULT_MARK = "@@benchmark-result "

# --- the stages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    name: str
    label: str
    scope: str  # "stage" or "process"
    argv: tuple[str, ...] = ()  # for start-up stages: the command, run as is


STAGES = {s.name: s for s in (
    Stage("read_pandas", 'floor: pandas.read_excel(engine="calamine")', "stage"),
    Stage("read_calamine", "floor: python_calamine", "stage"),
    Stage("yardstick", "floor: grouped counts in plain pandas", "stage"),
    Stage("load", "load + validate (tipreport.load)", "stage"),
    Stage("figures", "figures (tipreport.compute)", "stage"),
    Stage("pdf", "PDF (Submission.to_pdf)", "stage"),
    Stage("render_floor", "floor: raw read + WeasyPrint, same HTML", "process"),
    Stage("docx", "DOCX (Submission.to_docx)", "stage"),
    Stage("html", "HTML (Submission.to_html)", "stage"),
    Stage("audit", "audit workbook", "stage"),
    Stage("build", "whole build (PDF+DOCX+HTML+figures.json)", "process"),
    Stage("python", "start-up: python -c pass", "process", ("-c", "pass")),
    Stage("import_pandas", "start-up: import pandas", "process", ("-c", "import pandas")),
    Stage("import_tipreport", "start-up: import tipreport", "process",
          ("-c", "import tipreport")),
    Stage("cli_help", "start-up: tipreport --help", "process", ("-m", "tipreport", "--help")),
)}
GROUPS = {"startup": ("python", "import_pandas", "import_tipreport", "cli_help"),
          "floors": ("read_pandas", "read_calamine", "yardstick", "render_floor")}
#: stages run again at the smaller sizes of ``--sizes``: what the growth and pages need
SIZES_STAGES = ("load", "figures", "build")
#: ways the audit workbook may be offered by ``Submission`` (the first one found is used)
AUDIT_METHODS = ("to_audit", "to_audit_workbook", "to_xlsx", "audit_bytes", "write_audit")


# --- in the child process: one stage ------------------------------------------------------------


@dataclass
class Context:
    folder: Path  # the generated data at one scale
    manifest: dict
    work: Path  # scratch folder for outputs
    capture: bool = False  # pdf stage: keep the HTML and options WeasyPrint is given
    profile: Path | None = None  # write a cProfile of the timed region here

    @property
    def paths(self) -> list[str]:
        return [str(self.folder / f["file"]) for f in self.manifest["files"]]

    def sheets(self):
        """(path, sheet, header row index) of every sheet of every file."""
        for f in self.manifest["files"]:
            for sheet, info in f["sheets"].items():
                yield str(self.folder / f["file"]), sheet, info["header_row"]


@contextmanager
def clock(result: dict, profile: Path | None = None):
    """Wall and CPU (user + system, all threads) seconds of the block, into ``result``."""
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    if profiler:
        profiler.enable()
    try:
        yield
    finally:
        if profiler:
            profiler.disable()
        t1, r1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        result["wall"] = t1 - t0
        result["cpu"] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if profiler:
            profiler.dump_stats(str(profile))


def stage_read_pandas(ctx: Context, res: dict) -> None:
    import pandas as pd

    frames = []
    with clock(res, ctx.profile):
        by_file: dict[str, list] = {}
        for path, sheet, header in ctx.sheets():
            by_file.setdefault(path, []).append((sheet, header))
        for path, sheets in by_file.items():
            with pd.ExcelFile(path, engine="calamine") as book:
                for sheet, header in sheets:
                    frames.append(pd.read_excel(book, sheet_name=sheet, header=header))
    res["raw_frames_bytes"] = sum(int(f.memory_usage(deep=True).sum()) for f in frames)
    res["rows"] = sum(len(f) for f in frames)


def stage_read_calamine(ctx: Context, res: dict) -> None:
    from python_calamine import CalamineWorkbook

    sheets = []
    with clock(res, ctx.profile):
        _calamine_read(ctx, CalamineWorkbook, sheets)
    res["rows"] = sum(len(rows) for rows in sheets)


def _calamine_read(ctx: Context, CalamineWorkbook, into: list) -> None:
    books = {}
    for path, sheet, _ in ctx.sheets():
        if path not in books:
            books[path] = CalamineWorkbook.from_path(path)
        into.append(books[path].get_sheet_by_name(sheet).to_python())


def stage_yardstick(ctx: Context, res: dict) -> None:
    import yardstick

    import tipreport

    dataset = tipreport.load(*ctx.paths)
    m = ctx.manifest
    tables = dataset.tables
    with clock(res, ctx.profile):
        counted = yardstick.counts(tables, m["report_year"],
                                   dt.date.fromisoformat(m["data_through"]),
                                   dt.date.fromisoformat(m["submitted_on"]))
    res["numbers"] = yardstick.size(counted)


def stage_load(ctx: Context, res: dict) -> None:
    import tipreport

    with clock(res, ctx.profile):
        dataset = tipreport.load(*ctx.paths)
    report = dataset.report
    res["rows"] = sum(getattr(e, "read", 0) for e in getattr(report, "ledger", []))
    res["errors"] = len(getattr(report, "errors", []))


def stage_figures(ctx: Context, res: dict) -> None:
    import tipreport

    dataset = tipreport.load(*ctx.paths)
    with clock(res, ctx.profile):
        tipreport.compute(dataset)


def _built(ctx: Context):
    import tipreport

    return tipreport.build(tipreport.load(*ctx.paths))


@contextmanager
def _capturing_weasyprint(into: dict):
    """Record the HTML, base URL and options the build hands WeasyPrint (for the floor)."""
    import weasyprint

    cls = weasyprint.HTML
    init, render, write_pdf = cls.__init__, cls.render, cls.write_pdf

    def plain(options):
        return {k: v for k, v in options.items() if isinstance(v, (str, int, float, bool))
                or v is None}

    def init_(self, *args, **kwargs):
        if isinstance(kwargs.get("string"), str):
            into["html"] = kwargs["string"]
            into["base_url"] = kwargs.get("base_url")
        return init(self, *args, **kwargs)

    def render_(self, *args, **kwargs):
        into.setdefault("options", plain(kwargs))
        return render(self, *args, **kwargs)

    def write_pdf_(self, *args, **kwargs):
        into.setdefault("options", plain(kwargs))
        return write_pdf(self, *args, **kwargs)

    cls.__init__, cls.render, cls.write_pdf = init_, render_, write_pdf_
    try:
        yield
    finally:
        cls.__init__, cls.render, cls.write_pdf = init, render, write_pdf


def stage_pdf(ctx: Context, res: dict) -> None:
    submission = _built(ctx)
    captured: dict = {}
    target = ctx.work / "stage.pdf"
    if ctx.capture:
        with _capturing_weasyprint(captured), clock(res, ctx.profile):
            submission.to_pdf(target)
        if "html" in captured:
            (ctx.work / "print.html").write_text(captured.pop("html"), encoding="utf-8")
            (ctx.work / "print.json").write_text(json.dumps(captured))
    else:
        with clock(res, ctx.profile):
            submission.to_pdf(target)
    res["bytes"] = target.stat().st_size


def stage_docx(ctx: Context, res: dict) -> None:
    submission = _built(ctx)
    with clock(res, ctx.profile):
        submission.to_docx(ctx.work / "stage.docx")


def stage_html(ctx: Context, res: dict) -> None:
    submission = _built(ctx)
    with clock(res, ctx.profile):
        submission.to_html(ctx.work / "stage.html")


def audit_method(submission) -> str | None:
    for name in AUDIT_METHODS:
        if callable(getattr(submission, name, None)):
            return name
    return None


def stage_audit(ctx: Context, res: dict) -> None:
    import tipreport

    if audit_method(tipreport.Submission) is None:
        res["available"] = False  # nothing built, nothing timed
        return
    submission = _built(ctx)
    method = getattr(submission, audit_method(submission))
    target = ctx.work / "stage-audit.xlsx"
    with clock(res, ctx.profile):
        try:
            out = method(target)
        except TypeError:  # a method that takes no target and returns the bytes
            out = method()
        if isinstance(out, (bytes, bytearray)):
            target.write_bytes(out)
    res["available"] = True


def stage_render_floor(ctx: Context, res: dict) -> None:
    import weasyprint
    from python_calamine import CalamineWorkbook

    html = (ctx.work / "print.html").read_text(encoding="utf-8")
    captured = json.loads((ctx.work / "print.json").read_text())
    sheets: list = []
    with clock(res, ctx.profile):
        _calamine_read(ctx, CalamineWorkbook, sheets)
        pdf = weasyprint.HTML(string=html, base_url=captured.get("base_url")).write_pdf(
            **captured.get("options", {}))
        (ctx.work / "floor.pdf").write_bytes(pdf)


def stage_build(ctx: Context, res: dict) -> None:
    import tipreport

    out = ctx.work / "build"
    out.mkdir(exist_ok=True)
    with clock(res, ctx.profile):
        submission = tipreport.build(*ctx.paths)
        stem = getattr(submission, "stem", "submission")
        submission.to_pdf(out / f"{stem}.pdf")
        submission.to_docx(out / f"{stem}.docx")
        submission.to_html(out / f"{stem}.html")
        _write_figures_json(submission, out / f"{stem}.figures.json")


def _write_figures_json(submission, path: Path) -> None:
    """``<name>.figures.json`` the library's way when it has one, else ``figures.to_dict()``."""
    for name in ("to_figures_json", "to_json", "figures_json"):
        method = getattr(submission, name, None)
        if callable(method):
            try:
                method(path)
                return
            except TypeError:
                data = method()
                path.write_text(data if isinstance(data, str) else json.dumps(data))
                return
    path.write_text(json.dumps(submission.figures.to_dict(), ensure_ascii=False, default=str))


CHILD_STAGES = {
    "read_pandas": stage_read_pandas, "read_calamine": stage_read_calamine,
    "yardstick": stage_yardstick, "load": stage_load, "figures": stage_figures,
    "pdf": stage_pdf, "docx": stage_docx, "html": stage_html, "audit": stage_audit,
    "render_floor": stage_render_floor, "build": stage_build,
}


def child(args) -> int:
    folder = Path(args.folder)
    ctx = Context(folder, json.loads((folder / "manifest.json").read_text()), Path(args.work),
                  capture=args.capture, profile=Path(args.profile_out) if args.profile_out
                  else None)
    res: dict = {}
    CHILD_STAGES[args.child](ctx, res)
    sys.stdout.flush()
    print(RESULT_MARK + json.dumps(res), flush=True)
    return 0


# --- in the parent: running children --------------------------------------------------------------


@dataclass
class Sample:
    wall: float | None = None  # the stage's (scope "stage") or the process's
    cpu: float | None = None
    rss_mib: float | None = None  # peak RSS of the whole child process
    process_wall: float | None = None
    process_cpu: float | None = None
    extra: dict = field(default_factory=dict)
    failed: str | None = None


#: A tiny process that starts every measured child (fork + exec) and reads its resource use
#: with ``os.wait4``. A child's ``ru_maxrss`` counts the moments before exec, when it is still a
#: copy of the process that forked it, so the forking process must be smaller than anything
#: measured: this one is a bare interpreter (``-I -S``, about 10 MiB), not the harness.
LAUNCHER = r"""
import json, os, sys, time
for line in sys.stdin:
    req = json.loads(line)
    out = os.open(req["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(req["cwd"])
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.dup2(out, 1)
            os.dup2(err, 2)
            os.execv(req["argv"][0], req["argv"])
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    os.close(out)
    os.close(err)
    print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kib": ru.ru_maxrss,
                      "status": os.waitstatus_to_exitcode(status)}), flush=True)
"""


class Launcher:
    """Runs commands through :data:`LAUNCHER`, one at a time."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.scratch = Path(tempfile.mkdtemp(prefix="tipreport-launch-"))

    def run(self, argv: list[str]) -> tuple[dict, str, str]:
        out, err = self.scratch / "stdout", self.scratch / "stderr"
        request = {"argv": argv, "cwd": str(ROOT), "stdout": str(out), "stderr": str(err)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        return (answer, out.read_text(encoding="utf-8", errors="replace"),
                err.read_text(encoding="utf-8", errors="replace"))

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


_launcher: Launcher | None = None


def spawn(argv: list[str]) -> tuple[Sample, str]:
    """Run ``argv``; its wall time, CPU time and peak RSS (of that child only), and its stdout."""
    global _launcher
    if _launcher is None:
        _launcher = Launcher()
    answer, stdout, stderr = _launcher.run(argv)
    sample = Sample(process_wall=answer["wall"], process_cpu=answer["cpu"],
                    rss_mib=answer["maxrss_kib"] / 1024)  # Linux: KiB
    if answer["status"] != 0:
        tail = "\n".join(stderr.strip().splitlines()[-6:])
        sample.failed = f"exit status {answer['status']}: {tail}"
    return sample, stdout


def startup_argv(stage: Stage) -> list[str]:
    """The command of a start-up stage; ``tipreport --help`` through the installed script when
    there is one (as a user types it), else ``python -m tipreport --help``."""
    script = Path(sys.executable).with_name("tipreport")
    if stage.name == "cli_help" and script.exists():
        return [str(script), "--help"]
    return [sys.executable, *stage.argv]


def run_stage(stage: Stage, folder: Path, work: Path, capture: bool = False,
              profile_out: Path | None = None) -> Sample:
    if stage.argv:
        sample, _ = spawn(startup_argv(stage))
    else:
        argv = [sys.executable, str(Path(__file__).resolve()), "--child", stage.name,
                "--folder", str(folder), "--work", str(work)]
        if capture:
            argv.append("--capture")
        if profile_out:
            argv += ["--profile-out", str(profile_out)]
        sample, stdout = spawn(argv)
        for line in stdout.splitlines():
            if line.startswith(RESULT_MARK):
                sample.extra = json.loads(line[len(RESULT_MARK):])
        if not sample.failed and not sample.extra:
            sample.failed = "the stage printed no result"
    if stage.scope == "process":
        sample.wall, sample.cpu = sample.process_wall, sample.process_cpu
    else:
        sample.wall, sample.cpu = sample.extra.get("wall"), sample.extra.get("cpu")
    return sample


@dataclass
class Measured:
    """Every sample of one stage at one size, and their medians."""

    stage: Stage
    samples: list[Sample] = field(default_factory=list)

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if not s.failed and s.wall is not None]

    @property
    def available(self) -> bool:
        return not any(s.extra.get("available") is False for s in self.samples)

    def median(self, attr: str) -> float | None:
        values = [getattr(s, attr) for s in self.ok if getattr(s, attr) is not None]
        return statistics.median(values) if values else None

    def extra(self, key: str):
        values = [s.extra[key] for s in self.ok if key in s.extra]
        if not values:
            return None
        if all(isinstance(v, (int, float)) for v in values):
            return statistics.median(values)
        return values[-1]

    @property
    def failure(self) -> str | None:
        failed = [s.failed for s in self.samples if s.failed]
        return failed[-1] if failed and not self.ok else None


def count_pages(pdf: Path) -> int | None:
    """Pages of a PDF, read in another process (pypdf, else poppler's pdfinfo), so that this
    process stays small: a child's ``ru_maxrss`` starts from the size of its parent."""
    code = "import sys; from pypdf import PdfReader; print(len(PdfReader(sys.argv[1]).pages))"
    done = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True,
                          text=True)
    if done.returncode == 0 and done.stdout.strip().isdigit():
        return int(done.stdout.strip())
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        if found:
            return int(found.group(1))
    return None


def measure(folder: Path, stages: list[str], repeat: int, work: Path,
            progress=None) -> dict[str, Measured]:
    """Every stage, ``repeat`` times, interleaved; the PDF stage's first run captures the HTML
    the floor renders."""
    results = {name: Measured(STAGES[name]) for name in stages}
    startup_repeat = max(repeat, 5)  # cheap and noisy: more runs
    captured = False
    if "render_floor" in stages and "pdf" not in stages:
        sample = run_stage(STAGES["pdf"], folder, work, capture=True)  # preparation only
        captured = not sample.failed
    rounds = max(repeat, startup_repeat if any(STAGES[s].argv for s in stages) else 0)
    for i in range(rounds):
        for name in stages:
            stage = STAGES[name]
            if i >= (startup_repeat if stage.argv else repeat):
                continue
            if name == "render_floor" and not (work / "print.html").exists():
                results[name].samples.append(Sample(failed="no HTML captured from the PDF stage"))
                continue
            if progress:
                progress(f"{stage.label} — run {i + 1}")
            sample = run_stage(stage, folder, work, capture=(name == "pdf" and not captured))
            if name == "pdf" and not sample.failed:
                captured = True
            if name == "build" and not sample.failed:
                pdfs = sorted((work / "build").glob("*.pdf"))
                if pdfs:
                    sample.extra["pages"] = count_pages(pdfs[0])
            results[name].samples.append(sample)
            if progress:
                progress(f"    {_fmt_sample(sample)}")
    return results


def _fmt_sample(s: Sample) -> str:
    if s.failed:
        return f"failed ({s.failed.splitlines()[0]})"
    if s.extra.get("available") is False:
        return "not available"
    return f"{s.wall:.2f} s wall, {s.cpu:.2f} s CPU, {s.rss_mib:,.0f} MiB peak"


# --- reporting ------------------------------------------------------------------------------------


def machine() -> dict:
    info = {"date": dt.date.today().isoformat(), "python": platform.python_version(),
            "platform": platform.platform(), "cores": os.cpu_count()}
    try:
        info["cores_usable"] = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        pass
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"^model name\s*:\s*(.+)$", cpu, re.MULTILINE).group(1)
        mem = Path("/proc/meminfo").read_text()
        info["memory_gib"] = round(int(re.search(r"MemTotal:\s+(\d+)", mem).group(1))
                                   / 2**20, 1)
    except (OSError, AttributeError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    for package in ("tipreport", "pandas", "numpy", "python-calamine", "WeasyPrint",
                    "python-docx", "pyarrow"):
        try:
            info[package] = version(package)
        except PackageNotFoundError:
            pass
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                        capture_output=True, text=True,
                                        timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def _s(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "–"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    return f"{value:.2f} s" if value < 100 else f"{value:.1f} s"


def stage_table(results: dict[str, Measured]) -> str:
    lines = [f"{'stage':<46} {'scope':<8} {'wall':>9} {'CPU':>9} {'peak RSS':>11}  runs  notes"]
    for name, m in results.items():
        stage = m.stage
        if not m.available:
            lines.append(f"{stage.label:<46} {stage.scope:<8} {'not available':>31}")
            continue
        if m.failure:
            lines.append(f"{stage.label:<46} {stage.scope:<8} {'failed':>31}  "
                         f"{m.failure.splitlines()[0]}")
            continue
        notes = []
        if m.extra("raw_frames_bytes"):
            notes.append(f"raw frames {m.extra('raw_frames_bytes') / 2**20:,.0f} MiB")
        if m.extra("numbers"):
            notes.append(f"{m.extra('numbers'):,.0f} numbers")
        if m.extra("pages"):
            notes.append(f"{m.extra('pages'):.0f} pages")
        if m.extra("errors"):
            notes.append(f"{m.extra('errors'):.0f} data errors!")
        lines.append(f"{stage.label:<46} {stage.scope:<8} {_s(m.median('wall')):>9} "
                     f"{_s(m.median('cpu')):>9} {_s(m.median('rss_mib'), 'MiB'):>11}  "
                     f"{len(m.ok):>4}  {'; '.join(notes)}")
    return "\n".join(lines)


@dataclass
class Ratio:
    step: str
    now: str
    floor: str
    ratio: float | None
    target: float
    note: str = ""  # "not available", "not measured"

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "n/a"
        return "OK" if self.ratio <= self.target else "over"


def ratios(results: dict[str, Measured], growth: dict | None = None) -> list[Ratio]:
    def get(name: str) -> Measured | None:
        m = results.get(name)
        return m if m is not None and m.ok else None

    def cpu(name: str) -> float | None:
        m = get(name)
        return m.median("cpu") if m else None

    def wall(name: str) -> float | None:
        m = get(name)
        return m.median("wall") if m else None

    def now_cpu(name: str) -> str:
        if cpu(name) is None:
            return "not measured"
        return f"{_s(cpu(name))} CPU ({_s(wall(name))} wall)"

    def ratio(a, b):
        return a / b if a is not None and b else None

    rows = []
    for name, floor, label, target in (
            ("load", "read_pandas", 'pandas.read_excel(engine="calamine")', 1.3),
            ("load", "read_calamine", "python_calamine itself", 2.5),
            ("figures", "yardstick", "grouped counts of the same figures in plain pandas", 1.5),
            ("build", "render_floor", "raw read + WeasyPrint rendering of the same HTML", 1.3)):
        step = {"load": "load + validate", "figures": "figures (compute)",
                "build": "whole build"}[name]
        rows.append(Ratio(step, now_cpu(name), f"{label}, {_s(cpu(floor))}",
                          ratio(cpu(name), cpu(floor)), target))
    build, frames = get("build"), get("read_pandas")
    peak = build.median("rss_mib") if build else None
    raw = frames.extra("raw_frames_bytes") / 2**20 if frames and frames.extra(
        "raw_frames_bytes") else None
    rows.append(Ratio("peak memory of a build", _s(peak, "MiB") if peak else "not measured",
                      f"the raw frames, {_s(raw, 'MiB')}", ratio(peak, raw), 2.0))
    audit = results.get("audit")
    if audit is not None and not audit.available:
        rows.append(Ratio("audit workbook", "not available",
                          f'pandas.read_excel(engine="calamine"), {_s(cpu("read_pandas"))}',
                          None, 1.0, "not available"))
    else:
        rows.append(Ratio("audit workbook", now_cpu("audit"),
                          f'pandas.read_excel(engine="calamine"), {_s(cpu("read_pandas"))}',
                          ratio(cpu("audit"), cpu("read_pandas")), 1.0))
    rows.append(Ratio("import tipreport", now_cpu("import_tipreport"),
                      f"import pandas, {_s(cpu('import_pandas'))}",
                      ratio(cpu("import_tipreport"), cpu("import_pandas")), 1.1))
    if growth:
        for key, label in (("load", "growth of load"), ("figures", "growth of figures")):
            k = growth.get(key)
            rows.append(Ratio(label, f"exponent {k:.2f}" if k is not None else "not measured",
                              "linear (log-log slope of CPU time against rows)", k, 1.1))
        pages = growth.get("pages") or {}
        if len(pages) >= 2:
            small, large = pages[min(pages)], pages[max(pages)]
            rows.append(Ratio("document pages", f"{large} at scale {max(pages):g}",
                              f"{small} at scale {min(pages):g}", ratio(large, small), 1.05))
        else:
            rows.append(Ratio("document pages", "not measured", "–", None, 1.05))
    return rows


def ratio_table(rows: list[Ratio]) -> str:
    w0 = max(len("step"), *(len(r.step) for r in rows))
    w1 = max(len("now"), *(len(r.now) for r in rows))
    w2 = max(len("floor"), *(len(r.floor) for r in rows))
    lines = [f"{'step':<{w0}}  {'now':<{w1}}  {'floor':<{w2}}  {'ratio':>7}  {'target':>7}  ",
             f"{'-' * w0}  {'-' * w1}  {'-' * w2}  {'-' * 7}  {'-' * 7}  ----"]
    lines[0] += "OK/over"
    for r in rows:
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "–"
        if r.step.startswith("growth"):
            ratio = f"{r.ratio:.2f}" if r.ratio is not None else "–"
            target = f"≤ {r.target:g}"
        else:
            target = f"≤ {r.target:g}×"
        lines.append(f"{r.step:<{w0}}  {r.now:<{w1}}  {r.floor:<{w2}}  {ratio:>7}  "
                     f"{target:>7}  {r.verdict}")
    return "\n".join(lines)


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log y against log x."""
    points = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x and y]
    if len(points) < 2:
        return None
    mx = sum(p[0] for p in points) / len(points)
    my = sum(p[1] for p in points) / len(points)
    den = sum((p[0] - mx) ** 2 for p in points)
    return sum((p[0] - mx) * (p[1] - my) for p in points) / den if den else None


# --- profiles -------------------------------------------------------------------------------------

PROFILED = {"load": "load (tipreport/dataset.py)", "figures": "compute (tipreport/figures.py)",
            "build": None}


def _where(filename: str, line: int, func: str) -> str:
    """``…/site-packages/pandas/core/series.py`` → ``pandas/core/series.py:360(__init__)``."""
    if filename == "~":  # a built-in
        return func
    short = re.sub(r"^.*?(site-packages/|/lib/python3\.\d+/)", "", filename)
    if short == filename and "/tipreport/" in filename:
        short = "tipreport/" + filename.rsplit("/tipreport/", 1)[1]
    elif short == filename:
        short = Path(filename).name
    return f"{short}:{line}({func})"


#: where the whole build's time goes: (label, file ending, function), read from cProfile's
#: cumulative times (a part missing from the profile is left out)
BUILD_PARTS = (
    ("load (tipreport.load)", "tipreport/dataset.py", "load"),
    ("figures (tipreport.compute)", "tipreport/figures.py", "compute"),
    ("composing the document", "tipreport/compose.py", "compose"),
    ("HTML for print and preview (render_html)", "tipreport/render/html.py", "render_html"),
    ("charts (matplotlib)", "tipreport/render/charts.py", "svg"),
    ("charts (matplotlib)", "tipreport/render/charts.py", "png"),
    ("WeasyPrint layout (HTML.render)", "weasyprint/__init__.py", "render"),
    ("WeasyPrint PDF writing (write_pdf)", "weasyprint/document.py", "write_pdf"),
    ("DOCX (render_docx)", "tipreport/render/docx.py", "render_docx"),
)


def build_split(stats) -> str:
    """The build's time per part (cumulative seconds; parts may nest: charts are drawn while
    the HTML is made)."""
    total = stats.total_tt or 1.0
    parts: dict[str, float] = {}
    for (filename, _, func), (_, _, _, cumulative, _) in stats.stats.items():
        for label, ending, name in BUILD_PARTS:
            if func == name and filename.replace("\\", "/").endswith(ending):
                parts[label] = parts.get(label, 0.0) + cumulative
    lines = [f"  where the whole build's {total:.2f} s go (cumulative; parts may nest):"]
    for label in dict.fromkeys(label for label, _, _ in BUILD_PARTS):
        if label in parts:
            lines.append(f"  {parts[label]:>8.2f} s {100 * parts[label] / total:>5.1f}%  {label}")
    return "\n".join(lines) if parts else ""


def cprofile_top(path: Path, top: int) -> str:
    import pstats

    stats = pstats.Stats(str(path))
    total = stats.total_tt or 1.0
    out = [build_split(stats)] if path.stem == "build" else []
    for key, title in (("cumulative", "cumulative"), ("tottime", "self")):
        rows = sorted(stats.stats.items(), key=lambda kv: kv[1][3 if key == "cumulative" else 2],
                      reverse=True)[:top]
        out.append(f"  by {title} time (total {total:.2f} s):")
        out.append(f"  {'calls':>10} {'self s':>8} {'cum s':>8} {'cum %':>6}  function")
        for (filename, line, func), (cc, nc, tt, ct, _) in rows:
            out.append(f"  {nc:>10,} {tt:>8.2f} {ct:>8.2f} {100 * ct / total:>5.0f}%  "
                       f"{_where(filename, line, func)}")
    return "\n".join(out)


def pyspy_top(raw: Path, within: str | None, top: int) -> str:
    """Top functions of a py-spy raw (collapsed stacks) file, self and inclusive, counting only
    the stacks that pass through ``within`` when given."""
    self_count: dict[str, int] = {}
    incl: dict[str, int] = {}
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        frames = stack.split(";")
        if within is not None:
            if within not in frames:
                continue
            frames = frames[frames.index(within):]
        n = int(n)
        total += n
        self_count[frames[-1]] = self_count.get(frames[-1], 0) + n
        for f in set(frames):
            incl[f] = incl.get(f, 0) + n
    if not total:
        return "  (no samples)"
    out = [f"  {total:,} samples; inclusive:"]
    for f, n in sorted(incl.items(), key=lambda kv: -kv[1])[:top]:
        out.append(f"  {100 * n / total:>5.1f}%  {f}")
    out.append("  self:")
    for f, n in sorted(self_count.items(), key=lambda kv: -kv[1])[:top]:
        out.append(f"  {100 * n / total:>5.1f}%  {f or '(outside Python: native code or idle)'}")
    return "\n".join(out)


def pyspy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def profile(folder: Path, work: Path, top: int) -> str:
    out = []
    spy = pyspy()
    for name, within in PROFILED.items():
        stage = STAGES[name]
        prof = work / f"{name}.prof"
        print(f"profiling {stage.label} (cProfile) …", file=sys.stderr, flush=True)
        sample = run_stage(stage, folder, work, profile_out=prof)
        out.append(f"\n## {stage.label}: cProfile of the timed region "
                   f"({_s(sample.wall)} wall under the profiler)")
        out.append(cprofile_top(prof, top) if prof.exists() else f"  failed: {sample.failed}")
        if spy:
            print(f"profiling {stage.label} (py-spy) …", file=sys.stderr, flush=True)
            raw = work / f"{name}.pyspy.txt"
            argv = [spy, "record", "--format", "raw", "--nolineno", "--rate", "100",
                    "--output", str(raw), "--", sys.executable, str(Path(__file__).resolve()),
                    "--child", name, "--folder", str(folder), "--work", str(work)]
            done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
            scope = f"stacks through {within}" if within else "the whole process"
            out.append(f"\n## {stage.label}: py-spy, {scope}")
            out.append(pyspy_top(raw, within, top) if raw.exists()
                       else f"  failed: {done.stderr.strip()[-300:]}")
    if not spy:
        out.append("\n(py-spy is not installed: pip install py-spy for a sampling profile)")
    return "\n".join(out)


# --- main -----------------------------------------------------------------------------------------


def _stages(text: str | None) -> list[str]:
    if not text:
        return list(STAGES)
    wanted: list[str] = []
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        names = GROUPS.get(part, (part,))
        for name in names:
            if name not in STAGES:
                raise SystemExit(f"run.py: unknown stage {name!r}; known: "
                                 f"{', '.join([*STAGES, *GROUPS])}")
            if name not in wanted:
                wanted.append(name)
    return [name for name in STAGES if name in wanted]  # the canonical order


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time tipreport's stages at national scale against their floors.",
        epilog="Stages: " + ", ".join(STAGES) + "; groups: " + ", ".join(GROUPS))
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size of the generated intake; 1 = 555,000 rows (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage (default 3)")
    parser.add_argument("--sizes", action="store_true",
                        help="also run load, figures and build at 1/10 and 1/3 of the scale, "
                             "and print the growth exponents and page counts")
    parser.add_argument("--stages", help="comma-separated stages or groups (default: all)")
    parser.add_argument("--profile", action="store_true",
                        help="profile load, figures and the whole build (cProfile; py-spy too "
                             "when installed) instead of timing")
    parser.add_argument("--top", type=int, default=25, help="lines of each profile (default 25)")
    parser.add_argument("--data", type=Path, default=HERE / ".data",
                        help="cache folder of the generated data (default benchmarks/.data/)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every sample here")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    # the child side (one stage in a fresh process)
    parser.add_argument("--child", choices=sorted(CHILD_STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--capture", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    stages = _stages(args.stages)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="tipreport-bench-"))

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        folder, manifest = generated(args.scale, args.data)
        info = machine()
        head = (f"tipreport benchmarks — scale {args.scale:g}: "
                f"{manifest['total_rows']:,} rows in {len(manifest['files'])} files ("
                + ", ".join(f"{n:,} {s}" for s, n in manifest["rows"].items()) + ")")
        desc = (f"machine: {info.get('cpu', '?')}, {info.get('cores_usable', info['cores'])} "
                f"cores, {info.get('memory_gib', '?')} GiB; {info['platform']}; Python "
                f"{info['python']}; " + ", ".join(
                    f"{p} {info[p]}" for p in ("tipreport", "pandas", "numpy",
                                               "python-calamine", "WeasyPrint", "pyarrow")
                    if p in info)
                + (f"; commit {info['commit']}" if info.get("commit") else "")
                + f"; {info['date']}")
        if args.profile:
            print(head)
            print(desc)
            print(f"\n# Profiles at scale {args.scale:g} (top {args.top} lines)")
            print(profile(folder, work, args.top))
            return 0
        load0 = os.getloadavg()
        results = measure(folder, stages, args.repeat, work, progress)
        growth = None
        by_size: dict[float, tuple[int, dict[str, Measured]]] = {
            args.scale: (manifest["total_rows"], results)}
        if args.sizes:
            for scale in (args.scale / 10, args.scale / 3):
                small, small_manifest = generated(scale, args.data)
                progress(f"--- scale {scale:g} ({small_manifest['total_rows']:,} rows) ---")
                scratch = Path(tempfile.mkdtemp(prefix="size-", dir=work))
                by_size[scale] = (small_manifest["total_rows"],
                                  measure(small, [s for s in SIZES_STAGES if s in stages],
                                          args.repeat, scratch, progress))
            growth = _growth(by_size)
        load1 = os.getloadavg()

        print(head)
        print(desc)
        print(f"load average (1 min) {load0[0]:.2f} at the start, {load1[0]:.2f} at the end; "
              f"medians of {args.repeat} run(s), each stage in a fresh process\n")
        print(stage_table(results))
        if args.sizes:
            print("\n" + sizes_table(by_size, growth))
        print("\n" + ratio_table(ratios(results, growth)))
        if args.json:
            args.json.write_text(json.dumps(_as_json(info, args, manifest, by_size, growth),
                                            indent=2) + "\n")
        return 0
    finally:
        if _launcher is not None:
            _launcher.close()
        if args.keep:
            print(f"(scratch folder kept: {work})", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def generated(scale: float, data: Path) -> tuple[Path, dict]:
    """The data at ``scale`` (made by ``generate.py`` in its own process, unless cached), and its
    manifest. Generating elsewhere keeps NumPy out of this process, whose size every child
    starts from."""
    done = subprocess.run([sys.executable, str(HERE / "generate.py"), "--scale", repr(scale),
                           "--out", str(data), "--print-folder"], stdout=subprocess.PIPE,
                          text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"run.py: generating the data at scale {scale:g} failed")
    folder = Path(done.stdout.strip().splitlines()[-1])
    return folder, json.loads((folder / "manifest.json").read_text())


def _growth(by_size: dict) -> dict:
    scales = sorted(by_size)
    rows = [by_size[s][0] for s in scales]
    out: dict = {"scales": scales, "rows": rows, "pages": {}}
    for name in ("load", "figures"):
        cpus = [by_size[s][1][name].median("cpu") if name in by_size[s][1] else None
                for s in scales]
        out[name + "_cpu"] = cpus
        out[name] = slope(rows, cpus) if all(cpus) else None
    for s in scales:
        build = by_size[s][1].get("build")
        if build is not None and build.extra("pages"):
            out["pages"][s] = int(build.extra("pages"))
    return out


def sizes_table(by_size: dict, growth: dict) -> str:
    lines = [f"{'scale':>9} {'rows':>10} {'load CPU':>10} {'figures CPU':>12} "
             f"{'build wall':>11} {'pages':>6}"]
    for s in sorted(by_size):
        rows, r = by_size[s]

        def med(name, attr):
            return r[name].median(attr) if name in r else None

        pages = growth["pages"].get(s)
        lines.append(f"{s:>9.4g} {rows:>10,} {_s(med('load', 'cpu')):>10} "
                     f"{_s(med('figures', 'cpu')):>12} {_s(med('build', 'wall')):>11} "
                     f"{pages if pages else '–':>6}")
    k = {n: (f"{growth[n]:.2f}" if growth.get(n) is not None else "–")
         for n in ("load", "figures")}
    lines.append(f"growth exponent (log-log slope of CPU time against rows): load {k['load']}, "
                 f"figures {k['figures']}")
    return "\n".join(lines)


def _as_json(info, args, manifest, by_size, growth) -> dict:
    sizes = {}
    for scale, (rows, results) in by_size.items():
        sizes[f"{scale:g}"] = {"rows": rows} | {
            name: {"label": m.stage.label, "scope": m.stage.scope, "available": m.available,
                   "median": {a: m.median(a) for a in ("wall", "cpu", "rss_mib")},
                   "samples": [{"wall": s.wall, "cpu": s.cpu, "rss_mib": s.rss_mib,
                                "process_wall": s.process_wall, "process_cpu": s.process_cpu,
                                "failed": s.failed,
                                # the child's own clock (the stage itself) and what it counted
                                **{("stage_" + k if k in ("wall", "cpu") else k): v
                                   for k, v in s.extra.items()}} for s in m.samples]}
            for name, m in results.items()}
    return {"machine": info, "scale": args.scale, "repeat": args.repeat,
            "rows": manifest["rows"], "sizes": sizes,
            "ratios": [r.__dict__ | {"verdict": r.verdict}
                       for r in ratios(by_size[args.scale][1], growth)],
            "growth": {k: v for k, v in (growth or {}).items() if k != "pages"}
            | {"pages": {f"{k:g}": v for k, v in ((growth or {}).get("pages") or {}).items()}}}


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
