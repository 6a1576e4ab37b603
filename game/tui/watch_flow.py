"""``--watch`` in the app: reload the scenario file when it is saved, replay the player's
decisions back to where they were, and show the errors in the game while the file is broken.

The file watching and the replay are the authoring toolkit's (:mod:`game.authoring.live`), and
carrying the session on in the reloaded scenario is the session's (:meth:`Session.reloaded`);
this flow polls, runs the blocking parts in workers and switches screens.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from collections.abc import Iterable

from textual import work

from game.tui.core import PolitburoBase

if TYPE_CHECKING:
    from game.authoring.live import FileWatch, Reload
    from game.play.session import Session
    from game.scenario import Diagnostic


class WatchFlow(PolitburoBase):
    """The app's side of ``--watch``."""

    _watch: FileWatch | None = None
    _watch_busy = False

    def _start_watch(self) -> None:
        from game.authoring.live import FileWatch

        path = self.config.launch.watch
        if self._watch is not None or path is None:
            return
        self._watch = FileWatch(path)
        self.set_interval(self.config.watch_interval, self._poll_watch, name="watch")
        if self.config.launch.scenario is None:  # broken from the start: show why, then wait
            self._watch_first_look()

    @work(group="watch")
    async def _watch_first_look(self) -> None:
        from game.scenario import check_file

        path = self.config.launch.watch
        assert path is not None
        result = await asyncio.to_thread(check_file, path)
        if result.scenario is not None:
            self.start_new(result.scenario, player=self.player, reveal=self.config.launch.settings.reveal)
        else:
            self._show_watch_errors(result.diagnostics, [])

    def _poll_watch(self) -> None:
        if not self._watch_busy:
            self._watch_busy = True
            self._watch_reload()

    @work(group="watch")
    async def _watch_reload(self) -> None:
        """Reload the watched file if it was saved, replaying the decisions (a thread does the
        reading and checking; if the player decides meanwhile, it replays again)."""
        from game.authoring.live import reload_game
        from game.scenario import check_file

        watch, path = self._watch, self.config.launch.watch
        assert watch is not None and path is not None
        try:
            if not await asyncio.to_thread(watch.changed):
                return
            # Let the save finish: an editor (or a script) may write the file in several steps.
            settle = min(0.2, self.config.watch_interval)
            for _ in range(10):
                await asyncio.sleep(settle)
                if not await asyncio.to_thread(watch.changed):
                    break
            for _ in range(3):
                session = self.session
                if session is None:  # nothing valid has been played yet: start when it is
                    result = await asyncio.to_thread(check_file, path)
                    if result.scenario is None:
                        self._show_watch_errors(result.diagnostics, [])
                    else:
                        self.notify(f"{path.name} is valid now: the game starts.", markup=False)
                        self.start_new(result.scenario, player=self.player,
                                       reveal=self.config.launch.settings.reveal)
                    return
                base = session.game.copy()  # states are frozen: this is the game as it is now
                reload = await asyncio.to_thread(reload_game, path, base, session.scenario)
                if self.session is session and session.game.decisions == base.decisions:
                    await self._apply_reload(session, reload)
                    return
        finally:
            self._watch_busy = False

    async def _apply_reload(self, session: Session, reload: Reload) -> None:
        path = self.config.launch.watch
        name = path.name if path is not None else "the scenario"
        if not reload.ok:
            self._show_watch_errors(reload.diagnostics, reload.notes)
            self.notify(f"{name} has errors: the game waits until they are fixed.",
                        severity="error", markup=False)
            return
        assert reload.scenario is not None and reload.game is not None
        was_over = session.is_over
        session.reloaded(reload.scenario, reload.game)
        await asyncio.to_thread(session.figures)  # an edited scenario has a new divergence scale
        self.notify("\n".join(reload.notes) or "no changes that matter to the game",
                    title=f"Reloaded {name}", markup=False, timeout=10)
        if session.is_over:
            if not was_over:
                self._finish(session)
            self.show_debrief(session)
            return
        self._autosave(session)  # the save follows the replayed game
        self._play(session)

    def _show_watch_errors(self, diagnostics: Iterable[Diagnostic], notes: list[str]) -> None:
        from game.tui.screens.watch import WatchErrorsScreen

        path = self.config.launch.watch
        assert path is not None
        kept = self.session.turn if self.session is not None else None
        screen = self.screen
        if isinstance(screen, WatchErrorsScreen):
            screen.show(diagnostics, kept)
        else:
            self._go(WatchErrorsScreen(path, diagnostics, kept))
