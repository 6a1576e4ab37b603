"""Open only regular files, and never read more than a limit.

A scenario path comes from the command line, a folder walk or an ``include:``; any of them can
name a FIFO (reading blocks for ever), a device such as ``/dev/zero`` (reading never ends) or a
symbolic link to one.  So a file is checked with :func:`os.stat` before it is opened, opened
non-blocking (opening a FIFO for reading would otherwise wait for a writer), checked again with
:func:`os.fstat` on what was actually opened (the path may have been swapped in between), and
read with a cap, so that even a file that grows while it is read cannot fill the memory.
"""

from __future__ import annotations

import os
import stat

from game.engine.record import record

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)


@record(frozen=False, slots=False)
class FileRefused(Exception):
    """Why a path cannot be read as a file: a message for the author and a diagnostic code."""

    message: str
    hint: str = ""
    code: str = "E-PATH"

    def __str__(self) -> str:
        return self.message


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def refuse_unless_regular(path: str | os.PathLike, mode: int) -> None:
    """Raise :class:`FileRefused` unless ``mode`` (from a stat) is a regular file."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise FileRefused("this is a folder, not a scenario file",
                          "validate accepts folders; play needs one .yaml file")
    link = " (reached through a symbolic link)" if os.path.islink(path) else ""
    raise FileRefused(f"this is {kind_of(mode)}{link}, not a regular file, so it is not read",
                      "scenario files are ordinary files saved by an editor", "E-NOT-FILE")


def read_regular_file(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`FileRefused` for a missing path, a folder, a FIFO, a device, a socket (or a
    link to any of them), an unreadable file, and a file longer than ``limit`` bytes.
    """
    try:
        before = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileRefused("this symbolic link points to a file that does not exist",
                              "check where the link points") from None
        raise FileRefused("no such file", "check the path and the spelling") from None
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    refuse_unless_regular(path, before.st_mode)
    if before.st_size > limit:
        raise FileRefused(f"file is too large ({before.st_size:,} bytes; the limit is {limit:,})",
                          "split the scenario into several files", "E-SIZE")
    try:
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_BINARY | _O_NOCTTY)
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        refuse_unless_regular(path, os.fstat(fd).st_mode)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileRefused(f"file is too large (more than {limit:,} bytes)",
                              "split the scenario into several files", "E-SIZE")
        return b"".join(chunks)
    except BlockingIOError:  # pragma: no cover - a regular file never blocks
        raise FileRefused("the file could not be read without waiting") from None
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
