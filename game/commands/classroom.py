"""``politburo class``: make a class code for the board, or check what a code means.

The code fixes the scenario (and its version), the seed and the settings for every student, so a
whole class meets the same telegrams and the same dice, and the report can compare like with like.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shlex
import sys
from typing import Any

from game.classroom.codes import SEED_LIMIT, CodeError
from game.classroom.join import JoinedClass, join_class, new_class

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "class", help="make a class code for a lesson",
        description="Make a class code: one short code on the board gives every student the same "
                    "scenario, seed and settings; their runs can then be compared with "
                    "`politburo report`.",
        epilog="""examples:
  politburo class new --scenario kim-1949
  politburo class new --scenario kim-1949 --justify --no-undo
  politburo class new --scenario kim-1949 --reveal end --seed 1949
  politburo class new --scenario my-scenario.yaml   (give students the same file)
  politburo class show ABC-DEF-GHJ                  what does this code set?""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    new = actions.add_parser("new", help="make a new class code", description="Make a new class code.",
                             epilog="example:\n  politburo class new --scenario kim-1949 --justify",
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    new.add_argument("--scenario", required=True, metavar="ID",
                     help="bundled scenario id (e.g. kim-1949) or a scenario .yaml file")
    new.add_argument("--reveal", choices=("each", "end"), default="each",
                     help="show what actually happened after each decision (default) or only at the end")
    new.add_argument("--no-undo", action="store_true", help="students cannot take back a decision")
    new.add_argument("--justify", action="store_true",
                     help="ask for a one- or two-sentence reason at the scenario's debate points")
    new.add_argument("--seed", type=int, default=None, metavar="N",
                     help=f"seed for chance outcomes, 0 to {SEED_LIMIT - 1} (default: at random)")
    new.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    show = actions.add_parser("show", help="say what a class code sets",
                              description="Say what a class code sets, and whether this copy can play it.",
                              epilog="example:\n  politburo class show ABC-DEF-GHJ",
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    show.add_argument("code", metavar="CODE")
    show.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                      help="the scenario file, for a code made from a file")
    show.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _err(message: str, hint: str = "") -> None:
    sys.stderr.write(f"politburo: {message}\n")
    if hint:
        sys.stderr.write(f"    hint: {hint}\n")


def describe(joined: JoinedClass, scenario_arg: str | None) -> dict[str, Any]:
    """The class as plain data: for the text below, ``--format json`` and the teachers' guide."""
    s = joined.scenario
    file_arg = f" {shlex.quote(scenario_arg)}" if joined.code.needs_file and scenario_arg else ""
    return {
        "code": joined.text,
        "scenario": {"id": s.id, "version": s.version, "title": s.title},
        "seed": joined.seed,
        "reveal": joined.reveal,
        "undo": joined.undo,
        "justify": joined.justify,
        "debate_points": [{"scene": sid, "title": s.scene(sid).title} for sid in joined.debate_scenes],
        "needs_file": joined.code.needs_file,
        "student_command": f"politburo play{file_arg} --class {joined.text} --player \"Your Name\"",
        "plain_command": f"politburo play{file_arg} --class {joined.text} --plain --player \"Your Name\"",
    }


def render(info: dict[str, Any]) -> str:
    lines = [f"Class code:  {info['code']}", ""]
    sc = info["scenario"]
    lines.append(f"  Scenario  {sc['title']} ({sc['id']}, version {sc['version']})")
    lines.append(f"  Seed      {info['seed']} (every student meets the same chance outcomes)")
    lines.append("  Reveal    " + ("after each decision" if info["reveal"] == "each" else "only at the end"))
    lines.append("  Undo      " + ("allowed" if info["undo"] else "off"))
    if info["justify"]:
        points = ", ".join(p["title"] for p in info["debate_points"]) or "none: this scenario marks no debate points"
        lines.append(f"  Reasons   asked at debate points: {points}")
    else:
        lines.append("  Reasons   not asked (add --justify to ask at debate points)")
    lines += ["", "Students type:", f"  {info['student_command']}",
              "  (add --plain to play in plain text, and --runs-dir FOLDER to collect runs in one place)"]
    if info["needs_file"]:
        lines.append("  Every student needs a copy of the same scenario file.")
    lines += ["", "Afterwards, compare the class:", "  politburo report RUNS-FOLDER -o class-report.html"]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    if args.action is None:
        _err("say what to do: new or show", "politburo class new --scenario kim-1949")
        return EXIT_USAGE
    if args.action == "show":
        try:
            joined = join_class(args.code, args.scenario)
        except CodeError as exc:
            _err(exc.message, exc.hint)
            return EXIT_USAGE
        info = describe(joined, args.scenario)
    else:
        from game.commands.play import load_for_play

        scenario = load_for_play(args.scenario)
        if scenario is None:
            return EXIT_INVALID
        seed = args.seed if args.seed is not None else secrets.randbelow(SEED_LIMIT)
        try:
            code = new_class(scenario, scenario.path or args.scenario, seed, reveal=args.reveal,
                             undo=not args.no_undo, justify=args.justify)
        except CodeError as exc:
            _err(exc.message, exc.hint)
            return EXIT_USAGE
        joined = JoinedClass(code, scenario)
        info = describe(joined, args.scenario)
        if args.justify and not joined.debate_scenes:
            _err(f"note: '{scenario.id}' marks no debate points (debate: true), so --justify will ask nothing")
    sys.stdout.write(json.dumps(info, indent=2, ensure_ascii=False) + "\n" if args.format == "json" else render(info))
    return EXIT_OK
