"""The class, live (issue 14): thirty students play in plain mode, in one runs folder, while the
live view's model follows them; at every look its counts are those of the decisions taken so far,
it says who is still playing and where, and when all have finished its counts are the final
report's.  Plus the rule that keeps history off the projector, the text board, and the in-game
screen following a class.

The students are real plain-mode games (:func:`game.plain.play_single`, each in a thread, writing
real files) whose keyboards the test holds: a student types only when the test says so, so the
order of decisions is the test's and every look at the folder can be checked exactly.
"""

from __future__ import annotations

import io
import queue
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from game.classroom.live import ClassWatcher, run_plain
from game.classroom.report import build_report, hidden_scenes, installed_lookup, redact
from game.classroom.runs import load_runs
from game.engine import Game
from game.paths import Places
from game.plain import PlainIO, play_single
from game.play.launch import Launch
from tests.classroom.lesson import kim_class

PLAYERS = 30


class Tap(io.StringIO):
    """A student's screen: remembers the last thing written (the prompt being answered)."""

    last = ""

    def write(self, text: str) -> int:
        if text:
            self.last = text
        return super().write(text)


class Student:
    """A plain-mode game in a thread, typing only what the test hands it."""

    def __init__(self, name: str, plan: list[tuple[str, str]]):
        self.name, self.plan = name, plan  # (choice id, reason or '') per decision
        self.out = Tap()
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.waiting = threading.Event()
        self.done = threading.Event()
        self.taken = 0  # decisions handed over so far
        self.result: int | None = None

    def read_line(self) -> str | None:
        self.waiting.set()
        line = self.lines.get(timeout=60)
        return line

    def run(self, launch: Launch) -> None:
        try:
            self.result = play_single(launch, launch.scenario, PlainIO(self.read_line, self.out), player=self.name)
        finally:
            self.done.set()

    def settle(self, within: float = 30) -> None:
        """Wait until the game waits for the keyboard again (its last decision saved) or ends."""
        deadline = time.monotonic() + within
        while not (self.waiting.is_set() or self.done.is_set()):
            assert time.monotonic() < deadline, f"{self.name}'s game neither asked nor ended:\n{self.out.getvalue()}"
            time.sleep(0.001)

    def type(self, line: str) -> None:
        self.settle()
        assert not self.done.is_set(), f"{self.name}'s game ended early"
        self.waiting.clear()
        self.lines.put(line)

    def decide(self) -> tuple[str, str]:
        """The next decision: the choice (and the reason, at a debate point), until it is saved."""
        choice, reason = self.plan[self.taken]
        assert self.out.last.startswith("Your decision"), self.out.last
        self.type(choice)
        if reason:
            self.type(reason)
        self.taken += 1
        self.settle()
        return choice, reason


def _plan(scenario, seed: int, n: int, justify: set[str]) -> list[tuple[str, str]]:
    """Student n's decisions: history for two, the first or last option for some, random for the rest."""
    game = Game.new(scenario, seed)
    pick = random.Random(7000 + n)
    plan = []
    while not game.is_over:
        options = game.available_choices()
        choice = options[0] if n % 5 == 0 else options[-1] if n % 5 == 1 else pick.choice(options)
        plan.append((choice.id, f"Student {n} weighed it." if game.scene_id in justify else ""))
        game.choose(choice.id)
    return plan


def _counts(report):
    """Per group and decision: (reached, {option: count}) — what the board shows."""
    return {(g.scenario_id, g.class_codes and g.class_codes[0], d.scene): (d.reached, {o.choice: o.count for o in d.options})
            for g in report.groups for d in g.decisions}


