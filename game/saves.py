"""Autosaves: the game in progress, rewritten atomically after every decision.

A save is the engine's state (which replays the decisions, so it can never hold a state the
scenario could not produce) plus who is playing, the seed and the settings.  One save per
scenario and player; the TUI's Continue picks the newest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine import Game, Scenario, StateError
from game.paths import slug
from game.records import RunInfo
from game.storage import atomic_write_json

SAVE_FORMAT = "politburo-save/1"


@dataclass
class Save:
    path: Path
    data: dict[str, Any]

    @property
    def scenario_id(self) -> str:
        return str(self.data.get("state", {}).get("scenario", {}).get("id", ""))

    @property
    def info(self) -> RunInfo:
        return RunInfo(self.data["player"], int(self.data["seed"]), self.data["started_at"],
                       dict(self.data.get("settings", {})))

    def restore(self, scenario: Scenario) -> Game:
        """The saved game, or :class:`StateError` if the scenario no longer fits it."""
        return Game.from_dict(scenario, self.data["state"])

    def restore_or_migrate(self, scenario: Scenario) -> tuple[Game | None, list[str]]:
        """See :func:`restore_or_migrate`."""
        return restore_or_migrate(self, scenario)


def restore_or_migrate(save: Save, scenario: Scenario) -> tuple[Game | None, list[str]]:
    """The saved game, carried over to the scenario as it is now.

    Unchanged scenario: the game as saved and no notes.  Edited scenario: the player's
    decisions replayed by id as far as they still fit, and notes saying what changed (show
    them to the player).  Nothing usable: ``None`` and notes saying why; offer a fresh start.
    Never raises for a bad or outdated save (see :mod:`game.migrate`).
    """
    from game.migrate import migrate_state

    result = migrate_state(scenario, save.data.get("state"))
    return result.game, result.notes


def save_path(folder: Path, scenario_id: str, player: str) -> Path:
    return folder / f"{slug(scenario_id, 'scenario')}--{slug(player)}.json"


def write_save(folder: Path, game: Game, info: RunInfo, extra: dict[str, Any] | None = None) -> Path:
    path = save_path(folder, game.scenario.id, info.player)
    atomic_write_json(path, {
        "format": SAVE_FORMAT,
        "player": info.player,
        "seed": info.seed,
        "started_at": info.started_at,
        "settings": info.settings,
        "scenario_file": game.scenario.path,
        "state": game.to_dict(),
        **(extra or {}),
    })
    return path


def read_save(path: Path) -> Save:
    """Read a save; raises :class:`StateError` for anything that is not one."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise StateError(f"cannot read the save {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT or "state" not in data:
        raise StateError(f"{path} is not a Politburo save")
    return Save(path, data)


def delete_save(folder: Path, scenario_id: str, player: str) -> None:
    path = save_path(folder, scenario_id, player)
    path.unlink(missing_ok=True)


def list_saves(folder: Path) -> list[Save]:
    """Every readable save, newest first."""
    saves = []
    if folder.is_dir():
        for path in folder.glob("*.json"):
            try:
                saves.append(read_save(path))
            except StateError:
                continue
    return sorted(saves, key=lambda s: s.path.stat().st_mtime, reverse=True)
