"""Every figure shown to players and teachers, computed in one place.

- **divergence** of a run: the mean, over the run's decisions, of how far the player's meters
  were from history's after the same decision (each meter's distance as a share of its range,
  averaged over the meters), as a share of the farthest any run of this scenario can get
  (:mod:`game.play.scale`).  0 means "exactly where history was", 100 "as far as this scenario
  allows"; see ``docs/divergence.md``.  The student's screens, the run record and the class
  report all show this one number.
- **final divergence**: the same distance after the last decision only, on the same scale (the
  record keeps it for teachers' tools; screens show it per meter as "you 60, history 55").
- **agreement**: the decisions where the player took the Politburo's option, out of the decisions
  whose scene had one.
- **seesaw**: where the decisions lean between the two seesaw meters, -100 .. +100, from the
  change of each since the start as shares of their ranges.

History is played from the same start as the player (a campaign chapter's carried values), so
a chapter measures its own decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.engine import Decision, GameState, Scenario
from game.engine.history import Track, historical_track
from game.engine.record import record
from game.engine.rules import start_values
from game.play.scale import divergence_scale, raw_divergence


@record(slots=False)
class Figures:
    divergence: int
    final_divergence: int
    matched: int
    decided: int
    seesaw: int | None


def _scaled(scenario: Scenario, raw: float) -> int:
    return min(100, round(100 * raw / divergence_scale(scenario)))


def divergence_between(scenario: Scenario, player: Mapping[str, int], history: Mapping[str, int]) -> int:
    """How far apart two sets of meter values are, 0-100 on the scenario's scale."""
    return _scaled(scenario, raw_divergence(scenario, dict(player), dict(history)))


def run_divergence(scenario: Scenario, track: Track, decisions: Sequence[Decision]) -> int:
    """The run's divergence over its decisions (0 before the first), 0-100 on the scenario's scale."""
    if not decisions:
        return 0
    total = sum(raw_divergence(scenario, dict(d.meters), dict(track.meters_at(d.turn))) for d in decisions)
    return _scaled(scenario, total / len(decisions))


def agreement(decisions: Sequence[Decision]) -> tuple[int, int]:
    """(matched, decided): decisions that took the Politburo's option, of those that had one."""
    decided = [d for d in decisions if d.historical is not None]
    return sum(1 for d in decided if d.historical), len(decided)


def seesaw(scenario: Scenario, meters: Mapping[str, int], start: Mapping[str, int]) -> int | None:
    """-100 (all national interest) .. +100 (all bloc rivalry); None without a seesaw."""
    if scenario.seesaw is None:
        return None
    left_id, right_id = scenario.seesaw
    left, right = scenario.meter(left_id), scenario.meter(right_id)
    d_left = (meters[left_id] - start[left_id]) / left.span
    d_right = (meters[right_id] - start[right_id]) / right.span
    return max(-100, min(100, round(100 * (d_right - d_left))))


def track_for(scenario: Scenario, state: GameState) -> Track:
    """History from where this game started."""
    return historical_track(scenario, state.carry)


def figures(scenario: Scenario, state: GameState) -> Figures:
    track = track_for(scenario, state)
    matched, decided = agreement(state.decisions)
    final = divergence_between(scenario, state.meters, track.meters_at(state.turn))
    return Figures(run_divergence(scenario, track, state.decisions), final, matched, decided,
                   seesaw(scenario, state.meters, start_values(scenario, state.carry)))


def seesaw_words(position: int | None, scenario: Scenario) -> str:
    """Where the decisions lean, in words: the gauge's meaning without the gauge."""
    if position is None or scenario.seesaw is None:
        return "no seesaw in this scenario"
    left, right = (scenario.meter(m).label.lower() for m in scenario.seesaw)
    if abs(position) < 10:
        return "balanced"
    strength = "strongly " if abs(position) >= 50 else ""
    return f"leans {strength}to {left if position < 0 else right}"
