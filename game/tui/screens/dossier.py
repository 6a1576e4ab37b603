"""The dossier (``d``) and the timeline (``t``): what the player has met, and the path so far.

Why derived, not stored: both are computed from the session (the decisions and the scenario),
so a resumed game shows exactly what it showed before, and nothing extra goes in the save.
The dossier only holds what the player has actually met; the timeline hides the Politburo's
choices until they have been revealed (``reveal: end`` keeps them for the debrief).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from game.engine.track import divergence_between
from game.tui.screens.reader import document_full
from game.tui.session import Session
from game.tui.text import cite, describe_date, heading, join_lines, reflow
from game.tui.widgets.rows import Row


@dataclass(frozen=True)
class Entry:
    section: str
    haystack: str
    content: Content


def dossier_entries(session: Session) -> list[Entry]:
    scenario = session.scenario
    met = session.met()
    entries = []
    for doc in met.documents:
        content = document_full(doc, scenario)
        entries.append(Entry("Documents", content.plain.lower(), content))
    for source in met.sources:
        content = Content.assemble((source.kind.capitalize() + " source", "italic"), "\n", cite(source))
        entries.append(Entry("Sources", content.plain.lower(), content))
    for entry in met.historiography:
        parts: list = [Content.assemble(("Question: ", "bold"), entry.question)]
        for r in entry.readings:
            parts += ["", Content.assemble((r.author, "bold"), ", ", (r.work, "italic")),
                      f"  lean: {r.lean.replace('_', ' ')}", reflow(r.reading)]
        content = join_lines(parts)
        entries.append(Entry("Historians", content.plain.lower(), content))
    return entries


class DossierScreen(ModalScreen[None]):
    """Everything met so far, searchable: type to filter, Esc to close."""

    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Back to where you were"),
        Binding("pagedown", "scroll(1)", "Scroll", key_display="PgDn", priority=True),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
        Binding("down", "scroll_line(1)", "Scroll down a line", show=False),
        Binding("up", "scroll_line(-1)", "Scroll up a line", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.entries = dossier_entries(session)

    def compose(self) -> ComposeResult:
        with Vertical(classes="reader-box"):
            yield Static(Content.assemble(("Dossier", "bold"), ": documents, sources and historians "
                                          "met so far"), classes="reader-title")
            yield Input(placeholder="Search the dossier (type a word: a name, a date, an archive)",
                        id="search")
            yield Static(id="count")
            with VerticalScroll(classes="reader-body", id="dossier-body", can_focus=False):
                yield Static(id="results")

    def on_mount(self) -> None:
        self.show("")
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, query: str) -> None:
        words = query.lower().split()
        found = [e for e in self.entries if all(w in e.haystack for w in words)]
        total = len(self.entries)
        count = f"{len(found)} of {total} entries" + (f" match '{query.strip()}'" if words else "")
        if not total:
            count = "Nothing yet: the dossier fills as you meet documents and sources."
        self.query_one("#count", Static).update(Content(count))
        parts: list[Content | str] = []
        section = ""
        for entry in found:
            if entry.section != section:
                section = entry.section
                parts += ["", heading(f"── {section} ──")]
            parts += [entry.content, ""]
        self.query_one("#results", Static).update(join_lines(parts))
        self.query_one("#dossier-body", VerticalScroll).scroll_home(animate=False)

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#dossier-body", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()

    def action_scroll_line(self, direction: int) -> None:
        body = self.query_one("#dossier-body", VerticalScroll)
        body.scroll_down() if direction > 0 else body.scroll_up()

    def action_close(self) -> None:
        self.dismiss(None)


def timeline_rows(session: Session) -> list[Widget]:
    """Step by step: the player's decision, the Politburo's, and the divergence after it."""
    scenario = session.scenario
    game = session.game
    track = game.track
    shown = set(session.revealed_scenes())
    rows: list[Widget] = []
    if not game.decisions:
        rows.append(Static("No decisions yet."))
    for d in game.decisions:
        scene = scenario.scene(d.scene)
        choice = scene.choice(d.choice)
        rows.append(Static(Content.assemble(
            (f"{d.turn}. ", "bold"), (describe_date(scene.date, scene.date_label), "bold"), " · ",
            scene.title), classes="step"))
        rows.append(Row("You:", choice.label))
        hist = scene.historical_choice
        if d.scene not in shown:
            politburo = Content("hidden until the end (setting: reveal at the end)")
        elif hist is not None:
            verdict = "same" if hist.id == d.choice else "different"
            politburo = Content.assemble(hist.label, (f"  [{verdict}]", "bold"))
        else:
            step = track.steps[d.turn - 1] if d.turn <= len(track.steps) else None
            where = ("" if step is None else
                     f" At this step the Politburo was deciding '{scenario.scene(step.scene).title}'.")
            politburo = Content.assemble("no such moment: you are off the historical path ",
                                         ("[different]", "bold"), where)
        rows.append(Row("Politburo:", politburo))
        div, _ = divergence_between(scenario, d.meters, track.meters_at(d.turn))
        meters = ", ".join(f"{scenario.meter(k).label} {v}" for k, v in d.meters.items())
        rows.append(Row("Divergence:", f"{div}/100 · {meters}"))
    comparison = game.comparison()
    rows.append(Static(Content.assemble(
        ("Now: ", "bold"), f"divergence {comparison.divergence}/100; {comparison.matched} of "
        f"{comparison.decided} decisions matched the Politburo's."), classes="step"))
    return rows


class TimelineScreen(ModalScreen[None]):
    """The player's path beside the Politburo's, with divergence at every step."""

    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Back to where you were"),
        Binding("enter", "close", "Close", show=False),
        Binding("t", "close", "Close", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="reader-box"):
            yield Static(Content.assemble(("Timeline", "bold"), ": your decisions beside the Politburo's"),
                         classes="reader-title")
            with VerticalScroll(classes="reader-body"):
                yield from timeline_rows(self.session)
            yield Static(Content.assemble(("Esc: close", "bold"), " · ↑↓ PgUp PgDn: scroll"),
                         classes="reader-hint")

    def on_mount(self) -> None:
        self.query_one(".reader-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
