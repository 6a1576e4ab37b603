"""``politburo graph PATH``: the scene graph as Mermaid (default) or Graphviz DOT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "graph", help="draw the scene graph (Mermaid or Graphviz DOT)",
        description="Print the scene graph of a scenario: scenes, endings, chance outcomes, next: end and "
                    "meter thresholds, with the historical path highlighted.",
        epilog="""examples:
  politburo graph my-scenario.yaml                     Mermaid, for GitHub, GitLab or mermaid.live
  politburo graph my-scenario.yaml -o graph.md         Mermaid in a Markdown file
  politburo graph kim-1949 --format dot | dot -Tsvg > kim.svg""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", metavar="PATH", help="a scenario .yaml file or a bundled scenario id")
    parser.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="output format")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (a .md file gets a fenced mermaid block)")


def run(args: argparse.Namespace) -> int:
    from game.authoring.graph import to_dot, to_mermaid
    from game.commands.play import load_for_play

    scenario = load_for_play(args.scenario)
    if scenario is None:
        return EXIT_INVALID
    text = to_mermaid(scenario) if args.format == "mermaid" else to_dot(scenario)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output)
    if target.suffix.lower() == ".md" and args.format == "mermaid":
        text = f"# {scenario.title}\n\n```mermaid\n{text}```\n"
    from game.storage import atomic_write_bytes

    try:
        atomic_write_bytes(target, text.encode("utf-8"))
    except OSError as exc:
        sys.stderr.write(f"politburo: cannot write {args.output}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    sys.stderr.write(f"wrote {args.output}\n")
    return EXIT_OK
