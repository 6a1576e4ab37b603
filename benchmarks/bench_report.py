"""The class report at the scale of a school, and the live view.

Goals (issue 15, "reports that scale to a school"): ``politburo report`` over 100,000 run records,
in every format, within 3x the time it takes just to read and parse the same JSON files, in
bounded memory; the HTML page does not grow with the number of players (under 5 MB at 100,000
runs).  Issue 5's goal (1,000 run files read and reported in under 2 s) is printed too.

The records are generated in a temporary folder (removed afterwards) at 1,000, 10,000 and 100,000
runs: 3,000 distinct kim-1949 games played by random students (reasons at debate points), built
by the play layer's own record builder, then written as the game names its files, each run with
its own id and player ("Student n", 700 names, so names repeat as in a year group).  The files
are written without fsync (the benchmark's own set-up, not the game's way).

Each measurement is a whole process, as a teacher runs it: ``politburo report DIR --format F -o
FILE`` against the floor, a Python process that reads every file and parses it with ``json.loads``
(nothing else).  Runs alternate floor, report, floor, report (3 pairs per format, 2 at 100,000):
each ratio is a report over the floor run just before it, under the same load, and the median
ratio is printed.  Memory is the process's peak resident set (``ru_maxrss``).

The live view (issue 14) is measured too: what one look at the folder costs when nothing changed
(the stat scan of :class:`game.classroom.live.ClassWatcher`), for a class of 30 and for 1,000
files, and how long a decision takes to reach the live report: a class of 30 plays (real sessions
writing progress files at random moments) while a watcher polls every ``INTERVAL`` seconds.

Run: python benchmarks/bench_report.py [--sizes 1000,10000,100000] [--no-live]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT

from game.catalog import resolve
from game.engine import Game
from game.formats import RunSettings, record_bytes
from game.paths import Places
from game.play.recording import build_record
from game.play.store import record_path

GOAL = 3.0
HTML_LIMIT = 5_000_000
DISTINCT = 3000
FORMATS = ("table", "md", "csv", "html", "json", "roster")
FLOOR = """
import json, os, sys
for root, dirs, names in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if not d.startswith('.')]
    for name in names:
        if name.endswith('.json'):
            with open(os.path.join(root, name), 'rb') as f:
                json.loads(f.read())
