"""The app runs the session's file jobs and never writes a file itself: drift bugs 3, 5, 6 and 8
of issue 9, and the title screen's look-up race (issue 10).

- 3: quitting prints the command that carries the game on (with the class and runs folder);
- 5: Continue offers only saves this player may continue (not a classmate's, in a shared folder);
- 6: a failed autosave says so, keeps the game and retries; an unusable folder is said before
  the first decision;
- 8: what the command asked arrives as one frozen, typed config built from the Launch.
"""

from __future__ import annotations

import asyncio

import errno
import threading
from functools import partialmethod

import pytest

from game.classroom.join import JoinedClass, new_class
from game.engine.record import FrozenInstanceError
from game.formats import RunSettings
from game.paths import Places
from game.play.launch import Launch
from game.play.session import Session
from game.play.store import list_saves
from tuihelp import decide, fixed_clock, notes, screen_text, wait_for, wait_screen


def class_of(scenario, **rules) -> JoinedClass:
    rules = {"reveal": "each", "undo": True, "justify": False} | rules
    return JoinedClass(new_class(scenario, scenario.path, 4242, **rules), scenario)


def saved_game(scenario, places, player: str, settings: RunSettings, decisions: int = 1) -> Session:
    """A game that ``player`` started and left after ``decisions`` decisions (saved, as any is)."""
    session = Session.start(scenario, places, player=player, settings=settings, seed=5, clock=fixed_clock)
    for _ in range(decisions):
        session.choose(session.scene().options[0].id)
    assert session.save() == ""
    return session


# -- 5: Continue -------------------------------------------------------------------------------

async def continue_prompt(pilot) -> str:
    menu = pilot.app.screen.query_one("#menu")
    await wait_for(pilot, lambda: pilot.app.screen.looked, "the save look-up")
    return str(menu.get_option("continue").prompt)


async def test_continue_in_a_shared_class_folder_offers_only_your_own_save(council, build, places):
    klass = class_of(council)
    places.prepare()
    saved_game(council, places, "Ana", klass.settings(), decisions=1)
    bob = saved_game(council, places, "Bob", klass.settings(), decisions=2)  # the newest save
    assert len(list_saves(places)) == 2

    # Ana joins the class (her name typed at the prompt), then goes back to the title.
    app = build(council, settings=klass.settings(), seed=klass.seed, player=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "NameScreen")
        app.screen.query_one("#name").value = "Ana"
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.run.player == "Ana" and app.session.turn == 1  # her own save, carried on
        await pilot.press("escape")
        await wait_screen(pilot, "TitleScreen")
        prompt = await continue_prompt(pilot)
        assert "(Ana, 1 decision" in prompt and "Bob" not in prompt
        await pilot.press("c")
        await wait_screen(pilot, "GameScreen")
        assert app.session.run.player == "Ana" and app.session.run.run_id != bob.run.run_id

    # Someone with no name and no class is never offered a class's save.
    stranger = build(None)
    async with stranger.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        assert "no saved game yet" in await continue_prompt(pilot)
        assert stranger.screen.check_action("pick", ("continue",)) is None


async def test_a_named_player_outside_a_class_sees_only_their_own_save(council, build, places):
    places.prepare()
    saved_game(council, places, "Cy", RunSettings())
    saved_game(council, places, "Di", RunSettings())
    app = build(council, player="Cy")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("escape")
        await wait_screen(pilot, "TitleScreen")
        prompt = await continue_prompt(pilot)
        assert "(Cy, 1 decision" in prompt and "Di" not in prompt


# -- 6: disk trouble ---------------------------------------------------------------------------

@pytest.fixture
def failing_disk(monkeypatch):
    """Saves fail (the disk is full) while ``failing.on`` is True."""
    import game.play.store as store

    real = store.atomic_write_bytes

    class Switch:
        on = True

    def write(path, data):
        if Switch.on:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(store, "atomic_write_bytes", write)
    return Switch


