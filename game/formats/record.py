"""The run record: one JSON file per finished run, for debriefs, class reports and teachers' tools.

The record names scenes and choices by id, carries the scenario's id, version and content hash
so reports never mix versions silently, and carries the run's id so a run is counted once
however many times its file was copied.  Its JSON Schema is published as
``schema/run-record.schema.json`` for teachers' own tools.  Version 1 records (no run id) are
still read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import msgspec

from game.formats.fields import (
    Count, FileProblem, Flags, Id, Int, Meters, Name, Percent, RunId, Seed, Stamp, Text, decode,
    encode, header, read_bytes,
)
from game.formats.legacy import legacy_run_id, legacy_settings
from game.formats.settings import RunSettings

RECORD_FORMAT = "politburo-run"
RECORD_VERSION = 2
#: A whole scenario's record is a few tens of KB; a file far larger is not a record of ours and
#: would only slow a class report down (the record readers refuse it unread).
MAX_RECORD_BYTES = 512 * 1024


class RecordScenario(msgspec.Struct, frozen=True):
    id: Id
    version: Annotated[str, msgspec.Meta(max_length=64)]
    hash: Annotated[str, msgspec.Meta(max_length=128)]
    title: Text


class RecordDecision(msgspec.Struct, frozen=True, omit_defaults=True):
    """One decision: where, what, whether it was the Politburo's choice, the meters after it."""

    turn: Annotated[int, msgspec.Meta(ge=1, le=100_000)]
    scene: Id
    choice: Id
    #: True/False where the scene has a historical option; null where it has none.
    historical: bool | None
    meters: Meters
    #: The chance outcome drawn (its position among the choice's outcomes), if any.
    outcome: Annotated[int, msgspec.Meta(ge=0, le=1000)] | None = None
    #: The player's reason, at a class's debate point.
    justification: Text = ""


class RecordEnding(msgspec.Struct, frozen=True):
    id: Id
    title: Text
    historical: bool


class Agreement(msgspec.Struct, frozen=True):
    matched: Count
    decided: Count


class HistoricalSummary(msgspec.Struct, frozen=True):
    """What the Politburo did in this scenario (from this run's starting point)."""

    choices: Annotated[list[Id], msgspec.Meta(max_length=10_000)]
    ending: Id | None
    meters: Annotated[dict[Id, Annotated[list[Int], msgspec.Meta(max_length=10_001)]],
                      msgspec.Meta(max_length=200)]


class RunRecord(msgspec.Struct, frozen=True, kw_only=True):
    """Version 2 of the run record."""

    format: str = RECORD_FORMAT
    version: int = RECORD_VERSION
    min_version: int = RECORD_VERSION
    app_version: Annotated[str, msgspec.Meta(max_length=40)] = ""
    run_id: RunId
    scenario: RecordScenario
    player: Name
    seed: Seed
    settings: RunSettings
    started_at: Stamp
    finished_at: Stamp | None
    complete: bool
    decisions: Annotated[list[RecordDecision], msgspec.Meta(max_length=10_000)]
    ending: RecordEnding | None
    meters: Meters
    flags: Flags
    #: The run's divergence from history, 0-100 (see docs/divergence.md).
    divergence: Count
    #: The divergence after the last decision only.
    final_divergence: Count
    agreement: Agreement
    #: Where the decisions lean, -100 (national interest) .. +100 (bloc rivalry); null without a seesaw.
    seesaw: Percent | None
    historical: HistoricalSummary


class _LegacyRecordV1(msgspec.Struct, frozen=True):
    app_version: Annotated[str, msgspec.Meta(max_length=40)] = ""
    scenario: RecordScenario | None = None
    player: Name = "player"
    seed: Seed = 0
    settings: dict[Id, Any] = {}
    started_at: Stamp = ""
    finished_at: Stamp | None = None
    complete: bool = False
    decisions: Annotated[list[RecordDecision], msgspec.Meta(max_length=10_000)] = []
    ending: RecordEnding | None = None
    meters: Meters = {}
    flags: Flags = {}
    divergence: Count = 0
    final_divergence: Count = 0
    agreement: Agreement = Agreement(0, 0)
    seesaw: Percent | None = None
    historical: HistoricalSummary = HistoricalSummary([], None, {})


def record_bytes(record: RunRecord) -> bytes:
    return encode(record)


def parse_record(data: bytes) -> RunRecord:
    """A record from its bytes (any version we read); :class:`FileProblem` if it is not one."""
    head = header(data)
    if head.format == "politburo-run/1":
        old = decode(data, _LegacyRecordV1)
        if old.scenario is None:
            raise FileProblem("it is not a Politburo run record (no scenario)")
        fields = {f: getattr(old, f) for f in old.__struct_fields__ if f != "settings"}
        settings = msgspec.convert(legacy_settings(old.settings), type=RunSettings)
        return RunRecord(run_id=legacy_run_id(old.player, old.seed, old.started_at), settings=settings,
                         version=1, min_version=1, **fields)
    if head.format != RECORD_FORMAT:
        raise FileProblem("it is not a Politburo run record")
    if head.min_version > RECORD_VERSION:
        raise FileProblem(f"it was written by a newer Politburo (record version {head.version})")
    return decode(data, RunRecord)


def read_record(path: Path) -> RunRecord:
    """Read and check a record; :class:`FileProblem` (with a plain reason) if it is not usable."""
    return parse_record(read_bytes(path, MAX_RECORD_BYTES))
