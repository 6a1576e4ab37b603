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


def _section(title: str) -> str:
    return DOC.read_text(encoding="utf-8").split(f"\n{title}\n", 1)[1].split("\n#", 1)[0]


def test_the_chance_example_is_what_the_engine_draws():
    from game.engine import chance

    rows = re.findall(r"^\| (\d+) \| (\d+) \| (\d+) \| (\d): ", _section("#### How chance is drawn"), re.M)
    assert len(rows) == 2
    scenario = load_scenario_bytes(_example().encode())
    weights = [o.weight for o in scenario.scene("request").choice("limited").outcomes]
    assert weights == [2, 1]
    for seed, roll, rest, outcome in rows:
        assert chance.roll(int(seed), 1) == int(roll) and int(roll) % 3 == int(rest)
        game = Game.new(scenario, int(seed))
        drawn = [e for e in game.choose("limited") if type(e).__name__ == "OutcomeDrawn"]
        assert drawn[0].index + 1 == int(outcome)
        forced = Game.new(scenario, int(seed))
        forced.choose("limited", outcome=1)
        assert forced.meters["bloc_rivalry"] == 70  # limited@2 whatever the seed


def test_the_tests_example_passes_on_the_annotated_example():
    from game.authoring.checks import run_test

    block = re.search(r"```yaml\n(tests:\n.+?)\n```", _section("## `tests`: scenario tests"), re.S).group(1)
    text = _example().split("\ntests:", 1)[0] + "\n" + re.sub(r" +#.*", "", block) + "\n"
    scenario = load_scenario_bytes(text.encode())
    assert [t.steps for t in scenario.tests][-1] == ("limited@2", "publicise")
    for test in scenario.tests:
        result = run_test(scenario, test)
        assert result.passed, (test.name, result.problems)
