"""The class report: how a class decided, from a folder of run records.

The figures come from :mod:`game.classroom.report` (the same :class:`Report` the command line
renders as a table, Markdown, CSV, JSON or HTML), so the screen and ``politburo report`` always
agree.  Reading the folder runs in a worker: a class's worth of files takes a moment, and a
USB stick longer.  Every name, reason and title in the report came from students' files, so all
of it is shown as data (``Content``), never parsed as markup.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from game.text import signed
from game.tui.base import PolitburoScreen
from game.tui.text import heading, join_lines, shown
from game.tui.widgets.rows import Row

if TYPE_CHECKING:  # the report's reader loads when the screen is opened, not with the game
    from game.classroom.report import DecisionStat, Group, MeterSeries, Report

LABEL = 18


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


def _decision(n: int, d: DecisionStat) -> list[Widget]:
    """A decision's head, then one row per option (the label wraps under itself), then quotes."""
    from game.classroom.text import bar

    head = Content.assemble((f"{n}. {d.title}", "bold"), ("  debate point" if d.debate else "", "italic"))
    share = ("no Politburo decision to match (a counterfactual scene)" if d.percent_matched is None
             else f"{d.percent_matched}% chose as the Politburo did ({d.matched} of {d.decided})")
    out: list[Widget] = [Static(join_lines([head, f"   {d.reached} decided · {share} · split {d.split}%"]),
                                classes="report-head")]
    for o in d.options:
        mark = "◆" if o.historical else " "
        prefix = f"   {mark} {bar(o.percent, 12)} {o.count:3} {o.percent:3}%"
        label = Content.assemble(o.label, ("  ← the Politburo's decision", "italic") if o.historical else "")
        out.append(Row(prefix, label, label_width=len(prefix) + 2, classes="report-option"))
    labels = {o.choice: o.label for o in d.options}
    for choice in dict.fromkeys(q.choice for q in d.quotes):
        out.append(Row("", Content.assemble(("Why “", "italic"), (labels.get(choice, choice), "italic"),
                                            ("”?", "italic")), label_width=3))
        out += [Row("", Content.assemble("“", q.text, "” — ", (q.player, "bold")), label_width=5)
                for q in d.quotes if q.choice == choice]
    return out


def _meter(m: MeterSeries) -> Content:
    from game.classroom.text import cut, spark

    last = m.history[-1] if m.history else "-"
    lines: list[Content | str] = [Content.assemble(("  " + m.label, "bold"), f" ({m.min}–{m.max})"),
                                  f"    {'history':{LABEL}} {spark(m.history, m.min, m.max)}  {last}",
                                  f"    {'class median':{LABEL}} {spark(m.median, m.min, m.max)}"]
    for p in m.players:
        lines.append(Content.assemble("    ", cut(p.player, LABEL).ljust(LABEL), " ",
                                      spark(p.values, m.min, m.max), f"  {p.values[-1]}"))
    return join_lines(lines)


def group_parts(g: Group) -> list[Widget]:
    """One group (a scenario and version) as widgets, in the order a teacher reads them."""
    from game.classroom.text import cut, seesaw_gauge

    classes = f" · class {', '.join(g.class_codes)}" if g.class_codes else ""
    about: list[Content | str] = [
        Content.assemble(("Class report: ", "bold"), (g.title, "bold"), f" ({g.scenario_id}, version {g.version})"),
        f"{g.runs} run(s), {g.complete} finished{classes}"]
    about += [Content.assemble(("Note: ", "bold"), note) for note in g.notes]
    parts: list[Widget] = [Static(join_lines(about), classes="report-part")]
    parts.append(Static(join_lines([heading("Each decision"),
                                    "◆ marks what the Politburo did; split is the share of the class "
                                    "that did not take the most popular option."]), classes="report-part"))
    for n, d in enumerate(g.decisions, start=1):
        parts += _decision(n, d)
    by_scene = {d.scene: d for d in g.decisions}
    split: list[Content | str] = [heading("Where the class split most")]
    if not g.most_split:
        split.append("No decision divided the class.")
    for n, scene in enumerate(g.most_split, start=1):
        d = by_scene[scene]
        split.append(Content.assemble((f"{n}. {d.title}", "bold"), f": {d.split}% did not take the most "
                                      "popular option"))
        questions = d.debrief_questions or ["(the scenario gives no debrief questions for this decision)"]
        split += [Content.assemble("   – ", q) for q in questions]
    parts.append(Static(join_lines(split), classes="report-part"))
    left, right = g.seesaw
    players: list[Content | str] = [
        heading("Players"),
        f"Ending (◆ = as history went), divergence from history (0 = as history), decisions as the "
        f"Politburo, and the seesaw from {left} (−100) to {right} (+100).", ""]
    for p in g.players:
        if not p.complete:
            ending = f"(unfinished after {p.decisions})"
        else:
            ending = ("◆ " if p.ending_historical else "") + (p.ending_title or p.ending)
        agree = "-" if p.decided is None else f"{p.matched}/{p.decided}"
        seesaw = "" if p.seesaw is None else signed(p.seesaw)
        players.append(Content.assemble(("  " + cut(p.player, LABEL).ljust(LABEL), "bold"), " ", ending))
        players.append(f"  {'':{LABEL}} divergence {p.divergence if p.divergence is not None else '-'}"
                       f" · agreed {agree} · seesaw {seesaw_gauge(p.seesaw, 15)} {seesaw}")
    parts.append(Static(join_lines(players), classes="report-part"))
    meters: list[Content | str] = [heading("The meters over time"),
                                   "One mark a turn from the start; history is the Politburo's path."]
    meters += [_meter(m) for m in g.meters]
    parts.append(Static(join_lines(meters), classes="report-part"))
    return parts


