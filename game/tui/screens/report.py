"""The class report, live: how a class is deciding, from its runs folder, as it fills in.

The figures come from :mod:`game.classroom.report` (the same :class:`Report` the command line
renders as a table, Markdown, CSV, JSON or HTML), so the screen and ``politburo report`` always
agree.  The folder is watched by :class:`~game.classroom.live.ClassWatcher` (a stat scan every
quarter second in a worker; see that module for why polling), so a decision taken anywhere in
the class shows here within about half a second; students still playing are listed with the
decision they are at.  ``politburo report DIR --live`` opens this same screen on its own
(:func:`run_live_board`).

**History stays hidden on the projector** while students could still be spoiled by it (the rule
is :func:`game.classroom.report.hidden_scenes`); ``h`` reveals the Politburo's choices, and hides
them again.

**Updated in place.**  Re-mounting a class's report (a hundred widgets) takes most of a second, too
slow to redraw on every decision, so every part of the report has a stable key and the screen
updates only the parts whose text changed, mounting and removing parts only when the report's
shape changes (a student finishes with a reason, a new decision is reached).  The scroll
position stays where the teacher left it.

Every name, reason and title in the report came from students' files, so all of it is shown as
data (``Content``), never parsed as markup.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from game.text import signed
from game.tui.base import PolitburoScreen
from game.tui.text import heading, join_lines

if TYPE_CHECKING:  # the report's reader loads when the screen is opened, not with the game
    from game.classroom.live import ClassWatcher
    from game.classroom.report import DecisionStat, Group, MeterSeries, Report

LABEL = 18
#: Seconds between two looks at the folder, and the least time between two redraws.
POLL, REDRAW = 0.25, 0.5


def build(folder: str, extra: tuple[Any, ...] = ()) -> Report:
    """Read ``folder`` and build the report (blocking: run in a worker)."""
    from game.classroom.report import build_report, installed_lookup
    from game.classroom.runs import load_runs

    runs, skipped = load_runs([folder])
    return build_report(runs, skipped, installed_lookup(extra))


def _folder(typed: str) -> tuple[Path, bool]:
    """Blocking: the folder a teacher typed, and whether it is one."""
    path = Path(typed).expanduser()
    return path, path.is_dir()


def _watcher(folder: str, extra: tuple[Any, ...]) -> ClassWatcher:
    from game.classroom.live import ClassWatcher
    from game.classroom.report import installed_lookup

    return ClassWatcher([folder], installed_lookup(extra))


# -- the report as keyed parts ------------------------------------------------------------------

@dataclass(frozen=True)
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
    about += [Content.assemble(("Note: ", "bold"), note) for note in g.notes]
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
    parts = [PartSpec.of(f"note:{n}", Content.assemble(("Note: ", "bold"), note)) for n, note in enumerate(notes)]
    for n, g in enumerate(report.groups, start=1):
        parts += group_specs(n, g)
    if not report.groups:
        parts.append(PartSpec.of("empty", "No run records were found in this folder yet."))
    if report.skipped:
        lines: list[Content | str] = [heading(f"Skipped {max(report.skipped_total, len(report.skipped)):,} file(s)")]
        lines += [Content.assemble("  ", (s.path, "bold"), ": ", s.reason) for s in report.skipped]
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


class ClassReportScreen(PolitburoScreen):
    """Open a folder of run records and watch how the class decides."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("escape", "app.title", "Back", tooltip="Back to the title screen"),
        Binding("h", "reveal", "History", tooltip="Show or hide the Politburo's choices (hidden while students play)",
                id="report.reveal"),
        Binding("f5", "reload", "Read again", tooltip="Read the whole folder again"),
        Binding("pagedown", "scroll(1)", "Scroll", key_display="PgDn", priority=True),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
    ]

    def __init__(self, folder: str, extra: tuple[Any, ...] = (), *, watcher: ClassWatcher | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = folder
        self.extra = extra
        self.watcher = watcher
        #: The report as of the last change, every figure in it (the screen may hide history).
        self.report: Report | None = None
        #: The teacher pressed h: the Politburo's choices show even while students play.
        self.revealed = False
        #: How many times the report on screen was redrawn (tests wait on it).
        self.redraws = 0
        self._drawing = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Class report", "bold"), "  live: fills in as students decide · "
                                      "type another folder, then Enter"), id="picker-title")
        with Horizontal(id="report-folder"):
            yield Static("Runs folder:", classes="label", markup=False)
            yield Input(value=self.folder, id="folder", placeholder="a folder of run records (.json)")
        yield Static(id="report-status")
        with VerticalScroll(id="report-body", can_focus=True):
            yield Vertical(id="report")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#folder", Input).focus()
        self.read(self.folder)

    @on(Input.Submitted, "#folder")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.watcher = None
        self.read(event.value.strip())
        self.query_one("#report-body").focus()

    def action_reload(self) -> None:
        self.watcher = None
        self.read(self.query_one("#folder", Input).value.strip())

    def action_reveal(self) -> None:
        self.revealed = not self.revealed
        if self.report is not None:
            self.run_worker(self._draw(self.report), group="draw", exclusive=True)
        self.notify("The Politburo's choices are shown." if self.revealed
                    else "The Politburo's choices are hidden while students play.", timeout=3)

    @work(exclusive=True, group="report")
    async def read(self, folder: str) -> None:
        """Watch ``folder``: draw the report, then redraw it whenever its files change."""
        status = self.query_one("#report-status", Static)
        body = self.query_one("#report", Vertical)
        if self.watcher is not None and folder == self.folder and len(self.watcher.paths) > 1:
            await self._watch(self.watcher, folder)  # report --live with several folders
            return
        if not folder:
            status.update(Content("Type the folder that holds the class's run records."))
            return
        path, is_dir = await asyncio.to_thread(_folder, folder)
        if not is_dir:
            status.update(Content.assemble(("Not a folder: ", "bold"), str(path)))
            await body.remove_children()
            self.report = None
            return
        status.update(Content.assemble("Reading ", str(path), "…"))
        watcher = self.watcher
        if watcher is None or watcher.paths != [str(path)]:
            watcher = self.watcher = await asyncio.to_thread(_watcher, str(path), self.extra)
        await self._watch(watcher, str(path))

    async def _watch(self, watcher: ClassWatcher, folder: str) -> None:
        status = self.query_one("#report-status", Static)
        drawn = 0.0
        pending: Report | None = None
        while True:
            try:
                found = await asyncio.to_thread(watcher.poll)
            except OSError as exc:
                status.update(Content.assemble(("Cannot read the folder: ", "bold"), str(exc.strerror or exc)))
                found = None
            if found is not None:
                pending = found
            if pending is not None and time.monotonic() - drawn >= REDRAW:
                report, pending = pending, None
                await self._draw(report)
                self.report = report  # (after drawing: what a test reads is on the screen)
                self._status(folder)
                if not drawn:
                    self.query_one("#report-body", VerticalScroll).scroll_home(animate=False)
                drawn = time.monotonic()
            await asyncio.sleep(POLL)

    def _status(self, folder: str) -> None:
        report = self.report
        assert report is not None
        groups = len(report.groups)
        playing = f"; {report.in_progress} still playing" if report.in_progress else ""
        self.query_one("#report-status", Static).update(Content.assemble(
            (f"{report.run_count} run(s)", "bold"), playing, f" of {groups} scenario(s) or version(s) in ", folder,
            f"; {report.skipped_total:,} file(s) skipped" if report.skipped_total else "",
            " · live" if report.in_progress else ""))

    async def _draw(self, report: Report) -> None:
        """Show ``report`` (history hidden unless revealed), changing only the parts that changed."""
        from game.classroom.report import redact

        async with self._drawing:
            await self._reconcile(report_specs(redact(report, revealed=self.revealed)))
        self.redraws += 1

    async def _reconcile(self, specs: list[PartSpec]) -> None:
        body = self.query_one("#report", Vertical)
        current = {p.spec.key: p for p in body.query_children(Part)}
        wanted = {s.key for s in specs}
        gone = [p for k, p in current.items() if k not in wanted]
        with self.app.batch_update():
            if gone:
                await body.remove_children(gone)
            previous: Part | None = None
            for spec in specs:
                part = current.get(spec.key)
                if part is None:
                    part = Part(spec)
                    if previous is None:
                        await body.mount(part, before=0)
                    else:
                        await body.mount(part, after=previous)
                else:
                    part.show(spec)
                    children = list(body.children)
                    expected = 0 if previous is None else children.index(previous) + 1
                    if children.index(part) != expected:
                        if previous is None:
                            body.move_child(part, before=0)
                        else:
                            body.move_child(part, after=previous)
                previous = part

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#report-body", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()


class LiveReportApp(App[int]):
    """``politburo report DIR --live``: the class report screen on its own, for the projector."""

    TITLE = "Politburo: the class, live"

    def __init__(self, watcher: ClassWatcher) -> None:
        super().__init__()
        self.watcher = watcher

    def on_mount(self) -> None:
        folder = self.watcher.paths[0] if len(self.watcher.paths) == 1 else ", ".join(self.watcher.paths)
        screen = ClassReportScreen(folder, watcher=self.watcher)
        self.push_screen(screen)
        self.call_after_refresh(lambda: screen.query_one("#report-body").focus())

    def action_title(self) -> None:
        """Escape on the report: there is no title screen here, so leave."""
        self.exit(0)


def run_live_board(watcher: ClassWatcher) -> int:
    """Run the live board full-screen until the teacher leaves it."""
    app = LiveReportApp(watcher)
    app.run()
    return app.return_code or 0
