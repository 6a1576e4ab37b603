"""Hypothesis properties of the loader and the condition language.

- anything at all (text, bytes, YAML-shaped text, random mappings) goes into ``check_bytes``
  and a :class:`CheckResult` comes out; ``load_scenario_bytes`` raises only ``ScenarioError``;
- one field of ``tests/fixtures/mini.yaml`` changed to a random value gives a valid scenario or
  diagnostics that point inside the file;
- the expression compiler raises only ``ExprError``, and what it compiles evaluates without
  raising, to the same value Python gives for the same (well-typed) expression.

Regressions found this way live on as fixed examples (``@example``) and in tests/broken/.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from game.engine.expr import BOOL, NUMBER, TEXT, ExprError, compile_condition, compile_expr
from game.engine.model import Scenario
from game.scenario import CheckResult, ScenarioError, check_bytes, load_scenario_bytes
import contextlib

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")
MINI_LINES = MINI_TEXT.count("\n") + 1


def _dump(data, **options) -> str:
    """``yaml.safe_dump`` through libyaml's emitter where PyYAML has it: the pure-Python emitter
    was a fifth of this module's time, spent making the inputs rather than checking them."""
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), **options)


FAST = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _check_contract(raw: bytes, name: str = "random.yaml") -> CheckResult:
    result = check_bytes(raw, name)
    assert isinstance(result, CheckResult)
    assert result.file == name
    assert (result.scenario is None) == bool(result.errors)
    for d in result.diagnostics:
        assert d.file == name
        assert d.line >= 1 and d.column >= 1
        assert d.severity in ("error", "warning")
        assert d.message and d.code
        d.render()
    try:
        scenario = load_scenario_bytes(raw, name)
    except ScenarioError as exc:
        assert exc.errors
        assert result.errors
    else:
        assert isinstance(scenario, Scenario)
        assert result.ok
    return result


# -- anything goes in, a result comes out -----------------------------------------------------------

@FAST
@given(st.text(max_size=2000))
def test_arbitrary_text(text):
    raw = text.encode("utf-8", "surrogatepass")
    _check_contract(raw)


def _lines(raw: bytes) -> int:
    return raw.decode("utf-8", "replace").replace("\r\n", "\n").count("\n") + 1


@FAST
@given(st.text(max_size=500) | st.lists(st.sampled_from(["a: 1\n", "- x\n", "  ", "é", "\t", "[", "'"]),
                                        max_size=40).map("".join))
def test_diagnostics_point_inside_the_text(text):
    raw = text.encode("utf-8", "surrogatepass")
    result = _check_contract(raw)
    for d in result.diagnostics:
        assert d.line <= _lines(raw) + 1, d


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(raw):
    _check_contract(raw)


TOP_KEYS = ["format", "id", "version", "title", "period", "role", "summary", "authors", "licence", "start",
            "settings", "seesaw", "sources", "advisers", "meters", "flags", "historiography", "scenes",
            "endings", "length_minutes", "content_notes"]
INNER_KEYS = ["id", "kind", "citation", "name", "label", "min", "max", "start", "description", "ends_game",
              "at_most", "at_least", "ending", "type", "default", "title", "date", "place", "text", "choices",
              "effects", "set", "next", "outcomes", "weight", "condition", "result", "historical", "record",
              "sources", "adviser", "counsel", "documents", "source", "summary", "readings", "lean", "author",
              "work", "reading", "question", "debate", "undo", "left", "right", "disabled_reason",
              "national_interest", "bloc_rivalry", "partisans"]
WORDS = ["first", "second", "war", "end", "history", "drift", "national_interest", "bloc_rivalry", "partisans",
         "wc-112133", "molotov", "bool", "int", "text", "primary", "historical", "counterfactual", "telegram",
         "1949-09", "1949-09-24", "yes", "no", "true", "false", "~", "017", "12:30", "national_interest >= 60",
         "partisans = true", "not partisans", "abs(1) > 0", "", " ", "<<", "é", "1.5", ".inf", ".nan"]

scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.integers()
           | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(WORDS) | st.text(max_size=20))
inner_keys = st.sampled_from(INNER_KEYS) | st.text(min_size=1, max_size=12)
values = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(inner_keys, children, max_size=6), max_leaves=20)
documents = st.dictionaries(st.sampled_from(TOP_KEYS) | st.text(min_size=1, max_size=12), values, max_size=12)


