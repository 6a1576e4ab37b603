"""The rules as pure functions: a scenario and a state in, a new state and events out.

Nothing here keeps anything between calls, prints, reads a clock or draws from a global
generator; chance is a function of the state's seed and the decision number
(:mod:`game.engine.chance`).  :class:`game.engine.Game` is a thin convenience over these, and the
tools that walk many games (the play-testers, migration, the historical track, live reload) call
them directly.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from collections.abc import Callable, Mapping, Sequence

from game.engine import chance
from game.engine.events import (
    ChoiceMade, Event, FlagSet, GameEnded, MeterChanged, OutcomeDrawn, SceneEntered,
)
from game.engine.model import END, Choice, Lookups, Outcome, Scenario, Scene
from game.engine.state import (
    Carry, ChoiceUnavailable, Decision, GameOver, GameState, Option, StateError, names_of,
)


class Step(NamedTuple):
    """What one decision did: the state after it and the events, in the order they happened.

    ``outcome`` (the chance outcome drawn, 0-based, or None) and ``reason`` (how the game ended:
    ``choice``, ``threshold`` or ``end``; '' while it goes on) are there even without events, for
    the play-testers, which count them on every step and build no events."""

    state: GameState
    events: tuple[Event, ...]
    outcome: int | None = None
    reason: str = ""


def _names(state: GameState) -> Mapping[str, Any]:
    """The names conditions read in ``state``, shared, never copied (conditions only read)."""
    names = state.names
    return names if names is not None else names_of(state.meters, state.flags, state.turn)


def start_values(scenario: Scenario, carry: Carry) -> dict[str, int]:
    """Each meter's value at the start: its declared start, shifted by what was carried in."""
    return {m.id: m.clamp(m.start + carry.meters.get(m.id, 0)) for m in scenario.meters}


def initial_state(scenario: Scenario, seed: int, carry: Carry | None = None, *,
                  openings: bool = True) -> GameState:
    """A new game at the scenario's start.  ``carry`` comes from an earlier campaign chapter; the
    scenario's ``openings`` may then open it on another scene (a chapter whose world has left
    history).  ``openings=False`` always opens on ``start`` (the historical track does)."""
    kept = Carry.for_scenario(scenario, carry) if carry else Carry()
    flags = {f.id: f.default for f in scenario.flags}
    for flag_id, value in kept.flags.items():  # a carried counter is kept within this chapter's range
        flags[flag_id] = scenario.flag(flag_id).clamp(value) if isinstance(value, int) else value
    meters = start_values(scenario, kept)
    scene = scenario.start
    if openings and scenario.openings:
        env: dict[str, Any] = dict(meters)
        env.update(flags)
        env["turn"] = 0
        scene = next((o.scene for o in scenario.openings if o.condition is None or o.condition(env)), scene)
    return GameState(scene, None, meters, flags, 0, (), int(seed), kept, names_of(meters, flags, 0))


def current_scene(scenario: Scenario, state: GameState) -> Scene | None:
    return None if state.scene is None else scenario.scene(state.scene)


def options(scenario: Scenario, state: GameState) -> list[Option]:
    """The choices shown now: available ones, and unavailable ones that carry a reason."""
    if state.scene is None or state.is_over:
        return []
    env = _names(state)
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
    env = _names(state)
    return [c for c in scenario.scene(state.scene).choices if c.condition is None or c.condition(env)]


def eligible_outcomes(choice: Choice, env: dict[str, Any]) -> list[int]:
    """Positions of the outcomes of ``choice`` that can happen with the names in ``env`` (which
    must already include the choice's own changes and the new decision number)."""
    return [i for i, o in enumerate(choice.outcomes) if o.condition is None or o.condition(env)]


