"""Reading a class's run files: every file either becomes a :class:`Run` or is listed as skipped
with a reason a teacher can act on.

Run files come from students' machines, USB sticks and shared folders, so they are untrusted: a
file may be a save, a half-copied record, someone's notes, a record edited by hand, or a copy of
another file.  Each is read with the program's one record reader
(:func:`game.formats.read_record`: size, nesting and every field bounded, old versions converted),
which raises only :class:`~game.formats.FileProblem` with a reason in plain words; nothing here
raises on a bad file.  Every string the report shows is then cleaned of control and invisible
characters (they could redraw a teacher's terminal or disguise a name).

**A run is counted once.**  Every record carries its run's id, so copies of one file, an export
taken mid-game and the finished run, or a record written twice by a game killed at the wrong
moment, all count as the one run: the most complete record is kept and the others are listed as
skipped, each with the file it duplicates.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterable

from game.formats import FileProblem, RunRecord, parse_record, read_bytes
from game.formats.fields import header
from game.formats.record import MAX_RECORD_BYTES
from game.text import clean_text


@lru_cache(maxsize=8192)
def _id(text: str) -> str:
    """A scene, choice or meter id, cleaned: a class's records repeat the same few hundred."""
    return clean_text(text, 64)


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Step:
    """One decision of a run, as the report needs it."""

    turn: int
    scene: str
    choice: str
    historical: bool | None
    meters: dict[str, int]
    justification: str = ""


@dataclass
class Run:
    """A run record as the report reads it: the record's own figures, with every string cleaned."""

    path: str
    run_id: str
    player: str
    scenario_id: str
    version: str
    content_hash: str
    title: str
    seed: int | None
    class_code: str
    complete: bool
    started_at: str
    finished_at: str
    steps: list[Step]
    ending_id: str
    ending_title: str
    ending_historical: bool | None
    #: The figures as the record has them: computed by :mod:`game.play.figures` when the run was
    #: played, so they are what the student saw.
    divergence: int | None
    final_divergence: int | None
    matched: int | None
    decided: int | None
    seesaw: int | None
    history_meters: dict[str, list[int]] = field(default_factory=dict)
    #: A digest of the file's bytes: equal digests are copies of one file.
    digest: str = ""
    #: The record's format version (1: written before runs had ids; its id is derived).
    record_version: int = 2

    @classmethod
    def of(cls, record: RunRecord, path: str, digest: str = "") -> Run:
        s = record.scenario
        ending = record.ending
        steps = [Step(d.turn, _id(d.scene), _id(d.choice), d.historical, {_id(k): v for k, v in d.meters.items()},
                      clean_text(d.justification, 1000) if d.justification else "")
                 for d in record.decisions]
        return cls(
            path=path, run_id=record.run_id, player=clean_text(record.player, 60) or "player",
            scenario_id=_id(s.id), version=clean_text(s.version, 40),
            content_hash=clean_text(s.hash, 100), title=clean_text(s.title, 200), seed=record.seed,
            class_code=clean_text(record.settings.class_code or "", 20),
            complete=record.complete and ending is not None,
            started_at=clean_text(record.started_at, 40), finished_at=clean_text(record.finished_at or "", 40),
            steps=steps, ending_id=_id(ending.id) if ending else "",
            ending_title=clean_text(ending.title, 200) if ending else "",
            ending_historical=ending.historical if ending else None,
            divergence=record.divergence, final_divergence=record.final_divergence,
            matched=record.agreement.matched, decided=record.agreement.decided, seesaw=record.seesaw,
            history_meters={_id(k): list(v) for k, v in record.historical.meters.items()},
            digest=digest, record_version=record.version)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(s.scene, s.choice) for s in self.steps]

    def continues(self, other: Run) -> bool:
        """True if ``other``'s decisions are the start of this run's (``other`` stopped earlier)."""
        mine, theirs = self.choices, other.choices
        return len(theirs) <= len(mine) and mine[:len(theirs)] == theirs


def read_run(path: Path) -> Run:
    """Read one file; raises :class:`FileProblem` with the reason it cannot be used."""
    data = read_bytes(path, MAX_RECORD_BYTES)
    if not data.strip():
        raise FileProblem("it is empty")
    try:
        record = parse_record(data)
    except FileProblem:
        kind = header(data).format.split("/")[0]
        if kind in _NOT_RECORDS:
            raise FileProblem(_NOT_RECORDS[kind]) from None
        raise
    return Run.of(record, str(path), hashlib.sha256(data).hexdigest())


#: Our other files, which a runs folder may hold too: said as what they are.
_NOT_RECORDS = {"politburo-save": "it is a saved game still in progress, not a run record",
                "politburo-campaign": "it is a campaign's progress file, not a run record",
                "politburo-class-report": "it is a class report, not a run record"}


def expand(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files to read: each file given, and the ``.json`` files in each folder and its subfolders
    (hidden folders such as ``.saves`` left out).  Also returns the paths that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(root, n) for n in names if n.endswith(".json") and not n.startswith(".")]
            files += sorted(found)
        elif path.exists():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def _rank(run: Run) -> tuple[bool, int, str]:
    """Which of two records of one run to keep: the finished one, then the one with more
    decisions, then the one finished first (the first ending recorded stands), then the file
    read first."""
    return (not run.complete, -len(run.steps), run.finished_at or "~")


def _why_apart(dropped: Run, kept: Run) -> str:
    if dropped.digest == kept.digest:
        return f"an exact copy of {kept.path}"
    if not dropped.complete and kept.continues(dropped):
        return f"an unfinished earlier copy of the run in {kept.path}"
    if dropped.choices == kept.choices:
        return f"another copy of the run in {kept.path}"
    return f"the same run (id {kept.run_id}) as {kept.path}, recorded again; it is counted once"


def load_runs(paths: Iterable[str]) -> tuple[list[Run], list[Skipped]]:
    """Every readable run under ``paths``, each run once; everything else as skipped, with the
    reason.  The same file reached twice (a link, or a folder and a file in it) is read once.

    Records written before runs had ids (version 1) get an id made from the player, seed and
    start time; two of those with the same id whose decisions part ways are different runs
    (two students of one name starting in the same second), so both are kept."""
    files, missing = expand(paths)
    skipped = [Skipped(m, "no such file or folder") for m in missing]
    seen_files: set[str] = set()
    by_id: dict[str, list[list[Run]]] = {}
    order: list[list[Run]] = []
    for path in files:
        key = os.path.realpath(path)
        if key in seen_files:
            continue
        seen_files.add(key)
        try:
            run = read_run(path)
        except FileProblem as exc:
            skipped.append(Skipped(str(path), str(exc)))
            continue
        clusters = by_id.setdefault(run.run_id, [])
        home = None
        if run.record_version >= 2:
            home = clusters[0] if clusters else None
        else:
            home = next((c for c in clusters if any(r.continues(run) or run.continues(r) for r in c)), None)
        if home is None:
            home = []
            clusters.append(home)
            order.append(home)
        home.append(run)
    runs: list[Run] = []
    for cluster in order:
        kept = min(cluster, key=_rank)
        runs.append(kept)
        skipped += [Skipped(r.path, _why_apart(r, kept)) for r in cluster if r is not kept]
    return runs, skipped
