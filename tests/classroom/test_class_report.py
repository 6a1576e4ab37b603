"""``politburo report``: exact figures from records we control, every format, and files that are
not what they seem."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from game.classroom.export import figures, to_csv
from game.classroom.report import build_report, installed_lookup
from game.classroom.runs import load_runs
from game.classroom.text import to_table
from tests.classroom.conftest import make_record, write_runs
from tests.conftest import run_cli_here

EVIL = '<script>alert("x")</script>'


@pytest.fixture
def class_runs(tmp_path, seminar, seminar_class):
    """Six runs: three as history, two deferring, one unfinished; reasons at debate points."""
    settings = seminar_class.settings()
    specs = [
        ("Ana", ["refuse", "restrain", "concur"], {1: "The army was not ready.", 3: "Mao agreed."}),
        ("Bo", ["refuse", "restrain", "concur"], {}),
        ("Alex", ["refuse", "tolerate", "overrule"], {1: "Partisans first."}),
        ("Alex", ["defer", "restrain", "concur"], {1: EVIL}),
        ("=HYPERLINK(\"x\")", ["defer", "tolerate", "overrule"], {}),
    ]
    records = [make_record(seminar, c, player=p, reasons=r, settings=settings,
                           finished=f"2025-03-01T09:2{n}:00Z") for n, (p, c, r) in enumerate(specs)]
    records.append(make_record(seminar, ["limited", "restrain"], player="Cy", settings=settings, stop_after=1))
    write_runs(tmp_path / "runs", records)
    return tmp_path / "runs"


def _report(folder, seminar=None, anonymous=False):
    runs, skipped = load_runs([str(folder)])
    return build_report(runs, skipped, installed_lookup([seminar] if seminar else []), anonymous=anonymous)


def test_counts_matches_and_quotes_are_exact(class_runs, seminar):
    report = _report(class_runs, seminar)
    [g] = report.groups
    assert (g.runs, g.complete) == (6, 5)
    assert any("1 of 6 runs are unfinished" in n for n in g.notes)
    first, second, third = g.decisions
    assert [(o.choice, o.count, o.historical) for o in first.options] == [
        ("refuse", 3, True), ("limited", 1, False), ("defer", 2, False)]
    assert (first.reached, first.matched, first.decided, first.percent_matched, first.split) == (6, 3, 6, 50, 50)
    assert [(o.choice, o.count) for o in second.options] == [("restrain", 3), ("tolerate", 2)]
    assert second.reached == 5 and third.reached == 5
    assert [(q.player, q.choice, q.text) for q in first.quotes] == [
        ("Alex", "refuse", "Partisans first."), ("Ana", "refuse", "The army was not ready."),
        ("Alex (2)", "defer", EVIL)]
    assert first.debate and first.debrief_questions == ["Why did Moscow say no in 1949?",
                                                         "What would a limited attack have risked?"]
    assert g.most_split[0] == "request"
    ana = next(p for p in g.players if p.player == "Ana")
    assert (ana.ending, ana.ending_historical, ana.divergence, ana.matched, ana.decided) == ("history", True, 0, 3, 3)
    ni = next(m for m in g.meters if m.meter == "national_interest")
    assert ni.history == [50, 60, 65, 70]
    assert next(p for p in ni.players if p.player == "Ana").values == [50, 60, 65, 70]


def test_without_the_scenario_file_the_report_still_works_from_ids(class_runs):
    [g] = _report(class_runs).groups
    assert not g.scenario_installed and any("not installed here" in n for n in g.notes)
    first = g.decisions[0]
    assert first.title == "request" and {o.choice: o.count for o in first.options} == {
        "refuse": 3, "defer": 2, "limited": 1}
    assert first.historical_choice == "refuse"
    assert g.meters[0].history == [50, 60, 65, 70]


def test_csv_and_json_carry_the_same_figures(class_runs, seminar_path):
    as_json = run_cli_here("report", str(class_runs), "--scenario", str(seminar_path), "--format", "json")
    as_csv = run_cli_here("report", str(class_runs), "--scenario", str(seminar_path), "--format", "csv")
    assert as_json.returncode == as_csv.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    expected = list(csv.DictReader(io.StringIO(to_csv(data))))
    assert rows == expected and len(rows) > 100
    counts = {(r["scene"], r["choice"]): int(r["value"]) for r in rows
              if r["section"] == "option" and r["measure"] == "count"}
    for d in data["groups"][0]["decisions"]:
        for o in d["options"]:
            assert counts[(d["scene"], o["choice"])] == o["count"]
    assert len(rows) == sum(1 for _ in figures(data))
    # A name that a spreadsheet would run as a formula is defused.
    assert any(r["player"] == "'=HYPERLINK(\"x\")" for r in rows)
    assert not any(r["player"].startswith("=") for r in rows)


def test_html_is_self_contained_and_escapes_everything(class_runs, seminar_path, tmp_path):
    out = tmp_path / "class.html"
    res = run_cli_here("report", str(class_runs), "--scenario", str(seminar_path), "-o", str(out))
    assert res.returncode == 0 and "Wrote the html report on 6 run(s)" in res.stdout
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and EVIL not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert not re.search(r"""src\s*=|href\s*=\s*"[^#]|@import|url\(|https?://""", page)
    assert 'href="#summary-1"' in page and 'href="#decisions-1"' in page
    assert page.count("<svg viewBox") == page.count("<polygon") // 2 >= 2  # the class's spread per meter
    assert "Why did Moscow say no in 1949?" in page and "◆" in page