"""


def games(count: int = DISTINCT) -> list:
    """``count`` finished kim-1949 games by random students, as (game, reasons)."""
    scenario = resolve("kim-1949").result.scenario
    assert scenario is not None, "kim-1949 must validate"
    pick = random.Random(5)
    out = []
    for n in range(count):
        game = Game.new(scenario, 1949)
        reasons = {}
        while not game.is_over:
            choice = pick.choice(game.available_choices())
            if game.scene is not None and game.scene.debate:
                reasons[game.turn + 1] = f"Student {n} chose {choice.id} because the risk seemed smaller."
            game.choose(choice.id)
        out.append((game, reasons))
    return out


def generate(folder: Path, count: int, played: list) -> None:
    places = Places(folder, folder / ".saves")
    settings = RunSettings(class_code="32N-F24-2WQ")
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        game, reasons = played[n % len(played)]
        record = build_record(game, run_id=f"{n:016x}", player=f"Student {n % 700}",
                              started_at="2025-03-01T09:00:00Z", settings=settings,
                              finished_at=f"2025-03-01T09:{n % 60:02}:00Z", reasons=reasons)
        record_path(places, "kim-1949", record.player, record.run_id).write_bytes(record_bytes(record))


def _once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_of(args: list[str]) -> float:
    """Peak MiB of one process (its own rusage, from wait4)."""
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, proc.stderr.read() if proc.stderr else ""
    return usage.ru_maxrss / 1024


def scale(size: int, played: list, live: bool = True) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "runs"
        generate(folder, size, played)
        out = Path(tmp) / "out"
        floor_cmd = [sys.executable, "-c", FLOOR, str(folder)]
        floors, rows = [], []
        repeat = 2 if size >= 100_000 else 3
        for fmt in FORMATS:
            ratios, took, peaks = [], [], []
            for _ in range(repeat):  # floor, report, floor, report: each pair under the same load
                floors.append(_once(lambda: subprocess.run(floor_cmd, check=True)))
                cmd = [sys.executable, "-m", "game", "report", str(folder), "--format", fmt, "-o", str(out)]
                start = time.perf_counter()
                peaks.append(peak_of(cmd))
                took.append(time.perf_counter() - start)
                ratios.append(took[-1] / floors[-1])
            rows.append((fmt, statistics.median(took), statistics.median(ratios), max(peaks), out.stat().st_size))
        floor = statistics.median(floors)
        floor_peak = peak_of(floor_cmd)
        one = Path(tmp) / "one"
        one.mkdir()
        first = next(folder.glob("*.json"))
        (one / first.name).write_bytes(first.read_bytes())
        fixed = statistics.median(_once(lambda: peak_of([sys.executable, "-m", "game", "report", str(one), "--format",
                                                         "html", "-o", str(out)])) for _ in range(3))
        print(f"{size:,} records: read + json.loads floor {floor:.2f} s (median of {len(floors)}), "
              f"peak {floor_peak:.0f} MiB; the report's fixed start (one record: imports, the scenario "
              f"checked) {fixed:.2f} s")
        for fmt, took, ratio, peak, written in rows:
            extra = ""
            if fmt == "html":
                extra = f"  page under {HTML_LIMIT / 1e6:.0f} MB: {'ok' if written < HTML_LIMIT else 'MISSED'}"
            print(f"  report --format {fmt:6} {took:6.2f} s  {ratio:4.2f}x the floor run beside it "
                  f"(goal <= {GOAL}x: {'ok' if ratio <= GOAL else 'MISSED'})  peak {peak:5.0f} MiB  "
                  f"output {written / 1e6:7.2f} MB{extra}")
        if size == 1000:
            html = next(r for r in rows if r[0] == "html")
            print(f"  issue 5: 1,000 run files, whole command to HTML: {html[1]:.2f} s (goal < 2 s: "
                  f"{'ok' if html[1] < 2 else 'MISSED'})")
            if live:
                live_figures(folder)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-live", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; playing {DISTINCT:,} distinct games for the records ...")
    played = games()
    for size in (int(s) for s in args.sizes.split(",")):
        scale(size, played, live=not args.no_live)


def live_figures(big: Path) -> None:
    """The live view: a look that finds nothing new, and a decision's way to the live report."""
    import statistics
    import threading

    from game.classroom.live import INTERVAL, ClassWatcher
    from game.play.session import Session

    from game.classroom.report import installed_lookup

    sys.path.insert(0, str(ROOT))
    from tests.classroom.lesson import kim_class

    with tempfile.TemporaryDirectory() as tmp:
        lesson = Path(tmp) / "lesson"
        joined = kim_class()
        places = Places(lesson, lesson / ".saves", given=True)
        places.prepare()
        sessions = [Session.start(joined.scenario, places, player=f"Student {n}", settings=joined.settings(),
                                  seed=joined.seed) for n in range(30)]
        for s in sessions:  # everyone has decided once: 30 progress files
            s.choose(s.game.available_choices()[0].id)
            s.save()
        for name, folder in (("a class of 30 (progress files)", lesson), ("1,000 run files", big)):
            watcher = ClassWatcher([str(folder)], installed_lookup())
            watcher.poll()
            took = min(_once(watcher.poll) for _ in range(20))
            print(f"live: one look that finds nothing new, {name}: {took * 1000:.2f} ms "
                  f"({took / INTERVAL * 100:.2f}% of a core at one look every {INTERVAL} s)")
        watcher = ClassWatcher([str(lesson)], installed_lookup())
        watcher.poll()
        pick = random.Random(9)
        delays: list[float] = []
        stop = threading.Event()
        written: list[float] = []

        def class_plays() -> None:
            for _ in range(40):
                time.sleep(pick.uniform(0.05, 0.6))
                s = pick.choice([s for s in sessions if not s.is_over] or sessions)
                if s.is_over:
                    break
                s.choose(pick.choice(s.game.available_choices()).id)
                s.save()
                written.append(time.perf_counter())
            stop.set()

        player = threading.Thread(target=class_plays)
        player.start()
        while not stop.is_set() or len(delays) < len(written):
            if watcher.poll() is not None:
                now = time.perf_counter()
                delays += [now - w for w in written[len(delays):]]
            time.sleep(INTERVAL)
        player.join()
        print(f"live: a decision reaches the live report after {statistics.median(delays) * 1000:.0f} ms median, "
              f"{max(delays) * 1000:.0f} ms at most ({len(delays)} decisions, a look every {INTERVAL} s)")


if __name__ == "__main__":
    main()
