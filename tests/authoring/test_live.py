"""The pure part of ``play --watch``: notice a save, reload, replay the player's decisions by
id, show errors instead of crashing, and resume when the file is fixed."""

from __future__ import annotations

import os

from game.authoring.live import FileWatch, LiveSession, reload_game, scenario_changes
from tests.authoring.helpers import MINI

BASE = MINI.read_text(encoding="utf-8")


def save(path, text):
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a new mtime, even on coarse clocks


def test_file_watch_ignores_touches_and_sees_edits(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, BASE)
    watch = FileWatch(path)
    assert not watch.changed()
    save(path, BASE)  # same bytes, new mtime
    assert not watch.changed()
    save(path, BASE + "\n")
    assert watch.changed() and not watch.changed()


def test_a_session_replays_to_where_the_player_was(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, BASE)
    live = LiveSession(path, seed=3)
    live.game.choose("refuse")
    assert live.poll() is None
    save(path, BASE.replace("text: Clashes on the parallel.", "text: Clashes all along the parallel."))
    reload = live.poll()
    assert reload.ok and live.game is reload.game
    assert live.game.scene_id == "second" and live.game.turn == 1
    assert reload.notes == ["changed scene: second", "replayed all 1 decision"]


def test_an_invalid_save_shows_errors_and_play_resumes_when_fixed(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, BASE)
    live = LiveSession(path, seed=3)
    live.game.choose("refuse")
    kept = live.game
    save(path, BASE.replace("next: second\n        historical:", "next: secnd\n        historical:"))
    broken = live.poll()
    assert not broken.ok and broken.game is None and live.game is kept
    assert live.errors and "'secnd' is not a scene or an ending" in live.errors[0].render()
    save(path, BASE.replace("effects: {national_interest: 5}", "effects: {national_interest: 7}"))
    fixed = live.poll()
    assert fixed.ok and not live.errors
    live.game.choose("concur")
    assert live.game.meters["national_interest"] == 67 and live.game.ending_id == "history"


def test_replay_stops_where_an_edit_removed_the_choice(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, BASE)
    live = LiveSession(path)
    live.game.choose("refuse")
    save(path, BASE.replace("id: refuse", "id: decline"))
    reload = live.poll()
    assert reload.ok and reload.replayed == 0 and reload.dropped == 1 and live.game.turn == 0
    assert "no longer has the choice 'refuse'" in reload.notes[-1]
    assert "new choice: first/decline" in reload.notes and "removed choice: first/refuse" in reload.notes


def test_a_file_broken_from_the_start_starts_when_fixed(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, "format: 1\n")
    live = LiveSession(path)
    assert live.game is None and live.errors
    save(path, BASE)
    reload = live.poll()
    assert reload.ok and live.game is not None and live.game.scene_id == "first"


def test_reload_game_and_scenario_changes_are_usable_alone(tmp_path, mini):
    import random

    from game.engine import Game

    game = Game.new(mini, random.Random(1))
    path = tmp_path / "s.yaml"
    save(path, BASE.replace("start: 40", "start: 45"))
    reload = reload_game(path, game)
    assert reload.ok and reload.game.meters["bloc_rivalry"] == 45
    assert scenario_changes(mini, reload.scenario) == ["changed meter: bloc_rivalry"]
