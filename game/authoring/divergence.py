"""Divergence as players see it, for the play-testers: how far from history runs can end up.

The figure is the player-facing one (:mod:`game.play.figures`): a run's mean distance from
history over its decisions, on the scenario's own scale, where history scores 0 and the
farthest reachable run 100 (:mod:`game.play.scale`).  Random play reports what its runs scored;
the exhaustive walk reports the lowest and highest any run can score.  An author reads from
them whether the scenario lets players leave history at all, and how far.

The extremes come from a walk by decision number: every state reached after *n* decisions
(scene, meters, flags) keeps the lowest and the highest total distance of the ways into it.
What follows a state depends only on the state, so the extremes of complete runs are exact.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from collections.abc import Iterable

from game.engine import GameState, Scenario, rules
from game.engine.history import historical_track
from game.play.scale import divergence_scale, raw_divergence


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
    most ``max_turns`` decisions (random play's bound: a longer run counts as a loop there, and a
    scenario that can loop would otherwise walk layer after layer to ``max_states``)."""
    track = historical_track(scenario)
    meter_ids = [m.id for m in scenario.meters]
    flag_ids = [f.id for f in scenario.flags]
    frontier: dict[tuple[object, ...], tuple[GameState, float, float]] = {
        ("start",): (rules.initial_state(scenario, 0), 0.0, 0.0)}
    low, high, seen, finished, turn = float("inf"), float("-inf"), 0, False, 0
    while frontier and seen < max_states and (max_turns is None or turn < max_turns):
        turn += 1
        layer: dict[tuple[object, ...], tuple[GameState, float, float]] = {}
        for state, least, most in frontier.values():
            seen += 1
            for choice in rules.available_choices(scenario, state):
                outcomes: list[int | None] = [None]
                if choice.next is None:
                    env = rules.after_choice_env(scenario, state, choice)
                    outcomes = list(rules.eligible_outcomes(choice, env) or [0])
                for outcome in outcomes:
                    after = rules.step(scenario, state, choice.id, outcome=outcome, trace=False).state
                    here = raw_divergence(scenario, after, dict(track.meters_at(after.turn)))
                    if after.ending is not None:
                        finished = True
                        low, high = min(low, (least + here) / after.turn), max(high, (most + here) / after.turn)
                        continue
                    key = (after.scene, after.turn, *(after.meters[m] for m in meter_ids),
                           *(after.flags[f] for f in flag_ids))
                    kept = layer.get(key)
                    if kept is None:
                        layer[key] = (after, least + here, most + here)
                    else:
                        layer[key] = (kept[0], min(kept[1], least + here), max(kept[2], most + here))
        frontier = layer
    if not finished:
        return Extremes(0, 0, not frontier, runs_seen=False)
    return Extremes(scaled(scenario, low), scaled(scenario, high), not frontier)


def spread(figures: Iterable[int]) -> dict[str, float] | None:
    """Random play: the lowest, median and highest divergence of the runs that ended."""
    ordered = sorted(figures)
    if not ordered:
        return None
    return {"min": ordered[0], "median": statistics.median(ordered), "max": ordered[-1]}
