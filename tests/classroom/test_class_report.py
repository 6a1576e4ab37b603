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
from tests.classroom.conftest import make_record, write_runs
from tests.conftest import run_cli

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
    as_json = run_cli("report", str(class_runs), "--scenario", str(seminar_path), "--format", "json")
    as_csv = run_cli("report", str(class_runs), "--scenario", str(seminar_path), "--format", "csv")
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
    res = run_cli("report", str(class_runs), "--scenario", str(seminar_path), "-o", str(out))
    assert res.returncode == 0 and "Wrote the html report on 6 run(s)" in res.stdout
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and EVIL not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert not re.search(r"""src\s*=|href\s*=\s*"[^#]|@import|url\(|https?://""", page)
    assert 'href="#players-1"' in page
    assert page.count("<polyline") > 10 and page.count("<svg class=\"gauge\"") == 6  # one gauge per player
    assert "Why did Moscow say no in 1949?" in page and "◆" in page


def test_table_has_bars_sparklines_and_markdown_escapes(class_runs, seminar_path):
    table = run_cli("report", str(class_runs), "--scenario", str(seminar_path)).stdout
    assert "◆ ████████" in table and "WHERE THE CLASS SPLIT MOST" in table
    assert re.search(r"history\s+[▁▂▃▄▅▆▇█]{4}", table)
    assert "(unfinished after 1)" in table
    md = run_cli("report", str(class_runs), "--scenario", str(seminar_path), "--format", "md").stdout
    assert "&lt;script&gt;" in md and "<script>" not in md
    assert "| ◆ **Refuse; back the partisans** | 3 | 50% |" in md


def test_anonymous_reports_name_nobody(class_runs, seminar_path):
    (class_runs / "notes-by-Ana.json").write_text("not json")
    for fmt in ("json", "csv", "html", "table", "md"):
        out = run_cli("report", str(class_runs), "--scenario", str(seminar_path), "--anonymous", "--format", fmt)
        assert out.returncode == 0
        for name in ("Ana", "Alex", "HYPERLINK", "Cy"):
            assert name not in out.stdout, (fmt, name)
        assert "Student 6" in out.stdout and "The army was not ready." in out.stdout


def test_other_scenarios_and_versions_are_grouped_never_mixed(class_runs, seminar, mini):
    other = json.loads(next(class_runs.glob("*ana*")).read_text())
    other["scenario"]["version"] = "2.0"
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
        "deep.json": b"[" * 100000 + b"]" * 100000,
        "save.json": json.dumps({"format": "politburo-save/1", "state": {}}).encode(),
        "future.json": json.dumps({**record, "format": "politburo-run/9"}).encode(),
        "nodecisions.json": json.dumps({**record, "decisions": "many"}).encode(),
        "badmeters.json": json.dumps({**record, "decisions": [{**record["decisions"][0], "meters": [1]}]}).encode(),
        "badturn.json": json.dumps({**record, "decisions": [{**record["decisions"][0], "turn": "x"}]}).encode(),
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
    assert reasons["empty.json"] == "an empty file"
    assert "not UTF-8" in reasons["binary.json"] and "not valid JSON" in reasons["text.json"]
    assert reasons["list.json"].startswith("not a Politburo run record")
    assert "nested too deeply" in reasons["deep.json"]
    assert "saved game still in progress" in reasons["save.json"]
    assert "newer format" in reasons["future.json"]
    assert "'decisions'" in reasons["nodecisions.json"] and "meter values" in reasons["badmeters.json"]
    assert "not a number" in reasons["badturn.json"]
    assert "an exact copy of" in next(r for p, r in reasons.items() if p in ("copy.json", good.name))
    assert "hidden.json" not in reasons and "folder.json" not in reasons
    out = run_cli("report", str(runs))
    assert out.returncode == 0 and "SKIPPED 11 file(s)" in out.stdout and "Traceback" not in out.stderr


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
    out = run_cli(*args)
    assert out.returncode == code and message in out.stderr and "Traceback" not in out.stderr


def test_output_file_that_cannot_be_written(class_runs, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run_cli("report", str(class_runs), "-o", str(blocker / "r.html"))
    assert out.returncode == 2 and "cannot write" in out.stderr


def test_output_format_follows_the_file_name(class_runs, tmp_path):
    for suffix, probe in ((".md", "# Class report"), (".csv", "scenario,version,section"), (".json", '"format"')):
        target = tmp_path / f"r{suffix}"
        assert run_cli("report", str(class_runs), "-o", str(target)).returncode == 0
        assert target.read_text(encoding="utf-8").startswith(probe) or probe in target.read_text()


def _json_values():
    from hypothesis import strategies as st

    leaf = st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | st.text(max_size=20)
    return st.recursive(leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3), max_leaves=8)


def test_any_mangled_record_is_read_or_skipped_never_a_crash(seminar):
    from hypothesis import HealthCheck, given, settings, strategies as st

    from game.classroom.runs import Damaged, parse_record

    base = make_record(seminar, ["refuse", "restrain", "concur"], reasons={1: "Because."})
    paths = [("player",), ("seed",), ("scenario",), ("scenario", "id"), ("decisions",), ("decisions", 0),
             ("decisions", 0, "meters"), ("decisions", 0, "turn"), ("decisions", 0, "historical"),
             ("decisions", 0, "justification"), ("ending",), ("ending", "historical"), ("agreement",),
             ("divergence",), ("seesaw",), ("historical",), ("historical", "meters"), ("settings",)]

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(paths), _json_values())
    def check(path, value):
        record = json.loads(json.dumps(base))
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        try:
            run = parse_record(record, "x.json")
        except Damaged:
            return
        report = build_report([run], [], None)
        from game.classroom.html import to_html
        from game.classroom.text import to_markdown, to_table

        to_table(report), to_markdown(report), to_html(report), to_csv(report.to_dict())

    check()
