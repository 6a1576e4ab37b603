"""Finding what the title screen and the picker offer: scenarios, and the newest autosave.

Blocking (it reads and checks YAML files), so the screens call it from workers.  Textual-free.
A bundled file that fails validation is listed with its error count rather than hidden or
crashing the picker: a teacher who dropped a broken file in should see that it is broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from game.catalog import UnknownScenario, bundled_files, resolve
from game.engine import Scenario
from game.paths import slug
from game.saves import Save, list_saves
from game.scenario import check_file


@dataclass(frozen=True)
class Entry:
    """One line of the scenario picker."""

    path: str
    scenario: Scenario | None
    problem: str = ""


def load_catalog(extra: tuple[Scenario, ...] = ()) -> list[Entry]:
    """The bundled scenarios (in the campaign's order), then any given on the command line."""
    entries = []
    ids = set()
    for path in bundled_files():
        result = check_file(path.resolve())
        if result.scenario is not None:
            ids.add(result.scenario.id)
            entries.append(Entry(str(path), result.scenario))
        else:
            n = len(result.errors)
            entries.append(Entry(str(path), None, f"{n} error{'s' * (n != 1)}: "
                                 f"run 'politburo validate {path.name}'"))
    for scenario in extra:
        if scenario.id not in ids:
            entries.append(Entry(scenario.path, scenario))
    return entries


@dataclass(frozen=True)
class Resumable:
    """The newest autosave and the scenario it belongs to (or why it cannot be resumed)."""

    save: Save
    scenario: Scenario | None
    problem: str = ""

    @property
    def label(self) -> str:
        """Named with scenario and date, as the title screen shows it."""
        title = self.scenario.title if self.scenario is not None else self.save.scenario_id
        when = datetime.fromtimestamp(self.save.path.stat().st_mtime).strftime("%d %b %Y, %H:%M")
        turns = len(self.save.data.get("state", {}).get("decisions", []))
        player = self.save.data.get("player", "player")
        return f"{title} ({player}, {turns} decision{'s' * (turns != 1)}, saved {when})"


def _scenario_for(save: Save, extra: tuple[Scenario, ...],
                  bundled_only: bool = False) -> tuple[Scenario | None, str]:
    wanted = save.scenario_id
    for scenario in extra:
        if scenario.id == wanted:
            return scenario, ""
    candidates = []
    if bundled_only:  # served: never a file named in a save, only the installed scenario
        candidates += [p for p in bundled_files() if p.stem == wanted]
    else:
        recorded = save.data.get("scenario_file") or ""
        if recorded and Path(recorded).is_file():
            candidates.append(Path(recorded))
        try:
            candidates.append(resolve(wanted).path)
        except UnknownScenario:
            pass
    for path in candidates:
        result = check_file(path)
        if result.scenario is not None and result.scenario.id == wanted:
            return result.scenario, ""
    if candidates:
        return None, f"the scenario '{wanted}' no longer passes validation"
    return None, f"the scenario '{wanted}' cannot be found"


def find_resumable(saves_dir: Path, extra: tuple[Scenario, ...] = (), *, player: str | None = None,
                   bundled_only: bool = False) -> Resumable | None:
    """The newest autosave (``player``'s only, when given: served mode) and its scenario."""
    saves = list_saves(saves_dir)
    if player is not None:
        mine = slug(player)
        saves = [s for s in saves if s.path.stem.endswith(f"--{mine}")
                 and slug(str(s.data.get("player", ""))) == mine]
    if not saves:
        return None
    save = saves[0]
    scenario, problem = _scenario_for(save, extra, bundled_only)
    return Resumable(save, scenario, problem)
