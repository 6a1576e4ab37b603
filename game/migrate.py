"""Saves and run records that survive edits to their scenario.

A save names scenes and choices by id and keeps the generator's starting state, so it can be
*replayed* against the scenario as it is now (the "strong mode" of the save-compatibility notes
in ``authoring-safety.md`` §5.3): new meters and flags simply start at their defaults, removed
ones drop out, and the first decision that no longer fits pinpoints where the story changed.
Replay stops there, so the player always gets a state the current scenario can produce, never
one patched together, and is told in plain words what changed.  When nothing fits (another
scenario, a damaged save, a first decision that is gone) the answer is ``game=None`` with the
reason, and the caller offers a fresh start.  Nothing here raises on a bad save.

Chance outcomes have no ids, only positions; replay forces the outcome drawn then by its
position, and reports any meter that comes out differently, so an edited outcome list is
never silently accepted.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any, Literal

from game.engine import Decision, EngineError, Game, Scenario
from game.engine.game import STATE_FORMAT, _rng_state_from_json

Status = Literal["same", "migrated", "partial", "failed"]


@dataclass
class Migration:
    """What became of a saved game: the game to continue (None: start afresh) and notes for
    the player.  ``same``: the scenario is unchanged; ``migrated``: it changed and every
    decision still fits; ``partial``: replayed up to the first decision that no longer fits;
    ``failed``: nothing could be carried over."""

    game: Game | None
    status: Status
    notes: list[str] = field(default_factory=list)
    replayed: int = 0
    total: int = 0


def why_not(game: Game, decision: Decision) -> str:
    """Why ``decision`` cannot be replayed in ``game`` now ('' when it can)."""
    if game.is_over:
        return f"the game now ends before it, with '{game.ending_id}'"
    scene = game.scene
    assert scene is not None
    if scene.id != decision.scene:
        return f"it was taken in scene '{decision.scene}', but the story now leads to '{scene.id}'"
    choice = next((c for c in scene.choices if c.id == decision.choice), None)
    if choice is None:
        return f"scene '{scene.id}' no longer has the choice '{decision.choice}'"
    if choice not in game.available_choices():
        cond = f" (its condition '{choice.condition.source}' is false now)" if choice.condition else ""
        return f"the choice '{choice.id}' is no longer available there{cond}"
    if choice.next is None:
        if decision.outcome is None:
            return f"the choice '{choice.id}' is now left to chance, and the save has no draw for it"
        if not 0 <= decision.outcome < len(choice.outcomes):
            return f"the outcome drawn then (number {decision.outcome + 1}) is no longer among its outcomes"
        outcome = choice.outcomes[decision.outcome]
        if outcome.condition is not None:
            # Ask the condition as the engine would: after the choice's own changes.
            probe = copy.copy(game)
            probe.meters, probe.flags, probe.turn = dict(game.meters), dict(game.flags), game.turn + 1
            probe._change(choice.effects, choice.sets, [])
            if not outcome.condition(probe.env()):
                return f"the outcome drawn then (number {decision.outcome + 1}) can no longer happen"
    return ""


def replay(scenario: Scenario, rng_initial: Any, carry: dict | None,
           decisions: list[Decision]) -> tuple[Game, int, str]:
    """Replay ``decisions`` by id from the start, as far as they fit.  Returns the game, how
    many were replayed and why replay stopped ('' if all were)."""
    rng = random.Random()
    rng.setstate(rng_initial)
    game = Game.new(scenario, rng, carry)
    for n, decision in enumerate(decisions):
        reason = why_not(game, decision)
        if reason:
            return game, n, reason
        game._replay(decision)
    return game, len(decisions), ""


def migrate_state(scenario: Scenario, state: Any) -> Migration:
    """Restore a saved engine state (``Game.to_dict()``), migrating it if the scenario changed."""
    try:
        return _migrate(scenario, state)
    except (EngineError, KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        return Migration(None, "failed", [f"The save is damaged and cannot be read ({exc}).",
                                          "Start a new game."])


def _migrate(scenario: Scenario, state: Any) -> Migration:
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        return Migration(None, "failed", ["This save was written in a format this version of Politburo "
                                          "does not read.", "Start a new game."])
    saved = state.get("scenario") or {}
    if saved.get("id") != scenario.id:
        return Migration(None, "failed", [f"This save belongs to the scenario '{saved.get('id')}', "
                                          f"not '{scenario.id}'.", "Start a new game."])
    decisions = [Decision.from_dict(d) for d in state["decisions"]]
    total = len(decisions)
    if saved.get("hash") == scenario.content_hash:
        return Migration(Game.from_dict(scenario, state), "same", [], total, total)
    game, n, reason = replay(scenario, _rng_state_from_json(state["rng_initial"]), state.get("carry"), decisions)
    old, new = saved.get("version"), scenario.version
    notes = ["The scenario has changed since this game was saved"
             + (f" (version {old}, now {new})." if old and old != new else " (its file was edited).")]
    notes += _model_changes(scenario, state)
    if n == total:
        status: Status = "migrated"
        notes.append(f"All {total} of your decisions still fit and were replayed." if total else
                     "You had not decided anything yet, so nothing was lost.")
        if game.is_over:
            notes.append(f"With the changes, your last decision now ends the game: '{game.ending.title}'.")  # type: ignore[union-attr]
        elif state.get("scene") and state.get("scene") != game.scene_id:
            notes.append(f"You now continue at '{game.scene.title}' (the save was at '{state.get('scene')}').")  # type: ignore[union-attr]
    elif n == 0:
        d = decisions[0]
        return Migration(None, "failed", notes + [
            f"Your first decision ('{d.choice}' in '{d.scene}') no longer fits: {reason}.",
            "Nothing of this game can be carried over; start a new game."], 0, total)
    else:
        status = "partial"
        d = decisions[n]
        where = f"'{game.scene.title}'" if game.scene is not None else "the ending"
        kept = "Decision 1 still fits and was" if n == 1 else f"Decisions 1-{n} still fit and were"
        notes.append(f"{kept} replayed; decision {n + 1} ('{d.choice}' in '{d.scene}') no longer does: {reason}.")
        dropped = total - n
        notes.append(f"You continue from {where}, before that decision; "
                     + ("it was dropped." if dropped == 1 else f"it and the {dropped - 1} after it were dropped."))
    if n:
        notes += _value_changes(decisions[n - 1].meters, game.decisions[-1].meters, "meters")
    if n == total:
        notes += _value_changes(dict(state.get("flags") or {}), game.flags, "flags")
    return Migration(game, status, notes, n, total)


def _model_changes(scenario: Scenario, state: dict) -> list[str]:
    notes = []
    old_meters, old_flags = set(state.get("meters") or {}), set(state.get("flags") or {})
    for meter in scenario.meters:
        if meter.id not in old_meters:
            notes.append(f"New meter '{meter.label}' starts at {meter.start}.")
    for flag in scenario.flags:
        if flag.id not in old_flags:
            notes.append(f"New flag '{flag.id}' starts as {flag.default!r}.")
    gone = sorted(old_meters - {m.id for m in scenario.meters}) + sorted(old_flags - {f.id for f in scenario.flags})
    if gone:
        notes.append(f"No longer in the scenario, so dropped: {', '.join(gone)}.")
    return notes


def _value_changes(before: dict, after: dict, what: str) -> list[str]:
    changed = [f"{k} {after[k]!r} (was {before[k]!r})" for k in after if k in before and before[k] != after[k]]
    if not changed:
        return []
    return [f"Because the scenario's effects changed, your {what} differ from the save: {', '.join(changed)}."]


def record_notes(record: dict[str, Any], scenario: Scenario) -> list[str]:
    """What no longer holds in a finished run record against the scenario as it is now, for
    debriefs and class reports that read old records: '' notes when nothing changed."""
    info = record.get("scenario") if isinstance(record, dict) else None
    if not isinstance(info, dict) or info.get("id") != scenario.id:
        return [f"This run record is not for the scenario '{scenario.id}'."]
    if info.get("hash") == scenario.content_hash:
        return []
    notes = [f"The scenario has changed since this run (version {info.get('version')}, now {scenario.version})."
             if info.get("version") != scenario.version else "The scenario's file was edited since this run."]
    for d in record.get("decisions") or []:
        scene_id, choice_id = d.get("scene"), d.get("choice")
        if not scenario.has_scene(scene_id):
            notes.append(f"Decision {d.get('turn')}: scene '{scene_id}' is no longer in the scenario.")
        elif not any(c.id == choice_id for c in scenario.scene(scene_id).choices):
            notes.append(f"Decision {d.get('turn')}: scene '{scene_id}' no longer has the choice '{choice_id}'.")
    ending = (record.get("ending") or {}).get("id")
    if ending and not scenario.has_ending(ending):
        notes.append(f"The ending '{ending}' is no longer in the scenario.")
    known = {m.id for m in scenario.meters}
    gone = sorted(set(record.get("meters") or {}) - known)
    if gone:
        notes.append(f"Meters no longer in the scenario: {', '.join(gone)}.")
    return notes
