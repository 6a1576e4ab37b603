"""Help (``?``) and the "terminal too small" screen.

Why help is generated from the ``BINDINGS`` of every screen: a hand-written key list goes
stale the first time someone adds a key; this one cannot.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from game.tui.text import heading, join_lines

MIN_WIDTH, MIN_HEIGHT = 70, 20

SCREENS_TEXT = (
    "Title: start a new game, continue the last autosave, play the campaign, open a class report, "
    "or read this help.",
    "Campaign: the chapters in order. Before each chapter a card shows what carried over: each "
    "meter starts as far from history as you ended the last chapter (at most a fifth of its range), "
    "and what you decided that the chapter takes up is said in words. After each debrief, c goes "
    "on to the next chapter; after the last, s shows the campaign summary.",
    "Class: the game asks your name first; at debate points it asks for a sentence or two on why, "
    "before you see the consequences. Your teacher's settings (reveal, undo) are fixed.",
    "Class report: type a folder of run records; it shows how the class decided, decision by "
    "decision, against the Politburo, who ended where, and files that were skipped and why.",
    "Watching a file (play FILE --watch): saving the file reloads it and replays your decisions; "
    "while it has errors they are shown instead of the scene.",
    "Scenario picker: each scenario's period, your role, a summary, its length (reckoned from the "
    "words you read on the historical path, as a range) and content notes; "
    "type your name (it goes in the run record) and choose when to see what actually happened.",
    "Game: the scene (date, place, briefing), documents as cards, advisers' counsel, your "
    "decision, and the meters: each bar with its number, last change and history's value, a ┃ "
    "where a threshold ends the game (said in words under the bar), the seesaw between national "
    "interest and bloc rivalry, and each meter's track beside history's. With what actually "
    "happened kept for the end, history's values are hidden until the debrief.",
    "Reading first: the options come when you reach the end of the briefing (↓, PgDn), or at "
    "once on Enter; a number key pressed before then shows them with that one highlighted, and "
    "a second press takes it. On a small terminal the documents are a list (o reads them) and "
    "the meters one line (m shows them in full).",
    "After each decision: its consequence, then what actually happened, with sources and the gap "
    "between your meters and history's.",
    "Dossier: every document, source and historian's reading met so far, searchable.",
    "Timeline: your decisions beside the Politburo's, with the divergence after each.",
    "Debrief: the ending (said plainly: historical or counterfactual), the run against history, "
    "and your choices read against the historians. It shows where the run record was saved.",
    "Saving: the game saves itself after every decision; Continue on the title screen resumes it, "
    "and quitting prints the command that carries it on. If the data folder cannot be written, the "
    "game says so before the first decision; if a save fails later, it says so, keeps the game and "
    "tries again.",
)


def key_name(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    names = {"pagedown": "PgDn", "pageup": "PgUp", "escape": "Esc", "enter": "Enter",
             "space": "Space", "question_mark": "?", "ctrl+p": "Ctrl+P", "ctrl+q": "Ctrl+Q",
             "tab": "Tab", "f5": "F5", "up,down": "↑ ↓"}
    return names.get(binding.key, binding.key)


def key_table(sections: list[tuple[str, list[Binding]]]) -> Content:
    lines: list[Content | str] = []
    for title, bindings in sections:
        lines += ["", heading(title)]
        seen = set()
        for b in bindings:
            desc = b.description
            if b.tooltip and b.tooltip != desc:
                desc = f"{desc}: {b.tooltip[0].lower()}{b.tooltip[1:]}" if desc else b.tooltip
            row = (key_name(b), desc)
            if row in seen or not desc:
                continue
            seen.add(row)
            lines.append(Content.assemble(("  " + f"{key_name(b):<8}", "bold"), desc))
    return join_lines(lines)


def all_key_sections(app_bindings: list[Binding]) -> list[tuple[str, list[Binding]]]:
    """Every screen's keys, by screen, in the order a player meets them."""
    from game.tui.screens.debrief import DebriefScreen
    from game.tui.screens.dossier import DossierScreen, TimelineScreen
    from game.tui.screens.game import GameScreen
    from game.tui.screens.picker import PickerScreen
    from game.tui.screens.problem import StartProblemScreen
    from game.tui.screens.reader import DocumentScreen
    from game.tui.screens.campaign import CampaignScreen, CampaignSummaryScreen, ChapterCardScreen
    from game.tui.screens.classroom import NameScreen, ReasonScreen
    from game.tui.screens.report import ClassReportScreen
    from game.tui.screens.reveal import RevealScreen
    from game.tui.screens.title import TitleScreen
    from game.tui.screens.watch import WatchErrorsScreen

    def own(cls: type[DOMNode]) -> list[Binding]:
        return [b for b in cls.BINDINGS if isinstance(b, Binding)]

    game_keys = own(GameScreen) + [Binding("up,down", "", "Scroll the briefing; once the options are up, "
                                                          "move between them"),
                                   Binding("tab", "", "Move to the documents (Enter opens one)")]
    return [
        ("Everywhere", app_bindings),
        ("Title", own(TitleScreen) + [Binding("up,down", "", "Move; Enter chooses")]),
        ("Scenario picker", own(PickerScreen) + [Binding("tab", "", "Move to your name")]),
        ("Game", game_keys),
        ("After a decision", own(RevealScreen)),
        ("Documents and meters", own(DocumentScreen)),
        ("Dossier", own(DossierScreen) + [Binding("letters", "", "Type to search")]),
        ("Timeline", own(TimelineScreen)),
        ("Debrief", own(DebriefScreen)),
        ("Campaign", own(CampaignScreen) + [Binding("tab", "", "Move to your name")]),
        ("Chapter card", own(ChapterCardScreen)),
        ("Campaign summary", own(CampaignSummaryScreen)),
        ("Your name (class)", own(NameScreen)),
        ("Debate point (class)", own(ReasonScreen) + [Binding("enter", "", "Decide, with the reason typed "
                                                              "(Enter on an empty line asks once more)")]),
        ("Class report", own(ClassReportScreen) + [Binding("enter", "", "Read the folder typed"),
                                                   Binding("tab", "", "Move between the folder and the report")]),
        ("Scenario file errors (--watch)", own(WatchErrorsScreen)),
        ("Games cannot be saved", own(StartProblemScreen)),
    ]


