"""The parts of a scene: document cards, advisers' counsel and the list of choices.

Every string here comes from a scenario file, so each goes through ``Content`` (never parsed
as markup).  Widgets report what the player did with messages ("messages up"); the game screen
decides what happens next.  They draw the session's views, never the scenario's objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.play.views import CounselView, DocumentView, OptionView
from game.text import reflow
from game.tui.text import reference


def document_header(doc: DocumentView) -> Content:
    """Kind and classification, title, date/from/to and where the source can be found."""
    first = Content.assemble((doc.kind.upper(), "bold reverse"), " ",
                             (doc.classification, "bold") if doc.classification else "")
    meta = [doc.when]
    if doc.sender:
        meta.append(f"from {doc.sender}")
    if doc.recipient:
        meta.append(f"to {doc.recipient}")
    return Content.assemble(first, "\n", (doc.title, "bold"), "\n", " · ".join(meta), "\n",
                            ("Ref: ", "italic"), reference(doc.source))


class DocumentCard(Static, can_focus=True):
    """A telegram or report as a card.  Enter (or a click) opens it in full."""

    BINDINGS = [Binding("enter", "open", "Read document", tooltip="Open this document in full")]

    @dataclass
    class Opened(Message):
        """The player asked to read ``document`` in full."""

        document: DocumentView

    def __init__(self, document: DocumentView, **kwargs: Any) -> None:
        hint = Content.assemble(("Enter: read in full", "italic"))
        super().__init__(Content.assemble(document_header(document), "\n", hint), **kwargs)
        self.document = document

    def action_open(self) -> None:
        self.post_message(self.Opened(self.document))

    def on_click(self) -> None:
        self.action_open()


def counsel_content(counsel: CounselView) -> Content:
    """Who says what, in character, and how far the record supports it."""
    who = Content.assemble((counsel.adviser, "bold"), ", ", counsel.title)
    if counsel.position:
        who = Content.assemble(who, " — ", (counsel.position, "italic"))
    parts: list[Content | str | tuple[str, str]] = [who, "\n", reflow(counsel.text)]
    if counsel.note:
        parts += ["\n", ("Note: ", "italic"), (reflow(counsel.note), "italic")]
    return Content.assemble(*parts)


class ChoiceList(OptionList):
    """The decisions on offer, numbered; unavailable ones greyed *and* labelled with why."""

    BINDINGS = [Binding("enter", "select", "Decide", show=False)]

    def show(self, options: tuple[OptionView, ...]) -> None:
        items = []
        for option in options:
            # A two-column grid gives wrapped labels a hanging indent under the number.
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=1, style="bold")
            grid.add_column(ratio=1)
            label = Text(option.label)
            if not option.available:
                label.append("\nunavailable: ", style="italic")
                label.append(option.reason)
            grid.add_row(str(option.number), label)
            items.append(Option(grid, id=option.id, disabled=not option.available))
        self.set_options(items)
        self.highlighted = next((i for i, o in enumerate(options) if o.available), None)
