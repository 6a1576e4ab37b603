"""The app's core: its frozen config, the session in play, and the file jobs run in workers.

Why the app holds so little: a playthrough — who plays, what is saved, what the player may see
of history, how a run ends and is recorded — is :class:`game.play.session.Session`'s, written
once for plain mode and this game alike.  The app keeps the session it is showing, hands it
to the screens ("attributes down"), takes the decisions the screens pass up, and runs the
session's file jobs (autosave, finish, export) in workers.  One FIFO lock serialises the jobs,
so a late autosave can never land after the run record was written and the save deleted.  It
never builds a save or a record itself: it runs the job the session made and hands the outcome
back (``session.saved``, ``session.finished``), which says what to tell the player.

The campaign and ``--watch`` flows (:mod:`game.tui.campaign_flow`, :mod:`game.tui.watch_flow`)
build on this class; :class:`game.tui.app.PolitburoApp` joins them.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from collections.abc import Callable

from textual import work
from textual.app import App
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.worker import Worker

from game.engine.record import field, record, replace as with_changes
from game.play.launch import Launch
from game.play.prefs import Prefs

if TYPE_CHECKING:  # the engine and the play layer load after the first screen is up (start-up time)
    from game.engine import Scenario
    from game.tui.screens.reveal import RevealScreen
    from game.paths import Places
    from game.play.campaign import CampaignPlan, CampaignRun
    from game.play.session import Session
    from game.play.store import SaveJob
    from game.play.views import Turn


def now_iso() -> str:
    from game.play.recording import now_iso as clock

    return clock()


HIGH_CONTRAST = Theme(
    name="politburo-high-contrast",
    primary="#FFFF00", secondary="#00FFFF", accent="#00FFFF", warning="#FFFF00",
    error="#FF7070", success="#00FF00", foreground="#FFFFFF", background="#000000",
    surface="#000000", panel="#202020", boost="#303030", dark=True,
)
DEFAULT_THEME = "textual-dark"


@record(slots=False)
class AppConfig:
    """Everything the app is started with; frozen so no screen changes it behind the others.

    ``launch`` is what the command asked for (:class:`~game.play.launch.Launch`, shared with plain
    mode); the rest are the full-screen game's own knobs, which tests set."""

    launch: Launch
    #: The clock for the run records' timestamps (tests pass a fixed one).
    clock: Callable[[], str] = field(default=now_iso)
    #: The campaign to offer (None: the bundled one); tests pass a plan of fixture chapters.
    campaign: CampaignPlan | None = None
    theme: str = DEFAULT_THEME
    #: Seconds between looks at the watched file (``--watch``).
    watch_interval: float = 0.5
    #: Seconds between retries of an autosave that failed (it is also retried after each decision).
    retry_interval: float = 20.0
    #: What the player chose last time (read before the app starts: no screen waits for it).
    prefs: Prefs = field(default_factory=Prefs)
    #: Where to remember the theme and the name typed (None: remember nothing, as when served).
    prefs_path: Path | None = None
    #: The app owns its process (the command line; not tests that run it in-process): it saves and
    #: restores the terminal on SIGTERM, SIGHUP and SIGQUIT, and tunes the cyclic collector
    #: (:meth:`~game.tui.exit_flow.ExitFlow.freeze_loaded`).
    handle_signals: bool = False

    @property
    def places(self) -> Places:
        return self.launch.places

    @property
    def served(self) -> bool:
        return self.launch.served

    @property
    def ask_name(self) -> bool:
        """Ask the player's name first: always when served, and in a class without ``--player``."""
        return self.launch.served or (self.launch.class_code is not None and self.launch.player is None)


