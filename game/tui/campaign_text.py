"""The campaign's card and summary, laid out for the full-screen game.

The words and figures are made once, in :mod:`game.play.campaign_words`, so plain mode says the
same things; this module only lays them out (headings, bold labels, the ending's kind in bold).
Every string came from a scenario or a record, so it goes through :func:`~game.tui.text.shown`
and is never parsed as markup.
"""

from __future__ import annotations

from textual.content import Content

from game.play.campaign import CampaignRun, ChapterResult
from game.play.campaign_words import CARRY_SHARE, campaign_summary, carry_card
from game.tui.text import heading, join_lines, shown

__all__ = ["CARRY_SHARE", "carry_text", "summary_text"]


def carry_text(run: CampaignRun) -> Content:
    """The chapter card's "what carries over"."""
    card = carry_card(run)
    lines: list[Content | str] = [heading(card.heading), card.intro]
    if card.meters:
        lines.append("")
        width = max(len(line.label) for line in card.meters)
        lines += [Content.assemble(("  " + shown(line.label).ljust(width), "bold"), "  ", shown(line.text))
                  for line in card.meters]
    if card.flags:
        lines += ["", heading(card.flags_heading), *(Content.assemble("  • ", shown(flag)) for flag in card.flags)]
    return join_lines(lines)


def summary_text(run: CampaignRun, results: list[ChapterResult], served: bool) -> Content:
    """The campaign so far, or complete, chapter by chapter."""
    summary = campaign_summary(run, results, served=served)
    lines: list[Content | str] = [heading(summary.heading), *summary.intro]
    for chapter in summary.chapters:
        lines += ["", Content.assemble((shown(chapter.title), "bold"))]
        for line in chapter.lines:
            tail = ("  ", (chapter.kind, "bold")) if line.label == "Ending" and chapter.kind else ()
            lines.append(Content.assemble(f"  {line.label}: ", shown(line.text), *tail))
    return join_lines(lines)
