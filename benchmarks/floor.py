"""The floor for the engine's speed: a tight interpreter of the same semantics.

Same compiled conditions, clamped effects on meters and counters, flag sets, the same chance rule (a seeded roll per
decision, weighted among the outcomes that can happen), thresholds and endings as
:mod:`game.engine.rules` — but one mutable dict for the whole game, no states, no events, no
decision records.  ``benchmarks/bench_play.py`` runs it beside the engine on the same seeds and
checks that both reach the same endings, then prints engine ÷ floor.
"""

from __future__ import annotations

import random
from typing import Any

from game.engine import chance
from game.engine.model import END, Scenario


class Floor:
    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.meters = [(m.id, m.min, m.max, m.start) for m in scenario.meters]
        self.thresholds = [(m.id, t.direction == "at_least", t.value, t.ending)
                           for m in scenario.meters for t in m.ends_game]
        self.bounds = {m.id: (m.min, m.max) for m in scenario.meters}
        self.bounds.update({f.id: (f.min, f.max) for f in scenario.flags if f.min is not None and f.max is not None})
        self.flags = [(f.id, f.default) for f in scenario.flags]
        self.scenes = {s.id: s.choices for s in scenario.scenes}
        self.endings = {e.id for e in scenario.endings}
        self.resolve = [(e.id, e.condition) for e in scenario.endings]

    def _apply(self, env: dict[str, Any], change: Any) -> None:
        bounds = self.bounds
        for meter, delta in change.effects:
            low, high = bounds[meter]
            value = env[meter] + delta
            env[meter] = low if value < low else high if value > high else value
        for counter, delta in change.counters:
            low, high = bounds[counter]
            value = env[counter] + delta
            env[counter] = low if value < low else high if value > high else value
        for flag, value in change.sets:
            env[flag] = value

    def play(self, seed: int, picker: random.Random) -> str:
        """One random playthrough; returns the ending's id."""
        env: dict[str, Any] = {m: min(max(start, low), high) for m, low, high, start in self.meters}
        env.update(self.flags)
        env["turn"] = 0
        scene = self.scenario.start
        while True:
            available = [c for c in self.scenes[scene] if c.condition is None or c.condition(env)]
            choice = picker.choice(available)
            env["turn"] += 1
            self._apply(env, choice)
            target = choice.next
            if target is None:
                eligible = [o for o in choice.outcomes if o.condition is None or o.condition(env)]
                if eligible:
                    outcome = eligible[chance.pick([o.weight for o in eligible], chance.roll(seed, env["turn"]))]
                else:
                    outcome = choice.outcomes[0]
                self._apply(env, outcome)
                target = outcome.next
            for meter, up, value, ending in self.thresholds:
                if (env[meter] >= value) if up else (env[meter] <= value):
                    return ending
            if target == END:
                return next((e for e, cond in self.resolve if cond is None or cond(env)), self.resolve[-1][0])
            if target in self.endings:
                return target
            scene = target
