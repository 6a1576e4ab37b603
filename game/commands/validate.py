"""``politburo validate PATH...``: every problem in every file, then a summary.

The output is bounded whatever the input: at most ``--max-errors`` problems are printed per file
(the rest are counted in one line), skipped folder entries are summarised past a few, and every
file name and message goes through :func:`game.safetext.visible`, because both can carry a
stranger's control characters.
"""

from __future__ import annotations

import argparse
import sys

from game.safetext import visible
from game.scenario import check_file, expand_paths

DEFAULT_MAX_ERRORS = 50


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def register(sub) -> None:
    parser = sub.add_parser(
        "validate", help="check scenario files",
        description="Check scenario files and folders; list every problem as file:line:col.",
        epilog="""exit status: 0 all valid (warnings allowed unless --strict), 1 a file has errors
(or warnings, with --strict), 2 usage error
examples:
  politburo validate scenarios/
  politburo validate my-scenario.yaml --strict
  politburo validate my-scenario.yaml --format json""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    parser.add_argument("--strict", action="store_true", help="warnings count as failures (exit 1)")
    parser.add_argument("--max-errors", type=_positive, default=DEFAULT_MAX_ERRORS, metavar="N",
                        help=f"print at most N problems per file and count the rest (default {DEFAULT_MAX_ERRORS})")


def run(args: argparse.Namespace) -> int:
    return run_validate(args.paths, fmt=args.format, quiet=args.quiet, strict=args.strict,
                        max_errors=args.max_errors)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def run_validate(paths: list[str], *, fmt: str = "text", quiet: bool = False, strict: bool = False,
                 max_errors: int = DEFAULT_MAX_ERRORS) -> int:
    files, problems = expand_paths(paths)
    results = [check_file(f) for f in files]
    errors = sum(len(r.errors) for r in results) + sum(1 for p in problems if p.severity == "error")
    warnings = sum(len(r.warnings) for r in results) + sum(1 for p in problems if p.severity == "warning")
    bad_files = sum(1 for r in results if not r.ok or (strict and r.warnings))
    if fmt == "json":
        import json  # only for --format json: not on every validate
        payload = {
            "files": [{"file": r.file, "valid": r.ok and not (strict and r.warnings),
                       "scenario": r.scenario.id if r.scenario else None,
                       "diagnostics": [d.to_dict() for d in r.diagnostics[:max_errors]],
                       "more": max(len(r.diagnostics) - max_errors, 0)} for r in results],
            "problems": [p.to_dict() for p in problems],
            "errors": errors, "warnings": warnings, "strict": strict,
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        for p in problems:
            sys.stdout.write(p.render() + "\n")
        for r in results:
            for d in r.diagnostics[:max_errors]:
                sys.stdout.write(d.render() + "\n")
            rest = len(r.diagnostics) - max_errors
            if rest > 0:
                sys.stdout.write(f"{visible(r.file)}: and {_plural(rest, 'more problem')} "
                                 f"(shown: the first {max_errors:,}; see --max-errors)\n")
            if r.ok and strict and r.warnings:
                sys.stdout.write(f"{visible(r.file)}: fails --strict with {_plural(len(r.warnings), 'warning')}\n")
            elif r.ok and not quiet:
                tail = f" ({_plural(len(r.warnings), 'warning')})" if r.warnings else ""
                name = r.scenario.id if r.scenario is not None else "?"
                sys.stdout.write(f"{visible(r.file)}: ok, scenario '{name}'{tail}\n")
        summary = (f"{_plural(len(files), 'file')} checked: "
                   f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
        if bad_files:
            summary += f" in {bad_files:,} invalid file{'s' * (bad_files != 1)}"
        if strict and warnings and not errors:
            summary += " (--strict: warnings fail)"
        sys.stdout.write(summary + "\n")
    if any(p.code == "E-PATH" for p in problems):
        return 2  # a path that does not exist is a usage error
    return 1 if errors or (strict and warnings) else 0
