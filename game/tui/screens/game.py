"""The game screen: the scene, its documents and counsel, the meters, and the decision.

Reading first: a scene opens with its briefing, and the options come when the player has
scrolled to the end of it (documents and counsel included), or at once on Enter or a number key,
so reading is the natural way through but nobody is ever kept from the decision.  A number key
pressed before the options are on screen brings them up with that option highlighted; it takes
effect on the second press, so nobody decides on an option they have not seen.  On a small
terminal (fewer than 32 rows) the documents fold to a list, and on a narrow one too (fewer than
100 columns) the meters fold to one line, which leaves 80x24 at least 14 rows for the text
(``m`` opens the meters in full, ``o`` the documents).

The screen owns nothing but the widgets: the app hands down the
:class:`~game.play.session.Session`, the screen draws its views and passes the player's
decision up to the app (which takes it and saves in a worker).  After a decision the screen
shows the next scene at once, underneath the reveal, so closing the reveal lands on it; if the
game ended, the reveal's callback asks the app for the debrief.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.widgets import Markdown, Static

from game.tui.base import PolitburoScreen
from game.tui.screens.reveal import RevealScreen
from game.tui.text import shown
from game.tui.widgets.meters import MetersPanel
from game.tui.widgets.scene import ChoiceList, DocumentCard, counsel_content
from game.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from game.play.session import Session
    from game.play.views import Turn

#: The name the reveal screen is installed under (kept between decisions: see ``_decide``).
REVEAL = "reveal"


def _choose_bindings() -> list[Binding]:
    """1-9: one binding each; the footer and the help show them as one "1-9" (2 to 9 have no
    description of their own, so the help does not list them one by one).  While the briefing
    is read the footer shows "Enter Decide" instead, and 1 keeps working through a second,
    unlisted binding (the footer has room for one of the two at 80 columns)."""
    out = [Binding("1", "choose(1)", "Choose", key_display="1-9",
                   tooltip="Take decision 1 to 9 (before the options are shown: show them, that one "
                   "highlighted)"),
           Binding("1", "choose_early(1)", "", show=False)]
    out += [Binding(str(n), f"choose({n})", "", show=False) for n in range(2, 10)]
    return out


class GameScreen(PolitburoScreen):
    """One scene at a time, and the player's decision."""

    #: The reveal's styles too: read at the first decision, they re-parsed every style and
    #: restyled every widget in the frame the player waits for (see ``_decide``).
    CSS_PATH = ["../styles/game.tcss", "../styles/reveal.tcss"]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        *_choose_bindings(),
        Binding("enter", "show_decision", "Decide", tooltip="Show the options now (they also come at "
                "the end of the briefing)"),
        Binding("pagedown", "scroll_scene(1)", "Scroll text", key_display="PgDn", priority=True, show=False,
                tooltip="Scroll the briefing down"),
        Binding("pageup", "scroll_scene(-1)", "Scroll text up", show=False, priority=True),
        Binding("o", "open_documents", "Docs", tooltip="Read this scene's documents in full"),
        Binding("m", "meters", "Meters", tooltip="What each meter stands for, and its track"),
        Binding("d", "app.dossier", "Dossier", tooltip="Documents, sources and historians met so far"),
        Binding("t", "app.timeline", "Timeline", tooltip="Your decisions beside the Politburo's"),
        Binding("u", "undo", "Undo", tooltip="Take back the last decision"),
        Binding("escape", "app.title", "Title", show=False, tooltip="Back to the title (the game is saved)"),
        Binding("q", "app.quit", "Quit", tooltip="Quit (the game is saved after every decision)"),
    ]

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        #: The options are not on screen yet: the briefing is being read.
        self.reading = True
        #: The scene on show (number and id), so a refill of the same scene keeps the options up.
        self._shown: tuple[int, str] | None = None
        #: True while a scene's widgets are being filled: its length is not known yet.
        self._loading = True

    def compose(self) -> ComposeResult:
        self.update_classes(self._size_classes(self.app.size), update=False)
        yield Static(id="scene-bar")
        with Horizontal(id="main"):
            with VerticalScroll(id="scene"):
                yield Markdown(id="scene-text", open_links=False)
                yield Static(Content.assemble(("Documents", "bold underline")), classes="section",
                             id="documents-head")
                yield Vertical(id="documents")
                yield Static(Content.assemble(("Counsel", "bold underline")), classes="section",
                             id="counsel-head")
                yield Vertical(id="counsel")
            yield MetersPanel(tuple(m.id for m in self.session.meters()), id="meters")
        with Vertical(id="decision"):
            yield Static(id="decision-head")
            yield ChoiceList(id="choices")
        yield Static(id="read-hint")
        yield KeyFooter(compact=True)

    def _size_classes(self, size: Size) -> dict[str, bool]:
        """The breakpoint classes (``-narrow``/``-wide``, ``-short``/``-tall``) for ``size``, as
        Textual picks them (``_get_breakpoint_classes``, Textual 8.2.8, pinned).  Set as the
        screen composes, for the terminal as it is: Textual sets them at the screen's first
        resize, after every widget had been styled without them, and so styled the whole game
        screen a third time as a game began (about 70 of its 310 restyles)."""
        classes = {name: False for _, name in self.HORIZONTAL_BREAKPOINTS + self.VERTICAL_BREAKPOINTS}
        for dimension, points in ((size.width, self.HORIZONTAL_BREAKPOINTS), (size.height, self.VERTICAL_BREAKPOINTS)):
            classes.update(dict.fromkeys(self._get_breakpoint_classes(dimension, points), True))
        return classes

    async def on_mount(self) -> None:
        self._set_reading(True)
        scroll = self.query_one("#scene", VerticalScroll)
        self.watch(scroll, "scroll_y", self._scrolled, init=False)
        self.watch(scroll, "virtual_size", self._scrolled, init=False)
        await self.show_scene()
        self.call_after_refresh(self.politburo.freeze_loaded)  # the scenario and session loaded too

    async def show_scene(self) -> None:
        """Fill every widget from the session's current scene (also after undo)."""
        try:
            await self._show_scene()
        except NoMatches:
            # Torn down meanwhile: the screen removed, or the app shutting down (it stops running,
            # then removes every screen's widgets, in no particular order).
            if not self.is_attached or not self.app.is_running or not self.query(MetersPanel):
                return
            raise

    async def _show_scene(self) -> None:
        session = self.session
        self.query_one(MetersPanel).show(session.meters(), session.figures())
        self.refresh_bindings()
        scene = session.scene()
        if scene is None:
            return
        same = self._shown == (scene.number, scene.id)
        self._shown = (scene.number, scene.id)
        self._loading = True
        if not same:
            self._set_reading(True)
        self.query_one("#scene-bar", Static).update(Content.assemble(
            (f"Decision {scene.number}", "bold"), " · ", (shown(scene.title), "bold"), " · ", shown(scene.when),
            " · ", shown(scene.place)))
        await self.query_one("#scene-text", Markdown).update(shown(scene.text))
        documents = self.query_one("#documents", Vertical)
        await documents.remove_children()
        await documents.mount_all(DocumentCard(d) for d in scene.documents)
        self.query_one("#documents-head").display = bool(scene.documents)
        counsel = self.query_one("#counsel", Vertical)
        await counsel.remove_children()
        await counsel.mount_all(Static(counsel_content(c), classes="counsel") for c in scene.counsel)
        self.query_one("#counsel-head").display = bool(scene.counsel)
        self.query_one("#decision-head", Static).update(Content.assemble(
            ("Your decision", "bold"), f"  (1–{len(scene.options)}, ↑↓ and Enter)"))
        choices = self.query_one(ChoiceList)
        choices.show(scene.options)
        if not same:
            self.query_one("#scene", VerticalScroll).scroll_home(animate=False)
        self._loading = False
        if self.reading:
            self.query_one("#scene", VerticalScroll).focus()
            self._show_progress()
            # Once the new briefing is laid out: it may fit on screen, and so be read already.
            self.call_after_refresh(self._check_read)
        else:
            choices.focus()

    # -- reading first -----------------------------------------------------------------------

    def _set_reading(self, reading: bool) -> None:
        self.reading = reading
        # On the two widgets that change, not the screen: a class on the screen restyles every
        # widget in it (each block of the briefing), which made the options slow to come.
        self.query_one("#decision").set_class(reading, "-reading")
        self.query_one("#read-hint").set_class(reading, "-reading")
        self.refresh_bindings()

    def _scrolled(self) -> None:
        if self.reading and not self._loading:
            self._show_progress()
            self._check_read()

    def on_resize(self) -> None:
        if self.reading:
            self.call_after_refresh(self._check_read)

    def _at_end(self) -> bool:
        scroll = self.query_one("#scene", VerticalScroll)
        return scroll.max_scroll_y <= 0 or scroll.scroll_y >= scroll.max_scroll_y

    def _check_read(self) -> None:
        """The options come once the end of the briefing has been on screen."""
        if self.reading and not self._loading and self.is_attached and self._at_end():
            self._reveal_options()

    def _show_progress(self) -> None:
        scroll = self.query_one("#scene", VerticalScroll)
        share = 100 if scroll.max_scroll_y <= 0 else round(100 * scroll.scroll_y / scroll.max_scroll_y)
        self.query_one("#read-hint", Static).update(Content.assemble(
            ("Reading ", "bold"), f"{share}%", " · the options come at the end · ",
            ("↓ PgDn", "bold"), " read on · ", ("Enter", "bold"), " decide now"))

    def _reveal_options(self, highlight: int | None = None) -> None:
        self._set_reading(False)
        choices = self.query_one(ChoiceList)
        if highlight is not None:
            choices.highlighted = highlight - 1
        choices.focus()

    def action_choose_early(self, number: int) -> None:
        self.action_choose(number)

    def action_show_decision(self) -> None:
        """Enter while reading: the options now."""
        if self.reading:
            self._reveal_options()

    # -- deciding ----------------------------------------------------------------------------

    def action_choose(self, number: int) -> None:
        scene = self.session.scene()
        if scene is None:
            return
        if not 1 <= number <= len(scene.options):
            self.notify(f"There is no decision {number}; choose 1 to {len(scene.options)}.", severity="warning")
            return
        if self.reading:  # not seen yet: show the options, this one highlighted; a second press takes it
            self._reveal_options(highlight=number)
            return
        option = scene.options[number - 1]
        if not option.available:
            self.notify(f"Unavailable: {option.reason}", severity="warning", markup=False)
            return
        self.decide(option.id)

    @on(ChoiceList.OptionSelected, "#choices")
    def _selected(self, event: ChoiceList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.decide(event.option.id)

    def decide(self, choice_id: str) -> None:
        """Take the decision (at a class's debate point, after asking for a reason)."""
        from game.tui.screens.classroom import ReasonScreen

        session = self.session
        scene = session.scene()
        if scene is None:
            return
        if scene.asks_reason:
            label = next(o.label for o in scene.options if o.id == choice_id)

            def reasoned(reason: str | None) -> None:
                # Still the same decision to take (nothing was undone or reloaded meanwhile)?
                if reason is not None and self.session is session and session.turn == scene.number - 1:
                    self._decide(choice_id, reason)

            self.app.push_screen(ReasonScreen(scene.number, scene.title, label), callback=reasoned)
            return
        self._decide(choice_id)

    def _decide(self, choice_id: str, reason: str = "") -> None:
        turn = self.politburo.decide(self.session, choice_id, reason)
        app = self.politburo
        reveal = app.reveal_screen
        if reveal is not None and reveal.is_mounted:
            reveal.show(turn)  # composed at the first decision: refilled, not built again
        else:
            if app.is_screen_installed(REVEAL):
                app.uninstall_screen(REVEAL)
            reveal = app.reveal_screen = RevealScreen(turn)
            app.install_screen(reveal, name=REVEAL)  # installed: kept when dismissed
        app.push_screen(reveal, callback=lambda _: self._after_reveal(turn))
        if not turn.over:
            # Refill this screen underneath while the player reads the reveal, once the reveal
            # has been drawn (so it appears without waiting for the next briefing).
            self.app.call_after_refresh(self._refill)

    def _refill(self) -> None:
        if self.is_attached:
            self.run_worker(self.show_scene(), exclusive=True, group="scene")

    def _after_reveal(self, turn: Turn) -> None:
        if turn.over:
            self.politburo.show_debrief(self.session)

    # -- other actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("show_decision", "choose_early"):
            return self.reading
        if action == "choose" and parameters == (1,) and self.reading:
            return False  # the footer shows "Enter Decide" now; choose_early takes the key
        if action == "undo":
            # Shown greyed when it cannot be used now; hidden when the scenario or class locks it.
            if not self.session.policy.undo:
                return False
            return True if self.session.can_undo else None
        return True

    async def action_undo(self) -> None:
        if self.politburo.undo(self.session):
            await self.show_scene()
            self.notify(f"Took back the last decision. Decision {self.session.turn + 1} again.")

    def action_scroll_scene(self, direction: int) -> None:
        scroll = self.query_one("#scene", VerticalScroll)
        if direction > 0:
            scroll.scroll_page_down()
        else:
            scroll.scroll_page_up()

    def action_open_documents(self) -> None:
        from game.tui.screens.reader import DocumentScreen

        scene = self.session.scene()
        if scene is None or not scene.documents:
            self.notify("This scene has no documents.")
            return
        self.app.push_screen(DocumentScreen(scene.documents))

    @on(DocumentCard.Opened)
    def _open_document(self, event: DocumentCard.Opened) -> None:
        from game.tui.screens.reader import DocumentScreen

        event.stop()
        self.app.push_screen(DocumentScreen((event.document,)))

    def action_meters(self) -> None:
        from game.tui.screens.reader import MetersScreen

        self.app.push_screen(MetersScreen(self.session.meters()))

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        """Links in a briefing are shown, never opened: a classroom machine stays put."""
        event.stop()
        self.notify(f"Link: {event.href}", timeout=8, markup=False)