def test_table_has_bars_sparklines_and_markdown_escapes(class_runs, seminar_path):
    table = run_cli_here("report", str(class_runs), "--scenario", str(seminar_path)).stdout
    assert "◆ ████████" in table and "WHERE THE CLASS SPLIT MOST" in table
    assert re.search(r"history\s+[▁▂▃▄▅▆▇█]{4}", table)
    assert "(unfinished after 1)" in table
    md = run_cli_here("report", str(class_runs), "--scenario", str(seminar_path), "--format", "md").stdout
    assert "&lt;script&gt;" in md and "<script>" not in md
    assert "| ◆ **Refuse; back the partisans** | 3 | 50% |" in md


def test_anonymous_reports_name_nobody(class_runs, seminar_path):
    (class_runs / "notes-by-Ana.json").write_text("not json")
    for fmt in ("json", "csv", "html", "table", "md"):
        out = run_cli_here("report", str(class_runs), "--scenario", str(seminar_path), "--anonymous", "--format", fmt)
        assert out.returncode == 0
        for name in ("Ana", "Alex", "HYPERLINK", "Cy"):
            assert name not in out.stdout, (fmt, name)
        assert "The army was not ready." in out.stdout
        # The HTML page lists no one (its size does not grow with the class); the others do.
        assert ("Student 6" in out.stdout) == (fmt != "html"), fmt


def test_other_scenarios_and_versions_are_grouped_never_mixed(class_runs, seminar, mini):
    other = json.loads(next(class_runs.glob("*ana*")).read_text())
    other["scenario"]["version"] = "2.0"
    other["run_id"] = "00000000000000aa"  # another run, played with an older file
    (class_runs / "old-version.json").write_text(json.dumps(other))
    write_runs(class_runs, [make_record(mini, ["refuse", "concur"], player="Mo")])
    report = _report(class_runs, seminar)
    assert [(g.scenario_id, g.version, g.runs) for g in report.groups] == [
        ("seminar", "2.1", 6), ("mini", "1.0", 1), ("seminar", "2.0", 1)]
    assert "never combined" in report.notes[0]
    assert report.groups[0].decisions[0].reached == 6


