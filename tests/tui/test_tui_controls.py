"""No control character reaches the terminal from the full-screen game (issue 12, F2, second line
of defence).  The loader refuses them in scenarios and names are cleaned; here every text the play
layer hands the screens is poisoned with an OSC 52 clipboard write, a screen clear, a bell and the
bidi overrides, and no drawn line may hold any of them."""

from __future__ import annotations

import dataclasses
import re

import pytest
from rich.segment import Segment
from textual.color import Color

from game.engine import record
from game.engine.record import is_record
from game.play.session import Session
from game.tui.text import ControlFilter, join_lines, lit, shown
from tuihelp import reach_decision, wait_for, wait_screen

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
HOSTILE = f"{OSC52}\x1b[2J\x9b31m\u202eevil\u202c\u2066x\u2069\x00"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Strings the screens compare, not show: poisoning them would change what the game does.
LOGIC = {"id", "lean", "stance", "verdict", "meter", "kind_id"}


def test_lit_and_join_lines_make_controls_visible():
    text = f"Title {HOSTILE}"
    for content in (lit(text), join_lines([text, "second"])):
        plain = content.plain
        assert not CONTROLS.search(plain)
        assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x07" in plain  # visible, as the author would type it
        assert "\\u202e" in plain and "\\u2066" in plain and "\\x00" in plain
    assert shown("two\nlines\tand a tab") == "two\nlines\tand a tab"  # layout kept


def test_the_filter_removes_controls_without_moving_anything():
    segments = [Segment("ok "), Segment(OSC52), Segment("a\u202eb\x1b[2Jc")]
    out = ControlFilter().apply(segments, Color(0, 0, 0))
    assert "".join(s.text for s in out) == "ok ]52;c;ZWNobyBwd25lZA==ab[2Jc"
    assert sum(s.cell_length for s in out) == sum(s.cell_length for s in segments)  # nothing moves
    assert not any(CONTROLS.search(s.text) for s in out)
    clean = [Segment("nothing to do")]
    assert ControlFilter().apply(clean, Color(0, 0, 0)) is clean


def fields_of(value):
    return record.fields(value) if is_record(value) else dataclasses.fields(value)


def poison(value, depth=0):
    """``value`` with HOSTILE appended to every shown string inside it (frozen dataclasses,
    tuples and dicts included); ids and strings the screens compare are left alone."""
    if depth > 8:
        return value
    if isinstance(value, str):
        return value + HOSTILE
    if isinstance(value, tuple):
        return tuple(poison(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return {k: poison(v, depth + 1) for k, v in value.items()}
    if is_record(value) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        changes = {f.name: poison(getattr(value, f.name), depth + 1) for f in fields_of(value)
                   if f.init and f.name not in LOGIC and not f.name.endswith("_id")}
        return record.replace(value, **changes) if is_record(value) else dataclasses.replace(value, **changes)
    return value


@pytest.fixture
def poisoned(monkeypatch):
    for name in ("scene", "meters", "figures", "timeline", "dossier", "debrief", "intro"):
        original = getattr(Session, name)
        monkeypatch.setattr(Session, name, lambda self, _o=original: poison(_o(self)))
    choose = Session.choose
    monkeypatch.setattr(Session, "choose", lambda self, *a, **k: poison(choose(self, *a, **k)))


def drawn(app) -> list[str]:
    """Every segment's text the compositor would send for the current screen (after filters)."""
    return [segment.text for strip in app.screen._compositor.render_strips() for segment in strip
            if not segment.control]


def assert_clean(app, where: str):
    texts = drawn(app)
    bad = [t for t in texts if CONTROLS.search(t)]
    assert not bad, f"{where}: control characters drawn: {bad[:3]!r}"
    assert any("]52;c;ZWNobyBwd25lZA==" in t for t in texts), f"{where}: the poisoned text is not on screen"


async def test_no_screen_draws_a_control_character(council, build, poisoned):
    app = build(council, reveal="each")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: "evil" in "".join(drawn(app)), "the poisoned scene")
        assert_clean(app, "game screen")
        app.notify(f"a notification {HOSTILE}", markup=False)  # a path that bypasses lit()
        await pilot.pause()
        assert_clean(app, "game screen with a notification")
        for key, screen in (("o", "DocumentScreen"), ("m", "MetersScreen"), ("d", "DossierScreen"),
                            ("t", "TimelineScreen")):
            await pilot.press(key)
            await wait_screen(pilot, screen)
            await pilot.pause()
            assert_clean(app, screen)
            await pilot.press("escape")
            await wait_screen(pilot, "GameScreen")
        for _ in range(3):
            await reach_decision(pilot)
            number = next(o.number for o in app.session.scene().options if o.available)
            await pilot.press(str(number))
            await wait_screen(pilot, "RevealScreen")
            await pilot.pause()
            assert_clean(app, "reveal")
            await pilot.press("enter")
            if app.session.is_over:
                break
            await wait_for(pilot, lambda: type(app.screen).__name__ == "GameScreen", "the next scene")
        await wait_screen(pilot, "DebriefScreen")
        await pilot.pause()
        assert_clean(app, "debrief")


async def test_a_player_name_with_escapes_is_drawn_inert(build, council):
    app = build(council, player=f"Ana{HOSTILE}")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "GameScreen")
        app.action_title()
        await wait_screen(pilot, "TitleScreen")
        await pilot.press("n")
        await wait_screen(pilot, "PickerScreen")
        await wait_for(pilot, lambda: "Ana" in "".join(drawn(app)), "the name in the picker")
        assert not any(CONTROLS.search(t) for t in drawn(app))
