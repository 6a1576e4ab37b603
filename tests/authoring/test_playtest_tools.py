"""Each play-testing tool on a scenario built to show the problem it exists to find: an
unreachable scene, a condition that is always false, an ending no random player reaches, a
trap, a dead end, a broken historical path, and a failing scenario test."""

from __future__ import annotations

from game.authoring.checks import history_check, run_test
from game.authoring.exhaustive import walk
from game.authoring.locate import Locator
from game.authoring.playtest import PlaytestOptions, playtest_scenario
from game.authoring.randomplay import random_play
from game.engine import Game

from tests.authoring.helpers import load


def codes(report, severity=None):
    return {f.code for f in report.findings if severity is None or f.severity == severity}


def test_exhaustive_walk_finds_the_unreachable_scene_and_the_always_false_condition():
    scenario = load("unreachable.yaml")
    result = walk(scenario)
    assert result.complete and "secret" not in result.scenes and ("first", "go_secret") not in result.choices
    report = playtest_scenario(scenario, PlaytestOptions(runs=100, exhaustive=True))
    messages = {f.code: f for f in report.findings if f.severity == "error"}
    assert {"X-SCENE", "X-NEVER-TRUE"} <= set(messages)
    assert "national_interest >= 60" in messages["X-NEVER-TRUE"].message
    assert messages["X-SCENE"].line == 34  # file:line points at the scene's id
    assert report.failed()
    # Random play alone only suspects it, as a warning, and says how to be sure.
    suspicious = playtest_scenario(scenario, PlaytestOptions(runs=100))
    never = [f for f in suspicious.findings if f.code == "R-NEVER"]
    assert never and all(f.severity == "warning" and "--exhaustive" in f.hint for f in never)


def test_an_ending_no_random_player_reaches_is_a_warning_with_the_way_to_it():
    scenario = load("rare_ending.yaml")
    stats = random_play(scenario, 500, seed=1)
    assert stats.endings["rare"] == 0 and stats.endings["usual"] == 500
    report = playtest_scenario(scenario, PlaytestOptions(runs=500, exhaustive=True))
    rare = next(f for f in report.findings if f.code == "R-NEVER" and "ending 'rare'" in f.message)
    assert rare.severity == "warning" and "gamble (outcome 2)" in rare.message
    assert not report.failed() and report.failed(strict=True)


def test_a_trap_is_a_random_loop_failure_and_an_exhaustive_trap():
    scenario = load("trap.yaml")
    stats = random_play(scenario, 200, seed=3, max_turns=25)
    assert stats.failure_counts["loop"] > 0
    failure = stats.failures[0]
    assert failure.choices[0] == "enter" and len(failure.choices) == 25
    result = walk(scenario)
    assert result.traps >= 1 and result.loops >= 1
    report = playtest_scenario(scenario, PlaytestOptions(runs=200, max_turns=25, exhaustive=True))
    assert {"R-LOOP", "X-TRAP", "X-NEVER-TRUE"} <= codes(report, "error")
    assert "X-LOOP" in codes(report, "warning")


def test_dead_end_runs_replay_exactly_from_their_seed_and_choices():
    scenario = load("dead_end.yaml")
    stats = random_play(scenario, 100, seed=5)
    assert stats.failure_counts["dead-end"] > 10
    for failure in stats.failures:  # the printed command's seed and choices, replayed in-process
        game = Game.new(scenario, failure.seed)
        for choice in failure.choices:
            game.choose(choice)
        assert game.scene_id == "stranded" and not game.available_choices()
    assert walk(scenario).dead_ends == 1


def test_random_play_is_reproducible_from_its_seed():
    scenario = load("dead_end.yaml")
    a, b = random_play(scenario, 300, seed=9), random_play(scenario, 300, seed=9)
    assert a.endings == b.endings and a.choices == b.choices and a.outcomes == b.outcomes
    assert random_play(scenario, 300, seed=10).outcomes != a.outcomes


def test_history_check_reports_a_historical_path_that_breaks():
    scenario = load("broken_history.yaml")
    result, findings = history_check(scenario, Locator.for_scenario(scenario))
    assert not result.ok and findings[0].code == "H-BROKEN"
    assert "'history'" in findings[0].message and "--choices historical" in findings[0].replay


def test_history_check_passes_the_mini_scenario(mini):
    result, findings = history_check(mini, Locator.for_scenario(mini))
    assert result.ok and result.choices == ["refuse", "concur"] and result.ending == "history" and not findings


