"""The safe YAML reader: YAML 1.2 typing, positions, line endings, and what it refuses."""

from __future__ import annotations

import math
import time

import pytest

from game.scenario.diagnostics import Diagnostics
from game.scenario.yamlsafe import (
    MAX_BYTES, MAX_DEPTH, MAX_EVENTS, MAX_NUMBER_DIGITS, Located, decode, load_located, resolve_plain,
)


def load(raw: bytes | str):
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    diags = Diagnostics("t.yaml")
    located = load_located(raw, diags)
    return located, diags.items


def data_of(raw) -> object:
    located, diags = load(raw)
    assert not diags, diags
    return located.data


def errors_of(raw) -> list[tuple[int, int, str, str]]:
    _, diags = load(raw)
    return [(d.line, d.column, d.code, d.message) for d in diags]


# -- YAML 1.2 core typing ---------------------------------------------------------------------------

@pytest.mark.parametrize("plain,expected", [
    # only true/false are booleans
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"),
    ("Yes", "Yes"), ("NO", "NO"), ("Off", "Off"), ("tRUE", "tRUE"),
    # decimal integers, leading zeros included
    ("017", 17), ("0017", 17), ("-017", -17), ("+017", 17), ("0", 0), ("-0", 0), ("+5", 5), ("08", 8), ("09", 9),
    ("1949", 1949),
    # not integers in YAML 1.2 core
    ("0x1F", "0x1F"), ("0o17", "0o17"), ("0b101", "0b101"), ("1_000", "1_000"), ("1,000", "1,000"),
    # sexagesimal and dates stay text
    ("12:30", "12:30"), ("1:30:00", "1:30:00"), ("1949-09-24", "1949-09-24"), ("1949-09", "1949-09"),
    ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
    # nulls
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None), ("nULL", "nULL"), ("none", "none"),
    # floats
    ("2.5", 2.5), ("-2.5", -2.5), (".5", 0.5), ("1.", 1.0), ("1e3", 1000.0), ("1.5E-2", 0.015), ("+.5", 0.5),
    (".inf", math.inf), ("-.Inf", -math.inf), ("+.INF", math.inf),
    # things that look a bit like numbers
    (".", "."), ("-", "-"), ("+", "+"), ("1.2.3", "1.2.3"), ("e3", "e3"), ("1e", "1e"), ("v1", "v1"),
    ("1.0.0", "1.0.0"), ("12abc", "12abc"), ("inf", "inf"), ("nan", "nan"),
])
def test_resolve_plain(plain, expected):
    result = resolve_plain(plain) if plain else resolve_plain("")
    assert result == expected
    assert type(result) is type(expected)


def test_nan():
    for text in (".nan", ".NaN", ".NAN"):
        assert math.isnan(resolve_plain(text))


def test_overlong_numbers_stay_text():
    digits = "9" * MAX_NUMBER_DIGITS
    assert resolve_plain(digits) == int(digits)
    assert resolve_plain(digits + "9") == digits + "9"
    assert resolve_plain("1" * 5000) == "1" * 5000  # never int('1' * 5000), which Python refuses


def test_typing_in_a_document():
    doc = """\
country: NO
answer: yes
switch: off
code: 017
time: 12:30
date: 1949-09-24
empty: ~
nothing:
flag: true
quoted_true: "true"
quoted_num: '017'
quoted_null: "~"
folded: >-
  017
version: 1.0
list: [no, 017, 12:30, true, ~]
"""
    assert data_of(doc) == {
        "country": "NO", "answer": "yes", "switch": "off", "code": 17, "time": "12:30",
        "date": "1949-09-24", "empty": None, "nothing": None, "flag": True, "quoted_true": "true",
        "quoted_num": "017", "quoted_null": "~", "folded": "017", "version": 1.0,
        "list": ["no", 17, "12:30", True, None],
    }


def test_keys_are_typed_as_text_in_yaml_1_2():
    # 'no' and 'on' as keys are text, not booleans
    assert data_of("no: 1\non: 2\nyes: 3\n") == {"no": 1, "on": 2, "yes": 3}


# -- positions --------------------------------------------------------------------------------------

DOC = """\
# a comment
title: Kim asks
period: {start: "1949-03", end: 1949-10}
scenes:
  - id: first
    choices:
      - id: refuse
        effects: {national_interest: 10, bloc_rivalry: -5}
  - id: second
    text: |
      Two lines
      of text.
"""


