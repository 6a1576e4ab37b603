"""Plain mode renders the play layer: the drift bugs of issue 9, as a student meets them."""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path

from game.engine.record import is_record
from game.paths import Places
from game.play.campaign import Campaign, CampaignPlan
from game.play.launch import Launch
from game.plain import PlainIO, play_campaign
from game.scenario import load_scenario, load_scenario_bytes
from tests.conftest import FIXTURES, ROOT, run_cli, run_cli_here

CHAPTERS = ROOT / "tests" / "tui" / "fixtures"


def _class_code(scenario: str) -> str:
    out = run_cli_here("class", "new", "--scenario", scenario)
    assert out.returncode == 0, out.stderr
    return next(line.split()[-1] for line in out.stdout.splitlines() if line.startswith("Class code:"))


def test_reveal_at_the_end_shows_no_history_before_the_ending(tmp_path):
    out = run_cli_here("play", str(FIXTURES / "mini.yaml"), "--plain", "--reveal", "end", "--seed", "3",
                       "--runs-dir", str(tmp_path), stdin="2\n1\n")
    assert out.returncode == 0, out.stderr
    during, ending = out.stdout.rsplit("\n=== ", 1)  # before the ending's banner, and after it
    assert "--- Decision 2: October ---" in during
    for leak in ("What actually happened", "history", "Politburo chose", "Divergence", "matched"):
        assert leak not in during, leak
    assert "What actually happened, decision by decision:" in ending
    assert "Divergence over the run:" in ending


def test_the_class_resume_hint_works_as_printed(tmp_path):
    code = _class_code(str(FIXTURES / "mini.yaml"))
    runs = tmp_path / "class runs"
    first = run_cli_here("play", str(FIXTURES / "mini.yaml"), "--class", code, "--player", "Ана", "--plain",
                         "--runs-dir", str(runs), stdin="1\nq\n")
    assert first.returncode == 0, first.stderr
    hint = next(line for line in first.stdout.splitlines() if line.startswith("To carry on: "))
    words = shlex.split(hint.removeprefix("To carry on: "))
    assert words[:3] == ["politburo", "play", str((FIXTURES / "mini.yaml").resolve())]
    assert words[3:] == ["--class", code, "--plain", "--resume", "--player", "Ана", "--runs-dir", str(runs)]
    again = run_cli_here(*words[1:], stdin="1\n")
    assert again.returncode == 0, again.stderr
    assert "Resuming 'A small test scenario' after 1 decision(s)." in again.stdout
    assert len(list(runs.glob("*.json"))) == 1


def test_a_bundled_class_hint_names_the_code_not_the_file(tmp_path):
    code = _class_code("kim-1949")
    out = run_cli_here("play", "--class", code, "--player", "Bo", "--plain", "--runs-dir", str(tmp_path), stdin="q\n")
    assert out.returncode == 0, out.stderr
    assert f"To carry on: politburo play --class {code} --plain --resume --player Bo --runs-dir {tmp_path}\n" \
        in out.stdout


def test_a_student_cannot_resume_another_students_class_game(tmp_path):
    code = _class_code(str(FIXTURES / "mini.yaml"))
    base = ["play", str(FIXTURES / "mini.yaml"), "--class", code, "--plain", "--runs-dir", str(tmp_path)]
    assert run_cli(*base, "--player", "Bob", stdin="1\nq\n").returncode == 0
    ana = run_cli(*base, "--player", "Ana", "--resume")
    assert ana.returncode == 2 and "no saved game of 'mini' for player 'Ana'" in ana.stderr
    # Иван and Мария are two students, never one "player" sharing a save
    assert run_cli(*base, "--player", "Мария", stdin="1\nq\n").returncode == 0
    ivan = run_cli(*base, "--player", "Иван", "--resume")
    assert ivan.returncode == 2 and "for player 'Иван'" in ivan.stderr


def test_the_plain_debrief_and_the_record_carry_one_divergence(tmp_path):
    out = run_cli_here("play", str(FIXTURES / "mini.yaml"), "--plain", "--seed", "3", "--runs-dir", str(tmp_path),
                       "--choices", "limited,probe")
    assert out.returncode == 0, out.stderr
    record = json.loads(next(tmp_path.glob("*.json")).read_text())
    last_seen = [line for line in out.stdout.splitlines() if "Divergence from history so far" in line][-1]
    assert f"so far: {record['divergence']}/100" in last_seen
    assert f"Divergence over the run: {record['divergence']}/100" in out.stdout


def test_a_campaign_save_that_no_longer_fits_is_explained_not_silently_restarted(tmp_path):
    one, two = CHAPTERS / "chapter-one.yaml", CHAPTERS / "chapter-two.yaml"
    campaign = Campaign("test-campaign", "Two chapters", "For the tests.", ("chapter-one", "chapter-two"))
    scenarios = {"chapter-one": load_scenario(one), "chapter-two": load_scenario(two)}
    plan = CampaignPlan(campaign, lambda: ["chapter-one", "chapter-two"], lambda i: scenarios[i])
    places = Places.resolve(tmp_path / "runs")

    def run(answers: str, resume: bool) -> str:
        out = io.StringIO()
        lines = iter(answers.splitlines(keepends=True))
        player = PlainIO(lambda: next(lines, None), out)
        code = play_campaign(Launch(places, seed=4, campaign=True, resume=resume), player, player="Ana", plan=plan)
        assert code == 0
        return out.getvalue()

    first = run("1\nq\n", resume=False)
    assert "Game saved after 1 decision(s)." in first
    assert "To carry on: politburo campaign --plain --resume --player Ana --runs-dir" in first
    # the author renames the choice the save took: the save no longer fits chapter one
    scenarios["chapter-one"] = load_scenario_bytes(Path(one).read_bytes().replace(b"id: hold", b"id: restrain"))
    second = run("1\n1\n1\n1\n", resume=True)
    assert "no longer fits" in second and "The chapter starts again." in second
    assert "--- Decision 1: A request in spring ---" in second
    assert "=== Campaign complete: Two chapters ===" in second and "2 of 2 chapters played by Ana" in second


def test_commands_hand_the_game_a_frozen_launch_and_leave_their_arguments_alone(tmp_path, monkeypatch):
    import game.cli
    from game.commands import play

    seen: list[Launch] = []
    monkeypatch.setattr(game.cli, "run_tui", lambda launch: seen.append(launch) or 0)
    args = game.cli.build_parser().parse_args(["play", "kim-1949", "--player", "Ana", "--seed", "9",
                                               "--reveal", "end", "--runs-dir", str(tmp_path)])
    before = dict(vars(args))
    assert play.run(args) == 0
    assert vars(args) == before
    (launch,) = seen
    assert is_record(launch) and launch.player == "Ana" and launch.seed == 9
    assert launch.settings.reveal == "end" and launch.places.runs == tmp_path and launch.places.given
    assert launch.scenario is not None and launch.scenario.id == "kim-1949"
