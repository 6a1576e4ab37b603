"""The debrief's *reading*: where the player's decisions sit among the historians.

Why: the game argues that Soviet policy in 1949-50 swung between cautious national interest
and bloc rivalry, and historians disagree about which side drove it (Shen Zhihua, Weathersby
and others stress national interest; Gaddis the ideological contest; Cumings asks a different,
Korean question).  The scenario's own ``historiography`` entries carry each reading's ``lean``,
and the scenario declares its leans (which seesaw meter each sides with, if any); this module
sets the player's seesaw beside them.  It never invents a reading: everything shown
comes from the scenario file.  Part of the play layer, so both renderers place the readings the same way.
"""

from __future__ import annotations

from game.engine import Historiography, Reading, Scenario
from game.engine.record import record

#: |seesaw| below this counts as "balanced": the decisions claim neither side.
BALANCED_BAND = 10


@record(slots=False)
class PlacedReading:
    """One historian's reading, and how it stands to the player's decisions."""

    question: str
    reading: Reading
    #: "with you", "beside you", "against you" or "another question" (a reading whose lean sits
    #: on neither side of the seesaw answers a different question).
    stance: str
    #: The label of the reading's lean, as the scenario declares it.
    lean_label: str = ""


@record(slots=False)
class PlayerReading:
    #: The seesaw meter the decisions lean to, or "balanced".
    lean: str
    summary: str
    placed: tuple[PlacedReading, ...]


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"


def player_side(scenario: Scenario, seesaw: int | None) -> str:
    """The seesaw meter the decisions lean to, or "balanced"."""
    if seesaw is None or scenario.seesaw is None or abs(seesaw) < BALANCED_BAND:
        return "balanced"
    return scenario.seesaw[0] if seesaw < 0 else scenario.seesaw[1]


def lean_label(scenario: Scenario, lean_id: str) -> str:
    try:
        return scenario.lean(lean_id).label
    except KeyError:
        return lean_id.replace("_", " ")


def _stance(scenario: Scenario, side: str, reading_lean: str) -> str:
    try:
        meter = scenario.lean(reading_lean).meter
    except KeyError:
        meter = ""
    if not meter:
        return "another question"
    if side == "balanced":
        return "beside you"
    return "with you" if meter == side else "against you"


def read_run(scenario: Scenario, seesaw: int | None,
             entries: tuple[Historiography, ...] | None = None) -> PlayerReading:
    """Place the readings of ``entries`` (default: all the scenario's) against ``seesaw``."""
    side = player_side(scenario, seesaw)
    entries = scenario.historiography if entries is None else entries
    order = {"with you": 0, "beside you": 0, "against you": 1, "another question": 2}
    placed = sorted(
        (PlacedReading(e.question, r, _stance(scenario, side, r.lean), lean_label(scenario, r.lean))
         for e in entries for r in e.readings),
        key=lambda p: order[p.stance])
    position = "no seesaw" if seesaw is None else f"seesaw {_signed(seesaw)} on a scale of −100 to +100"
    if side == "balanced":
        summary = (f"Your decisions sit near the middle ({position}): they claim neither side of the "
                   "seesaw outright.")
    else:
        summary = (f"Your decisions lean toward {scenario.meter(side).label.lower()} ({position}). Historians "
                   "who read the episode that way are listed first; those who read it the other way follow.")
    if any(p.stance == "another question" for p in placed):
        summary += (" Readings in another frame do not sit on the seesaw at all: they ask a different "
                    "question of the same events.")
    return PlayerReading(side, summary, tuple(placed))
