"""``politburo serve``: a fixed command per tab, loopback by default, an offline page, clear errors."""

from __future__ import annotations

import asyncio
import shlex
import urllib.request

import pytest

from game.classroom.webserve import offline_templates, served_command
from tests.classroom.serving import free_port, served, started_games
from tests.conftest import run_cli

pytest.importorskip("textual_serve", reason="politburo serve needs textual-serve")
KIM_CODE_ARGS = ["class", "new", "--scenario", "kim-1949", "--seed", "7", "--format", "json"]


def _kim_code() -> str:
    import json

    return json.loads(run_cli(*KIM_CODE_ARGS).stdout)["code"]


def test_the_served_command_is_fixed_and_quoted(tmp_path):
    odd = tmp_path / "runs; rm -rf ~ $(touch x) `id`"
    command = served_command("32N-F24-2WQ", odd, python="/usr/bin/python3")
    assert shlex.split(command) == ["/usr/bin/python3", "-m", "game", "play", "--runs-dir", str(odd),
                                    "--class", "32N-F24-2WQ"]
    assert shlex.split(served_command(None, odd))[-2:] == ["--runs-dir", str(odd)]


def test_the_page_asks_no_one_else_for_anything():
    page = (offline_templates() / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page and 'id="terminal"' in page


@pytest.mark.parametrize("args, message", [
    (["--class", "ABC-DEF-GHJ"], "typo"),
    (["--port", "70000"], "between 1 and 65535"),
])
def test_serve_mistakes_are_clear(args, message):
    out = run_cli("serve", *args)
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr


def test_serve_refuses_codes_for_scenario_files(seminar_class):
    out = run_cli("serve", "--class", seminar_class.text)
    assert out.returncode == 2 and "bundled scenarios only" in out.stderr


def test_a_port_in_use_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        out = run_cli("serve", "--port", str(busy.getsockname()[1]), "--runs-dir", str(tmp_path))
    assert out.returncode == 2 and "cannot listen" in out.stderr and "Traceback" not in out.stderr


def test_served_page_and_one_game_per_tab(tmp_path):
    code = _kim_code()
    runs = tmp_path / "lesson"
    with served(tmp_path / "serve.log", "--class", code, "--runs-dir", str(runs), "--warm", "0") as server:
        html = urllib.request.urlopen(server.url, timeout=10).read().decode()
        assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in html
        assert "googleapis" not in html and "<div>Politburo</div>" in html
        # The websocket address follows the address the browser used (so --host 0.0.0.0 works).
        req = urllib.request.Request(server.url, headers={"Host": f"localhost:{server.port}"})
        assert f"ws://localhost:{server.port}/ws" in urllib.request.urlopen(req, timeout=10).read().decode()
        started = asyncio.run(_open_tabs(server, 2))
        banner = server.output()
    assert started == 2
    assert f"class {code}" in banner and f"runs go to {runs.resolve()}" in banner
    assert "http://127.0.0.1:" in banner and "no password" not in banner
    assert runs.is_dir()


async def _open_tabs(server, tabs: int) -> int:
    """Connect ``tabs`` websockets as browser tabs do; return how many games were started."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        url = f"ws://127.0.0.1:{server.port}/ws?width=100&height=30"
        sockets = [await asyncio.wait_for(session.ws_connect(url), 10) for _ in range(tabs)]
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 30
            while started_games(server) < tabs and loop.time() < deadline:  # noqa: ASYNC110 - polls /proc
                await asyncio.sleep(0.2)
            return started_games(server)
        finally:
            for ws in sockets:
                await ws.close()


def test_free_port_is_loopback():
    assert 0 < free_port() < 65536


def test_being_served_is_said_only_once_the_port_is_bound(tmp_path):
    """Issue 10, point 9: the banner comes from aiohttp's own "running" moment, after the port is
    bound, so the address it gives answers at once (here with games started ahead, which take a
    while before the server listens)."""
    import contextlib
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    from tests.classroom.serving import ROOT

    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "game", "serve", "--port", str(port), "--class", _kim_code(),
                                 "--runs-dir", str(tmp_path / "runs"), "--warm", "2"], cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while "being served at" not in log.read_text(encoding="utf-8", errors="replace"):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.02)
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass  # no ConnectionRefusedError: listening before saying so
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
