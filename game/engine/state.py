"""The engine's values: a game state, one decision, what a campaign chapter carries in.

All of them are frozen.  A :class:`GameState` is everything a game is at one moment, so the rules
(:mod:`game.engine.rules`) are plain functions from one state to the next, and callers can keep,
compare or throw away states freely: undo, replay, migration and the play-testers all work on
states rather than on a live object.  The mappings inside a state are never changed after the
state is built (the rules always make new ones); treat them as read-only.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from collections.abc import Mapping

from game.engine.record import field, record
from game.engine.model import Choice, Scenario

#: The version of the dict written by :meth:`GameState`-based saves (``Game.to_dict``), and the
#: oldest reader version that can still read it.
STATE_FORMAT = 2
STATE_MIN_FORMAT = 2


class EngineError(Exception):
    """A request the engine cannot honour (unknown choice, game over, bad save)."""


class ChoiceUnavailable(EngineError):
    pass


class GameOver(EngineError):
    pass


class StateError(EngineError):
    """A saved state does not fit this scenario."""


@record
class Option:
    """A choice as the player sees it now: available, or shown greyed with a reason."""

    choice: Choice
    available: bool
    reason: str = ""

    @property
    def id(self) -> str:
        return self.choice.id


class Decision(NamedTuple):
    """One decision in the record: stable ids only, plus the meters just after it.  (A named
    tuple, like :class:`GameState`: immutable, and cheap to build once per decision.)"""

    turn: int
    scene: str
    choice: str
    historical: bool | None
    meters: Mapping[str, int]
    outcome: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"turn": self.turn, "scene": self.scene, "choice": self.choice,
                                "historical": self.historical, "meters": dict(self.meters)}
        if self.outcome is not None:
            data["outcome"] = self.outcome
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        outcome = data.get("outcome")
        return cls(int(data["turn"]), str(data["scene"]), str(data["choice"]), data.get("historical"),
                   {str(k): int(v) for k, v in dict(data["meters"]).items()},
                   None if outcome is None else int(outcome))


@record
class Carry:
    """What a campaign chapter inherits from the one before: a shift for each meter (how far the
    player ended from history) and flag values.  Empty for a game played on its own."""

    meters: Mapping[str, int] = field(default_factory=dict)
    flags: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"meters": dict(self.meters), "flags": dict(self.flags)}

    @classmethod
    def for_scenario(cls, scenario: Scenario, data: Carry | Mapping[str, Any] | None) -> Carry:
        """Keep only what ``scenario`` can use: shifts for its meters, and values for the flags it
        declares ``carried`` with the same type.  Anything else from an earlier chapter is
        dropped, never an error."""
        raw_meters: Mapping[str, Any]
        raw_flags: Mapping[str, Any]
        if isinstance(data, Carry):
            raw_meters, raw_flags = data.meters, data.flags
        elif isinstance(data, Mapping):
            given_meters, given_flags = data.get("meters"), data.get("flags")
            raw_meters = given_meters if isinstance(given_meters, Mapping) else {}
            raw_flags = given_flags if isinstance(given_flags, Mapping) else {}
        else:
            return cls()
        known = {m.id for m in scenario.meters}
        meters = {k: v for k, v in raw_meters.items()
                  if k in known and isinstance(v, int) and not isinstance(v, bool)}
        types = {"bool": bool, "int": int, "text": str}
        flags: dict[str, Any] = {}
        for flag in scenario.flags:
            if not flag.carried:
                continue
            value = raw_flags.get(flag.id)
            wanted = types[flag.type]
            if isinstance(value, wanted) and not (wanted is int and isinstance(value, bool)):
                flags[flag.id] = value
        return cls(meters, flags)

    def __bool__(self) -> bool:
        return bool(self.meters or self.flags)


class GameState(NamedTuple):
    """One moment of one game.

    ``seed`` is the whole chance state (see :mod:`game.engine.chance`); ``carry`` is what the
    game started from; ``decisions`` replays the game from its start, which is why saves hold
    only the seed, the carry and the decisions and can never describe a state the scenario could
    not produce.

    A named tuple rather than a frozen dataclass: just as immutable, but about four times cheaper
    to build, and the rules build one per decision (``benchmarks/bench_play.py``).  ``names``
    is the mapping conditions read (every meter, every flag and ``turn``), built once by the rules
    with the state; a state made without it builds it on demand."""

    scene: str | None
    ending: str | None
    meters: Mapping[str, int]
    flags: Mapping[str, Any]
    turn: int
    decisions: tuple[Decision, ...]
    seed: int
    carry: Carry = Carry()
    names: Mapping[str, Any] | None = None

    @property
    def is_over(self) -> bool:
        return self.ending is not None

    def env(self) -> dict[str, Any]:
        """The names conditions can read: every meter, every flag, and ``turn`` (a fresh dict,
        the caller's to change)."""
        if self.names is not None:
            return dict(self.names)
        return names_of(self.meters, self.flags, self.turn)


def names_of(meters: Mapping[str, int], flags: Mapping[str, Any], turn: int) -> dict[str, Any]:
    """The names conditions read, in one dict: every meter, every flag, and ``turn``."""
    env: dict[str, Any] = dict(meters)
    env.update(flags)
    env["turn"] = turn
    return env
