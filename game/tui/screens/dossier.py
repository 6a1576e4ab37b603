"""The dossier (``d``) and the timeline (``t``): what the player has met, and the path so far.

Why derived, not stored: both are the session's views (:meth:`Session.dossier`,
:meth:`Session.timeline`), computed from the decisions and the scenario, so a resumed game shows
exactly what it showed before and nothing extra goes in the save.  The reveal policy is applied
by the session: the dossier holds only what the player has actually met, and the timeline's
rows carry the Politburo's side only once it has been revealed (``reveal: end`` keeps it for
the debrief), so these screens have nothing to hide themselves.  The glossary, when the
scenario has one, comes last and whole from the start: it explains words, not decisions.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from game.engine.record import record
from game.play.review import Dossier, Timeline, TimelineRow
from game.play.views import FiguresView
from game.text import reflow
from game.tui.screens.reader import document_full
from game.tui.text import HIDDEN, cite, heading, join_lines
from game.tui.widgets.rows import Row


@record(slots=False)
class Entry:
    section: str
    haystack: str
    content: Content


def dossier_entries(dossier: Dossier) -> list[Entry]:
    entries = []
    for doc in dossier.documents:
        content = document_full(doc)
        entries.append(Entry("Documents", content.plain.lower(), content))
    for source in dossier.sources:
        content = Content.assemble((source.kind.capitalize() + " source", "italic"), "\n", cite(source))
        entries.append(Entry("Sources", content.plain.lower(), content))
    for entry in dossier.historiography:
        parts: list[Content | str] = [Content.assemble(("Question: ", "bold"), entry.question)]
        for r in entry.readings:
            parts += ["", Content.assemble((r.author, "bold"), ", ", (r.work, "italic")),
                      f"  lean: {r.lean_label}", reflow(r.reading)]
        content = join_lines(parts)
        entries.append(Entry("Historians", content.plain.lower(), content))
    for term in dossier.glossary:  # last: the terms are there from the start, the rest grows
        content = Content.assemble((term.term, "bold"), "\n", reflow(term.definition))
        if term.source is not None:
            content = Content.assemble(content, "\n", ("Read further: ", "italic"), cite(term.source))
        entries.append(Entry("Glossary", content.plain.lower(), content))
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

    def __init__(self, dossier: Dossier) -> None:
        super().__init__()
        self.entries = dossier_entries(dossier)

    def compose(self) -> ComposeResult:
        with Vertical(classes="reader-box"):
            yield Static(Content.assemble(("Dossier", "bold"), ": documents, sources and historians "
                                          "met so far; the glossary"), classes="reader-title")
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


def politburo_cell(row: TimelineRow) -> Content:
    if not row.revealed:
        return Content(f"{HIDDEN} (setting: reveal at the end)")
    if row.verdict == "off the path":
        where = f" At this step the Politburo was deciding '{row.politburo_scene}'." if row.politburo_scene else ""
        return Content.assemble("no such moment: you are off the historical path ",
                                ("[different]", "bold"), where)
    return Content.assemble(row.politburo_choice, (f"  [{row.verdict}]", "bold"))


def now_line(now: FiguresView) -> Content:
    if now.divergence is None or now.decided is None:
        return Content.assemble(("Now: ", "bold"), f"divergence and matches are {HIDDEN}.")
    return Content.assemble(("Now: ", "bold"), f"divergence {now.divergence}/100; {now.matched} of "
                            f"{now.decided} decisions matched the Politburo's.")


def timeline_rows(timeline: Timeline) -> list[Widget]:
    """Step by step: the player's decision, the Politburo's, and the divergence after it."""
    rows: list[Widget] = []
    if not timeline.rows:
        rows.append(Static("No decisions yet."))
    for row in timeline.rows:
        rows.append(Static(Content.assemble((f"{row.number}. ", "bold"), (row.when, "bold"), " · ", row.title),
                           classes="step"))
        rows.append(Row("You:", row.your_choice))
        rows.append(Row("Politburo:", politburo_cell(row)))
        divergence = HIDDEN if row.divergence is None else f"{row.divergence}/100"
        rows.append(Row("Divergence:", f"{divergence} · {row.meters}"))
    rows.append(Static(now_line(timeline.now), classes="step"))
    return rows


class TimelineScreen(ModalScreen[None]):
    """The player's path beside the Politburo's, with divergence at every step."""

    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Back to where you were"),
        Binding("enter", "close", "Close", show=False),
        Binding("t", "close", "Close", show=False),
    ]

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self.timeline = timeline

    def compose(self) -> ComposeResult:
        with Vertical(classes="reader-box"):
            yield Static(Content.assemble(("Timeline", "bold"), ": your decisions beside the Politburo's"),
                         classes="reader-title")
            with VerticalScroll(classes="reader-body"):
                yield from timeline_rows(self.timeline)
            yield Static(Content.assemble(("Esc: close", "bold"), " · ↑↓ PgUp PgDn: scroll"),
                         classes="reader-hint")

    def on_mount(self) -> None:
        self.query_one(".reader-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
