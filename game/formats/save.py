"""The save file: a game in progress, rewritten atomically after every decision.

A save is the engine's state (which replays the decisions, so it can never hold a state the
scenario could not produce) plus who is playing, the run's id, seed and settings, and the reasons
given so far.  Version 2 added the run id (so a finished run is recorded once, however often the
save is resumed); version 1 saves are still read and converted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import msgspec

from game.formats.fields import (
    FileProblem, Id, Name, PathText, RunId, Seed, Stamp, Text, convert, decode, encode, header,
    read_bytes,
)
from game.formats.legacy import legacy_run_id, legacy_settings, legacy_state
from game.formats.settings import RunSettings
from game.formats.state import SavedState

SAVE_FORMAT = "politburo-save"
SAVE_VERSION = 2
#: Saves are small (a few KB for a whole scenario); anything far larger is not ours.
MAX_SAVE_BYTES = 1024 * 1024

Reasons = Annotated[dict[Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,6}$")], Text],
                    msgspec.Meta(max_length=10_000)]


class SaveFile(msgspec.Struct, frozen=True, kw_only=True):
    """Version 2 of the save file."""

    format: str = SAVE_FORMAT
    version: int = SAVE_VERSION
    min_version: int = SAVE_VERSION
    app_version: Annotated[str, msgspec.Meta(max_length=40)] = ""
    run_id: RunId
    player: Name
    seed: Seed
    started_at: Stamp
    settings: RunSettings
    #: The scenario file the game was started from (to find it again; never trusted in served mode).
    scenario_file: PathText = ""
    state: SavedState
    #: The reasons given at debate points, by decision number.
    justifications: Reasons = {}

    @property
    def scenario_id(self) -> str:
        return self.state.scenario.id

    @property
    def turns(self) -> int:
        return len(self.state.decisions)

    def reasons(self) -> dict[int, str]:
        return {int(turn): text for turn, text in self.justifications.items()}


class _LegacySaveV1(msgspec.Struct, frozen=True):
    player: Name
    seed: Seed
    started_at: Stamp
    settings: dict[Id, Any] = {}
    scenario_file: PathText = ""
    state: dict[Id, Any] = {}
    justifications: Reasons = {}


def save_bytes(save: SaveFile) -> bytes:
    return encode(save)


def parse_save(data: bytes) -> SaveFile:
    """A save from its bytes (any version we read); :class:`FileProblem` if it is not one."""
    head = header(data)
    if head.format == "politburo-save/1":
        old = decode(data, _LegacySaveV1)
        settings = legacy_settings(old.settings)
        return SaveFile(run_id=legacy_run_id(old.player, old.seed, old.started_at),
                        player=old.player, seed=old.seed, started_at=old.started_at,
                        settings=convert(settings, RunSettings), scenario_file=old.scenario_file,
                        state=convert(legacy_state(old.state, old.seed), SavedState),
                        justifications=old.justifications)
    if head.format != SAVE_FORMAT:
        raise FileProblem("it is not a Politburo save")
    if head.min_version > SAVE_VERSION:
        raise FileProblem(f"it was written by a newer Politburo (save version {head.version})")
    return decode(data, SaveFile)


def read_save(path: Path) -> SaveFile:
    """Read and check a save; :class:`FileProblem` (with a plain reason) if it is not usable."""
    return parse_save(read_bytes(path, MAX_SAVE_BYTES))