def test_broken_and_foreign_files_are_skipped_with_reasons(tmp_path, seminar):
    runs = tmp_path / "runs"
    good = write_runs(runs, [make_record(seminar, ["refuse", "restrain", "concur"])])[0]
    record = json.loads(good.read_text())
    cases = {
        "empty.json": b"",
        "binary.json": bytes(range(256)),
        "text.json": b"hello",
        "list.json": b"[1, 2]",
        "deep.json": b'{"format": "politburo-run", "version": 2, "x": ' + b"[" * 100000 + b"]" * 100000 + b"}",
        "save.json": json.dumps({"format": "politburo-save/1", "state": {}}).encode(),
        "future.json": json.dumps({**record, "version": 9, "min_version": 9}).encode(),
        "nodecisions.json": json.dumps({**record, "decisions": "many"}).encode(),
        "badmeters.json": json.dumps({**record, "decisions": [{**record["decisions"][0], "meters": [1]}]}).encode(),
        "badturn.json": json.dumps({**record, "decisions": [{**record["decisions"][0], "turn": "x"}]}).encode(),
        "hugeseed.json": json.dumps(record).replace(f'"seed": {record["seed"]}', '"seed": ' + "9" * 400).encode(),
        "noid.json": json.dumps({k: v for k, v in record.items() if k != "run_id"}).encode(),
        "big.json": b" " * (600 * 1024),
        "copy.json": good.read_bytes(),
    }
    for name, data in cases.items():
        (runs / name).write_bytes(data)
    (runs / "folder.json").mkdir()
    (runs / ".saves").mkdir()
    (runs / ".saves" / "hidden.json").write_text("{}")
    runs_found, skipped = load_runs([str(runs)])
    assert len(runs_found) == 1
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert reasons["empty.json"] == "it is empty"
    assert reasons["binary.json"] == reasons["text.json"] == "it is not valid JSON (damaged or cut short)"
    assert reasons["list.json"] == "it is not a Politburo run record"
    assert reasons["deep.json"] == "it is nested too deeply to be one of our files"
    assert reasons["save.json"] == "it is a saved game still in progress, not a run record"
    assert reasons["future.json"] == "it was written by a newer Politburo (record version 9)"
    assert reasons["nodecisions.json"] == "expected array, found str (at decisions)"
    assert reasons["badmeters.json"] == "expected object, found array (at decisions [0].meters)"
    assert reasons["badturn.json"] == "expected int, found str (at decisions [0].turn)"
    assert reasons["hugeseed.json"] == "expected a number no larger than 9223372036854775807 (at seed)"
    assert reasons["noid.json"] == "the entry 'run_id' is missing"
    assert reasons["big.json"] == "it is too large (614,400 bytes; the limit is 524,288)"
    assert "an exact copy of" in next(r for p, r in reasons.items() if p in ("copy.json", good.name))
    assert "hidden.json" not in reasons and "folder.json" not in reasons
    assert all("\n" not in r for r in reasons.values())  # one line each
    out = run_cli_here("report", str(runs))
    assert out.returncode == 0 and "SKIPPED 14 file(s)" in out.stdout and "Traceback" not in out.stderr


def test_a_pipe_or_a_device_in_the_folder_is_skipped_not_waited_on(tmp_path, seminar):
    import os

    runs = tmp_path / "runs"
    write_runs(runs, [make_record(seminar, ["refuse", "restrain", "concur"])])
    os.mkfifo(runs / "pipe.json")
    (runs / "zero.json").symlink_to("/dev/zero")
    found, skipped = load_runs([str(runs)])
    assert len(found) == 1
    assert {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped} == {
        "pipe.json": "it is not a regular file (a folder, device or pipe)",
        "zero.json": "it is not a regular file (a folder, device or pipe)"}


def test_an_export_then_the_finished_run_counts_once(tmp_path, seminar):
    partial = make_record(seminar, ["refuse", "restrain", "concur"], stop_after=2)
    final = make_record(seminar, ["refuse", "restrain", "concur"])
    write_runs(tmp_path / "runs" / "exports", [partial])
    write_runs(tmp_path / "runs", [final])
    runs, skipped = load_runs([str(tmp_path / "runs")])
    assert len(runs) == 1 and runs[0].complete
    assert "unfinished earlier copy" in skipped[0].reason


