"""Issue 12 F2: a scenario's strings may not carry control characters.  Every string of the file,
keys included, is checked; the message points at the character (or the escape that wrote it),
names it, and the file does not load.  validate's own output never echoes the character."""

from __future__ import annotations

import json

import pytest

from game.scenario import ScenarioError, check_bytes, load_scenario_bytes
from tests.conftest import FIXTURES
from tests.hostile.test_hostile_files import _no_raw_controls, validate

MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


CASES = [
    # (what replaces 'title: ...', the escape as written, char, name)
    ('"Mini \\e]0;pwned\\a"', "\\e", "\\x1b", "ESCAPE"),
    ('"clip \\e]52;c;ZWNobyBwd25lZA==\\a"', "\\e", "\\x1b", "ESCAPE"),
    ('"null \\0 byte"', "\\0", "\\x00", "NULL"),
    ('"carriage \\r return"', "\\r", "\\x0d", "CARRIAGE RETURN"),
    ('"bell \\x07"', "\\x07", "\\x07", "BELL"),
    ('"del \\x7f"', "\\x7f", "\\x7f", "DELETE"),
    ('"csi \\x9b2J"', "\\x9b", "\\x9b", "CONTROL SEQUENCE INTRODUCER"),
    ('"osc \\u009d0;x"', "\\u009d", "\\x9d", "OPERATING SYSTEM COMMAND"),
    ('"next line \\N here"', "\\N", "\\x85", "NEXT LINE"),
    ('"vertical \\v tab"', "\\v", "\\x0b", "LINE TABULATION"),
]


@pytest.mark.parametrize("value,written,shown,name", CASES, ids=[c[3] + c[1] for c in CASES])
def test_control_character_in_a_value(value, written, shown, name):
    original = next(line for line in MINI.splitlines() if line.startswith("title: "))
    text = MINI.replace(original, f"title: {value}", 1)
    result = check_bytes(text.encode(), "t.yaml")
    (d,) = result.diagnostics
    line = _line_of(text, "title: ")
    assert (d.line, d.column, d.code, d.severity) == (line, 8 + value.index("\\") + 1 - 1, "E-CONTROL", "error")
    assert d.message.startswith(f"control character '{shown}' U+")
    assert f"{name}, written {written}, is not allowed in scenario text" in d.message
    assert d.hint == f"remove the {written} escape: text in a scenario may not send commands to the terminal"
    with pytest.raises(ScenarioError):
        load_scenario_bytes(text.encode())


@pytest.mark.parametrize("edit", [
    pytest.param(("title: ", '"ti\\etle": '), id="top-level-key"),
    pytest.param(("  - id: ", '  - "i\\0d": '), id="key-in-a-list-item"),
    pytest.param(("authors: [", 'authors: ["\\e[31m", '), id="flow-list-item"),
    pytest.param(("    text: ", '    text: "\\e[H\\e[2J" '), id="scene-text"),
])
def test_every_string_is_checked(edit):
    old, new = edit
    text = MINI.replace(old, new, 1)
    result = check_bytes(text.encode(), "t.yaml")
    codes = [d.code for d in result.diagnostics]
    assert codes.count("E-CONTROL") == 1, [d.render() for d in result.diagnostics]


def test_tab_and_newline_escapes_are_text():
    original = next(line for line in MINI.splitlines() if line.startswith("title: "))
    text = MINI.replace(original, 'title: "Mini\\tscenario\\nin two lines"', 1)
    assert check_bytes(text.encode(), "t.yaml").ok


def test_validate_never_prints_the_character(tmp_path):
    original = next(line for line in MINI.splitlines() if line.startswith("title: "))
    path = tmp_path / "evil.yaml"
    path.write_text(MINI.replace(original, 'title: "\\e]0;pwned\\a\\e[2J\\u202e"', 1), encoding="utf-8")
    for args in ((), ("--format", "json")):
        proc = validate(str(path), *args)
        assert proc.returncode == 1
        _no_raw_controls(proc.stdout + proc.stderr)
    payload = json.loads(validate(str(path), "--format", "json").stdout)
    control, bidi = payload["files"][0]["diagnostics"]
    assert control["code"] == "E-CONTROL" and "(and 2 more in this text)" in control["message"]
    assert bidi["code"] == "W-BIDI" and "'\\u202e' U+202E RIGHT-TO-LEFT OVERRIDE" in bidi["message"]


def test_a_stray_control_character_never_cascades():
    # 'first' with ESC in it is reported once; the references to 'first' still resolve
    text = MINI.replace("\nstart: first\n", '\nstart: "\\efirst"\n', 1)
    result = check_bytes(text.encode(), "t.yaml")
    assert [d.code for d in result.diagnostics] == ["E-CONTROL"]
