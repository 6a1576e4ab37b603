"""Finding what the title screen and the picker offer: scenarios, and the save to continue.

Blocking (it reads and checks YAML files), so the screens call it from workers.  Textual-free.
A bundled file that fails validation is listed with its error count rather than hidden or
crashing the picker: a teacher who dropped a broken file in should see that it is broken.

Which saves may be continued is the play layer's rule (:func:`game.play.policy.may_continue`):
in a shared class folder a student is offered only their own save, never a classmate's.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from game.catalog import UnknownScenario, bundled_files, resolve
from game.engine import Scenario
from game.engine.record import record
from game.formats import SaveFile
from game.paths import Places
from game.play.length import reading_minutes
from game.play.policy import may_continue
from game.play.store import list_saves
from game.scenario import check_file


@record(slots=False)
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
    for entry in entries:  # the length from the words, worked out here (off the UI thread) and kept
        if entry.scenario is not None:
            reading_minutes(entry.scenario)
    return entries


@record(slots=False)
class Continuable:
    """The newest save this player may carry on, and its scenario (or why it cannot be played)."""

    save: SaveFile
    path: Path
    mtime: float
    scenario: Scenario | None
    problem: str = ""

    @property
    def campaign(self) -> bool:
        """A campaign chapter's save: Continue carries on the campaign."""
        return self.save.settings.campaign is not None

    @property
    def label(self) -> str:
        """Named with scenario, player and date, as the title screen shows it."""
        title = self.scenario.title if self.scenario is not None else self.save.scenario_id
        when = datetime.fromtimestamp(self.mtime).strftime("%d %b %Y, %H:%M")
        turns = self.save.turns
        return f"{title} ({self.save.player}, {turns} decision{'s' * (turns != 1)}, saved {when})"


def _scenario_for(save: SaveFile, extra: tuple[Scenario, ...],
                  bundled_only: bool = False) -> tuple[Scenario | None, str]:
    wanted = save.scenario_id
    for scenario in extra:
        if scenario.id == wanted:
            return scenario, ""
    candidates = []
    if bundled_only:  # served: never a file named in a save, only the installed scenario
        candidates += [p for p in bundled_files() if p.stem == wanted]
    else:
        recorded = save.scenario_file
        if recorded and Path(recorded).is_file():
            candidates.append(Path(recorded))
        with contextlib.suppress(UnknownScenario):
            candidates.append(resolve(wanted).path)
    for path in candidates:
        result = check_file(path)
        if result.scenario is not None and result.scenario.id == wanted:
            return result.scenario, ""
    if candidates:
        return None, f"the scenario '{wanted}' no longer passes validation"
    return None, f"the scenario '{wanted}' cannot be found"


def find_continuable(places: Places, extra: tuple[Scenario, ...] = (), *, player: str | None,
                     class_code: str | None, bundled_only: bool = False) -> Continuable | None:
    """The newest save that ``player`` (in class ``class_code``) may carry on, and its scenario.

    Damaged files and other players' saves are passed over, not offered."""
    for listed in list_saves(places):
        if listed.save is None or may_continue(listed.save, player=player, class_code=class_code):
            continue
        scenario, problem = _scenario_for(listed.save, extra, bundled_only)
        return Continuable(listed.save, listed.path, listed.mtime, scenario, problem)
    return None
