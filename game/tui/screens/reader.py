"""Reading screens: documents in full, and the meters' model cards with their tracks.

Why separate modals: the game screen keeps only short cards so the decision stays in view at
80x24; the full paraphrase, citation, archival line and caveats open on demand.  The meters
screen shows each meter's *model card* — what it stands for and what moves it — so players can
question the model (a simulation's hidden model is itself an argument).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine import Document, Game, Scenario
from game.tui.text import cite, heading, join_lines, reflow, sparkline
from game.tui.widgets.meters import meter_states
from game.tui.widgets.scene import document_header

_CLOSE = [
    Binding("escape", "close", "Close", tooltip="Back to where you were"),
    Binding("enter", "close", "Close", show=False),
    Binding("q", "close", "Close", show=False),
]


def document_full(doc: Document, scenario: Scenario) -> Content:
    return join_lines([
        document_header(doc, scenario), "",
        reflow(doc.summary), "",
        Content.assemble(("Paraphrased for the game, not quoted. ", "italic")),
        "", heading("Source"), cite(scenario.source(doc.source)),
    ])


class _Reader(ModalScreen[None]):
    """A titled, scrollable modal that closes with Escape."""

    BINDINGS = _CLOSE

    def __init__(self, title: str, body: list[Content]) -> None:
        super().__init__()
        self._title = title
        self._body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="reader-box"):
            yield Static(Content.assemble((self._title, "bold")), classes="reader-title")
            with VerticalScroll(classes="reader-body"):
                for part in self._body:
                    yield Static(part, classes="reader-part")
            yield Static(Content.assemble(("Esc: close", "bold"), " · ↑↓ PgUp PgDn: scroll"),
                         classes="reader-hint")

    def on_mount(self) -> None:
        self.query_one(".reader-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class DocumentScreen(_Reader):
    """One or more documents, in full."""

    def __init__(self, documents: list[Document], scenario: Scenario) -> None:
        title = "Document" if len(documents) == 1 else f"Documents ({len(documents)})"
        super().__init__(title, [document_full(d, scenario) for d in documents])


def meter_card(game: Game) -> list[Content]:
    parts = []
    for s in meter_states(game):
        m = s.meter
        you = " ".join(str(v) for v in s.you)
        past = " ".join(str(v) for v in s.past)
        thresholds = [f"the game ends if it is {'at most' if t.direction == 'at_most' else 'at least'} "
                      f"{t.value}" for t in m.ends_game]
        parts.append(join_lines([
            Content.assemble((m.label, "bold"), f"  now {s.value} (range {m.min}–{m.max}), "
                             f"history {s.history}"),
            *(["  " + "; ".join(thresholds).capitalize() + "."] if thresholds else []),
            f"  you      {sparkline(s.you, m)}  {you}",
            f"  history  {sparkline(s.past, m)}  {past}",
            "", reflow(m.description),
        ]))
    return parts


class MetersScreen(_Reader):
    """Every meter's model card, its value now and both tracks turn by turn."""

    def __init__(self, game: Game) -> None:
        intro = Content("Meters are this scenario's argument about what mattered. Each card says "
                        "what the meter stands for, what moves it and what it leaves out. The tracks "
                        "give the value after each decision, for you and for history.")
        super().__init__("Meters: the model", [intro, *meter_card(game)])
