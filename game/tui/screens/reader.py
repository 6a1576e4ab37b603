"""Reading screens: documents in full, and the meters' model cards with their tracks.

Why separate modals: the game screen keeps only short cards so the decision stays in view at
80x24; the full paraphrase, citation, reference and caveats open on demand.  The meters screen
shows each meter's *model card* — what it stands for and what moves it — so players can
question the model (a simulation's hidden model is itself an argument).  Both draw the
session's views; with reveal at the end the meter views carry no history, and the cards say so.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.play.views import DocumentView, MeterView
from game.text import reflow
from game.tui.text import HIDDEN, MARK, bar, cite, heading, join_lines, shown, sparkline
from game.tui.widgets.scene import document_header

_CLOSE: list[BindingType] = [
    Binding("escape", "close", "Close", tooltip="Back to where you were"),
    Binding("enter", "close", "Close", show=False),
    Binding("q", "close", "Close", show=False),
]


def document_full(doc: DocumentView) -> Content:
    return join_lines([
        document_header(doc), "",
        reflow(doc.summary), "",
        Content.assemble(("Paraphrased for the game, not quoted. ", "italic")),
        "", heading("Source"), cite(doc.source),
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

    def __init__(self, documents: tuple[DocumentView, ...]) -> None:
        title = "Document" if len(documents) == 1 else f"Documents ({len(documents)})"
        super().__init__(title, [document_full(d) for d in documents])


def meter_card(meter: MeterView) -> Content:
    """One meter: now, its range and thresholds, both tracks (history's only when shown)."""
    you = " ".join(str(v) for v in meter.you)
    history = f"history {HIDDEN}" if meter.history is None else f"history {meter.history}"
    lines: list[Content | str] = [
        Content.assemble((shown(meter.label), "bold"),
                         f"  now {meter.value} (range {meter.min}–{meter.max}), {history}"),
        Content.assemble("  ", bar(meter.value, meter.min, meter.max, 40, marks=meter.threshold_values),
                         (f" {meter.value}", "bold"))]
    if meter.thresholds:
        lines.append(f"  {MARK} " + "; ".join(meter.thresholds).capitalize() + ".")
    lines.append(f"  you      {sparkline(meter.you, meter.min, meter.max)}  {you}")
    if meter.past is None:
        lines.append(f"  history  {HIDDEN} (the debrief shows it)")
    else:
        past = " ".join(str(v) for v in meter.past)
        lines.append(f"  history  {sparkline(meter.past, meter.min, meter.max)}  {past}")
    lines += ["", shown(reflow(meter.description))]
    return join_lines(lines)


class MetersScreen(_Reader):
    """Every meter's model card, its value now and both tracks turn by turn."""

    def __init__(self, meters: tuple[MeterView, ...]) -> None:
        intro = Content("Meters are this scenario's argument about what mattered. Each card says "
                        "what the meter stands for, what moves it and what it leaves out. The tracks "
                        "give the value after each decision, for you and for history.")
        super().__init__("Meters: the model", [intro, *(meter_card(m) for m in meters)])
