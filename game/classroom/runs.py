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
skipped, each with the file it duplicates.  A run is its id *and* what the record says it is (the
scenario, its version and fingerprint, the player): a file that reuses another run's id but names
another scenario fingerprint or another player is not that run (a forged or mixed-up record), so
it is read as a run of its own, and can never push the genuine record out.

**Runs in progress.**  In a class game every decision also rewrites a small progress file in the
runs folder's ``.live/`` (see :mod:`game.formats.live`), removed once the run's record exists.
Each is read as a run in progress (``live``): its decisions so far count like an unfinished
record's, and the report says where the student is.  A record of the same run always wins.

**Reading again is cheap.**  A :class:`RunCache` remembers each file's result under its size,
modification time and inode, so the live view re-reads only the files that changed since the
last look (a stat per file, no read).

File names come from students (a run file is named after its player) and from whatever lies in
a shared folder, so every path the report shows passes through :func:`game.safetext.visible`:
a name with an escape sequence or a newline in it is shown, never obeyed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os

import msgspec
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterable

from game.formats import FileProblem, RunRecord, parse_record, read_bytes
from game.formats.fields import header
from game.formats.live import LIVE_FORMAT, MAX_LIVE_BYTES, LiveProgress, parse_live
from game.formats.record import MAX_RECORD_BYTES, RECORD_FORMAT, RECORD_VERSION
from game.safetext import visible
from game.text import clean_text

#: The folder (inside a runs folder) where class games keep their progress files.
LIVE_DIR = ".live"


def _clean(text: str, limit: int) -> str:
    """:func:`game.text.clean_text`, quicker for the usual case: short printable ASCII with single
    spaces is already clean (a year group's report cleans a million strings)."""
    if (len(text) <= limit and text.isascii() and text.isprintable() and "  " not in text
            and text[:1] != " " and text[-1:] != " "):
        return text
    return clean_text(text, limit)


@lru_cache(maxsize=8192)
def _id(text: str) -> str:
    """A scene, choice or meter id, cleaned: a class's records repeat the same few hundred."""
    return clean_text(text, 64)


@lru_cache(maxsize=1024)
def _clean_ids(ids: tuple[str, ...]) -> bool:
    """True if every id is already clean (the meters of a decision: the same few, every time)."""
    return all(_id(i) == i for i in ids)


@lru_cache(maxsize=1024)
def _same(text: str, limit: int) -> str:
    """A string every record of a class repeats (version, fingerprint, title, class code), cleaned once."""
    return clean_text(text, limit)


@dataclass(frozen=True)
class Skipped:
    """A file the report could not use: its name (shown safely) and why, in plain words."""

    path: str
    reason: str
    #: The reason without any file name in it (an anonymous report names no student's file).
    unnamed: str = ""


def shown(path: object) -> str:
    """A path as the report prints it: control, bidi and undecodable characters made visible."""
    return visible(str(path))


@dataclass(slots=True)
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
    #: Read from a class game's progress file: the student is still playing.
    live: bool = False
    #: For a run in progress, the scene the student is deciding now ('' once the game ended).
    scene_now: str = ""
    #: When the progress file was last written (as the student's machine tells time).
    updated_at: str = ""
    #: The run's reveal setting ("each" or "end"); a progress file does not say (its class code does).
    reveal: str = "each"

    @classmethod
    def of(cls, record: RunRecord, path: str, digest: str = "") -> Run:
        s = record.scenario
        ending = record.ending
        steps = [Step(d.turn, _id(d.scene), _id(d.choice), d.historical,
                      d.meters if _clean_ids(tuple(d.meters)) else {_id(k): v for k, v in d.meters.items()},
                      _clean(d.justification, 1000) if d.justification else "")
                 for d in record.decisions]
        return cls(
            path=path, run_id=record.run_id, player=_clean(record.player, 60) or "player",
            scenario_id=_id(s.id), version=_same(s.version, 40),
            content_hash=_same(s.hash, 100), title=_same(s.title, 200), seed=record.seed,
            class_code=_same(record.settings.class_code or "", 20),
            complete=record.complete and ending is not None,
            started_at=_clean(record.started_at, 40), finished_at=_clean(record.finished_at or "", 40),
            steps=steps, ending_id=_id(ending.id) if ending else "",
            ending_title=_same(ending.title, 200) if ending else "",
            ending_historical=ending.historical if ending else None,
            divergence=record.divergence, final_divergence=record.final_divergence,
            matched=record.agreement.matched, decided=record.agreement.decided, seesaw=record.seesaw,
            history_meters={_id(k): list(v) for k, v in record.historical.meters.items()},
            digest=digest, record_version=record.version, reveal=record.settings.reveal)

    @classmethod
    def of_live(cls, progress: LiveProgress, path: str) -> Run:
        """A run in progress, from its progress file: decisions so far, no meters or figures."""
        s = progress.scenario
        steps = [Step(d.turn, _id(d.scene), _id(d.choice), d.historical, {}) for d in progress.decisions]
        matched = sum(1 for d in progress.decisions if d.historical)
        decided = sum(1 for d in progress.decisions if d.historical is not None)
        return cls(
            path=path, run_id=progress.run_id, player=clean_text(progress.player, 60) or "player",
            scenario_id=_id(s.id), version=clean_text(s.version, 40), content_hash=clean_text(s.hash, 100),
            title=_id(s.id), seed=None, class_code=clean_text(progress.class_code or "", 20), complete=False,
            started_at=clean_text(progress.started_at, 40), finished_at="", steps=steps, ending_id="",
            ending_title="", ending_historical=None, divergence=None, final_divergence=None, matched=matched,
            decided=decided, seesaw=None, live=True, scene_now=_id(progress.scene or ""),
            updated_at=clean_text(progress.updated_at, 40))

    @property
    def identity(self) -> tuple[str, str, str, str, str]:
        """What a record says it is, beside its run id: scenario, version, fingerprint, player."""
        return (self.scenario_id, self.version, self.content_hash, self.player.casefold(), self.class_code)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(s.scene, s.choice) for s in self.steps]

    def continues(self, other: Run) -> bool:
        """True if ``other``'s decisions are the start of this run's (``other`` stopped earlier)."""
        mine, theirs = self.choices, other.choices
        return len(theirs) <= len(mine) and mine[:len(theirs)] == theirs


