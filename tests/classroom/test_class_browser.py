"""The served game in a real browser: headless Chromium loads the page from ``politburo serve``,
asks nothing of any other host, and a game starts (its first screen reaches the browser).

Chromium is driven over the DevTools protocol with aiohttp (already installed with textual-serve),
on loopback addresses only; every wait is bounded.  Without Chromium the test is skipped with the
reason (``.ci/run`` installs it on Debian).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json

import pytest

from tests.classroom.chromium import Page, chromium, needs_chromium, visit
from tests.classroom.serving import served, started_games, wait_until, warm_games
from tests.conftest import run_cli

pytest.importorskip("textual_serve", reason="politburo serve needs textual-serve")
pytestmark = needs_chromium


async def until(predicate, seconds: float) -> bool:
    """Whether ``predicate()`` came true within ``seconds``."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


def _class_code() -> str:
    return json.loads(run_cli("class", "new", "--scenario", "kim-1949", "--format", "json").stdout)["code"]


@pytest.mark.parametrize("warm", [0, 2], ids=["a process per tab", "warm start"])
def test_the_served_game_loads_and_starts_in_chromium(tmp_path, warm):
    code = _class_code()
    saves = tmp_path / "runs" / ".saves"
    with served(tmp_path / "serve.log", "--class", code, "--runs-dir", str(tmp_path / "runs"),
                "--warm", str(warm)) as server, chromium(tmp_path / "profile") as devtools:
        if warm:  # the games are started before the tab opens
            wait_until(lambda: len(warm_games(server)) == warm, 60, "the waiting games")

        async def check(page: Page):
            assert await page.wait_for("!!document.getElementById('terminal')", 20), "the page did not load"
            intro = await page.value("document.querySelector('.intro').innerText")
            # The game's first screen reaching the browser sets this class on the page.
            started = await page.wait_for("document.body.classList.contains('-first-byte')", 45)
            requests = list(page.requests)
            decided = False
            if started and importlib.util.find_spec("game.tui.app") is not None:
                # As a student would: give a name (a served class asks for it first; the game
                # keeps it for this tab with a lock in the saves folder), then take the first
                # option: the autosave must land in the teacher's runs folder.  Keys typed
                # before a screen has the focus are lost (the game screen comes a moment after
                # the name), so each step is tried again until what it leaves on disk is there.
                await asyncio.sleep(1)
                await page.click(600, 300)
                for _ in range(3):
                    for key in ("A", "n", "a", "Enter"):
                        await page.press(key)
                    if await until(lambda: any(saves.glob(".names/*.lock")), 10):
                        break
                for _ in range(40):  # the first 1 shows the options, the next takes the first
                    await page.press("1")  # (one on the reveal, after the decision, does nothing)
                    if decided := await until(lambda: any(saves.glob("*.json")), 0.5):
                        break
            return intro, started, requests, decided

        intro, started, requests, decided = asyncio.run(visit(devtools, server.url, check))
        games = started_games(server)
        if warm:  # the tab took a waiting game, and another was started for the next tab
            games = len(wait_until(lambda: len(warm_games(server)) == warm + 1 and warm_games(server), 30,
                                   "the pool to be topped up")) - warm
    assert "Politburo" in intro
    origin = f"127.0.0.1:{server.port}"
    assert requests and all(origin in u or u.startswith(("data:", "about:")) for u in requests), requests
    assert any(u == f"ws://{origin}/ws" or u.startswith(f"ws://{origin}/ws?") for u in requests)
    assert games == 1, server.output()
    if importlib.util.find_spec("game.tui.app") is None:
        pytest.skip("the page loads and a game process starts, but this build has no full-screen game yet")
    assert started, "the game's first screen never reached the browser:\n" + server.output()
    assert decided, "a decision taken in the browser left no autosave in the runs folder"
    [save] = saves.glob("*.json")
    assert json.loads(save.read_text())["settings"]["class"] == code
