"""Fixtures for the classroom tests: a scenario we control (two debate points, debrief questions,
a chance outcome), its class code, and run records made in-process (with the play layer's own
record builder) for exact counts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from game.classroom.join import JoinedClass, new_class
from game.engine import Game
from game.formats import RunSettings, record_bytes
from game.paths import Places
from game.play.recording import build_record
from game.play.store import record_path
from game.scenario import load_scenario
from game.storage import atomic_write_bytes

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
                started="2025-03-01T09:00:00Z", finished="2025-03-01T09:20:00Z", stop_after=None, run_id=None):
    """A run record as the game builds it: ``choices`` played in order with ``seed``;
    ``reasons`` maps a turn to its justification; ``stop_after`` leaves the run unfinished (an
    export of the same run: the run id does not depend on it)."""
    game = Game.new(scenario, seed)
    for n, choice in enumerate(choices, start=1):
        if stop_after is not None and n > stop_after:
            break
        game.choose(choice)
    if run_id is None:
        run_id = hashlib.blake2b(f"{player}|{seed}|{started}|{','.join(choices)}".encode(), digest_size=8).hexdigest()
    return build_record(game, run_id=run_id, player=player, started_at=started,
                        settings=settings if settings is not None else RunSettings(),
                        finished_at=None if stop_after else finished, reasons=reasons or {})


def write_runs(folder: Path, records) -> list[Path]:
    """Write records where the game writes them (one file per run id)."""
    folder.mkdir(parents=True, exist_ok=True)
    places = Places(folder, folder / ".saves")
    paths = []
    for record in records:
        path = record_path(places, record.scenario.id, record.player, record.run_id)
        atomic_write_bytes(path, record_bytes(record))
        paths.append(path)
    return paths
