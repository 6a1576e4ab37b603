"""Saves survive edits: replayed by id where the ids still hold, stopped where a decision no
longer fits, refused (with a fresh-start offer) where nothing fits; never a crash, never a
silently wrong state.  Run records say what no longer holds."""

from __future__ import annotations

import json

import msgspec
import pytest

from game.engine import Game
from game.formats import RecordScenario, RunSettings, read_save
from game.paths import Places
from game.play.migrate import migrate_state, record_notes
from game.play.recording import build_record
from game.play.session import Session
from game.play.store import save_path
from tests.authoring.helpers import MINI
from tests.conftest import run_cli_here

BASE = MINI.read_text(encoding="utf-8")


def saved(write_scenario, choices=("refuse",), seed=4):
    _, scenario = write_scenario(BASE, name="old.yaml")
    game = Game.new(scenario, seed)
    for choice in choices:
        game.choose(choice)
    return game


def edit(write_scenario, text):
    return write_scenario(text, name="new.yaml")[1]


def test_an_unchanged_scenario_restores_exactly(write_scenario):
    game = saved(write_scenario)
    m = migrate_state(game.scenario, game.to_dict())
    assert m.status == "same" and m.notes == [] and m.game.to_dict() == game.to_dict()


def test_new_meters_and_flags_get_their_defaults_and_the_player_is_told(write_scenario):
    game = saved(write_scenario)
    text = BASE.replace("flags:\n", """  - id: us_risk
    label: US risk
    start: 20
    description: New in 1.1.
flags:
  - id: hawk
    type: bool
    default: false
""").replace('version: "1.0"', 'version: "1.1"')
    m = migrate_state(edit(write_scenario, text), game.to_dict())
    assert m.status == "migrated" and m.game.meters["us_risk"] == 20 and m.game.flags["hawk"] is False
    assert m.game.scene_id == "second" and m.game.meters["national_interest"] == 60
    assert m.notes[0] == "The scenario has changed since this game was saved (version 1.0, now 1.1)."
    assert "New meter 'US risk' starts at 20." in m.notes and "New flag 'hawk' starts as False." in m.notes


def test_changed_effects_are_replayed_and_reported(write_scenario):
    game = saved(write_scenario)
    text = BASE.replace("effects: {national_interest: 10, bloc_rivalry: -5}",
                        "effects: {national_interest: 15, bloc_rivalry: -5}")
    m = migrate_state(edit(write_scenario, text), game.to_dict())
    assert m.status == "migrated" and m.game.meters["national_interest"] == 65
    assert any("national_interest 65 (was 60)" in n for n in m.notes)


def test_replay_stops_where_a_decision_no_longer_fits(write_scenario):
    game = saved(write_scenario, choices=("limited",), seed=1)
    text = BASE.replace("      - id: concur\n", "      - id: agree\n")
    scenario = edit(write_scenario, text)
    Game.new(scenario, 0)  # the edited file plays
    state = game.to_dict()
    state["decisions"].append({"turn": 2, "scene": "second", "choice": "concur", "historical": True,
                               "meters": {"national_interest": 50, "bloc_rivalry": 60}})
    m = migrate_state(scenario, state)
    assert m.status == "partial" and m.replayed == 1 and m.total == 2
    assert m.game.scene_id == "second" and m.game.turn == 1
    assert any("decision 2 ('concur' in 'second') no longer does: scene 'second' no longer has the choice 'concur'" in n
               for n in m.notes)


def test_a_chance_outcome_keeps_its_draw_or_stops(write_scenario):
    game = saved(write_scenario, choices=("limited",), seed=4)
    assert game.decisions[0].outcome == 1  # the second outcome, 'It spirals.'
    m = migrate_state(edit(write_scenario, BASE.replace("title: October", "title: October 1949")), game.to_dict())
    assert m.status == "migrated" and m.game.decisions[0].outcome == 1 and m.game.meters == game.meters
    one_outcome = BASE.replace("""          - weight: 1
            effects: {bloc_rivalry: 60}
            result: It spirals.
            next: second
""", "")
    m = migrate_state(edit(write_scenario, one_outcome), game.to_dict())
    assert m.status == "failed" and m.game is None
    assert "the outcome drawn then (number 2) is no longer among its outcomes" in m.notes[-2]


@pytest.mark.parametrize("change,expected", [
    (lambda s: s.pop("decisions"), "damaged"),
    (lambda s: s.update(format=99, min_format=99), "newer Politburo (state format 99)"),
    (lambda s: s.update(format=1, min_format=1), "state format 1 is too old"),
    (lambda s: s["scenario"].update(id="other"), "belongs to the scenario 'other'"),
    (lambda s: s.update(seed="nonsense"), "damaged"),
    (lambda s: s["decisions"][0].update(meters="x"), "damaged"),
])
def test_bad_saves_fail_cleanly_with_a_fresh_start_offer(write_scenario, change, expected):
    game = saved(write_scenario)
    state = json.loads(json.dumps(game.to_dict()))
    state["scenario"]["hash"] = "changed"
    change(state)
    m = migrate_state(game.scenario, state)
    assert m.status == "failed" and m.game is None
    assert expected in " ".join(m.notes) and "Start a new game." in m.notes[-1]


def test_when_the_first_decision_is_gone_nothing_is_carried_over(write_scenario):
    game = saved(write_scenario)
    m = migrate_state(edit(write_scenario, BASE.replace("id: refuse", "id: decline")), game.to_dict())
    assert m.status == "failed" and m.game is None
    assert "Your first decision ('refuse' in 'first') no longer fits" in m.notes[-2]
    assert m.notes[-1] == "Nothing of this game can be carried over; start a new game."


def test_a_save_file_resumes_exactly_or_is_carried_over(write_scenario, tmp_path):
    _, scenario = write_scenario(BASE, name="old.yaml")
    places = Places(tmp_path / "runs", tmp_path / "runs" / ".saves")
    places.prepare()
    session = Session.start(scenario, places, player="Ana", settings=RunSettings(), seed=4)
    session.choose("refuse")
    assert session.save() == ""
    path = save_path(places, scenario.id, "Ana")
    resumed = Session.resume(read_save(path), scenario, places)
    assert resumed.game.to_dict() == session.game.to_dict() and resumed.notes == []
    changed = edit(write_scenario, BASE.replace("title: October", "title: Late October"))
    resumed = Session.resume(read_save(path), changed, places)
    assert resumed.game.scene.title == "Late October" and "All 1 of your decisions still fit" in resumed.notes[1]


def test_plain_resume_prints_what_changed_or_offers_a_fresh_start(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(BASE)
    runs = str(tmp_path / "runs")
    first = run_cli_here("play", str(path), "--plain", "--seed", "2", "--runs-dir", runs, stdin="1\nq\n")
    assert "Game saved after 1 decision(s)" in first.stdout
    path.write_text(BASE.replace('version: "1.0"', 'version: "1.1"').replace("title: October", "title: November"))
    resumed = run_cli_here("play", str(path), "--plain", "--resume", "--runs-dir", runs, stdin="1\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "The scenario has changed since this game was saved (version 1.0, now 1.1)." in resumed.stdout
    assert "November" in resumed.stdout
    first = run_cli_here("play", str(path), "--plain", "--seed", "2", "--runs-dir", runs, stdin="1\nq\n")
    path.write_text(BASE.replace("id: refuse", "id: decline"))
    refused = run_cli_here("play", str(path), "--plain", "--resume", "--runs-dir", runs)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "no longer fits" in refused.stdout and "start a new game without --resume" in refused.stderr


def test_record_notes_say_what_no_longer_holds(write_scenario):
    game = saved(write_scenario, choices=("refuse", "concur"))
    record = build_record(game, run_id="0123456789abcdef", player="Ana", started_at="t", settings=RunSettings(),
                          finished_at="t", reasons={})
    assert record_notes(record, game.scenario) == []
    changed = edit(write_scenario, BASE.replace("id: concur", "id: agree").replace("id: history", "id: as_it_was")
                   .replace("ending: history", "ending: as_it_was"))
    notes = record_notes(record, changed)
    assert "Decision 2: scene 'second' no longer has the choice 'concur'." in notes
    assert "The ending 'history' is no longer in the scenario." in notes
    other = msgspec.structs.replace(record, scenario=RecordScenario("x", "1", "", "X"))
    assert record_notes(other, changed) == ["This run record is not for the scenario 'mini'."]


def test_an_outcome_whose_condition_no_longer_holds_stops_replay(write_scenario):
    game = saved(write_scenario, choices=("limited",), seed=4)  # drew outcome 2
    gated = BASE.replace("""            effects: {bloc_rivalry: 60}
            result: It spirals.""", """            condition: national_interest > 90
            effects: {bloc_rivalry: 60}
            result: It spirals.""")
    m = migrate_state(edit(write_scenario, gated), game.to_dict())
    assert m.status == "failed" and "the outcome drawn then (number 2) can no longer happen" in m.notes[-2]
    m = migrate_state(edit(write_scenario, gated.replace("national_interest > 90", "national_interest > 10")),
                      game.to_dict())
    assert m.status == "migrated" and m.game.meters == game.meters


def test_a_choice_now_left_to_chance_stops_replay(write_scenario):
    game = saved(write_scenario, choices=("refuse", "concur"))
    state = game.to_dict()
    chance = BASE.replace("""        effects: {national_interest: 5}
        next: end
        historical:""", """        effects: {national_interest: 5}
        outcomes:
          - {weight: 1, result: Agreed., next: end}
        historical:""")
    m = migrate_state(edit(write_scenario, chance), state)
    assert m.status == "partial" and m.replayed == 1
    assert any("'concur' is now left to chance, and the save has no draw for it" in n for n in m.notes)
