"""The key bar: rebuilt when its keys change, not at every "bindings updated" (issue 15)."""

from __future__ import annotations

from game.tui.widgets.footer import KeyFooter
from tuihelp import decide, wait_for, wait_screen


def footer_keys(screen) -> dict[str, bool]:
    """The footer's keys by action: True when usable, False when shown greyed."""
    footer = screen.query_one(KeyFooter)
    return {key.action: not key.has_class("-disabled") for key in footer.query("FooterKey")}


async def test_the_footer_follows_the_keys_and_is_not_rebuilt_for_nothing(kim, build, monkeypatch):
    rebuilds = []
    recompose = KeyFooter.recompose

    async def counted(self):
        rebuilds.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
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