def report_parts(report: Report) -> list[Widget]:
    parts: list[Widget] = [Static(Content.assemble(("Note: ", "bold"), shown(n)), classes="report-part")
                           for n in report.notes]
    for g in report.groups:
        parts += group_parts(g)
    if not report.groups:
        parts.append(Static("No run records were found in this folder.", classes="report-part"))
    if report.skipped:
        lines: list[Content | str] = [heading(f"Skipped {len(report.skipped)} file(s)")]
        lines += [Content.assemble("  ", (shown(s.path), "bold"), ": ", shown(s.reason)) for s in report.skipped]
        parts.append(Static(join_lines(lines), classes="report-part"))
    return parts


def report_text(screen: Screen[object]) -> str:
    """Everything the report shows, as plain text (for tests and for a quick look)."""
    return "\n".join(str(w.render()) for w in screen.query("#report Static"))


class ClassReportScreen(PolitburoScreen):
    """Open a folder of run records and read how the class decided."""

    CSS_PATH = "../styles/screens.tcss"

    BINDINGS = [
        Binding("escape", "app.title", "Back", tooltip="Back to the title screen"),
        Binding("f5", "reload", "Read again", tooltip="Read the folder again (new runs may have arrived)"),
        Binding("pagedown", "scroll(1)", "Scroll", key_display="PgDn", priority=True),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
    ]

    def __init__(self, folder: str, extra: tuple[Any, ...] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = folder
        self.extra = extra
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Class report", "bold"), "  type a folder of run records, then Enter"),
                     id="picker-title")
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
        self.read(event.value.strip())
        self.query_one("#report-body").focus()

    def action_reload(self) -> None:
        self.read(self.query_one("#folder", Input).value.strip())

    @work(exclusive=True, group="report")
    async def read(self, folder: str) -> None:
        status = self.query_one("#report-status", Static)
        body = self.query_one("#report", Vertical)
        if not folder:
            status.update(Content("Type the folder that holds the class's run records."))
            return
        path, is_dir = await asyncio.to_thread(_folder, folder)
        if not is_dir:
            status.update(Content.assemble(("Not a folder: ", "bold"), shown(str(path))))
            await body.remove_children()
            self.report = None
            return
        status.update(Content.assemble("Reading ", shown(str(path)), "…"))
        try:
            report = await asyncio.to_thread(build, str(path), self.extra)
        except OSError as exc:
            status.update(Content.assemble(("Cannot read the folder: ", "bold"), shown(str(exc.strerror or exc))))
            return
        self.report = report
        groups = len(report.groups)
        status.update(Content.assemble(
            (f"{report.run_count} run(s)", "bold"), f" of {groups} scenario(s) or version(s) in ", shown(str(path)),
            f"; {len(report.skipped)} file(s) skipped" if report.skipped else ""))
        await body.remove_children()
        await body.mount_all(report_parts(report))
        self.query_one("#report-body", VerticalScroll).scroll_home(animate=False)

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#report-body", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()
