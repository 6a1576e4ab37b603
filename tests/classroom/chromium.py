"""Headless Chromium for the classroom tests, driven over the DevTools protocol with aiohttp
(already installed with textual-serve), on loopback addresses only; every wait is bounded.
Without Chromium the tests that need it are skipped with the reason (``.ci/run`` installs it on
Debian)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
import time

import pytest

from tests.classroom.serving import stop_group

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome", "chrome")
                 if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install "
                                    "chromium); the browser tests need a headless browser")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
         "--disable-extensions", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
         "--window-size=1200,800"]


@contextlib.contextmanager
def chromium(profile: Path):
    """Headless Chromium with a DevTools port on loopback; yields that port.

    It gets a scratch folder of its own, removed afterwards: Chromium makes one in ``$TMPDIR``
    and, stopped by a signal, leaves it there (one ``/tmp/org.chromium.Chromium.*`` per run).
    A short path under the system's temporary folder: Chromium's lock socket lives there, and a
    socket's path is limited to about a hundred characters (one under ``tmp_path`` is too long)."""
    scratch = tempfile.mkdtemp(prefix="chromium-")
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env={**os.environ, "TMPDIR": scratch})
    try:
        marker = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (marker.exists() and marker.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Chromium did not start its DevTools port within 30 s")
            time.sleep(0.1)
        yield int(marker.read_text().split()[0])
    finally:
        stop_group(proc)
        shutil.rmtree(scratch, ignore_errors=True)


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


async def visit(devtools_port: int, url: str, check):
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


async def screenshot(page: Page, *, full: bool = False) -> bytes:
    """The page as the browser draws it now (PNG): the viewport, or the whole page with ``full``."""
    clip = None
    if full:
        size = await page.value("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        clip = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
    params = {"format": "png", "captureBeyondViewport": full}
    if clip:
        params["clip"] = clip
    shot = await page.call("Page.captureScreenshot", **params)
    return base64.b64decode(shot["data"])


async def set_viewport(page: Page, width: int, height: int) -> None:
    await page.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                    mobile=False)
