"""Where things live: the bundled scenarios inside the package, and the player's data folder.

Bundled scenarios are found from the package, never from the current directory, so that
``politburo`` works after a plain ``pip install`` run from anywhere.  Saves and run records
go to the platform's user data folder (``platformdirs``), which ``POLITBURO_HOME`` or
``--runs-dir`` override (tests use both, so they never touch a real user's files).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_scenarios_dir() -> Path:
    """Installed wheels carry ``game/scenarios``; a source checkout has ``scenarios/`` beside ``game/``."""
    inside = _PACKAGE / "scenarios"
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / "scenarios"


def data_home() -> Path:
    override = os.environ.get("POLITBURO_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("politburo", appauthor=False)


@dataclass(frozen=True)
class Places:
    """The folders one session writes to."""

    runs: Path
    saves: Path

    @classmethod
    def resolve(cls, runs_dir: str | os.PathLike | None = None) -> "Places":
        if runs_dir is not None:
            runs = Path(runs_dir)
            return cls(runs=runs, saves=runs / ".saves")
        home = data_home()
        return cls(runs=home / "runs", saves=home / "saves")

    def prepare(self) -> None:
        """Create both folders and sweep temporary files left by a killed writer.
        Raises OSError when the folders cannot be used."""
        from game.storage import clean_stale_temp

        for folder in (self.runs, self.saves):
            folder.mkdir(parents=True, exist_ok=True)
            clean_stale_temp(folder)

    def unusable(self, exc: OSError) -> str:
        """The message for a runs folder that :meth:`prepare` could not set up."""
        return f"cannot use the runs folder {self.runs}: {exc.strerror or exc}"


_SAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str = "player", limit: int = 40) -> str:
    """A file-name-safe form of anything a student types: no path tricks, no odd characters."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    cleaned = _SAFE.sub("-", folded).strip("-")[:limit].strip("-")
    return cleaned or fallback
