"""The condition language (docs/scenario-format.md, "Expressions").

Accepted: names (meters, flags, ``turn``), numbers, quoted text, ``true``/``false``, ``+ - *``,
parentheses, comparisons (chains too), ``and``/``or``/``not``.  Everything else is an
:class:`ExprError` with a column (0-based, in characters) that points at the offending part.
"""

from __future__ import annotations

import os

import pytest

from game.engine.expr import (
    BOOL, MAX_LENGTH, MAX_NODES, NUMBER, TEXT, Expr, ExprError, compile_condition, compile_expr,
)

NAMES = {
    "national_interest": NUMBER,
    "bloc_rivalry": NUMBER,
    "clashes": NUMBER,  # an int flag
    "turn": NUMBER,
    "partisans": BOOL,
    "us_watching": BOOL,
    "stance": TEXT,
}
ENV = {
    "national_interest": 65,
    "bloc_rivalry": 40,
    "clashes": 2,
    "turn": 3,
    "partisans": True,
    "us_watching": False,
    "stance": "hawk",
}


def value(source: str, env=ENV):
    return compile_expr(source, NAMES)(env)


# -- what the language accepts ---------------------------------------------------------------------

ACCEPTED = [
    # (source, result on ENV)
    # names, numbers, text, true/false
    ("partisans", True),
    ("us_watching", False),
    ("national_interest", 65),
    ("turn", 3),
    ("5", 5),
    ("2.5", 2.5),
    ("-3", -3),
    ("+4", 4),
    ("- -3", 3),
    ("'hawk'", "hawk"),
    ('"dove"', "dove"),
    ("true", True),
    ("false", False),
    ("True", True),
    ("False", False),
    # arithmetic and precedence
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("bloc_rivalry - national_interest", -25),
    ("national_interest * 2 - bloc_rivalry", 90),
    ("-(bloc_rivalry + 10)", -50),
    ("2.5 * 2", 5.0),
    ("clashes * clashes * clashes", 8),
    # comparisons
    ("national_interest >= 60", True),
    ("national_interest > 65", False),
    ("national_interest <= 65", True),
    ("bloc_rivalry < 40", False),
    ("bloc_rivalry == 40", True),
    ("bloc_rivalry != 40", False),
    ("stance == 'hawk'", True),
    ('stance != "hawk"', False),
    ("partisans == true", True),
    ("partisans != us_watching", True),
    ("bloc_rivalry - national_interest > 20 or clashes >= 2", True),
    ("2.5 < clashes", False),
    # chains
    ("20 <= bloc_rivalry < 60", True),
    ("20 <= bloc_rivalry < 40", False),
    ("0 < clashes < turn < national_interest", True),
    ("1 < 2 > 1", True),
    ("partisans == true == partisans", True),
    # logic
    ("national_interest >= 60 and not partisans", False),
    ("national_interest >= 60 and not us_watching", True),
    ("not partisans or us_watching", False),
    ("not (partisans or us_watching)", False),
    ("true or false and false", True),  # 'and' binds tighter than 'or'
    ("(true or false) and false", False),
    ("partisans and us_watching or clashes == 2", True),
    ("partisans and clashes == 2 and stance == 'hawk' and turn >= 3", True),
    ("us_watching or false or turn == 3", True),
    ("not not partisans", True),
    # whitespace, as YAML folded scalars give it
    ("  national_interest >= 60  ", True),
    ("national_interest >= 60\nand partisans", True),
    ("(national_interest\n >= 60)", True),
]


@pytest.mark.parametrize("source,expected", ACCEPTED)
def test_accepted(source, expected):
    result = value(source)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("source,expected_type", [
    ("partisans", BOOL), ("turn + 1", NUMBER), ("2.5", NUMBER), ("stance", TEXT), ("'x'", TEXT),
    ("1 < 2", BOOL), ("not partisans", BOOL), ("true and false", BOOL), ("-clashes", NUMBER),
])
def test_types(source, expected_type):
    assert compile_expr(source, NAMES).type == expected_type


def test_compiled_expression_records_source_and_names():
    expr = compile_condition("  national_interest >= 60 and not partisans or turn > 2 ", NAMES)
    assert isinstance(expr, Expr)
    assert expr.source == "national_interest >= 60 and not partisans or turn > 2"
    assert expr.names == frozenset({"national_interest", "partisans", "turn"})
    assert expr.type == BOOL
    assert compile_condition("true", NAMES).names == frozenset()


def test_results_follow_the_environment():
    expr = compile_condition("20 <= bloc_rivalry < 60 and not partisans", NAMES)
    assert expr({**ENV, "partisans": False}) is True
    assert expr({**ENV, "partisans": False, "bloc_rivalry": 60}) is False
    assert expr({**ENV, "partisans": False, "bloc_rivalry": 19}) is False
    assert expr({**ENV, "partisans": True}) is False