def read_run(path: Path | str) -> Run:
    """Read one file; raises :class:`FileProblem` with the reason it cannot be used."""
    data = read_bytes(path, MAX_RECORD_BYTES)
    if not data.strip():
        raise FileProblem("it is empty")
    try:
        record = _current_record(data) or parse_record(data)
    except FileProblem:
        kind = header(data).format.split("/")[0]
        if kind in _NOT_RECORDS:
            raise FileProblem(_NOT_RECORDS[kind]) from None
        raise
    return Run.of(record, shown(path), hashlib.sha256(data).hexdigest())


def _current_record(data: bytes) -> RunRecord | None:
    """A record of today's version in one decode (:func:`~game.formats.parse_record` reads the
    header first, then the whole, which a year group's report pays for 100,000 times); None
    for anything else, which ``parse_record`` then reads, or refuses in its own words."""
    try:
        record = msgspec.json.decode(data, type=RunRecord)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, ValueError):
        return None
    if record.format != RECORD_FORMAT or record.min_version > RECORD_VERSION:
        return None
    return record


def read_live_run(path: Path | str) -> Run:
    """Read one progress file (``.live/``); raises :class:`FileProblem` if it cannot be used."""
    data = read_bytes(path, MAX_LIVE_BYTES)
    if not data.strip():
        raise FileProblem("it is empty")
    return Run.of_live(parse_live(data), shown(path))


#: Our other files, which a runs folder may hold too: said as what they are.
_NOT_RECORDS = {"politburo-save": "it is a saved game still in progress, not a run record",
                "politburo-campaign": "it is a campaign's progress file, not a run record",
                "politburo-class-report": "it is a class report, not a run record",
                LIVE_FORMAT: "it is a class game's progress file outside the .live folder"}


