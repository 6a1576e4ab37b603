"""Run settings: how a run is played (reveal, undo, reasons, class, campaign chapter).

Written into every save and run record, so a resumed game keeps the rules it started with and a
report knows under which rules each run was played.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from game.formats.fields import Count, Flags, Id, Meters, Name

Reveal = Literal["each", "end"]


class CarryData(msgspec.Struct, frozen=True, omit_defaults=True):
    """What a campaign chapter inherited: a shift per meter and flag values."""

    meters: Meters = {}
    flags: Flags = {}


class CampaignSettings(msgspec.Struct, frozen=True):
    """The campaign chapter a run is: ``chapter`` counts from 1, of ``of``."""

    id: Id
    chapter: Count
    of: Count
    carry_in: CarryData = CarryData()


class RunSettings(msgspec.Struct, frozen=True, omit_defaults=True):
    """The rules a run is played under.

    ``reveal``: "each" shows what actually happened after every decision, "end" only in the
    debrief.  ``undo``: whether the player may take a decision back (a class can lock it).
    ``justify``: a class asks for a reason at the scenario's debate points.  ``class_code``: the
    class code the run belongs to (written as ``class``)."""

    reveal: Reveal = "each"
    undo: bool = True
    justify: bool = False
    class_code: Name | None = msgspec.field(default=None, name="class")
    campaign: CampaignSettings | None = None

    @property
    def reveal_each(self) -> bool:
        return self.reveal == "each"
