"""Class play: the player's name before the game, and a reason at each debate point.

Why these behave exactly like plain mode's prompts: a class's run records are compared side by
side in the report, so a name or a reason typed in the full-screen game, in plain text or in a
browser must be cleaned the same way (``clean_name``; ``clean_text`` with ``REASON_LIMIT``) and
land in the same fields.  The reason is asked after the choice and *before* its consequences, so
it is not written with hindsight.  Everything typed is shown back as data, never as markup.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static

from game.tui.text import heading, join_lines


def class_settings(classroom) -> Content:
    """What the teacher's code fixed, in words."""
    reveal = ("after each decision" if classroom.reveal == "each" else "only at the end")
    undo = "allowed" if classroom.undo else "locked by your teacher"
    reasons = ("asked at the debate points" if classroom.justify else "not asked")
    return join_lines([
        Content.assemble(("Class ", "bold"), (classroom.text, "bold"), ": ", classroom.scenario.title),
        f"What actually happened: {reveal}. Undo: {undo}. Reasons for your decisions: {reasons}.",
    ])


class NameScreen(Screen):
    """"Your name, as your teacher will see it": before a class game, and always when served."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("enter", "submit", "Start", tooltip="Start with this name", show=True),
        Binding("ctrl+q", "app.quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, classroom=None, *, served: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.classroom = classroom
        self.served = served

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(Content.assemble(("Politburo", "bold"), ": a seat in Stalin's Politburo, 1949–1950"),
                         id="name-title")
            if self.classroom is not None:
                yield Static(class_settings(self.classroom), id="name-class")
            else:
                yield Static("Your name goes into your run record, which your teacher sees.",
                             id="name-class")
            yield Static(Content.assemble(("Your name, as your teacher will see it:", "bold")))
            with Center():
                yield Input(id="name", max_length=40, placeholder="your first name is enough")
            yield Static(Content.assemble(("Enter", "bold"), ": start"), id="name-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        from game.classroom.join import clean_name

        name = clean_name(self.query_one("#name", Input).value)
        if not name:
            self.query_one("#name-hint", Static).update(Content.assemble(
                ("Please type a name", "bold"), " (your first name is enough), then Enter."))
            return
        if getattr(self.app, "served", False):
            from game.classroom.namelock import NameInUse, claim_name

            try:
                self.app.name_lock = claim_name(self.app.places.saves, name)  # type: ignore[attr-defined]
            except NameInUse:
                self.query_one("#name-hint", Static).update(Content.assemble(
                    ("Someone is already playing as ", "bold"), name,
                    ". Add your initial or surname, then Enter."))
                return
            except OSError:
                pass  # cannot write the lock: play on, as before
        self.app.named(name)  # type: ignore[attr-defined]


class ReasonScreen(ModalScreen["str | None"]):
    """At a debate point: one or two sentences on why, before the consequences.

    Dismisses with the cleaned reason, ``""`` to decide without one (Enter twice on an empty
    line, as plain mode asks twice), or None to go back to the choices (Esc)."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back to the choices", tooltip="Choose again; nothing is decided yet"),
    ]

    def __init__(self, turn: int, scene_title: str, label: str) -> None:
        super().__init__(classes="see-through")  # the scene and its choices stay in view, dimmed
        self.turn = turn
        self.scene_title = scene_title
        self.label = label
        self.asked_again = False

    def compose(self) -> ComposeResult:
        from game.classroom.join import REASON_LIMIT

        with Vertical(id="reason-box"):
            yield Static(Content.assemble(("Debate point", "bold"), f" · Decision {self.turn}: ",
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
        from game.classroom.join import REASON_LIMIT, clean_text

        event.stop()
        reason = clean_text(event.value, REASON_LIMIT)
        if reason or self.asked_again:
            self.dismiss(reason)
            return
        self.asked_again = True
        self.query_one("#reason-hint", Static).update(self._hint())

    def action_back(self) -> None:
        self.dismiss(None)
