"""Hostile or unlucky output conditions, tried through the command line as a clerk would.

Each kind asserts the one-line message, the exit status (3: an output could not be written;
2: a broken or unsafe template; 4: the PDF engine is missing) and that no traceback reaches
the user. Tests run as root here, so a read-only folder or a full disk cannot be made with
chmod: those two are injected at the system call (os.open, os.write), the rest are real.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tipreport.cli import main

STEM = "cambodia-tip-2026-submission-2026-01-30"
EXTS = ("pdf", "docx", "html")
PASSWD_LINE = "root:x:0:0"


def tiny_workbook(path: Path, body: str = "National Committee") -> Path:
    """A small valid intake (fast to build): five cases and the Submission settings."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cases"
    ws.append(["case_id", "opened_on", "offense", "exploitation", "summary", "highlight"])
    for i in range(5):
        ws.append([f"C-{i}", "2025-06-0" + str(i + 1), "trafficking", "labor",
                   "A labour case.", "yes"])
    sub = wb.create_sheet("Submission")
    sub.append(["key", "value"])
    for key, value in (("country", "Cambodia"), ("report_year", "2026"),
                       ("submitted_on", "2026-01-30"), ("government_body", body),
                       ("contact_name", "Focal Point"), ("contact_email", "focal@gov.kh")):
        sub.append([key, value])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return tiny_workbook(tmp_path_factory.mktemp("intake") / "cases.xlsx")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main([str(a) for a in argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def one_line_error(err: str) -> str:
    """The ``tipreport:`` error line: exactly one, and no traceback anywhere."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("tipreport:")]
    assert len(lines) == 1, err
    return lines[0]


def parts(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith((".part", ".tipreport-set")))


def digests(folder: Path) -> dict[str, str]:
    return {ext: hashlib.sha256((folder / f"{STEM}.{ext}").read_bytes()).hexdigest()
            for ext in EXTS if (folder / f"{STEM}.{ext}").exists()}


# --- the output folder ---------------------------------------------------------------------------


def test_output_folder_is_a_file(tiny, tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder")
    status, stdout, err = run("build", tiny, "--out", out, "--quiet")
    assert status == 3
    line = one_line_error(err)
    assert "is a file, not a folder" in line and str(out) in line
    assert out.read_text() == "not a folder"


def test_output_folder_under_a_file(tiny, tmp_path):
    blocker = tmp_path / "report.txt"
    blocker.write_text("x")
    status, _, err = run("build", tiny, "--out", blocker / "out", "--quiet")
    assert status == 3
    assert "report.txt is a file, not a folder" in one_line_error(err)


def test_output_name_too_long(tiny, tmp_path):
    out = tmp_path / ("a" * 300)
    status, _, err = run("build", tiny, "--out", out, "--quiet")
    assert status == 3
    assert "too long" in one_line_error(err)


def test_a_folder_in_the_way_of_an_output(tiny, tmp_path):
    out = tmp_path / "out"
    (out / f"{STEM}.docx").mkdir(parents=True)  # a folder named like the DOCX
    status, _, err = run("build", tiny, "--out", out, "--quiet")
    assert status == 3
    assert "a folder has the name of the file" in one_line_error(err)
    assert not (out / f"{STEM}.pdf").exists()  # the set is all or nothing
    assert parts(out) == []


@pytest.fixture(scope="module")
def first_build(tiny, tmp_path_factory) -> Path:
    """A folder holding a complete earlier build."""
    out = tmp_path_factory.mktemp("first") / "out"
    status, _, err = run("build", tiny, "--out", out, "--quiet")
    assert status == 0, err
    return out


def test_read_only_folder(tiny, first_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(first_build, out)
    before = digests(out)
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # what a read-only folder does to a new file
        if flags & os.O_CREAT and Path(path).parent == out:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    status, _, err = run("build", tiny, "--out", out, "--quiet")
    assert status == 3
    assert "permission denied" in one_line_error(err)
    assert digests(out) == before and parts(out) == []


def test_disk_full(tiny, first_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(first_build, out)
    before = digests(out)
    real_write = os.write
    budget = [150_000]  # the disk fills up part-way through the set

    def full(fd, data):
        if budget[0] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        budget[0] -= len(data)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    status, _, err = run("build", tiny, "--out", out, "--quiet")
    assert status == 3
    line = one_line_error(err)
    assert "the disk is full" in line and "Free some space" in line
    assert digests(out) == before  # the earlier build is untouched
    assert parts(out) == []  # and nothing half-written is left


def test_a_stale_part_is_removed_by_the_next_build_and_said(tiny, first_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first_build, out)
    (out / f".{STEM}.pdf.89abcdef.part").write_bytes(b"%PDF-1.7 half")
    status, _, err = run("build", tiny, "--out", out, "--quiet")
    assert status == 0, err
    assert "Traceback" not in err
    assert "note: Removed 1 unfinished file (.part)" in err
    assert parts(out) == []


# --- killed with SIGKILL at several moments -------------------------------------------------------


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Two intakes giving the same file names but different bytes, and each one's set."""
    base = tmp_path_factory.mktemp("two")
    old = tiny_workbook(base / "old.xlsx", body="Old Committee")
    new = tiny_workbook(base / "new.xlsx", body="New Committee")
    sets = {}
    for name, source in (("old", old), ("new", new)):
        status, _, err = run("build", source, "--out", base / name, "--quiet")
        assert status == 0, err
        sets[name] = digests(base / name)
    assert sets["old"]["pdf"] != sets["new"]["pdf"]
    return base, new, sets


def _kill_build(source: Path, out: Path, moment) -> None:
    """Start ``tipreport build`` in its own process and SIGKILL it at ``moment``: a delay in
    seconds, or "writing" (as soon as its first temporary file appears)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tipreport", "build", str(source), "--out", str(out), "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if moment == "writing":
            while process.poll() is None and not parts(out):
                pass
        else:
            try:
                process.wait(timeout=moment)
            except subprocess.TimeoutExpired:
                pass
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()


@pytest.mark.parametrize("moment", ["writing", 0.2, 1.0, 2.0, 3.0])
def test_killed_build_then_check_leaves_one_whole_set(two_builds, tmp_path, moment):
    base, new, sets = two_builds
    out = tmp_path / "out"
    shutil.copytree(base / "old", out)
    _kill_build(new, out, moment)
    status, _, err = run("check", new, "--out", out, "--quiet")  # the next run
    assert status == 0 and "Traceback" not in err
    assert parts(out) == []
    assert digests(out) in (sets["old"], sets["new"])  # one whole set, never a mixture
    for line in err.splitlines():
        if line.startswith("note:"):
            assert "interrupted build" in line


def test_killed_while_writing_then_build_again(two_builds, tmp_path):
    base, new, sets = two_builds
    out = tmp_path / "out"
    shutil.copytree(base / "old", out)
    _kill_build(new, out, "writing")
    status, _, err = run("build", new, "--out", out, "--quiet")
    assert status == 0, err
    assert parts(out) == [] and digests(out) == sets["new"]


# --- templates -----------------------------------------------------------------------------------


def template_dir(tmp_path: Path, files: dict[str, str] = (), links: dict[str, str] = ()
                 ) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(parents=True)
    for name, text in dict(files).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    for name, target in dict(links).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / name)
    return folder


def build_with(tiny, folder: Path, tmp_path: Path) -> tuple[int, str, str]:
    status, out, err = run("build", tiny, "--templates", folder, "--out", tmp_path / "out",
                           "--quiet")
    assert PASSWD_LINE not in out + err
    out_dir = tmp_path / "out"
    if out_dir.exists():
        for path in out_dir.iterdir():
            assert PASSWD_LINE.encode() not in path.read_bytes()
    return status, out, err


@pytest.mark.parametrize("include", ["/etc/passwd", "../../../../../../../etc/passwd",
                                     "default:../../../../../../etc/passwd"])
def test_template_including_etc_passwd(tiny, tmp_path, include):
    folder = template_dir(tmp_path, {"cover.html": f'{{% include "{include}" %}}'})
    status, _, err = build_with(tiny, folder, tmp_path)
    assert status == 2
    assert "template not found" in one_line_error(err)


def test_template_that_is_a_symlink_to_etc_passwd(tiny, tmp_path):
    folder = template_dir(tmp_path, links={"cover.html": "/etc/passwd"})
    status, _, err = build_with(tiny, folder, tmp_path)
    assert status == 2
    assert "cover.html is a link to a file outside the templates folder" in one_line_error(err)


def test_template_including_through_a_symlinked_folder(tiny, tmp_path):
    folder = template_dir(tmp_path, {"cover.html": '{% include "etc/passwd" %}'},
                          links={"etc": "/etc"})
    status, _, err = build_with(tiny, folder, tmp_path)
    assert status == 2
    assert "outside the templates folder" in one_line_error(err)


def test_stylesheet_and_prose_symlinks_are_refused(tiny, tmp_path):
    folder = template_dir(tmp_path, links={"style.css": "/etc/passwd"})
    status, _, err = build_with(tiny, folder, tmp_path)
    assert status == 2
    assert "style.css is a link to a file outside" in one_line_error(err)
    prose = template_dir(tmp_path / "p", links={"prose/summary.txt": "/etc/passwd"})
    status, _, err = build_with(tiny, prose, tmp_path / "p")
    assert status == 2
    assert "prose/summary.txt is a link to a file outside" in one_line_error(err)


@pytest.mark.parametrize("expression", [
    "document.__class__.__mro__",
    "''.__class__.__base__.__subclasses__()",
    "labels.update({'contact': 'changed'})",
    "cycler.__init__.__globals__",
])
def test_template_calling_unsafe_attributes(tiny, tmp_path, expression):
    folder = template_dir(tmp_path, {"cover.html": "<p>cover</p>\n{{ " + expression + " }}"})
    status, _, err = build_with(tiny, folder, tmp_path)
    assert status == 2
    line = one_line_error(err)
    assert "cover.html, line 2" in line
    assert "unsafe" in line or "undefined" in line


def test_template_syntax_error_is_one_line(tiny, tmp_path):
    folder = template_dir(tmp_path, {"cover.html": "<p>cover</p>\n{% if %}\n"})
    status, _, err = build_with(tiny, folder, tmp_path)
    assert status == 2
    line = one_line_error(err)
    assert "cover.html, line 2" in line


def test_a_safe_override_still_works(tiny, tmp_path):
    folder = template_dir(tmp_path, {"cover.html": '{% extends "default:cover.html" %}'},
                          links={"_paragraph.html": str(Path(__file__).parent.parent /
                                                       "templates" / "_paragraph.html")})
    # a link to the default templates folder is outside the user's folder too: refused
    status, _, err = build_with(tiny, folder, tmp_path)
    assert status == 2 and "_paragraph.html is a link" in one_line_error(err)
    os.unlink(folder / "_paragraph.html")
    status, _, err = build_with(tiny, folder, tmp_path)
    assert status == 0, err


def test_pdf_fetcher_refuses_a_symlink_out_of_the_templates(tmp_path):
    from tipreport.render.pdf import url_fetcher
    from tipreport.resources import templates_dir

    folder = template_dir(tmp_path, links={"logo.png": "/etc/passwd"})
    fetcher = url_fetcher([folder, templates_dir()])
    with pytest.raises(ValueError, match="outside the templates folder"):
        fetcher.fetch((folder / "logo.png").as_uri())
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    inside = fetcher.fetch((folder / "fonts" / "NotoSans-Regular.ttf").as_uri())  # overlay
    assert inside is not None


# --- the PDF engine -------------------------------------------------------------------------------


def test_pdf_engine_missing_writes_docx_and_html_and_exits_4(tiny, tmp_path):
    shadow = tmp_path / "shadow" / "weasyprint"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libgobject-2.0-0': libgobject-2.0-0: cannot open "
        "shared object file: No such file or directory.\\n  Additionally, ctypes.util."
        "find_library() did not manage to locate a library called 'libgobject-2.0-0'\")\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STEM}.pdf").write_bytes(b"%PDF an older build's")  # must not sit beside new files
    env = {**os.environ, "PYTHONPATH": str(shadow.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "tipreport", "build", str(tiny), "--out", str(out), "--quiet"],
        capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 4, result.stderr
    line = one_line_error(result.stderr)
    assert "The PDF was not made" in line
    assert "apt install libpango-1.0-0 libpangoft2-1.0-0" in line  # Debian
    assert "MSYS2" in line and "mingw-w64-ucrt-x86_64-pango" in line  # Windows
    assert "The DOCX, HTML, figures file and audit workbook were written" in line
    assert (out / f"{STEM}.docx").read_bytes().startswith(b"PK")
    assert "<html" in (out / f"{STEM}.html").read_text(encoding="utf-8")
    assert not (out / f"{STEM}.pdf").exists()
    assert result.stdout.split() == [str(out / f"{STEM}.docx"), str(out / f"{STEM}.html"),
                                     str(out / f"{STEM}.figures.json"),
                                     str(out / f"{STEM}-audit.xlsx")]
    assert parts(out) == []


def test_a_fault_of_tipreport_s_own_is_one_line_not_a_traceback(monkeypatch, tmp_path):
    import io

    import tipreport.cli as cli

    def broken(*args, **kwargs):
        raise ValueError("something inside went wrong")

    monkeypatch.setattr(cli, "_run", broken)
    monkeypatch.delenv("TIPREPORT_DEBUG", raising=False)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["check"], stdout=out, stderr=err) == cli.EXIT_INTERNAL == 70
    (line,) = err.getvalue().splitlines()
    assert line.startswith("tipreport: internal error (ValueError: something inside went wrong)")
    assert "Traceback" not in err.getvalue()
    monkeypatch.setenv("TIPREPORT_DEBUG", "1")
    with pytest.raises(ValueError):
        cli.main(["check"], stdout=out, stderr=err)
