"""The historical track and the divergence figure.

The *historical track* is what the meters do when the Politburo's actual choices are played
(and, where a consequence was left to chance, the outcome that actually happened).  Every
player's run is compared with it turn by turn:

- **divergence at a turn** is the mean, over all meters, of the distance between the player's
  value and the historical value at the same turn, as a share of the meter's range, times 100:
  0 means "exactly where history was", 100 means "at the opposite end of every meter".  Past
  the end of the historical track the player is compared with its last values.
- **the run's divergence** is the mean of that figure over all the run's turns.
- **agreement** counts the decisions where the player took the historical option, out of the
  decisions whose scene had one.

``docs/divergence.md`` explains this for teachers.
"""

from __future__ import annotations

import random
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from game.engine.model import END, Scenario

if TYPE_CHECKING:
    from game.engine.game import Decision


@dataclass(frozen=True)
class TrackStep:
    turn: int
    scene: str
    choice: str
    meters: dict[str, int]


@dataclass(frozen=True)
class Track:
    start: dict[str, int]
    steps: tuple[TrackStep, ...]
    ending: str | None
    #: Why the historical path could not be played to an ending, if it could not.
    problem: str = ""

    def meters_at(self, turn: int) -> dict[str, int]:
        if turn <= 0 or not self.steps:
            return self.start
        return self.steps[min(turn, len(self.steps)) - 1].meters

    @property
    def choices(self) -> list[str]:
        return [step.choice for step in self.steps]

    def series(self, meter: str) -> list[int]:
        """Values of ``meter`` from turn 0 to the end of the track."""
        return [self.start[meter]] + [step.meters[meter] for step in self.steps]


@dataclass(frozen=True)
class Comparison:
    turn: int
    player: dict[str, int]
    history: dict[str, int]
    divergence: int
    matched: int
    decided: int
    per_meter: dict[str, int] = field(default_factory=dict)


_TRACKS: "weakref.WeakKeyDictionary[Scenario, Track]" = weakref.WeakKeyDictionary()


def historical_track(scenario: Scenario) -> Track:
    """Play the historical choices once per scenario (cached)."""
    track = _TRACKS.get(scenario)
    if track is None:
        track = _play_history(scenario)
        _TRACKS[scenario] = track
    return track


def historical_path(scenario: Scenario) -> tuple[list[tuple[str, str, int | None]], str | None, str]:
    """The historical path as (scene, choice, forced outcome) steps, the ending, and any problem."""
    from game.engine.game import Game

    game = Game(scenario, random.Random(0))
    steps: list[tuple[str, str, int | None]] = []
    seen: set[str] = set()
    while not game.is_over:
        scene = game.scene
        assert scene is not None
        if scene.id in seen:
            return steps, None, f"the historical path returns to scene '{scene.id}'"
        seen.add(scene.id)
        choice = scene.historical_choice
        if choice is None:
            return steps, None, f"scene '{scene.id}' on the historical path has no historical choice"
        if choice.id not in {c.id for c in game.available_choices()}:
            return steps, None, f"the historical choice '{choice.id}' in scene '{scene.id}' is not available"
        forced = None
        if choice.next is None:
            env = game.env()
            usable = [i for i, o in enumerate(choice.outcomes) if o.condition is None or o.condition(env)]
            marked = [i for i in usable if choice.outcomes[i].historical]
            forced = marked[0] if marked else max(usable or [0], key=lambda i: choice.outcomes[i].weight)
        game._apply(scene, choice, forced)
        steps.append((scene.id, choice.id, forced))
    return steps, game.ending_id, ""


def _play_history(scenario: Scenario) -> Track:
    from game.engine.game import Game

    steps, ending, problem = historical_path(scenario)
    game = Game(scenario, random.Random(0))
    start = dict(game.meters)
    out = []
    for scene_id, choice_id, forced in steps:
        scene = game.scene
        assert scene is not None
        game._apply(scene, scene.choice(choice_id), forced)
        out.append(TrackStep(game.turn, scene_id, choice_id, dict(game.meters)))
    return Track(start, tuple(out), ending, problem)


def divergence_between(scenario: Scenario, player: Mapping[str, int], history: Mapping[str, int]) -> tuple[int, dict[str, int]]:
    """Divergence (0-100) between two sets of meter values, and each meter's own share."""
    per: dict[str, int] = {}
    total = 0.0
    for meter in scenario.meters:
        share = abs(player[meter.id] - history[meter.id]) / meter.span
        per[meter.id] = round(100 * share)
        total += share
    return round(100 * total / max(len(scenario.meters), 1)), per


def compare(scenario: Scenario, turn: int, meters: Mapping[str, int],
            decisions: Sequence["Decision"]) -> Comparison:
    track = historical_track(scenario)
    history = track.meters_at(turn)
    div, per = divergence_between(scenario, meters, history)
    decided = [d for d in decisions if d.historical is not None]
    matched = sum(1 for d in decided if d.historical)
    return Comparison(turn, dict(meters), dict(history), div, matched, len(decided), per)


def run_divergence(scenario: Scenario, decisions: Sequence["Decision"]) -> int:
    """The mean divergence over a run's turns (0 for a run with no decisions)."""
    if not decisions:
        return 0
    track = historical_track(scenario)
    total = sum(divergence_between(scenario, d.meters, track.meters_at(d.turn))[0] for d in decisions)
    return round(total / len(decisions))


def seesaw_position(scenario: Scenario, meters: Mapping[str, Any]) -> int | None:
    """Where the decisions lean: -100 toward the left meter (national interest), +100 toward
    the right one (bloc rivalry), measured as the difference of each meter's change since the
    start, as shares of their ranges."""
    if scenario.seesaw is None:
        return None
    left_id, right_id = scenario.seesaw
    left, right = scenario.meter(left_id), scenario.meter(right_id)
    d_left = (meters[left_id] - left.clamp(left.start)) / left.span
    d_right = (meters[right_id] - right.clamp(right.start)) / right.span
    return max(-100, min(100, round(100 * (d_right - d_left))))


__all__ = ["END", "Comparison", "Track", "TrackStep", "compare", "divergence_between",
           "historical_path", "historical_track", "run_divergence", "seesaw_position"]
