"""Served mode keeps a player name to one live game at a time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.classroom.namelock import NameInUse, claim_name, lock_path, release_name


def test_a_name_held_by_a_live_process_is_refused(tmp_path):
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        claim_name(tmp_path, "Alex", pid=other.pid)
        with pytest.raises(NameInUse):
            claim_name(tmp_path, "alex")  # the same player, as saves see it
        with pytest.raises(NameInUse):
            claim_name(tmp_path, " ALEX ")
        assert claim_name(tmp_path, "Alex B")  # a different name is fine
    finally:
        other.kill()
        other.wait()


def test_a_lock_left_by_a_closed_tab_is_taken_over(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    claim_name(tmp_path, "Alex", pid=gone.pid)
    path = claim_name(tmp_path, "Alex")
    assert path.read_text() == str(__import__("os").getpid())


def test_release_only_frees_our_own_lock(tmp_path):
    path = claim_name(tmp_path, "Sam", pid=1)  # pid 1 is always alive
    release_name(path)  # not ours: stays
    assert path.exists()
    path.unlink()
    mine = claim_name(tmp_path, "Sam")
    release_name(mine)
    assert not lock_path(tmp_path, "Sam").exists()


@pytest.mark.parametrize("holder, other", [("Иван", "Мария"), ("王芳", "李雷"), ("José", "Jose"), ("***", "???")])
def test_names_in_any_alphabet_are_told_apart(tmp_path, holder, other):
    """Slugs of these names are empty or equal; the lock must still tell the players apart."""
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        claim_name(tmp_path, holder, pid=alive.pid)
        assert claim_name(tmp_path, other) != lock_path(tmp_path, holder)
        with pytest.raises(NameInUse):
            claim_name(tmp_path, holder)
    finally:
        alive.kill()
        alive.wait()
