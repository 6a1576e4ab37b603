"""How chance is drawn: one rule for every tool that plays a scenario.

The roll for the decision numbered ``turn`` of a game with seed ``seed`` is the first eight bytes
of ``blake2b(f"{seed}:{turn}")`` read as an unsigned big-endian integer.  Among the outcomes
whose conditions hold at that moment, the roll modulo their total weight picks one, walking them
in the order the file lists them.

Why a pure function of (seed, decision number) and not a generator carried through the game:
the chance state is then just the seed, so a game state is a small immutable value; undo, saves,
replays, the ``tests:`` section, the history check and the random play-tester all draw the same
outcome for the same seed and decision, whatever was drawn before; and nothing can advance a
generator behind the engine's back.  The bias of taking a 64-bit roll modulo a total weight of at
most a few thousand is below one in 10^15.
"""

from __future__ import annotations

from hashlib import blake2b
from random import Random

SEED_LIMIT = 2**63


def roll(seed: int, turn: int) -> int:
    """The 64-bit roll for decision ``turn`` (1-based) of the game with ``seed``."""
    return int.from_bytes(blake2b(f"{seed}:{turn}".encode(), digest_size=8).digest(), "big")


def order(seed: int, key: str, count: int) -> list[int]:
    """A permutation of ``range(count)`` drawn from the seed and ``key`` (a scene id): the order a
    scene's options are shown in.  The same seed and scene always give the same order."""
    digest = blake2b(f"{seed}:order:{key}".encode(), digest_size=8).digest()
    positions = list(range(count))
    Random(int.from_bytes(digest, "big")).shuffle(positions)
    return positions


def pick(weights: list[int], value: int) -> int:
    """The position in ``weights`` that ``value`` (a roll) lands on, by cumulative weight."""
    point = value % sum(weights)
    for position, weight in enumerate(weights):
        point -= weight
        if point < 0:
            return position
    return len(weights) - 1  # pragma: no cover - unreachable for positive weights
