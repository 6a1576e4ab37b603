"""Line numbers for scenes, choices, outcomes, endings and tests, so every finding can say
``file:line`` like the validator does.

The model deliberately carries no positions (saves and records must not depend on layout), so
the file is parsed again here with the same located loader.  Scenes, choices, outcomes and
endings keep their file order in the model, which is what makes the mapping exact.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from game.engine import Scenario
from game.scenario.diagnostics import Diagnostics
from game.scenario.yamlsafe import Located, load_located


class Locator:
    def __init__(self, scenario: Scenario, located: Located | None):
        self.located = located
        self.scene_index = {s.id: i for i, s in enumerate(scenario.scenes)}
        self.choice_index = {(s.id, c.id): j for s in scenario.scenes for j, c in enumerate(s.choices)}
        self.ending_index = {e.id: i for i, e in enumerate(scenario.endings)}
        self.meter_index = {m.id: i for i, m in enumerate(scenario.meters)}

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> Locator:
        located = None
        # No file (a scenario built from bytes): findings just carry no line.
        with contextlib.suppress(OSError, ValueError):
            located = load_located(Path(scenario.path).read_bytes(), Diagnostics(scenario.path))
        return cls(scenario, located)

    def line(self, path: tuple[str | int, ...]) -> int:
        return self.located.where(path)[0] if self.located is not None else 0

    def scene(self, scene_id: str) -> int:
        return self.line(("scenes", self.scene_index.get(scene_id, -1), "id"))

    def choice(self, scene_id: str, choice_id: str, key: str = "id") -> int:
        si = self.scene_index.get(scene_id, -1)
        return self.line(("scenes", si, "choices", self.choice_index.get((scene_id, choice_id), -1), key))

    def outcome(self, scene_id: str, choice_id: str, index: int, key: str = "weight") -> int:
        si = self.scene_index.get(scene_id, -1)
        ci = self.choice_index.get((scene_id, choice_id), -1)
        return self.line(("scenes", si, "choices", ci, "outcomes", index, key))

    def ending(self, ending_id: str, key: str = "id") -> int:
        return self.line(("endings", self.ending_index.get(ending_id, -1), key))

    def threshold(self, meter_id: str, index: int) -> int:
        return self.line(("meters", self.meter_index.get(meter_id, -1), "ends_game", index))

    def test(self, index: int) -> int:
        return self.line(("tests", index, "name"))
