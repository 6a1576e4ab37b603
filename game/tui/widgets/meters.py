"""The meters panel: each meter as a bar with its number, its last change in words, the
historical value beside it, a small trajectory against the historical track, and the seesaw.

Why these are leaf widgets that ``render()`` from a frozen view: the bar and gauge widths
follow the widget's own width (80 and 120 columns both look right), and the screen hands down
one immutable :class:`MeterState` per meter ("attributes down") instead of the widgets reading
the game themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.engine import Game, Meter, Scenario
from game.tui.text import bar, change_words, seesaw_line, seesaw_words, signed, sparkline


@dataclass(frozen=True)
class MeterState:
    """What one meter shows now."""

    meter: Meter
    value: int
    #: Change made by the last decision (None before the first decision).
    last_change: int | None
    history: int
    you: tuple[int, ...]
    past: tuple[int, ...]


def meter_states(game: Game) -> list[MeterState]:
    """The meters' view of ``game``: values, last changes and both tracks so far."""
    scenario = game.scenario
    track = game.track
    turn = game.turn
    decisions = game.decisions
    start = {m.id: m.clamp(m.start) for m in scenario.meters}
    states = []
    for m in scenario.meters:
        you = [start[m.id]] + [d.meters[m.id] for d in decisions]
        past = [track.meters_at(t)[m.id] for t in range(turn + 1)]
        last = None if not decisions else you[-1] - you[-2]
        states.append(MeterState(m, game.meters[m.id], last, track.meters_at(turn)[m.id],
                                 tuple(you), tuple(past)))
    return states


class MeterView(Widget):
    """Label; bar and value; last change and the historical value, in numbers and words."""

    state: reactive[MeterState | None] = reactive(None, layout=True)

    def render(self) -> Content:
        s = self.state
        if s is None:
            return Content("")
        value = f" {s.value}"
        width = max(self.size.width - len(value), 4)
        gap = s.value - s.history
        gap_text = "same as history" if gap == 0 else f"history {s.history}"
        return Content.assemble(
            (s.meter.label, "bold"), "\n",
            bar(s.value, s.meter, width), (value, "bold"), "\n",
            change_words(s.last_change), " · ", gap_text)


class TrajectoryView(Widget):
    """``you ▃▄▅▆  history ▃▄▄▅``: one character a turn, both scaled to the same range."""

    state: reactive[MeterState | None] = reactive(None, layout=True)

    def render(self) -> Content:
        s = self.state
        if s is None:
            return Content("")
        room = max((self.size.width - len("you  hist ")) // 2, 2)
        you, past = s.you[-room:], s.past[-room:]
        return Content.assemble(("you ", "italic"), sparkline(you, s.meter), "  ",
                                ("hist ", "italic"), sparkline(past, s.meter))


class SeesawView(Widget):
    """Where the decisions lean between the two seesaw meters: a gauge, a number and words."""

    position: reactive[int | None] = reactive(None, layout=True)

    def __init__(self, scenario: Scenario, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def render(self) -> Content:
        if self.scenario.seesaw is None or self.position is None:
            return Content("")
        left, right = (self.scenario.meter(m).label.lower() for m in self.scenario.seesaw)
        pos = self.position
        width = self.size.width
        head = Content.assemble(("Seesaw ", "bold"), f"{signed(pos)}: {seesaw_words(pos, self.scenario)}")
        if width >= len(left) + len(right) + 2 + 15:
            gauge = f"{left} {seesaw_line(pos, width - len(left) - len(right) - 2)} {right}"
            return Content.assemble(head, "\n", gauge)
        labels = f"◂ {left}"
        tail = f"{right} ▸"
        pad = max(width - len(labels) - len(tail), 1)
        if pad == 1 and len(labels) + len(tail) + 1 > width:
            return Content.assemble(head, "\n", seesaw_line(pos, width), "\n", labels, "\n", tail)
        return Content.assemble(head, "\n", seesaw_line(pos, width), "\n", labels, " " * pad, tail)


class MeterBox(Vertical):
    """One meter and its trajectory, kept together so layouts can hide the trajectory."""

    def compose(self) -> ComposeResult:
        yield MeterView()
        yield TrajectoryView(classes="trajectory")

    def show(self, state: MeterState) -> None:
        self.query_one(MeterView).state = state
        self.query_one(TrajectoryView).state = state


class MetersPanel(Vertical):
    """All meters, then the seesaw.  The screen calls :meth:`show` after every change."""

    def __init__(self, scenario: Scenario, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        with Vertical(id="meter-row"):
            for meter in self.scenario.meters:
                yield MeterBox(id=f"meter-{meter.id}")
        yield SeesawView(self.scenario)

    def show(self, game: Game) -> None:
        for state in meter_states(game):
            self.query_one(f"#meter-{state.meter.id}", MeterBox).show(state)
        self.query_one(SeesawView).position = game.seesaw()
