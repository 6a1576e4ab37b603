"""Dates in a scenario: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and real ones.

The pattern alone lets ``1948-06-31`` through, which players would read as "31 June 1948", so
a date is also checked against the calendar; and a partial date is a span of days, which is
what comparing a scene's date with the scenario's period needs.
"""

from __future__ import annotations

import re
from typing import Any

from game.engine.record import record
from game.scenario.spec import DATE_PATTERN, Text

Day = tuple[int, int, int]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def days_in_month(year: int, month: int) -> int:
    """The Gregorian calendar's length of ``month`` (proleptic, as ``calendar.monthrange``; year
    0 and before, which no scenario needs, are given 31), without importing ``calendar`` and
    ``datetime`` for it at every validate."""
    if year < 1:
        return 31
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def calendar_problem(value: str) -> str:
    """Why a ``YYYY[-MM[-DD]]`` string is not a real date ('' when it is one): the pattern alone
    lets ``1948-06-31`` through, which players would read as "31 June 1948"."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return f"{value} is not a date: there is no month {parts[1]}"
    if len(parts) == 3:
        year, month, day = parts
        days = days_in_month(year, month)
        if day < 1:
            return f"{value} is not a date: there is no day 0"
        if day > days:
            why = f"{_MONTHS[month - 1]} has {days} days"
            if month == 2 and day == 29:
                why = f"{year} is not a leap year"
            return f"{value} is not a date: {why}"
    return ""


@record(frozen=False, slots=False)
class DateText(Text):
    """A date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that exists in the calendar."""

    def check(self, value, path, ctx):
        if not super().check(value, path, ctx):
            return False
        problem = calendar_problem(value)
        if problem:
            ctx.error(path, problem, "check the day and the month against the source", "E-DATE")
            return False
        return True


def Date(description: str = "") -> Text:
    return DateText(DATE_PATTERN, 'write dates as "YYYY-MM-DD", "YYYY-MM" or "YYYY"; use date_label for '
                    "uncertain dates", 10, description)


def date_span(value: Any) -> tuple[Day, Day] | None:
    """The first and last day a ``YYYY[-MM[-DD]]`` date covers (None if it is not a real date)."""
    if not isinstance(value, str) or not re.match(DATE_PATTERN, value) or calendar_problem(value):
        return None
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return (year, 1, 1), (year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        last = days_in_month(year, month)
        return (year, month, 1), (year, month, last)
    return (year, month, parts[2]), (year, month, parts[2])
