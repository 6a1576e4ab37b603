"""Conditions that can never be true, found from the meters' declared ranges alone.

Meters are clamped to ``min..max`` after every change, so ``war_risk > 100`` on a 0..100 meter
can never hold, whatever the player does.  This is a small interval analysis over the syntax
tree of a condition already compiled (and so already checked) by :mod:`game.engine.expr`:

- a number is an interval: a meter its declared range, ``turn`` 0 and up, an ``int`` flag
  anything, a constant itself; ``+``, ``-`` and ``*`` combine intervals;
- a true/false value is the set of values it may take: a comparison of intervals may be true
  only if they can meet in that way; ``and`` may be true only if each part may be, ``or`` if one
  part may be, ``not x`` if ``x`` may be false; text is never judged.

The analysis only ever claims "never" when it is certain (it ignores that two parts may depend
on the same meter, which can only make it claim less), so a condition it reports is wrong for
every player.  Deeper questions (can this scene be reached with trust above 60?) are for
``politburo playtest --exhaustive``, which plays.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from collections.abc import Mapping

from game.engine.expr import BOOL, NUMBER, Expr

INF = math.inf
Interval = tuple[float, float]
Truth = frozenset  # of bool
Value = Interval | Truth | None

_BOTH: Truth = frozenset((True, False))


@dataclass(frozen=True)
class NeverTrue:
    """Why a condition can never hold: the part to blame, where it starts, and the facts."""

    column: int  # 0-based, in characters, within the expression's source
    segment: str
    reason: str


def _mul(a: Interval, b: Interval) -> Interval:
    products = [x * y for x in a for y in b]
    products = [0.0 if math.isnan(p) else p for p in products]  # 0 * inf: the zero bound wins
    return min(products), max(products)


class _Analysis:
    def __init__(self, source: str, names: Mapping[str, str], ranges: Mapping[str, Interval]):
        self.source = source
        self.names = names
        self.ranges = ranges

    def value(self, node: ast.AST) -> Value:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return frozenset((node.value,))
            if isinstance(node.value, (int, float)):
                return (node.value, node.value)
            return None
        if isinstance(node, ast.Name):
            if node.id in ("true", "True"):
                return frozenset((True,))
            if node.id in ("false", "False"):
                return frozenset((False,))
            if node.id in self.ranges:
                return self.ranges[node.id]
            if node.id == "turn":
                return (0, INF)
            kind = self.names.get(node.id)
            return (-INF, INF) if kind == NUMBER else _BOTH if kind == BOOL else None
        if isinstance(node, ast.UnaryOp):
            inner = self.value(node.operand)
            if isinstance(node.op, ast.Not) and isinstance(inner, frozenset):
                return frozenset(not v for v in inner)
            if isinstance(node.op, ast.USub) and isinstance(inner, tuple):
                return (-inner[1], -inner[0])
            return inner if isinstance(node.op, ast.UAdd) else None
        if isinstance(node, ast.BinOp):
            a, b = self.value(node.left), self.value(node.right)
            if not (isinstance(a, tuple) and isinstance(b, tuple)):
                return None
            if isinstance(node.op, ast.Add):
                return (a[0] + b[0], a[1] + b[1])
            if isinstance(node.op, ast.Sub):
                return (a[0] - b[1], a[1] - b[0])
            if isinstance(node.op, ast.Mult):
                return _mul(a, b)
            return None
        if isinstance(node, ast.BoolOp):
            parts = [self.value(v) for v in node.values]
            truths = [p if isinstance(p, frozenset) else _BOTH for p in parts]
            if isinstance(node.op, ast.And):
                can_true = all(True in t for t in truths)
                can_false = any(False in t for t in truths)
            else:
                can_true = any(True in t for t in truths)
                can_false = all(False in t for t in truths)
            return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            truths = [self.compare(op, self.value(a), self.value(b))
                      for op, a, b in zip(node.ops, operands, operands[1:])]
            return frozenset(v for v, ok in ((True, all(True in t for t in truths)),
                                             (False, any(False in t for t in truths))) if ok)
        return None

    @staticmethod
    def compare(op: ast.cmpop, a: Value, b: Value) -> Truth:
        if isinstance(a, frozenset) and isinstance(b, frozenset):
            if isinstance(op, ast.Eq):
                return frozenset(x == y for x in a for y in b)
            if isinstance(op, ast.NotEq):
                return frozenset(x != y for x in a for y in b)
            return _BOTH
        if not (isinstance(a, tuple) and isinstance(b, tuple)):
            return _BOTH
        (alo, ahi), (blo, bhi) = a, b
        overlap = alo <= bhi and blo <= ahi
        same_point = alo == ahi == blo == bhi
        rules = {
            ast.Lt: (alo < bhi, ahi >= blo), ast.LtE: (alo <= bhi, ahi > blo),
            ast.Gt: (ahi > blo, alo <= bhi), ast.GtE: (ahi >= blo, alo < bhi),
            ast.Eq: (overlap, not same_point), ast.NotEq: (not same_point, overlap),
        }
        can_true, can_false = rules.get(type(op), (True, True))
        return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)

    def culprit(self, node: ast.AST) -> ast.AST:
        """The smallest part of a never-true condition that is itself never true."""
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            for part in node.values:
                if True not in (self.value(part) or _BOTH):
                    return self.culprit(part)
        return node

    def reason(self, node: ast.AST) -> str:
        facts = []
        for name in sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)}):
            if name in self.ranges:
                lo, hi = self.ranges[name]
                facts.append(f"{name} stays within {lo:g}..{hi:g}")
            elif name == "turn":
                facts.append("turn is never below 0")
        if facts:
            return "; ".join(facts)
        return "it compares fixed values" if isinstance(node, ast.Compare) else "it is always false"


def never_true(expr: Expr, names: Mapping[str, str], ranges: Mapping[str, Interval]) -> NeverTrue | None:
    """Why ``expr`` can never be true, or None if some player might make it true."""
    try:
        tree = ast.parse(expr.source, mode="eval")
    except (SyntaxError, ValueError, RecursionError):  # pragma: no cover - it compiled once already
        return None
    analysis = _Analysis(expr.source, names, ranges)
    outcome = analysis.value(tree.body)
    if not isinstance(outcome, frozenset) or True in outcome:
        return None
    part = analysis.culprit(tree.body)
    segment = ast.get_source_segment(expr.source, part) or expr.source
    column = len(expr.source.encode("utf-8")[: getattr(part, "col_offset", 0)].decode("utf-8", "replace"))
    return NeverTrue(column, segment, analysis.reason(part))
