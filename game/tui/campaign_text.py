"""The campaign's words: what carries over into a chapter and what each chapter carried in.

Why apart from the screens: the chapter card and the campaign summary say the same things (a
meter by its label, never its id; a carried flag by the chapter's own description of it), and
the screens module would otherwise outgrow the size guide.  Every string from a scenario or a
record goes through :func:`~game.tui.text.shown`.
"""

from __future__ import annotations

from textual.content import Content

from game.engine import Scenario
from game.play.campaign import CARRY_LIMIT, CampaignRun, ChapterResult, carry_in
from game.text import signed
from game.tui.text import heading, join_lines, shown

__all__ = ["CARRY_SHARE", "carried_words", "carry_text", "flag_words", "summary_text"]

def carry_text(run: CampaignRun) -> Content:
    """The card's "what carries over": each meter's bounded shift from its usual start, by its
    label, and the flags this chapter inherits, in words."""
    chapter = run.current()
    assert chapter is not None and chapter.scenario is not None
    index = run.progress.chapter
    if index == 0:
        return join_lines([heading("Where the campaign begins"),
                           "Every meter starts at its usual value, as history had it. From the next "
                           "chapter on, each starts as far from history as you end this one (at most "
                           f"{CARRY_SHARE} of its range)."])
    carried = carry_in(chapter.scenario, run.progress.carry)
    lines: list[Content | str] = [
        heading(f"What carries over from chapter {index}"),
        f"Each meter starts as far from its usual start as you ended chapter {index} from history, "
        f"by at most {CARRY_SHARE} of its range (0: you ended where history did). History is played "
        "from the same start, so in this chapter only what you do in it counts against history.", ""]
    width = max(len(line.label) for line in carried.meters) if carried.meters else 0
    for line in carried.meters:
        label = Content.assemble(("  " + shown(line.label).ljust(width), "bold"), "  ")
        if line.shift is None:
            lines.append(Content.assemble(label, f"new in this chapter: starts at {line.usual}"))
        elif line.shift == 0:
            lines.append(Content.assemble(label, f"0, as history: starts at {line.start}"))
        else:
            side = "above" if line.shift > 0 else "below"
            clamp = "" if line.start == line.usual + line.shift else " (the meter's limit)"
            lines.append(Content.assemble(
                label, f"{signed(line.shift)} ({abs(line.shift)} {side} history): starts at {line.start}"
                f"{clamp}, not {line.usual}"))
    if carried.flags:
        lines += ["", heading("What your last chapter decided, carried on"),
                  *(Content.assemble("  • ", flag_words(chapter.scenario, k, v)) for k, v in carried.flags.items())]
    return join_lines(lines)


#: The bound on a carried shift, in words ("a fifth").
CARRY_SHARE = "a fifth" if CARRY_LIMIT == 0.2 else f"{round(CARRY_LIMIT * 100)}%"


def flag_words(scenario: Scenario, flag_id: str, value: object) -> str:
    """A carried flag as the chapter describes it: ``Yes — Moscow backed the partisans``; a
    flag without a description falls back to its id in words."""
    try:
        description = " ".join(scenario.flag(flag_id).description.split()).rstrip(".")
    except KeyError:
        description = ""
    what = shown(description or flag_id.replace("_", " ").capitalize())
    if value is True:
        return f"Yes — {what}"
    if value is False:
        return f"No — {what}"
    return f"{what}: {shown(str(value))}"


def carried_words(run: CampaignRun, result: ChapterResult) -> str:
    """What a finished chapter started with, meter by meter by its label (only the meters the
    chapter has: the carry holds every meter of the chapter before), flags in words."""
    index = result.number - 1
    scenario = run.chapters[index].scenario if 0 <= index < len(run.chapters) else None
    if scenario is None:  # the chapter cannot be loaded now: its ids, in words
        parts = [f"{k.replace('_', ' ')} {signed(v)}" for k, v in result.carry_in.meters.items() if v]
    else:
        carried = carry_in(scenario, result.carry_in)
        parts = [f"{shown(line.label)} {signed(line.shift)}" for line in carried.meters if line.shift]
        parts += [flag_words(scenario, k, v) for k, v in carried.flags.items()]
    return ", ".join(parts) or "nothing: it started as history had it"


def summary_text(run: CampaignRun, results: list[ChapterResult], served: bool) -> Content:
    done = len(results)
    head = (f"Campaign complete: {run.campaign.title}" if run.complete
            else f"Campaign so far: {run.campaign.title}")
    lines: list[Content | str] = [heading(head),
                                  f"{done} of {run.total} chapters played by {run.progress.player}; "
                                  f"campaign seed {run.progress.seed}."]
    historical = sum(1 for r in results if r.historical)
    if results:
        lines.append(f"Endings as history went: {historical} of {done}. Every other ending is a "
                     "counterfactual: it did not happen.")
    for r in results:
        lines += ["", Content.assemble((f"Chapter {r.number}: ", "bold"), (r.title, "bold"))]
        if r.problem:
            lines.append(Content.assemble("  The run record cannot be read: ", r.problem))
            continue
        kind = ("HISTORICAL" if r.historical else "COUNTERFACTUAL") if r.historical is not None else "unknown"
        lines.append(Content.assemble("  Ending: ", r.ending or "(none)", "  ", (kind, "bold")))
        if r.decided is not None:
            lines.append(f"  Decisions matching the Politburo's: {r.matched} of {r.decided}")
        if r.divergence is not None:
            lines.append(f"  Divergence from history: {r.divergence}/100 over the chapter (0 = as history)")
        if r.seesaw is not None:
            side = "balanced" if abs(r.seesaw) < 10 else ("toward national interest" if r.seesaw < 0
                                                           else "toward bloc rivalry")
            lines.append(f"  Seesaw: {signed(r.seesaw)}, {side}")
        if r.number > 1:
            lines.append(Content.assemble("  Carried in: ", carried_words(run, r)))
        if not served:
            lines.append(Content.assemble("  Run record: ", r.path))
    if not results:
        lines += ["", "No chapter has been finished yet."]
    return join_lines(lines)
