"""How fast commands start, as a person waits for them (issue 15).

Each measure is a ratio against a floor measured in the same run, alternating the two, medians
of several runs (not best-of: a median is what a person meets):

1. ``politburo --help`` against ``python -c "import argparse, yaml"`` — goal ≤ 1.5x.
2. ``politburo validate kim-1949.yaml`` against a process that only composes the same file with
   PyYAML's C loader — goal ≤ 2x.
3. The real ``politburo`` entry point, in a pseudo-terminal, to the first painted title screen,
   against a minimal Textual app painting one line in the same way — goal ≤ 1.3x.

Run: python benchmarks/bench_start.py [runs]
"""

from __future__ import annotations

import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from _common import ROOT

PYTHON = sys.executable
SCENARIO = str(ROOT / "scenarios" / "kim-1949.yaml")
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("READY-MINIMAL")
Minimal().run()
"""


def run_process(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env={**os.environ, "POLITBURO_HOME": HOME})
    return time.perf_counter() - start


def to_first_paint(args: list[str], marker: bytes, timeout: float = 20.0) -> float:
    """Seconds from starting ``args`` in an 80x24 pseudo-terminal until ``marker`` is painted."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal program like any other
        os.environ.update({"TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24", "POLITBURO_HOME": HOME})
        os.execvp(args[0], args)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{args} never painted {marker!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def compare(name: str, ours: callable, floor: callable, goal: float, runs: int) -> tuple[float, float, float]:
    mine, base = [], []
    for _ in range(runs):  # alternating, so a busy moment hits both sides
        base.append(floor())
        mine.append(ours())
    m, b = statistics.median(mine), statistics.median(base)
    verdict = "meets" if m / b <= goal else "MISSES"
    print(f"{name:<34} {m * 1000:8.1f} ms vs {b * 1000:7.1f} ms   {m / b:5.2f}x  (goal <= {goal}x: {verdict})")
    return m, b, m / b


def main(runs: int = 9) -> None:
    politburo = [PYTHON, "-m", "game"]
    print(f"medians of {runs} alternating runs\n")
    compare("politburo --help", lambda: run_process([*politburo, "--help"]),
            lambda: run_process([PYTHON, "-c", "import argparse, yaml"]), 1.5, runs)
    compose = f"import yaml; yaml.compose(open({SCENARIO!r}, 'rb'), Loader=yaml.CSafeLoader)"
    compare("politburo validate kim-1949.yaml", lambda: run_process([*politburo, "validate", SCENARIO]),
            lambda: run_process([PYTHON, "-c", compose]), 2.0, runs)
    compare("politburo to the painted title", lambda: to_first_paint([*politburo], b"Politburo"),
            lambda: to_first_paint([PYTHON, "-c", MINIMAL_APP], b"READY-MINIMAL"), 1.3, runs)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as home:
        HOME = home
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
