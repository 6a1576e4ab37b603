"""What a command asks a renderer to play: one frozen value instead of a mutated Namespace.

``politburo play`` and ``politburo campaign`` turn their arguments into a :class:`Launch` (after
checking them: class code, seed, folders), and hand it to plain mode or the full-screen game.
Neither renderer reads the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a launch names a scenario; building one need not load the engine
    from game.engine import Scenario
from game.engine.record import record
from game.formats import RunSettings
from game.paths import Places


@record(slots=False)
class Launch:
    places: Places
    #: Open straight into this scenario; None shows the title screen (or the campaign).
    scenario: Scenario | None = None
    #: The player's name; None asks for it (a class or served game) or means "player".
    player: str | None = None
    #: The seed for a new game (a class code fixes it); None draws one.
    seed: int | None = None
    #: The rules for a new game: reveal, undo lock, reasons, class code.
    settings: RunSettings = RunSettings()
    #: Carry on the saved game (or campaign) instead of starting again.
    resume: bool = False
    #: Play the campaign (``politburo campaign``).
    campaign: bool = False
    #: ``play FILE --watch``: reload this file when it is saved (full-screen game only).
    watch: Path | None = None
    #: Served to a browser tab (``POLITBURO_SERVED=1``): bundled scenarios only, names asked.
    served: bool = False
    #: Plain mode: choice ids to play without asking (``--choices``); "historical" was resolved
    #: into ids and outcomes by the command.
    script: tuple[tuple[str, int | None], ...] = ()

    @property
    def class_code(self) -> str | None:
        return self.settings.class_code

    @property
    def player_name(self) -> str:
        return self.player or "player"
