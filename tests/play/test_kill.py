"""The kill harness: random SIGKILLs while a class plays leave no corrupt file and no run
recorded twice (issue 9).  The driver is the real play layer, saving after every decision."""

from __future__ import annotations

import contextlib
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


class Driver:
    """The kill driver: the game loaded once, a forked child per class run (see killdriver.py)."""

    def __init__(self, runs: Path):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), str(runs), str(FIXTURES / "mini.yaml"),
                                      str(GAMES)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                     text=True)
        assert self._read() == "READY"

    def _read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def _send(self, command: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self._read()

    def play(self) -> int:
        return int(self._send("play"))

    def wait(self) -> int:
        return int(self._send("wait").split()[1])

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


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
        driver = Driver(runs)
        try:
            while kills < KILLS:
                child = driver.play()
                time.sleep(chooser.uniform(0, 0.03))
                with contextlib.suppress(ProcessLookupError):  # it may have finished already
                    os.kill(child, signal.SIGKILL)
                status = driver.wait()
                if status == 0:  # every game of this class finished before the kill
                    break
                assert status == -signal.SIGKILL, status  # killed, never failed on its own
                kills += 1
                ids = _check_files(runs)
                assert all(n == 1 for n in ids.values()), ids
            driver.play()
            assert driver.wait() == 0  # the class finishes every game a kill left behind
        finally:
            driver.close()
        ids = _check_files(runs)
        assert len(ids) == GAMES and set(ids.values()) == {1}
        assert not list((runs / ".saves").glob("*.json"))
