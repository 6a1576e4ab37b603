"""Where a campaign chapter can open: its ``start``, and each of its ``openings`` with carried
flag values that open it there.

A chapter played from its start never meets the bridge scenes its openings lead to (they need
values carried from the chapter before), so a play-tester that only started from ``start``
would report every bridge as never reached.  The play-tester therefore also plays from each
opening, with a set of carried flag values found here that makes the engine itself open the
chapter on it (the first opening that holds wins, so an opening shadowed by earlier ones is
found with values that keep the earlier ones false, or not at all).
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass
from typing import Any

from game.engine import Carry, Scenario
from game.engine.rules import initial_state

#: The most combinations of carried values tried; campaign chapters need a few dozen.
MAX_TRIES = 4096


@dataclass(frozen=True)
class Entry:
    """A way into the chapter: the scene it opens on and the carry that opens it there."""

    scene: str
    carry: Carry

    def describe(self) -> str:
        flags = ", ".join(f"{k}={v!r}" for k, v in sorted(self.carry.flags.items()))
        return f"opened on '{self.scene}' with carried flags {flags}"


def _literals(scenario: Scenario) -> set[Any]:
    """The constants the openings' conditions compare with: the values worth trying."""
    found: set[Any] = set()
    for opening in scenario.openings:
        if opening.condition is None:
            continue
        try:
            tree = ast.parse(opening.condition.source, mode="eval")
        except SyntaxError:  # pragma: no cover - the loader compiled it already
            continue
        found |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    return found


def _candidates(scenario: Scenario) -> list[tuple[str, list[Any]]]:
    literals = _literals(scenario)
    read = set().union(*(o.condition.names for o in scenario.openings if o.condition is not None))
    out = []
    for flag in scenario.flags:
        if not flag.carried or flag.id not in read:
            continue
        if flag.type == "bool":
            values: list[Any] = [flag.default, not flag.default]
        elif flag.type == "text":
            values = [flag.default, *sorted(v for v in literals if isinstance(v, str) and v != flag.default)]
        else:
            ints = {v for v in literals if isinstance(v, int) and not isinstance(v, bool)}
            values = [flag.default, *sorted({n + d for n in ints for d in (-1, 0, 1)} - {flag.default})]
        out.append((flag.id, values))
    return out


def opening_entries(scenario: Scenario) -> list[Entry]:
    """One entry for each opening scene the engine can open the chapter on, in the openings'
    order, each with the first carried values (defaults first) that open it there."""
    if not scenario.openings:
        return []
    wanted = {o.scene for o in scenario.openings} - {scenario.start}
    found: dict[str, Carry] = {}
    names = _candidates(scenario)
    for tries, combo in enumerate(itertools.product(*(values for _, values in names))):
        if tries >= MAX_TRIES or len(found) == len(wanted):
            break
        carry = Carry({}, {name: value for (name, _), value in zip(names, combo)})
        scene = initial_state(scenario, 0, carry).scene
        if scene in wanted and scene not in found:
            found[scene] = carry
    order = list(dict.fromkeys(o.scene for o in scenario.openings))
    return [Entry(scene, found[scene]) for scene in order if scene in found]


__all__ = ["Entry", "opening_entries"]
