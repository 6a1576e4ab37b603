"""Reading a class's run files: every file either becomes a checked :class:`Run` or is listed as
skipped with a reason a teacher can act on.

Run files come from students' machines, USB sticks and shared folders, so they are untrusted: a
file may be a save, a half-copied record, someone's notes, or a record edited by hand.  Nothing
here raises on a bad file, and every string taken from a record is cleaned of control and
invisible characters (they could redraw a teacher's terminal or disguise a name) and bounded.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from game.classroom.join import clean_text
from game.records import RECORD_FORMAT

MAX_BYTES = 5 * 1024 * 1024
_SAVE_FORMAT = "politburo-save/1"


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
    path: str
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
    divergence: int | None
    final_divergence: int | None
    matched: int | None
    decided: int | None
    seesaw: int | None
    history_meters: dict[str, list[int]] = field(default_factory=dict)
    #: A digest of the file's bytes: equal digests are copies of one file.
    digest: str = ""

    @property
    def identity(self) -> tuple:
        """Runs that share this may be one run saved twice (an export, then the finished run)."""
        return (self.scenario_id, self.version, self.player, self.seed, self.started_at)

    def continues(self, other: "Run") -> bool:
        """True if ``other`` is an unfinished earlier copy of this run (same start, a prefix of
        its decisions): exported mid-game, then finished."""
        mine = [(s.turn, s.scene, s.choice) for s in self.steps]
        theirs = [(s.turn, s.scene, s.choice) for s in other.steps]
        return (other.identity == self.identity and not other.complete and len(theirs) < len(mine)
                and mine[:len(theirs)] == theirs)


class Damaged(ValueError):
    pass


def _str(data: dict, key: str, limit: int = 200, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Damaged(f"'{key}' is missing or not text")
    return clean_text(value, limit)


def _int(value: Any, what: str, optional: bool = True) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Damaged(f"'{what}' is not a number")
    return int(value)


def _meters(value: Any, what: str) -> dict[str, int]:
    if not isinstance(value, dict):
        raise Damaged(f"'{what}' is not a set of meter values")
    return {clean_text(str(k), 64): _int(v, what, optional=False) for k, v in value.items()}  # type: ignore[misc]


def parse_record(data: Any, path: str) -> Run:
    """A checked :class:`Run`, or :class:`Damaged` saying what is wrong."""
    if not isinstance(data, dict):
        raise Damaged("not a Politburo run record (not a JSON object)")
    fmt = data.get("format")
    if fmt == _SAVE_FORMAT:
        raise Damaged("a saved game still in progress, not a run record")
    if isinstance(fmt, str) and fmt.startswith("politburo-run/") and fmt != RECORD_FORMAT:
        raise Damaged(f"a run record in a newer format ({clean_text(fmt, 40)}); update Politburo")
    if fmt != RECORD_FORMAT:
        raise Damaged("not a Politburo run record")
    scenario = data.get("scenario")
    if not isinstance(scenario, dict):
        raise Damaged("'scenario' is missing")
    settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    raw_steps = data.get("decisions")
    if not isinstance(raw_steps, list):
        raise Damaged("'decisions' is missing or not a list")
    steps = []
    for n, raw in enumerate(raw_steps, start=1):
        if not isinstance(raw, dict):
            raise Damaged(f"decision {n} is not an object")
        hist = raw.get("historical")
        if hist is not None and not isinstance(hist, bool):
            raise Damaged(f"decision {n}: 'historical' is not true, false or null")
        steps.append(Step(_int(raw.get("turn"), f"decisions[{n}].turn", optional=False),  # type: ignore[arg-type]
                          _str(raw, "scene", 64), _str(raw, "choice", 64), hist,
                          _meters(raw.get("meters"), f"decisions[{n}].meters"),
                          _str(raw, "justification", 1000, required=False)))
    ending = data.get("ending") if isinstance(data.get("ending"), dict) else {}
    agreement = data.get("agreement") if isinstance(data.get("agreement"), dict) else {}
    history = data.get("historical") if isinstance(data.get("historical"), dict) else {}
    history_meters: dict[str, list[int]] = {}
    if isinstance(history.get("meters"), dict):
        for key, series in history["meters"].items():
            if isinstance(series, list):
                history_meters[clean_text(str(key), 64)] = [_int(v, "historical.meters", optional=False)  # type: ignore[misc]
                                                            for v in series]
    hist_end = ending.get("historical")
    return Run(
        path=path, player=_str(data, "player", 60) or "player", scenario_id=_str(scenario, "id", 64),
        version=_str(scenario, "version", 40), content_hash=_str(scenario, "hash", 100, required=False),
        title=_str(scenario, "title", 200, required=False), seed=_int(data.get("seed"), "seed"),
        class_code=clean_text(str(settings.get("class") or ""), 20),
        complete=bool(data.get("complete")) and bool(ending),
        started_at=_str(data, "started_at", 40, required=False),
        finished_at=_str(data, "finished_at", 40, required=False),
        steps=steps, ending_id=_str(ending, "id", 64, required=False),
        ending_title=_str(ending, "title", 200, required=False),
        ending_historical=hist_end if isinstance(hist_end, bool) else None,
        divergence=_int(data.get("divergence"), "divergence"),
        final_divergence=_int(data.get("final_divergence"), "final_divergence"),
        matched=_int(agreement.get("matched"), "agreement.matched"),
        decided=_int(agreement.get("decided"), "agreement.decided"),
        seesaw=_int(data.get("seesaw"), "seesaw"),
        history_meters=history_meters,
    )


def read_run(path: Path) -> Run:
    """Read one file; raises :class:`Damaged` with the reason it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Damaged(f"larger than {MAX_BYTES // (1024 * 1024)} MB, too big for a run record")
        if size == 0:
            raise Damaged("an empty file")
        raw = path.read_bytes()
    except OSError as exc:
        raise Damaged(f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Damaged("not text (not UTF-8), so not a run record") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        line, col = getattr(exc, "lineno", "?"), getattr(exc, "colno", "?")
        raise Damaged(f"not valid JSON (line {line}, column {col})") from None
    except RecursionError:
        raise Damaged("not a run record (nested too deeply)") from None
    run = parse_record(data, str(path))
    run.digest = hashlib.sha256(raw).hexdigest()
    return run


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


def load_runs(paths: Iterable[str]) -> tuple[list[Run], list[Skipped]]:
    """Every readable run under ``paths``; everything else as skipped, with the reason.  The same
    file reached twice is read once, and a copy of a run already read is skipped as a copy."""
    files, missing = expand(paths)
    runs: list[Run] = []
    skipped = [Skipped(m, "no such file or folder") for m in missing]
    seen_files: set[str] = set()
    by_digest: dict[str, Run] = {}
    by_identity: dict[tuple, list[Run]] = {}
    for path in files:
        key = os.path.realpath(path)
        if key in seen_files:
            continue
        seen_files.add(key)
        try:
            run = read_run(path)
        except Damaged as exc:
            skipped.append(Skipped(str(path), str(exc)))
            continue
        copy = by_digest.get(run.digest)
        if copy is not None:
            skipped.append(Skipped(run.path, f"an exact copy of {copy.path}"))
            continue
        by_digest[run.digest] = run
        twins = by_identity.setdefault(run.identity, [])
        later = next((t for t in twins if t.continues(run)), None)
        if later is not None:
            skipped.append(Skipped(run.path, f"an unfinished earlier copy of the run in {later.path}"))
            continue
        for earlier in [t for t in twins if run.continues(t)]:
            twins.remove(earlier)
            runs.remove(earlier)
            skipped.append(Skipped(earlier.path, f"an unfinished earlier copy of the run in {run.path}"))
        twins.append(run)
        runs.append(run)
    return runs, skipped
