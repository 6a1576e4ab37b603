"""Load a scenario file: bytes -> located YAML -> structure -> meaning -> the engine's model.

Every stage records problems instead of raising, so one call reports everything that is
wrong with a file.  The only exception that leaves is :class:`ScenarioError`.
"""

from __future__ import annotations

import _thread
import contextlib
import gc
import os
import stat
from collections.abc import Iterator

from game.engine.record import field, record
from game.engine.model import Scenario
from game.scenario.build import build_scenario
from game.scenario.diagnostics import Diagnostic, Diagnostics, ScenarioError
from game.scenario.files import FileRefused, kind_of, read_regular_file
from game.scenario.format import SCENARIO
from game.scenario.include import resolve_includes
from game.scenario.semantic import SemanticChecker
from game.scenario.testsection import check_named_outcomes
from game.scenario.context import Ctx, apply_repairs
from game.scenario.yamlsafe import MAX_BYTES, Located, load_located

SCENARIO_SUFFIXES = (".yaml", ".yml")


@record(slots=False)
class CheckResult:
    """What checking one file found: the scenario (when it has no errors) and the diagnostics."""

    file: str
    scenario: Scenario | None
    diagnostics: tuple[Diagnostic, ...]
    #: Where everything is written, kept only when asked (``keep_positions``): the play-tester
    #: gives its findings lines from the same parse, rather than parsing the file again.
    located: Located | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def declared_names(data: dict) -> set[str]:
    """The meter and flag ids, read before the structural pass (which needs them to tell a meter
    in ``effects`` from a key indented one level too deep)."""
    names = set()
    for key in ("meters", "flags"):
        for item in data.get(key) or () if isinstance(data.get(key), list) else ():
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                names.add(item["id"])
    return names


_gc_lock = _thread.allocate_lock()  # _thread: threading itself is not needed for one lock
_gc_holders = 0
_gc_was_enabled = False


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while a file is checked.

    A check allocates tens of thousands of dicts, lists and path tuples that all live until it
    ends, none of them garbage: the collector's passes over them were ~30% of validating a
    2,000-scene file (bench_loader.py).  Nested and concurrent checks (the game loads in worker
    threads) share one count, and the collector is turned back on only by the last to leave,
    and only if it was on when the first came in."""
    global _gc_holders, _gc_was_enabled
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_was_enabled:
                gc.enable()


def check_bytes(raw: bytes, name: str, *, path: str | os.PathLike | None = None,
                keep_positions: bool = False) -> CheckResult:
    """Check scenario bytes that came from ``name`` (used in messages).  ``path`` is the file on
    disk they were read from, which ``include:`` paths are relative to (without it, a scenario
    that includes files is an error).  ``keep_positions`` keeps the parse's positions in the
    result (they are most of the memory a check takes, so only for a caller that needs them)."""
    with no_cyclic_gc():
        return _check_bytes(raw, name, path, keep_positions)


def _check_bytes(raw: bytes, name: str, path: str | os.PathLike | None, keep_positions: bool) -> CheckResult:
    diags = Diagnostics(name)
    scenario = None
    located = None
    try:
        located = load_located(raw, diags)
        if located is not None:
            data = located.data
            ctx = Ctx(located, diags)
            if data is None:
                diags.error(1, 1, "the file is empty",
                            hint="start from 'politburo new NAME' or docs/scenario-format.md", code="E-EMPTY")
            elif not isinstance(data, dict):
                kind = "a list" if isinstance(data, list) else "a single value"
                diags.error(*located.where(()), f"a scenario is a mapping of keys, but this file holds {kind}",
                            hint="the file starts with keys such as 'format: 1' and 'id: my-scenario'",
                            code="E-TYPE")
            else:
                includes = resolve_includes(data, ctx, None if path is None else str(path))
                ctx.declared_names = declared_names(data)
                SCENARIO.check(data, (), ctx)
                apply_repairs(data, ctx.repairs)
                checker = SemanticChecker(data, ctx)  # the parse's lines, split only if a message needs them
                checker.shared_incomplete = includes.incomplete
                checker.run()
                if not diags.errors:
                    scenario = build_scenario(data, checker.compiled, hash_source=includes.hash_input(raw), path=name,
                                              includes=includes.relatives, templates=checker.templates)
                    check_named_outcomes(scenario, ctx)  # needs the rules, so the built model
                    if diags.errors:
                        scenario = None
    except RecursionError:  # pragma: no cover - depth is bounded before this
        diags.error(1, 1, "the file is nested too deeply", code="E-DEPTH")
    return CheckResult(name, scenario, tuple(diags.sorted()), located if keep_positions else None)


def check_file(path: str | os.PathLike, *, keep_positions: bool = False) -> CheckResult:
    """Check one file on disk; unreadable paths, folders, FIFOs and devices become diagnostics."""
    name = str(path)
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except FileRefused as refused:
        diags = Diagnostics(name)
        diags.error(1, 1, refused.message, hint=refused.hint, code=refused.code)
        return CheckResult(name, None, tuple(diags.sorted()))
    return check_bytes(raw, name, path=path, keep_positions=keep_positions)


def load_scenario(path: str | os.PathLike) -> Scenario:
    """Load a scenario or raise :class:`ScenarioError` with every problem found."""
    result = check_file(path)
    if result.scenario is None:
        raise ScenarioError(result.diagnostics)
    return result.scenario


def load_scenario_bytes(raw: bytes, name: str = "<scenario>", *, path: str | os.PathLike | None = None) -> Scenario:
    """Load scenario bytes or raise :class:`ScenarioError`; ``path`` as for :func:`check_bytes`."""
    result = check_bytes(raw, name, path=path)
    if result.scenario is None:
        raise ScenarioError(result.diagnostics)
    return result.scenario


_SKIP_DIRS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".saves", "proc", "sys", "dev"}

#: Past this many, paths skipped in a folder walk are counted in one line rather than listed.
MAX_SKIPPED_SHOWN = 10


def _scenario_files_under(folder: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Scenario files below ``folder``, skipping tool folders and anything unreadable, and the
    ``.yaml`` entries that are not regular files (FIFOs, devices, links to them), with why."""
    found: list[str] = []
    skipped: list[tuple[str, str]] = []
    for root, dirs, files in os.walk(folder, onerror=lambda exc: None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SCENARIO_SUFFIXES):
                path = os.path.join(root, name)
                try:
                    mode = os.stat(path).st_mode
                except OSError:
                    skipped.append((path, "it cannot be read (a broken link?)"))
                    continue
                if stat.S_ISREG(mode):
                    found.append(path)
                else:
                    skipped.append((path, f"it is {kind_of(mode)}, not a regular file"))
    return sorted(found), skipped


