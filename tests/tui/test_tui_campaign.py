"""The campaign in the full-screen game: two fixture chapters played in order with carry-over,
the chapter cards, the debrief's "Next chapter", the summary, autosave/resume through the same
progress file plain mode writes, and a chapter's save carried over to an edited chapter (or not,
with the reason said)."""

from __future__ import annotations

import pytest

from game.formats import CampaignSettings, CarryData, read_record
from game.play.campaign import Campaign, CampaignError, CampaignPlan, read_progress
from game.play.store import list_saves
from game.scenario import load_scenario, load_scenario_bytes
from tuihelp import FIXTURES, decide, notes, screen_text, wait_for, wait_screen

TEST_CAMPAIGN = Campaign(id="test-campaign", title="A campaign for the tests",
                         summary="Two small chapters.", chapters=("chapter-one", "chapter-two"))


def fixture_plan(edit=None) -> CampaignPlan:
    """The two fixture chapters as a campaign (handed to the app as ``make_app(campaign=...)``);
    ``edit(text)`` changes chapter one's file as an author might between two lessons."""

    def load(chapter_id: str):
        path = FIXTURES / f"{chapter_id}.yaml"
        try:
            if edit is not None and chapter_id == "chapter-one":
                return load_scenario_bytes(edit(path.read_text(encoding="utf-8")).encode(), str(path))
            return load_scenario(path)
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
    app = build(None, plan=plan)
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
        progress = read_progress(places, TEST_CAMPAIGN, "Ana")
        assert progress is not None and progress.chapter == 0 and progress.seed == 7
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.chapter.chapter == 1 and app.session.scenario.id == "chapter-one"
        await decide(pilot, "2")  # push: off the historical track
        await app.workers.wait_for_complete()
        [save] = list_saves(places)  # the chapter's autosave, marked as the campaign's chapter 1
        assert save.save.settings.campaign == CampaignSettings(TEST_CAMPAIGN.id, 1, 2)
        await decide(pilot, "1")  # wait: the ending
        await wait_for(pilot, lambda: read_progress(places, TEST_CAMPAIGN, "Ana").chapter == 1,
                       "the campaign's progress")
        progress = read_progress(places, TEST_CAMPAIGN, "Ana")
        # Ended 10 below history's national interest and 10 above its bloc rivalry.
        assert progress.carry == CarryData({"national_interest": -10, "bloc_rivalry": 10}, {"partisans": True})
        assert len(progress.done) == 1 and progress.done[0].run_id == app.session.run.run_id
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
        assert "at most a fifth of its range" in " ".join(text.split())
        assert "Yes — Moscow backed the southern partisans" in text  # the flag in words, not its id
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert dict(app.session.game.meters) == {"national_interest": 40, "bloc_rivalry": 50, "trust": 30}
        await decide(pilot, "1")
        await wait_for(pilot, lambda: app.campaign_run.complete, "the campaign to complete")
        assert app.screen.check_action("campaign_summary", ()) is True
        await pilot.press("s")
        await wait_screen(pilot, "CampaignSummaryScreen")
        await wait_for(pilot, lambda: app.screen.results is not None, "the chapters' records")
        text = screen_text(app)
        assert "Campaign complete: A campaign for the tests" in text
        assert "Chapter 1: The first chapter" in text and "Chapter 2: The second chapter" in text
        assert ("Carried in: National interest −10, Bloc rivalry +10, Yes — Moscow backed the southern "
                "partisans") in text
    records = sorted(places.runs.glob("chapter-*--ana-*.json"))
    assert len(records) == 2
    first = read_record(next(p for p in records if p.name.startswith("chapter-one")))
    second = read_record(next(p for p in records if p.name.startswith("chapter-two")))
    assert second.settings.campaign == CampaignSettings(
        TEST_CAMPAIGN.id, 2, 2, CarryData({"national_interest": -10, "bloc_rivalry": 10}, {"partisans": True}))
    assert second.seed != first.seed
    assert read_progress(places, TEST_CAMPAIGN, "Ana") is None  # deleted at the end, as plain mode does
    assert list_saves(places) == []


async def _play_one_decision_and_quit(build, plan):
    first = build(None, plan=plan)
    async with first.run_test(size=(80, 24)) as pilot:
        await _open_campaign_from_title(pilot)
        await pilot.press("enter")
        await wait_screen(pilot, "ChapterCardScreen")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")
        await first.workers.wait_for_complete()
        await pilot.press("q")


