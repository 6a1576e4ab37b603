"""The files Politburo writes and reads back: run settings, saves, run records, campaign progress.

Each has one typed definition (msgspec structs with bounds on every field), one reader and one
writer, a format name and version, and the oldest reader version that can read it.  The JSON
Schemas in ``schema/`` are generated from these definitions (``politburo schema --files``; a test
keeps them in step).  Readers never raise anything but :class:`FileProblem`, whose message is in
plain words.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.formats.fields import FileProblem, read_bytes
    from game.formats.progress import CampaignProgress, ChapterDone, parse_progress, progress_bytes, read_progress_file
    from game.formats.record import (
        Agreement, HistoricalSummary, RecordDecision, RecordEnding, RecordScenario, RunRecord, parse_record,
        read_record, record_bytes,
    )
    from game.formats.save import SaveFile, parse_save, read_save, save_bytes
    from game.formats.settings import CampaignSettings, CarryData, RunSettings
    from game.formats.state import SavedDecision, SavedState, ScenarioRef, state_from_engine

#: Where each name lives.  The package loads a module when one of its names is first used: the
#: full-screen game needs only the run settings before its title is drawn, not the save, record
#: and progress structs (their definitions cost the start-up several milliseconds).
_HOME = {
    "FileProblem": "fields", "read_bytes": "fields",
    "CampaignProgress": "progress", "ChapterDone": "progress", "parse_progress": "progress",
    "progress_bytes": "progress", "read_progress_file": "progress",
    "Agreement": "record", "HistoricalSummary": "record", "RecordDecision": "record",
    "RecordEnding": "record", "RecordScenario": "record", "RunRecord": "record", "parse_record": "record",
    "read_record": "record", "record_bytes": "record",
    "SaveFile": "save", "parse_save": "save", "read_save": "save", "save_bytes": "save",
    "CampaignSettings": "settings", "CarryData": "settings", "RunSettings": "settings",
    "SavedDecision": "state", "SavedState": "state", "ScenarioRef": "state", "state_from_engine": "state",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once: later uses are plain look-ups
    return value


__all__ = [
    "Agreement", "CampaignProgress", "CampaignSettings", "CarryData", "ChapterDone", "FileProblem",
    "HistoricalSummary", "RecordDecision", "RecordEnding", "RecordScenario", "RunRecord", "RunSettings",
    "SaveFile", "SavedDecision", "SavedState", "ScenarioRef", "parse_progress", "parse_record",
    "parse_save", "progress_bytes", "read_bytes", "read_progress_file", "read_record", "read_save",
    "record_bytes", "save_bytes", "state_from_engine",
]


def __dir__() -> list[str]:
    return sorted(__all__)