class PolitburoBase(App[int]):
    """The state every flow shares, and the session's lifecycle in the app."""

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        #: The game in play (or just ended), for the dossier, timeline and export commands.
        self.session: Session | None = None
        #: The last game played, even after going back to the title: quitting says how to carry it on.
        self.last_session: Session | None = None
        #: Who is playing: the name given on the command line or typed at the prompt ("player" if none).
        self.player = config.launch.player_name
        #: The name the player gave, if any: Continue offers only that player's saves.
        self.named_player: str | None = config.launch.player
        #: The campaign being played, when the session is one of its chapters.
        self.campaign_run: CampaignRun | None = None
        #: Problems to print after the app has closed (a run record that could not be written).
        self.exit_notes: list[str] = []
        self._io_lock: asyncio.Lock | None = None
        self._finishing: Worker[None] | None = None
        self._retry: Timer | None = None
        self._saves_running = 0
        #: Set once the folders are known to be usable: no game starts before (see ``start``).
        self.folders_ok = asyncio.Event()
        #: The remembered choices, as last written (``remember`` changes them).
        self.prefs = config.prefs
        #: The reveal screen, kept once shown and refilled for each decision (the decision key).
        self.reveal_screen: RevealScreen | None = None

    @property
    def places(self) -> Places:
        return self.config.places

    @property
    def served(self) -> bool:
        return self.config.served

    @property
    def class_code(self) -> str | None:
        return self.config.launch.class_code

    def known_scenarios(self) -> tuple[Scenario, ...]:
        """Scenarios given on the command line (the picker and Continue include them).

        Served mode offers the bundled scenarios only, never a file."""
        scenario = self.config.launch.scenario
        if scenario is None or self.served:
            return ()
        return (scenario,)

    @property
    def remembers_names(self) -> bool:
        """Names typed for a game are remembered for the next one, except on a machine many
        students share (a class, served mode) or without a prefs file."""
        return self.config.prefs_path is not None and not self.served and self.class_code is None

    def default_name(self) -> str:
        """The name the picker and the campaign screen start with: the one given, else the one
        typed last time (if names are remembered), else "player"."""
        if self.named_player is None and self.remembers_names and self.prefs.player:
            return self.prefs.player
        return self.player

    def remember(self, *, theme: str | None = None, player: str | None = None) -> None:
        """Keep ``theme`` or ``player`` for the next game (written in a worker, atomically)."""
        if self.config.prefs_path is None:
            return
        changes = {k: v for k, v in (("theme", theme), ("player", player)) if v is not None}
        if player is not None and (not self.remembers_names or player == "player"):
            changes.pop("player")  # a shared machine, or the placeholder: nothing to remember
        new = with_changes(self.prefs, **changes)
        if new != self.prefs:
            self.prefs = new
            self._write_prefs(new)

    @work(group="prefs")
    async def _write_prefs(self, prefs: Prefs) -> None:
        from game.play.prefs import write_prefs

        path = self.config.prefs_path
        if path is None:
            return
        # In order, so the last choice is the one that stays; a failure is ignored (a
        # convenience: the game goes on, and the next change tries again).
        async with self._lock():
            with contextlib.suppress(OSError):
                await asyncio.to_thread(write_prefs, path, prefs)

    def continue_as(self) -> str | None:
        """The player whose saves Continue may offer (None: nobody named; see ``may_continue``)."""
        return self.named_player

    # -- switching screens -------------------------------------------------------------------

    def _go(self, screen: Screen[Any]) -> None:
        """Make ``screen`` the only screen above the default one (drops modals).  While the
        terminal is too small, the cover stays on top of it (a worker may open a screen then)."""
        from game.tui.screens.help import TooSmallScreen

        covered = isinstance(self.screen, TooSmallScreen)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2 and not isinstance(self.screen, TooSmallScreen):
            self.switch_screen(screen)
        else:
            if len(self.screen_stack) == 2:
                self.pop_screen()
            self.push_screen(screen)
        if covered:
            self.push_screen(TooSmallScreen())

    def action_title(self) -> None:
        from game.tui.screens.title import TitleScreen

        self.session = None
        self._go(TitleScreen())

    def show_picker(self) -> None:
        from game.tui.screens.picker import PickerScreen

        self._go(PickerScreen(player=self.default_name(), reveal=self.config.launch.settings.reveal,
                              name_fixed=self.served))

    # -- a game ------------------------------------------------------------------------------

    def start_new(self, scenario: Scenario, *, player: str, reveal: str) -> None:
        """A new game of ``scenario``: the launched one under the command's settings (a class
        code fixes them), any other under the reveal chosen in the picker."""
        from msgspec.structs import replace

        from game.formats import RunSettings
        from game.play.opening import new_game

        launch = self.config.launch
        wanted: Literal["each", "end"] = "end" if reveal == "end" else "each"
        if scenario is launch.scenario:
            settings = launch.settings if launch.class_code else replace(launch.settings, reveal=wanted)
        else:
            settings = RunSettings(reveal=wanted)
        if self.served:
            player = self.player  # the name given at the prompt, whatever the picker held
        self.campaign_run = None
        self._play_ready(new_game(with_changes(launch, settings=settings), scenario, player,
                                  self.config.clock))

    @work(group="open", exclusive=True)
    async def _play_ready(self, session: Session) -> None:
        """:meth:`_play`, once the session's figures are ready: the first time a scenario version
        is played, the play layer works out its divergence scale (up to a second for the largest
        bundled scenario, then kept on disk), which must not freeze the screen."""
        await self.folders_ok.wait()
        await asyncio.to_thread(session.figures)
        self._play(session)

    def _play(self, session: Session) -> None:
        from game.tui.screens.game import GameScreen

        self.session = self.last_session = session
        if session.notes:  # the save was carried over to an edited scenario: say what changed, once
            self.notify("\n".join(session.notes), title="The scenario has changed",
                        severity="warning", markup=False, timeout=15)
            session.notes = []
        if session.is_over:  # a save of a finished game: record it (once) and show its debrief
            self._finish(session)
            self.show_debrief(session)
            return
        self._go(GameScreen(session))

    def decide(self, session: Session, choice_id: str, reason: str = "") -> Turn:
        """The player's decision (from the game screen): take it, then save or finish in a worker."""
        turn = session.choose(choice_id, reason)
        if turn.over:
            self._finish(session)
        else:
            self._autosave(session)
        return turn

    def undo(self, session: Session) -> bool:
        if not session.undo():
            return False
        self._autosave(session)
        return True

    def show_debrief(self, session: Session) -> None:
        from game.tui.screens.debrief import DebriefScreen

        run, chapter = self.campaign_run, session.chapter
        in_campaign = chapter is not None and run is not None and run.campaign.id == chapter.id
        self._go(DebriefScreen(session, served=self.served, in_campaign=in_campaign))

    # -- file jobs (workers, one at a time, in order) ----------------------------------------

    def _lock(self) -> asyncio.Lock:
        if self._io_lock is None:
            self._io_lock = asyncio.Lock()
        return self._io_lock

    def _autosave(self, session: Session) -> None:
        """Save the game as it is now: the job is built here, at the decision, and run in order."""
        if not session.is_over:
            self._saves_running += 1
            self._save(session, session.save_job())

    # Described in words: Textual's default is the repr of the session (100 KB, 2 ms a decision).
    @work(group="io", description="save the game")
    async def _save(self, session: Session, job: SaveJob) -> None:
        try:
            async with self._lock():
                problem = await asyncio.to_thread(job.run)
        finally:
            self._saves_running -= 1
        failing = bool(session.save_problem)
        message = session.saved(problem)
        if message:
            if not failing:  # once per failure; the retries say nothing until one works
                self.notify(message, title="Not saved", severity="error", markup=False, timeout=15)
            self._keep_retrying()
        elif failing:
            self.notify("Your game is saved again.", markup=False)
            self._stop_retrying()

    def _keep_retrying(self) -> None:
        if self._retry is None:
            self._retry = self.set_interval(self.config.retry_interval, self._retry_save, name="retry-save")

    def _stop_retrying(self) -> None:
        if self._retry is not None:
            self._retry.stop()
            self._retry = None

    def _retry_save(self) -> None:
        session = self.last_session
        if session is None or not session.save_problem or session.is_over:
            self._stop_retrying()
        elif not self._saves_running:
            self._autosave(session)

    def _finish(self, session: Session) -> None:
        self._finishing = self._finish_run(session)

    @work(group="io", description="finish the run")
    async def _finish_run(self, session: Session) -> None:
        """The game ended: save its final state, write the run record (once per run), then move
        the campaign on; the debrief is told where the record went."""
        from game.tui.screens.debrief import DebriefScreen

        save, finish = session.save_job(), session.finish_job()
        chapter, run = session.chapter, self.campaign_run
        advance = run is not None and chapter is not None and run.campaign.id == chapter.id
        async with self._lock():
            session.saved(await asyncio.to_thread(save.run))
            message = session.finished(await asyncio.to_thread(finish.run))
            if advance and run is not None:  # the campaign moves on even if this chapter's record is missing
                try:
                    await asyncio.to_thread(run.advance, session)
                except OSError as exc:
                    self.notify(f"Could not save the campaign's progress: {exc.strerror or exc}",
                                severity="error", markup=False)
        self._stop_retrying()
        if message:
            self.notify(message, title="Run record", severity="error", markup=False, timeout=30)
            if session.record_path is None:
                self.exit_notes.append(message)
        for screen in self.screen_stack:
            if isinstance(screen, DebriefScreen):
                screen.post_message(DebriefScreen.Recorded())

    async def finished_writing(self) -> None:
        """Wait until the last game's ending has been recorded (and the campaign moved on)."""
        worker = self._finishing
        if worker is not None:
            with contextlib.suppress(Exception):  # its own errors were reported by the worker
                await worker.wait()

    def action_export_run(self) -> None:
        session = self.session
        if session is None:
            self.notify("Start or continue a game first.", severity="warning")
            return
        job = session.export_job()
        if self.served:
            # No path on the teacher's machine: the browser downloads the record instead.
            self.deliver_text(io.StringIO(job.data.decode("utf-8")), save_filename=job.path.name,
                              mime_type="application/json")
            self.notify("Run sent to your browser as a download.", markup=False)
            return
        self._export(job)

    @work(group="io", description="export the run")
    async def _export(self, job: SaveJob) -> None:
        async with self._lock():
            problem = await asyncio.to_thread(job.run)
        if problem:
            self.notify(f"Could not export the run: {problem}", severity="error", markup=False)
        else:
            self.notify(f"Run exported to {job.path}", markup=False, timeout=10)
