"""``politburo serve``: play in the browser, for school machines without a usable terminal.

Each browser tab plays its own game (its own process), and every run lands in the teacher's runs
folder.  The server listens on this machine only (127.0.0.1) unless the teacher opts in to the
local network with ``--host``; it answers only pages of its own (``--allow-origin`` names others),
and at most ``--max-players`` tabs play at once.  Games are started ahead of the tabs that will
play them (:mod:`game.classroom.warm`), and the teacher watches the class at ``/live``.  See
:mod:`game.classroom.webserve` for why a browser player can reach nothing but the game, and
docs/teachers/classroom.md for running a lesson this way.
"""

from __future__ import annotations

import argparse
import importlib.util
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
                                                    let other machines on the classroom network in
  politburo serve --host 0.0.0.0 --allow-origin teacher-pc.school.lan --max-players 32

While it runs, open http://127.0.0.1:PORT/live on your own machine to watch the class decide.""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: the network)")
    parser.add_argument("--port", type=int, default=8000, metavar="N", help="port (default 8000)")
    parser.add_argument("--class", dest="class_code", default=None, metavar="CODE",
                        help="every tab joins this class (scenario, seed and settings fixed)")
    parser.add_argument("--runs-dir", default=None, metavar="DIR", help="where the runs (and autosaves) go")
    parser.add_argument("--max-players", type=int, default=None, metavar="N",
                        help="at most N tabs play at once; more are told the class is full (default: what this "
                             "machine's memory and cores hold)")
    parser.add_argument("--allow-origin", action="append", default=[], metavar="HOST",
                        help="also answer pages and requests that name this machine HOST (a name on the school "
                             "network); addresses such as 192.168.1.20 need nothing")
    parser.add_argument("--warm", type=int, default=None, metavar="N",
                        help="games kept started and waiting for tabs (default: the tab limit, at most 40; "
                             "0 starts each tab's game when it opens)")


def _err(message: str, hint: str = "") -> int:
    sys.stderr.write(f"politburo: {message}\n")
    if hint:
        sys.stderr.write(f"    hint: {hint}\n")
    return EXIT_USAGE


def _port_problem(host: str, port: int) -> str:
    """'' if the server can listen on ``host``:``port`` (tried and let go at once), else why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        return str(exc.strerror or exc)
    for family, kind, proto, _, address in infos[:1]:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                return str(exc.strerror or exc)
    return ""


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
    if args.max_players is not None and not 1 <= args.max_players <= 10_000:
        return _err(f"--max-players must be between 1 and 10000, not {args.max_players}")
    if args.warm is not None and not 0 <= args.warm <= 1000:
        return _err(f"--warm must be between 0 and 1000, not {args.warm}")
    from game.classroom.webserve import Gate

    bad = Gate.bad_hosts(args.allow_origin)
    if bad:
        return _err(f"--allow-origin needs a host name, such as teacher-pc.school.lan, not {bad[0]!r}")
    gate = Gate(args.allow_origin)
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
    from game.paths import PlacesError

    try:
        places = Places.resolve(args.runs_dir)
    except PlacesError as exc:
        return _err(str(exc))
    try:
        places.prepare()
    except OSError as exc:
        return _err(places.unusable(exc), "pass --runs-dir DIR")
    runs = places.runs.resolve()

    from game.classroom.live import ClassWatcher
    from game.classroom.report import installed_lookup
    from game.classroom.warm import CAN_FORK, WarmPool
    from game.classroom.webserve import (
        SERVED_ENV, LiveBoard, default_max_players, game_environment, is_loopback, make_server, served_command,
    )

    shown = args.host if ":" not in args.host else f"[{args.host}]"
    address = f"http://{shown}:{args.port}"
    if args.host in ("0.0.0.0", "::"):
        address = f"http://{_network_address()}:{args.port}"
    warm_games = CAN_FORK and args.warm != 0
    max_players = args.max_players or default_max_players(warm=warm_games)
    keep = min(max_players, 40) if args.warm is None else min(args.warm, max_players)
    lines = [f"Politburo is being served at {address}", f"  {about}", f"  runs go to {runs}",
             f"  Each browser tab plays its own game; at most {max_players} at once (--max-players)."
             + (f" {keep} games are started ahead for the first tabs." if warm_games and keep else ""),
             f"  Watch the class decide on this machine: http://127.0.0.1:{args.port}/live",
             "  After the lesson:", f"  politburo report {runs} -o class-report.html"]
    if not is_loopback(args.host):
        lines.append("  Anyone who can reach this machine on the network can play: there is no password.")
    if importlib.util.find_spec("game.tui.app") is None:
        lines.append("  Note: this build has no full-screen game yet, so browsers will show 'Session ended'.")
    lines.append("Press Ctrl+C to stop.")
    problem = _port_problem(args.host, args.port)
    if problem:  # said now, before any game is started for tabs that cannot come
        return _err(f"cannot listen on {args.host} port {args.port}: {problem}",
                    "another program may be using the port: try --port 8080")
    os.environ[SERVED_ENV] = "1"  # inherited by every game process; see game.classroom.webserve
    pool = None
    if warm_games and keep:
        pool = WarmPool(runs, code_text, game_environment(), keep=keep)
    live = LiveBoard(ClassWatcher([str(runs)], installed_lookup()), interval=0.25)
    server = make_server(served_command(code_text, runs), args.host, args.port, "\n".join(lines), gate=gate,
                         max_players=max_players, warm=pool, live=live)
    if pool is not None:
        pool.limit = lambda: max_players - server.players  # type: ignore[attr-defined]
    try:
        server.serve()
    except OSError as exc:
        return _err(f"cannot listen on {args.host} port {args.port}: {exc.strerror or exc}",
                    "another program may be using the port: try --port 8080")
    return EXIT_OK