@FAST
@given(documents, st.booleans())
def test_random_mappings_dumped_as_yaml(data, flow):
    raw = _dump(data, sort_keys=False, allow_unicode=True, default_flow_style=flow).encode("utf-8")
    result = _check_contract(raw)
    assert not result.ok  # random data is never a whole valid scenario


@FAST
@given(values)
def test_random_top_level_values(value):
    raw = _dump(value, allow_unicode=True).encode("utf-8")
    result = _check_contract(raw)
    assert not result.ok


YAML_TOKENS = ["\n", "\n  ", "\n    ", "\n- ", "\n  - ", ": ", ":", "- ", "[", "]", "{", "}", ", ", "&a ", "*a",
               "!!python/object:os.system ", "!x ", "<<: ", "? ", "'", '"', "|", ">-", "#", "---\n", "...\n",
               "%YAML 1.2\n", "\t", "\r\n", "\ufeff", "\x00", "\x01", "\\", "@", "`", "%"] + \
              [k + ": " for k in TOP_KEYS] + WORDS


@FAST
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=80))
def test_yaml_shaped_text(tokens):
    raw = "".join(tokens).encode("utf-8")
    _check_contract(raw)


# -- one field of a valid scenario changed ----------------------------------------------------------

_FIELD = re.compile(r"^(\s*(?:- )?[a-z_]+: )(\S.*)$")
FIELD_LINES = [i for i, line in enumerate(MINI_TEXT.split("\n")) if _FIELD.match(line)]

replacement_text = (
    st.sampled_from(WORDS)
    | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=30)
    | st.integers(-10**7, 10**7).map(str)
    | st.lists(st.sampled_from(WORDS[:12]), max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
    | st.dictionaries(st.sampled_from(INNER_KEYS), st.sampled_from(WORDS[:12]), max_size=3).map(
        lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}")
)


def test_mini_is_valid():
    assert check_bytes(MINI_TEXT.encode(), "mini.yaml").ok
    assert len(FIELD_LINES) > 50


@settings(max_examples=200, deadline=None, database=None)
@given(st.sampled_from(FIELD_LINES), replacement_text)
@example(FIELD_LINES[0], "2")
@example(FIELD_LINES[0], "")
def test_mutating_one_field_of_mini(index, new_value):
    lines = MINI_TEXT.split("\n")
    prefix = _FIELD.match(lines[index]).group(1)
    lines[index] = prefix + new_value
    raw = "\n".join(lines).encode("utf-8")
    result = _check_contract(raw, "mini.yaml")
    if not result.ok:
        for d in result.diagnostics:
            assert 1 <= d.line <= MINI_LINES, d
            assert d.column <= max(len(line) for line in lines) + 1, d


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, path + (i,))


MINI_DATA = yaml.safe_load(MINI_TEXT)
MINI_PATHS = [p for p in _paths(MINI_DATA) if p]


def _set(data, path, value):
    import copy

    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


@settings(max_examples=200, deadline=None, database=None)
@given(st.sampled_from(MINI_PATHS), values)
def test_mutating_one_node_of_mini_structurally(path, value):
    data = _set(MINI_DATA, path, value)
    text = _dump(data, sort_keys=False, allow_unicode=True)
    result = _check_contract(text.encode("utf-8"), "mini.yaml")
    n_lines = text.count("\n") + 1
    for d in result.diagnostics:
        assert 1 <= d.line <= n_lines, d


# -- the expression language ---------------------------------------------------------------------------

NAMES = {"national_interest": NUMBER, "bloc_rivalry": NUMBER, "clashes": NUMBER, "turn": NUMBER,
         "partisans": BOOL, "us_watching": BOOL, "stance": TEXT}

EXPR_TOKENS = list(NAMES) + ["true", "false", "True", "None", "and", "or", "not", "in", "is", "if", "else",
                             "lambda", "for", "0", "1", "2.5", "-3", "1e308", "10**12", "'hawk'", '"dove"',
                             "+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">=", "=", ":=",
                             "&&", "||", "!", "~", "(", ")", "[", "]", "{", "}", ",", ".", ":", "__class__",
                             "abs", "f'", "'", " ", "é", "\n", "\\", "\x00", "@", "`", "$", ";", "#"]


