"""The class report screen on a folder of generated run records: per-decision splits with the
historical option marked, the most split decisions with their questions, per-player rows,
trajectories, skipped files with reasons, and student text shown literally."""

from __future__ import annotations

import pytest

from game.formats import RunSettings
from game.paths import Places
from game.play.session import Session
from game.scenario import load_scenario_bytes
from game.tui.report_parts import report_text
from tuihelp import FIXTURES, click_actions, screen_text, wait_for, wait_screen



@pytest.fixture
def debate():
    raw = (FIXTURES / "council.yaml").read_text(encoding="utf-8").replace(
        "    historiography: [why_no]\n",
        "    historiography: [why_no]\n    debate: true\n    debrief_questions:\n"
        "      - What did Moscow fear in September 1949?\n")
    return load_scenario_bytes(raw.encode(), str(FIXTURES / "council-debate.yaml"))


PLAYERS = [  # name, choices, the reason at September (turn 2)
    ("Ana", ["aid", "refuse", "concur"], "America would have come back."),
    ("Bo", ["aid", "refuse", "escalate"], ""),
    ("Cy [@click=app.quit]", ["treaty", "limited", "escalate"], "Kim [bold]had[/] a point."),
    ("Di", ["aid", "limited", "concur"], ""),
]


def write_class(folder, scenario):
    """The class's run records, each written as a game writes it: by the session's finish job."""
    places = Places(runs=folder, saves=folder.parent / "class-saves")
    places.prepare()
    for n, (player, choices, reason) in enumerate(PLAYERS):
        session = Session.start(scenario, places, player=player, settings=RunSettings(), seed=100 + n,
                                clock=lambda n=n: f"2026-01-0{n + 1}T09:20:00Z")
        for turn, choice in enumerate(choices, start=1):
            session.choose(choice, reason if turn == 2 else "")
        assert session.finish() == ""
    (folder / "notes.json").write_text('{"hello": 1}')
    (folder / "broken.json").write_text("{not json")


async def test_class_report_screen(build, places, debate):
    write_class(places.runs, debate)
    app = build(debate)  # the scenario is known to the app, so titles and questions show
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        app.show_class_report()
        await wait_screen(pilot, "ClassReportScreen")
        screen = app.screen
        assert screen.query_one("#folder").value == str(places.runs)  # the runs folder in use
        await wait_for(pilot, lambda: screen.report is not None, "the report")
        report = screen.report
        assert report.run_count == 4 and len(report.skipped) == 2
        text = report_text(screen)
        assert "The Politburo decides  debate point" in text
        # September: 2 of 4 refused (the Politburo's choice), 2 allowed a limited attack.
        assert "50% chose as the Politburo did (2 of 4)" in text
        assert "◆" in text and "← the Politburo's decision" in text
        assert "Where the class split most" in text
        assert "What did Moscow fear in September 1949?" in text
        assert "“America would have come back.” — Ana" in text
        assert "“Kim [bold]had[/] a point.” — Cy [@click=app.quit]" in text  # literal, never markup
        assert "Refuse; back the partisans  ← the Politburo's decision" in text
        assert "Players" in text and "divergence" in text and "seesaw" in text
        assert "The meters over time" in text and "class median" in text
        assert any(ch in text for ch in "▁▂▃▄▅▆▇█")
        assert "Skipped 2 file(s)" in text and "not valid JSON" in text and "not a Politburo run record" in text
        status = str(screen.query_one("#report-status").render())
        assert "4 run(s)" in status and "2 file(s) skipped" in status
        await pilot.press("pagedown")
        assert click_actions(app) == []

        # Another folder, typed in: an empty one, then one that does not exist.
        empty = places.runs.parent / "empty"
        empty.mkdir()
        field = screen.query_one("#folder")
        field.focus()
        field.value = str(empty)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "No run records were found" in report_text(screen),
                       "the empty report")
        field.focus()
        field.value = str(places.runs.parent / "nowhere")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Not a folder" in str(screen.query_one("#report-status").render()),
                       "the missing folder")


async def test_class_report_from_the_title(build, places, council):
    write_class(places.runs, council)
    app = build(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        await pilot.press("r")
        await wait_screen(pilot, "ClassReportScreen")
        await wait_for(pilot, lambda: app.screen.report is not None, "the report")
        # Not a bundled scenario and not given: the report still works, from the records alone.
        text = report_text(app.screen)
        assert "is not installed here" in text and "4 run(s)" in text
        await wait_for(pilot, lambda: "Class report" in screen_text(app), "the screen")
        await pilot.press("escape")
        await wait_screen(pilot, "TitleScreen")
