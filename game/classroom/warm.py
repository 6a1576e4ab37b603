"""A warm start for served play: games started before the tabs that will play them.

**Why.**  ``politburo serve`` used to start a fresh Python for every browser tab: each imported
Textual and the game, loaded the class's scenario and built its first screen, about 1.3 s of one
core.  Thirty tabs opened together on a two-core laptop queued for 15-22 s.

**How.**  One *pre-loaded process* (:func:`main`, started by the server) imports Textual and the
whole game and loads the class's scenario once, then waits.  Asked for a game, it forks: the child
already has everything in memory (shared, copy-on-write, with the parent) and starts the game at
once.  The server keeps a **pool** of such games *started and waiting* (:class:`WarmPool`): their
first screen is already drawn into their output pipe when a student opens a tab, so the tab gets
it straight away; the pool is topped up in the background, after the rush.  A waiting game is kept
quiet: once its first screen is drawn (its output has gone still), it is told the window lost focus,
so not even a cursor blinks into its pipe; the tab that takes it tells it the window has focus
again, as a browser does.  What it drew while waiting (one screen, about 14 KB) is what the tab
receives first, exactly as if it had been connected from the start.  A tab whose size
differs from the size the waiting game was drawn at gets the drawing and then a resize, which the
game redraws (a few tens of milliseconds).  The pool draws its games at the size of the last tab
that connected, as a classroom's machines are mostly alike.

**What a child runs** is what the served command line runs (``politburo play --class CODE
--runs-dir DIR`` under ``POLITBURO_SERVED=1``): the :class:`~game.play.launch.Launch` is built here
by the same rules (:func:`served_launch`) from values the server checked.  Where ``fork`` does not
exist (Windows) or the pre-loaded process cannot start, the server falls back to one fresh process
per tab, as before.

**The protocol** between the server and the pre-loaded process is one socket pair of messages
(``SOCK_SEQPACKET``: message boundaries, and an end when either side goes away, so neither can wait
for ever on the other; where it does not exist, datagrams with timeouts): the
server sends ``{"columns": C, "rows": R}`` with the three pipe ends of the game's standard input,
output and error attached (``SCM_RIGHTS``); the process forks, the child makes them its 0, 1 and 2,
and the reply is ``{"pid": N}``.  Children are reaped by the kernel (``SIGCHLD`` ignored in the
pre-loaded process only).  When the server goes away the socket closes and the process exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.play.launch import Launch

#: Python cannot fork everywhere (Windows); there the server starts a fresh process per tab.
CAN_FORK = hasattr(os, "fork") and hasattr(socket, "send_fds") and sys.platform != "win32"
_KIND = getattr(socket, "SOCK_SEQPACKET", socket.SOCK_DGRAM)
#: Seconds to wait for the pre-loaded process to fork a game (it takes milliseconds).
FORK_TIMEOUT = 30.0
#: Seconds without a new tab before the pool is topped up (the rush gets the CPU first).
REFILL_QUIET = 1.0
#: A waiting game whose output has been still this long has drawn its first screen.
DRAWN_QUIET = 0.3
#: Seconds after a tab takes a waiting game before the game is given the focus back.
FOCUS_DELAY = 0.5
#: A waiting game that wrote more than this (it should write one screen) is replaced.
WAITING_OUTPUT_LIMIT = 1024 * 1024


def meta_packet(data: dict[str, object]) -> bytes:
    """A meta packet of textual-serve's protocol to a game's standard input (focus, blur, resize)."""
    payload = json.dumps(data).encode("utf-8")
    return b"M" + len(payload).to_bytes(4, "big") + payload


class _Watched(asyncio.StreamReaderProtocol):
    """A game's output pipe: fed to the tab's reader as usual, noting when and how much it wrote."""

    def __init__(self, reader: asyncio.StreamReader) -> None:
        super().__init__(reader)
        self.written = 0
        self.last = time.monotonic()

    def data_received(self, data: bytes) -> None:
        self.written += len(data)
        self.last = time.monotonic()
        super().data_received(data)


# -- the pre-loaded process ---------------------------------------------------------------------

def served_launch(runs_dir: str, class_code: str | None) -> Launch:
    """The launch every served tab plays, as ``politburo play [--class CODE] --runs-dir DIR`` builds
    it under ``POLITBURO_SERVED=1`` (the server checked both values already)."""
    from game.paths import Places
    from game.play.launch import Launch

    places = Places.resolve(runs_dir)
    if class_code is None:
        return Launch(places, served=True)  # the title screen: students pick a bundled scenario
    from game.classroom.join import join_class

    joined = join_class(class_code)
    return Launch(places, joined.scenario, None, joined.seed, joined.settings(), False, served=True)


def preload() -> None:
    """Import everything a served game needs before its first screen, so no child imports it."""
    import importlib
    import pkgutil

    import textual.drivers.web_driver  # noqa: F401
    import game.tui
    import game.tui.app

    for module in pkgutil.walk_packages(game.tui.__path__, "game.tui."):
        importlib.import_module(module.name)
    for name in ("game.play.session", "game.play.opening", "game.play.campaign", "game.classroom.namelock",
                 "game.catalog", "game.scenario"):
        importlib.import_module(name)


def _child(fds: list[int], request: dict[str, Any], launch: Launch) -> int:
    """In the forked child: become the tab's game."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.environ["COLUMNS"] = str(int(request.get("columns", 80)))
    os.environ["ROWS"] = str(int(request.get("rows", 24)))
    try:
        from game.tui.app import run_app

        return run_app(launch)
    except Exception as exc:  # as game.cli.main reports a bug of ours: a line, no traceback
        sys.stderr.write(f"politburo: internal error: {type(exc).__name__}: {exc}\n")
        return 70


