"""game.scenario.ranges: a condition is called never true only when no player can make it true.

The property test is the important one: for random conditions over meters with random ranges,
whenever the analysis says "never", every assignment of meter values within the ranges (the
corners, and random points) evaluates to false with the real interpreter."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from game.engine.expr import BOOL, NUMBER, TEXT, compile_condition
from game.scenario.ranges import always_true, never_true

NAMES = {"a": NUMBER, "b": NUMBER, "turn": NUMBER, "flag": BOOL, "count": NUMBER, "stance": TEXT}
RANGES = {"a": (0, 100), "b": (-50, 50)}


def check(source: str, ranges=RANGES):
    return never_true(compile_condition(source, NAMES), NAMES, ranges)


@pytest.mark.parametrize("source,segment,reason", [
    ("a > 100", "a > 100", "a stays within 0..100"),
    ("a < 0", "a < 0", "a stays within 0..100"),
    ("a >= 101 and flag", "a >= 101", "a stays within 0..100"),
    ("flag and 150 <= a", "150 <= a", "a stays within 0..100"),
    ("a + b > 150", "a + b > 150", "a stays within 0..100; b stays within -50..50"),
    ("a == -1", "a == -1", "a stays within 0..100"),
    ("a > 100 or b > 50", "a > 100 or b > 50", "a stays within 0..100; b stays within -50..50"),
    ("a > 100 or a < 0", "a > 100 or a < 0", "a stays within 0..100"),
    ("0 <= a < 0", "0 <= a < 0", "a cannot be >= 0 and < 0 at once"),
    ("a > 60 and a < 40", "a > 60 and a < 40", "a cannot be > 60 and < 40 at once"),
    ("70 < count < 20", "70 < count < 20", "count cannot be > 70 and < 20 at once"),
    ("count > 5 and count < 6", "count > 5 and count < 6", "count cannot be > 5 and < 6 at once"),
    ("flag and count < -10 and -5 < count", "flag and count < -10 and -5 < count",
     "count cannot be < -10 and > -5 at once"),
    ("turn < 0", "turn < 0", "turn is never below 0"),
    ("false", "false", "it is always false"),
    ("not true", "not true", "it is always false"),
    ("1 > 2", "1 > 2", "it compares fixed values"),
    ("a * 2 > 200", "a * 2 > 200", "a stays within 0..100"),
])
def test_never_true(source, segment, reason):
    found = check(source)
    assert found is not None and (found.segment, found.reason) == (segment, reason)
    assert source.index(segment) == found.column


@pytest.mark.parametrize("source", [
    "a >= 100", "a <= 0", "a == 50", "a > 40 and a < 60", "a > 60 or a < 40", "a >= 5 and a <= 5",
    "a > 60 and b < 40", "a + 0 > 60 and a < 40",  # correlated beyond plain bounds: left to playtest
    "count > 1000", "stance == 'hawk'", "flag", "not flag", "a != 5",
    "turn > 100", "a - b >= 150", "a > 100 or flag", "true", "-a < 0 or a == 0",
])
def test_possible_conditions_are_not_reported(source):
    assert check(source) is None


def test_column_counts_characters_after_non_ascii_text():
    found = check("stance == 'ключ' and a > 100")
    assert found is not None and found.column == len("stance == 'ключ' and ")


# -- soundness ------------------------------------------------------------------------------------

numbers = st.one_of(st.sampled_from(["a", "b", "turn"]), st.integers(-200, 200).map(str))


def arith(depth=2):
    if depth == 0:
        return numbers
    return st.one_of(numbers, st.tuples(arith(depth - 1), st.sampled_from("+-*"), arith(depth - 1)).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"), arith(depth - 1).map(lambda x: f"-{x}"))


comparisons = st.tuples(arith(), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), arith()).map(" ".join)
conditions = st.recursive(comparisons | st.sampled_from(["flag", "true", "false"]), lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    inner.map(lambda x: f"not ({x})")), max_leaves=6)
ranges = st.tuples(st.integers(-100, 100), st.integers(0, 100)).map(lambda t: (t[0], t[0] + t[1] + 1))


@settings(max_examples=400, deadline=None)
@given(conditions, ranges, ranges, st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 50),
                                                       st.booleans()), max_size=20))
def test_never_means_never(source, range_a, range_b, points):
    found = check(source, {"a": range_a, "b": range_b})
    if found is None:
        return
    expr = compile_condition(source, NAMES)
    corners = [(x, y, t, f) for x in range_a for y in range_b for t in (0, 7) for f in (True, False)]
    inside = [(round(range_a[0] + p * (range_a[1] - range_a[0])), round(range_b[0] + q * (range_b[1] - range_b[0])),
               t, f) for p, q, t, f in points]
    for a, b, turn, flag in itertools.chain(corners, inside):
        env = {"a": a, "b": b, "turn": turn, "flag": flag, "count": 0, "stance": ""}
        assert expr(env) is False, (source, env, found)


# -- bounds on one name, taken together -------------------------------------------------------------

bound = st.tuples(st.sampled_from(["<", "<=", ">", ">=", "=="]), st.integers(-120, 120), st.booleans()).map(
    lambda t: f"a {t[0]} {t[1]}" if t[2] else f"{t[1]} {dict(zip('<>', '><')).get(t[0][0], t[0][0])}{t[0][1:]} a")


@settings(max_examples=300, deadline=None)
@given(st.lists(bound, min_size=2, max_size=4), ranges)
def test_clashing_bounds_are_never_true_for_every_whole_number(parts, range_a):
    """Checked against every value the meter can take, not a sample: the clash is found exactly."""
    source = " and ".join(parts)
    found = check(source, {"a": range_a, "b": (0, 1)})
    expr = compile_condition(source, NAMES)
    values = [expr({"a": a, "b": 0, "turn": 0, "flag": False, "count": 0, "stance": ""})
              for a in range(range_a[0], range_a[1] + 1)]
    assert (found is not None) == (not any(values)), (source, range_a, found)


@pytest.mark.parametrize("source,expected", [
    ("true", True), ("a <= 100", True), ("a >= 0 or flag", True), ("not (a > 100)", True),
    ("a < 100", False), ("flag", False), ("count > 0", False), ("false", False),
])
def test_always_true(source, expected):
    assert always_true(compile_condition(source, NAMES), NAMES, RANGES) is expected
