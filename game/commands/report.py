"""``politburo report``: compare a class's runs decision by decision, and against history.

Reads run files and folders (any mix, from any number of students), builds the report's data model
(:mod:`game.classroom.report`) and renders it in the format asked for.  A file that is not a run
record is listed as skipped with the reason, never a crash; a path that does not exist is a typo
in the command and stops it (exit 2), and so does ``-o`` into a folder that does not exist (the
report is never written somewhere the teacher did not mean).  ``--live`` watches the folders while
the class plays (:mod:`game.classroom.live`).  Everything printed that came from a student or a
folder (file names above all) passes through :func:`game.safetext.visible`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.classroom.report import Report, ScenarioLookup

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
FORMATS = ("table", "md", "csv", "html", "json", "roster")
#: Skipped files named on stderr when no run was found at all; the rest are counted.
STDERR_SKIPPED = 20
_BY_SUFFIX = {".md": "md", ".markdown": "md", ".csv": "csv", ".html": "html", ".htm": "html",
              ".json": "json", ".txt": "table"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "report", help="compare a class's runs with each other and with history",
        description="Compare run records: for each decision, how the class chose and what the "
                    "Politburo did; the decisions that split the class, with debrief questions; "
                    "each player's ending, divergence and seesaw; the meters against history.",
        epilog="""examples:
  politburo report runs/                          a table in the terminal
  politburo report runs/ -o class.html            one file for the projector (works offline)
  politburo report runs/ --anonymous -o class.html
                                                  students shown as Student 1, 2, ...
  politburo report runs/ --format csv -o class.csv
  politburo report runs/ --format roster -o roster.csv
                                                  one row per student, for a gradebook
  politburo report runs/ --live                   watch the class decide, live (h reveals history)
  politburo report runs/ --class 32N-F24-2WQ      this class first; other runs shown apart
  politburo report a.json b.json other-folder/    any mix of files and folders

Each run counts once however many copies of its record the folders hold.  Runs of another class,
of no class, or played with an edited scenario file are reported apart, never mixed in.""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="run files (.json) and folders of them")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="table (default), md, csv, html, json, or roster (CSV, one row per student); "
                             "with -o, taken from the file name")
    parser.add_argument("--live", action="store_true",
                        help="keep watching the folders and show the class as it decides (the full-screen board "
                             "in a terminal; a new text board on each change otherwise)")
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help="write to FILE instead of the terminal")
    parser.add_argument("--anonymous", action="store_true",
                        help="show students as Student 1, 2, ... (also in quoted reasons and file names)")
    parser.add_argument("--scenario", action="append", default=[], metavar="FILE",
                        help="a scenario file for titles and debrief questions (for scenarios not installed)")
    parser.add_argument("--class", dest="class_code", default=None, metavar="CODE",
                        help="the class this report is for: its runs come first, and runs of any other "
                             "class (or of none) are marked as not the class's")


def _err(message: str, hint: str = "") -> None:
    from game.safetext import visible

    sys.stderr.write(f"politburo: {visible(message)}\n")
    if hint:
        sys.stderr.write(f"    hint: {visible(hint)}\n")


def output_problem(output: str) -> str:
    """'' if the report can be written to ``output``, else why not (checked before any reading)."""
    target = Path(output)
    if not output.strip():
        return "-o is empty; name the file to write (for example -o class-report.html)"
    if target.is_dir():
        return f"{output} is a folder; name a file in it (for example {target / 'class-report.html'})"
    folder = target.parent
    if not folder.exists():
        return f"cannot write {output}: the folder {folder} does not exist"
    if not folder.is_dir():
        return f"cannot write {output}: {folder} is not a folder"
    return ""


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        from game.classroom.export import to_json

        return to_json(report)
    if fmt == "csv":
        from game.classroom.export import to_csv

        return to_csv(report.to_dict())
    if fmt == "roster":
        from game.classroom.export import to_roster

        return to_roster(report)
    if fmt == "html":
        from game.classroom.html import to_html

        return to_html(report)
    from game.classroom.text import to_markdown, to_table

    return to_markdown(report) if fmt == "md" else to_table(report)


