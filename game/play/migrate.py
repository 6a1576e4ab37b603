"""Saves and run records that survive edits to their scenario.

A save names scenes and choices by id and keeps the seed, so it can be *replayed* against the
scenario as it is now (the "strong mode" of the save-compatibility notes in
``authoring-safety.md`` §5.3): new meters and flags simply start at their defaults, removed
ones drop out, and the first decision that no longer fits pinpoints where the story changed.
Replay stops there, so the player always gets a state the current scenario can produce, never
one patched together, and is told in plain words what changed.  When nothing fits (another
scenario, a damaged save, a first decision that is gone) the answer is ``game=None`` with the
reason, and the caller offers a fresh start.  Nothing here raises on a bad save.

Chance outcomes have no ids, only positions; replay forces the outcome drawn then by its
position (:func:`game.engine.rules.why_not` refuses one that can no longer happen).
"""

from __future__ import annotations

from typing import Any, Literal
from collections.abc import Mapping

from game.engine import Carry, Decision, EngineError, Game, Scenario
from game.engine.game import check_state_format
from game.engine.record import field, record
from game.engine.rules import replay
from game.formats.record import RunRecord

Status = Literal["same", "migrated", "partial", "failed"]


@record(frozen=False, slots=False)
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


def migrate_state(scenario: Scenario, state: Mapping[str, Any] | Any) -> Migration:
    """Restore a saved engine state (``Game.to_dict()``), migrating it if the scenario changed."""
    try:
        return _migrate(scenario, state)
    except (EngineError, KeyError, TypeError, ValueError, IndexError, AttributeError):
        # (not the Python error itself: a player reads this)
        return Migration(None, "failed", ["The save is damaged and cannot be read.",
                                          "Start a new game."])


def _migrate(scenario: Scenario, state: Any) -> Migration:
    try:
        check_state_format(state)
    except EngineError as exc:
        return Migration(None, "failed", [f"This save cannot be read here: {exc}.", "Start a new game."])
    saved = state.get("scenario") or {}
    if saved.get("id") != scenario.id:
        return Migration(None, "failed", [f"This save belongs to the scenario '{saved.get('id')}', "
                                          f"not '{scenario.id}'.", "Start a new game."])
    decisions = [Decision.from_dict(d) for d in state["decisions"]]
    total = len(decisions)
    seed, carry = int(state["seed"]), Carry.for_scenario(scenario, state.get("carry"))
    replayed, n, reason = replay(scenario, seed, carry, decisions)
    game = Game(scenario, replayed)
    unchanged = saved.get("hash") == scenario.content_hash
    if unchanged and n == total:
        return Migration(game, "same", [], total, total)
    old, new = saved.get("version"), scenario.version
    if unchanged:  # the same scenario, but the save's own decisions do not fit it: a damaged save
        notes = ["This save's decisions do not fit the scenario it names."]
    else:
        notes = ["The scenario has changed since this game was saved"
                 + (f" (version {old}, now {new})." if old and old != new else " (its file was edited).")]
    notes += _model_changes(scenario, state)
    if n == total:
        status: Status = "migrated"
        notes.append(f"All {total} of your decisions still fit and were replayed." if total else
                     "You had not decided anything yet, so nothing was lost.")
        if game.ending is not None:
            notes.append(f"With the changes, your last decision now ends the game: '{game.ending.title}'.")
        elif game.scene is not None and state.get("scene") and state.get("scene") != game.scene_id:
            notes.append(f"You now continue at '{game.scene.title}' (the save was at '{state.get('scene')}').")
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


def _model_changes(scenario: Scenario, state: Mapping[str, Any]) -> list[str]:
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


def _value_changes(before: Mapping[str, Any], after: Mapping[str, Any], what: str) -> list[str]:
    changed = [f"{k} {after[k]!r} (was {before[k]!r})" for k in after if k in before and before[k] != after[k]]
    if not changed:
        return []
    return [f"Because the scenario's effects changed, your {what} differ from the save: {', '.join(changed)}."]


def record_notes(record: RunRecord, scenario: Scenario) -> list[str]:
    """What no longer holds in a finished run record against the scenario as it is now, for
    debriefs and class reports that read old records (records are never rewritten).  An empty
    list when the record was played with this very file."""
    info = record.scenario
    if info.id != scenario.id:
        return [f"This run record is not for the scenario '{scenario.id}'."]
    if info.hash == scenario.content_hash:
        return []
    notes = [f"The scenario has changed since this run (version {info.version}, now {scenario.version})."
             if info.version != scenario.version else "The scenario's file was edited since this run."]
    for d in record.decisions:
        if not scenario.has_scene(d.scene):
            notes.append(f"Decision {d.turn}: scene '{d.scene}' is no longer in the scenario.")
        elif not any(c.id == d.choice for c in scenario.scene(d.scene).choices):
            notes.append(f"Decision {d.turn}: scene '{d.scene}' no longer has the choice '{d.choice}'.")
    if record.ending is not None and not scenario.has_ending(record.ending.id):
        notes.append(f"The ending '{record.ending.id}' is no longer in the scenario.")
    gone = sorted(set(record.meters) - {m.id for m in scenario.meters})
    if gone:
        notes.append(f"Meters no longer in the scenario: {', '.join(gone)}.")
    return notes
