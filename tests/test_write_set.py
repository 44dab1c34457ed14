"""The outputs of one build are written as one set, and the output table behind it.

The kill tests are real: a forked process writes a set and is killed with SIGKILL at every
file-system step in turn (each call of os.open, os.write, os.fsync, os.replace and os.unlink),
then the next run's recovery must leave the whole old set or the whole new one, and no
``.part`` file or journal.
"""

from __future__ import annotations

import errno
import os
import signal
import sys

import pytest

import tipreport
from tipreport import _io, outputs
from tipreport._io import recover, write_set
from tipreport.cli import _parser
from tipreport.errors import OutputError, UsageError

STEM = "cambodia-tip-2026-submission-2026-01-30"
NAMES = [f"{STEM}.pdf", f"{STEM}.docx", f"{STEM}.html"]


def _set(tag: str, big: bool = False) -> dict[str, bytes]:
    """A set whose every file says which build it is from (the PDF large enough to take
    several writes)."""
    size = 2_500_000 if big else 100
    return {name: (f"{tag}:{name}:".encode() * (size // 40 + 1))[:size] for name in NAMES}


def _leftovers(folder) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith((".part", ".tipreport-set")))


def _which_set(folder, sets: dict[str, dict[str, bytes]]) -> str:
    """The name of the set the folder holds, complete; fails on any mixture."""
    present = {n: (folder / n).read_bytes() for n in NAMES if (folder / n).exists()}
    for tag, files in sets.items():
        if present == {n: files[n] for n in NAMES if n in files}:
            return tag
    raise AssertionError(f"the folder mixes builds or holds partial files: "
                         f"{ {n: v[:12] for n, v in present.items()} }")


def test_a_set_is_written_and_nothing_else_is_left(tmp_path):
    folder = tmp_path / "out" / "nested"  # parents are created
    written = write_set(folder, _set("one"), name=STEM)
    assert [p.name for p in written] == NAMES
    assert _which_set(folder, {"one": _set("one")}) == "one"
    assert _leftovers(folder) == []


def test_an_older_file_the_set_does_not_hold_is_removed(tmp_path):
    old = tmp_path / f"{STEM}-audit.xlsx"
    old.write_bytes(b"from an older build")
    write_set(tmp_path, _set("two"), name=STEM, remove=[old.name])
    assert not old.exists()


def test_disk_full_leaves_the_previous_set_and_no_part(tmp_path, monkeypatch):
    write_set(tmp_path, _set("old"), name=STEM)
    real_write = os.write
    seen = []

    def full(fd, data):
        seen.append(len(data))
        if sum(seen) > 200_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data[:100_000])

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OutputError, match="the disk is full") as caught:
        write_set(tmp_path, _set("new", big=True), name=STEM)
    assert "\n" not in str(caught.value)
    assert _which_set(tmp_path, {"old": _set("old")}) == "old"
    assert _leftovers(tmp_path) == []


def test_a_file_that_cannot_be_replaced_puts_the_previous_set_back(tmp_path, monkeypatch):
    """Windows refuses to replace a file open in Word: the set is rolled back, whole."""
    write_set(tmp_path, _set("old"), name=STEM)
    real_replace = os.replace

    def in_use(src, dst, *args, **kwargs):
        if str(src).endswith(f"{STEM}.docx"):  # moving the open DOCX aside
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", in_use)
    with pytest.raises(OutputError, match="open in another program") as caught:
        write_set(tmp_path, _set("new"), name=STEM)
    assert f"{STEM}.docx" in str(caught.value)
    assert _which_set(tmp_path, {"old": _set("old")}) == "old"
    assert sorted(os.listdir(tmp_path)) == sorted(NAMES)  # no part, backup or journal


def test_a_stale_part_file_is_removed_by_the_next_write(tmp_path):
    stale = tmp_path / f".{STEM}.pdf.0123abcd.part"
    stale.write_bytes(b"half a PDF")
    notes: list[str] = []
    write_set(tmp_path, _set("one"), name=STEM, notes=notes)
    assert not stale.exists()
    assert any("unfinished file" in n for n in notes)
    assert recover(tmp_path) == []  # nothing left to do


def test_a_users_own_file_is_never_taken_for_a_part(tmp_path):
    mine = tmp_path / "notes.part"  # not tipreport's naming (.<name>.<8 hex>.part)
    mine.write_text("mine")
    assert recover(tmp_path) == []
    assert mine.exists()


# --- killed at every step ---------------------------------------------------------------------

_STEPS = ("open", "write", "fsync", "replace", "unlink")


def _killed_at(step: int, action) -> bool:
    """Run ``action`` in a forked child that SIGKILLs itself at its ``step``-th file-system
    call. True when it was killed, False when it finished first."""
    pid = os.fork()
    if pid == 0:  # the child
        try:
            count = [0]
            for name in _STEPS:
                real = getattr(os, name)

                def counted(*args, _real=real, **kwargs):
                    count[0] += 1
                    if count[0] == step:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return _real(*args, **kwargs)

                setattr(os, name, counted)
            action()
        except BaseException:  # noqa: BLE001 - the child must never return into pytest
            os._exit(2)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the write failed instead of being killed"
    return False


pytestmark_fork = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin",
                                     reason="needs fork (POSIX)")


