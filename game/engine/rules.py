"""The rules as pure functions: a scenario and a state in, a new state and events out.

Nothing here keeps anything between calls, prints, reads a clock or draws from a global
generator; chance is a function of the state's seed and the decision number
(:mod:`game.engine.chance`).  :class:`game.engine.Game` is a thin convenience over these, and the
tools that walk many games (the play-testers, migration, the historical track, live reload) call
them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from game.engine import chance
from game.engine.events import (
    ChoiceMade, Event, FlagSet, GameEnded, MeterChanged, OutcomeDrawn, SceneEntered,
)
from game.engine.model import END, Choice, Outcome, Scenario, Scene
from game.engine.state import (
    Carry, ChoiceUnavailable, Decision, GameOver, GameState, Option, StateError,
)


@dataclass(frozen=True, slots=True)
class Step:
    """What one decision did: the state after it and the events, in the order they happened."""

    state: GameState
    events: tuple[Event, ...]


def start_values(scenario: Scenario, carry: Carry) -> dict[str, int]:
    """Each meter's value at the start: its declared start, shifted by what was carried in."""
    return {m.id: m.clamp(m.start + carry.meters.get(m.id, 0)) for m in scenario.meters}


def initial_state(scenario: Scenario, seed: int, carry: Carry | None = None) -> GameState:
    """A new game at the scenario's start.  ``carry`` comes from an earlier campaign chapter."""
    kept = Carry.for_scenario(scenario, carry)
    flags = {f.id: f.default for f in scenario.flags}
    flags.update(kept.flags)
    return GameState(scenario.start, None, start_values(scenario, kept), flags, 0, (), int(seed), kept)


def current_scene(scenario: Scenario, state: GameState) -> Scene | None:
    return None if state.scene is None else scenario.scene(state.scene)


def options(scenario: Scenario, state: GameState) -> list[Option]:
    """The choices shown now: available ones, and unavailable ones that carry a reason."""
    if state.scene is None or state.is_over:
        return []
    env = state.env()
    shown = []
    for choice in scenario.scene(state.scene).choices:
        if choice.condition is None or choice.condition(env):
            shown.append(Option(choice, True))
        elif choice.disabled_reason:
            shown.append(Option(choice, False, choice.disabled_reason))
    return shown


def available_choices(scenario: Scenario, state: GameState) -> list[Choice]:
    if state.scene is None or state.is_over:
        return []
    env = state.env()
    return [c for c in scenario.scene(state.scene).choices if c.condition is None or c.condition(env)]


def eligible_outcomes(choice: Choice, env: dict[str, Any]) -> list[int]:
    """Positions of the outcomes of ``choice`` that can happen with the names in ``env`` (which
    must already include the choice's own changes and the new decision number)."""
    return [i for i, o in enumerate(choice.outcomes) if o.condition is None or o.condition(env)]


def step(scenario: Scenario, state: GameState, choice_id: str, *, outcome: int | None = None) -> Step:
    """Take the decision ``choice_id`` in ``state``.

    ``outcome`` forces which chance outcome happens (replays, the historical path, a test that
    names its outcome); it must be one that can happen then.  Without it the seed decides."""
    if state.is_over:
        raise GameOver("the game has ended")
    scene = current_scene(scenario, state)
    assert scene is not None
    choice = next((c for c in available_choices(scenario, state) if c.id == choice_id), None)
    if choice is None:
        known = [c.id for c in scene.choices]
        if choice_id in known:
            raise ChoiceUnavailable(f"choice '{choice_id}' is not available now")
        raise ChoiceUnavailable(
            f"scene '{scene.id}' has no choice '{choice_id}' (choices: {', '.join(known)})")
    return _apply(scenario, state, scene, choice, outcome)


def _apply(scenario: Scenario, state: GameState, scene: Scene, choice: Choice,
           forced: int | None) -> Step:
    turn = state.turn + 1
    meters = dict(state.meters)
    flags = dict(state.flags)
    has_historical = scene.historical_choice is not None
    historical = choice.is_historical if has_historical else None
    events: list[Event] = [ChoiceMade(turn, scene.id, choice.id, historical, choice.result)]
    _change(scenario, meters, flags, choice.effects, choice.sets, events)
    target = choice.next
    drawn: int | None = None
    if target is None:
        env: dict[str, Any] = dict(meters)
        env.update(flags)
        env["turn"] = turn
        drawn, picked = _draw(choice, env, state.seed, turn, forced)
        events.append(OutcomeDrawn(drawn, picked.result, picked.historical))
        _change(scenario, meters, flags, picked.effects, picked.sets, events)
        target = picked.next
    decisions = state.decisions + (Decision(turn, scene.id, choice.id, historical, meters, drawn),)
    ending: str | None = None
    # A meter past a threshold ends the game whatever the choice pointed at.
    for meter in scenario.meters:
        for threshold in meter.ends_game:
            if threshold.reached(meters[meter.id]):
                ending = threshold.ending
                events.append(GameEnded(ending, scenario.ending(ending).is_historical, "threshold", meter.id))
                break
        if ending is not None:
            break
    if ending is None and target == END:
        env = dict(meters)
        env.update(flags)
        env["turn"] = turn
        ending = resolve_ending(scenario, env)
        events.append(GameEnded(ending, scenario.ending(ending).is_historical, "end"))
    elif ending is None and scenario.has_ending(target):
        ending = target
        events.append(GameEnded(ending, scenario.ending(ending).is_historical, "choice"))
    elif ending is None:
        events.append(SceneEntered(target))
    new = GameState(None if ending is not None else target, ending, meters, flags, turn, decisions,
                    state.seed, state.carry)
    return Step(new, tuple(events))


