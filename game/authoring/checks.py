"""The history check and the scenario's own ``tests:``.

Both play fixed paths with the engine's rules.  The history check reads the historical track
(:func:`game.engine.historical_track`), the same one every comparison with history uses.  A
scenario test is exactly a ``politburo play FILE --plain --seed SEED --choices ...`` run: the
game is started with the test's seed, so chance is drawn by the same rule as in play
(:mod:`game.engine.chance`), a step written ``gamble@2`` makes that outcome happen as
``--choices gamble@2`` does, every failure prints that command, and the author can watch it
happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.authoring.findings import Finding
from game.authoring.locate import Locator
from game.authoring.sites import play_command
from game.engine import EngineError, Game, Scenario
from game.engine.history import historical_track
from game.engine.model import ScenarioTest


@dataclass
class HistoryResult:
    checked: bool
    ok: bool
    choices: list[str] = field(default_factory=list)
    ending: str | None = None
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"checked": self.checked, "ok": self.ok, "choices": self.choices, "ending": self.ending,
                "problem": self.problem}


def history_check(scenario: Scenario, locator: Locator) -> tuple[HistoryResult, list[Finding]]:
    """The historical path plays through and ends on a historical ending.  A scenario that
    marks no historical choice at all (a purely fictional one) is not checked."""
    if not any(c.is_historical for s in scenario.scenes for c in s.choices):
        return HistoryResult(False, True), [Finding(
            "info", "history", "no choice is marked historical, so there is no historical path to check")]
    track = historical_track(scenario)
    ending, problem = track.ending, track.problem
    result = HistoryResult(True, False, track.choices, ending, problem)
    replay = play_command(scenario, 0, ["historical"])  # history's outcomes are taken, whatever the seed
    if problem:
        scene = problem.split("'")[1] if "'" in problem else ""
        hint = "mark the choice the leadership actually made with 'historical:' in every scene on the path"
        if "not available" in problem:
            hint = "the historical choice's condition is false on the historical path"
        elif "returns to" in problem:
            hint = "the historical choices lead round in a circle"
        return result, [Finding("error", "history", f"the historical path breaks: {problem}",
                                locator.scene(scene) if scene else 0, hint, replay, "H-BROKEN")]
    assert ending is not None
    if not scenario.ending(ending).is_historical:
        return result, [Finding("error", "history",
                                f"the historical path ends in '{ending}', which is not a historical ending",
                                locator.ending(ending), "check the historical choices and the endings' conditions "
                                "(or mark the ending kind: historical)", replay, "H-ENDING")]
    result.ok = True
    return result, []


def fixed_order_check(scenario: Scenario, locator: Locator) -> list[Finding]:
    """Options are shown in an order drawn from the seed, except in ``order: fixed`` scenes.  If
    the historical option comes first in most of those, players learn that the first option is
    history's (issue 10): a warning at the first such scene, naming them all."""
    fixed = [s for s in scenario.scenes if s.order == "fixed" and s.historical_choice is not None]
    first = [s for s in fixed if s.choices[0].is_historical]
    if len(first) < 2 or 2 * len(first) <= len(fixed):
        return []
    names = ", ".join(f"'{s.id}'" for s in first)
    return [Finding("warning", "history", f"the historical option is listed first in {len(first)} of the "
                    f"{len(fixed)} scenes with order: fixed ({names}), so players can learn that the first "
                    "option is history's", locator.scene(first[0].id),
                    "list the options of a fixed scene in the order the scene needs (an escalation ladder) rather "
                    "than history's first, or let the scene's order be shuffled (remove order: fixed)",
                    code="H-FIRST")]


@dataclass
class CaseResult:
    name: str
    line: int
    passed: bool
    problems: list[str]
    replay: str
    ending: str | None = None
    scene: str | None = None
    meters: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "line": self.line, "passed": self.passed, "problems": self.problems,
                "replay": self.replay, "ending": self.ending, "scene": self.scene, "meters": self.meters}


def run_test(scenario: Scenario, test: ScenarioTest, line: int = 0) -> CaseResult:
    game = Game.new(scenario, test.seed)
    problems: list[str] = []
    replay = play_command(scenario, test.seed, test.steps)
    for position, choice_id in enumerate(test.choices, start=1):
        if game.is_over:
            problems.append(f"the game ended with '{game.ending_id}' after {position - 1} choice(s), "
                            f"but the test goes on with '{choice_id}'")
            break
        scene = game.scene
        assert scene is not None
        available = [c.id for c in game.available_choices()]
        if choice_id not in available:
            if any(c.id == choice_id for c in scene.choices):
                cond = scene.choice(choice_id).condition
                why = f"its condition '{cond.source}' is false here" if cond is not None else "it is unavailable"
                problems.append(f"choice {position}, '{choice_id}', is not available in scene '{scene.id}': {why}")
            else:
                problems.append(f"choice {position}: scene '{scene.id}' has no choice '{choice_id}' "
                                f"(available: {', '.join(available) or 'none'})")
            break
        try:
            game.choose(choice_id, outcome=test.outcome(position - 1))
        except EngineError as exc:  # a named outcome that cannot happen here
            problems.append(f"choice {position}, '{test.steps[position - 1]}': {exc}")
            break
    else:
        problems.extend(_expectations(scenario, test, game))
    return CaseResult(test.name, line, not problems, problems, replay, game.ending_id, game.scene_id,
                      dict(game.meters))


def _expectations(scenario: Scenario, test: ScenarioTest, game: Game) -> list[str]:
    problems = []
    where = f"ended with '{game.ending_id}'" if game.is_over else f"is at scene '{game.scene_id}'"
    if test.ending and game.ending_id != test.ending:
        problems.append(f"expected ending '{test.ending}', but the game {where}")
    if test.scene and (game.is_over or game.scene_id != test.scene):
        problems.append(f"expected to be at scene '{test.scene}', but the game {where}")
    for meter_id, lo, hi in test.meters:
        value = game.meters[meter_id]
        if not lo <= value <= hi:
            wanted = str(lo) if lo == hi else f"{lo}..{hi}"
            problems.append(f"expected {meter_id} {wanted}, but it is {value}")
    for flag_id, expected in test.flags:
        value = game.flags[flag_id]
        if value != expected or type(value) is not type(expected):
            problems.append(f"expected flag {flag_id} to be {_show(expected)}, but it is {_show(value)}")
    return problems


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def run_tests(scenario: Scenario, locator: Locator) -> tuple[list[CaseResult], list[Finding]]:
    results, findings = [], []
    for i, test in enumerate(scenario.tests):
        result = run_test(scenario, test, locator.test(i))
        results.append(result)
        if not result.passed:
            message = f'scenario test "{test.name}" failed: ' + "; ".join(result.problems)
            findings.append(Finding("error", "tests", message, result.line, "", result.replay, "T-FAILED"))
    return results, findings
