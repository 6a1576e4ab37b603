"""Served play for a class: how long a browser tab waits for its first screen, alone and with 29
others opened at the same moment, and what each tab costs in memory.

Goal (issue 14): 30 tabs opened together all show the first screen within 2x the time one tab
takes alone, on the 2-core development machine; memory per tab measured.

It runs ``politburo serve`` on 127.0.0.1 (a free port, a temporary runs folder, every wait
bounded): with warm starts (the default: games started ahead by a pre-loaded process, see
game/classroom/warm.py) and with ``--warm 0`` (a fresh Python per tab, as before).  A tab does what
a browser opening the page does: it fetches the page and its script and style sheet (520 KB), then
opens the websocket (``/ws?width=W&height=H``); its time runs from the first request to the first
screen's text arriving.  The websocket part alone is timed too.  "One tab alone" is the median of
five tabs opened one at a time, with the server quiet in between; "30 together" opens 30 at once and
takes the slowest (all must show their first screen).  A third run opens the 30 tabs at another
size than the waiting games were drawn at (each game must redraw).  Memory is read from /proc
(Linux): USS, the memory only that tab's game holds, and PSS, which also charges each game its
share of what it shares with the pre-loaded process.

The clients run on the same two cores as the server, and a websocket handshake alone costs the
pair of Python processes about 2 ms: the script also times 30 bare websocket tabs against a
server that starts no game at all, the floor under any design that serves tabs from one Python
process.

Run: python benchmarks/bench_serve.py [--tabs 30] [--size 100x30] [--no-cold]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT

MARK = b"name"  # the first screen of a served class game asks for the student's name
GOAL = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
    return out


def memory(pid: int) -> tuple[float, float]:
    """(USS, PSS) of a process in MiB."""
    fields = {}
    with contextlib.suppress(OSError):
        for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0])
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return uss / 1024, fields.get("Pss", 0) / 1024


@contextlib.contextmanager
def serving(runs: Path, code: str, *args: str):
    port = free_port()
    log = open(runs.parent / f"serve-{port}.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "game", "serve", "--port", str(port), "--class", code,
                             "--runs-dir", str(runs), *args], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True, env={**os.environ, "COLUMNS": "200"})
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        yield port, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
        log.close()


def waiting_games(server_pid: int) -> list[int]:
    """The games a warm server keeps started: the children of its pre-loaded process."""
    return [g for p in children(server_pid) for g in children(p)]


def wait_for_pool(server_pid: int, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(waiting_games(server_pid)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the pool did not reach {count} games")
        time.sleep(0.2)
    time.sleep(1.5)  # let the last ones draw their first screen


PAGE_FILES = ("/", "/static/css/xterm.css", "/static/js/textual.js")


async def tab(session, port: int, size: tuple[int, int], hold: asyncio.Event, shown: list[float],
              page: bool = True) -> float:
    start = time.perf_counter()
    if page:  # what the browser fetches before it opens the websocket
        for path in PAGE_FILES:
            async with session.get(f"http://127.0.0.1:{port}{path}") as response:
                await response.read()
                assert response.status == 200, (path, response.status)
    url = f"ws://127.0.0.1:{port}/ws?width={size[0]}&height={size[1]}"
    async with session.ws_connect(url, max_msg_size=0) as ws:
        seen = b""
        while MARK not in seen:
            msg = await asyncio.wait_for(ws.receive(), 60)
            if msg.type.name == "BINARY":
                seen += msg.data
            elif msg.type.name in ("CLOSE", "CLOSED", "ERROR"):
                raise RuntimeError(f"the tab closed before its first screen: {seen[-300:]!r}")
        took = time.perf_counter() - start
        shown.append(took)
        await hold.wait()
    return took


async def open_tabs(port: int, count: int, size: tuple[int, int], measure=None, page: bool = True
                    ) -> tuple[list[float], object]:
    import aiohttp

    hold = asyncio.Event()
    shown: list[float] = []
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [asyncio.create_task(tab(session, port, size, hold, shown, page)) for _ in range(count)]
        while len(shown) < count:
            done = [t for t in tasks if t.done() and t.exception()]
            if done:
                raise done[0].exception()
            await asyncio.sleep(0.01)
        extra = measure() if measure else None
        hold.set()
        await asyncio.gather(*tasks)
    return shown, extra


def descendants(pid: int) -> list[int]:
    found = []
    for child in children(pid):
        found += [child, *descendants(child)]
    return found


def game_pids(server_pid: int, warm: bool) -> list[int]:
    if warm:
        return waiting_games(server_pid)
    games = []
    for pid in descendants(server_pid):  # cold: a python per tab (under a shell, or exec'd by it)
        with contextlib.suppress(OSError):
            if b"game\0play" in (Path("/proc") / str(pid) / "cmdline").read_bytes():
                games.append(pid)
    return games


def run_mode(code: str, tabs: int, size: tuple[int, int], warm: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp) / "runs"
        args = ["--max-players", str(tabs + 10), "--warm", str(tabs if warm else 0)]
        result: dict = {}
        with serving(runs, code, *args) as (port, proc):
            if warm:
                wait_for_pool(proc.pid, tabs)
            for page in (True, False):
                alone = []
                for _ in range(5):
                    shown, _ = asyncio.run(open_tabs(port, 1, size, page=page))
                    alone.append(shown[0])
                    time.sleep(2.5 if warm else 1.0)  # quiet: the pool is topped up again
                if warm:
                    wait_for_pool(proc.pid, tabs)

                def measure():
                    return [memory(p) for p in game_pids(proc.pid, warm)]

                together, mem = asyncio.run(open_tabs(port, tabs, size, measure, page=page))
                key = "page" if page else "ws"
                result[key] = {"alone": alone, "together": together}
                if page:
                    result["memory"] = mem
                if warm:
                    wait_for_pool(proc.pid, tabs)
            result["preload"] = [memory(p) for p in children(proc.pid)] if warm else []
        if warm:  # every tab at another size than the waiting games were drawn at
            with serving(Path(tmp) / "runs2", code, *args) as (port, proc):
                wait_for_pool(proc.pid, tabs)
                other = (size[0] + 20, size[1] + 10)
                result["resized"], _ = asyncio.run(open_tabs(port, tabs, other))
    return result


async def bare_floor(tabs: int) -> tuple[float, float]:
    """One and ``tabs`` websocket tabs against an aiohttp server that starts no game: it sends
    one 14 KB screen at once (the floor under any design served from one Python process)."""
    import aiohttp
    from aiohttp import web

    async def handler(request):
        ws = web.WebSocketResponse(heartbeat=15)
        await ws.prepare(request)
        for _ in range(14):
            await ws.send_bytes(b"x" * 1000)
        await ws.send_bytes(MARK)
        async for _ in ws:
            pass
        return ws

    app = web.Application()
    app.add_routes([web.get("/ws", handler)])
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            async def one() -> float:
                start = time.perf_counter()
                async with session.ws_connect(f"ws://127.0.0.1:{port}/ws") as ws:
                    seen = b""
                    while MARK not in seen:
                        seen += (await ws.receive()).data
                    return time.perf_counter() - start

            alone = statistics.median([await one() for _ in range(5)])
            together = max(await asyncio.gather(*[one() for _ in range(tabs)]))
    finally:
        await runner.cleanup()
    return alone, together


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tabs", type=int, default=30)
    parser.add_argument("--size", default="100x30")
    parser.add_argument("--no-cold", action="store_true", help="skip the fresh-process-per-tab baseline (slow)")
    args = parser.parse_args()
    size = (int(args.size.split("x")[0]), int(args.size.split("x")[1]))
    out = subprocess.run([sys.executable, "-m", "game", "class", "new", "--scenario", "kim-1949", "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    code = json.loads(out.stdout)["code"]
    print(f"{os.cpu_count()} CPUs; {args.tabs} tabs of {size[0]}x{size[1]}; class {code}")
    mem_per_tab = {}
    for name, warm in [("warm start", True)] + ([] if args.no_cold else [("a process per tab", False)]):
        r = run_mode(code, args.tabs, size, warm)
        print(f"{name}:")
        for key, what in (("page", "page + script + websocket"), ("ws", "websocket only")):
            alone = statistics.median(r[key]["alone"])
            slowest = max(r[key]["together"])
            ratio = slowest / alone
            print(f"  {what:26} one tab alone {_ms(alone)} (of 5: "
                  + ", ".join(f"{t * 1000:.0f}" for t in r[key]["alone"]) + f"); {args.tabs} together: all shown "
                  f"after {_ms(slowest)} (median {_ms(statistics.median(r[key]['together']))})  ratio {ratio:.1f}x "
                  f"(goal <= {GOAL}x: {'ok' if ratio <= GOAL else 'missed'})")
        if "resized" in r:
            print(f"  {args.tabs} together at another size than the waiting games (each redraws): all shown after "
                  f"{_ms(max(r['resized']))} (median {_ms(statistics.median(r['resized']))})")
        mem = r["memory"]
        uss = statistics.mean(m[0] for m in mem) if mem else 0.0
        pss = statistics.mean(m[1] for m in mem) if mem else 0.0
        mem_per_tab[name] = pss
        print(f"  memory per tab: USS {uss:.1f} MiB, PSS {pss:.1f} MiB ({len(mem)} game processes measured)")
        for uss_p, pss_p in r["preload"]:
            print(f"  the pre-loaded process: USS {uss_p:.1f} MiB, PSS {pss_p:.1f} MiB (once per server)")
    if len(mem_per_tab) == 2:
        warm_pss, cold_pss = mem_per_tab["warm start"], mem_per_tab["a process per tab"]
        print(f"memory per tab, warm / a process per tab (PSS): {warm_pss / cold_pss:.2f}x")
    alone, together = asyncio.run(bare_floor(args.tabs))
    print(f"floor: bare websocket tabs, no game: one alone {alone * 1000:.1f} ms; {args.tabs} together "
          f"{_ms(together)} (ratio {together / alone:.1f}x)")


if __name__ == "__main__":
    main()
