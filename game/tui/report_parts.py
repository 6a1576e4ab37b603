"""The class report as parts: one widget per stable piece of the report, each keyed, so the
live screen (:mod:`game.tui.screens.report`) can update only what changed.

Apart from the screen because the report's words and layout (decisions, groups, meters, who is
still playing) are most of the code, and the screen's own job — watching the folder, the reveal
key, redrawing in place — reads better without them.  Every string came from students' files,
so all of it is shown as data (``Content``), never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.engine.record import field, record
from game.text import signed
from game.tui.text import heading, join_lines, shown

if TYPE_CHECKING:
    from game.classroom.report import DecisionStat, Group, MeterSeries, Report

LABEL = 18


@record(slots=False)
class PartSpec:
    """One part of the report: ``text`` (wrapping under itself) after an optional ``label`` column."""

    key: str
    text: Content
    label: str = ""
    label_width: int = 0
    classes: str = "report-part"
    signature: tuple[object, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, key: str, text: Content | str, label: str = "", label_width: int = 0,
           classes: str = "report-part") -> PartSpec:
        content = text if isinstance(text, Content) else Content(text)
        return cls(key, content, label, label_width, classes,
                   (content.plain, tuple(content.spans), label, label_width, classes))


class Part(Horizontal):
    """A part of the report on screen; :meth:`show` changes its text in place."""

    DEFAULT_CSS = """
    Part { height: auto; }
    Part > .part-label { height: auto; }
    Part > .part-text { width: 1fr; height: auto; }
    """

    def __init__(self, spec: PartSpec) -> None:
        super().__init__(classes=spec.classes)
        self.spec = spec

    def compose(self) -> ComposeResult:
        label = Static(Content(self.spec.label), classes="part-label", markup=False)
        label.styles.width = self.spec.label_width
        label.display = self.spec.label_width > 0
        yield label
        yield Static(self.spec.text, classes="part-text")

    def show(self, spec: PartSpec) -> None:
        if spec.signature == self.spec.signature:
            return
        label, text = self.query_one(".part-label", Static), self.query_one(".part-text", Static)
        label.update(Content(spec.label))
        label.styles.width = spec.label_width
        label.display = spec.label_width > 0
        text.update(spec.text)
        self.set_classes(spec.classes)
        self.spec = spec


def _hidden_words(d: DecisionStat) -> str:
    if d.history_hidden:
        return "the Politburo's choice is hidden until you press h"
    if d.percent_matched is None:
        return "no Politburo decision to match (a counterfactual scene)"
    return f"{d.percent_matched}% chose as the Politburo did ({d.matched} of {d.decided})"


def _decision(key: str, n: int, d: DecisionStat) -> list[PartSpec]:
    """A decision's head, then one row per option (the label wraps under itself), then quotes."""
    from game.classroom.text import bar

    head = Content.assemble((f"{n}. {d.title}", "bold"), ("  debate point" if d.debate else "", "italic"))
    out = [PartSpec.of(f"{key}:head", join_lines([head, f"   {d.reached} decided · {_hidden_words(d)} · "
                                                         f"split {d.split}%"]), classes="report-head")]
    for o in d.options:
        mark = "◆" if o.historical else " "
        prefix = f"   {mark} {bar(o.percent, 12)} {o.count:3} {o.percent:3}%"
        label = Content.assemble(o.label, ("  ← the Politburo's decision", "italic") if o.historical else "")
        out.append(PartSpec.of(f"{key}:o:{o.choice}", label, prefix, len(prefix) + 2, "report-option"))
    labels = {o.choice: o.label for o in d.options}
    for choice in dict.fromkeys(q.choice for q in d.quotes):
        out.append(PartSpec.of(f"{key}:why:{choice}", Content.assemble(
            ("Why “", "italic"), (labels.get(choice, choice), "italic"), ("”?", "italic")), " ", 3, "report-quote"))
        out += [PartSpec.of(f"{key}:q:{choice}:{q.player}", Content.assemble("“", q.text, "” — ", (q.player, "bold")),
                            " ", 5, "report-quote") for q in d.quotes if q.choice == choice]
        if d.more_quotes.get(choice):
            out.append(PartSpec.of(f"{key}:more:{choice}", f"… and {d.more_quotes[choice]:,} more reason(s)",
                                   " ", 5, "report-quote"))
    return out


def _meter(m: MeterSeries) -> Content:
    from game.classroom.text import cut, spark

    last = m.history[-1] if m.history else "-"
    lines: list[Content | str] = [Content.assemble(("  " + m.label, "bold"), f" ({m.min}–{m.max})")]
    if m.history:
        lines.append(f"    {'history':{LABEL}} {spark(m.history, m.min, m.max)}  {last}")
    lines.append(f"    {'class median':{LABEL}} {spark(m.median, m.min, m.max)}")
    for p in m.players:
        lines.append(Content.assemble("    ", cut(p.player, LABEL).ljust(LABEL), " ",
                                      spark(p.values, m.min, m.max), f"  {p.values[-1]}"))
    return join_lines(lines)


