"""The meters panel: each meter as a bar with its number, a mark at each threshold that ends the
game, its last change in words, the historical value beside it, a small trajectory against the
historical track, and the seesaw.  On a small terminal the whole panel folds to one line.

Why these are leaf widgets that ``render()`` from a frozen view: the bar and gauge widths
follow the widget's own width (80 and 120 columns both look right), and the screen hands down
the session's :class:`~game.play.views.MeterView` and :class:`~game.play.views.FiguresView`
("attributes down") instead of the widgets reading the game.  With reveal at the end the views
carry no history (``history``/``past`` are None), and the panel says so instead.

Three shapes, chosen by the space the panel is given, never by cutting a label:

* a column (wide terminals): label, then bar and value, then change and history, then the
  threshold in words under a ``┃`` like the one on the bar;
* rows (narrow terminals): ``label  bar value  change · history``, labels in one column;
* one line (narrow and short, e.g. 80x24): ``National interest 50 · Bloc rivalry 40 · …``,
  the threshold as ``┃65`` when the words do not fit; ``m`` opens the full cards.
"""

from __future__ import annotations

import textwrap
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.play.views import FiguresView, MeterView
from game.text import change_words, signed
from game.tui.text import MARK, bar, seesaw_line, shown, sparkline

#: Below this many cells a meter is drawn as a column (label above its bar), else as one row.
ROW_WIDTH = 60
#: A row's bar is never narrower than this: the change and history go to a second line instead.
MIN_ROW_BAR = 12


def history_words(meter: MeterView) -> str:
    """Beside the bar: history's value now, or that it is kept for the end."""
    if meter.history is None:
        return "history hidden"
    return "same as history" if meter.history == meter.value else f"history {meter.history}"


def threshold_words(meter: MeterView, width: int = 0) -> str:
    """``┃ the game ends if it is at least 65``: the bar's mark, said in words ('' if none);
    wrapped to ``width`` with the lines after the first under the words, not the mark."""
    text = "; ".join(f"{MARK} {words}" for words in meter.thresholds)
    if width <= 4 or len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, subsequent_indent="  "))