def render_bytes(report: Report, fmt: str) -> bytes:
    """:func:`render` as UTF-8; JSON straight from the encoder (a year group's JSON is tens of MB,
    and a str of it, then its bytes, would each be another copy)."""
    if fmt == "json":
        from game.classroom.export import json_bytes

        return json_bytes(report)
    return render(report, fmt).encode("utf-8")


def _live(args: argparse.Namespace, lookup: ScenarioLookup, class_code: str | None) -> int:
    """``--live``: the full-screen board in a terminal, else a text board on each change (a pipe,
    a log, a screen reader, or ``TERM=dumb``)."""
    import os

    from game.classroom.live import ClassWatcher, run_plain

    watcher = ClassWatcher(args.paths, lookup, anonymous=args.anonymous, class_code=class_code)
    if sys.stdout.isatty() and sys.stdin.isatty() and os.environ.get("TERM") != "dumb":
        from game.tui.screens.report import run_live_board

        return run_live_board(watcher)
    return run_plain(watcher)


def run(args: argparse.Namespace) -> int:
    from game.classroom.report import installed_lookup
    from game.classroom.stream import stream_report

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        _err(f"no such file or folder: {missing[0]}", "give run files (.json) or the folders that hold them")
        return EXIT_USAGE
    if args.output is not None:
        problem = output_problem(args.output)
        if problem:
            _err(problem, "create the folder first, or choose another file with -o")
            return EXIT_USAGE
        if args.live:
            _err("--live shows the class on screen; it cannot be used with -o",
                 "write the report after the lesson: politburo report FOLDER -o class-report.html")
            return EXIT_USAGE
    class_code = None
    if args.class_code is not None:
        from game.classroom.codes import CodeError, parse_code

        try:
            class_code = parse_code(args.class_code).text
        except CodeError as exc:
            _err(exc.message, exc.hint)
            return EXIT_USAGE
    fmt = args.format
    if fmt is None:
        fmt = _BY_SUFFIX.get(Path(args.output).suffix.lower(), "table") if args.output else "table"
    extra = []
    for name in args.scenario:
        from game.commands.play import load_for_play

        scenario = load_for_play(name)
        if scenario is None:
            return EXIT_INVALID
        extra.append(scenario)
    lookup = installed_lookup(extra)
    if args.live:
        return _live(args, lookup, class_code)
    report = stream_report(args.paths, lookup, anonymous=args.anonymous, class_code=class_code)
    skipped = report.skipped_total
    if not report.run_count:
        from game.safetext import visible

        for s in report.skipped[:STDERR_SKIPPED]:
            sys.stderr.write(f"  skipped {visible(s.path)}: {visible(s.reason)}\n")
        if skipped > STDERR_SKIPPED:
            sys.stderr.write(f"  … and {skipped - STDERR_SKIPPED:,} more file(s) skipped\n")
        _err(f"no run records found in {', '.join(args.paths)}"
             + (f" ({skipped:,} file(s) skipped)" if skipped else ""),
             "run records are the .json files the game writes into its runs folder")
        return EXIT_INVALID
    data = render_bytes(report, fmt)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return EXIT_OK
    from game.storage import atomic_write_bytes

    try:
        atomic_write_bytes(Path(args.output), data)
    except OSError as exc:
        _err(f"cannot write {args.output}: {exc.strerror or exc}", "choose another file with -o")
        return EXIT_USAGE
    from game.safetext import visible

    playing = f", {report.in_progress} still playing" if report.in_progress else ""
    sys.stdout.write(f"Wrote the {fmt} report on {report.run_count} run(s){playing} to {visible(args.output)}"
                     + (f" ({skipped:,} file(s) skipped" + ("" if fmt == "roster" else "; listed in the report")
                        + ")" if skipped else "") + ".\n")
    return EXIT_OK
