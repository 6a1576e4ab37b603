"""Hypothesis properties of play: any sequence of choices in any bundled scenario terminates,
keeps every meter in range, and survives a save/restore and a run record round trip."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings, strategies as st

from game.catalog import bundled_files
from game.engine import Game
from game.formats import RunSettings, parse_record, record_bytes
from game.play.recording import build_record
from game.scenario import load_scenario
from tests.conftest import FIXTURES

SCENARIOS = {p.stem: load_scenario(p) for p in [FIXTURES / "mini.yaml", *bundled_files()]}


def _assert_in_range(game):
    for meter in game.scenario.meters:
        assert meter.min <= game.meters[meter.id] <= meter.max
    for flag in game.scenario.flags:
        expected = {"bool": bool, "int": int, "text": str}[flag.type]
        assert isinstance(game.flags[flag.id], expected)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), picks=st.lists(st.integers(0, 8), min_size=0, max_size=60))
def test_random_playthroughs_terminate_stay_in_range_and_round_trip(name, seed, picks):
    scenario = SCENARIOS[name]
    game = Game.new(scenario, seed)
    picker = random.Random(seed ^ 0x5EED)
    steps = 0
    while not game.is_over:
        available = game.available_choices()
        assert available, f"scene {game.scene_id} offers no available choice"
        index = picks[steps] if steps < len(picks) else picker.randrange(len(available))
        game.choose(available[index % len(available)].id)
        _assert_in_range(game)
        steps += 1
        assert steps <= 200, "playthrough did not terminate"
        if steps % 3 == 0:
            restored = Game.from_dict(scenario, json.loads(json.dumps(game.to_dict())))
            assert restored.to_dict() == game.to_dict()
    record = build_record(game, run_id="0123456789abcdef", player="p", started_at="2026-01-01T00:00:00Z",
                          settings=RunSettings(), finished_at="2026-01-01T00:20:00Z", reasons={})
    again = parse_record(record_bytes(record))
    assert again == record
    assert again.ending is not None and again.ending.id == game.ending_id
    assert [d.choice for d in again.decisions] == [d.choice for d in game.decisions]
    assert 0 <= again.divergence <= 100
