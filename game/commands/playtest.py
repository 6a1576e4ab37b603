"""``politburo playtest PATH...``: play-test scenarios the way ChoiceScript's quicktest and
randomtest do, and more: history, the scenario's own tests, random play, an exhaustive walk
and balance, with every problem as ``file:line`` and a command that replays it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.authoring.playtest import PlaytestOptions

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "playtest", help="play-test scenario files: random play, every path, history, tests, balance",
        description="Play-test scenario files: check the historical path, run the scenario's tests: section, "
                    "play it at random (seeded, reproducible), optionally walk every path, and report balance.",
        epilog="""exit status: 0 no problems (warnings allowed unless --strict), 1 a problem was found, 2 usage error
examples:
  politburo playtest my-scenario.yaml
  politburo playtest my-scenario.yaml --random 2000 --exhaustive
  politburo playtest scenarios/ --random 2000 --seed 7 --format json
  politburo playtest kim-1949 --exhaustive --strict      fail on warnings too (for CI)""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, folders or bundled scenario ids")
    parser.add_argument("--random", type=count, default=1000, metavar="N",
                        help="random playthroughs per file (default 1000; 0 to skip)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="seed for random play (default 1)")
    parser.add_argument("--exhaustive", action="store_true", help="also walk every path, merging identical states")
    parser.add_argument("--max-states", type=positive, default=200_000, metavar="N",
                        help="bound on the exhaustive walk (default 200000 states)")
    parser.add_argument("--max-turns", type=positive, default=None, metavar="N",
                        help="a random run longer than this is reported as a loop (default: 200 or 4 per scene)")
    parser.add_argument("--target", type=share, action="append", metavar="SHARE",
                        help="balance: suggest threshold values for this share of players, e.g. 0.3 "
                             "(repeatable; default 0.25, 0.5 and 0.75)")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--brief", action="store_true", help="text: only verdicts and problems, no tables")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def share(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a share; write e.g. 0.3 or 30%") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError("a share is between 0 and 1 (or 0% and 100%), e.g. 0.3")
    return value


def _resolve_ids(paths: list[str]) -> list[str]:
    """A name that is not a path but is a bundled scenario id means that scenario's file."""
    from game.catalog import bundled_files

    bundled = {p.stem: str(p) for p in bundled_files()}
    return [bundled[p] if not Path(p).exists() and p in bundled else p for p in paths]


def run(args: argparse.Namespace) -> int:
    from game.authoring.playtest import PlaytestOptions
    from game.authoring.progress import Progress
    from game.scenario import expand_paths

    files, problems = expand_paths(_resolve_ids(args.paths))
    bars: list[Progress] = []

    def progress(label: str, total: int) -> Progress:
        for bar in bars:
            bar.close()
        bars[:] = [Progress(label, total)]
        return bars[0]

    options = PlaytestOptions(runs=args.random, seed=args.seed, exhaustive=args.exhaustive,
                              max_states=args.max_states, max_turns=args.max_turns,
                              targets=tuple(args.target or (0.25, 0.5, 0.75)), progress=progress)
    payload: list[dict[str, Any]] = []
    failed = any(p.severity == "error" for p in problems)
    if args.format == "text":
        for p in problems:
            sys.stdout.write(p.render() + "\n")
    try:
        for file in files:
            failed |= _one_file(file, args, options, payload)
            for bar in bars:
                bar.close()
    finally:  # an interrupted run must not leave a half-drawn bar on the terminal
        for bar in bars:
            bar.close()
    if args.format == "json":
        sys.stdout.write(json.dumps({"files": payload, "problems": [p.to_dict() for p in problems],
                                     "ok": not failed}, indent=2) + "\n")
    elif len(files) > 1:
        sys.stdout.write(f"{len(files)} files play-tested: {'problems found' if failed else 'all ok'}\n")
    if any(p.code == "E-PATH" for p in problems) or not (files or problems):
        return EXIT_USAGE
    return EXIT_FAILED if failed else EXIT_OK


def _one_file(file: str, args: argparse.Namespace, options: PlaytestOptions, payload: list[dict[str, Any]]) -> bool:
    """Play-test one file and write (or, for JSON, collect) its report.  True if it failed."""
    from game.authoring.playtest import playtest_scenario
    from game.authoring.report import render_text, to_dict
    from game.scenario import check_file

    out = sys.stdout
    checked = check_file(file, keep_positions=True)  # one parse: the findings' lines come from it
    if checked.scenario is None:
        if args.format == "json":
            payload.append({"file": file, "ok": False, "valid": False,
                            "diagnostics": [d.to_dict() for d in checked.diagnostics]})
        else:
            out.write(f"== {file}\n" + "".join(d.render() + "\n" for d in checked.diagnostics))
            out.write(f"Result: FAILED (the file does not validate: {len(checked.errors)} error(s); "
                      "fix these first, then play-test)\n\n")
        return True
    report = playtest_scenario(checked.scenario, options, checked.located)
    if args.format == "json":
        payload.append({**to_dict(report, args.strict), "valid": True,
                        "diagnostics": [d.to_dict() for d in checked.diagnostics]})
    else:
        text = render_text(report, args.strict)
        out.write("".join(d.render() + "\n" for d in checked.warnings) + (_brief(text) if args.brief else text) + "\n")
        out.flush()
    return report.failed(args.strict)


_VERDICTS = ("==", "History:", "Scenario tests:", "Random play:", "Exhaustive walk:", "Result:")


def _brief(text: str) -> str:
    """The verdict lines, failed tests with their details, and the problems; no tables."""
    keep, section, in_fail = [], "", False
    for line in text.splitlines():
        if not line.startswith(" "):
            section = line
            if line == "Problems:" or line.startswith(_VERDICTS):
                keep.append(line)
            continue
        if line.startswith("  FAIL"):
            in_fail = True
        elif not line.startswith("        "):
            in_fail = False
        if section == "Problems:" or (section.startswith("Scenario tests:") and in_fail):
            keep.append(line)
    return "\n".join(keep) + "\n"
