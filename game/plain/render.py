"""Plain text of the play layer's views: no colour, no cursor movement, 78 columns.

Why Markdown goes through a real parser here: plain mode is the screen-reader mode, and a reader
reads out every asterisk and bracket; ``game.text.markdown_to_plain`` leaves clean sentences.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from game.play.campaign_words import CampaignSummary, CarryCard
from game.play.review import Debrief, Dossier, TermView
from game.play.session import Intro
from game.play.views import (
    Consequence, CounselView, DocumentView, FiguresView, MeterView, Reveal, SceneView, SourceView,
    Standing,
)
from game.text import markdown_to_plain, reflow

WIDTH = 78
_BULLET = re.compile(r"(- |> |\d+\. )")


def wrap(text: str, indent: str = "", hang: str | None = None) -> str:
    """Wrap each paragraph (keeping list items and blank lines) to the plain-text width;
    ``hang`` indents continuation lines (default: as the first)."""
    out = []
    for para in text.strip().split("\n\n"):
        lines = para.split("\n")
        if any(" | " in line for line in lines) and len(lines) > 1:  # a table: keep its rows
            out.append("\n".join(indent + line for line in lines))
            continue
        blocks = []
        items: list[str] = []
        for line in lines:
            stripped = line.strip()
            if _BULLET.match(stripped) or not items:
                items.append(stripped)
            else:
                items[-1] += " " + stripped
        for item in items:
            bullet = _BULLET.match(item)
            extra = " " * len(bullet.group(1)) if bullet else ""
            follow = indent + extra if hang is None or bullet else hang
            blocks.append(textwrap.fill(item, WIDTH, initial_indent=indent, subsequent_indent=follow))
        out.append("\n".join(blocks))
    return "\n\n".join(out)


def prose(text: str, indent: str = "") -> str:
    """Author Markdown as wrapped plain text."""
    return wrap(markdown_to_plain(text), indent)


def intro(view: Intro) -> list[str]:
    lines = [f"=== {view.title} ===", f"{view.period} ({view.length})", wrap(f"Your role: {view.role}"), "",
             prose(view.summary)]
    if view.content_notes:
        lines += ["", "Content notes:"] + [wrap(f"- {markdown_to_plain(n)}", "  ") for n in view.content_notes]
    return lines


def cite(source: SourceView) -> str:
    text = source.citation
    if source.reference:
        text += f" [{source.reference}]"
    return text


def document_brief(doc: DocumentView) -> list[str]:
    meta = [doc.when]
    if doc.sender:
        meta.append(f"from {doc.sender}")
    if doc.recipient:
        meta.append(f"to {doc.recipient}")
    if doc.classification:
        meta.append(doc.classification)
    return [wrap(f"[{doc.kind.upper()}] {doc.title}"), wrap(", ".join(meta), "  ")]


def document_full(doc: DocumentView) -> list[str]:
    lines = document_brief(doc) + [prose(doc.summary, "  "), wrap("(Paraphrased for the game, not quoted.)", "  "),
                                   wrap(f"Source: {cite(doc.source)}", "  ")]
    if doc.source.note:
        lines.append(wrap(f"Note: {reflow(doc.source.note)}", "  "))
    return lines


def counsel(view: CounselView) -> str:
    who = f"{view.adviser} ({view.title})"
    if view.position:
        who += f", {view.position}"
    text = wrap(f"{who}: {markdown_to_plain(view.text)}", "  ")
    if view.note:
        text += "\n" + wrap(f"Note: {markdown_to_plain(view.note)}", "    ")
    return text


def document_list(docs: Iterable[DocumentView]) -> list[str]:
    """The scene's documents, one line each, and how to read one."""
    docs = list(docs)
    lines = [f"Documents ({len(docs)}): type d and a number to read one in full."]
    for number, doc in enumerate(docs, start=1):
        who = f", from {doc.sender}" if doc.sender else ""
        lines.append(wrap(f"d {number}. {doc.kind.capitalize()}: {doc.title} ({doc.when}{who})", "  ", "     "))
    return lines


