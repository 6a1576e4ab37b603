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
from pathlib import Path

from game.engine.record import record


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


class PlacesError(ValueError):
    """A runs folder that cannot be used, with the reason in plain words."""


@record(slots=False)
class Places:
    """The folders one session writes to: run records in ``runs``, autosaves in ``saves``."""

    runs: Path
    saves: Path
    #: The runs folder was named on the command line (``--runs-dir``), so a command that carries
    #: on this game must name it too.
    given: bool = False

    @classmethod
    def resolve(cls, runs_dir: str | os.PathLike[str] | None = None) -> Places:
        """The folders for ``--runs-dir DIR`` (saves in ``DIR/.saves``), or the user's data
        folder.  An empty ``DIR`` is refused: it would silently mean the current folder."""
        if runs_dir is not None:
            if not str(runs_dir).strip():
                raise PlacesError("--runs-dir is empty; name a folder (for example --runs-dir class-runs)")
            runs = Path(runs_dir)
            return cls(runs=runs, saves=runs / ".saves", given=True)
        home = data_home()
        return cls(runs=home / "runs", saves=home / "saves")

    def prepare(self) -> None:
        """Create both folders, check that files can be written in them, and sweep temporary
        files left by this machine's killed writers.  Raises OSError when a folder cannot be used,
        so the player hears about it before the first decision, not after it."""
        from game.storage import check_writable, clean_stale_temp

        for folder in (self.runs, self.saves):
            folder.mkdir(parents=True, exist_ok=True)
            check_writable(folder)
            clean_stale_temp(folder)

    def unusable(self, exc: OSError) -> str:
        """The message for a runs folder that :meth:`prepare` could not set up."""
        where = exc.filename if isinstance(exc, OSError) and exc.filename else self.runs
        return f"cannot save games in {where}: {exc.strerror or exc}"


_SAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str = "player", limit: int = 40) -> str:
    """A file-name-safe form of anything a student types: no path tricks, no odd characters."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    cleaned = _SAFE.sub("-", folded).strip("-")[:limit].strip("-")
    return cleaned or fallback
