"""The campaign: chapters in order, carry-over as distance from history, progress kept between
chapters, and each chapter still playable alone."""

from __future__ import annotations

import json
import random

import pytest

from game.campaign import BUNDLED, available_chapters, load_chapter
from game.engine import Game, historical_track
from tests.conftest import run_cli


def test_carry_out_is_zero_for_a_historical_player_and_shifts_the_next_start(mini):
    game = Game.new(mini, random.Random(1))
    for choice in historical_track(mini).choices:
        game.choose(choice)
    carry = game.carry_out()
    assert carry["meters"] == {"national_interest": 0, "bloc_rivalry": 0}
    assert carry["flags"] == {"partisans": True}
    shifted = Game.new(mini, random.Random(1), {"meters": {"national_interest": 7, "unknown": 3},
                                                "flags": {"partisans": "wrong type"}})
    assert shifted.meters == {"national_interest": 57, "bloc_rivalry": 40}
    assert shifted.flags == {"partisans": False}
    assert Game.from_dict(mini, shifted.to_dict()).meters == shifted.meters


def test_carry_survives_undo(mini):
    game = Game.new(mini, random.Random(1), {"meters": {"bloc_rivalry": -10}, "flags": {}})
    game.choose("refuse")
    game.undo()
    assert game.meters["bloc_rivalry"] == 30


def _historical_numbers(chapter_id: str) -> list[str]:
    scenario = load_chapter(chapter_id)
    game = Game.new(scenario, random.Random(0))
    numbers = []
    for step in historical_track(scenario).steps:
        ids = [o.id for o in game.options()]
        numbers.append(str(ids.index(step.choice) + 1))
        game._apply(game.scene, game.scene.choice(step.choice),  # follow the historical outcome
                    next((i for i, o in enumerate(game.scene.choice(step.choice).outcomes) if o.historical), None))
    return numbers


@pytest.mark.skipif(available_chapters() != list(BUNDLED.chapters), reason="not all chapters installed")
def test_plain_campaign_stops_resumes_and_finishes(tmp_path):
    chapters = list(BUNDLED.chapters)
    first = _historical_numbers(chapters[0])
    out = run_cli("campaign", "--plain", "--runs-dir", str(tmp_path), "--seed", "5", "--player", "Ana",
                  stdin="\n".join(first) + "\n")
    assert out.returncode == 0, out.stderr
    assert "##### Chapter 1 of 4 #####" in out.stdout and "##### Chapter 2 of 4 #####" in out.stdout
    assert "To carry on the campaign: politburo campaign --plain --resume --player 'Ana'" in out.stdout
    progress = json.loads(next((tmp_path / ".saves").glob("campaign--*.json")).read_text())
    assert progress["chapter"] == 1 and len(progress["records"]) == 1
    record = json.loads(next(tmp_path.glob("kim-1949--ana--*.json")).read_text())
    assert record["settings"]["campaign"] == {"id": BUNDLED.id, "chapter": 1, "of": 4, "carry_in": {}}

    rest = out_all = ""
    for chapter in chapters[1:]:
        rest += "\n".join(_historical_numbers(chapter)) + "\n"
    out_all = run_cli("campaign", "--plain", "--runs-dir", str(tmp_path), "--resume", "--player", "Ana", stdin=rest)
    assert out_all.returncode == 0, out_all.stderr
    assert "=== Campaign complete: 4 chapters ===" in out_all.stdout
    records = sorted(tmp_path.glob("*--ana--*.json"))
    assert len(records) == 4
    for path in records:
        data = json.loads(path.read_text())
        assert data["ending"]["historical"], (path.name, data["ending"])
        assert data["divergence"] == 0
    assert not list((tmp_path / ".saves").glob("campaign--*.json"))


def test_campaign_resume_without_progress_is_a_clear_error(tmp_path):
    out = run_cli("campaign", "--plain", "--runs-dir", str(tmp_path), "--resume")
    assert out.returncode == 2
    assert "no campaign in progress for player 'player'" in out.stderr
