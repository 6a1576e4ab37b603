"""``--watch`` in the app: reload the scenario file when it is saved, replay the player's
decisions back to where they were, and show the errors in the game while the file is broken.

A mixin of :class:`game.tui.app.PolitburoApp`; the file watching and replay themselves are
the authoring toolkit's (:mod:`game.authoring.live`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work

if TYPE_CHECKING:
    from game.authoring.live import Reload
    from game.tui.session import Session


class WatchFlow:
    """The app's side of ``--watch``."""


    def _start_watch(self) -> None:
        from game.authoring.live import FileWatch

        if self._watch is not None:
            return
        assert self.config.watch is not None
        self._watch = FileWatch(self.config.watch)
        self.set_interval(self.config.watch_interval, self._poll_watch, name="watch")
        if self.config.scenario is None:  # broken from the start: show why, then wait
            self._watch_first_look()

    @work(group="watch")
    async def _watch_first_look(self) -> None:
        from game.scenario import check_file

        assert self.config.watch is not None
        result = await asyncio.to_thread(check_file, self.config.watch)
        if result.scenario is not None:
            self.start_new(result.scenario, player=self.player, reveal=self.config.reveal)
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
        import copy

        from game.authoring.live import reload_game
        from game.scenario import check_file

        watch, path = self._watch, self.config.watch
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
                        self.start_new(result.scenario, player=self.player, reveal=self.config.reveal)
                    return
                base = copy.copy(session.game)
                base.decisions = list(session.game.decisions)
                reload = await asyncio.to_thread(reload_game, path, base, session.scenario)
                if self.session is session and session.game.decisions == base.decisions:
                    self._apply_reload(session, reload)
                    return
        finally:
            self._watch_busy = False

    def _apply_reload(self, session: Session, reload: Reload) -> None:
        name = self.config.watch.name if self.config.watch else "the scenario"
        if not reload.ok:
            self._show_watch_errors(reload.diagnostics, reload.notes)
            self.notify(f"{name} has errors: the game waits until they are fixed.",
                        severity="error", markup=False)
            return
        assert reload.scenario is not None and reload.game is not None
        was_over = session.game.is_over
        session.scenario, session.game = reload.scenario, reload.game
        session.last_events = []
        session.justifications = {t: r for t, r in session.justifications.items() if t <= reload.game.turn}
        self.notify("\n".join(reload.notes) or "no changes that matter to the game",
                    title=f"Reloaded {name}", markup=False, timeout=10)
        if reload.game.is_over:
            if not was_over:
                self.after_decision(session)
            self.show_debrief(session)
            return
        self.after_undo(session)  # the autosave follows the replayed game
        self._play(session)

    def _show_watch_errors(self, diagnostics, notes: list[str]) -> None:
        from game.tui.screens.watch import WatchErrorsScreen

        assert self.config.watch is not None
        kept = self.session.game.turn if self.session is not None else None
        screen = self.screen
        if isinstance(screen, WatchErrorsScreen):
            screen.show(diagnostics, kept)
        else:
            self._go(WatchErrorsScreen(self.config.watch, diagnostics, kept))
