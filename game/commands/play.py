"""``politburo play``: check the arguments, build a :class:`~game.play.launch.Launch`, and hand it
to plain mode or the full-screen game.  Nothing here plays: the session lives in game.play."""

from __future__ import annotations

import argparse
import os
import sys

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when the command runs, not when the command line is built
    from game.engine import Scenario
    from game.paths import Places
    from game.play.launch import Launch

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
SERVED_ENV = "POLITBURO_SERVED"


def register(sub: argparse._SubParsersAction) -> None:
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
                        help="comma-separated choice ids to play automatically (gamble@2: and its chance "
                             "outcome 2), or 'historical' (the Politburo's choices and the chance outcomes "
                             "that actually happened)")
    parser.add_argument("--runs-dir", default=None, metavar="DIR", help="where run records (and saves) go")
    parser.add_argument("--resume", action="store_true", help="carry on from this scenario's autosave")
    parser.add_argument("--reveal", choices=("each", "end"), default=None,
                        help="show what actually happened after each decision (default) or only at the end")
    parser.add_argument("--watch", action="store_true",
                        help="reload the scenario file whenever it is saved, replaying your decisions "
                             "(full-screen game only)")


def _err(message: str, hint: str = "") -> None:
    sys.stderr.write(f"politburo: {message}\n")
    if hint:
        sys.stderr.write(f"    hint: {hint}\n")


def load_for_play(name: str | None) -> Scenario | None:
    """Resolve and check a SCENARIO argument; print errors as validate does.  None on failure."""
    from game.catalog import UnknownScenario, bundled_ids, resolve

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


def parse_script(text: str | None, scenario: Scenario) -> list[tuple[str, int | None]] | None:
    """``--choices``: (choice id, forced outcome) pairs; 'historical' follows the historical path
    with the chance outcomes history took.  None (after a message) when it cannot be used."""
    from game.engine.history import historical_track

    if text is None:
        return []
    if text.strip() == "historical":
        track = historical_track(scenario)
        if track.problem:
            _err(f"cannot follow history: {track.problem}")
            return None
        return [(step.choice, step.outcome) for step in track.steps]
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        _err("--choices is empty", "give comma-separated choice ids, or 'historical'")
        return None
    from game.scenario.format import split_step

    steps = [split_step(item) for item in items]  # 'gamble@2' also takes the choice's outcome 2
    for item, (_, outcome) in zip(items, steps):
        if "@" in item and outcome is None:
            _err(f"--choices: '{item}' names no outcome", "after '@' write the outcome's number, from 1: gamble@2")
            return None
    return steps


def check_script(scenario: Scenario, script: list[tuple[str, int | None]], seed: int) -> bool:
    """Check a whole ``--choices`` list before anything is played, so a typo fails up front."""
    from game.engine import EngineError, Game

    probe = Game.new(scenario, seed)
    for position, (choice_id, outcome) in enumerate(script, start=1):
        if probe.is_over:
            _err(f"--choices has {len(script)} items but the game ends after {position - 1}")
            return False
        available = [c.id for c in probe.available_choices()]
        if choice_id not in available:
            _err(f"--choices item {position}: '{choice_id}' is not an available choice in scene "
                 f"'{probe.scene_id}'", f"choices there: {', '.join(available)}")
            return False
        try:
            probe.choose(choice_id, outcome=outcome)
        except EngineError as exc:
            _err(f"--choices item {position}: {exc}")
            return False
    return True


def _class_launch(args: argparse.Namespace, places: Places, served: bool) -> Launch | None:
    from game.classroom.codes import CodeError
    from game.classroom.join import clean_name, join_class
    from game.play.launch import Launch

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
    player = None
    if args.player is not None:
        player = clean_name(args.player)
        if not player:
            _err("--player is empty", "give your name: --player Ana")
            return None
    return Launch(places, joined.scenario, player, joined.seed, joined.settings(), args.resume, served=served)


def _watch(args: argparse.Namespace, places: Places) -> int:
    """``play PATH --watch``: open the game on the file even while it is invalid (its errors are
    shown in the game until it is fixed)."""
    from game.catalog import UnknownScenario, resolve
    from game.formats import RunSettings
    from game.play.launch import Launch

    usage = f"politburo play {args.scenario or 'FILE.yaml'} --watch"
    if args.plain:
        _err("--watch reloads the file in the full-screen game; it cannot be used with --plain", usage)
        return EXIT_USAGE
    for flag, value in (("--class", args.class_code), ("--choices", args.choices)):
        if value is not None:
            _err(f"--watch cannot be used with {flag}", usage)
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
    settings = RunSettings(reveal=args.reveal or "each")
    launch = Launch(places, resolved.result.scenario, args.player, args.seed, settings, watch=resolved.path)
    return _run_tui(launch)


def _run_tui(launch: Launch) -> int:
    from game.cli import run_tui

    return run_tui(launch)


def run(args: argparse.Namespace) -> int:
    from game.formats import RunSettings
    from game.paths import Places, PlacesError
    from game.play.launch import Launch

    served = bool(os.environ.get(SERVED_ENV))
    try:
        places = Places.resolve(args.runs_dir)
    except PlacesError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if args.watch and not served:
        return _watch(args, places)
    if served and (args.plain or (args.scenario is not None and args.class_code is None)):
        _err("a served game plays the bundled scenarios only")  # never reached from a browser
        return EXIT_USAGE
    if args.class_code is not None:
        launch = _class_launch(args, places, served)
        if launch is None:
            return EXIT_USAGE
    elif served and args.scenario is None and not args.plain:
        return _run_tui(Launch(places, served=True))  # the title screen: students pick a scenario
    else:
        scenario = load_for_play(args.scenario)
        if scenario is None:
            return EXIT_INVALID if args.scenario is not None else EXIT_USAGE
        settings = RunSettings(reveal=args.reveal or "each")
        launch = Launch(places, scenario, args.player, args.seed, settings, args.resume, served=served)
    if not args.plain:
        if args.choices is not None:
            _err("--choices plays automatically in plain text; add --plain",
                 f"politburo play {args.scenario or ''} --plain --choices {args.choices}".replace("  ", " "))
            return EXIT_USAGE
        return _run_tui(launch)
    return _run_plain(args, launch)


def _run_plain(args: argparse.Namespace, launch: Launch) -> int:
    from game.engine.record import replace as with_changes
    from game.plain import play_single, stdio

    scenario = launch.scenario
    assert scenario is not None
    io = stdio()
    player = launch.player
    if launch.class_code is not None and player is None:
        from game.classroom.join import ask_name

        player = ask_name(io.read_line, io.out)
        if player is None:
            _err("a class needs your name", f"politburo play --class {launch.class_code} --plain --player NAME")
            return EXIT_USAGE
    script = parse_script(args.choices, scenario)
    if script is None:
        return EXIT_USAGE
    if script and not args.resume:
        seed = launch.seed if launch.seed is not None else 0
        if launch.seed is None:
            from game.play.session import new_seed

            seed = new_seed()
            launch = with_changes(launch, seed=seed)
        if not check_script(scenario, script, seed):
            return EXIT_USAGE
    launch = with_changes(launch, player=player, script=tuple(script))
    scenario = launch.scenario
    assert scenario is not None
    try:
        return play_single(launch, scenario, io, player=player or "player")
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly, as other tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
