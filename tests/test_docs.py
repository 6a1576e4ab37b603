"""The documentation's examples work: the annotated example in docs/scenario-format.md validates
and plays, and every top-level key of the format is documented."""

from __future__ import annotations

import re

from game.engine import Game
from game.engine.history import historical_track
from game.scenario import load_scenario_bytes
from game.scenario.format import SCENARIO
from tests.conftest import ROOT

DOC = ROOT / "docs" / "scenario-format.md"


def _example() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A complete annotated example", 1)[1]
    return re.search(r"```yaml\n(.+?)\n```", section, re.S).group(1) + "\n"


def test_annotated_example_validates_without_warnings():
    from game.scenario import check_bytes

    result = check_bytes(_example().encode(), "example.yaml")
    assert result.ok and not result.warnings, [d.render() for d in result.diagnostics]


def test_annotated_example_plays_history_to_the_historical_ending():
    scenario = load_scenario_bytes(_example().encode())
    track = historical_track(scenario)
    assert track.ending == "not_now"
    game = Game.new(scenario, 1)
    game.choose("full")
    assert game.ending.id == "general_war"


def test_every_top_level_key_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for key in SCENARIO.fields:
        assert f"`{key}`" in text, key
