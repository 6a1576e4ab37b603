"""The games cannot be saved here: said before the first decision, not after it.

Why a screen and not a notification: a read-only or full runs folder would make every decision
the player takes unsaved, and a class's run record unwritten.  The app checks the folders when
it starts (:func:`game.play.session.prepare`); if they cannot be used it shows this instead of
the game, with the reason from the play layer and the way out (another ``--runs-dir``).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.tui.base import PolitburoScreen
from game.tui.text import heading, join_lines
from game.tui.widgets.footer import KeyFooter


class StartProblemScreen(PolitburoScreen):
    """Games cannot be saved in the data folder: why, and what to do."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("r", "retry", "Try again", tooltip="Check the folder again (after fixing it)"),
        Binding("q", "app.quit", "Quit", tooltip="Leave the game"),
    ]

    def __init__(self, problem: str, *, served: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem
        self.served = served

    def compose(self) -> ComposeResult:
        if self.served:
            advice = "Please tell your teacher: the game cannot save on this machine right now."
        else:
            advice = ("Make the folder writable (or free some space), then press r; or quit and start "
                      "again with another folder, for example: politburo --runs-dir my-runs")
        with Vertical(id="problem-box"):
            yield Static(join_lines([
                heading("Your games cannot be saved"), "",
                Content.assemble("Politburo ", self.problem if not self.served else "cannot write its files", "."),
                "", "Nothing has been played yet, so nothing is lost.", "", advice,
            ]), id="problem")
        yield KeyFooter(compact=True)

    def action_retry(self) -> None:
        self.politburo.start()
