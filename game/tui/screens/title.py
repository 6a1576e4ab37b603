"""The title screen: New game, Continue, Campaign, Class report, Help, Quit.

Continue names the newest autosave (scenario, player and date) once a worker has found it;
Campaign and Class report are listed but disabled with the reason, so the menu shows where the
game is going without pretending those parts exist yet.
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


def _find_resumable(saves, extra):
    """Imported in the worker thread: the scenario loader is not needed to draw the title."""
    from game.tui.library import find_resumable

    return find_resumable(saves, extra)

TITLE_ART = """\
 ___  ___  _    ___ _____ ___ _   _ ___  ___
| _ \\/ _ \\| |  |_ _|_   _| _ ) | | | _ \\/ _ \\
|  _/ (_) | |__ | |  | | | _ \\ |_| |   / (_) |
|_|  \\___/|____|___| |_| |___/\\___/|_|_\\\\___/"""

SUBTITLE = "A seat in Stalin's Politburo, 1949–1950. Decide, then see what actually happened."

CAMPAIGN_REASON = "arrives with the campaign (issue 4)"
CLASS_REASON = "arrives with classroom sessions (issue 5)"


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
        Binding("q", "app.quit", "Quit", tooltip="Leave the game (games in progress are saved)"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.resumable: Resumable | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            with Center():
                yield Static(TITLE_ART, id="title-art", markup=False)
            yield Static(SUBTITLE, id="subtitle", markup=False)
            with Center():
                yield OptionList(
                    Option(_item("n", "New game", "choose a scenario"), id="new"),
                    Option(_item("c", "Continue", "looking for a saved game…"), id="continue",
                           disabled=True),
                    Option(_item(" ", "Campaign", CAMPAIGN_REASON), id="campaign", disabled=True),
                    Option(_item(" ", "Class report", CLASS_REASON), id="class", disabled=True),
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
        found = await asyncio.to_thread(_find_resumable, app.places.saves,  # type: ignore[attr-defined]
                                        app.known_scenarios())  # type: ignore[attr-defined]
        self.resumable = found
        menu = self.query_one("#menu", OptionList)
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
        elif what == "help":
            app.action_help()  # type: ignore[attr-defined]
        elif what == "quit":
            app.exit(0)
