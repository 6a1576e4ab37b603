"""A campaign chapter saved under the version before its bridges (1.1.0) and opened under the
version with them (1.2.0), through the existing migration.

The old version declared no carried flags, so its saves hold none: such a save replays whole
under 1.2.0 and the player goes on with the game they were playing, whatever world the campaign
had handed it (the migration never changes a game under a player's feet).  The next chapter
started under 1.2.0 reads the flags from the campaign's progress file and opens on its bridge.
"""

from __future__ import annotations

from game.catalog import bundled_files
from game.engine import Carry, Game, Scenario
from game.engine.history import historical_track
from game.play.migrate import migrate_state
from game.scenario import load_scenario, load_scenario_bytes

WAR = next(p for p in bundled_files() if p.stem == "war-1950")
#: The version now (1.2.0 brought the bridges; later versions keep them).
CURRENT = load_scenario(WAR).version


def before_bridges() -> Scenario:
    """war-1950 as it played before its bridges (version 1.1.0): it declared no carried flags,
    so a campaign's flags were dropped at its start and it always opened on 'empty_chair'."""
    text = WAR.read_text(encoding="utf-8").replace("    carried: true\n", "")
    old = text.replace(f'version: "{CURRENT}"', 'version: "1.1.0"', 1)
    return load_scenario_bytes(old.encode("utf-8"), "war-1950.yaml", path=WAR)


#: What chapter 3 hands on when it ends as history did, and when it ends with no war in 1950.
HISTORY = {"war_approved": True, "un_boycott": True, "limited_op": False, "soviet_pledge": False,
           "mao_bypassed": False, "spring_war": False, "korea_unified": False, "war_begun": False}
NO_WAR = {**HISTORY, "war_approved": False}


def saved_after(scenario: Scenario, flags: dict[str, object], decisions: int) -> dict[str, object]:
    game = Game.new(scenario, 17, Carry({"bloc_rivalry": -8}, flags))
    for step in historical_track(scenario, game.carry).steps[:decisions]:
        game.choose(step.choice, outcome=step.outcome)
    return game.to_dict()


def test_an_old_save_from_a_historical_campaign_carries_over_whole():
    old, new = before_bridges(), load_scenario(WAR)
    assert old.content_hash != new.content_hash
    state = saved_after(old, HISTORY, 3)
    moved = migrate_state(new, state)
    assert moved.status == "migrated" and moved.game is not None
    assert moved.replayed == moved.total == 3
    assert moved.game.scene_id == state["scene"]
    assert any(f"version 1.1.0, now {CURRENT}" in note for note in moved.notes)


def test_an_old_save_from_a_campaign_that_left_history_goes_on_as_it_was_played():
    old, new = before_bridges(), load_scenario(WAR)
    state = saved_after(old, NO_WAR, 2)
    assert state["decisions"][0]["scene"] == "empty_chair" and not state["carry"]["flags"]
    moved = migrate_state(new, state)
    assert moved.status == "migrated" and moved.game is not None and moved.replayed == 2
    assert moved.game.scene_id == state["scene"]


def test_a_chapter_started_under_the_new_version_opens_on_its_bridge():
    new = load_scenario(WAR)
    assert Game.new(new, 17, Carry({}, NO_WAR)).scene_id == "bridge_no_june_war"
    assert Game.new(new, 17, Carry({}, HISTORY)).scene_id == "empty_chair"
