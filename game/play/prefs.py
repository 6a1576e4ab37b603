"""What a player chose last time, for next time: the theme and the name typed for a game.

Why a file of its own, and so small: preferences are a convenience, never part of a game.  The
file (``prefs.json`` in the data folder) holds two short strings, is read once before the game
starts, is rewritten atomically when the player changes one of them, and a file that is missing,
damaged, too large or not a regular file simply gives the defaults: it can never stop a game.
Names are cleaned as the name prompt cleans them; a theme is only a name, which the renderer
checks against the themes it has.  Renderers decide when to remember (the full-screen game does
not remember names in a class or when served: one machine, many students).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from game.engine.record import record
from game.formats import FileProblem
from game.formats.fields import read_bytes
from game.paths import data_home
from game.text import clean_name

PREFS_FILE = "prefs.json"
#: Far more than two short strings need: a larger file is not ours.
MAX_BYTES = 4096
_THEME = re.compile(r"[A-Za-z0-9_-]{1,64}")


@record(slots=False)
class Prefs:
    """The remembered choices; '' means none."""

    #: The colour theme's name, as the full-screen game knows it.
    theme: str = ""
    #: The name last typed for a game (cleaned like the name prompt's).
    player: str = ""


def prefs_path(home: Path | None = None) -> Path:
    return (home if home is not None else data_home()) / PREFS_FILE


def read_prefs(path: Path) -> Prefs:
    """The preferences in ``path``; the defaults if there are none or they cannot be used."""
    try:
        data = json.loads(read_bytes(path, MAX_BYTES))
    except (FileProblem, ValueError, RecursionError):  # RecursionError: "[[[[…" nested too deep
        return Prefs()
    if not isinstance(data, dict):
        return Prefs()
    theme, player = data.get("theme"), data.get("player")
    return Prefs(theme=theme if isinstance(theme, str) and _THEME.fullmatch(theme) else "",
                 player=clean_name(player) if isinstance(player, str) else "")


def prefs_bytes(prefs: Prefs) -> bytes:
    return json.dumps({"format": "politburo-prefs", "version": 1, "theme": prefs.theme,
                       "player": clean_name(prefs.player)}, ensure_ascii=False).encode("utf-8")


def write_prefs(path: Path, prefs: Prefs) -> None:
    """Write ``prefs`` atomically (the old file or the new one, never half).  Blocking; raises
    ``OSError`` if the folder cannot be written."""
    from game.storage import atomic_write_bytes  # (only when a choice changes: not at start-up)

    atomic_write_bytes(path, prefs_bytes(prefs))


__all__ = ["MAX_BYTES", "PREFS_FILE", "Prefs", "prefs_bytes", "prefs_path", "read_prefs", "write_prefs"]
