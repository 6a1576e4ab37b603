"""Playing to an ending by key presses only: the bundled 1949 scenario on the historical path
and on a counterfactual path, then the debrief and the run record (which must be the record
plain mode writes for the same seed and choices)."""

from __future__ import annotations

import io
import json

import pytest

from game.catalog import resolve
from game.engine import Game
from game.paths import Places
from game.plain import PlainSession
from game.records import RunInfo
from game.scenario import load_scenario
from tuihelp import FIXED_CLOCK, decide, option_number, screen_text, wait_for, wait_screen

VOLATILE = ("started_at", "finished_at", "app_version")


@pytest.fixture(scope="module")
def kim():
    resolved = resolve("kim-1949")
    assert resolved.result.scenario is not None, "the bundled kim-1949 scenario does not validate"
    return resolved.result.scenario


def plain_record(scenario, choices: list[str], seed: int, tmp_path, reveal: str = "each") -> dict:
    """The record plain mode writes for the same seed and choices."""
    import random

    places = Places(tmp_path / "plain-runs", tmp_path / "plain-saves")
    game = Game.new(scenario, random.Random(seed))
    info = RunInfo("player", seed, FIXED_CLOCK, {"reveal": reveal, "undo": scenario.undo})
    session = PlainSession(scenario, game, info, places, lambda: None, io.StringIO(), list(choices),
                           reveal_each=reveal == "each")
    path = session.play()
    return json.loads(path.read_text())


def strip(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in VOLATILE}


async def play_path(pilot, pick) -> list[str]:
    """Play to the end; ``pick(game)`` names the choice, which is taken by its number key."""
    app = pilot.app
    await wait_screen(pilot, "GameScreen")
    taken = []
    while not app.session.game.is_over:
        game = app.session.game
        choice = pick(game)
        taken.append(choice)
        await decide(pilot, option_number(game, choice))
    return taken


async def test_historical_path_by_keys(kim, build, places, tmp_path):
    app = build(kim)
    async with app.run_test(size=(100, 32)) as pilot:
        taken = await play_path(pilot, lambda g: g.scene.historical_choice.id)
        await wait_for(pilot, lambda: app.session.record_path is not None, "the run record")
        await wait_for(pilot, lambda: "Run record saved to" in str(app.screen.query_one("#record").render()),
                       "the record line on the debrief")
        banner = app.screen.query_one("#banner").render()
        assert "HISTORICAL ENDING" in str(banner)
        assert "This is what actually happened." in str(banner)
        assert taken == app.session.game.track.choices
        record_line = str(app.screen.query_one("#record").render())
        assert str(app.session.record_path) in record_line
    record = json.loads(app.session.record_path.read_text())
    assert record["complete"] and record["ending"]["historical"]
    assert record["ending"]["id"] == app.session.game.track.ending
    assert all(d["historical"] for d in record["decisions"])
    assert record["divergence"] == 0
    assert record["finished_at"] == FIXED_CLOCK
    assert list(places.saves.glob("*.json")) == [], "the autosave must be deleted at the end"
    assert strip(record) == strip(plain_record(kim, taken, 7, tmp_path))


async def test_counterfactual_path_by_arrows_and_enter(kim, build, places, tmp_path):
    """Pick the first option that is not the Politburo's, moving with the arrow keys."""
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        taken = []
        while not app.session.game.is_over:
            game = app.session.game
            options = game.options()
            hist = game.scene.historical_choice
            index = next(i for i, o in enumerate(options) if o.available and (hist is None or o.id != hist.id))
            taken.append(options[index].id)
            choices = app.screen.query_one("#choices")
            await pilot.press("home")
            for _ in range(index):
                await pilot.press("down")
            assert choices.highlighted == index
            turn = game.turn
            await pilot.press("enter")
            await wait_screen(pilot, "RevealScreen")
            assert app.session.game.turn == turn + 1
            assert "What actually happened" in screen_text(app)
            await pilot.press("enter")
            if not app.session.game.is_over:
                await wait_for(pilot, lambda: type(app.screen).__name__ == "GameScreen" and
                               f"Decision {turn + 2} " in str(app.screen.query_one("#scene-bar").render()),
                               "the next scene")
        await wait_screen(pilot, "DebriefScreen")
        await wait_for(pilot, lambda: app.session.record_path is not None, "the run record")
        ending = app.session.game.ending
        assert not ending.is_historical
        assert "COUNTERFACTUAL ENDING" in str(app.screen.query_one("#banner").render())
        historians = " ".join(str(w.render()) for w in app.screen.query("#historians Static"))
        assert "Your choices and the historians" in historians
        assert "Gaddis" in historians  # drawn from the scenario's own historiography
    record = json.loads(app.session.record_path.read_text())
    assert record["complete"] and record["ending"] == {"id": ending.id, "title": ending.title,
                                                       "historical": False}
    assert [d["choice"] for d in record["decisions"]] == taken
    assert strip(record) == strip(plain_record(kim, taken, 7, tmp_path))


async def test_reveal_at_end_keeps_history_for_the_debrief(council, build):
    app = build(council, reveal="end")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("2")
        await wait_screen(pilot, "RevealScreen")
        text = screen_text(app)
        assert "Kept for the end" in text
        assert "The Politburo said no" not in text
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        await decide(pilot, "1")
        assert type(app.screen).__name__ == "DebriefScreen"
        parts = " ".join(str(w.render()) for w in app.screen.query(".part"))
        assert "What actually happened, decision by decision" in parts
        assert "Offer aid and promise nothing military" in parts
    record = json.loads(app.session.record_path.read_text())
    assert record["settings"]["reveal"] == "end"


async def test_threshold_ending_is_said_plainly(council, build):
    app = build(council)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("3")  # the gamble: risk 20 -> 85 crosses the threshold at 80
        await wait_screen(pilot, "RevealScreen")
        text = screen_text(app)
        assert "The game ends here." in text
        assert "Risk of American intervention reached 85" in text
        await pilot.press("enter")
        await wait_screen(pilot, "DebriefScreen")
        assert "COUNTERFACTUAL ENDING" in screen_text(app)


def test_fixture_loads():
    from tuihelp import FIXTURES

    assert load_scenario(FIXTURES / "council.yaml").id == "council"
