"""Play-testing speed, as ratios: playtest's random loop against the bare engine, and the
exhaustive walk against its old rate.

Goals (issue 15):

- ``playtest``'s random play (hit counts, meter ranges, balance samples and the divergence of
  each run, on top of plain play) within 1.3x of the bare engine playing the same seeds with the
  same picks and nothing else.  Both are timed alternately, medians of several rounds;
- the exhaustive walk at 3x its old rate: 12,850 states/s on kim-1949 (docs/performance.md,
  before issue 15), printed as a multiple of that figure.  An absolute rate moves with the
  machine, so the walk is also printed against the bare engine's decisions per second measured
  in the same run.

The generated 300-scene chain (54,351 distinct states) is far bigger than any hand-written
scenario.
Run: python benchmarks/bench_playtest.py
"""

from __future__ import annotations

import random
import statistics
import time

from _common import ROOT, generated_scenario  # noqa: F401  (puts the project on sys.path)

from game.authoring.balance import balance_points
from game.authoring.exhaustive import walk
from game.authoring.randomplay import _PICKER, random_play
from game.catalog import bundled_files
from game.engine import Game, Scenario
from game.engine.history import historical_track
from game.scenario import check_file, load_scenario_bytes

RUNS = 2000
ROUNDS = 5
LOOP_GOAL = 1.3
OLD_WALK = {"kim-1949": 12_850}  # states/s before issue 15 (docs/performance.md)
WALK_GOAL = 3.0


def bare(scenario: Scenario, runs: int, seed: int) -> int:
    """The engine alone, on the seeds and picks random_play uses: decisions made."""
    master = random.Random(seed)
    decisions = 0
    for _ in range(runs):
        run_seed = master.getrandbits(31)
        game = Game.new(scenario, run_seed)
        picker = random.Random(run_seed ^ _PICKER)
        while not game.is_over:
            game.choose(picker.choice(game.available_choices()).id)
            decisions += 1
    return decisions


def loop_ratio(scenario: Scenario) -> tuple[float, float, float]:
    """playtest's random loop ÷ the bare engine, and both rates (runs/s)."""
    historical_track(scenario)  # computed once per scenario in both, as in real use
    points = balance_points(scenario)
    ours, engine = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        random_play(scenario, RUNS, seed=1, points=points)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare(scenario, RUNS, seed=1)
        engine.append(time.perf_counter() - start)
    o, e = statistics.median(ours), statistics.median(engine)
    return o / e, RUNS / o, RUNS / e


def walk_rate(scenario: Scenario, max_states: int = 200_000) -> tuple[int, float, bool]:
    rates = []
    for _ in range(3):
        start = time.perf_counter()
        result = walk(scenario, max_states)
        rates.append(result.states / (time.perf_counter() - start))
    return result.states, statistics.median(rates), result.complete


def main() -> None:
    print(f"{'scenario':16} {'playtest runs/s':>15} {'engine runs/s':>13} {'÷ engine':>9}   "
          f"{'walk states':>11} {'states/s':>9}  vs old")
    worst = 0.0
    scenarios = [r.scenario for r in map(check_file, bundled_files()) if r.scenario is not None]
    scenarios.append(load_scenario_bytes(generated_scenario(300).encode(), "generated-300.yaml"))
    for scenario in scenarios:
        ratio, ours, engine = loop_ratio(scenario) if len(scenario.scenes) < 300 else (0.0, 0.0, 0.0)
        worst = max(worst, ratio)
        states, rate, complete = walk_rate(scenario)
        old = OLD_WALK.get(scenario.id)
        versus = f"{rate / old:4.2f}x the old {old:,}/s (goal {WALK_GOAL:g}x)" if old else ""
        loop = f"{ours:15,.0f} {engine:13,.0f} {ratio:8.2f}x" if ratio else f"{'-':>15} {'-':>13} {'-':>9}"
        print(f"{scenario.id:16} {loop}   {states:11,} {rate:9,.0f}  {versus}"
              f"{'' if complete else ' (bounded)'}")
    print(f"worst playtest loop ÷ bare engine: {worst:.2f}x (goal <= {LOOP_GOAL:g}x)")


if __name__ == "__main__":
    main()
