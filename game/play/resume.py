"""The one command that carries a stopped game on, whatever the game was.

Why one function: every way a game can stop (q, Ctrl-C, a closed terminal, a failed record)
prints the way back, and that command must work from where the player is: with the class code,
the runs folder and the scenario file it was started with, and the player's name.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from game.catalog import bundled_id_for
from game.engine.record import record


@record(slots=False)
class Resumable:
    """What a resume command needs to name."""

    #: The scenario file the game was loaded from ('' when the class code names it).
    scenario_file: str
    scenario_id: str
    player: str
    class_code: str | None = None
    #: The class code alone names a bundled scenario (a teacher's own file must be given too).
    code_names_scenario: bool = False
    runs_dir: str | None = None
    campaign: bool = False


def resume_command(what: Resumable, *, plain: bool) -> str:
    """``politburo play … --resume`` (or ``campaign … --resume``) that finds this game again."""
    words = ["politburo"]
    if what.campaign:
        words.append("campaign")
    else:
        words.append("play")
        if not (what.class_code and what.code_names_scenario):
            words.append(_scenario_arg(what))
        if what.class_code:
            words += ["--class", what.class_code]
    if plain:
        words.append("--plain")
    words.append("--resume")
    if what.player != "player" or what.class_code:
        words += ["--player", what.player]
    if what.runs_dir is not None:
        words += ["--runs-dir", what.runs_dir]
    return " ".join(shlex.quote(w) if i > 1 else w for i, w in enumerate(words))


def _scenario_arg(what: Resumable) -> str:
    bundled = bundled_id_for(what.scenario_file)
    if bundled is not None or not what.scenario_file:
        return bundled or what.scenario_id
    return str(Path(what.scenario_file).resolve())
