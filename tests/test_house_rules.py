"""The house rules as tools, so that breaking one fails CI: ruff (lint), mypy (types; strict for
the engine, the file formats and the play layer) and import-linter (the layers' contracts, in
pyproject.toml: the engine imports only the standard library, play never imports a renderer,
renderers see history only through the play layer's views, ...)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install '.[test]'")
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    out = _run(_tool("ruff"), "check", "game", "tests", "benchmarks")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_passes():
    out = _run(_tool("mypy"), "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache"))
    assert out.returncode == 0, out.stdout + out.stderr


def test_import_contracts_hold():
    out = _run(_tool("lint-imports"), "--no-cache")
    assert out.returncode == 0, out.stdout + out.stderr
