"""Classes in the full-screen game: the name prompt, reasons at debate points (in the autosave
and the run record, exactly as a session with no renderer writes them), the class's locks, and
served mode."""

from __future__ import annotations

import json

import msgspec
import pytest

from game.classroom.join import JoinedClass, new_class
from game.formats import read_record
from game.paths import Places
from game.play.session import Session
from game.play.store import list_saves
from game.scenario import load_scenario_bytes
from tuihelp import FIXED_CLOCK, FIXTURES, decide, fixed_clock, notes, screen_text, type_text, wait_for, wait_screen

CLASS_SEED = 4242
VOLATILE = ("run_id", "started_at", "finished_at", "app_version")


def debate_scenario():
    """The council fixture with its September scene made a debate point (with questions)."""
    raw = (FIXTURES / "council.yaml").read_text(encoding="utf-8").replace(
        "    historiography: [why_no]\n",
        "    historiography: [why_no]\n    debate: true\n    debrief_questions:\n"
        "      - Why did Moscow say no in 1949?\n")
    return load_scenario_bytes(raw.encode(), str(FIXTURES / "council-debate.yaml"))


@pytest.fixture
def debate():
    return debate_scenario()


def joined(scenario, *, justify=True, undo=True, reveal="each") -> JoinedClass:
    code = new_class(scenario, scenario.path, CLASS_SEED, reveal=reveal, undo=undo, justify=justify)
    return JoinedClass(code, scenario)


def in_class(klass: JoinedClass) -> dict:
    """What ``politburo play --class CODE`` launches: the class's scenario, seed and settings."""
    return {"seed": klass.seed, "settings": klass.settings()}


async def test_name_prompt_and_reasons_go_into_the_save_and_the_record(build, places, debate, tmp_path):
    klass = joined(debate)
    app = build(debate, player=None, **in_class(klass))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "NameScreen")
        await wait_for(pilot, lambda: f"Class {klass.text}" in screen_text(app), "the class's settings")
        assert "Reasons for your" in screen_text(app)
        await pilot.press("enter")  # an empty name is refused
        await wait_for(pilot, lambda: "Please type a name" in screen_text(app), "the request for a name")
        await type_text(pilot, "  Ana   Lee ")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.run.player == "Ana Lee"
        assert app.session.run.settings == klass.settings()
        await decide(pilot, "1")  # March is not a debate point: no question
        await pilot.press("1")  # September is
        await wait_screen(pilot, "ReasonScreen")
        assert "why “Refuse; back the partisans”?" in screen_text(app)
        await pilot.press("escape")  # back to the choices: nothing decided
        await wait_screen(pilot, "GameScreen")
        assert app.session.turn == 1
        await pilot.press("1")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press("enter")  # empty: asked once more, as plain mode does
        await wait_for(pilot, lambda: "helps the class discussion" in screen_text(app), "the second ask")
        await type_text(pilot, "War [bold]with America[/] was too great a risk.")
        await pilot.press("enter")
        await wait_screen(pilot, "RevealScreen")
        assert app.session.turn == 2
        await app.workers.wait_for_complete()
        [listed] = list_saves(places)
        reason = "War [bold]with America[/] was too great a risk."
        assert listed.save.justifications == {"2": reason}
        assert listed.save.settings.class_code == klass.text
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        await wait_for(pilot, lambda: app.session.record_path is not None, "the run record")
        assert f"Class {klass.text}" in str(app.screen.query_one("#record").render())
    record = read_record(app.session.record_path)
    assert record.player == "Ana Lee"
    assert [d.justification for d in record.decisions] == ["", reason, ""]
    assert record.settings == klass.settings()

    # The same class game with no renderer at all builds the same record.
    session = Session.start(debate, Places(tmp_path / "h", tmp_path / "h" / ".saves"), player="Ana Lee",
                            settings=klass.settings(), seed=klass.seed, clock=fixed_clock)
    for choice, why in (("aid", ""), ("refuse", reason), ("concur", "")):
        session.choose(choice, why)
    strip = lambda r: {k: v for k, v in msgspec.to_builtins(r).items() if k not in VOLATILE}  # noqa: E731
    assert strip(record) == strip(session.record(FIXED_CLOCK))


async def test_a_named_class_player_carries_on_their_own_save(build, places, debate):
    klass = joined(debate)
    first = build(debate, player="Bo", **in_class(klass))  # --player given: no prompt
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")
        await first.workers.wait_for_complete()
    second = build(debate, player=None, **in_class(klass))
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "NameScreen")
        await type_text(pilot, "Bo")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert second.session.turn == 1 and second.session.game.decisions[0].choice == "treaty"


