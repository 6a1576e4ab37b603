"""Fixtures for the full-screen game's tests: every app is built with the same factory as the
command line (``make_app`` on a :class:`~game.play.launch.Launch`), a fixed seed and clock, and
folders under ``tmp_path``."""

from __future__ import annotations

import pytest

from game.paths import Places
from game.scenario import load_scenario
from tuihelp import FIXTURES, launch_app


@pytest.fixture(scope="session")
def kim():
    """The bundled kim-1949, as ``politburo`` finds it: a long briefing that scrolls at 80x24."""
    from game.catalog import resolve

    resolved = resolve("kim-1949")
    assert resolved.result.scenario is not None, "the bundled kim-1949 scenario does not validate"
    return resolved.result.scenario


@pytest.fixture
def council():
    return load_scenario(FIXTURES / "council.yaml")


@pytest.fixture
def markup_scenario():
    return load_scenario(FIXTURES / "markup.yaml")


@pytest.fixture
def places(tmp_path) -> Places:
    return Places(runs=tmp_path / "runs", saves=tmp_path / "runs" / ".saves")


@pytest.fixture
def build(places):
    """``build(scenario=None, **options)``: the app as ``politburo`` would start it (see
    :func:`tuihelp.launch_app` for the options)."""

    def _build(scenario=None, **options):
        options.setdefault("places", places)
        return launch_app(scenario, **options)

    return _build
