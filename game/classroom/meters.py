"""A run's meters as one path, and the spread of a class's meters read off running counts.

Helpers of :mod:`game.classroom.tally`: a run's meters are kept as one hashable path (so a class's
many identical paths count as one entry), and a turn's lowest, quartiles, median and highest are
read off a count per value, so neither grows with the number of runs.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable

from game.classroom.report import spread


def picker(ids: tuple[str, ...]) -> Callable[[dict[str, int]], tuple[int | None, ...]]:
    """The meters of a decision, in ``ids`` order, as one tuple (``KeyError`` if one is missing)."""
    if len(ids) == 1:
        return lambda meters: (meters[ids[0]],)
    if not ids:
        return lambda meters: ()
    pick: Callable[[dict[str, int]], tuple[int | None, ...]] = operator.itemgetter(*ids)
    return pick


#: A run's meters: the value each starts at (None: from its first decision), then each decision's.
MeterPath = tuple[tuple[int | None, ...], tuple[tuple[int | None, ...], ...]]


def series_of(path: MeterPath) -> list[list[int]]:
    """Per meter, its value at the start and after each decision (a value left out carries on)."""
    start, steps = path
    out = []
    for i, first in enumerate(start):
        value = first if first is not None else next((v for s in steps if (v := s[i]) is not None), 0)
        series = [value]
        for step in steps:
            now = step[i]
            if now is not None:
                value = now
            series.append(value)
        out.append(series)
    return out


def spread_of(values: Counter[int]) -> list[float] | None:
    """:func:`~game.classroom.report.spread` of the values counted in ``values``, without listing
    them: the quantiles are read off the running counts."""
    items = sorted((v, n) for v, n in values.items() if n > 0)
    total = sum(n for _, n in items)
    if not total:
        return None
    if total <= 64:
        return spread([v for v, n in items for _ in range(n)])

    def at(index: int) -> int:
        seen = 0
        for v, n in items:
            seen += n
            if index < seen:
                return v
        return items[-1][0]

    def quantile(q: float) -> float:
        pos = q * (total - 1)
        lower = int(pos)
        low, high = at(lower), at(min(lower + 1, total - 1))
        return float(low + (high - low) * (pos - lower))

    return [float(items[0][0]), quantile(0.25), quantile(0.5), quantile(0.75), float(items[-1][0])]
