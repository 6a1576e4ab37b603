"""Playing to an ending by key presses only: the bundled 1949 scenario on the historical path
and on a counterfactual path, then the debrief and the run record (which must be the record the
play layer builds for the same seed and choices, as plain mode writes it)."""

from __future__ import annotations

import msgspec

from game.engine.history import historical_track
from game.formats import RunSettings, read_record
from game.paths import Places
from game.play.session import Session
from game.scenario import load_scenario
from tuihelp import (FIXED_CLOCK, decide, fixed_clock, option_number, reach_decision, screen_text, wait_for,
                     wait_screen)

VOLATILE = ("run_id", "started_at", "finished_at", "app_version")


def headless_record(scenario, choices: list[str], seed: int, tmp_path, settings: RunSettings) -> dict:
    """The record a session with no renderer at all builds for the same seed and choices."""
    session = Session.start(scenario, Places(tmp_path / "h-runs", tmp_path / "h-saves"), player="player",
                            settings=settings, seed=seed, clock=fixed_clock)
    for choice in choices:
        session.choose(choice)
    return msgspec.to_builtins(session.record(FIXED_CLOCK))


def strip(record) -> dict:
    data = record if isinstance(record, dict) else msgspec.to_builtins(record)
    return {k: v for k, v in data.items() if k not in VOLATILE}


async def play_path(pilot, pick) -> list[str]:
    """Play to the end; ``pick(session)`` names the choice, which is taken by its number key."""
    app = pilot.app
    await wait_screen(pilot, "GameScreen")
    taken = []
    while not app.session.is_over:
        session = app.session
        choice = pick(session)
        taken.append(choice)
        await decide(pilot, option_number(session, choice))
    return taken


async def test_historical_path_by_keys(kim, build, places, tmp_path):
    app = build(kim)
    track = historical_track(kim)
    async with app.run_test(size=(100, 32)) as pilot:
        taken = await play_path(pilot, lambda s: track.choices[s.turn])
        await wait_for(pilot, lambda: app.session.record_path is not None, "the run record")
        await wait_for(pilot, lambda: "Run record saved to" in str(app.screen.query_one("#record").render()),
                       "the record line on the debrief")
        banner = app.screen.query_one("#banner").render()
        assert "HISTORICAL ENDING" in str(banner)
        assert "This is what actually happened." in str(banner)
        assert taken == list(track.choices)
        record_line = str(app.screen.query_one("#record").render())
        assert str(app.session.record_path) in record_line
        assert "Divergence from history: 0/100" in str(app.screen.query_one("#summary").render())
    record = read_record(app.session.record_path)
    assert record.complete and record.ending.historical
    assert record.ending.id == track.ending
    assert all(d.historical for d in record.decisions)
    assert record.divergence == 0
    assert record.finished_at == FIXED_CLOCK
    assert list(places.saves.glob("*.json")) == [], "the autosave must be deleted at the end"
    assert strip(record) == strip(headless_record(kim, taken, 7, tmp_path, RunSettings()))


async def test_counterfactual_path_by_arrows_and_enter(kim, build, places, tmp_path):
    """Pick the first option that is not the Politburo's, moving with the arrow keys."""
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        taken = []
        while not app.session.is_over:
            session = app.session
            hist = session.game.scene.historical_choice  # the test knows; the screens never ask
            options = session.scene().options
            index = next(i for i, o in enumerate(options) if o.available and (hist is None or o.id != hist.id))
            taken.append(options[index].id)
            choices = app.screen.query_one("#choices")
            for _ in range(200):  # read to the end of the briefing: the options come by themselves
                if not app.screen.reading:
                    break
                await pilot.press("pagedown")
            await wait_for(pilot, lambda c=choices: c.has_focus, "the options, at the end of the briefing")
            await pilot.press("home")
            for _ in range(index):
                await pilot.press("down")
            assert choices.highlighted == index
            turn = session.turn
            await pilot.press("enter")
            await wait_screen(pilot, "RevealScreen")
            assert app.session.turn == turn + 1
            assert "What actually happened" in screen_text(app)
            await pilot.press("enter")
            if not app.session.is_over:
                bar = f"Decision {turn + 2} "
                await wait_for(pilot, lambda bar=bar: type(app.screen).__name__ == "GameScreen" and
                               bar in str(app.screen.query_one("#scene-bar").render()), "the next scene")
        await wait_screen(pilot, "DebriefScreen")
        await wait_for(pilot, lambda: app.session.record_path is not None, "the run record")
        ending = app.session.game.ending
        assert not ending.is_historical
        assert "COUNTERFACTUAL ENDING" in str(app.screen.query_one("#banner").render())
        historians = " ".join(str(w.render()) for w in app.screen.query("#historians Static"))
        assert "Your choices and the historians" in historians
        assert "Gaddis" in historians  # drawn from the scenario's own historiography
        summary = str(app.screen.query_one("#summary").render())
    record = read_record(app.session.record_path)
    assert record.complete and record.ending is not None
    assert (record.ending.id, record.ending.title, record.ending.historical) == (ending.id, ending.title, False)
    assert [d.choice for d in record.decisions] == taken
    # The debrief's one divergence figure is the record's.
    assert f"Divergence from history: {record.divergence}/100" in summary
    assert strip(record) == strip(headless_record(kim, taken, 7, tmp_path, RunSettings()))


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


