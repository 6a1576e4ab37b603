"""The campaign is one story (issue 10 point 3): no chapter's first screen contradicts how the
chapter before it ended.

Each ending of chapters 1-3 is declared below with the facts about the world its text asserts,
and each scene a chapter can open on (its ``start`` and its campaign bridges) with the facts its
text and its path take for granted.  The tests then play, with the engine, every way each
chapter can end for every world it can inherit, carry the result over as the campaign does
(:func:`game.play.campaign.carry_out`), start the next chapter with it, and check that the scene
it opens on agrees with the ending on every fact both speak of.  The declarations are the
authors' reading of the texts; the plumbing (which flags each ending's path sets, which opening
those flags choose) is the engine's, so a flag forgotten on one path, or two openings in the
wrong order, fails here.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cache
from typing import Any

import pytest

from game.engine import Carry, Game, Scenario
from game.engine.history import historical_track
from game.play.campaign import BUNDLED, carry_out, load_chapter
from tests.campaign_helpers import End, chapter_ends, opening_only, play, reachable

CHAPTERS: tuple[Scenario, ...] = tuple(load_chapter(c) for c in BUNDLED.chapters)
BY_ID = {c.id: c for c in CHAPTERS}

# -- the facts ---------------------------------------------------------------------------------
#
#   korea           'divided' or 'unified' (under Pyongyang, by force, in 1949)
#   war_1949        a war between the two Koreas began in 1949 and is still being fought
#   us_troops_1949  American forces went back into Korea in 1949
#   treaty          the Sino-Soviet treaty of alliance was signed in February 1950
#   kim_answer      Moscow's answer to Kim in January-February 1950: 'help' (ready to receive
#                   him and to help, as in history), 'go_ahead' (prepare your offensive now), 'no'
#   war_1950        'june' (the attack of 25 June 1950, planned over the spring), 'early' (a war
#                   begun in the spring before it was planned), 'none' (no general offensive)
#   chair           the Soviet seat in the Security Council when the war began: 'empty', 'occupied'
#   mao_shares      Beijing shared the decision for war (the clause of 14 May 1950)
#   pledge          Moscow promised Kim Soviet air and naval support against the Americans
#
# A fact given as a set allows any of its values.

DIVIDED = {"korea": "divided", "war_1949": False}
WAR = {"june", "early"}

ENDS: dict[str, dict[str, dict[str, Any]]] = {
    "kim-1949": {
        "not_now": DIVIDED,
        "armed_truce": DIVIDED,
        "drift_to_beijing": DIVIDED,
        "drawn_out_war": {"korea": "divided", "war_1949": True},
        "american_return": {"korea": "divided", "war_1949": True, "us_troops_1949": True},
        "fait_accompli": {"korea": "unified", "war_1949": False},
    },
    "treaty-1950": {
        "premature_war": {**DIVIDED, "treaty": True, "kim_answer": "go_ahead", "war_1950": "early",
                          "chair": "empty"},
        "manchurian_condominium": {**DIVIDED, "treaty": True},
        "no_korean_war": {**DIVIDED, "treaty": True, "kim_answer": "no", "war_1950": "none"},
        "all_for_alliance": {**DIVIDED, "treaty": True, "kim_answer": "help"},
        "treaty_historical": {**DIVIDED, "treaty": True, "kim_answer": "help"},
        "mao_leaves": {**DIVIDED, "treaty": False},
        "cf_treaty_one_korea": {"korea": "unified", "treaty": True},
        "cf_treaty_in_wartime": {"korea": "divided", "war_1949": True, "treaty": True},
    },
    "acheson-1950": {
        # "Moscow's hand is in the open, whether through a pledge ... or through signals and risks"
        "cf_superpower_brink": {**DIVIDED, "war_1950": WAR},
        # "Without the clause of 14 May, Beijing is informed ... The war can still begin in June."
        "cf_moscow_alone": {**DIVIDED, "war_1950": "june", "mao_shares": False},
        "cf_veto_war": {**DIVIDED, "war_1950": WAR, "chair": "occupied"},
        "cf_premature_war": {**DIVIDED, "war_1950": "early"},
        "historical_green_light": {**DIVIDED, "war_1950": "june", "chair": "empty", "mao_shares": True,
                                   "pledge": False},
        # "The question of a general offensive has been postponed, not answered."
        "cf_border_war": {**DIVIDED, "war_1950": "none"},
        # "Whether Mao would have backed Kim's war in 1950 is doubtful": no claim about June
        "cf_beijing_patron": {**DIVIDED},
        "cf_no_war": {**DIVIDED, "war_1950": "none"},
        "cf_one_korea": {"korea": "unified"},
        "cf_war_goes_on": {"korea": "divided", "war_1949": True},
    },
}

OPENS: dict[str, dict[str, dict[str, Any]]] = {
    "treaty-1950": {
        # Mao arrives; later Kim asks again to attack the South: Korea divided and at peace
        "first_talk": {**DIVIDED, "us_troops_1949": False},
        "bridge_korea_unified": {"korea": "unified"},
        "bridge_americans_back": {"korea": "divided", "war_1949": True, "us_troops_1949": True},
        # written to be true with or without American troops (see kim-1949's flags)
        "bridge_war_in_korea": {"korea": "divided", "war_1949": True},
    },
    "acheson-1950": {
        # the chapter goes back to January 1950 and asks again how to answer Kim: it can only
        # follow a chapter 2 that gave history's answer; later, it says the treaty was signed
        "perimeter": {**DIVIDED, "treaty": True, "kim_answer": "help"},
        "bridge_one_korea": {"korea": "unified"},
        "bridge_war_goes_on": {"korea": "divided", "war_1949": True},
        "bridge_no_treaty": {**DIVIDED, "treaty": False},
        "bridge_spring_offensive": {**DIVIDED, "treaty": True, "kim_answer": "go_ahead", "chair": "empty",
                                    "war_1950": "early"},
        "bridge_door_shut": {**DIVIDED, "treaty": True, "kim_answer": "no", "chair": "empty",
                             "war_1950": "none"},
    },
    "war-1950": {
        # "At about four in the morning of 25 June ... In New York the Soviet chair ... is empty"
        "empty_chair": {**DIVIDED, "war_1950": "june", "chair": "empty", "pledge": False},
        "bridge_one_korea": {"korea": "unified"},
        "bridge_war_since_1949": {"korea": "divided", "war_1949": True},
        "bridge_no_june_war": {**DIVIDED, "war_1950": "none"},
        # says when the war began from the carried flags; "the Americans have come in"
        "bridge_pledge_due": {**DIVIDED, "war_1950": WAR, "pledge": True},
        # says which chair from the carried flags
        "bridge_early_war": {**DIVIDED, "war_1950": "early"},
        "bridge_malik_in_chair": {**DIVIDED, "war_1950": "june", "chair": "occupied", "pledge": False},
    },
}

#: Pairs of chapters whose hand-over is checked (each chapter joins when its bridges exist).
PAIRS = [("kim-1949", "treaty-1950"), ("treaty-1950", "acheson-1950"), ("acheson-1950", "war-1950")]


def _values(value: Any) -> set[Any]:
    return set(value) if isinstance(value, (set, frozenset)) else {value}


def contradictions(ending: dict[str, Any], opening: dict[str, Any]) -> list[str]:
    return [f"{key}: the ending says {sorted(_values(ending[key]), key=str)}, "
            f"the opening takes {sorted(_values(opening[key]), key=str)}"
            for key in sorted(ending.keys() & opening.keys())
            if not _values(ending[key]) & _values(opening[key])]


# -- every way each chapter ends, for every world it can inherit -------------------------------

def _carried(scenario: Scenario, flags: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((f.id, flags[f.id]) for f in scenario.flags if f.carried and f.id in flags))


@cache
def inherited(index: int) -> tuple[Carry | None, ...]:
    """One carry for each distinct world chapter ``index`` can inherit (its carried flags).
    Meter shifts are kept from one representative path: no condition in chapters 2-4 reads a
    shifted meter, and their thresholds sit on meters the chapter before does not have."""
    if index == 0:
        return (None,)
    before, scenario = CHAPTERS[index - 1], CHAPTERS[index]
    worlds: dict[tuple[tuple[str, Any], ...], Carry] = {}
    for world, carry in enumerate(inherited(index - 1)):
        for end in ends(index - 1, world):
            game = play(before, end.path, carry=carry)
            handed = carry_out(game)
            worlds.setdefault(_carried(scenario, dict(handed.flags)), handed)
    return tuple(worlds.values())


@cache
def ends(index: int, world: int) -> tuple[End, ...]:
    """Every way chapter ``index`` ends in the ``world``-th world it can inherit."""
    return tuple(chapter_ends(CHAPTERS[index], inherited(index)[world]))


def _pair_index(first: str) -> int:
    return next(i for i, c in enumerate(CHAPTERS) if c.id == first)


@pytest.mark.parametrize("first,second", PAIRS)
def test_no_ending_is_contradicted_by_the_next_chapter_s_first_screen(first, second):
    index = _pair_index(first)
    scenario, following = CHAPTERS[index], CHAPTERS[index + 1]
    assert following.id == second
    declared_ends, declared_opens = ENDS[first], OPENS[second]
    assert set(declared_ends) == {e.id for e in scenario.endings}, "declare the facts of every ending"
    openable = {following.start} | {o.scene for o in following.openings}
    assert set(declared_opens) == openable, "declare the facts of every scene the chapter opens on"
    problems, opened = [], Counter()
    for world, carry in enumerate(inherited(index)):
        for end in ends(index, world):
            game = play(scenario, end.path, seed=7, carry=carry)
            assert game.ending_id == end.ending
            nxt = Game.new(following, 7, carry_out(game))
            opened[nxt.scene_id] += 1
            for problem in contradictions(declared_ends[end.ending], declared_opens[nxt.scene_id]):
                problems.append(f"{first} ending '{end.ending}' (path {[c for c, _ in end.path]}) opens "
                                f"{second} on '{nxt.scene_id}': {problem}")
    assert not problems, "\n".join(problems[:20])
    assert set(opened) == openable, f"never opened on: {sorted(openable - set(opened))}"


# -- what the chapters declare ----------------------------------------------------------------

def _flags_set(scenario: Scenario) -> set[str]:
    out: set[str] = set()
    for scene in scenario.scenes:
        for choice in scene.choices:
            out |= {f for f, _ in choice.sets}
            for outcome in choice.outcomes:
                out |= {f for f, _ in outcome.sets}
    return out


def test_every_later_chapter_reads_a_flag_an_earlier_chapter_sets():
    """Every chapter after the first carries flags with the ids and types of the chapter before,
    at least one of them set by an earlier chapter, and reads each one where the player meets
    it first: in an opening, or in the text of a scene the chapter can open on."""
    assert {second for _, second in PAIRS} == {c.id for c in CHAPTERS[1:]}
    for index, scenario in enumerate(CHAPTERS[1:], start=1):
        carried = {f.id: f for f in scenario.flags if f.carried}
        first_screens = [scenario.scene(s).text for s in {scenario.start} | {o.scene for o in scenario.openings}]
        set_before = set().union(*(_flags_set(c) for c in CHAPTERS[:index]))
        assert carried.keys() & set_before, f"{scenario.id} carries no flag an earlier chapter sets"
        before = {f.id: f for f in CHAPTERS[index - 1].flags}
        for flag in carried.values():
            # a carried flag gets its value only from the chapter just before: it must be there
            assert flag.id in before and before[flag.id].type == flag.type, (scenario.id, flag.id)
            read = any(flag.id in o.condition.names for o in scenario.openings if o.condition)
            shown = any(f"${{if {flag.id}}}" in text for text in first_screens)
            assert read or shown, f"{scenario.id} carries '{flag.id}' but neither an opening nor a first screen reads it"


def test_played_alone_a_chapter_opens_on_its_start():
    for scenario in CHAPTERS:
        for seed in (0, 1, 1949):
            assert Game.new(scenario, seed).scene_id == scenario.start


def test_the_bridges_are_counterfactual_and_say_so():
    for scenario in CHAPTERS:
        bridges = {o.scene for o in scenario.openings}
        for scene_id in bridges:
            scene = scenario.scene(scene_id)
            assert scene.historical_choice is None, (scenario.id, scene_id)
            assert scene.text.lstrip().startswith("*(Counterfactual.)*"), (scenario.id, scene_id)
            assert "counterfactual" in scene.title.lower(), (scenario.id, scene_id)
        for item in opening_only(scenario):
            if scenario.has_ending(item):
                assert not scenario.ending(item).is_historical, (scenario.id, item)


def test_the_historical_campaign_opens_every_chapter_on_its_start():
    carry = None
    for scenario in CHAPTERS:
        game = Game.new(scenario, 3, carry)
        assert game.scene_id == scenario.start, scenario.id
        for step in historical_track(scenario, game.carry).steps:
            game.choose(step.choice, outcome=step.outcome)
        assert game.ending is not None and game.ending.is_historical, scenario.id
        carry = carry_out(game)
        assert not any(carry.meters.values()), "history hands on no shift"


# -- the test: a divergent chapter 1 ----------------------------------------------------

def _outcome_to(scenario: Scenario, scene: str, choice: str, target: str) -> int:
    picked = next(c for c in scenario.scene(scene).choices if c.id == choice)
    return next(i for i, o in enumerate(picked.outcomes) if o.next == target)


def test_chapter_1_ending_with_korea_unified_opens_chapter_2_on_its_bridge():
    kim, treaty = BY_ID["kim-1949"], BY_ID["treaty-1950"]
    game = Game.new(kim, 381)
    for choice in ("offensive_army", "let_beijing_help", "hold_line", "consult_mao"):
        game.choose(choice)
    game.choose("full_offensive", outcome=_outcome_to(kim, "politburo_decision", "full_offensive", "fait_accompli"))
    assert game.ending_id == "fait_accompli"
    carry = carry_out(game)
    assert carry.flags["korea_unified"] is True

    chapter_2 = Game.new(treaty, 382, carry)
    assert chapter_2.scene_id == "bridge_korea_unified"
    screen = chapter_2.scene
    assert screen is not None and screen.historical_choice is None
    assert "Korea is one state under Pyongyang" in " ".join(screen.text.split())
    # nothing on the way asks Kim's leave to attack a South that no longer exists
    assert reachable(treaty, [screen.id]).isdisjoint({"kim_lead", "rush_preparations", "acheson_wedge"})
    chapter_2.choose(chapter_2.available_choices()[0].id)
    assert chapter_2.ending_id == "cf_treaty_one_korea"


def test_chapter_1_ending_in_a_drawn_out_war_opens_chapter_2_at_war():
    kim, treaty = BY_ID["kim-1949"], BY_ID["treaty-1950"]
    game = Game.new(kim, 3)
    for choice in ("defence_treaty", "moscow_channel", "arm_north", "authorise_ongjin"):
        game.choose(choice)
    game.choose("dawn_strike", outcome=_outcome_to(kim, "ongjin_operation", "dawn_strike", "drawn_out_war"))
    assert game.ending_id == "drawn_out_war"
    chapter_2 = Game.new(treaty, 4, carry_out(game))
    assert chapter_2.scene_id == "bridge_war_in_korea"


# -- random campaigns reach every bridge ------------------------------------------------------

RUNS = 1500


@cache
def random_campaigns(runs: int = RUNS, seed: int = 1950) -> dict[str, dict[str, Counter[Any]]]:
    """Random players through the whole campaign: what each chapter opened on, and which
    scenes, choices and endings they met."""
    rng = random.Random(seed)
    seen: dict[str, dict[str, Counter[Any]]] = {
        c.id: {"opened": Counter(), "scenes": Counter(), "choices": Counter(), "endings": Counter(),
               "ending_after": Counter()} for c in CHAPTERS}
    for _ in range(runs):
        carry = None
        for scenario in CHAPTERS:
            game = Game.new(scenario, rng.getrandbits(31), carry)
            opened = game.scene_id
            tally = seen[scenario.id]
            tally["opened"][opened] += 1
            steps = 0
            while not game.is_over:
                tally["scenes"][game.scene_id] += 1
                choice = rng.choice(game.available_choices())
                tally["choices"][(game.scene_id, choice.id)] += 1
                game.choose(choice.id)
                steps += 1
                assert steps < 100, "a campaign chapter did not terminate"
            tally["endings"][game.ending_id] += 1
            tally["ending_after"][(opened, game.ending_id)] += 1
            carry = carry_out(game)
    return seen


@pytest.mark.parametrize("scenario", CHAPTERS[1:], ids=lambda s: s.id)
def test_random_campaigns_reach_every_bridge_choice_and_ending(scenario):
    """What only an opening reaches is left out of the fresh-start random play of
    tests/test_bundled_scenarios.py; random campaigns must reach all of it instead, and every
    ending only a bridge leads to must be reached by 2% of the players who opened on a bridge
    that leads to it."""
    only = opening_only(scenario)
    if not only:
        pytest.skip(f"{scenario.id} has no campaign bridges yet")
    tally = random_campaigns()[scenario.id]
    never = [s for s in only if scenario.has_scene(s) and not tally["scenes"][s]]
    assert not never, f"bridges never reached: {never}"
    untaken = [f"{s}/{c.id}" for s in only if scenario.has_scene(s)
               for c in scenario.scene(s).choices if not tally["choices"][(s, c.id)]]
    assert not untaken, f"bridge choices never taken: {untaken}"
    for ending in (e for e in only if scenario.has_ending(e)):
        bridges = [o.scene for o in scenario.openings if ending in reachable(scenario, [o.scene])]
        players = sum(tally["opened"][b] for b in bridges)
        reached = sum(n for (b, e), n in tally["ending_after"].items() if e == ending and b in bridges)
        assert players and reached >= 0.02 * players, (ending, reached, players)


# -- through the campaign code the game runs ----------------------------------------------------

def reading_minutes(scenario: Scenario) -> tuple[int, int]:
    from game.play.length import reading_minutes as history_length

    return history_length(scenario)


def _run(tmp_path, seed: int = 11):
    from game.paths import Places
    from game.play.campaign import bundled_plan, open_run

    places = Places(tmp_path / "runs", tmp_path / "runs" / ".saves", given=True)
    places.prepare()
    return places, open_run(bundled_plan(), places, "Ana", resume=False, seed=seed, reveal="each")


def _resumed(places):
    """The campaign as a player who quit between chapters finds it again: from the progress file."""
    from game.play.campaign import bundled_plan, open_run

    return open_run(bundled_plan(), places, "Ana", resume=True, seed=None, reveal="each")


def _play_through(run, moves):
    """The current chapter as the game plays it (a Session from CampaignRun), then the hand-over."""
    session = run.new_session(run.current().scenario)
    first = session.scene()
    for choice, outcome in moves:
        session.choose(choice, outcome=outcome)
    assert session.is_over
    assert session.finish() == ""
    ending = session.game.ending_id
    run.advance(session)
    return first, ending


def _history(scenario: Scenario):
    return [(s.choice, s.outcome) for s in historical_track(scenario).steps]


def test_a_campaign_whose_chapter_1_unifies_korea_stays_one_story_to_the_end(tmp_path):
    """The issue's case, through CampaignRun and Session as plain mode and the full-screen game
    play it, with the progress file read back between chapters: chapter 1 ends "Korea is
    unified", and no later chapter's first screen has Kim asking to attack the South or an
    invasion on 25 June."""
    kim = BY_ID["kim-1949"]
    places, run = _run(tmp_path)
    path = [(c, None) for c in ("offensive_army", "let_beijing_help", "hold_line", "consult_mao")]
    path.append(("full_offensive", _outcome_to(kim, "politburo_decision", "full_offensive", "fait_accompli")))
    first, ending = _play_through(run, path)
    assert first is not None and first.id == kim.start and ending == "fait_accompli"

    expected = [("treaty-1950", "bridge_korea_unified", "cf_treaty_one_korea"),
                ("acheson-1950", "bridge_one_korea", "cf_one_korea"),
                ("war-1950", "bridge_one_korea", "cf_one_korea_1950")]
    for chapter, bridge, bridge_ending in expected:
        run = _resumed(places)
        assert run.current().id == chapter
        assert run.progress.carry.flags["korea_unified"] is True
        session = run.new_session(run.current().scenario)
        screen = session.scene()
        assert screen is not None and screen.id == bridge, (chapter, screen)
        assert "counterfactual" in screen.title.lower() and screen.text.lstrip().startswith("*(Counterfactual.)*")
        assert "one state" in " ".join(screen.text.split())
        # the chapter's introduction, shown before it in both renderers, holds in this world too,
        # and its length is that of a chapter ended in one decision
        intro = session.intro()
        assert "counterfactual scene" in " ".join(intro.summary.split()), chapter
        assert intro.reading < reading_minutes(session.scenario), (chapter, intro.reading)
        first, ending = _play_through(run, [(screen.options[0].id, None)])
        assert ending == bridge_ending
    assert run.complete


def test_a_campaign_with_no_war_in_1950_does_not_open_chapter_4_on_the_invasion(tmp_path):
    """The issue's other case: chapters 1 and 2 as in history, chapter 3 ends "no war in 1950";
    chapter 4 must not open on the invasion of 25 June as if nothing had happened."""
    places, run = _run(tmp_path, seed=5)
    for chapter in ("kim-1949", "treaty-1950"):
        first, ending = _play_through(run, _history(BY_ID[chapter]))
        assert first is not None and first.id == BY_ID[chapter].start
        assert BY_ID[chapter].ending(ending).is_historical
    run = _resumed(places)
    first, ending = _play_through(run, [(c, None) for c in ("discount_speech", "keep_seat", "strike_now", "call_off")])
    assert first is not None and first.id == "perimeter" and ending == "cf_no_war"

    run = _resumed(places)
    assert run.progress.carry.flags["war_approved"] is False
    session = run.new_session(run.current().scenario)
    screen = session.scene()
    assert screen is not None and screen.id == "bridge_no_june_war"
    text = " ".join(screen.text.split())
    assert "June passes without that attack" in text and "${" not in text
    assert "Soviet chair at the Security Council is empty" not in text


def test_a_history_player_is_never_shown_a_bridge(tmp_path):
    """Played as history throughout, every chapter opens on its start and ends in history."""
    places, run = _run(tmp_path, seed=5)
    for scenario in CHAPTERS:
        first, ending = _play_through(run, _history(scenario))
        assert first is not None and first.id == scenario.start, scenario.id
        assert scenario.ending(ending).is_historical, (scenario.id, ending)
        if not run.complete:
            run = _resumed(places)
    assert run.complete
