"""Joining a class: from the code a student typed to the scenario, seed and settings to play.

Plain play, the full-screen game and ``politburo serve`` all go through :func:`join_class`, so a
class behaves the same whichever way a student plays, and every way of getting it wrong ends in
one clear :class:`CodeError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO
from collections.abc import Callable

from game.catalog import UnknownScenario, bundled_files, resolve
from game.classroom.codes import ClassCode, CodeError, make_code, parse_code, short_hash
from game.engine import Scenario
from game.engine.record import record
from game.formats import RunSettings
from game.text import NAME_LIMIT, REASON_LIMIT, clean_name, clean_text

__all__ = ["NAME_LIMIT", "REASON_LIMIT", "JoinedClass", "ask_name", "clean_name", "clean_text", "join_class",
           "new_class"]


@record(slots=False)
class JoinedClass:
    """A class code resolved against the scenarios this copy of the game has."""

    code: ClassCode
    scenario: Scenario

    @property
    def text(self) -> str:
        return self.code.text

    @property
    def seed(self) -> int:
        return self.code.seed

    @property
    def reveal(self) -> str:
        return self.code.reveal

    @property
    def undo(self) -> bool:
        """Undo is allowed only if both the scenario and the teacher allow it."""
        return bool(self.scenario.undo and self.code.undo)

    @property
    def justify(self) -> bool:
        return self.code.justify

    @property
    def debate_scenes(self) -> tuple[str, ...]:
        """The scenes where a class with ``--justify`` asks for a reason."""
        return tuple(s.id for s in self.scenario.scenes if s.debate)

    def asks_reason(self, scene_id: str) -> bool:
        return self.justify and scene_id in self.debate_scenes

    def settings(self) -> RunSettings:
        """The run's settings: what the code fixed, and the code itself."""
        return RunSettings(reveal="end" if self.reveal == "end" else "each", undo=self.undo,
                           justify=self.justify, class_code=self.text)


def is_bundled_file(path: str | Path) -> bool:
    try:
        target = Path(path).resolve()
        return any(target == p.resolve() for p in bundled_files())
    except OSError:
        return False


def new_class(scenario: Scenario, path: str, seed: int, *, reveal: str, undo: bool, justify: bool) -> ClassCode:
    """The code for a new class in ``scenario`` (loaded from ``path``)."""
    return make_code(scenario.id, scenario.version, seed, bundled=is_bundled_file(path),
                     reveal=reveal, undo=undo, justify=justify)


def _load(name: str) -> tuple[Scenario, str]:
    try:
        resolved = resolve(name)
    except UnknownScenario as exc:
        raise CodeError(str(exc).split("\n")[0]) from None
    result = resolved.result
    if result.scenario is None:
        raise CodeError(f"the scenario {resolved.path} has {len(result.errors)} error(s) and cannot be played",
                        f"politburo validate {resolved.path}")
    return result.scenario, str(resolved.path)


def _version_error(scenario: Scenario) -> CodeError:
    return CodeError(f"this class is for a different version of '{scenario.id}' than yours "
                     f"(you have version {scenario.version})",
                     "install the Politburo version your teacher uses, or ask for a code made with yours")


def join_class(code_text: str, scenario_arg: str | None = None) -> JoinedClass:
    """Resolve a typed code (and, for a teacher's own scenario, the file given with it)."""
    code = parse_code(code_text)
    if not code.needs_file:
        sid = code.scenario_id
        if sid is None:
            raise CodeError("this class code names a scenario that this copy of Politburo does not have",
                            "update Politburo to the version your teacher uses")
        if scenario_arg is not None and scenario_arg != sid:
            raise CodeError(f"the class code already names the scenario ('{sid}'); "
                            f"leave out '{scenario_arg}'", f"politburo play --class {code.text}")
        if sid not in {p.stem for p in bundled_files()}:
            raise CodeError(f"this class is for the scenario '{sid}', which is not installed here",
                            "update Politburo to the version your teacher uses")
        scenario, _ = _load(sid)
        if not code.matches_version(scenario.version):
            raise _version_error(scenario)
        return JoinedClass(code, scenario)
    if scenario_arg is None:
        # A bundled scenario without a class-code number yet is named by its id hash.
        for path in bundled_files():
            if short_hash(path.stem) == code.id_hash:
                scenario, _ = _load(path.stem)
                if code.matches_id(scenario.id):
                    if not code.matches_version(scenario.version):
                        raise _version_error(scenario)
                    return JoinedClass(code, scenario)
        raise CodeError("this class code is for a scenario file that you have not given",
                        f"type the whole command your teacher gave: politburo play FILE.yaml --class {code.text}")
    scenario, _ = _load(scenario_arg)
    if not code.matches_id(scenario.id):
        raise CodeError(f"this class code is not for the scenario '{scenario.id}' in {scenario_arg}",
                        "check that you have the file your teacher gave out")
    if not code.matches_version(scenario.version):
        raise _version_error(scenario)
    return JoinedClass(code, scenario)


def ask_name(read_line: Callable[[], str | None], out: IO[str]) -> str | None:
    """Ask for the student's name (plain play without ``--player``); None at end of input."""
    for _ in range(3):
        out.write("Your name, as your teacher will see it: ")
        out.flush()
        line = read_line()
        if line is None:
            out.write("\n")
            return None
        name = clean_name(line)
        if name:
            return name
        out.write("Please type a name (your first name is enough).\n")
    return None
