"""The ``politburo`` command line.

Every error a user can cause ends in a clear message and a non-zero exit, never a traceback:
exit 0 success, 1 invalid scenario or failed run, 2 usage error.  Heavy imports (Textual) happen
only in the subcommands that need them, so ``validate`` and plain play start quickly.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path
from typing import Sequence

from game import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

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


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a hint instead of a bare usage line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"politburo: error: {message}\n    hint: politburo {self.prog.split()[-1] if ' ' in self.prog else ''} --help".rstrip() + "\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="politburo", description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"politburo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    play = sub.add_parser(
        "play", help="play a scenario",
        description="Play a scenario: a bundled scenario id (e.g. kim-1949) or a path to a .yaml file.",
        epilog="""examples:
  politburo play kim-1949 --plain
  politburo play kim-1949 --plain --seed 7 --player Ana
  politburo play kim-1949 --plain --choices historical
  politburo play my-scenario.yaml --plain --choices meet,refuse,concur
  echo "1\\n2\\n1" | politburo play kim-1949 --plain
  politburo play kim-1949 --plain --resume      carry on from the autosave""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    play.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                      help="bundled scenario id or .yaml path (default: the first bundled scenario)")
    play.add_argument("--plain", action="store_true", help="plain text on stdin/stdout instead of the full-screen game")
    play.add_argument("--seed", type=int, default=None, metavar="N",
                      help="seed for chance outcomes; the same seed and choices replay the same story")
    play.add_argument("--player", default="player", metavar="NAME", help="your name, stored in the run record")
    play.add_argument("--choices", default=None, metavar="LIST",
                      help="comma-separated choice ids to play automatically, or 'historical'")
    play.add_argument("--runs-dir", default=None, metavar="DIR", help="where run records (and saves) go")
    play.add_argument("--resume", action="store_true", help="carry on from this scenario's autosave")
    play.add_argument("--reveal", choices=("each", "end"), default="each",
                      help="show what actually happened after each decision (default) or only at the end")

    validate = sub.add_parser(
        "validate", help="check scenario files",
        description="Check scenario files and folders; list every problem as file:line:col.",
        epilog="""exit status: 0 all valid (warnings allowed), 1 a file has errors, 2 usage error
examples:
  politburo validate scenarios/
  politburo validate my-scenario.yaml --format json""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")

    schema = sub.add_parser(
        "schema", help="print the JSON Schema of the scenario format",
        description="Print (or write) the JSON Schema that editors use to check scenario files.",
        epilog="""examples:
  politburo schema
  politburo schema -o scenario.schema.json""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return run_tui(None, args=None)
        if args.command == "validate":
            from game.commands.validate import run_validate

            return run_validate(args.paths, fmt=args.format, quiet=args.quiet)
        if args.command == "schema":
            return run_schema(args.output)
        if args.command == "play":
            return run_play(args)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    parser.print_help()
    return EXIT_USAGE


def run_schema(output: str | None) -> int:
    from game.scenario import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    from game.storage import atomic_write_bytes

    try:
        atomic_write_bytes(Path(output), text.encode("utf-8"))
    except OSError as exc:
        sys.stderr.write(f"politburo: cannot write {output}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    sys.stderr.write(f"wrote {output}\n")
    return EXIT_OK


def run_tui(scenario_path: Path | None, args: argparse.Namespace | None) -> int:
    try:
        from game.tui.app import run_app  # noqa: F401
    except ImportError:
        sys.stderr.write(
            "The full-screen game is not available in this build yet.\n"
            "    hint: play in plain text: politburo play kim-1949 --plain\n")
        return EXIT_USAGE
    return run_app(scenario_path, args)


def run_play(args: argparse.Namespace) -> int:
    from game.commands.play import play_command

    return play_command(args)
