"""Checks every bundled scenario must pass: it validates, history plays through to the
historical ending, random players reach every scene, choice and ending (each ending at least 2%
of the time), and every historical claim cites a source in the scenario's bibliography.

A chapter's campaign bridges (the scenes its ``openings`` lead to, and what only they reach)
open only on flags carried from the chapter before; a player starting the chapter alone never
meets them, by design.  Random play from the start leaves them out, and
tests/test_campaign_story.py plays random campaigns that must reach them instead."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from game.catalog import bundled_files
from game.engine import Game
from game.engine.history import historical_track
from game.scenario import check_file
from tests.campaign_helpers import opening_only

FILES = bundled_files()
RUNS = 3000
MIRROR_HOSTS = ("dvincitest", "drivingcreative", "lbo-talk", "koreanwar.org")


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.stem)
def scenario(request):
    result = check_file(request.param)
    assert result.ok, "\n".join(d.render() for d in result.diagnostics)
    assert not result.warnings, "\n".join(d.render() for d in result.warnings)
    return result.scenario


def random_runs(scenario, runs=RUNS, seed=1949):
    rng = random.Random(seed)
    scenes, choices, endings = Counter(), Counter(), Counter()
    for _ in range(runs):
        game = Game.new(scenario, rng.getrandbits(31))
        steps = 0
        while not game.is_over:
            scenes[game.scene_id] += 1
            choice = rng.choice(game.available_choices())
            choices[(game.scene_id, choice.id)] += 1
            game.choose(choice.id)
            steps += 1
            assert steps < 200, "a random playthrough did not terminate"
        endings[game.ending_id] += 1
    return scenes, choices, endings


def test_file_name_is_the_scenario_id(scenario):
    assert scenario.path.endswith(f"{scenario.id}.yaml")


def test_historical_path_reaches_the_historical_ending(scenario):
    track = historical_track(scenario)
    assert not track.problem, track.problem
    assert track.ending is not None and scenario.ending(track.ending).is_historical


def test_random_play_reaches_everything(scenario):
    scenes, choices, endings = random_runs(scenario)
    bridged = opening_only(scenario)  # campaign bridges: reached from the chapter before, not from here
    never_scenes = [s.id for s in scenario.scenes if not scenes[s.id] and s.id not in bridged]
    never_choices = [f"{s.id}/{c.id}" for s in scenario.scenes for c in s.choices
                     if not choices[(s.id, c.id)] and s.id not in bridged]
    assert not never_scenes, f"scenes never reached: {never_scenes}"
    assert not never_choices, f"choices never taken: {never_choices}"
    assert not any(scenes[s] for s in bridged), "a campaign bridge was reached from the chapter's start"
    rare = {e.id: f"{endings[e.id] / RUNS:.1%}" for e in scenario.endings
            if endings[e.id] < 0.02 * RUNS and e.id not in bridged}
    assert not rare, f"endings reached by under 2% of random players: {rare}"


def test_enough_decisions_and_endings(scenario):
    assert len(scenario.endings) >= 3
    assert any(e.is_historical for e in scenario.endings)
    assert any(not e.is_historical for e in scenario.endings)
    assert {"national_interest", "bloc_rivalry"} <= {m.id for m in scenario.meters}
    track = historical_track(scenario)
    assert len(track.steps) >= 5


def test_every_citation_resolves_and_avoids_mirror_sites(scenario):
    ids = {s.id for s in scenario.sources}
    for scene in scenario.scenes:
        for doc in scene.documents:
            assert doc.source in ids
        for choice in scene.choices:
            if choice.historical:
                assert choice.historical.sources and set(choice.historical.sources) <= ids
    for source in scenario.sources:
        for host in MIRROR_HOSTS:
            assert host not in source.url and host not in source.citation, source.id


def test_six_decisions_with_three_options_each(scenario):
    on_path = [scenario.scene(step.scene) for step in historical_track(scenario).steps]
    assert len(on_path) >= 6, "the historical path has fewer than six decisions"
    thin = [s.id for s in on_path if len(s.choices) < 3]
    assert not thin, f"decisions with fewer than three options: {thin}"
