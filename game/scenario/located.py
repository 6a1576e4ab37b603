"""Where every value and key of a scenario file is written, held compactly.

Checks point at ``file:line:col`` and sometimes at one character inside a text, so the loader
keeps, for every path in the data, where its value starts, where a text value ends and how it
is quoted, and the same for the key naming it.  A 10,000-scene file has millions of such
positions: they are packed into one int per path, under the one path tuple the loader builds
anyway, rather than held as tuples in four tables (issue 15: validate's memory).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.engine.record import field, record
from game.scenario.diagnostics import Path

if TYPE_CHECKING:
    from game.scenario.scalars import Char

# Every position of one path packed in one int, so a 10,000-scene file is not held as millions
# of tuples: a value's start (line, column), the end and style of a text value, and the same for
# the key that names it.  Lines and columns are 1-based (0: absent) and below 2**22, which the
# file size limit keeps them.
_BITS = 22
_MASK = (1 << _BITS) - 1
_STYLES = ("", "'", '"', "|", ">")
#: The code of each scalar style (PyYAML gives None or '' for plain), as packed in a span.
STYLE_CODE = {None: 1, "": 1, "'": 2, '"': 3, "|": 4, ">": 5}
_VALUE, _SPAN, _KEY, _KEY_SPAN = 0, 2 * _BITS, 4 * _BITS + 3, 6 * _BITS + 3
#: For the loader, which packs as it parses: the bits of a line and column, and where a value's
#: span and a key's fields start.
BITS, MASK, SPAN_SHIFT, KEY_SHIFT = _BITS, _MASK, _SPAN, _KEY
_FIELD = {_VALUE: (1 << 2 * _BITS) - 1, _SPAN: (1 << 2 * _BITS + 3) - 1, _KEY: (1 << 2 * _BITS) - 1,
          _KEY_SPAN: (1 << 2 * _BITS + 3) - 1}


def _unpack_at(bits: int) -> tuple[int, int] | None:
    return (bits >> _BITS, bits & _MASK) if bits else None


def _unpack_span(bits: int) -> tuple[int, int, str] | None:
    if not bits:
        return None
    at = bits >> 3
    return at >> _BITS, at & _MASK, _STYLES[(bits & 7) - 1]


@record(frozen=False, slots=False)
class Located:
    """Plain data from a YAML file plus the position of each value and each mapping key.

    For text values and keys it also keeps where the scalar ends and its style (``''`` plain,
    ``'`` or ``"`` quoted, ``|`` or ``>`` block), so that a check can point at one character
    inside it (:meth:`char_at`) or tell that ``"true"`` was written in quotes.  All of a path's
    positions live in one packed int in ``pos`` (see :meth:`value_at` and friends to read them).
    """

    data: Any
    pos: dict[Path, int] = field(default_factory=dict)
    #: The file's text.  Only messages need it line by line, so :attr:`lines` splits it on first
    #: use: a valid file is never held twice (issue 15: validate's memory).
    text: str = ""
    _lines: list[str] | None = field(default=None, repr=False, compare=False)
    #: Parts of the data that came from another file (``include:``): the path they sit at here,
    #: and that file's name, its own path for them, and its lines.
    origins: list[tuple[Path, str, Path, list[str]]] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """The file's lines, split from :attr:`text` the first time they are asked for."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def _get(self, path: Path, part: int) -> int:
        return self.pos.get(path, 0) >> part & _FIELD[part]

    def value_at(self, path: Path) -> tuple[int, int] | None:
        """Where the value at ``path`` starts (None if it was not located)."""
        return _unpack_at(self._get(tuple(path), _VALUE))

    def key_at(self, path: Path) -> tuple[int, int] | None:
        """Where the key that names the value at ``path`` is written (None if none)."""
        return _unpack_at(self._get(tuple(path), _KEY))

    def span(self, path: Path, *, key: bool = False) -> tuple[int, int, str] | None:
        """Where the text value (or key) at ``path`` ends, and its style."""
        return _unpack_span(self._get(tuple(path), _KEY_SPAN if key else _SPAN))

    def origin(self, path: Path) -> tuple[str | None, Path, list[str]]:
        """The file a path's value came from (None: this one), its path there, and its lines."""
        path = tuple(path)
        for prefix, name, there, lines in self.origins:
            if path[: len(prefix)] == prefix:
                return name, there + path[len(prefix):], lines
        return None, path, self.lines

    def graft_items(self, other: Located, key: str, offset: int, count: int, name: str) -> None:
        """Copy the positions of the ``count`` items of ``other``'s top-level list ``key`` (an
        included file's) to ``key``'s items from ``offset`` on here, remembering that they belong
        to the file ``name``: one pass over ``other``'s positions, not one per item."""
        table = self.pos
        for p, bits in other.pos.items():
            if len(p) > 1 and p[0] == key and p[1].__class__ is int:
                table[(key, offset + p[1]) + p[2:]] = bits
        self.origins.extend(((key, offset + i), name, (key, i), other.lines) for i in range(count))

    def shift(self, by: dict[str, int]) -> None:
        """Move the positions of the items of each top-level list ``key`` ``by[key]`` places down
        (room for grafts), in one pass over the table for all of them."""
        table = self.pos
        moved = {p: v for p, v in table.items()
                 if len(p) > 1 and p[0] in by and p[1].__class__ is int}
        for p in moved:
            del table[p]
        for p, v in moved.items():
            key, index = p[0], p[1]
            assert isinstance(key, str) and isinstance(index, int)
            table[(key, index + by[key]) + p[2:]] = v

    def rekey(self, old: Path, new: Path) -> None:
        """The value at ``old`` now sits at ``new`` (a key renamed or moved): its positions follow."""
        n = len(old)
        for p in [p for p in self.pos if p[:n] == old]:
            self.pos[new + p[n:]] = self.pos.pop(p)

    def style(self, path: Path) -> str | None:
        """The scalar style of the value at ``path`` (None when it is not a located scalar)."""
        span = self.span(path)
        return span[2] if span else None

    def char_at(self, path: Path, value: str, index: int, *, key: bool = False) -> Char | None:
        """Where ``value[index]`` is written, for the text value (or key) at ``path``."""
        path = tuple(path)
        span = self.span(path, key=key)
        start = self.key_at(path) if key else self.value_at(path)
        if span is None or start is None:
            return None
        from game.scenario.scalars import position_of  # only for a message: not at every start

        return position_of(self.origin(path)[2], start, (span[0], span[1]), span[2], value, index)

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at ``path``, else of its nearest located ancestor."""
        p = tuple(path)
        if key:
            found = self.key_at(p)
            if found is not None:
                return found
        while p:
            bits = self.pos.get(p)
            if bits:
                return _unpack_at(bits & _FIELD[_VALUE]) or _unpack_at(bits >> _KEY & _FIELD[_KEY]) or (1, 1)
            p = p[:-1]
        return self.value_at(()) or (1, 1)
