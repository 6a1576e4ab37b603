"""Tools for scenario authors: play-testing, the scene graph, a starter file, live reload.

ChoiceScript's quicktest and randomtest are the testers to beat, and Inky's live preview the
editor to beat (see ``/docs/authoring.md``).  Everything here drives the real engine, so what
a tool reports is what a player would meet; nothing here prints, except :mod:`.progress`,
which writes to the stream it is given.  The commands in ``game.commands`` render results.
"""

from game.authoring.findings import Finding
from game.authoring.playtest import PlaytestOptions, PlaytestReport, playtest_scenario

__all__ = ["Finding", "PlaytestOptions", "PlaytestReport", "playtest_scenario"]
