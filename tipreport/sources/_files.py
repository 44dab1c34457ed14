"""The file itself, before any source looks inside: only regular files, within the size limit.

A pipe (FIFO) would block the reader forever and a device (``/dev/zero``) never ends, so only
regular files are read, and the check is made on the open file descriptor (opened without
blocking), so that swapping the file between the check and the read changes nothing.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..limits import Limits
from ..report import ERROR, Issue

__all__ = ["check_target", "read_bytes", "too_large"]


def _err(code: str, message: str, shown: str) -> Issue:
    return Issue(code, ERROR, message, file=shown)


def _stat_problem(exc: OSError, shown: str) -> Issue:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return _err("file-not-found", "The file does not exist. Check the name and the folder.",
                    shown)
    if exc.errno == errno.ELOOP:
        return _err("file-unreadable", "The name is a symbolic link that leads back to itself "
                    "(a loop), so there is no file to read.", shown)
    return _err("file-unreadable", f"The file cannot be opened ({exc.strerror or exc}).", shown)


def too_large(shown: str, what: str, size: int, limit: int, name: str) -> Issue:
    """The ``file-too-large`` error."""
    return _err("file-too-large",
                f"The file is too large to read: its {what} is {size:,} bytes, more than the "
                f"limit of {limit:,}. Split it into several files, or raise the limit "
                f"(--max {name}=N, or limits={{'{name}': N}} in Python).", shown)


def _kind_problem(mode: int, shown: str, limits: Limits, size: int | None) -> Issue | None:
    if stat.S_ISDIR(mode):
        from . import suffixes

        if shown.lower().rstrip("/\\").endswith(suffixes()):
            return _err("file-not-regular", "This is a folder named like a file, not a file. "
                        "Give the file itself.", shown)
        return _err("file-not-found", "The folder holds no .xlsx, .xlsm, .ods or .csv file.",
                    shown)
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        return _err("file-not-regular",
                    f"This is {kind}, not a file: tipreport reads only regular files. Save the "
                    "data to a file and give that file.", shown)
    if size is None:  # the size is not this check's business (a database)
        return None
    if size == 0:
        return _err("file-empty", "The file is empty (0 bytes). Send the saved workbook again.",
                    shown)
    if size > limits.file_size:
        return too_large(shown, "size", size, limits.file_size, "file_size")
    return None


def check_target(path: Path, shown: str, limits: Limits, size: bool = True) -> Issue | None:
    """A plain-words error when ``path`` is no regular file (``size``: within the file-size
    limit, and not empty), else None."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return _stat_problem(exc, shown)
    except ValueError:  # a NUL byte in the name
        return _err("file-not-found", "The file name is not valid.", shown)
    return _kind_problem(st.st_mode, shown, limits, st.st_size if size else None)


def read_bytes(path: Path, shown: str, limits: Limits) -> bytes | Issue:
    """The whole file (a regular file within the size limit), or the error saying why not."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(
        os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return _stat_problem(exc, shown)
    except ValueError:
        return _err("file-not-found", "The file name is not valid.", shown)
    try:
        st = os.fstat(fd)
        problem = _kind_problem(st.st_mode, shown, limits, st.st_size)
        if problem is not None:
            return problem
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 24, limits.file_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limits.file_size:  # the file grew while being read
                return too_large(shown, "size", total, limits.file_size, "file_size")
        data = b"".join(chunks)
    except OSError as exc:
        return _stat_problem(exc, shown)
    finally:
        os.close(fd)
    if not data:
        return _err("file-empty", "The file is empty (0 bytes). Send the saved workbook again.",
                    shown)
    return data