def test_and_or_short_circuit():
    # the right side is never looked at, so a missing name does not matter
    assert compile_condition("us_watching and clashes > 0", NAMES)({"us_watching": False}) is False
    assert compile_condition("partisans or clashes > 0", NAMES)({"partisans": True}) is True
    assert compile_condition("1 > 2 < clashes", NAMES)({}) is False


def test_chain_evaluates_each_operand_once_and_compares_pairwise():
    # 5 < 3 is false even though 1 < 5 and 1 < 3: a chain is pairwise, not "left to everything"
    assert compile_condition("1 < clashes < 3", NAMES)({"clashes": 5}) is False
    assert compile_condition("1 < clashes < 9", NAMES)({"clashes": 5}) is True


def test_condition_must_be_true_or_false():
    for source, kind in [("national_interest", "number"), ("turn + 1", "number"), ("'hawk'", "text"),
                         ("stance", "text"), ("2.5", "number")]:
        with pytest.raises(ExprError) as info:
            compile_condition(source, NAMES)
        assert f"must be true or false, but this is a {kind}" in info.value.message
        assert info.value.column == 0
        assert info.value.hint


def test_true_and_false_cannot_be_redefined():
    # 'true' in the table of names does not change what the word means
    assert compile_condition("true", {**NAMES, "true": NUMBER})({}) is True


# -- what the language rejects -----------------------------------------------------------------------

def _col(source: str, marker: str) -> int:
    assert marker in source
    return source.index(marker)


