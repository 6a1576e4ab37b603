"""The app as the owner of its process: the cyclic collector tuned once the game is loaded;
leaving on a signal, after saving; and the palette's screenshot, somewhere that exists.

Why a flow of its own: SIGTERM, SIGHUP and SIGQUIT used to end the process where it stood, so
the terminal stayed in the alternate screen with mouse tracking on and the cursor hidden (issue
12, F13).  The handlers (installed only by the real game, :func:`game.tui.app.run_app`, never in
tests that run the app in-process) run the session's save job after any file job under way,
then leave the ordinary way, through the driver, which restores the terminal.  The exit status
is 128 + the signal's number, as a shell expects.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path
from collections.abc import Callable

from textual import work

from game.tui.core import PolitburoBase


def screenshot_folder() -> Path:
    """Where a screenshot goes: the first of Downloads and home that is a folder this user can
    write to; else a ``screenshots`` folder in the game's data folder, created for it."""
    import os

    import platformdirs

    from game.paths import data_home

    candidates: list[Callable[[], Path]] = [platformdirs.user_downloads_path, Path.home]
    for candidate in candidates:
        try:
            folder = candidate()
        except (RuntimeError, OSError, KeyError):  # no home folder known
            continue
        if folder.is_dir() and os.access(folder, os.W_OK):
            return folder
    folder = data_home() / "screenshots"
    with contextlib.suppress(OSError):  # (if even this fails, Textual's own message says so)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


class ExitFlow(PolitburoBase):
    """What the app does as the owner of its process: the collector, signals, the screenshot."""

    #: The signal that stopped the game (SIGTERM, SIGHUP, SIGQUIT), or None.
    stopped_by: int | None = None

    # -- the process -------------------------------------------------------------------------

    def freeze_loaded(self) -> None:
        """Turn the cyclic collector back on (``game.cli`` turns it off while the game loads) with
        everything loaded so far frozen out of its sight: the scenario, the session and the
        screens live as long as the game, and a full collection of them landing on a key press
        doubled the first frame of the options and of the reveal.  Only in the game's own
        process: frozen objects are never collected, which a test run of many apps would feel."""
        import gc

        if self.config.handle_signals:
            gc.freeze()
            gc.enable()

    # -- signals -------------------------------------------------------------------------------

    def _handle_signals(self) -> None:
        """SIGTERM, SIGHUP and SIGQUIT used to kill the game where it stood, leaving the terminal
        in the alternate screen with mouse tracking on and the cursor hidden (issue 12, F13).
        Now they save the game and leave the normal way, which restores the terminal."""
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP", "SIGQUIT"):
            signum = signal.Signals.__members__.get(name)
            if signum is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not on Windows
                    loop.add_signal_handler(signum, self._on_signal, int(signum))

    def _on_signal(self, signum: int) -> None:
        if self.stopped_by is not None:  # already on the way out
            return
        self.stopped_by = signum
        self._stop_on_signal(signum)
        # Never hang on the way out: whatever became of the save, leave within a few seconds.
        self.set_timer(5, lambda: self.exit(return_code=128 + signum))

    @work(group="signal", exclusive=True)
    async def _stop_on_signal(self, signum: int) -> None:
        """Save the game as it stands (after any file job under way, in order), then exit: the
        driver then leaves the alternate screen, turns mouse tracking off and shows the cursor."""
        await self.finished_writing()
        session = self.last_session
        if session is not None and not session.is_over and (session.turn > 0 or session.chapter is not None):
            job = session.save_job()
            async with self._lock():
                problem = await asyncio.to_thread(job.run)
            session.saved(problem)
        self.exit(return_code=128 + signum)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """The palette's *Screenshot*: Textual saves it in ``~/Downloads`` and failed where there is
        no such folder (issue 10, point 9).  It goes to the first folder that exists and can be
        written: Downloads, the home folder, the current folder; the notification says which."""
        if path is None and not self.served:
            path = str(screenshot_folder())
        return super().deliver_screenshot(filename, path, time_format)