def _draw(choice: Choice, env: dict[str, Any], seed: int, turn: int,
          forced: int | None) -> tuple[int, Outcome]:
    outcomes = choice.outcomes
    eligible = eligible_outcomes(choice, env)
    if forced is not None:
        if not 0 <= forced < len(outcomes):
            raise ChoiceUnavailable(f"choice '{choice.id}' has no outcome {forced + 1}")
        if eligible and forced not in eligible:
            raise ChoiceUnavailable(f"outcome {forced + 1} of choice '{choice.id}' cannot happen now")
        return forced, outcomes[forced]
    if not eligible:  # the validator warns; fall back to the first outcome, never crash
        return 0, outcomes[0]
    position = chance.pick([outcomes[i].weight for i in eligible], chance.roll(seed, turn))
    return eligible[position], outcomes[eligible[position]]


def _change(scenario: Scenario, meters: dict[str, int], flags: dict[str, Any],
            effects: Iterable[tuple[str, int]], sets: Iterable[tuple[str, Any]], events: list[Event]) -> None:
    for meter_id, delta in effects:
        old = meters[meter_id]
        new = scenario.meter(meter_id).clamp(old + delta)
        meters[meter_id] = new
        events.append(MeterChanged(meter_id, old, new, delta))
    for flag_id, value in sets:
        old_value = flags[flag_id]
        flags[flag_id] = value
        events.append(FlagSet(flag_id, old_value, value))


def after_choice_env(scenario: Scenario, state: GameState, choice: Choice) -> dict[str, Any]:
    """The names as they are when a chance outcome of ``choice`` is drawn: after the choice's own
    changes, with the new decision number."""
    meters, flags = dict(state.meters), dict(state.flags)
    _change(scenario, meters, flags, choice.effects, choice.sets, [])
    env: dict[str, Any] = dict(meters)
    env.update(flags)
    env["turn"] = state.turn + 1
    return env


def resolve_ending(scenario: Scenario, env: dict[str, Any]) -> str:
    """``next: end``: the first ending whose condition holds (the last one if none does)."""
    for ending in scenario.endings:
        if ending.condition is None or ending.condition(env):
            return ending.id
    return scenario.endings[-1].id  # the validator requires a fallback; never crash


# -- replay ------------------------------------------------------------------------------------

def why_not(scenario: Scenario, state: GameState, decision: Decision) -> str:
    """Why ``decision`` cannot be replayed in ``state`` ('' when it can)."""
    if state.is_over:
        return f"the game now ends before it, with '{state.ending}'"
    scene = current_scene(scenario, state)
    assert scene is not None
    if scene.id != decision.scene:
        return f"it was taken in scene '{decision.scene}', but the story now leads to '{scene.id}'"
    choice = next((c for c in scene.choices if c.id == decision.choice), None)
    if choice is None:
        return f"scene '{scene.id}' no longer has the choice '{decision.choice}'"
    if choice not in available_choices(scenario, state):
        cond = f" (its condition '{choice.condition.source}' is false now)" if choice.condition else ""
        return f"the choice '{choice.id}' is no longer available there{cond}"
    if choice.next is None:
        if decision.outcome is None:
            return f"the choice '{choice.id}' is now left to chance, and the save has no draw for it"
        if not 0 <= decision.outcome < len(choice.outcomes):
            return f"the outcome drawn then (number {decision.outcome + 1}) is no longer among its outcomes"
        eligible = eligible_outcomes(choice, after_choice_env(scenario, state, choice))
        if eligible and decision.outcome not in eligible:
            return f"the outcome drawn then (number {decision.outcome + 1}) can no longer happen"
    return ""


def replay_decision(scenario: Scenario, state: GameState, decision: Decision) -> Step:
    """Take ``decision`` again, with the chance outcome it had.  Raises :class:`StateError`
    (with :func:`why_not`'s reason) when it no longer fits."""
    reason = why_not(scenario, state, decision)
    if reason:
        raise StateError(f"decision {decision.turn} cannot be replayed: {reason}")
    scene = current_scene(scenario, state)
    assert scene is not None
    choice = scene.choice(decision.choice)
    return _apply(scenario, state, scene, choice, decision.outcome if choice.next is None else None)


def replay(scenario: Scenario, seed: int, carry: Carry | None,
           decisions: Sequence[Decision]) -> tuple[GameState, int, str]:
    """Replay ``decisions`` by id from the start, as far as they fit.  Returns the state, how
    many were replayed and why replay stopped ('' if all were)."""
    state = initial_state(scenario, seed, carry)
    for n, decision in enumerate(decisions):
        reason = why_not(scenario, state, decision)
        if reason:
            return state, n, reason
        state = replay_decision(scenario, state, decision).state
    return state, len(decisions), ""
