"""Writing files safely: one at a time, and the outputs of one build as a set.

**One file** (:func:`write_atomic`): the data goes to a temporary ``.<name>.<token>.part`` file
in the same folder, is flushed to disk, and replaces the target in one step (``os.replace``).

**A set** (:func:`write_set`): the outputs of one build (PDF, DOCX, HTML, …) replace the
previous build's together or not at all:

1. every file is written to its temporary ``.part`` name and flushed to disk;
2. a journal, ``.<set>.tipreport-set``, is written (atomically): it names each temporary file,
   its final name and its checksum, and the older outputs of the same name to remove. The
   journal's arrival is the commit point;
3. each older file is moved to a backup name and each temporary file renamed to its final
   name; the older outputs the set does not hold are moved aside too;
4. the backups, then the journal, are removed.

When a rename fails in step 3 (on Windows, a file open in Word cannot be replaced), the
backups are put back: the folder holds the previous set, whole.

All of it happens under the folder's lock (``flock`` on the folder; a ``.tipreport.lock`` file
on Windows), so a ``.part`` file or a journal found by someone holding the lock belongs to a
build that was killed. :func:`recover` finds them: before the commit point it removes the
``.part`` files (the previous build's files are untouched); after it, it finishes the renames
(the data is already on disk) and removes the backups. Every write and :func:`recover` itself run it first, so once
tipreport has run again, no folder mixes the files of two builds and no ``.part`` file is left.

A problem of the disk or the folder (the folder is a file, read-only or full, a name too long)
is raised as :class:`~tipreport.errors.OutputError` with a one-line message, after removing
whatever this write had created.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import OutputError

__all__ = ["write_atomic", "write_set", "recover", "folder_lock", "check_folder",
           "prepare_folder"]

_PART = re.compile(r"^\..+\.[0-9a-f]{8}\.(?:part|old)$")
_JOURNAL_SUFFIX = ".tipreport-set"
_CHUNK = 1 << 20


# --- one file ----------------------------------------------------------------------------------


def write_atomic(target: str | os.PathLike | IO, data: bytes | str) -> None:
    """Write ``data`` to ``target``.

    A path: its folder is created if missing; the data goes to a temporary file in the same
    folder, which then replaces the target in one step; on any failure the temporary file is
    removed, the target is left as it was, and :class:`~tipreport.errors.OutputError` says why.
    A file object: the data is written into it (text or bytes, as the object takes)."""
    if hasattr(target, "write"):
        _write_to_file_object(target, data)
        return
    path = Path(target)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    prepare_folder(path.parent)
    with folder_lock(path.parent):
        recover(path.parent, locked=True)
        tmp = _write_part(path, raw)
        try:
            _keep_mode(path, tmp)
            os.replace(tmp, path)
        except OSError as exc:
            _unlink_quietly(tmp)
            raise output_error(exc, path) from exc
        except BaseException:
            _unlink_quietly(tmp)
            raise
        _sync_folder(path.parent)


def _write_to_file_object(handle: IO, data: bytes | str) -> None:
    try:
        handle.write(data)
    except TypeError:
        # a text stream given bytes, or a binary one given text
        if isinstance(data, str):
            handle.write(data.encode("utf-8"))
        else:
            handle.write(bytes(data).decode("utf-8"))


# --- a set of files ------------------------------------------------------------------------------


def write_set(folder: str | os.PathLike, files: dict[str, bytes | str], *, name: str,
              remove: tuple[str, ...] | list[str] = (), notes: list[str] | None = None
              ) -> list[Path]:
    """Write ``files`` (final file name → content) into ``folder`` as one set, named ``name``
    (the build's file stem), and remove the older files named in ``remove`` (outputs of the
    same name that this set does not hold, so that they cannot be mistaken for its own).

    Returns the paths written. Raises :class:`~tipreport.errors.OutputError` when the folder
    cannot take them; the previous files are then left as they were (a failure while putting
    the set in place puts the previous files back). What :func:`recover` found first is
    appended to ``notes`` when a list is given."""
    folder = Path(folder)
    prepare_folder(folder)
    with folder_lock(folder):
        found = recover(folder, locked=True)
        if notes is not None:
            notes.extend(found)
        for final in files:  # a folder in the way would be moved aside, not replaced: refuse
            if _kind(folder / final) == "folder":
                raise OutputError(f"Could not write {folder / final}: a folder has the name of "
                                  "the file. Move it, or choose another output folder.",
                                  str(folder / final))
        journal = {"format": 1, "set": name, "files": [],
                   "remove": [{"final": r, "backup": _backup_name(r)} for r in remove
                              if r not in files]}
        try:
            for final, content in files.items():
                raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
                part = _write_part(folder / final, raw)
                journal["files"].append({"final": final, "part": os.path.basename(part),
                                         "backup": _backup_name(final),
                                         "sha256": hashlib.sha256(raw).hexdigest()})
                _keep_mode(folder / final, part)
            journal_path = folder / f".{name}{_JOURNAL_SUFFIX}"
            tmp = _write_part(journal_path, json.dumps(journal, indent=1).encode("utf-8"))
            os.replace(tmp, journal_path)  # the commit point
        except BaseException as exc:
            for entry in journal["files"]:
                _unlink_quietly(folder / entry["part"])
            if isinstance(exc, OSError):
                raise output_error(exc, folder) from exc
            raise
        _sync_folder(folder)
        try:
            _apply(folder, journal)
        except OSError as exc:  # e.g. a file open in another program (Windows): undo
            _roll_back(folder, journal)
            journal_path.unlink()
            _sync_folder(folder)
            raise output_error(exc, folder / _culprit(exc, journal)) from exc
        _drop_backups(folder, journal)
        journal_path.unlink()
        _sync_folder(folder)
    return [folder / final for final in files]


def _backup_name(final: str) -> str:
    return f".{final}.{secrets.token_hex(4)}.old"


def _apply(folder: Path, journal: dict) -> None:
    """Put a committed set in place: each older file moved to its backup name, each part
    renamed to its final name, the files to remove moved aside too. Every step can be
    undone (:func:`_roll_back`) or carried on (:func:`_finish`)."""
    for entry in journal["files"]:
        final, part = folder / entry["final"], folder / entry["part"]
        if part.exists():
            if final.exists():
                os.replace(final, folder / entry["backup"])
            os.replace(part, final)
    for entry in journal["remove"]:
        if (folder / entry["final"]).exists():
            os.replace(folder / entry["final"], folder / entry["backup"])


def _roll_back(folder: Path, journal: dict) -> None:
    """Undo :func:`_apply` part-way: the previous files back under their names, this set's
    files and parts gone."""
    for entry in [*journal["files"], *journal["remove"]]:
        final, backup = folder / entry["final"], folder / entry["backup"]
        if "part" in entry:
            _unlink_quietly(folder / entry["part"])
            if final.exists() and not backup.exists() and \
                    _file_digest(final) == entry["sha256"]:
                _unlink_quietly(final)  # new, with nothing older to restore
        if backup.exists():
            try:
                os.replace(backup, final)
            except OSError:
                pass


def _drop_backups(folder: Path, journal: dict) -> None:
    for entry in [*journal["files"], *journal["remove"]]:
        _unlink_quietly(folder / entry["backup"])


def _culprit(exc: OSError, journal: dict) -> str:
    """The file a failed rename was about, by name, for the message."""
    for name in (exc.filename2, exc.filename):
        if name:
            base = os.path.basename(os.fspath(name))
            for entry in [*journal["files"], *journal["remove"]]:
                if base in (entry["final"], entry.get("part"), entry["backup"]):
                    return entry["final"]
    return journal["files"][0]["final"] if journal["files"] else ""


def _finish(folder: Path, journal_path: Path, journal: dict) -> list[str]:
    """Carry a committed set on after a kill: each part to its final name, the older files
    and backups removed, then the journal. Returns the files of the set that were lost (a
    damaged part: then the whole set is removed rather than left beside an older file)."""
    damaged = []
    for entry in journal["files"]:
        part, final = folder / entry["part"], folder / entry["final"]
        if part.exists():
            if _file_digest(part) == entry["sha256"]:
                os.replace(part, final)
                continue
            part.unlink()
        if not (final.exists() and _file_digest(final) == entry["sha256"]):
            damaged.append(entry["final"])
    if damaged:
        for entry in journal["files"]:
            _unlink_quietly(folder / entry["final"])
    for entry in journal["remove"]:
        _unlink_quietly(folder / entry["final"])
    _drop_backups(folder, journal)
    _sync_folder(folder)
    journal_path.unlink()
    _sync_folder(folder)
    return damaged


def recover(folder: str | os.PathLike, *, locked: bool = False) -> list[str]:
    """Finish or undo what an interrupted write left in ``folder``; one sentence per thing
    done (empty when there was nothing to do). A folder that does not exist has nothing."""
    folder = Path(folder)
    try:
        if _kind(folder) != "folder":
            return []
    except OutputError:  # a folder that cannot be looked at holds nothing to recover
        return []
    if not locked:
        with folder_lock(folder):
            return recover(folder, locked=True)
    notes = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for journal_name in (n for n in names if n.startswith(".") and n.endswith(_JOURNAL_SUFFIX)):
        journal_path = folder / journal_name
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            damaged = _finish(folder, journal_path, journal)
        except OSError as exc:
            raise output_error(exc, folder) from exc
        except (ValueError, KeyError, TypeError):  # unreadable: its parts go as strays below
            _unlink_quietly(journal_path)
            continue
        name = str(journal.get("set", ""))
        shown = _listed([e["final"][len(name):] if e["final"].startswith(name) else e["final"]
                         for e in journal["files"]])
        if damaged:
            notes.append(f"An interrupted build of {name} in {folder} could not be finished (a "
                         f"file was lost: {', '.join(damaged)}), so its {shown} files were "
                         "removed. Build again.")
        else:
            notes.append(f"An interrupted build of {name} in {folder} was finished: its "
                         f"{shown} files now form one set.")
    stray = [n for n in names if _PART.match(n) and (folder / n).is_file()]
    for name in stray:
        _unlink_quietly(folder / name)
    stray = [n for n in stray if not (folder / n).exists()]
    if stray:
        notes.append(f"Removed {len(stray)} unfinished file{'s' if len(stray) != 1 else ''} "
                     f"(.part) left in {folder} by an interrupted build; the files it was "
                     "replacing are unchanged.")
    return notes


# --- the folder ---------------------------------------------------------------------------------


def _kind(path: Path) -> str | None:
    """``"folder"``, ``"file"`` or None (nothing there); an OutputError when the system cannot
    even look (a name too long, a permission)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise output_error(exc, path) from exc
    return "folder" if stat.S_ISDIR(mode) else "file"