def test_positions_of_values_and_keys():
    located, diags = load(DOC)
    assert not diags
    v, k = located.value_at, located.key_at
    assert v(()) == (2, 1)
    assert k(("title",)) == (2, 1) and v(("title",)) == (2, 8)
    assert k(("period",)) == (3, 1) and v(("period",)) == (3, 9)
    assert k(("period", "start")) == (3, 10) and v(("period", "start")) == (3, 17)
    assert k(("period", "end")) == (3, 28) and v(("period", "end")) == (3, 33)
    assert v(("scenes",)) == (5, 3)  # a block sequence starts at its first '-'
    assert v(("scenes", 0)) == (5, 5)
    assert k(("scenes", 0, "id")) == (5, 5) and v(("scenes", 0, "id")) == (5, 9)
    assert v(("scenes", 0, "choices", 0, "id")) == (7, 13)
    effects = ("scenes", 0, "choices", 0, "effects")
    assert k(effects) == (8, 9) and v(effects) == (8, 18)
    assert k(effects + ("national_interest",)) == (8, 19) and v(effects + ("national_interest",)) == (8, 38)
    assert k(effects + ("bloc_rivalry",)) == (8, 42) and v(effects + ("bloc_rivalry",)) == (8, 56)
    assert v(("scenes", 1, "text")) == (10, 11)  # the '|' of a block scalar
    assert located.data["scenes"][1]["text"] == "Two lines\nof text.\n"


def test_where_falls_back_to_the_nearest_located_ancestor():
    located, _ = load(DOC)
    assert located.where(("scenes", 0, "choices", 0, "missing")) == (7, 9)  # the choice mapping
    assert located.where(("scenes", 0, "choices", 0, "effects", "national_interest"), key=True) == (8, 19)
    assert located.where(("scenes", 0, "choices", 0, "effects", "national_interest")) == (8, 38)
    assert located.where(("nope", 3, "x")) == (2, 1)
    assert located.where(()) == (2, 1)
    assert Located(None).where(("a",)) == (1, 1)


def test_columns_count_characters_not_bytes():
    located, _ = load("title: Ünïcødé ☭ text\nplace: 北京\nx: [é, ☭, 1]\n")
    assert located.value_at(("title",)) == (1, 8)
    assert located.value_at(("place",)) == (2, 8)
    assert located.value_at(("x", 1)) == (3, 8)
    assert located.value_at(("x", 2)) == (3, 11)


# -- line endings and the byte order mark ------------------------------------------------------------

def _positions(located: Located):
    return dict(located.pos)


def test_crlf_gives_the_same_data_and_positions():
    lf, _ = load(DOC)
    crlf, diags = load(DOC.replace("\n", "\r\n"))
    assert not diags
    assert crlf.data == lf.data
    assert _positions(crlf) == _positions(lf)
    assert "\r" not in crlf.data["scenes"][1]["text"]


def test_bom_is_ignored():
    lf, _ = load(DOC)
    bom, diags = load(b"\xef\xbb\xbf" + DOC.encode())
    assert not diags
    assert bom.data == lf.data
    assert _positions(bom) == _positions(lf)


def test_bom_and_crlf_together():
    lf, _ = load(DOC)
    both, diags = load(b"\xef\xbb\xbf" + DOC.replace("\n", "\r\n").encode())
    assert not diags
    assert both.data == lf.data and _positions(both) == _positions(lf)


def test_crlf_syntax_error_position():
    assert errors_of("a: 1\r\nb: [x\r\nc: 2\r\n")[0][:2] == errors_of("a: 1\nb: [x\nc: 2\n")[0][:2]


def test_decode():
    diags = Diagnostics("t")
    assert decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", diags) == "a: 1\nb: 2\n"
    assert decode("ünï: ☭".encode(), diags) == "ünï: ☭"
    assert not diags.items


# -- duplicate keys ---------------------------------------------------------------------------------

def test_duplicate_key_names_both_lines_and_keeps_the_first():
    located, diags = load("title: one\nrole: x\ntitle: two\n")
    assert [(d.line, d.column, d.code) for d in diags] == [(3, 1, "E-DUP-KEY")]
    assert diags[0].message == "duplicate key 'title'; it is first defined at line 1"
    assert diags[0].path == "title"
    assert "remove or rename" in diags[0].hint
    assert located.data == {"title": "one", "role": "x"}
    assert located.key_at(("title",)) == (1, 1)


