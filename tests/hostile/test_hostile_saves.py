"""Hostile saves and folders (issue 12): a damaged, nested, oversized or non-regular file in the
saves folder is refused in plain words, never a crash or a hang, and never breaks anyone else."""

from __future__ import annotations

import json
import os
import time

import pytest

from game.formats import FileProblem, read_save
from game.paths import Places
from game.play import store
from game.play.session import prepare
from tests.conftest import FIXTURES, run_cli, run_cli_here

MINI = str(FIXTURES / "mini.yaml")


def _saved_game(tmp_path, player: str = "Ana") -> tuple[Places, str]:
    runs = tmp_path / "runs"
    out = run_cli_here("play", MINI, "--plain", "--runs-dir", str(runs), "--player", player, "--seed", "1", stdin="1\nq\n")
    assert out.returncode == 0, out.stderr
    return Places.resolve(runs), str(runs)


def test_deeply_nested_json_in_a_save_is_a_plain_refusal(tmp_path):
    places, runs = _saved_game(tmp_path)
    path = store.find_save(places, "mini", "Ana")
    path.write_text('{"format": "politburo-save", "version": 2, "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(FileProblem, match="nested too deeply"):
        read_save(path)
    out = run_cli_here("play", MINI, "--plain", "--runs-dir", runs, "--player", "Ana", "--resume")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "the saved game" in out.stderr and "nested too deeply" in out.stderr


def test_a_400_digit_seed_is_refused_in_plain_words(tmp_path):
    places, runs = _saved_game(tmp_path)
    path = store.find_save(places, "mini", "Ana")
    data = json.loads(path.read_text())
    data["seed"] = int("9" * 400)
    path.write_text(json.dumps(data))
    out = run_cli_here("play", MINI, "--plain", "--runs-dir", runs, "--player", "Ana", "--resume")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "a number no larger than 9223372036854775807 (at seed)" in out.stderr


def test_a_fifo_or_device_link_among_the_saves_never_hangs(tmp_path):
    places, runs = _saved_game(tmp_path)
    os.mkfifo(places.saves / "kim-1949--bob-12345678.json")
    (places.saves / "zero--carl-12345678.json").symlink_to("/dev/zero")
    start = time.monotonic()
    listed = store.list_saves(places)
    assert time.monotonic() - start < 5
    problems = {s.path.name: s.problem for s in listed if s.save is None}
    assert problems == {"kim-1949--bob-12345678.json": "it is not a regular file (a folder, device or pipe)",
                        "zero--carl-12345678.json": "it is not a regular file (a folder, device or pipe)"}
    assert [s.save.player for s in listed if s.save is not None] == ["Ana"]
    # the player's own game still resumes
    out = run_cli("play", MINI, "--plain", "--runs-dir", runs, "--player", "Ana", "--resume", stdin="1\n")
    assert out.returncode == 0, out.stderr


def test_a_huge_save_is_refused_unread(tmp_path):
    places, _ = _saved_game(tmp_path)
    path = store.find_save(places, "mini", "Ana")
    with open(path, "ab") as handle:
        handle.truncate(5 * 1024 * 1024)
    with pytest.raises(FileProblem, match="too large"):
        read_save(path)


def test_an_empty_runs_dir_is_refused(tmp_path):
    out = run_cli_here("play", MINI, "--plain", "--runs-dir", "", cwd=tmp_path)
    assert out.returncode == 2 and "--runs-dir is empty" in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_skewed_clock_never_deletes_another_writers_temp_file(tmp_path):
    """Another machine's half-written file (its clock 2 minutes ahead, or behind) is left alone;
    this machine's own leftovers from a process that is gone are swept."""
    from game.storage import _HOST

    places = Places.resolve(tmp_path / "runs")
    places.runs.mkdir(parents=True)
    theirs = places.runs / ".x.json.other-pc.4242.abc123.tmp"
    theirs.write_text("half a record")
    past = time.time() - 3600
    os.utime(theirs, (past, past))
    dead = places.runs / f".y.json.{_HOST}.999999999.def456.tmp"
    dead.write_text("left by a killed game")
    os.utime(dead, (past, past))
    assert prepare(places) == ""
    assert theirs.exists() and not dead.exists()


def test_plain_mode_never_sends_a_control_character_to_the_terminal(tmp_path):
    """A runs folder named with an escape sequence (F11's cousin): plain mode prints it visibly."""
    runs = tmp_path / "runs\x1b]0;pwned\x07"
    out = run_cli_here("play", MINI, "--plain", "--runs-dir", str(runs), "--seed", "1", "--choices", "refuse,concur")
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert "runs\\x1b]0;pwned\\x07" in out.stdout


def test_a_damaged_state_inside_a_valid_save_is_explained_in_words(tmp_path):
    places, runs = _saved_game(tmp_path)
    path = store.find_save(places, "mini", "Ana")
    data = json.loads(path.read_text())
    data["state"]["decisions"][0]["choice"] = "vanished"
    path.write_text(json.dumps(data))
    out = run_cli_here("play", MINI, "--plain", "--runs-dir", runs, "--player", "Ana", "--resume")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "no longer fits" in out.stdout and "KeyError" not in out.stdout + out.stderr


def test_resume_after_the_author_changed_the_scenario_id_says_how_to_get_the_game_back(tmp_path):
    """F18: the resume hint printed on quitting names the file; when the author has since
    changed the file's id, --resume says which id the save was made under and how to carry on,
    and the save's file path is absolute, so it works from another folder too."""
    scenario = tmp_path / "mine.yaml"
    scenario.write_text((FIXTURES / "mini.yaml").read_text())
    runs = tmp_path / "runs"
    out = run_cli_here("play", str(scenario), "--plain", "--runs-dir", str(runs), "--player", "Ana", "--seed", "1",
                       stdin="1\nq\n")
    assert out.returncode == 0, out.stderr
    saved = json.loads(store.find_save(Places.resolve(str(runs)), "mini", "Ana").read_text())
    assert os.path.isabs(saved["scenario_file"])
    scenario.write_text(scenario.read_text().replace("\nid: mini\n", "\nid: renamed\n"))
    out = run_cli_here("play", str(scenario), "--plain", "--runs-dir", str(runs), "--player", "Ana", "--resume")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "the save of this file was made when its id was 'mini'" in out.stderr
    assert "put back 'id: mini' in the file" in out.stderr
    scenario.write_text(scenario.read_text().replace("\nid: renamed\n", "\nid: mini\n"))
    out = run_cli_here("play", str(scenario), "--plain", "--runs-dir", str(runs), "--player", "Ana", "--resume",
                       stdin="q\n")
    assert out.returncode == 0, out.stderr
    assert "no saved game" not in out.stderr and "Game saved after 1 decision" in out.stdout
