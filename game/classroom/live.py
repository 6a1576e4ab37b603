"""The class, live: a report that fills in as students decide, for the teacher's projector.

**What it watches.**  A class game rewrites a small progress file (``runs/.live/``, see
:mod:`game.formats.live`) after every decision and writes its run record when it ends, so the
runs folder alone tells where every student is, whichever way they play: terminals on a network
share, plain mode, or tabs served from the teacher's laptop.  :class:`ClassWatcher` turns the
folder into the same :class:`~game.classroom.report.Report` that ``politburo report`` prints, so
the live board and the report after the lesson always carry the same counts.

**Polling, not file events.**  Each look is a stat scan: the folders are walked, every run file
and progress file is stat'ed, and only when a size, a modification time or an inode changed (or a
file came or went) are the changed files read again (:class:`~game.classroom.runs.RunCache`) and
the report rebuilt.  Why not inotify/watchfiles: class folders are as often SMB or NFS shares
(where file events from other machines do not arrive) as local disks, so a polling path is
needed anyway, and a stat scan is cheap: ``benchmarks/bench_report.py`` measures it (about
0.5 ms for a class of 30 and 20 ms for 1,000 run files on the development machine), so looking
every :data:`INTERVAL` seconds costs well under 1% of a core, and a decision shows on the board
within ``INTERVAL`` plus one rebuild (measured: 0.3 s at most for a class of 30).  A dependency
that only shortens a quarter-second wait would not earn its place.

**History stays hidden on the projector** until the teacher reveals it: the views pass the
report through :func:`~game.classroom.report.redact` (the rule is in
:func:`~game.classroom.report.hidden_scenes`).

Nothing here imports Textual: the full-screen board is :mod:`game.tui.screens.report`, and
:func:`run_plain` is the board for a pipe, a log or a screen reader.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from game.classroom.report import Report, ScenarioLookup, build_report, redact
from game.classroom.runs import RunCache, Signature, expand_all, load_files, signature
from game.play.recording import now_iso

#: Seconds between two looks at the folders.
INTERVAL = 0.25


class ClassWatcher:
    """Folders of a class's runs, looked at again and again; :meth:`poll` says when they changed."""

    def __init__(self, paths: Iterable[str], lookup: ScenarioLookup | None = None, *, anonymous: bool = False,
                 class_code: str | None = None, clock: Callable[[], str] = now_iso) -> None:
        self.paths = [str(p) for p in paths]
        self.lookup = lookup
        self.anonymous = anonymous
        self.class_code = class_code
        self.clock = clock
        self.cache = RunCache()
        self._seen: dict[str, Signature | None] | None = None
        #: The report as of the last change (None before the first look).
        self.report: Report | None = None
        #: How many times the folders were found changed (the board's version number).
        self.version = 0

    def poll(self) -> Report | None:
        """Look at the folders: the new report if anything changed since the last look, else None.
        Between changes a look opens no file: it walks the folders and stats each file."""
        files, live, missing = expand_all(self.paths)
        seen: dict[str, Signature | None] = {f"missing:{m}": None for m in missing}
        seen.update((str(path), signature(path)) for path in files)
        seen.update((f"live:{path}", signature(path)) for path in live)
        if seen == self._seen and self.report is not None:
            return None
        self._seen = seen
        runs, skipped = load_files(files, live, missing, self.cache)
        self.report = build_report(runs, skipped, self.lookup, anonymous=self.anonymous, clock=self.clock,
                                   class_code=self.class_code)
        self.version += 1
        return self.report

    def wait(self, timeout: float, interval: float = INTERVAL) -> Report | None:
        """Poll until something changes or ``timeout`` seconds pass."""
        deadline = time.monotonic() + timeout
        while True:
            report = self.poll()
            if report is not None or time.monotonic() >= deadline:
                return report
            time.sleep(min(interval, max(0.0, deadline - time.monotonic())))


def run_plain(watcher: ClassWatcher, out: IO[str] | None = None, *, interval: float = INTERVAL,
              read_keys: bool | None = None, stop: threading.Event | None = None) -> int:
    """The live board as text: printed again whenever the class's files change, until Ctrl+C.

    When the keyboard is a terminal, typing ``h`` and Enter reveals the Politburo's choices (and
    hides them again)."""
    from game.classroom.text import to_live

    out = out or sys.stdout
    stop = stop or threading.Event()
    revealed = threading.Event()
    changed = threading.Event()
    if read_keys if read_keys is not None else sys.stdin.isatty():
        def keys() -> None:
            for line in sys.stdin:
                if line.strip().lower() == "h":
                    if revealed.is_set():
                        revealed.clear()
                    else:
                        revealed.set()
                    changed.set()
            stop.set()

        threading.Thread(target=keys, daemon=True).start()
        out.write("Watching the class. Type h and Enter to show or hide the Politburo's choices; Ctrl+C stops.\n")
    else:
        out.write("Watching the class; Ctrl+C stops.\n")
    out.flush()
    shown = ""
    try:
        while not stop.is_set():
            report = watcher.poll()
            if report is not None or changed.is_set():
                changed.clear()
                current = watcher.report
                assert current is not None
                text = to_live(redact(current, revealed=revealed.is_set()))
                if text != shown:
                    out.write(f"\n--- {time.strftime('%H:%M:%S')} " + "-" * 60 + "\n" + text)
                    out.flush()
                    shown = text
            stop.wait(interval)
    except KeyboardInterrupt:
        out.write("\n")
    return 0


def live_folder_hint(paths: Iterable[str]) -> str:
    """Where progress files are looked for, for messages: ``FOLDER/.live``."""
    return ", ".join(str(Path(p) / ".live") for p in paths)
