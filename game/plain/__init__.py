"""Plain mode: the whole game on stdin/stdout, rendered from :mod:`game.play`.

:func:`play_single` plays one scenario and :func:`play_campaign` the campaign; both take the
:class:`~game.play.launch.Launch` a command built, and return an exit status.
"""

from __future__ import annotations

import sys
from typing import IO
from collections.abc import Callable

from game.engine import Scenario
from game.play.campaign import CampaignError, CampaignPlan, bundled_plan, chapter_results, open_run
from game.play.campaign_words import campaign_summary, carry_card
from game.play.launch import Launch
from game.play.opening import open_game
from game.plain import render
from game.plain.loop import PlainIO, PlainPlayer, Quit
from game.play.recording import now_iso
from game.play.session import prepare

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

__all__ = ["PlainIO", "PlainPlayer", "Quit", "play_campaign", "play_single", "stdio"]


def stdio(out: IO[str] | None = None) -> PlainIO:
    def read_line() -> str | None:
        line = sys.stdin.readline()
        return line if line else None

    return PlainIO(read_line, out or sys.stdout)


def _err(io: PlainIO, message: str, hint: str = "") -> None:
    sys.stderr.write(f"politburo: {message}\n")
    if hint:
        sys.stderr.write(f"    hint: {hint}\n")


def play_single(launch: Launch, scenario: Scenario, io: PlainIO, *, player: str,
                clock: Callable[[], str] = now_iso) -> int:
    """One scenario: a new game, or the player's saved one with ``launch.resume``."""
    problem = prepare(launch.places)
    if problem:
        _err(io, problem, "pass --runs-dir DIR with a folder you can write to")
        return EXIT_USAGE
    opened = open_game(launch, scenario, player, resume=launch.resume, clock=clock)
    for note in opened.notes:
        io.say(render.wrap(note))
    if opened.session is None:
        _err(io, opened.problem, opened.hint)
        return EXIT_FAILED if opened.damaged else EXIT_USAGE
    session = opened.session
    player_ = PlainPlayer(session, io, list(launch.script))
    if opened.resumed:
        io.say(f"Resuming '{scenario.title}' after {session.turn} decision(s).")
    else:
        player_.intro()
        if session.class_code:
            extra = " At debate points you will be asked for a reason." if session.policy.justify else ""
            io.say(f"Class {session.class_code}: {player}, your teacher's settings are fixed.{extra}")
        else:
            io.say(f"Seed {session.run.seed} (replay with --seed {session.run.seed}).")
    if session.is_over:  # a save of a finished game (killed before its record was written)
        player_.finish()
        return EXIT_OK
    player_.play()
    return EXIT_OK


def play_campaign(launch: Launch, io: PlainIO, *, player: str, plan: CampaignPlan | None = None,
                  clock: Callable[[], str] = now_iso) -> int:
    """The campaign's chapters in order, carried on from the progress file with ``launch.resume``."""
    problem = prepare(launch.places)
    if problem:
        _err(io, problem, "pass --runs-dir DIR with a folder you can write to")
        return EXIT_USAGE
    plan = plan or bundled_plan()
    try:
        run = open_run(plan, launch.places, player, resume=launch.resume, seed=launch.seed,
                       reveal=launch.settings.reveal, clock=clock)
    except CampaignError as exc:
        hint = "start one: politburo campaign --plain" if launch.resume else ""
        _err(io, str(exc), hint)
        return EXIT_USAGE
    except OSError as exc:
        _err(io, launch.places.unusable(exc), "pass --runs-dir DIR")
        return EXIT_USAGE
    if not launch.resume:
        io.say(f"=== {plan.campaign.title} ===",
               f"{run.total} chapters. Seed {run.progress.seed} (replay with --seed {run.progress.seed}).")
    while not run.complete:
        chapter = run.current()
        assert chapter is not None
        if chapter.scenario is None:
            _err(io, f"chapter {run.progress.chapter + 1} cannot be played: {chapter.problem}")
            return EXIT_FAILED
        session, notes = run.saved_session(chapter.scenario, clock=clock)
        for note in notes:
            io.say(render.wrap(note))
        io.say("", f"##### Chapter {run.progress.chapter + 1} of {run.total} #####")
        if session is None:
            session = run.new_session(chapter.scenario, clock=clock)
            io.say(*render.carry_card(carry_card(run)), "")
            PlainPlayer(session, io).intro()
        else:
            io.say(f"Resuming '{chapter.scenario.title}' after {session.turn} decision(s).")
        player_ = PlainPlayer(session, io)
        if session.is_over:
            player_.finish()
        elif not player_.play():
            return EXIT_OK  # stopped: the chapter's save and the progress are on disk
        try:
            run.advance(session)
        except OSError as exc:
            _err(io, f"could not save the campaign's progress: {exc.strerror or exc}",
                 "the chapter's run record is written; pass --runs-dir DIR to carry on elsewhere")
            return EXIT_FAILED
    io.say("", *render.campaign_summary(campaign_summary(run, chapter_results(run.progress), served=False)))
    return EXIT_OK
