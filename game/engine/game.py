"""The game: one player's way through a scenario, driven by choice ids, returning events.

Modelled on ink's runtime: ask for the current scene and the choices on offer, ``choose`` one,
read back what happened as events, save and restore the whole state as a plain dict.  A thin
facade over the pure rules in :mod:`game.engine.rules`: it holds the current
:class:`~game.engine.state.GameState` and nothing else.  The seed fixes every chance outcome
(classrooms depend on this); the engine owns no clock and no global randomness.
"""

from __future__ import annotations

from typing import Any
from collections.abc import Mapping, Sequence

from game.engine import rules
from game.engine.events import Event
from game.engine.model import Choice, Ending, Scenario, Scene
from game.engine.state import (
    STATE_FORMAT, STATE_MIN_FORMAT, Carry, Decision, GameState, Option, StateError,
)


class Game:
    """One playthrough.  Create with :meth:`new`; restore with :meth:`from_dict` or :meth:`replay`."""

    __slots__ = ("scenario", "state")

    def __init__(self, scenario: Scenario, state: GameState):
        self.scenario = scenario
        self.state = state

    @classmethod
    def new(cls, scenario: Scenario, seed: int, carry: Carry | Mapping[str, Any] | None = None) -> Game:
        """A new game.  ``carry`` (from an earlier campaign chapter) shifts the start meters and
        sets the flags both chapters declare with the same id and type."""
        return cls(scenario, rules.initial_state(scenario, seed, Carry.for_scenario(scenario, carry)))

    @classmethod
    def replay(cls, scenario: Scenario, seed: int, carry: Carry | Mapping[str, Any] | None,
               decisions: Sequence[Decision]) -> Game:
        """The game these decisions make, replayed by id; :class:`StateError` if one no longer fits."""
        state, n, reason = rules.replay(scenario, seed, Carry.for_scenario(scenario, carry), decisions)
        if n < len(decisions):
            raise StateError(f"decision {decisions[n].turn} cannot be replayed: {reason}")
        return cls(scenario, state)

    # -- reading the state ------------------------------------------------------------------

    @property
    def seed(self) -> int:
        return self.state.seed

    @property
    def carry(self) -> Carry:
        return self.state.carry

    @property
    def scene_id(self) -> str | None:
        return self.state.scene

    @property
    def ending_id(self) -> str | None:
        return self.state.ending

    @property
    def meters(self) -> Mapping[str, int]:
        return self.state.meters

    @property
    def flags(self) -> Mapping[str, Any]:
        return self.state.flags

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return self.state.decisions

    @property
    def is_over(self) -> bool:
        return self.state.is_over

    @property
    def scene(self) -> Scene | None:
        return rules.current_scene(self.scenario, self.state)

    @property
    def ending(self) -> Ending | None:
        return None if self.state.ending is None else self.scenario.ending(self.state.ending)

    def env(self) -> dict[str, Any]:
        return self.state.env()

    def options(self) -> list[Option]:
        return rules.options(self.scenario, self.state)

    def available_choices(self) -> list[Choice]:
        return rules.available_choices(self.scenario, self.state)

    # -- acting -----------------------------------------------------------------------------

    def choose(self, choice_id: str, *, outcome: int | None = None) -> list[Event]:
        """Take a decision.  Returns the events in the order they happened."""
        result = rules.step(self.scenario, self.state, choice_id, outcome=outcome)
        self.state = result.state
        return list(result.events)

    def undo(self) -> bool:
        """Take back the last decision by replaying the others from the start."""
        if not self.state.decisions:
            return False
        self.state = Game.replay(self.scenario, self.seed, self.carry, self.state.decisions[:-1]).state
        return True

    def copy(self) -> Game:
        """Another game at the same state (states are immutable, so this costs nothing)."""
        return Game(self.scenario, self.state)

    # -- saving -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The state as plain data.  The decisions, seed and carry restore it; the rest is kept
        so a changed scenario can say what differs (see :mod:`game.play.migrate`)."""
        s, st = self.scenario, self.state
        return {
            "format": STATE_FORMAT,
            "min_format": STATE_MIN_FORMAT,
            "scenario": {"id": s.id, "version": s.version, "hash": s.content_hash},
            "seed": st.seed,
            "carry": st.carry.to_dict(),
            "decisions": [d.to_dict() for d in st.decisions],
            "scene": st.scene,
            "ending": st.ending,
            "turn": st.turn,
            "meters": dict(st.meters),
            "flags": dict(st.flags),
        }

    @classmethod
    def from_dict(cls, scenario: Scenario, data: Mapping[str, Any]) -> Game:
        """Restore a saved game by replaying its decisions, so a save can never hold a state
        the scenario could not produce.  Raises :class:`StateError` when it does not fit."""
        try:
            check_state_format(data)
            if data["scenario"]["id"] != scenario.id:
                raise StateError(f"this save is for scenario '{data['scenario']['id']}', not '{scenario.id}'")
            decisions = [Decision.from_dict(raw) for raw in data["decisions"]]
            return cls.replay(scenario, int(data["seed"]), data.get("carry"), decisions)
        except StateError:
            raise
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            raise StateError(f"the save is damaged ({type(exc).__name__}: {exc})") from None


def check_state_format(data: Mapping[str, Any]) -> None:
    """Raise :class:`StateError` unless this engine can read a state dict of this format."""
    if not isinstance(data, Mapping):
        raise StateError("the save holds no game state")
    fmt, oldest = data.get("format"), data.get("min_format", data.get("format"))
    if not isinstance(fmt, int) or not isinstance(oldest, int):
        raise StateError(f"unknown save format {fmt!r}")
    if oldest > STATE_FORMAT:
        raise StateError(f"the save was written by a newer Politburo (state format {fmt})")
    if fmt < STATE_MIN_FORMAT:
        raise StateError(f"the save's state format {fmt} is too old to read here")
