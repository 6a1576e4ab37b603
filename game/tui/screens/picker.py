"""The scenario picker: each scenario's period, role, summary, length and content notes.

The list is loaded by a worker (checking YAML takes a moment), and includes a scenario file
given on the command line.  The player's name and the reveal setting are chosen here; both go
into the run record exactly as plain mode's ``--player`` and ``--reveal`` do.  The picker shows
a scenario's own description (period, role, summary): nothing about a game, so no session yet.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.engine import Scenario
from game.play.length import FAST_WPM, SLOW_WPM, describe_reading, reading_minutes
from game.text import clean_name, describe_date, reflow
from game.tui.base import PolitburoScreen
from game.tui.library import Entry, load_catalog
from game.tui.text import heading, join_lines, shown
from game.tui.widgets.footer import KeyFooter


def scenario_length(scenario: Scenario) -> str:
    """The length from the words a player reads on the historical path, as a range (not the
    author's hope in ``length_minutes``, which undercounted every bundled scenario)."""
    return f"{describe_reading(reading_minutes(scenario))} at {SLOW_WPM}–{FAST_WPM} words a minute"


def scenario_details(scenario: Scenario) -> Content:
    period = f"{describe_date(scenario.period_start)} – {describe_date(scenario.period_end)}"
    lines: list[Content | str] = [
        Content.assemble((shown(scenario.title), "bold")), "",
        Content.assemble(("Period: ", "bold"), period),
        Content.assemble(("Your role: ", "bold"), shown(reflow(scenario.role))),
        Content.assemble(("Length: ", "bold"), f"{scenario_length(scenario)}, thinking time on top; "
                         f"{len(scenario.scenes)} scenes, {len(scenario.endings)} endings"),
        "", reflow(scenario.summary),
    ]
    if scenario.content_notes:
        lines += ["", heading("Content notes")]
        lines += [Content.assemble("• ", shown(reflow(note))) for note in scenario.content_notes]
    return join_lines(lines)


class PickerScreen(PolitburoScreen):
    """Choose a scenario, your name and when to see what actually happened."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("enter", "start", "Start", tooltip="Start the highlighted scenario"),
        Binding("r", "toggle_reveal", "Reveal setting", tooltip="See what actually happened after "
                "each decision, or only at the end"),
        Binding("escape", "app.title", "Back", tooltip="Back to the title screen"),
        Binding("pagedown", "scroll_details(1)", "Scroll details", key_display="PgDn", priority=True,
                show=False),
        Binding("pageup", "scroll_details(-1)", "Scroll details up", show=False, priority=True),
    ]

    def __init__(self, player: str = "player", reveal: str = "each", name_fixed: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries: list[Entry] = []
        self.reveal = reveal
        self.player = player
        #: Served mode: the name was given at the prompt and cannot change here.
        self.name_fixed = name_fixed

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Choose a scenario", "bold"),
                                      "  ↑↓ to look, Enter to start, Tab for your name"),
                     id="picker-title")
        with Horizontal(id="picker-main"):
            yield OptionList(Option("Loading scenarios…", disabled=True), id="scenarios")
            with VerticalScroll(id="details-scroll", can_focus=False):
                yield Static(id="details")
        with Horizontal(id="picker-settings"):
            yield Static("Your name:", classes="label", markup=False)
            yield Input(value=self.player, id="player", max_length=40,
                        placeholder="your name, for the run record", disabled=self.name_fixed)
            yield Static(id="reveal")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._show_reveal()
        self.query_one("#scenarios", OptionList).focus()
        self.load()

    @work(exclusive=True, group="picker")
    async def load(self) -> None:
        self.entries = await asyncio.to_thread(load_catalog, self.politburo.known_scenarios())
        if not self.is_attached:  # left for another screen while the list loaded
            return
        options = []
        for i, entry in enumerate(self.entries):
            if entry.scenario is not None:
                s = entry.scenario
                options.append(Option(Content.assemble((s.title, "bold"), "\n  ",
                                                       f"{describe_date(s.period_start)} – "
                                                       f"{describe_date(s.period_end)}"), id=str(i)))
            else:
                options.append(Option(Content.assemble(entry.path, "\n  ",
                                                       ("cannot be played: ", "italic"), entry.problem),
                                      id=str(i), disabled=True))
        menu = self.query_one("#scenarios", OptionList)
        if not options:
            options = [Option("No scenarios are installed.", disabled=True)]
        menu.set_options(options)
        menu.highlighted = next((i for i, e in enumerate(self.entries) if e.scenario is not None), None)
        self._show_highlighted()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_highlighted()

    def _selected_entry(self) -> Entry | None:
        menu = self.query_one("#scenarios", OptionList)
        option = menu.highlighted_option
        if option is None or option.id is None or not option.id.isdigit():
            return None
        return self.entries[int(option.id)]

    def _show_highlighted(self) -> None:
        entry = self._selected_entry()
        details = self.query_one("#details", Static)
        if entry is None or entry.scenario is None:
            details.update(Content(entry.problem if entry else ""))
        else:
            details.update(scenario_details(entry.scenario))

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    @on(Input.Submitted, "#player")
    def _named(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        entry = self._selected_entry()
        if entry is None or entry.scenario is None:
            self.notify("Choose a scenario that can be played.", severity="warning")
            return
        player = clean_name(self.query_one("#player", Input).value) or "player"
        if not self.name_fixed:
            self.politburo.remember(player=player)  # the next game starts with this name
        self.politburo.start_new(entry.scenario, player=player, reveal=self.reveal)

    def action_scroll_details(self, direction: int) -> None:
        details = self.query_one("#details-scroll", VerticalScroll)
        details.scroll_page_down() if direction > 0 else details.scroll_page_up()

    def action_toggle_reveal(self) -> None:
        self.reveal = "end" if self.reveal == "each" else "each"
        self._show_reveal()

    def _show_reveal(self) -> None:
        when = "after each decision" if self.reveal == "each" else "only at the end"
        self.query_one("#reveal", Static).update(Content.assemble(
            ("What actually happened: ", "bold"), when, ("  (r: change)", "italic")))