def test_duplicate_keys_nested_and_in_flow():
    errs = errors_of("a:\n  b: 1\n  c: 2\n  b: 3\nd: {x: 1, y: 2, x: 3}\n")
    assert errs == [(4, 3, "E-DUP-KEY", "duplicate key 'b'; it is first defined at line 2"),
                    (5, 17, "E-DUP-KEY", "duplicate key 'x'; it is first defined at line 5")]


def test_three_times_gives_two_errors():
    errs = errors_of("k: 1\nk: 2\nk: 3\n")
    assert [(e[0], e[3]) for e in errs] == [(2, "duplicate key 'k'; it is first defined at line 1"),
                                           (3, "duplicate key 'k'; it is first defined at line 1")]


def test_same_key_in_different_mappings_is_fine():
    assert data_of("a: {id: 1}\nb: {id: 2}\nc:\n  - id: 3\n  - id: 4\n") == {
        "a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 3}, {"id": 4}]}


def test_duplicate_with_a_mapping_value_drops_the_whole_second_value():
    located, diags = load("a:\n  x: 1\na:\n  y: 2\n  z: [1, 2]\nb: 3\n")
    assert [d.line for d in diags] == [3]
    assert located.data == {"a": {"x": 1}, "b": 3}


def test_keys_must_be_text():
    errs = errors_of("1: a\n")
    assert errs[0][:3] == (1, 1, "E-KEY-TYPE")
    errs = errors_of("? [a, b]\n: 1\n")
    assert errs[0][:3] == (1, 3, "E-KEY-TYPE")
    errs = errors_of("true: x\n")
    assert errs[0][2] == "E-KEY-TYPE"


# -- multiple documents -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,line", [
    ("a: 1\n---\nb: 2\n", 2),
    ("---\na: 1\n---\nb: 2\n", 3),
    ("---\na: 1\n...\n---\nb: 2\n", 4),
    ("a: 1\n--- \n", 2),
])
def test_more_than_one_document_is_refused(text, line):
    located, diags = load(text)
    assert located is None
    assert [(d.line, d.column, d.code) for d in diags] == [(line, 1, "E-DOCS")]
    assert "exactly one YAML document" in diags[0].message


@pytest.mark.parametrize("text", ["---\na: 1\n", "a: 1\n...\n", "---\na: 1\n...\n", "%YAML 1.2\n---\na: 1\n"])
def test_one_document_with_markers_is_fine(text):
    assert data_of(text) == {"a": 1}


# -- what is refused --------------------------------------------------------------------------------

def test_anchor_and_alias():
    located, diags = load("a: &x {k: 1}\nb: *x\n")
    assert [(d.line, d.column, d.code) for d in diags] == [(1, 4, "E-ANCHOR"), (2, 4, "E-ALIAS")]
    assert located.data["b"] is None  # never the shared object


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    _located, diags = load("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert {d.code for d in diags} == {"E-ANCHOR", "E-ALIAS"}


@pytest.mark.parametrize("text,tag", [
    ("a: !!python/object/apply:os.system ['ls']\n", "python/object/apply:os.system"),
    ("a: !!python/name:os.system\n", "python/name:os.system"),
    ("a: !!str 5\n", "tag:yaml.org,2002:str"),
    ("a: !!set {x, y}\n", "tag:yaml.org,2002:set"),
    ("a: !!binary aGVsbG8=\n", "tag:yaml.org,2002:binary"),
    ("a: !!timestamp 2001-12-14\n", "tag:yaml.org,2002:timestamp"),
    ("a: !custom 1\n", "!custom"),
    ("a: !<tag:example.com,2000:x> 1\n", "tag:example.com,2000:x"),
])
def test_explicit_tags_are_refused(text, tag):
    located, diags = load(text)
    assert [(d.line, d.column, d.code) for d in diags] == [(1, 4, "E-TAG")]
    assert tag in diags[0].message
    # nothing was constructed from the tag: only plain data comes back
    assert isinstance(located.data["a"], (str, int, list, dict, type(None)))


def test_merge_key():
    located, diags = load("base: {x: 1}\nitem:\n  <<: {y: 2}\n  z: 3\n")
    assert [(d.line, d.column, d.code) for d in diags] == [(3, 3, "E-MERGE")]
    assert "y" not in located.data["item"]  # nothing was merged


def test_quoted_merge_key_is_just_text():
    assert data_of("'<<': 1\n") == {"<<": 1}


def test_depth_limit():
    at_limit = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load(at_limit)[1] == []
    located, diags = load("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert located is None
    assert [(d.line, d.column, d.code) for d in diags] == [(1, MAX_DEPTH + 1, "E-DEPTH")]
    # block nesting counts the same way
    block = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "v: 1\n"
    located, diags = load(block)
    assert [d.code for d in diags] == ["E-DEPTH"]
    assert diags[0].line == MAX_DEPTH + 1


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    "{a: " * 50_000 + "1" + "}" * 50_000,
    "".join("  " * i + "- \n" for i in range(600)),
], ids=["flow-lists", "flow-mappings", "block-lists"])
def test_very_deep_input_is_refused_quickly(text):
    start = time.perf_counter()
    located, diags = load(text)
    assert time.perf_counter() - start < 2
    assert located is None
    # libyaml's own nesting limit may trip first, while it looks ahead for flow keys
    assert [d.code for d in diags] in (["E-DEPTH"], ["E-SYNTAX"])
    assert "nesting" in diags[0].message


