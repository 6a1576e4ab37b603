"""``playtest`` for one scenario: history, the scenario's tests, random play, the exhaustive
walk and balance, turned into one report with findings an author can act on.

Severity is chosen so that a clean bundled scenario passes and a real mistake fails: what no
player can ever meet (an unreachable scene, a choice whose condition is never true, a place
with no way to an ending) is an error; what random players merely did not meet, or a condition
that is always true, is a warning, because it may be deliberate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable

from game.authoring.balance import balance_points, summarise
from game.authoring.checks import CaseResult, HistoryResult, fixed_order_check, history_check, run_tests
from game.authoring.divergence import Extremes, extremes
from game.authoring.exhaustive import Step, WalkResult, walk
from game.authoring.findings import Finding
from game.authoring.locate import Locator
from game.authoring.openings import opening_entries
from game.authoring.randomplay import RandomStats, random_play
from game.authoring.sites import path_steps, play_command
from game.engine import Scenario
from game.engine.rules import initial_state, step
from game.scenario.located import Located

ProgressFactory = Callable[[str, int], Callable[[int, int], None] | None]


@dataclass
class PlaytestOptions:
    runs: int = 1000
    seed: int = 1
    exhaustive: bool = False
    max_states: int = 200_000
    max_turns: int | None = None
    targets: tuple[float, ...] = (0.25, 0.5, 0.75)
    progress: ProgressFactory | None = None


@dataclass
class PlaytestReport:
    scenario: Scenario
    history: HistoryResult
    tests: list[CaseResult]
    random: RandomStats | None
    walk: WalkResult | None
    balance: list[dict[str, Any]]
    findings: list[Finding] = field(default_factory=list)
    #: With --exhaustive: the lowest and highest divergence any run can end with (0-100).
    divergence: Extremes | None = None

    def failed(self, strict: bool = False) -> bool:
        bad = ("error", "warning") if strict else ("error",)
        return any(f.severity in bad for f in self.findings)


def path_text(steps: list[Step]) -> str:
    return " -> ".join(c if o is None else f"{c} (outcome {o + 1})" for _, c, o in steps) or "(the start)"


def playtest_scenario(scenario: Scenario, options: PlaytestOptions, located: Located | None = None) -> PlaytestReport:
    """Play-test a loaded scenario.  ``located``: the positions from the parse that loaded it
    (``check_file(..., keep_positions=True)``), so findings get their lines without a second
    parse; without them the file is read again for its lines."""
    locator = Locator(scenario, located) if located is not None else Locator.for_scenario(scenario)
    progress = options.progress or (lambda label, total: None)
    history, findings = history_check(scenario, locator)
    findings += fixed_order_check(scenario, locator)
    tests, test_findings = run_tests(scenario, locator)
    findings += test_findings
    points = balance_points(scenario)
    # A campaign chapter is also played from each of its openings, with carried values that open
    # it there; balance is measured on the players who start at the start.
    entries = opening_entries(scenario)
    stats = None
    if options.runs > 0:
        stats = random_play(scenario, options.runs, options.seed, points=points, max_turns=options.max_turns,
                            progress=progress("random play", options.runs))
        each = max(50, options.runs // 5)
        for number, entry in enumerate(entries, start=1):
            random_play(scenario, each, options.seed + number, max_turns=options.max_turns, carry=entry.carry,
                        into=stats, note=entry.describe())
            stats.openings[entry.scene] += each
    result = spread = None
    if options.exhaustive:
        result = walk(scenario, options.max_states, progress=progress("exhaustive walk", options.max_states),
                      carries=[e.carry for e in entries])
        findings += walk_findings(scenario, result, locator)
        spread = extremes(scenario, options.max_states, options.max_turns)
    if stats is not None:
        findings += random_findings(scenario, stats, result, locator)
    balance = summarise(points, stats.samples, stats.truth, options.targets) if stats is not None else []
    findings.sort(key=lambda f: ({"error": 0, "warning": 1, "info": 2}[f.severity], f.line, f.message))
    return PlaytestReport(scenario, history, tests, stats, result, balance, findings, spread)


def random_findings(scenario: Scenario, stats: RandomStats, walked: WalkResult | None,
                    locator: Locator) -> list[Finding]:
    out = []
    what = {"loop": "went on for {n} decisions without reaching an ending",
            "dead-end": "got stuck with no choice available",
            "crash": "crashed the engine"}
    for kind, count in stats.failure_counts.items():
        first = next(f for f in stats.failures if f.kind == kind)
        hint = {"loop": "players can go round for ever; give the loop a way out that always leads on",
                "dead-end": "give one choice in that scene no condition",
                "crash": "this is a bug in Politburo; please report it with the replay command"}[kind]
        message = (f"{count} of {stats.runs} random runs {what[kind].format(n=stats.max_turns)} "
                   f"(first: run {first.run}, {first.message})")
        out.append(Finding("error", "random", message, locator.scene(first.scene), hint,
                           play_command(scenario, first.seed, first.choices), f"R-{kind.upper()}"))
    known = walked if walked is not None and walked.complete else None

    def rare(reached_by_walk: bool, what: str, line: int, path: list[Step] | None = None) -> None:
        if known is not None and not reached_by_walk:
            return  # the exhaustive walk reports it as an error
        note = " (the exhaustive walk shows it can be reached" + (
            f": {path_text(path)})" if path is not None else ")") if known is not None else ""
        hint = ("fine if it is meant to be rare; otherwise check the conditions and weights on the way"
                if known is not None else "add --exhaustive to find out whether any player can reach it")
        replay = play_command(scenario, 0, path_steps(path)) if known is not None and path is not None else ""
        out.append(Finding("warning", "random", f"no random player of {stats.runs:,} {what}{note}", line, hint,
                           replay, "R-NEVER"))

    for scene in scenario.scenes:
        if not stats.scenes[scene.id]:
            rare(known is not None and scene.id in known.scenes, f"reached scene '{scene.id}'", locator.scene(scene.id))
            continue
        for choice in scene.choices:
            if not stats.choices[(scene.id, choice.id)]:
                rare(known is not None and (scene.id, choice.id) in known.choices,
                     f"took choice '{choice.id}' in scene '{scene.id}'", locator.choice(scene.id, choice.id))
            elif choice.next is None:
                for i in range(len(choice.outcomes)):
                    if not stats.outcomes[(scene.id, choice.id, i)]:
                        rare(known is not None and (scene.id, choice.id, i) in known.outcomes,
                             f"drew outcome {i + 1} of choice '{choice.id}' in scene '{scene.id}'",
                             locator.outcome(scene.id, choice.id, i))
    for ending in scenario.endings:
        if not stats.endings[ending.id]:
            rare(known is not None and ending.id in known.endings, f"reached ending '{ending.id}'",
                 locator.ending(ending.id), known.ending_paths.get(ending.id) if known is not None else None)
    return out


def walk_findings(scenario: Scenario, result: WalkResult, locator: Locator) -> list[Finding]:
    out: list[Finding] = []
    if not result.complete:
        return [Finding("warning", "exhaustive",
                        f"the exhaustive walk stopped at its bound of {result.max_states:,} states, so it cannot "
                        "say what is unreachable", 0, "raise --max-states, or rely on random play for this file",
                        code="X-BOUND")]

    def add(severity: Any, message: str, line: int, hint: str = "", code: str = "",
            path: list[Step] | None = None) -> None:
        replay = ""
        if path is not None:
            message += f" (for example after: {path_text(path)})"
            replay = play_command(scenario, 0, path_steps(path))  # every outcome named: any seed would do
        out.append(Finding(severity, "exhaustive", message, line, hint, replay, code))

    for scene in scenario.scenes:
        if scene.id not in result.scenes:
            add("error", f"scene '{scene.id}' can never be reached: the conditions on the way always close it off",
                locator.scene(scene.id), "check the conditions of the choices and outcomes that lead here", "X-SCENE")
    for ending in scenario.endings:
        if ending.id not in result.endings:
            add("error", f"ending '{ending.id}' can never be reached", locator.ending(ending.id),
                "check its condition, and the thresholds and choices that lead to it", "X-ENDING")
    for site, seen in zip(result.sites, result.truth):
        line = site.line(locator)
        if site.kind == "choice" and site.scene in result.scenes:
            if seen == 2:
                add("error", f"{site.label} is never available: its condition '{site.source}' is never true",
                    line, "no player can ever take it; change the condition or what leads here", "X-NEVER-TRUE")
            elif seen == 1:
                add("warning", f"the condition of {site.label}, '{site.source}', is never false where it is asked",
                    line, "the choice is always available; the condition can go", "X-NEVER-FALSE")
        elif site.kind == "outcome" and (site.scene, site.choice) in result.choices:
            if seen == 2:
                add("error", f"{site.label} can never happen: its condition '{site.source}' is never true",
                    line, "no player ever meets it; change the condition or what leads here", "X-NEVER-TRUE")
            elif seen == 1:
                add("warning", f"the condition of {site.label}, '{site.source}', is never false",
                    line, "the outcome is always possible; the condition can go", "X-NEVER-FALSE")
        elif site.kind == "ending" and seen != 3:
            if seen == 0:
                add("warning", f"the condition of {site.label} is never tried: no 'next: end' gets this far",
                    line, "an earlier ending always matches first", "X-NEVER-TRIED")
            elif seen == 2:
                add("warning", f"the condition of {site.label}, '{site.source}', is never true when 'next: end' "
                    "picks an ending", line, "the ending can still be reached by a next or a threshold that names "
                    "it; the condition only matters to 'next: end'", "X-NEVER-TRUE")
            elif seen == 1:
                add("warning", f"the condition of {site.label}, '{site.source}', is true whenever it is tried, "
                    "so no later ending is ever picked by 'next: end'", line,
                    "put more specific endings before it, or narrow its condition", "X-NEVER-FALSE")
        elif site.kind == "threshold" and not seen & 1:
            add("warning", f"{site.meter} never gets to '{site.source}', so this threshold never ends the game",
                line, "move the threshold within the meter's reachable range (see the meter ranges), or remove it",
                "X-THRESHOLD")
    if result.dead_ends:
        add("error", f"{result.dead_ends} reachable situation(s) offer no available choice",
            locator.scene(_last_scene(scenario, result.dead_end_path)), "give one choice in that scene no condition",
            "X-DEAD-END", result.dead_end_path)
    if result.traps:
        add("error", f"from {result.traps} reachable situation(s) no ending can ever be reached",
            locator.scene(_last_scene(scenario, result.trap_path)),
            "give the scenes there a way out that is always available", "X-TRAP", result.trap_path)
    if result.loops:
        add("warning", "a player can come back to exactly the same situation (same scene, meters and flags) "
            "and go round for ever", locator.scene(_last_scene(scenario, result.loop_path)),
            "fine for a hub scene the player leaves by choice; otherwise make the loop change something",
            "X-LOOP", result.loop_path)
    return out


def _last_scene(scenario: Scenario, path: list[Step] | None) -> str:
    """The scene a path arrives at (the start scene for an empty path)."""
    if not path:
        return scenario.start
    state = initial_state(scenario, 0)
    for _, choice_id, outcome in path:
        state = step(scenario, state, choice_id, outcome=outcome, trace=False).state
    return state.scene or scenario.start
