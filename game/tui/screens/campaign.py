"""The campaign: start or continue it, the card before each chapter, and the summary at the end.

Why a card between chapters: the campaign's argument is that one year's decisions set up the
next, and the carry-over is invisible unless it is shown.  The card says, meter by meter, how
far from history the player ended the last chapter and so where this one starts.  The progress
itself is kept by :mod:`game.play.campaign` in the same file ``politburo campaign --plain`` uses;
these screens only show it and pass the player's choices up to the app.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.formats import CampaignProgress
from game.paths import Places
from game.play.campaign import (
    CampaignPlan, CampaignRun, ChapterInfo, ChapterResult, chapter_results, find_progress, load_chapters,
)
from game.play.identity import same_player
from game.play.length import FAST_WPM, SLOW_WPM, describe_reading, reading_minutes
from game.text import NAME_LIMIT, clean_name, reflow
from game.tui.base import PolitburoScreen
from game.tui.campaign_text import CARRY_SHARE, carry_text, summary_text
from game.tui.screens.picker import scenario_details
from game.tui.text import heading, join_lines
from game.tui.widgets.rows import Row
from game.tui.widgets.footer import KeyFooter


def _load(plan: CampaignPlan, places: Places, player: str | None) -> tuple[list[ChapterInfo], list[CampaignProgress]]:
    """Blocking: the chapters (loaded and checked, their length from their words worked out)
    and the campaigns in progress."""
    chapters = load_chapters(plan)
    for chapter in chapters:
        if chapter.scenario is not None:
            reading_minutes(chapter.scenario)
    return chapters, find_progress(places, plan.campaign, player)


class CampaignScreen(PolitburoScreen):
    """Start a new campaign or carry on one in progress."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("enter", "start", "Start", tooltip="Start or continue the highlighted campaign"),
        Binding("r", "toggle_reveal", "Reveal setting", tooltip="See what actually happened after "
                "each decision, or only at the end of each chapter"),
        Binding("escape", "app.title", "Back", tooltip="Back to the title screen"),
        Binding("pagedown", "scroll_details(1)", "Scroll details", key_display="PgDn", priority=True,
                show=False),
        Binding("pageup", "scroll_details(-1)", "Scroll details up", show=False, priority=True),
    ]

    def __init__(self, plan: CampaignPlan, *, player: str = "player", reveal: str = "each",
                 name_fixed: bool = False, continue_player: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self.player = player
        self.reveal = reveal
        self.name_fixed = name_fixed
        #: Carry on this player's campaign as soon as it is found (``campaign --resume``, or
        #: Continue on a chapter's autosave).
        self.continue_player = continue_player
        self.chapters: list[ChapterInfo] = []
        self.progress: list[CampaignProgress] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Campaign: ", "bold"), (self.plan.campaign.title, "bold"),
                                      "  ↑↓ to look, Enter to start"), id="picker-title")
        with Horizontal(id="picker-main"):
            yield OptionList(Option("Loading the chapters…", disabled=True), id="campaign-menu")
            with VerticalScroll(id="details-scroll", can_focus=False):
                yield Static(id="details")
                yield Vertical(id="chapter-rows")
                yield Static(id="details-tail")
        with Horizontal(id="picker-settings"):
            yield Static("Your name:", classes="label", markup=False)
            yield Input(value=self.player, id="player", max_length=NAME_LIMIT, disabled=self.name_fixed,
                        placeholder="your name, for the run records")
            yield Static(id="reveal")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._show_reveal()
        self.query_one("#campaign-menu", OptionList).focus()
        self.load()

    @work(exclusive=True, group="campaign-screen")
    async def load(self) -> None:
        app = self.politburo
        self.chapters, self.progress = await asyncio.to_thread(_load, self.plan, app.places, app.continue_as())
        if not self.is_attached:  # left for another screen while the chapters loaded
            return
        self.loaded = True
        total = len(self.chapters)
        options = []
        for i, p in enumerate(self.progress):
            if p.chapter < total:
                where = f"chapter {p.chapter + 1} of {total}: {self.chapters[p.chapter].title}"
            else:
                where = "every chapter played: the summary"
            options.append(Option(Content.assemble(("Continue ", "bold"), (p.player, "bold"), "'s campaign",
                                                   "\n  ", where), id=f"continue-{i}"))
        if total:
            options.append(Option(Content.assemble(("New campaign", "bold"), "\n  ",
                                                   f"from chapter 1 of {total}"), id="new"))
        else:
            options.append(Option("No campaign chapters are installed.", disabled=True))
        menu = self.query_one("#campaign-menu", OptionList)
        menu.set_options(options)
        menu.highlighted = 0 if total else None
        self._show_details()
        if self.continue_player is not None:
            wanted, self.continue_player = self.continue_player, None
            index = next((i for i, p in enumerate(self.progress) if same_player(p.player, wanted)), None)
            if index is None:
                self.notify(f"No campaign in progress for {wanted}: start a new one.",
                            severity="warning", markup=False)
            else:
                self._continue(index)

    def _highlighted_progress(self) -> CampaignProgress | None:
        option = self.query_one("#campaign-menu", OptionList).highlighted_option
        option_id = option.id if option is not None else None
        if option_id is None or not option_id.startswith("continue-"):
            return None
        return self.progress[int(option_id.split("-")[1])]

    @on(OptionList.OptionHighlighted, "#campaign-menu")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details()

    def _show_details(self) -> None:
        campaign = self.plan.campaign
        progress = self._highlighted_progress()
        self.query_one("#details", Static).update(join_lines([
            Content.assemble((campaign.title, "bold")), "", reflow(campaign.summary), "", heading("Chapters")]))
        rows = []
        for i, chapter in enumerate(self.chapters):
            if progress is None:
                mark = f"{i + 1}."
            else:
                mark = "done" if i < progress.chapter else "next" if i == progress.chapter else "·"
            text = Content(chapter.title)
            if chapter.problem:
                text = Content.assemble(text, "\n", ("cannot be played: ", "italic"), chapter.problem)
            rows.append(Row(mark, text, label_width=6))
        holder = self.query_one("#chapter-rows", Vertical)
        holder.remove_children()
        holder.mount_all(rows)
        tail: list[Content | str] = []
        if progress is not None:
            tail += [Content.assemble(("Started ", "bold"), progress.started_at[:10],
                                      f"; seed {progress.seed}; {len(progress.done)} chapter(s) played."), ""]
        readings = [reading_minutes(c.scenario) for c in self.chapters if c.scenario is not None]
        if readings:
            total = (sum(quick for quick, _ in readings), sum(slow for _, slow in readings))
            tail += [f"{describe_reading(total).capitalize()} in all, from the chapters' words at "
                     f"{SLOW_WPM}–{FAST_WPM} words a minute; each chapter is a lesson on its own.", ""]
        tail.append("Each chapter is a whole scenario. When one ends, the next starts as far from its usual "
                    f"position as you ended from history, by at most {CARRY_SHARE} of each meter's range: "
                    "follow the Politburo and it starts as history had it; part from it and the gap "
                    "carries on, with what you decided.")
        self.query_one("#details-tail", Static).update(join_lines(tail))

    @on(OptionList.OptionSelected, "#campaign-menu")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    @on(Input.Submitted, "#player")
    def _named(self, event: Input.Submitted) -> None:
        event.stop()
        self._new()

    def action_start(self) -> None:
        option = self.query_one("#campaign-menu", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        if option.id == "new":
            self._new()
        elif option.id.startswith("continue-"):
            self._continue(int(option.id.split("-")[1]))

    def _new(self) -> None:
        if not self.loaded or not self.chapters:
            return
        if self.chapters[0].scenario is None:
            self.notify(f"The first chapter cannot be played: {self.chapters[0].problem}",
                        severity="error", markup=False)
            return
        player = self.player if self.name_fixed else clean_name(self.query_one("#player", Input).value) or "player"
        if any(same_player(p.player, player) for p in self.progress):
            self.notify(f"This replaces the campaign {player} had in progress.", severity="warning",
                        markup=False)
        self.politburo.start_campaign(self.chapters, player, self.reveal)

    def _continue(self, index: int) -> None:
        self.politburo.continue_campaign(self.chapters, self.progress[index], self.reveal)

    def action_scroll_details(self, direction: int) -> None:
        details = self.query_one("#details-scroll", VerticalScroll)
        details.scroll_page_down() if direction > 0 else details.scroll_page_up()

    def action_toggle_reveal(self) -> None:
        self.reveal = "end" if self.reveal == "each" else "each"
        self._show_reveal()

    def _show_reveal(self) -> None:
        when = "after each decision" if self.reveal == "each" else "only at the end of each chapter"
        self.query_one("#reveal", Static).update(Content.assemble(
            ("What actually happened: ", "bold"), when, ("  (r: change)", "italic")))


class ChapterCardScreen(PolitburoScreen):
    """Before each chapter: what it is, and what carried over into it."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("enter", "begin", "Begin chapter", tooltip="Start this chapter"),
        Binding("escape", "app.title", "Title", tooltip="Back to the title (the campaign is saved)"),
        Binding("q", "app.quit", "Quit", tooltip="Leave the game (the campaign is saved)"),
        Binding("pagedown", "scroll(1)", "Scroll", key_display="PgDn", priority=True),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
    ]

    def __init__(self, run: CampaignRun, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.run = run

    def compose(self) -> ComposeResult:
        chapter = self.run.current()
        assert chapter is not None and chapter.scenario is not None
        number = self.run.progress.chapter + 1
        yield Static(Content.assemble((f"Chapter {number} of {self.run.total}", "bold"), " · ",
                                      self.run.campaign.title, " · ", self.run.progress.player),
                     id="picker-title")
        with VerticalScroll(id="chapter-card"):
            yield Static(carry_text(self.run), id="carry", classes="part")
            yield Static(scenario_details(chapter.scenario), id="chapter-about", classes="part")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#chapter-card").focus()

    def action_begin(self) -> None:
        self.politburo.begin_chapter()

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#chapter-card", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()


class CampaignSummaryScreen(PolitburoScreen):
    """The end of the campaign: every chapter, how it ended, and what it carried on."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("n", "app.title", "Title", tooltip="Back to the title screen"),
        Binding("q", "app.quit", "Quit", tooltip="Leave the game"),
        Binding("pagedown", "scroll(1)", "Scroll", key_display="PgDn", priority=True),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
    ]

    def __init__(self, run: CampaignRun, *, served: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.run = run
        self.served = served
        self.results: list[ChapterResult] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="debrief"):
            yield Static("Reading the chapters' run records…", id="summary", classes="part")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()
        self.load()

    @work(exclusive=True, group="campaign-summary")
    async def load(self) -> None:
        results = await asyncio.to_thread(chapter_results, self.run.progress)
        if not self.is_attached:
            return
        self.results = results
        self.query_one("#summary", Static).update(summary_text(self.run, self.results, self.served))

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#debrief", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()
