"""Shared fixtures.  Every test gets its own POLITBURO_HOME so no test touches a real user's
saves or run records."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("politburo-home")
    monkeypatch.setenv("POLITBURO_HOME", str(home))
    return home


@pytest.fixture
def mini_path() -> Path:
    return FIXTURES / "mini.yaml"


@pytest.fixture
def mini(mini_path):
    from game.scenario import load_scenario

    return load_scenario(mini_path)


def run_cli(*args: str, stdin: str = "", env: dict | None = None, cwd: Path | None = None):
    """Run ``python -m game`` in a subprocess, as a user would."""
    import subprocess

    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True,
                          text=True, env=full_env, cwd=cwd or ROOT, timeout=120)