async def test_another_class_players_save_is_never_carried_on(build, places, debate):
    """``--resume`` as Bo in another class does not touch Bo's save from the first class (each
    class's save has its own file): the game says there is none here, shows the title, and the
    save is left as it was."""
    klass, other = joined(debate), joined(debate, reveal="end")
    first = build(debate, player="Bo", **in_class(other))
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "2")
        await first.workers.wait_for_complete()
    [before] = list_saves(places)
    second = build(debate, player="Bo", resume=True, **in_class(klass))
    async with second.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_screen(pilot, "TitleScreen")
        assert second.session is None
        assert "no saved game of" in notes(second) and "for player 'Bo'" in notes(second)
    [after] = list_saves(places)
    assert after.save == before.save


async def test_the_class_locks_undo_and_keeps_history_for_the_end(build, debate):
    klass = joined(debate, justify=False, undo=False, reveal="end")
    app = build(debate, player="Cy", **in_class(klass))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await decide(pilot, "1")
        assert app.screen.check_action("undo", ()) is False
        await pilot.press("u")
        await pilot.pause()
        assert app.session.turn == 1
        await pilot.press("1")  # no --justify: no question at the debate point
        await wait_screen(pilot, "RevealScreen")
        assert "Kept for the end" in screen_text(app)


async def test_served_mode_is_locked_down(build, places, council, monkeypatch):
    from game.catalog import resolve
    from game.formats import RunSettings

    # Two saved games in the teacher's folder: only the player's own may be offered.
    kim = resolve("kim-1949").result.scenario
    places.prepare()
    for player, scenario in (("Ana", council), ("Bo", kim)):
        s = Session.start(scenario, places, player=player, settings=RunSettings(), seed=1)
        s.choose(s.scene().options[0].id)
        assert s.save() == ""
    app = build(None, served=True, player="ignored")
    delivered = []
    monkeypatch.setattr(app, "deliver_text", lambda f, **kw: delivered.append((f.read(), kw)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "NameScreen")  # always asked when served
        await type_text(pilot, "Cy")
        await pilot.press("enter")
        await wait_screen(pilot, "TitleScreen")
        menu = app.screen.query_one("#menu")
        await wait_for(pilot, lambda: "no saved game yet" in str(menu.get_option("continue").prompt),
                       "the save search (Cy has none)")
        option = menu.get_option("class")
        assert option.disabled and "not available in the browser" in str(option.prompt)
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "TitleScreen"
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not any(t.lower().startswith("screenshot") for t in titles)
        await pilot.press("n")
        await wait_screen(pilot, "PickerScreen")
        await wait_for(pilot, lambda: app.screen.entries, "the scenario list")
        assert app.screen.query_one("#player").disabled
        assert all(e.path.endswith(".yaml") and "/scenarios/" in e.path.replace("\\", "/")
                   for e in app.screen.entries)  # bundled only
        app.start_new(council, player="someone else", reveal="each")
        await wait_screen(pilot, "GameScreen")
        assert app.session.run.player == "Cy"
        await decide(pilot, "1")
        app.action_export_run()
        await wait_for(pilot, lambda: delivered, "the export to be sent to the browser")
        exported, options = delivered[0]
        assert json.loads(exported)["player"] == "Cy" and options["save_filename"].endswith(".json")
        assert not (places.runs / "exports").exists()
        await decide(pilot, "1")
        await decide(pilot, "1")
        await wait_for(pilot, lambda: "Run record saved" in str(app.screen.query_one("#record").render()),
                       "the record line")
        line = str(app.screen.query_one("#record").render())
        assert "teacher's runs folder" in line and str(places.runs) not in line

    again = build(None, served=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "NameScreen")
        await type_text(pilot, "Bo")
        await pilot.press("enter")
        await wait_screen(pilot, "TitleScreen")
        menu = again.screen.query_one("#menu")
        await wait_for(pilot, lambda: not menu.get_option("continue").disabled, "Bo's own save")
        assert f"{kim.title} (Bo, 1 decision" in str(menu.get_option("continue").prompt)


async def test_served_class_asks_the_name_even_with_a_player(build, debate):
    app = build(debate, served=True, player="given", **in_class(joined(debate)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "NameScreen")
        await type_text(pilot, "Di")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.run.player == "Di"


@pytest.fixture
def other_tab():
    """Another live process: the game in another browser tab."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


async def test_served_mode_refuses_a_name_another_live_tab_is_using(build, places, debate, other_tab):
    import os

    from game.classroom.namelock import claim_name, lock_path

    places.prepare()
    claim_name(places.saves, "Alex", pid=other_tab.pid)
    app = build(debate, served=True, **in_class(joined(debate)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "NameScreen")
        await type_text(pilot, "Alex")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Someone is already playing as Alex" in screen_text(app),
                       "the name-in-use message")
        assert type(app.screen).__name__ == "NameScreen"
        await type_text(pilot, " B")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert app.session.run.player == "Alex B"
        assert lock_path(places.saves, "Alex B").read_text() == str(os.getpid())
    assert not lock_path(places.saves, "Alex B").exists()  # released when the tab closes
