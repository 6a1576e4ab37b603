"""Play-testing speed: random playthroughs per second and exhaustive-walk states per second.

Random play here is ``playtest``'s own loop (hit counts, meter ranges and balance samples on
top of plain play), so compare it with ``bench_play.py``'s bare playthroughs to see what the
bookkeeping costs.  The exhaustive walk is measured on each bundled scenario (all complete in
well under a second) and on a generated 300-scene chain (54,351 distinct states), far bigger
than any hand-written scenario.
Run: python benchmarks/bench_playtest.py
"""

from __future__ import annotations

import time

from _common import ROOT, generated_scenario  # noqa: F401  (puts the project on sys.path)

from game.authoring.balance import balance_points
from game.authoring.exhaustive import walk
from game.authoring.randomplay import random_play
from game.catalog import bundled_files
from game.engine.history import historical_track
from game.scenario import check_file, load_scenario_bytes

RUNS = 5000


def random_rate(scenario) -> float:
    historical_track(scenario)
    points = balance_points(scenario)
    start = time.perf_counter()
    random_play(scenario, RUNS, seed=1, points=points)
    return RUNS / (time.perf_counter() - start)


def walk_rate(scenario, max_states: int = 200_000) -> tuple[int, float, float, bool]:
    start = time.perf_counter()
    result = walk(scenario, max_states)
    elapsed = time.perf_counter() - start
    return result.states, result.states / elapsed, result.edges / elapsed, result.complete


def main() -> None:
    print(f"{'scenario':18} {'random runs/s':>14} {'walk states':>12} {'states/s':>10} {'decisions/s':>12}  walk")
    for path in bundled_files():
        result = check_file(path)
        if result.scenario is None:
            print(f"{path.stem:18} skipped: {len(result.errors)} validation errors")
            continue
        scenario = result.scenario
        rate = random_rate(scenario)
        print(_row(scenario.id, rate, *walk_rate(scenario)))
    chain = load_scenario_bytes(generated_scenario(300).encode(), "generated-300.yaml")
    print(_row("generated, 300", random_rate(chain), *walk_rate(chain)))


def _row(name: str, rate: float, states: int, per_second: float, decisions: float, complete: bool) -> str:
    return (f"{name:18} {rate:14,.0f} {states:12,} {per_second:10,.0f} {decisions:12,.0f}  "
            f"{'complete' if complete else 'bounded'}")


if __name__ == "__main__":
    main()