async def test_the_debrief_asks_a_player_alone_to_think_back(build):
    """The debrief questions the play layer picks (at decisions that left history) are shown."""
    from test_tui_classroom import debate_scenario

    app = build(debate_scenario())
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        for key in ("1", "2", "1"):  # September: a limited attack, not the Politburo's refusal
            await decide(pilot, key)
        text = " ".join(str(w.render()) for w in app.screen.query("#questions Static"))
        assert "To think about" in text
        assert "Decision 2, The Politburo decides (you chose differently from the Politburo)" in text
        assert "Why did Moscow say no in 1949?" in text


async def test_the_reveal_shows_the_records_divergence_and_the_standings(council, build):
    """After each decision: you beside history per meter, and the divergence the run record
    would carry now (one figure everywhere)."""
    from game.engine.history import historical_track

    app = build(council)
    history = historical_track(council)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        for key in ("2", "2"):
            await pilot.press(key)
            await wait_screen(pilot, "RevealScreen")
            text = str(app.screen.query_one("#reveal-text").render())
            record = app.session.record()
            assert f"Divergence so far: {record.divergence}/100" in text
            agreement = record.agreement
            assert f"Decisions matching the Politburo's: {agreement.matched} of {agreement.decided}" in text
            now = history.meters_at(app.session.turn)
            for meter in council.meters:
                you = app.session.game.meters[meter.id]
                assert f"{meter.label}: you {you}, history {now[meter.id]}" in text
            await pilot.press("enter")
            await wait_screen(pilot, "GameScreen")


async def test_one_reveal_screen_is_refilled_for_each_decision(council, build):
    """The decision key: the reveal is composed once and refilled (issue 15); each decision
    still shows its own consequence, scrolled to the top, with the focus on the text."""
    app = build(council, reveal="each")
    async with app.run_test(size=(80, 24)) as pilot:
        shown = []
        for number in (1, 2):
            await reach_decision(pilot)
            await pilot.press("enter")  # the highlighted option
            await wait_screen(pilot, "RevealScreen")
            reveal = app.screen
            await wait_for(pilot, lambda number=number: f"Decision {number}:" in screen_text(app), f"decision {number}'s reveal")
            assert reveal.query_one("#reveal-body").has_focus
            assert reveal.query_one("#reveal-body").scroll_y == 0
            shown.append(reveal)
            reveal.query_one("#reveal-body").scroll_end(animate=False)  # left scrolled down
            await pilot.press("enter")
        assert shown[0] is shown[1]


async def test_deciding_reads_no_styles_and_describes_its_save_briefly(council, build):
    """The decision key (issue 15): the reveal's style file is read with the game screen, not at
    the first decision (reading one re-parses every style and restyles every widget, in the frame
    the player waits for), and the save a decision starts is described in a few words
    (Textual's default description is the repr of its arguments: the whole session, 100 KB)."""
    app = build(council)
    described: list[tuple[str, str]] = []
    run_worker = app.run_worker

    def noting(*args, **kwargs):
        described.append((kwargs.get("group", ""), kwargs.get("description", "")))
        return run_worker(*args, **kwargs)

    app.run_worker = noting
    async with app.run_test(size=(80, 24)) as pilot:
        await reach_decision(pilot)
        files = {path for path, class_var in app.stylesheet.source if not class_var}
        await pilot.press("enter")
        await wait_screen(pilot, "RevealScreen")
        assert {path for path, class_var in app.stylesheet.source if not class_var} == files
        saves = [description for group, description in described if group == "io"]
        assert saves and all(len(d) < 40 for d in saves), saves


async def test_the_next_scene_is_filled_in_after_the_reveal_is_drawn(council, build):
    """The decision key: the scene underneath is refilled while the player reads the reveal,
    never in the frame the player waits for (the briefing's Markdown is the slowest part)."""
    app = build(council)
    happened: list[str] = []
    display = app._display  # (private, like screen_text: stable within the pinned Textual)

    def drawing(screen, renderable):
        if renderable is not None and type(screen).__name__ == "RevealScreen":
            happened.append("reveal drawn")
        return display(screen, renderable)

    app._display = drawing
    async with app.run_test(size=(80, 24)) as pilot:
        await reach_decision(pilot)
        game = app.screen
        show_scene = game.show_scene

        async def refilling():
            happened.append("refill")
            await show_scene()

        game.show_scene = refilling
        await pilot.press("enter")
        await wait_screen(pilot, "RevealScreen")
        await wait_for(pilot, lambda: "refill" in happened, "the refill underneath")
        assert "reveal drawn" in happened
        assert happened.index("reveal drawn") < happened.index("refill")
