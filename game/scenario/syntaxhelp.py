"""What to tell an author whose file YAML cannot parse, beyond the parser's own words.

The parser says where it gave up ("did not find expected '-' indicator"), which is seldom where
the mistake is or what it is.  Most such mistakes are a key out of line with its siblings, or a
value with ': ' in it; these helpers turn the parser's message and the lines around it into one
message at the key, or a hint.
"""

from __future__ import annotations

import re

_KEY_LINE = re.compile(r"( *)(- +)?([A-Za-z_][\w-]*) *:(?= |$)")


def misindented(lines: list[str], line: int, col: int, problem: str) -> tuple[int, int, str, str] | None:
    """A key one step out of line with the keys it belongs with, which YAML reports only as a
    syntax error somewhere on its line: the key named, at its own column, and where it belongs.

    Indented less than its siblings, it is met where YAML expects the next '- ' item (its
    siblings are the least indented keys of the block above it); indented more, under a key that
    already has a value, its colon is a "mapping value not allowed"."""
    here = _KEY_LINE.match(lines[line - 1]) if line <= len(lines) else None
    if here is None or here.group(2):
        return None
    column, key = len(here.group(1)) + 1, here.group(3)
    if "expected '-' indicator" in problem:
        sibling, number = 0, 0
        for n in range(line - 1, 0, -1):
            text = lines[n - 1]
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            above = _KEY_LINE.match(text)
            at = above.start(3) + 1 if above is not None else 0
            if above is not None and at > column and (not sibling or at < sibling):
                sibling, number = at, n  # the least indented key of the block, nearest first
            if len(text) - len(text.lstrip(" ")) + 1 <= column:  # the line that opens the block
                break
        if sibling <= column:
            return None
        way = "less"
    elif "mapping values are not allowed" in problem and col == len(here.group(0)):
        prior = next(((n, m) for n in range(line - 1, 0, -1) if (m := _KEY_LINE.match(lines[n - 1]))), None)
        if prior is None or prior[1].start(3) + 1 >= column:
            return None
        number, sibling, way = prior[0], prior[1].start(3) + 1, "more"
    else:
        return None
    return (line, column, f"'{key}' is indented {way} than the keys it belongs with",
            f"line it up with them, at column {sibling} (as on line {number})")


def syntax_hint(problem: str) -> str:
    """A hint for what the parser's ``problem`` most often means in a scenario file."""
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, or the indentation is off"
    if "could not find expected ':'" in problem:
        return "a key is missing its ':' or a quoted string is not closed"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation of this line against the lines above it"
    if "found unexpected end of stream" in problem:
        return "a quoted string or bracket is not closed"
    return "check the indentation and quoting around this position"
