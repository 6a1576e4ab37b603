"""The campaign: the bundled chapters in order, with meters and flags carried across.

Each chapter is an ordinary scenario, playable alone.  In the campaign, chapter N+1 starts
from its own start values shifted by how far the player ended chapter N from the historical
track (see :meth:`game.engine.Game.carry_out`), and flags with the same id and type carry
their values.  Progress between chapters is kept in a small campaign save beside the ordinary
per-chapter autosave, so quitting at any point loses at most the decision being made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.catalog import bundled_ids, resolve
from game.engine import Scenario
from game.paths import slug
from game.storage import atomic_write_json

CAMPAIGN_SAVE_FORMAT = "politburo-campaign/1"


@dataclass(frozen=True)
class Campaign:
    id: str
    title: str
    summary: str
    chapters: tuple[str, ...]


BUNDLED = Campaign(
    id="korea-1949-1950",
    title="Stalin, Kim and Mao, 1949-1950",
    summary=("The four chapters in order: Kim's requests of 1949, the treaty talks with Mao, "
             "Acheson's speech and the turn of spring 1950, and the war. What you do in one "
             "chapter shapes where the next begins."),
    chapters=("kim-1949", "treaty-1950", "acheson-1950", "war-1950"),
)


class CampaignError(Exception):
    pass


def available_chapters(campaign: Campaign = BUNDLED) -> list[str]:
    have = set(bundled_ids())
    return [c for c in campaign.chapters if c in have]


def load_chapter(chapter_id: str) -> Scenario:
    resolved = resolve(chapter_id)
    if resolved.result.scenario is None:
        first = resolved.result.errors[0].render() if resolved.result.errors else "invalid"
        raise CampaignError(f"chapter '{chapter_id}' does not validate: {first}")
    return resolved.result.scenario


def chapter_seed(seed: int, index: int) -> int:
    """Each chapter's own seed, derived so one campaign seed replays the whole campaign."""
    return (seed * 1_000_003 + index) % 2**31


@dataclass
class CampaignProgress:
    """Where a player is in a campaign: the next chapter to play and what it inherits."""

    campaign: str
    player: str
    seed: int
    chapter: int
    carry: dict[str, Any]
    records: list[str]
    started_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"format": CAMPAIGN_SAVE_FORMAT, "campaign": self.campaign, "player": self.player,
                "seed": self.seed, "chapter": self.chapter, "carry": self.carry,
                "records": self.records, "started_at": self.started_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CampaignProgress":
        if not isinstance(data, dict) or data.get("format") != CAMPAIGN_SAVE_FORMAT:
            raise CampaignError("not a Politburo campaign save")
        try:
            return cls(str(data["campaign"]), str(data["player"]), int(data["seed"]), int(data["chapter"]),
                       dict(data.get("carry") or {}), [str(r) for r in data.get("records", [])],
                       str(data["started_at"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise CampaignError(f"the campaign save is damaged ({exc})") from None


def progress_path(saves: Path, campaign: Campaign, player: str) -> Path:
    return saves / f"campaign--{slug(campaign.id)}--{slug(player)}.json"


def write_progress(saves: Path, campaign: Campaign, progress: CampaignProgress) -> Path:
    path = progress_path(saves, campaign, progress.player)
    atomic_write_json(path, progress.to_dict())
    return path


def read_progress(saves: Path, campaign: Campaign, player: str) -> CampaignProgress | None:
    path = progress_path(saves, campaign, player)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CampaignError(f"cannot read the campaign save {path}: {exc}") from None
    return CampaignProgress.from_dict(data)