def main(argv: list[str] | None = None) -> int:
    """``python -m game.classroom.warm FD RUNS_DIR [CODE]``: the pre-loaded process."""
    args = list(sys.argv[1:] if argv is None else argv)
    sock = socket.socket(fileno=int(args[0]))
    launch = served_launch(args[1], args[2] if len(args) > 2 else None)
    preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the games
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle
    gc.collect()
    gc.freeze()  # what is loaded now is shared with every game: keep the collector off those pages
    sock.sendall(b'{"ready": true}')
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, 4096, 3)
        except (ConnectionError, OSError):
            return 0
        if not message:
            return 0
        request = json.loads(message)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            sock.close()
            code = _child(fds, request, launch)
            with contextlib.suppress(Exception):
                sys.stdout.flush()
            os._exit(code)
        for fd in fds:
            os.close(fd)
        sock.sendall(json.dumps({"pid": pid}).encode())


# -- the server's side ---------------------------------------------------------------------------

@dataclass
class WarmGame:
    """A game forked for a tab: its pid and the server's ends of its pipes (as asyncio streams).
    Looks enough like an ``asyncio.subprocess.Process`` for textual-serve's ``AppService``."""

    pid: int
    stdin: asyncio.StreamWriter
    stdout: asyncio.StreamReader
    stderr: asyncio.StreamReader
    size: tuple[int, int]
    started: float = field(default_factory=time.monotonic)
    output: _Watched | None = None
    #: Told it lost focus while it waits (so the tab that takes it gives the focus back).
    blurred: bool = False

    def drawn(self) -> bool:
        """Its first screen is drawn: it wrote something and has been still since."""
        return self.output is None or (self.output.written > 0 and time.monotonic() - self.output.last > DRAWN_QUIET)

    def send(self, packet: bytes) -> None:
        with contextlib.suppress(Exception):
            self.stdin.write(packet)

    @property
    def returncode(self) -> int | None:
        return None if self.alive() else 0

    def alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.stdin.close()