def test_scenario_tests_pass_and_fail_like_a_test_runner(write_scenario):
    path, scenario = write_scenario(extra="""
tests:
  - name: history
    choices: [refuse, concur]
    ending: history
    meters: {national_interest: [60, 70], bloc_rivalry: 35}
    flags: {partisans: true}
  - name: wrong ending expected
    choices: [refuse, concur]
    ending: drift
  - name: a choice that is not available
    choices: [refuse, probe]
  - name: too many choices
    choices: [attack, concur]
  - name: meters off
    choices: [refuse]
    scene: second
    meters: {national_interest: 50}
    flags: {partisans: false}
""")
    report = playtest_scenario(scenario, PlaytestOptions(runs=0))
    results = {t.name: t for t in report.tests}
    assert results["history"].passed
    assert results["wrong ending expected"].problems == ["expected ending 'drift', but the game ended with 'history'"]
    assert "'probe', is not available in scene 'second': its condition 'not partisans' is false" in \
        results["a choice that is not available"].problems[0]
    assert "ended with 'war' after 1 choice(s)" in results["too many choices"].problems[0]
    assert results["meters off"].problems == ["expected national_interest 50, but it is 60",
                                             "expected flag partisans to be false, but it is true"]
    failed = [f for f in report.findings if f.code == "T-FAILED"]
    assert len(failed) == 4 and report.failed()
    assert failed[0].replay.startswith(f"politburo play {path} --plain --seed 0 --choices ")
    assert failed[0].line > 100  # points at the test in the file


def test_a_scenario_test_with_a_seed_fixes_chance_outcomes(mini):
    from game.engine.model import ScenarioTest

    outcomes = set()
    for seed in range(20):
        result = run_test(mini, ScenarioTest("t", ("limited", "concur"), seed))
        outcomes.add(result.ending)
        again = run_test(mini, ScenarioTest("t", ("limited", "concur"), seed))
        assert again.ending == result.ending and again.meters == result.meters
    assert len(outcomes) >= 1


def test_meter_ranges_per_scene_match_between_random_play_and_the_walk(mini):
    stats = random_play(mini, 400, seed=2)
    result = walk(mini)
    assert stats.meter_ranges["first"] == {"national_interest": [50, 50], "bloc_rivalry": [40, 40]}
    for scene, ranges in stats.meter_ranges.items():
        for meter, (lo, hi) in ranges.items():
            possible = result.meter_ranges[scene][meter]
            assert possible[0] <= lo <= hi <= possible[1]


def test_the_walk_reports_conditions_never_true_and_never_false(write_scenario):
    _, scenario = write_scenario(extra="", text=None)
    result = walk(scenario)
    truth = {site.key: t for site, t in zip(result.sites, result.truth)}
    assert truth["choice:second/probe"] == 3          # both true and false somewhere
    assert truth["ending:war"] == 2                    # tried, never true: war comes by threshold
    assert truth["threshold:bloc_rivalry/1"] == 3


def test_the_walk_stops_at_its_bound_and_claims_nothing(mini):
    assert walk(mini).states == 3
    result = walk(mini, max_states=2)
    assert not result.complete and result.states == 2
    report = playtest_scenario(mini, PlaytestOptions(runs=0, exhaustive=True, max_states=2))
    # (mini lists history's options first in its two fixed scenes: H-FIRST says so)
    assert [f.code for f in report.findings] == ["X-BOUND", "H-FIRST"]


def test_a_threshold_no_meter_reaches_is_a_warning(write_scenario):
    from tests.authoring.helpers import MINI

    text = MINI.read_text().replace("effects: {bloc_rivalry: 60}", "effects: {bloc_rivalry: 30}") \
        .replace("effects: {bloc_rivalry: 70}", "effects: {bloc_rivalry: 30}")
    _, scenario = write_scenario(text)
    report = playtest_scenario(scenario, PlaytestOptions(runs=100, exhaustive=True))
    found = [f for f in report.findings if f.code == "X-THRESHOLD"]
    assert found and found[0].severity == "warning" and "bloc_rivalry >= 95" in found[0].message
    assert not report.failed()


def test_the_authoring_tools_import_no_ui_library():
    import subprocess
    import sys

    code = ("import sys, game.authoring, game.authoring.live, game.authoring.graph, game.play.migrate\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_campaign_chapter_is_also_played_from_each_of_its_openings():
    """A bridge scene is reached only through an opening (with values carried from the chapter
    before): the play-tester finds carried values that make the engine open on each one, and
    plays from there too, so the bridges are neither 'never reached' nor left unchecked."""
    from game.authoring.openings import opening_entries
    from game.engine.rules import initial_state
    from game.play.campaign import load_chapter

    chapter = load_chapter("acheson-1950")
    entries = opening_entries(chapter)
    assert [e.scene for e in entries] == [o.scene for o in chapter.openings]
    for entry in entries:
        assert initial_state(chapter, 0, entry.carry).scene == entry.scene
    report = playtest_scenario(chapter, PlaytestOptions(runs=200, exhaustive=True))
    assert report.random is not None and set(report.random.openings) == {e.scene for e in entries}
    assert report.walk is not None and {e.scene for e in entries} <= report.walk.scenes
    assert not [f for f in report.findings if f.code in {"R-NEVER", "X-SCENE", "X-ENDING"}]
    # played alone, the chapter still opens on its start, and balance counts only those players
    assert initial_state(chapter, 0).scene == chapter.start
