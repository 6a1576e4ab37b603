"""The engine's contract: choices, events, clamping, thresholds, endings, saves, undo, history."""

from __future__ import annotations


import pytest

from game.engine import (
    Carry, ChoiceMade, ChoiceUnavailable, Game, GameEnded, GameOver, MeterChanged, OutcomeDrawn,
    SceneEntered, StateError,
)
from game.engine import chance, rules
from game.engine.history import historical_track
from game.play.figures import divergence_between, figures, run_divergence
from game.play.scale import divergence_scale, farthest_mean
from game.scenario import load_scenario_bytes


def test_new_game_starts_at_start_with_start_values(mini):
    game = Game.new(mini, 1)
    assert game.scene_id == "first"
    assert game.meters == {"national_interest": 50, "bloc_rivalry": 40}
    assert game.flags == {"partisans": False}
    assert not game.is_over and game.turn == 0


def test_choose_returns_events_in_order(mini):
    game = Game.new(mini, 1)
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
    game = Game.new(mini, 1)
    game.choose("refuse")
    options = {o.id: o for o in game.options()}
    assert options["probe"].available is False
    assert options["probe"].reason.startswith("You already committed")
    with pytest.raises(ChoiceUnavailable, match="not available"):
        game.choose("probe")
    with pytest.raises(ChoiceUnavailable, match="no choice 'nope'"):
        game.choose("nope")


def test_meters_clamp_and_threshold_ends_the_game(mini):
    game = Game.new(mini, 1)
    events = game.choose("attack")  # +70 bloc rivalry from 40 -> clamped to 100 -> threshold 95
    changed = next(e for e in events if isinstance(e, MeterChanged))
    assert changed.new == 100 and changed.requested == 70
    assert events[-1] == GameEnded("war", False, "threshold", "bloc_rivalry")
    assert game.is_over and game.ending.id == "war"
    with pytest.raises(GameOver):
        game.choose("refuse")


def test_end_picks_first_ending_whose_condition_holds(mini):
    game = Game.new(mini, 1)
    game.choose("refuse")
    events = game.choose("concur")
    assert events[-1] == GameEnded("history", True, "end")


def test_fallback_ending_when_no_condition_holds(mini):
    for seed in range(50):
        game = Game.new(mini, seed)
        game.choose("limited")
        if game.is_over:
            continue
        game.choose("probe")
        assert game.ending.id in {"drift", "war"}


def test_outcomes_are_seeded_and_reproducible(mini):
    def outcome(seed):
        game = Game.new(mini, seed)
        return [e.index for e in game.choose("limited") if isinstance(e, OutcomeDrawn)]

    assert all(outcome(s) == outcome(s) for s in range(20))
    assert {outcome(s)[0] for s in range(40)} == {0, 1}


def test_state_round_trips_through_a_plain_dict(mini):
    import json

    game = Game.new(mini, 5)
    game.choose("limited")
    data = json.loads(json.dumps(game.to_dict()))
    again = Game.from_dict(mini, data)
    assert again.to_dict() == game.to_dict()
    assert again.scene_id == game.scene_id and again.meters == game.meters


def test_restored_game_draws_the_same_future(mini):
    a = Game.new(mini, 9)
    b = Game.from_dict(mini, a.to_dict())
    assert a.choose("limited") == b.choose("limited")


def test_chance_is_a_pure_function_of_seed_and_decision_number(mini):
    """One rule (game.engine.chance): what was drawn before never changes a later draw."""
    assert chance.roll(7, 3) == chance.roll(7, 3) != chance.roll(7, 4)
    assert chance.pick([1, 1], 0) == 0 and chance.pick([1, 1], 1) == 1 and chance.pick([3, 1], 3) == 1
    state = rules.initial_state(mini, 11)
    once = rules.step(mini, state, "limited")
    again = rules.step(mini, state, "limited")
    assert once == again and state.turn == 0  # states are values: stepping never changes one


def test_a_forced_outcome_is_taken_and_one_that_cannot_happen_is_refused(mini):
    for outcome in (0, 1):
        events = Game.new(mini, 1).choose("limited", outcome=outcome)
        assert next(e for e in events if isinstance(e, OutcomeDrawn)).index == outcome
    with pytest.raises(ChoiceUnavailable, match="no outcome 9"):
        Game.new(mini, 1).choose("limited", outcome=8)


def test_game_state_is_frozen_and_step_returns_a_new_one(mini):
    state = rules.initial_state(mini, 3)
    with pytest.raises(AttributeError):  # immutable: a state is never changed, only replaced
        state.turn = 5  # type: ignore[misc]
    result = rules.step(mini, state, "refuse")
    assert result.state.turn == 1 and result.state.decisions[0].choice == "refuse"
    assert isinstance(result.events[0], ChoiceMade)


def test_saved_state_carries_its_format_and_oldest_reader(mini):
    data = Game.new(mini, 3).to_dict()
    assert data["format"] == 2 and data["min_format"] == 2
    with pytest.raises(StateError, match="newer Politburo"):
        Game.from_dict(mini, {**data, "format": 3, "min_format": 3})


