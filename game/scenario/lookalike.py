"""Ids that look right but are not: a Cyrillic letter, an invisible character, a stray space.

A Cyrillic "а" in a scene id looks exactly like the Latin "a", so the author cannot see what is
wrong, and every reference to the scene then looks wrong instead.  The validator names the
character itself (``'а' U+0430 CYRILLIC SMALL LETTER A``) at the place it is written, once, and
then reads the id as the author meant it (:func:`repair`), so the correct Latin references are
not reported too and no hint ever says "change the others to match".
"""

from __future__ import annotations

import re
import unicodedata

from game.engine.record import record
from game.safetext import describe_char

#: Letters of other scripts that are drawn like a Latin letter or digit (after NFKC, which
#: already folds full-width forms and ligatures).  Lower and upper case, since ids are lower
#: case and a repair lower-cases anyway.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "l", "ү": "y", "ɡ": "g",
    "А": "a", "В": "b", "Е": "e", "Ё": "e", "Һ": "h", "І": "i", "Ї": "i", "Ј": "j", "К": "k", "М": "m",
    "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t", "У": "y", "Х": "x", "Ѕ": "s", "Ԁ": "d", "Ԛ": "q",
    "Ԝ": "w", "Ӏ": "l", "Ү": "y",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ω": "w", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m",
    "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    # Latin letters outside ASCII that read as ASCII ones
    "ı": "i", "ȷ": "j", "ſ": "s", "ɑ": "a",
    # dashes, underscores and digits
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2043": "-",
    "\u02d7": "-", "\uff3f": "_", "\u2017": "_",
}
#: Characters that show as nothing, or as a space: never part of an id.
_INVISIBLE = re.compile("[\\s\u00a0\u00ad\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")


def _ascii_for(char: str) -> str | None:
    """The ASCII character ``char`` is drawn like, if any."""
    if char in _LOOKALIKES:
        return _LOOKALIKES[char]
    folded = unicodedata.normalize("NFKC", char)
    if folded != char and folded.isascii() and len(folded) == 1:
        return folded.lower()
    stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if stripped != char and stripped.isascii() and len(stripped) == 1:
        return stripped.lower()  # é -> e: not a look-alike, but what an id must say instead
    return None


def repair(value: str) -> str:
    """``value`` as the author meant it: invisible characters and surrounding spaces removed,
    look-alike letters replaced by their Latin twins, lower case."""
    out = []
    for char in _INVISIBLE.sub("", value.strip()):
        twin = _ascii_for(char) if not char.isascii() else None
        out.append(twin if twin is not None else char)
    return "".join(out).lower()


@record(slots=False)
class Lookalike:
    """What is wrong with an id, in one message, and where (index into the value)."""

    message: str
    hint: str
    index: int


ID_CHARACTERS = "ids use only the Latin letters a-z, digits, '_' and '-'"
NAME_CHARACTERS = "meter and flag ids use only the Latin letters a-z, digits and '_'"
KEY_CHARACTERS = "keys use only the Latin letters a-z and '_'"


def explain(value: str, *, allowed: str = ID_CHARACTERS) -> Lookalike | None:
    """Name the one character that makes ``value`` a broken id, if it is a space, an invisible
    character or a letter from outside ASCII; None when the problem is something else (upper
    case, a character like '.' that no id may hold), which the pattern's own hint explains."""
    shown = value if len(value) <= 40 else value[:37] + "..."
    stripped = value.strip(" \t\u00a0")
    if stripped != value and stripped:
        if value.startswith(stripped):
            index, where = len(stripped), "ends with"
        else:
            index, where = 0, "starts with"
        char = value[index]
        space = "a space" if char == " " else describe_char(char)
        return Lookalike(f"{shown!r} {where} {space}", f"remove it: write '{stripped}'", index)
    for index, char in enumerate(value):
        if char.isascii():
            continue
        if _INVISIBLE.match(char):
            return Lookalike(f"{shown!r} holds an invisible character, {describe_char(char)}",
                             f"delete it (retype the id): {allowed}", index)
        twin = _ascii_for(char)
        if twin is not None:
            fixed = repair(value)
            return Lookalike(f"{shown!r} has {describe_char(char)} where the Latin '{twin}' belongs",
                             f"retype it as '{fixed}': {allowed}", index)
        return Lookalike(f"{shown!r} has {describe_char(char)}, which no id may hold", allowed, index)
    return None