@pytestmark_fork
def test_killed_at_every_step_the_next_run_leaves_one_whole_set(tmp_path):
    sets = {"old": _set("old"), "new": _set("new", big=True)}
    outcomes = []
    step = 1
    while True:
        folder = tmp_path / f"kill-{step}"
        write_set(folder, sets["old"], name=STEM, remove=[f"{STEM}-audit.xlsx"])
        (folder / f"{STEM}-audit.xlsx").write_bytes(b"the old build's audit")
        killed = _killed_at(step, lambda f=folder: write_set(
            f, sets["new"], name=STEM, remove=[f"{STEM}-audit.xlsx"]))
        notes = recover(folder)  # what the next build, or check, does first
        which = _which_set(folder, sets)
        assert _leftovers(folder) == [], step
        # the audit workbook belongs to the old set: it stays with it, and goes with it
        assert (folder / f"{STEM}-audit.xlsx").exists() == (which == "old"), step
        if killed and notes:
            assert all("\n" not in n for n in notes)
        outcomes.append((killed, which))
        if not killed:
            break
        step += 1
        assert step < 200
    assert step > 10  # each file's open, writes, fsync and rename were each a kill point
    assert {w for k, w in outcomes if k} == {"old", "new"}  # both sides of the commit point


def _committed_but_not_finished(folder, old: dict, new: dict) -> None:
    """The folder as a build killed right after its commit point leaves it: the old set, the
    new set's parts, and the journal."""
    write_set(folder, old, name=STEM)
    real_apply = _io._apply

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    _io._apply = stop
    try:
        with pytest.raises(KeyboardInterrupt):
            write_set(folder, new, name=STEM)
    finally:
        _io._apply = real_apply
    assert len(_leftovers(folder)) == 4  # three parts and the journal


@pytestmark_fork
def test_killed_while_finishing_a_set_the_run_after_finishes_it(tmp_path):
    sets = {"old": _set("old"), "new": _set("new")}
    step = 1
    while True:
        folder = tmp_path / f"kill-{step}"
        _committed_but_not_finished(folder, sets["old"], sets["new"])
        killed = _killed_at(step, lambda f=folder: recover(f))
        unfinished = bool(_leftovers(folder))
        notes = recover(folder)  # a killed recovery is itself recovered by the next run
        assert _which_set(folder, sets) == "new", step
        assert _leftovers(folder) == [], step
        if not killed:
            break
        assert bool(notes) == unfinished, step  # it says so when it had something to do
        step += 1
        assert step < 100
    assert step > 3


# --- the output table ---------------------------------------------------------------------------


def test_the_table_holds_pdf_docx_and_html():
    assert list(outputs.OUTPUTS)[:3] == ["pdf", "docx", "html"]
    assert [o.filename(STEM) for o in outputs.selected()][:3] == NAMES


def _build_help(capsys) -> str:
    with pytest.raises(SystemExit):
        _parser().parse_args(["build", "--help"])
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def stand_in():
    """The sample's submission with stand-in renderings: the writing is what is tested."""
    submission = tipreport.build(tipreport.sample_data())
    for name in ("pdf", "docx", "html", "audit"):
        submission._cache[name] = b"%s bytes" % name.encode() if name != "html" else "<html>"
    return submission


def test_the_python_api_creates_folders_and_raises_output_error(stand_in, tmp_path):
    stand_in.to_html(tmp_path / "a" / "b" / "preview.html")
    assert (tmp_path / "a" / "b" / "preview.html").read_text() == "<html>"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for attempt in (lambda: stand_in.write(blocker), lambda: stand_in.to_pdf(blocker / "x.pdf")):
        with pytest.raises(tipreport.OutputError, match="is a file, not a folder") as caught:
            attempt()
        assert isinstance(caught.value, tipreport.TipreportError)
        assert str(blocker) in caught.value.path


def test_an_output_is_one_entry(stand_in, tmp_path, capsys):
    """A new format is one entry: written by write(), skipped with skip= or --no-<name>."""
    submission = stand_in
    entry = outputs.Output("notes", ".notes.txt", lambda s: f"{s.stem}: notes",
                           "a text file of notes", optional=True)
    outputs.register(entry)
    try:
        written = submission.write(tmp_path)
        assert [p.name for p in written] == [*NAMES, f"{STEM}.figures.json", f"{STEM}-audit.xlsx",
                                             f"{STEM}.notes.txt"]
        assert (tmp_path / f"{STEM}.notes.txt").read_text() == f"{STEM}: notes"
        # skipping it removes the older file of that name: the folder never mixes builds
        written = submission.write(tmp_path, skip=["notes"])
        assert not (tmp_path / f"{STEM}.notes.txt").exists()
        build_help = " ".join(_build_help(capsys).split())
        assert "--no-notes" in build_help and "a text file of notes" in build_help
        with pytest.raises(ValueError):
            outputs.register(entry)  # a name is registered once
        with pytest.raises(ValueError):
            outputs.register(outputs.Output("copy", ".notes.txt", entry.render, "clash"))
        with pytest.raises(UsageError, match="unknown output 'nope'"):
            submission.write(tmp_path, skip=["nope"])
    finally:
        outputs.unregister("notes")
    assert "--no-notes" not in _build_help(capsys)
