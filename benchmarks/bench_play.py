"""The engine against its floor, as ratios measured in one run (issue 15).

The floor (``floor.py``) is a tight interpreter of the same semantics — the same compiled
conditions, clamped effects, weighted chance, thresholds and endings — in one mutable dict, with
no states, events or decision records.  Three loops play the same seeds with the same random
picks, and the benchmark first checks that all three reach the same endings:

- **rules** — the engine as the play-testers drive it (``rules.step(..., trace=False)``): a new
  immutable state per decision, no events.  Goal: at most 3x the floor.
- **game** — the :class:`~game.engine.Game` facade a player's session drives, which also builds
  the events and the decision record of every step.  Printed for information: a person makes a
  decision every minute or so, so its cost is a frame budget, not a throughput.
- **floor**.

Timings are the process's CPU time; they alternate the three loops, and each ratio is the median
of the rounds' own ratios (a round's loops run moments apart, under the same load; a median is
what a noisy, shared machine gives reliably; best-of flatters).
Run: python benchmarks/bench_play.py [rounds]
"""

from __future__ import annotations

import random
import statistics
import sys
from collections.abc import Callable

from _common import cpu_seconds, paired_ratio  # (importing _common puts the project on sys.path)
from floor import Floor

from game.catalog import bundled_files
from game.engine import Game, Scenario
from game.engine import rules
from game.scenario import check_file

GOAL = 3.0
RUNS = 2000


def by_rules(scenario: Scenario, seed: int) -> str | None:
    picker = random.Random(seed)
    state = rules.initial_state(scenario, seed)
    while state.scene is not None:
        choice = picker.choice(rules.available_choices(scenario, state))
        state = rules.step(scenario, state, choice.id, trace=False).state
    return state.ending


def by_game(scenario: Scenario, seed: int) -> str | None:
    picker = random.Random(seed)
    game = Game.new(scenario, seed)
    while not game.is_over:
        game.choose(picker.choice(game.available_choices()).id)
    return game.ending_id


def measure(scenario: Scenario, rounds: int) -> dict[str, float]:
    """CPU seconds per playthrough of each loop (medians of ``rounds`` alternating rounds), and
    ``rules ÷ floor`` and ``game ÷ floor`` as the median of each round's ratio."""
    seeds = [random.Random(n).getrandbits(31) for n in range(RUNS)]
    floor = Floor(scenario)
    loops: dict[str, Callable[[], object]] = {
        "rules": lambda: [by_rules(scenario, s) for s in seeds],
        "game": lambda: [by_game(scenario, s) for s in seeds],
        "floor": lambda: [floor.play(s, random.Random(s)) for s in seeds],
    }
    endings = {name: loop() for name, loop in loops.items()}
    assert endings["rules"] == endings["game"] == endings["floor"], "the engine and the floor disagree"
    times: dict[str, list[float]] = {name: [] for name in loops}
    for _ in range(rounds):
        for name, loop in loops.items():
            times[name].append(cpu_seconds(loop))
    out = {name: statistics.median(ts) / RUNS for name, ts in times.items()}
    out["rules ÷ floor"] = paired_ratio(times["rules"], times["floor"])
    out["game ÷ floor"] = paired_ratio(times["game"], times["floor"])
    return out


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    worst = 0.0
    for path in bundled_files():
        result = check_file(path)
        if result.scenario is None:
            print(f"{path.stem:16} skipped: {len(result.errors)} validation errors")
            continue
        t = measure(result.scenario, rounds)
        ratio = t["rules ÷ floor"]
        worst = max(worst, ratio)
        print(f"{result.scenario.id:14} rules {1 / t['rules']:8,.0f}/s  game {1 / t['game']:7,.0f}/s  "
              f"floor {1 / t['floor']:8,.0f}/s   rules ÷ floor {ratio:4.2f}x   "
              f"game ÷ floor {t['game ÷ floor']:4.2f}x")
    print(f"worst rules ÷ floor {worst:.2f}x (goal ≤ {GOAL:.0f}x): {'met' if worst <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
