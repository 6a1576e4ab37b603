"""Conditions that can never be true, found from the meters' declared ranges alone.

Meters are clamped to ``min..max`` after every change, so ``war_risk > 100`` on a 0..100 meter
can never hold, whatever the player does.  This is a small interval analysis over the syntax
tree of a condition already compiled (and so already checked) by :mod:`game.engine.expr`:

- a number is an interval: a meter its declared range, ``turn`` 0 and up, an ``int`` flag
  anything, a constant itself; ``+``, ``-`` and ``*`` combine intervals;
- a true/false value is the set of values it may take: a comparison of intervals may be true
  only if they can meet in that way; ``and`` may be true only if each part may be, ``or`` if one
  part may be, ``not x`` if ``x`` may be false; text is never judged.

Parts that bound the same name against numbers (``war_risk > 70 and war_risk < 20``, or
``70 < war_risk < 20``) are also taken together: the bounds are intersected, as whole numbers
(every meter, counter, ``int`` flag and ``turn`` is one), and an empty intersection is never
true.  Beyond that the analysis ignores that two parts may depend on the same meter, which can
only make it claim less: it only ever claims "never" (or "always") when it is certain, so a
condition it reports is wrong for every player.  Deeper questions (can this scene be reached
with trust above 60?) are for ``politburo playtest --exhaustive``, which plays.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping

from game.engine.record import record
from game.engine.expr import BOOL, NUMBER, Expr

INF = math.inf
Interval = tuple[float, float]
Truth = frozenset  # of bool
Value = Interval | Truth | None

_BOTH: Truth = frozenset((True, False))
_FLIPPED: dict[type, type] = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE, ast.Eq: ast.Eq}
_SYMBOL: dict[type, str] = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "=="}


@record(slots=False)
class NeverTrue:
    """Why a condition can never hold: the part to blame, where it starts, and the facts."""

    column: int  # 0-based, in characters, within the expression's source
    segment: str
    reason: str
    #: True when parts joined by ``and`` (or a chained comparison) bound one name both ways.
    clash: bool = False


@record(slots=False)
class _Bound:
    """``name op number``, the name on the left, as one part of a condition states it."""

    name: str
    op: type
    number: float

    def text(self) -> str:
        return f"{_SYMBOL[self.op]} {self.number:g}"


def _bounds(pairs: list[tuple[ast.AST, ast.cmpop, ast.AST]]) -> list[_Bound]:
    """The comparisons of a name with a number among ``pairs`` (left, op, right)."""
    out = []
    for left, op, right in pairs:
        kind = type(op)
        if kind not in _FLIPPED:
            continue
        if isinstance(right, ast.Name) and _number(left) is not None:
            left, right, kind = right, left, _FLIPPED[kind]
        number = _number(right)
        if isinstance(left, ast.Name) and number is not None:
            out.append(_Bound(left.id, kind, number))
    return out


def _number(node: ast.AST) -> float | None:
    """The number ``node`` writes (``5``, ``-5``, ``2.5``), if it is one."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _number(node.operand)
        return None if inner is None else -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    return None


def _narrow(span: Interval, bound: _Bound) -> Interval:
    """``span`` cut by ``bound``, in whole numbers."""
    lo, hi = span
    n = bound.number
    if bound.op in (ast.Gt, ast.GtE, ast.Eq):
        lo = max(lo, math.floor(n) + 1 if bound.op is ast.Gt else math.ceil(n))
    if bound.op in (ast.Lt, ast.LtE, ast.Eq):
        hi = min(hi, math.ceil(n) - 1 if bound.op is ast.Lt else math.floor(n))
    return lo, hi


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
                can_true = all(True in t for t in truths) and self.clash(self.pairs(node.values)) is None
                can_false = any(False in t for t in truths)
            else:
                can_true = any(True in t for t in truths)
                can_false = all(False in t for t in truths)
            return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            truths = [self.compare(op, self.value(a), self.value(b))
                      for op, a, b in zip(node.ops, operands, operands[1:])]
            if len(node.ops) > 1 and self.clash(self.pairs([node])) is not None:
                truths.append(frozenset((False,)))
            return frozenset(v for v, ok in ((True, all(True in t for t in truths)),
                                             (False, any(False in t for t in truths))) if ok)
        return None

    @staticmethod
    def pairs(parts: list[ast.expr]) -> list[tuple[ast.AST, ast.cmpop, ast.AST]]:
        """Each (left, op, right) that the comparisons among ``parts`` make, all of which must hold."""
        out: list[tuple[ast.AST, ast.cmpop, ast.AST]] = []
        for part in parts:
            if isinstance(part, ast.Compare):
                operands = [part.left, *part.comparators]
                out += zip(operands, part.ops, operands[1:])
        return out

    def clash(self, pairs: list[tuple[ast.AST, ast.cmpop, ast.AST]]) -> tuple[str, list[_Bound]] | None:
        """A name that the bounds in ``pairs`` leave no whole number for, and those bounds."""
        by_name: dict[str, list[_Bound]] = {}
        for bound in _bounds(pairs):
            by_name.setdefault(bound.name, []).append(bound)
        for name, bounds in by_name.items():
            if len(bounds) < 2:
                continue
            start = self.value(ast.Name(name))
            span: Interval = start if isinstance(start, tuple) else (-INF, INF)
            for bound in bounds:
                span = _narrow(span, bound)
            if span[0] > span[1]:
                return name, bounds
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

    def reason(self, node: ast.AST) -> tuple[str, bool]:
        """The facts that make ``node`` never true, and whether they are bounds that clash."""
        found = None
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            found = self.clash(self.pairs(node.values))
        elif isinstance(node, ast.Compare):
            found = self.clash(self.pairs([node]))
        if found is not None:
            name, bounds = found
            # (the declared range never needs naming: a bound that leaves it is never true alone)
            text = f"{name} cannot be {' and '.join(b.text() for b in bounds)} at once"
            return text, True
        facts = []
        for name in sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)}):
            if name in self.ranges:
                lo, hi = self.ranges[name]
                facts.append(f"{name} stays within {lo:g}..{hi:g}")
            elif name == "turn":
                facts.append("turn is never below 0")
        if facts:
            return "; ".join(facts), False
        return ("it compares fixed values" if isinstance(node, ast.Compare) else "it is always false"), False


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
    reason, clash = analysis.reason(part)
    return NeverTrue(column, segment, reason, clash)


def always_true(expr: Expr, names: Mapping[str, str], ranges: Mapping[str, Interval]) -> bool:
    """Whether ``expr`` holds for every player (``true``, ``war_risk <= 100`` on a 0..100 meter):
    an ending with such a condition stops ``next: end`` as surely as one with none."""
    try:
        tree = ast.parse(expr.source, mode="eval")
    except (SyntaxError, ValueError, RecursionError):  # pragma: no cover - it compiled once already
        return False
    outcome = _Analysis(expr.source, names, ranges).value(tree.body)
    return isinstance(outcome, frozenset) and outcome == frozenset((True,))
