"""Serving the game to browsers with ``textual-serve``: one game process per browser tab.

Why the browser can reach nothing but the game: textual-serve starts one fixed command for each
tab and only passes keystrokes and window sizes to it (no shell, no arguments from the browser).
The command is built here from values the teacher gave and the server checked (a class code it
could resolve, an absolute runs folder), quoted for the shell, and ``POLITBURO_SERVED=1`` tells the
game it is served, so it offers bundled scenarios only and never a file path.

Two changes to textual-serve's page, both for a classroom without internet: the page no longer
asks Google for a web font, and its websocket address comes from the address the student's browser
used, so ``--host 0.0.0.0`` works (textual-serve would send browsers to ``ws://0.0.0.0``).

**Who may connect (issue 12, F7).**  A web page open in any browser on the teacher's machine could
otherwise open a websocket to ``127.0.0.1:8000`` and start games.  So:

- every request must name this server by an address (``127.0.0.1``, ``localhost``, an IP address
  of this machine) or by a host the teacher allowed with ``--allow-origin``: a page on
  ``evil.example`` whose name a rebinding DNS points at 127.0.0.1 gets "403";
- a websocket whose ``Origin`` is not the page's own (the same host and port) nor an allowed host
  is refused with "403" before any game starts.  Browsers always send ``Origin`` and scripts cannot
  forge it; a client without one is not a web page;
- at most ``max_players`` tabs play at once; past that, the page and the game's terminal say the
  class is full instead of starting a game (each game costs memory).

**Warm starts** (:mod:`game.classroom.warm`): tabs are given games already started by a pre-loaded
process, so thirty tabs opened together do not queue behind thirty Python start-ups.

**The teacher's live page** (``/live``): the class as it decides (:mod:`game.classroom.live`),
refreshed within a second, with the Politburo's choices hidden until the teacher presses ``h``.
It is served to this machine only (the teacher's projector), never to the students' machines.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

    from game.classroom.live import ClassWatcher

SERVED_ENV = "POLITBURO_SERVED"
_EXTERNAL_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>\s*", re.S)
log = logging.getLogger("politburo.serve")

FULL_TITLE = "The class is full"


def served_command(class_code: str | None, runs_dir: Path, python: str = sys.executable) -> str:
    """The one command every tab runs.  ``class_code`` must already be a resolved code's text."""
    argv = [python, "-m", "game", "play", "--runs-dir", str(runs_dir)]
    if class_code:
        argv += ["--class", class_code]
    if sys.platform == "win32":  # pragma: no cover - cmd.exe quoting
        return subprocess.list2cmdline(argv)
    return shlex.join(argv)


def offline_templates() -> Path:
    """textual-serve's page template without the external web font, in a private folder."""
    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    folder = Path(tempfile.mkdtemp(prefix="politburo-serve-"))
    (folder / "app_index.html").write_text(_EXTERNAL_FONT.sub("", source.read_text(encoding="utf-8")),
                                           encoding="utf-8")
    return folder


def game_environment(width: int = 100, height: int = 30) -> dict[str, str]:
    """The environment textual-serve 1.1.3 gives each tab's game (``AppService._build_environment``),
    for the pre-loaded process: Textual reads it when it is imported, before any tab exists."""
    import os
    from importlib.metadata import version

    return {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "TEXTUAL_FPS": "60",
            "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual",
            "TERM_PROGRAM_VERSION": version("textual-serve"), "COLUMNS": str(width), "ROWS": str(height)}


# -- who may connect -----------------------------------------------------------------------------

def split_host(value: str) -> tuple[str, int | None]:
    """``host[:port]`` (IPv6 in brackets) as (lower-case host without brackets, port or None)."""
    value = value.strip().lower()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif value.count(":") == 1:
        host, _, port = value.partition(":")
    else:
        host, port = value, ""
    return host, int(port) if port.isdigit() else None


