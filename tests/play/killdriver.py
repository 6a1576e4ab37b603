"""A stand-in for a class of students, for the kill harness (tests/play/test_kill.py).

``python killdriver.py RUNS_DIR SCENARIO_FILE GAMES`` loads the game once, prints READY, then
waits for commands on stdin, so each game process costs a fork rather than a Python start-up:

- ``play``: fork a child that plays game after game with the real play layer, exactly as plain
  mode does (open or resume the player's game, save after every decision, finish), and print the
  child's pid.  The harness kills that child with SIGKILL at a random moment.
- ``wait``: reap the last child and print its exit status (``exit 0`` when every game finished).

Run again on the same folder, the children resume every game a killed one left behind.
"""

from __future__ import annotations

import os
import random
import sys

from game.paths import Places
from game.play import store
from game.play.identity import player_stem
from game.play.launch import Launch
from game.play.opening import open_game
from game.play.session import prepare
from game.scenario import load_scenario


def play_class(places: Places, scenario_file: str, games: int) -> None:
    scenario = load_scenario(scenario_file)
    for n in range(games):
        player = f"Student {n}"
        saved = store.find_save(places, scenario.id, player) is not None
        if not saved and list(places.runs.glob(f"*--{player_stem(player)}--*.json")):
            continue  # this student finished: a student does not play the same game twice
        opened = open_game(Launch(places, seed=n), scenario, player, resume=saved)
        session = opened.session
        assert session is not None, opened.problem
        picker = random.Random(n)
        while not session.is_over:
            choices = [o.id for o in session.scene().options if o.available]  # type: ignore[union-attr]
            session.choose(picker.choice(choices))
            assert session.save() == ""
        message = session.finish()
        assert message == "", message


def main(runs: str, scenario_file: str, games: int) -> None:
    places = Places.resolve(runs)
    assert prepare(places) == ""
    load_scenario(scenario_file)  # warm: every child starts with the loader imported
    print("READY", flush=True)
    child = 0
    for line in sys.stdin:
        if line.strip() == "play":
            child = os.fork()
            if child == 0:
                try:
                    assert prepare(places) == ""  # as every game start does (sweeps dead temp files)
                    play_class(places, scenario_file, games)
                except BaseException:
                    os._exit(1)
                os._exit(0)
            print(child, flush=True)
        elif line.strip() == "wait":
            _, status = os.waitpid(child, 0)
            print(f"exit {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
