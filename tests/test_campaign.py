"""The campaign: chapters in order, carry-over as distance from history, progress kept between
chapters, and each chapter still playable alone."""

from __future__ import annotations

import json

import pytest

from game.engine import Carry, Game
from game.engine.history import historical_track
from game.play.campaign import BUNDLED, _available, carry_out, chapter_seed, load_chapter
from tests.conftest import run_cli_here


def test_carry_out_is_zero_for_a_historical_player_and_shifts_the_next_start(mini):
    game = Game.new(mini, 1)
    for choice in historical_track(mini).choices:
        game.choose(choice)
    carry = carry_out(game)
    assert carry.meters == {"national_interest": 0, "bloc_rivalry": 0}
    assert carry.flags == {"partisans": True}
    shifted = Game.new(mini, 1, {"meters": {"national_interest": 7, "unknown": 3},
                                 "flags": {"partisans": "wrong type"}})
    assert shifted.meters == {"national_interest": 57, "bloc_rivalry": 40}
    assert shifted.flags == {"partisans": False}
    assert Game.from_dict(mini, shifted.to_dict()).meters == shifted.meters


def test_carry_survives_undo(mini):
    game = Game.new(mini, 1, Carry({"bloc_rivalry": -10}))
    game.choose("refuse")
    game.undo()
    assert game.meters["bloc_rivalry"] == 30


def _historical_numbers(chapter_id: str, seed: int) -> list[str]:
    """What a student types to take the Politburo's choices (the choice ids: the numbers follow
    an order drawn from the seed)."""
    return historical_track(load_chapter(chapter_id)).choices


def _seed_whose_dice_follow_history(chapters: list[str]) -> int:
    """A campaign seed whose chance outcomes happen as history's did in every chapter, so a
    student who takes the Politburo's choices ends every chapter on history."""
    for seed in range(500):
        games = []
        for index, chapter in enumerate(chapters):
            scenario = load_chapter(chapter)
            game = Game.new(scenario, chapter_seed(seed, index))
            for step in historical_track(scenario).steps:
                if game.is_over or step.choice not in {c.id for c in game.available_choices()}:
                    break
                game.choose(step.choice)
            path = [(d.scene, d.choice, d.outcome) for d in historical_track(scenario).decisions()]
            games.append([(d.scene, d.choice, d.outcome) for d in game.decisions] == path)
        if all(games):
            return seed
    raise AssertionError("no seed below 500 follows history in every chapter")


@pytest.mark.skipif(_available() != list(BUNDLED.chapters), reason="not all chapters installed")
def test_plain_campaign_stops_resumes_and_finishes(tmp_path):
    chapters = list(BUNDLED.chapters)
    seed = _seed_whose_dice_follow_history(chapters)
    first = _historical_numbers(chapters[0], chapter_seed(seed, 0))
    out = run_cli_here("campaign", "--plain", "--runs-dir", str(tmp_path), "--seed", str(seed), "--player", "Ana",
                       stdin="\n".join(first) + "\n")
    assert out.returncode == 0, out.stderr
    assert "##### Chapter 1 of 4 #####" in out.stdout and "##### Chapter 2 of 4 #####" in out.stdout
    assert f"To carry on: politburo campaign --plain --resume --player Ana --runs-dir {tmp_path}\n" in out.stdout
    progress = json.loads(next((tmp_path / ".saves").glob("campaign--*.json")).read_text())
    assert progress["chapter"] == 1 and len(progress["done"]) == 1
    record = json.loads(next(tmp_path.glob("kim-1949--ana-*--*.json")).read_text())
    assert record["settings"]["campaign"] == {"id": BUNDLED.id, "chapter": 1, "of": 4, "carry_in": {}}

    rest = out_all = ""
    for index, chapter in enumerate(chapters[1:], start=1):
        rest += "\n".join(_historical_numbers(chapter, chapter_seed(seed, index))) + "\n"
    out_all = run_cli_here("campaign", "--plain", "--runs-dir", str(tmp_path), "--resume", "--player", "Ana", stdin=rest)
    assert out_all.returncode == 0, out_all.stderr
    assert f"=== Campaign complete: {BUNDLED.title} ===" in out_all.stdout
    assert "4 of 4 chapters played by Ana" in out_all.stdout and "Endings as history went: 4 of 4" in out_all.stdout
    records = sorted(tmp_path.glob("*--ana-*--*.json"))
    assert len(records) == 4
    for path in records:
        data = json.loads(path.read_text())
        assert data["ending"]["historical"], (path.name, data["ending"])
        assert data["divergence"] == 0
    assert not list((tmp_path / ".saves").glob("campaign--*.json"))


def test_campaign_resume_without_progress_is_a_clear_error(tmp_path):
    out = run_cli_here("campaign", "--plain", "--runs-dir", str(tmp_path), "--resume")
    assert out.returncode == 2
    assert "no campaign in progress for player 'player'" in out.stderr


def test_carry_over_is_a_bounded_shift_not_a_pin(mini):
    """An extreme chapter 1 carries at most a fifth of each meter's range into chapter 2."""
    game = Game.new(mini, 1)
    game.choose("attack")  # bloc rivalry 40 -> 100, history's ends at 35
    carry = carry_out(game)
    assert carry.meters["bloc_rivalry"] == 20
    assert Game.new(mini, 1, carry).meters["bloc_rivalry"] == 60