@FAST
@given(st.text(max_size=400))
def test_compiler_raises_only_expr_error_on_any_text(source):
    try:
        expr = compile_condition(source, NAMES)
    except ExprError as exc:
        assert isinstance(exc.message, str) and exc.message
        assert 0 <= exc.column <= max(len(source), 300)
    else:
        assert expr.type == BOOL


@FAST
@given(st.lists(st.sampled_from(EXPR_TOKENS), max_size=40).map(" ".join))
def test_compiler_raises_only_expr_error_on_token_soup(source):
    try:
        compile_expr(source, NAMES)
    except ExprError as exc:
        assert 0 <= exc.column <= max(len(source), 300)


@FAST
@given(st.lists(st.sampled_from(EXPR_TOKENS), max_size=30).map("".join))
def test_compiler_raises_only_expr_error_on_glued_tokens(source):
    with contextlib.suppress(ExprError):
        compile_expr(source, NAMES)


# well-typed expressions, generated with their Python spelling
numbers = st.recursive(
    st.sampled_from(["national_interest", "bloc_rivalry", "clashes", "turn"])
    | st.integers(-10**12, 10**12).map(str)
    | st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    lambda inner: st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    | inner.map(lambda s: f"-{s}"),
    max_leaves=5,
)
texts = st.sampled_from(["stance", "'hawk'", "'dove'", "''"])
comparisons = (
    st.tuples(numbers, st.lists(st.tuples(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), numbers),
                                min_size=1, max_size=3)).map(lambda t: t[0] + "".join(f" {o} {n}" for o, n in t[1]))
    | st.tuples(texts, st.sampled_from(["==", "!=", "<", ">="]), texts).map(" ".join)
).map(lambda s: f"({s})")  # parenthesised, so that 'a == (b < c)' is not read as a chain
booleans = st.recursive(
    st.sampled_from(["partisans", "us_watching", "true", "false"]) | comparisons,
    lambda inner: st.tuples(inner, st.sampled_from(["and", "or", "==", "!="]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})") | inner.map(lambda s: f"(not {s})"),
    max_leaves=6,
)
envs = st.fixed_dictionaries({
    "national_interest": st.integers(-10**6, 10**6),
    "bloc_rivalry": st.integers(-10**6, 10**6),
    "clashes": st.integers(-10**6, 10**6),
    "turn": st.integers(0, 10_000),
    "partisans": st.booleans(),
    "us_watching": st.booleans(),
    "stance": st.sampled_from(["hawk", "dove", "", "é"]),
})


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(max_examples=250, deadline=None, database=None)
@given(booleans, envs)
def test_compiled_conditions_evaluate_like_python(source, env):
    try:
        expr = compile_condition(source, NAMES)
    except ExprError as exc:
        # well-typed by construction: only the size limits may refuse it
        assert "longer than" in exc.message or "too complex" in exc.message or "too large" in exc.message, \
            (source, exc.message)
        return
    result = expr(env)
    assert isinstance(result, bool)
    python = eval(source, {"__builtins__": {}}, {**env, "true": True, "false": False})  # trusted: generated here
    assert result == bool(python)


@settings(max_examples=200, deadline=None, database=None)
@given(numbers, envs)
def test_compiled_arithmetic_never_raises_on_meter_values(source, env):
    try:
        expr = compile_expr(source, NAMES)
    except ExprError:
        return
    result = expr(env)
    assert isinstance(result, (int, float))
    python = eval(source, {"__builtins__": {}}, dict(env))
    assert result == python or (isinstance(result, float) and math.isnan(result) and math.isnan(python))


# -- shapes that once crashed the semantic checker ----------------------------------------------------

@settings(max_examples=50, deadline=None, database=None)
@given(st.sampled_from(["start", "flags.0.type", "scenes.0.id", "scenes.1.id", "endings.0.id", "meters.0.id"]),
       st.lists(st.text(max_size=5), max_size=2) | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
@example("start", ["first"])
@example("flags.0.type", ["bool"])
@example("scenes.1.id", {"a": 1})
def test_unhashable_values_in_id_fields_are_reported_not_raised(where, value):
    path = tuple(int(p) if p.isdigit() else p for p in where.split("."))
    data = _set(MINI_DATA, path, value)
    result = _check_contract(_dump(data, sort_keys=False).encode("utf-8"))
    assert not result.ok
