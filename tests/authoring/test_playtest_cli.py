"""``politburo playtest`` as an author (or an author's CI) meets it: exit codes, text and JSON,
replay commands that really replay, the progress bar, and the bundled scenarios passing.

The play-tester runs in this process (``run_cli_here``: what it prints and returns is what is
checked); the replay commands it prints run as real processes, as an author pastes them."""

from __future__ import annotations

import io
import json
import re
import shlex

import pytest

from game.authoring.progress import Progress
from game.catalog import bundled_files
from tests.authoring.helpers import AUTHORING_FIXTURES, MINI
from tests.conftest import run_cli_here


def test_a_clean_file_exits_0_with_every_section(tmp_path):
    out = run_cli_here("playtest", str(MINI), "--random", "300", "--exhaustive")
    assert out.returncode == 0, out.stdout + out.stderr
    for heading in ("History: ok", "Scenario tests:", "Random play: 300 runs", "Endings:", "Exhaustive walk:",
                    "Balance", "Result: ok"):
        assert heading in out.stdout, heading
    assert out.stderr == ""  # no progress bar when stderr is not a terminal


@pytest.mark.parametrize("name,code", [("unreachable.yaml", "X-SCENE"), ("trap.yaml", "R-LOOP"),
                                       ("dead_end.yaml", "R-DEAD-END"), ("broken_history.yaml", "H-BROKEN")])
def test_a_problem_exits_1_and_is_reported_in_json(name, code):
    out = run_cli_here("playtest", str(AUTHORING_FIXTURES / name), "--random", "200", "--exhaustive",
                       "--max-turns", "30", "--format", "json")
    assert out.returncode == 1, out.stdout
    data = json.loads(out.stdout)
    assert data["ok"] is False
    found = data["files"][0]["findings"]
    assert any(f["code"] == code and f["severity"] == "error" for f in found), found


def test_warnings_fail_only_with_strict():
    path = str(AUTHORING_FIXTURES / "rare_ending.yaml")
    assert run_cli_here("playtest", path, "--random", "200").returncode == 0
    strict = run_cli_here("playtest", path, "--random", "200", "--strict")
    assert strict.returncode == 1 and "Result: FAILED" in strict.stdout


def test_the_printed_replay_command_replays_the_failing_run(tmp_path):
    out = run_cli_here("playtest", str(AUTHORING_FIXTURES / "dead_end.yaml"), "--random", "50")
    replay = re.search(r"replay: (politburo play .+ --choices \S+)", out.stdout).group(1)
    args = shlex.split(replay)[1:]
    played = run_cli_here(*args, "--runs-dir", str(tmp_path), stdin="")
    assert "--- Decision 2: Stranded in the archive ---" in played.stdout, played.stdout


def test_a_failing_scenario_test_prints_a_working_replay(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(MINI.read_text() + "tests:\n  - name: wrong\n    choices: [refuse, concur]\n    ending: drift\n")
    out = run_cli_here("playtest", str(path), "--random", "0")
    assert out.returncode == 1
    assert "FAIL  wrong" in out.stdout and "expected ending 'drift', but the game ended with 'history'" in out.stdout
    replay = re.search(r"replay: (politburo play .+)", out.stdout).group(1)
    played = run_cli_here(*shlex.split(replay)[1:], "--runs-dir", str(tmp_path))
    assert "=== Not now ===" in played.stdout  # the ending the test did not expect, on screen


def test_an_invalid_file_is_reported_as_validate_does_and_exits_1(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(MINI.read_text().replace("start: first", "start: firts"))
    out = run_cli_here("playtest", str(path))
    assert out.returncode == 1
    assert f"{path}:11:8: start: unknown scene 'firts'" in out.stdout and "Traceback" not in out.stderr


@pytest.mark.parametrize("args", [("no/such/file.yaml",), (str(MINI), "--random", "-3"),
                                  (str(MINI), "--target", "2"), (str(MINI), "--max-states", "0")])
def test_usage_errors_exit_2_without_a_traceback(args):
    out = run_cli_here("playtest", *args)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_bundled_ids_are_accepted():
    out = run_cli_here("playtest", "kim-1949", "--random", "50", "--brief")
    assert out.returncode == 0 and "== kim-1949" in out.stdout


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.stem)
def test_bundled_scenarios_play_test_clean(path):
    """The issue's bar: --random 2000 and --exhaustive with no errors and no warnings.  A
    campaign chapter's bridges count too: the play-tester also plays from each opening."""
    from game.authoring.playtest import PlaytestOptions, playtest_scenario
    from game.scenario import load_scenario

    report = playtest_scenario(load_scenario(path), PlaytestOptions(runs=2000, exhaustive=True))
    problems = [f.render(str(path)) for f in report.findings]  # errors and warnings alike
    assert not problems, "\n".join(problems)
    assert report.walk is not None and report.walk.complete


def test_progress_bar_draws_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet = io.StringIO()
    bar = Progress("random play", 100, quiet)
    bar(50)
    assert quiet.getvalue() == ""
    tty = Tty()
    clock = iter(range(100))
    bar = Progress("random play", 100, tty, clock=lambda: next(clock))
    bar(50)
    bar(100)
    bar.close()
    assert "50% 50/100" in tty.getvalue() and "100% 100/100" in tty.getvalue()
    assert tty.getvalue().endswith("\r")


def test_help_explains_each_new_command_with_examples():
    for sub in ("playtest", "graph", "new"):
        out = run_cli_here(sub, "--help")
        assert out.returncode == 0 and "examples:" in out.stdout, sub
    listed = run_cli_here("--help").stdout
    assert all(sub in listed for sub in ("playtest", "graph", "new"))
