"""Serving the game to browsers with ``textual-serve``: one game process per browser tab.

Why the browser can reach nothing but the game: textual-serve starts one fixed command for each
tab and only passes keystrokes and window sizes to it (no shell, no arguments from the browser).
The command is built here from values the teacher gave and the server checked (a class code it
could resolve, an absolute runs folder), quoted for the shell, and ``POLITBURO_SERVED=1`` tells the
game it is served, so it offers bundled scenarios only and never a file path.

Two changes to textual-serve's page, both for a classroom without internet: the page no longer
asks Google for a web font, and its websocket address comes from the address the student's browser
used, so ``--host 0.0.0.0`` works (textual-serve would send browsers to ``ws://0.0.0.0``).
"""

from __future__ import annotations

import logging
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

SERVED_ENV = "POLITBURO_SERVED"
_EXTERNAL_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>\s*", re.S)


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


def make_server(command: str, host: str, port: int, banner: str) -> Server:
    """A textual-serve ``Server`` for ``command``, changed as the module docstring says."""
    import aiohttp_jinja2
    from textual_serve.server import Server

    class ClassroomServer(Server):
        def initialize_logging(self) -> None:
            super().initialize_logging()
            # One log line per page and file fetched buries what a teacher needs to see.
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:  # our own banner instead of the logo
            self.console.print(banner, highlight=False, markup=False)

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
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

    return ClassroomServer(command, host=host, port=port, title="Politburo",
                           templates_path=offline_templates())