def test_same_name_same_second_different_runs_are_both_kept(tmp_path, seminar):
    a = make_record(seminar, ["refuse", "restrain", "concur"], player="Alex")
    b = make_record(seminar, ["defer", "restrain", "concur"], player="Alex")
    write_runs(tmp_path, [a, b])
    runs, skipped = load_runs([str(tmp_path)])
    assert len(runs) == 2 and not skipped


@pytest.mark.parametrize("args, code, message", [
    (["report", "no/such/folder"], 2, "no such file or folder: no/such/folder"),
    (["report"], 2, "required"),
    (["report", "tests/fixtures"], 1, "no run records found"),
])
def test_report_usage_errors(args, code, message):
    out = run_cli_here(*args)
    assert out.returncode == code and message in out.stderr and "Traceback" not in out.stderr


def test_output_file_that_cannot_be_written(class_runs, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run_cli_here("report", str(class_runs), "-o", str(blocker / "r.html"))
    assert out.returncode == 2 and "cannot write" in out.stderr


def test_output_format_follows_the_file_name(class_runs, tmp_path):
    for suffix, probe in ((".md", "# Class report"), (".csv", "scenario,version,section"), (".json", '"format"')):
        target = tmp_path / f"r{suffix}"
        assert run_cli_here("report", str(class_runs), "-o", str(target)).returncode == 0
        assert target.read_text(encoding="utf-8").startswith(probe) or probe in target.read_text()


def _json_values():
    from hypothesis import strategies as st

    leaf = st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | st.text(max_size=20)
    return st.recursive(leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3), max_leaves=8)


def test_any_mangled_record_is_read_or_skipped_never_a_crash(seminar):
    from hypothesis import HealthCheck, given, settings, strategies as st

    from game.classroom.html import to_html
    from game.classroom.runs import Run
    from game.classroom.text import to_markdown, to_table
    from game.formats import FileProblem, parse_record, record_bytes

    base = json.loads(record_bytes(make_record(seminar, ["refuse", "restrain", "concur"], reasons={1: "Because."})))
    paths = [("player",), ("seed",), ("scenario",), ("scenario", "id"), ("decisions",), ("decisions", 0),
             ("decisions", 0, "meters"), ("decisions", 0, "turn"), ("decisions", 0, "historical"),
             ("decisions", 0, "justification"), ("decisions", 0, "scene"), ("ending",), ("ending", "historical"),
             ("agreement",), ("divergence",), ("seesaw",), ("historical",), ("historical", "meters"),
             ("settings",), ("settings", "class"), ("run_id",), ("format",), ("version",), ("min_version",)]

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(paths), _json_values())
    def check(path, value):
        record = json.loads(json.dumps(base))
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        try:
            parsed = parse_record(json.dumps(record).encode())
        except FileProblem:
            return
        report = build_report([Run.of(parsed, "x.json")], [], None)
        to_table(report), to_markdown(report), to_html(report), to_csv(report.to_dict())

    check()


def _seminar_runs(folder, seminar, seminar_class, *, extra=()):
    """Three runs of the class (one with a reason), plus ``extra`` records."""
    settings = seminar_class.settings()
    records = [make_record(seminar, ["refuse", "restrain", "concur"], player="Ana", settings=settings,
                           reasons={1: "Not ready."}),
               make_record(seminar, ["defer", "restrain", "concur"], player="Bo", settings=settings),
               make_record(seminar, ["refuse", "tolerate", "overrule"], player="Cy", settings=settings)]
    return write_runs(folder, records + list(extra))


