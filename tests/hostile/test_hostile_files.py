"""Issue 12, scenario side: paths that are not regular files, and file names that try to drive
the terminal.  Each case runs ``politburo validate`` in a subprocess with a timeout, so a hang
fails the test instead of the suite."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from game.scenario import ScenarioError, check_file, load_scenario
from game.scenario.yamlsafe import MAX_BYTES
from tests.conftest import FIXTURES, ROOT

MINI = FIXTURES / "mini.yaml"
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")


def validate(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "game", "validate", *args], capture_output=True,
                          env=env, cwd=ROOT, timeout=timeout)


def _no_raw_controls(out: bytes) -> None:
    text = out.decode("utf-8")
    assert not any((ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F for c in text), ascii(text)
    for bidi in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert bidi not in text


@posix_only
def test_fifo_given_by_name_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    proc = validate(str(fifo), timeout=20)  # before the fix: blocked for ever, waiting for a writer
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == [
        f"{fifo}:1:1: this is a named pipe (FIFO), not a regular file, so it is not read",
        "    hint: scenario files are ordinary files saved by an editor",
        "1 file checked: 1 error, 0 warnings in 1 invalid file",
    ]


@posix_only
def test_link_to_dev_zero_is_refused_without_reading(tmp_path):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    proc = validate(str(link), timeout=20)  # before the fix: memory grew until killed
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines()[0] == (
        f"{link}:1:1: this is a character device (reached through a symbolic link), not a regular file, "
        "so it is not read")
    with pytest.raises(ScenarioError, match="character device"):
        load_scenario(link)


@posix_only
def test_link_to_fifo_and_broken_link(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "to-pipe.yaml").symlink_to(tmp_path / "pipe")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    assert [d.message for d in check_file(tmp_path / "to-pipe.yaml").diagnostics] == [
        "this is a named pipe (FIFO) (reached through a symbolic link), not a regular file, so it is not read"]
    assert [d.message for d in check_file(tmp_path / "dangling.yaml").diagnostics] == [
        "this symbolic link points to a file that does not exist"]


def test_link_to_a_regular_scenario_is_read(tmp_path):
    (tmp_path / "linked.yaml").symlink_to(MINI)
    assert check_file(tmp_path / "linked.yaml").ok


@posix_only
def test_fifos_in_a_folder_are_skipped_and_summarised(tmp_path):
    (tmp_path / "good.yaml").write_bytes(MINI.read_bytes())
    for i in range(25):
        os.mkfifo(tmp_path / f"pipe-{i:02d}.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    proc = validate(str(tmp_path), timeout=20)
    lines = proc.stdout.decode().splitlines()
    skipped = [line for line in lines if "skipped: it is" in line]
    assert len(skipped) == 10  # then one line counts the rest
    assert f"{tmp_path}:1:1: warning: and 16 more paths skipped: not regular files" in lines
    assert f"{tmp_path / 'good.yaml'}: ok, scenario 'mini'" in lines
    assert lines[-1] == "1 file checked: 0 errors, 11 warnings"
    assert proc.returncode == 0
    assert validate(str(tmp_path), "--strict").returncode == 1


def test_file_over_the_limit_is_not_read_whole(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(MAX_BYTES * 50)  # sparse: 100 MB that would cost memory if read
    (d,) = check_file(big).diagnostics
    assert (d.code, d.message) == ("E-SIZE", f"file is too large ({MAX_BYTES * 50:,} bytes; the limit is {MAX_BYTES:,})")


@pytest.mark.parametrize("name", [
    "evil\x1b]0;pwned\x07.yaml",            # retitles the window
    "clip\x1b]52;c;ZWNobyBwd25lZA==\x07.yaml",  # writes the clipboard (OSC 52)
    "cls\x1b[2J\x1b[H.yaml",                 # clears the screen
    "txt.\u202eLMAY.yaml",                   # right-to-left override: shows a different name
    "iso\u2066late\u2069.yaml",
    "cr\roverwrite.yaml",
    "nl\nforged: 0 errors.yaml",
])
def test_file_names_never_reach_the_terminal_raw(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(MINI.read_bytes().replace(b"id: mini", b"id: Mini", 1))  # one error to report
    proc = validate(str(path))
    assert proc.returncode == 1
    _no_raw_controls(proc.stdout + proc.stderr)
    shown = proc.stdout.decode()
    escaped = name.replace("\x1b", "\\x1b").replace("\x07", "\\x07").replace("\u202e", "\\u202e") \
        .replace("\u2066", "\\u2066").replace("\u2069", "\\u2069").replace("\r", "\\x0d").replace("\n", "\\x0a")
    assert f"{tmp_path}/{escaped}:" in shown


def test_ok_line_and_json_for_a_hostile_name(tmp_path):
    path = tmp_path / "ok\x1b[31m.yaml"
    path.write_bytes(MINI.read_bytes())
    proc = validate(str(path))
    assert proc.returncode == 0
    _no_raw_controls(proc.stdout)
    assert f"{tmp_path}/ok\\x1b[31m.yaml: ok, scenario 'mini'" in proc.stdout.decode()
    proc = validate(str(path), "--format", "json")
    _no_raw_controls(proc.stdout)  # json.dumps writes \u001b
    assert b"\\u001b[31m" in proc.stdout


def test_undecodable_file_name(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    try:
        with open(raw, "wb") as f:
            f.write(b"format: 2\n")
    except OSError:
        pytest.skip("the file system refuses non-UTF-8 names")
    proc = validate(str(tmp_path))
    assert proc.returncode == 1
    assert f"{tmp_path}/caf\\xe9.yaml:" in proc.stdout.decode()
