"""The Politburo app: one factory (:func:`make_app`) for the command line and the tests.

The app is the coordinator the screens report to: it switches the top-level screens (title,
picker, game, debrief), owns the session in play, and does all file I/O in workers —
autosaves after every decision, the run record at the end, exports — serialised by one lock so a
late autosave can never land after the record was written and the save deleted.  Screens never
touch files; they call the app's methods ("messages up"), and the app hands them the session
("attributes down").
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.theme import Theme

from game.paths import Places
from game.tui.screens.help import MIN_HEIGHT, MIN_WIDTH, HelpScreen, TooSmallScreen

if TYPE_CHECKING:  # the engine and the loader load after the title screen is up (start-up time)
    import argparse

    from game.engine import Scenario
    from game.tui.library import Resumable
    from game.tui.session import Session


def now_iso() -> str:
    from game.records import now_iso as clock

    return clock()

HIGH_CONTRAST = Theme(
    name="politburo-high-contrast",
    primary="#FFFF00", secondary="#00FFFF", accent="#00FFFF", warning="#FFFF00",
    error="#FF7070", success="#00FF00", foreground="#FFFFFF", background="#000000",
    surface="#000000", panel="#202020", boost="#303030", dark=True,
)
DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class AppConfig:
    """Everything the app is started with; frozen so no screen changes it behind the others."""

    places: Places
    #: Open straight into this scenario (``politburo play SCENARIO``); None shows the title.
    scenario: Scenario | None = None
    player: str = "player"
    seed: int | None = None
    reveal: str = "each"
    #: With ``scenario``: carry on from its autosave instead of starting again.
    resume: bool = False
    theme: str = DEFAULT_THEME
    #: A joined class (``politburo play --class CODE``): fixes seed and settings for ``scenario``.
    classroom: object = None
    #: The clock for the run record's timestamps (tests pass a fixed one).
    clock: Callable[[], str] = field(default=now_iso)


class PolitburoApp(App[int]):
    """Stalin's Politburo, 1949-1950, measured against the documents."""

    TITLE = "Politburo"
    #: Only what the title screen needs; each other screen loads its own file when first shown.
    CSS_PATH = ["styles/app.tcss", "styles/title.tcss"]
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Every key, every screen"),
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit (the game is saved after every decision)",
                show=False, priority=True),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.places = config.places
        #: The game in play (or just ended), for the dossier, timeline and export commands.
        self.session: Session | None = None
        self._io_lock: asyncio.Lock | None = None

    # -- start-up ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.theme != self.config.theme:
            self.theme = self.config.theme
        # After the first paint: the thread imports the engine, which would slow the drawing.
        self.call_after_refresh(self._io, _prepare_places, self.places,
                                failure="Cannot use the data folder")
        scenario = self.config.scenario
        if scenario is None:
            from game.tui.screens.title import TitleScreen

            self.push_screen(TitleScreen())
        elif self.config.resume:
            self._resume_from_file(scenario)
        else:
            self.start_new(scenario, player=self.config.player, reveal=self.config.reveal)
        self._check_size()

    def known_scenarios(self) -> tuple[Scenario, ...]:
        """Scenarios given on the command line (the picker and Continue include them)."""
        return () if self.config.scenario is None else (self.config.scenario,)

    def _resume_from_file(self, scenario: Scenario) -> None:
        from game.engine import StateError
        from game.saves import read_save, save_path
        from game.tui.session import Session

        try:
            save = read_save(save_path(self.places.saves, scenario.id, self.config.player))
            self._play(Session.resume(save, scenario, self.places))
        except StateError as exc:
            self.notify(f"The saved game cannot be resumed ({exc}); starting a new one.",
                        severity="warning", markup=False)
            self.start_new(scenario, player=self.config.player, reveal=self.config.reveal)

    # -- switching screens (called by the screens) -------------------------------------------

    def _go(self, screen: Screen) -> None:
        """Make ``screen`` the only screen above the default one (drops modals)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_title(self) -> None:
        from game.tui.screens.title import TitleScreen

        self.session = None
        self._go(TitleScreen())

    def show_picker(self) -> None:
        from game.tui.screens.picker import PickerScreen

        self._go(PickerScreen(player=self.config.player, reveal=self.config.reveal))

    def start_new(self, scenario: Scenario, *, player: str, reveal: str) -> None:
        from game.tui.session import Session

        classroom = self.config.classroom if scenario is self.config.scenario else None
        self._play(Session.new(scenario, self.places, player=player, seed=self.config.seed,
                               reveal=reveal, clock=self.config.clock, classroom=classroom))

    def resume(self, resumable: Resumable) -> None:
        from game.engine import StateError
        from game.tui.session import Session

        assert resumable.scenario is not None
        try:
            session = Session.resume(resumable.save, resumable.scenario, self.places)
        except StateError as exc:
            self.notify(f"The saved game cannot be resumed: {exc}", severity="error", markup=False)
            return
        self._play(session)

    def _play(self, session: Session) -> None:
        from game.tui.screens.game import GameScreen

        self.session = session
        if session.game.is_over:  # a save of a finished game: go straight to its debrief
            self.after_decision(session)
            self.show_debrief(session)
            return
        self._go(GameScreen(session))

    def show_debrief(self, session: Session) -> None:
        from game.tui.screens.debrief import DebriefScreen

        self._go(DebriefScreen(session))

    # -- saving (workers) --------------------------------------------------------------------

    def after_decision(self, session: Session) -> None:
        """Autosave after a decision, or write the run record if it ended the game."""
        from game.tui import session as io

        if session.game.is_over:
            self._finish(session)
        else:
            self._io(io.autosave, self.places, session.snapshot(), session.info,
                     failure="Could not autosave")

    def after_undo(self, session: Session) -> None:
        from game.tui import session as io

        self._io(io.autosave, self.places, session.snapshot(), session.info, failure="Could not autosave")

    def _lock(self) -> asyncio.Lock:
        if self._io_lock is None:
            self._io_lock = asyncio.Lock()
        return self._io_lock

    @work(group="io")
    async def _io(self, fn: Callable, *args: object, failure: str, done: str = "") -> object:
        """Run blocking ``fn`` in a thread, one at a time and in order (the lock is FIFO)."""
        try:
            async with self._lock():
                result = await asyncio.to_thread(fn, *args)
        except OSError as exc:
            self.notify(f"{failure}: {exc.strerror or exc}", severity="error", markup=False)
            return None
        if done:
            self.notify(done.format(result=result), markup=False, timeout=10)
        return result

    @work(group="io")
    async def _finish(self, session: Session) -> None:
        from game.tui import session as io
        from game.tui.screens.debrief import DebriefScreen

        record = session.final_record(self.config.clock)
        try:
            async with self._lock():
                path = await asyncio.to_thread(io.finish, self.places, record, session.scenario.id,
                                               session.info.player)
            session.record_path = path
        except OSError as exc:
            session.record_error = f"{exc.strerror or exc} (folder {self.places.runs})"
        for screen in self.screen_stack:
            if isinstance(screen, DebriefScreen):
                screen.post_message(DebriefScreen.Recorded(session.record_path, session.record_error))

    # -- app-wide actions --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, TooSmallScreen) and action not in ("quit", "command_palette"):
            return False
        if action in ("dossier", "timeline", "export_run"):
            return self.session is not None
        return True

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen([b for b in self._bindings_for_help()]))

    def _bindings_for_help(self) -> Iterable[Binding]:
        yield from (b for b in self.BINDINGS if isinstance(b, Binding))
        yield Binding("ctrl+p", "command_palette", "Command palette: switch theme, open dossier, export run")

    def action_dossier(self) -> None:
        from game.tui.screens.dossier import DossierScreen

        if self.session is not None and not isinstance(self.screen, DossierScreen):
            self.push_screen(DossierScreen(self.session))

    def action_timeline(self) -> None:
        from game.tui.screens.dossier import TimelineScreen

        if self.session is not None and not isinstance(self.screen, TimelineScreen):
            self.push_screen(TimelineScreen(self.session))

    def action_export_run(self) -> None:
        session = self.session
        if session is None:
            self.notify("Start or continue a game first.", severity="warning")
            return
        from game.records import build_record
        from game.tui import session as io

        finished = self.config.clock() if session.game.is_over else None
        record = build_record(session.game, session.info, finished_at=finished)
        self._io(io.export, self.places, record, failure="Could not export the run",
                 done="Run exported to {result}")

    def action_switch_theme(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
        self.notify(f"Theme: {self.theme}", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        contrast = "default" if self.theme == HIGH_CONTRAST.name else "high contrast"
        yield SystemCommand(f"Switch theme: {contrast}", "Toggle the high-contrast theme",
                            self.action_switch_theme)
        if self.session is not None:
            yield SystemCommand("Open dossier", "Documents, sources and historians met so far",
                                self.action_dossier)
            yield SystemCommand("Open timeline", "Your decisions beside the Politburo's",
                                self.action_timeline)
            yield SystemCommand("Export run", "Write the run so far as a JSON record in runs/exports",
                                self.action_export_run)
        yield SystemCommand("Help", "Every key, every screen", self.action_help)
        yield from super().get_system_commands(screen)

    # -- minimum size ------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        """Cover the game while the terminal is below the minimum; uncover it when it is not.

        Uses the event's size: ``App.size`` is only updated after the resize handlers run."""
        width, height = size or self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        on_top = isinstance(self.screen, TooSmallScreen)
        if small and not on_top:
            self.push_screen(TooSmallScreen())
        elif not small and on_top:
            self.pop_screen()


