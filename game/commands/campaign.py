"""``politburo campaign``: the bundled chapters in order, meters and flags carried across."""

from __future__ import annotations

import argparse
import sys

from game.play.bundled import BUNDLED


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "campaign", help="play the four chapters in order",
        description=f"{BUNDLED.title}: {BUNDLED.summary}",
        epilog="""examples:
  politburo campaign                     open the campaign in the game
  politburo campaign --plain --player Ana
  politburo campaign --plain --resume --player Ana""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plain", action="store_true", help="plain text on stdin/stdout")
    parser.add_argument("--seed", type=int, default=None, metavar="N", help="one seed for the whole campaign")
    parser.add_argument("--player", default=None, metavar="NAME", help="your name, stored in the run records")
    parser.add_argument("--runs-dir", default=None, metavar="DIR", help="where run records (and saves) go")
    parser.add_argument("--resume", action="store_true", help="carry on where you stopped")
    parser.add_argument("--reveal", choices=("each", "end"), default="each",
                        help="show what actually happened after each decision (default) or only at the end")


def run(args: argparse.Namespace) -> int:
    from game.formats import RunSettings
    from game.paths import Places, PlacesError
    from game.play.launch import Launch

    try:
        places = Places.resolve(args.runs_dir)
    except PlacesError as exc:
        sys.stderr.write(f"politburo: {exc}\n")
        return 2
    launch = Launch(places, player=args.player, seed=args.seed, settings=RunSettings(reveal=args.reveal),
                    resume=args.resume, campaign=True)
    if not args.plain:
        from game.cli import run_tui

        return run_tui(launch)
    from game.plain import play_campaign, stdio

    return play_campaign(launch, stdio(), player=launch.player_name)
