"""The pure part of ``play --watch``: notice a save, reload, replay the player's decisions by
id, show errors instead of crashing, and resume when the file is fixed.  (The polling loop is
the full-screen game's; these tests drive :func:`reload_game` as it does.)"""

from __future__ import annotations

import os

from game.authoring.live import FileWatch, reload_game, scenario_changes
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


def _played(path, *choices, seed=3):
    from game.engine import Game
    from game.scenario import load_scenario

    game = Game.new(load_scenario(path), seed)
    for choice in choices:
        game.choose(choice)
    return game


def test_a_reload_replays_to_where_the_player_was(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, BASE)
    watch = FileWatch(path)
    game = _played(path, "refuse")
    assert not watch.changed()
    save(path, BASE.replace("text: Clashes on the parallel.", "text: Clashes all along the parallel."))
    assert watch.changed()
    reload = reload_game(path, game)
    assert reload.ok and reload.game.scene_id == "second" and reload.game.turn == 1
    assert reload.notes == ["changed scene: second", "replayed all 1 decision"]
    assert reload.game.seed == game.seed and reload.game.decisions == game.decisions


def test_an_invalid_save_shows_errors_and_play_resumes_when_fixed(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, BASE)
    kept = _played(path, "refuse")
    save(path, BASE.replace("next: second\n        historical:", "next: secnd\n        historical:"))
    broken = reload_game(path, kept)
    assert not broken.ok and broken.game is None and broken.scenario is None
    assert "'secnd' is not a scene or an ending" in broken.diagnostics[0].render()
    assert kept.turn == 1 and kept.scene_id == "second"  # the last good game is untouched
    save(path, BASE.replace("effects: {national_interest: 5}", "effects: {national_interest: 7}"))
    fixed = reload_game(path, kept)
    assert fixed.ok and not [d for d in fixed.diagnostics if d.severity == "error"]
    fixed.game.choose("concur")
    assert fixed.game.meters["national_interest"] == 67 and fixed.game.ending_id == "history"


def test_replay_stops_where_an_edit_removed_the_choice(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, BASE)
    game = _played(path, "refuse", seed=0)
    save(path, BASE.replace("id: refuse", "id: decline"))
    reload = reload_game(path, game)
    assert reload.ok and reload.replayed == 0 and reload.dropped == 1 and reload.game.turn == 0
    assert "no longer has the choice 'refuse'" in reload.notes[-1]
    assert "new choice: first/decline" in reload.notes and "removed choice: first/refuse" in reload.notes


def test_a_reload_leaves_the_game_it_was_given_alone(tmp_path):
    """The full-screen game reloads in a worker thread while the player may decide: the game
    handed in must come back unchanged, whatever the file now says."""
    path = tmp_path / "s.yaml"
    save(path, BASE)
    game = _played(path, "refuse")
    before = game.state
    save(path, BASE.replace("id: refuse", "id: decline"))
    reload = reload_game(path, game)
    assert game.state is before and reload.game is not game


def test_reload_game_and_scenario_changes_are_usable_alone(tmp_path, mini):
    from game.engine import Game

    game = Game.new(mini, 1)
    path = tmp_path / "s.yaml"
    save(path, BASE.replace("start: 40", "start: 45"))
    reload = reload_game(path, game)
    assert reload.ok and reload.game.meters["bloc_rivalry"] == 45
    assert scenario_changes(mini, reload.scenario) == ["changed meter: bloc_rivalry"]
    save(path, BASE.replace("start: 40", "start: 45").replace(
        "meters:\n", "glossary:\n  - term: Politburo\n    definition: Stalin and the leaders around him.\nmeters:\n", 1))
    assert scenario_changes(reload.scenario, reload_game(path, game).scenario) == ["new glossary term: Politburo"]


SHARED = """sources:
  - id: wc-112133
    kind: primary
    citation: Politburo decision, 24 September 1949, Wilson Center Digital Archive
"""


def _with_include(path, shared_text=SHARED, name="shared/bib.yaml"):
    """The mini scenario with its bibliography moved to a shared file."""
    own = BASE.split("sources:\n", 1)[1].split("advisers:\n", 1)[0]
    save(path, BASE.replace("sources:\n" + own, f"include: [{name}]\n"))
    shared = path.parent / name
    shared.parent.mkdir(exist_ok=True)
    if shared_text is not None:
        save(shared, shared_text)
    return shared


def test_an_edit_to_an_included_file_is_an_edit_to_the_scenario(tmp_path):
    path = tmp_path / "s.yaml"
    shared = _with_include(path)
    watch = FileWatch(path)
    game = _played(path, "refuse")
    assert not watch.changed()
    save(shared, SHARED)  # touched, same bytes
    assert not watch.changed()
    save(shared, SHARED.replace("Wilson Center Digital Archive", "Wilson Center"))
    assert watch.changed() and not watch.changed()
    reload = reload_game(path, game)
    assert reload.ok and "changed source: wc-112133" in reload.notes and reload.replayed == 1
    assert reload.scenario.source("wc-112133").citation.endswith("Wilson Center")
    save(shared, SHARED.replace("kind: primary", "kind: primery"))  # broken in the shared file
    assert watch.changed()
    broken = reload_game(path, game)
    assert not broken.ok and broken.diagnostics[0].file.endswith("shared/bib.yaml")


def test_a_missing_include_is_watched_until_it_appears(tmp_path):
    path = tmp_path / "s.yaml"
    shared = _with_include(path, None)
    watch = FileWatch(path)
    assert not reload_game(path, _played_broken(path)).ok
    save(shared, SHARED)
    assert watch.changed()
    assert reload_game(path, _played_broken(path)).ok


def test_an_include_added_by_an_edit_is_watched_from_then_on(tmp_path):
    path = tmp_path / "s.yaml"
    save(path, BASE)
    watch = FileWatch(path)
    shared = _with_include(path)
    assert watch.changed() and not watch.changed()
    save(shared, SHARED.replace("24 September", "the 24th of September"))
    assert watch.changed() and not watch.changed()


def _played_broken(path):
    """A game of the mini scenario as it was before its file broke (reload's starting point)."""
    from game.engine import Game
    from game.scenario import load_scenario

    return Game.new(load_scenario(MINI), 3)
