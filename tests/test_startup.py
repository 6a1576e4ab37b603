"""What ``politburo validate`` loads before it reads a byte (issue 15: within 2x of a bare C
compose of the file).  The figures are in benchmarks/bench_start.py; these tests keep the
modules that cost them from coming back unnoticed."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from game.scenario.loader import sha256_hex

ROOT = Path(__file__).resolve().parents[1]

#: Each costs milliseconds at start-up and validate needs none of them: dataclasses (and the
#: inspect it imports), shutil (with bz2 and lzma, via argparse's help formatter),
#: hashlib (OpenSSL), pathlib (with urllib.parse and ipaddress), difflib and json (only for a
#: message's suggestion and for --format json).
NOT_AT_START = ("dataclasses", "inspect", "shutil", "lzma", "hashlib", "pathlib", "difflib", "json")


def test_validate_loads_none_of_the_costly_modules(tmp_path):
    code = ("import sys; from game.cli import main\n"
            "try:\n    main(['validate', 'scenarios/kim-1949.yaml'])\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {NOT_AT_START!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"POLITBURO_HOME": str(tmp_path), "PATH": ""}, cwd=ROOT)
    assert "ok, scenario 'kim-1949'" in out.stdout
    assert out.stdout.strip().endswith("[]"), out.stdout


def test_the_digest_is_hashlibs_sha256():
    for data in (b"", b"format: 1\n", bytes(range(256)) * 100):
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
