"""The real game in a pseudo-terminal (issue 12, F13; issue 10, point 9): SIGTERM, SIGHUP and SIGQUIT
save the game and restore the terminal (alternate screen left, mouse tracking off, cursor shown),
and quitting on the title's first frame exits 0.  A subprocess, as a player runs it: nothing here
is mocked."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from game.formats import read_save
from tests.conftest import ROOT
from tests.tui.tuihelp import FIXTURES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pseudo-terminals")

LEAVE_ALT_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"
MOUSE_OFF = b"\x1b[?1000l"


class Game:
    """``python -m game ARGS`` on a pseudo-terminal of 80x24; everything it writes is kept."""

    def __init__(self, *args: str, home: Path):
        env = {**os.environ, "POLITBURO_HOME": str(home), "TERM": "xterm-256color", "COLUMNS": "80",
               "LINES": "24"}
        env.pop("TEXTUAL", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the game
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "game", *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.out = b""
        #: Where the text last waited for ends: the next wait looks after it.
        self.mark = 0
        self.status: int | None = None

    def read(self, timeout: float = 0.1) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO: the child has gone and closed its side
                self.out += os.read(self.fd, 65536)

    def wait_for(self, text: bytes, within: float = 30.0) -> int:
        """Read until ``text`` has been written after the last text waited for (returns where it
        starts); fail saying what was seen."""
        deadline = time.monotonic() + within
        while text not in self.out[self.mark:]:
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r}; last output: {self.out[-600:]!r}")
            self.read()
        found = self.out.index(text, self.mark)
        self.mark = found + len(text)
        return found

    def poll(self, found, what: str, within: float = 30.0):
        """Read on until ``found()`` is truthy (a file appeared, a save holds a decision)."""
        deadline = time.monotonic() + within
        while True:
            try:
                value = found()
            except Exception:  # a file being replaced under the reader: look again
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what}; last output: {self.out[-600:]!r}")
            self.read()

    def settle(self, quiet: float = 0.5) -> None:
        """Read until the game has drawn nothing for ``quiet`` seconds."""
        size = -1
        while size != len(self.out):
            size = len(self.out)
            self.read(quiet)

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def finish(self, within: float = 30.0) -> int:
        """Read everything until the game exits; its exit status (128 + N for signal N's exit)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            self.read()
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                for _ in range(20):  # what it wrote just before leaving
                    self.read(0.05)
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError(f"the game did not exit; last output: {self.out[-600:]!r}")

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT],
                         ids=["SIGTERM", "SIGHUP", "SIGQUIT"])
def test_a_signal_saves_the_game_and_restores_the_terminal(tmp_path, home, signum):
    runs = tmp_path / "runs"
    game = Game("play", str(FIXTURES / "council.yaml"), "--runs-dir", str(runs), "--seed", "7",
                "--player", "Ana", home=home)
    try:
        game.wait_for(b"Decision 1")
        game.wait_for(b"Choose")  # the council's short briefing fits: the options are up
        game.send(b"2")
        game.wait_for(b"What actually happened")
        game.send(b"\r")  # back to the game: the second scene
        save = game.poll(lambda: next(iter((runs / ".saves").glob("council--*.json")), None), "the autosave")
        game.poll(lambda: len(read_save(save).state.decisions) == 1, "the decision saved")
        game.settle()
        before = len(game.out)
        os.kill(game.pid, signum)
        status = game.finish()
    finally:
        game.close()
    after = game.out[before:]
    assert status == 128 + signum, after[-400:]
    for sequence in (LEAVE_ALT_SCREEN, SHOW_CURSOR, MOUSE_OFF):
        assert sequence in after, (sequence, after[-400:])
    # Restored last: nothing is drawn in the alternate screen after it is left.
    assert b"\x1b[1;1H" not in after[after.rindex(LEAVE_ALT_SCREEN):]
    saved = read_save(save)  # intact, with the decision taken
    assert len(saved.state.decisions) == 1 and saved.player == "Ana"
    if signum != signal.SIGHUP:  # a terminal that is still there is told how to carry on
        assert b"Your game is saved" in after


def test_quitting_on_the_titles_first_frame_exits_0(home):
    game = Game(home=home)
    try:
        game.wait_for(b"New game")
        game.send(b"q")
        status = game.finish()
    finally:
        game.close()
    assert status == 0, game.out[-600:]
    assert b"NoMatches" not in game.out and b"Traceback" not in game.out
    assert LEAVE_ALT_SCREEN in game.out


def test_a_hostile_file_name_never_drives_the_real_terminal(home):
    """Issue 12, F2 and F11 in the full-screen game, end to end: a student names a file in the
    class folder with an OSC 52 clipboard write, an OSC 0 window title and a screen clear; the
    teacher opens the class report.  The name is shown, and none of it reaches the terminal."""
    runs = home / "runs"
    runs.mkdir(parents=True)
    hostile = "x\x1b]52;c;cHduZWQ=\x07\x1b]0;pwned\x07\x1b[2J\x9b31m.json"
    (runs / hostile).write_bytes(b"{ not a record")
    game = Game(home=home)
    try:
        game.wait_for(b"New game")
        start = len(game.out)
        game.send(b"r")
        game.poll(lambda: b"Skipped 1 file" in game.out[start:] and b"pwned" in game.out[start:],
                  "the file's name in the report (inert: see below)")
        game.settle()
        game.send(b"\x11")  # Ctrl+Q
        status = game.finish()
    finally:
        game.close()
    drawn = game.out[start:]
    assert status == 0, drawn[-600:]
    for sequence in (b"\x1b]52", b"\x1b]0;pwned", b"\x1b[2J", "\x9b".encode()):
        assert sequence not in drawn, sequence
