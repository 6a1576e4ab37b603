"""The game: one player's way through a scenario, driven by choice ids, returning events.

Modelled on ink's runtime: ask for the current scene and the choices on offer, ``choose`` one,
read back what happened as events, save and restore the whole state as a plain dict.  The
engine owns no clock and no global randomness: callers inject a ``random.Random`` so that one
seed always gives one story (classrooms depend on this).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Iterable

from game.engine.events import (
    ChoiceMade, Event, FlagSet, GameEnded, MeterChanged, OutcomeDrawn, SceneEntered,
)
from game.engine.model import END, Choice, Ending, Outcome, Scenario, Scene
from game.engine.track import Comparison, Track, compare, historical_track

STATE_FORMAT = 1


class EngineError(Exception):
    """A request the engine cannot honour (unknown choice, game over, bad save)."""


class ChoiceUnavailable(EngineError):
    pass


class GameOver(EngineError):
    pass


class StateError(EngineError):
    """A saved state does not fit this scenario."""


@dataclass(frozen=True, slots=True)
class Option:
    """A choice as the player sees it now: available, or shown greyed with a reason."""

    choice: Choice
    available: bool
    reason: str = ""

    @property
    def id(self) -> str:
        return self.choice.id


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision in the record: stable ids only, plus the meters just after it."""

    turn: int
    scene: str
    choice: str
    historical: bool | None
    meters: dict[str, int]
    outcome: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"turn": self.turn, "scene": self.scene, "choice": self.choice,
                "historical": self.historical, "meters": dict(self.meters)}
        if self.outcome is not None:
            data["outcome"] = self.outcome
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Decision":
        return cls(int(data["turn"]), str(data["scene"]), str(data["choice"]), data.get("historical"),
                   {str(k): int(v) for k, v in dict(data["meters"]).items()}, data.get("outcome"))


def _rng_state_to_json(state: tuple) -> list:
    version, internal, gauss = state
    return [version, list(internal), gauss]


def _rng_state_from_json(data: list) -> tuple:
    version, internal, gauss = data
    return (int(version), tuple(int(x) for x in internal), gauss)


def normalise_carry(scenario: Scenario, carry: dict[str, Any] | None) -> dict[str, Any]:
    """Keep only what this scenario can use: shifts for its meters, values for its flags of the
    same type.  Anything else from an earlier chapter is dropped, never an error."""
    meters: dict[str, int] = {}
    flags: dict[str, Any] = {}
    if isinstance(carry, dict):
        known_meters = {m.id for m in scenario.meters}
        for key, value in dict(carry.get("meters") or {}).items():
            if key in known_meters and isinstance(value, int) and not isinstance(value, bool):
                meters[key] = value
        types = {"bool": bool, "int": int, "text": str}
        for flag in scenario.flags:
            value = dict(carry.get("flags") or {}).get(flag.id)
            wanted = types[flag.type]
            if isinstance(value, wanted) and not (wanted is int and isinstance(value, bool)):
                flags[flag.id] = value
    return {"meters": meters, "flags": flags}


