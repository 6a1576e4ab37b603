"""The engine's saved state (``Game.to_dict``) as a typed, bounded structure.

The engine writes and reads plain dicts (it imports only the standard library); this is the same
shape with every field bounded, so a save is checked before the engine ever sees it.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from game.formats.fields import Count, Flags, Id, Int, Meters, Seed, Turn
from game.formats.settings import CarryData


class ScenarioRef(msgspec.Struct, frozen=True):
    """Which scenario, which version of it, and a hash of its content (edits change the hash)."""

    id: Id
    version: Annotated[str, msgspec.Meta(max_length=64)] = ""
    hash: Annotated[str, msgspec.Meta(max_length=128)] = ""


class SavedDecision(msgspec.Struct, frozen=True, omit_defaults=True):
    turn: Turn
    scene: Id
    choice: Id
    historical: bool | None
    meters: Meters
    outcome: Annotated[int, msgspec.Meta(ge=0, le=1000)] | None = None


Decisions = Annotated[list[SavedDecision], msgspec.Meta(max_length=10_000)]


class SavedState(msgspec.Struct, frozen=True):
    format: Int
    min_format: Int
    scenario: ScenarioRef
    seed: Seed
    carry: CarryData
    decisions: Decisions
    scene: Id | None
    ending: Id | None
    turn: Count
    meters: Meters
    flags: Flags

    def to_engine(self) -> dict[str, Any]:
        """The plain dict ``Game.from_dict`` reads."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        return data


def state_from_engine(data: dict[str, Any]) -> SavedState:
    return msgspec.convert(data, type=SavedState)
