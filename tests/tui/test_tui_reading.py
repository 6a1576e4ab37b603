"""Reading first (issue 10, point 4): at 80x24 the briefing has the room (at least 14 lines of
text), the options come at the end of the briefing or on a key, never before the player can see
them, the documents fold to a list and the meters to one line whose labels are whole; thresholds
are marked on the bars and said in words; the footer keeps Quit and Help at 80 columns."""

from __future__ import annotations

import pytest

from game.play.views import FiguresView, MeterView
from game.tui.text import MARK, bar
from game.tui.widgets.meters import folded_meters
from tuihelp import decide, reach_decision, screen_text, wait_for, wait_screen


def region_lines(app, selector: str) -> list[str]:
    """The screen's text rows inside the region of ``selector`` (as the player sees them)."""
    region = app.screen.query_one(selector).region
    rows = screen_text(app).split("\n")
    return [rows[y][region.x:region.right] for y in range(region.y, region.bottom)]


async def test_80x24_gives_the_briefing_at_least_14_lines(kim, build):
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: "What line should Moscow take" in screen_text(app) or
                       app.screen.query_one("#scene").max_scroll_y > 0, "the briefing")
        await pilot.pause()
        assert app.screen.reading, "the first briefing of kim-1949 does not fit: the options wait"
        rows = region_lines(app, "#scene")
        text_rows = [r for r in rows if r.strip()]
        assert len(rows) >= 19, rows
        assert len(text_rows) >= 14, rows
        first = kim.scene(kim.start).text.split()[:4]
        assert " ".join(first) in "\n".join(rows)
        assert not app.screen.query_one("#decision").display
        text = screen_text(app)
        assert "the options come at the end" in text
        # The meters on one line, every label whole; the documents a list.
        line = region_lines(app, "#meter-line")
        assert len(line) == 1
        for label in ("National interest", "Bloc rivalry", "Risk of American intervention"):
            assert label in line[0]
        assert f"{MARK}65" in line[0]
        assert "▸ Transcript: Record of the meeting between Stalin and Kim Il Sung" in "\n".join(rows) \
            or app.screen.query_one("#scene").max_scroll_y > 0


async def test_the_options_come_at_the_end_of_the_briefing(kim, build):
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.pause()
        presses = 0
        while app.screen.reading and presses < 100:
            await pilot.press("pagedown")
            presses += 1
        assert presses >= 2, "the briefing takes more than one screen at 80x24"
        await wait_for(pilot, lambda: app.screen.query_one("#choices").has_focus, "the options")
        assert app.screen.query_one("#decision").display
        assert "Your decision" in screen_text(app)


async def test_enter_brings_the_options_at_once(kim, build):
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.pause()
        assert app.screen.reading
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.screen.reading and app.screen.query_one("#choices").has_focus,
                       "the options")
        assert "⏎ Decide" not in screen_text(app) and "1-9 Choose" in screen_text(app)


async def test_a_number_before_the_options_shows_them_and_a_second_press_decides(kim, build):
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.pause()
        assert app.screen.reading and "⏎ Decide" in screen_text(app)
        await pilot.press("3")
        await wait_for(pilot, lambda: not app.screen.reading, "the options")
        await pilot.pause()
        assert type(app.screen).__name__ == "GameScreen" and app.session.turn == 0, "nothing decided unseen"
        assert app.screen.query_one("#choices").highlighted == 2
        await pilot.press("3")
        await wait_screen(pilot, "RevealScreen")
        assert app.session.turn == 1


async def test_a_briefing_that_fits_is_read_at_once(council, build):
    app = build(council)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: not app.screen.reading and app.screen.query_one("#choices").has_focus,
                       "the options, without a key")


async def test_each_new_scene_is_read_first_and_undo_too(kim, build):
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        assert app.screen.reading or app.screen.query_one("#scene").max_scroll_y == 0
        assert app.screen.query_one("#scene").scroll_y == 0
        await reach_decision(pilot)
        await pilot.press("u")
        await wait_for(pilot, lambda: app.session.turn == 0, "the undo")
        await wait_for(pilot, lambda: app.screen.reading, "the first briefing again, from its top")


async def test_documents_are_a_list_at_80x24_and_open_with_enter(kim, build):
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.pause()
        card = app.screen.query("DocumentCard").first()
        assert card.query_one(".doc-line").display and not card.query_one(".doc-card").display
        assert card.region.height <= 2
        await pilot.press("tab")
        await wait_for(pilot, lambda: app.screen.focused is card, "the first document")
        await pilot.press("enter")
        await wait_screen(pilot, "DocumentScreen")
        assert "Paraphrased for the game" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (80, 40), (120, 24), (120, 40)])
async def test_meter_labels_are_never_cut(kim, build, size):
    app = build(kim)
    async with app.run_test(size=size) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        for label in ("National interest", "Bloc rivalry", "Risk of American intervention"):
            assert label in text, (size, label)
        assert "…" not in "\n".join(region_lines(app, "#meters"))
        if size[1] >= 32 or size[0] >= 100:  # bars on show: the threshold marked and said
            assert MARK in "\n".join(region_lines(app, "#meters"))
            assert "the game ends if it is at least" in text


@pytest.mark.parametrize("reading", [True, False])
async def test_the_footer_keeps_quit_and_help_at_80_columns(kim, build, reading):
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.pause()
        if not reading:
            await pilot.press("enter")
            await pilot.pause()
        footer = screen_text(app).split("\n")[-1]
        assert "q Quit" in footer and "? Help" in footer, footer
        assert ("⏎ Decide" in footer) == reading and ("1-9 Choose" in footer) != reading


def test_a_bar_marks_its_threshold_on_the_filled_part_and_the_empty():
    assert bar(20, 0, 100, 20, marks=(65,)) == "████" + "░" * 9 + MARK + "░" * 6
    assert bar(90, 0, 100, 10, marks=(65,)) == "██████" + MARK + "██░"
    assert bar(50, 0, 100, 10, marks=(100,)).endswith(MARK)
    assert bar(50, 0, 100, 10) == "█████░░░░░"


def meter(label: str, value: int, thresholds: tuple[int, ...] = (), change: int | None = None) -> MeterView:
    words = tuple(f"the game ends if it is at least {t}" for t in thresholds)
    return MeterView(label.lower().replace(" ", "_"), label, "", value, 0, 100, change, None, (value,), None,
                     words, thresholds)


def test_folded_meters_keep_labels_whole_at_every_width():
    meters = (meter("National interest", 56, change=6), meter("Bloc rivalry", 38, change=-2),
              meter("Risk of American intervention", 18, (65,), change=-2))
    figures = FiguresView(None, None, None, -9, "balanced")
    wide = folded_meters(meters, figures, 140).plain
    assert wide == ("National interest 56 (+6) · Bloc rivalry 38 (−2) · Risk of American intervention 18 (−2) "
                    "(the game ends at 65) · Seesaw −9")
    at_80 = folded_meters(meters, figures, 78).plain
    assert "\n" not in at_80 and len(at_80) <= 78 and f"18 {MARK}65" in at_80
    narrow = folded_meters(meters, figures, 40).plain
    assert len(narrow.split("\n")) > 1 and all(len(line) <= 40 for line in narrow.split("\n"))
    for label in ("National interest", "Bloc rivalry", "Risk of American intervention"):
        assert label in at_80 and label in narrow
