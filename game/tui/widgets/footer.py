"""The key bar at the bottom of every screen, rebuilt only when what it shows has changed.

Textual's ``Footer`` rebuilds all its key widgets (removes them, mounts new ones, styles and lays
them out) every time its screen publishes "bindings updated", and it queues one rebuild per
publication: focus moving, a screen pushed or popped, the game's own ``refresh_bindings`` after a
decision.  On the game screen that was about eleven rebuilds per decision, nearly all of them
drawing the same keys again, in the frames a player waits for (issue 15, the decision key).

This footer queues at most one rebuild per refresh and skips it when the keys it would show — key,
label, action, enabled or not, tooltip — are the ones already shown.  Bindings the bar does not show
(``show=False``: the arrows, Home and End of whichever widget has the focus) do not count: they
change with every move of the focus, and counting them rebuilt the same bar two or three times a
decision.  And each key it mounts comes already marked compact: Textual's key marks itself as it
mounts, which restyled every key a second time (0.6 ms a key, ten keys a bar).

When the keys change but not their number (the game screen's Enter giving way to the option
keys, and back), the keys already mounted are relabelled in place: a rebuild removed and mounted
ten keys and styled each of them and its two parts, a third of all the styling a decision took.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


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
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # The class its ``compact`` watcher adds at mount, added before it is styled:
                # the watcher then finds it there and restyles nothing (Textual 8.2.8, pinned).
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def keys_shown(self, active: Any = None) -> tuple[Any, ...]:
        """What the footer's compose reads: every binding it shows with its state, and the key
        display (which a theme or the app can change); the command palette's key, shown apart.
        ``active``: the screen's active bindings, when the caller has them already (Textual
        works them out anew at every call, walking the focus chain)."""
        app = self.app
        palette = self.show_command_palette and app.ENABLE_COMMAND_PALETTE
        bindings = self.screen.active_bindings if active is None else active
        return (palette, *(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip,
             app.get_key_display(binding))
            for _node, binding, enabled, tooltip in bindings.values()
            if binding.show or (palette and binding.key == app.COMMAND_PALETTE_BINDING)))

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_queued = False
        if not self.is_attached:
            return
        active = self.screen.active_bindings
        shown = self.keys_shown(active)
        if shown != self._shown:
            self._shown = shown
            if not self._relabel(active):
                await self.recompose()

    def _planned_keys(self, active: Any) -> list[tuple[str, str, str, str, bool, str, bool]] | None:
        """The keys :meth:`Footer.compose` would make, in order, as (key, key display,
        description, action, disabled, tooltip, is the command palette's), the command
        palette's key last when shown; None when it would group keys (a ``KeyGroup``), which
        only a rebuild makes."""
        app = self.app
        by_action: dict[str, tuple[Any, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                if binding.group is not None:
                    return None
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        planned = [(b.key, app.get_key_display(b), b.description, b.action, not enabled, tooltip, False)
                   for b, enabled, tooltip in by_action.values()]
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, b, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            planned.append((b.key, app.get_key_display(b), b.description, b.action, not enabled,
                            b.tooltip or b.description, True))
        return planned

    def _relabel(self, active: Any) -> bool:
        """Show the new keys on the keys already mounted, when there are as many (and no
        groups); False when the bar must be rebuilt."""
        planned = self._planned_keys(active)
        keys = list(self.children)
        if planned is None or len(planned) != len(keys) or not all(isinstance(k, FooterKey) for k in keys):
            return False
        # the command palette's key (styled and docked apart) stays where it is, or absent
        if [k.has_class("-command-palette") for k in keys] != [p[-1] for p in planned]:
            return False
        for widget, (key, display, description, action, disabled, tooltip, _palette) in zip(keys, planned):
            assert isinstance(widget, FooterKey)
            if (widget.key, widget.key_display, widget.description, widget.action, widget._disabled,
                    widget.tooltip or "") == (key, display, description, action, disabled, tooltip or ""):
                continue
            widget.key, widget.key_display, widget.description, widget.action = key, display, description, action
            widget._disabled = disabled
            widget.set_class(disabled, "-disabled")
            widget.tooltip = tooltip or None
            widget.refresh(layout=True)
        return True
