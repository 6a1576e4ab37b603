"""A declaration with a typo, named once at the declaration.

When the id of a meter, flag, scene, ending, source or adviser is misspelt where it is
*declared*, every correct reference to it looks wrong: one typo in ``meters:`` gave 41
"unknown meter 'national_interest'" messages, each with the hint "did you mean
'national_intrest'?", that is, telling the author to copy the typo into 41 correct places.

This pass runs after the semantic checks.  It groups the "unknown ..." messages by the name
they could not find; when two or more of them name the same thing, all suggest the same
declared id, and that id is used nowhere but where it is declared, the declaration is the
likely typo.  The group becomes one message, at the declaration, naming what the references
say and where the first one is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from game.scenario.diagnostics import Diagnostic

if TYPE_CHECKING:
    from game.scenario.semantic import SemanticChecker

_UNKNOWN = re.compile(r"unknown (?:meter|flag|name|scene|ending|source|adviser|lean|historiography entry) '(.+)'\Z"
                      r"|'(.+)' is not a scene or an ending\Z")
_SUGGESTED = re.compile(r"did you mean '(.+)'\?\Z")
_DECLARED = ("meters", "flags", "scenes", "endings", "sources", "advisers")
_WHAT = {"meters": "meter", "flags": "flag", "scenes": "scene", "endings": "ending", "sources": "source",
         "advisers": "adviser"}


def name_misspelt_declarations(checker: SemanticChecker) -> None:
    diags = checker.ctx.diags
    groups: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in diags.items:
        if d.severity != "error" or d.file != diags.file:
            continue
        unknown, suggested = _UNKNOWN.search(d.message), _SUGGESTED.search(d.hint or "")
        if unknown and suggested:
            groups[(unknown.group(1) or unknown.group(2), suggested.group(1))].append(d)
    for (written, declared), found in groups.items():
        if len(found) < 2:
            continue
        where = _declaration(checker, declared)
        if where is None or _mentions(checker.lines, declared, where[2]) > 0:
            continue  # the declared id is used elsewhere too: the references are the typos
        key, index, _ = where
        for d in found:
            diags.items.remove(d)
        first = min(found, key=lambda d: (d.line, d.column))
        checker.ctx.error((key, index, "id"), f"{_WHAT[key]} '{declared}' is used nowhere, but {len(found)} places "
                          f"name '{written}' (the first at line {first.line})",
                          f"if they mean this {_WHAT[key]}, correct its id here: '{written}'", "E-REF")


def _declaration(checker: SemanticChecker, ident: str) -> tuple[str, int, int] | None:
    """Where ``ident`` is declared: the list, the index in it, and the line."""
    for key in _DECLARED:
        items = checker.data.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get("id") == ident:
                return key, index, checker.ctx.located.where((key, index, "id"))[0]
    return None


def _mentions(lines: list[str], ident: str, declared_on: int) -> int:
    """How many lines other than the declaration's (and comments) name ``ident`` as a whole word."""
    word = re.compile(r"(?<![\w-])" + re.escape(ident) + r"(?![\w-])")
    return sum(1 for number, text in enumerate(lines, start=1)
               if number != declared_on and not text.lstrip().startswith("#") and word.search(text))
