"""Issue 10, point 9's small items: the theme and the player's name remembered between games (a
small prefs file, written atomically in a worker, never in a class or when served), the palette's
screenshot written to a folder that exists, and quitting on the title's first frame."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.play.prefs import MAX_BYTES, Prefs, prefs_bytes, prefs_path, read_prefs, write_prefs
from tuihelp import notes, wait_for, wait_screen


def test_prefs_round_trip_and_bad_files_give_the_defaults(tmp_path):
    path = prefs_path(tmp_path)
    assert path == tmp_path / "prefs.json"
    assert read_prefs(path) == Prefs()  # none yet
    write_prefs(path, Prefs(theme="politburo-high-contrast", player="  Ана\x1b[2J  Иванова "))
    assert read_prefs(path) == Prefs("politburo-high-contrast", "Ана [2J Иванова")  # cleaned as the prompt does
    assert json.loads(path.read_bytes())["format"] == "politburo-prefs"
    for damaged in (b"{", b"[" * 3000, b"[]", b'{"theme": "x;rm -rf", "player": 7}', b"\xff\xfe",
                    b" " * (MAX_BYTES + 1)):
        path.write_bytes(damaged)
        assert read_prefs(path) == Prefs(), damaged
    path.unlink()
    os.mkfifo(path)  # a FIFO where the file should be: refused, never waited on
    assert read_prefs(path) == Prefs()
    assert prefs_bytes(Prefs()) == b'{"format": "politburo-prefs", "version": 1, "theme": "", "player": ""}'


async def test_theme_and_name_are_remembered_for_the_next_game(council, build, tmp_path):
    path = tmp_path / "home" / "prefs.json"
    app = build(None, prefs_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        app.action_switch_theme()
        await wait_for(pilot, lambda: read_prefs(path).theme == "politburo-high-contrast", "the theme written")
        await pilot.press("n")
        await wait_screen(pilot, "PickerScreen")
        await wait_for(pilot, lambda: app.screen._selected_entry() is not None, "the scenarios")
        app.screen.query_one("#player").value = "Ana"
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: read_prefs(path).player == "Ana", "the name written")

    again = build(None, prefs=read_prefs(path), prefs_path=path)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        assert again.theme == "politburo-high-contrast"
        await pilot.press("n")
        await wait_screen(pilot, "PickerScreen")
        assert again.screen.query_one("#player").value == "Ana"
        again.action_switch_theme()
        await wait_for(pilot, lambda: read_prefs(path).theme == "textual-dark", "the default theme written")
    assert read_prefs(path) == Prefs("textual-dark", "Ana")


async def test_a_given_name_wins_and_a_class_remembers_no_name(council, build, tmp_path):
    from test_tui_classroom import in_class, joined

    path = tmp_path / "prefs.json"
    write_prefs(path, Prefs(player="Ana"))
    app = build(None, prefs=read_prefs(path), prefs_path=path, player="Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        await pilot.press("n")
        await wait_screen(pilot, "PickerScreen")
        assert app.screen.query_one("#player").value == "Ben"

    in_a_class = build(council, prefs=read_prefs(path), prefs_path=path, player="Cleo", **in_class(joined(council)))
    async with in_a_class.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "GameScreen")
        assert not in_a_class.remembers_names and in_a_class.default_name() == "Cleo"
        in_a_class.remember(player="Cleo")
        await in_a_class.workers.wait_for_complete()
    assert read_prefs(path).player == "Ana"  # a shared machine keeps nobody's name


async def test_a_remembered_theme_that_no_longer_exists_falls_back(build, tmp_path):
    app = build(None, prefs=Prefs(theme="gone-theme"), prefs_path=tmp_path / "prefs.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        assert app.theme == "textual-dark"


async def test_the_screenshot_goes_to_a_folder_that_exists(build, tmp_path, monkeypatch):
    import platformdirs

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "no-downloads-here")
    monkeypatch.setenv("HOME", str(home))
    app = build(None)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_screen(pilot, "TitleScreen")
        screenshot = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        screenshot.callback()  # as the palette runs it
        await wait_for(pilot, lambda: list(home.glob("*.svg")), "the screenshot in the home folder")
        await wait_for(pilot, lambda: "Saved screenshot to" in notes(app), "where it went")
        assert str(home) in notes(app)
        assert not (tmp_path / "no-downloads-here").exists()


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quitting_on_the_titles_first_frame_exits_cleanly(build, key):
    """The save look-up worker used to run on a dismounted title and exit 1 with NoMatches."""
    app = build(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)  # before the look-up has found anything
    assert app.return_code == 0
    assert app._exit_renderables == []


def test_without_downloads_or_a_home_the_screenshot_folder_is_made(tmp_path, monkeypatch):
    import platformdirs

    from game.tui.exit_flow import screenshot_folder

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "no-downloads-here")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("POLITBURO_HOME", str(tmp_path / "data"))
    assert screenshot_folder() == home
    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)  # no home folder known (as for a service account)
    folder = screenshot_folder()
    assert folder == tmp_path / "data" / "screenshots" and folder.is_dir()
