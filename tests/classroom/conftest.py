"""Fixtures for the classroom tests: a scenario we control (two debate points, debrief questions,
a chance outcome), its class code, and run records made in-process for exact counts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game.classroom.join import JoinedClass, new_class
from game.engine import Game
from game.records import RunInfo, build_record, write_record
from game.scenario import load_scenario

HERE = Path(__file__).resolve().parent
SEMINAR = HERE / "fixtures" / "seminar.yaml"
CLASS_SEED = 4242


@pytest.fixture
def seminar_path() -> Path:
    return SEMINAR


@pytest.fixture
def seminar():
    return load_scenario(SEMINAR)


@pytest.fixture
def seminar_class(seminar) -> JoinedClass:
    """A --justify class in the seminar scenario (a file code: students pass the file)."""
    code = new_class(seminar, str(SEMINAR), CLASS_SEED, reveal="each", undo=True, justify=True)
    return JoinedClass(code, seminar)


def make_record(scenario, choices, *, player="Ana", seed=CLASS_SEED, reasons=None, settings=None,
                started="2025-03-01T09:00:00Z", finished="2025-03-01T09:20:00Z", stop_after=None):
    """A run record as the game writes it: ``choices`` played in order with ``seed``;
    ``reasons`` maps a turn to its justification; ``stop_after`` leaves the run unfinished."""
    game = Game.new(scenario, random.Random(seed))
    for n, choice in enumerate(choices, start=1):
        if stop_after is not None and n > stop_after:
            break
        game.choose(choice)
    info = RunInfo(player, seed, started, settings if settings is not None else {"reveal": "each", "undo": True})
    return build_record(game, info, finished_at=None if stop_after else finished, justifications=reasons)


def write_runs(folder: Path, records) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_record(folder, r) for r in records]