def test_a_run_recorded_twice_counts_once(tmp_path, seminar, seminar_class):
    """Copies of one file, an export and the finished run, and one run recorded twice with two
    endings (a game killed between writing its record and removing its save, then resumed,
    under the old code) are one run each."""
    runs = tmp_path / "runs"
    ana, bo, cy = _seminar_runs(runs, seminar, seminar_class)
    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "copy-of-ana.json").write_bytes(ana.read_bytes())
    bo_record = json.loads(bo.read_text())
    export = make_record(seminar, ["defer", "restrain", "concur"], player="Bo", settings=seminar_class.settings(),
                         stop_after=1, run_id=bo_record["run_id"])
    write_runs(runs / "exports", [export])
    again = json.loads(cy.read_text())  # the same run id, recorded again with another ending
    again["decisions"] = again["decisions"][:2] + [{**again["decisions"][2], "choice": "concur"}]
    again["ending"] = {"id": "history", "title": "As it happened", "historical": True}
    again["finished_at"] = "2025-03-01T09:59:00Z"
    (runs / "cy-again.json").write_text(json.dumps(again))
    found, skipped = load_runs([str(runs), str(tmp_path / "usb")])
    assert sorted(r.player for r in found) == ["Ana", "Bo", "Cy"]
    cy_run = next(r for r in found if r.player == "Cy")
    assert cy_run.path == str(cy) and cy_run.choices[-1] == ("mao", "overrule")  # the first ending recorded stands
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert reasons["copy-of-ana.json"] == f"an exact copy of {ana}"
    assert next(r for p, r in reasons.items() if p.startswith("seminar--bo")).startswith(
        "an unfinished earlier copy of the run in ")
    assert reasons["cy-again.json"] == (
        f"the same run (id {again['run_id']}) as {cy}, recorded again; it is counted once")
    [group] = build_report(found, skipped, installed_lookup([seminar])).groups
    assert group.runs == 3 and group.decisions[0].reached == 3


def test_runs_of_another_class_or_file_are_shown_apart(tmp_path, seminar, seminar_class):
    from game.classroom.join import new_class

    other_class = new_class(seminar, str(seminar.path), 7, reveal="each", undo=True, justify=False)
    from game.classroom.join import JoinedClass

    other = JoinedClass(other_class, seminar).settings()
    strays = [make_record(seminar, ["defer", "tolerate", "overrule"], player="Di", settings=other),
              make_record(seminar, ["defer", "tolerate", "overrule"], player="Eve")]  # at home, no class
    runs = tmp_path / "runs"
    _seminar_runs(runs, seminar, seminar_class, extra=strays)
    edited = json.loads(next(runs.glob("seminar--ana*")).read_text())
    edited.update(run_id="00000000000000ed", player="Fay")
    edited["scenario"]["hash"] = "0" * 64  # the same version, with a fingerprint no known file has
    (runs / "fay.json").write_text(json.dumps(edited))
    found, skipped = load_runs([str(runs)])
    report = build_report(found, skipped, installed_lookup([seminar]), class_code=seminar_class.text)
    summary = [(g.class_codes, g.runs, bool(g.apart), g.unknown_version) for g in report.groups]
    assert summary[0] == ([seminar_class.text], 3, False, False)
    assert sorted(summary[1:3]) == [([], 1, True, False), ([other_class.text], 1, True, False)]
    assert summary[3] == ([seminar_class.text], 1, True, True)  # the unknown version comes last, apart
    mine = report.groups[0]
    assert mine.decisions[0].reached == 3 and {o.choice: o.count for o in mine.decisions[0].options} == {
        "refuse": 2, "limited": 0, "defer": 1}
    assert "never combined" in report.notes[0]
    fay = next(g for g in report.groups if g.content_hash == "0" * 64)
    assert fay.apart.startswith("Unknown version: these runs name version")
    assert not any("edited" in n and "was" in n for n in fay.notes + mine.notes)
    assert any("unknown version (1 group(s))" in n for n in mine.notes)
    eve = next(g for g in report.groups if not g.class_codes)
    assert eve.notes[0].startswith(f"Not class {seminar_class.text}: these runs were played outside any class")
    table = to_table(report)
    assert table.index(f"class {seminar_class.text}") < table.index("Not class")


def test_report_class_option(tmp_path, seminar, seminar_class, seminar_path):
    runs = tmp_path / "runs"
    _seminar_runs(runs, seminar, seminar_class,
                  extra=[make_record(seminar, ["defer", "tolerate", "overrule"], player="Eve")])
    out = run_cli_here("report", str(runs), "--scenario", str(seminar_path), "--class", seminar_class.text.lower(),
                  "--format", "json")
    assert out.returncode == 0, out.stderr
    groups = json.loads(out.stdout)["groups"]
    assert [(g["class_codes"], g["runs"], bool(g["apart"])) for g in groups] == [
        ([seminar_class.text], 3, False), ([], 1, True)]
    bad = run_cli_here("report", str(runs), "--class", "ABC-DEF-GHJ")
    assert bad.returncode == 2 and "typo" in bad.stderr


