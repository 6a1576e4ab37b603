"""How fast the full-screen game answers the keys a player waits on (issue 15, "The decision key").

What is measured is what a player sees: the real ``politburo play kim-1949`` in an 80x24
pseudo-terminal, from the moment a key is written to the terminal until the first output that
carries the change (the reveal's "What actually happened", the next scene's "Decision N", the
meters panel's heading) — not "the app went idle", which can come long after the frame or,
with a worker still running, never.  The floor is a minimal Textual app in another pseudo-terminal
whose key press replaces one line of text, timed the same way.  The two are pressed alternately,
so a busy moment on a shared machine hits both, and medians are compared (a median is what a
player meets; a best-of would flatter both).

Goals: decide → the reveal's first frame within 2x the minimal app's key → frame, and its
median under 50 ms.  Beside each wall time it prints the CPU time the program's main thread spent
between the key and that frame (Linux, ``/proc/PID/schedstat``): the work done for the key, which
a busy machine does not inflate, so it compares runs made at different moments.

For scale it also times a second minimal app whose key replaces a whole screen of wrapped text
(one widget, no screen switch): the least a Textual app does to show a new screenful, which the
reveal is; and whose other key brings up a kept modal screen refilled with such text, as the
game brings up its reveal: the least Textual does to show a new screen of text over another.
Neither changes the goal; they show where the floor for a screen of text lies.

Start-up (process start to the painted title) is measured by ``bench_start.py``.

Run: python benchmarks/bench_tui.py [games]
"""

from __future__ import annotations

import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT

DECIDE_RATIO_GOAL = 2.0
DECIDE_MS_GOAL = 50.0
FLOOR = "minimal app: key → frame"
#: Seconds "spent reading" a reveal before going on (the next scene is built meanwhile).
READING = 2.0

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    BINDINGS = [("1", "change", "Change")]
    presses = 0
    def compose(self):
        yield Static("READY-MINIMAL", id="line")
    def action_change(self):
        self.presses += 1
        self.query_one("#line", Static).update(f"CHANGED-{self.presses}-DONE")
Minimal().run()
"""


PAGE = "minimal app: key → a new page"
MODAL = "minimal app: key → a modal of text"

#: A minimal app whose key "1" replaces a screenful of wrapped prose in place (about what the
#: reveal shows at 80x24), each time different so that nothing is cached; and whose key "2"
#: brings up a kept modal screen refilled with such a page, as the game does with its reveal
#: ("3" closes it, untimed).  The modal is the least a Textual app does to show a new screen of
#: text over another one: the floor the reveal is compared with for scale.
MINIMAL_PAGE_APP = """
from textual.app import App
from textual.screen import ModalScreen
from textual.widgets import Static
WORDS = ("the delegation asked again for arms and instructors while the ambassador reported "
         "the state of both armies along the parallel and Moscow weighed the risk").split()
def page(n, label="PAGE"):
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(260)]
    return f"{label}-{n}-SHOWN " + " ".join(words)
class Modal(ModalScreen):
    CSS = "Modal { align: center middle; } #text { width: 72; height: 20; background: $panel; }"
    BINDINGS = [("3", "app.pop_screen", "Close")]
    text = ""
    def compose(self):
        yield Static(self.text, id="text")
class MinimalPage(App):
    CSS = "#page { height: 100%; }"
    BINDINGS = [("1", "change", "Change"), ("2", "modal", "Modal")]
    presses = 0
    modals = 0
    def compose(self):
        yield Static("READY-PAGE", id="page")
    def on_mount(self):
        self.install_screen(Modal(), "modal")
    def action_change(self):
        self.presses += 1
        self.query_one("#page", Static).update(page(self.presses))
    def action_modal(self):
        self.modals += 1
        modal = self.get_screen("modal")
        if modal.is_mounted:
            modal.query_one("#text", Static).update(page(self.modals, "MODAL"))
        else:
            modal.text = page(self.modals, "MODAL")
        self.push_screen(modal)
