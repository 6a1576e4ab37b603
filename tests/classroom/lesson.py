"""A lesson in a folder: a class of kim-1949 played with the play layer's own sessions, as the
students' games write it (records for finished runs, progress files for those still playing)."""

from __future__ import annotations

import random
from pathlib import Path

from game.catalog import resolve
from game.classroom.join import JoinedClass, new_class
from game.paths import Places
from game.play.session import Session

CLASS_SEED = 1949


def kim():
    scenario = resolve("kim-1949").result.scenario
    assert scenario is not None, "kim-1949 must validate"
    return scenario


def kim_class(reveal: str = "each", justify: bool = True) -> JoinedClass:
    scenario = kim()
    return JoinedClass(new_class(scenario, scenario.path, CLASS_SEED, reveal=reveal, undo=True, justify=justify),
                       scenario)


def play_lesson(folder: Path, players: int = 30, playing: int = 5, *, seed: int = 3, reveal: str = "each",
                names: list[str] | None = None) -> JoinedClass:
    """``players`` students of one class; the last ``playing`` stop part-way (still playing)."""
    joined = kim_class(reveal)
    places = Places(folder, folder / ".saves", given=True)
    places.prepare()
    pick = random.Random(seed)
    for n in range(players):
        name = names[n] if names else f"Student {n + 1:02d}"
        session = Session.start(joined.scenario, places, player=name, settings=joined.settings(), seed=joined.seed,
                                clock=lambda n=n: f"2026-03-02T09:{n % 60:02d}:00Z")
        stop = pick.randint(1, 3) if n >= players - playing else None
        while not session.is_over and (stop is None or session.turn < stop):
            options = session.game.available_choices()
            choice = options[0] if pick.random() < 0.45 else pick.choice(options)
            asks = session.policy.asks_reason(joined.scenario, session.game.state.scene)
            reason = f"{name} thought {choice.label.lower()} was the safer course for Moscow." if asks else ""
            session.choose(choice.id, reason)
            assert session.save() == ""
        if session.is_over:
            assert session.finish() == ""
    return joined