async def test_a_failed_autosave_keeps_the_game_says_so_and_retries(council, build, places, failing_disk):
    app = build(council, retry_interval=0.1)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")
        await wait_for(pilot, lambda: app.session.save_problem, "the failed autosave")
        assert "Your game could not be saved" in notes(app) and "No space left on device" in notes(app)
        assert "run record" not in notes(app)  # not the wrong file
        assert type(app.screen).__name__ == "GameScreen" and app.session.turn == 1  # the game goes on
        assert list_saves(places) == []
        await decide(pilot, "2")  # still failing: the game still goes on, and it is said only once
        assert app.session.turn == 2 and notes(app).count("Your game could not be saved") == 1
        failing_disk.on = False  # the disk has room again: the timer's retry saves the game
        await wait_for(pilot, lambda: not app.session.save_problem, "the retry")
        await wait_for(pilot, lambda: "Your game is saved again" in notes(app), "the all-clear")
        [listed] = list_saves(places)
        assert [d.choice for d in listed.save.state.decisions] == ["treaty", "limited"]


async def test_a_failed_autosave_is_retried_after_the_next_decision(council, build, places, failing_disk):
    app = build(council, retry_interval=3600)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        await wait_for(pilot, lambda: app.session.save_problem, "the failed autosave")
        failing_disk.on = False
        await decide(pilot, "1")
        await wait_for(pilot, lambda: not app.session.save_problem, "the next autosave")
        [listed] = list_saves(places)
        assert listed.save.turns == 2


async def test_an_unusable_runs_folder_is_said_before_the_first_decision(council, build, places, monkeypatch):
    import game.storage

    real = game.storage.check_writable

    def read_only(folder):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(game.storage, "check_writable", read_only)
    app = build(council)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "StartProblemScreen")
        text = app.screen.query_one("#problem").render().plain
        assert "Your games cannot be saved" in text
        assert f"cannot save games in {places.runs}: Permission denied" in text
        assert "Nothing has been played yet" in text
        await pilot.press("1")
        await pilot.pause()
        assert app.session is None  # no game was started
        monkeypatch.setattr(game.storage, "check_writable", real)  # fixed: try again
        await pilot.press("r")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        await app.workers.wait_for_complete()
        assert len(list_saves(places)) == 1


async def test_a_slow_autosave_never_lands_after_the_record(council, build, places, monkeypatch):
    """The jobs run one at a time, in order: the last autosave is written before the record, and
    the save deleted after it, however slow the disk."""
    import threading

    import game.play.store as store

    real = store.SaveJob.run
    calls = []
    ended = threading.Event()

    def slow(job):
        calls.append(job)
        if len(calls) == 2:  # the autosave after decision 2 hangs until the game has ended
            assert ended.wait(30), "the game did not end while an autosave hung"
        return real(job)

    monkeypatch.setattr(store.SaveJob, "run", slow)
    app = build(council)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "GameScreen")
        for _ in range(3):
            await decide(pilot, "1")
        ended.set()
        await app.workers.wait_for_complete()
        assert app.session.record_path is not None and app.session.record_path.exists()
    assert list_saves(places) == [], "an autosave landed after the record"


async def test_the_title_is_drawn_first_then_an_unusable_folder_is_said(build, monkeypatch):
    """``politburo`` alone draws the title at once (start-up time) and checks the folders after
    the first paint; a folder that cannot be used replaces the title before anything is played."""
    import game.storage

    def read_only(folder):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(game.storage, "check_writable", read_only)
    app = build(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "StartProblemScreen")
        assert not app.folders_ok.is_set() and app.session is None


# -- 3: the way back ---------------------------------------------------------------------------

def scripted_run(monkeypatch, script):
    """Make ``PolitburoApp.run`` play headless with ``script`` (what a player would type)."""
    from game.tui.app import PolitburoApp

    monkeypatch.setattr(PolitburoApp, "run", partialmethod(PolitburoApp.run, headless=True, size=(100, 30),
                                                           auto_pilot=script))