class WarmPool:
    """The pre-loaded process and the games it keeps started for tabs to come.

    ``keep`` games wait at any time (never more than ``limit()`` allows: the server's tab limit
    minus the tabs playing).  :meth:`take` hands one to a tab at once, or forks a new one if none
    waits; the pool is topped up when no tab has arrived for :data:`REFILL_QUIET` seconds."""

    def __init__(self, runs_dir: Path, class_code: str | None, env: dict[str, str], *, keep: int,
                 limit: Callable[[], int] | None = None, size: tuple[int, int] = (100, 30)) -> None:
        self.runs_dir, self.class_code, self.env = runs_dir, class_code, env
        self.keep = keep
        self.limit = limit or (lambda: keep)
        self.size = size
        self.waiting: list[WarmGame] = []
        self._sock: socket.socket | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()
        self._last_take = 0.0
        self._refill: asyncio.Task[None] | None = None
        #: Why warm starts are off ('' while they work): the server then starts a process per tab.
        self.problem = "" if CAN_FORK else "this system cannot fork processes"

    @property
    def ready(self) -> bool:
        return self._sock is not None and not self.problem

    async def start(self) -> None:
        """Start the pre-loaded process and wait until it has loaded everything."""
        if self.problem:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, _KIND)
        argv = [sys.executable, "-m", "game.classroom.warm", str(theirs.fileno()), str(self.runs_dir)]
        if self.class_code:
            argv.append(self.class_code)
        try:
            self._process = await asyncio.create_subprocess_exec(
                *argv, pass_fds=(theirs.fileno(),), env=self.env, stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        except OSError as exc:
            self.problem = f"the pre-loaded process could not start ({exc.strerror or exc})"
            return
        finally:
            theirs.close()
        ours.settimeout(60)
        try:
            ready = await asyncio.to_thread(ours.recv, 4096)
        except OSError:  # (a timeout too)
            ready = b""
        ours.settimeout(FORK_TIMEOUT)
        if not ready:
            err = b""
            if self._process.stderr is not None:
                with contextlib.suppress(Exception):
                    err = await asyncio.wait_for(self._process.stderr.read(2000), 2)
            self.problem = "the pre-loaded process did not start" + (f": {err.decode(errors='replace')}" if err else "")
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            return
        self._sock = ours
        self.schedule_refill(delay=0)

    async def _fork(self, size: tuple[int, int]) -> WarmGame:
        """A new game, forked from the pre-loaded process, drawing its first screen at ``size``."""
        assert self._sock is not None
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        message = json.dumps({"columns": size[0], "rows": size[1]}).encode()
        sock = self._sock
        try:
            async with self._lock:
                def ask() -> bytes:
                    socket.send_fds(sock, [message], [stdin_r, stdout_w, stderr_w])
                    return sock.recv(4096)

                reply = await asyncio.to_thread(ask)  # (the socket times out: no thread waits for ever)
        except BaseException:
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            raise
        finally:
            for fd in (stdin_r, stdout_w, stderr_w):
                os.close(fd)
        if not reply:
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            raise OSError("the pre-loaded process has gone")
        pid = int(json.loads(reply)["pid"])
        loop = asyncio.get_running_loop()
        stdout = asyncio.StreamReader(limit=2**16)
        watched = _Watched(stdout)
        await loop.connect_read_pipe(lambda: watched, os.fdopen(stdout_r, "rb", 0))
        stderr = asyncio.StreamReader(limit=2**16)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stderr), os.fdopen(stderr_r, "rb", 0))
        transport, protocol = await loop.connect_write_pipe(
            lambda: asyncio.streams.FlowControlMixin(), os.fdopen(stdin_w, "wb", 0))
        stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return WarmGame(pid, stdin, stdout, stderr, size, output=watched)

    async def take(self, size: tuple[int, int]) -> WarmGame:
        """A game for a tab of ``size``: one already waiting (its first screen drawn), else a new one."""
        self._last_take = time.monotonic()
        self.size = size  # the next games are drawn at the size tabs have
        while self.waiting:
            game = self.waiting.pop(0)
            if game.alive() and game.output is not None and game.output.written <= WAITING_OUTPUT_LIMIT:
                self.schedule_refill()
                return game
            game.kill()
        game = await self._fork(size)
        self.schedule_refill()
        return game

    def schedule_refill(self, delay: float = REFILL_QUIET) -> None:
        if self._refill is None or self._refill.done():
            self._refill = asyncio.get_running_loop().create_task(self._top_up(delay))

    async def _top_up(self, quiet: float) -> None:
        """Fork games until ``keep`` wait, each only once no tab has arrived for ``quiet`` seconds."""
        while self.ready and len(self.waiting) < min(self.keep, max(0, self.limit())):
            wait = self._last_take + quiet - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            try:
                game = await self._fork(self.size)
            except (OSError, TimeoutError, ValueError) as exc:
                self.problem = f"warm start stopped: {exc}"
                return
            self.waiting.append(game)
            asyncio.get_running_loop().create_task(self._quieten(game))

    async def _quieten(self, game: WarmGame) -> None:
        """While a game waits: whenever it has written and then gone still, tell it the window lost
        focus.  Once is enough unless the blur arrived before its first screen took the focus (the
        cursor then blinks on, and the next still moment sends it again); a second blur changes
        nothing and draws nothing, so this settles."""
        told = 0
        while game in self.waiting and game.output is not None:
            if game.output.written > told and game.drawn():
                told = game.output.written
                game.blurred = True
                game.send(meta_packet({"type": "blur"}))
            await asyncio.sleep(0.25)

    async def close(self) -> None:
        if self._refill is not None:
            self._refill.cancel()
        for game in self.waiting:
            game.kill()
        self.waiting.clear()
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)  # wakes a thread waiting for a reply
            self._sock.close()
            self._sock = None
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                self._process.terminate()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._process.wait(), 5)


if __name__ == "__main__":
    raise SystemExit(main())
