"""``politburo serve``: play in the browser, for school machines without a usable terminal.

Each browser tab plays its own game (its own process), and every run lands in the teacher's runs
folder.  The server listens on this machine only (127.0.0.1) unless the teacher opts in to the
local network with ``--host``.  See :mod:`game.classroom.webserve` for why a browser player can
reach nothing but the game, and docs/teachers/classroom.md for running a lesson this way.
"""

from __future__ import annotations

import argparse
import importlib.util
import ipaddress
import os
import socket
import sys

from game.paths import Places

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "serve", help="serve the game to browsers on this machine or the classroom network",
        description="Serve the game to web browsers: each tab plays its own game, and runs are "
                    "saved in your runs folder. Only this machine can connect unless you give --host.",
        epilog="""examples:
  politburo serve                                   students open http://127.0.0.1:8000 on this machine
  politburo serve --class ABC-DEF-GHJ --runs-dir lesson-runs
  politburo serve --host 0.0.0.0 --class ABC-DEF-GHJ
                                                    let other machines on the classroom network in""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: the network)")
    parser.add_argument("--port", type=int, default=8000, metavar="N", help="port (default 8000)")
    parser.add_argument("--class", dest="class_code", default=None, metavar="CODE",
                        help="every tab joins this class (scenario, seed and settings fixed)")
    parser.add_argument("--runs-dir", default=None, metavar="DIR", help="where the runs (and autosaves) go")


def _err(message: str, hint: str = "") -> int:
    sys.stderr.write(f"politburo: {message}\n")
    if hint:
        sys.stderr.write(f"    hint: {hint}\n")
    return EXIT_USAGE


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _network_address() -> str:
    """This machine's address on the local network, for the banner (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            return str(probe.getsockname()[0])
    except OSError:
        return "THIS-COMPUTER"


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        return _err(f"--port must be between 1 and 65535, not {args.port}")
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return _err("serving needs the textual-serve package", "pip install textual-serve")
    code_text = None
    about = "students choose a bundled scenario"
    if args.class_code is not None:
        from game.classroom.codes import CodeError
        from game.classroom.join import join_class

        try:
            joined = join_class(args.class_code)
        except CodeError as exc:
            if "scenario file" in exc.message:
                return _err("serve plays the bundled scenarios only, and this code is for a scenario file",
                            "students can play it in a terminal: politburo play FILE.yaml --class CODE")
            return _err(exc.message, exc.hint)
        code_text = joined.text
        about = f"class {joined.text}: {joined.scenario.title} ({joined.scenario.id} {joined.scenario.version})"
    places = Places.resolve(args.runs_dir)
    try:
        places.prepare()
    except OSError as exc:
        return _err(places.unusable(exc), "pass --runs-dir DIR")
    runs = places.runs.resolve()

    from game.classroom.webserve import SERVED_ENV, make_server, served_command

    shown = args.host if ":" not in args.host else f"[{args.host}]"
    address = f"http://{shown}:{args.port}"
    if args.host in ("0.0.0.0", "::"):
        address = f"http://{_network_address()}:{args.port}"
    lines = [f"Politburo is being served at {address}", f"  {about}", f"  runs go to {runs}",
             "  Each browser tab plays its own game. After the lesson:",
             f"  politburo report {runs} -o class-report.html"]
    if not is_loopback(args.host):
        lines.append("  Anyone who can reach this machine on the network can play: there is no password.")
    if importlib.util.find_spec("game.tui.app") is None:
        lines.append("  Note: this build has no full-screen game yet, so browsers will show 'Session ended'.")
    lines.append("Press Ctrl+C to stop.")
    os.environ[SERVED_ENV] = "1"  # inherited by every game process; see game.classroom.webserve
    server = make_server(served_command(code_text, runs), args.host, args.port, "\n".join(lines))
    try:
        server.serve()
    except OSError as exc:
        return _err(f"cannot listen on {args.host} port {args.port}: {exc.strerror or exc}",
                    "another program may be using the port: try --port 8080")
    return EXIT_OK
