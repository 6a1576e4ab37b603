"""``politburo play``: choose the scenario, set up seed, player and folders, then hand over to
the plain-text session or the full-screen game."""

from __future__ import annotations

import argparse
import random
import secrets
import sys

from game.catalog import UnknownScenario, bundled_ids, resolve
from game.engine import Game, StateError
from game.paths import Places
from game.records import RunInfo, now_iso
from game.saves import read_save, restore_or_migrate, save_path

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def register(sub) -> None:
    parser = sub.add_parser(
        "play", help="play a scenario",
        description="Play a scenario: a bundled scenario id (e.g. kim-1949) or a path to a .yaml file.",
        epilog="""examples:
  politburo play kim-1949                        open the game in this scenario
  politburo play kim-1949 --plain
  politburo play kim-1949 --plain --seed 7 --player Ana
  politburo play kim-1949 --plain --choices historical
  politburo play my-scenario.yaml --plain --choices meet,refuse,concur
  printf '1\\n2\\n1\\n' | politburo play kim-1949 --plain
  politburo play kim-1949 --plain --resume       carry on from the autosave
  politburo play --class ABC-DEF-GHJ --player Ana
                                                 join a class: the code fixes scenario, seed, settings
  politburo play my-scenario.yaml --watch        reload the file whenever you save it (for authors)""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                        help="bundled scenario id or .yaml path (default: the first bundled scenario)")
    parser.add_argument("--plain", action="store_true",
                        help="plain text on stdin/stdout instead of the full-screen game")
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help="seed for chance outcomes; the same seed and choices replay the same story")
    parser.add_argument("--player", default=None, metavar="NAME", help="your name, stored in the run record")
    parser.add_argument("--class", dest="class_code", default=None, metavar="CODE",
                        help="join a class with the code your teacher gave (fixes scenario, seed and settings)")
    parser.add_argument("--choices", default=None, metavar="LIST",
                        help="comma-separated choice ids to play automatically, or 'historical'")
    parser.add_argument("--runs-dir", default=None, metavar="DIR", help="where run records (and saves) go")
    parser.add_argument("--resume", action="store_true", help="carry on from this scenario's autosave")
    parser.add_argument("--reveal", choices=("each", "end"), default=None,
                        help="show what actually happened after each decision (default) or only at the end")
    parser.add_argument("--watch", action="store_true",
                        help="reload the scenario file whenever it is saved, replaying your decisions "
                             "(full-screen game only)")


def run(args: argparse.Namespace) -> int:
    return play_command(args)


def _err(message: str, hint: str = "") -> None:
    sys.stderr.write(f"politburo: {message}\n")
    if hint:
        sys.stderr.write(f"    hint: {hint}\n")


def load_for_play(name: str | None):
    """Resolve and check a SCENARIO argument; print errors as validate does.  None on failure."""
    if name is None:
        ids = bundled_ids()
        if not ids:
            _err("no bundled scenarios are installed", "give the path to a scenario .yaml file")
            return None
        name = ids[0]
    try:
        resolved = resolve(name)
    except UnknownScenario as exc:
        sys.stderr.write(f"politburo: {exc}\n")
        return None
    result = resolved.result
    if result.scenario is None:
        for d in result.diagnostics:
            sys.stderr.write(d.render() + "\n")
        n = len(result.errors)
        sys.stderr.write(f"{result.file}: {n} error{'s' * (n != 1)}; the scenario cannot be played\n")
        return None
    return result.scenario


def parse_script(text: str | None, scenario) -> list[str] | None:
    if text is None:
        return []
    if text.strip() == "historical":
        track = Game(scenario, random.Random(0)).track
        if track.problem:
            _err(f"cannot follow history: {track.problem}")
            return None
        return track.choices
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        _err("--choices is empty", "give comma-separated choice ids, or 'historical'")
        return None
    return items


def _join(args: argparse.Namespace):
    """The class named by ``--class``, or None after printing why it cannot be joined."""
    from game.classroom.codes import CodeError
    from game.classroom.join import clean_name, join_class

    for flag, value in (("--seed", args.seed), ("--reveal", args.reveal)):
        if value is not None:
            _err(f"the class code fixes the seed and settings; leave out {flag}",
                 f"politburo play --class {args.class_code} --player NAME")
            return None
    try:
        joined = join_class(args.class_code, args.scenario)
    except CodeError as exc:
        _err(exc.message, exc.hint)
        return None
    if args.player is not None:
        args.player = clean_name(args.player)
        if not args.player:
            _err("--player is empty", "give your name: --player Ana")
            return None
    # Hand the class's settings on in the same args (the full-screen game reads them too).
    args.classroom, args.seed, args.reveal = joined, joined.seed, joined.reveal
    args.justify, args.undo = joined.justify, joined.undo
    return joined


def _watch(args: argparse.Namespace) -> int:
    """``play PATH --watch``: open the game on the file even while it is invalid (its errors are
    shown in the game until it is fixed)."""
    if args.plain:
        _err("--watch reloads the file in the full-screen game; it cannot be used with --plain",
             f"politburo play {args.scenario or 'FILE.yaml'} --watch")
        return EXIT_USAGE
    for flag, value in (("--class", args.class_code), ("--choices", args.choices)):
        if value is not None:
            _err(f"--watch cannot be used with {flag}", f"politburo play {args.scenario or 'FILE.yaml'} --watch")
            return EXIT_USAGE
    if args.scenario is None:
        _err("--watch needs the scenario file to watch", "politburo play FILE.yaml --watch")
        return EXIT_USAGE
    try:
        resolved = resolve(args.scenario)
    except UnknownScenario as exc:
        sys.stderr.write(f"politburo: {exc}\n")
        return EXIT_INVALID
    if not resolved.path.is_file():
        _err(f"cannot watch {resolved.path}: no such file")
        return EXIT_INVALID
    args.classroom = None
    args.watch_path = resolved.path
    if args.reveal is None:
        args.reveal = "each"
    if args.player is None:
        args.player = "player"
    from game.cli import run_tui

    return run_tui(resolved.result.scenario, args)


def play_command(args: argparse.Namespace) -> int:
    import os

    served = bool(os.environ.get("POLITBURO_SERVED"))
    if getattr(args, "watch", False) and not served:
        return _watch(args)
    if served and (args.plain or (args.scenario is not None and args.class_code is None)):
        _err("a served game plays the bundled scenarios only")  # never reached from a browser
        return EXIT_USAGE
    joined = None
    if args.class_code is not None:
        joined = _join(args)
        if joined is None:
            return EXIT_USAGE
        scenario = joined.scenario
    elif served and args.scenario is None and not args.plain:
        from game.cli import run_tui  # the title screen: students pick a bundled scenario

        args.classroom = None
        return run_tui(None, args)
    else:
        args.classroom = None
        scenario = load_for_play(args.scenario)
        if scenario is None:
            return EXIT_INVALID if args.scenario is not None else EXIT_USAGE
    if args.reveal is None:
        args.reveal = "each"
    places = Places.resolve(args.runs_dir)
    if not args.plain:
        from game.cli import run_tui

        return run_tui(scenario, args)
    if joined is not None and args.player is None:
        from game.classroom.join import ask_name

        args.player = ask_name(lambda: sys.stdin.readline() or None, sys.stdout)
        if args.player is None:
            _err("a class needs your name", f"politburo play --class {joined.text} --plain --player NAME")
            return EXIT_USAGE
    if args.player is None:
        args.player = "player"
    try:
        places.prepare()
    except OSError as exc:
        _err(places.unusable(exc), "pass --runs-dir DIR")
        return EXIT_USAGE

    if args.resume:
        path = save_path(places.saves, scenario.id, args.player)
        if not path.exists():
            _err(f"no saved game of '{scenario.id}' for player '{args.player}'",
                 f"start a new one: politburo play {scenario.id} --plain")
            return EXIT_USAGE
        try:
            save = read_save(path)
            restored, notes = restore_or_migrate(save, scenario)  # carries saves over scenario edits
            info = save.info
            reasons = {int(k): str(v) for k, v in dict(save.data.get("justifications") or {}).items()}
        except (StateError, KeyError, ValueError, TypeError) as exc:
            _err(f"the saved game cannot be resumed: {exc}",
                 f"start again: politburo play {scenario.id} --plain")
            return EXIT_INVALID
        saved_class = info.settings.get("class")
        if joined is not None and saved_class != joined.text:
            _err(f"the saved game of '{scenario.id}' for '{args.player}' is not from class {joined.text}",
                 f"start the class game without --resume: politburo play --class {joined.text} --plain")
            return EXIT_USAGE
        if joined is None and saved_class:
            _err(f"the saved game is from class {saved_class}",
                 f"politburo play --class {saved_class} --plain --resume --player {args.player!r}")
            return EXIT_USAGE
        for note in notes:
            sys.stdout.write(note + "\n")
        if restored is None:
            _err("the saved game cannot be carried over to this version of the scenario (see above)",
                 f"start a new game: politburo play {args.scenario or scenario.id} --plain")
            return EXIT_INVALID
        game = restored
    else:
        reasons = {}
        if joined is not None:
            info = joined.run_info(args.player, now_iso())
        else:
            seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
            info = RunInfo(args.player, seed, now_iso(), {"reveal": args.reveal, "undo": scenario.undo})
        game = Game.new(scenario, random.Random(info.seed))

    script = parse_script(args.choices, scenario)
    if script is None:
        return EXIT_USAGE
    if script:
        # Check the whole list up front so a typo fails before anything is played.
        probe = Game.from_dict(scenario, game.to_dict())
        for position, choice_id in enumerate(script, start=1):
            if probe.is_over:
                _err(f"--choices has {len(script)} items but the game ends after {position - 1}")
                return EXIT_USAGE
            available = [c.id for c in probe.available_choices()]
            if choice_id not in available:
                _err(f"--choices item {position}: '{choice_id}' is not an available choice in scene "
                     f"'{probe.scene_id}'", f"choices there: {', '.join(available)}")
                return EXIT_USAGE
            probe.choose(choice_id)

    from game.plain import PlainSession

    def read_line() -> str | None:
        line = sys.stdin.readline()
        return line if line else None

    session = PlainSession(scenario, game, info, places, read_line, sys.stdout, list(script),
                           reveal_each=info.settings.get("reveal", "each") == "each")
    if joined is not None:
        session.justify_scenes = joined.debate_scenes if joined.justify else ()
        session.justifications = reasons
        file_arg = f" {args.scenario}" if joined.code.needs_file and args.scenario else ""
        session.resume_command = (f"politburo play{file_arg} --class {joined.text} --plain --resume "
                                  f"--player {args.player!r}")
    if not args.resume:
        session.intro()
        if joined is not None:
            sys.stdout.write(f"Class {joined.text}: {args.player}, your teacher's settings are fixed.")
            if session.justify_scenes:
                sys.stdout.write(" At debate points you will be asked for a reason.")
            sys.stdout.write("\n")
        else:
            sys.stdout.write(f"Seed {info.seed} (replay with --seed {info.seed}).\n")
    else:
        sys.stdout.write(f"Resuming '{scenario.title}' after {game.turn} decision(s).\n")
    try:
        session.play()
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly, as other tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        _err(f"could not write the run record: {exc.strerror or exc}", "pass --runs-dir DIR")
        return EXIT_INVALID
    return EXIT_OK
