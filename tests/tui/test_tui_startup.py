"""Start-up tuning (issue 15): ``politburo`` loads with the cyclic collector off, and the app
turns it back on after its first paint, with what was loaded frozen; only when the app owns its
process (tests that run apps in-process keep the collector as it was).  The game screen is
styled once as it mounts and once as it comes up, not a third time for its size classes."""

from __future__ import annotations

import gc
from collections import Counter

import pytest
from textual.css.stylesheet import Stylesheet

from game.paths import Places
from game.play.launch import Launch
from game.tui.app import make_app
from tuihelp import wait_for, wait_screen


async def test_the_collector_is_back_on_after_the_first_paint(tmp_path, monkeypatch):
    monkeypatch.setattr("game.tui.exit_flow.ExitFlow._handle_signals", lambda self: None)  # not in a test
    app = make_app(Launch(Places(tmp_path / "runs", tmp_path / "runs" / ".saves")), handle_signals=True)
    frozen = gc.get_freeze_count()
    gc.disable()  # as game.cli leaves it
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_screen(pilot, "TitleScreen")
            await wait_for(pilot, gc.isenabled, "the collector back on")
            assert gc.get_freeze_count() > frozen
    finally:
        gc.enable()
        gc.unfreeze()


async def test_an_app_in_a_test_leaves_the_collector_alone(build):
    frozen = gc.get_freeze_count()
    app = build(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "TitleScreen")
        await pilot.pause()
    # Not "==": objects frozen by an earlier test in this process (a game run through run_app
    # owns its signals, so freezes) may be freed meanwhile; a freeze would add every live object.
    assert gc.isenabled() and gc.get_freeze_count() <= frozen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_game_screen_is_not_styled_again_for_its_size(kim, build, monkeypatch, size):
    """Its size classes (-narrow/-wide, -short/-tall) are there before its widgets mount: set at
    the screen's first resize, they restyled every widget of it a third time as the game began."""
    styled: Counter[str] = Counter()
    apply = Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        styled[node.id or ""] += 1
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counting)
    app = build(kim)
    async with app.run_test(size=size) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.pause()
        wide, short = size[0] >= 100, size[1] < 32
        assert app.screen.has_class("-wide" if wide else "-narrow", "-short" if short else "-tall")
    # once as it mounts, once as the screen comes up (Textual restyles a screen it shows)
    assert styled["scene-bar"] == 2 and styled["main"] == 2, styled
