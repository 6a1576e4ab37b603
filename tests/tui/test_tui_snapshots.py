"""Snapshots of the title, game, reveal and debrief screens at 80x24 and 120x40.

Deterministic by construction: the test fixture scenario (not the bundled ones, which are
still being written), seed 7, a fixed clock, a fixed record file name and folder, and no
saved games.  Regenerate deliberately with ``pytest tests/tui --snapshot-update`` after a
Textual upgrade or a visual change, and review ``snapshot_report.html``.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

import pytest

from game.paths import Places
from tuihelp import decide, launch_app, wait_for, wait_screen

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture
def fixed_places(request, monkeypatch) -> Places:
    """A folder whose path is the same on every run, so the debrief's record line is too."""
    ids = itertools.count()  # one id per run, the same on every test run
    monkeypatch.setattr("game.play.session.new_run_id", lambda: f"{next(ids):016x}")
    root = Path(tempfile.gettempdir()) / "politburo-snapshots" / request.node.name.replace("[", "-").rstrip("]")
    shutil.rmtree(root, ignore_errors=True)
    return Places(runs=root / "runs", saves=root / "runs" / ".saves")


@SIZES
def test_title(snap_compare, build, size):
    app = build(None)

    async def ready(pilot):
        await wait_screen(pilot, "TitleScreen")
        await wait_for(pilot, lambda: pilot.app.screen.resumable is None and
                       "no saved game" in str(pilot.app.screen.query_one("#menu").get_option("continue").prompt),
                       "the save search")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


@SIZES
def test_game_screen(snap_compare, build, council, size):
    app = build(council)

    async def ready(pilot):
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")  # so the meters show a last change and a trajectory
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


PARAGRAPHS = (
    "The delegation has brought maps of the parallel and a list of requests: rifles, trucks, "
    "instructors for the officer schools, and credits for the mills of the north.",
    "Shtykov's telegrams of the winter describe skirmishes along the line every week, each side "
    "blaming the other, and a southern army that boasts of marching north.",
    "The Americans are withdrawing their last regiment, but their advisers stay, and their "
    "Congress argues about aid to Seoul as it argues about aid to Chiang.",
    "In China the People's Liberation Army is at the Yangtze. Mao has asked that Korean divisions "
    "serving in Manchuria be kept until the war there is won.",
    "The Foreign Ministry's note reminds the Politburo that a treaty binds the one who signs it, "
    "and that a promise of arms is remembered longer than the arms.",
)


def long_briefing():
    """The council scenario with a briefing too long for one screen at 80x24."""
    from game.scenario import load_scenario_bytes
    from tuihelp import FIXTURES

    path = FIXTURES / "council.yaml"
    extra = "".join(f"\n      {p}\n" for p in PARAGRAPHS)
    text = path.read_text(encoding="utf-8").replace(
        "      What line should Moscow take?\n", extra + "\n      What line should Moscow take?\n", 1)
    return load_scenario_bytes(text.encode(), str(path))


@SIZES
def test_reading_first(snap_compare, build, size):
    """The first frame of a long briefing: the text has the room; the options wait for the end."""
    app = build(long_briefing())

    async def ready(pilot):
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: not pilot.app.screen._loading, "the briefing")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


@SIZES
def test_reveal(snap_compare, build, council, size):
    app = build(council)

    async def ready(pilot):
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")
        await pilot.press("2")
        await wait_screen(pilot, "RevealScreen")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


@SIZES
def test_debrief(snap_compare, council, fixed_places, size):
    app = launch_app(council, places=fixed_places)

    async def ready(pilot):
        await wait_screen(pilot, "GameScreen")
        for key in ("1", "1", "1"):
            await decide(pilot, key)
        await pilot.app.workers.wait_for_complete()
        await wait_for(pilot, lambda: "Run record saved" in str(pilot.app.screen.query_one("#record").render()),
                       "the record line")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


@SIZES
def test_chapter_card(snap_compare, build, places, size):
    """The card before chapter 2 of the fixture campaign, after chapter 1 ended off history."""
    from game.formats import CampaignProgress, CarryData
    from game.play.campaign import write_progress
    from test_tui_campaign import TEST_CAMPAIGN, fixture_plan

    places.prepare()
    write_progress(places, TEST_CAMPAIGN, CampaignProgress(
        campaign=TEST_CAMPAIGN.id, player="Ana", seed=7, chapter=1,
        carry=CarryData({"national_interest": -10, "bloc_rivalry": 10}, {"partisans": True}),
        started_at="2026-01-02T03:04:05Z"))
    app = build(None, plan=fixture_plan(), campaign=True, resume=True, player="Ana")

    async def ready(pilot):
        await wait_screen(pilot, "ChapterCardScreen")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_reason_prompt(snap_compare, build):
    from test_tui_classroom import debate_scenario, in_class, joined

    scenario = debate_scenario()
    app = build(scenario, player="Ana", **in_class(joined(scenario)))

    async def ready(pilot):
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        await pilot.press("1")
        await wait_screen(pilot, "ReasonScreen")
        pilot.app.screen.query_one("#reason").cursor_blink = False  # a blinking cursor is a coin toss
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


def test_class_report(snap_compare, council, fixed_places):
    from test_tui_report import write_class

    write_class(fixed_places.runs, council)
    app = launch_app(council, places=fixed_places)

    async def ready(pilot):
        await wait_screen(pilot, "GameScreen")
        pilot.app.show_class_report()
        await wait_screen(pilot, "ClassReportScreen")
        await wait_for(pilot, lambda: pilot.app.screen.report is not None, "the report")
        pilot.app.screen.query_one("#report-body").focus()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)
