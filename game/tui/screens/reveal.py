"""After a decision: its consequence, then "What actually happened".

Why a modal after every decision: the game teaches by setting each choice beside the record
while the choice is fresh.  It draws the session's :class:`~game.play.views.Turn`: with the
``reveal: end`` setting the turn carries no reveal, no standings and no history-based figure,
so the record stays hidden here and the debrief shows it decision by decision instead.

Why a screen of its own, kept and refilled, and not a panel of the game screen (issue 15, "the
decision key", tried and measured): a panel on a layer over the game made the game's own
widgets part of the reveal's frame — laid out, restyled as the focus left the options, and
drawn beneath it — about twice the work of this screen's few widgets; hiding them under the
panel moved that cost to the key that closes the reveal.  What the frame still costs is mostly
Textual laying out and wrapping a screenful of text (docs/performance.md).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.play.views import Consequence, FiguresView, Reveal, Standing, Turn
from game.text import change_words, reflow
from game.tui.base import PolitburoModal
from game.tui.text import cite, heading, join_lines

KEPT_FOR_THE_END = ("Kept for the end: you chose to see what actually happened only in the debrief.")


def consequence(c: Consequence) -> Content:
    """What the player's decision did in their story: result text and meter changes."""
    lines: list[Content | str] = [Content.assemble(("You chose: ", "bold"), c.choice_label)]
    for result in c.results:
        lines += ["", reflow(result)]
    if c.changes:
        lines += ["", heading("Meters")]
        lines += [f"  {ch.label}: {ch.old} → {ch.new}, {change_words(ch.new - ch.old)}"
                  + (f" ({ch.why})" if ch.why else "") for ch in c.changes]
    if c.ending is not None:
        kind = "a historical ending" if c.ending.historical else "a counterfactual ending"
        why = f"{c.ending.why} " if c.ending.why else ""
        lines += ["", Content.assemble(("The game ends here. ", "bold"), why,
                                       "Ending: ", c.ending.title, f" ({kind}).")]
    return join_lines(lines)


def standings(number: int, rows: tuple[Standing, ...], figures: FiguresView) -> list[Content | str]:
    """You beside history after this decision, and the run's divergence (the record's figure)."""
    lines: list[Content | str] = [heading(f"You and history after decision {number}")]
    for s in rows:
        gap = s.you - s.history
        gap_words = "the same" if gap == 0 else f"{abs(gap)} {'above' if gap > 0 else 'below'}"
        lines.append(Content.assemble("  ", s.label, f": you {s.you}, history {s.history} ({gap_words})"))
    if figures.divergence is not None:
        lines.append(f"  Divergence so far: {figures.divergence}/100 "
                     "(0 = where history was; 100 = as far from it as any run of this scenario gets)")
    if figures.decided is not None:
        lines.append(f"  Decisions matching the Politburo's: {figures.matched} of {figures.decided}")
    return lines


def what_happened(r: Reveal) -> list[Content | str]:
    """The Politburo's decision, its date and record, and the sources."""
    if r.counterfactual:
        lines: list[Content | str] = ["This moment did not happen: no Politburo decision matches it "
                                      "(a counterfactual scene)."]
    elif r.matched:
        lines = [Content.assemble(("Same as the Politburo. ", "bold"),
                                  "You chose what the Soviet leadership actually did.")]
    else:
        lines = [Content.assemble(("Different from the Politburo. ", "bold"),
                                  "The Soviet leadership chose: ", r.politburo_choice)]
    if not r.counterfactual:
        lines += ["", Content.assemble((r.when, "bold"), ": ", reflow(r.record))]
        if r.sources:
            lines += ["", heading("Sources")]
            lines += [Content.assemble("• ", cite(s)) for s in r.sources]
    return lines


def reveal_text(turn: Turn) -> Content:
    """The body: the consequence, then what actually happened (one widget: see ``compose``)."""
    return join_lines([consequence(turn.consequence), "",
                       Content.assemble(("What actually happened", "bold underline $text-accent")),
                       history_part(turn)])


def history_part(turn: Turn) -> Content:
    if turn.reveal is None:
        if turn.over:
            return Content(KEPT_FOR_THE_END + " It comes next, decision by decision.")
        return Content(KEPT_FOR_THE_END)
    lines = what_happened(turn.reveal)
    lines += ["", *standings(turn.consequence.number, turn.standings, turn.figures)]
    if turn.reveal.has_historiography:
        lines += ["", "Historians read this moment differently: their readings are now in the dossier (d)."]
    return join_lines(lines)


class RevealScreen(PolitburoModal[None]):
    """The consequence of one decision and, by default, what actually happened."""

    CSS_PATH = "../styles/reveal.tcss"

    BINDINGS = [
        Binding("enter", "close", "Continue", tooltip="Back to the game"),
        Binding("escape", "close", "Continue", show=False),
        Binding("space", "close", "Continue", show=False),
        Binding("d", "app.dossier", "Dossier", tooltip="Documents, sources and historians met so far"),
    ]

    def __init__(self, turn: Turn) -> None:
        super().__init__()
        self.turn = turn

    def compose(self) -> ComposeResult:
        with Vertical(id="reveal-box"):
            yield Static(self._title(), id="reveal-title")
            with VerticalScroll(id="reveal-body"):
                # One widget for the whole text, not three: each widget is styled, laid out and
                # rendered on its own, in the frame the player waits for after deciding.
                yield Static(reveal_text(self.turn), id="reveal-text")
            yield Static(self._hint(), id="reveal-hint")

    def _title(self) -> Content:
        c = self.turn.consequence
        return Content.assemble((f"Decision {c.number}: ", "bold"), (c.scene_title, "bold"))

    def _hint(self) -> Content:
        hint = "Enter: the debrief" if self.turn.over else "Enter: continue"
        return Content.assemble((hint, "bold"), " · ↑↓ PgUp PgDn: scroll · d: dossier")

    def show(self, turn: Turn) -> None:
        """Show ``turn`` in this (already composed) screen: the game keeps one reveal screen and
        refills it, so a decision costs three text updates, not a new screen (the decision key)."""
        self.turn = turn
        self.query_one("#reveal-title", Static).update(self._title())
        self.query_one("#reveal-text", Static).update(reveal_text(turn))
        self.query_one("#reveal-hint", Static).update(self._hint())
        self.query_one("#reveal-body", VerticalScroll).scroll_home(animate=False)

    def on_mount(self) -> None:
        self.query_one("#reveal-body").focus()

    def on_screen_resume(self) -> None:
        self.query_one("#reveal-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