@pytest.mark.slow
def test_thirty_students_and_the_live_view_follows_them(tmp_path):
    joined = kim_class(reveal="each", justify=True)
    scenario = joined.scenario
    runs = tmp_path / "lesson"
    places = Places(runs, runs / ".saves", given=True)
    launch = Launch(places, scenario, None, joined.seed, joined.settings())
    students = [Student(f"Student {n:02d}" if n % 9 else f"Ана {n}", _plan(scenario, joined.seed, n,
                                                                            set(joined.debate_scenes)))
                for n in range(PLAYERS)]
    watcher = ClassWatcher([str(runs)], installed_lookup())
    taken: Counter[tuple[str, str]] = Counter()  # (scene, choice) -> decisions taken so far
    order = random.Random(14)
    looks = 0
    with ThreadPoolExecutor(max_workers=PLAYERS) as pool:
        futures = [pool.submit(s.run, launch) for s in students]
        try:
            active = list(students)
            step = 0
            while active:
                student = order.choice(active)
                student.settle()
                scene = _scene_of(scenario, joined.seed, student.plan[:student.taken])
                choice, _ = student.decide()
                taken[(scene, choice)] += 1
                if student.taken == len(student.plan):
                    assert student.done.wait(30) and student.result == 0, student.out.getvalue()[-2000:]
                    active.remove(student)
                step += 1
                if step % 5 == 0 or not active:
                    looks += 1
                    report = watcher.poll()
                    assert report is not None  # something changed since the last look
                    _check_live(report, taken, students)
        finally:
            for s in students:
                s.lines.put(None)
        for future in futures:
            future.result(timeout=60)
    assert looks >= PLAYERS
    final_runs, skipped = load_runs([str(runs)])
    final = build_report(final_runs, skipped, installed_lookup())
    live = watcher.report
    assert live is not None and watcher.poll() is None  # nothing left to see
    assert _counts(live) == _counts(final)
    from game.classroom.stream import stream_report  # what `politburo report` prints after the lesson

    assert _counts(stream_report([str(runs)], installed_lookup())) == _counts(final)
    [group] = final.groups
    assert (group.runs, group.complete, group.in_progress) == (PLAYERS, PLAYERS, 0)
    assert [(p.player, p.status, p.decisions) for p in live.groups[0].players] == [
        (p.player, p.status, p.decisions) for p in group.players]
    assert not skipped and not list((runs / ".live").glob("*.json"))


def _scene_of(scenario, seed: int, before: list[tuple[str, str]]) -> str:
    game = Game.new(scenario, seed)
    for choice, _ in before:
        game.choose(choice)
    return game.scene_id


def _check_live(report, taken: Counter, students: list[Student]) -> None:
    [group] = report.groups
    shown = Counter({(d.scene, o.choice): o.count for d in group.decisions for o in d.options if o.count})
    assert shown == taken  # every decision taken so far, and nothing else
    for d in group.decisions:
        assert d.reached == sum(n for (scene, _), n in taken.items() if scene == d.scene)
    playing = {s.name: s.taken + 1 for s in students if s.taken and not s.done.is_set()}
    on_board = {p.player: p.at_decision for p in group.players if p.status == "in progress"}
    assert on_board == playing  # who is still playing, at which decision
    finished = {s.name for s in students if s.done.is_set()}
    assert {p.player for p in group.players if p.status == "finished"} == finished
    assert group.in_progress == len(playing) and group.complete == len(finished)


# -- history on the projector -------------------------------------------------------------------

def _lesson(folder: Path, reveal: str, stops: list[int]):
    """A class where student n stops after ``stops[n]`` decisions (0: plays to the end)."""
    from game.play.session import Session

    joined = kim_class(reveal=reveal, justify=False)
    places = Places(folder, folder / ".saves", given=True)
    places.prepare()
    for n, stop in enumerate(stops):
        session = Session.start(joined.scenario, places, player=f"S{n}", settings=joined.settings(), seed=joined.seed)
        while not session.is_over and (not stop or session.turn < stop):
            session.choose(session.game.available_choices()[0].id)
            assert session.save() == ""
        if session.is_over:
            assert session.finish() == ""
    runs, skipped = load_runs([str(folder)])
    return build_report(runs, skipped, installed_lookup())


