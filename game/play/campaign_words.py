"""The campaign's words: what carries into a chapter, and what each finished chapter was.

Why in the play layer: the chapter card and the campaign summary are figures a player reads, and
plain mode and the full-screen game must say the same things — a meter by its label, never its
id; a carried flag by the chapter's own description of it; the bound on carry-over in words.
Renderers lay these out (headings, bold labels); the words and numbers are made once, here.
Every string is plain text from a scenario or a record: renderers show it as data, never markup.
"""

from __future__ import annotations

from game.engine import Scenario
from game.engine.record import record
from game.play.campaign import CARRY_LIMIT, CampaignRun, ChapterResult, carry_in
from game.text import signed

#: The bound on a carried shift, in words ("a fifth").
CARRY_SHARE = "a fifth" if CARRY_LIMIT == 0.2 else f"{round(CARRY_LIMIT * 100)}%"


@record(slots=False)
class LabelledLine:
    """One line of a card: a label (a meter's) and what is said of it."""

    label: str
    text: str


@record(slots=False)
class CarryCard:
    """What carries over into the current chapter, ready to lay out."""

    heading: str
    intro: str
    meters: tuple[LabelledLine, ...] = ()
    flags_heading: str = ""
    flags: tuple[str, ...] = ()


def carry_card(run: CampaignRun) -> CarryCard:
    """The chapter card's "what carries over": each meter's bounded shift from its usual start,
    by its label, and the flags this chapter inherits, in words."""
    chapter = run.current()
    assert chapter is not None and chapter.scenario is not None
    index = run.progress.chapter
    if index == 0:
        return CarryCard("Where the campaign begins",
                         "Every meter starts at its usual value, as history had it. From the next chapter on, "
                         f"each starts as far from history as you end this one (at most {CARRY_SHARE} of its range).")
    carried = carry_in(chapter.scenario, run.progress.carry)
    lines = []
    for line in carried.meters:
        if line.shift is None:
            text = f"new in this chapter: starts at {line.usual}"
        elif line.shift == 0:
            text = f"0, as history: starts at {line.start}"
        else:
            side = "above" if line.shift > 0 else "below"
            clamp = "" if line.start == line.usual + line.shift else " (the meter's limit)"
            text = (f"{signed(line.shift)} ({abs(line.shift)} {side} history): starts at {line.start}{clamp}, "
                    f"not {line.usual}")
        lines.append(LabelledLine(line.label, text))
    flags = tuple(flag_words(chapter.scenario, k, v) for k, v in _notable(chapter.scenario, carried.flags).items())
    return CarryCard(
        f"What carries over from chapter {index}",
        f"Each meter starts as far from its usual start as you ended chapter {index} from history, by at most "
        f"{CARRY_SHARE} of its range (0: you ended where history did). History is played from the same start, "
        "so in this chapter only what you do in it counts against history.",
        tuple(lines), "What your earlier chapters changed, carried on" if flags else "", flags)


def flag_words(scenario: Scenario, flag_id: str, value: object) -> str:
    """A carried flag as the chapter describes it, in its first clause (the rest of a flag's
    description is for authors): ``Yes — Chapter 1 ended with Korea unified by force in 1949
    (counterfactual)``.  A flag without a description falls back to its id in words."""
    try:
        description = " ".join(scenario.flag(flag_id).description.split())
    except KeyError:
        description = ""
    what = _first_clause(description) or flag_id.replace("_", " ").capitalize()
    if value is True:
        return f"Yes — {what}"
    if value is False:  # "No — X, as in history" would say both; the "no" is the news
        return f"No — {what.removesuffix(', as in history')}"
    return f"{what}: {value}"


def _first_clause(text: str) -> str:
    """Up to the first ``: `` or sentence end, without the closing full stop."""
    cut = len(text)
    for mark in (": ", ". "):
        at = text.find(mark)
        if at != -1:
            cut = min(cut, at)
    return text[:cut].rstrip(".")


