"""Shared fixtures.  Every test gets its own POLITBURO_HOME so no test touches a real user's
saves or run records."""

from __future__ import annotations

import compileall
import gc
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: A memory-backed folder for the tests' scratch folders, used when it exists with room to spare.
TMPFS, TMPFS_ROOM = Path("/dev/shm"), 1 << 30


def pytest_configure(config):
    _collect_garbage_less_often()
    _tmp_in_memory(config)
    _game_compiled_once(config)


def _tmp_in_memory(config) -> None:
    """``tmp_path`` folders in memory where there is a tmpfs and nobody chose a place
    (``--basetemp``, ``$PYTEST_DEBUG_TEMPROOT``, ``$TMPDIR``).  The game fsyncs every save and
    record, and the folder after each rename, as it must; on a shared disk those waits were a
    good part of the suite's time (a 200-player lesson: 20 s on disk, under 1 s in memory).  On
    tmpfs fsync returns at once; what the game writes, renames and reads is the same."""
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT") or os.environ.get("TMPDIR"):
        return
    if TMPFS.is_dir() and os.access(TMPFS, os.W_OK) and shutil.disk_usage(TMPFS).free > TMPFS_ROOM:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(TMPFS)  # pytest's documented root for tmp_path


def _game_compiled_once(config) -> None:
    """Where Python may not write its bytecode caches (``PYTHONDONTWRITEBYTECODE``, as on the
    machine this suite runs on), every ``python -m game`` the tests start compiled the game
    from source again: 70 ms of a 190 ms ``validate``, and the class-of-30 test starts 30 such
    games at once.  So the suite compiles the game once, into its ``__pycache__`` folders (as
    Python itself does elsewhere; git ignores them), and the workers and the games they start
    read that.  Python checks each cache against its source file, so an edit is never missed."""
    if not sys.dont_write_bytecode or hasattr(config, "workerinput"):
        return  # Python writes its own caches; or the controller compiled already
    compileall.compile_dir(ROOT / "game", quiet=2)  # a read-only tree: nothing cached, nothing said


def _collect_garbage_less_often() -> None:
    """A test process keeps far more alive than the game does: every module of the suite, and
    a Textual app (tens of thousands of objects) per TUI test, which Python's default collector
    thresholds (700, 10, 10) walked in full about 80 times a worker, 190 ms a pass: 17 s of a
    worker's 100 s of CPU (measured 1 Dec 2026).  At 10,000 new objects the young passes come 9
    times less often and the full ones 7 times less (5 s of collecting a worker); the suite
    holds about 20 MB more."""
    gc.set_threshold(10_000, 10, 10)


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config) -> None:
    """With ``-n`` and no ``--dist`` of the user's: xdist's worksteal scheduling, so a worker that
    runs out of tests takes some from a busy one and the run does not end on one worker's queue
    of long TUI tests (82.0 and 85.5 s against 87.6 and 89.2 s with "load", alternating runs,
    1 Dec 2026).  Set here rather than in ``addopts``, where ``-p no:xdist`` would refuse it."""
    if getattr(config.option, "numprocesses", None) and getattr(config.option, "dist", None) == "no":
        config.option.dist = "worksteal"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: one worker more than xdist would start (its count of CPUs; a number set in
    ``PYTEST_XDIST_AUTO_NUM_WORKERS`` is kept as given).  A Pilot test spends about a third of
    its time asleep, waiting for the app to go idle (``pilot.pause`` sleeps at least 20 ms a
    key), and the extra worker runs meanwhile: on 2 CPUs, 3 workers ran the suite in 100.6 and
    107.6 s against 118.8 and 116.7 s for 2 (alternating runs), and 4 workers in 107.5 s
    (1 Dec 2026)."""
    from xdist.plugin import pytest_xdist_auto_num_workers as xdist_count

    counted = xdist_count(config)
    return counted if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") else counted + 1


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("politburo-home")
    monkeypatch.setenv("POLITBURO_HOME", str(home))
    return home


@pytest.fixture
def mini_path() -> Path:
    return FIXTURES / "mini.yaml"


@pytest.fixture
def mini(mini_path):
    from game.scenario import load_scenario

    return load_scenario(mini_path)


def run_cli(*args: str, stdin: str = "", env: dict | None = None, cwd: Path | None = None):
    """Run ``python -m game`` in a subprocess, as a user would."""
    import subprocess

    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True,
                          text=True, env=full_env, cwd=cwd or ROOT, timeout=120)


def run_cli_here(*args: str, stdin: str = "", env: dict | None = None, cwd: Path | None = None):
    """``politburo ARGS`` in this process (``game.cli.main``), as :func:`run_cli` runs it in a new
    one: ``stdin`` piped in, ``env`` added to the environment, output taken as a pipe takes it
    (UTF-8), returned as a ``subprocess.CompletedProcess``.  For tests of what a command prints,
    writes and returns, where starting a Python process is not itself what is tested (each start
    costs about a third of a second of CPU); the environment, the working folder and the standard
    streams are put back afterwards."""
    import contextlib
    import io
    import subprocess

    from game.cli import main

    def stream(text: str = "") -> io.TextIOWrapper:
        return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8", write_through=True)

    out, err, given = stream(), stream(), stream(stdin)
    saved_env = dict(os.environ)
    saved_stdin = sys.stdin
    try:
        os.environ.update(env or {})
        sys.stdin = given
        with contextlib.chdir(cwd or ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: usage errors and --help
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = saved_stdin
        os.environ.clear()
        os.environ.update(saved_env)
    text = [s.buffer.getvalue().decode("utf-8") for s in (out, err)]
    return subprocess.CompletedProcess(["politburo", *args], code, *text)