def _height(content: Content, width: int) -> int:
    """Lines ``content`` takes at ``width`` (a line wider than the widget wraps)."""
    width = max(width, 1)
    return sum(max(1, -(-Content(line).cell_length // width)) for line in content.plain.split("\n"))


def meter_bar(meter: MeterView, width: int) -> str:
    return bar(meter.value, meter.min, meter.max, width, marks=meter.threshold_values)


class MeterBar(Widget):
    """One meter: a column or a row (by width), with the threshold marked and said."""

    state: reactive[MeterView | None] = reactive(None, layout=True)
    #: The widest label among the panel's meters, so rows line their bars up.
    label_width: reactive[int] = reactive(0, layout=True)

    def render(self) -> Content:
        return self.content(self.size.width)

    def content(self, width: int) -> Content:
        s = self.state
        if s is None:
            return Content("")
        return self.row(s, width) if width >= ROW_WIDTH else self.column(s, width)

    @staticmethod
    def column(s: MeterView, width: int) -> Content:
        value = f" {s.value}"
        lines = [Content.assemble((shown(s.label), "bold")),
                 Content.assemble(meter_bar(s, max(width - len(value), 4)), (value, "bold")),
                 Content(f"{change_words(s.last_change)} · {history_words(s)}")]
        if s.thresholds:
            lines.append(Content(threshold_words(s, width)))
        return Content("\n").join(lines)

    def row(self, s: MeterView, width: int) -> Content:
        label_width = max(self.label_width, len(s.label))
        label = Content.assemble((shown(s.label).ljust(label_width), "bold"), "  ")
        value = f" {s.value:>3}"
        tail = f"  {change_words(s.last_change)} · {history_words(s)}"
        room = width - label.cell_length - len(value)
        under = " " * label.cell_length
        lines: list[Content]
        if room - len(tail) >= MIN_ROW_BAR:
            lines = [Content.assemble(label, meter_bar(s, room - len(tail)), (value, "bold"), tail)]
        else:
            lines = [Content.assemble(label, meter_bar(s, max(room, 4)), (value, "bold")),
                     Content(under + tail.strip())]
        if s.thresholds:
            lines.append(Content(under + threshold_words(s)))
        return Content("\n").join(lines)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return _height(self.content(width), width)


class Trajectory(Widget):
    """``you ▃▄▅▆  hist ▃▄▄▅``: one character a turn, both scaled to the same range.  Under a
    row's bar when the meters are rows (``label_width`` as the bar's)."""

    state: reactive[MeterView | None] = reactive(None, layout=True)
    label_width: reactive[int] = reactive(0, layout=True)

    def render(self) -> Content:
        s = self.state
        if s is None:
            return Content("")
        width = self.size.width
        indent = " " * (self.label_width + 2) if width >= ROW_WIDTH else ""
        width -= len(indent)
        if s.past is None:
            room = max(width - len("you "), 2)
            return Content.assemble(indent, ("you ", "italic"), sparkline(s.you[-room:], s.min, s.max))
        room = max((width - len("you  hist ")) // 2, 2)
        return Content.assemble(indent, ("you ", "italic"), sparkline(s.you[-room:], s.min, s.max), "  ",
                                ("hist ", "italic"), sparkline(s.past[-room:], s.min, s.max))


class Seesaw(Widget):
    """Where the decisions lean between the two seesaw meters: a gauge, a number and words."""

    figures: reactive[FiguresView | None] = reactive(None, layout=True)

    def render(self) -> Content:
        f = self.figures
        if f is None or f.seesaw is None:
            return Content("")
        left, right = shown(f.seesaw_left.lower()), shown(f.seesaw_right.lower())
        pos = f.seesaw
        width = self.size.width
        head = Content.assemble(("Seesaw ", "bold"), f"{signed(pos)}: {shown(f.seesaw_words)}")
        if width >= len(left) + len(right) + 2 + 15:
            gauge = f"{left} {seesaw_line(pos, width - len(left) - len(right) - 2)} {right}"
            return Content.assemble(head, "\n", gauge)
        labels = f"◂ {left}"
        tail = f"{right} ▸"
        pad = max(width - len(labels) - len(tail), 1)
        if pad == 1 and len(labels) + len(tail) + 1 > width:
            return Content.assemble(head, "\n", seesaw_line(pos, width), "\n", labels, "\n", tail)
        return Content.assemble(head, "\n", seesaw_line(pos, width), "\n", labels, " " * pad, tail)


def folded_meters(meters: tuple[MeterView, ...], figures: FiguresView | None, width: int) -> Content:
    """Every meter on one line of ``width`` cells, labels whole: the richest form that fits.

    Tried in order: with the last change and the threshold in words; without the change; with
    narrower gaps; with the threshold as ``┃65``; bare.  If even the bare line is too wide the
    items wrap at their gaps (height grows by a line), so a label is never cut.  The seesaw is
    added when there is room."""

    def item(m: MeterView, change: bool, words: bool, short: bool) -> Content:
        parts: list[str | tuple[str, str] | Content] = [(shown(m.label), "bold"), f" {m.value}"]
        if change and m.last_change:
            parts.append(f" ({signed(m.last_change)})")
        if m.threshold_values and (words or short):
            ends = ", ".join(str(v) for v in m.threshold_values)
            parts.append(f" (the game ends at {ends})" if words else f" {MARK}{ends}")
        return Content.assemble(*parts)

    forms = [(" · ", True, True, False), (" · ", False, True, False), ("  ", False, True, False),
             ("  ", False, False, True), (" · ", False, False, False), ("  ", False, False, False)]
    for gap, change, words, short in forms:
        line = Content(gap).join(item(m, change, words, short) for m in meters)
        if line.cell_length <= width:
            if figures is not None and figures.seesaw is not None:
                seesaw = Content.assemble(gap, ("Seesaw", "bold"), f" {signed(figures.seesaw)}")
                if line.cell_length + seesaw.cell_length <= width:
                    line = Content.assemble(line, seesaw)
            return line
    # Too narrow for one line: wrap between items, never inside a label.
    lines: list[Content] = []
    current = Content("")
    for m in meters:
        piece = item(m, False, False, True)
        if current.cell_length and current.cell_length + 2 + piece.cell_length > width:
            lines.append(current)
            current = piece
        else:
            current = Content.assemble(current, "  ", piece) if current.cell_length else piece
    lines.append(current)
    return Content("\n").join(lines)


class MeterLine(Widget):
    """The meters folded to one line (shown instead of the panel on small terminals)."""

    meters: reactive[tuple[MeterView, ...]] = reactive((), layout=True)
    figures: reactive[FiguresView | None] = reactive(None, layout=True)

    def render(self) -> Content:
        return folded_meters(self.meters, self.figures, max(self.size.width, 1))

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return _height(folded_meters(self.meters, self.figures, max(width, 1)), width)


class MeterBox(Vertical):
    """One meter and its trajectory, kept together so layouts can hide the trajectory."""

    def compose(self) -> ComposeResult:
        yield MeterBar()
        yield Trajectory(classes="trajectory")

    def show(self, meter: MeterView, label_width: int) -> None:
        bar_widget = self.query_one(MeterBar)
        bar_widget.label_width = label_width
        bar_widget.state = meter
        trajectory = self.query_one(Trajectory)
        trajectory.label_width = label_width
        trajectory.state = meter


class MetersPanel(Vertical):
    """All meters, then the seesaw; or the one-line fold.  The screen calls :meth:`show` after
    every change; the stylesheet decides which shape is on show."""

    def __init__(self, meter_ids: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meter_ids = meter_ids

    def compose(self) -> ComposeResult:
        yield MeterLine(id="meter-line")
        with Vertical(id="meter-row"):
            for meter_id in self.meter_ids:
                yield MeterBox(id=f"meter-{meter_id}")
        yield Seesaw()

    def show(self, meters: tuple[MeterView, ...], figures: FiguresView) -> None:
        label_width = max((len(m.label) for m in meters), default=0)
        for meter in meters:
            self.query_one(f"#meter-{meter.id}", MeterBox).show(meter, label_width)
        self.query_one(Seesaw).figures = figures
        line = self.query_one(MeterLine)
        line.meters = meters
        line.figures = figures
