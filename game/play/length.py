"""How long a scenario takes to read, from its words, not from what its author hoped.

The estimate counts the words a player meets on the historical path — the briefings, the
documents, the advisers' counsel, the options, the consequences, what actually happened and
the historians' readings, and the ending — and divides by a reading speed for careful reading
of unfamiliar history: 200 words a minute for a quick reader, 150 for a slower one.  Thinking
time comes on top; the range says so by being a range.
"""

from __future__ import annotations

import re
import weakref

from game.engine import Scenario
from game.engine.history import historical_track

FAST_WPM = 200
SLOW_WPM = 150
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_MINUTES: weakref.WeakKeyDictionary[Scenario, tuple[int, int]] = weakref.WeakKeyDictionary()


def words(text: str) -> int:
    return len(_WORD.findall(text))


def historical_words(scenario: Scenario) -> int:
    """The words a player reads following history from the first decision to the ending."""
    track = historical_track(scenario)
    total = words(scenario.summary) + sum(words(n) for n in scenario.content_notes)
    seen_entries: set[str] = set()
    for step in track.steps:
        scene = scenario.scene(step.scene)
        total += words(scene.text) + sum(words(c.label) for c in scene.choices)
        total += sum(words(d.title) + words(d.summary) for d in scene.documents)
        total += sum(words(c.text) + words(c.note) for c in scene.counsel)
        choice = scene.choice(step.choice)
        total += words(choice.result)
        if step.outcome is not None:
            total += words(choice.outcomes[step.outcome].result)
        if choice.historical is not None:
            total += words(choice.historical.record)
        for entry_id in scene.historiography:
            if entry_id not in seen_entries:
                seen_entries.add(entry_id)
                entry = scenario.historiography_entry(entry_id)
                total += words(entry.question) + sum(words(r.reading) for r in entry.readings)
    if track.ending:
        total += words(scenario.ending(track.ending).text)
    return total


def reading_minutes(scenario: Scenario) -> tuple[int, int]:
    """(quick, slow) minutes to read the historical path, rounded to the nearest 5 minutes up."""
    cached = _MINUTES.get(scenario)
    if cached is None:
        count = historical_words(scenario)
        quick, slow = count / FAST_WPM, count / SLOW_WPM
        cached = _MINUTES[scenario] = (_round_up(quick), _round_up(slow))
    return cached


def describe_reading(minutes: tuple[int, int]) -> str:
    """``about 30–35 minutes of reading`` for a (quick, slow) estimate."""
    quick, slow = minutes
    return f"about {quick}–{slow} minutes of reading" if quick != slow else f"about {quick} minutes of reading"


def opening_minutes(scenario: Scenario, scene_id: str) -> tuple[int, int]:
    """(quick, slow) minutes for a chapter that opened on ``scene_id`` (a campaign bridge).  A
    bridge whose choices all end the chapter is read in one decision: its words, its longest
    result and its longest ending.  One that leads on into the chapter is read much as history
    is, so it keeps the historical estimate; so does the chapter's own start."""
    scene = scenario.scene(scene_id)
    targets = [c.next for c in scene.choices] + [o.next for c in scene.choices for o in c.outcomes]
    if scene_id == scenario.start or any(t is None or scenario.has_scene(t) for t in targets):
        return reading_minutes(scenario)
    endings = [scenario.ending(t) for t in targets if t is not None and scenario.has_ending(t)]
    total = words(scenario.summary) + sum(words(n) for n in scenario.content_notes)
    total += words(scene.text) + sum(words(c.label) for c in scene.choices)
    total += sum(words(d.title) + words(d.summary) for d in scene.documents)
    total += sum(words(c.text) + words(c.note) for c in scene.counsel)
    total += max((words(c.result) for c in scene.choices), default=0)
    total += max((words(e.text) for e in endings), default=0)
    return _round_up(total / FAST_WPM), _round_up(total / SLOW_WPM)


def _round_up(minutes: float) -> int:
    return max(5, -(-int(minutes + 0.999) // 5) * 5)