def test_quitting_prints_how_to_carry_on(council, tmp_path, monkeypatch, capsys):
    from game.tui.app import run_app

    async def play_two_then_quit(pilot):
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        await decide(pilot, "1")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("q")

    scripted_run(monkeypatch, play_two_then_quit)
    klass = class_of(council)
    places = Places.resolve(tmp_path / "class runs")
    launch = Launch(places=places, scenario=council, player="Ana", seed=klass.seed, settings=klass.settings())
    assert run_app(launch) == 0
    out = capsys.readouterr().out
    assert "Your game is saved. To carry on where you left off:" in out
    command = out.strip().splitlines()[-1].strip()
    assert command.startswith("politburo play ")
    for part in ("--class", klass.text, "--resume", "--player Ana", "--runs-dir", "'"):
        assert part in command, command
    assert str(places.runs) in command


def test_quitting_before_any_decision_or_after_the_end_prints_no_resume_hint(council, tmp_path, monkeypatch,
                                                                             capsys):
    from game.tui.app import run_app

    async def quit_at_once(pilot):
        await wait_screen(pilot, "GameScreen")
        await pilot.press("q")

    scripted_run(monkeypatch, quit_at_once)
    assert run_app(Launch(places=Places.resolve(tmp_path / "r"), scenario=council, seed=1)) == 0
    assert "--resume" not in capsys.readouterr().out  # nothing saved yet: nothing to carry on

    async def play_to_the_end(pilot):
        await wait_screen(pilot, "GameScreen")
        for _ in range(3):
            await decide(pilot, "1")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("q")

    scripted_run(monkeypatch, play_to_the_end)
    assert run_app(Launch(places=Places.resolve(tmp_path / "r"), scenario=council, seed=1)) == 0
    assert capsys.readouterr().out == ""


async def test_the_hint_after_a_campaign_chapter_names_the_campaign(build, places):
    from game.tui.app import goodbye
    from test_tui_campaign import fixture_plan

    app = build(None, plan=fixture_plan(), campaign=True, player="Ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "CampaignScreen")
        await wait_for(pilot, lambda: app.screen.loaded, "the chapters")
        await pilot.press("enter")
        await wait_screen(pilot, "ChapterCardScreen")
        assert "politburo campaign --resume --player Ana" in goodbye(app)  # on the card
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")
        await app.workers.wait_for_complete()
        assert "politburo campaign --resume --player Ana" in goodbye(app)


# -- 8: one frozen, typed config ---------------------------------------------------------------

def test_run_app_builds_the_app_from_the_launch(council, tmp_path, monkeypatch):
    from game.tui.app import AppConfig, PolitburoApp, run_app

    seen = {}
    monkeypatch.setattr(PolitburoApp, "run", lambda self, *a, **k: seen.setdefault("config", self.config))
    launch = Launch(places=Places.resolve(tmp_path / "r"), scenario=council, player="Ana", seed=11,
                    settings=RunSettings(reveal="end", undo=False))
    assert run_app(launch) == 0
    config = seen["config"]
    assert isinstance(config, AppConfig) and config.launch is launch
    with pytest.raises(FrozenInstanceError):
        config.theme = "other"  # type: ignore[misc]


async def test_the_launch_settings_reach_the_session(council, build):
    app = build(council, player="Ana", seed=11, settings=RunSettings(reveal="end", undo=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "GameScreen")
        run = app.session.run
        assert (run.player, run.seed, run.settings) == ("Ana", 11, RunSettings(reveal="end", undo=False))
        assert app.screen.check_action("undo", ()) is False
        await pilot.press("1")
        await wait_screen(pilot, "RevealScreen")
        assert "Kept for the end" in screen_text(app)


# -- issue 10: the title's save look-up on a screen that has gone ------------------------------

@pytest.fixture
def slow_look_up(monkeypatch):
    """The title's save look-up waits until the test lets it finish."""
    import game.tui.screens.title as title

    release = threading.Event()
    real = title.look_up

    def look_up(*args):
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(title, "look_up", look_up)
    yield release
    release.set()


async def test_leaving_the_title_before_its_look_up_ends(build, slow_look_up):
    app = build(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        await pilot.press("n")
        await wait_screen(pilot, "PickerScreen")
        slow_look_up.set()
        await asyncio.sleep(0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "PickerScreen"
    assert app.return_code in (None, 0)


async def test_quitting_on_the_first_frame_of_the_title(build, slow_look_up):
    app = build(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        await pilot.press("q")
        slow_look_up.set()
    assert app.return_code == 0
