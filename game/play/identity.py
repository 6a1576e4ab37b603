"""Who a player is, and the file names that belong to them.

A player is the name they typed, Unicode-normalised (NFKC) and case-folded: "Ana", "ana" and
"ANA" are one student, as a class expects, while "José" and "Jose", "Иван" and "Мария" are
different students.  File names carry a readable slug *and* a short hash of that identity, so
two different names never share a save, a lock or a record, whatever alphabet they are written
in (a slug alone turns every Cyrillic or Chinese name into the same empty string).
"""

from __future__ import annotations

import hashlib
import unicodedata

from game.paths import slug

HASH_CHARS = 8


def player_key(name: str) -> str:
    """The identity behind a name: NFKC, case-folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def same_player(a: str, b: str) -> bool:
    return player_key(a) == player_key(b)


def player_stem(name: str) -> str:
    """``ana-5f2c9a1b``: the readable part of a name plus the hash of its identity."""
    digest = hashlib.blake2b(player_key(name).encode("utf-8"), digest_size=16).hexdigest()[:HASH_CHARS]
    readable = slug(name, fallback="", limit=24)
    return f"{readable}-{digest}" if readable else f"p-{digest}"
