"""Running ``politburo serve`` for a test: a free loopback port, bounded waits, and a clean stop.

The server runs in its own process group so that stopping it also stops the game processes it
started for each browser tab (and nothing else)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listened on port {port} within {timeout} s")


@dataclass
class Served:
    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def served(log: Path, *args: str, env: dict | None = None):
    """Run ``politburo serve --port P ARGS`` (output to ``log``) and yield a :class:`Served`."""
    port = free_port()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "game", "serve", "--port", str(port), *args],
                                cwd=ROOT, env={**os.environ, "COLUMNS": "200", **(env or {})}, stdout=out,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        wait_for_port(port, proc, log)
        yield Served(port, proc, log)
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Stop a process started in its own session, with everything it started: SIGTERM to the
    group, then SIGKILL if it has not gone within ``timeout`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


def started_games(server: Served) -> int:
    """How many game processes the server has started for browser tabs: those still running,
    or, without the full-screen game, those that ended saying so (textual-serve passes their
    message on to the server's output).  With warm starts, the games forked by the pre-loaded
    process, less the ``waiting`` ones kept for tabs to come."""
    running = [a for a in game_processes(server.proc.pid) if a[1:4] == ["-m", "game", "play"]]
    return max(len(running), server.output().count("The full-screen game is not available"))


def warm_games(server: Served) -> list[int]:
    """The games forked by the server's pre-loaded process (waiting or playing)."""
    [preloaded] = [pid for pid, argv in game_pids(server.proc.pid) if argv[1:3] == ["-m", "game.classroom.warm"]
                   and parent(pid) == server.proc.pid] or [None]
    if preloaded is None:
        return []
    return [pid for pid, _ in game_pids(server.proc.pid) if parent(pid) == preloaded]


def parent(pid: int) -> int:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    return 0


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def game_processes(server_pid: int) -> list[list[str]]:
    """Command lines of the processes in the server's process group other than the server (Linux)."""
    return [argv for _, argv in game_pids(server_pid)]


def game_pids(server_pid: int) -> list[tuple[int, list[str]]]:
    """(pid, command line) of the processes in the server's process group other than the server."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == server_pid:
            continue
        with contextlib.suppress(OSError):
            if os.getpgid(int(entry.name)) != server_pid:
                continue
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            found.append((int(entry.name), [a.decode("utf-8", "replace") for a in argv if a]))
    return found