def check_folder(folder: str | os.PathLike) -> None:
    """An OutputError, before any work, when ``folder`` is a file or lies under one."""
    folder = Path(folder)
    kind = _kind(folder)
    if kind == "folder":
        return
    if kind == "file":
        raise OutputError(f"Could not write into {folder}: it is a file, not a folder. Choose "
                          "another output folder.", str(folder))
    for parent in folder.parents:
        kind = _kind(parent)
        if kind == "file":
            raise OutputError(f"Could not create the folder {folder}: {parent} is a file, not "
                              "a folder. Choose another output folder.", str(folder))
        if kind == "folder":
            return


def prepare_folder(folder: str | os.PathLike) -> None:
    """Create ``folder`` (and its parents) if missing; an OutputError when it cannot be."""
    folder = Path(folder)
    check_folder(folder)
    if _kind(folder) == "folder":
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, folder, creating=True) from exc


@contextmanager
def folder_lock(folder: str | os.PathLike) -> Iterator[None]:
    """Hold the folder's lock: one tipreport write at a time in a folder, across processes.
    A killed process's lock is released by the system."""
    folder = Path(folder)
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            fd = os.open(folder / ".tipreport.lock", os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise output_error(exc, folder) from exc
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # waits up to 10 s for another write
        except OSError as exc:
            os.close(fd)
            raise output_error(exc, folder) from exc
        try:
            yield
        finally:
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
            finally:
                os.close(fd)
        return
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise output_error(exc, folder) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: go on without
            pass
        yield
    finally:
        os.close(fd)


# --- helpers --------------------------------------------------------------------------------------


def _write_part(path: Path, raw: bytes) -> str:
    """``raw`` in a new ``.<name>.<token>.part`` file beside ``path``, flushed to disk; its
    path. Nothing is left behind when it fails."""
    try:
        fd, tmp = _create_temporary(path.parent, path.name)
    except OSError as exc:
        raise output_error(exc, path) from exc
    try:
        view = memoryview(raw)
        while view:
            written = os.write(fd, view[:_CHUNK])
            view = view[written:]
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        _unlink_quietly(tmp)
        raise output_error(exc, path) from exc
    except BaseException:
        os.close(fd)
        _unlink_quietly(tmp)
        raise
    os.close(fd)
    return tmp


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file next to the target, created 0666 & ~umask like any new file."""
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                           0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", str(folder))


def _keep_mode(path: Path, tmp: str) -> None:
    """An existing target keeps its permissions."""
    try:
        os.chmod(tmp, path.stat().st_mode & 0o7777)
    except FileNotFoundError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; Windows has no folder handles to flush)."""
    if os.name == "nt":  # pragma: no cover
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _listed(items: list[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _unlink_quietly(path: str | os.PathLike) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied (the folder is read-only, or the file is open in another "
                  "program)",
    errno.EPERM: "permission denied (the folder is read-only, or the file is open in another "
                 "program)",
    errno.EROFS: "the disk is read-only",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EISDIR: "a folder has the name of the file",
    errno.EEXIST: "a file has the name of the folder",
    errno.EIO: "the disk reported an input/output error",
}
_FIXES = {
    errno.ENOSPC: "Free some space, or choose another output folder.",
    errno.EDQUOT: "Free some space, or choose another output folder.",
    errno.ENAMETOOLONG: "Choose a shorter output folder.",
}


def output_error(exc: OSError, path: str | os.PathLike, *, creating: bool = False
                 ) -> OutputError:
    """An OSError while writing, as one line a clerk can act on."""
    reason = _REASONS.get(exc.errno) or (exc.strerror or str(exc)).rstrip(".")
    fix = _FIXES.get(exc.errno, "Choose another output folder.")
    what = "create the folder" if creating else "write"
    return OutputError(f"Could not {what} {os.fspath(path)}: {reason}. {fix}", os.fspath(path))
