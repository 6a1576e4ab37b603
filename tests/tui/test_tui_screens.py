"""Title, picker, help, dossier, timeline, the command palette, themes and export."""

from __future__ import annotations

from textual.binding import Binding

from game.formats import RunSettings, read_record

from tuihelp import decide, screen_text, type_text, wait_for, wait_screen


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
        # The length from the words on the historical path (a range), not the author's minutes.
        from game.play.length import reading_minutes

        entry = app.screen._selected_entry()
        quick, slow = reading_minutes(entry.scenario)
        flat = " ".join(str(app.screen.query_one("#details").render()).split())
        assert f"about {quick}–{slow} minutes of reading at 150–200 words a minute" in flat
        assert f"about {entry.scenario.length_minutes} minutes;" not in flat
        await pilot.press("r")
        assert app.screen.reveal == "end"
        app.screen.query_one("#player").value = "Ana [b]"
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        run = app.session.run
        assert run.player == "Ana [b]"
        assert run.settings == RunSettings(reveal="end", undo=app.session.scenario.undo)
        assert run.seed == 7


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
                assert isinstance(binding, Binding)
                if binding.action.startswith(("choose(", "choose_early(")) and binding.key != "1":
                    continue  # 2 to 9: the "1-9" row says them
                assert binding.description or binding.tooltip or binding.action.startswith("choose_early")
                assert key_name(binding) in keys
        for word in ("1-9", "Dossier", "Timeline", "Undo", "Command palette", "PgDn", "Decide"):
            assert word in keys
        assert "Choose decision" not in keys  # one "1-9" row, not nine
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
        await type_text(pilot, "fond")
        await wait_for(pilot, lambda: "match 'fond'" in str(count.render()), "the search")
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        await decide(pilot, "1")  # the September scene has historiography: revealed now
        await pilot.press("d")
        await wait_screen(pilot, "DossierScreen")
        assert len(app.screen.entries) > before
        await type_text(pilot, "gaddis")
        await wait_for(pilot, lambda: "2 of" in str(app.screen.query_one("#count").render()),
                       "Gaddis: his reading and his book")
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
        await type_text(pilot, "switch theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "politburo-high-contrast", "the high-contrast theme")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        app.action_export_run()
        await app.workers.wait_for_complete()
        exported = list((places.runs / "exports").glob("*.json"))
        assert len(exported) == 1
        record = read_record(exported[0])
        assert record.complete is False and len(record.decisions) == 1
        assert record.run_id == app.session.run.run_id


def test_the_renderer_holds_no_session_logic():
    """The session and campaign copies are gone; the library (what the title and picker offer)
    stays plain Python, testable without a terminal."""
    import importlib.util
    import subprocess
    import sys

    for gone in ("game.tui.session", "game.tui.campaign", "game.tui.reading"):
        assert importlib.util.find_spec(gone) is None, gone
    code = ("import sys, game.tui.library; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
