"""Random play: many seeded playthroughs picking uniformly among the available choices.

Reproducible like ChoiceScript's randomtest, and replayable one run at a time: run *i* plays a
game with a seed drawn from ``Random(seed)`` and records the choice ids it took, so
``politburo play FILE --plain --seed RUN_SEED --choices a,b,c`` replays it exactly: the game
draws chance from its seed and the decision number by the engine's one rule
(:mod:`game.engine.chance`), and the generator that picks the choices is the tester's own, so
the game sees only the choices.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable, Sequence

from game.authoring.balance import BalancePoint
from game.authoring.divergence import scaled
from game.engine import Carry, Scenario
from game.engine.history import historical_track
from game.engine.rules import after_choice_env, available_choices, initial_state, step

#: XORed into a run's seed to seed its picker, so picking never shares a stream with the game.
_PICKER = 0x5EED5
#: Failing runs kept in full per kind (all are counted).
KEEP = 5


@dataclass
class RunFailure:
    kind: str  # loop, dead-end or crash
    run: int
    seed: int
    choices: list[str]
    scene: str
    message: str


@dataclass
class RandomStats:
    runs: int
    seed: int
    max_turns: int
    scenes: Counter[str] = field(default_factory=Counter)
    choices: Counter[tuple[str, str]] = field(default_factory=Counter)
    outcomes: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)
    lengths: Counter[int] = field(default_factory=Counter)
    #: scene -> meter -> [lowest, highest] on arrival.
    meter_ranges: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: scene -> counter -> [lowest, highest] on arrival.
    counter_ranges: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    failures: list[RunFailure] = field(default_factory=list)
    failure_counts: Counter[str] = field(default_factory=Counter)
    #: (balance point, comparison) -> Counter of the compared values.
    samples: dict[tuple[int, int], Counter[float]] = field(default_factory=dict)
    #: balance point -> [times true, times false].
    truth: dict[int, list[int]] = field(default_factory=dict)
    #: Runs begun on a campaign opening (its scene -> runs), counted in ``runs`` too.
    openings: Counter[str] = field(default_factory=Counter)
    #: The divergence each run that reached an ending scored, as players see it (0-100).
    divergence: list[int] = field(default_factory=list)


class _Sampler:
    """Samples the values balance points compare, at the moment the engine asks."""

    def __init__(self, points: list[BalancePoint], stats: RandomStats):
        self.stats = stats
        self.scene: dict[str, list[tuple[int, BalancePoint]]] = {}
        self.outcome: dict[tuple[str, str], list[tuple[int, BalancePoint]]] = {}
        self.ending: dict[str, list[tuple[int, BalancePoint]]] = {}
        self.threshold: list[tuple[int, BalancePoint]] = []
        for pi, p in enumerate(points):
            s = p.site
            if s.kind == "choice":
                self.scene.setdefault(s.scene, []).append((pi, p))
            elif s.kind == "outcome":
                self.outcome.setdefault((s.scene, s.choice), []).append((pi, p))
            elif s.kind == "ending":
                self.ending.setdefault(s.ending, []).append((pi, p))
            else:
                self.threshold.append((pi, p))

    def sample(self, pi: int, point: BalancePoint, env: dict[str, Any]) -> None:
        expr = point.site.expr
        result = bool(expr(env)) if expr is not None else None
        for ci, comp in enumerate(point.comparisons):
            value = comp.fn(env)
            self.stats.samples.setdefault((pi, ci), Counter())[value] += 1
            if result is None:
                result = comp.holds(value)
        self.stats.truth.setdefault(pi, [0, 0])[0 if result else 1] += 1


def random_play(scenario: Scenario, runs: int, seed: int, *, points: Sequence[BalancePoint] = (),
                max_turns: int | None = None,
                progress: Callable[[int, int], None] | None = None,
                carry: Carry | None = None, into: RandomStats | None = None, note: str = "") -> RandomStats:
    """``runs`` seeded playthroughs.  ``carry`` starts each game as a campaign chapter that
    inherited it (so it may open on one of the scenario's ``openings``); ``into`` adds the runs to
    stats already gathered, and ``note`` (how those runs began) is added to their failures,
    since a replay command alone does not say what was carried in."""
    max_turns = max_turns or scenario.longest_run  # a longer run counts as a loop
    if into is None:
        stats, offset = RandomStats(runs, seed, max_turns), 0
    else:
        stats, offset = into, into.runs
        stats.runs += runs
    sampler = _Sampler(list(points), stats)
    meter_ids = [m.id for m in scenario.meters]
    counter_ids = [f.id for f in scenario.flags if f.is_counter]
    endings = scenario.end_candidates  # the endings 'next: end' asks, in order
    master = random.Random(seed)
    track = historical_track(scenario)
    spans = [(m.id, m.span) for m in scenario.meters]
    for run in range(runs):
        run_seed = master.getrandbits(31)
        # The rules directly, without events or decision records: this loop reads only the
        # state, and the drawn outcome and ending reason the step reports (issue 15).
        state = initial_state(scenario, run_seed, Carry.for_scenario(scenario, carry) if carry else None)
        picker = random.Random(run_seed ^ _PICKER)
        taken: list[str] = []
        extremes: dict[int, int | None] = {pi: None for pi, _ in sampler.threshold}
        failure = None
        distance = 0.0  # summed as run_divergence sums it, without the run's decision records
        try:
            while state.scene is not None:
                sid = state.scene
                if len(taken) >= max_turns:
                    failure = ("loop", f"now in scene '{sid}'")
                    break
                stats.scenes[sid] += 1
                meters = state.meters
                ranges = stats.meter_ranges.get(sid)
                if ranges is None:
                    ranges = stats.meter_ranges[sid] = {m: [meters[m], meters[m]] for m in meter_ids}
                else:
                    for m in meter_ids:
                        v, r = meters[m], ranges[m]
                        if v < r[0]:
                            r[0] = v
                        elif v > r[1]:
                            r[1] = v
                if counter_ids:
                    counts = stats.counter_ranges.setdefault(sid, {c: [state.flags[c]] * 2 for c in counter_ids})
                    for c in counter_ids:
                        v, r = state.flags[c], counts[c]
                        r[0], r[1] = min(r[0], v), max(r[1], v)
                if sid in sampler.scene:
                    env = state.env()
                    for pi, point in sampler.scene[sid]:
                        sampler.sample(pi, point, env)
                available = available_choices(scenario, state)
                if not available:
                    failure = ("dead-end", f"no choice is available in scene '{sid}'")
                    break
                choice = picker.choice(available)
                taken.append(choice.id)
                stats.choices[(sid, choice.id)] += 1
                before = state
                result = step(scenario, state, choice.id, trace=False)
                state = result.state
                if spans:  # raw_divergence's sum, in its order, without its per-call set-up
                    now, then = state.meters, track.meters_at(state.turn)
                    distance += 100 * sum(abs(now[m] - then[m]) / span for m, span in spans) / len(spans)
                if result.outcome is not None:
                    stats.outcomes[(sid, choice.id, result.outcome)] += 1
                    if (sid, choice.id) in sampler.outcome:
                        env = after_choice_env(scenario, before, choice)
                        for pi, point in sampler.outcome[(sid, choice.id)]:
                            sampler.sample(pi, point, env)  # every outcome's condition is asked
                for pi, point in sampler.threshold:
                    v = state.meters[point.site.meter]
                    old = extremes[pi]
                    up = point.site.threshold.direction == "at_least"  # type: ignore[union-attr]
                    if old is None or (v > old if up else v < old):
                        extremes[pi] = v
                if result.reason == "end" and sampler.ending:
                    env = state.env()
                    for ending in endings:
                        for pi, point in sampler.ending.get(ending.id, ()):
                            sampler.sample(pi, point, env)
                        if ending.condition is None or ending.condition(env):
                            break
        except Exception as exc:  # a tester reports crashes; it must not become one
            failure = ("crash", f"{type(exc).__name__}: {exc}")
        if state.ending is not None and failure is None:
            stats.endings[state.ending] += 1
            stats.divergence.append(scaled(scenario, distance / len(taken)) if taken else 0)
        for pi, point in sampler.threshold:
            if extremes[pi] is not None:
                sampler.sample(pi, point, {point.site.meter: extremes[pi]})
        stats.lengths[len(taken)] += 1
        if failure is not None:
            kind, message = failure
            if note:
                message = f"{message}; {note}"
            stats.failure_counts[kind] += 1
            if stats.failure_counts[kind] <= KEEP:
                stats.failures.append(RunFailure(kind, offset + run + 1, run_seed, taken, state.scene or "", message))
        if progress is not None:
            progress(run + 1, runs)
    return stats
