"""``game.formats`` loads each file format's module when one of its names is first used (the
full-screen game's start-up needs only the run settings): every exported name still resolves to
its definition, and a launch does not load the save, record or progress structs."""

from __future__ import annotations

import subprocess
import sys

import game.formats as formats
from tests.conftest import ROOT


def test_every_exported_name_resolves_to_its_module():
    assert set(formats.__all__) == set(formats._HOME)
    for name in formats.__all__:
        value = getattr(formats, name)
        assert value.__module__ == f"game.formats.{formats._HOME[name]}", name
    assert sorted(dir(formats)) == sorted(formats.__all__)


def test_a_launch_loads_only_the_settings():
    code = ("import sys; import game.play.launch; "
            "print(sorted(m for m in sys.modules if m.startswith('game.formats.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['game.formats.fields', 'game.formats.settings']"
