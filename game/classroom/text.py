"""The report as a terminal table and as Markdown.

The terminal table uses only text (block characters for bars and sparklines, no colour, no cursor
movement), so it pipes, prints and reads the same in any terminal.  Every piece of text in the
report was cleaned of control characters when the runs were read, and file names were made
visible (:func:`game.safetext.visible`); as a second line of defence the whole output passes
through ``visible`` again (keeping its line breaks), so nothing a student wrote or named can
drive the teacher's terminal.  Markdown additionally escapes the characters that would turn a
student's name into markup.

:func:`to_live` is the short form the live view prints when it is not drawing the full-screen
board: per decision how the class splits so far, and who is still playing where.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from game.classroom.report import IN_PROGRESS, DecisionStat, Group, MeterSeries, PlayerRow, Report
from game.safetext import visible

SPARKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 16
WIDTH = 78


def spark(values: Sequence[float | None], low: int, high: int) -> str:
    span = max(high - low, 1)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
            continue
        level = round((min(max(v, low), high) - low) / span * (len(SPARKS) - 1))
        out.append(SPARKS[level])
    return "".join(out)


def bar(percent: int, width: int = BAR_WIDTH) -> str:
    eighths = round(percent / 100 * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + ("▏▎▍▌▋▊▉"[rest - 1] if rest else "")).ljust(width)


def seesaw_gauge(value: int | None, width: int = 21) -> str:
    if value is None:
        return "-".center(width)
    cells = ["·"] * width
    cells[width // 2] = "|"
    cells[round((max(-100, min(100, value)) + 100) / 200 * (width - 1))] = "●"
    return "".join(cells)


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _fig(value: object, suffix: str = "") -> str:
    return "-" if value is None else f"{value}{suffix}"


def progress_words(p: PlayerRow) -> str:
    """Where a run stands when it has not finished: the words every format uses."""
    if p.status == IN_PROGRESS:
        return f"in progress, decision {p.at_decision}" if p.at_decision else "in progress"
    return f"unfinished after {p.decisions}"


def _ending(p: PlayerRow) -> str:
    if not p.complete:
        return f"({progress_words(p)})"
    return ("◆ " if p.ending_historical else "") + (p.ending_title or p.ending)


def counts_line(g: Group) -> str:
    """"12 run(s): 9 finished, 3 still playing": the same words in every format."""
    parts = [f"{g.complete} finished"]
    if g.in_progress:
        parts.append(f"{g.in_progress} still playing")
    if g.unfinished:
        parts.append(f"{g.unfinished} unfinished")
    return f"{g.runs} run(s): " + ", ".join(parts)


def share_words(d: DecisionStat) -> str:
    if d.history_hidden:
        return "the Politburo's choice is hidden until you reveal it"
    return "" if d.percent_matched is None else f"{d.percent_matched}% as the Politburo"


def roster_words(g: Group) -> str:
    """What a table says instead of a row per player for a group of a whole school."""
    return (f"{g.runs:,} runs: too many to list here; one row per student is in the roster "
            "(politburo report FOLDER --format roster -o roster.csv)")


def playing_lines(g: Group, width: int = WIDTH) -> list[str]:
    """Who is still playing, and where: one line each."""
    return [cut(f"  {p.player} — decision {p.at_decision or '?'}" + (f": {p.where}" if p.where else ""), width)
            for p in g.players if p.status == IN_PROGRESS]


def _decision_lines(n: int, d: DecisionStat) -> list[str]:
    head = f"{n:2}. {d.title}" + ("  [debate point]" if d.debate else "")
    share = share_words(d)
    lines = [head, f"    {d.reached} decided" + (f" · {share}" if share else "") + f" · split {d.split}%"]
    for o in d.options:
        mark = "◆" if o.historical else " "
        lines.append(f"    {mark} {bar(o.percent)} {o.count:3} {o.percent:3}%  {cut(o.label, WIDTH - 35)}")
    labels = {o.choice: o.label for o in d.options}
    for choice in dict.fromkeys(q.choice for q in d.quotes):
        lines.append(f"    Why “{cut(labels.get(choice, choice), WIDTH - 14)}”?")
        lines += [f"      “{q.text}” — {q.player}" for q in d.quotes if q.choice == choice]
        if d.more_quotes.get(choice):
            lines.append(f"      … and {d.more_quotes[choice]:,} more reason(s) for this option")
    return lines


def _meter_lines(m: MeterSeries) -> list[str]:
    lines = [f"  {m.label} ({m.min}-{m.max})"]
    lines.append(f"    {'history':18} {spark(m.history, m.min, m.max)}  {_fig(m.history[-1] if m.history else None)}")
    lines.append(f"    {'class median':18} {spark(m.median, m.min, m.max)}")
    for p in m.players:
        lines.append(f"    {cut(p.player, 18):18} {spark(p.values, m.min, m.max)}  {p.values[-1]}")
    return lines


def _group_table(g: Group) -> list[str]:
    out = [f"CLASS REPORT: {g.title} ({g.scenario_id}, version {g.version})",
           counts_line(g) + (f" · class {', '.join(g.class_codes)}" if g.class_codes else "")]
    for note in g.notes:
        out.append(f"  ! {note}")
    if g.in_progress:
        out += ["", f"STILL PLAYING ({g.in_progress})"] + playing_lines(g)
    out += ["", "DECISIONS  (◆ = what the Politburo did; split = share not taking the most popular option)"]
    by_scene = {d.scene: d for d in g.decisions}
    for n, d in enumerate(g.decisions, start=1):
        out += _decision_lines(n, d) + [""]
    out.append("WHERE THE CLASS SPLIT MOST")
    if not g.most_split:
        out.append("  (no decision divided the class)")
    for n, scene in enumerate(g.most_split, start=1):
        d = by_scene[scene]
        out.append(f"{n:2}. {d.title}: {d.split}% did not take the most popular option")
        for q in d.debrief_questions or ["(no debrief questions for this decision)"]:
            out.append(f"      - {q}")
    left, right = g.seesaw
    out += ["", "PLAYERS", f"  {'player':18} {'ending':34} {'div.':>4} {'agree':>5}  seesaw: {left} ◀ ▶ {right}"]
    if not g.players_listed:
        out.append(f"  {roster_words(g)}")
    for p in g.players if g.players_listed else []:
        agree = "-" if p.decided is None else f"{p.matched}/{p.decided}"
        seesaw = "" if p.seesaw is None else f"{p.seesaw:+d}"
        out.append(f"  {cut(p.player, 18):18} {cut(_ending(p), 34):34} {_fig(p.divergence):>4} {agree:>5}  "
                   f"{seesaw_gauge(p.seesaw)} {seesaw}")
    out += ["", "METERS  (each turn from the start; history is the Politburo's path)"]
    for m in g.meters:
        out += _meter_lines(m)
    return out


def skipped_more_words(report: Report) -> str:
    """"… and 99,950 more files skipped (the first 50 are listed)" ('' when all are listed)."""
    if not report.skipped_more:
        return ""
    return f"… and {report.skipped_more:,} more file(s) skipped (the first {len(report.skipped)} are listed)"


def _skipped(report: Report) -> list[str]:
    if not report.skipped:
        return []
    lines = [f"SKIPPED {max(report.skipped_total, len(report.skipped)):,} file(s)"]
    lines += [f"  {s.path}: {s.reason}" for s in report.skipped]
    if report.skipped_more:
        lines.append("  " + skipped_more_words(report))
    if report.anonymous:
        lines.append("  (file names are hidden in an anonymous report; run without --anonymous to see them)")
    return lines


HIDDEN_NOTE = ("History is hidden while students are still playing: the Politburo's choice at each decision "
               "some have not reached yet (every decision, in a class that sees history only at the end), the "
               "historical endings and the historical track. Reveal it when the class is ready.")


def to_table(report: Report) -> str:
    out: list[str] = [f"! {n}" for n in report.notes]
    if report.history_hidden:
        out.append(f"! {HIDDEN_NOTE}")
    for g in report.groups:
        if out:
            out += ["", "=" * WIDTH, ""]
        out += _group_table(g)
    if report.skipped:
        out += [""] + _skipped(report)
    return visible("\n".join(out), keep_layout=True) + "\n"


def to_live(report: Report) -> str:
    """The live board as text: each group's counts, who is still playing where, and per decision
    how the class splits so far (no players' table, no meters)."""
    out: list[str] = [f"! {HIDDEN_NOTE}"] if report.history_hidden else []
    for g in report.groups:
        if out:
            out.append("")
        out += [f"{g.title} ({g.scenario_id}, version {g.version})"
                + (f" · class {', '.join(g.class_codes)}" if g.class_codes else ""), counts_line(g)]
        if g.apart:
            out.append(f"  ! {g.apart}")
        if g.in_progress:
            out += [f"Still playing ({g.in_progress}):"] + playing_lines(g)
        for n, d in enumerate(g.decisions, start=1):
            out += _decision_lines(n, d)[:2 + len(d.options)]
    if not report.groups:
        out.append("No runs yet: waiting for the first decision.")
    if report.skipped_total:
        out.append(f"({report.skipped_total:,} file(s) skipped: see the full report)")
    return visible("\n".join(out), keep_layout=True) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md(text: str) -> str:
    """Escape text for Markdown: no markup, links, table breaks or HTML from a student's name."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("<", "&lt;").replace(">", "&gt;")


def _md_group(g: Group) -> list[str]:
    out = [f"## {md(g.title)} ({md(g.scenario_id)}, version {md(g.version)})", "",
           counts_line(g) + (f"; class {', '.join(map(md, g.class_codes))}" if g.class_codes else "") + ".", ""]
    out += [f"> **Note:** {md(n)}" for n in g.notes] + ([""] if g.notes else [])
    if g.in_progress:
        out += [f"### Still playing ({g.in_progress})", ""]
        out += [f"- {md(p.player)}: decision {p.at_decision or '?'}" + (f", {md(p.where)}" if p.where else "")
                for p in g.players if p.status == IN_PROGRESS] + [""]
    out += ["### Decisions", "", "◆ marks what the Politburo did.", ""]
    for n, d in enumerate(g.decisions, start=1):
        share = f", {share_words(d)}" if share_words(d) else ""
        out += [f"#### {n}. {md(d.title)}" + (" (debate point)" if d.debate else ""), "",
                f"{d.reached} decided{share}; split {d.split}%.", "",
                "| option | chose | share | |", "|---|---:|---:|---|"]
        for o in d.options:
            label = ("◆ **" + md(o.label) + "**") if o.historical else md(o.label)
            out.append(f"| {label} | {o.count} | {o.percent}% | {bar(o.percent, 12).rstrip() or ' '} |")
        out.append("")
        labels = {o.choice: o.label for o in d.options}
        for choice in dict.fromkeys(q.choice for q in d.quotes):
            out += [f"Why “{md(labels.get(choice, choice))}”?", ""]
            for q in d.quotes:
                if q.choice == choice:
                    out += [f"> “{md(q.text)}” — {md(q.player)}", ">"]
            if d.more_quotes.get(choice):
                out += [f"> … and {d.more_quotes[choice]:,} more reason(s) for this option", ">"]
            out[-1] = ""
    by_scene = {d.scene: d for d in g.decisions}
    out += ["### Where the class split most", ""]
    for n, scene in enumerate(g.most_split, start=1):
        d = by_scene[scene]
        out.append(f"{n}. **{md(d.title)}**: {d.split}% did not take the most popular option.")
        out += [f"   - {md(q)}" for q in d.debrief_questions]
    if not g.most_split:
        out.append("No decision divided the class.")
    left, right = g.seesaw
    out += ["", "### Players", "", f"Seesaw: negative leans to {md(left)}, positive to {md(right)}.", "",
            "| player | ending | divergence | agreement | seesaw |", "|---|---|---:|---:|---:|"]
    if not g.players_listed:
        out.append(f"| {md(roster_words(g))} | | | | |")
    for p in g.players if g.players_listed else []:
        agree = "-" if p.decided is None else f"{p.matched}/{p.decided}"
        seesaw = "-" if p.seesaw is None else f"{p.seesaw:+d}"
        out.append(f"| {md(p.player)} | {md(_ending(p))} | {_fig(p.divergence)} | {agree} | {seesaw} |")
    out += ["", "### Meters", "", "Each turn from the start; *history* is the Politburo's path.", ""]
    for m in g.meters:
        out += [f"**{md(m.label)}** ({m.min}-{m.max})", "", "| | over time | last |", "|---|---|---:|",
                f"| history | `{spark(m.history, m.min, m.max)}` | {_fig(m.history[-1] if m.history else None)} |",
                f"| class median | `{spark(m.median, m.min, m.max)}` | |"]
        out += [f"| {md(p.player)} | `{spark(p.values, m.min, m.max)}` | {p.values[-1]} |" for p in m.players]
        out.append("")
    return out


def to_markdown(report: Report) -> str:
    notes = report.notes + ([HIDDEN_NOTE] if report.history_hidden else [])
    out = ["# Class report", ""] + [f"> {md(n)}" for n in notes] + ([""] if notes else [])
    for g in report.groups:
        out += _md_group(g)
    if report.skipped:
        out += ["## Skipped files", ""] + [f"- {md(s.path)}: {md(s.reason)}" for s in report.skipped]
        if report.skipped_more:
            out.append(f"- {md(skipped_more_words(report))}")
    return visible("\n".join(out).rstrip(), keep_layout=True) + "\n"
