"""Atomic files: a save or run record is either the old one or the new one, never half of each.

Write to a temporary file in the same folder, flush and fsync it, then rename it over the
target (``os.replace``) and fsync the folder so that the rename itself survives a power cut.
A killed process leaves at most a stray ``.tmp`` file, which :func:`clean_stale_temp` removes.

Temporary files are named after the machine and process that write them
(``.NAME.HOST.PID.RANDOM.tmp``), because class folders are shared between machines whose clocks
disagree: a sweep removes only its own machine's files whose process is gone, and another
machine's only when they are a day old, so a clock a few minutes fast can never delete a file
another student is still writing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

TEMP_SUFFIX = ".tmp"
#: Another machine's temporary file is swept only when it is this old (by any sane clock).
FOREIGN_TEMP_AGE = 24 * 3600.0
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:32] or "host"
_OWNER = re.compile(r"\.(?P<host>[A-Za-z0-9-]+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.{_HOST}.{os.getpid()}.", suffix=TEMP_SUFFIX)
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes 0600; give files the usual umask-based mode
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (overwrites an existing file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path.parent, path.name, data)
    try:
        for attempt in range(5):
            try:
                os.replace(tmp, path)
                break
            except PermissionError:  # Windows: another process holds the target open
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_create_bytes(path: Path, data: bytes) -> bool:
    """Create ``path`` atomically only if it does not exist yet.  Returns False if it does.

    Hard-linking the finished temporary file onto the name fails when the name is taken, so
    two writers can never overwrite each other's file, even at the same instant.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path.parent, path.name, data)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # file systems without hard links: fall back to a checked rename
            if path.exists():
                return False
            os.replace(tmp, path)
            _fsync_dir(path.parent)
            return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    _fsync_dir(path.parent)
    return True


def dumps_json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, dumps_json(data))


def check_writable(folder: Path) -> None:
    """Raise OSError (naming ``folder``) unless a file can be created, written and removed in it."""
    tmp = _write_temp(folder, "write-check", b"ok\n")
    os.unlink(tmp)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # Windows: os.kill(pid, 0) would kill it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but is not ours, or we cannot tell: keep the file
    return True


def clean_stale_temp(folder: Path) -> int:
    """Remove temporary files left by killed writers; returns how many were removed.

    Only this machine's files whose process has ended, and other machines' (or unmarked) files
    older than :data:`FOREIGN_TEMP_AGE`: see the module docstring for why."""
    removed = 0
    if not folder.is_dir():
        return 0
    now = time.time()
    for stray in folder.glob(f".*{TEMP_SUFFIX}"):
        owner = _OWNER.search(stray.name)
        with contextlib.suppress(OSError):
            if owner and owner["host"] == _HOST:
                stale = not _process_alive(int(owner["pid"]))
            else:
                stale = now - stray.stat().st_mtime > FOREIGN_TEMP_AGE
            if stale:
                stray.unlink()
                removed += 1
    return removed
