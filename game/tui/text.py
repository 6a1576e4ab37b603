"""Turning views into display text, safely: the Textual-only half of the text helpers.

Why this module exists: scenario authors and players type square brackets, and Textual parses
``[...]`` in plain strings as content markup (styles, links, even ``[@click=app.quit]``
actions).  Every author- or player-supplied string reaches a widget through :func:`lit`
(a :class:`Content` that is never parsed) or through ``Content.assemble`` parts, which are
literal too.  Only this package's own fixed strings are ever styled.

It also holds the small renderings that must not rely on colour: bars that carry their number,
sparklines with labels, the seesaw gauge.  Dates, changes in words, cleaning and reflowing text
are :mod:`game.text`'s, shared with plain mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from collections.abc import Iterable, Sequence

from textual.content import Content

if TYPE_CHECKING:
    from game.play.views import SourceView

__all__ = ["HIDDEN", "bar", "cite", "heading", "join_lines", "lit", "seesaw_line", "sparkline"]

SPARKS = "▁▂▃▄▅▆▇█"

#: What a screen says where the reveal policy keeps a historical value back.
HIDDEN = "hidden until the end"


def lit(text: str) -> Content:
    """Author or player text as literal content: never parsed as markup."""
    return Content(text)


def heading(text: str) -> Content:
    return Content.assemble((text, "bold"))


def join_lines(lines: Iterable[Content | str]) -> Content:
    """Join lines with newlines; ``str`` parts stay literal."""
    return Content("\n").join(line if isinstance(line, Content) else Content(line) for line in lines)


def _share(value: int, low: int, high: int) -> float:
    return (value - low) / max(high - low, 1)


def bar(value: int, low: int, high: int, width: int) -> str:
    """A solid/empty bar of ``width`` cells for ``value`` within ``low``..``high``."""
    width = max(width, 1)
    filled = max(0, min(width, round(width * _share(value, low, high))))
    return "█" * filled + "░" * (width - filled)


def sparkline(values: Sequence[int], low: int, high: int) -> str:
    """One character per turn, scaled to the meter's whole range (so two lines compare)."""
    top = len(SPARKS) - 1
    return "".join(SPARKS[max(0, min(top, round(top * _share(v, low, high))))] for v in values)


def seesaw_line(position: int, width: int) -> str:
    """A gauge ``├────●──┼─────┤`` of ``width`` cells: centre mark, ball at the position."""
    width = max(width, 7)
    inner = width - 2
    centre = inner // 2
    cells = ["─"] * inner
    cells[centre] = "┼"
    ball = round((position + 100) / 200 * (inner - 1))
    cells[max(0, min(inner - 1, ball))] = "●"
    return "├" + "".join(cells) + "┤"


def reference(source: SourceView) -> str:
    """Where to find a source: its archival reference, or where it was published."""
    return " ".join(source.reference.split()) or "no reference recorded"


def cite(source: SourceView) -> Content:
    """A full citation with its reference (archive or publication), link and caveat, all literal.

    A book or an article needs no line for a missing archive: its citation is where to find it."""
    parts: list[Content | str | tuple[str, str]] = [source.citation]
    if source.archive:
        parts += ["\n", ("Archive: ", "bold"), source.archive]
    if source.published:
        parts += ["\n", ("Published: ", "bold"), source.published]
    if source.url:
        parts += ["\n", ("Online: ", "bold"), source.url]
    if source.note:
        parts += ["\n", ("Note: ", "bold"), source.note]
    return Content.assemble(*parts)