def is_address(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Gate:
    """The server's rules on who may connect (see the module docstring), as plain checks."""

    def __init__(self, allowed: list[str] | tuple[str, ...] = ()) -> None:
        #: Host names (or addresses) the teacher allowed with ``--allow-origin``, as given or as URLs.
        self.allowed = {split_host(urlsplit(a).netloc or a)[0] for a in allowed if a.strip()}

    @staticmethod
    def bad_hosts(values: list[str] | tuple[str, ...]) -> list[str]:
        """The ``--allow-origin`` values that name no host."""
        return [v for v in values if not split_host(urlsplit(v).netloc or v)[0] or "/" in (urlsplit(v).netloc or v)]

    def host_problem(self, host_header: str) -> str:
        """'' if a request naming ``host_header`` may be answered, else why not."""
        host, _ = split_host(host_header)
        if not host:
            return "the request names no host"
        if is_address(host) or host in self.allowed:
            return ""
        return (f"this server answers to its own addresses only, not to the name '{host}' "
                f"(the teacher can allow it: politburo serve --allow-origin {host})")

    def origin_problem(self, origin: str | None, host_header: str) -> str:
        """'' if a websocket from a page at ``origin`` may start a game, else why not."""
        if origin is None:
            return ""  # not a browser page (browsers always send Origin on a websocket)
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"a page at '{origin}' may not start games here"
        origin_host, origin_port = split_host(parts.netloc)
        if origin_port is None:
            origin_port = 443 if parts.scheme == "https" else 80
        own_host, own_port = split_host(host_header)
        if own_port is None:
            own_port = 80
        if (origin_host, origin_port) == (own_host, own_port) or origin_host in self.allowed:
            return ""
        return (f"a page at '{origin}' is not this server's page, so it may not start games here "
                f"(to allow it: politburo serve --allow-origin {origin_host})")


# -- the tab limit ---------------------------------------------------------------------------------

#: Memory one playing tab costs, measured with warm starts (benchmarks/bench_serve.py: the unique
#: memory of a forked game after its first screen, rounded up), and without them.
TAB_MIB_WARM, TAB_MIB_COLD = 24, 50
#: Tabs per core: a tab uses CPU only while its player reads a new scene or decides.
TABS_PER_CPU = 25


def available_mib() -> int | None:
    """Memory available for new processes (Linux: MemAvailable), or None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def default_max_players(*, warm: bool, cpus: int | None = None, mib: int | None = None) -> int:
    """How many tabs may play at once when the teacher does not say: what half the available memory
    holds, and what the cores can serve, whichever is smaller; between 4 and 200."""
    import os

    cpus = cpus if cpus is not None else (os.cpu_count() or 1)
    mib = mib if mib is not None else available_mib()
    by_cpu = cpus * TABS_PER_CPU
    by_memory = by_cpu if mib is None else mib // 2 // (TAB_MIB_WARM if warm else TAB_MIB_COLD)
    return max(4, min(200, by_cpu, by_memory))


def full_page(limit: int) -> str:
    from html import escape

    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>" + FULL_TITLE + "</title>"
            "<style>body{font:22px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}</style>"
            f"</head><body><h1>{FULL_TITLE}</h1><p>{escape(str(limit))} students are playing already, which is as "
            "many as this computer takes. Wait for a place to come free (a student who closes a tab frees one) "
            "and reload this page, or ask your teacher.</p></body></html>")


def full_terminal(limit: int) -> bytes:
    """What a tab's terminal shows when the class filled up between the page and its game."""
    return (f"\r\n  {FULL_TITLE}: {limit} students are playing already, as many as this computer takes.\r\n"
            "  Close this tab, wait for a place to come free, and open the page again.\r\n").encode()


# -- the teacher's live page ---------------------------------------------------------------------

LIVE_SCRIPT = """
let version = -1, reveal = false;
async function refresh() {
  try {
    const r = await fetch(`/live/board?since=${version}&reveal=${reveal ? 1 : 0}`, {cache: 'no-store'});
    if (r.status === 200) {
      version = Number(r.headers.get('X-Board-Version'));
      document.getElementById('board').innerHTML = await r.text();
    }
    document.getElementById('state').textContent = '';
  } catch (e) {
    document.getElementById('state').textContent = 'The server does not answer: is politburo serve still running?';
  }
  setTimeout(refresh, 500);
}
document.addEventListener('keydown', e => {
  if (e.key === 'h' || e.key === 'H') { reveal = !reveal; version = -1;
    document.getElementById('key').textContent = reveal ? 'hide' : 'show'; }
});
refresh();
"""


def live_page() -> str:
    from game.classroom.html import CSS

    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>The class, live</title>"
            f"<style>{CSS}</style></head><body><p class='meta'>The class, live: fills in as students decide. "
            "Press <b>h</b> to <span id='key'>show</span> the Politburo's choices. <span id='state'></span></p>"
            f"<div id='board'>Reading the runs folder…</div><script>{LIVE_SCRIPT}</script></body></html>\n")


