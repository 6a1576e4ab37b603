"""Campaign progress: which chapter a player is on, what it inherits, and the records so far.

Kept in a small file beside the chapter's ordinary autosave, so quitting at any point loses at
most the decision being made.  Version 1 files are still read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec

from game.formats.fields import (
    Count, FileProblem, Id, Name, PathText, RunId, Seed, Stamp, decode, encode, header, read_bytes,
)
from game.formats.settings import CarryData

PROGRESS_FORMAT = "politburo-campaign"
PROGRESS_VERSION = 2
MAX_PROGRESS_BYTES = 256 * 1024


class ChapterDone(msgspec.Struct, frozen=True):
    """A finished chapter: its run's id and where its record was written ("" if it could not be)."""

    run_id: RunId
    record: PathText = ""


class CampaignProgress(msgspec.Struct, kw_only=True):
    """Where a player is in a campaign: the next chapter to play (0-based) and what it inherits."""

    format: str = PROGRESS_FORMAT
    version: int = PROGRESS_VERSION
    min_version: int = PROGRESS_VERSION
    campaign: Id
    player: Name
    seed: Seed
    chapter: Count
    carry: CarryData = CarryData()
    done: Annotated[list[ChapterDone], msgspec.Meta(max_length=100)] = []
    started_at: Stamp


class _LegacyProgressV1(msgspec.Struct):
    campaign: Id
    player: Name
    seed: Seed
    chapter: Count
    started_at: Stamp
    carry: CarryData = CarryData()
    records: Annotated[list[PathText], msgspec.Meta(max_length=100)] = []


def progress_bytes(progress: CampaignProgress) -> bytes:
    return encode(progress)


def parse_progress(data: bytes) -> CampaignProgress:
    head = header(data)
    if head.format == "politburo-campaign/1":
        old = decode(data, _LegacyProgressV1)
        done = [ChapterDone(_legacy_id(i, old.seed), path) for i, path in enumerate(old.records)]
        return CampaignProgress(campaign=old.campaign, player=old.player, seed=old.seed, chapter=old.chapter,
                                carry=old.carry, done=done, started_at=old.started_at)
    if head.format != PROGRESS_FORMAT:
        raise FileProblem("it is not a Politburo campaign save")
    if head.min_version > PROGRESS_VERSION:
        raise FileProblem(f"it was written by a newer Politburo (campaign version {head.version})")
    return decode(data, CampaignProgress)


def _legacy_id(index: int, seed: int) -> str:
    return f"{seed % 16**8:08x}{index:08x}"


def read_progress_file(path: Path) -> CampaignProgress:
    return parse_progress(read_bytes(path, MAX_PROGRESS_BYTES))
