"""The kill harness: random SIGKILLs while a class plays leave no corrupt file and no run
recorded twice (issue 9).  The driver is the real play layer, saving after every decision."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from game.formats import read_record, read_save
from tests.conftest import FIXTURES, ROOT

DRIVER = Path(__file__).with_name("killdriver.py")
KILLS = 60
GAMES = 150


def _driver(runs: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(DRIVER), str(runs), str(FIXTURES / "mini.yaml"), str(GAMES)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)


def _check_files(runs: Path) -> Counter:
    """Every save and record parses (a damaged one fails the test); run ids counted."""
    ids: Counter = Counter()
    for path in runs.glob("*.json"):
        ids[read_record(path).run_id] += 1
    for path in (runs / ".saves").glob("*.json"):
        read_save(path)
    return ids


@pytest.mark.slow
def test_random_kills_leave_no_corrupt_file_and_no_duplicate_record(tmp_path):
    chooser = random.Random(1949)
    kills = batch = 0
    while kills < KILLS:
        batch += 1
        runs = tmp_path / f"class-{batch}"  # a class finished before the kills ran out: another
        while kills < KILLS:
            proc = _driver(runs)
            assert proc.stdout is not None and proc.stdout.readline().strip() == "READY", proc.stderr
            time.sleep(chooser.uniform(0, 0.08))
            if proc.poll() is not None:  # every game of this class finished before the kill
                assert proc.wait() == 0, proc.stderr.read() if proc.stderr else ""
                break
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
            ids = _check_files(runs)
            assert all(n == 1 for n in ids.values()), ids
        final = _driver(runs)
        _, err = final.communicate(timeout=300)
        assert final.returncode == 0, err
        ids = _check_files(runs)
        assert len(ids) == GAMES and set(ids.values()) == {1}
        assert not list((runs / ".saves").glob("*.json"))
