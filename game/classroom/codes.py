"""Class codes: a short code a teacher writes on the board that fixes a whole class's game.

A code packs, in base 31, the scenario, a short hash of its version, the seed and the settings,
then a check character.  Why these choices:

- **The alphabet** has no ``0 O 1 I L``: they are the characters people misread on a board.
  Input is forgiving about case, spaces and dashes, and a misread character gets its own message.
- **31 is prime**, so a weighted check character (weights 1, 2, 3, ...) catches every single
  mistyped character and every swap of two neighbours.
- **Scenarios are numbered** in :data:`REGISTRY` so a bundled scenario costs one character.  A
  teacher's own file (or a bundled scenario not numbered yet) is named by a 2-character hash of its
  id instead, and the student passes the same file; the hash only has to tell apart the scenarios
  the student actually has.
- **The version is hashed**, not spelled out: the code only has to detect that the student's copy is
  a different version from the teacher's, and say so clearly.

A code is 9 characters for a bundled scenario (shown ``ABC-DEF-GHJ``), 10 for a file.
"""

from __future__ import annotations

import hashlib

from game.engine.record import record


ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime: see the module docstring
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
#: Characters a student may write for a character that codes never use.
MISREAD = {"0": "0 (zero)", "O": "O", "1": "1 (one)", "I": "I", "L": "L"}

#: Bundled scenarios by class-code number.  APPEND ONLY: a code's scenario number is its index
#: here, so reordering or removing an entry would send old codes to the wrong scenario.
REGISTRY = ("kim-1949", "treaty-1950", "acheson-1950", "war-1950")

SEED_LIMIT = BASE ** 4  # 923,521 seeds: four characters
_HASH_LIMIT = BASE ** 2  # two characters
KIND_BUNDLED, KIND_FILE = 0, 1
_HEAD_LIMIT = 16  # head values 16..30 are reserved for future code formats


class CodeError(Exception):
    """A code that cannot be used, with a message and a hint for the person who typed it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


def short_hash(text: str) -> int:
    """A stable 2-character hash (0..960) of a scenario id or version."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % _HASH_LIMIT


@record(slots=False)
class ClassCode:
    """What a class code says.  ``scenario_index`` is set for bundled scenarios, ``id_hash``
    for files; ``undo`` False means the teacher turned undo off."""

    kind: int
    scenario_index: int | None
    id_hash: int | None
    version_hash: int
    seed: int
    reveal: str = "each"
    undo: bool = True
    justify: bool = False

    @property
    def scenario_id(self) -> str | None:
        """The bundled scenario's id, when the code names one this copy knows."""
        if self.kind == KIND_BUNDLED and self.scenario_index is not None and self.scenario_index < len(REGISTRY):
            return REGISTRY[self.scenario_index]
        return None

    @property
    def needs_file(self) -> bool:
        return self.kind == KIND_FILE

    @property
    def compact(self) -> str:
        head = (self.kind << 3) | ((self.reveal == "end") << 2) | ((not self.undo) << 1) | int(self.justify)
        digits = [head]
        if self.kind == KIND_BUNDLED:
            digits += _digits(self.scenario_index or 0, 1)
        else:
            digits += _digits(self.id_hash or 0, 2)
        digits += _digits(self.version_hash, 2) + _digits(self.seed, 4)
        digits.append(_check(digits))
        return "".join(ALPHABET[d] for d in digits)

    @property
    def text(self) -> str:
        """The code as written on the board: ``ABC-DEF-GHJ`` (or ``ABCDE-FGHJK`` for files)."""
        raw = self.compact
        size = 3 if len(raw) == 9 else 5
        return "-".join(raw[i:i + size] for i in range(0, len(raw), size))

    def matches_version(self, version: str) -> bool:
        return short_hash(version) == self.version_hash

    def matches_id(self, scenario_id: str) -> bool:
        if self.kind == KIND_BUNDLED:
            return self.scenario_id == scenario_id
        return short_hash(scenario_id) == self.id_hash


def _digits(value: int, width: int) -> list[int]:
    out = []
    for _ in range(width):
        value, digit = divmod(value, BASE)
        out.append(digit)
    return out[::-1]


def _number(digits: list[int]) -> int:
    value = 0
    for d in digits:
        value = value * BASE + d
    return value


def _check(digits: list[int]) -> int:
    """The character that makes sum(weight * value) divisible by 31, weights 1, 2, 3, ..."""
    total = sum((i + 1) * d for i, d in enumerate(digits))
    weight = len(digits) + 1
    return (-total * pow(weight, -1, BASE)) % BASE


def make_code(scenario_id: str, version: str, seed: int, *, bundled: bool, reveal: str = "each",
              undo: bool = True, justify: bool = False) -> ClassCode:
    """The code for a class.  ``bundled`` says the scenario is the installed bundled file, so
    students find it by number; otherwise they must be given the same file."""
    if not 0 <= seed < SEED_LIMIT:
        raise CodeError(f"a class seed must be between 0 and {SEED_LIMIT - 1:,}, not {seed:,}",
                        "leave out --seed to get one at random")
    if reveal not in ("each", "end"):
        raise CodeError(f"reveal must be 'each' or 'end', not {reveal!r}")
    if bundled and scenario_id in REGISTRY:
        return ClassCode(KIND_BUNDLED, REGISTRY.index(scenario_id), None, short_hash(version), seed,
                         reveal, undo, justify)
    return ClassCode(KIND_FILE, None, short_hash(scenario_id), short_hash(version), seed, reveal, undo, justify)


def parse_code(text: str) -> ClassCode:
    """Read a code as a student typed it.  Raises :class:`CodeError` with a message that says
    what is wrong: a character codes never use, the wrong length, or a typo the check caught."""
    hint = "copy the code again from the board, character by character"
    cleaned = "".join(ch for ch in str(text).upper() if not ch.isspace() and ch not in "-_.")
    if not cleaned:
        raise CodeError("the class code is empty", hint)
    for ch in cleaned:
        if ch in MISREAD:
            raise CodeError(f"class codes never contain {MISREAD[ch]}, so the code {text.strip()!r} "
                            "has been misread", "codes use only 2-9 and the letters other than I, L and O")
        if ch not in _VALUE:
            raise CodeError(f"{ch!r} is not a character of class codes (in {text.strip()!r})", hint)
    if len(cleaned) not in (9, 10):
        raise CodeError(f"a class code has 9 characters, like ABC-DEF-GHJ; {text.strip()!r} has "
                        f"{len(cleaned)}", hint)
    digits = [_VALUE[ch] for ch in cleaned]
    if sum((i + 1) * d for i, d in enumerate(digits)) % BASE != 0:
        raise CodeError(f"the class code {text.strip()!r} has a typo (its check character does not match)",
                        hint)
    head = digits[0]
    if head >= _HEAD_LIMIT:
        raise CodeError("this class code was made by a newer version of Politburo",
                        "update Politburo to the version your teacher uses")
    kind = head >> 3
    body = digits[1:-1]
    if len(cleaned) != (9 if kind == KIND_BUNDLED else 10):
        raise CodeError(f"the class code {text.strip()!r} has the wrong length for its kind", hint)
    if kind == KIND_BUNDLED:
        index, rest = body[0], body[1:]
        id_hash = None
    else:
        index, id_hash, rest = None, _number(body[:2]), body[2:]
    version_hash, seed = _number(rest[:2]), _number(rest[2:6])
    return ClassCode(kind, index, id_hash, version_hash, seed,
                     "end" if head & 4 else "each", not head & 2, bool(head & 1))
