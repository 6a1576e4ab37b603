"""Issue 12 in the class report: a hostile record, file name or player name in the runs folder
never breaks the report, never reaches the teacher's terminal raw, never becomes a spreadsheet
formula, and never passes for another student's run.  Each test reproduces one finding."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from game.classroom.live import ClassWatcher
from game.classroom.report import build_report, installed_lookup
from game.classroom.runs import load_runs
from tests.classroom.conftest import make_record, write_runs
from tests.conftest import run_cli, run_cli_here

FORMATS = ("table", "md", "csv", "html", "json", "roster")
ESC = "\x1b]0;pwned\x07\x1b[2J"


@pytest.fixture
def good(tmp_path, seminar, seminar_class) -> Path:
    settings = seminar_class.settings()
    runs = tmp_path / "runs"
    write_runs(runs, [make_record(seminar, ["refuse", "restrain", "concur"], player="Ana", settings=settings),
                      make_record(seminar, ["defer", "tolerate", "overrule"], player="Ben", settings=settings)])
    return runs


def _seminar_args(seminar_path) -> list[str]:
    return ["--scenario", str(seminar_path)]


def _ben(runs: Path) -> dict:
    return json.loads(next(runs.glob("seminar--ben*")).read_text())


@pytest.mark.parametrize("fmt", FORMATS)
def test_f3_a_400_digit_seed_is_one_skipped_file_in_every_format(good, seminar_path, fmt):
    record = _ben(good)
    record.update(run_id="00000000000000f3", player="Cy", seed=int("9" * 400))
    (good / "seed.json").write_text(json.dumps(record))
    out = run_cli_here("report", str(good), "--format", fmt, *_seminar_args(seminar_path))
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert "seed.json" in out.stdout or fmt == "roster"  # the roster is one row per student, nothing else
    assert "Cy" not in out.stdout


def test_f3_the_in_game_class_report_survives_it_too(good, seminar):
    record = _ben(good)
    record.update(run_id="00000000000000f3", seed=int("9" * 400))
    (good / "seed.json").write_text(json.dumps(record))
    report = ClassWatcher([str(good)], installed_lookup([seminar])).poll()
    assert report is not None and report.run_count == 2
    assert [s.reason for s in report.skipped] == ["expected a number no larger than 9223372036854775807 (at seed)"]


def test_f6_an_oversized_record_is_refused_unread_and_never_merged(good, seminar):
    record = _ben(good)
    record.update(run_id="00000000000000f6", player="Dee")
    record["decisions"][0]["justification"] = "x" * (4_300_000)
    (good / "huge.json").write_text(json.dumps(record))
    start = time.monotonic()
    runs, skipped = load_runs([str(good)])
    report = build_report(runs, skipped, installed_lookup([seminar]))
    assert time.monotonic() - start < 5
    assert report.run_count == 2 and "Dee" not in {r.player for r in runs}
    [why] = [s.reason for s in skipped]
    assert why.startswith("it is too large (4,3") and why.endswith("the limit is 524,288)")


def test_f6_a_record_just_under_the_limit_keeps_the_page_small(good, seminar_path, tmp_path):
    """The largest record the reader accepts: the page quotes a bounded part of it."""
    record = _ben(good)
    record.update(run_id="00000000000000f7", player="Eve")
    first = record["decisions"][0]
    record["decisions"] = [{**first, "turn": n, "justification": ("a long reason " * 300)[:4000]}
                           for n in range(1, 121)]
    data = json.dumps(record)
    assert 400 * 1024 < len(data) < 512 * 1024
    (good / "long.json").write_text(data)
    target = tmp_path / "class.html"
    start = time.monotonic()
    out = run_cli_here("report", str(good), "-o", str(target), *_seminar_args(seminar_path))
    assert out.returncode == 0 and time.monotonic() - start < 20, out.stderr
    assert "3 run(s)" in out.stdout and target.stat().st_size < 200_000


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "html", "json"])
def test_f11_a_file_name_with_escapes_is_shown_never_obeyed(good, seminar_path, fmt):
    (good / f"notes{ESC}.json").write_text("hello")
    out = run_cli_here("report", str(good), "--format", fmt, *_seminar_args(seminar_path))
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert "notes" in out.stdout and "it is not valid JSON" in out.stdout


def test_f11_stderr_too_when_nothing_could_be_read(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / f"bad{ESC}.json").write_text("hello")
    out = run_cli_here("report", str(runs))
    assert out.returncode == 1 and "\x1b" not in out.stderr and "\x07" not in out.stderr
    assert "skipped" in out.stderr and "bad" in out.stderr


@pytest.mark.parametrize("fmt", ["csv", "roster"])
def test_f14_no_cell_is_a_formula_whatever_the_separator(tmp_path, seminar, seminar_class, seminar_path, fmt):
    names = ["Ana;=1+1", "Bo\t=2+2", "Cy,@SUM(A1)", "Dee|-3", "=cmd()", "+Eve", "Fay;\r=x"]
    write_runs(tmp_path / "runs", [make_record(seminar, ["refuse", "restrain", "concur"], player=n,
                                               settings=seminar_class.settings()) for n in names])
    out = run_cli_here("report", str(tmp_path / "runs"), "--format", fmt, *_seminar_args(seminar_path))
    assert out.returncode == 0, out.stderr
    for sep in (",", ";", "\t", "|"):
        for row in csv.reader(io.StringIO(out.stdout), delimiter=sep):
            for value in row:
                assert not value.lstrip(" \"").startswith(("=", "+", "@", "\t", "\r")), (sep, value)
                if value.lstrip(" \"").startswith("-"):
                    assert value.lstrip(" \"-").replace(".", "").isdigit(), (sep, value)  # a number, not a formula


def test_f15_a_folder_of_junk_is_summarised(good, seminar_path):
    for n in range(300):
        (good / f"junk{n:03}.json").write_text("{")
    out = run_cli_here("report", str(good), *_seminar_args(seminar_path))
    assert out.returncode == 0, out.stderr
    assert "SKIPPED 300 file(s)" in out.stdout and "… and 250 more file(s) skipped" in out.stdout
    assert out.stdout.count("it is not valid JSON") == 50


def test_f16_serve_refuses_an_empty_runs_dir(tmp_path):
    out = run_cli("serve", "--runs-dir", "", "--port", "1")
    assert out.returncode == 2 and "Traceback" not in out.stderr and "--runs-dir" in out.stderr


def test_f19_a_forged_fingerprint_is_not_bens_second_run(good, seminar, seminar_class):
    record = _ben(good)
    record.update(run_id="00000000000000f9")
    record["scenario"]["hash"] = "f" * 64
    (good / "forged.json").write_text(json.dumps(record))
    runs, skipped = load_runs([str(good)])
    report = build_report(runs, skipped, installed_lookup([seminar]), class_code=seminar_class.text)
    mine = report.groups[0]
    assert mine.runs == 2 and sorted(p.player for p in mine.players) == ["Ana", "Ben"]
    forged = report.groups[1]
    assert forged.unknown_version and forged.runs == 1 and forged.apart.startswith("Unknown version")
    assert "records changed by hand" in forged.apart  # not "the scenario was edited": nobody knows that
    assert not any("was edited" in note for g in report.groups for note in g.notes)
