"""The report at the scale of a school (issue 15): read one record at a time into running totals,
it says exactly what the report over the runs held in memory says; a group too large to list
player by player points to the roster; its bands are the exact quartiles of every run."""

from __future__ import annotations

import csv
import io
import json
import shutil

from game.classroom.export import to_csv, to_roster
from game.classroom.report import build_report, installed_lookup, spread
from game.classroom.runs import load_runs
from game.classroom.stream import stream_report
from game.classroom.meters import series_of
from game.classroom.tally import PLAYER_LINES
from game.classroom.text import to_markdown, to_table
from tests.classroom.lesson import kim_class, play_lesson

CLOCK = "2026-03-02T10:00:00Z"


def _both(paths, **kw):
    lookup = installed_lookup()
    runs, skipped = load_runs([str(p) for p in paths])
    held = build_report(runs, skipped, lookup, clock=lambda: CLOCK, **kw).to_dict()
    streamed = stream_report([str(p) for p in paths], lookup, clock=lambda: CLOCK, **kw).to_dict()
    return held, streamed


def _same(held, streamed):
    assert streamed["groups"] == held["groups"]
    # The order of reading differs, and with it an anonymous report's file numbers.
    key = (lambda s: s["reason"]) if held["anonymous"] else (lambda s: (s["path"], s["reason"]))
    assert sorted(map(key, streamed["skipped"])) == sorted(map(key, held["skipped"]))
    if held["anonymous"]:
        assert not any("/" in s["reason"] for s in streamed["skipped"])  # no student's file named
    assert streamed["skipped_total"] == held["skipped_total"]
    assert {k: v for k, v in streamed.items() if k not in ("groups", "skipped")} == {
        k: v for k, v in held.items() if k not in ("groups", "skipped")}


def test_the_streamed_report_is_the_report(tmp_path):
    """Copies, an export and its finished run, students still playing, a run of no class and
    junk: streamed, every figure and every skipped file is as in the report over runs in memory."""
    lesson = tmp_path / "lesson"
    play_lesson(lesson, players=14, playing=4)
    records = sorted(lesson.glob("*.json"))
    usb = tmp_path / "usb"
    usb.mkdir()
    shutil.copy(records[0], usb / "copy.json")
    export = json.loads(records[1].read_text())
    export.update(complete=False, finished_at=None, ending=None)
    export["decisions"] = export["decisions"][:2]
    (lesson / "exports").mkdir()
    (lesson / "exports" / "early.json").write_text(json.dumps(export))  # read before the finished one? either way
    (lesson / "notes.json").write_text("{")
    alone = json.loads(records[2].read_text())
    alone.update(run_id="00000000000a1011", player="Zed")
    alone["settings"].pop("class")
    (usb / "zed.json").write_text(json.dumps(alone))
    for kw in ({}, {"anonymous": True}, {"class_code": kim_class().text}):
        held, streamed = _both([lesson, usb], **kw)
        _same(held, streamed)
    assert held["groups"][0]["runs"] == 14 and held["groups"][0]["in_progress"] == 4
    assert held["skipped_total"] == 3


def test_the_better_copy_read_second_replaces_the_first(tmp_path):
    """The export is read first (its folder sorts first), counted, then taken out again when
    the finished run turns up: the totals are as if only the finished run had been read."""
    lesson = tmp_path / "b"
    play_lesson(lesson, players=3, playing=0)
    first = sorted(lesson.glob("*.json"))[0]
    export = json.loads(first.read_text())
    export.update(complete=False, finished_at=None, ending=None)
    export["decisions"] = export["decisions"][:1]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "export.json").write_text(json.dumps(export))
    held, streamed = _both([tmp_path / "a", lesson])
    _same(held, streamed)
    [group] = streamed["groups"]
    assert group["runs"] == group["complete"] == 3 and group["unfinished"] == 0
    assert [s["reason"].split(" of ")[0] for s in streamed["skipped"]] == ["an unfinished earlier copy"]


def test_a_school_sized_group_points_to_the_roster(tmp_path, monkeypatch):
    import game.classroom.tally as tally

    monkeypatch.setattr(tally, "QUOTES_KEPT", 5)
    folder = tmp_path / "year"
    players = PLAYER_LINES + 15
    play_lesson(folder, players=players, playing=0, seed=11)
    # Many reasons for one option: the first QUOTES_KEPT (5 here) are kept, the rest counted.
    runs, _skipped = load_runs([str(folder)])
    report = stream_report([str(folder)], installed_lookup())
    [group] = report.groups
    assert not group.players_listed and len(group.players) == players
    table, markdown = to_table(report), to_markdown(report)
    for text in (table, markdown):
        assert f"{players:,} runs: too many to list here" in text
    assert "\n  Student 01    " not in table and "| Student 01 |" not in markdown  # no row per player
    rows = list(csv.DictReader(io.StringIO(to_csv(report.to_dict()))))
    assert not any(r["section"] == "player" for r in rows)
    assert any(r["measure"] == "players_listed" for r in rows)
    roster = list(csv.DictReader(io.StringIO(to_roster(report))))
    assert sorted(r["player"] for r in roster) == sorted(r.player for r in runs)
    for d in group.decisions:
        for o in d.options:
            written = sum(1 for r in runs for s in r.steps if s.scene == d.scene and s.choice == o.choice
                          and s.justification)
            shown = sum(1 for q in d.quotes if q.choice == o.choice)
            assert shown == min(written, 5) and shown + d.more_quotes.get(o.choice, 0) == written
    assert any(d.more_quotes for d in group.decisions)
    assert "more reason(s) for this option" in table
    # The bands are the exact spread of every run's meter, turn by turn.
    for m in group.meters:
        assert m.players == []  # no line per player in a school's report
        series = []
        for r in runs:
            start = tuple([r.history_meters[x][0] for x in r.history_meters] and
                          [r.history_meters.get(x, [None])[0] for x in [mm.meter for mm in group.meters]])
            steps = tuple(tuple(s.meters.get(mm.meter) for mm in group.meters) for s in r.steps)
            series.append(series_of((start, steps))[[mm.meter for mm in group.meters].index(m.meter)])
        for turn, band in enumerate(m.bands):
            at = sorted(s[turn] for s in series if turn < len(s))
            assert band == spread(at)
