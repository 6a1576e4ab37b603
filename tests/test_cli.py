"""The command line as a user meets it: help, validate, schema, and plain play."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, ROOT, run_cli, run_cli_here


def test_help_explains_itself_with_examples():
    out = run_cli("--help")
    assert out.returncode == 0
    assert "examples:" in out.stdout and "politburo play kim-1949 --plain" in out.stdout
    for sub in ("play", "validate", "schema"):
        res = run_cli(sub, "--help")
        assert res.returncode == 0 and "examples:" in res.stdout, sub


def test_usage_error_exits_2_with_a_hint():
    out = run_cli("play", "--seed", "abc")
    assert out.returncode == 2
    assert "invalid int value" in out.stderr and "hint:" in out.stderr
    assert "Traceback" not in out.stderr


def test_validate_valid_file_exits_0(mini_path):
    out = run_cli_here("validate", str(mini_path))
    assert out.returncode == 0, out.stdout
    assert "ok, scenario 'mini'" in out.stdout
    assert "1 file checked: 0 errors" in out.stdout


def test_validate_missing_path_exits_2():
    out = run_cli_here("validate", "no/such/file.yaml")
    assert out.returncode == 2
    assert "no/such/file.yaml:1:1: no such file or folder" in out.stdout


def test_validate_json_output(mini_path):
    out = run_cli_here("validate", str(mini_path), "--format", "json")
    data = json.loads(out.stdout)
    assert data["errors"] == 0 and data["files"][0]["scenario"] == "mini"


def test_schema_prints_and_writes(tmp_path):
    out = run_cli_here("schema")
    assert out.returncode == 0 and json.loads(out.stdout)["title"] == "Politburo scenario"
    target = tmp_path / "s.json"
    assert run_cli_here("schema", "-o", str(target)).returncode == 0
    assert json.loads(target.read_text())["$schema"].startswith("http://json-schema.org/draft-07")


def test_play_unknown_scenario_is_a_clear_error():
    out = run_cli("play", "no-such-scenario", "--plain")
    assert out.returncode == 1
    assert "no scenario file or bundled scenario called 'no-such-scenario'" in out.stderr
    assert "Traceback" not in out.stderr


def test_play_invalid_scenario_prints_the_validate_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((FIXTURES / "mini.yaml").read_text().replace("next: second", "next: secnd", 1))
    out = run_cli("play", str(bad), "--plain")
    assert out.returncode == 1
    assert f"{bad}:" in out.stderr and "'secnd' is not a scene or an ending" in out.stderr
    assert "did you mean 'second'?" in out.stderr


def _play(tmp_path, *extra, stdin="", run=run_cli_here):
    """Plain play of the mini scenario, in this process unless ``run`` says otherwise."""
    return run("play", str(FIXTURES / "mini.yaml"), "--plain", "--runs-dir", str(tmp_path / "runs"),
               *extra, stdin=stdin)


def test_plain_historical_play_writes_a_complete_run_record(tmp_path):
    out = _play(tmp_path, "--choices", "historical", "--seed", "4", "--player", "Ana")
    assert out.returncode == 0, out.stderr
    assert "What actually happened:" in out.stdout
    assert "=== Not now ===" in out.stdout and "(This is what happened.)" in out.stdout
    records = list((tmp_path / "runs").glob("*.json"))
    assert len(records) == 1
    record = json.loads(records[0].read_text())
    assert (record["format"], record["version"]) == ("politburo-run", 2) and len(record["run_id"]) == 16
    assert record["scenario"]["id"] == "mini" and record["scenario"]["hash"].startswith("sha256:")
    assert record["player"] == "Ana" and record["seed"] == 4
    assert record["started_at"] and record["finished_at"]
    assert [(d["turn"], d["scene"], d["choice"], d["historical"]) for d in record["decisions"]] == [
        (1, "first", "refuse", True), (2, "second", "concur", True)]
    assert record["decisions"][0]["meters"] == {"national_interest": 60, "bloc_rivalry": 35}
    assert record["ending"] == {"id": "history", "title": "Not now", "historical": True}
    assert record["meters"] == {"national_interest": 65, "bloc_rivalry": 35}
    assert record["divergence"] == 0


def test_piped_numbers_play_to_the_end(tmp_path):
    out = _play(tmp_path, "--seed", "1", stdin="3\n")
    assert out.returncode == 0
    assert "War in 1949 (counterfactual)" in out.stdout
    assert "(Counterfactual: this is not what happened.)" in out.stdout


def test_bad_input_is_refused_and_asked_again(tmp_path):
    out = _play(tmp_path, "--seed", "1", stdin="9\nhello\n1\n1\n")
    assert out.returncode == 0
    assert "'9' is not one of the options" in out.stdout
    assert "'hello' is not one of the options" in out.stdout
    assert "=== Not now ===" in out.stdout


def test_same_seed_and_choices_give_the_same_transcript_and_record(tmp_path):
    def strip(text):
        return "\n".join(line for line in text.splitlines() if not line.startswith("Run record saved"))

    # Two processes, so two string hash seeds: nothing may depend on set or dict order by hash.
    a = _play(tmp_path / "a", "--seed", "6", "--choices", "limited,probe", run=run_cli)
    b = _play(tmp_path / "b", "--seed", "6", "--choices", "limited,probe", run=run_cli)
    assert a.returncode == b.returncode == 0
    assert strip(a.stdout) == strip(b.stdout)
    ra = json.loads(next((tmp_path / "a" / "runs").glob("*.json")).read_text())
    rb = json.loads(next((tmp_path / "b" / "runs").glob("*.json")).read_text())
    for r in (ra, rb):
        r.pop("started_at"), r.pop("finished_at"), r.pop("run_id")  # a new run each time
    assert ra == rb


def test_eof_saves_and_resume_carries_on(tmp_path):
    first = _play(tmp_path, "--seed", "2", "--player", "Bo", stdin="1\n")
    assert first.returncode == 0
    assert "Game saved after 1 decision(s)." in first.stdout
    # the file, not an id that does not exist, and the runs folder it was played with
    runs = tmp_path / "runs"
    assert (f"To carry on: politburo play {FIXTURES / 'mini.yaml'} --plain --resume --player Bo "
            f"--runs-dir {runs}\n") in first.stdout
    assert not list((tmp_path / "runs").glob("*.json"))
    resumed = _play(tmp_path, "--resume", "--player", "Bo", stdin="1\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming 'A small test scenario' after 1 decision(s)." in resumed.stdout
    assert "--- Decision 2: October ---" in resumed.stdout
    record = json.loads(next((tmp_path / "runs").glob("*.json")).read_text())
    assert [d["choice"] for d in record["decisions"]] == ["refuse", "concur"]
    assert record["seed"] == 2
    # the save is gone once the run is recorded
    assert _play(tmp_path, "--resume", "--player", "Bo").returncode == 2


def test_quit_command_saves(tmp_path):
    out = _play(tmp_path, "--seed", "2", stdin="q\n")
    assert out.returncode == 0 and "Game saved after 0 decision(s)." in out.stdout


def test_choices_typo_fails_before_playing(tmp_path):
    out = _play(tmp_path, "--choices", "refuse,concurr")
    assert out.returncode == 2
    assert "--choices item 2: 'concurr' is not an available choice in scene 'second'" in out.stderr
    assert "choices there: concur" in out.stderr


def test_runs_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run_cli_here("play", str(FIXTURES / "mini.yaml"), "--plain", "--runs-dir", str(blocker / "runs"))
    assert out.returncode == 2 and f"cannot save games in {blocker / 'runs'}" in out.stderr


def test_folders_with_dangling_links_and_junk_never_traceback(tmp_path):
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "junk.yaml").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "list.yml").write_text("- a\n- b\n")
    out = run_cli("validate", str(tmp_path))
    assert "Traceback" not in out.stderr + out.stdout
    assert out.returncode == 1
    assert "junk.yaml:1:1: this is a binary file" in out.stdout
    assert "list.yml:1:1: a scenario is a mapping of keys, but this file holds a list" in out.stdout
    assert "2 files checked" in out.stdout


@pytest.mark.parametrize("args", [["validate", str(FIXTURES)], ["play", "/", "--plain"],
                                  ["play", str(FIXTURES), "--plain"]])
def test_odd_paths_never_traceback(args):
    out = run_cli(*args)
    assert "Traceback" not in out.stderr + out.stdout
    assert out.returncode in (0, 1, 2)


def test_the_lazy_command_table_matches_each_commands_own_help():
    """politburo --help lists commands from cli.COMMANDS without importing them: the one-line
    help there must be each module's own."""
    import argparse

    import game.cli

    full = game.cli.build_parser()
    helps = {a.dest: a.help for a in full._subparsers._group_actions[0]._choices_actions}  # type: ignore[union-attr]
    assert helps == {name: summary for name, (_, summary) in game.cli.COMMANDS.items()}
    assert isinstance(full, argparse.ArgumentParser)


def test_help_does_not_import_the_game():
    code = ("import sys, game.cli\n"
            "try:\n    game.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('game.engine', 'game.scenario', 'game.play.session', 'textual', 'msgspec') "
            "if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr
