"""The engine's contract: choices, events, clamping, thresholds, endings, saves, undo, history."""

from __future__ import annotations

import random

import pytest

from game.engine import (
    ChoiceMade, ChoiceUnavailable, Game, GameEnded, GameOver, MeterChanged, OutcomeDrawn,
    SceneEntered, StateError, historical_track, run_divergence,
)
from game.scenario import load_scenario_bytes


def test_new_game_starts_at_start_with_start_values(mini):
    game = Game.new(mini, random.Random(1))
    assert game.scene_id == "first"
    assert game.meters == {"national_interest": 50, "bloc_rivalry": 40}
    assert game.flags == {"partisans": False}
    assert not game.is_over and game.turn == 0


def test_choose_returns_events_in_order(mini):
    game = Game.new(mini, random.Random(1))
    events = game.choose("refuse")
    assert events == [
        ChoiceMade(1, "first", "refuse", True, ""),
        MeterChanged("national_interest", 50, 60, 10),
        MeterChanged("bloc_rivalry", 40, 35, -5),
        events[3],
        SceneEntered("second"),
    ]
    assert events[3].flag == "partisans" and events[3].new is True


def test_unavailable_choice_is_shown_with_reason_and_refused(mini):
    game = Game.new(mini, random.Random(1))
    game.choose("refuse")
    options = {o.id: o for o in game.options()}
    assert options["probe"].available is False
    assert options["probe"].reason.startswith("You already committed")
    with pytest.raises(ChoiceUnavailable, match="not available"):
        game.choose("probe")
    with pytest.raises(ChoiceUnavailable, match="no choice 'nope'"):
        game.choose("nope")


def test_meters_clamp_and_threshold_ends_the_game(mini):
    game = Game.new(mini, random.Random(1))
    events = game.choose("attack")  # +70 bloc rivalry from 40 -> clamped to 100 -> threshold 95
    changed = [e for e in events if isinstance(e, MeterChanged)][0]
    assert changed.new == 100 and changed.requested == 70
    assert events[-1] == GameEnded("war", False, "threshold", "bloc_rivalry")
    assert game.is_over and game.ending.id == "war"
    with pytest.raises(GameOver):
        game.choose("refuse")


def test_end_picks_first_ending_whose_condition_holds(mini):
    game = Game.new(mini, random.Random(1))
    game.choose("refuse")
    events = game.choose("concur")
    assert events[-1] == GameEnded("history", True, "end")


def test_fallback_ending_when_no_condition_holds(mini):
    for seed in range(50):
        game = Game.new(mini, random.Random(seed))
        game.choose("limited")
        if game.is_over:
            continue
        game.choose("probe")
        assert game.ending.id in {"drift", "war"}


def test_outcomes_are_seeded_and_reproducible(mini):
    def outcome(seed):
        game = Game.new(mini, random.Random(seed))
        return [e.index for e in game.choose("limited") if isinstance(e, OutcomeDrawn)]

    assert all(outcome(s) == outcome(s) for s in range(20))
    assert {outcome(s)[0] for s in range(40)} == {0, 1}


def test_state_round_trips_through_a_plain_dict(mini):
    import json

    game = Game.new(mini, random.Random(5))
    game.choose("limited")
    data = json.loads(json.dumps(game.to_dict()))
    again = Game.from_dict(mini, data)
    assert again.to_dict() == game.to_dict()
    assert again.scene_id == game.scene_id and again.meters == game.meters


def test_restored_game_draws_the_same_future(mini):
    a = Game.new(mini, random.Random(9))
    b = Game.from_dict(mini, a.to_dict())
    assert a.rng.random() == b.rng.random()


def test_damaged_or_foreign_saves_raise_state_error(mini):
    game = Game.new(mini, random.Random(5))
    game.choose("refuse")
    good = game.to_dict()
    for broken in (
        {**good, "format": 99},
        {**good, "scenario": {"id": "other"}},
        {**good, "decisions": [{"turn": 1, "scene": "first", "choice": "vanished", "meters": {}}]},
        {**good, "decisions": "nonsense"},
        {},
    ):
        with pytest.raises(StateError):
            Game.from_dict(mini, broken)


def test_undo_restores_the_previous_state_and_dice(mini):
    game = Game.new(mini, random.Random(3))
    before = game.to_dict()
    game.choose("limited")
    assert game.undo()
    assert game.to_dict() == before
    assert not game.undo() or game.turn == 0


def test_historical_track_follows_the_historical_choices(mini):
    track = historical_track(mini)
    assert track.choices == ["refuse", "concur"]
    assert track.ending == "history" and not track.problem
    assert track.series("national_interest") == [50, 60, 65]


def test_divergence_is_zero_on_the_historical_path_and_grows_off_it(mini):
    game = Game.new(mini, random.Random(3))
    game.choose("refuse")
    game.choose("concur")
    c = game.comparison()
    assert c.divergence == 0 and (c.matched, c.decided) == (2, 2)
    assert run_divergence(mini, game.decisions) == 0

    off = Game.new(mini, random.Random(3))
    off.choose("limited")
    c = off.comparison()
    assert c.divergence > 0 and c.matched == 0
    # divergence: mean over meters of |player - history| / range, times 100
    expected = round(100 * sum(abs(c.player[m] - c.history[m]) / 100 for m in c.player) / 2)
    assert c.divergence == expected


def test_seesaw_leans_toward_the_meter_that_grew(mini):
    game = Game.new(mini, random.Random(3))
    assert game.seesaw() == 0
    game.choose("refuse")  # NI +10, BR -5
    assert game.seesaw() == -15
    game2 = Game.new(mini, random.Random(3))
    game2.choose("attack")
    assert game2.seesaw() > 0


def test_engine_never_mutates_the_scenario(mini):
    before = [m.start for m in mini.meters]
    game = Game.new(mini, random.Random(3))
    game.choose("attack")
    assert [m.start for m in mini.meters] == before


def test_historical_track_reports_a_broken_historical_path():
    text = b"""
format: 1
id: t
version: "1"
title: t
period: {start: "1949", end: "1950"}
role: r
summary: s
authors: [a]
licence: x
start: a
sources: [{id: s, kind: primary, citation: c}]
meters: [{id: national_interest, label: N, start: 50, description: d}]
scenes:
  - id: a
    title: A
    date: "1949"
    place: p
    text: t
    choices:
      - {id: x, label: X, next: b, result: r}
  - id: b
    title: B
    date: "1949"
    place: p
    text: t
    choices:
      - {id: y, label: Y, next: done, result: r, historical: {date: "1949", record: r, sources: [s]}}
endings:
  - {id: done, title: D, kind: historical, text: t, sources: [s]}
"""
    scenario = load_scenario_bytes(text)
    track = historical_track(scenario)
    assert track.problem == "scene 'a' on the historical path has no historical choice"
    assert track.ending is None
