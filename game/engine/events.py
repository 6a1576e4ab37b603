"""Events: what a decision did, as data.  The engine never prints; interfaces render these."""

from __future__ import annotations

from typing import Any, Literal

from game.engine.record import record


@record
class ChoiceMade:
    turn: int
    scene: str
    choice: str
    #: True/False when the scene has a historical option, None when it has none.
    historical: bool | None
    result: str = ""


@record
class OutcomeDrawn:
    """A chance outcome was drawn with the seeded generator."""

    index: int
    result: str
    historical: bool


@record
class MeterChanged:
    meter: str
    old: int
    new: int
    #: The change the scenario asked for, before clamping to the range.
    requested: int


@record
class FlagSet:
    flag: str
    old: Any
    new: Any


@record
class SceneEntered:
    scene: str


@record
class GameEnded:
    ending: str
    historical: bool
    reason: Literal["choice", "threshold", "end"]
    #: For a threshold ending, the meter that crossed it.
    meter: str = ""


Event = ChoiceMade | OutcomeDrawn | MeterChanged | FlagSet | SceneEntered | GameEnded
