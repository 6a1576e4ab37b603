"""The report straight from the folders: each record read, counted and let go (issue 15).

:func:`stream_report` gives the same report as :func:`~game.classroom.runs.load_runs` followed by
:func:`~game.classroom.report.build_report`, but holds no record: each is read, added to the
running totals (:mod:`game.classroom.tally`) and dropped, so a year group's 100,000 records cost
what their totals and the players' table cost, not what the records do.

**Each run still counts once.**  What is kept per run is its id, what it says it is, how good a
copy it is (finished, decisions, …: :func:`~game.classroom.runs._rank`) and where it lies.  When a
record of a run already counted turns up, the copy counted before is read again from its file (a
rare event: exports mid-game, copies on a USB stick): the better of the two is counted, the other
listed as skipped with the same words :func:`~game.classroom.runs.load_files` uses.  A run whose
first file has gone meanwhile keeps the copy counted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from game.classroom.report import Report, ScenarioLookup
from game.classroom.runs import (
    FileProblem, Run, Skipped, _rank, expand_names, read_live_run, read_run, shown, skipped_copy,
)
from game.classroom.tally import Tallies
from game.play.recording import now_iso


@dataclass(slots=True)
class _Counted:
    """A run as counted: enough to find it again and to compare another copy with it."""

    ref: int
    rank: tuple[bool, int, bool, str]
    path: str
    live: bool


def _file_key(path: str) -> object:
    """The same file reached twice (a link, or a folder and a file in it) is read once."""
    try:
        info = os.stat(path)
    except OSError:
        return str(path)
    return (info.st_dev, info.st_ino)


def stream_report(paths: Iterable[str], lookup: ScenarioLookup | None = None, *, anonymous: bool = False,
                  clock: Callable[[], str] = now_iso, class_code: str | None = None) -> Report:
    """The report over every run under ``paths``, read one record at a time."""
    files, live, missing = expand_names(paths)
    tallies = Tallies(lookup, anonymous)
    for m in missing:
        tallies.skip(Skipped(shown(m), "no such file or folder"))
    seen_files: set[object] = set()
    # Runs counted, under a hash of their id and what they say they are (a hash: 100,000 ids and
    # identities weigh more than the report); a match is checked against the file read again.
    counted: dict[int, list[_Counted]] = {}

    def again(entry: _Counted) -> Run | None:
        try:
            return read_live_run(entry.path) if entry.live else read_run(entry.path)
        except FileProblem:
            return None

    ref = 0
    for path, is_live in [(f, False) for f in files] + [(f, True) for f in live]:
        key = _file_key(path)
        if key in seen_files:
            continue
        seen_files.add(key)
        try:
            run = read_live_run(path) if is_live else read_run(path)
        except FileProblem as exc:
            tallies.skip(Skipped(shown(path), str(exc)))
            continue
        ref += 1
        entries = counted.setdefault(hash((run.run_id, run.identity)), [])
        home: tuple[_Counted, Run] | None = None
        for entry in entries:
            before = again(entry)
            if before is not None and (before.run_id, before.identity) != (run.run_id, run.identity):
                continue  # another run whose hash is the same
            if before is not None and run.record_version < 2 and not (before.continues(run)
                                                                       or run.continues(before)):
                continue  # ids made up for old records: the same id is the same run only if one continues the other
            if before is None:  # the file counted before has gone: keep what was counted
                home = (entry, run)
                break
            home = (entry, before)
            break
        if home is None:
            tallies.add(run, ref)
            entries.append(_Counted(ref, _rank(run), path, is_live))
            continue
        entry, before = home
        if before is run:
            why = "another copy of a run already counted from {}"
            tallies.skip(Skipped(run.path, why.format(shown(entry.path)), why.format("another file")))
            continue
        if _rank(run) < entry.rank:  # the better copy: counted instead
            tallies.add(run, ref)
            tallies.remove(before, entry.ref)
            if not before.live:
                tallies.skip(skipped_copy(before, run))
            entry.ref, entry.rank, entry.path, entry.live = ref, _rank(run), path, is_live
        elif not run.live:
            tallies.skip(skipped_copy(run, before))
    return tallies.report(clock=clock, class_code=class_code)