class HelpScreen(ModalScreen[None]):
    """Every key, every screen."""

    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Close the help"),
        Binding("question_mark", "close", "Close", key_display="?", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, app_bindings: list[Binding]) -> None:
        super().__init__()
        self.app_bindings = app_bindings

    def compose(self) -> ComposeResult:
        intro = join_lines([heading("Screens")] + [Content("• " + t) for t in SCREENS_TEXT])
        with Vertical(classes="reader-box"):
            yield Static(Content.assemble(("Help", "bold"), ": every key, every screen"),
                         classes="reader-title")
            with VerticalScroll(classes="reader-body"):
                yield Static(key_table(all_key_sections(self.app_bindings)), id="keys")
                yield Static(intro)
            yield Static(Content.assemble(("Esc: close", "bold"), " · ↑↓ PgUp PgDn: scroll"),
                         classes="reader-hint")

    def on_mount(self) -> None:
        self.query_one(".reader-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class TooSmallScreen(Screen[None]):
    """Shown while the terminal is below the minimum; the app removes it on resize."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show_size()

    def on_resize(self, event: events.Resize) -> None:
        self.show_size(event.size)

    def show_size(self, size: Size | None = None) -> None:
        w, h = size or self.app.size
        self.query_one("#too-small", Static).update(Content(
            f"The terminal is too small: {w}×{h}.\n\nPolitburo needs at least {MIN_WIDTH}×{MIN_HEIGHT}. "
            "Make the window bigger (or the font smaller); the game carries on where it was.\n\n"
            "Ctrl+Q quits (your game is saved after every decision)."))