def _prepare_places(places: Places) -> None:
    from game.tui.session import prepare_places

    prepare_places(places)


def make_app(scenario: Scenario | None = None, *, places: Places | None = None,
             runs_dir: str | Path | None = None, player: str = "player", seed: int | None = None,
             reveal: str = "each", resume: bool = False, theme: str = DEFAULT_THEME,
             classroom: object = None, clock: Callable[[], str] = now_iso) -> PolitburoApp:
    """The one way to build the app: the command line and every test call this."""
    if places is None:
        places = Places.resolve(runs_dir)
    return PolitburoApp(AppConfig(places=places, scenario=scenario, player=player, seed=seed,
                                  reveal=reveal, resume=resume, theme=theme, classroom=classroom,
                                  clock=clock))


def run_app(scenario: Scenario | None, args: argparse.Namespace | None) -> int:
    """Entry point from ``game.cli``: ``politburo`` (args None) or ``politburo play SCENARIO``."""
    if args is None:
        app = make_app()
    else:
        app = make_app(scenario, runs_dir=getattr(args, "runs_dir", None),
                       player=getattr(args, "player", None) or "player",
                       seed=getattr(args, "seed", None), reveal=getattr(args, "reveal", None) or "each",
                       resume=bool(getattr(args, "resume", False)),
                       classroom=getattr(args, "classroom", None))
    app.run()
    return app.return_code or 0
