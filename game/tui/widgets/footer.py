"""The key bar at the bottom of every screen, rebuilt only when what it shows has changed.

Textual's ``Footer`` rebuilds all its key widgets (removes them, mounts new ones, styles and lays
them out) every time its screen publishes "bindings updated", and it queues one rebuild per
publication: focus moving, a screen pushed or popped, the game's own ``refresh_bindings`` after a
decision.  On the game screen that was about eleven rebuilds per decision, nearly all of them
drawing the same keys again, in the frames a player waits for (issue 15, the decision key).

This footer queues at most one rebuild per refresh and skips it when the keys it would show — key,
label, action, enabled or not, tooltip — are the ones already shown.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A ``Footer`` that rebuilds only when its keys change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_queued = False
        self._shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # As Footer.bindings_changed (Textual 8.2.8, pinned), with one rebuild queued at a time.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_queued:
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild_if_changed)

    def compose(self) -> Any:
        if self._bindings_ready:  # what is about to be shown, however the rebuild came about
            self._shown = self.keys_shown()
        yield from super().compose()

    def keys_shown(self) -> tuple[Any, ...]:
        """What the footer's compose reads: every active binding with its state, and the key
        display (which a theme or the app can change)."""
        app = self.app
        return (self.show_command_palette, app.ENABLE_COMMAND_PALETTE, *(
            (binding.key, binding.action, binding.description, binding.show, binding.group, enabled, tooltip,
             app.get_key_display(binding))
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()))

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_queued = False
        if not self.is_attached:
            return
        shown = self.keys_shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