def expand_paths(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """Files and folders to a sorted list of scenario files; missing paths become diagnostics.

    Entries of a folder that are not regular files are skipped with a warning each, up to
    :data:`MAX_SKIPPED_SHOWN`, then counted in one line, so that a folder of junk cannot flood
    the terminal.  A path given by name is always passed on: :func:`check_file` says why it
    cannot be read.
    """
    files: list[str] = []
    problems: list[Diagnostic] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        if os.path.isdir(raw):
            found, passed_over = _scenario_files_under(raw)
            skipped.extend(passed_over)
            if not found:
                d = Diagnostics(raw)
                d.warning(1, 1, "no .yaml scenario files in this folder", code="W-EMPTY-DIR")
                problems.extend(d.items)
            files.extend(found)
        elif os.path.lexists(raw):  # a broken link too: check_file says why it cannot be read
            files.append(raw)
        else:
            d = Diagnostics(raw)
            d.error(1, 1, "no such file or folder", hint="check the path and the spelling", code="E-PATH")
            problems.extend(d.items)
    for path, why in skipped[:MAX_SKIPPED_SHOWN]:
        d = Diagnostics(path)
        d.warning(1, 1, f"skipped: {why}", code="W-SKIPPED")
        problems.extend(d.items)
    if len(skipped) > MAX_SKIPPED_SHOWN:
        rest = len(skipped) - MAX_SKIPPED_SHOWN
        d = Diagnostics(os.path.commonpath([os.path.dirname(path) for path, _ in skipped[MAX_SKIPPED_SHOWN:]]))
        d.warning(1, 1, f"and {rest:,} more path{'s' * (rest != 1)} skipped: not regular files", code="W-SKIPPED")
        problems.extend(d.items)
    return files, problems
