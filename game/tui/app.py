"""The Politburo app: one factory (:func:`make_app`) for the command line and the tests.

The app is the coordinator the screens report to: it switches the top-level screens (title,
picker, game, debrief) and runs the session's file jobs in workers (:mod:`game.tui.core`).  It
renders :mod:`game.play` and holds no session logic of its own: who may continue which save,
what the player may see of history, what is saved and recorded, and how a campaign moves on are
all the play layer's, shared with plain mode.

What the command asked for arrives as one frozen :class:`~game.play.launch.Launch` inside the
app's :class:`~game.tui.core.AppConfig`; nothing here reads the command line.  Besides single
scenarios the app runs the campaign (:mod:`game.tui.campaign_flow`), classes (a name prompt,
reasons at debate points, the class's locks; served mode for browsers), the class report
screen, and ``--watch`` (:mod:`game.tui.watch_flow`).  Quitting prints the command that carries
the game on (:func:`goodbye`).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from collections.abc import Callable, Iterable, Sequence

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.geometry import Size
from textual.screen import Screen

from game.play.launch import Launch
from game.play.prefs import Prefs
from game.tui.campaign_flow import CampaignFlow
from game.tui.exit_flow import ExitFlow
from game.tui.core import DEFAULT_THEME, HIGH_CONTRAST, AppConfig, now_iso
from game.tui.screens.help import MIN_HEIGHT, MIN_WIDTH, HelpScreen, TooSmallScreen
from game.tui.text import ControlFilter
from game.tui.watch_flow import WatchFlow

if TYPE_CHECKING:
    from game.engine import Scenario
    from game.paths import Places
    from game.play.campaign import CampaignPlan
    from game.tui.library import Continuable

__all__ = ["AppConfig", "PolitburoApp", "goodbye", "make_app", "run_app"]

#: One instance: Textual caches each line's filtered form per filter object.
CONTROL_FILTER = ControlFilter()


def _prepare(places: Places) -> str:
    """Blocking: '' if games can be saved in ``places``, else why not (the play layer's words)."""
    from game.play.session import prepare

    return prepare(places)


class PolitburoApp(CampaignFlow, WatchFlow, ExitFlow):
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
        super().__init__(config)
        #: Served mode: the lock that keeps this player's name to this tab while it plays.
        self.name_lock: Path | None = None
        #: The first screen is up (the title, drawn before the folders were checked).
        self._shown_first = False

    def on_unmount(self) -> None:
        from game.classroom.namelock import release_name

        release_name(self.name_lock)

    # -- start-up ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.theme != self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme  # (a remembered theme this Textual no longer has: the default)
        self.theme_changed_signal.subscribe(self, lambda theme: self.remember(theme=theme.name))
        if self.config.handle_signals:
            self._handle_signals()
        if self._title_first():
            # `politburo` alone: the title is drawn at once and the folders are checked after the
            # first paint (start-up time); nothing can be played until they have been.
            self.action_title()
            self._shown_first = True
            self.call_after_refresh(self.start)
        else:
            self.start()
        self.call_after_refresh(self.freeze_loaded)  # after the first paint
        self._check_size()

    def _title_first(self) -> bool:
        launch = self.config.launch
        return launch.scenario is None and launch.watch is None and not launch.campaign and not self.config.ask_name

    @work(group="startup", exclusive=True)
    async def start(self) -> None:
        """Check that games can be saved here before anything is played, then open the first
        screen.  A folder that cannot be used is said at once, instead of after a decision."""
        from game.tui.screens.problem import StartProblemScreen

        self.folders_ok.clear()
        problem = await asyncio.to_thread(_prepare, self.places)
        if problem:
            self._shown_first = False
            self._go(StartProblemScreen(problem, served=self.served))
            return
        self.folders_ok.set()
        if self._shown_first:  # the title is up already
            return
        if self.config.ask_name:
            from game.tui.screens.classroom import NameScreen

            scenario = self.config.launch.scenario
            self._go(NameScreen(self.config.launch.settings, scenario.title if scenario else ""))
        else:
            self._open()

    def claim_name(self, name: str) -> bool:
        """Served mode: keep ``name`` to this tab while it plays; False if a live tab has it."""
        if not self.served:
            return True
        from game.classroom.namelock import NameInUse, claim_name

        try:
            self.name_lock = claim_name(self.places.saves, name)
        except NameInUse:
            return False
        except OSError:
            pass  # cannot write the lock: play on, as before
        return True

    def named(self, name: str) -> None:
        """The player typed their name at the prompt (a class, or served mode)."""
        self.player = self.named_player = name
        self._open(named=True)

    def _open(self, named: bool = False) -> None:
        """The first real screen: campaign, title, or straight into the scenario."""
        launch = self.config.launch
        if launch.watch is not None:
            self._start_watch()
        if launch.campaign:
            self.show_campaign(continue_player=self.player if launch.resume else None)
        elif launch.scenario is None:
            if launch.watch is None:  # (watching a broken file shows its errors instead)
                self.action_title()
        elif launch.resume or (named and launch.class_code):
            # A named class player carries on their own saved game if they have one (a browser
            # tab closed by mistake); a new game otherwise.
            self._resume_launched(launch.scenario, quiet=not launch.resume)
        else:
            self.start_new(launch.scenario, player=self.player, reveal=launch.settings.reveal)

    @work(group="open", exclusive=True)
    async def _resume_launched(self, scenario: Scenario, quiet: bool) -> None:
        """``--resume`` (or a class player naming themselves, ``quiet``): the play layer opens
        this player's own save of the launched scenario if the class rules let them carry it on
        (:func:`game.play.opening.open_game`).  ``quiet`` starts a new game when there is none;
        a ``--resume`` that cannot be honoured says why and shows the title, so nothing
        overwrites the save that was refused."""
        from game.play.opening import open_game

        opened = await asyncio.to_thread(open_game, self.config.launch, scenario, self.player,
                                          resume=not quiet, if_saved=quiet, clock=self.config.clock)
        if opened.session is not None:
            await asyncio.to_thread(opened.session.figures)  # the divergence scale, off the UI thread
        if opened.notes:
            self.notify("\n".join(opened.notes), title="Your saved game", severity="warning", markup=False,
                        timeout=15)
        session = opened.session
        if session is None:
            why = opened.problem + (f" ({opened.hint})" if opened.hint else "")
            self.notify(why, title="Cannot carry on", severity="error", markup=False, timeout=20)
            self.action_title()
            return
        if session.chapter is not None:  # a chapter: carry on the campaign, so its ending moves it on
            self.show_campaign(continue_player=session.run.player)
            return
        if opened.resumed:
            self.notify(f"Welcome back, {self.player}: your saved game carries on after "
                        f"{session.turn} decision(s).", markup=False, timeout=8)
        self.campaign_run = None
        self._play(session)

    def continue_save(self, found: Continuable) -> None:
        """Continue on the title: carry on the save the look-up found (only ever one this player
        may continue), or its campaign."""
        from game.play.session import ResumeProblem, Session

        if found.campaign:
            self.show_campaign(continue_player=found.save.player)
            return
        assert found.scenario is not None
        try:
            session = Session.resume(found.save, found.scenario, self.places, found_at=found.path,
                                     clock=self.config.clock)
        except ResumeProblem as exc:
            self.notify(" ".join(exc.notes), title="The saved game cannot be resumed", severity="error",
                        markup=False, timeout=15)
            return
        self.campaign_run = None
        self._play_ready(session)

    # -- class report --------------------------------------------------------------------------

    def show_class_report(self) -> None:
        if self.served:
            self.notify("The class report is not available in the browser.", severity="warning")
            return
        from game.tui.screens.report import ClassReportScreen

        self.session = None
        self._go(ClassReportScreen(str(self.places.runs), self.known_scenarios()))

    # -- app-wide actions --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, TooSmallScreen) and action not in ("quit", "command_palette"):
            return False
        if action in ("dossier", "timeline", "export_run"):
            return self.session is not None
        return True

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(list(self._bindings_for_help())))

    def _bindings_for_help(self) -> Iterable[Binding]:
        yield from (b for b in self.BINDINGS if isinstance(b, Binding))
        yield Binding("ctrl+p", "command_palette", "Command palette: switch theme, open dossier, export run")

    def action_dossier(self) -> None:
        from game.tui.screens.dossier import DossierScreen

        if self.session is not None and not isinstance(self.screen, DossierScreen):
            self.push_screen(DossierScreen(self.session.dossier()))

    def action_timeline(self) -> None:
        from game.tui.screens.dossier import TimelineScreen

        if self.session is not None and not isinstance(self.screen, TimelineScreen):
            self.push_screen(TimelineScreen(self.session.timeline()))

    def action_switch_theme(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
        self.notify(f"Theme: {self.theme}", markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        contrast = "default" if self.theme == HIGH_CONTRAST.name else "high contrast"
        yield SystemCommand(f"Switch theme: {contrast}", "Toggle the high-contrast theme",
                            self.action_switch_theme)
        if self.session is not None:
            yield SystemCommand("Open dossier", "Documents, sources and historians met so far",
                                self.action_dossier)
            yield SystemCommand("Open timeline", "Your decisions beside the Politburo's",
                                self.action_timeline)
            where = "download it in the browser" if self.served else "write it in runs/exports"
            yield SystemCommand("Export run", f"The run so far as a JSON record: {where}",
                                self.action_export_run)
        yield SystemCommand("Help", "Every key, every screen", self.action_help)
        for command in super().get_system_commands(screen):
            # Served: the screenshot command would write on the teacher's machine.
            if self.served and command.title.lower().startswith("screenshot"):
                continue
            yield command

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then :class:`~game.tui.text.ControlFilter`: no control character
        in any text the game draws reaches the terminal (issue 12, F2)."""
        return [*super().get_line_filters(), CONTROL_FILTER]

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


def make_app(launch: Launch, *, clock: Callable[[], str] = now_iso, campaign: CampaignPlan | None = None,
             theme: str = DEFAULT_THEME, watch_interval: float = 0.5, retry_interval: float = 20.0,
             prefs: Prefs | None = None, prefs_path: Path | None = None, handle_signals: bool = False,
             ) -> PolitburoApp:
    """The one way to build the app: the command line (through :func:`run_app`) and every test.

    ``launch`` is what the command asked for; the keywords are the full-screen game's own knobs
    (tests pass a fixed clock, a campaign of fixture chapters, short intervals; the command line
    the remembered choices, where to remember them, and the signal handlers)."""
    prefs = prefs or Prefs()
    return PolitburoApp(AppConfig(launch, clock=clock, campaign=campaign, theme=prefs.theme or theme,
                                  watch_interval=watch_interval, retry_interval=retry_interval,
                                  prefs=prefs, prefs_path=prefs_path, handle_signals=handle_signals))


def goodbye(app: PolitburoApp) -> str:
    """What to print once the full-screen game has closed: how to carry the game on, or what
    went wrong with its files.  '' when there is nothing to say."""
    notes = list(app.exit_notes)
    session = app.last_session
    run = app.campaign_run
    if session is not None and not session.is_over:
        if session.save_problem:
            notes.append(f"Your last decision could not be saved ({session.save_problem}), so the game "
                         "cannot be carried on from it.")
        elif session.turn > 0 or session.chapter is not None:
            notes.append("Your game is saved. To carry on where you left off:\n"
                         f"  {session.resume_command(plain=False)}")
    chapter_open = session is not None and session.chapter is not None and not session.is_over
    if run is not None and not run.complete and not chapter_open:
        from game.play.resume import Resumable, resume_command

        places = app.places
        where = Resumable("", run.campaign.id, run.progress.player,
                          runs_dir=str(places.runs) if places.given else None, campaign=True)
        notes.append("Your campaign is saved. To carry on where you left off:\n"
                     f"  {resume_command(where, plain=False)}")
    return "\n".join(notes)


def run_app(launch: Launch) -> int:
    """Entry point from ``game.cli``: the full-screen game for what the command asked.

    After the game closes, prints the way back (:func:`goodbye`), as the teachers' guide says
    it does; not when served (the browser tab has gone)."""
    from game.play.prefs import prefs_path, read_prefs

    # The remembered theme and name: one small bounded read before any screen exists (so the
    # first frame is drawn in the right theme); none when served (many players, one folder).
    path = None if launch.served else prefs_path()
    app = make_app(launch, prefs=read_prefs(path) if path is not None else None, prefs_path=path,
                   handle_signals=True)
    app.run()
    hint = "" if launch.served else goodbye(app)
    if app.stopped_by == signal.SIGHUP:  # the terminal has gone: nothing to print on
        return app.return_code or 0
    if hint:
        with contextlib.suppress(OSError):
            sys.stdout.write(hint + "\n")
    return app.return_code or 0
