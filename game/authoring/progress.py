"""A progress bar for long play-tests, on standard error and only on a terminal.

Pipes, CI logs and ``--format json`` consumers never see it (stderr is not a TTY there), so
the report on standard output stays clean.  Redraws are throttled to ten a second so the bar
costs nothing next to the work it reports.
"""

from __future__ import annotations

import sys
import time
from typing import IO
from collections.abc import Callable

WIDTH = 30


class Progress:
    def __init__(self, label: str, total: int, stream: IO[str] | None = None, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.label = label
        self.total = max(total, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _isatty(self.stream) if enabled is None else enabled
        self.clock = clock
        self.last = float("-inf")
        self.drawn = False

    def __call__(self, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        total = max(total or self.total, 1)
        now = self.clock()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = min(WIDTH, WIDTH * done // total)
        self.stream.write(f"\r{self.label:16} [{'#' * filled}{'.' * (WIDTH - filled)}] "
                          f"{100 * done // total:3d}% {done:,}/{total:,}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * (WIDTH + 60) + "\r")
            self.stream.flush()
            self.drawn = False


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
