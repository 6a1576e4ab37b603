"""The bundled campaign: which chapters, in which order, under which title.

Kept apart from :mod:`game.play.campaign` (which loads scenarios and plays them) so the command
line can describe the campaign in ``--help`` without importing the game.
"""

from __future__ import annotations

from game.engine.record import record


@record(slots=False)
class Campaign:
    id: str
    title: str
    summary: str
    chapters: tuple[str, ...]


BUNDLED = Campaign(
    id="korea-1949-1950",
    title="Stalin, Kim and Mao, 1949-1950",
    summary=("The four chapters in order: Kim's requests of 1949, the treaty talks with Mao, "
             "Acheson's speech and the turn of spring 1950, and the war. What you do in one "
             "chapter shapes where the next begins."),
    chapters=("kim-1949", "treaty-1950", "acheson-1950", "war-1950"),
)
