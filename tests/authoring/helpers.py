"""Paths and loaders shared by the authoring tools' tests."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
AUTHORING_FIXTURES = HERE / "fixtures"
MINI = HERE.parent / "fixtures" / "mini.yaml"


def load(name: str):
    """One of the purpose-built scenarios in ``fixtures/``."""
    from game.scenario import load_scenario

    return load_scenario(AUTHORING_FIXTURES / name)