def _notable(scenario: Scenario, flags: dict[str, object]) -> dict[str, object]:
    """The carried flags whose value is not the chapter's default: what the player's earlier
    chapters changed.  (A default is the world as history had it, so listing those is noise.)"""
    out = {}
    for flag_id, value in flags.items():
        try:
            default = scenario.flag(flag_id).default
        except KeyError:
            default = None
        if value != default:
            out[flag_id] = value
    return out


def carried_words(run: CampaignRun, result: ChapterResult) -> str:
    """What a finished chapter started with, meter by meter by its label (only the meters the
    chapter has: the carry holds every meter of the chapter before), flags in words."""
    index = result.number - 1
    scenario = run.chapters[index].scenario if 0 <= index < len(run.chapters) else None
    if scenario is None:  # the chapter cannot be loaded now: its ids, in words
        parts = [f"{k.replace('_', ' ')} {signed(v)}" for k, v in result.carry_in.meters.items() if v]
    else:
        carried = carry_in(scenario, result.carry_in)
        parts = [f"{line.label} {signed(line.shift)}" for line in carried.meters if line.shift]
        parts += [flag_words(scenario, k, v) for k, v in _notable(scenario, carried.flags).items()]
    return ", ".join(parts) or "nothing: it started as history had it"


@record(slots=False)
class ChapterSummary:
    """One finished chapter in the campaign summary: its title and labelled lines."""

    title: str
    lines: tuple[LabelledLine, ...]
    #: The ending's kind, for emphasis: HISTORICAL, COUNTERFACTUAL or unknown ('' if unreadable).
    kind: str = ""


@record(slots=False)
class CampaignSummary:
    heading: str
    intro: tuple[str, ...]
    chapters: tuple[ChapterSummary, ...]


def campaign_summary(run: CampaignRun, results: list[ChapterResult], *, served: bool) -> CampaignSummary:
    """The campaign so far (or complete), chapter by chapter: the ending and whether it is history,
    decisions matched, divergence, the seesaw, what was carried in, and where the record is
    (not when served: the student's browser has no use for a server's path)."""
    done = len(results)
    head = (f"Campaign complete: {run.campaign.title}" if run.complete
            else f"Campaign so far: {run.campaign.title}")
    intro = [f"{done} of {run.total} chapters played by {run.progress.player}; campaign seed {run.progress.seed}."]
    if results:
        historical = sum(1 for r in results if r.historical)
        intro.append(f"Endings as history went: {historical} of {done}. Every other ending is a counterfactual: "
                     "it did not happen.")
    else:
        intro.append("No chapter has been finished yet.")
    chapters = []
    for r in results:
        title = f"Chapter {r.number}: {r.title}"
        if r.problem:
            chapters.append(ChapterSummary(title, (LabelledLine("The run record cannot be read", r.problem),)))
            continue
        kind = ("HISTORICAL" if r.historical else "COUNTERFACTUAL") if r.historical is not None else "unknown"
        lines = [LabelledLine("Ending", r.ending or "(none)")]
        if r.decided is not None:
            lines.append(LabelledLine("Decisions matching the Politburo's", f"{r.matched} of {r.decided}"))
        if r.divergence is not None:
            lines.append(LabelledLine("Divergence from history",
                                      f"{r.divergence}/100 over the chapter (0 = as history)"))
        if r.seesaw is not None:
            side = ("balanced" if abs(r.seesaw) < 10
                    else "toward national interest" if r.seesaw < 0 else "toward bloc rivalry")
            lines.append(LabelledLine("Seesaw", f"{signed(r.seesaw)}, {side}"))
        if r.number > 1:
            lines.append(LabelledLine("Carried in", carried_words(run, r)))
        if not served:
            lines.append(LabelledLine("Run record", r.path))
        chapters.append(ChapterSummary(title, tuple(lines), kind))
    return CampaignSummary(head, tuple(intro), tuple(chapters))


__all__ = [
    "CARRY_SHARE", "CampaignSummary", "CarryCard", "ChapterSummary", "LabelledLine", "campaign_summary",
    "carried_words", "carry_card", "flag_words",
]
