"""Atomic files: a save or run record is either the old one or the new one, never half of each.

Write to a temporary file in the same folder, flush and fsync it, then rename it over the
target (``os.replace``) and fsync the folder so that the rename itself survives a power cut.
A killed process leaves at most a stray ``.tmp`` file, which :func:`clean_stale_temp` removes.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

TEMP_SUFFIX = ".tmp"


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=TEMP_SUFFIX)
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


def clean_stale_temp(folder: Path, older_than: float = 60.0) -> int:
    """Remove temporary files left by killed writers; returns how many were removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    now = time.time()
    for stray in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - stray.stat().st_mtime > older_than:
                stray.unlink()
                removed += 1
    return removed
