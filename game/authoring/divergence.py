"""Divergence as players see it, for the play-testers: how far from history runs can end up.

The figure is the player-facing one (:mod:`game.play.figures`): a run's mean distance from
history over its decisions, on the scenario's own scale, where history scores 0 and the
farthest reachable run 100 (:mod:`game.play.scale`).  Random play reports what its runs scored;
the exhaustive walk reports the lowest and highest any run can score.  An author reads from
them whether the scenario lets players leave history at all, and how far.

The extremes come from the same walk that sets the scale (:func:`game.play.scale.reach`), so
the play-tester's highest figure and the players' 100 are one measurement.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from collections.abc import Iterable

from game.engine import Scenario
from game.play.scale import divergence_scale, reach


@dataclass(frozen=True)
class Extremes:
    """The lowest and highest divergence (0-100) of any complete run; ``complete`` is False
    when the walk stopped at its bound (the figures are then of the runs it finished)."""

    min: int
    max: int
    complete: bool
    runs_seen: bool = True

    def to_dict(self) -> dict[str, int | bool]:
        return {"min": self.min, "max": self.max, "complete": self.complete}


def scaled(scenario: Scenario, raw: float) -> int:
    """A raw mean distance as players see it: 0-100 on the scenario's scale."""
    return min(100, round(100 * raw / divergence_scale(scenario)))


def extremes(scenario: Scenario, max_states: int = 200_000, max_turns: int | None = None) -> Extremes:
    """The lowest and highest divergence any run of the scenario can end with, among runs of at
    most ``max_turns`` decisions (default: the scenario's longest run)."""
    found = reach(scenario, max_states, max_turns)
    if not found.ended:
        return Extremes(0, 0, found.complete, runs_seen=False)
    return Extremes(scaled(scenario, found.low), scaled(scenario, found.high), found.complete)


def spread(figures: Iterable[int]) -> dict[str, float] | None:
    """Random play: the lowest, median and highest divergence of the runs that ended."""
    ordered = sorted(figures)
    if not ordered:
        return None
    return {"min": ordered[0], "median": statistics.median(ordered), "max": ordered[-1]}
