"""Load a scenario file: bytes -> located YAML -> structure -> meaning -> the engine's model.

Every stage records problems instead of raising, so one call reports everything that is
wrong with a file.  The only exception that leaves is :class:`ScenarioError`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from game.engine.model import Scenario
from game.scenario.build import build_scenario
from game.scenario.diagnostics import Diagnostic, Diagnostics, ScenarioError
from game.scenario.format import SCENARIO
from game.scenario.semantic import SemanticChecker
from game.scenario.spec import Ctx
from game.scenario.yamlsafe import MAX_BYTES, load_located

SCENARIO_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CheckResult:
    """What checking one file found: the scenario (when it has no errors) and the diagnostics."""

    file: str
    scenario: Scenario | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_bytes(raw: bytes, name: str) -> CheckResult:
    """Check scenario bytes that came from ``name`` (used only in messages)."""
    diags = Diagnostics(name)
    scenario = None
    try:
        located = load_located(raw, diags)
        if located is not None:
            data = located.data
            ctx = Ctx(located, diags)
            if data is None:
                diags.error(1, 1, "the file is empty", hint="start from 'politburo new NAME' or docs/scenario-format.md",
                            code="E-EMPTY")
            elif not isinstance(data, dict):
                kind = "a list" if isinstance(data, list) else "a single value"
                diags.error(*located.where(()), f"a scenario is a mapping of keys, but this file holds {kind}",
                            hint="the file starts with keys such as 'format: 1' and 'id: my-scenario'",
                            code="E-TYPE")
            else:
                SCENARIO.check(data, (), ctx)
                checker = SemanticChecker(data, ctx, raw.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"))
                checker.run()
                if not diags.errors:
                    scenario = build_scenario(data, checker.compiled,
                                              content_hash="sha256:" + hashlib.sha256(raw).hexdigest(), path=name)
    except RecursionError:  # pragma: no cover - depth is bounded before this
        diags.error(1, 1, "the file is nested too deeply", code="E-DEPTH")
    return CheckResult(name, scenario, tuple(diags.sorted()))


def check_file(path: str | os.PathLike) -> CheckResult:
    """Check one file on disk; unreadable paths become diagnostics too."""
    p = Path(path)
    name = str(path)
    diags = Diagnostics(name)
    try:
        if p.is_dir():
            diags.error(1, 1, "this is a folder, not a scenario file",
                        hint="validate accepts folders; play needs one .yaml file", code="E-PATH")
        elif not p.exists():
            diags.error(1, 1, "no such file", hint="check the path and the spelling", code="E-PATH")
        elif p.stat().st_size > MAX_BYTES:
            diags.error(1, 1, f"file is too large ({p.stat().st_size:,} bytes; the limit is {MAX_BYTES:,})",
                        code="E-SIZE")
        else:
            return check_bytes(p.read_bytes(), name)
    except OSError as exc:
        diags.error(1, 1, f"cannot read the file: {exc.strerror or exc}", code="E-PATH")
    return CheckResult(name, None, tuple(diags.sorted()))


def load_scenario(path: str | os.PathLike) -> Scenario:
    """Load a scenario or raise :class:`ScenarioError` with every problem found."""
    result = check_file(path)
    if result.scenario is None:
        raise ScenarioError(result.diagnostics)
    return result.scenario


def load_scenario_bytes(raw: bytes, name: str = "<scenario>") -> Scenario:
    result = check_bytes(raw, name)
    if result.scenario is None:
        raise ScenarioError(result.diagnostics)
    return result.scenario


_SKIP_DIRS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".saves", "proc", "sys", "dev"}


def _scenario_files_under(folder: Path) -> list[str]:
    """Scenario files below ``folder``, skipping tool folders and anything unreadable."""
    found = []
    for root, dirs, files in os.walk(folder, onerror=lambda exc: None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in files:
            if name.endswith(SCENARIO_SUFFIXES):
                path = os.path.join(root, name)
                if os.path.isfile(path):
                    found.append(path)
    return sorted(found)


def expand_paths(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """Files and folders to a sorted list of scenario files; missing paths become diagnostics."""
    files: list[str] = []
    problems: list[Diagnostic] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = _scenario_files_under(p)
            if not found:
                d = Diagnostics(raw)
                d.warning(1, 1, "no .yaml scenario files in this folder", code="W-EMPTY-DIR")
                problems.extend(d.items)
            files.extend(found)
        elif p.exists():
            files.append(raw)
        else:
            d = Diagnostics(raw)
            d.error(1, 1, "no such file or folder", hint="check the path and the spelling", code="E-PATH")
            problems.extend(d.items)
    return files, problems
