"""The ``politburo`` command line.

Every error a user can cause ends in a clear message and a non-zero exit, never a traceback:
exit 0 success, 1 invalid scenario or failed run, 2 usage error.  Each subcommand lives in its
own module under ``game.commands`` with ``register(subparsers)`` and ``run(args)``.  Commands turn
their arguments into a frozen :class:`~game.play.launch.Launch` before anything is played.

Only the command being run is imported and registered in full; the others are listed by name and
one-line help from :data:`COMMANDS` (a test keeps those lines equal to each module's own), so
``politburo --help`` and ``politburo validate`` do not pay for the game, the engine or Textual.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from typing import TYPE_CHECKING, Any
from collections.abc import Sequence

if TYPE_CHECKING:
    from game.play.launch import Launch

from game import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

#: Subcommand name -> (module in game.commands, its one-line help).  Order is the order in ``--help``.
COMMANDS = {
    "play": ("play", "play a scenario"),
    "campaign": ("campaign", "play the four chapters in order"),
    "validate": ("validate", "check scenario files"),
    "schema": ("schema", "print the JSON Schema of the scenario format (or of a file the game writes)"),
    "playtest": ("playtest", "play-test scenario files: random play, every path, history, tests, balance"),
    "graph": ("graph", "draw the scene graph (Mermaid or Graphviz DOT)"),
    "new": ("new", "write a starter scenario file to edit"),
    "class": ("classroom", "make a class code for a lesson"),
    "report": ("report", "compare a class's runs with each other and with history"),
    "serve": ("serve", "serve the game to browsers on this machine or the classroom network"),
}

DESCRIPTION = """\
Politburo: sit in Stalin's Politburo, 1949-1950, decide, and see what actually happened.

Run with no command to open the game."""

EPILOG = """\
examples:
  politburo                                  open the game
  politburo play kim-1949 --plain            play a bundled scenario in plain text
  politburo play kim-1949 --plain --choices historical
                                             follow what actually happened
  politburo validate scenarios/              check every scenario file in a folder
  politburo schema -o scenario.schema.json   write the JSON Schema for editors
"""


def terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it, without importing
    ``shutil`` (with ``bz2``, ``lzma`` and ``fnmatch``: ~5 ms of every command's start, since
    argparse makes a help formatter for every argument it is given)."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Formatter(argparse.RawDescriptionHelpFormatter):
    """The help layout every command uses: descriptions as written, lines to the terminal."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         terminal_columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and points at ``--help`` instead of a bare usage line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("formatter_class") in (None, argparse.HelpFormatter, argparse.RawDescriptionHelpFormatter):
            kwargs["formatter_class"] = Formatter
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n    hint: {self.prog} --help\n")
        raise SystemExit(EXIT_USAGE)


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names (the first word that is one), or None."""
    return next((word for word in argv if word in COMMANDS), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser, with the command ``argv`` names registered in full (all of them when
    ``argv`` is None, as tests and the docs' checks want)."""
    parser = Parser(prog="politburo", description=DESCRIPTION, epilog=EPILOG,
                    formatter_class=Formatter)
    parser.add_argument("--version", action="version", version=f"politburo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    wanted = chosen_command(argv) if argv is not None else None
    for name, (module, summary) in COMMANDS.items():
        if argv is None or name == wanted:
            importlib.import_module(f"game.commands.{module}").register(sub)
        else:
            sub.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # No cyclic collection while modules load: nothing an import allocates is garbage yet, and
    # the collector's passes over a growing heap cost a short command such as ``validate`` about
    # a tenth of its time (bench_start.py).  Collection resumes for the command's own work, and
    # the collector is left as it was found whichever way this returns (a caller that runs
    # ``main`` in its own process, as the tests do, keeps collecting).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(words).parse_args(words)
    try:
        if args.command is None:
            import os

            # Still no collection while the game loads (Textual, the screens): the app turns
            # it back on after the title's first paint.
            from game.paths import Places
            from game.play.launch import Launch

            return run_tui(Launch(Places.resolve(), served=bool(os.environ.get("POLITBURO_SERVED"))))
        module = importlib.import_module(f"game.commands.{COMMANDS[args.command][0]}")
        if argv is None:  # the console command: what the imports made lives until the process
            gc.freeze()  # ends, so later collections need never walk it again
        gc.enable()
        return module.run(args)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last resort: a bug of ours, reported without a traceback
        import os
        import traceback

        if os.environ.get("POLITBURO_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(f"politburo: internal error: {type(exc).__name__}: {exc}\n"
                         "    hint: this is a bug in Politburo; run again with POLITBURO_DEBUG=1 "
                         "for details, and please report it\n")
        return 70


def run_tui(launch: Launch) -> int:
    """Open the full-screen game as ``launch`` says."""
    from game.tui.app import run_app

    return run_app(launch)
