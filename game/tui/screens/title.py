"""The title screen: New game, Continue, Campaign, Class report, Help, Quit.

Continue names the newest save this player may carry on (scenario, player and date) once a
worker has found it, and Campaign the campaign in progress, if any.  In a shared class folder a
student is offered only their own save (:func:`game.play.policy.may_continue`).  Served to a
browser, Class report (which reads folders) is listed as unavailable, with why.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.base import PolitburoScreen
from game.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from game.engine import Scenario
    from game.paths import Places
    from game.play.campaign import CampaignPlan
    from game.tui.library import Continuable


def look_up(places: Places, extra: tuple[Scenario, ...], player: str | None, class_code: str | None,
            bundled_only: bool, campaign_plan: Callable[[], CampaignPlan]
            ) -> tuple[Continuable | None, str, bool]:
    """Blocking (run in a thread; the scenario loader is not needed to draw the title).

    The newest save ``player`` may continue, a note on the campaign, and whether it has chapters."""
    from game.play.campaign import find_progress
    from game.tui.library import find_continuable

    found = find_continuable(places, extra, player=player, class_code=class_code, bundled_only=bundled_only)
    plan = campaign_plan()
    total = len(plan.chapters())
    progress = find_progress(places, plan.campaign, player)
    if total == 0:
        note = "no chapters are installed"
    elif progress:
        p = progress[0]
        note = f"continue: chapter {min(p.chapter + 1, total)} of {total} ({p.player})"
        if len(progress) > 1:
            note += f", and {len(progress) - 1} more"
    else:
        note = CAMPAIGN_NOTE
    return found, note, total > 0

TITLE_ART = """\
 ___  ___  _    ___ _____ ___ _   _ ___  ___
| _ \\/ _ \\| |  |_ _|_   _| _ ) | | | _ \\/ _ \\
|  _/ (_) | |__ | |  | | | _ \\ |_| |   / (_) |
|_|  \\___/|____|___| |_| |___/\\___/|_|_\\\\___/"""

SUBTITLE = "A seat in Stalin's Politburo, 1949–1950. Decide, then see what actually happened."

CAMPAIGN_NOTE = "the chapters in order; your choices carry over"
CLASS_NOTE = "how a class decided, from a folder of runs"
SERVED_CLASS_REASON = "not available in the browser"


def _item(key: str, label: str, note: str = "") -> Content:
    parts: list[str | tuple[str, str]] = [(f"{key}  ", "bold"), (label, "bold")]
    if note:
        parts += ["  ", (note, "italic")]
    return Content.assemble(*parts)


class TitleScreen(PolitburoScreen):
    """The first screen of ``politburo``."""

    BINDINGS = [
        Binding("n", "pick('new')", "New game", tooltip="Choose a scenario and start"),
        Binding("c", "pick('continue')", "Continue", tooltip="Carry on from the last autosave"),
        Binding("a", "pick('campaign')", "Campaign", tooltip="The chapters in order, your choices carried over"),
        Binding("r", "pick('class')", "Class report", tooltip="How a class decided, from a folder of run records"),
        Binding("q", "app.quit", "Quit", tooltip="Leave the game (games in progress are saved)"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.resumable: Continuable | None = None
        #: The save look-up has finished (the menu says what it found).
        self.looked = False

    def compose(self) -> ComposeResult:
        served = self.politburo.served
        with Vertical(id="title-box"):
            with Center():
                yield Static(TITLE_ART, id="title-art", markup=False)
            yield Static(SUBTITLE, id="subtitle", markup=False)
            with Center():
                yield OptionList(
                    Option(_item("n", "New game", "choose a scenario"), id="new"),
                    Option(_item("c", "Continue", "looking for a saved game…"), id="continue",
                           disabled=True),
                    Option(_item("a", "Campaign", CAMPAIGN_NOTE),
                           id="campaign"),
                    Option(_item("r", "Class report", SERVED_CLASS_REASON if served else CLASS_NOTE),
                           id="class", disabled=served),
                    Option(_item("?", "Help", "every key, every screen"), id="help"),
                    Option(_item("q", "Quit"), id="quit"),
                    id="menu")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()
        # After the first paint: the search imports the scenario loader, which would otherwise
        # compete with drawing the title for the interpreter.
        self.call_after_refresh(self.find_save)

    @work(exclusive=True, group="title")
    async def find_save(self) -> None:
        app = self.politburo
        found, campaign_note, has_chapters = await asyncio.to_thread(
            look_up, app.places, app.known_scenarios(), app.continue_as(), app.class_code, app.served,
            app.campaign_plan)
        # The player may have left (or quit) while the thread looked: nothing to show it on.
        if not self.is_attached or not self.is_mounted:
            return
        try:
            self._show_found(found, campaign_note, has_chapters)
        except NoMatches:  # torn down between the check and the update
            return

    def _show_found(self, found: Continuable | None, campaign_note: str, has_chapters: bool) -> None:
        self.resumable = found
        menu = self.query_one("#menu", OptionList)
        menu.replace_option_prompt_at_index(menu.get_option_index("campaign"),
                                            _item("a", "Campaign", campaign_note))
        if not has_chapters:
            menu.disable_option("campaign")
        index = menu.get_option_index("continue")
        if found is None:
            prompt = _item("c", "Continue", "no saved game yet")
        elif found.scenario is None:
            prompt = _item("c", "Continue", f"cannot resume: {found.problem}")
        else:
            prompt = _item("c", "Continue", found.label)
        menu.replace_option_prompt_at_index(index, prompt)
        if found is not None and found.scenario is not None:
            menu.enable_option("continue")
        self.looked = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and parameters and parameters[0] == "continue":
            return True if self.resumable is not None and self.resumable.scenario is not None else None
        served_class = action == "pick" and parameters and parameters[0] == "class" and self.politburo.served
        return not served_class

    @on(OptionList.OptionSelected, "#menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option.id or "")

    def action_pick(self, what: str) -> None:
        app = self.politburo
        if what == "new":
            app.show_picker()
        elif what == "continue" and self.resumable is not None and self.resumable.scenario is not None:
            app.continue_save(self.resumable)
        elif what == "campaign":
            app.show_campaign()
        elif what == "class":
            app.show_class_report()
        elif what == "help":
            app.action_help()
        elif what == "quit":
            app.exit(0)
