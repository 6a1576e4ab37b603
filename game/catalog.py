"""Finding scenarios: a ``SCENARIO`` argument is a file path or the id of a bundled scenario."""

from __future__ import annotations

from pathlib import Path

from game.engine.record import record
from game.paths import bundled_scenarios_dir
from game.scenario import CheckResult, check_file
from game.scenario.loader import SCENARIO_SUFFIXES

#: The order the campaign and the picker present the bundled scenarios in.
PREFERRED_ORDER = ("kim-1949", "treaty-1950", "acheson-1950", "war-1950")


def bundled_files() -> list[Path]:
    folder = bundled_scenarios_dir()
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.suffix in SCENARIO_SUFFIXES and p.is_file()]
    rank = {name: i for i, name in enumerate(PREFERRED_ORDER)}
    return sorted(files, key=lambda p: (rank.get(p.stem, len(rank)), p.name))


def bundled_ids() -> list[str]:
    return [p.stem for p in bundled_files()]


@record(slots=False)
class Resolved:
    """What a SCENARIO argument named: the file, and the result of checking it."""

    path: Path
    result: CheckResult


class UnknownScenario(Exception):
    def __init__(self, name: str):
        known = ", ".join(bundled_ids()) or "(none installed)"
        super().__init__(f"no scenario file or bundled scenario called '{name}'\n"
                         f"    hint: bundled scenarios: {known}; or give the path to a .yaml file")


def resolve(name: str) -> Resolved:
    """A path that exists wins; otherwise a bundled scenario whose file is ``<id>.yaml``."""
    candidate = Path(name)
    if candidate.exists() or candidate.suffix in SCENARIO_SUFFIXES or "/" in name or "\\" in name:
        return Resolved(candidate, check_file(candidate))
    for path in bundled_files():
        if path.stem == name:
            return Resolved(path, check_file(path))
    raise UnknownScenario(name)


def bundled_id_for(path: str | Path) -> str | None:
    """The bundled id that names this file (``play ID`` finds it again), or None for another file."""
    if not path:
        return None
    try:
        target = Path(path).resolve()
        folder = bundled_scenarios_dir().resolve()
    except OSError:
        return None
    if target.parent == folder and target.suffix in SCENARIO_SUFFIXES:
        return target.stem
    return None
