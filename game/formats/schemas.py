"""The published JSON Schemas of the files Politburo writes, generated from their definitions.

The run-record schema is what teachers' own tools read (a gradebook import, a spreadsheet macro,
another report); the save, run-settings and campaign-progress schemas describe the other files
a class folder holds.  Each is ``msgspec.json.schema`` of the one typed definition the program
itself reads and writes with, so the schema cannot say something the reader does not check,
plus a title, a description, an ``$id`` and the file's format name as a constant (the struct
only gives it as a default, but every file we write carries it and our readers refuse a file
without it).  ``schema/*.schema.json`` are these, written by ``politburo schema --files -o
schema``; a test keeps the committed files equal to what this module generates.

The schemas describe the current version of each file.  Our readers also read version 1
files, which these schemas do not describe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from game.formats.progress import PROGRESS_FORMAT, PROGRESS_VERSION, CampaignProgress
from game.formats.record import RECORD_FORMAT, RECORD_VERSION, RunRecord
from game.formats.save import SAVE_FORMAT, SAVE_VERSION, SaveFile
from game.formats.settings import RunSettings

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://politburo.invalid/schema/"


@dataclass(frozen=True)
class Published:
    """One published schema: its file name, the definition, and the words around it."""

    name: str
    kind: type
    title: str
    description: str
    format: str | None = None
    version: int | None = None

    @property
    def file(self) -> str:
        return f"{self.name}.schema.json"


PUBLISHED = (
    Published("run-record", RunRecord, "Politburo run record",
              "One finished (or exported) run of a Politburo scenario: who played, under which rules, "
              "every decision by scene and choice id with the meters after it and the reason given, "
              "the ending, and the figures the player was shown (divergence from history, agreement "
              "with the Politburo's decisions, the seesaw). Written once per run id into the runs "
              "folder; read by politburo report.", RECORD_FORMAT, RECORD_VERSION),
    Published("save", SaveFile, "Politburo save",
              "A game in progress: the engine's state (seed, carry and decisions, which replay it), "
              "who is playing, the run's id and settings, and the reasons given so far. Rewritten "
              "atomically after every decision.", SAVE_FORMAT, SAVE_VERSION),
    Published("run-settings", RunSettings, "Politburo run settings",
              "The rules a run is played under (reveal, undo, reasons, class code, campaign chapter), "
              "as written into every save and run record under 'settings'."),
    Published("campaign-progress", CampaignProgress, "Politburo campaign progress",
              "Where a player is in a campaign: the next chapter, what it inherits, and the runs "
              "finished so far.", PROGRESS_FORMAT, PROGRESS_VERSION),
)


def json_schema(published: Published) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one published file."""
    generated = msgspec.json.schema(published.kind)
    versioned = f"-{published.version}" if published.version is not None else ""
    schema: dict[str, Any] = {"$schema": DIALECT, "$id": f"{ID_BASE}{published.name}{versioned}.json",
                              "title": published.title, "description": published.description}
    schema.update(generated)
    if published.format is not None:
        top = schema["$defs"][published.kind.__name__]
        top["properties"]["format"] = {"const": published.format, "default": published.format}
        top["required"] = ["format", "version", *(f for f in top.get("required", []) if f not in ("format", "version"))]
    return schema


def json_schemas() -> dict[str, dict[str, Any]]:
    """Every published schema by its file name (``run-record.schema.json`` ...)."""
    return {p.file: json_schema(p) for p in PUBLISHED}
