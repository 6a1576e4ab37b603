"""Checks for the ``tests:`` section of a scenario (see ``docs/scenario-format.md``).

Kept apart from :mod:`game.scenario.semantic` so that module stays about the story itself.
Which choice is available where is a question for ``politburo playtest``, which plays each
test; here every id only has to exist, so that a typo is caught by ``validate`` at once.

A step that names a chance outcome (``gamble@2``) is checked twice: here, that the choice has
such an outcome at all; and, once the scenario is built, by playing the test up to that step
(:func:`check_named_outcomes`), that the outcome can happen there.  A test that forces what no
game can do would otherwise pass or fail for reasons nobody can see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.engine.model import Choice, Scenario, ScenarioTest
from game.scenario.context import Ctx
from game.scenario.format import split_step
from game.scenario.semantic import _items, _suggest

if TYPE_CHECKING:
    from game.scenario.semantic import SemanticChecker


def check_tests(checker: SemanticChecker) -> None:
    ctx = checker.ctx
    choice_ids = sorted({c["id"] for _, scene in _items(checker.data, "scenes")
                         for _, c in _items(scene, "choices") if isinstance(c.get("id"), str)})
    #: choice id -> how many outcomes each choice of that id has (0: a fixed next), over all scenes
    outcomes_of: dict[str, list[int]] = {}
    for _, scene_data in _items(checker.data, "scenes"):
        for _, c in _items(scene_data, "choices"):
            if isinstance(c.get("id"), str):
                listed = c.get("outcomes")
                outcomes_of.setdefault(c["id"], []).append(len(listed) if isinstance(listed, list) else 0)
    # A scene without choices (already reported) most likely lost the choices the tests name:
    # the tests are not blamed for them too.
    lost = any("choices" in scene_data and not (isinstance(scene_data["choices"], list) and scene_data["choices"])
               for _, scene_data in _items(checker.data, "scenes"))
    names: dict[str, int] = {}
    for ti, test in _items(checker.data, "tests"):
        path = ("tests", ti)
        name = test.get("name")
        if isinstance(name, str):
            if name in names:
                line = ctx.located.where(("tests", names[name], "name"))[0]
                ctx.error(path + ("name",), f"another test is already called '{name}' (line {line})",
                          "give every test its own name", "E-DUP-ID")
            else:
                names[name] = ti
        choices = test.get("choices")
        if isinstance(choices, list):
            for ci, step in enumerate(choices):
                if not isinstance(step, str):
                    continue
                choice, outcome = split_step(step)
                if choice not in choice_ids and not lost:
                    hint = _suggest(choice, choice_ids)
                    if choice == "historical":  # play's --choices shorthand, not a choice id
                        hint = ("tests list choice ids; 'politburo playtest' checks the historical path "
                                "itself (its 'History' line)")
                    ctx.error(path + ("choices", ci), f"no scene has a choice '{choice}'", hint, "E-REF")
                elif outcome is not None and choice in choice_ids:
                    _check_outcome_exists(ctx, path + ("choices", ci), step, outcomes_of.get(choice, []))
        checker.ref(path + ("ending",), test.get("ending"), checker.endings, "ending")
        scene = test.get("scene")
        if isinstance(scene, str) and scene not in checker.scenes:
            hint = ("this is an ending: write it under 'ending:'" if scene in checker.endings
                    else _suggest(scene, sorted(checker.scenes)))
            ctx.error(path + ("scene",), f"unknown scene '{scene}'", hint, "E-REF")
        _check_meters(checker, path, test.get("meters"))
        flags = test.get("flags")
        if isinstance(flags, dict):
            for flag_id, value in flags.items():
                flag = checker.flags.get(flag_id)
                if flag is None:
                    ctx.error(path + ("flags", flag_id), f"unknown flag '{flag_id}'",
                              _suggest(flag_id, sorted(checker.flags)), "E-REF", key=True)
                else:
                    checker._flag_value(path + ("flags", flag_id), flag, value)


def _check_meters(checker: SemanticChecker, path: tuple, meters: Any) -> None:
    if not isinstance(meters, dict):
        return
    for meter_id, expected in meters.items():
        mpath = path + ("meters", meter_id)
        meter = checker.meters.get(meter_id)
        if meter is None:
            checker.ctx.error(mpath, f"unknown meter '{meter_id}'", _suggest(meter_id, sorted(checker.meters)),
                              "E-REF", key=True)
            continue
        lo, hi = meter.get("min", 0), meter.get("max", 100)
        values = expected if isinstance(expected, list) else [expected]
        if all(isinstance(v, int) for v in values + [lo, hi]) and any(not lo <= v <= hi for v in values):
            checker.ctx.error(mpath, f"{expected} is outside the meter's range {lo}..{hi}",
                              "the meter can never have this value", "E-RANGE")


def _check_outcome_exists(ctx: Ctx, path: tuple, step: str, counts: list[int]) -> None:
    """``gamble@N``: some choice called ``gamble`` has chance outcomes, and at least N."""
    choice, number = step.split("@", 1)
    if not any(counts):
        ctx.error_at_char(path, step, len(choice), f"'{choice}' has no chance outcomes to name: its next is fixed",
                          f"write just '{choice}'", "E-TEST")
    elif int(number) > max(counts):
        n = max(counts)
        ctx.error_at_char(path, step, len(choice) + 1,
                          f"'{choice}' has {n} outcome{'s' * (n != 1)}, so there is no outcome {number}",
                          "outcomes are numbered from 1, in the order the choice lists them", "E-TEST")


def check_named_outcomes(scenario: Scenario, ctx: Ctx) -> None:
    """Play every test that names a chance outcome as far as its last such step, and report a
    named outcome that cannot happen where the test takes it.  A test that breaks before that
    (a choice not available, the game over) is left to ``politburo playtest``, which says why."""
    for ti, test in enumerate(scenario.tests):
        if test.outcomes:
            _play_to_named_outcomes(scenario, ctx, ti, test)


def _play_to_named_outcomes(scenario: Scenario, ctx: Ctx, ti: int, test: ScenarioTest) -> None:
    # The rules load only for a test that names an outcome: validate's start-up stays lean.
    from game.engine.rules import after_choice_env, eligible_outcomes, initial_state, step as take
    from game.engine.state import EngineError

    last = max(i for i, o in enumerate(test.outcomes) if o is not None)
    state = initial_state(scenario, test.seed)
    for i, choice_id in enumerate(test.choices[: last + 1]):
        if state.scene is None:
            return
        scene = scenario.scene(state.scene)
        choice = next((c for c in scene.choices if c.id == choice_id), None)
        if choice is None:
            return
        forced = test.outcome(i)
        path, step = ("tests", ti, "choices", i), test.steps[i]
        if forced is not None and choice.next is not None:
            ctx.error_at_char(path, step, len(choice_id), f"in scene '{scene.id}', where this test takes it, "
                              f"'{choice_id}' has no chance outcomes", f"write just '{choice_id}'", "E-TEST")
            return
        if forced is not None:
            eligible = eligible_outcomes(choice, after_choice_env(scenario, state, choice))
            if forced >= len(choice.outcomes) or (eligible and forced not in eligible):
                ctx.error_at_char(path, step, len(choice_id) + 1, _cannot_happen(choice, forced, scene.id),
                                  "name an outcome that can happen after the steps before it, or change what "
                                  "they do", "E-TEST")
                return
        try:
            state = take(scenario, state, choice_id, outcome=forced, trace=False).state
        except EngineError:
            return


def _cannot_happen(choice: Choice, forced: int, scene: str) -> str:
    if forced >= len(choice.outcomes):
        n = len(choice.outcomes)
        return f"in scene '{scene}', '{choice.id}' has {n} outcome{'s' * (n != 1)}, so there is no outcome {forced + 1}"
    condition = choice.outcomes[forced].condition
    assert condition is not None  # an outcome without a condition can always happen
    return (f"outcome {forced + 1} of '{choice.id}' cannot happen where this test takes it: its condition "
            f"'{condition.source}' is false then")
