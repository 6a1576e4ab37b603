"""Where a player's files live and how they are written: saves, run records, campaign progress.

Why jobs: the full-screen game writes from worker threads while the player reads on, so what is
written must be fixed at the moment of the decision.  A job holds the finished bytes and the
path; running it is the only I/O, and it returns an outcome in plain words instead of raising.
Plain mode runs the same jobs inline.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from game.engine.record import record
from game.formats import FileProblem, RunSettings, SaveFile, read_record, read_save, record_bytes, save_bytes
from game.formats.live import LiveProgress, live_bytes
from game.formats.record import RunRecord
from game.paths import Places, slug
from game.play.identity import player_stem, same_player
from game.storage import atomic_create_bytes, atomic_write_bytes

#: Saves in a folder that Continue reads at most (a class folder holds one per student).
MAX_LISTED_SAVES = 2000


def save_context(settings: RunSettings) -> str:
    """What a save belongs to besides its scenario and player: a class, a campaign, or nothing.
    Part of the file name, so Ana's class game never overwrites her own game of the same
    scenario, nor a campaign chapter her single game."""
    if settings.class_code:
        return f"class-{settings.class_code}"
    if settings.campaign is not None:
        return f"campaign-{settings.campaign.id}"
    return ""


def save_path(places: Places, scenario_id: str, player: str, context: str = "") -> Path:
    tail = f"--{slug(context, 'game')}" if context else ""
    return places.saves / f"{slug(scenario_id, 'scenario')}--{player_stem(player)}{tail}.json"


def _legacy_save_path(places: Places, scenario_id: str, player: str) -> Path:
    """Where version 1 wrote the save (a slug alone: every non-Latin name was 'player')."""
    return places.saves / f"{slug(scenario_id, 'scenario')}--{slug(player)}.json"


def record_path(places: Places, scenario_id: str, player: str, run_id: str) -> Path:
    """One name per run: finishing the same run twice finds its record instead of adding one."""
    return places.runs / f"{slug(scenario_id, 'scenario')}--{player_stem(player)}--{run_id}.json"


def live_path(places: Places, scenario_id: str, player: str, run_id: str) -> Path:
    """A class game's live progress, for the teacher's live view (see game.formats.live)."""
    return places.runs / ".live" / f"{slug(scenario_id, 'scenario')}--{player_stem(player)}--{run_id}.json"


def progress_path(places: Places, campaign_id: str, player: str) -> Path:
    return places.saves / f"campaign--{slug(campaign_id)}--{player_stem(player)}.json"


def find_save(places: Places, scenario_id: str, player: str, context: str = "") -> Path | None:
    """This player's save of this scenario in this context (see :func:`save_context`), if there
    is one; also under a version 1 name, but only if the file inside is really this player's
    and from the same context."""
    path = save_path(places, scenario_id, player, context)
    if path.exists():
        return path
    legacy = _legacy_save_path(places, scenario_id, player)
    if legacy.exists():
        with contextlib.suppress(FileProblem):
            old = read_save(legacy)
            if same_player(old.player, player) and save_context(old.settings) == context:
                return legacy
    return None


def save_of_renamed_scenario(places: Places, scenario_file: str, player: str, context: str = "") -> SaveFile | None:
    """This player's save (in this context) of the scenario *file* ``scenario_file`` made while
    the file had another id: the author has since changed the id, so :func:`find_save` finds
    nothing, and the player is owed the reason rather than a bare "no saved game"."""
    if not scenario_file:
        return None
    wanted = os.path.realpath(scenario_file)
    for listed in list_saves(places):
        save = listed.save
        if (save is not None and save.scenario_file and same_player(save.player, player)
                and save_context(save.settings) == context and os.path.realpath(save.scenario_file) == wanted):
            return save
    return None


@record(slots=False)
class ListedSave:
    path: Path
    save: SaveFile | None
    problem: str
    mtime: float


def list_saves(places: Places) -> list[ListedSave]:
    """Every file in the saves folder that looks like a save, newest first, each read and
    checked (a damaged one says why).  Campaign progress files are not saves."""
    found: list[ListedSave] = []
    if not places.saves.is_dir():
        return found
    for entry in sorted(os.scandir(places.saves), key=lambda e: e.name)[:MAX_LISTED_SAVES]:
        if not entry.name.endswith(".json") or entry.name.startswith(("campaign--", ".")):
            continue
        path = Path(entry.path)
        try:
            mtime = entry.stat().st_mtime
            found.append(ListedSave(path, read_save(path), "", mtime))
        except FileProblem as exc:
            found.append(ListedSave(path, None, str(exc), 0.0))
        except OSError as exc:
            found.append(ListedSave(path, None, exc.strerror or str(exc), 0.0))
    return sorted(found, key=lambda s: -s.mtime)


# -- jobs -----------------------------------------------------------------------------------

@record(slots=False)
class SaveJob:
    """Write one save, atomically, replacing the previous one (and removing ``stale`` copies
    under older names once the new one is safely written)."""

    path: Path
    data: bytes
    stale: tuple[Path, ...] = ()
    #: A class game's live progress, written after the save (a failure there is not the
    #: player's problem: the teacher's view simply shows the previous decision).
    live: tuple[Path, bytes] | None = None

    def run(self) -> str:
        """'' on success, else why the game could not be saved."""
        try:
            atomic_write_bytes(self.path, self.data)
        except OSError as exc:
            return f"could not write {self.path}: {exc.strerror or exc}"
        for old in self.stale:
            if old != self.path:
                with contextlib.suppress(OSError):
                    old.unlink()
        if self.live is not None:
            with contextlib.suppress(OSError):
                atomic_write_bytes(*self.live)
        return ""


@record(slots=False)
class Finished:
    """What finishing did: where the record is, whether it was there already, or what failed."""

    record: Path | None
    already: bool = False
    error: str = ""


@record(slots=False)
class FinishJob:
    """Write the run record (once per run id), then delete the save it finishes.

    The order makes a kill at any point safe: before the record exists the save is still there
    (resuming finishes again); after it, resuming finds the record and only deletes the save."""

    record_path: Path
    data: bytes
    run_id: str
    save_paths: tuple[Path, ...]
    #: The live progress file, removed once the record exists.
    live_path: Path | None = None

    def run(self) -> Finished:
        try:
            created = atomic_create_bytes(self.record_path, self.data)
        except OSError as exc:
            return Finished(None, error=f"could not write the run record {self.record_path}: "
                                        f"{exc.strerror or exc}")
        if not created:
            try:
                existing = read_record(self.record_path)
            except FileProblem as exc:
                return Finished(None, error=f"a damaged file is in the way of the run record "
                                            f"{self.record_path} ({exc}); move it aside and finish again")
            if existing.run_id != self.run_id:
                return Finished(None, error=f"another run's record is in the way: {self.record_path}")
        if self.live_path is not None:
            with contextlib.suppress(OSError):
                self.live_path.unlink(missing_ok=True)
        for path in self.save_paths:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                return Finished(self.record_path, not created,
                                f"the run is recorded, but its save {path} could not be removed: "
                                f"{exc.strerror or exc}")
        return Finished(self.record_path, not created)


def save_job(places: Places, save: SaveFile, stale: tuple[Path, ...] = (),
             live: LiveProgress | None = None) -> SaveJob:
    written = None
    if live is not None:
        written = (live_path(places, save.scenario_id, save.player, save.run_id), live_bytes(live))
    path = save_path(places, save.scenario_id, save.player, save_context(save.settings))
    return SaveJob(path, save_bytes(save), stale, written)


def finish_job(places: Places, record: RunRecord, saves: tuple[Path, ...], live: bool = False) -> FinishJob:
    return FinishJob(record_path(places, record.scenario.id, record.player, record.run_id),
                     record_bytes(record), record.run_id, saves,
                     live_path(places, record.scenario.id, record.player, record.run_id) if live else None)


def export_job(places: Places, record: RunRecord, stamp: str) -> SaveJob:
    """The run so far, in ``runs/exports`` (kept apart from finished runs)."""
    name = f"{slug(record.scenario.id, 'scenario')}--{player_stem(record.player)}--{record.run_id}--{stamp}.json"
    return SaveJob(places.runs / "exports" / name, record_bytes(record))
