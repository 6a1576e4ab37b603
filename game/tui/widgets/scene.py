"""The parts of a scene: document cards, advisers' counsel and the list of choices.

Every string here comes from a scenario file, so each goes through ``Content`` (never parsed
as markup).  Widgets report what the player did with messages ("messages up"); the game screen
decides what happens next.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine import Counsel, Document, Option as GameOption, Scenario
from game.tui.text import describe_date, reflow


def document_header(doc: Document, scenario: Scenario) -> Content:
    """Kind and classification, title, date/from/to and the archival reference."""
    source = scenario.source(doc.source)
    kind = doc.kind.upper()
    first = Content.assemble((kind, "bold reverse"), " ",
                             (doc.classification, "bold") if doc.classification else "")
    meta = [describe_date(doc.date)]
    if doc.sender:
        meta.append(f"from {doc.sender}")
    if doc.recipient:
        meta.append(f"to {doc.recipient}")
    ref = source.archive.strip() if source.archive else "no archival reference recorded"
    return Content.assemble(first, "\n", (doc.title, "bold"), "\n", " · ".join(meta), "\n",
                            ("Ref: ", "italic"), " ".join(ref.split()))


class DocumentCard(Static, can_focus=True):
    """A telegram or report as a card.  Enter (or a click) opens it in full."""

    BINDINGS = [Binding("enter", "open", "Read document", tooltip="Open this document in full")]

    @dataclass
    class Opened(Message):
        """The player asked to read ``document`` in full."""

        document: Document

    def __init__(self, document: Document, scenario: Scenario, **kwargs) -> None:
        header = document_header(document, scenario)
        hint = Content.assemble(("Enter: read in full", "italic"))
        super().__init__(Content.assemble(header, "\n", hint), **kwargs)
        self.document = document

    def action_open(self) -> None:
        self.post_message(self.Opened(self.document))

    def on_click(self) -> None:
        self.action_open()


def counsel_content(counsel: Counsel, scenario: Scenario) -> Content:
    """Who says what, in character, and how far the record supports it."""
    adviser = scenario.adviser(counsel.adviser)
    who = Content.assemble((adviser.name, "bold"), ", ", adviser.title)
    if counsel.position:
        who = Content.assemble(who, " — ", (counsel.position, "italic"))
    parts: list = [who, "\n", reflow(counsel.text)]
    if counsel.note:
        parts += ["\n", ("Note: ", "italic"), (reflow(counsel.note), "italic")]
    return Content.assemble(*parts)


class ChoiceList(OptionList):
    """The decisions on offer, numbered; unavailable ones greyed *and* labelled with why."""

    BINDINGS = [Binding("enter", "select", "Decide", show=False)]

    def show(self, options: list[GameOption]) -> None:
        items = []
        for number, option in enumerate(options, start=1):
            # A two-column grid gives wrapped labels a hanging indent under the number.
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=1, style="bold")
            grid.add_column(ratio=1)
            label = Text(option.choice.label)
            if not option.available:
                label.append("\nunavailable: ", style="italic")
                label.append(option.reason)
            grid.add_row(str(number), label)
            items.append(Option(grid, id=option.id, disabled=not option.available))
        self.set_options(items)
        first = next((i for i, o in enumerate(options) if o.available), None)
        self.highlighted = first
