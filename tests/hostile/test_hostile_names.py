"""Hostile and foreign names (issue 12, F1): a name is the player, whatever its alphabet.

Иван, Мария, 王芳, José and Jose are five players with five saves and five records; Ana and ana
are one student (the name is Unicode-normalised and case-folded).  Names that try to climb out
of the runs folder or carry control characters stay inside it and print visibly.
"""

from __future__ import annotations

import json

from game.play.identity import player_stem
from tests.conftest import FIXTURES, run_cli_here

MINI = str(FIXTURES / "mini.yaml")
NAMES = ["Иван", "Мария", "王芳", "José", "Jose"]


def _play(runs, name: str, *extra: str, stdin: str = ""):
    return run_cli_here("play", MINI, "--plain", "--runs-dir", str(runs), "--player", name, "--seed", "3", *extra,
                        stdin=stdin)


def test_five_names_in_five_alphabets_are_five_players(tmp_path):
    for name in NAMES:
        assert _play(tmp_path, name, stdin="1\nq\n").returncode == 0
    saves = sorted(p.name for p in (tmp_path / ".saves").glob("*.json"))
    assert saves == sorted(f"mini--{player_stem(n)}.json" for n in NAMES) and len(set(saves)) == 5
    # each carries on their own game and files their own record
    for name in NAMES:
        out = _play(tmp_path, name, "--resume", stdin="1\n")
        assert out.returncode == 0 and "Resuming" in out.stdout, (name, out.stderr)
    players = sorted(json.loads(p.read_text())["player"] for p in tmp_path.glob("*.json"))
    assert players == sorted(NAMES)


def test_ana_and_ana_are_one_student(tmp_path):
    assert _play(tmp_path, "Ana", stdin="1\nq\n").returncode == 0
    out = _play(tmp_path, "ana", "--resume", stdin="1\n")
    assert out.returncode == 0 and "Resuming 'A small test scenario' after 1 decision(s)." in out.stdout
    assert [json.loads(p.read_text())["player"] for p in tmp_path.glob("*.json")] == ["Ana"]


def test_a_name_cannot_leave_the_runs_folder_or_drive_the_terminal(tmp_path):
    runs = tmp_path / "runs"
    out = _play(runs, "../../etc/passwd\x1b[2J\u202e", "--choices", "refuse,concur")
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout + out.stderr and "\u202e" not in out.stdout + out.stderr
    (record,) = runs.glob("*.json")
    assert record.parent == runs and record.name.startswith("mini--etc-passwd-2j-")
    assert not list(tmp_path.glob("*.json")) and not (tmp_path.parent / "etc").exists()
