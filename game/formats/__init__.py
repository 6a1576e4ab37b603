"""The files Politburo writes and reads back: run settings, saves, run records, campaign progress.

Each has one typed definition (msgspec structs with bounds on every field), one reader and one
writer, a format name and version, and the oldest reader version that can read it.  The JSON
Schemas in ``schema/`` are generated from these definitions (``politburo schema --files``; a test
keeps them in step).  Readers never raise anything but :class:`FileProblem`, whose message is in
plain words.
"""

from game.formats.fields import FileProblem, read_bytes
from game.formats.progress import CampaignProgress, ChapterDone, parse_progress, progress_bytes, read_progress_file
from game.formats.record import (
    Agreement, HistoricalSummary, RecordDecision, RecordEnding, RecordScenario, RunRecord, parse_record,
    read_record, record_bytes,
)
from game.formats.save import SaveFile, parse_save, read_save, save_bytes
from game.formats.settings import CampaignSettings, CarryData, RunSettings
from game.formats.state import SavedDecision, SavedState, ScenarioRef, state_from_engine

__all__ = [
    "Agreement", "CampaignProgress", "CampaignSettings", "CarryData", "ChapterDone", "FileProblem",
    "HistoricalSummary", "RecordDecision", "RecordEnding", "RecordScenario", "RunRecord", "RunSettings",
    "SaveFile", "SavedDecision", "SavedState", "ScenarioRef", "parse_progress", "parse_record",
    "parse_save", "progress_bytes", "read_bytes", "read_progress_file", "read_record", "read_save",
    "record_bytes", "save_bytes", "state_from_engine",
]
