"""Live progress: a small file per class game in progress, rewritten after every decision.

Why a file and not a server: class folders are network shares and USB sticks as often as a
served laptop, and a teacher's live view must work the same way for all of them.  The file sits
in the shared runs folder under ``.live/`` (so it is never mistaken for a run record), is written
atomically under the run's id, and is removed once the run's record exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec

from game.formats.fields import (
    FileProblem, Id, Name, RunId, Stamp, decode, encode, header, read_bytes,
)
from game.formats.state import ScenarioRef

LIVE_FORMAT = "politburo-live"
LIVE_VERSION = 1
MAX_LIVE_BYTES = 256 * 1024


class LiveDecision(msgspec.Struct, frozen=True):
    turn: Annotated[int, msgspec.Meta(ge=1, le=100_000)]
    scene: Id
    choice: Id
    historical: bool | None


class LiveProgress(msgspec.Struct, frozen=True, kw_only=True):
    format: str = LIVE_FORMAT
    version: int = LIVE_VERSION
    min_version: int = LIVE_VERSION
    run_id: RunId
    player: Name
    class_code: Name | None = msgspec.field(default=None, name="class")
    scenario: ScenarioRef
    started_at: Stamp
    updated_at: Stamp
    #: The scene the player is deciding now (None once the game has ended).
    scene: Id | None
    ending: Id | None = None
    decisions: Annotated[list[LiveDecision], msgspec.Meta(max_length=10_000)] = []

    @property
    def turn(self) -> int:
        """Decisions taken so far."""
        return len(self.decisions)


def live_bytes(progress: LiveProgress) -> bytes:
    return encode(progress)


def parse_live(data: bytes) -> LiveProgress:
    head = header(data)
    if head.format != LIVE_FORMAT:
        raise FileProblem("it is not a Politburo progress file")
    if head.min_version > LIVE_VERSION:
        raise FileProblem(f"it was written by a newer Politburo (progress version {head.version})")
    return decode(data, LiveProgress)


def read_live(path: Path) -> LiveProgress:
    return parse_live(read_bytes(path, MAX_LIVE_BYTES))


__all__ = ["LiveDecision", "LiveProgress", "live_bytes", "parse_live", "read_live"]
