"""The historical path and track: what the Politburo's actual choices do in the scenario.

The *historical path* is the chain of historical choices from the start (and, where a
consequence was left to chance, the outcome marked historical, or else the likeliest one that
can happen).  The *historical track* is what the meters do along it.  Both are played with the
rules (:mod:`game.engine.rules`) and cached per scenario and starting carry; everything that
compares a player with history reads them from here.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping

from game.engine.record import record
from game.engine import rules
from game.engine.model import Choice, Scenario
from game.engine.state import Carry, Decision, GameState


@record(slots=False)
class TrackStep:
    turn: int
    scene: str
    choice: str
    meters: Mapping[str, int]
    #: The chance outcome taken (None for a choice with a fixed next).
    outcome: int | None = None


@record(slots=False)
class Track:
    start: Mapping[str, int]
    steps: tuple[TrackStep, ...]
    ending: str | None
    #: Why the historical path could not be played to an ending, if it could not.
    problem: str = ""

    def meters_at(self, turn: int) -> Mapping[str, int]:
        """History's meters after decision ``turn`` (its last values past its end)."""
        if turn <= 0 or not self.steps:
            return self.start
        return self.steps[min(turn, len(self.steps)) - 1].meters

    @property
    def choices(self) -> list[str]:
        return [step.choice for step in self.steps]

    @property
    def end_meters(self) -> Mapping[str, int]:
        return self.meters_at(len(self.steps))

    def series(self, meter: str) -> list[int]:
        """Values of ``meter`` from turn 0 to the end of the track."""
        return [self.start[meter]] + [step.meters[meter] for step in self.steps]

    def decisions(self) -> list[Decision]:
        """The path as decisions, for replaying or scripting it."""
        return [Decision(s.turn, s.scene, s.choice, True, s.meters, s.outcome) for s in self.steps]


def historical_outcome(scenario: Scenario, state: GameState, choice: Choice) -> int | None:
    """The outcome history took for ``choice`` in ``state``: the one marked historical among
    those that can happen, else the likeliest that can.  None for a choice with a fixed next."""
    if choice.next is not None:
        return None
    usable = rules.eligible_outcomes(choice, rules.after_choice_env(scenario, state, choice))
    marked = [i for i in usable if choice.outcomes[i].historical]
    if marked:
        return marked[0]
    return max(usable or [0], key=lambda i: choice.outcomes[i].weight)


_CarryKey = tuple[tuple[tuple[str, int], ...], tuple[tuple[str, str], ...]]
_TRACKS: weakref.WeakKeyDictionary[Scenario, dict[_CarryKey, Track]] = weakref.WeakKeyDictionary()


def _carry_key(carry: Carry) -> _CarryKey:
    return (tuple(sorted(carry.meters.items())), tuple(sorted((k, repr(v)) for k, v in carry.flags.items())))


def historical_track(scenario: Scenario, carry: Carry | None = None) -> Track:
    """Play the historical choices once per scenario and carry (cached).

    With a carry (a campaign chapter), history starts where the player's world started, so the
    comparison measures this chapter's decisions and not the previous chapter's again."""
    kept = Carry.for_scenario(scenario, carry)
    per_scenario = _TRACKS.setdefault(scenario, {})
    key = _carry_key(kept)
    track = per_scenario.get(key)
    if track is None:
        track = per_scenario[key] = _play_history(scenario, kept)
    return track


def _play_history(scenario: Scenario, carry: Carry) -> Track:
    state = rules.initial_state(scenario, 0, carry, openings=False)
    start = dict(state.meters)
    steps: list[TrackStep] = []
    seen: set[str] = set()
    problem = ""
    while not state.is_over:
        scene = rules.current_scene(scenario, state)
        assert scene is not None
        if scene.id in seen:
            problem = f"the historical path returns to scene '{scene.id}'"
            break
        seen.add(scene.id)
        choice = scene.historical_choice
        if choice is None:
            problem = f"scene '{scene.id}' on the historical path has no historical choice"
            break
        if choice not in rules.available_choices(scenario, state):
            problem = f"the historical choice '{choice.id}' in scene '{scene.id}' is not available"
            break
        outcome = historical_outcome(scenario, state, choice)
        state = rules.step(scenario, state, choice.id, outcome=outcome).state
        steps.append(TrackStep(state.turn, scene.id, choice.id, dict(state.meters), outcome))
    return Track(start, tuple(steps), state.ending, problem)
