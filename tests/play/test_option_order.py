"""Options in an order that gives nothing away (issue 10): drawn from the game's seed, the same
for a class and a replay, records by id; ``order: fixed`` keeps the written order."""

from __future__ import annotations

from collections import Counter

from game.catalog import bundled_files
from game.engine import Game
from game.engine.history import historical_track
from game.formats import RunSettings
from game.paths import Places
from game.play.session import Session
from game.scenario import load_scenario, load_scenario_bytes

SEEDS = range(200)


def test_no_position_holds_the_historical_option_more_than_40_percent():
    positions: Counter[int] = Counter()
    for path in bundled_files():
        scenario = load_scenario(path)
        track = historical_track(scenario)
        for seed in SEEDS:
            session = Session.start(scenario, Places.resolve("/nonexistent"), player="p",
                                    settings=RunSettings(), seed=seed)
            for step in track.steps:
                view = session.scene()
                assert view is not None and view.id == step.scene
                positions[next(o.number for o in view.options if o.id == step.choice)] += 1
                session.game.choose(step.choice, outcome=step.outcome)
    total = sum(positions.values())
    shares = {p: n / total for p, n in positions.items()}
    assert max(shares.values()) <= 0.40, shares


def test_one_seed_one_order_and_the_record_names_choices_by_id(tmp_path):
    scenario = load_scenario(bundled_files()[0])
    places = Places.resolve(tmp_path)

    def order(seed: int) -> list[str]:
        view = Session.start(scenario, places, player="p", settings=RunSettings(), seed=seed).scene()
        assert view is not None
        return [o.id for o in view.options]

    assert order(7) == order(7)
    assert len({tuple(order(s)) for s in range(30)}) > 5
    written = [c.id for c in scenario.scene(scenario.start).choices]
    assert sorted(order(7)) == sorted(written)
    assert [o.number for o in Session.start(scenario, places, player="p", settings=RunSettings(),
                                            seed=7).scene().options] == [1, 2, 3, 4]


def test_a_fixed_scene_keeps_the_written_order(mini_path, tmp_path):
    fixed = load_scenario(mini_path)  # the fixture's scenes say order: fixed
    shuffled = load_scenario_bytes(mini_path.read_bytes().replace(b"    order: fixed", b"    order: shuffled"))
    places = Places.resolve(tmp_path)
    written = [c.id for c in fixed.scene("first").choices]
    for seed in range(20):
        view = Session.start(fixed, places, player="p", settings=RunSettings(), seed=seed).scene()
        assert [o.id for o in view.options] == written
    orders = {tuple(o.id for o in Session.start(shuffled, places, player="p", settings=RunSettings(),
                                                 seed=s).scene().options) for s in range(20)}
    assert len(orders) > 1 and all(sorted(o) == sorted(written) for o in orders)
    assert Game.new(fixed, 1).options()[0].id == written[0]  # the engine keeps file order
