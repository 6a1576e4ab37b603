"""The divergence scale: how far from history a player of this scenario can possibly get.

A run's *raw* divergence (the mean over its decisions of how far the meters stood from history's,
as a share of their ranges) depends on how far the scenario's effects can push the meters: in a
scenario of small steps even the wildest run stays near history.  So the figure players and
teachers see is the raw divergence as a share of the **largest raw divergence any run of the
scenario can reach**, found here by walking every reachable state once (the same exhaustive walk
the play-tester uses, merged by scene, meters, flags and decision number, keeping the farthest
way into each state).  History scores 0 and the farthest reachable run 100.

Why a walk and not a formula: effects interact with conditions, thresholds and chance; only
playing them says what is reachable.  The walk takes up to a second for the bundled scenarios,
so its result is kept per scenario version (content hash) in memory and in the user's data
folder, and is computed once.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from game.engine import GameState, Scenario, rules
from game.engine.history import historical_track
from game.paths import data_home
from game.storage import atomic_write_json

#: Walks larger than this stop early: the scale is then the farthest found so far (a floor).
MAX_STATES = 400_000

_SCALES: dict[str, float] = {}


def raw_divergence(scenario: Scenario, player: dict[str, int] | GameState, history: dict[str, int]) -> float:
    """How far apart two sets of meter values are: the mean share of each meter's range, x100."""
    meters = player.meters if isinstance(player, GameState) else player
    if not scenario.meters:
        return 0.0
    return 100 * sum(abs(meters[m.id] - history[m.id]) / m.span for m in scenario.meters) / len(scenario.meters)


def farthest_mean(scenario: Scenario, max_states: int = MAX_STATES) -> float:
    """The largest raw run divergence any run can reach (0 for a scenario with no meters)."""
    track = historical_track(scenario)
    meter_ids = [m.id for m in scenario.meters]
    flag_ids = [f.id for f in scenario.flags]
    start = rules.initial_state(scenario, 0)
    frontier: dict[tuple[object, ...], tuple[GameState, float]] = {("start",): (start, 0.0)}
    best = 0.0
    seen = turn = 0
    # A run longer than the scenario's longest run is a loop (random play stops it there too);
    # a scenario that can loop in one state would otherwise walk one layer at a time to max_states.
    while frontier and seen < max_states and turn < scenario.longest_run:
        turn += 1
        layer: dict[tuple[object, ...], tuple[GameState, float]] = {}
        for state, total in frontier.values():
            seen += 1
            for choice in rules.available_choices(scenario, state):
                if choice.next is None:
                    outcomes: list[int | None] = list(
                        rules.eligible_outcomes(choice, rules.after_choice_env(scenario, state, choice)) or [0])
                else:
                    outcomes = [None]
                for outcome in outcomes:
                    after = rules.step(scenario, state, choice.id, outcome=outcome, trace=False).state
                    reached = total + raw_divergence(scenario, after, dict(track.meters_at(after.turn)))
                    if after.ending is not None:
                        best = max(best, reached / after.turn)
                        continue
                    key = (after.scene, after.turn, *(after.meters[m] for m in meter_ids),
                           *(after.flags[f] for f in flag_ids))
                    kept = layer.get(key)
                    if kept is None or kept[1] < reached:
                        layer[key] = (after, reached)
        frontier = layer
    return best


def _cache_file(scenario: Scenario) -> Path:
    digest = scenario.content_hash.replace("sha256:", "")[:32] or "none"
    return data_home() / "cache" / f"divergence-{digest}.json"


def divergence_scale(scenario: Scenario) -> float:
    """The farthest raw run divergence for this scenario version (cached; at least 1)."""
    key = scenario.content_hash or f"{scenario.id}@{scenario.version}"
    scale = _SCALES.get(key)
    if scale is not None:
        return scale
    path = _cache_file(scenario) if scenario.content_hash else None
    if path is not None:
        try:
            scale = float(json.loads(path.read_text(encoding="utf-8"))["farthest"])
        except (OSError, ValueError, KeyError, TypeError):
            scale = None
    if scale is None or not scale > 0:
        scale = max(farthest_mean(scenario), 1.0)
        if path is not None:
            # A read-only data folder: the walk is simply done again next time.
            with contextlib.suppress(OSError):
                atomic_write_json(path, {"scenario": scenario.id, "version": scenario.version,
                                         "hash": scenario.content_hash, "farthest": scale})
    _SCALES[key] = scale
    return scale