async def test_quit_mid_chapter_then_continue_the_campaign(build, places, plan):
    await _play_one_decision_and_quit(build, plan)

    second = build(None, plan=plan)  # Continue on the title carries on the campaign
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        menu = second.screen.query_one("#menu")
        await wait_for(pilot, lambda: not menu.get_option("continue").disabled, "Continue to be offered")
        assert "continue: chapter 1 of 2 (player)" in str(menu.get_option("campaign").prompt)
        await pilot.press("c")
        await wait_screen(pilot, "GameScreen")
        assert second.session.chapter is not None and second.session.turn == 1
        assert second.campaign_run is not None
        await decide(pilot, "1")
        await wait_for(pilot, lambda: read_progress(places, TEST_CAMPAIGN, "player").chapter == 1,
                       "the campaign to move on")

    third = build(None, plan=plan, campaign=True, resume=True)  # `politburo campaign --resume`
    async with third.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "ChapterCardScreen")
        # the screen is installed before its first frame is composed: wait for the frame
        await wait_for(pilot, lambda: "Chapter 2 of 2" in screen_text(third), "the chapter card to be drawn")


async def test_a_chapter_save_carried_over_to_an_edited_chapter_says_what_changed(build, places, plan):
    await _play_one_decision_and_quit(build, plan)
    edited = fixture_plan(lambda text: text.replace("effects: {national_interest: -5, bloc_rivalry: 10}",
                                                    "effects: {national_interest: -8, bloc_rivalry: 10}"))
    app = build(None, plan=edited, campaign=True, resume=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_screen(pilot, "GameScreen")
        assert app.session.turn == 1 and app.session.game.meters["national_interest"] == 42
        await wait_for(pilot, lambda: "The scenario has changed" in notes(app), "the migration notes")
        assert "All 1 of your decisions still fit and were replayed." in notes(app)


async def test_a_chapter_save_that_no_longer_fits_starts_the_chapter_again_and_says_why(build, places, plan):
    await _play_one_decision_and_quit(build, plan)
    gone = fixture_plan(lambda text: text.replace("id: push", "id: press_on"))
    app = build(None, plan=gone, campaign=True, resume=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_screen(pilot, "ChapterCardScreen")
        await wait_for(pilot, lambda: "The chapter starts again." in notes(app), "the reason")
        assert "no longer fits" in notes(app)
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.turn == 0


async def test_bundled_campaign_lists_the_four_chapters(build):
    """`politburo campaign` without --plain opens here, on the bundled chapters."""
    from game.play.campaign import BUNDLED, bundled_plan

    app = build(None, campaign=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, "CampaignScreen")
        await wait_for(pilot, lambda: app.screen.loaded, "the chapters to load", within=60)
        assert [c.id for c in app.screen.chapters] == bundled_plan().chapters()
        for chapter in app.screen.chapters:
            assert chapter.scenario is not None, chapter.problem
            title = chapter.title[:30]
            await wait_for(pilot, lambda title=title: title in screen_text(app), f"chapter {chapter.id}")
        assert BUNDLED.title in screen_text(app)
        from game.play.length import reading_minutes

        readings = [reading_minutes(c.scenario) for c in app.screen.chapters]
        total = f"About {sum(q for q, _ in readings)}–{sum(s for _, s in readings)} minutes of reading in all"
        assert total in " ".join(str(app.screen.query_one("#details-tail").render()).split())


def test_the_summary_names_only_the_chapters_own_meters_by_their_labels(plan, places):
    """Chapter 1 carries a shift for every meter it has; chapter 2 is listed with its own
    meters' labels only (the summary once showed "us intervention risk +55" for a chapter with
    no such meter)."""
    from game.formats import CampaignProgress
    from game.play.campaign import CampaignRun, ChapterResult, load_chapters
    from game.tui.campaign_text import summary_text

    chapters = load_chapters(plan)
    run = CampaignRun(plan, chapters, CampaignProgress(campaign=TEST_CAMPAIGN.id, player="Ana", seed=7,
                                                       chapter=2, started_at="2026-01-02"), places)
    carried = CarryData({"national_interest": -12, "bloc_rivalry": 0, "us_intervention_risk": 55},
                        {"partisans": True, "unknown_flag": True})
    results = [ChapterResult(1, "The first chapter", "one.json", "An end", True, 0, 2, 2, 0),
               ChapterResult(2, "The second chapter", "two.json", "An end", False, 20, 0, 1, 5, carried)]
    text = summary_text(run, results, served=False).plain
    assert "Carried in: National interest −12, Yes — Moscow backed the southern partisans" in text
    assert "intervention" not in text and "unknown" not in text and "_" not in text.split("Run record")[0]