def scene(view: SceneView) -> list[str]:
    """The briefing, the documents (one line each) and the advisers' counsel with their notes."""
    lines = ["", f"--- Decision {view.number}: {view.title} ---", f"{view.when}, {view.place}", "",
             prose(view.text)]
    if view.documents:
        lines += [""] + document_list(view.documents)
    if view.counsel:
        lines += ["", "Counsel:"] + [counsel(c) for c in view.counsel]
    return lines


def options(view: SceneView) -> list[str]:
    lines = ["Your options:"]
    for option in view.options:
        label = option.label if option.available else f"(unavailable) {option.label} - {option.reason}"
        lines.append(wrap(f"{option.number}. {label}", "  ", "     "))
    return lines


def meter_line(meters: Iterable[MeterView]) -> str:
    parts = []
    for m in meters:
        text = f"{m.label} {m.value}/{m.max}"
        if m.threshold_values:
            text += " (" + "; ".join(m.thresholds) + ")"
        parts.append(text)
    return wrap("Meters: " + "; ".join(parts), "", "        ")


def meter_cards(meters: Iterable[MeterView]) -> list[str]:
    """Every meter's model card: what it stands for, its value, both tracks."""
    lines = []
    for m in meters:
        head = f"{m.label}: now {m.value} (range {m.min}-{m.max})"
        if m.history is not None:
            head += f", history {m.history}"
        lines += ["", head]
        if m.thresholds:
            lines.append(wrap("; ".join(m.thresholds).capitalize() + ".", "  "))
        lines.append(wrap("You, decision by decision: " + " ".join(map(str, m.you)), "  "))
        if m.past is not None:
            lines.append(wrap("History, decision by decision: " + " ".join(map(str, m.past)), "  "))
        lines.append(prose(m.description, "  "))
    return lines


def dossier(view: Dossier) -> list[str]:
    """What historians say about the moments revealed so far, and every source met."""
    lines: list[str] = []
    if not view.historiography:
        lines.append("No historians' readings yet: they come with what actually happened.")
    for entry in view.historiography:
        lines += ["", wrap(f"On: {markdown_to_plain(entry.question)}")]
        for r in entry.readings:
            lines.append(wrap(f"- {r.author}, {r.work} ({r.lean_label}): {markdown_to_plain(r.reading)}", "  "))
    if view.sources:
        lines += ["", "Sources met so far:"] + [wrap(f"- {cite(s)}", "  ") for s in view.sources]
    return lines


def glossary_list(terms: Iterable[TermView]) -> list[str]:
    """Every term on one wrapped line, and how to read one."""
    names = [t.term for t in terms]
    if not names:
        return ["This scenario has no glossary."]
    return [f"Glossary ({len(names)} terms): type g and a term to read it, e.g. g {names[0]}.",
            wrap("; ".join(names), "  ")]


def glossary_entries(terms: Iterable[TermView]) -> list[str]:
    lines: list[str] = []
    for t in terms:
        lines += ["", wrap(f"{t.term}: {reflow(t.definition)}")]
        if t.source is not None:
            lines.append(wrap(f"Read further: {cite(t.source)}", "  "))
    return lines


def consequence(view: Consequence) -> list[str]:
    lines = [""] + [prose(r) for r in view.results]
    lines += [f"  {c.label}: {c.old} -> {c.new} ({c.new - c.old:+d}{'; ' + c.why if c.why else ''})"
              for c in view.changes]
    if view.ending is not None:
        why = f"{view.ending.why} " if view.ending.why else ""
        kind = "a historical ending" if view.ending.historical else "a counterfactual ending"
        lines += ["", wrap(f"The game ends here. {why}Ending: {view.ending.title} ({kind}).")]
    return lines


