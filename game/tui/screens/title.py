"""The title screen: New game, Continue, Campaign, Class report, Help, Quit.

Continue names the newest autosave (scenario, player and date) once a worker has found it, and
Campaign the campaign in progress, if any.  Served to a browser, Continue offers only the
player's own save and Class report (which reads folders) is listed as unavailable, with why.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from game.tui.library import Resumable


def _find_resumable(saves, extra, player, campaign_plan):
    """Imported in the worker thread: the scenario loader is not needed to draw the title.

    Returns the newest autosave (``player``'s only, when given) and a note on the campaign."""
    from game.tui.campaign import find_progress
    from game.tui.library import find_resumable

    found = find_resumable(saves, extra, player=player, bundled_only=player is not None)
    plan = campaign_plan()
    total = len(plan.chapters())
    progress = find_progress(saves, plan.campaign, player)
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
    parts: list = [(f"{key}  ", "bold"), (label, "bold")]
    if note:
        parts += ["  ", (note, "italic")]
    return Content.assemble(*parts)


class TitleScreen(Screen):
    """The first screen of ``politburo``."""

    BINDINGS = [
        Binding("n", "pick('new')", "New game", tooltip="Choose a scenario and start"),
        Binding("c", "pick('continue')", "Continue", tooltip="Carry on from the last autosave"),
        Binding("a", "pick('campaign')", "Campaign", tooltip="The chapters in order, your choices carried over"),
        Binding("r", "pick('class')", "Class report", tooltip="How a class decided, from a folder of run records"),
        Binding("q", "app.quit", "Quit", tooltip="Leave the game (games in progress are saved)"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.resumable: Resumable | None = None

    def compose(self) -> ComposeResult:
        served = bool(getattr(self.app, "served", False))
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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()
        # After the first paint: the search imports the scenario loader, which would otherwise
        # compete with drawing the title for the interpreter.
        self.call_after_refresh(self.find_save)

    @work(exclusive=True, group="title")
    async def find_save(self) -> None:
        app = self.app
        found, campaign_note, has_chapters = await asyncio.to_thread(
            _find_resumable, app.places.saves, app.known_scenarios(),  # type: ignore[attr-defined]
            app.own_player(), app.campaign_plan)  # type: ignore[attr-defined]
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
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and parameters and parameters[0] == "continue":
            return True if self.resumable is not None and self.resumable.scenario is not None else None
        if action == "pick" and parameters and parameters[0] == "class" and getattr(self.app, "served", False):
            return False
        return True

    @on(OptionList.OptionSelected, "#menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option.id or "")

    def action_pick(self, what: str) -> None:
        app = self.app
        if what == "new":
            app.show_picker()  # type: ignore[attr-defined]
        elif what == "continue" and self.resumable is not None and self.resumable.scenario is not None:
            app.resume(self.resumable)  # type: ignore[attr-defined]
        elif what == "campaign":
            app.show_campaign()  # type: ignore[attr-defined]
        elif what == "class":
            app.show_class_report()  # type: ignore[attr-defined]
        elif what == "help":
            app.action_help()  # type: ignore[attr-defined]
        elif what == "quit":
            app.exit(0)