def step(scenario: Scenario, state: GameState, choice_id: str, *, outcome: int | None = None,
         trace: bool = True) -> Step:
    """Take the decision ``choice_id`` in ``state``.

    ``outcome`` forces which chance outcome happens (replays, the historical path, a test that
    names its outcome); it must be one that can happen then.  Without it the seed decides.
    ``trace=False`` (the play-testers) skips the events and the decision record: the new state's
    ``decisions`` stay as they were, so it cannot be saved or undone, only played on."""
    if state.scene is None:
        raise GameOver("the game has ended")
    tables = scenario._index
    choice = tables.choices[state.scene].get(choice_id)
    if choice is None or (choice.condition is not None and not choice.condition(_names(state))):
        known = list(tables.choices[state.scene])
        if choice is not None:
            raise ChoiceUnavailable(f"choice '{choice_id}' is not available now")
        raise ChoiceUnavailable(
            f"scene '{state.scene}' has no choice '{choice_id}' (choices: {', '.join(known)})")
    return _apply(scenario, tables, state, choice, outcome, trace)


def successors(scenario: Scenario, state: GameState, choice: Choice,
               ask: Callable[[int, Outcome, Mapping[str, Any]], bool] | None = None,
               ) -> list[tuple[int | None, GameState]]:
    """Every state ``choice`` — which must be available in ``state`` — can lead to, with the chance
    outcome that leads there (None for a choice with a fixed ``next``), for a tool that walks
    every branch of a scenario (the exhaustive walk).  The choice's changes are applied once for
    all its outcomes; ``ask(index, outcome, names)`` decides whether an outcome can happen (default:
    its condition), so the walker can record what each condition answered.  No events, no
    decision record; the names conditions read are built when a state is expanded, except for an
    ending, whose conditions need them (most successors in a walk are states already seen)."""
    tables = scenario._index
    turn = state.turn + 1
    meters = dict(state.meters)
    flags = _change(tables, meters, state.flags, choice, None)
    if choice.next is not None:
        return [(None, _settled(scenario, tables, state, meters, flags, turn, choice.next))]
    env = names_of(meters, flags, turn)
    possible = [i for i, o in enumerate(choice.outcomes)
                if (ask(i, o, env) if ask is not None else o.condition is None or o.condition(env))]
    found: list[tuple[int | None, GameState]] = []
    for index in possible or [0]:  # none can happen: the engine falls back to the first
        picked = choice.outcomes[index]
        after = dict(meters)
        changed = _change(tables, after, flags, picked, None)
        found.append((index, _settled(scenario, tables, state, after, changed, turn, picked.next)))
    return found


def _settled(scenario: Scenario, tables: Lookups, state: GameState, meters: dict[str, int],
             flags: Mapping[str, Any], turn: int, target: str | None) -> GameState:
    """The state a walker reaches: the ending (threshold first, as in a step), else the scene."""
    names = names_of(meters, flags, turn) if target == END else None
    ending, _, _ = _ending(scenario, tables, meters, target, names)
    return GameState(None if ending is not None else target, ending, meters, flags, turn, (), state.seed,
                     state.carry, names)


def _ending(scenario: Scenario, tables: Lookups, meters: Mapping[str, int], target: str | None,
            names: Mapping[str, Any] | None) -> tuple[str | None, str, str]:
    """How a decision ends the game, if it does: ``(ending, reason, meter)``.  A meter past a
    threshold ends it whatever the choice pointed at; then ``next: end`` asks the endings in turn
    (``names`` must be given for it); then a ``next`` naming an ending."""
    for meter_id, at_least, limit, past in tables.limits:
        if (meters[meter_id] >= limit) if at_least else (meters[meter_id] <= limit):
            return past, "threshold", meter_id
    if target == END:
        assert names is not None
        return resolve_ending(scenario, names), "end", ""
    if target is not None and target in tables.endings:
        return target, "choice", ""
    return None, "", ""


