"""The full-screen game is a renderer of ``game.play``: what it may import and touch.

Until the import contracts run in CI (issue 9, house rules), this reads the package's source:
no renderer module computes history or figures itself, reads the old session copies, plain
mode or an argparse Namespace, or reaches the app behind the type checker's back."""

from __future__ import annotations

import ast
from pathlib import Path

import game.tui

PACKAGE = Path(game.tui.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))

#: Modules a renderer must not import: history and figures are computed once, in game.play.
FORBIDDEN = ("game.engine.history", "game.play.figures", "game.plain", "game.records", "game.saves",
             "game.campaign", "game.migrate", "argparse")


def imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_there_is_source_to_check():
    assert len(SOURCES) > 20


def test_no_renderer_module_imports_history_figures_or_the_old_copies():
    found = []
    for path in SOURCES:
        for name in imported(ast.parse(path.read_text(encoding="utf-8"))):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN):
                found.append(f"{path.relative_to(PACKAGE)}: {name}")
    assert found == []


def test_no_renderer_reads_history_from_the_scenario():
    """``Scene.historical_choice``, the track and the figures reach screens only through views."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("historical_choice", "track", "comparison",
                                                                  "historical_track", "carry_out"):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: .{node.attr}")
    assert found == []


def test_screens_reach_the_app_through_the_typed_accessor():
    found = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "type: ignore[attr-defined]" in line or "getattr(" in line:
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert found == []


def test_no_module_is_far_over_the_size_guide():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in SOURCES}
    assert {name: n for name, n in sizes.items() if n > 400} == {}
