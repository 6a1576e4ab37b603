"""Hints that fit the mistake, and the helpers behind them (look-alikes, scalar positions, dates).
Each corpus file in tests/broken/ shows one case end to end; these cover the variants."""

from __future__ import annotations

import pytest

from game.engine.expr import BOOL, NUMBER, TEXT, ExprError, compile_condition
from game.scenario import check_bytes
from game.scenario.lookalike import explain, repair
from game.scenario.scalars import scan
from game.scenario.dates import calendar_problem
from tests.test_broken_corpus import BASE


def diagnostics(*edits: tuple[str, str]):
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return check_bytes(text.encode(), "t.yaml").diagnostics


# -- true/false in quotes ---------------------------------------------------------------------------

@pytest.mark.parametrize("written", ['"true"', "'false'", '"True"'])
def test_quoted_bool_in_a_bool_field(written):
    (d,) = diagnostics(("start: first\n", f"start: first\nsettings: {{undo: {written}}}\n"))
    bare = written.strip("'\"").lower()
    assert d.hint == f'write {bare} without quotes: in quotes, "{written.strip(chr(39) + chr(34))}" is text'


def test_yes_keeps_its_yaml_hint():
    (d,) = diagnostics(("start: first\n", "start: first\nsettings: {undo: yes}\n"))
    assert "'yes' is text in YAML 1.2" in d.hint


def test_quoted_number_for_an_int_flag():
    (d,) = diagnostics(("    description: Moscow backs the southern partisans.\n",
                        "    description: Moscow backs the southern partisans.\n  - id: clashes\n    type: int\n"
                        "    default: 0\n"), ("        set: {partisans: true}", '        set: {partisans: true, clashes: "2"}'),
                       ("    condition: bloc_rivalry >= 60", "    condition: bloc_rivalry >= 60 or clashes > 1"))
    assert d.hint == 'write 2 without quotes: in quotes, "2" is text'


# -- expressions ----------------------------------------------------------------------------------

NAMES = {"stance": TEXT, "trust": NUMBER, "partisans": BOOL}


@pytest.mark.parametrize("source,column", [("stance == dove", 10), ("dove != stance", 0),
                                           ("trust > 5 and stance == dove", 24)])
def test_bare_word_compared_with_text_is_missing_quotes(source, column):
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    assert (info.value.message, info.value.column) == ("unknown name 'dove'", column)
    assert info.value.hint == "text is written in quotes: 'dove'"


def test_bare_word_compared_with_a_number_is_still_an_unknown_name():
    with pytest.raises(ExprError) as info:
        compile_condition("trust > dove", NAMES)
    assert "declare it under meters: or flags:" in info.value.hint


def test_look_alike_letter_in_a_condition_is_named():
    with pytest.raises(ExprError) as info:
        compile_condition("trust > 5 and pаrtisans", NAMES)
    assert "'а' U+0430 CYRILLIC SMALL LETTER A" in info.value.message
    assert "did you mean 'partisans'?" in info.value.hint


# -- keys indented one level too deep ------------------------------------------------------------------

def test_next_indented_under_historical():
    (d,) = diagnostics(("        effects: {bloc_rivalry: 30}\n        next: war\n",
                        "        effects: {bloc_rivalry: 30}\n        historical:\n          date: \"1949-09-24\"\n"
                        "          record: It did not happen.\n          sources: [wc-112133]\n          next: war\n"))
    assert (d.code, d.message) == ("E-INDENT", "this key sits under historical; did you mean to indent it less?")
    assert d.path == "scenes[0].choices[1].historical.next"


def test_condition_indented_under_kind():
    (d,) = diagnostics(("    kind: counterfactual\n    condition: bloc_rivalry >= 60\n",
                        "    kind:\n      condition: bloc_rivalry >= 60\n"))
    assert (d.code, d.line) == ("E-INDENT", BASE.index("    condition: bloc_rivalry") and d.line)
    assert d.message == "this key sits under kind; did you mean to indent it less?"