MinimalPage().run()
"""


class Terminal:
    """A program in an 80x24 pseudo-terminal; ``key`` times a key to the output that shows it."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        import fcntl
        import termios

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a terminal program like any other
            os.chdir(ROOT)
            os.execve(args[0], args, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.out = b""
        self.mark = 0

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                self.out += os.read(self.fd, 1 << 16)
            except OSError:  # the program has gone
                raise RuntimeError(f"the program exited; last output: {self.out[-400:]!r}") from None

    def wait(self, marker: bytes, within: float = 30.0) -> float:
        """Read until ``marker`` appears after the last one waited for; the time it arrived."""
        deadline = time.perf_counter() + within
        while marker not in self.out[self.mark:]:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"never saw {marker!r}; last output: {self.out[-400:]!r}")
            self._read(0.05)
        arrived = time.perf_counter()
        self.mark = self.out.index(marker, self.mark) + len(marker)
        return arrived

    def wait_any(self, *markers: bytes, within: float = 30.0) -> bytes:
        """Read until one of ``markers`` appears after the last one waited for; which one."""
        deadline = time.perf_counter() + within
        while True:
            found = [(self.out.index(m, self.mark), m) for m in markers if m in self.out[self.mark:]]
            if found:
                at, marker = min(found)
                self.mark = at + len(marker)
                return marker
            if time.perf_counter() > deadline:
                raise RuntimeError(f"never saw any of {markers!r}; last output: {self.out[-400:]!r}")
            self._read(0.05)

    def settle(self, quiet: float = 0.15) -> None:
        """Read until nothing has been drawn for ``quiet`` seconds (the screen is at rest)."""
        size = -1
        while size != len(self.out):
            size = len(self.out)
            self._read(quiet)
        self.mark = len(self.out)

    def cpu(self) -> float:
        """Seconds the program's main thread has run on a CPU (Linux; 0 elsewhere)."""
        try:
            with open(f"/proc/{self.pid}/schedstat") as f:
                return int(f.read().split()[0]) / 1e9
        except OSError:
            return 0.0

    def key(self, keys: bytes, *markers: bytes) -> tuple[float, float, bytes]:
        """Seconds from writing ``keys`` to the first output holding one of ``markers``; the
        main thread's CPU seconds in between; which marker."""
        self.settle()
        cpu = self.cpu()
        start = time.perf_counter()
        os.write(self.fd, keys)
        marker = self.wait_any(*markers)
        return time.perf_counter() - start, self.cpu() - cpu, marker

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def environment(home: str) -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24", "POLITBURO_HOME": home}
    env.pop("TEXTUAL", None)
    return env


def play_one_game(runs: Path, env: dict[str, str], minimal: Terminal, page: Terminal,
                  times: dict[str, list[float]], cpus: dict[str, list[float]]) -> None:
    """Play kim-1949 to its end, timing each key the player waits on against the minimal app."""
    game = Terminal([sys.executable, "-m", "game", "play", "kim-1949", "--seed", "7", "--player", "Bench",
                     "--runs-dir", str(runs)], env)

    def timed(what: str, terminal: Terminal, keys: bytes, *markers: bytes) -> bytes:
        elapsed, cpu, marker = terminal.key(keys, *markers)
        times.setdefault(what, []).append(elapsed)
        cpus.setdefault(what, []).append(cpu)
        return marker

    def both(what: str, keys: bytes, *markers: bytes) -> bytes:
        marker = timed(what, game, keys, *markers)
        timed(FLOOR, minimal, b"1", f"CHANGED-{len(times.get(FLOOR, ())) + 1}-DONE".encode())
        return marker

    try:
        decision = 1
        game.wait(b"Decision 1")
        both("meters panel opens (m)", b"m", b"Meters: the model")
        game.settle()
        os.write(game.fd, b"\x1b")  # (Esc is not timed: the terminal driver waits to tell it from a sequence)
        game.wait(b"Decision 1")
        while True:
            both("options come (Enter)", b"\r", b"Your decision")
            # Enter takes the highlighted option (the first that can be taken).
            both("decide → reveal", b"\r", b"What actually happened")
            timed(PAGE, page, b"1", f"PAGE-{len(times.get(PAGE, ())) + 1}-SHOWN".encode())
            timed(MODAL, page, b"2", f"MODAL-{len(times.get(MODAL, ())) + 1}-SHOWN".encode())
            page.settle()
            os.write(page.fd, b"3")  # close the modal (not timed)
            # On from the reveal: the next scene (refilled underneath while the reveal is read:
            # a player reads for longer than the two seconds given here), or the debrief.
            time.sleep(READING)
            decision += 1
            if both("reveal → next scene", b"\r", f"Decision {decision}".encode(), b"The end: ") == b"The end: ":
                break
    finally:
        game.close()


