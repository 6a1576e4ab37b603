"""What keeps ``politburo validate`` fast (issue 15): the modules it does not load before it
reads a byte (within 2x of a bare C compose of the file, benchmarks/bench_start.py), and the
cyclic GC paused while a file is checked (benchmarks/bench_loader.py).  These tests keep the
costs from coming back unnoticed."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from game.engine.digest import sha256_hex
from tests.conftest import ROOT

#: Each costs milliseconds at start-up and validate needs none of them: dataclasses (and the
#: inspect it imports), shutil (with bz2 and lzma, via argparse's help formatter),
#: hashlib (OpenSSL), pathlib (with urllib.parse and ipaddress), difflib and json (only for a
#: message's suggestion and for --format json), calendar (a month's length is one line).
NOT_AT_START = ("dataclasses", "inspect", "shutil", "lzma", "hashlib", "pathlib", "difflib", "json", "calendar")


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


def test_a_check_pauses_the_cyclic_gc_and_restores_it():
    import gc

    from game.scenario.loader import no_cyclic_gc

    assert gc.isenabled()
    with no_cyclic_gc():
        assert not gc.isenabled()
        with no_cyclic_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer check is still running
    assert gc.isenabled()

    gc.disable()  # off before (as while the game loads): left off
    try:
        with no_cyclic_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_concurrent_checks_leave_the_gc_on_and_an_error_too():
    import gc
    import threading

    from game.scenario.loader import no_cyclic_gc

    inside, release = threading.Barrier(3), threading.Event()

    def check():
        with no_cyclic_gc():
            inside.wait(5)
            release.wait(5)

    threads = [threading.Thread(target=check) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait(5)
    assert not gc.isenabled()
    release.set()
    for t in threads:
        t.join(5)
    assert gc.isenabled()
    try:
        with no_cyclic_gc():
            raise ValueError("a bug in a check")
    except ValueError:
        pass
    assert gc.isenabled()


def test_days_in_month_agree_with_the_calendar_module():
    import calendar

    from game.scenario.dates import days_in_month

    for year in (1, 4, 100, 400, 1900, 1948, 1949, 1950, 2000, 2024, 9999):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_running_main_in_a_process_leaves_its_collector_as_it_was(capsys):
    import gc

    import pytest

    from game.cli import main

    frozen = gc.get_freeze_count()
    assert main(["validate", "scenarios/kim-1949.yaml"]) == 0
    with pytest.raises(SystemExit):
        main(["validate", "--no-such-option"])
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # only the console command freezes its imports