def test_a_meter_called_like_a_key_is_not_misplaced():
    # 'result' is a choice key, but here it is a declared meter: effects may use it
    text = BASE.replace("meters:\n", "meters:\n  - id: result\n    label: Result\n    start: 0\n    description: x.\n", 1)
    text = text.replace("        effects: {national_interest: 10}", "        effects: {national_interest: 10, result: 1}", 1)
    assert check_bytes(text.encode(), "t.yaml").diagnostics == ()


def test_a_key_the_record_already_has_is_not_called_misplaced():
    found = diagnostics(("        effects: {national_interest: 10}\n",
                         "        effects: {national_interest: 10, next: second}\n"))
    assert {d.code for d in found} == {"E-REF", "E-TYPE"}  # an unknown meter, not a whole number
    assert any(d.message == "unknown meter 'next'" for d in found)


# -- look-alikes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value,fixed,index", [
    ("wаr", "war", 1), ("сhina", "china", 0), ("war ", "war", 3), (" war", "war", 0),
    ("wa\u200br", "war", 2), ("war\u00a0", "war", 3), ("cold–war", "cold-war", 4), ("ｗar", "war", 0),
    ("Вloc", "bloc", 0), ("ѕtаte", "state", 0),
])
def test_explain_and_repair(value, fixed, index):
    found = explain(value)
    assert found is not None and found.index == index
    assert repair(value) == fixed
    assert "match" not in found.hint


def test_explain_leaves_ascii_mistakes_to_the_pattern():
    assert explain("First") is None and explain("a.b") is None and explain("1st") is None


# -- where a character sits in the source -----------------------------------------------------------

def test_scan_double_quoted_escapes():
    chars = list(scan(['k: "a\\eb\\x41\\\\c"'], (1, 4), (1, 17), '"'))
    assert [(c.char, c.column, c.escape) for c in chars] == [
        ("a", 5, ""), ("\x1b", 6, "\\e"), ("b", 8, ""), ("A", 9, "\\x41"), ("\\", 13, "\\\\"), ("c", 15, "")]


def test_scan_folded_double_quoted():
    lines = ['k: "ab', '  c\\ad"']
    chars = [c for c in scan(lines, (1, 4), (2, 8), '"') if c.char != " "]
    assert [(c.char, c.line, c.column) for c in chars] == [("a", 1, 5), ("b", 1, 6), ("c", 2, 3), ("\x07", 2, 4),
                                                            ("d", 2, 6)]


def test_scan_single_quoted_and_plain():
    assert "".join(c.char for c in scan(["k: 'it''s'"], (1, 4), (1, 11), "'")) == "it's"
    assert [(c.char, c.column) for c in scan(["k: ab"], (1, 4), (1, 6), "")] == [("a", 4), ("b", 5)]


# -- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,problem", [
    ("1948-06-31", "June has 30 days"), ("1949-02-29", "1949 is not a leap year"), ("1900-02-29", "1900 is not a leap year"),
    ("1950-13", "there is no month 13"), ("1950-00", "there is no month 0"), ("1950-01-00", "there is no day 0"),
])
def test_impossible_dates(value, problem):
    assert calendar_problem(value) == f"{value} is not a date: {problem}"


@pytest.mark.parametrize("value", ["1948-02-29", "2000-02-29", "1950", "1950-12", "1950-12-31"])
def test_real_dates(value):
    assert calendar_problem(value) == ""


def test_document_dates_may_lie_outside_the_period():
    # a telegram from before the scenario begins is normal; only scenes are held to the period
    text = BASE.replace("    text: Kim asks to attack.\n", "    text: Kim asks to attack.\n    documents:\n"
                        "      - id: old\n        kind: telegram\n        title: Old\n        date: \"1945-08-15\"\n"
                        "        summary: x.\n        source: wc-112133\n", 1)
    assert check_bytes(text.encode(), "t.yaml").diagnostics == ()
