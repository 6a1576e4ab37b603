"""Scenario text is data, never markup: ``[bold]``, ``[@click=app.quit]`` and a dangling ``[/``
in every kind of author text render literally, create no click actions and crash nothing."""

from __future__ import annotations

from tuihelp import click_actions, screen_text, wait_for, wait_screen

BIG = (160, 80)


async def test_game_screen_renders_author_text_literally(markup_scenario, build):
    app = build(markup_scenario)
    async with app.run_test(size=BIG) as pilot:
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: "dangling" in screen_text(app), "the briefing")
        # The whole briefing fits at this size: it has been read, so the options come by themselves.
        await wait_for(pilot, lambda: not app.screen.reading, "the options")
        await pilot.pause()
        text = screen_text(app)
        for literal in [
            "Text with [bold]not bold[/bold], [@click=app.quit]click[/] and a dangling [/",
            "Scene [bold]one[/bold] [/",
            "Place [@click=app.quit]p[/]",
            "Doc [bold]t[/] [/",
            "Secret [@click=app.quit]s[/]",
            "Fond [1] [/",
            "Adviser [bold]A[/]",
            "Counsel [@click=app.quit]c[/] [/",
            "Choose [bold]A[/bold] [@click=app.quit]now[/] [/",
            "Reason [bold]no[/] [/",
            "National [bold]interest[/]",
            "Bloc [/",
        ]:
            assert literal in text, literal
        assert not any("quit" in action for action in click_actions(app))
        # Clicking on the would-be link does nothing: the app is still running.
        await pilot.click("#scene-text")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "GameScreen"


async def test_reveal_dossier_and_debrief_render_literally(markup_scenario, build):
    app = build(markup_scenario)
    async with app.run_test(size=BIG) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("1")
        await wait_screen(pilot, "RevealScreen")
        text = screen_text(app)
        assert "Result [bold]r[/] [/" in text
        assert "Record [@click=app.quit]r[/] [/" in text
        assert "Citation [bold]c[/] [@click=app.quit]q[/] [/" in text
        await pilot.press("d")
        await wait_screen(pilot, "DossierScreen")
        text = screen_text(app)
        assert "Question [bold]q[/] [/" in text and "Summary [/ [bold]b[/]" in text
        await pilot.press("[", "/")  # typing markup into the search box is harmless too
        await wait_for(pilot, lambda: "match '[/'" in screen_text(app), "the search")
        await pilot.press("escape")
        await wait_screen(pilot, "RevealScreen")
        await pilot.press("enter")
        await wait_screen(pilot, "DebriefScreen")
        text = screen_text(app)
        assert "Ending [bold]e[/] [/" in text
        assert "Ending text [@click=app.quit]x[/] [/" in text
        assert not any("quit" in action for action in click_actions(app))


async def test_picker_shows_a_command_line_scenario_literally(markup_scenario, build):
    """``politburo play FILE`` opens the game; Esc goes to the title, whose picker lists FILE."""
    app = build(markup_scenario)
    async with app.run_test(size=BIG) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("escape")
        await wait_screen(pilot, "TitleScreen")
        await pilot.press("n")
        await wait_screen(pilot, "PickerScreen")
        menu = app.screen.query_one("#scenarios")
        await wait_for(pilot, lambda: any(o.id and o.id.isdigit() for o in menu.options), "the list")
        index = next(i for i, e in enumerate(app.screen.entries)
                     if e.scenario is not None and e.scenario.id == "markup-trap")
        menu.highlighted = menu.get_option_index(str(index))
        await wait_for(pilot, lambda: "Summary [@click=app.quit]click me[/] [/" in screen_text(app),
                       "the details")
        text = screen_text(app)
        assert "Trap [bold]title[/bold] [@click=app.quit]quit[/] and [/" in text
        assert "A [bold]role[/] [/" in text and "Note [bold]x[/bold] [/" in text
