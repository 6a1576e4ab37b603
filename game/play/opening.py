"""Opening a game from a launch: a new one, or the player's saved one if they may carry it on.

Why in the play layer: "resume" has rules a class depends on (a save belongs to one student and
one class; a save that no longer fits the scenario is explained, not silently restarted), and
both renderers must apply them identically.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from game.engine import Scenario
from game.engine.record import record
from game.formats import FileProblem, read_save
from game.play import store
from game.play.launch import Launch
from game.play.policy import may_continue
from game.play.recording import now_iso
from game.play.session import ResumeProblem, Session


@record(slots=False)
class Opened:
    """A session to play, or the problem that stops it; ``notes`` are for the player either way
    (what changed in an edited scenario, or why a save could not be used)."""

    session: Session | None
    resumed: bool = False
    notes: tuple[str, ...] = ()
    problem: str = ""
    hint: str = ""
    #: The problem is in the save itself (damaged, or no longer fits), not in what was asked.
    damaged: bool = False


def new_game(launch: Launch, scenario: Scenario, player: str, clock: Callable[[], str] = now_iso) -> Session:
    settings = launch.settings
    if settings.undo and not scenario.undo:  # the record says what was in force
        settings = msgspec.structs.replace(settings, undo=False)
    return Session.start(scenario, launch.places, player=player, settings=settings, seed=launch.seed, clock=clock)


def open_game(launch: Launch, scenario: Scenario, player: str, *, resume: bool, if_saved: bool = False,
              clock: Callable[[], str] = now_iso) -> Opened:
    """The game ``launch`` asks for.  Blocking (reads the save).

    ``resume``: carry on the player's save of ``scenario``, or say why not (``problem``).
    ``if_saved``: carry it on if there is one this player may continue, else start a new game
    (a class student who closed a browser tab by mistake)."""
    if not (resume or if_saved):
        return Opened(new_game(launch, scenario, player, clock))
    new_hint = "start a new game without --resume"
    context = store.save_context(launch.settings)
    path = store.find_save(launch.places, scenario.id, player, context)
    if path is None:
        if if_saved:
            return Opened(new_game(launch, scenario, player, clock))
        renamed = store.save_of_renamed_scenario(launch.places, scenario.path, player, context)
        if renamed is not None:  # the author changed the file's id since this game was saved
            return Opened(None, problem=f"no saved game of '{scenario.id}' for player '{player}': the save of this "
                                        f"file was made when its id was '{renamed.scenario_id}'",
                          hint=f"to carry it on, put back 'id: {renamed.scenario_id}' in the file; "
                               "or start a new game without --resume")
        return Opened(None, problem=f"no saved game of '{scenario.id}' for player '{player}'", hint=new_hint)
    try:
        save = read_save(path)
    except FileProblem as exc:
        reason = f"the saved game {path} cannot be read: {exc}"
        if if_saved:
            return Opened(new_game(launch, scenario, player, clock), notes=(reason + "; a new game starts.",))
        return Opened(None, problem=reason, hint=new_hint, damaged=True)
    refused = may_continue(save, player=player, class_code=launch.class_code)
    if refused:
        if if_saved:
            return Opened(new_game(launch, scenario, player, clock))
        hint = new_hint
        if save.settings.class_code and save.settings.class_code != launch.class_code:
            hint = f"carry it on in its class: politburo play --class {save.settings.class_code} --resume"
        return Opened(None, problem=f"the saved game of '{scenario.id}' cannot be carried on here: {refused}",
                      hint=hint)
    try:
        session = Session.resume(save, scenario, launch.places, found_at=path, clock=clock)
    except ResumeProblem as exc:
        if if_saved:
            return Opened(new_game(launch, scenario, player, clock), notes=(*exc.notes,))
        return Opened(None, notes=tuple(exc.notes),
                      problem="the saved game cannot be carried over to this version of the scenario",
                      hint=new_hint, damaged=True)
    notes = tuple(session.notes)
    session.notes = []
    return Opened(session, resumed=True, notes=notes)
