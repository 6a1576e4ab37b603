"""Checks for the ``tests:`` section of a scenario (see ``docs/scenario-format.md``).

Kept apart from :mod:`game.scenario.semantic` so that module stays about the story itself.
Which choice is available where is a question for ``politburo playtest``, which plays each
test; here every id only has to exist, so that a typo is caught by ``validate`` at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.scenario.semantic import _items, _suggest

if TYPE_CHECKING:
    from game.scenario.semantic import SemanticChecker


def check_tests(checker: SemanticChecker) -> None:
    ctx = checker.ctx
    choice_ids = sorted({c["id"] for _, scene in _items(checker.data, "scenes")
                         for _, c in _items(scene, "choices") if isinstance(c.get("id"), str)})
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
            for ci, choice in enumerate(choices):
                if isinstance(choice, str) and choice not in choice_ids:
                    ctx.error(path + ("choices", ci), f"no scene has a choice '{choice}'",
                              _suggest(choice, choice_ids), "E-REF")
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
