"""Helpers for the TUI tests: bounded waits on conditions (never sleeps), screen text, and the
keys that follow a path through a scenario."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXED_CLOCK = "2026-01-02T03:04:05Z"


def fixed_clock() -> str:
    """Run records get this timestamp, so snapshots and records never show the real clock."""
    return FIXED_CLOCK


async def wait_for(pilot, predicate: Callable[[], object], description: str, timeout: float = 15.0):
    """Pause until ``predicate()`` is truthy; fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {description}")
        await pilot.pause(0.01)


async def wait_screen(pilot, name: str, timeout: float = 15.0):
    return await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name and pilot.app.screen.is_mounted,
                          f"the {name}", timeout)


def screen_text(app) -> str:
    """The active screen as plain text, as a player would read it.

    Uses the compositor's strips (a private API, stable within the pinned Textual version).
    """
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def click_actions(app) -> list[str]:
    """Every ``@click`` action on screen: author text must never create one."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            meta = segment.style.meta if segment.style is not None else {}
            if "@click" in meta:
                found.append(str(meta["@click"]))
    return found


def option_number(game, choice_id: str) -> str:
    """The number key that takes ``choice_id`` in the current scene."""
    ids = [o.id for o in game.options()]
    return str(ids.index(choice_id) + 1)


async def decide(pilot, key: str) -> None:
    """Press a decision key, wait for the reveal, close it, and wait for the result."""
    app = pilot.app
    turn = app.session.game.turn
    await pilot.press(key)
    await wait_screen(pilot, "RevealScreen")
    assert app.session.game.turn == turn + 1
    await pilot.press("enter")
    if app.session.game.is_over:
        await wait_screen(pilot, "DebriefScreen")
    else:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "GameScreen"
                       and f"Decision {turn + 2} " in str(app.screen.query_one("#scene-bar").render())
                       and app.screen.query_one("#choices").has_focus, "the next scene")