def test_the_report_shows_the_records_own_figures(tmp_path, seminar, seminar_class):
    """What a student saw at the end of the game is what the teacher's report says."""
    from game.formats import read_record
    from game.paths import Places
    from game.play.session import Session

    places = Places(tmp_path / "runs", tmp_path / "runs" / ".saves")
    places.prepare()
    session = Session.start(seminar, places, player="Ana", settings=seminar_class.settings(),
                            seed=seminar_class.seed)
    for choice in ("defer", "tolerate", "overrule"):
        session.choose(choice)
    seen = session.figures()
    assert session.finish() == ""
    record = read_record(session.record_path)
    found, _ = load_runs([str(places.runs)])
    [row] = build_report(found, [], installed_lookup([seminar])).groups[0].players
    assert (row.divergence, row.matched, row.decided, row.seesaw) == (
        seen.divergence, seen.matched, seen.decided, seen.seesaw) == (
        record.divergence, record.agreement.matched, record.agreement.decided, record.seesaw)
    assert row.divergence > 0


def test_roster_has_one_row_per_student(tmp_path):
    """``--format roster``: the gradebook's table, students still playing included."""
    from tests.classroom.lesson import play_lesson

    runs = tmp_path / "runs"
    play_lesson(runs, players=6, playing=2, names=["Ana", "Bo", "=cmd()", "Dee; =1+1", "Eve", "Fay"])
    out = run_cli_here("report", str(runs), "--format", "roster")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == ("player,scenario,status,decisions,matched,divergence,ending,reasons given,words written,"
                        "version,class,note,file")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["player"] for r in rows] == ["'=cmd()", "Ana", "Bo", "Dee; '=1+1", "Eve", "Fay"]
    by = {r["player"]: r for r in rows}
    runs_, _ = load_runs([str(runs)])
    for run in runs_:
        row = by[run.player.replace("=", "'=")]
        assert row["scenario"] == "kim-1949" and row["decisions"] == str(len(run.steps))
        reasons = [s.justification for s in run.steps if s.justification]
        assert row["reasons given"] == str(len(reasons))
        assert row["words written"] == str(sum(len(r.split()) for r in reasons))
        if run.complete:
            assert row["status"] == "finished" and row["ending"] == run.ending_title
            assert row["divergence"] == str(run.divergence) and row["matched"] == str(run.matched)
        else:
            assert row["status"] == f"in progress, decision {len(run.steps) + 1}" and row["ending"] == ""
            assert row["divergence"] == ""
    assert sum(r["status"].startswith("in progress") for r in rows) == 2
    written = run_cli_here("report", str(runs), "-o", str(tmp_path / "roster.csv"), "--format", "roster")
    assert written.returncode == 0 and "4 still playing" not in written.stdout and "2 still playing" in written.stdout
    assert (tmp_path / "roster.csv").read_text(encoding="utf-8") == out.stdout


def test_report_into_a_missing_folder_is_refused(class_runs, tmp_path):
    """Issue 12, F16: -o never creates folders the teacher did not mean."""
    target = tmp_path / "no" / "such" / "folder" / "class.html"
    out = run_cli_here("report", str(class_runs), "-o", str(target))
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        f"politburo: cannot write {target}: the folder {target.parent} does not exist",
        "    hint: create the folder first, or choose another file with -o"]
    assert not (tmp_path / "no").exists()
    folder = run_cli_here("report", str(class_runs), "-o", str(tmp_path))
    assert folder.returncode == 2 and "is a folder; name a file in it" in folder.stderr
    empty = run_cli_here("report", str(class_runs), "-o", "")
    assert empty.returncode == 2 and "-o is empty" in empty.stderr
