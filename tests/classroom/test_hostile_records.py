"""Hostile files: whatever a class folder holds, the record, save and campaign-progress readers
only ever answer with a value or :class:`~game.formats.FileProblem` (a reason in plain words),
never with another exception, and what they accept the report and resume can use.

Run records and saves come back from students' machines, shared folders and USB sticks, so the
properties feed the readers arbitrary bytes, arbitrary JSON, and real files with any one entry
replaced by anything."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from game.formats import FileProblem, parse_progress, parse_record, parse_save, read_record, read_save
from tests.classroom.conftest import make_record

READERS = {"record": parse_record, "save": parse_save, "progress": parse_progress}
HEADS = [b"", b'{"format": "politburo-run", "version": 2, ', b'{"format": "politburo-save", "version": 2, ',
         b'{"format": "politburo-run/1", ', b'{"format": "politburo-save/1", ', b'{"format": "politburo-campaign", ']
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plausible():
    """Values a hand-edited file might hold: small numbers, and ids and words of the seminar."""
    return st.none() | st.booleans() | st.integers(-3, 120) | st.sampled_from(
        ["politburo-run", "politburo-save", "2", "", "request", "parallel", "mao", "refuse", "defer", "limited",
         "restrain", "concur", "history", "seminar", "each", "end"])


def json_values():
    leaf = (st.none() | st.booleans() | st.integers() | st.integers(-10**400, 10**400)
            | st.floats() | st.text(max_size=30) | plausible())
    return st.recursive(leaf, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=10) | st.sampled_from(
                            ["format", "version", "min_version", "run_id", "seed", "state", "decisions", "player",
                             "scenario", "settings", "meters", "flags", "ending", "carry"]), inner, max_size=5),
                        max_leaves=20)


def only_file_problems(reader, data: bytes):
    """The reader's answer, or None when it refused the data with a FileProblem."""
    try:
        return reader(data)
    except FileProblem as exc:
        assert str(exc) and "\n" not in str(exc) and "Traceback" not in str(exc)
        return None


@SETTINGS
@given(st.sampled_from(sorted(READERS)), st.sampled_from(HEADS), st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_refused_in_words(kind, head, tail):
    only_file_problems(READERS[kind], head + tail)


@SETTINGS
@given(st.sampled_from(sorted(READERS)), json_values())
def test_arbitrary_json_is_read_or_refused_in_words(kind, value):
    only_file_problems(READERS[kind], json.dumps(value).encode())


@pytest.fixture(scope="module")
def real_files(tmp_path_factory):
    """A real record and a real save, as the play layer writes them."""
    from game.formats import RunSettings, record_bytes, save_bytes
    from game.paths import Places
    from game.play.session import Session
    from game.scenario import load_scenario
    from tests.classroom.conftest import SEMINAR

    seminar = load_scenario(SEMINAR)
    record = make_record(seminar, ["limited", "restrain", "concur"], reasons={1: "Because."})
    folder = tmp_path_factory.mktemp("runs")
    places = Places(folder, folder / ".saves")
    places.prepare()
    session = Session.start(seminar, places, player="Мария", settings=RunSettings(justify=True), seed=3)
    session.choose("refuse", reason="Not yet.")
    return seminar, places, json.loads(record_bytes(record)), json.loads(save_bytes(session.save_file()))


def _paths(value, prefix=()):
    """Every place in a JSON value, as key paths."""
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _paths(inner, (*prefix, i))


def _replace(value, path, new):
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return copy


def test_a_real_record_with_any_entry_replaced_is_read_or_refused_and_reads_into_a_report(real_files):
    from game.classroom.report import build_report
    from game.classroom.runs import Run
    from game.classroom.text import to_table

    _, _, record, _ = real_files
    places = list(_paths(record))

    @SETTINGS
    @given(st.sampled_from(places), plausible() | json_values())
    def check(path, value):
        parsed = only_file_problems(parse_record, json.dumps(_replace(record, path, value)).encode())
        if parsed is not None:
            to_table(build_report([Run.of(parsed, "x.json")], []))

    check()


def test_a_real_save_with_any_entry_replaced_is_read_or_refused_and_resumes_or_says_why(real_files):
    from game.play.session import ResumeProblem, Session

    seminar, places, _, save = real_files
    places_in_save = list(_paths(save))

    @SETTINGS
    @given(st.sampled_from(places_in_save), plausible() | json_values())
    def check(path, value):
        parsed = only_file_problems(parse_save, json.dumps(_replace(save, path, value)).encode())
        if parsed is None:
            return
        try:
            session = Session.resume(parsed, seminar, places)
        except ResumeProblem as exc:
            assert exc.notes
            return
        session.scene(), session.meters(), session.figures()

    check()


@pytest.mark.parametrize("reader", [read_record, read_save])
def test_files_that_are_not_files_are_refused_without_waiting(tmp_path, reader):
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "huge.json").write_bytes(b"{" + b" " * (2 * 1024 * 1024) + b"}")
    (tmp_path / "deep.json").write_bytes(b'{"format": "politburo-run", "version": 2, "x": ' + b"[" * 50_000
                                         + b"]" * 50_000 + b"}")
    for name in ("pipe.json", "zero.json", "folder.json", "huge.json", "deep.json", "missing.json"):
        with pytest.raises(FileProblem) as info:
            reader(tmp_path / name)
        assert str(info.value).startswith("it "), (name, str(info.value))
