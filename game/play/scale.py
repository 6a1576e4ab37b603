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
from game.engine.record import record
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


@record(slots=False)
class Reach:
    """The lowest and highest raw run divergence among the runs that end (``ended`` False when
    none did), and whether every run was followed (False when the walk stopped at its bound)."""

    low: float
    high: float
    ended: bool
    complete: bool


def reach(scenario: Scenario, max_states: int = MAX_STATES, max_turns: int | None = None) -> Reach:
    """Every run of the scenario, walked by decision number: the states reached after *n*
    decisions (scene, meters, flags) keep the lowest and the highest total distance of the ways
    into them, so the extremes of complete runs are exact.  Runs are followed up to
    ``max_turns`` decisions (the scenario's longest run: random play calls a longer one a loop,
    and a scenario that loops in one state would otherwise walk one layer at a time to
    ``max_states``)."""
    track = historical_track(scenario)
    meter_ids = [m.id for m in scenario.meters]
    flag_ids = [f.id for f in scenario.flags]
    limit = scenario.longest_run if max_turns is None else max_turns
    frontier: dict[tuple[object, ...], tuple[GameState, float, float]] = {
        ("start",): (rules.initial_state(scenario, 0), 0.0, 0.0)}
    low, high, seen, turn, ended = float("inf"), float("-inf"), 0, 0, False
    while frontier and seen < max_states and turn < limit:
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
                        ended = True
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
    return Reach(low if ended else 0.0, high if ended else 0.0, ended, not frontier)


def farthest_mean(scenario: Scenario, max_states: int = MAX_STATES) -> float:
    """The largest raw run divergence any run can reach (0 for a scenario with no meters)."""
    return reach(scenario, max_states).high


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
