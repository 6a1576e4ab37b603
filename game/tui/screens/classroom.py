"""Class play: the player's name before the game, and a reason at each debate point.

Why these behave exactly like plain mode's prompts: a class's run records are compared side by
side in the report, so a name or a reason typed in the full-screen game, in plain text or in a
browser must be cleaned the same way (:func:`game.text.clean_name`, :func:`game.text.clean_reason`)
and land in the same fields.  The reason is asked after the choice and *before* its
consequences, so it is not written with hindsight.  Everything typed is shown back as data,
never as markup.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from game.formats import RunSettings
from game.text import NAME_LIMIT, REASON_LIMIT, clean_name, clean_reason
from game.tui.base import PolitburoModal, PolitburoScreen
from game.tui.text import heading, join_lines
from game.tui.widgets.footer import KeyFooter


def class_settings(settings: RunSettings, title: str) -> Content:
    """What the teacher's code fixed, in words."""
    reveal = "after each decision" if settings.reveal_each else "only at the end"
    undo = "allowed" if settings.undo else "locked by your teacher"
    reasons = "asked at the debate points" if settings.justify else "not asked"
    return join_lines([
        Content.assemble(("Class ", "bold"), (settings.class_code or "", "bold"), ": ", title),
        f"What actually happened: {reveal}. Undo: {undo}. Reasons for your decisions: {reasons}.",
    ])


class NameScreen(PolitburoScreen):
    """"Your name, as your teacher will see it": before a class game, and always when served."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("enter", "submit", "Start", tooltip="Start with this name", show=True),
        Binding("ctrl+q", "app.quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, settings: RunSettings | None = None, title: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: The class's settings, when a class code was given.
        self.settings = settings
        self.scenario_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(Content.assemble(("Politburo", "bold"), ": a seat in Stalin's Politburo, 1949–1950"),
                         id="name-title")
            if self.settings is not None and self.settings.class_code:
                yield Static(class_settings(self.settings, self.scenario_title), id="name-class")
            else:
                yield Static("Your name goes into your run record, which your teacher sees.",
                             id="name-class")
            yield Static(Content.assemble(("Your name, as your teacher will see it:", "bold")))
            with Center():
                yield Input(id="name", max_length=NAME_LIMIT, placeholder="your first name is enough")
            yield Static(Content.assemble(("Enter", "bold"), ": start"), id="name-hint")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        name = clean_name(self.query_one("#name", Input).value)
        if not name:
            self.query_one("#name-hint", Static).update(Content.assemble(
                ("Please type a name", "bold"), " (your first name is enough), then Enter."))
            return
        if not self.politburo.claim_name(name):
            self.query_one("#name-hint", Static).update(Content.assemble(
                ("Someone is already playing as ", "bold"), name,
                ". Add your initial or surname, then Enter."))
            return
        self.politburo.named(name)


class ReasonScreen(PolitburoModal["str | None"]):
    """At a debate point: one or two sentences on why, before the consequences.

    Dismisses with the cleaned reason, ``""`` to decide without one (Enter twice on an empty
    line, as plain mode asks twice), or None to go back to the choices (Esc)."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back to the choices", tooltip="Choose again; nothing is decided yet"),
    ]

    def __init__(self, number: int, scene_title: str, label: str) -> None:
        super().__init__(classes="see-through")  # the scene and its choices stay in view, dimmed
        self.number = number
        self.scene_title = scene_title
        self.label = label
        self.asked_again = False

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            yield Static(Content.assemble(("Debate point", "bold"), f" · Decision {self.number}: ",
                                          self.scene_title), id="reason-title")
            yield Static(Content.assemble("In one or two sentences: why ",
                                          ("“" + self.label + "”", "bold"), "?"), id="reason-question")
            yield Input(id="reason", max_length=REASON_LIMIT, placeholder="your reason, for the class discussion")
            yield Static(self._hint(), id="reason-hint")

    def _hint(self) -> Content:
        if self.asked_again:
            return join_lines([heading("A sentence or two helps the class discussion."),
                               "Type a reason, or press Enter again to decide without one. Esc: back."])
        return Content.assemble(("Enter", "bold"), ": decide, with this reason · ", ("Esc", "bold"),
                                ": back to the choices")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reason = clean_reason(event.value)
        if reason or self.asked_again:
            self.dismiss(reason)
            return
        self.asked_again = True
        self.query_one("#reason-hint", Static).update(self._hint())

    def action_back(self) -> None:
        self.dismiss(None)
