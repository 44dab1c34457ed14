"""Writing files atomically: an interrupted build never leaves a partial file under the final
name."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import IO

__all__ = ["write_atomic"]


def write_atomic(target: str | os.PathLike | IO, data: bytes | str) -> None:
    """Write ``data`` to ``target``.

    A path: the data goes to a temporary file in the same folder, which then replaces the
    target in one step (``os.replace``); on any failure the temporary file is removed and the
    target is left as it was. A file object: the data is written into it (text or bytes, as
    the object takes)."""
    if hasattr(target, "write"):
        _write_to_file_object(target, data)
        return
    path = Path(target)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    fd, tmp = _create_temporary(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file next to the target, created 0666 & ~umask like any new file."""
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                           0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file in {folder}")


def _keep_mode(path: Path, tmp: str) -> None:
    """An existing target keeps its permissions."""
    try:
        os.chmod(tmp, path.stat().st_mode & 0o7777)
    except FileNotFoundError:
        pass


def _write_to_file_object(handle: IO, data: bytes | str) -> None:
    try:
        handle.write(data)
    except TypeError:
        # a text stream given bytes, or a binary one given text
        if isinstance(data, str):
            handle.write(data.encode("utf-8"))
        else:
            handle.write(bytes(data).decode("utf-8"))
