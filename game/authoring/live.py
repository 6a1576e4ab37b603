"""Live reload for ``politburo play PATH --watch``: the pure part, with no UI and no threads.

As in Inky, when the author saves the file (or a shared file it includes) the game reloads it and
replays the player's decisions back to where they were.  The full-screen game watches the file with
:class:`FileWatch` and, when it changed, calls :func:`reload_game` and shows the :class:`Reload`:

- ``reload.ok``: carry on with ``reload.game`` and show ``reload.notes`` (what changed, and
  where replay stopped if a decision no longer fits);
- not ok: show ``reload.diagnostics`` (``file:line:col`` errors, as ``validate`` prints them)
  instead of the scene, keep the last good game, and keep polling: play resumes, with the
  player's decisions replayed, as soon as the file is fixed.

Decisions made on the old version while the file is broken are kept: the next good reload
replays them too.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine import Expr, Game, Scenario
from game.engine.record import fields, is_record, replace
from game.engine.rules import replay
from game.scenario import Diagnostic, check_file
from game.scenario.include import included_files


class FileWatch:
    """Notices when a scenario file, or a file it includes, has been saved: cheap ``stat`` calls
    first, then a content hash, so an editor that rewrites the same bytes (or touches a file)
    does not trigger a reload.

    The included files are found by reading the scenario's ``include:`` lists (and the shared
    files' own), again whenever something changed, since an edit may add or drop an include.
    A shared file that is named but missing is watched too: it appearing is a change."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.files = self._files()
        self.stamp = self._stamp()
        self.digest = self._digest()

    def _files(self) -> tuple[Path, ...]:
        return (self.path, *(Path(p) for p in included_files(self.path)))

    def _stamp(self) -> tuple[tuple[int, int] | None, ...]:
        stamps: list[tuple[int, int] | None] = []
        for path in self.files:
            try:
                st = path.stat()
            except OSError:
                stamps.append(None)
            else:
                stamps.append((st.st_mtime_ns, st.st_size))
        return tuple(stamps)

    def _digest(self) -> str | None:
        """A hash of every watched file's bytes; None while the scenario itself cannot be read
        (an editor caught mid-save).  A missing shared file hashes as missing: the reload then
        says why it cannot be included."""
        digest = hashlib.sha256()
        for i, path in enumerate(self.files):
            try:
                data = path.read_bytes()
            except OSError:
                if i == 0:
                    return None
                data = b"\0missing"
            digest.update(str(path).encode("utf-8", "replace") + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()

    def changed(self) -> bool:
        stamp = self._stamp()
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        digest = self._digest()
        if digest == self.digest or digest is None:  # same bytes, or caught mid-save: wait
            return False
        files = self._files()
        if files != self.files:  # an include added or dropped: watch what it names now
            self.files = files
            self.stamp, digest = self._stamp(), self._digest()
        self.digest = digest
        return True


@dataclass
class Reload:
    ok: bool
    scenario: Scenario | None
    game: Game | None
    diagnostics: tuple[Diagnostic, ...] = ()
    notes: list[str] = field(default_factory=list)
    replayed: int = 0
    dropped: int = 0


def _plain(value: Any) -> Any:
    """A comparable form of model objects: conditions compare by their source text, since
    each load compiles fresh closures."""
    if isinstance(value, Expr):
        return value.source
    if is_record(value):
        return tuple(_plain(getattr(value, f.name)) for f in fields(value) if f.name != "_index")
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _diff(what: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    notes = []
    for verb, ids in (("new", sorted(set(after) - set(before))), ("removed", sorted(set(before) - set(after))),
                      ("changed", sorted(k for k in set(before) & set(after)
                                         if _plain(before[k]) != _plain(after[k])))):
        if ids:
            notes.append(f"{verb} {what}{'s' * (len(ids) > 1)}: {', '.join(ids)}")
    return notes


def scenario_changes(old: Scenario, new: Scenario) -> list[str]:
    """A short list of what an edit changed, by id: the author's change log for this reload."""
    def scenes(s: Scenario) -> dict[str, Any]:  # a scene apart from its choices
        return {x.id: replace(x, choices=()) for x in s.scenes}

    def choices(s: Scenario) -> dict[str, Any]:
        return {f"{x.id}/{c.id}": c for x in s.scenes for c in x.choices}

    notes = _diff("scene", scenes(old), scenes(new)) + _diff("choice", choices(old), choices(new))
    for what, a, b in (("ending", old.endings, new.endings), ("meter", old.meters, new.meters),
                       ("flag", old.flags, new.flags), ("source", old.sources, new.sources),
                       ("adviser", old.advisers, new.advisers)):
        notes += _diff(what, {x.id: x for x in a}, {x.id: x for x in b})
    notes += _diff("glossary term", {g.term: g for g in old.glossary}, {g.term: g for g in new.glossary})
    if old.start != new.start:
        notes.append(f"the game now starts at '{new.start}'")
    return notes


def reload_game(path: str | os.PathLike[str], game: Game, previous: Scenario | None = None) -> Reload:
    """Load ``path`` again and replay ``game``'s decisions into it as far as they still fit.
    Never raises for anything in the file: an invalid file comes back as diagnostics."""
    result = check_file(path)
    if result.scenario is None:
        return Reload(False, None, None, result.diagnostics,
                      [f"{len(result.errors)} error(s) in the file; the game goes on when they are fixed"])
    scenario = result.scenario
    decisions = list(game.decisions)
    state, n, reason = replay(scenario, game.seed, game.carry, decisions)
    new_game = Game(scenario, state)
    notes = scenario_changes(previous or game.scenario, scenario)
    if n < len(decisions):
        d = decisions[n]
        notes.append(f"replayed {n} of {len(decisions)} decisions; decision {n + 1} ('{d.choice}' in "
                     f"'{d.scene}') no longer fits: {reason}")
    else:
        notes.append(f"replayed all {n} decision{'s' * (n != 1)}")
    return Reload(True, scenario, new_game, result.diagnostics, notes, n, len(decisions) - n)
