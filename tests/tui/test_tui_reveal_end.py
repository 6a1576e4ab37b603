"""Drift bug 1 of issue 9: with ``reveal: end`` no screen shows a historical value before the
debrief — not the meters panel, the meters screen (m), the timeline (t), the dossier (d) or the
reveal after a decision — and the debrief then shows it all.

The screens cannot leak what they are never given: with reveal at the end the session's views
carry no history.  This test reads what a player would read on each screen."""

from __future__ import annotations

import re

from game.engine.history import historical_track
from tuihelp import decide, screen_text, wait_for, wait_screen

#: Phrases only a historical value or the Politburo's side produces.
FORBIDDEN = (
    re.compile(r"history \d"), re.compile(r"same as history"), re.compile(r"\bhist "),
    re.compile(r"matched the Politburo"), re.compile(r"(Same as|Different from) the Politburo"),
    re.compile(r"[Dd]ivergence[^\n]{0,20}?\d+/100"), re.compile(r"\[(same|different)\]"),
    re.compile(r"off the historical path"),
    # The Politburo's options the player did not take, its records, and the historians' reading.
    re.compile(r"Offer aid and promise nothing military"), re.compile(r"Refuse; back the partisans"),
    re.compile(r"The record is mostly about aid"), re.compile(r"The Politburo said no"),
    re.compile(r"Timing not aims"),
)


def leaks(text: str) -> list[str]:
    return [m.group(0) for pattern in FORBIDDEN for m in [pattern.search(text)] if m]


async def look(pilot, key: str, screen: str) -> str:
    """Open a screen with ``key``, read it whole (scrolled to the end), close it."""
    app = pilot.app
    await pilot.press(key)
    await wait_screen(pilot, screen)
    await pilot.pause()
    text = screen_text(app)
    body = app.screen.query(".reader-body")
    for _ in range(30):  # read every page, not only the first
        if not body or body.first().scroll_y >= body.first().max_scroll_y:
            break
        body.first().scroll_page_down(animate=False)
        await pilot.pause()
        text += "\n" + screen_text(app)
    if key == "d":  # the dossier's entries are its content; read them all too
        text += "\n" + "\n".join(e.content.plain for e in app.screen.entries)
    await pilot.press("escape")
    await wait_screen(pilot, "GameScreen")
    return text


async def test_no_screen_shows_history_before_the_debrief(council, build):
    app = build(council, reveal="end")
    track = historical_track(council)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        for key in ("2", "2"):  # a defence treaty, then a limited attack: both off history
            await pilot.press(key)
            await wait_screen(pilot, "RevealScreen")
            reveal = screen_text(app)
            assert "Kept for the end" in reveal
            assert leaks(reveal) == [], reveal
            await pilot.press("enter")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "GameScreen"
                           and app.screen.query_one("#choices").has_focus, "the next scene")
        session = app.session
        assert session.turn == 2 and not session.is_over
        await wait_for(pilot, lambda: "Concur with Mao" in screen_text(app), "the October scene")

        # The meters panel: no history value, and it says why.
        panel = screen_text(app)
        assert leaks(panel) == [], panel
        assert "history hidden" in panel
        for box in app.screen.query("MeterBar"):
            assert box.state.history is None and box.state.past is None
        history_now = track.meters_at(2)
        assert all(f"history {v}" not in panel for v in history_now.values())

        for key, screen, says in (("m", "MetersScreen", "history hidden until the end"),
                                  ("t", "TimelineScreen", "hidden until the end (setting: reveal at the end)"),
                                  ("d", "DossierScreen", "")):
            text = await look(pilot, key, screen)
            assert leaks(text) == [], f"{screen} shows history: {leaks(text)}"
            assert says in text
        assert "Now: divergence and matches are hidden until the end" in (await look(pilot, "t", "TimelineScreen"))

        # The last decision ends the game; the debrief shows what was kept back.
        await decide(pilot, "1")
        assert type(app.screen).__name__ == "DebriefScreen"
        debrief = " ".join(str(w.render()) for w in app.screen.query(".part"))
        assert "What actually happened, decision by decision" in debrief
        assert "Offer aid and promise nothing military" in debrief and "The Politburo said no" in debrief
        assert re.search(r"Divergence from history: \d+/100", debrief)
        assert "Decisions that matched the Politburo's: 1 of 3" in debrief
        assert re.search(r"history +[▁▂▃▄▅▆▇█]", debrief)  # history's track, meter by meter
        await pilot.press("t")
        await wait_screen(pilot, "TimelineScreen")
        assert "[different]" in screen_text(app)  # revealed at the end
