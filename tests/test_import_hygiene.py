"""The engine is pure: importing it (and the loader, and plain play) pulls in no UI library."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["game.engine", "game.scenario", "game.plain", "game.commands.validate"])
def test_module_imports_without_textual_or_rich(module):
    code = (f"import sys, {module}\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_engine_imports_only_the_standard_library():
    code = ("import sys; before = set(sys.modules); import game.engine\n"
            "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
            "third = sorted(m for m in new if m not in sys.stdlib_module_names and m != 'game')\n"
            "print(','.join(third))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_engine_source_never_prints_reads_the_clock_or_global_random():
    from pathlib import Path

    import game.engine

    folder = Path(game.engine.__file__).parent
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for banned in ("print(", "time.time", "datetime.now", "random.random(", "random.randint(",
                       "random.choice(", "random.seed(", "eval(", "exec("):
            assert banned not in text, f"{path.name} uses {banned}"
