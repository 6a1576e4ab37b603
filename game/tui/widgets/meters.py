"""The meters panel: each meter as a bar with its number, its last change in words, the
historical value beside it, a small trajectory against the historical track, and the seesaw.

Why these are leaf widgets that ``render()`` from a frozen view: the bar and gauge widths
follow the widget's own width (80 and 120 columns both look right), and the screen hands down
the session's :class:`~game.play.views.MeterView` and :class:`~game.play.views.FiguresView`
("attributes down") instead of the widgets reading the game.  With reveal at the end the views
carry no history (``history``/``past`` are None), and the panel says so instead.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.play.views import FiguresView, MeterView
from game.text import change_words, signed
from game.tui.text import bar, seesaw_line, sparkline


def history_words(meter: MeterView) -> str:
    """Beside the bar: history's value now, or that it is kept for the end."""
    if meter.history is None:
        return "history hidden"
    return "same as history" if meter.history == meter.value else f"history {meter.history}"


class MeterBar(Widget):
    """Label; bar and value; last change and the historical value, in numbers and words."""

    state: reactive[MeterView | None] = reactive(None, layout=True)

    def render(self) -> Content:
        s = self.state
        if s is None:
            return Content("")
        value = f" {s.value}"
        width = max(self.size.width - len(value), 4)
        return Content.assemble(
            (s.label, "bold"), "\n",
            bar(s.value, s.min, s.max, width), (value, "bold"), "\n",
            change_words(s.last_change), " · ", history_words(s))


class Trajectory(Widget):
    """``you ▃▄▅▆  hist ▃▄▄▅``: one character a turn, both scaled to the same range."""

    state: reactive[MeterView | None] = reactive(None, layout=True)

    def render(self) -> Content:
        s = self.state
        if s is None:
            return Content("")
        if s.past is None:
            room = max(self.size.width - len("you "), 2)
            return Content.assemble(("you ", "italic"), sparkline(s.you[-room:], s.min, s.max))
        room = max((self.size.width - len("you  hist ")) // 2, 2)
        return Content.assemble(("you ", "italic"), sparkline(s.you[-room:], s.min, s.max), "  ",
                                ("hist ", "italic"), sparkline(s.past[-room:], s.min, s.max))


class Seesaw(Widget):
    """Where the decisions lean between the two seesaw meters: a gauge, a number and words."""

    figures: reactive[FiguresView | None] = reactive(None, layout=True)

    def render(self) -> Content:
        f = self.figures
        if f is None or f.seesaw is None:
            return Content("")
        left, right = f.seesaw_left.lower(), f.seesaw_right.lower()
        pos = f.seesaw
        width = self.size.width
        head = Content.assemble(("Seesaw ", "bold"), f"{signed(pos)}: {f.seesaw_words}")
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
        yield MeterBar()
        yield Trajectory(classes="trajectory")

    def show(self, meter: MeterView) -> None:
        self.query_one(MeterBar).state = meter
        self.query_one(Trajectory).state = meter


class MetersPanel(Vertical):
    """All meters, then the seesaw.  The screen calls :meth:`show` after every change."""

    def __init__(self, meter_ids: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meter_ids = meter_ids

    def compose(self) -> ComposeResult:
        with Vertical(id="meter-row"):
            for meter_id in self.meter_ids:
                yield MeterBox(id=f"meter-{meter_id}")
        yield Seesaw()

    def show(self, meters: tuple[MeterView, ...], figures: FiguresView) -> None:
        for meter in meters:
            self.query_one(f"#meter-{meter.id}", MeterBox).show(meter)
        self.query_one(Seesaw).figures = figures
