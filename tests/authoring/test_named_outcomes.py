"""Chance, one rule (issue 13): a scenario test may name the chance outcome it wants
(``limited@2``), ``validate`` says at line:col when that outcome does not exist or cannot
happen there, ``playtest`` plays it as ``play --choices limited@2`` does, and every replay
command carries its seed."""

from __future__ import annotations

import pytest

from game.authoring.checks import history_check, run_test
from game.authoring.locate import Locator
from game.authoring.sites import play_command
from game.engine import chance
from game.engine.history import historical_track
from game.scenario import check_bytes, check_file
from tests.authoring.helpers import MINI
from tests.conftest import run_cli

BASE = MINI.read_text(encoding="utf-8")
LINES = len(BASE.splitlines())


def check(extra: str, base: str = BASE):
    return check_bytes((base + extra).encode(), "t.yaml")


def col(line: str, part: str) -> int:
    """The 1-based column of ``part`` in the test line ``line``."""
    return line.index(part) + 1


def only(result):
    assert len(result.diagnostics) == 1, [d.render() for d in result.diagnostics]
    return result.diagnostics[0]


def test_a_step_names_an_outcome_and_the_model_keeps_it():
    result = check("tests:\n  - name: works\n    choices: [limited@1, concur]\n    ending: drift\n")
    assert result.ok and not result.diagnostics, [d.render() for d in result.diagnostics]
    (test,) = result.scenario.tests
    assert test.choices == ("limited", "concur") and test.outcomes == (0, None)
    assert test.steps == ("limited@1", "concur")
    assert run_test(result.scenario, test).passed


@pytest.mark.parametrize("seed", range(8))
def test_the_named_outcome_happens_whatever_the_seed(seed):
    text = f"tests:\n  - name: spirals\n    choices: [limited@2]\n    seed: {seed}\n    meters: {{bloc_rivalry: 100}}\n"
    (test,) = check(text).scenario.tests
    result = run_test(check(text).scenario, test)
    assert result.passed, result.problems
    assert result.ending == "war"  # 40 + 60 crosses the threshold at 95
    assert result.replay == f"politburo play t.yaml --plain --seed {seed} --choices limited@2"


def test_an_outcome_of_a_choice_with_a_fixed_next():
    d = only(check("tests:\n  - name: t\n    choices: [refuse@1]\n"))
    assert (d.line, d.column, d.code) == (LINES + 3, col("    choices: [refuse@1]", "@"), "E-TEST")
    assert d.message == "'refuse' has no chance outcomes to name: its next is fixed"
    assert d.hint == "write just 'refuse'"


def test_an_outcome_the_choice_does_not_have():
    d = only(check("tests:\n  - name: t\n    choices: [refuse, limited@3]\n"))
    assert (d.line, d.column, d.code) == (LINES + 3, col("    choices: [refuse, limited@3]", "3"), "E-TEST")
    assert d.message == "'limited' has 2 outcomes, so there is no outcome 3"


@pytest.mark.parametrize(("step", "at", "message"), [
    ("limited@x", "x", "'x' is not an outcome number"),
    ("limited@0", "0", "'0' is not an outcome number"),
    ("limited@", "@", "'@' names no outcome"),
])
def test_a_step_that_is_not_written_right(step, at, message):
    d = only(check(f"tests:\n  - name: t\n    choices: [{step}]\n"))
    column = col(f"    choices: [{step}]", at)
    assert (d.line, d.column, d.code, d.message) == (LINES + 3, column, "E-PATTERN", message)
    assert "gamble@2" in d.hint


CONDITIONAL = BASE.replace("""          - weight: 1
            effects: {bloc_rivalry: 60}""", """          - weight: 1
            condition: partisans
            effects: {bloc_rivalry: 60}""")


def test_an_outcome_that_cannot_happen_where_the_test_takes_it():
    assert check("", CONDITIONAL).ok
    d = only(check("tests:\n  - name: t\n    choices: [limited@2, concur]\n", CONDITIONAL))
    where = (len(CONDITIONAL.splitlines()) + 3, col("    choices: [limited@2, concur]", "2"))
    assert (d.line, d.column, d.code) == (*where, "E-TEST")
    assert d.message == ("outcome 2 of 'limited' cannot happen where this test takes it: its condition "
                         "'partisans' is false then")
    # the outcome it can have is fine
    assert check("tests:\n  - name: t\n    choices: [limited@1, concur]\n", CONDITIONAL).ok


def test_a_test_that_breaks_before_the_named_outcome_is_left_to_playtest():
    result = check("tests:\n  - name: t\n    choices: [attack, limited@2]\n")
    assert result.ok and not result.diagnostics
    (test,) = result.scenario.tests
    outcome = run_test(result.scenario, test)
    assert not outcome.passed and "ended with 'war' after 1 choice(s)" in outcome.problems[0]


def test_the_replay_command_plays_the_named_outcome(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(BASE + "tests:\n  - name: spirals\n    choices: [limited@2]\n    seed: 0\n")
    scenario = check_file(path).scenario
    assert chance.pick([1, 1], chance.roll(0, 1)) == 0  # seed 0 alone would draw outcome 1
    replay = run_test(scenario, scenario.tests[0]).replay
    assert replay.endswith("--seed 0 --choices limited@2")
    out = run_cli(*replay.split()[1:])
    assert out.returncode == 0 and "It spirals." in out.stdout and "It works." not in out.stdout, out.stdout
    bad = run_cli("play", str(path), "--plain", "--choices", "limited@9")
    assert bad.returncode == 2 and "has no outcome 9" in bad.stderr, bad.stderr
    bad = run_cli("play", str(path), "--plain", "--choices", "limited@")
    assert bad.returncode == 2 and "'limited@' names no outcome" in bad.stderr, bad.stderr


def test_every_replay_command_carries_its_seed():
    scenario = check("").scenario
    assert play_command(scenario, 4, []) == "politburo play t.yaml --plain --seed 4"
    broken = check("", BASE.replace("        next: end\n        historical:", "        next: war\n        historical:"))
    _, findings = history_check(broken.scenario, Locator(broken.scenario, None))
    (finding,) = findings
    assert finding.code == "H-ENDING" and finding.replay == "politburo play t.yaml --plain --seed 0 --choices historical"


def test_the_history_check_takes_the_historical_outcome_whatever_seed_0_draws():
    text = BASE.replace("""      - id: refuse
        label: Refuse; back the partisans
        effects: {national_interest: 10, bloc_rivalry: -5}
        set: {partisans: true}
        next: second
        historical:""", """      - id: refuse
        label: Refuse; back the partisans
        effects: {national_interest: 10, bloc_rivalry: -5}
        set: {partisans: true}
        outcomes:
          - weight: 1
            result: Kim sulks.
            next: war
          - weight: 1
            result: Kim accepts.
            next: second
            historical: true
        historical:""")
    scenario = check("", text).scenario
    assert chance.pick([1, 1], chance.roll(0, 1)) == 0  # the seed would lead to 'war'
    track = historical_track(scenario)
    assert [s.outcome for s in track.steps] == [1, None] and track.ending == "history"
    result, findings = history_check(scenario, Locator(scenario, None))
    assert result.ok and not findings
