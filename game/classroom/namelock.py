"""One browser tab per player name, while it plays.

Saves are kept per scenario and player, so two students who type the same name in served mode
would otherwise share one autosave, and the second would carry on the first one's game.  Every
served game runs on the teacher's machine, so a small lock file holding the process id settles
it: a name whose lock belongs to a live process is in use; a lock left by a closed tab (its
process gone) is taken over.

The lock is named like the player's saves and records (:func:`game.play.identity.player_stem`:
a readable slug plus a hash of the name), so a lock is held by exactly the names that would
share a save: "Ana" and "ana" are one player, while "Иван" and "Мария" (whose slugs are both
empty) or "José" and "Jose" are different players and never block each other.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from game.play.identity import player_stem


class NameInUse(Exception):
    """Another live game on this machine is playing under this name."""


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def lock_path(folder: Path, name: str) -> Path:
    return folder / ".names" / f"{player_stem(name)}.lock"


def claim_name(folder: Path, name: str, pid: int | None = None) -> Path:
    """Claim ``name`` for this process; raises :class:`NameInUse` if a live game holds it."""
    pid = os.getpid() if pid is None else pid
    path = lock_path(folder, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                holder = int(path.read_text(encoding="ascii").strip() or "0")
            except (OSError, ValueError):
                holder = 0
            if holder == pid:
                return path
            if _alive(holder):
                raise NameInUse(name) from None
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # left by a closed tab: take it over
            continue
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(str(pid))
        return path
    raise NameInUse(name)


def release_name(path: Path | None, pid: int | None = None) -> None:
    """Give the name back, if this process still holds it."""
    if path is None:
        return
    pid = os.getpid() if pid is None else pid
    with contextlib.suppress(OSError, ValueError):
        if int(path.read_text(encoding="ascii").strip()) == pid:
            path.unlink()
