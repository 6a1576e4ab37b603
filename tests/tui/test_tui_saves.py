"""Autosave and Continue, undo, and the too-small terminal."""

from __future__ import annotations

from game.formats import read_record
from game.play.store import list_saves
from tuihelp import decide, screen_text, wait_for, wait_screen


def saves(places):
    return [s.save for s in list_saves(places) if s.save is not None]


async def test_quit_mid_game_then_continue_lands_on_the_same_scene(council, build, places):
    first = build(council)
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")  # treaty
        await decide(pilot, "2")  # a limited attack: a chance outcome drawn with the seed
        await first.workers.wait_for_complete()
        state = first.session.game.state
        # "A killed terminal loses at most the decision being made": the save is already there.
        [save] = saves(places)
        assert [d.choice for d in save.state.decisions] == [d.choice for d in state.decisions]
        await pilot.press("q")
    assert first.return_code == 0

    second = build(None)  # `politburo` with no arguments, same data folder
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        menu = second.screen.query_one("#menu")
        await wait_for(pilot, lambda: not menu.get_option("continue").disabled, "Continue to be offered")
        label = str(menu.get_option("continue").prompt)
        assert "The council of 1949" in label and "2 decisions" in label
        await pilot.press("c")
        await wait_screen(pilot, "GameScreen")
        game = second.session.game
        assert game.state == state
        assert "Clashes on the parallel" in screen_text(second)
        for meter, value in state.meters.items():
            assert second.screen.query_one(f"#meter-{meter} MeterBar").state.value == value
        await decide(pilot, "1")
        await second.workers.wait_for_complete()
        assert second.session.record_path is not None
    record = read_record(second.session.record_path)
    assert [d.choice for d in record.decisions] == ["treaty", "limited", "concur"]
    assert record.run_id == save.run_id  # the same run, carried on
    assert list_saves(places) == []


async def test_undo_takes_back_the_last_decision(council, build, places):
    app = build(council)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        start = dict(app.session.game.meters)
        assert app.screen.check_action("undo", ()) is None  # shown greyed: nothing to undo yet
        await decide(pilot, "2")
        assert app.session.turn == 1 and app.screen.check_action("undo", ()) is True
        await pilot.press("u")
        await wait_for(pilot, lambda: app.session.turn == 0, "the undo")
        assert dict(app.session.game.meters) == start
        assert app.session.scene().id == "march"
        await app.workers.wait_for_complete()
        assert saves(places)[0].state.decisions == []
        await decide(pilot, "1")
        assert app.session.game.decisions[0].choice == "aid"


async def test_undo_is_locked_when_the_scenario_says_so(build, tmp_path):
    from game.scenario import load_scenario_bytes
    from tuihelp import FIXTURES

    raw = (FIXTURES / "council.yaml").read_text().replace("start: march\n", "start: march\nsettings: {undo: false}\n")
    locked = load_scenario_bytes(raw.encode(), "locked.yaml")
    app = build(locked)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        assert app.screen.check_action("undo", ()) is False  # hidden from the footer
        await pilot.press("u")
        await pilot.pause()
        assert app.session.turn == 1


async def test_too_small_terminal_waits_and_recovers(council, build):
    app = build(council)
    async with app.run_test(size=(60, 16)) as pilot:
        await wait_screen(pilot, "TooSmallScreen")
        # The game opens underneath (its folders are checked first, in a worker): still covered.
        await wait_for(pilot, lambda: app.session is not None, "the game to open underneath")
        await pilot.pause()
        assert type(app.screen).__name__ == "TooSmallScreen"
        text = screen_text(app)
        assert "too small: 60×16" in text and "at least 70×20" in text
        await pilot.press("1")  # ignored while too small
        await pilot.pause()
        assert app.session.turn == 0
        await pilot.resize_terminal(80, 24)
        await wait_screen(pilot, "GameScreen")
        assert "Kim in the Kremlin" in screen_text(app)
        await pilot.resize_terminal(69, 30)
        await wait_screen(pilot, "TooSmallScreen")
        await pilot.resize_terminal(120, 40)
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        assert app.session.turn == 1

