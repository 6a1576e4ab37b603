"""What playtest says about history's place and players' distance from it (issues 10 and 13):
H-FIRST when history's option comes first in most fixed-order scenes, and the divergence players
would see, for random runs (min, median, max) and for every path (min, max)."""

from __future__ import annotations

import json

import pytest

from game.authoring.checks import fixed_order_check
from game.authoring.divergence import extremes, spread
from game.authoring.locate import Locator
from game.authoring.playtest import PlaytestOptions, playtest_scenario
from game.catalog import bundled_files
from game.engine import Game
from game.engine.history import historical_track
from game.play.figures import run_divergence
from game.scenario import check_bytes, check_file
from tests.authoring.helpers import MINI
from tests.conftest import run_cli_here

BASE = MINI.read_text(encoding="utf-8")


def load(text: str):
    result = check_bytes(text.encode(), "t.yaml")
    assert result.ok, [d.render() for d in result.diagnostics]
    return result.scenario


def first_warnings(text: str) -> list[str]:
    scenario = load(text)
    return [f.message for f in fixed_order_check(scenario, Locator(scenario, None))]


def test_history_first_in_most_fixed_scenes_is_a_warning(mini):
    (finding,) = fixed_order_check(mini, Locator.for_scenario(mini))
    assert (finding.code, finding.severity, finding.line) == ("H-FIRST", "warning", 37)
    assert finding.message == ("the historical option is listed first in 2 of the 2 scenes with order: fixed "
                               "('first', 'second'), so players can learn that the first option is history's")


def test_one_scene_or_shuffled_scenes_or_history_elsewhere_say_nothing():
    one = BASE.replace("    order: fixed  # the tests type option numbers\n    text: Clashes", "    text: Clashes")
    assert first_warnings(one) == []  # a single fixed scene makes no pattern
    shuffled = BASE.replace("    order: fixed  # the tests type option numbers\n", "")
    assert first_warnings(shuffled) == []
    moved = BASE.replace("""      - id: concur
        label: Concur with Mao
        effects: {national_interest: 5}
        next: end
        historical:
          date: "1949-10-26"
          record: Stalin concurred.
          sources: [wc-112133]
      - id: probe
        label: Tolerate probing
        condition: not partisans
        disabled_reason: You already committed to the partisan line.
        effects: {bloc_rivalry: 10}
        next: end
""", """      - id: probe
        label: Tolerate probing
        condition: not partisans
        disabled_reason: You already committed to the partisan line.
        effects: {bloc_rivalry: 10}
        next: end
      - id: concur
        label: Concur with Mao
        effects: {national_interest: 5}
        next: end
        historical:
          date: "1949-10-26"
          record: Stalin concurred.
          sources: [wc-112133]
""")
    assert moved != BASE and first_warnings(moved) == []  # 1 of 2 is not most


def test_random_play_reports_the_divergence_players_would_see(mini):
    report = playtest_scenario(mini, PlaytestOptions(runs=400, seed=3))
    figures = report.random.divergence
    assert len(figures) == sum(report.random.endings.values()) and all(0 <= f <= 100 for f in figures)
    summary = spread(figures)
    assert summary["min"] == 0  # some random players follow history
    assert summary["min"] <= summary["median"] <= summary["max"] <= 100
    # each figure is the run's own, as its run record would say
    game = Game.new(mini, 5)
    for choice in ("limited", "probe"):
        game.choose(choice, outcome=0 if choice == "limited" else None)
    assert 0 < run_divergence(mini, historical_track(mini), game.decisions) <= 100


def test_the_exhaustive_walk_reports_the_lowest_and_highest(mini):
    result = extremes(mini)
    assert (result.min, result.max, result.complete) == (0, 100, True)
    capped = extremes(mini, max_states=1)
    assert not capped.complete


def test_json_has_both(tmp_path):
    out = run_cli_here("playtest", str(MINI), "--random", "200", "--exhaustive", "--format", "json")
    data = json.loads(out.stdout)["files"][0]
    assert set(data["random"]["divergence"]) == {"min", "median", "max"}
    assert data["exhaustive"]["divergence"] == {"min": 0, "max": 100, "complete": True}
    text = run_cli_here("playtest", str(MINI), "--random", "200", "--exhaustive").stdout
    assert "  Divergence (0 = history, 100 = the farthest any run can get): 0.." in text
    assert "  divergence of the runs it can end with: 0..100" in text


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.stem)
def test_every_bundled_scenarios_farthest_path_scores_at_least_90(path):
    """The scale players see is set by a path players can take: the farthest path the play-tester
    finds scores at least 90 on it, and history 0."""
    scenario = check_file(path).scenario
    result = extremes(scenario)
    assert result.complete and result.max >= 90 and result.min == 0, result


def test_playtest_parses_the_file_once(monkeypatch, capsys):
    """Issue 15: the findings' lines come from the parse that loaded the scenario."""
    import game.scenario.yamlsafe as yamlsafe
    from game.cli import main

    parses = []
    real = yamlsafe.compose_located
    monkeypatch.setattr(yamlsafe, "compose_located", lambda text, diags: parses.append(1) or real(text, diags))
    assert main(["playtest", str(MINI), "--random", "50", "--exhaustive"]) == 0
    assert len(parses) == 1
    out = capsys.readouterr().out
    assert f"{MINI}:37:" in out  # H-FIRST, at the first fixed scene's line, from that one parse


def test_random_plays_figures_are_each_runs_own():
    """Random play sums the distance as it plays (it builds no decision records); each figure is
    still exactly what run_divergence says of that run's decisions."""
    import random

    from game.authoring.randomplay import _PICKER, random_play

    scenario = check_file(bundled_files()[0]).scenario
    stats = random_play(scenario, 60, seed=11)
    master, track, expected = random.Random(11), historical_track(scenario), []
    for _ in range(60):
        run_seed = master.getrandbits(31)
        game, picker = Game.new(scenario, run_seed), random.Random(run_seed ^ _PICKER)
        while not game.is_over:
            game.choose(picker.choice(game.available_choices()).id)
        expected.append(run_divergence(scenario, track, game.decisions))
    assert stats.divergence == expected and len(set(expected)) > 3
