"""Full random playthroughs per second on one core, for each bundled scenario, and the engine's
cost against a floor.

Goal (issue 2): at least 2,000 playthroughs per second for kim-1949.  A playthrough starts a
new game with its own seed (chance is drawn from the seed, :mod:`game.engine.chance`) and picks
uniformly among the available choices until an ending.

The floor (``floor.py``) plays the same semantics in one mutable dict with no states, events or
decision records.  Both play the same seeds with the same picks; the benchmark checks that they
reach the same endings and prints engine ÷ floor: what the engine's immutable states and
events cost, as a ratio measured in the same run.
Run: python benchmarks/bench_play.py
"""

from __future__ import annotations

import random
import time

from _common import ROOT, best_of  # noqa: F401  (puts the project on sys.path)
from floor import Floor

from game.catalog import bundled_files
from game.engine import Game, Scenario
from game.engine.history import historical_track
from game.scenario import check_file

GOAL = 2000
SECONDS = 2.0
FLOOR_RUNS = 2000


def playthroughs_per_second(scenario: Scenario) -> tuple[float, float]:
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


def engine_ending(scenario: Scenario, seed: int, picker: random.Random) -> str | None:
    game = Game.new(scenario, seed)
    while not game.is_over:
        game.choose(picker.choice(game.available_choices()).id)
    return game.ending_id


def against_floor(scenario: Scenario) -> float:
    """engine time ÷ floor time over the same seeds and picks (best of 3 each)."""
    seeds = [random.Random(n).getrandbits(31) for n in range(FLOOR_RUNS)]
    floor = Floor(scenario)
    engine = [engine_ending(scenario, s, random.Random(s)) for s in seeds]
    assert engine == [floor.play(s, random.Random(s)) for s in seeds], "the engine and the floor disagree"
    slow = best_of(lambda: [engine_ending(scenario, s, random.Random(s)) for s in seeds], repeat=3)
    fast = best_of(lambda: [floor.play(s, random.Random(s)) for s in seeds], repeat=3)
    return slow / fast


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
              f"{rate / GOAL:5.1f}x the goal rate  engine ÷ floor {against_floor(scenario):4.2f}x  {goal}")


if __name__ == "__main__":
    main()
