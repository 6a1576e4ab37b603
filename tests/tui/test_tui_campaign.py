"""The campaign in the full-screen game: two fixture chapters played in order with carry-over,
the chapter cards, the debrief's "Next chapter", the summary, and autosave/resume through the
same progress file plain mode writes."""

from __future__ import annotations

import json

import pytest

from game.campaign import Campaign, CampaignError, read_progress
from game.saves import list_saves
from game.scenario import load_scenario
from tuihelp import FIXTURES, decide, screen_text, wait_for, wait_screen

TEST_CAMPAIGN = Campaign(id="test-campaign", title="A campaign for the tests",
                         summary="Two small chapters.", chapters=("chapter-one", "chapter-two"))


def fixture_plan():
    """The two fixture chapters as a campaign (handed to the app as ``make_app(campaign=...)``)."""
    from game.tui.campaign import CampaignPlan

    def load(chapter_id: str):
        try:
            return load_scenario(FIXTURES / f"{chapter_id}.yaml")
        except Exception as exc:  # pragma: no cover - the fixtures validate
            raise CampaignError(str(exc)) from None

    return CampaignPlan(TEST_CAMPAIGN, lambda: list(TEST_CAMPAIGN.chapters), load)


@pytest.fixture
def plan():
    return fixture_plan()


async def _open_campaign_from_title(pilot):
    await wait_screen(pilot, "TitleScreen")
    await pilot.press("a")
    await wait_screen(pilot, "CampaignScreen")
    await wait_for(pilot, lambda: pilot.app.screen.loaded, "the chapters to load")


async def test_two_chapters_with_carry_over_then_the_summary(build, places, plan):
    app = build(None, campaign=plan)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_campaign_from_title(pilot)
        await wait_for(pilot, lambda: "The second chapter" in screen_text(app), "the chapter list")
        assert "The first chapter" in screen_text(app)
        name = app.screen.query_one("#player")
        name.value = "Ana"
        await pilot.press("enter")  # "New campaign" is highlighted: there is none in progress
        await wait_screen(pilot, "ChapterCardScreen")
        text = screen_text(app)
        assert "Chapter 1 of 2" in text and "Where the campaign begins" in text
        progress = read_progress(places.saves, TEST_CAMPAIGN, "Ana")
        assert progress is not None and progress.chapter == 0 and progress.seed == 7
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.chapter.number == 1 and app.session.scenario.id == "chapter-one"
        await decide(pilot, "2")  # push: off the historical track
        await app.workers.wait_for_complete()
        [save] = list_saves(places.saves)  # the chapter's autosave, marked as plain mode marks it
        assert save.data["campaign"] == {"id": TEST_CAMPAIGN.id, "chapter": 0}
        await decide(pilot, "1")  # wait: the ending
        await wait_for(pilot, lambda: read_progress(places.saves, TEST_CAMPAIGN, "Ana").chapter == 1,
                       "the campaign's progress")
        progress = read_progress(places.saves, TEST_CAMPAIGN, "Ana")
        # Ended 10 below history's national interest and 10 above its bloc rivalry.
        assert progress.carry == {"meters": {"national_interest": -10, "bloc_rivalry": 10},
                                  "flags": {"partisans": True}}
        assert len(progress.records) == 1
        assert "Chapter 1 of 2 of the campaign is over" in screen_text(app)
        assert app.screen.check_action("next_chapter", ()) is True
        assert app.screen.check_action("campaign_summary", ()) is False

        await pilot.press("c")
        await wait_screen(pilot, "ChapterCardScreen")
        text = screen_text(app)
        assert "Chapter 2 of 2" in text and "What carries over from chapter 1" in text
        assert "−10 (10 below history): starts at 40, not 50" in text
        assert "+10 (10 above history): starts at 50, not 40" in text
        assert "new in this chapter: starts at 30" in text
        assert "partisans = yes" in text
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.game.meters == {"national_interest": 40, "bloc_rivalry": 50, "trust": 30}
        await decide(pilot, "1")
        await wait_for(pilot, lambda: app.campaign_run.complete, "the campaign to complete")
        assert app.screen.check_action("campaign_summary", ()) is True
        await pilot.press("s")
        await wait_screen(pilot, "CampaignSummaryScreen")
        await wait_for(pilot, lambda: app.screen.results is not None, "the chapters' records")
        text = screen_text(app)
        assert "Campaign complete: A campaign for the tests" in text
        assert "Chapter 1: The first chapter" in text and "Chapter 2: The second chapter" in text
        assert "Carried in: national interest −10, bloc rivalry +10" in text
    records = sorted(places.runs.glob("chapter-*--ana--*.json"))
    assert len(records) == 2
    second = json.loads(next(p for p in records if p.name.startswith("chapter-two")).read_text())
    assert second["settings"]["campaign"] == {
        "id": TEST_CAMPAIGN.id, "chapter": 2, "of": 2,
        "carry_in": {"meters": {"national_interest": -10, "bloc_rivalry": 10}, "flags": {"partisans": True}}}
    assert second["seed"] != json.loads(next(p for p in records if p.name.startswith("chapter-one"))
                                        .read_text())["seed"]
    assert read_progress(places.saves, TEST_CAMPAIGN, "Ana") is None  # deleted at the end, as plain mode does
    assert list_saves(places.saves) == []


async def test_quit_mid_chapter_then_continue_the_campaign(build, places, plan):
    first = build(None, campaign=plan)
    async with first.run_test(size=(80, 24)) as pilot:
        await _open_campaign_from_title(pilot)
        await pilot.press("enter")
        await wait_screen(pilot, "ChapterCardScreen")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")
        await first.workers.wait_for_complete()
        await pilot.press("q")

    second = build(None, campaign=plan)  # Continue on the title carries on the campaign
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        menu = second.screen.query_one("#menu")
        await wait_for(pilot, lambda: not menu.get_option("continue").disabled, "Continue to be offered")
        assert "continue: chapter 1 of 2 (player)" in str(menu.get_option("campaign").prompt)
        await pilot.press("c")
        await wait_screen(pilot, "GameScreen")
        assert second.session.chapter is not None and second.session.game.turn == 1
        assert second.campaign_run is not None
        await decide(pilot, "1")
        await wait_for(pilot, lambda: read_progress(places.saves, TEST_CAMPAIGN, "player").chapter == 1,
                       "the campaign to move on")

    third = build(None, campaign=plan, open_campaign=True, resume=True)  # `politburo campaign --resume`
    async with third.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "ChapterCardScreen")
        assert "Chapter 2 of 2" in screen_text(third)


async def test_bundled_campaign_lists_the_four_chapters(build):
    """`politburo campaign` without --plain opens here, on the bundled chapters."""
    from game.campaign import BUNDLED, available_chapters

    app = build(None, open_campaign=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, "CampaignScreen")
        await wait_for(pilot, lambda: app.screen.loaded, "the chapters to load", timeout=60)
        assert [c.id for c in app.screen.chapters] == available_chapters()
        for chapter in app.screen.chapters:
            assert chapter.scenario is not None, chapter.problem
            await wait_for(pilot, lambda: chapter.title[:30] in screen_text(app), f"chapter {chapter.id}")
        assert BUNDLED.title in screen_text(app)
