"""Every place where the story asks a question: choice, outcome and ending conditions, and the
meter thresholds that end the game.

The exhaustive walk records whether each can be true and whether each can be false; random
play samples the values they compare, for the balance report.  One list, built once, so the
two tools and the report name the same place the same way.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from game.engine import Expr, Scenario, Threshold

if TYPE_CHECKING:
    from game.authoring.locate import Locator

SiteKind = Literal["choice", "outcome", "ending", "threshold"]


@dataclass(frozen=True)
class Site:
    kind: SiteKind
    scene: str = ""
    choice: str = ""
    #: Outcome index (0-based) or threshold index within the meter's ends_game.
    index: int = -1
    ending: str = ""
    meter: str = ""
    expr: Expr | None = None
    threshold: Threshold | None = None

    @property
    def source(self) -> str:
        if self.threshold is not None:
            op = ">=" if self.threshold.direction == "at_least" else "<="
            return f"{self.meter} {op} {self.threshold.value}"
        return self.expr.source if self.expr is not None else ""

    @property
    def key(self) -> str:
        """A stable name for JSON output and tests."""
        return {"choice": f"choice:{self.scene}/{self.choice}",
                "outcome": f"outcome:{self.scene}/{self.choice}/{self.index + 1}",
                "ending": f"ending:{self.ending}",
                "threshold": f"threshold:{self.meter}/{self.index + 1}"}[self.kind]

    @property
    def label(self) -> str:
        return {"choice": f"choice '{self.choice}' in scene '{self.scene}'",
                "outcome": f"outcome {self.index + 1} of choice '{self.choice}' in scene '{self.scene}'",
                "ending": f"ending '{self.ending}'",
                "threshold": f"the {self.meter} threshold that ends the game with '{self.ending}'"}[self.kind]

    def line(self, locator: Locator) -> int:
        if self.kind == "choice":
            return locator.choice(self.scene, self.choice, "condition")
        if self.kind == "outcome":
            return locator.outcome(self.scene, self.choice, self.index, "condition")
        if self.kind == "ending":
            return locator.ending(self.ending, "condition")
        return locator.threshold(self.meter, self.index)


def condition_sites(scenario: Scenario) -> list[Site]:
    """Every condition and threshold, in file order.  An ending marked ``only_by_next`` is left
    out: ``next: end`` never asks its (always false) condition, so it is no question at all."""
    sites: list[Site] = []
    for meter in scenario.meters:
        for i, threshold in enumerate(meter.ends_game):
            sites.append(Site("threshold", index=i, ending=threshold.ending, meter=meter.id, threshold=threshold))
    for scene in scenario.scenes:
        for choice in scene.choices:
            if choice.condition is not None:
                sites.append(Site("choice", scene.id, choice.id, expr=choice.condition))
            for i, outcome in enumerate(choice.outcomes):
                if outcome.condition is not None:
                    sites.append(Site("outcome", scene.id, choice.id, i, expr=outcome.condition))
    for ending in scenario.end_candidates:  # an only_by_next ending asks no question
        if ending.condition is not None:
            sites.append(Site("ending", ending=ending.id, expr=ending.condition))
    return sites


def uses_turn(scenario: Scenario) -> bool:
    """Whether any condition reads ``turn``; if none does, states that differ only in the
    number of decisions made are the same state for every later question."""
    return any(s.expr is not None and "turn" in s.expr.names for s in condition_sites(scenario))


def play_command(scenario: Scenario, seed: int, steps: list[str] | tuple[str, ...]) -> str:
    """The ``politburo play`` command that replays a path exactly.  It always carries the seed
    (chance is drawn from it, :mod:`game.engine.chance`), and a step that must take a chance
    outcome is written ``gamble@2``, as in a scenario test."""
    parts = ["politburo", "play", shlex.quote(scenario.path or scenario.id), "--plain", "--seed", str(seed)]
    if steps:
        parts += ["--choices", shlex.quote(",".join(steps))]
    return " ".join(parts)


def path_steps(path: list[tuple[str, str, int | None]]) -> list[str]:
    """A walked path as replay steps: every chance outcome it took is named (``gamble@2``)."""
    return [choice if outcome is None else f"{choice}@{outcome + 1}" for _, choice, outcome in path]
