"""The class report over 1,000 run files.

Goal (issue 5): reading 1,000 run records and building the report takes under 2 seconds, so a
teacher can run it on a whole year's folder without waiting.  The runs are generated with the
engine (kim-1949, random students with reasons at debate points), written as the game writes them,
then read back cold by ``load_runs`` (the program's one record reader, :mod:`game.formats`) +
``build_report`` and rendered in every format.

The live view (issue 14) is measured too: what one look at the folder costs when nothing changed
(the stat scan of :class:`game.classroom.live.ClassWatcher`), for a class of 30 and for the 1,000
files, and how long a decision takes to reach the live report: a class of 30 plays (real sessions
writing progress files at random moments) while a watcher polls every ``INTERVAL`` seconds.
Run: python benchmarks/bench_report.py
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, best_of

from game.catalog import resolve
from game.classroom.export import to_csv, to_json
from game.classroom.html import to_html
from game.classroom.report import build_report, installed_lookup
from game.classroom.runs import load_runs
from game.classroom.text import to_markdown, to_table
from game.engine import Game
from game.formats import RunSettings, record_bytes
from game.paths import Places
from game.play.recording import build_record
from game.play.store import record_path
from game.storage import atomic_write_bytes

GOAL = 2.0
RUNS = 1000


def generate(folder: Path, count: int = RUNS) -> None:
    scenario = resolve("kim-1949").result.scenario
    assert scenario is not None, "kim-1949 must validate"
    pick = random.Random(5)
    places = Places(folder, folder / ".saves")
    settings = RunSettings(class_code="32N-F24-2WQ")
    for n in range(count):
        game = Game.new(scenario, 1949)
        reasons = {}
        while not game.is_over:
            choice = pick.choice(game.available_choices())
            if game.scene is not None and game.scene.debate:
                reasons[game.turn + 1] = f"Student {n} chose {choice.id} because the risk seemed smaller."
            game.choose(choice.id)
        record = build_record(game, run_id=f"{n:016x}", player=f"Student {n % 700}",
                              started_at="2025-03-01T09:00:00Z", settings=settings,
                              finished_at="2025-03-01T09:30:00Z", reasons=reasons)
        atomic_write_bytes(record_path(places, scenario.id, record.player, record.run_id), record_bytes(record))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder)
        lookup = installed_lookup()

        def report():
            runs, skipped = load_runs([str(folder)])
            return build_report(runs, skipped, lookup)

        built = report()
        assert built.run_count == RUNS, built.run_count
        seconds = best_of(report, repeat=3)
        print(f"report over {RUNS:,} run files: {seconds:.3f} s (read + build)   goal < {GOAL} s: "
              f"{'ok' if seconds < GOAL else 'MISSED'}  ({seconds / GOAL:.2f}x the goal time)")
        for name, render in (("table", to_table), ("md", to_markdown), ("html", to_html),
                             ("json", lambda r: to_json(r.to_dict())), ("csv", lambda r: to_csv(r.to_dict()))):
            took = best_of(lambda render=render: render(built), repeat=3)
            print(f"  + render {name:5} {took:.3f} s  ({len(render(built)) / 1e6:.1f} MB)")
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "game", "report", str(folder), "--format", "html",
                              "-o", str(folder / "report.out")], cwd=ROOT, capture_output=True, text=True)
        took = time.perf_counter() - start
        assert out.returncode == 0, out.stderr
        print(f"  whole command, start to file (politburo report DIR -o report.html): {took:.3f} s")
        live_figures(folder)


def live_figures(big: Path) -> None:
    """The live view: a look that finds nothing new, and a decision's way to the live report."""
    import statistics
    import threading

    from game.classroom.live import INTERVAL, ClassWatcher
    from game.play.session import Session

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
        for name, folder in (("a class of 30 (progress files)", lesson), (f"{RUNS:,} run files", big)):
            watcher = ClassWatcher([str(folder)], installed_lookup())
            watcher.poll()
            took = best_of(watcher.poll, repeat=20)
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
