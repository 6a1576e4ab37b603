"""``politburo schema``: the published JSON Schemas, for editors and for teachers' own tools.

``politburo schema`` prints the scenario format's schema (editors check scenario files with it);
``politburo schema record`` (or ``save``, ``settings``, ``progress``) prints the schema of a file
the game writes; ``politburo schema --files -o DIR`` writes all of them under the names they are
published with in ``schema/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2

#: What ``politburo schema KIND`` names -> the published file.
KINDS = {
    "scenario": "scenario.schema.json",
    "record": "run-record.schema.json",
    "save": "save.schema.json",
    "settings": "run-settings.schema.json",
    "progress": "campaign-progress.schema.json",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "schema", help="print the JSON Schema of the scenario format (or of a file the game writes)",
        description="Print (or write) a JSON Schema: the scenario format's, which editors use to check "
                    "scenario files, or that of a file the game writes (run records, saves, run settings, "
                    "campaign progress), for tools that read them.",
        epilog="""examples:
  politburo schema                             the scenario format
  politburo schema -o scenario.schema.json
  politburo schema record                      run records, for a teacher's own tools
  politburo schema --files -o schema           every published schema, under its published name""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", nargs="?", choices=tuple(KINDS), default="scenario", metavar="KIND",
                        help="scenario (default), record, save, settings or progress")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write to PATH instead of standard output (with --files: the folder)")
    parser.add_argument("--files", action="store_true",
                        help="write every published schema into the folder given with -o: "
                             + ", ".join(KINDS.values()))


def schemas() -> dict[str, dict[str, Any]]:
    """Every published schema by its file name."""
    from game.formats.schemas import json_schemas
    from game.scenario import json_schema

    return {KINDS["scenario"]: json_schema(), **json_schemas()}


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    from game.storage import atomic_write_bytes

    if args.files:
        if args.output is None:
            sys.stderr.write("politburo: --files writes several files: name their folder with -o\n"
                             "    hint: politburo schema --files -o schema\n")
            return EXIT_USAGE
        folder = Path(args.output)
        written = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, schema in schemas().items():
                atomic_write_bytes(folder / name, schema_text(schema).encode("utf-8"))
                written.append(name)
        except OSError as exc:
            sys.stderr.write(f"politburo: cannot write in {folder}: {exc.strerror or exc}\n")
            return EXIT_USAGE
        sys.stderr.write(f"wrote {', '.join(written)} in {folder}\n")
        return EXIT_OK
    text = schema_text(schemas()[KINDS[args.kind]])
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        atomic_write_bytes(Path(args.output), text.encode("utf-8"))
    except OSError as exc:
        sys.stderr.write(f"politburo: cannot write {args.output}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    sys.stderr.write(f"wrote {args.output}\n")
    return EXIT_OK
