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
import resource
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from _common import ROOT, ensure_bytecode

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


#: CPU seconds (user + system) of each process run by run_process, in order: the work done,
#: which other processes on a shared machine do not inflate as they inflate wall time.
CPU: list[float] = []


def run_process(args: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env={**os.environ, "POLITBURO_HOME": HOME})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system, every thread) the process ``pid`` has used so far (Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


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
                    wall = time.perf_counter() - start
                    CPU.append(process_cpu(pid))
                    return wall
        raise RuntimeError(f"{args} never painted {marker!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def compare(name: str, ours: callable, floor: callable, goal: float, runs: int) -> tuple[float, float, float]:
    mine, base, mine_cpu, base_cpu = [], [], [], []
    for _ in range(runs):  # alternating, so a busy moment hits both sides
        CPU.clear()
        base.append(floor())
        base_cpu.extend(CPU)
        CPU.clear()
        mine.append(ours())
        mine_cpu.extend(CPU)
    m, b = statistics.median(mine), statistics.median(base)
    verdict = "meets" if m / b <= goal else "MISSES"
    print(f"{name:<34} {m * 1000:8.1f} ms vs {b * 1000:7.1f} ms   {m / b:5.2f}x  (goal <= {goal}x: {verdict})")
    if mine_cpu and base_cpu and min(base_cpu) > 0:  # the CPU time of each process too
        mc, bc = statistics.median(mine_cpu), statistics.median(base_cpu)
        print(f"{'':<34} {mc * 1000:8.1f} ms vs {bc * 1000:7.1f} ms   {mc / bc:5.2f}x  CPU")
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
    ensure_bytecode()
    with tempfile.TemporaryDirectory() as home:
        HOME = home
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
