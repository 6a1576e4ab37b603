"""``politburo schema [-o FILE]``: the JSON Schema of the scenario format, for editors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser(
        "schema", help="print the JSON Schema of the scenario format",
        description="Print (or write) the JSON Schema that editors use to check scenario files.",
        epilog="""examples:
  politburo schema
  politburo schema -o scenario.schema.json""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from game.scenario import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from game.storage import atomic_write_bytes

    try:
        atomic_write_bytes(Path(args.output), text.encode("utf-8"))
    except OSError as exc:
        sys.stderr.write(f"politburo: cannot write {args.output}: {exc.strerror or exc}\n")
        return 2
    sys.stderr.write(f"wrote {args.output}\n")
    return 0
