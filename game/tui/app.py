"""The Politburo app: one factory (:func:`make_app`) for the command line and the tests.

The app is the coordinator the screens report to: it switches the top-level screens (title,
picker, game, debrief), owns the session in play, and does all file I/O in workers —
autosaves after every decision, the run record at the end, exports — serialised by one lock so a
late autosave can never land after the record was written and the save deleted.  Screens never
touch files; they call the app's methods ("messages up"), and the app hands them the session
("attributes down").

Besides single scenarios the app runs the campaign (chapters in order, carry-over, chapter cards
and a summary; :mod:`game.tui.campaign`), classes (a name prompt, reasons at debate points, the
class's locks; served mode for browsers, ``POLITBURO_SERVED=1``), the class report screen, and
``--watch`` (the scenario file reloaded when it is saved; :mod:`game.authoring.live`).
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
from game.tui.campaign_flow import CampaignFlow
from game.tui.watch_flow import WatchFlow
from game.tui.screens.help import MIN_HEIGHT, MIN_WIDTH, HelpScreen, TooSmallScreen

if TYPE_CHECKING:  # the engine and the loader load after the title screen is up (start-up time)
    import argparse

    from game.authoring.live import FileWatch
    from game.engine import Scenario
    from game.tui.campaign import CampaignPlan, CampaignRun
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
    #: Served to a browser (``POLITBURO_SERVED=1``): bundled scenarios only, no file paths, the
    #: player's name asked first and only their own saves offered.
    served: bool = False
    #: Ask the player's name before anything else (a class without ``--player``; served mode).
    ask_name: bool = False
    #: The campaign to offer (None: the bundled one); tests pass a plan of fixture chapters.
    campaign: "CampaignPlan | None" = None
    #: Open on the campaign (``politburo campaign``); with ``resume``, carry on the player's.
    open_campaign: bool = False
    #: ``politburo play PATH --watch``: the file to reload when it is saved.
    watch: Path | None = None
    #: Seconds between looks at the watched file.
    watch_interval: float = 0.5


class PolitburoApp(CampaignFlow, WatchFlow, App[int]):
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
        #: Who is playing: ``config.player``, or the name typed at the prompt.
        self.player = config.player
        #: The campaign being played, when the session is one of its chapters.
        self.campaign_run: CampaignRun | None = None
        self._io_lock: asyncio.Lock | None = None
        self._watch: FileWatch | None = None
        self._watch_busy = False
        #: Served mode: the lock that keeps this player's name to this tab while it plays.
        self.name_lock = None

    def on_unmount(self) -> None:
        from game.classroom.namelock import release_name

        release_name(self.name_lock)

    # -- start-up ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.theme != self.config.theme:
            self.theme = self.config.theme
        # After the first paint: the thread imports the engine, which would slow the drawing.
        self.call_after_refresh(self._io, _prepare_places, self.places,
                                failure="Cannot use the data folder")
        if self.config.ask_name:
            from game.tui.screens.classroom import NameScreen

            self.push_screen(NameScreen(self.config.classroom, served=self.config.served))
        else:
            self._open()
        self._check_size()

    def named(self, name: str) -> None:
        """The player typed their name at the prompt (a class, or served mode)."""
        self.player = name
        self._open(named=True)

    def _open(self, named: bool = False) -> None:
        """The first real screen: campaign, title, or straight into the scenario."""
        scenario = self.config.scenario
        if self.config.watch is not None:
            self._start_watch()
        if self.config.open_campaign:
            self.show_campaign(continue_player=self.player if self.config.resume else None)
        elif scenario is None:
            if self.config.watch is None:  # (watching a broken file shows its errors instead)
                self.action_title()
        elif self.config.resume or (named and self.config.classroom is not None):
            # A named class player carries on their own saved game if they have one (a browser
            # tab closed by mistake); a new game otherwise.
            self._resume_from_file(scenario, quiet=not self.config.resume)
        else:
            self.start_new(scenario, player=self.player, reveal=self.config.reveal)

    @property
    def served(self) -> bool:
        return self.config.served

    def known_scenarios(self) -> tuple[Scenario, ...]:
        """Scenarios given on the command line (the picker and Continue include them).

        Served mode offers the bundled scenarios only, never a file."""
        if self.config.scenario is None or self.config.served:
            return ()
        return (self.config.scenario,)

    def own_player(self) -> str | None:
        """Whose saves Continue may offer: served mode shows a player only their own."""
        return self.player if self.config.served else None

    def _resume_from_file(self, scenario: Scenario, quiet: bool = False) -> None:
        from game.engine import StateError
        from game.saves import read_save, save_path
        from game.tui.session import Session

        path = save_path(self.places.saves, scenario.id, self.player)
        classroom = self.config.classroom
        try:
            if quiet and not path.exists():
                raise FileNotFoundError
            save = read_save(path)
            saved_class = save.info.settings.get("class") or None
            wanted = getattr(classroom, "text", None)
            if saved_class != wanted:
                if quiet:
                    raise FileNotFoundError
                raise StateError(f"it is from {'class ' + saved_class if saved_class else 'outside a class'}"
                                 f", not {'class ' + wanted if wanted else 'a game outside a class'}")
            session = Session.resume(save, scenario, self.places, classroom=classroom)
        except FileNotFoundError:
            self.start_new(scenario, player=self.player, reveal=self.config.reveal)
            return
        except StateError as exc:
            self.notify(f"The saved game cannot be resumed ({exc}); starting a new one.",
                        severity="warning", markup=False)
            self.start_new(scenario, player=self.player, reveal=self.config.reveal)
            return
        if quiet:
            self.notify(f"Welcome back, {self.player}: your saved game carries on after "
                        f"{session.game.turn} decision(s).", markup=False, timeout=8)
        self._play(session)

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

        self._go(PickerScreen(player=self.player, reveal=self.config.reveal, name_fixed=self.config.served))

    def start_new(self, scenario: Scenario, *, player: str, reveal: str) -> None:
        from game.tui.session import Session

        classroom = self.config.classroom if scenario is self.config.scenario else None
        if self.config.served:
            player = self.player  # the name given at the prompt, whatever the picker held
        self.campaign_run = None
        self._play(Session.new(scenario, self.places, player=player, seed=self.config.seed,
                               reveal=reveal, clock=self.config.clock, classroom=classroom))

    def resume(self, resumable: Resumable) -> None:
        from game.engine import StateError
        from game.tui.session import Session

        assert resumable.scenario is not None
        if isinstance(resumable.save.data.get("campaign"), dict):
            # A campaign chapter: carry on the campaign, so its ending moves the campaign on.
            self.show_campaign(continue_player=str(resumable.save.data.get("player", self.player)))
            return
        classroom = self.config.classroom
        if getattr(classroom, "text", None) != resumable.save.info.settings.get("class"):
            classroom = None
        try:
            session = Session.resume(resumable.save, resumable.scenario, self.places, classroom=classroom)
        except StateError as exc:
            self.notify(f"The saved game cannot be resumed: {exc}", severity="error", markup=False)
            return
        self.campaign_run = None
        self._play(session)

    def _play(self, session: Session) -> None:
        from game.tui.screens.game import GameScreen

        self.session = session
        if session.notes:  # the save was carried over to an edited scenario: say what changed
            self.notify("\n".join(session.notes), title="The scenario has changed",
                        severity="warning", markup=False, timeout=15)
            session.notes = []
        if session.game.is_over:  # a save of a finished game: go straight to its debrief
            self.after_decision(session)
            self.show_debrief(session)
            return
        self._go(GameScreen(session))

    def show_debrief(self, session: Session) -> None:
        from game.tui.screens.debrief import DebriefScreen

        run = self.campaign_run
        in_campaign = (session.chapter is not None and run is not None
                       and run.campaign.id == session.chapter.campaign_id)
        self._go(DebriefScreen(session, served=self.config.served, in_campaign=in_campaign))

    # -- class report --------------------------------------------------------------------------

    def show_class_report(self) -> None:
        if self.config.served:
            self.notify("The class report is not available in the browser.", severity="warning")
            return
        from game.tui.screens.report import ClassReportScreen

        self.session = None
        self._go(ClassReportScreen(str(self.places.runs), self.known_scenarios()))

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
        run = self.campaign_run if session.chapter is not None else None
        async with self._lock():
            try:
                session.record_path = await asyncio.to_thread(io.finish, self.places, record,
                                                              session.scenario.id, session.info.player)
            except OSError as exc:
                where = "your teacher's runs folder" if self.config.served else f"folder {self.places.runs}"
                session.record_error = f"{exc.strerror or exc} ({where})"
            if run is not None:  # the campaign moves on even if this chapter's record is missing
                try:
                    await asyncio.to_thread(run.advance, session, session.record_path)
                except OSError as exc:
                    self.notify(f"Could not save the campaign's progress: {exc.strerror or exc}",
                                severity="error", markup=False)
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
        from game.tui import session as io

        finished = self.config.clock() if session.game.is_over else None
        record = session.record(finished)
        if self.config.served:
            # No path on the teacher's machine: the browser downloads the record instead.
            import io as textio

            from game.records import record_name
            from game.storage import dumps_json

            text = dumps_json(record)
            self.deliver_text(textio.StringIO(text.decode("utf-8") if isinstance(text, bytes) else text),
                              save_filename=record_name(record), mime_type="application/json")
            self.notify("Run sent to your browser as a download.", markup=False)
            return
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
            where = "download it in the browser" if self.config.served else "write it in runs/exports"
            yield SystemCommand("Export run", f"The run so far as a JSON record: {where}",
                                self.action_export_run)
        yield SystemCommand("Help", "Every key, every screen", self.action_help)
        for command in super().get_system_commands(screen):
            # Served: the screenshot command would write on the teacher's machine.
            if self.config.served and command.title.lower().startswith("screenshot"):
                continue
            yield command

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
             runs_dir: str | Path | None = None, player: str | None = "player", seed: int | None = None,
             reveal: str = "each", resume: bool = False, theme: str = DEFAULT_THEME,
             classroom: object = None, clock: Callable[[], str] = now_iso, served: bool = False,
             campaign: CampaignPlan | None = None, open_campaign: bool = False,
             watch: str | Path | None = None, watch_interval: float = 0.5) -> PolitburoApp:
    """The one way to build the app: the command line and every test call this.

    ``player=None`` with a ``classroom`` asks the player's name first, as ``served`` always does."""
    if places is None:
        places = Places.resolve(runs_dir)
    ask_name = served or (classroom is not None and player is None)
    return PolitburoApp(AppConfig(places=places, scenario=scenario, player=player or "player", seed=seed,
                                  reveal=reveal, resume=resume, theme=theme, classroom=classroom,
                                  clock=clock, served=served, ask_name=ask_name, campaign=campaign,
                                  open_campaign=open_campaign,
                                  watch=None if watch is None else Path(watch),
                                  watch_interval=watch_interval))


def run_app(scenario: Scenario | None, args: argparse.Namespace | None) -> int:
    """Entry point from ``game.cli``: ``politburo`` (args None), ``politburo play SCENARIO``
    (``--class``, ``--watch``) or ``politburo campaign``."""
    import os

    served = bool(os.environ.get("POLITBURO_SERVED"))
    if args is None:
        app = make_app(served=served)
    else:
        classroom = getattr(args, "classroom", None)
        player = getattr(args, "player", None)
        if player is None and classroom is None:
            player = "player"
        watch = getattr(args, "watch_path", None)
        app = make_app(scenario, runs_dir=getattr(args, "runs_dir", None), player=player,
                       seed=getattr(args, "seed", None), reveal=getattr(args, "reveal", None) or "each",
                       resume=bool(getattr(args, "resume", False)), classroom=classroom, served=served,
                       open_campaign=bool(getattr(args, "campaign", None)), watch=watch)
    app.run()
    return app.return_code or 0
