"""Where each character of a YAML scalar sits in the source, so a message can point at it.

A message about one character of a value (a control character, a Cyrillic letter in an id, a
trailing space) should point at that character, not at the start of the value.  For a plain
value the two are a fixed distance apart, but a double-quoted value can hold escapes (``\\e``
is one character written with two) and a value can run over several lines.  :func:`scan`
re-reads the scalar's source text and yields every character it stands for with its line,
column and, for an escape, how it was written.
"""

from __future__ import annotations

from typing import NamedTuple
from collections.abc import Iterator

#: YAML double-quoted escapes of one character (YAML 1.2, section 5.7).
_SIMPLE_ESCAPES = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


class Char(NamedTuple):
    """One character of a scalar's value, where it is written, and its escape if it has one."""

    char: str
    line: int  # 1-based
    column: int  # 1-based
    escape: str = ""


def scan(lines: list[str], start: tuple[int, int], end: tuple[int, int], style: str) -> Iterator[Char]:
    """The characters the scalar between ``start`` and ``end`` (1-based, from the parser's marks)
    stands for.  Line folding is approximated (a line break yields one space), which changes
    only whitespace: every other character comes out in order, at its exact position."""
    line, col = start
    end_line = min(end[0], len(lines))
    if style in ("|", ">"):  # block scalar: the header line holds no content
        for ln in range(line + 1, end_line + 1):
            text = lines[ln - 1]
            indent = len(text) - len(text.lstrip(" "))
            for i in range(indent, len(text)):
                yield Char(text[i], ln, i + 1)
            yield Char("\n", ln, len(text) + 1)
        return
    quoted = style in ("'", '"')
    ln, i = line, col - 1 + (1 if quoted else 0)
    while ln <= end_line:
        text = lines[ln - 1]
        limit = end[1] - 1 - (1 if quoted else 0) if ln == end_line else len(text)
        while i < min(limit, len(text)):
            ch = text[i]
            if style == '"' and ch == "\\" and i + 1 < len(text):
                code = text[i + 1]
                if code in _HEX_ESCAPES:
                    digits = text[i + 2 : i + 2 + _HEX_ESCAPES[code]]
                    try:
                        produced = chr(int(digits, 16))
                    except (ValueError, OverflowError):
                        produced = ""
                    if produced:
                        yield Char(produced, ln, i + 1, text[i : i + 2 + len(digits)])
                    i += 2 + len(digits)
                    continue
                if code in _SIMPLE_ESCAPES:
                    yield Char(_SIMPLE_ESCAPES[code], ln, i + 1, text[i : i + 2])
                i += 2
                continue
            if style == "'" and ch == "'" and text[i + 1 : i + 2] == "'":
                yield Char("'", ln, i + 1, "''")
                i += 2
                continue
            yield Char(ch, ln, i + 1)
            i += 1
        if ln < end_line:
            yield Char(" ", ln, len(text) + 1)
        ln, i = ln + 1, 0
        if ln <= end_line:  # continuation lines start after their indentation
            text = lines[ln - 1]
            i = len(text) - len(text.lstrip(" \t"))


def position_of(lines: list[str], start: tuple[int, int], end: tuple[int, int], style: str,
                value: str, index: int) -> Char | None:
    """Where ``value[index]`` is written.  Exact for single-line values; for a folded value the
    k-th occurrence of the same character is used, which only whitespace could get wrong."""
    if not 0 <= index < len(value):
        return None
    chars = list(scan(lines, start, end, style))
    if "".join(c.char for c in chars) == value:
        return chars[index]
    target, k = value[index], value[:index].count(value[index])
    hits = [c for c in chars if c.char == target]
    return hits[k] if k < len(hits) else None
