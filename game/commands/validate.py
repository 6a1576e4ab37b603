"""``politburo validate PATH...``: every problem in every file, then a summary."""

from __future__ import annotations

import argparse
import json
import sys

from game.scenario import check_file, expand_paths


def register(sub) -> None:
    parser = sub.add_parser(
        "validate", help="check scenario files",
        description="Check scenario files and folders; list every problem as file:line:col.",
        epilog="""exit status: 0 all valid (warnings allowed), 1 a file has errors, 2 usage error
examples:
  politburo validate scenarios/
  politburo validate my-scenario.yaml --format json""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")


def run(args: argparse.Namespace) -> int:
    return run_validate(args.paths, fmt=args.format, quiet=args.quiet)


def run_validate(paths: list[str], *, fmt: str = "text", quiet: bool = False) -> int:
    files, problems = expand_paths(paths)
    results = [check_file(f) for f in files]
    errors = sum(len(r.errors) for r in results) + sum(1 for p in problems if p.severity == "error")
    warnings = sum(len(r.warnings) for r in results) + sum(1 for p in problems if p.severity == "warning")
    bad_files = sum(1 for r in results if not r.ok)
    if fmt == "json":
        payload = {
            "files": [{"file": r.file, "valid": r.ok,
                       "scenario": r.scenario.id if r.scenario else None,
                       "diagnostics": [d.to_dict() for d in r.diagnostics]} for r in results],
            "problems": [p.to_dict() for p in problems],
            "errors": errors, "warnings": warnings,
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        for p in problems:
            sys.stdout.write(p.render() + "\n")
        for r in results:
            for d in r.diagnostics:
                sys.stdout.write(d.render() + "\n")
            if r.ok and not quiet:
                tail = f" ({len(r.warnings)} warning{'s' * (len(r.warnings) != 1)})" if r.warnings else ""
                sys.stdout.write(f"{r.file}: ok, scenario '{r.scenario.id}'{tail}\n")
        summary = (f"{len(files)} file{'s' * (len(files) != 1)} checked: "
                   f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
        if bad_files:
            summary += f" in {bad_files} invalid file{'s' * (bad_files != 1)}"
        sys.stdout.write(summary + "\n")
    if any(p.code == "E-PATH" for p in problems):
        return 2  # a path that does not exist is a usage error
    return 1 if errors else 0
