"""Issue 13 point 7 on real files: one mistake in a bundled scenario gives exactly one message,
at its cause.  The corpus in tests/broken/ shows each mistake on a small file; here the same
mistakes go into the largest bundled scenario, where the old validator buried them (a Cyrillic
letter in a scene id gave 14 messages)."""

from __future__ import annotations

import re

import pytest

from game.scenario import check_bytes
from tests.conftest import ROOT

KIM_PATH = ROOT / "scenarios" / "kim-1949.yaml"
KIM = KIM_PATH.read_text(encoding="utf-8")


def _one(text: str):
    result = check_bytes(text.encode("utf-8"), "kim-1949.yaml", path=KIM_PATH)
    assert len(result.diagnostics) == 1, "\n".join(d.render() for d in result.diagnostics)
    return result.diagnostics[0]


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_bundled_file_is_clean():
    assert check_bytes(KIM.encode(), "kim-1949.yaml", path=KIM_PATH).diagnostics == ()


def test_cyrillic_letter_in_a_scene_id_with_many_references():
    references = len(re.findall(r"next: kim_il_mission\b", KIM))
    assert references >= 4
    text = KIM.replace("  - id: kim_il_mission\n", "  - id: kim_il_missiоn\n", 1)
    d = _one(text)
    assert (d.line, d.code) == (_line(text, "  - id: kim_il_missiоn"), "E-LOOKALIKE")
    assert d.column == len("  - id: kim_il_missi") + 1
    assert "'о' U+043E CYRILLIC SMALL LETTER O where the Latin 'o' belongs" in d.message
    assert "retype it as 'kim_il_mission'" in d.hint and "match" not in d.hint


def test_cyrillic_letter_in_the_start():
    text = KIM.replace("start: march_meeting\n", "start: mаrch_meeting\n", 1)
    d = _one(text)
    assert (d.line, d.column, d.code) == (_line(text, "start: mаrch"), 9, "E-LOOKALIKE")


def test_trailing_space_in_one_next():
    text = KIM.replace("        next: kim_il_mission\n", '        next: "kim_il_mission "\n', 1)
    d = _one(text)
    assert d.message == "'kim_il_mission ' ends with a space"
    assert d.column == len('        next: "kim_il_mission') + 1


def test_a_typo_in_the_only_next_to_a_scene():
    text = KIM.replace("        next: us_withdrawal\n", "        next: us_withdrawl\n", 1)
    d = _one(text)
    assert d.message == "'us_withdrawl' is not a scene or an ending" and "us_withdrawal" in d.hint


def test_a_key_indented_too_deep_in_a_long_scene():
    text = KIM.replace("    place: Moscow, the Kremlin\n    debate: true\n",
                       "    place: Moscow, the Kremlin\n      debate: true\n", 1)
    result = check_bytes(text.encode(), "kim-1949.yaml", path=KIM_PATH)
    # a plain scalar swallows the deeper line: YAML reads "Moscow, the Kremlin debate: true" and
    # stops with a syntax error at the ': ' -- one message at that line
    assert len(result.diagnostics) == 1
    assert result.diagnostics[0].line == _line(text, "      debate: true")


@pytest.mark.parametrize("edit,code", [
    (("    date: \"1949-03-05\"\n", "    date: \"1949-02-30\"\n"), "E-DATE"),
    (("    date: \"1949-03-05\"\n", "    date: \"1959-03-05\"\n"), "W-PERIOD"),
])
def test_dates(edit, code):
    assert _one(KIM.replace(*edit, 1)).code == code
