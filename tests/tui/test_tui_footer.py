"""The key bar: rebuilt when its keys change, not at every "bindings updated" (issue 15)."""

from __future__ import annotations

import pytest

from game.tui.widgets.footer import KeyFooter
from tuihelp import decide, wait_for, wait_screen


def footer_keys(screen) -> dict[str, bool]:
    """The footer's keys by action: True when usable, False when shown greyed."""
    footer = screen.query_one(KeyFooter)
    return {key.action: not key.has_class("-disabled") for key in footer.query("FooterKey")}


@pytest.fixture
def rebuilds(monkeypatch) -> list[str]:
    """The screen of every rebuild of a key bar, in order."""
    screens: list[str] = []
    recompose = KeyFooter.recompose

    async def counted(self):
        screens.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    return screens


async def test_the_footer_follows_the_keys_and_is_not_rebuilt_for_nothing(kim, build, rebuilds):
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        game = app.screen
        # nothing to undo yet: shown greyed (the footer follows within a frame or two)
        await wait_for(pilot, lambda: footer_keys(game).get("undo") is False, "undo greyed in the footer")
        before = len(rebuilds)
        await decide(pilot, "1")
        await wait_for(pilot, lambda: footer_keys(game).get("undo") is True, "undo usable in the footer")
        # Textual's Footer rebuilt itself at every "bindings updated": about eleven times a decision.
        # Now only for what the bar shows: Enter gives way to the option keys, undo becomes
        # usable, Enter comes back with the next scene.  (Keys it does not show, such as the
        # arrows of whichever widget has the focus, had added one or two more.)
        assert len(rebuilds) - before <= 3, rebuilds[before:]
        for _ in range(3):  # nothing changes: nothing rebuilt
            count = len(rebuilds)
            game.refresh_bindings()
            await pilot.pause()
            await pilot.pause()
            assert len(rebuilds) == count


async def test_keys_are_relabelled_in_place_when_there_are_as_many(kim, build, rebuilds):
    """Reading → options: Enter ("Decide") gives way to the option keys ("Choose"), as many keys
    as before, so the mounted keys are relabelled, not rebuilt; they act on their new key."""
    app = build(kim)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        game = app.screen
        footer = game.query_one(KeyFooter)
        await wait_for(pilot, lambda: "decide" in str(footer_text(footer)).lower(), "Enter: Decide in the bar")
        mounted, before = list(footer.query("FooterKey")), len(rebuilds)
        await pilot.press("enter")  # the options, now
        await wait_for(pilot, lambda: "Choose" in footer_text(footer), "the option keys in the bar")
        assert "Decide" not in footer_text(footer)
        assert list(footer.query("FooterKey")) == mounted and len(rebuilds) == before
        first = mounted[0]
        assert (first.key, first.action) == ("1", "choose(1)")
        first.on_mouse_down()  # a click on it: as pressing 1, the first option
        await wait_screen(pilot, "RevealScreen")
        assert app.session.turn == 1


def footer_text(footer) -> str:
    """The bar as drawn: each key's rendering, in order."""
    return " ".join(str(key.render()) for key in footer.query("FooterKey"))
