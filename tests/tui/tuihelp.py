"""Helpers for the TUI tests: the app built as the command line builds it, bounded waits on
conditions (never sleeps), screen text, and the keys that follow a path through a scenario."""

from __future__ import annotations

import time
from pathlib import Path
from collections.abc import Callable

from game.formats import RunSettings
from game.play.launch import Launch

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXED_CLOCK = "2026-01-02T03:04:05Z"


def fixed_clock() -> str:
    """Run records get this timestamp, so snapshots and records never show the real clock."""
    return FIXED_CLOCK


def launch_app(scenario=None, *, places, reveal: str | None = None, settings: RunSettings | None = None,
               plan=None, clock=fixed_clock, watch_interval: float = 0.5, retry_interval: float = 20.0,
               prefs=None, prefs_path=None, **launch):
    """``make_app`` on a :class:`Launch` of ``scenario``: seed 7 unless given, ``reveal`` a
    shortcut for the settings, ``plan`` the campaign's chapters; the rest are Launch fields
    (player, seed, resume, campaign, watch, served)."""
    from msgspec.structs import replace

    from game.tui.app import make_app

    launch.setdefault("seed", 7)
    settings = settings or RunSettings()
    if reveal is not None:
        settings = replace(settings, reveal=reveal)
    return make_app(Launch(places=places, scenario=scenario, settings=settings, **launch), clock=clock,
                    campaign=plan, watch_interval=watch_interval, retry_interval=retry_interval,
                    prefs=prefs, prefs_path=prefs_path)


async def wait_for(pilot, predicate: Callable[[], object], description: str, within: float = 15.0):
    """Pause until ``predicate()`` is truthy (at most ``within`` seconds); fail saying what never happened."""
    deadline = time.monotonic() + within
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {description}")
        await pilot.pause(0.01)


async def wait_screen(pilot, name: str, within: float = 15.0):
    """Pause until the screen ``name`` is active, mounted and drawn: a screen is installed before
    its first frame is composed, and a test that reads the text at once can read nothing."""
    return await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name and pilot.app.screen.is_mounted
                          and screen_text(pilot.app).strip(), f"the {name}", within)


def screen_text(app) -> str:
    """The active screen as plain text, as a player would read it.

    Uses the compositor's strips (a private API, stable within the pinned Textual version).
    """
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notes(app) -> str:
    """Every notification shown so far, title and message."""
    return "\n".join(f"{n.title} {n.message}" for n in app._notifications)


def click_actions(app) -> list[str]:
    """Every ``@click`` action on screen: author text must never create one."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            meta = segment.style.meta if segment.style is not None else {}
            if "@click" in meta:
                found.append(str(meta["@click"]))
    return found


def option_number(session, choice_id: str) -> str:
    """The number key that takes ``choice_id`` in the current scene."""
    return str(next(o.number for o in session.scene().options if o.id == choice_id))


async def decide(pilot, key: str) -> None:
    """Bring the options up if the briefing is still being read (Enter), press a decision key,
    wait for the reveal, close it, and wait for the result."""
    app = pilot.app
    turn = app.session.turn
    await reach_decision(pilot)
    await pilot.press(key)
    await wait_screen(pilot, "RevealScreen")
    assert app.session.turn == turn + 1
    await pilot.press("enter")
    if app.session.is_over:
        await wait_screen(pilot, "DebriefScreen")
    else:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "GameScreen"
                       and f"Decision {turn + 2} " in str(app.screen.query_one("#scene-bar").render())
                       and not app.screen._loading, "the next scene")


async def reach_decision(pilot) -> None:
    """On the game screen: bring the options up (Enter) if the briefing has not been read yet."""
    app = pilot.app
    await wait_for(pilot, lambda: type(app.screen).__name__ == "GameScreen" and app.screen.is_mounted
                   and not app.screen._loading, "the game screen")
    # Once the scene is laid out, a briefing that fits on screen has brought the options by
    # itself: an Enter sent before that would be read as "take the highlighted option".
    await pilot.pause()
    screen = app.screen
    if getattr(screen, "reading", False):
        await pilot.press("enter")
    await wait_for(pilot, lambda: not getattr(app.screen, "reading", False)
                   and app.screen.query_one("#choices").has_focus, "the options")


async def type_text(pilot, text: str) -> None:
    """Type ``text`` as a quick typist does: each character as the key event ``pilot.press``
    sends for it, all in order, then one wait for the app to take them.  ``pilot.press`` waits
    for the app to go idle after every key (at least 40 ms each), which made typing a sentence
    take seconds.  Characters only: keys that run an action (backspace, enter) go through
    ``pilot.press``, which lets each action finish before the next key (sent together, the
    keys after a backspace in the dossier's search were lost)."""
    import unicodedata

    from textual import events
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    app = pilot.app
    for char in text:  # the event App._press_keys makes of a one-character key (Textual 8.2.8)
        key = char if char.isalnum() else _character_to_key(char)
        try:
            typed = unicodedata.lookup(_get_unicode_name_from_key(key))
        except KeyError:
            typed = char
        event = events.Key(key, typed)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()
