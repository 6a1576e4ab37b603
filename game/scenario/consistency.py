"""Checks that a scenario agrees with itself: its dates with its period, its effects and
conditions with its meters' ranges, and its flags with the conditions that read them.

Each finds a mistake no single key shows: a scene dated outside the period, an effect larger
than the meter it moves, a condition no player can ever meet, a flag that is set and then never
looked at.  They run after the semantic pass, on ids that pass already checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.scenario.dates import date_span
from game.scenario.ranges import NeverTrue, always_true, never_true
from game.scenario.walk import items

if TYPE_CHECKING:
    from game.scenario.semantic import SemanticChecker

def check_period(checker: SemanticChecker) -> None:
    """A scene dated outside ``period`` is a warning: the date is real, so the game can show it,
    but a scenario about 1950 with a scene in 1905 has most likely a typo in one of them."""
    period = checker.data.get("period")
    if not isinstance(period, dict):
        return
    start, end = date_span(period.get("start")), date_span(period.get("end"))
    if start is None or end is None or start[0] > end[1]:
        return
    first, last = start[0], end[1]
    for si, scene in items(checker.data, "scenes"):
        span = date_span(scene.get("date"))
        if span is not None and (span[1] < first or span[0] > last):
            checker.ctx.error(("scenes", si, "date"),
                              f"scene date {scene['date']} is outside the scenario's period "
                              f"({period['start']} to {period['end']})",
                              "correct the date, or widen period:", "W-PERIOD", severity="warning")


def meter_range(meter: dict) -> tuple[int, int] | None:
    lo, hi = meter.get("min", 0), meter.get("max", 100)
    if isinstance(lo, bool) or isinstance(hi, bool) or not isinstance(lo, int) or not isinstance(hi, int) or lo >= hi:
        return None
    return lo, hi


def check_effect(checker: SemanticChecker, path: tuple, name: str, delta: Any, declared: dict) -> None:
    """An effect larger than the whole range of the meter (or counter) it moves can never be
    applied in full."""
    span = checker.counters.get(name) if name in checker.counters else meter_range(declared)
    if span is None or isinstance(delta, bool) or not isinstance(delta, int):
        return
    lo, hi = span
    what = "counters" if name in checker.counters else "meters"
    if abs(delta) > hi - lo:
        checker.ctx.error(path, f"an effect of {delta:+d} can never be applied in full: {name} stays "
                          f"within {lo}..{hi}", f"{what} are clamped to their range; a change of "
                          f"{'+' if delta > 0 else '-'}{hi - lo} already takes it from one end to the other",
                          "W-EFFECT-RANGE", severity="warning")


def declared_ranges(checker: SemanticChecker) -> dict[str, tuple[int, int]]:
    """The range of every meter and counter whose range is well declared."""
    ranges = dict(checker.counters)
    for ident, meter in checker.meters.items():
        span = meter_range(meter)
        if span is not None:
            ranges[ident] = span
    return ranges


def ending_always_true(checker: SemanticChecker, index: int) -> bool:
    """Whether the condition of the ``index``-th ending holds for every player."""
    expr = checker.compiled.get(("endings", index, "condition"))
    return expr is not None and always_true(expr, checker.names, declared_ranges(checker))


def check_never_true(checker: SemanticChecker) -> None:
    """Every compiled condition that the declared ranges of meters and counters make impossible
    is an error."""
    ranges = declared_ranges(checker)
    known: dict[str, NeverTrue | None] = {}  # a condition repeated in many scenes is analysed once
    for path, expr in checker.compiled.items():
        if expr.source not in known:
            known[expr.source] = never_true(expr, checker.names, ranges)
        found = known[expr.source]
        if found is None:
            continue
        if found.segment.strip() in ("false", "False"):
            message = "this condition is always false"
        else:
            message = f"'{found.segment}' can never be true: {found.reason}"
        hint = "meters and counters never leave their min..max; change the number, or the range"
        if found.clash:
            hint = "every part joined by 'and' must hold at once: did you mean 'or', or the bounds the other way round?"
        if path[0] == "endings" and not found.clash:
            hint = ("for an ending reached only by a next that names it, write 'only_by_next: true' "
                    "instead of a condition" if found.reason == "it is always false" else
                    f"{hint}; for an ending reached only by a next that names it, write 'only_by_next: true' "
                    "instead of a condition")
        elif found.reason == "it is always false":
            hint = "a choice or outcome with this condition can never happen; remove it, or write a real test"
        checker.expression_error(path, found.column, message, hint, "E-NEVER-TRUE")


def check_unused_flags(checker: SemanticChecker) -> None:
    """A flag that choices set but that nothing reads is most likely left over from an edit.

    Flags are also part of the run record and of a campaign's carry-over card, so a flag with a
    ``description`` saying what it records is read, by people; so is one a scenario test checks,
    and one a text shows (``${clashes}``).
    """
    read: set[str] = set()
    for expr in checker.compiled.values():
        read |= expr.names
    for template in checker.templates.values():  # a text that shows it reads it too
        read |= template.names
    for _, test in items(checker.data, "tests"):
        if isinstance(test.get("flags"), dict):
            read |= set(test["flags"])
    for ident, flag_path in checker.flag_paths.items():
        described = isinstance(checker.flags[ident].get("description"), str)
        if ident in checker.flags_set and ident not in read and not described:
            checker.ctx.error(flag_path + ("id",), f"flag '{ident}' is set but never read: no condition or "
                              "test uses it, and no description says what it records",
                              "use it in a condition, describe what it records (description:), or remove it "
                              "and the set: entries that change it", "W-UNUSED-FLAG", severity="warning")
