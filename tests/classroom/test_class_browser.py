"""The served game in a real browser: headless Chromium loads the page from ``politburo serve``,
asks nothing of any other host, and a game starts (its first screen reaches the browser).

Chromium is driven over the DevTools protocol with aiohttp (already installed with textual-serve),
on loopback addresses only; every wait is bounded.  Without Chromium the test is skipped with the
reason (``.ci/run`` installs it on Debian).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.classroom.serving import served, started_games
from tests.conftest import run_cli

pytest.importorskip("textual_serve", reason="politburo serve needs textual-serve")
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome", "chrome")
                 if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install "
                                "chromium); the browser test needs a headless browser")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
         "--disable-extensions", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
         "--window-size=1200,800"]


@contextlib.contextmanager
def chromium(profile: Path):
    """Headless Chromium with a DevTools port on loopback; yields that port."""
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        marker = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (marker.exists() and marker.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Chromium did not start its DevTools port within 30 s")
            time.sleep(0.1)
        yield int(marker.read_text().split()[0])
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


class Page:
    """Just enough of the DevTools protocol: navigate, evaluate, and record network requests."""

    def __init__(self, ws):
        self.ws, self.next_id, self.requests = ws, 0, []

    async def call(self, method: str, **params):
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            msg = await asyncio.wait_for(self.ws.receive_json(), 20)
            if msg.get("method") == "Network.requestWillBeSent":
                self.requests.append(msg["params"]["request"]["url"])
            elif msg.get("method") == "Network.webSocketCreated":
                self.requests.append(msg["params"]["url"])
            if msg.get("id") == self.next_id:
                return msg.get("result", {})

    async def click(self, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    async def press(self, key: str) -> None:
        """A key as the browser sends it to the terminal (Enter, or a printable character)."""
        down = {"type": "keyDown", "key": key}
        if key == "Enter":
            down.update(code="Enter", windowsVirtualKeyCode=13, text="\r")
        else:
            down.update(text=key, unmodifiedText=key)
        await self.call("Input.dispatchKeyEvent", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key)

    async def value(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, seconds: float):
        deadline = asyncio.get_running_loop().time() + seconds
        while asyncio.get_running_loop().time() < deadline:
            if await self.value(expression):
                return True
            await asyncio.sleep(0.25)
        return False


async def _visit(devtools_port: int, url: str, check):
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as resp:
            target = next(t for t in await resp.json(content_type=None) if t["type"] == "page")
        async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            page = Page(ws)
            await page.call("Network.enable")
            await page.call("Page.enable")
            await page.call("Page.navigate", url=url)
            return await check(page)


def _class_code() -> str:
    return json.loads(run_cli("class", "new", "--scenario", "kim-1949", "--format", "json").stdout)["code"]


def test_the_served_game_loads_and_starts_in_chromium(tmp_path):
    code = _class_code()
    saves = tmp_path / "runs" / ".saves"
    with served(tmp_path / "serve.log", "--class", code, "--runs-dir", str(tmp_path / "runs")) as server, \
            chromium(tmp_path / "profile") as devtools:

        async def check(page: Page):
            assert await page.wait_for("!!document.getElementById('terminal')", 20), "the page did not load"
            intro = await page.value("document.querySelector('.intro').innerText")
            # The game's first screen reaching the browser sets this class on the page.
            started = await page.wait_for("document.body.classList.contains('-first-byte')", 45)
            requests = list(page.requests)
            decided = False
            if started and importlib.util.find_spec("game.tui.app") is not None:
                # Take the first option, as a student would: the autosave must land in the
                # teacher's runs folder.
                await asyncio.sleep(1)
                await page.click(600, 300)
                for _ in range(4):
                    await page.press("1")
                    await asyncio.sleep(0.5)
                    await page.press("Enter")
                    deadline = asyncio.get_running_loop().time() + 10
                    while not (decided := any(saves.glob("*.json"))):
                        if asyncio.get_running_loop().time() > deadline:
                            break
                        await asyncio.sleep(0.25)
                    if decided:
                        break
            return intro, started, requests, decided

        intro, started, requests, decided = asyncio.run(_visit(devtools, server.url, check))
        games = started_games(server)
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
