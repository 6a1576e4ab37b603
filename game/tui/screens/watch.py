"""``politburo play PATH --watch``: the scenario file's errors, shown in the game.

Why a screen and not a crash: an author saves half-finished edits all the time.  While the file
is invalid the game shows what ``politburo validate`` would print (``file:line:col`` and the
hint), keeps the last good game and the player's decisions, and the app goes back to the game,
replayed to where it was, as soon as the file is saved without errors.  Diagnostics quote the
author's text, so they are shown as data, never as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.scenario import Diagnostic
from game.tui.base import PolitburoScreen
from game.tui.text import join_lines
from game.tui.widgets.footer import KeyFooter


class WatchErrorsScreen(PolitburoScreen):
    """The watched file does not validate: its errors, and what happens next."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("q", "app.quit", "Quit", tooltip="Leave the game (it is saved)"),
        Binding("pagedown", "scroll(1)", "Scroll", key_display="PgDn", priority=True),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
    ]

    def __init__(self, path: Path, diagnostics: Iterable[Diagnostic], kept: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path = path
        self.diagnostics = tuple(diagnostics)
        self.kept = kept

    def compose(self) -> ComposeResult:
        yield Static(id="watch-title")
        with VerticalScroll(id="watch-body"):
            yield Static(id="watch-errors")
        yield Static(id="watch-hint")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#watch-body").focus()
        self.show(self.diagnostics, self.kept)

    def show(self, diagnostics: Iterable[Diagnostic], kept: int | None) -> None:
        """Show (new) diagnostics: called again when the file is saved still broken."""
        self.diagnostics = tuple(diagnostics)
        self.kept = kept
        errors = [d for d in self.diagnostics if d.severity == "error"]
        warnings = [d for d in self.diagnostics if d.severity != "error"]
        n = len(errors)
        self.query_one("#watch-title", Static).update(Content.assemble(
            (f"{self.path.name} has {n} error{'s' * (n != 1)}", "bold"), " · watching for the next save"))
        lines: list[Content | str] = []
        for d in errors + warnings:
            lines += [d.render(), ""]
        self.query_one("#watch-errors", Static).update(join_lines(lines or ["(no details)"]))
        if kept is None:
            hint = "The game starts as soon as the file is saved without errors."
        else:
            kept_text = "Your decision is kept" if kept == 1 else f"Your {kept} decisions are kept"
            hint = (f"{kept_text}: when the file is saved without errors, the game comes back, "
                    "replayed to where you were.")
        self.query_one("#watch-hint", Static).update(Content(hint))

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#watch-body", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()