class LiveBoard:
    """The runs folder watched for the teacher's page: polled in a thread, one look at a time."""

    def __init__(self, watcher: ClassWatcher, interval: float) -> None:
        self.watcher, self.interval = watcher, interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(OSError):
                await asyncio.to_thread(self.watcher.poll)
            await asyncio.sleep(self.interval)

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def board(self, reveal: bool) -> str:
        from game.classroom.html import to_live_html
        from game.classroom.report import redact

        report = self.watcher.report
        if report is None:
            return "<p>Reading the runs folder…</p>"
        return to_live_html(redact(report, revealed=reveal))


# -- the server -----------------------------------------------------------------------------------

def make_server(command: str, host: str, port: int, banner: str, *, gate: Gate | None = None,
                max_players: int = 0, warm: Any = None, live: LiveBoard | None = None) -> Server:
    """A textual-serve ``Server`` for ``command``, changed as the module docstring says.

    ``warm``: a :class:`~game.classroom.warm.WarmPool` (None: a fresh process per tab);
    ``max_players``: the tab limit (0: none); ``live``: the teacher's live page."""
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    rules: Gate = gate or Gate()

    class WarmAppService(AppService):
        """textual-serve's process for a tab, taken from the warm pool instead of started cold."""

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
            game = await warm.take((width, height))
            self._process = game
            self._stdin = game.stdin
            self._warm_game = game
            if game.size != (width, height):  # drawn at another size while it waited: redraw
                await self.set_terminal_size(width, height)
            if game.blurred:
                # Give the focus back (the cursor shows again) once the tab has its first screen:
                # during a rush, thirty repaints at once would hold up the screens themselves.
                from game.classroom.warm import FOCUS_DELAY, meta_packet

                asyncio.get_running_loop().call_later(FOCUS_DELAY, game.send, meta_packet({"type": "focus"}))
            return game

        async def stop(self) -> None:
            await super().stop()
            game = getattr(self, "_warm_game", None)
            if game is not None:
                self._warm_game = None
                # The game quits when told to; one that does not is stopped a little later.
                asyncio.get_running_loop().call_later(5, lambda: game.kill() if game.alive() else None)

    class ClassroomServer(Server):
        players = 0
        refused = 0

        def initialize_logging(self) -> None:
            super().initialize_logging()
            # One log line per page and file fetched buries what a teacher needs to see.
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(self._gate)
            if live is not None:
                app.router.add_get("/live", self.handle_live, name="live")
                app.router.add_get("/live/board", self.handle_board, name="board")
            return app

        @web.middleware
        async def _gate(self, request: web.Request, handler: Any) -> web.StreamResponse:
            problem = rules.host_problem(request.headers.get("Host", ""))
            if problem:
                return self._refuse(request, problem)
            response: web.StreamResponse = await handler(request)
            return response

        def _refuse(self, request: web.Request, problem: str, status: int = 403) -> web.Response:
            from game.safetext import visible

            self.refused += 1
            if self.refused <= 5 or self.refused % 100 == 0:
                log.warning("refused %s %s: %s%s", request.method, visible(request.path[:80]), visible(problem),
                            f" ({self.refused} refused so far)" if self.refused > 5 else "")
            return web.Response(status=status, text=f"Politburo: {problem}\n")

        def full(self) -> bool:
            return bool(max_players) and self.players >= max_players

        def serve(self, debug: bool = False) -> None:
            """textual-serve's ``serve``, with our banner printed by aiohttp once the port is bound
            (``run_app`` calls ``print`` after its sites listen): "being served at" is never said
            of a port the server then fails to take."""
            import signal

            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signal.SIGINT, self.request_exit)
                loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                         print=lambda *_: self.bound())

        def bound(self) -> None:
            self.console.print(banner, highlight=False, markup=False)
            if warm is not None and warm.problem:
                self.console.print(f"  Note: {warm.problem}; each tab starts its own process instead.",
                                   highlight=False, markup=False)

        async def on_startup(self, app: web.Application) -> None:  # games started before the port is bound
            if warm is not None:
                await warm.start()
            if live is not None:
                live.start()

        async def on_shutdown(self, app: web.Application) -> None:
            if live is not None:
                live.stop()
            if warm is not None:
                await warm.close()

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            if self.full():
                raise web.HTTPServiceUnavailable(text=full_page(max_players), content_type="text/html")
            host_header = request.host
            scheme = "wss" if request.scheme == "https" else "ws"
            base = f"{request.scheme}://{host_header}"
            try:
                font_size = min(max(int(request.query.get("fontsize", "16")), 8), 48)
            except ValueError:
                font_size = 16
            return {
                "font_size": font_size,
                "app_websocket_url": f"{scheme}://{host_header}{request.app.router['websocket'].url_for()}",
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": self.title},
                "ping_url": "",
            }

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # (returns a plain 403 response when it refuses, which aiohttp accepts from a handler)
            """textual-serve's handler, behind the Origin check and the tab limit."""
            problem = rules.origin_problem(request.headers.get("Origin"), request.headers.get("Host", ""))
            if problem:
                return self._refuse(request, problem)  # type: ignore[return-value]
            websocket = web.WebSocketResponse(heartbeat=15)
            if self.full():
                await websocket.prepare(request)
                await websocket.send_bytes(full_terminal(max_players))
                await websocket.close()
                return websocket
            width = min(max(to_int(request.query.get("width", "80"), 80), 10), 500)
            height = min(max(to_int(request.query.get("height", "24"), 24), 5), 200)
            self.players += 1
            service_class = WarmAppService if warm is not None and warm.ready else AppService
            app_service: AppService | None = None
            try:
                await websocket.prepare(request)
                app_service = service_class(self.command, write_bytes=websocket.send_bytes,
                                            write_str=websocket.send_str, close=websocket.close,  # type: ignore[arg-type]
                                            download_manager=self.download_manager, debug=self.debug)
                await app_service.start(width, height)
                try:
                    await self._process_messages(websocket, app_service)
                finally:
                    await app_service.stop()
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:
                log.exception(error)
            finally:
                self.players -= 1
                if app_service is not None:
                    with contextlib.suppress(Exception):
                        await app_service.stop()
            return websocket

        async def handle_live(self, request: web.Request) -> web.Response:
            problem = self._teacher_only(request)
            if problem:
                return self._refuse(request, problem)
            return web.Response(text=live_page(), content_type="text/html")

        async def handle_board(self, request: web.Request) -> web.Response:
            problem = self._teacher_only(request)
            if problem:
                return self._refuse(request, problem)
            assert live is not None
            version = live.watcher.version
            if request.query.get("since") == str(version):
                return web.Response(status=204)
            response = web.Response(text=live.board(request.query.get("reveal") == "1"), content_type="text/html")
            response.headers["X-Board-Version"] = str(version)
            response.headers["Cache-Control"] = "no-store"
            return response

        def _teacher_only(self, request: web.Request) -> str:
            remote = request.remote or ""
            if not is_loopback(remote):
                return "the live page is shown on the teacher's own computer only"
            return rules.origin_problem(request.headers.get("Origin"), request.headers.get("Host", ""))

    return ClassroomServer(command, host=host, port=port, title="Politburo", templates_path=offline_templates())