def reveal(view: Reveal, standings: Iterable[Standing] = (), figures: FiguresView | None = None) -> list[str]:
    lines = ["", "What actually happened:"]
    if view.counterfactual:
        lines.append(wrap("This moment did not happen: no Politburo decision matches it (a counterfactual "
                          "scene).", "  "))
    else:
        same = "You chose as the Politburo did." if view.matched else f"The Politburo chose: {view.politburo_choice}"
        lines.append(wrap(same, "  "))
        lines.append(wrap(f"{view.when}: {markdown_to_plain(view.record)}", "  "))
        lines += [wrap(f"Source: {cite(s)}", "  ") for s in view.sources]
    if standings:
        lines.append(wrap("You and history now: " + "; ".join(
            f"{s.label} {s.you} (history {s.history})" for s in standings) + ".", "  "))
    if figures is not None and figures.divergence is not None:
        lines.append(wrap(f"Divergence from history so far: {figures.divergence}/100.", "  "))
    return lines


def figures_lines(view: FiguresView) -> list[str]:
    lines = []
    if view.matched is not None:
        lines.append(f"  Decisions that matched the Politburo's: {view.matched} of {view.decided}")
    if view.divergence is not None:
        lines.append(f"  Divergence over the run: {view.divergence}/100 (0 = as history went)")
    if view.seesaw is not None:
        lines.append(f"  Seesaw: {view.seesaw:+d} ({view.seesaw_words})")
    return lines


def debrief(view: Debrief, reveal_each: bool) -> list[str]:
    kind = "(This is what happened.)" if view.ending_historical else "(Counterfactual: this is not what happened.)"
    lines = ["", f"=== {view.ending_title} ===", kind, "", prose(view.ending_text)]
    lines += [wrap(f"Source: {cite(s)}", "  ") for s in view.ending_sources]
    if not reveal_each:
        lines += ["", "What actually happened, decision by decision:"]
        for r in view.reveals:
            if r.counterfactual:
                lines.append(wrap(f"- {r.scene_title}: a counterfactual moment; no Politburo decision matches it.",
                                  "  "))
            else:
                mark = "same as" if r.matched else "differs from"
                lines.append(wrap(f"- {r.scene_title}: your choice {mark} the Politburo's ({r.politburo_choice}). "
                                  f"{r.when}: {markdown_to_plain(r.record)}", "  "))
    lines += ["", "Compared with history:"]
    lines += [f"  {s.label}: you {s.you[-1]}, history {s.history[-1]}" for s in view.series]
    if view.history_ending:
        lines.append(wrap(f"History ended: {view.history_ending}", "  "))
    lines += figures_lines(view.figures)
    return lines


def questions(view: Debrief) -> list[str]:
    if not view.questions:
        return []
    lines = ["", "To think about:"]
    for q in view.questions:
        where = "you chose differently from the Politburo" if q.left_history else "you chose as the Politburo did"
        lines.append(wrap(f"- Decision {q.number}, {q.scene_title} ({where}): {markdown_to_plain(q.text)}",
                          "  ", "    "))
    return lines


def historians(view: Debrief) -> list[str]:
    reading = view.reading
    lines = ["", "Your choices and the historians:", wrap(reading.summary, "  ")]
    for placed in reading.placed:
        r = placed.reading
        lines.append(wrap(f"- {r.author}, {r.work} ({placed.stance}): {markdown_to_plain(r.reading)}", "  "))
    return lines


def carry_card(card: CarryCard) -> list[str]:
    """The chapter card's "what carries over", as plain lines."""
    lines = [card.heading, wrap(card.intro)]
    width = max((len(line.label) for line in card.meters), default=0)
    lines += [wrap(f"{line.label.ljust(width)}  {line.text}", indent="  ", hang="  " + " " * (width + 2))
              for line in card.meters]
    if card.flags:
        lines += ["", card.flags_heading, *(wrap(flag, indent="  - ", hang="    ") for flag in card.flags)]
    return lines


def campaign_summary(summary: CampaignSummary) -> list[str]:
    """The campaign summary, chapter by chapter, as plain lines."""
    lines = [f"=== {summary.heading} ===", *(wrap(text) for text in summary.intro)]
    for chapter in summary.chapters:
        lines += ["", chapter.title + (f" ({chapter.kind.lower()} ending)" if chapter.kind else "")]
        lines += [wrap(f"{line.label}: {line.text}", indent="  ", hang="    ") for line in chapter.lines]
    return lines