def group_specs(n: int, g: Group) -> list[PartSpec]:
    """One group (a scenario and version) as keyed parts, in the order a teacher reads them."""
    from game.classroom.text import counts_line, cut, progress_words, roster_words, seesaw_gauge

    key = f"g{n}"
    classes = f" · class {', '.join(g.class_codes)}" if g.class_codes else ""
    about: list[Content | str] = [
        Content.assemble(("Class report: ", "bold"), (g.title, "bold"), f" ({g.scenario_id}, version {g.version})"),
        counts_line(g) + classes]
    about += [Content.assemble(("Note: ", "bold"), shown(note)) for note in g.notes]
    parts = [PartSpec.of(f"{key}:about", join_lines(about))]
    if g.in_progress:
        playing: list[Content | str] = [heading(f"Still playing ({g.in_progress})")]
        playing += [Content.assemble("  ", (cut(p.player, LABEL).ljust(LABEL), "bold"),
                                     f" decision {p.at_decision or '?'}", f": {p.where}" if p.where else "")
                    for p in g.players if p.status == "in progress"]
        parts.append(PartSpec.of(f"{key}:playing", join_lines(playing)))
    parts.append(PartSpec.of(f"{key}:intro", join_lines([
        heading("Each decision"), "◆ marks what the Politburo did; split is the share of the class that did not "
                                  "take the most popular option."])))
    for k, d in enumerate(g.decisions, start=1):
        parts += _decision(f"{key}:d:{d.scene}", k, d)
    by_scene = {d.scene: d for d in g.decisions}
    split: list[Content | str] = [heading("Where the class split most")]
    if not g.most_split:
        split.append("No decision divided the class.")
    for k, scene in enumerate(g.most_split, start=1):
        d = by_scene[scene]
        split.append(Content.assemble((f"{k}. {d.title}", "bold"), f": {d.split}% did not take the most "
                                      "popular option"))
        questions = d.debrief_questions or ["(the scenario gives no debrief questions for this decision)"]
        split += [Content.assemble("   – ", q) for q in questions]
    parts.append(PartSpec.of(f"{key}:split", join_lines(split)))
    left, right = g.seesaw
    players: list[Content | str] = [
        heading("Players"),
        f"Ending (◆ = as history went), divergence from history (0 = as history), decisions as the "
        f"Politburo, and the seesaw from {left} (−100) to {right} (+100).", ""]
    if not g.players_listed:
        players.append(roster_words(g))
    for p in g.players if g.players_listed else []:
        if not p.complete:
            ending = f"({progress_words(p)})"
        else:
            ending = ("◆ " if p.ending_historical else "") + (p.ending_title or p.ending)
        agree = "-" if p.decided is None else f"{p.matched}/{p.decided}"
        seesaw = "" if p.seesaw is None else signed(p.seesaw)
        players.append(Content.assemble(("  " + cut(p.player, LABEL).ljust(LABEL), "bold"), " ", ending))
        players.append(f"  {'':{LABEL}} divergence {p.divergence if p.divergence is not None else '-'}"
                       f" · agreed {agree} · seesaw {seesaw_gauge(p.seesaw, 15)} {seesaw}")
    parts.append(PartSpec.of(f"{key}:players", join_lines(players)))
    meters: list[Content | str] = [heading("The meters over time"),
                                   "One mark a turn from the start; history is the Politburo's path."]
    meters += [_meter(m) for m in g.meters]
    parts.append(PartSpec.of(f"{key}:meters", join_lines(meters)))
    return parts


def report_specs(report: Report) -> list[PartSpec]:
    from game.classroom.text import HIDDEN_NOTE, skipped_more_words

    notes = report.notes + ([HIDDEN_NOTE + " Press h to show them."] if report.history_hidden else [])
    parts = [PartSpec.of(f"note:{n}", Content.assemble(("Note: ", "bold"), shown(note)))
             for n, note in enumerate(notes)]
    for n, g in enumerate(report.groups, start=1):
        parts += group_specs(n, g)
    if not report.groups:
        parts.append(PartSpec.of("empty", "No run records were found in this folder yet."))
    if report.skipped:
        lines: list[Content | str] = [heading(f"Skipped {max(report.skipped_total, len(report.skipped)):,} file(s)")]
        lines += [Content.assemble("  ", (shown(s.path), "bold"), ": ", shown(s.reason)) for s in report.skipped]
        if report.skipped_more:
            lines.append("  " + skipped_more_words(report))
        parts.append(PartSpec.of("skipped", join_lines(lines)))
    return parts


def report_parts(report: Report) -> list[Part]:
    """The report as widgets (for a one-off view)."""
    return [Part(spec) for spec in report_specs(report)]


def report_text(screen: Screen[object]) -> str:
    """Everything the report shows, as plain text (for tests and for a quick look)."""
    lines = []
    for part in screen.query("#report Part"):
        assert isinstance(part, Part)
        lines.append((part.spec.label + " " if part.spec.label.strip() else "") + part.spec.text.plain)
    return "\n".join(lines)
