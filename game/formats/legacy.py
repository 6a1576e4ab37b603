"""Reading the files of version 1 (before run ids and the seeded chance rule).

Version 1 states kept the random generator's internal state; version 2 keeps only the seed,
because chance became a function of the seed and the decision number.  A version 1 save is
carried over by replaying its decisions with the outcomes they had, so nothing already decided
changes; only draws still to come follow the new rule.
"""

from __future__ import annotations

import hashlib
from typing import Any


def legacy_run_id(player: str, seed: int, started_at: str) -> str:
    """A stable id for a run written before runs had ids: the same save or record always gets
    the same id, so resuming an old save twice still records its run once."""
    return hashlib.blake2b(f"{player}\n{seed}\n{started_at}".encode(), digest_size=8).hexdigest()


def legacy_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Version 1 settings had the same keys, with campaign chapters counted from 1."""
    return {k: v for k, v in settings.items() if k in ("reveal", "undo", "justify", "class", "campaign")}


def legacy_state(state: dict[str, Any], seed: int) -> dict[str, Any]:
    """A version 1 engine state as version 2: the seed instead of the generator's state."""
    given = state.get("carry")
    carry: dict[str, Any] = given if isinstance(given, dict) else {}
    return {
        "format": 2, "min_format": 2,
        "scenario": state.get("scenario"),
        "seed": seed,
        "carry": {"meters": carry.get("meters") or {}, "flags": carry.get("flags") or {}},
        "decisions": state.get("decisions") or [],
        "scene": state.get("scene"), "ending": state.get("ending"), "turn": state.get("turn", 0),
        "meters": state.get("meters") or {}, "flags": state.get("flags") or {},
    }
