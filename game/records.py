"""Run records: one JSON file per finished (or abandoned) playthrough, for debriefs and classes.

The record names scenes and choices by id, carries the scenario's id, version and content hash
so reports never mix versions silently, and is written atomically under a name that is safe
whatever the player typed and never overwrites another run.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from game import __version__
from game.engine import Game, run_divergence
from game.paths import slug
from game.storage import atomic_create_bytes, dumps_json

RECORD_FORMAT = "politburo-run/1"


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class RunInfo:
    """What the engine does not know about a run: who, when, with which seed and settings."""

    player: str
    seed: int
    started_at: str
    settings: dict[str, Any]


def build_record(game: Game, info: RunInfo, *, finished_at: str | None,
                 justifications: dict[int, str] | None = None) -> dict[str, Any]:
    scenario = game.scenario
    comparison = game.comparison()
    decisions = []
    for d in game.decisions:
        entry = d.to_dict()
        if justifications and d.turn in justifications:
            entry["justification"] = justifications[d.turn]
        decisions.append(entry)
    ending = game.ending
    track = game.track
    return {
        "format": RECORD_FORMAT,
        "app_version": __version__,
        "scenario": {"id": scenario.id, "version": scenario.version, "hash": scenario.content_hash,
                     "title": scenario.title},
        "player": info.player,
        "seed": info.seed,
        "settings": info.settings,
        "started_at": info.started_at,
        "finished_at": finished_at,
        "complete": ending is not None,
        "decisions": decisions,
        "ending": None if ending is None else {"id": ending.id, "title": ending.title,
                                              "historical": ending.is_historical},
        "meters": dict(game.meters),
        "flags": dict(game.flags),
        "divergence": run_divergence(scenario, game.decisions),
        "final_divergence": comparison.divergence,
        "agreement": {"matched": comparison.matched, "decided": comparison.decided},
        "seesaw": game.seesaw(),
        "historical": {"choices": track.choices, "ending": track.ending,
                       "meters": {m.id: track.series(m.id) for m in scenario.meters}},
    }


def record_name(record: dict[str, Any]) -> str:
    stamp = (record.get("finished_at") or record.get("started_at") or now_iso()).replace(":", "").replace("-", "")
    return f"{slug(record['scenario']['id'], 'scenario')}--{slug(record['player'])}--{stamp}--{secrets.token_hex(3)}.json"


def write_record(folder: Path, record: dict[str, Any]) -> Path:
    """Write ``record`` into ``folder`` under a fresh name; never overwrites another run."""
    data = dumps_json(record)
    for _ in range(20):
        path = folder / record_name(record)
        if atomic_create_bytes(path, data):
            return path
    raise OSError(f"could not find a free file name in {folder}")


def read_record(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        raise ValueError("not a Politburo run record")
    return data
