"""The debrief's *reading*: where the player's decisions sit among the historians.

Why: the game argues that Soviet policy in 1949-50 swung between cautious national interest
and bloc rivalry, and historians disagree about which side drove it (Shen Zhihua, Weathersby
and others stress national interest; Gaddis the ideological contest; Cumings asks a different,
Korean question).  The scenario's own ``historiography`` entries carry each reading's ``lean``;
this module sets the player's seesaw beside them.  It never invents a reading: everything shown
comes from the scenario file.  Part of the play layer, so both renderers place the readings the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import Historiography, Reading, Scenario

#: |seesaw| below this counts as "balanced": the decisions claim neither side.
BALANCED_BAND = 10

LEAN_NAMES = {
    "national_interest": "cautious national interest",
    "bloc_rivalry": "bloc rivalry (the ideological contest)",
    "local": "the Korean civil-war frame",
}


@dataclass(frozen=True)
class PlacedReading:
    """One historian's reading, and how it stands to the player's decisions."""

    question: str
    reading: Reading
    #: "with you", "against you" or "another question" (local readings answer a different one).
    stance: str


@dataclass(frozen=True)
class PlayerReading:
    lean: str  # "national_interest", "bloc_rivalry" or "balanced"
    summary: str
    placed: tuple[PlacedReading, ...]


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"


def player_lean(seesaw: int | None) -> str:
    if seesaw is None or abs(seesaw) < BALANCED_BAND:
        return "balanced"
    return "national_interest" if seesaw < 0 else "bloc_rivalry"


def _stance(lean: str, reading_lean: str) -> str:
    if reading_lean == "local":
        return "another question"
    if lean == "balanced":
        return "beside you"
    return "with you" if reading_lean == lean else "against you"


def read_run(scenario: Scenario, seesaw: int | None,
             entries: tuple[Historiography, ...] | None = None) -> PlayerReading:
    """Place the readings of ``entries`` (default: all the scenario's) against ``seesaw``."""
    lean = player_lean(seesaw)
    entries = scenario.historiography if entries is None else entries
    order = {"with you": 0, "beside you": 0, "against you": 1, "another question": 2}
    placed = sorted(
        (PlacedReading(e.question, r, _stance(lean, r.lean)) for e in entries for r in e.readings),
        key=lambda p: order[p.stance])
    position = "no seesaw" if seesaw is None else f"seesaw {_signed(seesaw)} on a scale of −100 to +100"
    if lean == "balanced":
        summary = (f"Your decisions sit near the middle ({position}): they claim neither the "
                   f"national-interest reading nor the bloc-rivalry reading outright.")
    else:
        summary = (f"Your decisions lean toward {LEAN_NAMES[lean]} ({position}). Historians who read "
                   f"Soviet policy that way are listed first; those who read it the other way follow.")
    if any(p.stance == "another question" for p in placed):
        summary += (" Readings in the civil-war frame do not sit on the seesaw at all: they ask "
                    "what Koreans wanted, not what Moscow weighed.")
    return PlayerReading(lean, summary, tuple(placed))
