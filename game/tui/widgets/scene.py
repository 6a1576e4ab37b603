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
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.play.views import CounselView, DocumentView, OptionView
from game.text import reflow
from game.tui.text import reference, shown
from game.tui.widgets.rows import Bullet


def document_header(doc: DocumentView) -> Content:
    """Kind and classification, title, date/from/to and where the source can be found."""
    first = Content.assemble((shown(doc.kind.upper()), "bold reverse"), " ",
                             (shown(doc.classification), "bold") if doc.classification else "")
    meta = [doc.when]
    if doc.sender:
        meta.append(f"from {doc.sender}")
    if doc.recipient:
        meta.append(f"to {doc.recipient}")
    return Content.assemble(first, "\n", (shown(doc.title), "bold"), "\n", shown(" · ".join(meta)), "\n",
                            ("Ref: ", "italic"), shown(reference(doc.source)))


def document_line(doc: DocumentView) -> Content:
    """The document as one entry of a list (small terminals): kind, title and date."""
    return Content.assemble((shown(doc.kind.capitalize()), "italic"), ": ", (shown(doc.title), "bold"),
                            " · ", shown(doc.when))


class DocumentCard(Vertical, can_focus=True):
    """A telegram or report as a card, or as one line of a list on a small terminal (the
    stylesheet shows one or the other).  Enter (or a click) opens it in full."""

    BINDINGS = [Binding("enter", "open", "Read document", tooltip="Open this document in full")]

    @dataclass
    class Opened(Message):
        """The player asked to read ``document`` in full."""

        document: DocumentView

    def __init__(self, document: DocumentView, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.document = document

    def compose(self) -> ComposeResult:
        hint = Content.assemble(("Enter: read in full", "italic"))
        yield Bullet(document_line(self.document), mark="▸", classes="doc-line")
        yield Static(Content.assemble(document_header(self.document), "\n", hint), classes="doc-card")

    def action_open(self) -> None:
        self.post_message(self.Opened(self.document))

    def on_click(self) -> None:
        self.action_open()


def counsel_content(counsel: CounselView) -> Content:
    """Who says what, in character, and how far the record supports it."""
    who = Content.assemble((shown(counsel.adviser), "bold"), ", ", shown(counsel.title))
    if counsel.position:
        who = Content.assemble(who, " — ", (shown(counsel.position), "italic"))
    parts: list[Content | str | tuple[str, str]] = [who, "\n", shown(reflow(counsel.text))]
    if counsel.note:
        parts += ["\n", ("Note: ", "italic"), (shown(reflow(counsel.note)), "italic")]
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
            label = Text(shown(option.label))
            if not option.available:
                label.append("\nunavailable: ", style="italic")
                label.append(shown(option.reason))
            grid.add_row(str(option.number), label)
            items.append(Option(grid, id=option.id, disabled=not option.available))
        self.set_options(items)
        self.highlighted = next((i for i, o in enumerate(options) if o.available), None)
