"""A stand-in for a class of students, for the kill harness (tests/play/test_kill.py).

Plays game after game with the real play layer, exactly as plain mode does (open or resume the
player's game, save after every decision, finish), printing READY once loaded so the harness can
kill it at a random moment.  Run again, it resumes every game it left behind.

    python killdriver.py RUNS_DIR SCENARIO_FILE GAMES
"""

from __future__ import annotations

import random
import sys

from game.paths import Places
from game.play import store
from game.play.identity import player_stem
from game.play.launch import Launch
from game.play.opening import open_game
from game.play.session import prepare
from game.scenario import load_scenario


def main(runs: str, scenario_file: str, games: int) -> None:
    scenario = load_scenario(scenario_file)
    places = Places.resolve(runs)
    assert prepare(places) == ""
    print("READY", flush=True)
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


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
