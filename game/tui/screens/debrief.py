"""The debrief: how it ended, how the run compares with history, and what historians say.

Why it says "historical" or "counterfactual" in words at the very top: students must never
leave thinking an invented ending happened.  The reading section is built only from the
scenario's own ``historiography`` entries (see :mod:`game.tui.reading`).  The run record is
written by the app in a worker when the game ends; this screen shows where it went.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Markdown, Static

from game.engine import run_divergence
from game.tui.reading import LEAN_NAMES, read_run
from game.tui.session import Session
from game.tui.text import (
    cite, describe_date, heading, join_lines, reflow, seesaw_words, signed, sparkline,
)
from game.tui.widgets.rows import Bullet


def ending_banner(session: Session) -> Content:
    ending = session.game.ending
    assert ending is not None
    if ending.is_historical:
        kind = Content.assemble(("HISTORICAL ENDING", "bold reverse"), " This is what actually happened.")
    else:
        kind = Content.assemble(("COUNTERFACTUAL ENDING", "bold reverse"),
                                " This did not happen: it is where your decisions led.")
    return Content.assemble(("The end: ", "bold"), (ending.title, "bold"), "\n", kind)


def run_summary(session: Session) -> Content:
    game = session.game
    scenario = session.scenario
    c = game.comparison()
    seesaw = game.seesaw()
    lines: list[Content | str] = [heading("Your run against history")]
    lines.append(f"  Decisions that matched the Politburo's: {c.matched} of {c.decided}")
    lines.append(f"  Divergence over the run: {run_divergence(scenario, game.decisions)}/100 "
                 f"(0 = as history went); at the end: {c.divergence}/100")
    if seesaw is not None:
        lines.append(f"  Seesaw: {signed(seesaw)}, {seesaw_words(seesaw, scenario)}")
    track = game.track
    if track.ending:
        hist_end = scenario.ending(track.ending)
        lines.append(Content.assemble("  History ended: ", hist_end.title))
    lines += ["", heading("Each meter, turn by turn (you / history)")]
    for m in scenario.meters:
        you = [m.clamp(m.start)] + [d.meters[m.id] for d in game.decisions]
        turns = max(len(you), len(track.steps) + 1)
        past = [track.meters_at(t)[m.id] for t in range(turns)]
        lines.append(Content.assemble(("  " + m.label, "bold")))
        lines.append(f"    you      {sparkline(you, m):<{turns}}  " + " ".join(f"{v:>3}" for v in you))
        lines.append(f"    history  {sparkline(past, m):<{turns}}  " + " ".join(f"{v:>3}" for v in past))
    return join_lines(lines)


def decisions_revealed(session: Session) -> Content:
    """With ``reveal: end``: what actually happened, decision by decision."""
    scenario = session.scenario
    lines: list[Content | str] = [heading("What actually happened, decision by decision")]
    for d in session.game.decisions:
        scene = scenario.scene(d.scene)
        hist = scene.historical_choice
        lines.append(Content.assemble((f"{d.turn}. {scene.title}", "bold")))
        if hist is None or hist.historical is None:
            lines.append("   A counterfactual moment: no Politburo decision matches it.")
            continue
        same = "same as" if d.historical else "different from"
        lines.append(Content.assemble(f"   Your choice was {same} the Politburo's: ", hist.label))
        lines.append(Content.assemble("   ", describe_date(hist.historical.date), ": ",
                                      reflow(hist.historical.record)))
        for sid in hist.historical.sources:
            lines.append(Content.assemble("   • ", cite(scenario.source(sid))))
    return join_lines(lines)


def historians(session: Session) -> list[Widget]:
    """The reading: the player's seesaw against the scenario's historiography entries."""
    scenario = session.scenario
    met = session.met().historiography or scenario.historiography
    if not met:
        return [Static("This scenario names no historians' readings.")]
    reading = read_run(scenario, session.game.seesaw(), met)
    out: list[Widget] = [Static(heading("Your choices and the historians")),
                         Static(Content(reflow(reading.summary)))]
    stance = ""
    for p in reading.placed:
        if p.stance != stance:
            stance = p.stance
            out.append(Static(Content.assemble((f"── {stance.capitalize()} ──", "bold")), classes="step"))
        r = p.reading
        out.append(Bullet(join_lines([
            Content.assemble((r.author, "bold"), ", ", (r.work, "italic"), f" — {LEAN_NAMES[r.lean]}"),
            Content.assemble(("On: ", "italic"), p.question),
            reflow(r.reading)])))
    return out


class DebriefScreen(Screen):
    """The end of a game."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("c", "next_chapter", "Next", tooltip="Campaign: the next chapter, with what carries over"),
        Binding("s", "campaign_summary", "Summary", tooltip="Campaign: every chapter, and how it ended"),
        Binding("t", "app.timeline", "Timeline", tooltip="Your decisions beside the Politburo's"),
        Binding("d", "app.dossier", "Dossier", tooltip="Documents, sources and historians met"),
        Binding("n", "app.title", "Title", tooltip="Back to the title screen: play again"),
        Binding("q", "app.quit", "Quit", tooltip="Leave the game"),
        Binding("pagedown", "scroll(1)", "Scroll", key_display="PgDn", priority=True),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
    ]

    @dataclass
    class Recorded(Message):
        """The app finished writing the run record (``path``), or failed (``error``)."""

        path: Path | None
        error: str = ""

    def __init__(self, session: Session, *, served: bool = False, in_campaign: bool = False,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        #: Served to a browser: the record's place is not shown (it is the teacher's machine).
        self.served = served
        #: A chapter of the campaign being played: offer the next chapter (or the summary).
        self.in_campaign = in_campaign and session.chapter is not None

    def compose(self) -> ComposeResult:
        ending = self.session.game.ending
        assert ending is not None
        with VerticalScroll(id="debrief"):
            yield Static(ending_banner(self.session), id="banner")
            if self.in_campaign:  # first, so the way on is never below the fold
                yield Static(self._campaign_line(), id="campaign-next")
            yield Markdown(ending.text, open_links=False, id="ending-text")
            if ending.sources:
                yield Static(join_lines([heading("Sources")] + [
                    Content.assemble("• ", cite(self.session.scenario.source(s))) for s in ending.sources]),
                    classes="part")
            yield Static(run_summary(self.session), classes="part", id="summary")
            if not self.session.reveal_each:
                yield Static(decisions_revealed(self.session), classes="part")
            with Vertical(classes="part", id="historians"):
                yield from historians(self.session)
            yield Static(self._record_line(), classes="part", id="record")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def _campaign_line(self) -> Content:
        chapter = self.session.chapter
        assert chapter is not None
        done = Content.assemble((f"Chapter {chapter.number} of {chapter.of} of the campaign is over.", "bold"))
        if chapter.is_last:
            return join_lines([done, Content.assemble(("s", "bold"), ": the campaign summary, every "
                                                      "chapter and how it ended.")])
        return join_lines([done, Content.assemble(
            ("c", "bold"), f": chapter {chapter.number + 1}. Each meter starts as far from history as "
            "yours ended here; the next card shows what carries over.")])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        chapter = self.session.chapter
        if action == "next_chapter":
            return self.in_campaign and chapter is not None and not chapter.is_last
        if action == "campaign_summary":
            return self.in_campaign and chapter is not None and chapter.is_last
        return True

    def action_next_chapter(self) -> None:
        self.app.next_chapter()  # type: ignore[attr-defined]

    def action_campaign_summary(self) -> None:
        self.app.next_chapter()  # type: ignore[attr-defined]

    def _record_line(self) -> Content:
        s = self.session
        replay = f"Seed {s.info.seed}: replay with politburo play {s.scenario.id} --seed {s.info.seed}."
        if s.class_code:
            replay = f"Class {s.class_code}: your teacher's report will include this run."
        elif s.chapter is not None:
            replay = f"Campaign chapter {s.chapter.number} of {s.chapter.of}, seed {s.info.seed}."
        if self.served and s.record_path is not None and not s.record_error:
            return join_lines([Content.assemble(("Run record saved", "bold"), " in your teacher's runs folder."),
                               replay])
        if s.record_error:
            return join_lines([Content.assemble(("The run record could not be saved: ", "bold"),
                                                s.record_error), replay])
        if s.record_path is None:
            return join_lines([Content.assemble(("Saving the run record…", "bold")), replay])
        return join_lines([Content.assemble(("Run record saved to ", "bold"), str(s.record_path)), replay])

    def on_debrief_screen_recorded(self, _message: "DebriefScreen.Recorded") -> None:
        self.query_one("#record", Static).update(self._record_line())

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#debrief", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()