def test_event_budget():
    text = "[" + "[]," * (MAX_EVENTS // 2 + 10) + "0]"  # two events per three bytes
    assert len(text) < MAX_BYTES
    located, diags = load(text)
    assert located is None
    assert [d.code for d in diags] == ["E-SIZE"]
    assert f"more than {MAX_EVENTS:,} YAML items" in diags[0].message


def test_size_limit():
    located, diags = load(b"#" * (MAX_BYTES + 1))
    assert located is None
    assert [(d.line, d.column, d.code) for d in diags] == [(1, 1, "E-SIZE")]


def test_binary():
    located, diags = load(b"a: 1\n\x00\x01")
    assert located is None and [d.code for d in diags] == ["E-BINARY"]


@pytest.mark.parametrize("raw,line,col,byte", [
    (b"a: caf\xe9\n", 1, 7, 0xE9),
    (b"a: 1\nb: 2\ntitle: \xc3\xa9t\xc3\xa9 \xff\n", 3, 12, 0xFF),
    (b"\xed\xa0\x80", 1, 1, 0xED),  # an encoded surrogate is not UTF-8
    (b"a: \xf0\x9f\x98", 1, 4, 0xF0),  # truncated at the end
])
def test_invalid_utf8_position(raw, line, col, byte):
    located, diags = load(raw)
    assert located is None
    assert [(d.line, d.column, d.code) for d in diags] == [(line, col, "E-ENCODING")]
    assert f"byte 0x{byte:02x}" in diags[0].message


@pytest.mark.parametrize("text,line,col,hint", [
    ("a:\n\tb: 1\n", 2, 1, "tabs"),
    ("a: b: c\n", 1, 5, "quoted"),
    ("a: 'open\n", 2, 1, "not closed"),
    ("a: [1, 2\nb: 3\n", 2, 2, ""),
])
def test_syntax_errors(text, line, col, hint):
    located, diags = load(text)
    assert located is None
    (d,) = diags
    assert (d.line, d.column, d.code) == (line, col, "E-SYNTAX")
    assert d.message.startswith("YAML syntax error: ")
    assert hint in d.hint and d.hint


@pytest.mark.parametrize("text,line,col", [
    ("a: 1\nb: 2\nc: x\x01y\n", 3, 5),
    ("\x07", 1, 1),
    ("a: |\n  text\n  more\x7f\n", 3, 7),
    ("a: 1\r\nb: 2\x1b[31m\r\n", 2, 5),
    # libyaml reports a byte offset; columns count characters, also after non-ASCII text
    pytest.param("a: 1\r\nb: ☭\x1b[31m\r\n", 2, 5, id="after-non-ascii-same-line"),
    pytest.param("t: éééé\n" * 5 + "x: a\x01\n", 6, 5, id="after-non-ascii-lines"),
    pytest.param("\ufeffa: ☭☭\x02\n", 1, 6, id="after-bom-and-non-ascii"),
])
def test_control_character_position(text, line, col):
    located, diags = load(text)
    assert located is None
    assert [(d.line, d.column, d.code) for d in diags] == [(line, col, "E-SYNTAX")]
    assert "control character" in diags[0].message


def test_invalid_utf8_position_after_bom():
    # the byte order mark is not a column
    _located, diags = load(b"\xef\xbb\xbfa: caf\xe9\n")
    assert [(d.line, d.column) for d in diags] == [(1, 7)]