def expand(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files to read: each file given, and the ``.json`` files in each folder and its subfolders
    (hidden folders such as ``.saves`` left out).  Also returns the paths that do not exist."""
    files, _, missing = expand_all(paths)
    return files, missing


def expand_all(paths: Iterable[str]) -> tuple[list[Path], list[Path], list[str]]:
    """Like :func:`expand`, and also the progress files of class games in progress: the
    ``.json`` files in the ``.live`` folder of each folder given and of its subfolders."""
    files, live, missing = expand_names(paths)
    return [Path(f) for f in files], [Path(f) for f in live], missing


def expand_names(paths: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """:func:`expand_all` as plain strings (a year group's 100,000 ``Path`` objects cost more
    time than reading their files' names)."""
    files: list[str] = []
    live: list[str] = []
    missing: list[str] = []
    for name in paths:
        if os.path.isdir(name):
            found = []
            for root, dirs, names in os.walk(name):
                if LIVE_DIR in dirs:
                    folder = os.path.join(root, LIVE_DIR)
                    with contextlib.suppress(OSError):
                        live += sorted(os.path.join(folder, e.name) for e in os.scandir(folder)
                                       if e.name.endswith(".json") and not e.name.startswith("."))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [os.path.join(root, n) for n in names if n.endswith(".json") and not n.startswith(".")]
            files += sorted(found)
        elif os.path.exists(name):
            files.append(name)
        else:
            missing.append(name)
    return files, live, missing


Signature = tuple[int, int, int]


def signature(path: Path) -> Signature | None:
    """Size, modification time and inode: a file rewritten (atomically, as ours are) changes one."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


class RunCache:
    """What each file read as last time, under its :func:`signature`: reading a folder again
    re-reads only the files that changed.  Bounded: forgets files that are gone."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, bool], tuple[Signature, Run | FileProblem]] = {}

    def read(self, path: Path, live: bool) -> Run:
        """The run in ``path`` (raises :class:`FileProblem` as the readers do)."""
        key = (str(path), live)
        sig = signature(path)
        result: Run | FileProblem
        if sig is not None:
            cached = self._seen.get(key)
            if cached is not None and cached[0] == sig:
                result = cached[1]
                if isinstance(result, FileProblem):
                    raise FileProblem(str(result))  # a fresh one: no traceback piling up
                return result
        try:
            result = read_live_run(path) if live else read_run(path)
        except FileProblem as exc:
            result = exc
        if sig is not None:
            self._seen[key] = (sig, result)
        if isinstance(result, FileProblem):
            raise FileProblem(str(result))
        return result

    def forget_except(self, keep: set[tuple[str, bool]]) -> None:
        for key in [k for k in self._seen if k not in keep]:
            del self._seen[key]


def _rank(run: Run) -> tuple[bool, int, bool, str]:
    """Which of two records of one run to keep: the finished one, then the one with more
    decisions, then a record before a progress file (a record carries the meters), then the one
    finished first (the first ending recorded stands), then the file read first."""
    return (not run.complete, -len(run.steps), run.live, run.finished_at or "~")


def skipped_copy(dropped: Run, kept: Run) -> Skipped:
    """``dropped`` listed as a copy of the run counted from ``kept``."""
    return Skipped(dropped.path, _why_apart(dropped, kept), _why_apart(dropped, kept, "another file"))


def _why_apart(dropped: Run, kept: Run, where: str = "") -> str:
    where = where or kept.path
    if dropped.digest == kept.digest:
        return f"an exact copy of {where}"
    if not dropped.complete and kept.continues(dropped):
        return f"an unfinished earlier copy of the run in {where}"
    if dropped.choices == kept.choices:
        return f"another copy of the run in {where}"
    return f"the same run (id {kept.run_id}) as {where}, recorded again; it is counted once"


def load_runs(paths: Iterable[str], cache: RunCache | None = None) -> tuple[list[Run], list[Skipped]]:
    """Every readable run under ``paths``, each run once; everything else as skipped, with the
    reason.  The same file reached twice (a link, or a folder and a file in it) is read once.
    Class games in progress (their ``.live`` progress files) are runs too, marked ``live``.

    Records written before runs had ids (version 1) get an id made from the player, seed and
    start time; two of those with the same id whose decisions part ways are different runs
    (two students of one name starting in the same second), so both are kept.  ``cache``
    re-reads only what changed since the last call with it."""
    files, live, missing = expand_all(paths)
    return load_files(files, live, missing, cache)


def load_files(files: list[Path], live: list[Path], missing: list[str],
               cache: RunCache | None = None) -> tuple[list[Run], list[Skipped]]:
    """:func:`load_runs` over files already found (by :func:`expand_all`)."""
    skipped = [Skipped(shown(m), "no such file or folder") for m in missing]
    seen_files: set[str] = set()
    by_id: dict[tuple[str, tuple[str, ...]], list[list[Run]]] = {}
    order: list[list[Run]] = []
    read = cache.read if cache is not None else (lambda p, is_live: read_live_run(p) if is_live else read_run(p))
    for path, is_live in [(f, False) for f in files] + [(f, True) for f in live]:
        key = os.path.realpath(path)
        if key in seen_files:
            continue
        seen_files.add(key)
        try:
            run = read(path, is_live)
        except FileProblem as exc:
            skipped.append(Skipped(shown(path), str(exc)))
            continue
        clusters = by_id.setdefault((run.run_id, run.identity), [])
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
    if cache is not None:
        cache.forget_except({(str(f), False) for f in files} | {(str(f), True) for f in live})
    runs: list[Run] = []
    for cluster in order:
        kept = min(cluster, key=_rank)
        runs.append(kept)
        # A progress file left beside its run's record is the moment between the two writes
        # (the game removes it next), not a problem to report.
        skipped += [skipped_copy(r, kept) for r in cluster if r is not kept and not r.live]
    return runs, skipped
