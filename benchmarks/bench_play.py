"""Full random playthroughs per second on one core, for each bundled scenario.

Goal (issue 2): at least 2,000 playthroughs per second for kim-1949.  A playthrough starts a
new game with its own seed (chance is drawn from the seed, :mod:`game.engine.chance`) and picks
uniformly among the available choices until an ending.
Run: python benchmarks/bench_play.py
"""

from __future__ import annotations

import random
import time

from _common import ROOT  # noqa: F401  (puts the project on sys.path)

from game.catalog import bundled_files
from game.engine import Game
from game.engine.history import historical_track
from game.scenario import check_file

GOAL = 2000
SECONDS = 2.0


def playthroughs_per_second(scenario) -> tuple[float, float]:
    historical_track(scenario)  # computed once per scenario, as in real use
    rng = random.Random(7)
    runs = decisions = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < SECONDS:
        for _ in range(100):
            game = Game.new(scenario, rng.getrandbits(31))
            while not game.is_over:
                game.choose(rng.choice(game.available_choices()).id)
                decisions += 1
            runs += 1
    return runs / elapsed, decisions / runs


def main() -> None:
    for path in bundled_files():
        result = check_file(path)
        if result.scenario is None:
            print(f"{path.stem:16} skipped: {len(result.errors)} validation errors")
            continue
        scenario = result.scenario
        rate, per_run = playthroughs_per_second(scenario)
        goal = f"goal >= {GOAL}/s: {'ok' if rate >= GOAL else 'MISSED'}" if scenario.id == "kim-1949" else ""
        print(f"{scenario.id:16} {rate:9,.0f} playthroughs/s  ({per_run:.1f} decisions each)  "
              f"{rate / GOAL:5.1f}x the goal rate  {goal}")


if __name__ == "__main__":
    main()
