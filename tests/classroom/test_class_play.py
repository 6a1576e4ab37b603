"""``politburo class`` and ``politburo play --class`` as a teacher and students meet them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_cli_here


def _records(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def _play(code, seminar_path, runs, *extra, stdin=""):
    return run_cli_here("play", str(seminar_path), "--class", code, "--plain", "--runs-dir", str(runs), *extra,
                        stdin=stdin)


def test_class_new_prints_the_code_and_the_student_command():
    out = run_cli_here("class", "new", "--scenario", "kim-1949", "--justify", "--no-undo", "--seed", "1949")
    assert out.returncode == 0, out.stderr
    code = out.stdout.split("Class code:", 1)[1].split()[0]
    assert len(code) == 11 and code.count("-") == 2
    assert f'politburo play --class {code} --player "Your Name"' in out.stdout
    assert "Seed      1949" in out.stdout and "Undo      off" in out.stdout
    assert "The Politburo decides" in out.stdout  # a debate point of kim-1949
    shown = json.loads(run_cli_here("class", "show", code, "--format", "json").stdout)
    assert shown["code"] == code and shown["seed"] == 1949 and shown["justify"] and not shown["undo"]


def test_class_new_for_a_file_says_students_need_it(seminar_path):
    out = run_cli_here("class", "new", "--scenario", str(seminar_path), "--format", "json")
    info = json.loads(out.stdout)
    assert info["needs_file"] and f"politburo play {seminar_path} --class" in info["student_command"]


def test_class_new_warns_when_justify_has_nothing_to_ask(mini_path):
    out = run_cli_here("class", "new", "--scenario", str(mini_path), "--justify")
    assert out.returncode == 0 and "marks no debate points" in out.stderr


@pytest.mark.parametrize("args, code, message", [
    (["class", "new", "--scenario", "kim-1949", "--seed", "99999999"], 2, "between 0 and"),
    (["class", "new", "--scenario", "no-such"], 1, "no scenario file or bundled scenario"),
    (["class", "new"], 2, "required"),
    (["class", "show", "32N-F2E-VO7"], 2, "misread"),
    (["play", "--class", "ABC-DEF-GHJ", "--plain"], 2, "typo"),
    (["play", "--class", "32N-F24-2WQ", "--seed", "3", "--plain"], 2, "leave out --seed"),
])
def test_mistakes_are_clear_messages_with_exit_codes(args, code, message):
    out = run_cli(*args)
    assert out.returncode == code, out.stderr
    assert message in out.stderr and "Traceback" not in out.stderr


def test_a_justify_class_records_code_settings_and_reasons(seminar_class, seminar_path, tmp_path):
    runs = tmp_path / "runs"
    out = _play(seminar_class.text, seminar_path, runs, "--player", "Ana", "--choices", "refuse,restrain,concur",
                stdin="Kim's army was not ready.\nMao agreed, so the risk was shared.\n")
    assert out.returncode == 0, out.stderr
    assert f"Class {seminar_class.text}: Ana" in out.stdout and "Debate point." in out.stdout
    [record] = _records(runs)
    # Settings at their defaults (reveal each, undo allowed) are left out of the file.
    assert record["settings"] == {"justify": True, "class": seminar_class.text}
    assert record["seed"] == seminar_class.seed and record["player"] == "Ana"
    reasons = {d["scene"]: d.get("justification") for d in record["decisions"]}
    assert reasons == {"request": "Kim's army was not ready.", "parallel": None,
                       "mao": "Mao agreed, so the risk was shared."}


def test_reason_prompt_asks_again_once_and_end_of_input_skips(seminar_class, seminar_path, tmp_path):
    out = _play(seminar_class.text, seminar_path, tmp_path, "--player", "Bo", "--choices", "defer,tolerate,overrule",
                stdin="\n  Arms now keep Kim loyal.  \n")
    assert out.returncode == 0, out.stderr
    assert "A sentence or two helps the class discussion" in out.stdout
    [record] = _records(tmp_path)
    assert [d.get("justification") for d in record["decisions"]] == ["Arms now keep Kim loyal.", None, None]


def test_quit_at_a_reason_saves_before_the_decision_and_resume_keeps_reasons(seminar_class, seminar_path, tmp_path):
    first = _play(seminar_class.text, seminar_path, tmp_path, "--player", "Cy", stdin="1\nNot ready.\n1\n1\nq\n")
    assert first.returncode == 0, first.stderr
    assert "Game saved after 2 decision(s)." in first.stdout
    assert f"--class {seminar_class.text} --plain --resume --player Cy --runs-dir {tmp_path}" in first.stdout
    again = _play(seminar_class.text, seminar_path, tmp_path, "--player", "Cy", "--resume", stdin="1\nShared risk.\n")
    assert again.returncode == 0, again.stderr
    [record] = _records(tmp_path)
    assert [d.get("justification") for d in record["decisions"]] == ["Not ready.", None, "Shared risk."]
    assert record["settings"]["class"] == seminar_class.text


def test_resume_refuses_a_save_from_another_class(seminar, seminar_path, tmp_path):
    from game.classroom.join import new_class

    a = new_class(seminar, str(seminar_path), 1, reveal="each", undo=True, justify=False).text
    b = new_class(seminar, str(seminar_path), 2, reveal="each", undo=True, justify=False).text
    assert _play(a, seminar_path, tmp_path, "--player", "Di", stdin="1\n").returncode == 0
    out = _play(b, seminar_path, tmp_path, "--player", "Di", "--resume")
    # Each class keeps its own save: class B has none for Di, and class A's is left alone.
    assert out.returncode == 2 and "no saved game of 'seminar' for player 'Di'" in out.stderr
    again = _play(a, seminar_path, tmp_path, "--player", "Di", "--resume", stdin="1\n")
    assert again.returncode == 0 and "Game saved after 2 decision(s)" in again.stdout, again.stdout


def test_the_name_is_asked_when_not_given(seminar_class, seminar_path, tmp_path):
    out = _play(seminar_class.text, seminar_path, tmp_path, "--choices", "refuse,restrain,concur",
                stdin="  Eve  \n")
    assert out.returncode == 0 and "Your name, as your teacher will see it:" in out.stdout
    assert _records(tmp_path)[0]["player"] == "Eve"
    none = _play(seminar_class.text, seminar_path, tmp_path / "b")
    assert none.returncode == 2 and "a class needs your name" in none.stderr


def test_names_cannot_escape_the_runs_folder_and_same_names_keep_both_runs(seminar_class, seminar_path, tmp_path):
    runs = tmp_path / "class" / "runs"
    for name in ("../../escape", "Alex", "Alex", "/etc/passwd", "***"):
        out = _play(seminar_class.text, seminar_path, runs, "--player", name, "--choices", "refuse,restrain,concur")
        assert out.returncode == 0, out.stderr
    files = sorted(runs.glob("*.json"))
    assert len(files) == 5
    assert not list(tmp_path.glob("*.json")) and not (tmp_path / "escape").exists()
    assert sorted(r["player"] for r in _records(runs)) == ["***", "../../escape", "/etc/passwd", "Alex", "Alex"]


def test_reveal_end_classes_reveal_at_the_end(seminar, seminar_path, tmp_path):
    from game.classroom.join import new_class

    code = new_class(seminar, str(seminar_path), 3, reveal="end", undo=False, justify=False).text
    out = _play(code, seminar_path, tmp_path, "--player", "Fa", "--choices", "refuse,restrain,concur")
    assert out.returncode == 0
    assert "What actually happened:" not in out.stdout
    assert "What actually happened, decision by decision:" in out.stdout
    assert _records(tmp_path)[0]["settings"]["undo"] is False


def test_a_different_version_of_the_file_is_refused(seminar_class, seminar_path, tmp_path):
    changed = tmp_path / "seminar.yaml"
    changed.write_text(seminar_path.read_text(encoding="utf-8").replace('version: "2.1"', 'version: "2.2"'))
    out = _play(seminar_class.text, changed, tmp_path / "runs", "--player", "Gu")
    assert out.returncode == 2 and "different version of 'seminar'" in out.stderr


def test_without_plain_the_class_settings_go_to_the_full_screen_game(monkeypatch, seminar_class, seminar_path):
    import game.cli
    from game.commands import play

    from game.formats import RunSettings

    seen = {}

    def fake_tui(launch):
        seen.update(launch=launch)
        return 0

    monkeypatch.setattr(game.cli, "run_tui", fake_tui)
    parser = game.cli.build_parser()
    args = parser.parse_args(["play", str(seminar_path), "--class", seminar_class.text.lower()])
    assert play.run(args) == 0
    launch = seen["launch"]
    assert launch.scenario.id == "seminar" and launch.seed == seminar_class.seed and launch.player is None
    assert launch.settings == RunSettings(reveal="each", undo=True, justify=True, class_code=seminar_class.text)


def test_a_served_game_never_opens_a_file(seminar_path):
    out = run_cli("play", str(seminar_path), env={"POLITBURO_SERVED": "1"})
    assert out.returncode == 2 and "bundled scenarios only" in out.stderr