def test_carry_shifts_the_start_and_keeps_only_what_the_scenario_declares(mini, mini_path):
    carry = Carry({"national_interest": 20, "unknown": 5}, {"partisans": True, "nope": 1})
    game = Game.new(mini, 1, carry)
    assert game.meters["national_interest"] == 70
    assert game.flags["partisans"] is False  # not declared carried: a chapter's own flag
    carried = load_scenario_bytes(mini_path.read_bytes().replace(
        b"    default: false\n", b"    default: false\n    carried: true\n", 1))
    game = Game.new(carried, 1, carry)
    assert game.flags["partisans"] is True
    assert "unknown" not in game.carry.meters and "nope" not in game.carry.flags


def test_an_opening_takes_a_carried_world_to_its_own_first_scene(mini_path):
    """A chapter whose carried flag says the world left history opens on its bridge scene; on its
    own (or with history's values) it opens on start; the historical track always starts at start."""
    raw = mini_path.read_bytes().replace(b"    default: false\n", b"    default: false\n    carried: true\n", 1)
    raw = raw.replace(b"start: first\n", b"start: first\nopenings:\n  - {when: partisans, scene: second}\n")
    scenario = load_scenario_bytes(raw)
    assert Game.new(scenario, 1).scene_id == "first"
    assert Game.new(scenario, 1, Carry({}, {"partisans": True})).scene_id == "second"
    assert historical_track(scenario, Carry({}, {"partisans": True})).steps[0].scene == "first"


def test_damaged_or_foreign_saves_raise_state_error(mini):
    game = Game.new(mini, 5)
    game.choose("refuse")
    good = game.to_dict()
    for broken in (
        {**good, "format": 99, "min_format": 99},
        {**good, "format": 1, "min_format": 1},
        {**good, "scenario": {"id": "other"}},
        {**good, "decisions": [{"turn": 1, "scene": "first", "choice": "vanished", "meters": {}}]},
        {**good, "decisions": "nonsense"},
        {},
    ):
        with pytest.raises(StateError):
            Game.from_dict(mini, broken)


def test_undo_restores_the_previous_state_and_dice(mini):
    game = Game.new(mini, 3)
    before = game.to_dict()
    drawn = game.choose("limited")
    assert game.undo()
    assert game.to_dict() == before
    assert game.choose("limited") == drawn  # the same dice after undo
    assert game.undo() and not game.undo()


def test_historical_track_follows_the_historical_choices(mini):
    track = historical_track(mini)
    assert track.choices == ["refuse", "concur"]
    assert track.ending == "history" and not track.problem
    assert track.series("national_interest") == [50, 60, 65]


def test_divergence_is_zero_on_the_historical_path_and_grows_off_it(mini):
    game = Game.new(mini, 3)
    game.choose("refuse")
    game.choose("concur")
    f = figures(mini, game.state)
    assert f.divergence == f.final_divergence == 0 and (f.matched, f.decided) == (2, 2)
    assert run_divergence(mini, historical_track(mini), game.decisions) == 0

    off = Game.new(mini, 3)
    off.choose("limited")
    f = figures(mini, off.state)
    history = historical_track(mini).meters_at(1)
    assert f.divergence > 0 and f.matched == 0
    # raw divergence: mean over meters of |player - history| / range, times 100; shown as a share
    # of the farthest any run of the scenario can reach (game.play.scale)
    raw = 100 * sum(abs(off.meters[m] - history[m]) / 100 for m in off.meters) / 2
    expected = round(100 * raw / divergence_scale(mini))
    assert f.divergence == f.final_divergence == expected == divergence_between(mini, off.meters, history)


def test_the_farthest_run_scores_100_and_history_0(mini):
    """The scale is the farthest run divergence any run reaches: no run scores above 100, and
    the farthest one scores 100 exactly."""
    scale = farthest_mean(mini)
    assert scale == divergence_scale(mini) > 0
    finals = []
    for path in (["attack"], ["limited", "probe"], ["limited", "concur"], ["refuse", "concur"]):
        for seed in range(10):
            game = Game.new(mini, seed)
            for choice in path:
                if game.is_over or choice not in {c.id for c in game.available_choices()}:
                    break
                game.choose(choice)
            finals.append(figures(mini, game.state).divergence)
    assert max(finals) == 100 and min(finals) == 0


def test_seesaw_leans_toward_the_meter_that_grew(mini):
    game = Game.new(mini, 3)
    assert figures(mini, game.state).seesaw == 0
    game.choose("refuse")  # NI +10, BR -5
    assert figures(mini, game.state).seesaw == -15
    game2 = Game.new(mini, 3)
    game2.choose("attack")
    assert figures(mini, game2.state).seesaw > 0


def test_engine_never_mutates_the_scenario(mini):
    before = [m.start for m in mini.meters]
    game = Game.new(mini, 3)
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
