"""Small helpers shared by the checks that read the whole file (semantic, graph, consistency)."""

from __future__ import annotations

from typing import Any
from collections.abc import Iterator


def items(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    """Well-formed mappings of the list at ``data[key]``, with their index: the structural pass
    has already reported anything else, so later checks simply skip it."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def suggest(name: Any, known: list[str]) -> str:
    """A "did you mean" hint, or the short list of what is known."""
    import difflib  # only when a message suggests a name: not on every start
    close = difflib.get_close_matches(str(name), known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(known) <= 8 and known:
        return "known: " + ", ".join(known)
    return ""