REJECTED = [
    # (source, substring of the message, the part of the source the column must point at)
    # function calls, attribute access, indexing
    ("abs(bloc_rivalry) > 5", "function calls are not allowed", "abs"),
    ("turn > 0 and abs(bloc_rivalry) > 5", "function calls are not allowed", "abs"),
    ("partisans.real", "attribute access", "partisans"),
    ("turn < 9 or partisans.__class__ == 1", "attribute access", "partisans"),
    ("stance[0] == 'h'", "indexing", "stance"),
    ("turn == 1 and stance[1:] == 'awk'", "indexing", "stance[1:]"),
    # sandbox-escape classics
    ("().__class__.__bases__", "not allowed", "()"),
    ("().__class__.__bases__[0].__subclasses__()", "not allowed", "()"),
    ("__import__('os')", "function calls are not allowed", "__import__"),
    ("__import__('os').system('id')", "function calls are not allowed", "__import__"),
    ("__builtins__", "unknown name '__builtins__'", "__builtins__"),
    ("partisans.__globals__", "attribute access", "partisans"),
    ("(lambda: 0).__code__", "not allowed", "(lambda"),
    ("eval('1') == 1", "function calls are not allowed", "eval"),
    ("exec('import os') == None", "function calls are not allowed", "exec"),
    ("open('/etc/passwd') == 1", "function calls are not allowed", "open"),
    ("getattr(partisans, 'real')", "function calls are not allowed", "getattr"),
    # operators that are not in the language
    ("bloc_rivalry ** 2 > 100", "'**' is not allowed", "bloc_rivalry"),
    ("turn < 3 or 2 ** bloc_rivalry > 9", "'**' is not allowed", "2 **"),
    ("9 ** 9 ** 9 ** 9 > 0", "'**' is not allowed", "9 **"),
    ("bloc_rivalry / 2 > 10", "'/' is not allowed", "bloc_rivalry"),
    ("bloc_rivalry // 2 > 10", "'//' is not allowed", "bloc_rivalry"),
    ("bloc_rivalry % 2 == 0", "'%' is not allowed", "bloc_rivalry"),
    ("~turn == 1", "'~' is not allowed", "~turn"),
    ("turn | 1 == 1", "not allowed", "turn"),
    ("turn & 1 == 1", "not allowed", "turn"),
    ("turn << 1 == 1", "not allowed", "turn"),
    ("stance in 'hawk dove'", "'in', 'is'", "stance"),
    ("stance not in 'hawk'", "'in', 'is'", "stance"),
    ("partisans is true", "'in', 'is'", "partisans"),
    ("partisans is not true", "'in', 'is'", "partisans"),
    # other Python expressions
    ("lambda: true", "lambda is not allowed", "lambda"),
    ("turn > 1 and (lambda x: x)(1)", "not allowed", "(lambda"),
    ("[x for x in (1, 2)]", "not allowed", "["),
    ("(x for x in (1, 2))", "not allowed", "("),
    ("{x for x in (1,)}", "not allowed", "{"),
    ("{x: 1 for x in (1,)}", "not allowed", "{"),
    ("(turn := 5) > 1", "':=' is not allowed", "turn :="),
    ("f'{stance}' == 'hawk'", "f-strings are not allowed", "f'"),
    ("1 if partisans else 2", "'x if y else z' is not allowed", "1 if"),
    ("[1, 2] == [1, 2]", "lists are not allowed", "[1, 2] =="),
    ("(1, 2) == (1, 2)", "tuples are not allowed", "(1, 2) =="),
    ("{1: 2} == {1: 2}", "dictionaries are not allowed", "{1: 2} =="),
    ("{1} == {1}", "sets are not allowed", "{1} =="),
    ("None", "not allowed", "None"),
    ("stance == None", "not allowed", "None"),
    ("1j == 1j", "not allowed", "1j =="),
    ("b'x' == b'x'", "not allowed", "b'x' =="),
    ("... == 1", "not allowed", "..."),
    ("await turn", "not allowed", "await"),
    ("(yield)", "not allowed", "yield"),
    ("10000000000000 > turn", "too large", "10000000000000"),
    # '=' for '==', and other languages' operators
    ("partisans = true", "'=' assigns a value; conditions compare", "= true"),
    ("national_interest >= 60 and partisans = true", "'=' assigns a value", "= true"),
    ("bloc_rivalry=5", "'=' assigns a value", "=5"),
    ("turn := 5", "'=' assigns a value", "= 5"),
    ("partisans && us_watching", "'&&' is not part of the language", "&&"),
    ("partisans || us_watching", "'||' is not part of the language", "||"),
    ("!partisans", "'!' is not part of the language", "!"),
    ("turn > 1 and !partisans", "'!' is not part of the language", "!"),
    # names
    ("bloc_rivalri > 5", "unknown name 'bloc_rivalri'", "bloc_rivalri"),
    ("turn > 1 and trsut > 3", "unknown name 'trsut'", "trsut"),
    ("stance == 'é' and trsut > 1", "unknown name 'trsut'", "trsut"),  # columns count characters
    ("stance == hawk", "unknown name 'hawk'", "hawk"),
    # types
    ("stance > 5", "cannot compare a text with a number", "5"),
    ("national_interest == 'high'", "cannot compare a number with a text", "'high'"),
    ("partisans == 1", "cannot compare a true/false with a number", "1"),
    ("partisans < true", "true/false values can only be compared with == or !=", "true"),
    ("partisans + 1 > 0", "arithmetic needs numbers", "partisans"),
    ("stance * 2 == 'hawkhawk'", "arithmetic needs numbers", "stance"),
    ("stance + 'x' == 'hawkx'", "arithmetic needs numbers", "stance"),
    ("not bloc_rivalry", "'not' needs true/false", "not"),
    ("-partisans == 1", "'-' needs a number", "-partisans"),
    ("bloc_rivalry and partisans", "'and' needs true/false on each side", "bloc_rivalry"),
    ("partisans or stance", "'or' needs true/false on each side", "stance"),
    ("1 < 2 == 3", "cannot compare a number with a number", None),  # placeholder, replaced below
    # syntax
    ("bloc_rivalry >", "not a valid expression", None),
    ("(bloc_rivalry > 5", "not a valid expression", None),
    ("bloc_rivalry > > 5", "not a valid expression", None),
    ("*partisans", "not a valid expression", None),
    ("partisans; import os", "not a valid expression", None),
    ("import os", "not a valid expression", None),
    ("a <> b", "not a valid expression", None),
    ("'unterminated", "not a valid expression", None),
]
# 1 < 2 == 3 is fine as a chain of numbers: replace the placeholder with a real mismatch.
REJECTED = [r for r in REJECTED if r[0] != "1 < 2 == 3"] + [
    ("1 < 2 == true", "cannot compare a number with a true/false", "true"),
]


@pytest.mark.parametrize("source,message,at", REJECTED)
def test_rejected(source, message, at):
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    err = info.value
    assert message in err.message
    assert str(err) == err.message
    assert 0 <= err.column <= len(source)
    if at is not None:
        assert err.column == _col(source, at), (err.column, source[err.column:])


@pytest.mark.parametrize("source", [
    "bloc_rivalri > 5", "partisans = true", "partisans && us_watching", "abs(turn) > 1",
    "not bloc_rivalry", "stance > 5",
])
def test_rejections_come_with_a_hint(source):
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    assert info.value.hint


def test_unknown_name_suggests_the_closest_declared_name():
    with pytest.raises(ExprError) as info:
        compile_condition("national_intrest >= 60", NAMES)
    assert info.value.hint == "did you mean 'national_interest'?"
    with pytest.raises(ExprError) as info:
        compile_condition("zzz >= 60", NAMES)
    assert "did you mean" not in info.value.hint


