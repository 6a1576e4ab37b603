"""Turning scenario data into display text, safely.

Why this module exists: scenario authors and players type square brackets, and Textual parses
``[...]`` in plain strings as content markup (styles, links, even ``[@click=app.quit]``
actions).  Every author- or player-supplied string reaches a widget through :func:`lit`
(a :class:`Content` that is never parsed) or through ``Content.assemble`` parts, which are
literal too.  Only this package's own fixed strings are ever styled.

It also holds the small text renderings that must not rely on colour: bars that carry their
number, changes written as ``+6 (rose)``, sparklines with labels, the seesaw gauge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from textual.content import Content

if TYPE_CHECKING:
    from game.engine import Meter, Scenario, Source

__all__ = ["lit", "describe_date", "change_words", "bar", "sparkline", "seesaw_line", "seesaw_words",
           "cite", "join_lines", "heading", "signed"]

SPARKS = "▁▂▃▄▅▆▇█"


def describe_date(date: str, label: str = "") -> str:
    """As plain mode writes dates ("24 September 1949"); imported late to keep start-up light."""
    from game.plain import describe_date as describe

    return describe(date, label)


def lit(text: str) -> Content:
    """Author or player text as literal content: never parsed as markup."""
    return Content(text)


def heading(text: str) -> Content:
    return Content.assemble((text, "bold"))


def join_lines(lines: Iterable[Content | str]) -> Content:
    """Join lines with newlines; ``str`` parts stay literal."""
    return Content("\n").join(line if isinstance(line, Content) else Content(line) for line in lines)


def signed(n: int) -> str:
    """``+6``, ``−2`` (a real minus sign), ``0``."""
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"


def change_words(delta: int | None) -> str:
    """A change in numbers *and* words, so nothing depends on a colour or an arrow glyph."""
    if delta is None:
        return "start"
    if delta > 0:
        return f"{signed(delta)} (rose)"
    if delta < 0:
        return f"{signed(delta)} (fell)"
    return "0 (no change)"


def bar(value: int, meter: Meter, width: int) -> str:
    """A solid/empty bar of ``width`` cells for ``value`` within the meter's range."""
    width = max(width, 1)
    filled = round(width * (value - meter.min) / meter.span)
    filled = max(0, min(width, filled))
    return "█" * filled + "░" * (width - filled)


def sparkline(values: Sequence[int], meter: Meter) -> str:
    """One character per turn, scaled to the meter's whole range (so two lines compare)."""
    out = []
    for value in values:
        level = round((len(SPARKS) - 1) * (value - meter.min) / meter.span)
        out.append(SPARKS[max(0, min(len(SPARKS) - 1, level))])
    return "".join(out)


def seesaw_words(position: int | None, scenario: Scenario) -> str:
    """Where the decisions lean, in words: the gauge's meaning without the gauge."""
    if position is None or scenario.seesaw is None:
        return "no seesaw in this scenario"
    left, right = (scenario.meter(m).label.lower() for m in scenario.seesaw)
    if abs(position) < 10:
        return "balanced"
    strength = "strongly " if abs(position) >= 50 else ""
    return f"leans {strength}to {left if position < 0 else right}"


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


def cite(source: Source) -> Content:
    """A full citation with its archival reference, link and caveat, all literal."""
    parts: list[Content | str | tuple[str, str]] = [source.citation.strip()]
    if source.archive:
        parts += ["\n", ("Archive: ", "bold"), source.archive.strip()]
    if source.url:
        parts += ["\n", ("Online: ", "bold"), source.url.strip()]
    if source.note:
        parts += ["\n", ("Note: ", "bold"), source.note.strip()]
    return Content.assemble(*parts)


def reflow(text: str) -> str:
    """Folded YAML text keeps single newlines; join them so the terminal wraps to its width."""
    paras = [" ".join(line.strip() for line in p.splitlines()) for p in text.strip().split("\n\n")]
    return "\n\n".join(paras)
