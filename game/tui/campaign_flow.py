"""The campaign in the app: chapters in order, chapter cards, carry-over and the summary.

Why so little here: the campaign — chapter seeds, what carries over, the progress file, a
chapter's save carried over to an edited scenario — is :mod:`game.play.campaign`'s, shared with
``politburo campaign --plain`` (a campaign started in one mode carries on in the other).  This
flow only runs its blocking steps in workers and switches screens.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work

from game.tui.core import PolitburoBase

if TYPE_CHECKING:
    from game.formats import CampaignProgress
    from game.play.campaign import CampaignPlan, ChapterInfo


class CampaignFlow(PolitburoBase):
    """Campaign actions the screens call on the app."""

    def campaign_plan(self) -> CampaignPlan:
        if self.config.campaign is not None:
            return self.config.campaign
        from game.play.campaign import bundled_plan

        return bundled_plan()

    def show_campaign(self, continue_player: str | None = None) -> None:
        """The campaign screen; with ``continue_player``, carry on that player's campaign."""
        from game.tui.screens.campaign import CampaignScreen

        self.session = None
        self._go(CampaignScreen(self.campaign_plan(), player=self.default_name(),
                                reveal=self.config.launch.settings.reveal, name_fixed=self.served,
                                continue_player=continue_player))

    @work(group="campaign", exclusive=True)
    async def start_campaign(self, chapters: list[ChapterInfo], player: str, reveal: str) -> None:
        """A new campaign for ``player``: write its progress, then the first chapter's card."""
        from game.play.campaign import CampaignRun, start_progress

        plan = self.campaign_plan()
        self.remember(player=player)  # (not on a shared machine: see remember)
        await self.folders_ok.wait()
        try:
            async with self._lock():
                progress = await asyncio.to_thread(start_progress, self.places, plan.campaign, player,
                                                   self.config.launch.seed, self.config.clock)
        except OSError as exc:
            self.notify(f"Cannot start the campaign: {exc.strerror or exc}", severity="error", markup=False)
            return
        self.campaign_run = CampaignRun(plan, chapters, progress, self.places, reveal)
        self.show_chapter()

    @work(group="campaign", exclusive=True)
    async def continue_campaign(self, chapters: list[ChapterInfo], progress: CampaignProgress,
                                reveal: str) -> None:
        """Carry on ``progress``: its chapter's save if there is one, else the chapter card."""
        from game.play.campaign import CampaignRun

        await self.folders_ok.wait()
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
        session, notes = await asyncio.to_thread(run.saved_session, chapter.scenario, self.config.clock)
        if session is not None:
            await asyncio.to_thread(session.figures)  # the divergence scale, off the UI thread
        if session is None:
            if notes:  # there was a save, and it could not be carried over: say why
                self.notify("\n".join(notes), title="The chapter's saved game", severity="warning",
                            markup=False, timeout=15)
            self.show_chapter()
            return
        self.notify(f"Chapter {progress.chapter + 1} of {run.total} carries on after "
                    f"{session.turn} decision(s).", markup=False)
        self._play(session)  # shows the session's migration notes, once

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
        self._play_ready(run.new_session(chapter.scenario, self.config.clock))

    @work(group="campaign", exclusive=True)
    async def next_chapter(self) -> None:
        """From a chapter's debrief: once its record and the progress are written, go on."""
        run = self.campaign_run
        if run is None:
            return
        await self.finished_writing()
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
        self._go(CampaignSummaryScreen(run, served=self.served))
