"""``politburo campaign``: the bundled chapters in order, meters and flags carried across."""

from __future__ import annotations

import argparse
import random
import secrets
import sys

from game.campaign import (
    BUNDLED, CampaignError, CampaignProgress, available_chapters, chapter_seed, load_chapter,
    progress_path, read_progress, write_progress,
)
from game.engine import Game, StateError
from game.paths import Places
from game.records import RunInfo, now_iso
from game.saves import read_save, save_path


def register(sub) -> None:
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
    parser.add_argument("--player", default="player", metavar="NAME", help="your name, stored in the run records")
    parser.add_argument("--runs-dir", default=None, metavar="DIR", help="where run records (and saves) go")
    parser.add_argument("--resume", action="store_true", help="carry on where you stopped")
    parser.add_argument("--reveal", choices=("each", "end"), default="each",
                        help="show what actually happened after each decision (default) or only at the end")


def _err(message: str, hint: str = "") -> int:
    sys.stderr.write(f"politburo: {message}\n")
    if hint:
        sys.stderr.write(f"    hint: {hint}\n")
    return 2


def run(args: argparse.Namespace) -> int:
    if not args.plain:
        from game.cli import run_tui

        args.campaign = BUNDLED.id
        return run_tui(None, args)
    chapters = available_chapters()
    if not chapters:
        return _err("no campaign chapters are installed")
    places = Places.resolve(args.runs_dir)
    try:
        places.prepare()
    except OSError as exc:
        return _err(places.unusable(exc), "pass --runs-dir DIR")
    try:
        progress = read_progress(places.saves, BUNDLED, args.player) if args.resume else None
    except CampaignError as exc:
        return _err(str(exc), "start again without --resume")
    if args.resume and progress is None:
        return _err(f"no campaign in progress for player '{args.player}'",
                    "start one: politburo campaign --plain")
    if progress is None:
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        progress = CampaignProgress(BUNDLED.id, args.player, seed, 0, {}, [], now_iso())
        write_progress(places.saves, BUNDLED, progress)
        print(f"=== {BUNDLED.title} ===")
        print(f"{len(chapters)} chapters. Seed {seed} (replay with --seed {seed}).")

    from game.plain import PlainSession

    def read_line() -> str | None:
        line = sys.stdin.readline()
        return line if line else None

    while progress.chapter < len(chapters):
        index = progress.chapter
        try:
            scenario = load_chapter(chapters[index])
        except CampaignError as exc:
            return _err(str(exc))
        game = None
        info = None
        saved = save_path(places.saves, scenario.id, args.player)
        if args.resume and saved.exists():
            try:
                save = read_save(saved)
                if save.data.get("campaign", {}).get("id") == BUNDLED.id:
                    game, info = save.restore(scenario), save.info
            except StateError:
                game = None
        if game is None:
            game = Game.new(scenario, random.Random(chapter_seed(progress.seed, index)), progress.carry)
            info = RunInfo(args.player, chapter_seed(progress.seed, index), now_iso(), {
                "reveal": args.reveal, "undo": scenario.undo,
                "campaign": {"id": BUNDLED.id, "chapter": index + 1, "of": len(chapters),
                             "carry_in": progress.carry}})
        print()
        print(f"##### Chapter {index + 1} of {len(chapters)} #####")
        session = PlainSession(scenario, game, info, places, read_line, sys.stdout,
                               reveal_each=args.reveal == "each",
                               save_extra={"campaign": {"id": BUNDLED.id, "chapter": index}})
        if game.turn == 0:
            session.intro()
        record = session.play()
        if record is None:  # the player stopped; the chapter autosave and progress are on disk
            print("To carry on the campaign: politburo campaign --plain --resume"
                  + (f" --player {args.player!r}" if args.player != "player" else ""))
            return 0
        progress.records.append(str(record))
        progress.carry = game.carry_out()
        progress.chapter += 1
        write_progress(places.saves, BUNDLED, progress)
        args.resume = False
    print()
    print(f"=== Campaign complete: {len(progress.records)} chapters ===")
    for path in progress.records:
        print(f"  {path}")
    progress_path(places.saves, BUNDLED, args.player).unlink(missing_ok=True)
    return 0
