"""Counters: int flags with a range (``min`` and ``max``) that effects add to.

Kept apart from :mod:`game.scenario.semantic` so that module stays about ids and references.
A counter is checked where it is declared (both bounds, on an int flag, in order) and where an
effect adds to it (it must be a counter, and one choice either sets it or adds to it).  Its
range then joins the meters' in the range checks (:mod:`game.scenario.consistency`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.scenario import consistency
from game.scenario.diagnostics import Path

if TYPE_CHECKING:
    from game.scenario.semantic import SemanticChecker

_FLAG_TYPES = ("bool", "int", "text")


def check_range(checker: SemanticChecker, i: int, flag: dict) -> None:
    """``min`` and ``max`` make an int flag a counter: both, in order, on an int flag."""
    given = [k for k in ("min", "max") if k in flag]
    if not given:
        return
    ctx, path = checker.ctx, ("flags", i)
    if flag.get("type") != "int":
        if flag.get("type") in _FLAG_TYPES:
            ctx.error(path + (given[0],), f"only an int flag has a range, and '{flag.get('id')}' is {flag['type']}",
                      "remove min and max, or make it type: int", "E-COUNTER", key=True)
        return
    if len(given) == 1:
        missing = "max" if given == ["min"] else "min"
        ctx.error(path + (given[0],), f"a counter needs both min and max; '{missing}' is missing",
                  f"add {missing}: next to {given[0]}:", "E-COUNTER", key=True)
        return
    lo, hi = flag["min"], flag["max"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi)):
        return  # the structural pass has said what is wrong
    if lo >= hi:
        ctx.error(path + ("max",), f"max ({hi}) must be greater than min ({lo})", "", "E-RANGE")
    elif isinstance(flag.get("id"), str):
        checker.counters[flag["id"]] = (lo, hi)


def check_effect(checker: SemanticChecker, path: Path, flag_id: str, delta: Any, *, both: bool) -> None:
    """An effect on a flag: fine for a counter, which it adds to; for any other flag, say why
    not (a flag without a range once, at its first effect, since the cause is the flag)."""
    ctx, flag = checker.ctx, checker.flags[flag_id]
    ftype = flag.get("type")
    if flag_id in checker.counters:
        checker.flags_set.add(flag_id)
        if both:
            ctx.error(path, f"counter '{flag_id}' is both set and added to here",
                      "keep one: set: gives it a value, effects: adds to the value it has", "E-COUNTER", key=True)
        else:
            consistency.check_effect(checker, path, flag_id, delta, flag)
    elif ftype == "int" and "min" not in flag and "max" not in flag:
        if flag_id not in checker.rangeless_reported:
            checker.rangeless_reported.add(flag_id)
            where = ctx.place(checker.flag_paths[flag_id])
            ctx.error(path, f"flag '{flag_id}' has no range, so effects cannot add to it",
                      f"give flag '{flag_id}' ({where}) a min: and a max: to make it a counter, kept within them "
                      "as a meter is", "E-COUNTER", key=True)
    elif ftype in ("bool", "text"):
        kind, example = ("true/false", "true") if ftype == "bool" else ("text", "'value'")
        ctx.error(path, f"flag '{flag_id}' is {kind}: effects add numbers, to meters and counters",
                  f"give it a value under set:, e.g. set: {{{flag_id}: {example}}}", "E-COUNTER", key=True)
