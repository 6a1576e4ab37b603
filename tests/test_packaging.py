"""A plain, non-editable install carries the bundled scenarios and finds them from the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("politburo-*.whl"))


def test_wheel_contains_scenarios_schema_and_styles(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("game/scenarios/") and n.endswith(".yaml") for n in names)
    # the bibliography the chapters include ships with them (a dot folder: not a scenario itself)
    assert "game/scenarios/.shared/bibliography.yaml" in names
    assert "game/scenarios/.shared/glossary.yaml" in names
    assert "game/schema/scenario.schema.json" in names
    assert not any(n.startswith("tests/") for n in names)
    tcss = [n for n in names if n.endswith(".tcss")]
    assert tcss or not (ROOT / "game" / "tui").exists()


def test_installed_package_finds_bundled_scenarios_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "POLITBURO_HOME": str(tmp_path / "home")}
    code = ("import game.paths, game.catalog; p = game.paths.bundled_scenarios_dir(); "
            "print(p); print(','.join(game.catalog.bundled_ids()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True,
                         text=True, check=True)
    folder, ids = out.stdout.strip().splitlines()
    assert folder.startswith(str(target))
    assert ids.split(",") == ["kim-1949", "treaty-1950", "acheson-1950", "war-1950"]
    check = subprocess.run([sys.executable, "-m", "game", "validate", folder], cwd=elsewhere, env=env,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
