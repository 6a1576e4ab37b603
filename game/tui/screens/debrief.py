"""The debrief: how it ended, how the run compares with history, and what historians say.

Why it says "historical" or "counterfactual" in words at the very top: students must never
leave thinking an invented ending happened.  Everything on it is the session's
:class:`~game.play.review.Debrief`: the one divergence figure the run record and the class report
show too, history's track, what actually happened at each decision, and the reading (built only
from the scenario's own ``historiography`` entries).  The app writes the run record in a worker
when the game ends; this screen shows where it went.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Markdown, Static

from game.text import markdown_to_plain, reflow, signed
from game.tui.base import PolitburoScreen
from game.tui.text import cite, heading, join_lines, shown, sparkline
from game.tui.widgets.rows import Bullet
from game.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from game.play.review import Debrief
    from game.play.session import Session


def ending_banner(d: Debrief) -> Content:
    if d.ending_historical:
        kind = Content.assemble(("HISTORICAL ENDING", "bold reverse"), " This is what actually happened.")
    else:
        kind = Content.assemble(("COUNTERFACTUAL ENDING", "bold reverse"),
                                " This did not happen: it is where your decisions led.")
    return Content.assemble(("The end: ", "bold"), (d.ending_title, "bold"), "\n", kind)


def run_summary(session: Session, d: Debrief) -> Content:
    f = d.figures
    lines: list[Content | str] = [heading("Your run against history")]
    lines.append(f"  Decisions that matched the Politburo's: {f.matched} of {f.decided}")
    # The record's figure, and the class report's: one divergence everywhere.
    lines.append(f"  Divergence from history: {f.divergence}/100 over your decisions")
    lines.append("    (0 = as history went; 100 = the farthest from it any run can go)")
    if f.seesaw is not None:
        lines.append(f"  Seesaw: {signed(f.seesaw)}, {f.seesaw_words}")
    if d.history_ending:
        lines.append(Content.assemble("  History ended: ", d.history_ending))
    lines += ["", heading("Each meter, turn by turn (you / history)")]
    ranges = {m.label: (m.min, m.max) for m in session.meters()}
    for s in d.series:
        low, high = ranges.get(s.label, (0, 100))
        turns = max(len(s.you), len(s.history))
        lines.append(Content.assemble(("  " + s.label, "bold")))
        lines.append(f"    you      {sparkline(s.you, low, high):<{turns}}  " + " ".join(f"{v:>3}" for v in s.you))
        lines.append(f"    history  {sparkline(s.history, low, high):<{turns}}  "
                     + " ".join(f"{v:>3}" for v in s.history))
    return join_lines(lines)


def decisions_revealed(d: Debrief) -> Content:
    """With ``reveal: end``: what actually happened, decision by decision."""
    lines: list[Content | str] = [heading("What actually happened, decision by decision")]
    for r in d.reveals:
        lines.append(Content.assemble((f"{r.number}. ", "bold"), (r.scene_title, "bold")))
        if r.counterfactual:
            lines.append("   A counterfactual moment: no Politburo decision matches it.")
            continue
        same = "same as" if r.matched else "different from"
        lines.append(Content.assemble(f"   Your choice was {same} the Politburo's: ", r.politburo_choice))
        lines.append(Content.assemble("   ", r.when, ": ", reflow(r.record)))
        lines += [Content.assemble("   • ", cite(s)) for s in r.sources]
    return join_lines(lines)


def questions(d: Debrief) -> list[Widget]:
    """Two or three questions to think back on, from the decisions where the player left history
    (the play layer picks them; plain mode asks the same ones)."""
    if not d.questions:
        return []
    out: list[Widget] = [Static(heading("To think about"))]
    for q in d.questions:
        where = "you chose differently from the Politburo" if q.left_history else "you chose as the Politburo did"
        out.append(Bullet(join_lines([Content.assemble((f"Decision {q.number}, ", "italic"), (q.scene_title, "italic"),
                                                       (f" ({where})", "italic")),
                                      markdown_to_plain(q.text)])))
    return out


def historians(d: Debrief) -> list[Widget]:
    """The reading: the player's seesaw against the scenario's historiography entries."""
    reading = d.reading
    if not reading.placed:
        return [Static("This scenario names no historians' readings.")]
    out: list[Widget] = [Static(heading("Your choices and the historians")),
                         Static(Content(reflow(reading.summary)))]
    stance = ""
    for p in reading.placed:
        if p.stance != stance:
            stance = p.stance
            out.append(Static(Content.assemble((f"── {stance.capitalize()} ──", "bold")), classes="step"))
        r = p.reading
        out.append(Bullet(join_lines([
            Content.assemble((r.author, "bold"), ", ", (r.work, "italic"), f" — {p.lean_label}"),
            Content.assemble(("On: ", "italic"), p.question),
            reflow(r.reading)])))
    return out


class DebriefScreen(PolitburoScreen):
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
        """The app has run the finish job: the session now says where the record went."""

    def __init__(self, session: Session, *, served: bool = False, in_campaign: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.debrief = session.debrief()
        #: Served to a browser: the record's place is not shown (it is the teacher's machine).
        self.served = served
        #: A chapter of the campaign being played: offer the next chapter (or the summary).
        self.in_campaign = in_campaign and session.chapter is not None

    def compose(self) -> ComposeResult:
        d = self.debrief
        with VerticalScroll(id="debrief"):
            yield Static(ending_banner(d), id="banner")
            if self.in_campaign:  # first, so the way on is never below the fold
                yield Static(self._campaign_line(), id="campaign-next")
            yield Markdown(shown(d.ending_text), open_links=False, id="ending-text")
            if d.ending_sources:
                yield Static(join_lines([heading("Sources")] + [
                    Content.assemble("• ", cite(s)) for s in d.ending_sources]), classes="part")
            yield Static(run_summary(self.session, d), classes="part", id="summary")
            if not self.session.policy.reveal_each:
                yield Static(decisions_revealed(d), classes="part", id="revealed")
            with Vertical(classes="part", id="historians"):
                yield from historians(d)
            if d.questions:
                with Vertical(classes="part", id="questions"):
                    yield from questions(d)
            yield Static(self._record_line(), classes="part", id="record")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def _is_last_chapter(self) -> bool:
        chapter = self.session.chapter
        return chapter is not None and chapter.chapter >= chapter.of

    def _campaign_line(self) -> Content:
        chapter = self.session.chapter
        assert chapter is not None
        done = Content.assemble((f"Chapter {chapter.chapter} of {chapter.of} of the campaign is over.", "bold"))
        if self._is_last_chapter():
            return join_lines([done, Content.assemble(("s", "bold"), ": the campaign summary, every "
                                                      "chapter and how it ended.")])
        return join_lines([done, Content.assemble(
            ("c", "bold"), f": chapter {chapter.chapter + 1}. Each meter starts as far from history as "
            "yours ended here; the next card shows what carries over.")])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_chapter":
            return self.in_campaign and not self._is_last_chapter()
        if action == "campaign_summary":
            return self.in_campaign and self._is_last_chapter()
        return True

    def action_next_chapter(self) -> None:
        self.politburo.next_chapter()

    def action_campaign_summary(self) -> None:
        self.politburo.next_chapter()

    def _record_line(self) -> Content:
        s = self.session
        seed = s.run.seed
        replay = f"Seed {seed}: replay with politburo play {s.scenario.id} --seed {seed}."
        if s.class_code:
            replay = f"Class {s.class_code}: your teacher's report will include this run."
        elif s.chapter is not None:
            replay = f"Campaign chapter {s.chapter.chapter} of {s.chapter.of}, seed {seed}."
        if s.record_path is not None and self.served:
            return join_lines([Content.assemble(("Run record saved", "bold"), " in your teacher's runs folder."),
                               replay])
        if s.record_path is not None:
            return join_lines([Content.assemble(("Run record saved to ", "bold"), str(s.record_path)), replay])
        if s.record_problem and self.served:
            return join_lines([Content.assemble(("The run record could not be saved", "bold"),
                                                " in your teacher's runs folder: please tell your teacher."),
                               replay])
        if s.record_problem:
            return join_lines([Content.assemble(("The run record could not be saved: ", "bold"),
                                                s.record_problem), replay])
        return join_lines([Content.assemble(("Saving the run record…", "bold")), replay])

    def on_debrief_screen_recorded(self, _message: DebriefScreen.Recorded) -> None:
        self.query_one("#record", Static).update(self._record_line())

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#debrief", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()