def main(games: int = 3) -> None:
    times: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="politburo-bench-") as home:
        env = environment(home)
        minimal = Terminal([sys.executable, "-c", MINIMAL_APP], env)
        page = Terminal([sys.executable, "-c", MINIMAL_PAGE_APP], env)
        try:
            minimal.wait(b"READY-MINIMAL")
            page.wait(b"READY-PAGE")
            for n in range(games):
                play_one_game(Path(home) / f"runs-{n}", env, minimal, page, times, cpus)
        finally:
            minimal.close()
            page.close()
    floor = statistics.median(times.pop(FLOOR))
    cpu_floor = statistics.median(cpus.pop(FLOOR))
    print(f"key → first frame carrying the change, medians over {games} games of kim-1949 at 80x24,\n"
          f"alternating with a minimal Textual app's key → frame ({floor * 1000:.1f} ms; its main "
          f"thread's CPU {cpu_floor * 1000:.1f} ms)\n")
    for last in (PAGE, MODAL):  # printed last, under the game's keys
        times[last] = times.pop(last)
        cpus[last] = cpus.pop(last)
    print(f"  {'':<32} {'wall':>9}  {'ratio':>6}  {'main-thread CPU':>15}  {'ratio':>6}")
    for what, group in times.items():
        m, c = statistics.median(group), statistics.median(cpus[what])
        print(f"  {what:<32} {m * 1000:6.1f} ms  {m / floor:5.1f}x  {c * 1000:12.1f} ms  {c / cpu_floor:5.1f}x"
              f"  (n={len(group)}, worst {max(group) * 1000:.0f} ms)")
    decide = statistics.median(times["decide → reveal"])
    ratio = decide / floor
    verdict = "meets" if ratio <= DECIDE_RATIO_GOAL and decide * 1000 < DECIDE_MS_GOAL else "MISSES"
    print(f"\ndecide → reveal: {decide * 1000:.1f} ms, {ratio:.2f}x the minimal app "
          f"(goal <= {DECIDE_RATIO_GOAL}x and < {DECIDE_MS_GOAL:.0f} ms: {verdict})\n"
          "(the main-thread CPU is the work done for the key, which other processes on a busy "
          "machine do not inflate as they do the wall time)")
    page_wall, page_cpu = statistics.median(times[PAGE]), statistics.median(cpus[PAGE])
    decide_cpu = statistics.median(cpus["decide → reveal"])
    print(f"for scale: a minimal app replacing a screenful of text takes {page_wall / floor:.1f}x its "
          f"one-line change ({page_cpu / cpu_floor:.1f}x in CPU); decide → reveal is "
          f"{decide / page_wall:.1f}x that page ({decide_cpu / page_cpu:.1f}x in CPU)")
    modal_wall, modal_cpu = statistics.median(times[MODAL]), statistics.median(cpus[MODAL])
    print(f"and bringing up a modal screen of text takes the minimal app {modal_wall * 1000:.1f} ms, "
          f"{modal_wall / floor:.1f}x its one-line change ({modal_cpu / cpu_floor:.1f}x in CPU): the "
          f"reveal is {decide / modal_wall:.2f}x that modal ({decide_cpu / modal_cpu:.2f}x in CPU)")

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
