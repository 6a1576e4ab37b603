"""How fast the full-screen game starts and answers keys.

1. Start-up: wall time from process start to the first interactive screen (the title screen
   mounted and ready for keys), as a ratio against a minimal Textual app (one Static) measured
   the same way in the same run.  Both run headless in fresh processes, interleaved; the goal
   (issue 3: at most 1.5x) is judged on the fastest run of each, the one least disturbed by
   other processes (as ``_common.best_of`` does); the medians are printed too.
2. Key latency: in a Pilot run of the test scenario, the median time from a key press to the
   updated screen (the press handled and the screen repainted).  Goal: under 50 ms.

Run: python benchmarks/bench_tui.py
"""

# ruff: noqa: B023 - each lambda is awaited (by timed) in the loop iteration that made it

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time

from _common import ROOT

RUNS = 11
START_GOAL = 1.5
KEY_GOAL_MS = 50.0

#: A process that imports the real entry point and exits as soon as the title screen is ready.
#: Each child prints the wall-clock time at which its first screen was ready for keys; the
#: parent subtracts the time it started the process.  (Time spent exiting is not counted.)
GAME = """
import asyncio, sys, time
sys.path.insert(0, {root!r})
from game.cli import run_tui  # the path `politburo` takes
from game.paths import Places
from game.play.launch import Launch
from game.tui.app import make_app
app = make_app(Launch(Places.resolve()))
ready_at = []
async def ready(pilot):
    while type(app.screen).__name__ != "TitleScreen" or not app.screen.is_mounted:
        await asyncio.sleep(0.001)
    ready_at.append(time.time())
    app.exit(0)
app.run(headless=True, size=(80, 24), auto_pilot=ready)
print(ready_at[0])
"""

MINIMAL = """
import time
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("hello")
app = Minimal()
ready_at = []
async def ready(pilot):
    ready_at.append(time.time())
    app.exit(0)
app.run(headless=True, size=(80, 24), auto_pilot=ready)
print(ready_at[0])
"""


def startup(code: str, env: dict) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True,
                         text=True)
    return float(out.stdout.strip().splitlines()[-1]) - start


def measure_startup() -> tuple[list[float], list[float]]:
    env = {**os.environ, "POLITBURO_HOME": tempfile.mkdtemp(prefix="politburo-bench-")}
    game_code = GAME.format(root=str(ROOT))
    startup(game_code, env), startup(MINIMAL, env)  # warm the file cache
    games, minimals = [], []
    for _ in range(RUNS):  # interleaved, so a noisy moment hits both
        games.append(startup(game_code, env))
        minimals.append(startup(MINIMAL, env))
    return games, minimals


async def key_latencies() -> dict[str, list[float]]:
    from textual import events

    from game.paths import Places
    from game.play.launch import Launch
    from game.scenario import load_scenario
    from game.tui.app import make_app

    scenario = load_scenario(ROOT / "tests" / "tui" / "fixtures" / "council.yaml")
    home = tempfile.mkdtemp(prefix="politburo-bench-")
    times: dict[str, list[float]] = {}
    for _ in range(5):
        app = make_app(Launch(Places.resolve(home), scenario, seed=7))
        async with app.run_test(size=(80, 24)) as pilot:
            while type(app.screen).__name__ != "GameScreen":
                await pilot.pause()

            async def timed(key: str, done, what: str) -> None:
                # Send the key as the terminal driver would (Pilot.press adds CPU-idle waits
                # of its own that would be measured too), wait until the app has acted on it,
                # then until the screen has processed everything that followed (the repaint).
                start = time.perf_counter()
                app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
                while not done():  # noqa: ASYNC110 - polling the app's state is what is measured
                    await asyncio.sleep(0.0005)
                await pilot._wait_for_screen()
                times.setdefault(what, []).append(time.perf_counter() - start)

            choices = app.screen.query_one("#choices")
            await timed("down", lambda: choices.highlighted == 1, "move the highlight")
            await timed("up", lambda: choices.highlighted == 0, "move the highlight")
            await timed("m", lambda: type(app.screen).__name__ == "MetersScreen", "open a panel")
            await timed("escape", lambda: type(app.screen).__name__ == "GameScreen", "close a panel")
            await timed("t", lambda: type(app.screen).__name__ == "TimelineScreen", "open a panel")
            await timed("escape", lambda: type(app.screen).__name__ == "GameScreen", "close a panel")
            for _turn in range(3):
                await timed("1", lambda: type(app.screen).__name__ in ("RevealScreen",),
                            "decide (reveal opens)")
                over = app.session.is_over
                await timed("enter", lambda: type(app.screen).__name__ ==
                            ("DebriefScreen" if over else "GameScreen"), "close the reveal")
            await app.workers.wait_for_complete()
    return times


def main() -> None:
    games, minimals = measure_startup()
    game, minimal = min(games), min(minimals)
    ratio = game / minimal
    median_ratio = statistics.median(games) / statistics.median(minimals)
    print(f"start-up to the title screen: {game * 1000:.0f} ms; minimal Textual app: "
          f"{minimal * 1000:.0f} ms; ratio {ratio:.2f}x (goal <= {START_GOAL}x) "
          f"{'OK' if ratio <= START_GOAL else 'OVER'}; medians {statistics.median(games) * 1000:.0f} / "
          f"{statistics.median(minimals) * 1000:.0f} ms, ratio {median_ratio:.2f}x")
    by_kind = asyncio.run(key_latencies())
    times = [t for group in by_kind.values() for t in group]
    median = statistics.median(times) * 1000
    worst = max(times) * 1000
    for what, group in by_kind.items():
        print(f"  {what}: median {statistics.median(group) * 1000:.1f} ms ({len(group)} presses)")
    print(f"key press to updated screen: median {median:.1f} ms, worst {worst:.1f} ms over "
          f"{len(times)} presses (goal median < {KEY_GOAL_MS:.0f} ms) "
          f"{'OK' if median < KEY_GOAL_MS else 'OVER'}")


if __name__ == "__main__":
    main()