def test_history_stays_hidden_while_students_could_be_spoiled(tmp_path):
    report = _lesson(tmp_path / "each", "each", [0, 0, 2, 3])
    [g] = report.groups
    assert g.reveal == "each" and g.in_progress == 2
    # Reveal "each": a decision shows once every student still playing has taken it.
    hidden = hidden_scenes(g)
    scenes = [d.scene for d in g.decisions]
    assert hidden == set(scenes[2:])
    shown = redact(report)
    assert shown.history_hidden and not report.history_hidden
    [sg] = shown.groups
    for d in sg.decisions:
        assert d.history_hidden == (d.scene in hidden)
        if d.history_hidden:
            assert d.historical_choice is None and d.percent_matched is None
            assert not any(o.historical for o in d.options)
    assert all(m.history == [] for m in sg.meters)  # the historical track would give the rest away
    assert all(p.ending_historical is None for p in sg.players)
    assert redact(report, revealed=True) is report  # the teacher's key shows everything

    # Reveal "end": everything is hidden while anyone plays, nothing once all have finished.
    end = _lesson(tmp_path / "end", "end", [0, 4])
    assert hidden_scenes(end.groups[0]) == {d.scene for d in end.groups[0].decisions}
    done = _lesson(tmp_path / "done", "end", [0, 0])
    assert hidden_scenes(done.groups[0]) is None and redact(done) is not None
    assert not redact(done).history_hidden


def test_the_text_board_prints_each_change(tmp_path):
    """``report --live`` without a terminal: a new board whenever the folder changes."""
    from game.play.session import Session

    folder = tmp_path / "runs"
    _lesson(folder, "each", [1])
    joined = kim_class(reveal="each", justify=False)
    watcher = ClassWatcher([str(folder)], installed_lookup())
    out = io.StringIO()
    stop = threading.Event()
    board = threading.Thread(target=run_plain, args=(watcher, out), kwargs={"interval": 0.05, "read_keys": False,
                                                                           "stop": stop})
    board.start()
    try:
        deadline = time.monotonic() + 10
        while "S0 — decision 2" not in out.getvalue():
            assert time.monotonic() < deadline, out.getvalue()
            time.sleep(0.02)
        places = Places(folder, folder / ".saves", given=True)
        session = Session.start(joined.scenario, places, player="Late", settings=joined.settings(), seed=joined.seed)
        session.choose(session.game.available_choices()[-1].id)
        written = time.monotonic()
        assert session.save() == ""
        while "Late — decision 2" not in out.getvalue():
            assert time.monotonic() - written < 5, out.getvalue()
            time.sleep(0.01)
    finally:
        stop.set()
        board.join(10)
    text = out.getvalue()
    assert text.count("--- ") == 2 and "Still playing (2):" in text
    # Both have taken the first decision, so its choice shows; the historical track stays hidden.
    assert "◆" in text and "hidden while students are still playing" in text


async def test_the_board_follows_the_class_and_h_reveals_history(tmp_path):
    """``report --live`` in a terminal: the full-screen board redraws within about a second of a
    decision, keeps history hidden while students play, and shows it when the teacher presses h."""
    from game.play.session import Session
    from game.tui.report_parts import report_text
    from game.tui.screens.report import LiveReportApp

    folder = tmp_path / "runs"
    _lesson(folder, "end", [0, 2])
    joined = kim_class(reveal="end", justify=False)
    app = LiveReportApp(ClassWatcher([str(folder)], installed_lookup()))

    async def until(pilot, predicate, what: str, within: float = 10.0):
        deadline = time.monotonic() + within
        while not predicate():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            await pilot.pause(0.02)

    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "redraws", 0) > 0, "the first drawing")
        screen = app.screen
        text = report_text(screen)
        assert "Still playing (1)" in text and "S1" in text and "decision 3" in text
        mark = "← the Politburo's decision"
        assert mark not in text and "hidden until you press h" in text  # reveal "end": all hidden
        assert str(screen.query_one("#report-status").render()).endswith("· live")

        places = Places(folder, folder / ".saves", given=True)
        late = Session.start(joined.scenario, places, player="Late", settings=joined.settings(), seed=joined.seed)
        late.choose(late.game.available_choices()[1].id)
        before = screen.redraws
        written = time.monotonic()
        assert late.save() == ""
        await until(pilot, lambda: screen.redraws > before and "Late" in report_text(screen), "Late on the board")
        assert time.monotonic() - written < 2.0  # (typically 0.1-0.4 s: a quarter-second poll, one redraw)
        assert "Still playing (2)" in report_text(screen)

        await pilot.press("h")
        await until(pilot, lambda: mark in report_text(screen), "history shown")
        await pilot.press("h")
        await until(pilot, lambda: mark not in report_text(screen), "history hidden again")
        await pilot.press("escape")
        await until(pilot, lambda: app.return_code == 0, "the board to close")