def _apply(scenario: Scenario, tables: Lookups, state: GameState, choice: Choice, forced: int | None,
           trace: bool = True) -> Step:
    scene_id = state.scene
    assert scene_id is not None
    turn = state.turn + 1
    meters = dict(state.meters)
    # Flags are copied only when this decision changes one: states never change their mappings,
    # so an unchanged one is shared with the state before.
    flags = state.flags
    events: list[Event] | None = [] if trace else None
    historical = (choice.historical is not None) if scene_id in tables.historical_scenes else None
    if events is not None:
        events.append(ChoiceMade(turn, scene_id, choice.id, historical, choice.result))
    flags = _change(tables, meters, flags, choice, events)
    target = choice.next
    drawn: int | None = None
    if target is None:
        drawn, picked = _draw(choice, names_of(meters, flags, turn), state.seed, turn, forced)
        if events is not None:
            events.append(OutcomeDrawn(drawn, picked.result, picked.historical))
        flags = _change(tables, meters, flags, picked, events)
        target = picked.next
    names = names_of(meters, flags, turn)
    decisions = state.decisions
    if trace:
        decisions = decisions + (Decision(turn, scene_id, choice.id, historical, meters, drawn),)
    ending, reason, meter_id = _ending(scenario, tables, meters, target, names)
    new = GameState(None if ending is not None else target, ending, meters, flags, turn, decisions,
                    state.seed, state.carry, names)
    if events is None:
        return Step(new, (), drawn, reason)
    if ending is None:
        events.append(SceneEntered(target))
    else:
        events.append(GameEnded(ending, scenario.ending(ending).is_historical, reason, meter_id))  # type: ignore[arg-type]
    return Step(new, tuple(events), drawn, reason)


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


def _change(tables: Lookups, meters: dict[str, int], flags: Mapping[str, Any], change: Choice | Outcome,
            events: list[Event] | None) -> Mapping[str, Any]:
    """Apply a choice's (or an outcome's) changes: meter effects, then counter effects, each
    clamped to its range, then flag values.  ``meters`` is changed in place; the flags come back,
    a new dict when any changed.  (The validator refuses a flag both set and counted in one
    change, so the order between the last two never shows.)"""
    bounds = tables.bounds
    for meter_id, delta in change.effects:
        old = meters[meter_id]
        low, high = bounds[meter_id]
        new = old + delta
        new = low if new < low else high if new > high else new
        meters[meter_id] = new
        if events is not None:
            events.append(MeterChanged(meter_id, old, new, delta))
    if not change.counters and not change.sets:
        return flags
    changed = dict(flags)
    if change.counters:
        counter_bounds = tables.counter_bounds
        for flag_id, delta in change.counters:
            old = changed[flag_id]
            low, high = counter_bounds[flag_id]
            new = old + delta
            new = low if new < low else high if new > high else new
            changed[flag_id] = new
            if events is not None:
                events.append(FlagSet(flag_id, old, new))
    for flag_id, value in change.sets:
        if events is not None:
            events.append(FlagSet(flag_id, changed[flag_id], value))
        changed[flag_id] = value
    return changed


def after_choice_env(scenario: Scenario, state: GameState, choice: Choice) -> dict[str, Any]:
    """The names as they are when a chance outcome of ``choice`` is drawn: after the choice's own
    changes, with the new decision number."""
    meters = dict(state.meters)
    flags = _change(scenario._index, meters, state.flags, choice, None)
    return names_of(meters, flags, state.turn + 1)


def resolve_ending(scenario: Scenario, env: Mapping[str, Any]) -> str:
    """``next: end``: the first ending whose condition holds (the last one if none does); an
    ending reached ``only_by_next`` is never picked here."""
    candidates = scenario.end_candidates or scenario.endings
    for ending in candidates:
        if ending.condition is None or ending.condition(env):
            return ending.id
    return candidates[-1].id  # the validator requires a fallback; never crash


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
    assert state.scene is not None
    tables = scenario._index
    choice = tables.choices[state.scene][decision.choice]
    return _apply(scenario, tables, state, choice, decision.outcome if choice.next is None else None)


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
