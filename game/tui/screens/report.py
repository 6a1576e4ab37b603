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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from game.tui.base import PolitburoScreen
from game.tui.report_parts import Part, PartSpec, report_specs
from game.tui.text import shown
from game.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:  # the report's reader loads when the screen is opened, not with the game
    from game.classroom.live import ClassWatcher
    from game.classroom.report import Report

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
        yield KeyFooter(compact=True)

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
            status.update(Content.assemble(("Not a folder: ", "bold"), shown(str(path))))
            await body.remove_children()
            self.report = None
            return
        status.update(Content.assemble("Reading ", shown(str(path)), "…"))
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
                status.update(Content.assemble(("Cannot read the folder: ", "bold"), shown(str(exc.strerror or exc))))
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
            (f"{report.run_count} run(s)", "bold"), playing, f" of {groups} scenario(s) or version(s) in ",
            shown(folder),
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
