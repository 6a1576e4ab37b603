"""The campaign part of the app: chapters in order, chapter cards, carry-over and the summary.

A mixin of :class:`game.tui.app.PolitburoApp`, kept apart so the app module stays readable;
the state it uses (``config``, ``session``, ``campaign_run``, ``player``) lives on the app.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work

if TYPE_CHECKING:
    from game.campaign import CampaignProgress
    from game.tui.campaign import CampaignPlan, ChapterInfo


class CampaignFlow:
    """Campaign actions the screens call on the app."""


    def campaign_plan(self) -> CampaignPlan:
        if self.config.campaign is not None:
            return self.config.campaign
        from game.tui.campaign import bundled_plan

        return bundled_plan()

    def show_campaign(self, continue_player: str | None = None) -> None:
        """The campaign screen; with ``continue_player``, carry on that player's campaign."""
        from game.tui.screens.campaign import CampaignScreen

        self.session = None
        self._go(CampaignScreen(self.campaign_plan(), player=self.player, reveal=self.config.reveal,
                                name_fixed=self.config.served, continue_player=continue_player))

    @work(group="campaign", exclusive=True)
    async def start_campaign(self, chapters: list[ChapterInfo], player: str, reveal: str) -> None:
        """A new campaign for ``player``: write its progress, then the first chapter's card."""
        from game.tui.campaign import CampaignRun, start_progress

        plan = self.campaign_plan()
        try:
            async with self._lock():
                progress = await asyncio.to_thread(start_progress, self.places, plan.campaign, player,
                                                   self.config.seed, self.config.clock)
        except OSError as exc:
            self.notify(f"Cannot start the campaign: {exc.strerror or exc}", severity="error", markup=False)
            return
        self.campaign_run = CampaignRun(plan, chapters, progress, self.places, reveal)
        self.show_chapter()

    def continue_campaign(self, chapters: list[ChapterInfo], progress: CampaignProgress, reveal: str) -> None:
        """Carry on ``progress``: its chapter's autosave if there is one, else the chapter card."""
        from game.tui.campaign import CampaignRun

        run = CampaignRun(self.campaign_plan(), chapters, progress, self.places, reveal)
        self.campaign_run = run
        chapter = run.current()
        if chapter is None:
            run.complete = True
            self.show_campaign_summary()
            return
        if chapter.scenario is None:
            self.notify(f"Chapter {progress.chapter + 1} cannot be played: {chapter.problem}",
                        severity="error", markup=False)
            return
        session = run.saved_session(chapter.scenario)
        if session is not None:
            self.notify(f"Chapter {progress.chapter + 1} of {run.total} carries on after "
                        f"{session.game.turn} decision(s).", markup=False)
            self._play(session)
            return
        self.show_chapter()

    def show_chapter(self) -> None:
        """The card before the next chapter: what it is, and what carried over."""
        from game.tui.screens.campaign import ChapterCardScreen

        run = self.campaign_run
        assert run is not None
        self.session = None
        self._go(ChapterCardScreen(run))

    def begin_chapter(self) -> None:
        run = self.campaign_run
        assert run is not None
        chapter = run.current()
        assert chapter is not None and chapter.scenario is not None
        self._play(run.new_session(chapter.scenario, self.config.clock))

    @work(group="campaign", exclusive=True)
    async def next_chapter(self) -> None:
        """From a chapter's debrief: once its record and the progress are written, go on."""
        run = self.campaign_run
        session = self.session
        if run is None:
            return
        # The ending's record and the progress are written first (by ``_finish``, under the lock).
        for _ in range(100):
            async with self._lock():
                pass
            if session is None or session.chapter is None or run.progress.chapter > session.chapter.index:
                break
            await asyncio.sleep(0.05)
        if run.complete:
            self.show_campaign_summary()
            return
        chapter = run.current()
        if chapter is None or chapter.scenario is None:
            self.notify("The next chapter cannot be played" + (f": {chapter.problem}" if chapter else "."),
                        severity="error", markup=False)
            return
        self.show_chapter()

    def show_campaign_summary(self) -> None:
        from game.tui.screens.campaign import CampaignSummaryScreen

        run = self.campaign_run
        assert run is not None
        self._go(CampaignSummaryScreen(run, served=self.config.served))
