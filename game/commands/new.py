"""``politburo new NAME``: write a commented starter scenario that validates, plays, passes its
own tests and teaches the format by example."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "new", help="write a starter scenario file to edit",
        description="Write a small, commented starter scenario (NAME.yaml) that validates, plays and passes "
                    "its own tests. Edit it into your own; docs/authoring.md walks through it.",
        epilog="""exit status: 0 written, 1 the file exists or cannot be written, 2 usage error
examples:
  politburo new my-scenario                 writes ./my-scenario.yaml
  politburo new "Yalta 1945" --dir drafts   writes drafts/yalta-1945.yaml""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", metavar="NAME", help="the scenario's name; the file and id are made safe from it")
    parser.add_argument("--dir", default=".", metavar="DIR", help="folder to write into (default: here)")


def run(args: argparse.Namespace) -> int:
    from game.authoring.starter import StarterError, write_starter

    try:
        path, scenario_id = write_starter(args.name, Path(args.dir))
    except StarterError as exc:
        sys.stderr.write(f"politburo: {exc}\n")
        if exc.hint:
            sys.stderr.write(f"    hint: {exc.hint}\n")
        return exc.exit_code
    shown = str(path)
    sys.stdout.write(f"Wrote {shown} (scenario id '{scenario_id}').\n"
                     "Next steps:\n"
                     f"  politburo validate {shown}          check it (it starts clean)\n"
                     f"  politburo play {shown} --plain      play it\n"
                     f"  politburo playtest {shown}          run its tests and random play\n"
                     "Then open it in your editor: the comments explain every key. "
                     "docs/authoring.md is the tutorial.\n")
    return EXIT_OK
