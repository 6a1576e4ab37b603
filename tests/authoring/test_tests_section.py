"""The ``tests:`` section of the format: checked by ``validate`` with a line for every mistake,
built into the model, and described by the JSON Schema."""

from __future__ import annotations

import jsonschema
import yaml

from game.scenario import check_bytes, json_schema
from tests.authoring.helpers import MINI

BASE = MINI.read_text(encoding="utf-8")


def check(extra: str):
    return check_bytes((BASE + extra).encode(), "t.yaml")


def test_a_good_tests_section_builds_into_the_model():
    result = check("""tests:
  - name: history
    choices: [refuse, concur]
    seed: 3
    ending: history
    meters: {national_interest: [60, 70], bloc_rivalry: 35}
    flags: {partisans: true}
  - name: goes on
    choices: []
    scene: first
""")
    assert result.ok and not result.warnings
    first, second = result.scenario.tests
    assert first.choices == ("refuse", "concur") and first.seed == 3 and first.ending == "history"
    assert first.meters == (("national_interest", 60, 70), ("bloc_rivalry", 35, 35))
    assert first.flags == (("partisans", True),) and second.scene == "first" and second.ending == ""


def test_every_mistake_in_tests_is_reported_with_its_line():
    result = check("""tests:
  - name: a
    choices: [refuze]
    ending: histori
    meters: {national_interest: [70, 60], nope: 3, bloc_rivalry: 200}
    flags: {partisans: 3}
  - name: a
    choices: refuse
    scene: war
    ending: history
  - choices: [refuse]
""")
    rendered = "\n".join(d.render() for d in result.diagnostics)
    for expected in ("t.yaml:110:15: tests[0].choices[0]: no scene has a choice 'refuze'",
                     "hint: did you mean 'refuse'?",
                     "tests[0].ending: unknown ending 'histori'",
                     "tests[0].meters.national_interest: the range [70, 60] is backwards",
                     "tests[0].meters.nope: unknown meter 'nope'",
                     "tests[0].meters.bloc_rivalry: 200 is outside the meter's range 0..100",
                     "tests[0].flags.partisans: flag 'partisans' is bool, but this value is 3",
                     "tests[1].name: another test is already called 'a' (line 109)",
                     "tests[1].choices: expected a list",
                     "tests[1].scene: a test expects either an ending or a scene, not both",
                     "tests[2]: scenario test is missing required key 'name'"):
        assert expected in rendered, expected
    assert not result.ok


def test_a_scene_that_is_an_ending_gets_a_hint():
    result = check("tests:\n  - name: x\n    choices: [attack]\n    scene: war\n")
    assert "this is an ending: write it under 'ending:'" in result.diagnostics[0].render()


def test_the_schema_accepts_tests_and_rejects_bad_ones():
    data = yaml.safe_load(BASE)
    data["tests"] = [{"name": "x", "choices": ["refuse"], "meters": {"national_interest": [1, 2], "bloc_rivalry": 3}}]
    validator = jsonschema.Draft7Validator(json_schema())
    assert not list(validator.iter_errors(data))
    data["tests"][0]["meters"]["bloc_rivalry"] = [1, 2, 3]
    data["tests"][0]["expect"] = "typo"
    messages = " ".join(e.message for e in validator.iter_errors(data))
    assert "expect" in messages
