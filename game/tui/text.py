"""Turning views into display text, safely: the Textual-only half of the text helpers.

Why this module exists: scenario authors and players type square brackets, and Textual parses
``[...]`` in plain strings as content markup (styles, links, even ``[@click=app.quit]``
actions).  Every author- or player-supplied string reaches a widget through :func:`lit`
(a :class:`Content` that is never parsed) or through ``Content.assemble`` parts, which are
literal too.  Only this package's own fixed strings are ever styled.

Control characters are the other danger (issue 12, F2): an ``ESC ] 52`` in a title writes the
clipboard, a bidi override reorders what the reader sees.  The scenario loader refuses them and
player names and reasons are cleaned, so this is the second line of defence, in two layers:
:func:`lit` and :func:`join_lines` (and :func:`shown`, for text handed to the Markdown widget and
option lists) make them visible as escapes (``\\x1b``) before layout, and :class:`ControlFilter`,
which the app applies to every line it draws, removes any that reached a widget another way
(a notification, a Rich renderable).  They are zero cells wide, so removing them after layout
moves nothing.

It also holds the small renderings that must not rely on colour: bars that carry their number
(and a mark at each threshold), sparklines with labels, the seesaw gauge.  Dates, changes in
words, cleaning and reflowing text are :mod:`game.text`'s, shared with plain mode.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from collections.abc import Iterable, Sequence

from rich.segment import Segment
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter

from game.safetext import visible

if TYPE_CHECKING:
    from game.play.views import SourceView

__all__ = ["HIDDEN", "MARK", "ControlFilter", "bar", "cite", "heading", "join_lines", "lit", "seesaw_line", "shown",
           "sparkline"]

SPARKS = "▁▂▃▄▅▆▇█"

#: The mark of a threshold on a bar, and before the threshold said in words.
MARK = "┃"

#: What a screen says where the reveal policy keeps a historical value back.
HIDDEN = "hidden until the end"


def shown(text: str) -> str:
    """``text`` safe to draw: control characters and bidi controls written as visible escapes
    (``\\x1b``, ``\\u202e``); newlines and tabs kept, so a briefing keeps its paragraphs."""
    return visible(text, keep_layout=True)


def lit(text: str) -> Content:
    """Author or player text as literal content: never parsed as markup, no control characters."""
    return Content(shown(text))


def heading(text: str) -> Content:
    return Content.assemble((shown(text), "bold"))


def join_lines(lines: Iterable[Content | str]) -> Content:
    """Join lines with newlines; ``str`` parts stay literal and lose their control characters."""
    return Content("\n").join(line if isinstance(line, Content) else lit(line) for line in lines)


# C0 (tab and newline too: a drawn line holds neither), DEL, C1, the bidi controls, and the
# zero-width marks that can hide text; never in a line Textual itself draws.
_DRAWN_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class ControlFilter(LineFilter):
    """The last line of defence: removes control characters from every line the app draws.

    Textual applies line filters to each widget's rendered lines (``App.get_line_filters``),
    after layout, so whatever path a string took to the screen it passes here.  The removed
    characters are zero cells wide: the layout does not move.  Pinned Textual: line filters are
    a documented hook, but one Textual itself calls internal; a Textual upgrade re-runs the
    test that feeds escapes to every screen (tests/tui/test_tui_controls.py)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(_DRAWN_CONTROLS.search(s.text) for s in segments if not s.control):
            return segments
        out = []
        for segment in segments:
            if not segment.control:
                text = _DRAWN_CONTROLS.sub("", segment.text)
                if not text:  # nothing but controls: drop the segment, it was zero cells wide
                    continue
                segment = Segment(text, segment.style)
            out.append(segment)
        return out


def _share(value: int, low: int, high: int) -> float:
    return (value - low) / max(high - low, 1)


def bar(value: int, low: int, high: int, width: int, marks: Sequence[int] = ()) -> str:
    """A solid/empty bar of ``width`` cells for ``value`` within ``low``..``high``, with a
    :data:`MARK` at each of ``marks`` (a threshold), visible on the filled part and the empty."""
    width = max(width, 1)
    filled = max(0, min(width, round(width * _share(value, low, high))))
    cells = ["█"] * filled + ["░"] * (width - filled)
    for mark in marks:
        cells[max(0, min(width - 1, round(width * _share(mark, low, high))))] = MARK
    return "".join(cells)


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
