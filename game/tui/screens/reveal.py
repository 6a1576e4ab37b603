"""After a decision: its consequence, then "What actually happened".

Why a modal after every decision: the game teaches by setting each choice beside the record
while the choice is fresh.  With the ``reveal: end`` setting the record stays hidden here and
the debrief shows it decision by decision instead.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine import ChoiceMade, Event, GameEnded, MeterChanged, OutcomeDrawn, Scene
from game.tui.session import Session
from game.tui.text import change_words, cite, describe_date, heading, join_lines, reflow


def consequence(session: Session, scene: Scene, choice_id: str, events: list[Event]) -> Content:
    """What the player's decision did in their story: result text and meter changes."""
    scenario = session.scenario
    choice = scene.choice(choice_id)
    lines: list[Content | str] = [Content.assemble(("You chose: ", "bold"), choice.label)]
    for event in events:
        if isinstance(event, (ChoiceMade, OutcomeDrawn)) and event.result:
            lines += ["", reflow(event.result)]
    changes = [e for e in events if isinstance(e, MeterChanged)]
    if changes:
        lines += ["", heading("Meters")]
        for e in changes:
            meter = scenario.meter(e.meter)
            lines.append(f"  {meter.label}: {e.old} → {e.new}, {change_words(e.new - e.old)}")
    for event in events:
        if isinstance(event, GameEnded):
            ending = scenario.ending(event.ending)
            why = ""
            if event.reason == "threshold" and event.meter:
                meter = scenario.meter(event.meter)
                why = f"{meter.label} reached {session.game.meters[meter.id]}. "
            kind = "a historical ending" if ending.is_historical else "a counterfactual ending"
            lines += ["", Content.assemble(("The game ends here. ", "bold"), why,
                                           f"Ending: {ending.title} ({kind}).")]
    return join_lines(lines)


def what_happened(session: Session, scene: Scene, choice_id: str) -> Content:
    """The Politburo's decision, its date and record, the sources, and the gap to history."""
    scenario = session.scenario
    game = session.game
    hist = scene.historical_choice
    lines: list[Content | str] = []
    if hist is None or hist.historical is None:
        lines.append("This moment did not happen: no Politburo decision matches it "
                     "(a counterfactual scene).")
    else:
        record = hist.historical
        if hist.id == choice_id:
            lines.append(Content.assemble(("Same as the Politburo. ", "bold"),
                                          "You chose what the Soviet leadership actually did."))
        else:
            lines.append(Content.assemble(("Different from the Politburo. ", "bold"),
                                          "The Soviet leadership chose: ", hist.label))
        lines += ["", Content.assemble((describe_date(record.date), "bold"), ": ", reflow(record.record))]
        if record.sources:
            lines += ["", heading("Sources")]
            for source_id in record.sources:
                lines.append(Content.assemble("• ", cite(scenario.source(source_id))))
    comparison = game.comparison()
    lines += ["", heading(f"You and history after decision {game.turn}")]
    for meter in scenario.meters:
        you, past = comparison.player[meter.id], comparison.history[meter.id]
        gap = you - past
        gap_words = "the same" if gap == 0 else f"{abs(gap)} {'above' if gap > 0 else 'below'}"
        lines.append(f"  {meter.label}: you {you}, history {past} ({gap_words})")
    lines.append(f"  Divergence: {comparison.divergence}/100 "
                 "(0 = where history was; 100 = the opposite end of every meter)")
    lines.append(f"  Decisions matching the Politburo's: {comparison.matched} of {comparison.decided}")
    if scene.historiography:
        lines += ["", "Historians read this moment differently: their readings are now in the "
                      "dossier (d)."]
    return join_lines(lines)


class RevealScreen(ModalScreen[None]):
    """The consequence of one decision and, by default, what actually happened."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("enter", "close", "Continue", tooltip="Back to the game"),
        Binding("escape", "close", "Continue", show=False),
        Binding("space", "close", "Continue", show=False),
        Binding("d", "app.dossier", "Dossier", tooltip="Documents, sources and historians met so far"),
    ]

    def __init__(self, session: Session, scene: Scene, choice_id: str, events: list[Event]) -> None:
        super().__init__()
        self.session = session
        self.scene = scene
        self.choice_id = choice_id
        self.events = events

    def compose(self) -> ComposeResult:
        game = self.session.game
        with Vertical(id="reveal-box"):
            yield Static(Content.assemble((f"Decision {game.turn}: ", "bold"), (self.scene.title, "bold")),
                         id="reveal-title")
            with VerticalScroll(id="reveal-body"):
                yield Static(consequence(self.session, self.scene, self.choice_id, self.events),
                             id="consequence")
                yield Static(Content.assemble(("What actually happened", "bold underline")),
                             classes="section")
                if self.session.reveal_each:
                    yield Static(what_happened(self.session, self.scene, self.choice_id), id="history")
                else:
                    yield Static("Kept for the end: you chose to see what actually happened only in "
                                 "the debrief.", id="history")
            hint = "Enter: the debrief" if game.is_over else "Enter: continue"
            yield Static(Content.assemble((hint, "bold"), " · ↑↓ PgUp PgDn: scroll · d: dossier"),
                         id="reveal-hint")

    def on_mount(self) -> None:
        self.query_one("#reveal-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
