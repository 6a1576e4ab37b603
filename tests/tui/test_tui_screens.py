"""Title, picker, help, dossier, timeline, the command palette, themes and export."""

from __future__ import annotations

import json

from textual.binding import Binding

from tuihelp import decide, screen_text, wait_for, wait_screen


async def test_title_menu(build):
    app = build(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        menu = app.screen.query_one("#menu")
        await wait_for(pilot, lambda: "no saved game yet" in str(menu.get_option("continue").prompt),
                       "the save search")
        assert menu.get_option("continue").disabled
        for option_id, note in [("campaign", "the chapters in order"),
                                ("class", "how a class decided")]:
            option = menu.get_option(option_id)
            assert not option.disabled and note in str(option.prompt)
        text = screen_text(app)
        assert "New game" in text and "Help" in text and "Quit" in text
        assert "Campaign" in text and "Class report" in text


async def test_picker_then_new_game_with_name_and_setting(build, places):
    app = build(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        await pilot.press("n")
        await wait_screen(pilot, "PickerScreen")
        await wait_for(pilot, lambda: "Your role:" in screen_text(app), "the scenario details")
        text = screen_text(app)
        assert "Period:" in text and "Length:" in text and "Content notes" in text
        await pilot.press("r")
        assert app.screen.reveal == "end"
        app.screen.query_one("#player").value = "Ana [b]"
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.info.player == "Ana [b]"
        assert app.session.info.settings == {"reveal": "end", "undo": app.session.scenario.undo}
        assert app.session.info.seed == 7


async def test_help_lists_every_key(council, build):
    from game.tui.screens.help import all_key_sections, key_name

    app = build(council)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("question_mark")
        await wait_screen(pilot, "HelpScreen")
        keys = str(app.screen.query_one("#keys").render())
        for _title, bindings in all_key_sections(list(app.BINDINGS)):
            for binding in bindings:
                assert isinstance(binding, Binding) and (binding.description or binding.tooltip)
                assert key_name(binding) in keys
        for word in ("1-9", "Dossier", "Timeline", "Undo", "Command palette", "PgDn"):
            assert word in keys
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")


async def test_dossier_is_searchable_and_grows(council, build):
    app = build(council)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("d")
        await wait_screen(pilot, "DossierScreen")
        count = app.screen.query_one("#count")
        assert "1 of 2 entries" not in str(count.render())
        before = len(app.screen.entries)
        assert before == 2  # the March transcript and its source; no historians yet
        await pilot.press(*"fond")
        await wait_for(pilot, lambda: "match 'fond'" in str(count.render()), "the search")
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        await decide(pilot, "1")  # the September scene has historiography: revealed now
        await pilot.press("d")
        await wait_screen(pilot, "DossierScreen")
        assert len(app.screen.entries) > before
        await pilot.press(*"gaddis")
        await wait_for(pilot, lambda: "2 of" in str(app.screen.query_one("#count").render()), "Gaddis: his reading and his book")
        assert "Timing not aims" in screen_text(app)


async def test_timeline_shows_both_paths(council, build):
    app = build(council)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")
        await pilot.press("t")
        await wait_screen(pilot, "TimelineScreen")
        text = screen_text(app)
        assert "Offer a defence treaty" in text
        assert "Offer aid and promise nothing military" in text and "[different]" in text
        assert "Divergence:" in text


async def test_command_palette_commands_theme_and_export(council, build, places):
    app = build(council)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Switch theme: high contrast", "Open dossier", "Export run", "Theme"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CommandPalette", "the palette")
        await pilot.press(*"switch theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "politburo-high-contrast", "the high-contrast theme")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        app.action_export_run()
        await app.workers.wait_for_complete()
        exported = list((places.runs / "exports").glob("*.json"))
        assert len(exported) == 1
        record = json.loads(exported[0].read_text())
        assert record["complete"] is False and len(record["decisions"]) == 1


def test_play_with_an_invalid_scenario_opens_nothing(tmp_path, monkeypatch, capsys):
    """``politburo play BAD.yaml`` prints the validator's errors and never opens the game."""
    import argparse

    import game.cli
    from game.commands import play

    def no_tui(*_args):
        raise AssertionError("the full-screen game was opened")

    monkeypatch.setattr(game.cli, "run_tui", no_tui)
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: Bad Id\n")
    parser = argparse.ArgumentParser()
    play.register(parser.add_subparsers(dest="command"))
    assert play.play_command(parser.parse_args(["play", str(bad)])) == 1
    err = capsys.readouterr().err
    assert "the scenario cannot be played" in err and "bad.yaml:" in err


def test_run_app_builds_from_play_arguments(council, tmp_path, monkeypatch):
    """``politburo play SCENARIO`` passes --seed, --player, --runs-dir and --reveal through."""
    import argparse

    from game.tui import app as app_module

    seen = {}

    def fake_run(self, *a, **k):
        seen["config"] = self.config

    monkeypatch.setattr(app_module.PolitburoApp, "run", fake_run)
    args = argparse.Namespace(runs_dir=str(tmp_path / "r"), player="Ana", seed=11, reveal="end",
                              resume=False, plain=False)
    assert app_module.run_app(council, args) == 0
    config = seen["config"]
    assert (config.scenario, config.player, config.seed, config.reveal) == (council, "Ana", 11, "end")
    assert config.places.runs == tmp_path / "r"


def test_session_reading_and_library_stay_textual_free():
    """The controller, the reading and the library are plain Python: testable without a terminal."""
    import subprocess
    import sys

    code = ("import sys, game.tui.session, game.tui.reading, game.tui.library; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
