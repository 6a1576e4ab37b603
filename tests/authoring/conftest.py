"""Fixtures for the authoring tools' tests."""

from __future__ import annotations

import pytest

from tests.authoring.helpers import MINI


@pytest.fixture
def write_scenario(tmp_path):
    """Write YAML text (default: mini.yaml with ``extra`` appended) and load it."""

    def write(text: str | None = None, extra: str = "", name: str = "s.yaml"):
        from game.scenario import load_scenario

        path = tmp_path / name
        path.write_text((text if text is not None else MINI.read_text(encoding="utf-8")) + extra, encoding="utf-8")
        return path, load_scenario(path)

    return write