class Game:
    """One playthrough.  Create with :meth:`new`; restore with :meth:`from_dict`."""

    def __init__(self, scenario: Scenario, rng: random.Random, carry: dict[str, Any] | None = None):
        self.scenario = scenario
        self.rng = rng
        self._initial_rng = rng.getstate()
        self.carry = normalise_carry(scenario, carry)
        self.scene_id: str | None = scenario.start
        self.ending_id: str | None = None
        shifts = self.carry["meters"]
        self.meters: dict[str, int] = {m.id: m.clamp(m.start + shifts.get(m.id, 0)) for m in scenario.meters}
        self.flags: dict[str, Any] = {f.id: f.default for f in scenario.flags}
        self.flags.update(self.carry["flags"])
        self.turn = 0
        self.decisions: list[Decision] = []
        self._meter_index = {m.id: m for m in scenario.meters}
        self._threshold_meters = [m for m in scenario.meters if m.ends_game]

    @classmethod
    def new(cls, scenario: Scenario, rng: random.Random, carry: dict[str, Any] | None = None) -> "Game":
        """A new game.  ``carry`` (from :meth:`carry_out` of a previous campaign chapter) shifts
        the start meters by how far that chapter's player ended from history, and carries flags
        that both chapters declare with the same id and type."""
        return cls(scenario, rng, carry)

    def carry_out(self) -> dict[str, Any]:
        """What the next campaign chapter inherits: each meter's distance from the historical
        track at the end of this chapter, and every flag's value.  A player who followed history
        exactly therefore starts the next chapter at its designed start values."""
        track = self.track
        history = track.meters_at(len(track.steps))
        return {"meters": {m: self.meters[m] - history[m] for m in self.meters},
                "flags": dict(self.flags)}

    # -- reading the state ------------------------------------------------------------------

    @property
    def is_over(self) -> bool:
        return self.ending_id is not None

    @property
    def scene(self) -> Scene | None:
        return None if self.scene_id is None else self.scenario.scene(self.scene_id)

    @property
    def ending(self) -> Ending | None:
        return None if self.ending_id is None else self.scenario.ending(self.ending_id)

    def env(self) -> dict[str, Any]:
        """The names conditions can read."""
        env: dict[str, Any] = dict(self.meters)
        env.update(self.flags)
        env["turn"] = self.turn
        return env

    def options(self) -> list[Option]:
        """The choices shown now: available ones, and unavailable ones that carry a reason."""
        scene = self.scene
        if scene is None or self.is_over:
            return []
        env = self.env()
        shown = []
        for choice in scene.choices:
            if choice.condition is None or choice.condition(env):
                shown.append(Option(choice, True))
            elif choice.disabled_reason:
                shown.append(Option(choice, False, choice.disabled_reason))
        return shown

    def available_choices(self) -> list[Choice]:
        return [o.choice for o in self.options() if o.available]

    # -- acting -----------------------------------------------------------------------------

    def choose(self, choice_id: str) -> list[Event]:
        """Take a decision.  Returns the events in the order they happened."""
        if self.is_over:
            raise GameOver("the game has ended")
        scene = self.scene
        assert scene is not None
        choice = next((c for c in self.available_choices() if c.id == choice_id), None)
        if choice is None:
            known = [c.id for c in scene.choices]
            if choice_id in known:
                raise ChoiceUnavailable(f"choice '{choice_id}' is not available now")
            raise ChoiceUnavailable(
                f"scene '{scene.id}' has no choice '{choice_id}' (choices: {', '.join(known)})")
        return self._apply(scene, choice, forced_outcome=None)

    def _apply(self, scene: Scene, choice: Choice, forced_outcome: int | None) -> list[Event]:
        self.turn += 1
        has_historical = scene.historical_choice is not None
        historical = choice.is_historical if has_historical else None
        events: list[Event] = [ChoiceMade(self.turn, scene.id, choice.id, historical, choice.result)]
        self._change(choice.effects, choice.sets, events)
        target = choice.next
        outcome_index: int | None = None
        if target is None:
            outcome_index, outcome = self._draw(choice.outcomes, forced_outcome)
            events.append(OutcomeDrawn(outcome_index, outcome.result, outcome.historical))
            self._change(outcome.effects, outcome.sets, events)
            target = outcome.next
        self.decisions.append(
            Decision(self.turn, scene.id, choice.id, historical, dict(self.meters), outcome_index))
        # A meter past a threshold ends the game whatever the choice pointed at.
        for meter in self._threshold_meters:
            for threshold in meter.ends_game:
                if threshold.reached(self.meters[meter.id]):
                    return self._end(threshold.ending, "threshold", events, meter.id)
        if target == END:
            return self._end(self._resolve_ending(), "end", events)
        if self.scenario.has_ending(target):
            return self._end(target, "choice", events)
        self.scene_id = target
        events.append(SceneEntered(target))
        return events

    def _draw(self, outcomes: tuple[Outcome, ...], forced: int | None) -> tuple[int, Outcome]:
        env = self.env()
        eligible = [(i, o) for i, o in enumerate(outcomes) if o.condition is None or o.condition(env)]
        if not eligible:  # the validator warns; fall back to the first outcome, never crash
            return (forced or 0), outcomes[forced or 0]
        total = sum(o.weight for _, o in eligible)
        # Draw even when the outcome is forced (replay, undo, the historical track), so the
        # generator advances exactly as it did in the original play.
        pick = self.rng.randrange(total)
        if forced is not None:
            return forced, outcomes[forced]
        for i, o in eligible:
            pick -= o.weight
            if pick < 0:
                return i, o
        return eligible[-1]  # pragma: no cover

    def _change(self, effects: Iterable[tuple[str, int]], sets: Iterable[tuple[str, Any]],
                events: list[Event]) -> None:
        for meter_id, delta in effects:
            old = self.meters[meter_id]
            new = self._meter_index[meter_id].clamp(old + delta)
            self.meters[meter_id] = new
            events.append(MeterChanged(meter_id, old, new, delta))
        for flag_id, value in sets:
            old = self.flags[flag_id]
            self.flags[flag_id] = value
            events.append(FlagSet(flag_id, old, value))

    def _resolve_ending(self) -> str:
        env = self.env()
        for ending in self.scenario.endings:
            if ending.condition is None or ending.condition(env):
                return ending.id
        return self.scenario.endings[-1].id  # the validator requires a fallback; never crash

    def _end(self, ending_id: str, reason: str, events: list[Event], meter: str = "") -> list[Event]:
        self.ending_id = ending_id
        self.scene_id = None
        ending = self.scenario.ending(ending_id)
        events.append(GameEnded(ending_id, ending.is_historical, reason, meter))  # type: ignore[arg-type]
        return events

    # -- undo, history, comparison ----------------------------------------------------------

    def undo(self) -> bool:
        """Take back the last decision by replaying the others from the start (same dice)."""
        if not self.decisions:
            return False
        keep = self.decisions[:-1]
        rng = random.Random()
        rng.setstate(self._initial_rng)
        fresh = Game(self.scenario, rng, self.carry)
        for decision in keep:
            fresh._replay(decision)
        self.__dict__.update(fresh.__dict__)
        return True

    def _replay(self, decision: Decision) -> None:
        scene = self.scene
        if scene is None or scene.id != decision.scene:
            raise StateError(f"decision {decision.turn} was made in scene '{decision.scene}', "
                             f"but the scenario now leads to '{self.scene_id}'")
        try:
            choice = scene.choice(decision.choice)
        except KeyError:
            raise StateError(f"scene '{scene.id}' no longer has choice '{decision.choice}'") from None
        forced = None
        if choice.next is None:
            if decision.outcome is None or not 0 <= decision.outcome < len(choice.outcomes):
                raise StateError(f"choice '{choice.id}' no longer has outcome {decision.outcome}")
            forced = decision.outcome
        self._apply(scene, choice, forced)

    @property
    def track(self) -> Track:
        """The historical track: what the meters did when the Politburo's choices were played."""
        return historical_track(self.scenario)

    def comparison(self) -> Comparison:
        """The player's meters beside history's at this turn, and the divergence figure."""
        return compare(self.scenario, self.turn, self.meters, self.decisions)

    def seesaw(self) -> int | None:
        """-100 (all national interest) .. +100 (all bloc rivalry); None without a seesaw."""
        from game.engine.track import seesaw_position

        return seesaw_position(self.scenario, self.meters)

    # -- saving -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        s = self.scenario
        return {
            "format": STATE_FORMAT,
            "scenario": {"id": s.id, "version": s.version, "hash": s.content_hash},
            "scene": self.scene_id,
            "ending": self.ending_id,
            "turn": self.turn,
            "meters": dict(self.meters),
            "flags": dict(self.flags),
            "decisions": [d.to_dict() for d in self.decisions],
            "rng": _rng_state_to_json(self.rng.getstate()),
            "rng_initial": _rng_state_to_json(self._initial_rng),
            "carry": self.carry,
        }

    @classmethod
    def from_dict(cls, scenario: Scenario, data: dict[str, Any]) -> "Game":
        """Restore a saved game by replaying its decisions, so a save can never hold a state
        the scenario could not produce.  Raises :class:`StateError` when it does not fit."""
        try:
            if data.get("format") != STATE_FORMAT:
                raise StateError(f"unknown save format {data.get('format')!r}")
            if data["scenario"]["id"] != scenario.id:
                raise StateError(f"this save is for scenario '{data['scenario']['id']}', not '{scenario.id}'")
            rng = random.Random()
            rng.setstate(_rng_state_from_json(data["rng_initial"]))
            game = cls(scenario, rng, data.get("carry"))
            for raw in data["decisions"]:
                game._replay(Decision.from_dict(raw))
            game.rng.setstate(_rng_state_from_json(data["rng"]))
        except StateError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise StateError(f"the save is damaged ({type(exc).__name__}: {exc})") from None
        return game
