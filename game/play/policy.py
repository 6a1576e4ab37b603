"""The rules a class sets, and who may carry on which save.

Why here and not in a renderer: a class behaves the same in plain mode, the full-screen game and
a browser tab only if one piece of code decides when history is shown, whether undo is allowed,
where a reason is asked for, and whose save a player may continue.
"""

from __future__ import annotations

from game.engine import Scenario
from game.engine.record import record
from game.formats import RunSettings, SaveFile
from game.play.identity import same_player


@record(slots=False)
class Policy:
    """What a run's settings allow, for one scenario."""

    #: Show what actually happened after every decision (else only in the debrief).
    reveal_each: bool
    #: The scenario and the run's settings (a class may lock it) both allow undo.
    undo: bool
    #: A class asks for a reason at the scenario's debate points.
    justify: bool

    @classmethod
    def of(cls, scenario: Scenario, settings: RunSettings) -> Policy:
        return cls(settings.reveal_each, bool(scenario.undo and settings.undo), settings.justify)

    def shows_history(self, over: bool) -> bool:
        """May a screen show historical values now?  Always at the end; before it only with
        reveal after each decision."""
        return self.reveal_each or over

    def asks_reason(self, scenario: Scenario, scene_id: str | None) -> bool:
        return bool(self.justify and scene_id and scenario.has_scene(scene_id)
                    and scenario.scene(scene_id).debate)


def may_continue(save: SaveFile, *, player: str | None, class_code: str | None) -> str:
    """'' if ``player`` (in class ``class_code``, or outside any class) may carry on ``save``;
    else why not, in words for the player.

    A class save belongs to its student and its class: nobody else may continue it, even from the
    same shared folder.  Outside a class, a named player continues only their own saves; an
    unnamed one (a machine's own user) any save that is not a class's."""
    saved_class = save.settings.class_code
    if saved_class and saved_class != class_code:
        return f"it belongs to class {saved_class}"
    if class_code and saved_class != class_code:
        return "it is not from this class"
    if (saved_class or player is not None) and not same_player(save.player, player or ""):
        return f"it is {save.player}'s game"
    return ""
