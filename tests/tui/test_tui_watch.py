"""``politburo play PATH --watch``: the file is edited during the game; the game reloads it and
replays the decisions, shows the errors of a broken save instead of crashing, and resumes when
the file is fixed.  The command line refuses --watch with --plain."""

from __future__ import annotations

from game.scenario import load_scenario
from tests.conftest import run_cli
from tuihelp import FIXTURES, decide, notes, screen_text, wait_for, wait_screen



def scene_bar(app) -> str:
    """The game screen's top line, or '' while another screen (or none yet) is up."""
    bars = app.screen.query("#scene-bar") if type(app.screen).__name__ == "GameScreen" else []
    return str(bars[0].render()) if bars else ""


async def test_edit_break_and_fix_the_file_while_playing(build, tmp_path):
    path = tmp_path / "council.yaml"
    original = (FIXTURES / "council.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    app = build(load_scenario(path), watch=path, watch_interval=0.05)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        assert "The Politburo decides" in scene_bar(app)

        # An edit: the scene is renamed and the first choice's effect changes.
        edited = original.replace("title: The Politburo decides", "title: The Politburo votes").replace(
            "effects: {national_interest: 6, bloc_rivalry: -2, risk: -2}",
            "effects: {national_interest: 9, bloc_rivalry: -2, risk: -2}")
        path.write_text(edited, encoding="utf-8")
        await wait_for(pilot, lambda: "The Politburo votes" in scene_bar(app), "the reload")
        assert app.session.turn == 1 and app.session.game.decisions[0].choice == "aid"
        assert app.session.game.meters["national_interest"] == 59  # replayed with the new effect
        assert "Reloaded council.yaml" in notes(app) and "replayed all 1 decision" in notes(app)
        assert "changed scene: september" in notes(app)

        # A broken save: the errors are shown in the game; nothing crashes.
        path.write_text(edited.replace("next: october\n        historical:", "next: nowhere\n        historical:"),
                        encoding="utf-8")
        await wait_screen(pilot, "WatchErrorsScreen")
        await wait_for(pilot, lambda: "nowhere" in screen_text(app), "the diagnostics")
        text = screen_text(app)
        assert "council.yaml has 1 error" in text and "Your decision is kept" in text
        assert app.session.turn == 1  # the last good game is kept

        # Broken in another way: the screen follows.
        path.write_text("format: 1\nid: [\n", encoding="utf-8")
        await wait_for(pilot, lambda: "nowhere" not in screen_text(app) and "error" in screen_text(app),
                       "the new diagnostics")
        assert type(app.screen).__name__ == "WatchErrorsScreen"

        # Fixed: play resumes where it was.
        path.write_text(edited, encoding="utf-8")
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: "The Politburo votes" in scene_bar(app), "the game again")
        assert app.session.turn == 1
        await decide(pilot, "1")
        assert app.session.turn == 2


async def test_a_file_broken_from_the_start_opens_on_its_errors(build, tmp_path):
    path = tmp_path / "council.yaml"
    original = (FIXTURES / "council.yaml").read_text(encoding="utf-8")
    path.write_text(original.replace("start: march", "start: april"), encoding="utf-8")
    app = build(None, watch=path, watch_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "WatchErrorsScreen")
        await wait_for(pilot, lambda: "april" in screen_text(app), "the diagnostics")
        assert "The game starts as soon as the file is saved without errors" in screen_text(app)
        path.write_text(original, encoding="utf-8")
        await wait_screen(pilot, "GameScreen")
        assert app.session.turn == 0 and app.session.scenario.id == "council"


def test_watch_with_plain_is_a_usage_error(tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text((FIXTURES / "council.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    out = run_cli("play", str(path), "--watch", "--plain")
    assert out.returncode == 2
    assert "--watch" in out.stderr and "--plain" in out.stderr