def test_over_length():
    source = "turn > 1 and " * 23 + "partisans"
    assert len(source) == 308
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    assert "longer than 300 characters" in info.value.message
    assert info.value.column == MAX_LENGTH
    exactly = "turn > 1 and " * 22 + "clashes >= 123"
    assert len(exactly) == MAX_LENGTH  # at the limit is still fine
    assert compile_condition(exactly, NAMES)(ENV) is False
    with pytest.raises(ExprError) as info:
        compile_condition("x" * (MAX_LENGTH + 1), NAMES)
    assert "longer than" in info.value.message


def test_over_complex():
    source = "+".join(["1"] * 140) + " > 0"
    assert len(source) <= MAX_LENGTH
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    assert "too complex" in info.value.message
    assert f"limit is {MAX_NODES}" in info.value.message
    # just under the limit is fine
    assert compile_condition("+".join(["1"] * 20) + " > 0", NAMES)({}) is True


@pytest.mark.parametrize("source", [
    "(" * 149 + "1" + ")" * 149,        # nested parentheses
    "-" * 299 + "1",                     # nested unary minus
    "not " * 74 + "true",                # nested not
    "[" * 100 + "]" * 100,
])
def test_deep_nesting_is_refused_cleanly(source):
    assert len(source) <= MAX_LENGTH
    with pytest.raises(ExprError):
        compile_condition(source, NAMES)


@pytest.mark.parametrize("source", [None, 5, 2.5, True, False, ["turn > 1"], {"a": 1}, b"turn > 1"])
def test_non_text_source(source):
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    assert "must be written as text" in info.value.message


@pytest.mark.parametrize("source", ["", " ", "\n", "\t  \n"])
def test_empty_source(source):
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    assert "empty" in info.value.message


@pytest.mark.parametrize("source", ["a\x00b", "turn > 1\x00", "'\ud800' == stance", "turn\x0c> 1 and", "\x1b[31m"])
def test_odd_characters_raise_expr_error_only(source):
    with pytest.raises(ExprError):
        compile_condition(source, NAMES)


def test_compiling_never_runs_code(tmp_path):
    marker = tmp_path / "pwned"
    for source in [f"__import__('os').system('touch {marker}')",
                   f"open('{marker}', 'w')",
                   "[c for c in ().__class__.__bases__[0].__subclasses__()]"]:
        with pytest.raises(ExprError):
            compile_condition(source, NAMES)
    assert not marker.exists()
    assert not os.path.exists("pwned")


def test_no_names_at_all():
    assert compile_condition("1 < 2 and 'a' == 'a'", {})({}) is True
    with pytest.raises(ExprError, match="unknown name 'turn'"):
        compile_condition("turn > 1", {})


def test_unicode_column_counts_characters_not_bytes():
    source = "stance == 'ééé' and bogus > 1"
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    assert info.value.column == source.index("bogus") == 20


def test_operators_inside_text_are_not_mistaken_for_mistakes():
    # a real syntax error elsewhere must not be blamed on '=', '&&' or '!' inside quoted text
    for source in ["stance == 'a=b' and (turn > 1", "stance == 'a && b' and (turn > 1",
                   "stance == \"wow!\" and (turn > 1"]:
        with pytest.raises(ExprError) as info:
            compile_condition(source, NAMES)
        assert info.value.message == "this condition is not a valid expression", source
    # and text containing them is fine when nothing else is wrong
    assert compile_condition("stance != 'a=b && !c'", NAMES)(ENV) is True


@pytest.mark.parametrize("source,symbol", [
    ("turn | 1 == 1", "|"), ("turn & 1 == 1", "&"), ("turn ^ 1 == 1", "^"), ("turn << 1 == 1", "<<"),
    ("turn >> 1 == 1", ">>"), ("turn @ turn == 1", "@"),
])
def test_other_operators_are_named_in_the_message(source, symbol):
    with pytest.raises(ExprError) as info:
        compile_condition(source, NAMES)
    assert info.value.message == f"'{symbol}' is not allowed"
    assert info.value.column == 0


def test_evaluation_does_not_overflow_with_large_int_flags():
    # int flags accept any whole number the loader reads (up to 100 digits); an int too large for a
    # float, met with a float, must not raise OverflowError in the middle of a game
    big = 10**99 - 1
    assert compile_condition("clashes * clashes * clashes * clashes * 0.5 > 0", NAMES)({**ENV, "clashes": big}) is True
    assert compile_condition("0.5 * clashes * clashes * clashes * clashes < 0", NAMES)({**ENV, "clashes": -big}) is False
    assert compile_condition("clashes * clashes * clashes * clashes + 1.5 > 1", NAMES)({**ENV, "clashes": big}) is True
    # exact integers stay exact
    assert compile_expr("clashes * clashes", NAMES)({**ENV, "clashes": big}) == big * big
